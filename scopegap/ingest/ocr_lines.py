"""Tesseract's words grouped into the lines a text layer would have.

Tesseract's automatic layout puts a column of labels ("Certificate No.", "Expiry date") in one
block and their values in another, so read in its order a label is paragraphs away from its
value. A text layer reads them as one line. ``join_rows`` joins such short lines printed at
the same height, and never a line of prose: a sentence split across a sidebar row could lose
the object of its "excluding", turning an excluded item into a covered one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any


@dataclass(frozen=True)
class OcrWord:
    text: str
    left: float
    top: float
    width: float
    height: float
    confidence: float  # 0-100, -1 when Tesseract gave none


@dataclass
class OcrLine:
    """One Tesseract line: its block and paragraph, and its words left to right."""

    block: int
    paragraph: int
    words: list[OcrWord] = field(default_factory=list)
    zone: int = 0  # 1 on a dark panel (a sidebar), 0 elsewhere: zones are never joined

    @property
    def top(self) -> float:
        return min(word.top for word in self.words)

    @property
    def bottom(self) -> float:
        return max(word.top + word.height for word in self.words)

    @property
    def height(self) -> float:
        return max(1.0, self.bottom - self.top)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def left(self) -> float:
        return min(word.left for word in self.words)

    @property
    def right(self) -> float:
        return max(word.left + word.width for word in self.words)

    @property
    def scored(self) -> list[float]:
        return [word.confidence for word in self.words if word.confidence >= 0]

    @property
    def mean(self) -> float:
        scores = self.scored
        return sum(scores) / len(scores) if scores else -1.0


def tesseract_lines(data: Mapping[str, list[Any]], mark_min: float = 0.0,
                    lone_specks: str = "", lead_specks: str = "") -> list[OcrLine]:
    """The non-empty lines of ``pytesseract.image_to_data(..., output_type=DICT)``, in
    Tesseract's reading order, without the marks (no letter or digit) read with less than
    ``mark_min`` confidence: specks and the stubs of table rules; nor the words made only of
    ``lone_specks``, however surely read: a full stop is printed on its word, and a lone
    one is a speck ("excluding the . Stellenbosch site" ended the exclusion before its
    object, and the excluded site passed for covered); and ``lead_specks`` glued before a
    word's first letter or digit come off ("_073986-2024-AIS" was no number)."""
    lines: list[OcrLine] = []
    place: tuple[int, int, int, int] | None = None
    zones = data.get("zone")
    for index, raw in enumerate(data["text"]):
        text = " ".join(str(raw).split())
        if not text:
            continue
        if not any(char.isalnum() for char in text) and (
                float(data["conf"][index]) < mark_min
                or (lone_specks and not text.strip(lone_specks))):
            continue
        if lead_specks and text[0] in lead_specks and text.lstrip(lead_specks)[:1].isalnum():
            text = text.lstrip(lead_specks)
        here = (int(data["block_num"][index]), int(data["par_num"][index]),
                int(data["line_num"][index]), int(zones[index]) if zones else 0)
        if here != place:
            lines.append(OcrLine(here[0], here[1], zone=here[3]))
            place = here
        lines[-1].words.append(OcrWord(
            text, float(data["left"][index]), float(data["top"][index]),
            float(data["width"][index]), float(data["height"][index]),
            float(data["conf"][index])))
    return lines


def split_apart(lines: list[OcrLine], gap: float, ratio: float) -> list[OcrLine]:
    """``lines`` with each Tesseract line cut where two words are more than ``gap`` line
    heights apart and the text either side differs in size (the smaller median word height
    under ``ratio`` of the larger) and in height on the page: a seal's small "MANAGEMENT
    SYSTEMS" came as the end of
    the signature line "For and on behalf of YAG" thirty letters to its left, and the body's
    acronym read with it passed for the issuer. A label beside its value is printed in one
    size and stays one line."""
    out: list[OcrLine] = []
    for line in lines:
        words = sorted(line.words, key=lambda word: word.left)
        pieces = [[words[0]]]
        for word in words[1:]:
            last = pieces[-1][-1]
            height = min(_median_height(pieces[-1]), word.height)
            if word.left - (last.left + last.width) > gap * max(height, 1.0):
                pieces.append([])
            pieces[-1].append(word)
        pieces = _with_specks_kept(pieces)
        if len(pieces) == 1 or not _sizes_differ(pieces, ratio):
            out.append(line)
            continue
        out.extend(OcrLine(line.block, line.paragraph, piece, line.zone) for piece in pieces)
    return out


def _with_specks_kept(pieces: list[list[OcrWord]]) -> list[list[OcrWord]]:
    """``pieces`` with each of fewer than three letters and digits (a stamp's "Е", "9") kept
    in the piece before it (the first: after it): on their own lines such specks came between
    a certification body's name and its address, and the body's city passed for a site."""
    out: list[list[OcrWord]] = []
    for piece in pieces:
        if out and (_signs(piece) < 3 or _signs(out[-1]) < 3):
            out[-1].extend(piece)
        else:
            out.append(list(piece))
    return out


def _signs(words: list[OcrWord]) -> int:
    """How many letters and digits ``words`` hold."""
    return sum(char.isalnum() for word in words for char in word.text)


def _median_height(words: list[OcrWord]) -> float:
    heights = sorted(word.height for word in words if any(char.isalnum() for char in word.text))
    return heights[len(heights) // 2] if heights else 0.0


def _sizes_differ(pieces: list[list[OcrWord]], ratio: float) -> bool:
    """Some two neighbouring pieces printed in sizes apart by more than ``ratio`` and at
    heights apart by more than half the smaller's: a date grid's row of dates, one of them
    read taller under a stamp, stays one row."""
    sizes = [(_median_height(piece), _median_middle(piece)) for piece in pieces]
    return any(min(one[0], other[0]) < ratio * max(one[0], other[0])
               and abs(one[1] - other[1]) > 0.5 * min(one[0], other[0])
               for one, other in pairwise(sizes) if one[0] and other[0])


def _median_middle(words: list[OcrWord]) -> float:
    middles = sorted(word.top + word.height / 2 for word in words)
    return middles[len(middles) // 2]


def join_rows(lines: list[OcrLine], max_words: int,
              abut_gap: float = 0.0) -> list[list[OcrLine]]:
    """Rows in Tesseract's order; a short line joins an earlier row of short lines of another
    block printed at the same height, beside it (not overlapping), when its own paragraph has
    no long line before it (so it does not continue a sentence), and only between two blocks
    that run side by side as columns (most of their lines paired so): a sidebar's label
    beside a centred heading stays apart.

    Any line, long or short, also joins an earlier row one of whose lines it continues: level
    with it and starting within ``abut_gap`` line heights of its end (a word space, not a
    gutter). Tesseract cut a footer at a column's edge, mid-word ("... 900 Chelmsford S" |
    "treet, Tower II, Lowell, MA ..."), and read the second half as a line of its own: the
    certification body's city then stood on a line without its name and passed for a site
    of the holder, a false "covered"."""
    short = _short_lines(lines, max_words)
    columns = _column_pairs([line for line in lines if id(line) in short])
    rows: list[list[OcrLine]] = []
    for line in lines:
        target = _row_continued(rows, line, abut_gap) if abut_gap > 0 else None
        if target is None and id(line) in short:
            target = _row_beside(rows, line, columns)
        if target is None:
            rows.append([line])
        else:
            target.append(line)
            target.sort(key=lambda item: item.left)
    return rows


def _row_continued(rows: list[list[OcrLine]], line: OcrLine,
                   gap: float) -> list[OcrLine] | None:
    """The row holding a line that ``line`` continues (or is continued by): same zone,
    another block, their boxes overlapping by more than half the lower one's height (a
    turned scan slants a long line) and one starting within ``gap`` line heights of the
    other's end (or a little before it: two cuts of one word may overlap by a pixel or
    two)."""
    for row in reversed(rows):
        for other in row:
            if other.zone != line.zone or other.block == line.block:
                continue
            low = min(one.height for one in (other, line))
            overlap = min(other.bottom, line.bottom) - max(other.top, line.top)
            if overlap <= 0.5 * low:
                continue
            if (-0.3 * low <= line.left - other.right <= gap * low
                    or -0.3 * low <= other.left - line.right <= gap * low):
                return row
    return None


def _short_lines(lines: list[OcrLine], max_words: int) -> set[int]:
    """Ids of the lines that may be joined: short, and no long line before them in their
    paragraph."""
    long_paragraphs: set[tuple[int, int]] = set()
    short: set[int] = set()
    for line in lines:
        if len(line.words) > max_words:
            long_paragraphs.add((line.block, line.paragraph))
        elif (line.block, line.paragraph) not in long_paragraphs:
            short.add(id(line))
    return short


def _level(one: OcrLine, other: OcrLine) -> bool:
    """Printed at the same height, side by side, both on a panel or both off it."""
    if one.zone != other.zone:
        return False
    if abs(one.middle - other.middle) > 0.5 * min(one.height, other.height):
        return False
    return not (one.left < other.right and other.left < one.right)


def _column_pairs(short: list[OcrLine], share: float = 0.6) -> set[frozenset[int]]:
    """Pairs of blocks with at least two short lines level with each other, pairing at least
    ``share`` of the smaller block's short lines: a label column and its values pair row by
    row, a sidebar and the text beside it only here and there."""
    counts: dict[frozenset[int], int] = {}
    sizes: dict[int, int] = {}
    for index, line in enumerate(short):
        sizes[line.block] = sizes.get(line.block, 0) + 1
        for other in short[index + 1 :]:
            if other.block != line.block and _level(line, other):
                key = frozenset((line.block, other.block))
                counts[key] = counts.get(key, 0) + 1
    return {key for key, count in counts.items()
            if count >= 2 and count >= share * min(sizes[block] for block in key)}


def _row_beside(rows: list[list[OcrLine]], line: OcrLine,
                columns: set[frozenset[int]]) -> list[OcrLine] | None:
    for row in reversed(rows):
        if any(frozenset((other.block, line.block)) not in columns for other in row):
            continue
        if all(_level(other, line) for other in row):
            return row
    return None


def by_zone(rows: list[list[OcrLine]]) -> list[list[OcrLine]]:
    """The rows of each zone together, in Tesseract's order within it, the zone whose first
    row is higher first (a sidebar's labels and dates, then the body, as a text layer has
    them): on a patterned page Tesseract read a sidebar's lines in turn with the body's."""
    def first(zone: int) -> float:  # a speck's lone mark does not place its zone
        tops = [line.top for row in rows for line in row if line.zone == zone
                and sum(char.isalnum() for word in line.words for char in word.text) >= 3]
        return min(tops, default=float("inf"))

    zones = sorted({row[0].zone for row in rows}, key=first)
    return [row for zone in zones for row in rows if row[0].zone == zone]


def parallel_columns(rows: list[list[OcrLine]], gap: float,
                     max_words: int) -> list[list[OcrLine]]:
    """``rows`` with each run of rows printed as parallel columns read column by column.

    A two-column annex of sites ("Genoa" beside "Bologna", each over its address) came from
    Tesseract as rows across both columns, sometimes as one Tesseract line ("276 High Street,
    Genoa, Italy 333 Victoria Quay, Bologna, Italy"), so one site hid the other. A text layer
    reads such columns one after the other. A row is cut into parts at gaps wider than
    ``gap`` line heights; a run of at least two rows with the same number of short parts (at
    most ``max_words`` words) starting at the same places, each row's parts alike (all with
    digits read surely or none, word counts within a factor of two, no label ending in a
    colon), is such a list; a wrapped line right under a row ("Peru" under one address)
    stays in its column. A label beside its value ("Expiry date" | "14/08/2024") is not
    alike, so a label grid stays joined row by row; a grid of labels over values (each row
    all labels or all values, ``_grid_row``) is read column by column, label over value."""
    cut = [_parts(row, gap) for row in rows]
    out: list[list[OcrLine]] = []
    index = 0
    while index < len(rows):
        columns = cut[index]
        placed: list[list[int | None]] = []
        full = 0
        end = index
        while end < len(rows):
            if ((_listed(cut[end], max_words) or _grid_row(cut[end], max_words))
                    and _aligned(columns, cut[end])):
                placed.append(list(range(len(columns))))
                full += 1
            elif end > index and _wrapped(columns, cut[end - 1], cut[end], max_words):
                placed.append([_column_of(columns, part) for part in cut[end]])
            else:
                break
            end += 1
        if full >= 2:
            for column in range(len(columns)):
                for row, where in zip(cut[index:end], placed, strict=True):
                    out.extend([part] for part, at in zip(row, where, strict=True)
                               if at == column)
            index = end
        else:
            out.append(rows[index])
            index += 1
    return out


def _parts(row: list[OcrLine], gap: float) -> list[OcrLine]:
    """The row's words cut at gaps wider than ``gap`` line heights, left to right."""
    words = sorted((word for line in row for word in line.words), key=lambda word: word.left)
    height = sorted(word.height for word in words)[len(words) // 2]  # a tall seal letter or
    # a line's slant does not widen the gap taken for a space
    first = row[0]
    parts = [OcrLine(first.block, first.paragraph, [words[0]], first.zone)]
    for word in words[1:]:
        last = parts[-1].words[-1]
        if word.left - (last.left + last.width) > gap * height:
            parts.append(OcrLine(first.block, first.paragraph, [], first.zone))
        parts[-1].words.append(word)
    # a speck between two columns ("4" off a pen stroke, "or" read at 31) is no column
    kept: list[OcrLine] = []
    for part in parts:
        if kept and all(word.confidence < _SURE or _signs([word]) < 2 for word in part.words):
            kept[-1].words.extend(part.words)
        else:
            kept.append(part)
    return kept


def _listed(parts: list[OcrLine], max_words: int) -> bool:
    """Two or more short parts, all alike, none but the last a label ("Holder:")."""
    if len(parts) < 2 or any(len(part.words) > max_words for part in parts):
        return False
    if any(part.words[-1].text.endswith(":") for part in parts[:-1]):
        return False
    # a lone digit after a label's words ("4" off a pen stroke, read at 73) does not make
    # it a number; one that starts a part does ("3 Via Po")
    digits = {any(char.isdigit() for index, word in enumerate(part.words)
                  if word.confidence >= _SURE and (_signs([word]) >= 2 or index == 0)
                  for char in word.text) for part in parts}
    counts = [len(part.words) for part in parts]
    return len(digits) == 1 and max(counts) <= 2 * min(counts)


def _grid_row(parts: list[OcrLine], max_words: int) -> bool:
    """A row of a label grid printed labels over values: two or more short parts, each a
    label (a word ending in a colon, no digit read surely) or each a value (a digit read
    surely, no colon-ended word). "Certificate Number:  Initial Certification Date:" over
    "8267135  03/13/2013" came from Tesseract row by row, each label a cell away from its
    value; a text layer reads such a grid cell by cell, label over value. A row mixing a
    label and a value ("Expiry date: 14/08/2024 | Issue date: 14/08/2021") is no such row."""
    if len(parts) < 2 or any(len(part.words) > max_words for part in parts):
        return False
    kinds = {(any(word.text.endswith(":") for word in part.words),
              any(char.isdigit() for word in part.words
                  if word.confidence >= _SURE for char in word.text)) for part in parts}
    return kinds in ({(True, False)}, {(False, True)})


_SURE = 60  # a word read less surely ("4" from a pen stroke) does not make a part a number


def _aligned(first: list[OcrLine], other: list[OcrLine]) -> bool:
    """The same number of parts, each starting where the first row's does (within three
    line heights: a column's lines are left-aligned, a scan turned a little)."""
    if len(first) != len(other):
        return False
    return all(_column_of(first, part) == index for index, part in enumerate(other))


def _column_of(columns: list[OcrLine], part: OcrLine) -> int | None:
    """Which column ``part`` starts in, or None."""
    for index, column in enumerate(columns):
        if abs(column.left - part.left) <= 3 * max(column.height, part.height):
            return index
    return None


def _wrapped(columns: list[OcrLine], above: list[OcrLine], row: list[OcrLine],
             max_words: int) -> bool:
    """``row`` is the wrapped end of some columns' lines just above: fewer parts than the
    columns, short, each in its own column and right under the row before (a footer further
    down is not: read into a column, a certification body's address could pass for a
    site)."""
    if len(row) >= len(columns) or any(len(part.words) > max_words for part in row):
        return False
    where = [_column_of(columns, part) for part in row]
    if None in where or len(set(where)) != len(where):
        return False
    bottom = max(part.bottom for part in above)
    return all(part.top - bottom <= 0.8 * part.height for part in row)


def digit_fixer(lookalikes: Mapping[str, str], share: float) -> Callable[[str], str]:
    """A function reading digit look-alikes as digits inside runs that are otherwise digits
    ("2O26" → "2026", "l3.12.2023" → "13.12.2023"), one character for one. A word is
    otherwise digits when at least ``share`` of its letters and digits are digits."""
    table = str.maketrans(dict(lookalikes))
    runs = re.compile("[0-9" + re.escape("".join(lookalikes)) + "]+")

    def fix(word: str) -> str:
        signs = [char for char in word if char.isalnum()]
        digits = sum(char.isdigit() for char in signs)
        if not digits or digits < share * len(signs):
            return word
        pieces = list(word)
        for match in runs.finditer(word):
            run = match.group()
            if run.isdigit() or not any(char.isdigit() for char in run):
                continue
            if not _stands_alone(word, match.start(), match.end()):
                continue
            pieces[match.start() : match.end()] = list(run.translate(table))
        return "".join(pieces)

    return fix


def _stands_alone(word: str, start: int, end: int) -> bool:
    """The run is not part of a longer run of letters ("IS4" stays, "C64704" stays)."""
    before = word[start - 1] if start else ""
    after = word[end] if end < len(word) else ""
    return not (before.isalpha() or after.isalpha())


def latin_lookalike_fixer(lookalikes: Mapping[str, str]) -> Callable[[str], str]:
    """A function reading Cyrillic and Greek letters that look like Latin ones as the Latin
    letters inside a token that holds a digit and a Latin letter and no other letter of
    another script ("ВG-3089-2026" → "BG-3089-2026"), one character for one: a scan read with
    rus+eng returned a Latin certificate number's B as Cyrillic В. A token in its own script
    ("СДС-6441-2023", "РОСС", "RU.АБ01") is left as read."""
    table = str.maketrans(dict(lookalikes))

    def fix(word: str) -> str:
        if not any(char.isdigit() for char in word):
            return word
        letters = [char for char in word if char.isalpha()]
        latin = [char for char in letters if char.isascii()]
        if not latin or any(not char.isascii() and char not in lookalikes for char in letters):
            return word
        return word.translate(table)

    return fix
