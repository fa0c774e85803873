"""A certificate number's prefix in Cyrillic, read with Latin look-alikes or a letter lost,
set back to the prefix it stands for (models/patterns/ocr_scripts.yaml ``number_prefixes``).

The prefixes printed before a certificate number's digits are the script's acronyms (the
information security management system's, "СУІБ", "СМИБ"; a certification system's, "СДС",
"РОСС"), letters Tesseract reads badly out of a word: the narrow "І" of "СУІБ" was dropped
("СУБ 258/32") or read in Latin with the rest ("CYIB-7371-2025"), "СДС" came as "CAC" and
"Cac." (dev scans 5700-5719: eight numbers lost or wrong). A run of letters right before a
number's digits that is no known prefix but is one, letter by letter, under the readings of
``prefix_letter_readings`` (each letter may also be dropped when its readings hold ""), and
under no other known prefix, is that prefix. Country codes ("RU", "UA") and the Latin words
printed on certificates in any script ("ISMS") stay as read.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from scopegap.ingest.ocr_letters import with_replacements
from scopegap.ingest.ocr_mixed import country_codes
from scopegap.resources import load_yaml

if TYPE_CHECKING:
    from scopegap.ingest.ocr import OcrText

# letters right before a number's digits: "СУБ 258/32", "CYIB-7371-2025", "Cac. 95. 71709"
_BEFORE_DIGITS = re.compile(
    r"(?<![^\W_])([^\W\d_]{2,6})(\.[ \t]?|[ \t]|[-/][ \t]?)(?=\d)")
# the rest of the number after a prefix and a dot read with a space ("95. 71709")
_SPACED_GROUPS = re.compile(r"\d+(?:\.[ \t]\d+)+(?![\d.])")


def with_prefixes(result: OcrText, script: str) -> OcrText:
    """``result`` with each number's misread prefix set back to the known prefix it matches
    (and the spaces read after the dots of a dotted number closed up)."""
    prefixes = _prefixes(script)
    if not prefixes:
        return result
    changes: list[tuple[int, int, str]] = []
    for match in _BEFORE_DIGITS.finditer(result.text):
        read = match.group(1)
        known = prefix_for(read, script)
        if known is None:
            continue
        separator = match.group(2)
        changes.append((match.start(1), match.end(1), known))
        if separator.startswith("."):  # "Cac. 95. 71709": a dotted number, read spaced
            changes.append((match.end(1), match.end(2), "."))
            groups = _SPACED_GROUPS.match(result.text, match.end(2))
            if groups is not None:
                changes.append((groups.start(), groups.end(),
                                re.sub(r"\.[ \t]", ".", groups.group())))
    return with_replacements(result, changes) if changes else result


def prefix_for(read: str, script: str) -> str | None:
    """The known prefix of ``script`` that ``read`` (letters before a number) stands for, or
    None when it is one already, a country code or Latin vocabulary, or fits none or two."""
    prefixes = _prefixes(script)
    if read in prefixes or read in country_codes() or read.casefold() in _kept():
        return None
    fits = [prefix for prefix in prefixes if _fits(read, prefix, _readings())]
    return fits[0] if len(fits) == 1 else None


def _fits(read: str, prefix: str, readings: dict[str, tuple[str, ...]]) -> bool:
    """``read`` (two characters or more) is ``prefix`` with each letter read as itself or
    one of its readings (a reading "" drops the letter)."""
    @cache
    def fits_from(at: int, letter: int) -> bool:
        if letter == len(prefix):
            return at == len(read)
        options = (prefix[letter], *readings.get(prefix[letter], ()))
        return any(read.startswith(option, at) and fits_from(at + len(option), letter + 1)
                   for option in options)

    return len(read) >= 2 and fits_from(0, 0)


@cache
def _prefixes(script: str) -> tuple[str, ...]:
    prefixes = load_yaml("patterns/ocr_scripts.yaml")["number_prefixes"].get(script) or []
    return tuple(str(prefix) for prefix in prefixes)


@cache
def _kept() -> frozenset[str]:
    """The Latin words printed on certificates in any script (``latin_vocabulary``: "ISMS");
    not the catalog's words, where "CAC" is one."""
    words = load_yaml("patterns/ocr_scripts.yaml")["latin_vocabulary"]
    return frozenset(str(word).casefold() for word in words)


@cache
def _readings() -> dict[str, tuple[str, ...]]:
    table = load_yaml("patterns/ocr_scripts.yaml")["prefix_letter_readings"]
    return {str(letter): tuple(str(option) for option in options)
            for letter, options in dict(table).items()}
