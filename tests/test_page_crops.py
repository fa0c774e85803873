"""See the page: every crop highlights exactly its quote (the characters inside the highlight
boxes, read independently from the fast pass, are the quote), within the size budget."""

from __future__ import annotations

import base64
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image

from scopegap.api import check
from scopegap.ingest.page_image import render_page
from scopegap.ingest.pdf import read_pdf
from scopegap.ingest.stack import load_stack
from scopegap.match.catalog import load_catalog
from scopegap.report import render
from scopegap.report.crops import DPI, MAX_CROP_BYTES, CropBook, chars_in_boxes, quote_span
from scopegap.report.quote import clause_span, deciding_clause
from scopegap.report.view import View, build_view

ROOT = Path(__file__).resolve().parent.parent
CASES: dict[str, Any] = yaml.safe_load(
    (ROOT / "fixtures" / "cases.yaml").read_text(encoding="utf-8"))["cases"]


def _book(max_crops: int = 30) -> CropBook:
    return CropBook(lambda path, page: render_page(path, page, None, DPI), max_crops)


def _view(case: str, book: CropBook) -> View:
    spec = CASES[case]
    stack = load_stack(ROOT / "fixtures" / spec["stack"])
    documents = [str(ROOT / "fixtures" / d) for d in spec["documents"]]
    report, _ = check(stack, documents, date.fromisoformat(str(spec["as_of"])))
    return build_view(report, stack, book, load_catalog())


def _squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("case", sorted(CASES))
def test_highlighted_text_is_the_quote(case: str) -> None:
    book = _book()
    view = _view(case, book)
    crops = [(row.document, row.quote, row.crop) for row in view.matrix if row.crop] + \
        [(f.finding.document, f.quote, f.crop) for f in view.findings if f.crop]
    pages = {}
    for document, quote, crop in crops:
        assert crop is not None and document is not None
        if document not in pages:  # the fast pass, read independently of the crop maker
            pages[document] = read_pdf(document).pages
        page = pages[document][crop.page - 1]
        assert crop.quote == quote
        assert _squeezed(chars_in_boxes(page, crop.boxes)) == _squeezed(quote or "")
        image = Image.open(io.BytesIO(base64.b64decode(crop.uri.split(",", 1)[1])))
        assert image.format == "JPEG" and image.size == (crop.width, crop.height)
        assert crop.size <= MAX_CROP_BYTES
    if case == "northwind_annual_review":
        assert len(crops) >= 8
        quotes = {row.item: row.quote for row in view.matrix if row.crop}
        assert quotes["Cebu City, Philippines"] == "excluding the Cebu delivery centre"
        assert quotes["Manila, Philippines"] == "Manila delivery centre"
        assert quotes["azure:uksouth"] == "and Azure UK South"


def test_the_budget_caps_crops_per_report() -> None:
    book = _book(max_crops=2)
    view = _view("northwind_annual_review", book)
    shown = [row for row in view.matrix if row.crop] + [f for f in view.findings if f.crop]
    made = {id(item.crop) for item in shown}
    assert len(made) <= 2 and book.used == 2 and book.skipped > 0
    assert all(row.quote for row in view.matrix if row.evidence)  # quotes stay, images go


def test_html_embeds_lazy_sized_crops_and_nothing_external(tmp_path: Path) -> None:
    spec = CASES["northwind_annual_review"]
    stack = load_stack(ROOT / "fixtures" / spec["stack"])
    documents = [str(ROOT / "fixtures" / d) for d in spec["documents"]]
    report, _ = check(stack, documents, date(2026, 11, 22))
    html = render(report, "html", stack=stack, pages=_book())
    assert html.count('<img src="data:image/jpeg;base64,') >= 8
    assert html.count('loading="lazy"') == html.count("<img ")
    assert html.count("src=") == html.count('src="data:image/jpeg;base64,')
    assert 'href="http' not in html
    without = render(report, "html", stack=stack)
    assert "<img" not in without and "#page=1" in without  # no documents: link instead
    assert "<details class=\"page\">" in without


def test_a_quote_not_on_the_page_gets_no_crop() -> None:
    pdf = ROOT / "fixtures" / "pdf" / "northwind_27001_schedule.pdf"
    book = _book()
    assert book.crop(str(pdf), 1, None, "words that are printed nowhere") is None
    assert book.crop(str(pdf), 99, None, "Scope") is None
    assert book.crop(str(ROOT / "missing.pdf"), 1, None, "Scope") is None
    assert book.used == 0


def test_quote_is_found_inside_its_sentence() -> None:
    text = "Leeds office.\nThe scope covers\nLeeds and York, excluding the Hull site."
    sentence = "The scope covers Leeds and York, excluding the Hull site."
    start, end = quote_span(text, "Leeds and York", sentence) or (0, 0)
    assert (start, end) == (text.index("Leeds and"), text.index(", excl"))
    assert quote_span(text, "Leeds", None) == (0, 5)


def test_deciding_clause_is_the_clause_naming_the_item() -> None:
    sentence = ("Customer care delivered with Genesys Cloud CX, Zendesk and Microsoft 365, "
                "hosted in AWS eu-west-2 (London), excluding the Manila site.")
    assert deciding_clause(sentence, ["Manila"]) == "excluding the Manila site"
    assert deciding_clause(sentence, ["Zendesk"]) == "Zendesk and Microsoft 365"
    assert deciding_clause(sentence, ["Five9"]) == sentence  # no anchor: all of it
    assert deciding_clause(None, ["x"]) is None
    assert deciding_clause("Version 4.1 of the SoA covers Pune.", ["Pune"]) == \
        "Version 4.1 of the SoA covers Pune"
    long = "sites: " + " ".join(f"site{n}" for n in range(60)) + " Pune " + "x " * 40
    left, right = clause_span(long, long.index("Pune"), long.index("Pune") + 4)
    assert "Pune" in long[left:right] and right - left < 80
