"""Specks that a Cyrillic or Greek reading of a scan took for one-letter words, left out.

Tesseract's English model reads a scan's specks and the stubs of a table's rules as marks,
dropped when unsure (ocr.yaml ``mark_min_confidence``); its Cyrillic models read them as
letters, at 60-75: "Місцезнаходження й 26287, Україна, м. Львів" (the site's label no
longer met its address), "й Дата видачі: 05.12.2024" and "Я Адреса майданчика" (a label no
longer opened its line), "Zoom й" (a tool's name no longer met its second line). A word of
one character is such a speck when its box is far smaller than its line's letters, or when it
opens a line before a capitalised word, read unsurely and small, or stands apart from its
neighbours (a column's gap away), read unsurely (models/patterns/ocr_scripts.yaml
``specks``). Words of one real letter ("з", "і", "у") are read at the height of their line's
letters, surely: they stay. A dash alone that is far narrower than a printed one is a speck
too ("Номер сертификата - RU 122/41": the number lost its label).
"""

from __future__ import annotations

import re
from array import array
from statistics import median
from typing import TYPE_CHECKING

from scopegap.resources import load_yaml

if TYPE_CHECKING:
    from scopegap.ingest.ocr import OcrText


def without_specks(result: OcrText) -> OcrText:
    """``result`` without its speck words (and the space after each); the other characters
    keep their boxes and confidences."""
    from scopegap.ingest.ocr import OcrText

    text, boxes, confidences = result.text, result.boxes, result.confidences
    if len(boxes) != 4 * len(text) or len(confidences) != len(text):
        return result  # no places to judge by
    settings = dict(load_yaml("patterns/ocr_scripts.yaml")["specks"])
    cut: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        cut.extend(_line_specks(result, line.start(), line.group(), settings))
    if not cut:
        return result
    parts: list[str] = []
    new_boxes, new_confidences = array("f"), array("f")
    position = 0
    for start, end in cut:
        parts.append(text[position:start])
        new_boxes.extend(boxes[4 * position : 4 * start])
        new_confidences.extend(confidences[position:start])
        position = end
    parts.append(text[position:])
    new_boxes.extend(boxes[4 * position :])
    new_confidences.extend(confidences[position:])
    return OcrText("".join(parts), new_boxes, result.confidence, new_confidences)


def _line_specks(result: OcrText, offset: int, line: str,
                 settings: dict[str, object]) -> list[tuple[int, int]]:
    """The spans of ``line`` (at ``offset`` in the page's text) to leave out: each speck word
    with the space after it (before it, for a line's last word)."""
    words = [(offset + found.start(), offset + found.end())
             for found in re.finditer(r"\S+", line)]
    heights = [_height(result, index) for start, end in words for index in range(start, end)
               if result.text[index].isalnum()]
    if len(words) < 2 or not heights:
        return []
    typical = median(heights)
    keep, quotes = str(settings["keep"]), str(settings["quotes"])
    small = float(str(settings["max_height"])) * typical
    lead_height = float(str(settings["lead_max_height"])) * typical
    lead_sure = float(str(settings["lead_max_confidence"]))
    lead_unsure = float(str(settings["lead_any_height_below"]))
    apart = float(str(settings["apart_gap"])) * typical
    dashes, thin = str(settings["dashes"]), float(str(settings["dash_min_width"])) * typical
    out: list[tuple[int, int]] = []
    for position, (start, end) in enumerate(words):
        char = result.text[start:end]
        core = char.strip(quotes)  # '"7 Дата на издаване:'
        if len(core) == 1 and core in dashes and _width(result, start) < thin:
            out.append(_span(words, position))  # "сертификата - RU 122/41": a dot's width
            continue
        if len(core) != 1 or core in keep:
            continue
        height, confidence = _height(result, start), float(result.confidences[start])
        following = result.text[words[position + 1][0]:words[position + 1][1]] \
            if position + 1 < len(words) else ""
        leading = position == 0 and confidence < lead_sure \
            and (height < lead_height or confidence < lead_unsure) \
            and following[:1].isupper() and sum(c.isalpha() for c in following) >= 3
        alone = confidence < lead_sure and any(
            gap > apart for gap in _gaps(result, words, position))
        if height < small or leading or alone:
            out.append(_span(words, position))
    return out


def _span(words: list[tuple[int, int]], position: int) -> tuple[int, int]:
    """Word ``position`` with the space after it (before it, for a line's last word)."""
    start, end = words[position]
    return (start, words[position + 1][0]) if position + 1 < len(words) \
        else (words[position - 1][1], end)


def _gaps(result: OcrText, words: list[tuple[int, int]], position: int) -> list[float]:
    """The blank widths between word ``position`` and its neighbours on its line."""
    start, end = words[position]
    out = []
    if position:
        out.append(float(result.boxes[4 * start]
                         - result.boxes[4 * (words[position - 1][1] - 1) + 2]))
    if position + 1 < len(words):
        out.append(float(result.boxes[4 * words[position + 1][0]]
                         - result.boxes[4 * (end - 1) + 2]))
    return out


def _width(result: OcrText, index: int) -> float:
    return float(result.boxes[4 * index + 2] - result.boxes[4 * index])


def _height(result: OcrText, index: int) -> float:
    return float(result.boxes[4 * index + 3] - result.boxes[4 * index + 1])
