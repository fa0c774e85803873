"""PDF → pages of text with positions. The only module that touches PDF libraries.

The fast pass uses pypdfium2 for every page (milliseconds a page). Character boxes come from
the same text page, so a label can be paired with the value printed beside or below it without
a second parser. pdfplumber is reserved for ruled tables (site schedules), page by page, in
``tables_on_page``: it is 40–60× slower and most pages never need it.
"""

from __future__ import annotations

import hashlib
import os
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scopegap.errors import DocumentError

MIN_TEXT_CHARS = 20  # fewer meaningful characters than this and the page has no usable text
MAX_CHARS_PER_PAGE = 200_000
BOX_PAGE_LIMIT = 30  # character boxes are kept for short documents (certificates, letters)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")


@dataclass(frozen=True)
class TextPage:
    """One page of fast text. ``boxes`` holds x0, y0, x1, y1 per character (PDF points)."""

    number: int
    text: str
    width: float
    height: float
    has_text: bool
    boxes: array[float] | None = field(default=None, compare=False, repr=False)

    def span_box(self, start: int, end: int) -> tuple[float, float, float, float] | None:
        """Union of the boxes of the non-blank characters in text[start:end], top-down y."""
        if self.boxes is None:
            return None
        xs0, ys0, xs1, ys1 = [], [], [], []
        for index in range(start, min(end, len(self.text))):
            if self.text[index].isspace():
                continue
            x0, y0, x1, y1 = self.boxes[4 * index : 4 * index + 4]
            xs0.append(x0)
            xs1.append(x1)
            ys0.append(self.height - y1)
            ys1.append(self.height - y0)
        if not xs0:
            return None
        return (min(xs0), min(ys0), max(xs1), max(ys1))


@dataclass(frozen=True)
class ReadPdf:
    path: str
    sha256: str
    pages: tuple[TextPage, ...]

    @property
    def full_text(self) -> str:
        return "\n".join(page.text for page in self.pages)


def _check_file(path: str) -> bytes:
    """Refuse what is not a readable PDF file, with a reason a user can act on."""
    if os.path.isdir(path):
        raise DocumentError(path, "is a directory, not a PDF file")
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise DocumentError(path, "file not found") from None
    except OSError as error:
        raise DocumentError(path, f"cannot be read: {error.strerror or error}") from None
    if not data:
        raise DocumentError(path, "empty file (0 bytes), not a PDF")
    head = data[:1024].lstrip()
    if b"%PDF-" not in data[:1024]:
        raise DocumentError(path, f"not a PDF ({_describe(head)})")
    return data


def _describe(head: bytes) -> str:
    """Name what a non-PDF file really is, so the user knows what they were sent."""
    lowered = head[:200].lower()
    if head.startswith(b"\x1f\x8b"):
        return "gzip-compressed data"
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP archive or Office document"
    if b"<html" in lowered or b"<!doctype html" in lowered:
        return "an HTML page"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "an image file"
    try:
        head.decode("utf-8")
        return "a text file"
    except UnicodeDecodeError:
        return "unknown binary data"


def read_pdf(path: str | Path, password: str | None = None) -> ReadPdf:
    """Read every page's text (and, for short documents, character boxes)."""
    import pypdfium2 as pdfium

    name = str(path)
    data = _check_file(name)
    digest = hashlib.sha256(data).hexdigest()
    try:
        document = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as error:
        raise DocumentError(name, _pdfium_reason(str(error), password)) from None
    try:
        count = len(document)
        if count == 0:
            raise DocumentError(name, "PDF has no pages")
        keep_boxes = count <= BOX_PAGE_LIMIT
        pages = tuple(_read_page(document, index, keep_boxes) for index in range(count))
    except DocumentError:
        raise
    except Exception as error:  # pdfium raises plain errors on broken page trees
        raise DocumentError(name, f"corrupt PDF: {error}") from None
    finally:
        document.close()
    return ReadPdf(path=name, sha256=digest, pages=pages)


def _pdfium_reason(message: str, password: str | None) -> str:
    lowered = message.lower()
    if "password" in lowered:
        return "encrypted: wrong password" if password else "encrypted: pass --password"
    if "format" in lowered or "file" in lowered:
        return "corrupt PDF: the file structure cannot be parsed"
    return f"corrupt PDF: {message}"


def _read_page(document: Any, index: int, keep_boxes: bool) -> TextPage:
    page = document[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            raw = textpage.get_text_range()[:MAX_CHARS_PER_PAGE]
            # One character in, one character out: offsets stay valid for the char boxes.
            text = _CONTROL.sub(" ", raw.replace("\r", " ").replace("\t", " "))
            boxes: array[float] | None = None
            if keep_boxes and text:
                boxes = array("f")
                for char_index in range(len(text)):
                    boxes.extend(textpage.get_charbox(char_index))
        finally:
            textpage.close()
    finally:
        page.close()
    meaningful = sum(1 for char in text if char.isalnum())
    return TextPage(
        number=index + 1,
        text=text,
        width=float(width),
        height=float(height),
        has_text=meaningful >= MIN_TEXT_CHARS,
        boxes=boxes,
    )


def tables_on_page(path: str, page_number: int, password: str | None = None) -> list[list[list[str]]]:
    """Ruled tables of one page via pdfplumber: rows of cells, None cells as ''."""
    import pdfplumber

    with pdfplumber.open(path, password=password or "") as pdf:
        page = pdf.pages[page_number - 1]
        tables = page.extract_tables()
    return [[[(cell or "").strip() for cell in row] for row in table] for table in tables]


def pages_needing_layout(pages: Sequence[TextPage], cues: Sequence[re.Pattern[str]]) -> list[int]:
    """Triage on the fast text: the page numbers whose text shows a table cue."""
    return [page.number for page in pages if any(cue.search(page.text) for cue in cues)]
