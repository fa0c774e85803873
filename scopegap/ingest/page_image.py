"""One page of a PDF as an image with its character boxes, for a report that shows the
words it quotes on the page (``report.crops``).

The text and its offsets are the fast pass's own (``pdf.page_with_boxes``), so a span found
on this text is the span extraction saw; the image is PDFium's rendering of the same page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from scopegap.ingest.pdf import PDFIUM_LOCK, page_with_boxes

if TYPE_CHECKING:
    from PIL.Image import Image

    from scopegap.ingest.pdf import TextPage


def render_page(path: str, number: int, password: str | None = None,
                dpi: float = 110.0) -> tuple[TextPage, Image] | None:
    """Page ``number`` (1-based) of the PDF at ``path``: its text with character boxes and
    its image at ``dpi``; None when it cannot be read now (moved, encrypted, a scan)."""
    with PDFIUM_LOCK:
        return _render_page(path, number, password, dpi)


def _render_page(path: str, number: int, password: str | None,
                 dpi: float) -> tuple[TextPage, Image] | None:
    import pypdfium2 as pdfium

    try:
        document: Any = pdfium.PdfDocument(path, password=password)
    except Exception:  # unreadable now: the report simply shows no crop
        return None
    try:
        if not 1 <= number <= len(document):
            return None
        text_page = page_with_boxes(document, number)
        if text_page.boxes is None or not text_page.text:
            return None
        page = document[number - 1]
        try:
            image = page.render(scale=dpi / 72).to_pil()
        finally:
            page.close()
        return text_page, image
    except Exception:  # a broken page: no crop, the quote and page number still stand
        return None
    finally:
        document.close()


BLANK_DPI = 24.0  # enough to see any printed mark, cheap enough for every textless page
_INK = 200  # a pixel darker than this is ink (scanner grey and faint rules included)


def blank_pages(path: str, numbers: Sequence[int], password: str | None = None) -> set[int]:
    """Those of ``numbers`` (1-based) whose rendering shows no ink at all: the back of a
    sheet or a separator page. Such a page hides nothing, so it is no unread scope page
    (a page that cannot be rendered is never called blank)."""
    if not numbers:
        return set()
    with PDFIUM_LOCK:
        return _blank_pages(path, numbers, password)


def _blank_pages(path: str, numbers: Sequence[int], password: str | None) -> set[int]:
    import pypdfium2 as pdfium

    try:
        document: Any = pdfium.PdfDocument(path, password=password)
    except Exception:  # unreadable now: nothing is known to be blank
        return set()
    blank: set[int] = set()
    try:
        for number in numbers:
            if not 1 <= number <= len(document):
                continue
            try:
                page = document[number - 1]
                try:
                    image = page.render(scale=BLANK_DPI / 72, grayscale=True).to_pil()
                finally:
                    page.close()
            except Exception:  # a broken page is not known to be blank
                continue
            low, _ = image.convert("L").getextrema()
            if low >= _INK:
                blank.add(number)
    finally:
        document.close()
    return blank
