"""Exclusion words OCR read with one letter for another ("exeluding the Ashburn site"),
joined by a hyphen for a space ("met-uitzondering van"), or with a speck read as a quote
glued between them ("does” not cover").

Tesseract confuses a few letter shapes on grainy scans (c and e, l and i, u and n ...). In
an exclusion cue that loses the exclusion: "exeluding the Ashburn site" off a generated scan
matched no phrase, and the excluded site was read as covered (a false "covered"). A word of
six letters or more that is no word of the models' phrases and names, and that one such
confusion (ocr.yaml ``cue_letter_confusions``) away is a word of an exclusion phrase, is read
as that word. Only towards exclusion words, never towards a tool's or a place's name nor a
word that ends an exclusion's reach ("including"): at worst an item more is left out, never
one more covered. One character for one, so boxes stay valid.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from itertools import pairwise

from scopegap.ingest.ocr_accents import vocabulary
from scopegap.nlp.pipeline import exclusion_config

_LETTERS = re.compile(r"[^\W\d_]+")
_MIN_LETTERS = 6


def _trigger_words() -> list[list[str]]:
    """Each exclusion trigger (forward, backward, origin, bracketed) as its lower-case words."""
    rules = exclusion_config()
    return [[word.casefold() for word in _LETTERS.findall(str(phrase))]
            for key in ("forward", "backward", "origin", "bracketed") for phrase in rules[key]]


@cache
def exclusion_pairs() -> frozenset[tuple[str, str]]:
    """Two words that follow each other in an exclusion trigger ("met uitzondering")."""
    return frozenset(pair for words in _trigger_words() for pair in pairwise(words))


@cache
def exclusion_words() -> frozenset[str]:
    """The words (lower case, six letters or more) of the exclusion triggers, without the
    words that end an exclusion's reach."""
    ends = {word.casefold() for phrase in exclusion_config()["terminators"]
            for word in _LETTERS.findall(str(phrase))}
    words = {word for phrase in _trigger_words() for word in phrase}
    return frozenset(w for w in words - ends if len(w) >= _MIN_LETTERS and w.isascii())


def cue_letter_fixer(confusions: Iterable[str]) -> Callable[[str], str]:
    """A function reading an OCR word that is an exclusion word but for one confused letter
    as that word ("exeluding" → "excluding"), its case and the punctuation around it kept."""
    pairs = {(pair[0], pair[1]) for pair in confusions if len(pair) == 2}
    targets = exclusion_words()
    plain, accented = vocabulary()
    known = plain | accented
    by_length: dict[int, tuple[str, ...]] = {}
    for word in sorted(targets):
        by_length[len(word)] = (*by_length.get(len(word), ()), word)

    joined = exclusion_pairs()
    leading = frozenset(first for first, _ in joined)

    def fix(word: str) -> str:
        word = _HYPHENED.sub(lambda pair: _apart(pair, joined), word)
        word = _TRAILING_SPECK.sub(lambda run: _unspecked(run, leading), word)
        return _LETTERS.sub(lambda run: _restored(run.group(), pairs, by_length, known), word)

    return fix


# A word with a closing quote glued after it: "This certificate does” not cover Office 365"
# (a speck read as a quote mark between two words of a trigger).
_TRAILING_SPECK = re.compile(r"^([^\W\d_]+)([”\"’'`´]+)$")


def _unspecked(run: re.Match[str], leading: frozenset[str]) -> str:
    """The word without its glued mark (a space for each, so boxes stay valid) where the word
    opens a two-word piece of an exclusion trigger ("does" of "does not cover")."""
    if run.group(1).casefold() in leading:
        return run.group(1) + " " * len(run.group(2))
    return run.group(0)


# Two runs of letters joined by a hyphen: "met-uitzondering" (OCR read the space as one).
_HYPHENED = re.compile(r"(?<![^\W\d_])([^\W\d_]+)-(?=([^\W\d_]+))")


def _apart(pair: re.Match[str], joined: frozenset[tuple[str, str]]) -> str:
    """"met-uitzondering" → "met uitzondering" where the two words follow each other in an
    exclusion trigger; any other hyphenated word as read ("e-mail", "follow-the-sun")."""
    if (pair.group(1).casefold(), pair.group(2).casefold()) in joined:
        return f"{pair.group(1)} "
    return pair.group(0)


def _restored(run: str, pairs: set[tuple[str, str]], by_length: dict[int, tuple[str, ...]],
              known: frozenset[str]) -> str:
    lowered = run.casefold()
    if len(run) < _MIN_LETTERS or not run.isascii() or lowered in known:
        return run
    found = [word for word in by_length.get(len(run), ()) if _one_confusion(lowered, word, pairs)]
    if len(found) != 1:
        return run  # none, or two words it could be: left as read
    return "".join(want.upper() if have.isupper() else want
                   for have, want in zip(run, found[0], strict=True))


def _one_confusion(read: str, word: str, pairs: set[tuple[str, str]]) -> bool:
    """``read`` is ``word`` but for one letter, and that one a known confusion."""
    differ = [(want, have) for have, want in zip(read, word, strict=True) if have != want]
    return len(differ) == 1 and differ[0] in pairs
