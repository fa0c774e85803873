"""A Cyrillic or Greek page's reading with the letters of its language and a few known
misreadings set right (models/patterns/ocr_scripts.yaml).

Tesseract's Greek model reads some monotonic letters as polytonic ones ("Ἑταιρείας",
"᾿Ημερομηνία"): modern certificates print no breathings, and labels and the holder's phrase
were lost. Its Russian model, chosen for a Bulgarian page, reads "ъ" as "ь" ("Спектьр"):
a page without the letters and soft signs of Russian or Ukrainian is Bulgarian, where "ь"
is rare ("шофьор") and "ъ" on every page ("съответства"). Misreadings that are not one
letter for one ("БДСЕМ ISO" for "БДС EN ISO") are patterns; the characters they write take
the boxes of those they replace.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from typing import TYPE_CHECKING, Any

from scopegap.resources import load_yaml

if TYPE_CHECKING:
    from scopegap.ingest.ocr import OcrText


def in_language(text: str, script: str) -> str:
    """``text`` (read in ``script``) with polytonic Greek letters made monotonic and the
    letters of a language the page is written in set right, one character for one."""
    settings = load_yaml("patterns/ocr_scripts.yaml")
    if script == "Greek":
        text = _monotonic(text, settings)
    for rule in settings.get("language_letters") or []:
        if str(rule["script"]) == script:
            text = _language_letters(text, rule)
    return text


def _monotonic(text: str, settings: dict[str, Any]) -> str:
    """Greek letters with breathings or other polytonic marks as their monotonic letters
    (an acute stays a tonos), spacing breathings as spaces."""
    dropped = set(str(settings["polytonic_marks"]))
    spacing = set(str(settings["polytonic_spacing_marks"]))
    out = []
    for char in text:
        if char in spacing:
            out.append(" ")
        elif "\u1f00" <= char <= "\u1fff":
            kept = "".join(part for part in unicodedata.normalize("NFD", char)
                           if part not in dropped)
            single = unicodedata.normalize("NFC", kept)
            out.append(single if len(single) == 1 else kept[:1] or char)
        else:
            out.append(char)
    return "".join(out)


def _language_letters(text: str, rule: dict[str, Any]) -> str:
    """``text`` with ``rule``'s letters replaced when the page holds at least
    ``min_letters`` letters of the script and at most ``max_absent`` of ``absent`` (specks
    are read as "і") and no match of ``not_if`` (the language is then known)."""
    letters = re.compile(str(rule["letters_of_script"]))
    if len(letters.findall(text)) < int(rule["min_letters"]) \
            or sum(text.count(char) for char in str(rule["absent"])) > int(rule["max_absent"]) \
            or re.search(str(rule["not_if"]), text):
        return text
    table = {str(key): str(value) for key, value in dict(rule["replace"]).items()}
    return "".join(table.get(char, char) for char in text)


def with_fixes(result: OcrText, script: str) -> OcrText:
    """``result`` with each of ``script``'s ``text_fixes`` patterns replaced; the written
    characters share the boxes and confidence of those replaced (evidence stays placed)."""
    fixes = load_yaml("patterns/ocr_scripts.yaml")["text_fixes"].get(script) or []
    if len(result.boxes) != 4 * len(result.text) or len(result.confidences) != len(result.text):
        return result  # no places to share: the reading stays as read
    for fix in fixes:
        pattern = re.compile(str(fix["pattern"]))
        changes = [(match.start(), match.end(), match.expand(str(fix["replace"])))
                   for match in pattern.finditer(result.text)]
        if changes:
            result = with_replacements(result, changes)
    return result


def with_replacements(result: OcrText, changes: list[tuple[int, int, str]]) -> OcrText:
    """``result`` with each (start, end, text) of ``changes`` (in order, not overlapping)
    written in; the written characters share the boxes and confidence of those they replace
    (an insertion those of its neighbours)."""
    from scopegap.ingest.ocr import OcrText

    text, boxes, confidences = result.text, result.boxes, result.confidences
    if len(boxes) != 4 * len(text) or len(confidences) != len(text):
        return result  # no places to share: the reading stays as read
    parts: list[str] = []
    new_boxes, new_confidences = array("f"), array("f")
    position = 0
    for start, end, replacement in sorted(changes):
        parts.append(text[position:start])
        parts.append(replacement)
        new_boxes.extend(boxes[4 * position : 4 * start])
        new_confidences.extend(confidences[position:start])
        source = range(start, end) if end > start else range(max(start - 1, 0), start + 1)
        for offset in range(len(replacement)):  # an empty replacement writes none
            index = source[min(offset * len(source) // len(replacement), len(source) - 1)]
            new_boxes.extend(boxes[4 * index : 4 * index + 4])
            new_confidences.append(confidences[index])
        position = end
    parts.append(text[position:])
    new_boxes.extend(boxes[4 * position :])
    new_confidences.extend(confidences[position:])
    return OcrText("".join(parts), new_boxes, result.confidence, new_confidences)
