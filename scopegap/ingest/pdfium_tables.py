"""Ruled tables from PDFium's own page data, through pdfplumber's table finder.

pdfplumber finds ruled tables from a page's rules (its lines, rectangles and curves turned into
edges) and reads each cell from the characters whose centre lies in it. pdfminer, under
pdfplumber, gets both by parsing the page's content stream in pure Python: on a page of prose
around one small table that is most of the layout pass. PDFium has parsed the page already, in
C: its path objects give the same points pdfminer paints, and its text page the characters.
So a light page made from PDFium's data is handed to the SAME finder and cell reader.

The two parsers do not agree on everything (a character's box comes from font metrics each
reads its own way; PDFium drops a text object drawn twice over itself), so this module answers
only where the difference cannot change a cell: otherwise it returns None and the caller asks
pdfplumber. Unsure means: a rotated or offset page, a form XObject, a character that is not
upright, not mapped to Unicode, outside plain Latin text or in a symbol font, text drawn over
itself, a character's centre, a gap between letters or a line's height near a threshold of the
reader, or rules whose tables change when the finder's tolerances move by a hair.
"""

from __future__ import annotations

import ctypes
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

# How far PDFium's character boxes may be from pdfminer's (points, or a share of the font size
# for the vertical middle): within it of a cell's border or a reader's tolerance, pdfplumber reads.
H_MARGIN = 1.5
V_MARGIN_SHARE = 0.3
TOLERANCE_MARGIN = 1.5
# The finder is run again with its tolerances moved by this much: rules whose tables change are
# too close to a threshold for PDFium's single-precision points.
NUDGE = 0.01
# Letters no taller than this (points) are judged far from a table by a quick test.
FAR = 50.0
# Two text objects whose boxes agree within this (points) may be one drawn twice.
OVERPRINT = 1.0

_PATH, _FORM, _TEXT = 2, 5, 1
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2
_SYMBOLIC = 4  # a font descriptor's flag: glyphs outside the standard Latin set
# Code points both parsers are known to give alike from a text font: ASCII, Latin-1, Latin
# Extended-A, general punctuation (dashes, quotes, bullets), the euro and trade mark signs.
_PLAIN_RANGES = ((0x20, 0x7E), (0xA0, 0x17F), (0x2010, 0x2027), (0x2030, 0x205E),
                 (0x20AC, 0x20AC), (0x2122, 0x2122))

RawTable = list[list[str | None]]


@dataclass
class _Page:
    """What pdfplumber's ``TableFinder`` and ``Table.extract`` read from a page."""

    edges: list[dict[str, Any]]
    chars: list[dict[str, Any]]
    bbox: tuple[float, float, float, float]


def page_tables(document: Any, index: int, size: tuple[float, float] | None = None
                ) -> list[RawTable] | None:
    """``extract_tables()`` of page ``index`` (0-based) with the default settings, read from
    PDFium, or None when pdfplumber must read the page (see the module's docstring).

    ``size`` is the page's media box (from 0,0) when the caller knows it is unrotated:
    PDFium tells only a media box written on the page itself, not one inherited.
    """
    import pypdfium2.raw as pdfium_c

    page = pdfium_c.FPDF_LoadPage(document.raw, index)
    if not page:
        return None
    try:
        return loaded_page_tables(page, size)
    finally:
        pdfium_c.FPDF_ClosePage(page)


def loaded_page_tables(page: Any, size: tuple[float, float] | None = None
                       ) -> list[RawTable] | None:
    """``page_tables`` of a page the caller has loaded (``FPDF_LoadPage``) and closes."""
    import pypdfium2.raw as pdfium_c

    if pdfium_c.FPDFPage_GetRotation(page) != 0:
        return None
    size = size or _plain_size(page)
    if size is None:
        return None
    edges = _edges(page, size[1])
    if edges is None:
        return None
    return _read(page, size, edges)


def _plain_size(page: Any) -> tuple[float, float] | None:
    """The page's width and height when its own media box starts at 0,0 (the frame in which
    both parsers give the same coordinates; pdfminer ignores crop boxes)."""
    import pypdfium2.raw as pdfium_c

    media = [ctypes.c_float() for _ in range(4)]
    if not pdfium_c.FPDFPage_GetMediaBox(page, *(ctypes.byref(v) for v in media)):
        return None
    left, bottom, right, top = (v.value for v in media)
    if left != 0 or bottom != 0 or right <= 0 or top <= 0:
        return None
    return float(right), float(top)


def _edges(page: Any, height: float) -> list[dict[str, Any]] | None:
    """pdfplumber's edges of the page's painted paths, or None when a path hides in a form."""
    import pypdfium2.raw as pdfium_c

    edges: list[dict[str, Any]] = []
    for number in range(pdfium_c.FPDFPage_CountObjects(page)):
        item = pdfium_c.FPDFPage_GetObject(page, number)
        kind = pdfium_c.FPDFPageObj_GetType(item)
        if kind == _FORM:
            return None
        if kind != _PATH:
            continue
        matrix = pdfium_c.FS_MATRIX()
        if not pdfium_c.FPDFPageObj_GetMatrix(item, ctypes.byref(matrix)):
            return None
        for shape, points in _subpaths(item):
            page_points = [_apply(matrix, point) for point in points]
            edges.extend(_shape_edges(shape, page_points, height))
    return edges


def _subpaths(path: Any) -> Iterator[tuple[str, list[tuple[float, float]]]]:
    """Each subpath as pdfminer sees it: operator letters and their end points ('h' closing
    back to the start, a Bézier curve by its end point)."""
    import pypdfium2.raw as pdfium_c

    shape, bezier = "", 0
    points: list[tuple[float, float]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for number in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, number)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = (float(x.value), float(y.value))
        if kind == _MOVETO:
            if shape:
                yield shape, points
            shape, points, bezier = "m", [point], 0
            continue
        if kind == _BEZIERTO:
            bezier += 1
            if bezier % 3:
                continue
            shape += "c"
        else:
            shape += "l"
        points.append(point)
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            shape += "h"
            points.append(points[0])
    if shape:
        yield shape, points


def _apply(matrix: Any, point: tuple[float, float]) -> tuple[float, float]:
    x, y = point
    return (matrix.a * x + matrix.c * y + matrix.e, matrix.b * x + matrix.d * y + matrix.f)


def _shape_edges(shape: str, pts: list[tuple[float, float]], height: float
                 ) -> list[dict[str, Any]]:
    """pdfminer's ``paint_path`` (line, rectangle or curve) and pdfplumber's edges of it."""
    if shape[:1] != "m" or len(shape) < 2:
        return []  # a lone move paints nothing
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape, pts = shape[:-2] + "h", pts[:-2] + pts[-1:]
    if shape in ("mlh", "ml"):
        (ax, ay), (bx, by) = pts[0], pts[1]
        x0, x1, y0, y1 = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
        top, bottom = height - y1, height - y0
        return [{"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0,
                 "height": bottom - top, "orientation": "h" if top == bottom else "v",
                 "object_type": "line"}]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        closed = pts[0] == pts[4]
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if closed and square:
            return _rect_edges(pts[0], pts[2], height)
    return _curve_edges([(px, height - py) for px, py in pts])


def _rect_edges(a: tuple[float, float], b: tuple[float, float], height: float
                ) -> list[dict[str, Any]]:
    x0, x1, y0, y1 = min(a[0], b[0]), max(a[0], b[0]), min(a[1], b[1]), max(a[1], b[1])
    top, bottom = height - y1, height - y0
    width, tall = x1 - x0, bottom - top
    return [
        {"x0": x0, "x1": x1, "top": top, "bottom": top, "width": width, "height": 0,
         "orientation": "h", "object_type": "rect_edge"},
        {"x0": x0, "x1": x1, "top": top + tall, "bottom": bottom, "width": width,
         "height": 0, "orientation": "h", "object_type": "rect_edge"},
        {"x0": x0, "x1": x0, "top": top, "bottom": bottom, "width": 0, "height": tall,
         "orientation": "v", "object_type": "rect_edge"},
        {"x0": x1, "x1": x1, "top": top, "bottom": bottom, "width": 0, "height": tall,
         "orientation": "v", "object_type": "rect_edge"},
    ]


def _curve_edges(pts: list[tuple[float, float]]) -> list[dict[str, Any]]:
    return [
        {"x0": min(p[0], q[0]), "x1": max(p[0], q[0]), "top": min(p[1], q[1]),
         "bottom": max(p[1], q[1]), "width": abs(p[0] - q[0]), "height": abs(p[1] - q[1]),
         "orientation": "v" if p[0] == q[0] else ("h" if p[1] == q[1] else None),
         "object_type": "curve_edge"}
        for p, q in itertools.pairwise(pts)
    ]


def _read(page: Any, size: tuple[float, float], edges: list[dict[str, Any]]
          ) -> list[RawTable] | None:
    """The tables the finder sees in the edges, read from PDFium's characters when sure."""
    from pdfplumber.table import TableFinder, TableSettings

    width, height = size
    bbox = (0.0, 0.0, width, height)
    settings = TableSettings.resolve(None)
    tables = TableFinder(_Page(edges, [], bbox), settings).tables  # type: ignore[arg-type]
    if not _steady(edges, bbox, tables):
        return None
    if not tables:
        return []
    chars = _chars(page, height, [table.bbox for table in tables])
    if chars is None or not _clear_of_borders(chars, tables):
        return None
    reader = _Page(edges, chars, bbox)
    read: list[RawTable] = []
    for table in tables:
        table.page = reader  # type: ignore[assignment]
        for row in table.rows:
            in_row = [char for char in chars if _inside(char, row.bbox)]
            if not all(_cell_lines_clear([char for char in in_row if _inside(char, cell)])
                       for cell in row.cells if cell is not None):
                return None
        read.append(table.extract(**(settings.text_settings or {})))
    return read


def _steady(edges: list[dict[str, Any]], bbox: tuple[float, float, float, float],
            tables: Sequence[Any]) -> bool:
    """Whether the tables' cells stay put when every tolerance of the finder moves by a hair."""
    from pdfplumber.table import TableFinder, TableSettings

    cells = _cell_set(tables)
    for step in (-NUDGE, NUDGE):
        settings = TableSettings.resolve({
            key: 3 + step for key in ("snap_tolerance", "join_tolerance", "edge_min_length",
                                      "intersection_tolerance")})
        nudged = TableFinder(_Page(edges, [], bbox), settings).tables  # type: ignore[arg-type]
        if _cell_set(nudged) != cells:
            return False
    return True


def _cell_set(tables: Sequence[Any]) -> list[list[tuple[float, ...]]]:
    return [[tuple(round(v, 1) for v in cell) for cell in table.cells] for table in tables]


def _chars(page: Any, height: float, boxes: Sequence[tuple[float, float, float, float]]
           ) -> list[dict[str, Any]] | None:
    """The page's characters near a table as pdfplumber's dictionaries, or None when one is
    not upright, not mapped, or text sits on top of itself."""
    import pypdfium2.raw as pdfium_c

    textpage = pdfium_c.FPDFText_LoadPage(page)
    if not textpage:
        return None
    try:
        chars: list[dict[str, Any]] = []
        rect, matrix, flags = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX(), ctypes.c_int()
        rect_ref, loose_box = ctypes.byref(rect), pdfium_c.FPDFText_GetLooseCharBox
        # The tables' union in PDF space, a letter's height (up to FAR) and a margin around:
        # the quick test for the many letters of the prose around a table.
        left = min(box[0] for box in boxes) - H_MARGIN - FAR
        right = max(box[2] for box in boxes) + H_MARGIN + FAR
        low = height - max(box[3] for box in boxes) - H_MARGIN - FAR
        high = height - min(box[1] for box in boxes) + H_MARGIN + FAR
        for index in range(pdfium_c.FPDFText_CountChars(textpage)):  # hot: a call a letter
            if not loose_box(textpage, index, rect_ref):
                return None
            if (rect.right < left or rect.left > right or rect.top < low or rect.bottom > high) \
                    and rect.top - rect.bottom < FAR:
                continue
            x0, x1, top, bottom = rect.left, rect.right, height - rect.top, height - rect.bottom
            if not _near(x0, top, x1, bottom, boxes) \
                    or pdfium_c.FPDFText_IsGenerated(textpage, index):
                continue
            code = pdfium_c.FPDFText_GetUnicode(textpage, index)
            if not pdfium_c.FPDFText_GetMatrix(textpage, index, ctypes.byref(matrix)) \
                    or matrix.b != 0 or matrix.c != 0 or matrix.a <= 0 or matrix.d <= 0 \
                    or pdfium_c.FPDFText_HasUnicodeMapError(textpage, index) \
                    or not _plain_code(code) or bottom - top <= 0:
                return None
            pdfium_c.FPDFText_GetFontInfo(textpage, index, None, 0, ctypes.byref(flags))
            if flags.value & _SYMBOLIC:
                return None  # each parser has its own idea of a symbol font's characters
            chars.append({"text": chr(code), "x0": x0, "x1": x1, "top": top,
                          "bottom": bottom, "doctop": top, "upright": True})
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)
    return None if _overprinted(page, height, boxes) else chars


def _near(x0: float, top: float, x1: float, bottom: float,
          boxes: Sequence[tuple[float, float, float, float]]) -> bool:
    m = H_MARGIN + bottom - top
    return any(x0 <= bx1 + m and x1 >= bx0 - m and top <= bb + m and bottom >= bt - m
               for bx0, bt, bx1, bb in boxes)


def _plain_code(code: int) -> bool:
    """Whether the character is one whose Unicode the two parsers agree on (a check mark in
    ZapfDingbats is U+2714 to PDFium, "4" to pdfminer; ligatures and private use part too)."""
    return any(low <= code <= high for low, high in _PLAIN_RANGES)


def _overprinted(page: Any, height: float,
                 tables: Sequence[tuple[float, float, float, float]]) -> bool:
    """Whether two text objects near a table sit on nearly the same box (fake bold, a
    shadow): PDFium's text page drops a letter drawn again where it was, pdfminer keeps both."""
    import pypdfium2.raw as pdfium_c

    boxes: list[tuple[float, float, float, float]] = []
    values = [ctypes.c_float() for _ in range(4)]
    for number in range(pdfium_c.FPDFPage_CountObjects(page)):
        item = pdfium_c.FPDFPage_GetObject(page, number)
        if pdfium_c.FPDFPageObj_GetType(item) != _TEXT:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(item, *(ctypes.byref(v) for v in values)):
            return True
        left, bottom, right, top = (v.value for v in values)
        if right > left and top > bottom and _near(left, height - top, right, height - bottom,
                                                   tables):
            boxes.append((left, bottom, right, top))
    boxes.sort()
    for i, box in enumerate(boxes):
        for other in boxes[i + 1:]:
            if other[0] - box[0] > OVERPRINT:
                break
            if all(abs(a - b) <= OVERPRINT for a, b in zip(box, other, strict=True)):
                return True
    return False


def _middle(char: dict[str, Any]) -> tuple[float, float]:
    return (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2


def _inside(char: dict[str, Any], cell: tuple[float, float, float, float]) -> bool:
    x, y = _middle(char)
    return cell[0] <= x < cell[2] and cell[1] <= y < cell[3]


def _clear_of_borders(chars: Sequence[dict[str, Any]], tables: Sequence[Any]) -> bool:
    """No character's middle lies within the boxes' disagreement of a cell's border."""
    for char in chars:
        x, y = _middle(char)
        v = V_MARGIN_SHARE * (char["bottom"] - char["top"])
        for table in tables:
            for x0, top, x1, bottom in table.cells:
                if x0 - H_MARGIN <= x < x1 + H_MARGIN and top - v <= y < bottom + v and not (
                        x0 + H_MARGIN <= x < x1 - H_MARGIN and top + v <= y < bottom - v):
                    return False
    return True


def _cell_lines_clear(chars: Sequence[dict[str, Any]]) -> bool:
    """The cell's characters split into lines and words the same way under either parser's
    boxes: no gap between tops, and no gap between letters, near the reader's 3-point
    tolerance, and no two letters of a line starting at the same point."""
    tops = sorted({char["top"] for char in chars})
    if any(abs(b - a - 3) <= TOLERANCE_MARGIN for a, b in itertools.pairwise(tops)):
        return False
    for line in _lines(chars):
        for prev, curr in itertools.pairwise(line):
            if curr["x0"] == prev["x0"]:
                return False  # their order would be the parsers' drawing order
            if prev["text"].isspace() or curr["text"].isspace():
                continue  # a blank breaks the word whatever the gap
            if abs(curr["x0"] - prev["x1"] - 3) <= TOLERANCE_MARGIN \
                    or abs(abs(curr["top"] - prev["top"]) - 3) <= TOLERANCE_MARGIN:
                return False
    return True


def _lines(chars: Sequence[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    from pdfplumber.utils.clustering import cluster_objects

    for line in cluster_objects(list(chars), "top", 3):
        yield sorted(line, key=lambda char: char["x0"])
