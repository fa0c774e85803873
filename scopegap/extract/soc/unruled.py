"""Unruled tables of a SOC system description, split into cells by x position.

pdfplumber finds ruled tables only. A table printed without rules ("In-scope service
Purpose Q1 Q2 Q3 Q4" over rows of "Acme Data Warehouse platform component ✔ ✔ ✔ ✔") reads
as plain lines where a name and its purpose run together. Its header line gives the
columns: each column label starts where a gap wider than a word space opens. Each row line
is then cut at those x positions, from the character boxes of the fast pass, or, on a long
report whose fast pass keeps none, from the layout pass's load of the page (its ruled
tables and its boxes come from one load: no page is opened twice). Only pages the fast pass
flagged as tabular are read so, and rows pdfplumber already has are not taken twice.

A column gap is wider than 0.6 of the characters' height and than 1.6 times the page's
usual word space (the median of the gaps between words narrower than 1.5 heights): glyph
boxes are ink, so a font set with wide word spacing ("In-scope   service") would otherwise
cut every word apart.

Conservative: a line is a row only when no word straddles a column's start and a wide gap
opens before every column it fills; a row followed by a line that only continues its name
(a wrapped cell) is dropped rather than read as a shorter name, and the table ends at the
first line that is not a row.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from scopegap.extract.soc.patterns import soc_patterns
from scopegap.extract.soc.sections import heading_text
from scopegap.ingest.layout import Table
from scopegap.ingest.pdf import ReadPdf, TextPage

_GAP_EMS = 0.6  # a column gap is wider than this many character heights; a space is ~0.3
_GAP_SPACES = 1.6  # ... and wider than this many of the page's usual word spaces
_SPACE_EMS = 1.5  # a gap this many character heights wide is never a word space
_MIN_COLUMNS = 2
_NOTE_MARKS = "*†‡§¹²³⁴"


@dataclass(frozen=True)
class _Word:
    text: str
    x0: float
    x1: float
    height: float


def pages_without_boxes(pdf: ReadPdf, numbers: Sequence[int]) -> list[int]:
    """The pages of ``numbers`` whose fast pass kept no character boxes: the layout pass
    reads them (``read_tables(boxes_for=...)``)."""
    wanted = set(numbers)
    return [page.number for page in pdf.pages if page.number in wanted and page.boxes is None]


def unruled_tables(pdf: ReadPdf, numbers: Sequence[int],
                   boxed: Mapping[int, TextPage]) -> dict[int, list[Table]]:
    """The unruled tables of pages ``numbers``, one list of rows (cells) per table, cut with
    the fast pass's boxes or, for pages it kept none of, those of ``boxed``."""
    out: dict[int, list[Table]] = {}
    by_number = {page.number: page for page in pdf.pages}
    for number in numbers:
        page = boxed.get(number) or by_number.get(number)
        if page is None or page.boxes is None:
            continue
        tables = list(_tables(page.text, page.boxes))
        if tables:
            out[number] = tables
    return out


def _tables(text: str, boxes: array[float]) -> Iterator[Table]:
    cue = soc_patterns().table_page_cue
    lines = list(_lines(text, boxes))
    space = _word_space(lines)
    index = 0
    while index < len(lines):
        words = lines[index]
        starts = _column_starts(words, space)
        if len(starts) < _MIN_COLUMNS or not cue.search(" ".join(w.text for w in words)):
            index += 1
            continue
        header = _cells(words, starts, space)
        if header is None:
            index += 1
            continue
        table: Table = [header]
        index += 1
        while index < len(lines):
            cells = _cells(lines[index], starts, space)
            if cells is None or not cells[0] or not any(cells[1:]):
                break  # not a row, or a heading under the table ("People")
            following = lines[index + 1] if index + 1 < len(lines) else []
            if _continues_name(following, starts):
                index += 2  # a wrapped name cell: unsure of the name, drop the row
                continue
            table.append(cells)
            index += 1
        if len(table) > 1:
            yield table


def _lines(text: str, boxes: array[float]) -> Iterator[list[_Word]]:
    """The words of each line with their x extent (PDF points)."""
    start = 0
    count = min(len(text), len(boxes) // 4)
    for end in [*(i for i, c in enumerate(text) if c == "\n"), len(text)]:
        words: list[_Word] = []
        word_start: int | None = None
        for i in range(start, min(end, count) + 1):
            blank = i >= min(end, count) or text[i].isspace()
            if not blank and word_start is None:
                word_start = i
            elif blank and word_start is not None:
                words.append(_word(text, boxes, word_start, i))
                word_start = None
        yield words
        start = end + 1


def _word(text: str, boxes: array[float], start: int, end: int) -> _Word:
    x0 = min(boxes[4 * i] for i in range(start, end))
    x1 = max(boxes[4 * i + 2] for i in range(start, end))
    height = max(boxes[4 * i + 3] - boxes[4 * i + 1] for i in range(start, end))
    return _Word(text[start:end], x0, x1, height)


def _word_space(lines: Sequence[Sequence[_Word]]) -> float:
    """The page's usual gap between two words of a line (0 on a page without one): the
    median of the gaps narrower than 1.5 character heights, so a page that is all table
    still gives its word space, not a column gap."""
    gaps = [gap for words in lines for before, word in pairwise(words)
            if 0 < (gap := word.x0 - before.x1) < _SPACE_EMS * _em(before, word)]
    return median(gaps) if gaps else 0.0


def _column_starts(words: Sequence[_Word], space: float) -> list[float]:
    """The x where each column label of a header line starts: after each wide gap."""
    if not words:
        return []
    starts = [words[0].x0]
    for before, word in pairwise(words):
        if _wide(word.x0 - before.x1, space, before, word):
            starts.append(word.x0)
    return starts


def _wide(gap: float, space: float, *words: _Word) -> bool:
    """Whether a gap between two words is a column gap, not a word space."""
    return gap > _GAP_EMS * _em(*words) and gap > _GAP_SPACES * space


def _em(*words: _Word) -> float:
    return max(max(w.height for w in words), 4.0)


def _cells(words: Sequence[_Word], starts: Sequence[float], space: float) -> list[str] | None:
    """The line cut at the columns' starts; None when it is no row of the table: empty, a
    word straddling a column's start, a narrow gap before a column's first word, or text
    left of the first column."""
    if not words:
        return None
    slack = 2.0
    if words[0].x0 < starts[0] - 3 * _em(words[0]):
        return None
    cells: list[list[str]] = [[] for _ in starts]
    column = 0
    previous: _Word | None = None
    for word in words:
        at = max((i for i, x in enumerate(starts) if word.x0 >= x - slack), default=0)
        if at + 1 < len(starts) and word.x1 > starts[at + 1] + slack:
            return None  # runs across the next column's start: a sentence, not a row
        if at != column and previous is not None and \
                not _wide(word.x0 - previous.x1, space, previous, word):
            return None
        column = at
        cells[at].append(word.text)
        previous = word
    return [" ".join(cell) for cell in cells]


def _continues_name(words: Sequence[_Word], starts: Sequence[float]) -> bool:
    """A line whose words all sit in the first column under a row: the row's name wraps
    (a heading or a footnote after the table is no part of it)."""
    if not words or len(starts) < 2 or any(w.x1 > starts[1] for w in words):
        return False
    line = " ".join(w.text for w in words)
    headings = soc_patterns().headings
    heading = headings.any_heading.fullmatch(heading_text(line, headings))
    return line[:1] not in _NOTE_MARKS and heading is None
