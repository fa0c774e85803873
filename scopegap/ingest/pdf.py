"""PDF → pages of text with positions: the fast pass (pypdfium2) and its defences.

The fast pass uses pypdfium2 for every page (milliseconds a page). Character boxes come from
the same text page, so a label can be paired with the value printed beside or below it without
a second parser. pdfplumber is reserved for ruled tables (site schedules), page by page, in
``scopegap.ingest.layout``: it is 40–60× slower and most pages never need it.

Vendors send whatever they have, so reading is defensive: a file that is not a readable PDF
raises ``DocumentError`` with a reason the user can act on (exit 3); limits on size, pages,
time and characters keep a hostile file from hanging a batch; each page's text layer is
judged (none, garbled, oversized) and such pages are read by OCR when asked
(``scopegap.ingest.ocr_pages``), else reported. The open document is left to the layout
pass of the same file (``scopegap.ingest.handoff``), which would otherwise open it again.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import re
import threading
import time
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from scopegap.errors import DocumentError
from scopegap.ingest.bombs import MAX_INFLATED_STREAM, oversized_stream
from scopegap.ingest.pdf_file import (
    Damage,
    declared_page_count,
    inspect_structure,
    page_objects_in_file,
    read_checked,
)
from scopegap.ingest.repair import repair_warnings
from scopegap.ingest.text_quality import judge_text

if TYPE_CHECKING:
    from scopegap.settings import Settings

LATIN = "eng"  # Tesseract language for the Latin script standards and labels are printed in
MIN_TEXT_CHARS = 20  # fewer meaningful characters than this and the page has no usable text
BOX_PAGE_LIMIT = 30  # character boxes are kept for short documents (certificates, letters)
# Control characters and bidirectional overrides (which can make a terminal or report show
# text in another order than the PDF has it) become spaces: one character in, one out.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")

# pdfminer (under pdfplumber) logs a warning per damaged operator; on a hostile file that is
# hundreds of stderr lines where the SPEC allows one. What matters reaches the user as a
# DocumentError or a document warning instead.
_PDFMINER_LOG = logging.getLogger("pdfminer")
_PDFMINER_LOG.addHandler(logging.NullHandler())
_PDFMINER_LOG.propagate = False

# "damaged": PDFium could not load the page object at all (a broken page tree or object).
PageQuality = Literal["ok", "empty", "garbled", "oversized", "damaged"]
PageSource = Literal["text", "ocr"]


@dataclass(frozen=True)
class ReadLimits:
    """Bounds on one document (defaults: ``scopegap.settings.Settings``)."""

    max_pages: int = 10_000
    timeout: float = 300.0  # seconds, OCR included
    max_chars_per_page: int = 20_000
    max_bytes: int = 256 * 1024 * 1024


@dataclass(frozen=True)
class OcrOptions:
    """How to OCR pages without a usable text layer (given only with ``--ocr``)."""

    languages: str = "eng"
    dpi: int = 300
    max_pixels: int = 40_000_000  # a hostile page size must not render a 10 GB bitmap
    segmentation: int | None = None  # Tesseract --psm; None: models/patterns/ocr.yaml's


def limits_for(settings: Settings) -> ReadLimits:
    return ReadLimits(max_pages=settings.max_pages, timeout=settings.document_timeout,
                      max_chars_per_page=settings.max_chars_per_page)


def ocr_for(settings: Settings) -> OcrOptions | None:
    """OCR options when the run asked for OCR, else None (pages without text stay unread)."""
    if not settings.ocr:
        return None
    return OcrOptions(languages=settings.ocr_languages, dpi=settings.ocr_dpi)


@dataclass(frozen=True)
class TextPage:
    """One page of text. ``boxes`` holds x0, y0, x1, y1 per character (PDF points).

    ``quality`` judges the text this page carries, ``layer`` the PDF's own text layer (they
    differ when OCR replaced a garbled or missing layer); ``source`` says which was read.
    """

    number: int
    text: str
    width: float
    height: float
    has_text: bool
    boxes: array[float] | None = field(default=None, compare=False, repr=False)
    quality: PageQuality = "ok"
    source: PageSource = "text"
    layer: PageQuality = "ok"
    ocr_confidence: float | None = None
    # OCR pages: Tesseract's confidence (0-100) of the word under each character, -1 between.
    confidences: array[float] | None = field(default=None, compare=False, repr=False)
    # A text page whose image showed more than its layer: text[ocr_from:] was read by OCR.
    ocr_from: int | None = None

    def span_confidence(self, start: int, end: int) -> float | None:
        """Tesseract's confidence in text[start:end]: the mean over its characters of their
        word's confidence (one stray low word, "|" read in a long name, does not sink the
        name); None for a text layer or a span holding no OCR word."""
        if self.confidences is None:
            return None
        scores = [score for score in self.confidences[start : min(end, len(self.text))]
                  if score >= 0]
        return round(sum(scores) / len(scores), 1) if scores else None

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
    password: str | None = field(default=None, repr=False, compare=False)
    ocr_unavailable: str | None = None  # OCR was asked for but cannot run: why
    warnings: tuple[str, ...] = ()  # what was repaired or found missing in the file itself

    @property
    def full_text(self) -> str:
        return "\n".join(page.text for page in self.pages)


# PDFium is not thread-safe: two documents read at once in one process (a dask worker
# running several threads) crash it. Every use of PDFium in one process takes this lock
# (re-entrant: a reader may render inside a read); processes run freely.
PDFIUM_LOCK = threading.RLock()


def read_pdf(
    path: str | Path,
    password: str | None = None,
    *,
    limits: ReadLimits | None = None,
    ocr: OcrOptions | None = None,
) -> ReadPdf:
    """The PDF's pages (see ``_read_pdf``), one reader at a time in this process."""
    with PDFIUM_LOCK:
        return _read_pdf(path, password, limits=limits, ocr=ocr)


def _read_pdf(
    path: str | Path,
    password: str | None = None,
    *,
    limits: ReadLimits | None = None,
    ocr: OcrOptions | None = None,
) -> ReadPdf:
    """Read every page's text (and, for short documents, character boxes).

    Pages are read one at a time and closed at once: memory grows with the text kept, not
    with the page objects. A damaged file PDFium can rebuild is read, with warnings saying
    what was repaired. With ``ocr``, pages whose text layer is missing or garbled are read
    by OCR instead.
    """
    import pypdfium2 as pdfium

    limits = limits or ReadLimits()
    deadline = time.monotonic() + limits.timeout
    name = str(path)
    data = read_checked(name, limits.max_bytes)
    digest = hashlib.sha256(data).hexdigest()
    _refuse_bombs(name, data)
    damage = inspect_structure(data)
    try:
        document = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as error:
        raise DocumentError(name, _unopened_reason(str(error), password, damage)) from None
    unavailable = None
    read = False
    try:
        count = len(document)
        if count == 0:
            raise DocumentError(name, "PDF has no pages")
        if count > limits.max_pages:
            raise DocumentError(name, _over_limit(count, limits.max_pages, data))
        keep_boxes = count <= BOX_PAGE_LIMIT
        pages: list[TextPage] = []
        for index in range(count):
            check_time(name, deadline, limits, index, count)
            pages.append(_read_page(document, index, keep_boxes, limits.max_chars_per_page))
        if all(page.layer == "damaged" for page in pages):
            raise DocumentError(name, f"corrupt PDF: none of its {count} page(s) can be loaded")
        warnings = repair_warnings(damage, _rebuilt(document), declared_page_count(data),
                                   page_objects_in_file(data), pages)
        if ocr is not None and any(page.layer != "damaged" and not page.has_text
                                   for page in pages):
            from scopegap.ingest.ocr import ocr_unavailable

            unavailable = ocr_unavailable(ocr.languages)
            if unavailable is None:
                from scopegap.ingest.ocr_pages import ocr_page

                pages = [
                    page if page.has_text or page.layer == "damaged"
                    else ocr_page(name, document, page, ocr, limits, deadline, count)
                    for page in pages
                ]
        if ocr is not None:
            from scopegap.ingest.ocr_pages import supplemented

            pages = supplemented(name, document, pages, ocr, limits, deadline, count)
        read = True
    except DocumentError:
        raise
    except Exception as error:  # pdfium raises plain errors on broken page trees
        raise DocumentError(name, _one_line(f"corrupt PDF: {error}")) from None
    finally:
        if read:  # the layout pass of this file takes it rather than open it again
            from scopegap.ingest.handoff import keep

            keep(data, password, document)
        else:
            document.close()
    return ReadPdf(path=name, sha256=digest, pages=tuple(pages), password=password,
                   ocr_unavailable=unavailable, warnings=warnings)


def _refuse_bombs(name: str, data: bytes) -> None:
    """PDFium inflates a stream whole: one that inflates to gigabytes must not reach it."""
    offset = oversized_stream(data)
    if offset is not None:
        raise DocumentError(name, f"a compressed stream at byte {offset} inflates to more "
                                  f"than {MAX_INFLATED_STREAM / 2**20:.0f} MiB (a decompression "
                                  "bomb?); refused unread")


def _over_limit(count: int, max_pages: int, data: bytes) -> str:
    reason = f"{count} pages, over the limit of {max_pages} (raise it with --max-pages)"
    objects = page_objects_in_file(data)
    if objects is not None and objects < count:
        reason += (f"; the file holds only {objects} page objects: its page tree is "
                   "damaged or hostile")
    return reason


def _rebuilt(document: Any) -> bool:
    """Whether PDFium had to rebuild the cross-reference table to open the file."""
    import pypdfium2.raw as pdfium_c

    return not pdfium_c.FPDF_DocumentHasValidCrossReferenceTable(document.raw)


def check_time(name: str, deadline: float, limits: ReadLimits, index: int, count: int) -> None:
    if time.monotonic() > deadline:
        raise timed_out(name, limits, index, count)


def timed_out(name: str, limits: ReadLimits, index: int, count: int) -> DocumentError:
    return DocumentError(name, f"reading stopped at page {index + 1} of {count}: over the "
                               f"{limits.timeout:g} s limit per document (raise it with "
                               "--timeout)")


def _unopened_reason(message: str, password: str | None, damage: Damage) -> str:
    """Why PDFium could not open the file: the damage seen in its bytes when there is some."""
    lowered = message.lower()
    if "password" in lowered:
        return "encrypted: wrong password" if password else "encrypted: pass --password"
    if "security" in lowered:
        return "encrypted with an unsupported security handler"
    if damage.truncated:
        return ("truncated PDF: the end-of-file marker is missing (the file was cut short, "
                "e.g. by an e-mail gateway) and what remains cannot be read; ask for it again")
    if damage.xref_problem:
        return f"corrupt PDF: {damage.xref_problem}, and PDFium cannot rebuild it"
    if "format" in lowered or "file" in lowered:
        return "corrupt PDF: the file structure cannot be parsed"
    if "success" in lowered:  # PDFium failed without an error code (e.g. an empty page tree)
        return "corrupt PDF: PDFium cannot load it (no usable page tree)"
    return _one_line(f"corrupt PDF: {message}")


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]


def clean_text(raw: str) -> str:
    # One character in, one character out: offsets stay valid for the char boxes. PDFium
    # reports a hyphen that ends a line as U+FFFE and joins the lines ("AIS-" / "ZUZ" in a
    # narrow cell): the printed character was a hyphen, so it stays one ("AIS-ZUZ"). A soft
    # hyphen (U+00AD, printed only where a word breaks) reads as a hyphen too, so the
    # pipeline makes the broken word whole either way (``nlp.lines.rejoin_broken_words``).
    return _CONTROL.sub(" ", raw.replace("\r", " ").replace("\t", " ").replace("\ufffe", "-")
                        .replace("\u00ad", "-"))


def _has_text(text: str) -> bool:
    """At least MIN_TEXT_CHARS letters or digits (stops counting once there are)."""
    count = 0
    for char in text:
        if char.isalnum():
            count += 1
            if count >= MIN_TEXT_CHARS:
                return True
    return False


def judge_layer(text: str, total_chars: int, max_chars: int) -> PageQuality:
    if total_chars > max_chars:
        return "oversized"
    if not _has_text(text):
        return "empty"
    return "garbled" if judge_text(text).garbage else "ok"


def page_with_boxes(document: Any, number: int, max_chars: int = 20_000) -> TextPage:
    """Page ``number`` (1-based) of an open pdfium document, read as the fast pass reads it
    (same text, same offsets) with its character boxes whatever the document's length: a
    report highlighting the words it quotes needs them for that page only."""
    return _read_page(document, number - 1, True, max_chars)


def loaded_page_with_boxes(page: Any, number: int, max_chars: int = 20_000) -> TextPage:
    """``page_with_boxes`` of a page the caller has loaded (``FPDF_LoadPage``) and closes:
    the layout pass takes a page's ruled tables and its boxes from one load."""
    return _page_text(page, number - 1, True, max_chars)


def _read_page(document: Any, index: int, keep_boxes: bool, max_chars: int) -> TextPage:
    """One page through PDFium's C functions, as pypdfium2's page and text-page helpers
    read it (the same text, sizes, boxes and errors) without their per-object bookkeeping
    (finalizers, weak references, parent links): a tenth of the floor on a long report."""
    import pypdfium2.raw as pdfium_c

    page = pdfium_c.FPDF_LoadPage(document.raw, index)
    if not page:  # a page the tree names but PDFium cannot load: viewers skip it
        return TextPage(number=index + 1, text="", width=0.0, height=0.0, has_text=False,
                        quality="damaged", layer="damaged")
    try:
        return _page_text(page, index, keep_boxes, max_chars)
    finally:
        pdfium_c.FPDF_ClosePage(page)


def _page_text(page: Any, index: int, keep_boxes: bool, max_chars: int) -> TextPage:
    """The text (and boxes) of a loaded page, judged."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    width = pdfium_c.FPDF_GetPageWidthF(page)
    height = pdfium_c.FPDF_GetPageHeightF(page)
    textpage = pdfium_c.FPDFText_LoadPage(page)
    if not textpage:
        raise pdfium.PdfiumError("Failed to load text page.")
    try:
        total = pdfium_c.FPDFText_CountChars(textpage)
        if total == -1:
            raise pdfium.PdfiumError("Failed to get character count.")
        # Never pull more than the cap out of pdfium: a hostile page can hold millions.
        text = clean_text(_text_range(textpage, min(total, max_chars)) if total > 0 else "")
        quality = judge_layer(text, total, max_chars)
        boxes: array[float] | None = None
        if keep_boxes and text and quality == "ok":
            boxes = _char_boxes(textpage, len(text))
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)
    if quality != "ok":
        text = ""  # a garbled or truncated layer is not evidence of anything: never read it
    return TextPage(
        number=index + 1,
        text=text,
        width=float(width),
        height=float(height),
        has_text=quality == "ok",
        boxes=boxes,
        quality=quality,
        layer=quality,
    )


def _text_range(textpage: Any, count: int) -> str:
    """The text of the first ``count`` characters: pypdfium2's ``get_text_range(0, count)``.

    Characters PDFium leaves out of the text at either end of the range are skipped first,
    so it never reads past the range (pypdfium2 issue 261, crbug.com/pdfium/2079)."""
    import pypdfium2.raw as pdfium_c

    first, last = 0, count - 1
    while first <= last and pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, first) == -1:
        first += 1
    while first <= last and pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, last) == -1:
        last -= 1
    if first > last:
        return ""
    t_start = pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, first)
    t_end = pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, last)
    buffer = (ctypes.c_ushort * (t_end + 2 - t_start))()  # and the NUL terminator
    written = pdfium_c.FPDFText_GetText(textpage, first, last + 1 - first, buffer)
    return bytes(memoryview(buffer)[: written - 1]).decode("utf-16-le", errors="ignore")


def _char_boxes(textpage: Any, count: int) -> array[float]:
    """left, bottom, right, top of each of the first ``count`` characters (pypdfium2's
    ``get_charbox``, tight boxes)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    boxes = array("f")
    left, right, bottom, top = (ctypes.c_double(), ctypes.c_double(), ctypes.c_double(),
                                ctypes.c_double())
    for index in range(count):
        if not pdfium_c.FPDFText_GetCharBox(textpage, index, left, right, bottom, top):
            raise pdfium.PdfiumError("Failed to get charbox.")
        boxes.extend((left.value, bottom.value, right.value, top.value))
    return boxes


def pages_needing_layout(pages: Sequence[TextPage], cues: Sequence[re.Pattern[str]]) -> list[int]:
    """Triage on the fast text: the page numbers whose text shows a table cue.

    Only pages whose own text layer was read: a table parser on an OCR'd or garbled page
    would read the invisible garbage layer, not what the page shows.
    """
    return [
        page.number for page in pages
        if page.has_text and page.source == "text" and any(cue.search(page.text) for cue in cues)
    ]
