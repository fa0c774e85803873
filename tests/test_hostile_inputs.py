"""Broken and hostile documents: each gets exit 3 and one stderr line naming the file and the
reason, never a traceback, and never costs the other documents of the run their result.
(Damaged files PDFium can rebuild are read, with warnings: ``test_hostile_repair.py``.)

Every file is generated here (tmp_path) from one small certificate made with fpdf2.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from fpdf import FPDF

from scopegap.cli import main
from scopegap.errors import DocumentError
from scopegap.extract.document import extract_path
from scopegap.ingest.pdf import ReadLimits, read_pdf
from scopegap.settings import Settings

CERTIFICATE = [
    "CERTIFICATE OF REGISTRATION",
    "This is to certify that the information security management system of",
    "Harrowgate Contact Services Ltd",
    "has been assessed and found to conform to the requirements of ISO/IEC 27001:2022",
    "for the following scope: the provision of contact centre services using Genesys Cloud CX.",
    "Certificate No: HX 44719",
    "Original Registration Date: 2019-06-01",
    "Effective Date: 2025-06-01",
    "Expiry Date: 2028-05-31",
    "Issued by BSI Assurance UK Ltd",
]


def certificate_pdf(pages: int = 1, lines: list[str] | None = None, **encryption: str) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for _ in range(pages):
        pdf.add_page()
        for line in lines or CERTIFICATE:
            pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    if encryption:
        pdf.set_encryption(**encryption)
    return bytes(pdf.output())


GOOD = certificate_pdf()


def _write(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        target = folder / name
        target.write_bytes(data)
        return target
    return make


def _directory(folder: Path) -> Path:
    target = folder / "certificate.pdf"
    target.mkdir()
    return target


def _missing(folder: Path) -> Path:
    return folder / "never-sent.pdf"


def _symlink_loop(folder: Path) -> Path:
    first, second = folder / "loop-a.pdf", folder / "loop-b.pdf"
    first.symlink_to(second)
    second.symlink_to(first)
    return first


def _dangling_link(folder: Path) -> Path:
    link = folder / "moved.pdf"
    link.symlink_to(folder / "gone.pdf")
    return link


def _fifo(folder: Path) -> Path:
    target = folder / "pipe.pdf"
    os.mkfifo(target)
    return target


def _zip(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("certificate.pdf", data)
    return buffer.getvalue()


def _no_pages() -> bytes:
    buffer = io.BytesIO()
    pdfium.PdfDocument.new().save(buffer)
    return buffer.getvalue()


BROKEN: list[tuple[str, Callable[[Path], Path], str]] = [
    ("not a PDF", _write("notes.pdf", b"Dear vendor, please find attached\n"),
     "not a PDF (a text file)"),
    ("zero bytes", _write("empty.pdf", b""), "empty file (0 bytes)"),
    ("truncated in half", _write("half.pdf", GOOD[: len(GOOD) // 2]), "truncated PDF"),
    ("header only", _write("header.pdf", b"%PDF-1.7\n%%EOF\n"), "startxref missing"),
    ("no pages", _write("blank.pdf", _no_pages()), "corrupt PDF"),  # PDFium: no stable code
    ("a directory", _directory, "is a directory"),
    ("a missing file", _missing, "file not found"),
    ("a symlink loop", _symlink_loop, "symbolic link loop"),
    ("a dangling symlink", _dangling_link, "broken symbolic link"),
    ("a named pipe", _fifo, "not a regular file"),
    ("gzip renamed .pdf", _write("cert.pdf", gzip.compress(GOOD)), "not a PDF (gzip-compressed"),
    ("HTML renamed .pdf", _write("login.pdf", b"\n<!DOCTYPE html><html><body>Sign in</body>"),
     "not a PDF (an HTML page)"),
    ("zip renamed .pdf", _write("bundle.pdf", _zip(GOOD)), "not a PDF (a ZIP archive"),
    ("PNG renamed .pdf", _write("scan.pdf", b"\x89PNG\r\n\x1a\n" + bytes(64)),
     "not a PDF (an image file)"),
    ("encrypted, no password",
     _write("soc2.pdf", certificate_pdf(owner_password="owner", user_password="s3cret")),
     "encrypted: pass --password"),
]


def _extract(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["extract", "--format", "json", "--as-of", "2026-01-01",
                                       *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("case", "make", "reason"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_document_exits_3_with_one_line(
    tmp_path: Path, case: str, make: Callable[[Path], Path], reason: str
) -> None:
    if case == "a named pipe" and not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this platform")
    target = make(tmp_path)
    code, out, err = _extract(str(target))
    assert code == 3, (case, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert str(target) in lines[0] and reason in lines[0]
    assert "Traceback" not in err and "Traceback" not in out
    assert json.loads(out)["documents"] == []  # the report is still well-formed


def test_wrong_password_is_named(tmp_path: Path) -> None:
    target = tmp_path / "soc2.pdf"
    target.write_bytes(certificate_pdf(owner_password="owner", user_password="s3cret"))
    code, _, err = _extract(str(target), "--password", "guess")
    assert code == 3 and "encrypted: wrong password" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("encryption", "password"),
    [
        ({"owner_password": "owner", "user_password": "s3cret"}, "s3cret"),
        ({"owner_password": "owner"}, None),  # owner password only: opens like any PDF
    ],
    ids=["user password given", "owner password only"],
)
def test_encrypted_documents_that_can_be_opened_read_like_plain_ones(
    tmp_path: Path, encryption: dict[str, str], password: str | None
) -> None:
    plain, locked = tmp_path / "plain.pdf", tmp_path / "locked.pdf"
    plain.write_bytes(GOOD)
    locked.write_bytes(certificate_pdf(**encryption))
    args = ["--password", password] if password else []
    code, out, err = _extract(str(locked), *args)
    assert code in (0, 1) and err == ""
    _, plain_out, _ = _extract(str(plain))
    read, expected = json.loads(out)["documents"][0], json.loads(plain_out)["documents"][0]
    for key in ("path", "sha256"):
        read.pop(key), expected.pop(key)
    assert read == expected
    assert read["certificate_number"] == "HX 44719"


def test_one_bad_file_in_a_batch_loses_nothing(tmp_path: Path) -> None:
    good, gzipped, locked = tmp_path / "good.pdf", tmp_path / "zipped.pdf", tmp_path / "x.pdf"
    good.write_bytes(GOOD)
    gzipped.write_bytes(gzip.compress(GOOD))
    locked.write_bytes(certificate_pdf(owner_password="o", user_password="u"))
    code, out, err = _extract(str(gzipped), str(good), str(locked))
    assert code == 3
    assert [d["path"] for d in json.loads(out)["documents"]] == [str(good)]
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert str(gzipped) in lines[0] and "gzip" in lines[0]
    assert str(locked) in lines[1] and "encrypted: pass --password" in lines[1]


def test_page_limit_refuses_before_reading(tmp_path: Path) -> None:
    target = tmp_path / "long.pdf"
    target.write_bytes(certificate_pdf(pages=3))
    code, _, err = _extract(str(target), "--max-pages", "2")
    assert code == 3 and "3 pages, over the limit of 2" in err and "--max-pages" in err


def test_time_limit_stops_reading(tmp_path: Path) -> None:
    target = tmp_path / "slow.pdf"
    target.write_bytes(certificate_pdf(pages=2))
    code, _, err = _extract(str(target), "--timeout", "0.000001")
    assert code == 3 and "s limit per document" in err and "--timeout" in err
    assert len(err.strip().splitlines()) == 1


def test_file_size_limit(tmp_path: Path) -> None:
    target = tmp_path / "big.pdf"
    target.write_bytes(GOOD)
    with pytest.raises(DocumentError, match="limit for one document"):
        read_pdf(target, limits=ReadLimits(max_bytes=len(GOOD) - 1))


def test_oversized_page_is_not_read_and_is_reported(tmp_path: Path) -> None:
    target = tmp_path / "dense.pdf"
    target.write_bytes(GOOD)
    scope = extract_path(target, settings=Settings(max_chars_per_page=100))
    assert scope.no_text_pages == (1,) and scope.text_pages == ()
    assert scope.certificate_number is None
    assert any("more text than the per-page limit" in w for w in scope.warnings)


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("max_pages: 0\n", "max_pages must be a positive number"),
        ("document_timeout: -1\n", "document_timeout must be a positive number"),
        ("ocr: 'yes'\n", "ocr must be true or false"),
        ("ocr_languages: 'eng; rm -rf'\n", "ocr_languages must be Tesseract codes"),
    ],
)
def test_bad_limit_settings_are_usage_errors(tmp_path: Path, config: str, message: str) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text(config, encoding="utf-8")
    doc = tmp_path / "good.pdf"
    doc.write_bytes(GOOD)
    code, _, err = _extract(str(doc), "--config", str(settings))
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("option", [["--max-pages", "0"], ["--timeout", "0"],
                                    ["--ocr-lang", "eng;ls"]])
def test_bad_limit_options_are_usage_errors(tmp_path: Path, option: list[str]) -> None:
    doc = tmp_path / "good.pdf"
    doc.write_bytes(GOOD)
    code, _, err = _extract(str(doc), *option)
    assert code == 2 and "Traceback" not in err


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(not DEJAVU.is_file(), reason="needs the DejaVu font to write bidi marks")
def test_bidi_and_control_characters_from_a_pdf_are_neutralised(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    for line in CERTIFICATE[:4]:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 7, "Scope: Genesys\u202eXC duolC\u202c and \u2066Five9\u2069 services",
                   new_x="LMARGIN", new_y="NEXT")
    target = tmp_path / "bidi.pdf"
    target.write_bytes(bytes(pdf.output()))
    text = read_pdf(target).full_text
    assert "Genesys" in text
    assert not any(char in text for char in "\u202e\u202c\u2066\u2069\x1b")
