"""Damaged PDFs that viewers open are read, with warnings saying what PDFium rebuilt and
whether pages may be missing; only what PDFium cannot open is refused (exit 3, one line).

Every damaged file is made here from a committed fixture of ``fixtures/generate.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scopegap.cli import main
from scopegap.errors import DocumentError
from scopegap.extract.document import extract_path
from scopegap.ingest.pdf import read_pdf
from scopegap.ingest.pdf_file import declared_page_count, inspect_structure
from scopegap.ingest.repair import REBUILT

ROOT = Path(__file__).resolve().parent.parent
INTACT = (ROOT / "fixtures" / "pdf" / "northwind_27001_schedule.pdf").read_bytes()
PAGES = 3  # the fixture's page count


def _xref_offset(data: bytes, offset: int) -> bytes:
    cut = data.rindex(b"startxref")
    return data[:cut] + b"startxref\n" + str(offset).encode() + b"\n%%EOF\n"


def _with_count(count: int) -> bytes:
    assert INTACT.count(b"/Count 3") == 1
    return INTACT.replace(b"/Count 3", b"/Count " + str(count).encode())


REPAIRABLE: list[tuple[str, Callable[[bytes], bytes], str]] = [
    ("garbled xref table", lambda d: d.replace(b"\nxref\n", b"\nXXXX\n"),
     "broken cross-reference table"),
    ("startxref past the end", lambda d: _xref_offset(d, 10**9),
     "startxref points to byte 1000000000"),
    ("startxref off by 200 bytes", lambda d: _xref_offset(d, d.rindex(b"\nxref\n") - 200),
     "broken cross-reference table"),
    ("no startxref", lambda d: d.replace(b"startxref", b"startxrfe"), "startxref missing"),
    ("no %%EOF", lambda d: d[: d.rindex(b"%%EOF")], "end-of-file marker is missing"),
]


def _write(folder: Path, name: str, data: bytes) -> Path:
    target = folder / name
    target.write_bytes(data)
    return target


def _extract_json(*paths: Path) -> tuple[int, dict[str, object], str]:
    result = CliRunner().invoke(main, ["extract", *map(str, paths), "--format", "json",
                                       "--as-of", "2026-01-01", "--fail-on", "never"])
    return result.exit_code, json.loads(result.stdout), result.stderr


def _without_identity(document: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in document.items() if k not in ("path", "sha256", "warnings")}


@pytest.mark.parametrize(("case", "damage", "reason"), REPAIRABLE,
                         ids=[r[0] for r in REPAIRABLE])
def test_repairable_pdf_is_read_with_a_rebuilt_warning(
    tmp_path: Path, case: str, damage: Callable[[bytes], bytes], reason: str
) -> None:
    intact = _write(tmp_path, "intact.pdf", INTACT)
    damaged = _write(tmp_path, "damaged.pdf", damage(INTACT))
    code, report, err = _extract_json(intact, damaged)
    assert code == 0 and err == "", err
    good, repaired = report["documents"]  # type: ignore[misc]
    assert _without_identity(repaired) == _without_identity(good)  # same pages, same values
    assert len(read_pdf(damaged).pages) == PAGES
    rebuilt = [w for w in repaired["warnings"] if REBUILT in w]
    assert len(rebuilt) == 1 and reason in rebuilt[0], repaired["warnings"]
    assert not any(REBUILT in w for w in good["warnings"])


def test_junk_before_the_header_is_skipped_and_said(tmp_path: Path) -> None:
    junk = b"X-Gateway-Scanned: yes\r\nContent-Type: application/pdf\r\n\r\n"
    pdf = read_pdf(_write(tmp_path, "mail.pdf", junk + INTACT))
    assert len(pdf.pages) == PAGES and all(page.has_text for page in pdf.pages)
    assert pdf.warnings == (f"{len(junk)} byte(s) of junk before the %PDF- header were skipped",)
    assert pdf.full_text == read_pdf(_write(tmp_path, "intact.pdf", INTACT)).full_text


def test_junk_before_the_header_shifts_no_offset_into_a_false_alarm() -> None:
    damage = inspect_structure(b"junk\n" * 30 + INTACT)
    assert damage.header_offset == 150 and not damage.needs_rebuild


def test_intact_fixture_has_no_warning_and_its_declared_count() -> None:
    assert inspect_structure(INTACT).reason() == ""
    assert declared_page_count(INTACT) == PAGES


def test_a_page_tree_declaring_fewer_pages_than_the_file_holds_is_flagged(
    tmp_path: Path
) -> None:
    """PDFium believes the root /Count: pages past it vanish silently without this check."""
    pdf = read_pdf(_write(tmp_path, "short.pdf", _with_count(2)))
    assert len(pdf.pages) == 2
    assert any("holds 3 page objects but its page tree lists 2" in w for w in pdf.warnings)


def test_a_page_tree_declaring_more_pages_than_exist_reads_the_real_ones(
    tmp_path: Path
) -> None:
    scope = extract_path(_write(tmp_path, "long.pdf", _with_count(5)))
    assert scope.page_count == 5 and scope.text_pages == (1, 2, 3)
    assert scope.no_text_pages == (4, 5)  # reported like unread pages: nothing verified there
    assert any("page(s) 4-5 of 5 could not be loaded" in w for w in scope.warnings)


def test_a_hostile_page_count_is_refused_naming_the_real_one(tmp_path: Path) -> None:
    target = _write(tmp_path, "huge-count.pdf", _with_count(900_000))
    with pytest.raises(DocumentError, match=r"900000 pages, over the limit of 10000.*holds only "
                                            r"3 page objects"):
        read_pdf(target)


def test_a_file_cut_before_its_page_tree_is_refused_as_truncated(tmp_path: Path) -> None:
    """fpdf2 writes the page tree first but the catalog last: cut that and nothing opens."""
    target = _write(tmp_path, "cut.pdf", INTACT[: INTACT.rindex(b"/Type /Catalog") - 20])
    code, report, err = _extract_json(target)
    assert code == 3 and report["documents"] == []
    line, = err.strip().splitlines()
    assert str(target) in line and "truncated PDF" in line and "cannot be read" in line


def test_a_file_cut_mid_way_but_openable_is_read_with_warnings(tmp_path: Path) -> None:
    """Cut after the trailer, before startxref and %%EOF: PDFium rebuilds what is there."""
    cut = INTACT[: INTACT.rindex(b"startxref")]
    pdf = read_pdf(_write(tmp_path, "cut.pdf", cut))
    assert len(pdf.pages) == PAGES
    assert any("end-of-file marker is missing" in w and REBUILT in w for w in pdf.warnings)
