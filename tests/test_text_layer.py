"""The text layer (ingest/text.py): offsets map back to the page, and evidence made from it
carries the span of the deciding words on its page."""

from __future__ import annotations

from pathlib import Path

import pytest

from scopegap.domain import DocumentScope, Evidence
from scopegap.extract.document import extract_document
from scopegap.extract.soc.patterns import soc_patterns
from scopegap.extract.soc.sections import outline
from scopegap.ingest.pdf import ReadPdf, TextPage, read_pdf
from scopegap.ingest.text import PagedText, line_evidence, squash

ROOT = Path(__file__).resolve().parent.parent


def _pages(*texts: str) -> tuple[TextPage, ...]:
    return tuple(TextPage(i + 1, t, 595.0, 842.0, True) for i, t in enumerate(texts))


def test_paged_text_maps_offsets_back_to_each_page() -> None:
    pages = _pages("Cover\n   Acme Hosting Inc\n", "  Intro line\n\n    The period ends here.\n")
    text = PagedText.of(outline(pages, soc_patterns().headings).lines)
    for word, page in (("Hosting", 1), ("period", 2), ("Intro", 2)):
        at = text.text.index(word)
        number, start, end = text.page_span(at, at + len(word))
        assert number == page
        assert pages[page - 1].text[start:end] == word
    evidence = text.evidence(text.text.index("period"), text.text.index("period") + 6)
    at = pages[1].text.index("period")
    assert (evidence.page, evidence.start, evidence.end) == (2, at, at + 6)
    assert evidence.text == "The period ends here."


def test_line_evidence_quotes_the_line_and_keeps_the_span() -> None:
    page = "Certificate\nscope: ISO/IEC 27001:2022 applies\nend"
    at = page.index("ISO")
    found = line_evidence(3, page, at, at + 19)
    assert found == Evidence(3, "scope: ISO/IEC 27001:2022 applies", "text", at, at + 19)


def _spans(scope: DocumentScope) -> list[tuple[str, Evidence]]:
    found: list[tuple[str, Evidence]] = []
    for name in ("holder", "issuer", "certificate_number", "window_start", "window_end"):
        value = getattr(scope, name)
        if value is not None:
            found.append((name, value.evidence))
    found += [(s.label, s.evidence) for s in scope.standards]
    return found


@pytest.mark.parametrize("name", ["pdf/kestrel_27001_twocol.pdf", "pdf/fjordline_twocol_range.pdf",
                                  "soc/pdf/brackenfield_soc2_type2.pdf"])
def test_evidence_points_at_its_words(name: str) -> None:
    pdf: ReadPdf = read_pdf(ROOT / "fixtures" / name)
    scope = extract_document(pdf)
    spans = [(n, e) for n, e in _spans(scope) if e.start is not None]
    assert {n for n, _ in spans} >= {"window_end", *(s.label for s in scope.standards)}
    for field, evidence in spans:
        assert evidence.end is not None
        words = squash(pdf.pages[evidence.page - 1].text[evidence.start : evidence.end])
        assert words and words in evidence.text, field
    for standard in scope.standards:
        evidence = standard.evidence
        assert evidence.start is not None
        printed = pdf.pages[evidence.page - 1].text[evidence.start : evidence.end]
        assert squash(printed) == standard.as_printed


@pytest.mark.parametrize(("text", "hint", "reason", "ambiguous"), [
    # Another date on the page has a day above 12: the document decides DMY.
    ("Issue date: 03/04/2024\nExpiry date: 02/04/2027\nAudit: 25/03/2024", None, "document",
     False),
    # Only the issuer's country says DMY: the hint decides.
    ("Issue date: 03/04/2024\nExpiry date: 02/04/2027", "DMY", "hint", False),
    # Dotted dates are day-first.
    ("Issue date: 03.04.2024\nExpiry date: 02.04.2027", None, "separator", False),
    # Nothing decides: the reading that makes a 3-year window.
    ("Issue date: 03/04/2024\nExpiry date: 02/04/2027", None, "plausibility", True),
])
def test_a_window_date_keeps_the_reason_for_its_day_month_order(
        text: str, hint: str | None, reason: str, ambiguous: bool) -> None:
    from scopegap.extract.iso.windows import find_window

    window = find_window(_pages(text), hint)
    assert window.end is not None
    assert (window.end.order_reason, window.end.ambiguous) == (reason, ambiguous)
    assert window.end.evidence.start is not None
    assert _pages(text)[0].text[window.end.evidence.start : window.end.evidence.end] \
        == "02/04/2027".replace("/", "." if "." in text else "/")
