"""Ruled tables read from PDFium's data give pdfplumber's cells, or defer to pdfplumber."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pytest
from fpdf import FPDF

from scopegap.ingest import layout
from scopegap.ingest.layout import read_tables
from scopegap.ingest.pdf import TextPage, page_with_boxes
from scopegap.ingest.pdfium_tables import page_tables

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
WITH_TABLES = [
    *sorted((FIXTURES / "pdf").glob("*schedule*.pdf")),
    FIXTURES / "pdf" / "lumen_us_table.pdf",
    FIXTURES / "pdf" / "ridgeway_table_2013.pdf",
    FIXTURES / "soc" / "pdf" / "brackenfield_soc2_type2.pdf",
    FIXTURES / "soc" / "pdf" / "corriemoor_soc2_type1.pdf",
]


def _pdfium(data: bytes | Path) -> pdfium.PdfDocument:
    return pdfium.PdfDocument(data if isinstance(data, bytes) else str(data))


@pytest.mark.parametrize("path", WITH_TABLES, ids=lambda p: p.name)
def test_every_page_answered_reads_the_same_cells_as_extract_tables(path: Path) -> None:
    document = _pdfium(path)
    answered = 0
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            assert page.rotation == 0 and list(page.page_obj.mediabox)[:2] == [0, 0]
            found = page_tables(document, index, (page.width, page.height))
            if found is not None:
                assert found == page.extract_tables(), f"{path.name} page {index + 1}"
                answered += bool(found)
    assert answered, f"{path.name}: no table answered from PDFium, the comparison proves nothing"


def _table_pdf(*, twice: bool = False, low: bool = False, rotate: bool = False) -> bytes:
    """One ruled two-by-two table; its text drawn twice, or set on a cell's bottom border."""
    pdf = FPDF(unit="pt", format=(400, 300))
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.set_line_width(0.5)
    for x0 in (50, 150, 250):
        pdf.line(x0, 50, x0, 110)
    for top in (50, 80, 110):
        pdf.line(50, top, 250, top)
    words = {(55, 70): "Provider", (155, 70): "Region", (55, 100): "Acme", (155, 100): "Frankfurt"}
    for (x, y), word in words.items():
        pdf.text(x, y + 13 if low else y, word)
        if twice:
            pdf.text(x + 0.3, y, word)
    data = bytes(pdf.output())
    if rotate:
        document = _pdfium(data)
        document[0].set_rotation(90)
        out = io.BytesIO()
        document.save(out)
        data = out.getvalue()
    return data


def _expected(data: bytes) -> list[list[list[str | None]]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return pdf.pages[0].extract_tables()


def test_a_plain_ruled_table_is_read_from_pdfium() -> None:
    data = _table_pdf()
    assert page_tables(_pdfium(data), 0, (400, 300)) == _expected(data) == [
        [["Provider", "Region"], ["Acme", "Frankfurt"]]]


def test_the_media_box_is_taken_from_pdfium_only_when_the_page_itself_holds_it() -> None:
    """fpdf2 writes the media box on the page tree's root: PDFium does not say it."""
    document = _pdfium(_table_pdf())
    assert page_tables(document, 0) is None
    document[0].set_mediabox(0, 0, 400, 300)
    out = io.BytesIO()
    document.save(out)
    assert page_tables(_pdfium(out.getvalue()), 0) == [
        [["Provider", "Region"], ["Acme", "Frankfurt"]]]


@pytest.mark.parametrize("kind", ["twice", "low", "rotate"])
def test_where_the_parsers_may_part_pdfplumber_reads(kind: str) -> None:
    """Text drawn over itself (PDFium drops the copy), text on a border (the two parsers'
    boxes may put it in either row), a rotated page: no answer from PDFium."""
    data = _table_pdf(**{kind: True})
    assert _expected(data) or kind == "rotate"
    assert page_tables(_pdfium(data), 0, (400, 300)) is None


def test_read_tables_gives_the_same_result_with_and_without_pdfium(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(FIXTURES / "soc" / "pdf" / "brackenfield_soc2_type2.pdf")
    numbers = list(range(1, len(_pdfium(Path(path))) + 1))
    parsed: list[int] = []  # pages pdfminer parsed
    original = layout.ruled_tables

    def spy(page: Any) -> list[list[list[str | None]]]:
        parsed.append(page.page_number)
        return original(page)

    monkeypatch.setattr(layout, "ruled_tables", spy)
    fast = read_tables(path, numbers)
    assert any(fast.tables.values()) and len(parsed) < len(numbers)
    monkeypatch.setattr("scopegap.ingest.pdfium_tables.page_tables", lambda *args: None)
    monkeypatch.setattr("scopegap.ingest.pdfium_tables.loaded_page_tables", lambda *args: None)
    parsed.clear()
    assert read_tables(path, numbers) == fast and len(parsed) == len(numbers)


def _loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The page indexes PDFium loads from now on."""
    import pypdfium2.raw as pdfium_c

    loads: list[int] = []
    original = pdfium_c.FPDF_LoadPage

    def spy(document: Any, index: int) -> Any:
        loads.append(index)
        return original(document, index)

    monkeypatch.setattr(pdfium_c, "FPDF_LoadPage", spy)
    return loads


def _same_page(got: TextPage, want: TextPage) -> None:
    assert got == want and got.boxes is not None and list(got.boxes) == list(want.boxes or ())


def test_pages_asked_for_come_with_their_boxes_from_the_same_load(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long report's fast pass keeps no boxes: the layout pass reads them where it loads
    the page for its tables, as the fast pass would read them, without loading it again."""
    path = str(FIXTURES / "soc" / "pdf" / "brackenfield_soc2_type2.pdf")
    document = _pdfium(Path(path))
    numbers = list(range(1, len(document) + 1))
    want = {n: page_with_boxes(document, n) for n in numbers}
    loads = _loads(monkeypatch)
    plain = read_tables(path, numbers)
    without = list(loads)
    loads.clear()
    boxed = read_tables(path, numbers, boxes_for=numbers[1:3])
    assert loads == without  # asking for boxes loads no page again
    assert sorted(loads) == [n - 1 for n in numbers]  # nor does pdfplumber's media box
    assert boxed.tables == plain.tables and plain.boxed == {}
    assert sorted(boxed.boxed) == numbers[1:3]
    for number, page in boxed.boxed.items():
        _same_page(page, want[number])


def test_a_repaired_copy_gives_its_boxes_and_an_unreadable_file_none(tmp_path: Path) -> None:
    data = (FIXTURES / "soc" / "pdf" / "brackenfield_soc2_type2.pdf").read_bytes()
    junk = tmp_path / "junk.pdf"  # bytes before the header: pdfplumber reads PDFium's copy
    junk.write_bytes(b"mail gateway banner\n" + data)
    result = read_tables(str(junk), [1, 2], boxes_for=[2])
    assert result.pages_read == (1, 2) and sorted(result.boxed) == [2]
    _same_page(result.boxed[2], page_with_boxes(_pdfium(data), 2))
    gone = read_tables(str(tmp_path / "moved.pdf"), [1, 2], boxes_for=[2])
    assert gone.warnings and gone.boxed == {}


def test_pages_past_the_end_are_refused_as_before() -> None:
    path = str(FIXTURES / "soc" / "pdf" / "brackenfield_soc2_type2.pdf")
    result = read_tables(path, [1, 10_000])
    assert result.tables == {} and "IndexError" in result.warnings[0]


def test_a_table_drawn_in_a_form_xobject_is_left_to_pdfplumber() -> None:
    """PDFium keeps a form's paths inside the form object: the page's own list has none."""
    source = _pdfium(_table_pdf())
    target = pdfium.PdfDocument.new()
    page = target.new_page(400, 300)
    page.insert_obj(source.page_as_xobject(0, target).as_pageobject())
    page.gen_content()
    out = io.BytesIO()
    target.save(out)
    data = out.getvalue()
    assert _expected(data) == [[["Provider", "Region"], ["Acme", "Frankfurt"]]]
    assert page_tables(_pdfium(data), 0, (400, 300)) is None
