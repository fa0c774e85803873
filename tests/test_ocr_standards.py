"""On a scan, a 27001 read after the extension a certificate certifies is the parent it
cites unless the two are printed joined: a cue OCR misread must not make the parent pass
for certified (and the extension certificate for a 27001 one). Typed text is read as is."""

from __future__ import annotations

import pytest

from scopegap.extract.iso.standards import find_standards
from scopegap.ingest.pdf import TextPage


def _page(text: str, source: str = "ocr", ocr_from: int | None = None) -> TextPage:
    return TextPage(1, text, 595.0, 842.0, True, source=source,  # type: ignore[arg-type]
                    ocr_from=ocr_from)


@pytest.mark.parametrize(
    ("text", "certified"),
    [
        # the cue garbled past any pattern: the parent is cited only
        ("CERTIFICATE\nISO/IEC 27701:2019\nThis certificate is valid only lin conj-unct1on "
         "wth ISO/IEC 27001:2013 certificate 4471.", ["27701"]),
        # the cue lost whole, the parent on the next line
        ("CERTIFICATE\nISO/IEC 27018:2019\nISO/IEC 27001:2013 certificate AB-1", ["27018"]),
        # printed joined, both certified
        ("certifies ISO/IEC 27701:2019 and ISO/IEC 27001:2022 for Acme Ltd", ["27701", "27001"]),
        ("certifies ISO/IEC 27017:2015, ISO/IEC 27001:2022", ["27017", "27001"]),
        # 27001 first: the certificate's own standard, the extension beside it
        ("ISO/IEC 27001:2022\nextended by the controls of ISO/IEC 27701:2019", ["27001", "27701"]),
    ],
)
def test_a_scanned_parent_after_its_extension_is_cited(text: str, certified: list[str]) -> None:
    found = find_standards((_page(text),))
    assert [s.number for s in found.certified] == certified
    if "27001" not in certified:
        assert [s.number for s in found.mentioned] == ["27001"]
        assert any("parent" in warning for warning in found.warnings)


def test_typed_text_is_read_as_is() -> None:
    text = "CERTIFICATE\nISO/IEC 27018:2019\nISO/IEC 27001:2013 certificate AB-1"
    assert [s.number for s in find_standards((_page(text, "text"),)).certified] == \
        ["27018", "27001"]
    # text OCR added after a typed layer is a reading of the image, like a scan
    layer = "CERTIFICATE\nISO/IEC 27018:2019 for Acme Ltd"
    added = _page(f"{layer}\n\nlSO/IEC 27001:2013 certificate AB-1", "text", len(layer) + 2)
    assert [s.number for s in find_standards((added,)).certified] == ["27018"]
