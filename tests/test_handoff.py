"""The fast pass's PDFium document is handed to the layout pass of the same bytes, once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from scopegap.ingest import handoff
from scopegap.ingest.layout import read_tables
from scopegap.ingest.pdf import read_pdf

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
REPORT = FIXTURES / "soc" / "pdf" / "brackenfield_soc2_type2.pdf"
CERTIFICATE = FIXTURES / "pdf" / "brightline_seal_ordinal.pdf"


@pytest.fixture(autouse=True)
def _nothing_kept() -> Any:
    handoff.release()
    yield
    handoff.release()


def _opens(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What PDFium documents are opened from, from now on."""
    opened: list[object] = []
    original = pdfium.PdfDocument.__init__

    def spy(self: pdfium.PdfDocument, source: object, *args: Any, **kwargs: Any) -> None:
        opened.append(source)
        original(self, source, *args, **kwargs)

    monkeypatch.setattr(pdfium.PdfDocument, "__init__", spy)
    return opened


def test_the_layout_pass_takes_the_fast_pass_document_instead_of_opening_it(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = list(range(1, len(read_pdf(REPORT).pages) + 1))
    opened_apart = read_tables(str(REPORT), pages)  # nothing kept: opens its own
    read_pdf(REPORT)
    opened = _opens(monkeypatch)
    assert read_tables(str(REPORT), pages) == opened_apart and opened == []
    assert handoff.take(REPORT.read_bytes(), None) is None  # handed over once, not kept
    read_tables(str(REPORT), pages)
    assert len(opened) == 1


def test_only_the_last_reading_is_kept_and_only_for_the_same_bytes_and_password() -> None:
    read_pdf(REPORT)
    read_pdf(CERTIFICATE)  # closes the report's document
    assert handoff.take(REPORT.read_bytes(), None) is None
    data = CERTIFICATE.read_bytes()
    assert handoff.take(data, "secret") is None
    assert handoff.take(data + b"\n", None) is None
    document = handoff.take(data, None)
    assert document is not None and len(document) == 1
    document.close()
    assert handoff.take(data, None) is None


def test_a_file_that_cannot_be_read_keeps_nothing(tmp_path: Path) -> None:
    from scopegap.errors import DocumentError

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(REPORT.read_bytes()[:2000])
    with pytest.raises(DocumentError):
        read_pdf(broken)
    assert handoff.take(broken.read_bytes(), None) is None


def test_a_kept_document_is_closed_quietly_at_exit() -> None:
    """pypdfium2 writes a warning to stderr for each document still open when it shuts
    PDFium down at exit (before the documents' own finalizers when another finalizer, here a
    temporary folder's, was registered first): the kept one is closed before that."""
    import subprocess
    import sys

    script = ("import tempfile; folder = tempfile.TemporaryDirectory()\n"
              "from scopegap.ingest.pdf import read_pdf\n"
              f"read_pdf({str(CERTIFICATE)!r})\n"
              "from scopegap.ingest import handoff; assert handoff.take(b'', None) is None\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0 and done.stderr == ""
