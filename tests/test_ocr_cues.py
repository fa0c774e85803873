"""On a scan, a tool or place the scope names right after a word OCR was unsure of (a
misread "excluding") is not read as in scope; read surely, or on a typed page, it is."""

from __future__ import annotations

from array import array

import pytest

from scopegap.extract.iso.ocr_cues import ocr_names_issuer, unsure_entities
from scopegap.extract.iso.scope_text import ScopeBlock
from scopegap.ingest.pdf import ReadPdf, TextPage
from scopegap.match.catalog import load_catalog
from scopegap.nlp.pipeline import analyse


def _read(words: list[tuple[str, float]], source: str = "ocr") -> tuple[ReadPdf, ScopeBlock]:
    text = " ".join(word for word, _ in words)
    confidences = array("f")
    for index, (word, confidence) in enumerate(words):
        if index:
            confidences.append(-1.0)
        confidences.extend((confidence,) * len(word))
    page = TextPage(1, text, 595.0, 842.0, True, source=source,  # type: ignore[arg-type]
                    confidences=confidences)
    pdf = ReadPdf(path="scan.pdf", sha256="0" * 64, pages=(page,))
    return pdf, ScopeBlock(1, text, 0)


SCOPE = [("Contact", 96.0), ("centre", 96.0), ("services", 96.0), ("with", 96.0),
         ("Zendesk", 95.0), ("and", 96.0), ("Genesys", 94.0), ("Cloud", 94.0), ("CX,", 94.0)]


@pytest.mark.parametrize(
    ("cue", "left_out"),
    [
        ([("ne", 33.0)], ["Genesys Cloud CX"]),  # "excluding" misread, unsure
        ([("cxcopto", 41.0)], ["Genesys Cloud CX"]),
        ([("serving", 91.0)], []),  # read surely: as read
    ],
)
def test_an_item_after_an_unsure_word_is_unproven(cue: list[tuple[str, float]],
                                                  left_out: list[str]) -> None:
    words = [*SCOPE[:6], *cue, *SCOPE[6:]]
    pdf, block = _read(words)
    doc = analyse(block.text, load_catalog())
    unsure = unsure_entities(pdf, block, doc)
    assert [ent.text for ent in doc.ents if ent.start in unsure] == left_out
    # Zendesk, before the unsure word, stays
    assert all(ent.text != "Zendesk" for ent in doc.ents if ent.start in unsure)


def test_typed_pages_and_far_words_are_read_as_is() -> None:
    words = [*SCOPE[:6], ("ne", 33.0), *SCOPE[6:]]
    pdf, block = _read(words, source="text")
    assert unsure_entities(pdf, block, analyse(block.text, load_catalog())) == {}
    # an unsure word in an earlier sentence does not reach the item
    far = [("Scope:", 96.0), ("ne", 20.0), ("done.", 96.0), *SCOPE]
    pdf, block = _read(far)
    assert unsure_entities(pdf, block, analyse(block.text, load_catalog())) == {}


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("tuv osteriand management service gmbh westendstrabe 199 80686 munchen germany", True),
        ("658 77 brno czech republic", False),
        ("tuv sud gmbh 12 main street leeds", False),
    ],
)
def test_a_scanned_line_naming_the_body_a_letter_apart(line: str, names: bool) -> None:
    assert ocr_names_issuer("tuv osterland management service gmbh", line) is names
