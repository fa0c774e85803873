"""A label printed on two lines of a table's label column, read back whole beside its value.

A label cell too narrow for "Дата первинної сертифікації" or "Ημερομηνία αρχικής
πιστοποίησης" wraps; Tesseract reads the label's first line with the value beside it and its
last word on a line of its own after them ("Дата первинної 16.12.2018 р." then
"сертифікації"): the original certification date lost its label. A short line of words
without digits followed by a date, with the next line a single small word of the script
(specks after it allowed, a speck read as one or two letters too: "сертифікації нЕ"), is read
as the label's words, that word, then the value (models/patterns/ocr_scripts.yaml
``label_tails``). Every character keeps its box.
"""

from __future__ import annotations

import re
from array import array
from typing import TYPE_CHECKING

from scopegap.resources import load_yaml

if TYPE_CHECKING:
    from scopegap.ingest.ocr import OcrText


def with_label_tails(result: OcrText, script: str) -> OcrText:
    """``result`` with each label's last word, read on the line after its value, put back
    between the label and the value."""
    from scopegap.ingest.ocr import OcrText

    settings = load_yaml("patterns/ocr_scripts.yaml")["label_tails"]
    letters = settings["tail_letters"].get(script)
    text, boxes, confidences = result.text, result.boxes, result.confidences
    if letters is None or len(boxes) != 4 * len(text) or len(confidences) != len(text):
        return result
    labelled = re.compile(
        r"(?m)^(?P<label>[^\W\d_][^\n\d]*?[^\W\d_])(?P<gap>[ \t]+)"
        rf"(?P<value>(?:{settings['value']})[^\n]*)\n"
        rf"(?P<tail>{letters}{{{int(settings['tail_min_letters'])},}})"
        rf"(?P<rest>[ \t]*[{re.escape(str(settings['tail_specks']))}]*"
        rf"(?:[ \t]+[^\W\d_]{{1,{int(settings['tail_speck_letters'])}}})?[ \t]*)$")
    most = int(settings["label_max_words"])
    parts: list[str] = []
    new_boxes, new_confidences = array("f"), array("f")
    position = 0

    def take(start: int, end: int) -> None:
        parts.append(text[start:end])
        new_boxes.extend(boxes[4 * start : 4 * end])
        new_confidences.extend(confidences[start:end])

    for found in labelled.finditer(text):
        if len(found.group("label").split()) > most:
            continue
        take(position, found.end("label"))
        parts.append(" ")
        new_boxes.extend((0.0, 0.0, 0.0, 0.0))
        new_confidences.append(-1.0)
        take(found.start("tail"), found.end("tail"))
        take(found.start("gap"), found.end("value"))
        position = found.end()
    if not parts:
        return result
    take(position, len(text))
    return OcrText("".join(parts), new_boxes, result.confidence, new_confidences)
