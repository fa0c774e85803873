"""OCR of scanned certificates (--ocr): Tesseract's words become lines with boxes, every value
read from an OCR'd page is marked in its Evidence, and without OCR the no_text_layer finding
says how to get the page read."""

from __future__ import annotations

import io
import json
from dataclasses import fields, is_dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fpdf import FPDF
from fpdf.enums import TextMode
from PIL import Image, ImageDraw, ImageFont

from scopegap.cli import main
from scopegap.domain import DocumentScope, Evidence
from scopegap.extract.document import extract_document, extract_path
from scopegap.ingest import ocr
from scopegap.ingest.ocr import layout_words, ocr_unavailable
from scopegap.ingest.pdf import OcrOptions, read_pdf
from scopegap.match.catalog import load_catalog
from scopegap.rules.base import RuleInput
from scopegap.rules.text_layer import text_layer_findings
from scopegap.settings import Settings

NEEDS_TESSERACT = pytest.mark.skipif(ocr_unavailable("eng") is not None,
                                     reason=str(ocr_unavailable("eng")))
CERTIFICATE = [
    "CERTIFICATE OF REGISTRATION",
    "This is to certify that the information security",
    "management system of",
    "Harrowgate Contact Services Ltd",
    "has been assessed and found to conform to the",
    "requirements of ISO/IEC 27001:2022",
    "for the following scope: the provision of contact",
    "centre services using Genesys Cloud CX.",
    "Certificate No: HX 44719",
    "Effective Date: 2025-06-01",
    "Expiry Date: 2028-05-31",
    "Issued by BSI Assurance UK Ltd",
]


Row = tuple[str, int, int, int, float, tuple[int, int, int, int]]


def _words(*rows: Row) -> dict[str, list[Any]]:
    """Tesseract's image_to_data dict from (text, block, paragraph, line, conf, box) rows."""
    data: dict[str, list[Any]] = {key: [] for key in (
        "text", "block_num", "par_num", "line_num", "conf", "left", "top", "width", "height")}
    for text, block, par, line, conf, (left, top, width, height) in rows:
        for key, value in zip(("text", "block_num", "par_num", "line_num", "conf", "left", "top",
                               "width", "height"),
                              (text, block, par, line, conf, left, top, width, height),
                              strict=True):
            data[key].append(value)
    return data


@pytest.mark.parametrize(
    ("rows", "text"),
    [
        ([("Certificate", 1, 1, 1, 96, (0, 0, 10, 1)), ("No:", 1, 1, 1, 95, (0, 0, 10, 1)),
          ("HX", 1, 1, 1, 90, (0, 0, 10, 1)), ("Expiry", 1, 1, 2, 96, (0, 0, 10, 1))],
         "Certificate No: HX\nExpiry"),
        ([("Scope", 1, 1, 1, 96, (0, 0, 10, 1)), ("Issued", 2, 1, 1, 96, (0, 0, 10, 1))],
         "Scope\n\nIssued"),
        # a seal read as letters (low confidence) is dropped; empty words are skipped
        ([("yeeb", 1, 1, 1, 0, (0, 0, 10, 1)), ("ct", 1, 1, 1, 38, (0, 0, 10, 1)),
          ("", 2, 1, 1, -1, (0, 0, 0, 0)), ("Holder", 2, 1, 1, 93, (0, 0, 10, 1))],
         "Holder"),
        ([("  ", 1, 1, 1, -1, (0, 0, 0, 0))], ""),
    ],
)
def test_words_become_lines(rows: list[Any], text: str) -> None:
    result = layout_words(_words(*rows), scale=1.0, page_height=100.0)
    assert result.text == text
    assert len(result.boxes) == 4 * len(result.text)


def test_boxes_are_in_pdf_points_bottom_up() -> None:
    # 300 dpi: 300/72 pixels per point. A word at x 300..600 px, y 150..250 px.
    scale = 300 / 72
    result = layout_words(_words(("ab", 1, 1, 1, 90, (300, 150, 300, 100))), scale=scale,
                          page_height=842.0)
    x0, y0, x1, y1 = result.boxes[0:4]
    assert (round(x0, 2), round(x1, 2)) == (72.0, 108.0)  # first of two letters
    assert (round(y0, 2), round(y1, 2)) == (round(842 - 250 / scale, 2), 842 - 36)
    assert result.confidence == 90.0


def test_missing_tesseract_is_named_with_the_install_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytesseract = pytest.importorskip("pytesseract")
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    ocr_unavailable.cache_clear()
    try:
        reason = ocr_unavailable("eng")
    finally:
        ocr_unavailable.cache_clear()
    assert reason is not None and "tesseract program was not found" in reason
    assert "apt-get install tesseract-ocr" in reason


@NEEDS_TESSERACT
def test_missing_language_names_its_package() -> None:
    reason = ocr_unavailable("eng+zzz")
    assert reason is not None and "zzz" in reason and "tesseract-ocr-zzz" in reason


HINT = "re-run with --ocr to read them by OCR (needs Tesseract; Debian: apt-get install"


def _unread_scope() -> DocumentScope:
    return DocumentScope(path="vendor/scan.pdf", sha256="0" * 64, kind="unknown", page_count=1,
                         no_text_pages=(1,))


@pytest.mark.parametrize(
    ("use_ocr", "unavailable", "phrase"),
    [
        (False, None, HINT),
        # without --ocr the message does not depend on the machine: reports stay identical
        (False, "OCR is not available: the tesseract program was not found (install …)", HINT),
        (True, "OCR is not available: the tesseract program was not found (install …)",
         "--ocr was given but OCR is not available"),
        (True, None, "they were read by OCR where it found text: check every value"),
    ],
)
def test_no_text_layer_message_says_how_to_get_the_page_read(
    monkeypatch: pytest.MonkeyPatch, use_ocr: bool, unavailable: str | None, phrase: str
) -> None:
    monkeypatch.setattr(ocr, "ocr_unavailable", lambda _languages: unavailable)
    settings = replace(Settings(), ocr=use_ocr)
    (found,) = text_layer_findings(RuleInput((_unread_scope(),), None, (), date(2026, 1, 1),
                                             settings, load_catalog()))
    assert found.kind == "no_text_layer" and phrase in found.message
    assert ("tesseract program was not found" in found.message) == bool(use_ocr and unavailable)


def _scan(path: Path, hidden_layer: str | None = None) -> Path:
    """A certificate as a scanner makes it: a page image, optionally with an invisible and
    garbled text layer on top."""
    image = Image.new("RGB", (1654, 2339), "white")  # A4 at 200 dpi
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=44)
    for index, line in enumerate(CERTIFICATE):
        draw.text((140, 200 + index * 110), line, fill="black", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(buffer, x=0, y=0, w=210, h=297)
    if hidden_layer:
        pdf.set_font("Helvetica", size=10)
        pdf.text_mode = TextMode.INVISIBLE
        pdf.set_xy(10, 10)
        pdf.multi_cell(0, 5, hidden_layer)
    path.write_bytes(bytes(pdf.output()))
    return path


def _evidence(value: Any) -> list[Evidence]:
    if isinstance(value, Evidence):
        return [value]
    if isinstance(value, tuple):
        return [e for item in value for e in _evidence(item)]
    if is_dataclass(value) and not isinstance(value, type):
        return [e for spec in fields(value) for e in _evidence(getattr(value, spec.name))]
    return []


GARBLED = ("Certiflcate No: Aı)(57 Explry Dote: 19.o3.2021 cenIlıcqıe Nambef SPooNs BAcS "
           "ctrvnNı sisrrıvıi Cefıırtcak lş Daıe Valİdııy Peıioıl dffi yftlfuM qğM oödğftne "
           "ntmn BJ dıüoyd hİk aft difuktr ıLRS BeIge").encode("latin-1", "replace").decode(
               "latin-1")


@NEEDS_TESSERACT
@pytest.mark.parametrize("hidden_layer", [None, GARBLED], ids=["image only", "garbled layer"])
def test_ocr_reads_a_scanned_certificate_and_marks_every_value(
    tmp_path: Path, hidden_layer: str | None
) -> None:
    scan = _scan(tmp_path / "scan.pdf", hidden_layer)
    assert read_pdf(scan).pages[0].has_text is False
    scope = extract_path(scan, settings=replace(Settings(), ocr=True))
    assert scope.kind == "iso27001_certificate"
    assert [s.label for s in scope.standards] == ["ISO/IEC 27001:2022"]
    assert scope.certificate_number is not None
    assert scope.certificate_number.value == "HX 44719"
    assert scope.window_end is not None and scope.window_end.value == date(2028, 5, 31)
    assert scope.holder is not None and "Harrowgate" in scope.holder.value
    evidence = _evidence(scope)
    assert evidence and all(e.source == "ocr" for e in evidence)
    assert any("read by OCR" in w and "check every value" in w for w in scope.warnings)
    page = read_pdf(scan, ocr=OcrOptions()).pages[0]
    assert page.source == "ocr" and page.boxes is not None
    assert len(page.boxes) == 4 * len(page.text)


@NEEDS_TESSERACT
def test_cli_ocr_option_reads_the_values_and_keeps_the_finding(tmp_path: Path) -> None:
    """With --ocr the scan's values are read, and no_text_layer stays: the page still has
    no text layer, and every value read off its image must be checked against it."""
    scan = _scan(tmp_path / "scan.pdf")
    args = ["extract", str(scan), "--format", "json", "--as-of", "2026-01-01"]
    without = json.loads(CliRunner().invoke(main, args).stdout)
    assert [f["kind"] for f in without["findings"]] == ["no_text_layer"]
    assert "--ocr" in without["findings"][0]["message"]
    result = CliRunner().invoke(main, [*args, "--ocr"])
    document = json.loads(result.stdout)["documents"][0]
    assert document["certificate_number"] == "HX 44719"
    assert document["window"]["end"] == "2028-05-31"
    kept = [f for f in json.loads(result.stdout)["findings"] if f["kind"] == "no_text_layer"]
    assert len(kept) == 1 and "read by OCR" in kept[0]["message"]


# The scanned certificates of ../shared/realdocs (MANIFEST.tsv): what --ocr extracts today.
# Fields the extractors cannot yet read from these scans (multi-line holders, Turkish and
# Russian labels) are not asserted; the OCR text itself must still carry them.
REAL_SCANS = [
    # file, languages, expected fields, strings the OCR text must contain
    ("mcsistem_iso-27001-en.pdf", "eng",
     {"standards": ["ISO/IEC 27001:2022"], "number": "BG-78408", "end": "2026-07-06"},
     ["BG-78408", "06.07.2026", "MC SISTEM"]),
    ("mcsistem_iso-27001-tr.pdf", "tur+eng", {}, ["BG-78408", "06.07.2026", "27001"]),
    ("transline_ISO27001.pdf", "rus+eng", {}, ["ISO/IEC 27001:2013", "14.10.2024", "Транслайн"]),
    ("noval_aeroethics_iso-9001.pdf", "eng",
     {"standards": ["ISO 9001:2015"], "holder": "NOVAL AEROETHICS", "end": "2029-02-12"},
     ["NOVAL AEROETHICS", "12/02/2029"]),
    ("kismetplastik_ISO27001.pdf", "tur+eng",
     {"standards": ["ISO/IEC 27001:2023"], "number": "A1600957", "end": "2027-03-19"},
     ["A1600957", "19.03.2027", "KISMET PLAST"]),
]


@NEEDS_TESSERACT
@pytest.mark.parametrize(("name", "languages", "expected", "strings"), REAL_SCANS,
                         ids=[s[0] for s in REAL_SCANS])
def test_real_scans_with_ocr(
    realdocs: Path, name: str, languages: str, expected: dict[str, Any], strings: list[str]
) -> None:
    if ocr_unavailable(languages):
        pytest.skip(str(ocr_unavailable(languages)))
    pdf = read_pdf(realdocs / name, ocr=OcrOptions(languages=languages))
    assert [p.source for p in pdf.pages] == ["ocr"]
    for text in strings:
        assert text in pdf.full_text, text
    scope = extract_document(pdf)  # what extract_path reads with --ocr --ocr-lang languages
    got = {
        "standards": [s.label for s in scope.standards],
        "number": scope.certificate_number.value if scope.certificate_number else None,
        "holder": scope.holder.value if scope.holder else None,
        "end": scope.window_end.value.isoformat() if scope.window_end else None,
    }
    for key, value in expected.items():
        assert got[key] == value, (key, got)
    assert all(e.source == "ocr" for e in _evidence(scope))
