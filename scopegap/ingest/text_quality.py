"""Is a page's text layer language or garbage?

Scanned certificates often carry the scanner's own poor OCR as an invisible text layer. Read
as text it yields wrong certificate numbers and dates ("19.o3.2021" for 19.03.2027), which is
worse than no text: a wrong expiry passes silently. A page judged garbage is therefore handled
like an image-only page. The judgement is cheap (one pass over the tokens) and its thresholds
live in ``models/patterns/text_quality.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from scopegap.resources import load_yaml

_STRIP = "\"'“”‘’()[]{}.,;:!?*«»-–—/\\"
_SPLIT = re.compile(r"[-'’./&]")
# Product and family names: GitHub, PureCloud, McDonald, iPhone, eBay. Scanner noise such as
# "tHe", "CoVeRs" or "BAcS" has humps of one or two letters, which no brand name does.
_ALNUM_RUNS = re.compile(r"[^\W_]+")
_CAMEL = re.compile(r"^(?:[a-z]|[A-Z][a-z]+)(?:[A-Z][a-z]{2,})+$")


SAMPLE_CHARS = 1200


@dataclass(frozen=True)
class QualityRules:
    min_words: int
    min_word_share: float
    max_symbol_share: float
    vowel_check_length: int
    min_vowel_share: float
    max_vowel_share: float
    vowels: frozenset[str]
    consonants: frozenset[str]
    odd: frozenset[str]
    punctuation: frozenset[str]


@dataclass(frozen=True)
class Quality:
    """The verdict on one page's text: ``word_share`` is None when too few words to judge."""

    garbage: bool
    word_share: float | None
    symbol_share: float
    words: int


@cache
def quality_rules() -> QualityRules:
    raw: dict[str, Any] = load_yaml("patterns/text_quality.yaml")
    return QualityRules(
        min_words=int(raw["min_words"]),
        min_word_share=float(raw["min_word_share"]),
        max_symbol_share=float(raw["max_symbol_share"]),
        vowel_check_length=int(raw["vowel_check_length"]),
        min_vowel_share=float(raw["min_vowel_share"]),
        max_vowel_share=float(raw["max_vowel_share"]),
        vowels=frozenset(str(raw["vowels"])),
        consonants=frozenset(str(raw["consonant_scripts"])),
        odd=frozenset(str(raw["odd_characters"])),
        punctuation=frozenset(str(raw["punctuation"])),
    )


def judge_text(text: str, rules: QualityRules | None = None) -> Quality:
    """Score ``text``: the share of word tokens that look like words, and of stray symbols."""
    rules = rules or quality_rules()
    # A scanner's garbage layer is garbage throughout: a sample judges the page as well as
    # the whole, and keeps the check cheap on 200-page reports.
    text = text[:SAMPLE_CHARS]
    known = _verdicts(rules)
    verdicts: list[bool] = []
    tokens = text.split()
    for token in tokens:
        verdict = known.get(token, _UNSEEN)
        if verdict is _UNSEEN:
            if len(known) >= _VERDICTS_KEPT:
                known.clear()
            verdict = known[token] = _word_ok(token, rules)
        if verdict is not None:
            verdicts.append(bool(verdict))
    # Counted in C: str.split() drops what str.isspace() calls whitespace, [^\W_] is what
    # str.isalnum() calls a letter or digit (checked on every code point by the tests).
    visible_text = "".join(tokens)
    visible = len(visible_text)
    symbols = sum(1 for char in _ALNUM_RUNS.sub("", visible_text)
                  if char not in rules.punctuation)
    symbol_share = symbols / visible if visible else 0.0
    word_share = sum(verdicts) / len(verdicts) if len(verdicts) >= rules.min_words else None
    garbage = (word_share is not None and word_share < rules.min_word_share) or (
        visible >= rules.min_words and symbol_share > rules.max_symbol_share
    )
    return Quality(garbage, word_share, round(symbol_share, 4), len(verdicts))


_UNSEEN = object()
_VERDICTS_KEPT = 1 << 16


@cache
def _verdicts(rules: QualityRules) -> dict[str, object]:
    """``_word_ok`` remembered per token under ``rules``: a report repeats its words on every
    page (looked up once per page, not hashed with the rules once per word)."""
    return {}


def _word_ok(token: str, rules: QualityRules) -> bool | None:
    """True: looks like a word; False: cannot be language; None: not a word (number, code)."""
    core = token.strip(_STRIP)
    if sum(1 for char in core if char.isalpha()) < 2:
        return None
    if any(char in rules.odd for char in core):
        return "@" in core and "." in core.split("@")[-1]  # an e-mail address is fine
    if any(char.isdigit() for char in core):
        return None  # certificate numbers, region codes, dates: judged by nothing here
    if not any(char.isupper() or char.islower() for char in core):
        return None  # Arabic, Hebrew, Chinese, Thai, Devanagari: no letter case to judge by
    return all(_part_ok(part, rules) for part in _SPLIT.split(core) if part)


def _part_ok(part: str, rules: QualityRules) -> bool:
    if not part.isalpha():
        return False
    plural_acronym = len(part) > 2 and part[:-1].isupper() and part[-1] == "s"
    if not (part.islower() or part.isupper() or part.istitle() or plural_acronym
            or _CAMEL.match(part)):
        return False  # "BAcS", "oF", "cenİlıcqıe": scanner noise, not a way words are cased
    if len(part) < rules.vowel_check_length or part.isupper():
        return True  # short words and acronyms (ISMS, CNC) carry no vowel signal
    letters = [c for c in unicodedata.normalize("NFD", part.lower()) if c.isalpha()]
    if not all(c in rules.vowels or c in rules.consonants for c in letters):
        return True  # a script whose vowels are not listed: not judged
    share = sum(1 for c in letters if c in rules.vowels) / len(letters)
    return rules.min_vowel_share <= share <= rules.max_vowel_share
