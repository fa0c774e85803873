"""Crops of PDF pages with the deciding words highlighted, for the HTML report.

A reviewer must see the words on the page, not only our quote of them: each coverage row and
finding opens to the part of its page around the quote, rendered by PDFium, the quote's
characters boxed in yellow. The boxes come from the fast pass's character boxes of that page
(``ingest.page_image``, handed in as ``source``: same text, same offsets as extraction
read); the quote is
found on the page text inside its evidence sentence. A crop is embedded only when the
characters inside its boxes are exactly the quote, so a highlight can never show other words.

Size budget (a report is attached to tickets and a portfolio holds dozens): JPEG at
``DPI``, a band of the page around the quote, at most ``MAX_CROP_BYTES`` each (quality is
lowered, then the image shrunk, to fit) and ``MAX_CROPS`` per report; later rows keep their
quote and page number without an image. Only a report rendered where its documents are at
hand (``check``/``extract``) has crops; portfolio vendor pages link to the PDF instead.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

    from scopegap.ingest.pdf import TextPage

DPI = 110
MARGIN_POINTS = 54.0  # context kept above and below the highlighted lines
MAX_CROP_BYTES = 45_000
MAX_CROPS = 30
QUALITIES = (70, 55, 40)
HIGHLIGHT_FILL = (255, 214, 0, 96)
HIGHLIGHT_LINE = (214, 120, 0, 255)

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, top-down
# (document path, 1-based page) -> the page's text with boxes and its image at ``DPI``, or
# None; the caller hands one in (``ingest.page_image.render_page``): the report reads no PDF.
PageSource = Callable[[str, int], "tuple[TextPage, Image] | None"]


@dataclass(frozen=True)
class Crop:
    """One embedded crop: a data: URI with its pixel size, the page and the highlight boxes."""

    uri: str
    width: int
    height: int
    page: int
    quote: str
    boxes: tuple[Box, ...]
    size: int  # bytes of the encoded image


def _words_pattern(text: str, *, whole: bool) -> re.Pattern[str] | None:
    words = text.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(word) for word in words)
    if whole:
        pattern = (r"(?<!\w)" if words[0][:1].isalnum() else "") + pattern + \
            (r"(?!\w)" if words[-1][-1:].isalnum() else "")
    return re.compile(pattern)


def quote_span(text: str, quote: str, evidence: str | None) -> tuple[int, int] | None:
    """The span of ``quote`` on the page ``text``: inside the evidence sentence where the
    sentence is found on the page (a name printed twice is highlighted where it decided),
    else its first occurrence; spaces and line breaks may differ, words may not."""
    wanted = _words_pattern(quote, whole=True)
    if wanted is None:
        return None
    around = _words_pattern(evidence, whole=False) if evidence else None
    found = around.search(text) if around else None
    start, end = (found.start(), found.end()) if found else (0, len(text))
    match = wanted.search(text, start, end) or wanted.search(text)
    return (match.start(), match.end()) if match else None


def line_boxes(page: TextPage, start: int, end: int) -> tuple[Box, ...]:
    """One box per printed line of text[start:end]: the union of its characters' boxes."""
    if page.boxes is None:
        return ()
    lines: list[list[float]] = []
    for index in range(start, min(end, len(page.text))):
        if page.text[index].isspace():
            continue
        x0, y0, x1, y1 = page.boxes[4 * index: 4 * index + 4]
        top, bottom = page.height - y1, page.height - y0
        if x1 <= x0 or bottom <= top:
            continue
        current = lines[-1] if lines else None
        if current and top < current[3] and bottom > current[1] and x0 >= current[0] - 1:
            current[0], current[1] = min(current[0], x0), min(current[1], top)
            current[2], current[3] = max(current[2], x1), max(current[3], bottom)
        else:
            lines.append([x0, top, x1, bottom])
    return tuple((b[0], b[1], b[2], b[3]) for b in lines)


def chars_in_boxes(page: TextPage, boxes: tuple[Box, ...]) -> str:
    """The page's characters whose centre lies in one of ``boxes``, in text order: what a
    reader sees highlighted."""
    if page.boxes is None:
        return ""
    chosen = []
    for index, char in enumerate(page.text):
        x0, y0, x1, y1 = page.boxes[4 * index: 4 * index + 4]
        cx, cy = (x0 + x1) / 2, page.height - (y0 + y1) / 2
        if any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes):
            chosen.append(char)
    return "".join(chosen)


def _squeezed(text: str) -> str:
    return "".join(text.split())


@dataclass
class CropBook:
    """Makes the crops of one report, within its budget; None where no crop can be shown
    (a scan, a page without boxes, a quote not on the page, the budget spent)."""

    source: PageSource
    max_crops: int = MAX_CROPS
    max_bytes: int = MAX_CROP_BYTES
    used: int = 0
    total_bytes: int = 0
    skipped: int = 0
    _pages: dict[tuple[str, int], tuple[TextPage, Image] | None] = field(
        default_factory=dict, repr=False)
    _made: dict[tuple[str, int, str, tuple[int, int] | None], Crop | None] = field(
        default_factory=dict, repr=False)

    def crop(self, document: str | None, page: int | None, evidence: str | None,
             quote: str | None, span: tuple[int, int] | None = None) -> Crop | None:
        """The crop for ``quote`` on ``page``; where the quote is not on the page (it was
        read from a table cell, or names the item in other words), the clause around
        ``span`` (the evidence's own character span on the page) is highlighted instead and
        becomes the crop's quote."""
        if not document or not page or not (quote or span):
            return None
        key = (document, page, quote or "", span)
        if key in self._made:
            made = self._made[key]
        elif self.used >= self.max_crops:
            self.skipped += 1
            return None
        else:
            made = self._make(document, page, evidence, quote, span)
            self._made[key] = made
            self.used += made is not None
        if made is not None:
            self.total_bytes += made.size  # every embedding counts: it is in the file
        return made

    def _make(self, document: str, page: int, evidence: str | None, quote: str | None,
              span: tuple[int, int] | None) -> Crop | None:
        from scopegap.report.quote import clause_span

        loaded = self._page(document, page)
        if loaded is None:
            return None
        text_page, image = loaded
        found = quote_span(text_page.text, quote, evidence) if quote else None
        if found is None and span is not None and 0 <= span[0] < span[1] <= len(
                text_page.text):
            found = clause_span(text_page.text, *span)
            quote = " ".join(text_page.text[found[0]:found[1]].split())
        if found is None or not quote:
            return None
        boxes = line_boxes(text_page, *found)
        # The guard: never show a highlight whose words are not exactly the quote.
        if not boxes or _squeezed(chars_in_boxes(text_page, boxes)) != _squeezed(quote):
            return None
        data = self._encode(image, text_page, boxes)
        if data is None:
            return None
        encoded, width, height = data
        uri = "data:image/jpeg;base64," + base64.b64encode(encoded).decode("ascii")
        return Crop(uri, width, height, page, quote, boxes, len(encoded))

    def _page(self, document: str, page: int) -> tuple[TextPage, Image] | None:
        key = (document, page)
        if key not in self._pages:
            self._pages[key] = self.source(document, page)
        return self._pages[key]

    def _encode(self, image: Image, page: TextPage,
                boxes: tuple[Box, ...]) -> tuple[bytes, int, int] | None:
        from PIL import Image as PILImage
        from PIL import ImageDraw

        scale = image.width / page.width
        top, bottom = _whole_lines(page, min(b[1] for b in boxes) - MARGIN_POINTS,
                                   max(b[3] for b in boxes) + MARGIN_POINTS)
        band = image.crop((0, int(top * scale), image.width, int(bottom * scale) + 1))
        overlay = PILImage.new("RGBA", band.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        for x0, y0, x1, y1 in boxes:
            draw.rectangle((x0 * scale - 2, (y0 - top) * scale - 2, x1 * scale + 2,
                            (y1 - top) * scale + 2), fill=HIGHLIGHT_FILL,
                           outline=HIGHLIGHT_LINE, width=2)
        shown = PILImage.alpha_composite(band.convert("RGBA"), overlay).convert("RGB")
        while True:
            for quality in QUALITIES:
                buffer = io.BytesIO()
                shown.save(buffer, "JPEG", quality=quality, optimize=True)
                if buffer.tell() <= self.max_bytes:
                    return buffer.getvalue(), shown.width, shown.height
            if shown.width < 300:
                return None
            shown = shown.resize((shown.width * 3 // 4, shown.height * 3 // 4))


def _whole_lines(page: TextPage, top: float, bottom: float) -> tuple[float, float]:
    """The band widened so that no printed line is cut in half at its edges."""
    assert page.boxes is not None
    for index in range(len(page.text)):
        x0, y0, x1, y1 = page.boxes[4 * index: 4 * index + 4]
        if x1 <= x0 or page.text[index].isspace():
            continue
        char_top, char_bottom = page.height - y1, page.height - y0
        if char_top < top < char_bottom:
            top = char_top - 2
        if char_top < bottom < char_bottom:
            bottom = char_bottom + 2
    return max(0.0, top), min(page.height, bottom)
