"""A subprocessor list printed to PDF, read into the same blocks as HTML or Markdown.

Vendors' lists are browser prints of a web page or designed PDFs: a table with or without
rules, often running over pages, with cells that wrap over several lines. The plain text
layer interleaves those cells ("Amazon Web Services," / purpose lines / "OVH"), so this pass
reads word positions (pdfplumber, the layout pass) and puts each word in its row and column:
ruled tables from their rules, unruled ones from a header line whose cells the caller
recognises (column starts at the header words, rows at the wider gaps between lines).
Everything outside a table becomes a paragraph line, so the "last updated" line and the
headings above tables are read too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from statistics import median
from typing import Any

from scopegap.errors import DocumentError
from scopegap.ingest.lists import Block, Row
from scopegap.ingest.pdf import TextPage

HeaderTest = Callable[[Sequence[str]], bool]
_BULLET = re.compile(r"^[•▪◦●■‣\-–*]\s+")

LINE_TOLERANCE = 3.0  # words whose tops differ by less are on one line (points)
CELL_GAP = 9.0  # a wider horizontal gap between words separates two cells of an unruled table
HEADER_WORD_GAP = 0.6  # in a header, a gap over this many text heights parts two columns
MAX_HEADER_LINES = 6  # a header wraps over at most this many lines (titles set mid-row)
ROW_GAP_HEIGHTS = 1.75  # a gap between line tops over this many text heights starts a row
END_GAP_HEIGHTS = 4.0  # a gap over this many text heights ends an unruled table
HEADING_SIZE = 1.15  # a line set this much larger than the table's header is a heading
RULE_COVER = 0.5  # a rule spanning this share of a table's width parts two of its rows


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 0.0
    bold: bool = False


@dataclass(frozen=True)
class TextLine:
    words: tuple[Word, ...]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def size(self) -> float:
        return median(w.size for w in self.words)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)

    def cells(self) -> list[tuple[float, str]]:
        """(x0, text) of each run of words separated by a wide gap."""
        runs: list[list[Word]] = []
        for word in self.words:
            if runs and word.x0 - runs[-1][-1].x1 <= CELL_GAP:
                runs[-1].append(word)
            else:
                runs.append([word])
        return [(run[0].x0, " ".join(w.text for w in run)) for run in runs]


@dataclass(frozen=True)
class Rule:
    """A horizontal line drawn across part of the page (segments at one height joined)."""

    y: float
    x0: float
    x1: float


@dataclass(frozen=True)
class Header:
    """A table's header: its lines ``first``..``last`` (a title may wrap over several) and
    each column's (start, title), the title's lines joined with "\n"."""

    first: int
    last: int
    columns: tuple[tuple[float, str], ...]
    left: float
    right: float


def pdf_list_blocks(
    path: str, pages: Sequence[TextPage], is_header: HeaderTest, password: str | None = None
) -> list[Block]:
    """Blocks of every page with text, in reading order (tables and the lines around them)."""
    numbers = [page.number for page in pages if page.has_text]
    if not numbers:
        return []
    import pdfplumber

    blocks: list[Block] = []
    try:
        with pdfplumber.open(path, pages=numbers, password=password or "") as pdf:
            for number, page in zip(numbers, pdf.pages, strict=True):
                blocks.extend(_page_blocks(page, number, is_header))
    except DocumentError:
        raise
    except Exception as error:  # pdfminer raises many types on odd files
        raise DocumentError(path, f"the list's layout could not be read "
                                  f"({type(error).__name__})") from None
    return blocks


def _word(raw: dict[str, Any]) -> Word:
    chars = raw.get("chars") or []
    size = max((float(c.get("size", 0.0)) for c in chars), default=0.0)
    bold = bool(chars) and all("bold" in str(c.get("fontname", "")).lower() for c in chars)
    return Word(raw["text"], float(raw["x0"]), float(raw["x1"]), float(raw["top"]),
                float(raw["bottom"]), size, bold)


def _rules(page: Any) -> list[Rule]:
    """Horizontal rules: drawn segments at one height joined where they touch."""
    segments = sorted((round(float(e["top"]), 1), float(e["x0"]), float(e["x1"]))
                      for e in page.edges if e.get("orientation") == "h")
    rules: list[Rule] = []
    for y, x0, x1 in segments:
        last = rules[-1] if rules else None
        if last is not None and abs(last.y - y) <= 1.0 and x0 <= last.x1 + 2.0:
            rules[-1] = Rule(last.y, last.x0, max(last.x1, x1))
        else:
            rules.append(Rule(y, x0, x1))
    return rules


def _page_blocks(page: Any, number: int, is_header: HeaderTest) -> list[Block]:
    words = [_word(w) for w in page.extract_words(x_tolerance=1.5, return_chars=True)]
    placed: list[tuple[float, Block]] = []
    used: set[int] = set()
    for table in page.find_tables():
        block, taken = _ruled_table(table, words, number)
        if block is not None:
            placed.append((float(table.bbox[1]), block))
            used |= taken
    rest = [w for i, w in enumerate(words) if i not in used]
    lines = _lines(rest)
    rules = _rules(page)
    right = _right_edge(lines, float(page.width))
    index = 0
    while index < len(lines):
        line = lines[index]
        header = _header(lines, index, is_header, rules)
        if header is not None:
            block, index = _unruled_table(lines, header, number, rules)
            placed.append((line.top, block))
            continue
        bullet = _BULLET.match(line.text)
        if bullet is not None:  # "• Vendor - purpose", wrapped lines indented under it or not
            text = line.text[bullet.end():]
            index += 1
            while index < len(lines) and not _BULLET.match(lines[index].text) and \
                    lines[index].top - lines[index - 1].top < 2.5 * _height(line) and \
                    (lines[index].words[0].x0 > line.words[0].x0 + 3 or
                     _continues(lines[index - 1], lines[index], right)):
                text += " " + lines[index].text
                index += 1
            placed.append((line.top, Block("item", text, None, page=number)))
            continue
        last = placed[-1][1] if placed else None
        joined = last is not None and last.kind == "paragraph" and index > 0 and (
            _continues(lines[index - 1], line, right) or  # a line wrapped at the right edge
            (line.text.startswith(":") and  # " : Spain." parted from "Location" (French)
             line.top - lines[index - 1].top < ROW_GAP_HEIGHTS * _height(line)))
        if joined and last is not None:
            glue = "" if re.search(r"[^\W\d_]-$", last.text) else "\n"  # "États-" + "Unis"
            placed[-1] = (placed[-1][0], Block("paragraph", f"{last.text}{glue}{line.text}",
                                               None, page=number))
        else:
            placed.append((line.top, Block("paragraph", line.text, None, page=number)))
        index += 1
    placed.sort(key=lambda pair: pair[0])
    return [block for _, block in placed]


def _right_edge(lines: Sequence[TextLine], page_width: float) -> float:
    """Where the text column ends: its longest line, or the left margin mirrored (a page
    of short lines has none that reaches the edge)."""
    if not lines:
        return page_width
    return max(max(line.words[-1].x1 for line in lines),
               page_width - min(line.words[0].x0 for line in lines))


def _continues(above: TextLine, below: TextLine, right: float) -> bool:
    """Whether ``below`` carries on ``above``: set close under it, from the same left edge,
    in the same size, where ``above`` came so near the right edge that ``below``'s first
    word would not have fitted after it (text wraps only when the next word does not fit)."""
    height = _height(above)
    gaps = [b.x0 - a.x1 for a, b in pairwise(above.words)]
    space = min(median(gaps), 0.4 * height) if gaps else 0.25 * height
    first = below.words[0]
    return below.top - above.top < ROW_GAP_HEIGHTS * height and \
        abs(first.x0 - above.words[0].x0) <= 2.0 and abs(below.size - above.size) <= 0.5 and \
        above.words[-1].x1 + space + (first.x1 - first.x0) > right


def _height(line: TextLine) -> float:
    return median(w.bottom - w.top for w in line.words) or 10.0


def _lines(words: Sequence[Word]) -> list[TextLine]:
    ordered = sorted(words, key=lambda w: (w.top, w.x0))
    lines: list[list[Word]] = []
    for word in ordered:
        if lines and abs(word.top - lines[-1][0].top) <= LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [TextLine(tuple(sorted(line, key=lambda w: w.x0))) for line in lines]


def _ruled_between(upper: TextLine, lower: TextLine, rules: Sequence[Rule], left: float,
                   right: float) -> bool:
    """Whether a rule across most of the span ``left``..``right`` lies between two lines."""
    need = (right - left) * RULE_COVER
    return any(upper.bottom - 1.0 <= rule.y <= lower.top + 1.0 and
               min(rule.x1, right) - max(rule.x0, left) >= need for rule in rules)


def _columns(lines: Sequence[TextLine]) -> list[list[Word]]:
    """The words of a header's lines grouped by column: a word joins the column its x range
    overlaps (the lines a title wraps over) or nearly touches on its line."""
    gap = HEADER_WORD_GAP * _height(lines[0])
    columns: list[list[Word]] = []
    right = 0.0
    for word in sorted((w for line in lines for w in line.words), key=lambda w: w.x0):
        if columns and word.x0 <= right + gap:
            columns[-1].append(word)
            right = max(right, word.x1)
        else:
            columns.append([word])
            right = word.x1
    return columns


def _header(lines: Sequence[TextLine], start: int, is_header: HeaderTest,
            rules: Sequence[Rule]) -> Header | None:
    """The header starting at line ``start``: the most lines (a title wrapped over up to
    MAX_HEADER_LINES, set in one size and weight, closely spaced, no rule between) whose
    words, grouped by column, read as column titles."""
    first = lines[start]
    found: Header | None = None
    for last in range(start, min(start + MAX_HEADER_LINES, len(lines))):
        line = lines[last]
        if last > start:
            above = lines[last - 1]
            if line.bold != first.bold or abs(line.size - first.size) > 0.5 or \
                    line.top - above.top > ROW_GAP_HEIGHTS * _height(first) or \
                    _ruled_between(above, line, rules, min(w.x0 for w in line.words),
                                   max(w.x1 for w in line.words)):
                break
        columns = _columns(lines[start: last + 1])
        if len(columns) < 2:
            continue
        titles = [_cell_text(column) for column in columns]
        if not is_header([" ".join(t.split()) for t in titles]):
            titles = [_rejoin_cut(title) for title in titles]
            if not is_header([" ".join(t.split()) for t in titles]):
                continue
        band = [w for column in columns for w in column]
        found = Header(start, last, tuple((min(w.x0 for w in column), title)
                                          for column, title in zip(columns, titles, strict=True)),
                       min(w.x0 for w in band), max(w.x1 for w in band))
    return found


def _rejoin_cut(title: str) -> str:
    """A title whose long word was cut to fit its column ("Unterauftragsverarb" over
    "eiter"): a line holding one word alone, continued by a line that starts in lower case,
    is one word (a line breaks inside a word only when the word alone is too wide)."""
    lines = title.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        if " " not in out[-1] and out[-1][-1:].isalpha() and line[:1].islower():
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)


def _cell_text(words: Sequence[Word]) -> str:
    """Words of one cell, line by line ("\\n" between the lines a cell wraps over)."""
    return "\n".join(line.text for line in _lines(words))


def _ruled_table(table: Any, words: Sequence[Word], number: int) -> tuple[Block | None, set[int]]:
    """A table pdfplumber found from its rules: column edges from its fullest row (cells
    of merged or oddly drawn columns come back as None), row bands from each row's box."""
    rows = list(table.rows)
    if len(rows) < 2:
        return None, set()
    fullest = max(rows, key=lambda r: sum(c is not None for c in r.cells))
    edges = [cell for cell in fullest.cells if cell is not None]
    if len(edges) < 2:
        return None, set()
    x_starts = [float(cell[0]) for cell in edges] + [float(edges[-1][2])]
    left, top, right, bottom = (float(v) for v in table.bbox)
    taken: set[int] = set()
    grid: list[list[list[Word]]] = [[[] for _ in edges] for _ in rows]
    for i, word in enumerate(words):
        cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        if not (left <= cx <= right and top <= cy <= bottom):
            continue
        taken.add(i)
        r = next((k for k, row in enumerate(rows) if row.bbox[1] <= cy <= row.bbox[3]), None)
        if r is None:
            continue
        c = max((k for k, x in enumerate(x_starts[:-1]) if x <= cx + 1), default=0)
        grid[r][c].append(word)
    out = [Row(tuple(_cell_text(cell) for cell in row), None, number) for row in grid
           if any(row)]
    while out and not any(cell.strip() for cell in out[-1].cells[len(edges) - 1:]) and \
            not any(out[-1].cells):
        out.pop()
    return Block("table", line=None, page=number, rows=tuple(out)), taken


def _unruled_table(lines: Sequence[TextLine], header: Header, number: int,
                   rules: Sequence[Rule]) -> tuple[Block, int]:
    """Rows under a recognised header: columns start where the header's titles start; rows
    part at the rules drawn between them, else at the wider gaps between lines."""
    starts = [x for x, _ in header.columns]
    bounds = [x - 4.0 for x in starts[1:]]
    titles = [" ".join(t.split()) for _, t in header.columns]

    def column(word: Word) -> int:
        return sum(1 for b in bounds if word.x0 >= b)

    height = _height(lines[header.first])
    size = lines[header.first].size
    left, right = header.left, header.right
    body: list[TextLine] = []
    index = header.last + 1
    while index < len(lines):
        line = lines[index]
        crosses = any(w.x0 < b < w.x1 - 2 for w in line.words for b in bounds)
        last_top = body[-1].top if body else lines[header.last].top
        if crosses or line.top - last_top > height * END_GAP_HEIGHTS or \
                (size and line.size > size * HEADING_SIZE):
            break
        cells = line.cells()
        if len(cells) >= 2 and [" ".join(t.split()) for _, t in cells] == titles:
            break  # a repeated header starts the next table
        body.append(line)
        index += 1
    pairs = list(pairwise(body))
    ruled = any(_ruled_between(a, b, rules, left, right) for a, b in pairs)
    if ruled:  # rows part only at rules: a wide gap with no rule ends the table
        for k, (a, b) in enumerate(pairs):
            if b.top - a.top > height * ROW_GAP_HEIGHTS and \
                    not _ruled_between(a, b, rules, left, right):
                index -= len(body) - (k + 1)
                body = body[: k + 1]
                break
    # Unruled rows are spaced wider than the lines a cell wraps over (cells may sit
    # mid-row, so a row's first line can hold only its last column); tightly set tables
    # start a row at each line with a name.
    previous = lines[header.last]
    gaps = [b.top - a.top for a, b in zip([previous, *body], body, strict=False)]
    spaced = any(gap > height * ROW_GAP_HEIGHTS for gap in gaps[1:])
    rows: list[list[list[Word]]] = []
    for line in body:
        by_col: list[list[Word]] = [[] for _ in starts]
        for word in line.words:
            by_col[column(word)].append(word)
        if ruled:
            new_row = not rows or _ruled_between(previous, line, rules, left, right)
        elif spaced:
            new_row = not rows or line.top - previous.top > height * ROW_GAP_HEIGHTS
        else:
            new_row = not rows or bool(by_col[0])
        if new_row:
            rows.append([[] for _ in starts])
        for c, words in enumerate(by_col):
            rows[-1][c].extend(words)
        previous = line
    table_rows = [Row(tuple(title for _, title in header.columns), None, number)]
    table_rows += [Row(tuple(_cell_text(cell) for cell in row), None, number) for row in rows]
    return Block("table", line=None, page=number, rows=tuple(table_rows), header_rows=1), index
