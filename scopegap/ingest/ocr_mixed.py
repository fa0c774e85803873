"""A page read in Cyrillic or Greek, with its Latin words and its own letters set right.

Tesseract reading a Cyrillic or Greek scan in that script's languages reads the Latin words
printed on it (tool names, "ISO/IEC") as letters of the script ("NICE Engage" came as
"МІСЕ Епдаде"), and a few of the script's own letters as marks ("видач!" for "видачі").
The English reading of the same page, made first, read those Latin words right: a word of
the script's reading is taken from it when, at the same place, it is Latin words the project
knows (the catalog's tool names, models/patterns/ocr_scripts.yaml), read surely. Letters the
English reading made of the script's own words ("Cuctema" for "Система") are never such
words, so they stay in the script. The marks are set right one for one.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from functools import cache

from scopegap.ingest.ocr import OcrText
from scopegap.ingest.ocr_letters import in_language
from scopegap.resources import load_yaml

_LATIN_WORD = re.compile(r"[A-Za-z]+")
_LATIN_ONLY = re.compile(r"[A-Za-z0-9./:&'+-]+")
_LATIN_LETTERS = re.compile(r"[A-Za-z][A-Za-z.\-]*[A-Za-z.]")
_MARKS = "()[]«»\"'‘’“”,;:"
_PREFIXED = re.compile(r"([A-Z]{2})((?:[-./]?\d[\d\-./]*)?)")


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    box: tuple[float, float, float, float]
    confidence: float


def in_script(result: OcrText, script: str) -> OcrText:
    """``result`` (read in ``script``'s languages) with its letters in its language's
    (ocr_letters.py), its marks read as the script's letters and its Latin look-alike words
    beside the script's words read in the script, one character for one (boxes stay
    valid)."""
    settings = load_yaml("patterns/ocr_scripts.yaml")
    letters = re.compile(str(settings["script_letters"][script]))
    marks = {str(key): str(value)
             for key, value in dict(settings["native_lookalikes"].get(script) or {}).items()}
    chars = list(in_language(result.text, script))
    for index, char in enumerate(chars):
        if char in marks and any(
                0 <= near < len(chars) and letters.match(chars[near])
                for near in (index - 1, index + 1)):
            chars[index] = marks[char]
    text = _lookalike_words("".join(chars), letters, {
        str(key): str(value)
        for key, value in dict(settings["latin_to_script"].get(script) or {}).items()})
    return OcrText(text, result.boxes, result.confidence, result.confidences)


def _lookalike_words(text: str, letters: re.Pattern[str], table: dict[str, str]) -> str:
    """``text`` with each word made only of ``table``'s Latin letters (and marks), beside a
    word holding one of ``letters`` on its line and no Latin vocabulary word, translated."""
    if not table:
        return text
    vocabulary = latin_vocabulary()
    translate = str.maketrans(table)
    lines = []
    for line in text.split("\n"):
        words = line.split(" ")
        native = [bool(letters.search(word)) for word in words]
        for index, word in enumerate(words):
            core = [char for char in word if char.isalnum()]
            if not core or any(char not in table for char in core) or \
                    word.strip("()[]«»\"'‘’“”,;:.").casefold() in vocabulary:
                continue
            if (index > 0 and native[index - 1]) or (index + 1 < len(words)
                                                     and native[index + 1]):
                words[index] = word.translate(translate)
                native[index] = True  # "I.K.E." after "NOIOTHTA" read as Greek
        lines.append(" ".join(words))
    return "\n".join(lines)


def with_latin_words(result: OcrText, latin: OcrText, script: str) -> OcrText:
    """``result`` (read in ``script``'s languages) with each of its words holding a letter of
    the script replaced by ``latin``'s word at the same place when that is known Latin words
    read with at least ``latin_word_min_confidence`` or more surely than the script's word
    ("UJET" at 65 against "(ЧЕТ" at 47), and each Latin word one letter off a vocabulary
    word ``latin`` read there replaced by it, however unsurely ("Sprinkir" at 76 against
    "Sprinklr" at 41: the tool was lost); the word keeps its place on the page."""
    settings = load_yaml("patterns/ocr_scripts.yaml")
    letters = re.compile(str(settings["script_letters"][script]))
    minimum = float(settings["latin_word_min_confidence"])
    overlap = float(settings["latin_word_min_overlap"])
    vocabulary = latin_vocabulary()
    latin_words = _words(latin)
    candidates = [word for index, word in enumerate(latin_words)
                  if _known(latin.text[word.start:word.end], vocabulary)
                  or _country_prefix(latin, latin_words, index)]
    if not candidates or len(result.boxes) != 4 * len(result.text):
        return result
    replaced: list[tuple[_Word, _Word]] = []
    for word in _words(result):
        if not letters.search(result.text[word.start:word.end]):
            match = max(candidates, key=lambda other: _shared(word.box, other.box))
            if _one_letter_off(result.text[word.start:word.end],
                               latin.text[match.start:match.end], vocabulary) \
                    and _shared(word.box, match.box) >= overlap:
                replaced.append((word, match))  # "Sprinkir" where English read "Sprinklr"
            continue
        match = max(candidates, key=lambda other: _shared(word.box, other.box))
        sure = match.confidence >= minimum or match.confidence > word.confidence
        digits = _digits(latin.text[match.start:match.end])  # "ISMS" for "І5М5"
        if sure and _shared(word.box, match.box) >= overlap and (
                not digits or digits == _digits(result.text[word.start:word.end])):
            replaced.append((word, match))
    return _rebuilt(result, latin, replaced) if replaced else result


def _one_letter_off(read: str, latin: str, vocabulary: frozenset[str]) -> bool:
    """``read`` is a Latin word of five letters or more, no vocabulary word, that differs
    from ``latin`` (read at its place by the English reading, a vocabulary word) in one
    letter only: both readings saw the same Latin word, one of them a letter off."""
    core, known = read.strip(_MARKS + "."), latin.strip(_MARKS + ".")
    return len(core) >= 5 and len(core) == len(known) and core.isalpha() and core.isascii() \
        and core.casefold() not in vocabulary and known.casefold() in vocabulary \
        and sum(one != other for one, other in zip(core, known, strict=True)) == 1


def with_latin_editions(result: OcrText, latin: OcrText) -> OcrText:
    """``result`` with each word of ``latin`` that is a standard's number and edition
    (``latin_editions``: "27001:2022") read with at least ``latin_edition_min_confidence``
    where ``result`` holds no word put in at its place: on its line when one is there, else
    as a line of its own. Greek with English read "27001:2022" alone on its line under a
    speck as "2700112022" at 0 and dropped the line: the scan named no standard and gave no
    field (dev scan 5717), while the English reading had it."""
    settings = load_yaml("patterns/ocr_scripts.yaml")
    edition = re.compile(str(settings["latin_editions"]))
    minimum = float(settings["latin_edition_min_confidence"])
    if len(result.boxes) != 4 * len(result.text) or len(latin.boxes) != 4 * len(latin.text):
        return result
    present = _words(result)
    missing = [word for word in _words(latin)
               if edition.fullmatch(latin.text[word.start:word.end].strip(_MARKS + "."))
               and word.confidence >= minimum
               and not any(_shared(word.box, other.box) > 0 for other in present)]
    for word in sorted(missing, key=lambda found: -found.box[1]):
        result = _inserted(result, latin, word, present)
    return result


def _inserted(result: OcrText, latin: OcrText, word: _Word, present: list[_Word]) -> OcrText:
    """``result`` with ``latin``'s ``word`` (text, boxes, confidences) after the last word of
    ``present`` on its line left of it, or as a line before the first line below it."""
    middle = (word.box[1] + word.box[3]) / 2
    beside = [other for other in present if other.box[1] <= middle <= other.box[3]
              and other.box[2] <= word.box[0]]
    if beside:
        at, before, after = max(other.end for other in beside), " ", ""
    else:
        below = [other for other in present if (other.box[1] + other.box[3]) / 2 < middle]
        if below:
            first = min(below, key=lambda other: other.start).start
            at, before, after = result.text.rfind("\n", 0, first) + 1, "", "\n"
        else:
            at, before, after = len(result.text), "\n", ""
    text = before + latin.text[word.start:word.end] + after
    boxes = array("f", result.boxes[: 4 * at])
    confidences = array("f", result.confidences[:at])
    boxes.extend((0.0, 0.0, 0.0, 0.0) * len(before))
    confidences.extend((-1.0,) * len(before))
    boxes.extend(latin.boxes[4 * word.start : 4 * word.end])
    confidences.extend(latin.confidences[word.start:word.end])
    boxes.extend((0.0, 0.0, 0.0, 0.0) * len(after))
    confidences.extend((-1.0,) * len(after))
    boxes.extend(result.boxes[4 * at :])
    confidences.extend(result.confidences[at:])
    return OcrText(result.text[:at] + text + result.text[at:], boxes, result.confidence,
                   confidences)


def with_script_words(result: OcrText, own: OcrText, script: str) -> OcrText:
    """``result`` (read in ``script``'s languages with English) with each word in Latin
    capitals (one small letter allowed: "AIKTYAc"), or in Latin letters with one accented
    vowel (a tonos: "Mopéac"), that is no Latin vocabulary word and stands beside a word of
    the script, or in small Latin letters between two words of the script or after one as a
    label ("Πεδίο eganuayilc:"; a name or a tool's starts with a capital), replaced by
    ``own``'s word at the same place (read in the script's languages alone) when that is in
    the script's letters only. Not by confidence: Greek alone read
    "ΔΕΛΤΑ" at 69 where Greek with English read "AEATA" at 91."""
    settings = load_yaml("patterns/ocr_scripts.yaml")
    letters = re.compile(str(settings["script_letters"][script]))
    overlap = float(settings["latin_word_min_overlap"])
    accents = str(settings["own_reading_accents"])
    vocabulary = latin_vocabulary()
    candidates = [word for word in _words(own)
                  if _in_letters(own.text[word.start:word.end], letters)]
    if not candidates or len(result.boxes) != 4 * len(result.text):
        return result
    replaced: list[tuple[_Word, _Word]] = []
    words = _words(result)
    native = [bool(letters.search(result.text[word.start:word.end])) for word in words]
    for index, word in enumerate(words):
        core = result.text[word.start:word.end].strip(_MARKS)
        capitals = bool(_LATIN_LETTERS.fullmatch(core)) \
            and sum(char.islower() for char in core) <= 1
        toned = _toned(core, accents)  # "Mopéac" for "Φορέας"
        small = bool(_LATIN_WORD.fullmatch(core)) and core.islower() and len(core) >= 4
        if not (capitals or toned or small) or core.casefold() in vocabulary \
                or any(part.casefold() in vocabulary for part in _LATIN_WORD.findall(core)):
            continue
        beside = [near for near in (index - 1, index + 1) if 0 <= near < len(words)
                  and _same_line(word, words[near]) and native[near]]
        if not beside or (small and not capitals and not toned and not _between(
                index, beside, result.text[word.start:word.end])):
            continue
        match = max(candidates, key=lambda other: _shared(word.box, other.box))
        if _shared(word.box, match.box) >= overlap:
            replaced.append((word, match))
            native[index] = True  # "AEATA" after "AIKTYAc" taken in Greek
    return _rebuilt(result, own, replaced) if replaced else result


def _between(index: int, beside: list[int], word: str) -> bool:
    """A word in small letters stands between two words of the script, or after one as a
    label ending in a colon ("Πεδίο eganuayilc:" for "Πεδίο εφαρμογής:")."""
    return len(beside) == 2 or (beside == [index - 1] and word.endswith(":"))


def _toned(core: str, accents: str) -> bool:
    """Latin letters with exactly one of ``accents`` among them."""
    return sum(char in accents for char in core) == 1 \
        and all(char in accents or "a" <= char.casefold() <= "z" for char in core)


def _same_line(one: _Word, other: _Word) -> bool:
    """The two words' boxes share height (y is bottom-up)."""
    return min(one.box[3], other.box[3]) > max(one.box[1], other.box[1])


def _in_letters(text: str, letters: re.Pattern[str]) -> bool:
    """Letters of the script only (marks allowed), at least two."""
    found = [char for char in text if char.isalnum()]
    return len(found) >= 2 and all(letters.match(char) for char in found)


@cache
def latin_vocabulary() -> frozenset[str]:
    """Lower-case Latin words of the catalog's tool names and aliases, of its certification
    bodies' and audit firms' names ("CERT" in a Greek body's name stays Latin) and of
    ``latin_vocabulary`` (ocr_scripts.yaml), of two letters or more."""
    words = {str(word).casefold()
             for word in load_yaml("patterns/ocr_scripts.yaml")["latin_vocabulary"]}
    entries = [*load_yaml("catalog/tools.yaml")["tools"],
               *load_yaml("catalog/bodies.yaml")["bodies"]]
    for tool in entries:
        names = [tool.get("name")] + [name for key in ("aliases", "former_names",
                                                        "generic_aliases")
                                      for name in tool.get(key) or []]
        for name in names:
            words.update(part.casefold() for part in _LATIN_WORD.findall(str(name or ""))
                         if len(part) >= 2)
    return frozenset(words)


def _known(text: str, vocabulary: frozenset[str]) -> bool:
    """Latin letters, digits and joining marks only, each run of letters a known word and
    one of three letters or more (short runs "no", "ta" are the English reading's letters
    for Cyrillic "по", "та")."""
    core = text.strip("()[]«»\"'‘’“”,;:.")
    if not _LATIN_ONLY.fullmatch(core):
        return False
    parts = [part.casefold() for part in _LATIN_WORD.findall(core)]
    return bool(parts) and all(part in vocabulary for part in parts) \
        and any(len(part) >= 3 for part in parts)


def _country_prefix(latin: OcrText, words: list[_Word], index: int) -> bool:
    """The word is a number's prefix of two Latin capitals that are a country's code, joined
    to its digits ("UA-6140-2026", read by the script's languages as "ЧА-6140-2026") or
    followed by them on its line ("BG 961/82", read as "ВС 961/82")."""
    word = words[index]
    core = latin.text[word.start:word.end].strip(_MARKS)
    found = _PREFIXED.fullmatch(core)
    if found is None or found.group(1) not in country_codes():
        return False
    if found.group(2):
        return True
    following = words[index + 1] if index + 1 < len(words) else None
    return following is not None and _same_line(word, following) \
        and latin.text[following.start:following.start + 1].isdigit()


@cache
def country_codes() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes of the catalog (models/catalog/countries.yaml)."""
    return frozenset(str(code) for code in load_yaml("catalog/countries.yaml")["countries"])


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def _words(result: OcrText) -> list[_Word]:
    """The words of ``result`` with the union of their characters' boxes and confidence."""
    words = []
    for match in re.finditer(r"\S+", result.text):
        start, end = match.span()
        if 4 * end > len(result.boxes):
            break
        xs0 = [result.boxes[4 * index] for index in range(start, end)]
        ys0 = [result.boxes[4 * index + 1] for index in range(start, end)]
        xs1 = [result.boxes[4 * index + 2] for index in range(start, end)]
        ys1 = [result.boxes[4 * index + 3] for index in range(start, end)]
        score = float(result.confidences[start]) if start < len(result.confidences) else -1.0
        words.append(_Word(start, end, (min(xs0), min(ys0), max(xs1), max(ys1)), score))
    return words


def _shared(one: tuple[float, float, float, float],
            other: tuple[float, float, float, float]) -> float:
    """The share of the smaller box that the two boxes have in common."""
    width = min(one[2], other[2]) - max(one[0], other[0])
    height = min(one[3], other[3]) - max(one[1], other[1])
    if width <= 0 or height <= 0:
        return 0.0
    smaller = min((one[2] - one[0]) * (one[3] - one[1]),
                  (other[2] - other[0]) * (other[3] - other[1]))
    return width * height / smaller if smaller > 0 else 0.0


def _rebuilt(result: OcrText, latin: OcrText, replaced: list[tuple[_Word, _Word]]) -> OcrText:
    """``result`` with each (word, Latin word) pair's text, boxes and confidence swapped in."""
    parts: list[str] = []
    boxes = array("f")
    confidences = array("f")
    position = 0
    for word, match in sorted(replaced, key=lambda pair: pair[0].start):
        parts.append(result.text[position:word.start])
        boxes.extend(result.boxes[4 * position : 4 * word.start])
        confidences.extend(result.confidences[position:word.start])
        parts.append(latin.text[match.start:match.end])
        boxes.extend(latin.boxes[4 * match.start : 4 * match.end])
        confidences.extend(latin.confidences[match.start:match.end])
        position = word.end
    parts.append(result.text[position:])
    boxes.extend(result.boxes[4 * position :])
    confidences.extend(result.confidences[position:])
    return OcrText("".join(parts), boxes, result.confidence, confidences)
