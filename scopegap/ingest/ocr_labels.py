"""Row labels that Tesseract read out of place, put back before the text they label.

A certificate's grid prints a short label ("Scope", "Alcance / Scope") in a left column,
level with the middle of a value of several lines. Tesseract then reads the label after the
whole value, as a block of its own, or inside the value's middle line ("Scope services
delivered with …"). A text layer has it before the value's first line. Read out of place,
the scope statement's cue was lost and nothing in the scope (its tools, its exclusions) was
read: every item of a scanned grid certificate stayed uncovered.

The label is put back, as a line of its own, before the first line of the value it sits
beside; nothing else moves and no word is dropped, so a label read wrongly costs nothing a
typed certificate would not.
"""

from __future__ import annotations

from dataclasses import dataclass

from scopegap.ingest.ocr_lines import OcrLine, OcrWord


@dataclass(frozen=True)
class LabelRule:
    """``max_words``: the most words a label has; ``gap``: the least gap (line heights)
    between a label merged into a line and the value's words after it; ``reach``: the most
    gap (line heights) between a label and the value beside it."""

    max_words: int
    gap: float
    reach: float


def without_lead_specks(lines: list[OcrLine], specks: str) -> list[OcrLine]:
    """``lines`` without the marks (only characters of ``specks``) that start them: a speck
    read as "." or "_" before "Ambito / Scope" hid the label from the cues that want it
    first on its line. A line that is only marks stays. Marks glued to the first word
    before a capital ("“National Quality Registrations Ltd", "-Silverfern Support Services
    EOOD") are taken off it too (its box narrowed by as many letters): so read, the
    certification body's name and the holder's were no names. A bullet has a space after it
    and stays; so does a word whose marks come before a small letter ("'s-Hertogenbosch")."""
    out: list[OcrLine] = []
    for line in lines:
        words = sorted(line.words, key=lambda word: word.left)
        first = 0
        while first < len(words) - 1 and all(char in specks for char in words[first].text):
            first += 1
        glued = _glued_specks(words[first].text, specks + "-")
        if glued:
            words = [*words[:first], _without_lead(words[first], glued), *words[first + 1:]]
        if first or glued:
            line = OcrLine(line.block, line.paragraph, words[first:], line.zone)
        out.append(line)
    return out


def _glued_specks(text: str, specks: str) -> int:
    """How many marks of ``specks`` start ``text`` right before a capital letter."""
    count = 0
    while count < len(text) and text[count] in specks:
        count += 1
    return count if 0 < count < len(text) and text[count].isupper() else 0


def _without_lead(word: OcrWord, count: int) -> OcrWord:
    """``word`` without its first ``count`` characters, its box narrowed to match."""
    share = word.width * count / len(word.text)
    return OcrWord(word.text[count:], word.left + share, word.top, word.width - share,
                   word.height, word.confidence)


def without_label_specks(words: list[OcrWord], floor: float) -> list[OcrWord]:
    """``words`` (one row, left to right) without a lone small letter or mark read below
    ``floor`` right after a label's colon: a speck beside a label ("Certificate Number: a",
    its value on the next line; "Certificate No: i") made the label no label, and the
    certificate lost its number. No value is one small letter; a capital ("Revision: B")
    or a word read surely stays."""
    return [word for position, word in enumerate(words)
            if not (position and words[position - 1].text.endswith(":")
                    and len(word.text) == 1 and not word.text.isupper()
                    and not word.text.isdigit() and 0 <= word.confidence < floor)]


def labels_first(rows: list[list[OcrLine]], rule: LabelRule) -> list[list[OcrLine]]:
    """``rows`` with each label read out of place moved before the value it sits beside."""
    rows = _cut_merged(rows, rule)
    out = [list(row) for row in rows]
    index = 0
    while index < len(out):
        row = out[index]
        if len(row) == 1 and _label_like(row[0], rule):
            start = _value_beside(out[:index], row[0], rule)
            if start is not None:
                out.insert(start, out.pop(index))
        index += 1
    return out


def _label_like(line: OcrLine, rule: LabelRule) -> bool:
    """Short, with a letter, not a sentence's end."""
    text = " ".join(word.text for word in line.words)
    return (len(line.words) <= rule.max_words and any(char.isalpha() for char in text)
            and not text.rstrip().endswith((".", ",", ";")))


def _runs(rows: list[list[OcrLine]]) -> list[tuple[int, int]]:
    """(first, end) indices of each run of rows that are lines of one Tesseract block, each
    a single line right under the one before, that reads as prose."""
    runs: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(rows) + 1):
        if index < len(rows) and _continues(rows[index - 1], rows[index]):
            continue
        if _prose(rows[start:index]):
            runs.append((start, index))
        start = index
    return runs


def _prose(rows: list[list[OcrLine]]) -> bool:
    """Two or more lines, each but the last of at least ``_PROSE_WORDS`` words: a value
    of several lines is a sentence; a column of a grid's values ("BG-78408" over
    "07.07.2025") is not, and a label beside one of those is its own."""
    return len(rows) >= 2 and all(
        sum(1 for word in row[0].words if _signs(word.text)) >= _PROSE_WORDS
        for row in rows[:-1])


_PROSE_WORDS = 4


def _continues(above: list[OcrLine], below: list[OcrLine]) -> bool:
    if len(above) != 1 or len(below) != 1:
        return False
    one, other = above[0], below[0]
    height = min(one.height, other.height)  # a tall letter may reach into the next line
    return (one.block == other.block and one.zone == other.zone and other.top > one.top
            and -0.5 * height <= other.top - one.bottom <= 1.5 * height)


def _value_beside(rows: list[list[OcrLine]], label: OcrLine, rule: LabelRule) -> int | None:
    """The index of the first row of an earlier run of two or more lines that ``label``
    sits beside: to its left, within ``reach`` line heights, its middle between the run's
    top and bottom."""
    for first, end in reversed(_runs(rows)):
        lines = [row[0] for row in rows[first:end]]
        if lines[0].zone != label.zone:
            continue
        left = min(_body_left(line) for line in lines)
        height = max(label.height, 1.0)
        if not 0 < left - label.right <= rule.reach * height:
            continue
        if lines[0].top <= label.middle <= lines[-1].bottom:
            return first
    return None


def _body_left(line: OcrLine) -> float:
    """Where a line's text starts, a stray mark before it left out."""
    for word in sorted(line.words, key=lambda item: item.left):
        signs = _signs(word.text)
        if signs >= 2 or (signs and word.confidence >= _SURE):
            return word.left
    return line.left


_SURE = 60  # a lone letter read less surely than this before a line ("i") is a speck


def _cut_merged(rows: list[list[OcrLine]], rule: LabelRule) -> list[list[OcrLine]]:
    """``rows`` with a label read into a line of a value ("Scope services delivered …": the
    label's words, then a gap of more than ``gap`` line heights, then a value's words that
    start where the lines above and below start) cut out and put before the value's first
    line."""
    out = [list(row) for row in rows]
    cutting = True
    while cutting:
        cutting = False
        for first, end in _runs(out):
            lines = [row[0] for row in out[first:end]]
            for position, line in enumerate(lines):
                if not position:
                    continue  # a label on the first line is where a text layer has it
                others = [_body_left(other) for index, other in enumerate(lines)
                          if index != position]
                cut = _merged_label(line, others, rule)
                if cut is None:
                    continue
                label, rest = cut
                out[first + position] = [OcrLine(line.block, line.paragraph, rest, line.zone)]
                out.insert(first, [OcrLine(line.block, line.paragraph, label, line.zone)])
                cutting = True
                break
            if cutting:
                break
    return out


def _merged_label(line: OcrLine, others: list[float],
                  rule: LabelRule) -> tuple[list[OcrWord], list[OcrWord]] | None:
    """(label words, value words) when ``line`` starts with a label merged into it; marks
    between them (a speck's "." or ":") go with neither."""
    words = sorted(line.words, key=lambda word: word.left)
    solid = [index for index, word in enumerate(words) if _signs(word.text)]
    heights = sorted(words[index].height for index in solid)
    if len(solid) < 2:
        return None
    height = heights[len(heights) // 2]
    for count in range(1, min(rule.max_words, len(solid) - 1) + 1):
        last, following = words[solid[count - 1]], words[solid[count]]
        end = last.left + last.width
        if following.left - end <= rule.gap * height:
            continue
        label = words[: solid[count - 1] + 1]
        if not any(char.isalpha() for word in label for char in word.text):
            return None
        # the value's other lines start where the rest does, and right of the label
        rest = words[solid[count]:]
        if others and len(solid) - count >= 2 and all(
                abs(left - following.left) <= height and left > end for left in others):
            return label, rest
        return None
    return None


def _signs(text: str) -> int:
    return sum(char.isalnum() for char in text)
