"""Cloud region codes OCR read with a letter for a digit or a dash for a hyphen.

"us-central1" came off a generated scan as "us-centrall" and "ap-southeast-1" as
"ap-southeast-l" or "ap-southeast—1": no region matched, and a region the certificate names
stayed uncovered. A word that is a region code of models/catalog/regions.yaml but for a
digit look-alike (ocr.yaml ``digit_lookalikes``) where the code has that digit, or a dash
where it has a hyphen, is read as the code. One character for one, so boxes stay valid; a
word that matches no code letter for letter elsewhere is left as read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache

from scopegap.resources import load_yaml

_DASHES = "‐‑‒–—−"  # read for a hyphen
_EDGE = "()[],.;:'\"‘’“”"  # punctuation OCR keeps on a word's ends


@cache
def region_codes() -> dict[int, tuple[str, ...]]:
    """The catalog's region codes with a digit or a hyphen, by length."""
    codes: dict[int, set[str]] = {}
    for region in load_yaml("catalog/regions.yaml")["regions"]:
        code = str(region["code"]).casefold()
        if any(char.isdigit() or char == "-" for char in code):
            codes.setdefault(len(code), set()).add(code)
    return {length: tuple(sorted(found)) for length, found in codes.items()}


def region_code_fixer(lookalikes: Mapping[str, str]) -> Callable[[str], str]:
    """A function reading an OCR word that is a region code but for digit look-alikes and
    dashes as the code ("us-centrall" → "us-central1"), punctuation on its ends kept."""
    codes = region_codes()
    digits = {key: str(value) for key, value in lookalikes.items()}

    def fix(word: str) -> str:
        core = word.strip(_EDGE)
        if len(core) < 5 or not any(char == "-" or char in _DASHES for char in core):
            return word
        candidates = codes.get(len(core), ())
        lowered = core.casefold()
        if lowered in candidates:
            return word
        for code in candidates:
            if _same(core, code, digits):
                start = word.index(core)
                return word[:start] + code + word[start + len(core):]
        return word

    return fix


def _same(read: str, code: str, digits: Mapping[str, str]) -> bool:
    """``read`` is ``code`` letter for letter, a look-alike standing for each digit that
    differs and a dash for a hyphen."""
    for char, want in zip(read, code, strict=True):
        if char.casefold() == want:
            continue
        if want == "-" and char in _DASHES:
            continue
        if want.isdigit() and digits.get(char) == want:
            continue
        return False
    return True
