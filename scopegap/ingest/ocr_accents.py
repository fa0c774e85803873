"""Accents Tesseract put on plain words: "doés not cover", "Contact Cénter".

On a scan with specks or grain, Tesseract often reads a speck over a vowel as an accent. In
a cue word that turns the cue off: "This certificate doés not cover Microsoft Entra ID" off
a generated scan matched no exclusion phrase, and the excluded tool was read as covered (a
false "covered", the worst reading there is); "Cisco Webex Contact Cénter" named no tool.
A word that, without its accents, is a word of an exclusion phrase or of a catalog tool's
names, and that with them is a word of none of the models' names (a city "José", a form
"Société"), is read without them. One character for one, so boxes stay valid.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from scopegap.resources import load_yaml

# Where the plain words come from (the phrases and names the extractors look for), and where
# accented words that must stay accented come from (every name the models hold).
_PLAIN_SOURCES = ("patterns/exclusions.yaml", "catalog/tools.yaml")
_ACCENTED_SOURCES = (*_PLAIN_SOURCES, "catalog/cities.yaml", "catalog/countries.yaml",
                     "catalog/legal_forms.yaml", "catalog/bodies.yaml")
_LETTERS = re.compile(r"[^\W\d_]+")


def fold(text: str) -> str:
    """``text`` with each letter's accents taken off, one character for one ("é" → "e");
    a letter with no plain form ("ß", "ł") stays."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0]
        out.append(base if base.isascii() and base.isalpha() else char)
    return "".join(out)


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


@cache
def vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """The plain words (lower case, ASCII letters, three or more) of the exclusion phrases
    and tool names, and the accented words of every name the models hold."""
    plain = {word.casefold() for source in _PLAIN_SOURCES
             for text in _strings(load_yaml(source)) for word in _LETTERS.findall(text)
             if len(word) >= 3 and word.isascii()}
    accented = {word.casefold() for source in _ACCENTED_SOURCES
                for text in _strings(load_yaml(source)) for word in _LETTERS.findall(text)
                if not word.isascii()}
    return frozenset(plain), frozenset(accented)


def accent_fixer() -> Callable[[str], str]:
    """A function taking the accents off the runs of letters in an OCR word that are plain
    words of ``vocabulary()`` read with an accent ("doés" → "does"), one character for one."""
    plain, accented = vocabulary()

    def fix(word: str) -> str:
        if word.isascii():
            return word
        return _LETTERS.sub(lambda run: _plain(run.group(), plain, accented), word)

    return fix


def _plain(run: str, plain: frozenset[str], accented: frozenset[str]) -> str:
    if run.isascii() or run.casefold() in accented:
        return run
    folded = fold(run)
    if len(folded) == len(run) and folded.isascii() and folded.casefold() in plain:
        return folded
    return run
