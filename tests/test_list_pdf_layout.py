"""Printed subprocessor lists read from word positions (scopegap.ingest.list_pdf): table
headers whose titles wrap over several lines, rows parted by drawn rules, words cut to fit a
column, lines wrapped at the right edge, and the reader parting such lines again."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from fpdf import FPDF

from scopegap.extract.subprocessors import is_header, read_entries
from scopegap.extract.subprocessors_patterns import column_role
from scopegap.ingest.list_pdf import TextLine, Word, _continues, _page_blocks, _rejoin_cut
from scopegap.ingest.lists import Block, ListSource
from scopegap.match.catalog import load_catalog

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
ROWS = [("Adyen N.V.", "Payment processing", "Netherlands", "https://www.adyen.com"),
        ("Rackspace Technology Global, Inc.", "Managed hosting", "United States",
         "https://www.rackspace.com"),
        ("Iron Mountain Deutschland GmbH", "Secure document destruction",
         "Hamburg, Germany", "https://www.ironmountain.de")]


def _table_pdf(path: Path, headers: tuple[str, ...], order: tuple[int, ...], borders: str,
               widths: tuple[float, ...]) -> Path:
    """An fpdf2 list: a title, then a table in ``order`` of the name, purpose, location and
    website columns, ruled by ``borders``, its header row repeated on each page."""
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_font("DejaVu", "B", BOLD)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(0, 10, "Subprocessors", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=9)
    with pdf.table(col_widths=widths, text_align="LEFT", borders_layout=borders,
                   line_height=4.6, padding=1.5, repeat_headings=1) as table:
        table.row([headers[i] for i in order])
        for _ in range(12):  # enough rows to run onto a second page
            for row in ROWS:
                table.row([row[i] for i in order])
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(0, 7, "Affiliates", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _blocks(path: Path) -> list[Block]:
    with pdfplumber.open(str(path)) as pdf:
        return [block for number, page in enumerate(pdf.pages, 1)
                for block in _page_blocks(page, number, is_header)]


def _entries(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    source = ListSource(path=str(path), sha256="0", format="pdf",
                        blocks=tuple(_blocks(path)), page_count=2)
    return [(e.name, e.locations) for e in read_entries(source, load_catalog()).entries]


WRAPPED = ("Entity name", "Purpose", "Location(s) of processing", "Website")


@pytest.mark.parametrize(("headers", "order", "borders", "widths"), [
    # the known case: "Location(s) of" / "processing" beside the website column, rules
    # between rows only, cells set mid-row
    (WRAPPED, (0, 1, 2, 3), "HORIZONTAL_LINES", (50.0, 40.0, 24.0, 40.0)),
    (WRAPPED, (3, 2, 0, 1), "HORIZONTAL_LINES", (30.0, 24.0, 50.0, 40.0)),
    # a title over three lines, ruled all round
    (("Sub-processor", "Nature of the processing", "Country of data processing",
      "Web"), (2, 0, 3, 1), "ALL", (24.0, 50.0, 30.0, 40.0)),
    # a word too long for its column, cut without a hyphen
    (("Unterauftragsverarbeiter", "Art der Verarbeitung", "Ort der Verarbeitung", "Webseite"),
     (1, 2, 0, 3), "HORIZONTAL_LINES", (30.0, 26.0, 30.0, 40.0)),
    # no rules at all
    (WRAPPED, (0, 3, 2, 1), "NONE", (50.0, 40.0, 24.0, 40.0)),
])
def test_wrapped_headers_keep_every_column(tmp_path: Path, headers: tuple[str, ...],
                                          order: tuple[int, ...], borders: str,
                                          widths: tuple[float, ...]) -> None:
    path = _table_pdf(tmp_path / "list.pdf", headers, order, borders, widths)
    got = _entries(path)
    want = [(ROWS[0][0], ("NL",)), (ROWS[1][0], ("US",)), (ROWS[2][0], ("DE",))] * 12
    assert got == want


def test_a_heading_after_a_ruled_table_is_not_its_last_row(tmp_path: Path) -> None:
    path = _table_pdf(tmp_path / "list.pdf", WRAPPED, (0, 1, 2, 3), "HORIZONTAL_LINES",
                      (50.0, 40.0, 24.0, 40.0))
    blocks = _blocks(path)
    assert blocks[-1].kind == "paragraph" and blocks[-1].text == "Affiliates"
    last_table = [b for b in blocks if b.kind == "table"][-1]
    assert " ".join(last_table.rows[-1].cells[0].split()) == "Iron Mountain Deutschland GmbH"


@pytest.mark.parametrize(("title", "joined"), [
    ("Unterauftragsverarb\neiter", "Unterauftragsverarbeiter"),
    ("Garantien für\ndie\nÜbermittlung", "Garantien für\ndie\nÜbermittlung"),  # two words
    ("Location(s) of\nprocessing", "Location(s) of\nprocessing"),
    ("Entity\nName", "Entity\nName"),  # a capital starts a word of its own
])
def test_a_word_cut_to_fit_is_one_word(title: str, joined: str) -> None:
    assert _rejoin_cut(title) == joined


@pytest.mark.parametrize(("cell", "role"), [
    ("Sous-\ntraitant", "name"), ("Intra-\ngroup", "other"), ("Location(s) of\nprocessing",
                                                               "location")])
def test_a_title_wrapped_at_its_hyphen(cell: str, role: str) -> None:
    assert column_role(cell) == role


def _line(x0: float, top: float, *words: str) -> TextLine:
    out, x = [], x0
    for text in words:
        width = 6.0 * len(text)
        out.append(Word(text, x, x + width, top, top + 10.0, 10.0))
        x += width + 3.0
    return TextLine(tuple(out))


@pytest.mark.parametrize(("above", "below", "continues"), [
    (_line(40, 100, "Acme", "GmbH", "–", "Help"), _line(40, 112, "desk", "software"), True),
    (_line(40, 100, "Acme", "GmbH", "–", "Help"), _line(40, 130, "desk"), False),  # far below
    (_line(40, 100, "Acme", "–", "CRM"), _line(40, 112, "Beta", "Ltd"), False),  # line short
    (_line(40, 100, "Acme", "GmbH", "–", "Help"), _line(60, 112, "desk"), False),  # indented
])
def test_a_line_continues_when_its_next_word_would_not_have_fitted(
        above: TextLine, below: TextLine, continues: bool) -> None:
    assert _continues(above, below, right=140.0) is continues


def test_joined_lines_that_open_items_of_their_own_are_parted_again() -> None:
    text = ("Functional Software, Inc. – Error tracking\nAkenes SA (Exoscale) – Cloud hosting\n"
            "Rackspace Technology Global, Inc. – Managed hosting (Hong\nKong)\n"
            "Freshworks Inc., Germany –\nHelp desk software")
    blocks = [Block("paragraph", "Subprocessors", page=1), Block("paragraph", text, page=1)]
    source = ListSource(path="x.pdf", sha256="0", format="pdf", blocks=tuple(blocks),
                        page_count=1)
    entries = read_entries(source, load_catalog()).entries
    assert [(e.name, e.purpose, e.locations) for e in entries] == [
        ("Functional Software, Inc.", "Error tracking", ()),
        ("Akenes SA (Exoscale)", "Cloud hosting", ()),
        ("Rackspace Technology Global, Inc.", "Managed hosting", ("HK",)),
        ("Freshworks Inc.", "Help desk software", ("DE",))]
