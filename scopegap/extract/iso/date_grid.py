"""Label rows of a table: labels side by side on one row, their values on the row below.

A certificate that prints "Certificate number | Original date | Issue date | Expiry date"
as a table header with the values in the next row loses the pairing in its text layer: the
values follow all the labels, so reading order pairs the last label with the first value.
Pairing is by position instead: a value belongs to the label whose column it sits in (the
header cells are read left to right, each column running to where the next label starts).
Labels may wrap over two or three lines inside their cell ("Fecha de certificación" /
"inicial"); a row is the set of labels whose boxes overlap vertically.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from scopegap.extract.patterns import certificate_patterns
from scopegap.ingest.pdf import TextPage

_ROLES = ("original", "reissue", "issue", "expiry")
_CELL_GAP = 0.8  # line heights of blank between two cells of one row (a word space is less)
_MAX_ROW_GAP = 3.0  # line heights between the bottom of the labels and the value row
_MAX_WRAPPED = 3  # lines of label words without a digit between the labels and the values


@dataclass(frozen=True)
class GridCell:
    """One column of a label row: its label's role (a date role or ``number``) and the
    span of its value in the page text."""

    role: str
    label_start: int
    label_end: int
    value_start: int
    value_end: int


@dataclass(frozen=True)
class _Placed:
    role: str
    start: int
    end: int
    box: tuple[float, float, float, float]  # x0, top, x1, bottom (top-down)


def grid_cells(page: TextPage) -> list[GridCell]:
    """The cells of every label row on ``page`` (none without character boxes)."""
    if page.boxes is None:
        return []
    placed = _placed_labels(page)
    rows = [row for row in _rows(placed) if len(row) >= 2]
    if not rows:
        return []
    chars = _chars(page)
    cells: list[GridCell] = []
    for row in rows:
        if not _values_beside(page, row, chars) and not _values_above(page, row, chars):
            cells.extend(_row_cells(page, row, placed, chars))
    return cells


def _values_above(page: TextPage, row: list[_Placed], chars: _Chars) -> bool:
    """The values printed right above the labels, one over each ("06/30/2023" over "Current
    issue date"): a grid whose labels are its bottom row, which the line below (often the
    "Place and date" line) must not be paired with."""
    top = min(p.box[1] for p in row)
    height = max(min(p.box[3] - p.box[1] for p in row), 6.0)
    above = [(i, b) for i, b in chars if top - _MAX_ROW_GAP * height <= b[3] <= top + 0.5]
    if not above:
        return False
    nearest = max(b[3] for _, b in above)
    line = sorted(((i, b) for i, b in above if b[3] > nearest - height),
                  key=lambda item: item[1][0])
    aligned = 0
    for x0, x1, offsets in _split_cells(line, _CELL_GAP * height):
        if not any(page.text[i].isdigit() for i in offsets):
            continue
        if any(min(x1, label.box[2]) > max(x0, label.box[0]) for label in row):
            aligned += 1
    return aligned >= 2


def _placed_labels(page: TextPage) -> list[_Placed]:
    patterns = certificate_patterns()
    spans: list[tuple[str, int, int]] = []
    for role in ("ignore", *_ROLES):  # "ignore" first: "surveillance ... due" is no expiry
        for start, end in _cell_labels(patterns.date_labels[role], page.text):
            if not _overlaps(spans, start, end):
                spans.append((role, start, end))
    for start, end in _cell_labels(patterns.number_label, page.text):
        end = len(page.text[:end].rstrip(" \n:.#"))
        if end > start and not _overlaps(spans, start, end):
            spans.append(("number", start, end))
    spans.extend(_column_number_labels(page, spans))
    placed = []
    for role, start, end in spans:
        box = page.span_box(start, end)
        if box is not None and role != "ignore":
            placed.append(_Placed(role, start, end, box))
    return sorted(placed, key=lambda p: (p.box[1], p.box[0]))


def _column_number_labels(page: TextPage, spans: list[tuple[str, int, int]]
                          ) -> list[tuple[str, int, int]]:
    """"Certificate | Certified since": the document's word alone heads the number's column
    when another label of the row stands level with it, to its right (a title
    "CERTIFICATE" stands alone on its row)."""
    text = page.text
    found = []
    for match in certificate_patterns().number_column_label.finditer(text):
        start = match.end() - len(match.group().lstrip("\n \t"))
        line_end = text.find("\n", match.end())
        rest = text[match.end() : line_end if line_end >= 0 else len(text)]
        gap = len(rest) - len(rest.lstrip())
        words_go_on = bool(rest.strip()) and not any(
            s == match.end() + gap for _, s, _ in spans)
        if words_go_on or _overlaps(spans, start, match.end()):
            continue  # "Certificate expiry: …" or "Certificate of Approval": words go on
        box = page.span_box(start, match.end())
        if box is None:
            continue
        for role, s, e in spans:
            other = page.span_box(s, e) if role != "ignore" else None
            if other is not None and other[0] > box[2] and \
                    min(box[3], other[3]) - max(box[1], other[1]) > 0:
                found.append(("number", start, match.end()))
                break
    return found


def _cell_labels(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """Spans of ``pattern`` in ``text``. A label wraps inside its cell, so a match that runs
    over a line break must start its line or follow a translation ("inicial / Original" +
    "certification date"): "... see annex to the certificado" + "Número de" is two texts,
    and the search goes on from the next line."""
    position = 0
    while (match := pattern.search(text, position)) is not None:
        start, end = match.span()
        if end <= start:
            position = start + 1
            continue
        before = text[text.rfind("\n", 0, start) + 1 : start].strip()
        if "\n" in text[start:end].rstrip() and before and not before.endswith("/"):
            position = text.index("\n", start) + 1
            continue
        yield start, end
        position = end


def _overlaps(spans: list[tuple[str, int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for _, s, e in spans)


def _rows(placed: list[_Placed]) -> list[list[_Placed]]:
    """Labels grouped into rows: boxes that overlap vertically, left to right."""
    rows: list[list[_Placed]] = []
    for label in placed:
        for row in rows:
            if any(label.box[1] < other.box[3] and other.box[1] < label.box[3] for other in row):
                row.append(label)
                break
        else:
            rows.append([label])
    return [sorted(row, key=lambda p: p.box[0]) for row in rows]


_Chars = list[tuple[int, tuple[float, float, float, float]]]


def _chars(page: TextPage) -> _Chars:
    """(offset, box top-down) of every printed character of the page."""
    boxes, height = page.boxes, page.height
    assert boxes is not None
    limit = min(len(page.text), len(boxes) // 4)
    return [(index, (boxes[4 * index], height - boxes[4 * index + 3],
                     boxes[4 * index + 2], height - boxes[4 * index + 1]))
            for index in range(limit) if not page.text[index].isspace()]


def _values_beside(page: TextPage, row: list[_Placed], chars: _Chars) -> bool:
    """A digit printed on the labels' own lines: "Issue date: 1 May 2024  Expiry date: ..."
    is a line of label/value pairs, not a header row."""
    top, bottom = min(p.box[1] for p in row), max(p.box[3] for p in row)
    for index, box in chars:
        middle = (box[1] + box[3]) / 2
        if top <= middle <= bottom and page.text[index].isdigit():
            return True
    return False


def _row_cells(page: TextPage, row: list[_Placed], labels: list[_Placed],
               chars: _Chars) -> list[GridCell]:
    """Pair the cells of the line under ``row`` with its labels. A line under the labels that
    is itself labels (a bilingual header: "Certificat n°" over "Certificate number") is no
    value row: the lower label row pairs instead."""
    bottom = max(p.box[3] for p in row)
    height = max(min(p.box[3] - p.box[1] for p in row), 6.0)
    left = row[0].box[0] - _MAX_ROW_GAP * height  # not a sidebar or a column to the left
    below = [(i, b) for i, b in chars if b[1] >= bottom - 0.5 and b[0] >= left]
    for _ in range(_MAX_WRAPPED + 1):
        if not below:
            return []
        first_top = min(b[1] for _, b in below)
        if first_top - bottom > _MAX_ROW_GAP * height:
            return []
        line = sorted(((i, b) for i, b in below if b[1] < first_top + height),
                      key=lambda item: item[1][0])
        if any(label.start <= i < label.end for i, _ in line for label in labels):
            return []
        if any(page.text[i].isdigit() for i, _ in line):
            break
        # the labels' own words wrapped onto another line ("number", "date"): go on below
        bottom = max(b[3] for _, b in line)
        below = [(i, b) for i, b in below if b[1] >= bottom - 0.5]
    else:
        return []
    pairs: list[tuple[float, int, int]] = []
    values = _split_cells(line, _CELL_GAP * height)
    for value_index, (x0, x1, _) in enumerate(values):
        for label_index, label in enumerate(row):
            overlap = min(x1, label.box[2]) - max(x0, label.box[0])
            centre = abs((x0 + x1) / 2 - (label.box[0] + label.box[2]) / 2)
            pairs.append((-overlap if overlap > 0 else centre, value_index, label_index))
    cells: list[GridCell] = []
    used_values: set[int] = set()
    used_labels: set[int] = set()
    for _, value_index, label_index in sorted(pairs):
        if value_index in used_values or label_index in used_labels:
            continue
        used_values.add(value_index)
        used_labels.add(label_index)
        label, (_, _, offsets) = row[label_index], values[value_index]
        cells.append(GridCell(label.role, label.start, label.end, min(offsets),
                              max(offsets) + 1))
    return cells


def _split_cells(line: _Chars, gap: float) -> list[tuple[float, float, list[int]]]:
    """The characters of one printed line (left to right) cut into cells where the space
    between two characters is wider than ``gap``: (x0, x1, offsets) per cell."""
    cells: list[tuple[float, float, list[int]]] = []
    for index, box in line:
        if cells and box[0] - cells[-1][1] <= gap:
            x0, x1, offsets = cells[-1]
            cells[-1] = (x0, max(x1, box[2]), [*offsets, index])
        else:
            cells.append((box[0], box[2], [index]))
    return cells
