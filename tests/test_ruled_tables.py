"""The layout pass reads ruled tables cell for cell as ``pdfplumber``'s ``extract_tables`` does,
converting only the characters that touch a table."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from scopegap.ingest.layout import ruled_tables

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
WITH_TABLES = [
    *sorted((FIXTURES / "pdf").glob("*schedule*.pdf")),
    FIXTURES / "pdf" / "lumen_us_table.pdf",
    FIXTURES / "pdf" / "ridgeway_table_2013.pdf",
    FIXTURES / "soc" / "pdf" / "brackenfield_soc2_type2.pdf",
    FIXTURES / "soc" / "pdf" / "corriemoor_soc2_type1.pdf",
]


@pytest.mark.parametrize("path", WITH_TABLES, ids=lambda p: p.name)
def test_every_page_reads_the_same_cells_as_extract_tables(path: Path) -> None:
    with pdfplumber.open(path) as plain, pdfplumber.open(path) as ruled:
        found = 0
        for expected_page, page in zip(plain.pages, ruled.pages, strict=True):
            expected = expected_page.extract_tables()
            assert ruled_tables(page) == expected, f"{path.name} page {page.page_number}"
            found += len(expected)
    assert found, f"{path.name} has no ruled table: the comparison proves nothing"


def test_only_characters_touching_a_table_are_converted() -> None:
    path = FIXTURES / "soc" / "pdf" / "brackenfield_soc2_type2.pdf"
    with pdfplumber.open(path) as plain, pdfplumber.open(path) as ruled:
        for expected_page, page in zip(plain.pages, ruled.pages, strict=True):
            tables = ruled_tables(page)
            if tables and len(expected_page.chars) > 2 * len(page.chars) > 0:
                return  # a page of prose around a table: most characters never converted
    pytest.fail("no page with a table and prose around it")


def test_a_page_without_rules_has_no_tables() -> None:
    path = FIXTURES / "pdf" / "brightline_seal_ordinal.pdf"
    with pdfplumber.open(path) as pdf:
        assert pdf.pages[0].extract_tables() == []
        assert ruled_tables(pdf.pages[0]) == []
