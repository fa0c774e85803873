"""A second look at the lines Tesseract read badly on a page, each on its own.

In a full page, Tesseract reads a small label beside a tinted panel, a line under a stamp or
a line on patterned paper as noise ("Fecha de caducidad" came as "orca Ras spn" at 14-30)
and the line is dropped; cut out of the page and read as lines, the same pixels came back
right at 91-96. The weak lines of a page are cut out, stacked on one white strip and read by
one more Tesseract call (a call costs about a second whatever its size, so not one per line);
a line's new reading replaces the old only when Tesseract is surer of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from scopegap.resources import load_yaml

KEYS = ("text", "conf", "block_num", "par_num", "line_num", "left", "top", "width", "height")


@dataclass(frozen=True)
class WeakLine:
    """A Tesseract line to read again: its word indices, box and mean word confidence."""

    indices: tuple[int, ...]
    box: tuple[int, int, int, int]  # left, top, right, bottom in the prepared image
    mean: float


def weak_lines(data: dict[str, list[Any]], min_confidence: float, min_chars: int,
               limit: int, gap: float, word_confidence: float = -1.0) -> list[WeakLine]:
    """Pieces of lines (a Tesseract line cut where its words are more than ``gap`` line
    heights apart: it may run from a sidebar's label into the body) whose mean word
    confidence is below ``min_confidence`` and which hold at least ``min_chars`` letters and
    digits (a speck or a seal's lone letter is not worth a look), at most ``limit`` of them,
    the longest first; then, up to ``limit`` in all, the words read below
    ``word_confidence`` in the other lines (``_weak_words``), none sharing a word with a piece
    taken before: two cuts over one word each put their reading of it back ("Issued i in
    conjunction i with" off a generated scan lost the cue that the 27001 certificate it
    names is only the parent)."""
    lines: dict[tuple[int, int, int], list[int]] = {}
    for index, text in enumerate(data["text"]):
        if str(text).strip():
            key = (int(data["block_num"][index]), int(data["par_num"][index]),
                   int(data["line_num"][index]))
            lines.setdefault(key, []).append(index)
    found: list[tuple[int, WeakLine]] = []
    for indices in (piece for line in lines.values() for piece in _pieces(data, line, gap)):
        scores = [float(data["conf"][i]) for i in indices if float(data["conf"][i]) >= 0]
        chars = sum(char.isalnum() for i in indices for char in str(data["text"][i]))
        if not scores or chars < min_chars:
            continue
        mean = sum(scores) / len(scores)
        if mean >= min_confidence:
            continue
        left = min(int(data["left"][i]) for i in indices)
        top = min(int(data["top"][i]) for i in indices)
        right = max(int(data["left"][i]) + int(data["width"][i]) for i in indices)
        bottom = max(int(data["top"][i]) + int(data["height"][i]) for i in indices)
        found.append((chars, WeakLine(tuple(indices), (left, top, right, bottom), mean)))
    found.sort(key=lambda item: -item[0])
    weak = [line for _, line in found[:limit]]
    taken = {index for line in weak for index in line.indices}
    words = [line for line in _weak_words(data, lines.values(), min_confidence, word_confidence,
                                          limit)
             if not taken & set(line.indices)]
    chosen: list[WeakLine] = []
    for line in words:  # two cuts over one word would each put it back: "in ... i in"
        if len(weak) + len(chosen) < limit and not taken & set(line.indices):
            chosen.append(line)
            taken.update(line.indices)
    return weak + chosen


def _weak_words(data: dict[str, list[Any]], lines: Iterable[list[int]], min_confidence: float,
                word_confidence: float, limit: int) -> list[WeakLine]:
    """Words read below ``word_confidence`` in lines read surely, each with the word either
    side for context and cut at the height of those: "excluding" in a sure line came as "ne"
    at 33, its box drawn twice the line's height, and right at 94 cut out with its
    neighbours."""
    found: list[WeakLine] = []
    for indices in lines:
        scores = [float(data["conf"][i]) for i in indices if float(data["conf"][i]) >= 0]
        if not scores or sum(scores) / len(scores) < min_confidence:
            continue  # a weak line is read again whole
        ordered = sorted(indices, key=lambda i: int(data["left"][i]))
        heights = sorted(int(data["height"][i]) for i in ordered)
        height = heights[len(heights) // 2]
        for position, index in enumerate(ordered):
            conf = float(data["conf"][index])
            if not 0 <= conf < word_confidence or int(data["width"][index]) < 1.5 * height:
                continue
            piece = ordered[max(0, position - 1) : position + 2]
            context = [i for i in piece if i != index] or piece
            top = min(int(data["top"][i]) for i in context)
            bottom = max(int(data["top"][i]) + int(data["height"][i]) for i in context)
            left = min(int(data["left"][i]) for i in piece)
            right = max(int(data["left"][i]) + int(data["width"][i]) for i in piece)
            found.append(WeakLine(tuple(piece), (left, top, right, bottom), conf))
    found.sort(key=lambda line: line.mean)
    return found[: max(0, limit)]


def _pieces(data: dict[str, list[Any]], indices: list[int], gap: float) -> list[list[int]]:
    """The words of one line in runs no more than ``gap`` line heights apart."""
    heights = sorted(int(data["height"][i]) for i in indices)
    height = heights[len(heights) // 2]
    pieces: list[list[int]] = []
    end = None
    for index in sorted(indices, key=lambda i: int(data["left"][i])):
        left = int(data["left"][index])
        if end is None or left - end > gap * height:
            pieces.append([])
        pieces[-1].append(index)
        end = left + int(data["width"][index])
    return pieces


def reread(image: Any, data: dict[str, list[Any]], *, languages: str,
           timeout: float) -> dict[str, list[Any]]:
    """``data`` with its weak lines read again from ``image`` (the prepared page), or as it
    was when there are none or Tesseract fails on the strip."""
    import pytesseract

    settings = load_yaml("patterns/ocr.yaml")
    minimum = float(settings["ocr_min_line_confidence"])
    lines = weak_lines(data, minimum, int(settings["reread_min_chars"]),
                       int(settings["reread_max_lines"]), float(settings["column_gap"]),
                       float(settings["reread_word_confidence"]))
    if not lines:
        return data
    strip, places = _strip(image, lines, float(settings["reread_pad"]))
    try:
        read = pytesseract.image_to_data(strip, lang=languages, config="--psm 6",
                                         output_type=pytesseract.Output.DICT,
                                         timeout=max(timeout, 1))
    except (RuntimeError, pytesseract.TesseractError):
        return data  # the first reading stands
    finally:
        strip.close()
    better = _better(read, lines, places, minimum, data, float(settings["reread_min_kept"]))
    return merged(data, better) if better else data


def _strip(image: Any, lines: Sequence[WeakLine],
           pad: float) -> tuple[Any, list[tuple[int, int, int, int]]]:
    """The lines cut out (``pad`` line heights around each) and stacked on white, and where
    each cut came from and went to: (source left, source top, strip top, strip bottom)."""
    from PIL import Image

    width, height = image.size
    cuts = []
    for line in lines:
        left, top, right, bottom = line.box
        margin = int(pad * (bottom - top)) + 2
        cuts.append((max(0, left - margin), max(0, top - margin), min(width, right + margin),
                     min(height, bottom + margin)))
    gap = max(cut[3] - cut[1] for cut in cuts)
    strip = Image.new("L", (max(cut[2] - cut[0] for cut in cuts) + 2 * gap,
                            sum(cut[3] - cut[1] + gap for cut in cuts) + gap), 255)
    places = []
    cursor = gap
    for left, top, right, bottom in cuts:
        strip.paste(image.crop((left, top, right, bottom)).convert("L"), (gap, cursor))
        places.append((left - gap, top, cursor, cursor + bottom - top))
        cursor += bottom - top + gap
    return strip, places


def _better(read: dict[str, list[Any]], lines: Sequence[WeakLine],
            places: Sequence[tuple[int, int, int, int]], minimum: float,
            page: dict[str, list[Any]] | None = None,
            kept_share: float = 0.0) -> dict[WeakLine, list[dict[str, Any]]]:
    """For each line read surely enough (mean at least ``minimum`` and above its first
    reading), its new words in page coordinates; a word whose middle lies in the margin cut
    around the line is a neighbour's letters and left out, and so is one lying on a word of
    ``page`` (the first reading) outside the line: a seal's garbage came with a box three
    lines tall, and its cut read the sure line beside it a second time ("For and on behalf
    of YAG" twice, the copy worse). A new reading holding fewer than ``kept_share`` of the
    first's letters and digits is no better however sure: a signature across a Russian
    body's line made its cut read "выдан т" at 80 for "выдан органом-ве’сертифкации:
    «Стандарт-Сёртификация»" (67), and with the body's name lost its address became a site
    (a false "covered", fresh scan 5625)."""
    words: list[list[dict[str, Any]]] = [[] for _ in lines]
    kept = _sure_boxes(page, lines) if page is not None else []
    for index, text in enumerate(read["text"]):
        if not str(text).strip():
            continue
        middle = int(read["top"][index]) + int(read["height"][index]) / 2
        centre = int(read["left"][index]) + int(read["width"][index]) / 2
        for number, (shift_x, source_top, top, bottom) in enumerate(places):
            if top <= middle < bottom:
                left, _, right, _ = lines[number].box
                if not left <= centre + shift_x <= right:
                    break  # a neighbour's letters the margin took in ("i" of "in")
                x0, y0 = int(read["left"][index]) + shift_x, int(read["top"][index]) - top
                wide, high = int(read["width"][index]), int(read["height"][index])
                word: dict[str, Any] = {
                    "text": str(text), "conf": float(read["conf"][index]), "left": x0,
                    "top": y0 + source_top, "width": wide, "height": high,
                }
                x, y = x0 + wide / 2, y0 + source_top + high / 2
                if not any(a <= x <= c and b <= y <= d for a, b, c, d in kept):
                    words[number].append(word)
                break
    better: dict[WeakLine, list[dict[str, Any]]] = {}
    for line, new in zip(lines, words, strict=True):
        scores = [word["conf"] for word in new if word["conf"] >= 0]
        mean = sum(scores) / len(scores) if scores else -1.0
        if mean >= minimum and mean > line.mean and (
                page is None or _letters(word["text"] for word in new)
                >= kept_share * _letters(page["text"][index] for index in line.indices)):
            better[line] = new
    return better


def _letters(texts: Iterable[Any]) -> int:
    return sum(char.isalnum() for text in texts for char in str(text))


def _sure_boxes(page: dict[str, list[Any]],
                lines: Sequence[WeakLine]) -> list[tuple[int, int, int, int]]:
    """The boxes of the first reading's words that no cut reads again."""
    again = {index for line in lines for index in line.indices}
    return [(int(page["left"][i]), int(page["top"][i]),
             int(page["left"][i]) + int(page["width"][i]),
             int(page["top"][i]) + int(page["height"][i]))
            for i, text in enumerate(page["text"]) if str(text).strip() and i not in again]


def merged(data: dict[str, list[Any]],
           better: dict[WeakLine, list[dict[str, Any]]]) -> dict[str, list[Any]]:
    """``data`` (only the keys layout needs) with each line's words replaced by its new ones,
    in the line's place and under its block, paragraph and line numbers."""
    first = {min(line.indices): line for line in better}
    dropped = {index for line in better for index in line.indices}
    out: dict[str, list[Any]] = {key: [] for key in KEYS}
    for index in range(len(data["text"])):
        if index in first:
            line = first[index]
            for word in better[line]:
                for key in ("text", "conf", "left", "top", "width", "height"):
                    out[key].append(word[key])
                for key in ("block_num", "par_num", "line_num"):
                    out[key].append(data[key][index])
        if index in dropped:
            continue
        for key in KEYS:
            out[key].append(data[key][index])
    return out
