"""Shortcuts taken for speed give exactly what the plain computation gives."""

from __future__ import annotations

import random

import pytest

from scopegap.extract.soc.patterns import soc_patterns
from scopegap.extract.soc.subservice import DEFINITION_WORDS, defined_abbreviations
from scopegap.ingest.text import squash


def _plain(text: str) -> dict[str, str]:
    pattern = soc_patterns().abbreviation
    return {m.group("abbr"): squash(m.group("full")) for m in pattern.finditer(text)}


@pytest.mark.parametrize("text", [
    "hosted by Amazon Web Services (AWS) and Google Cloud Platform (GCP).",
    "One Two Three Four Five Six Seven Eight (OTTFFSSE) is a long name",
    "a name glued to its short form Microsoft Azure(Azure), and Foo Bar\n(FB) wrapped",
    "nested AB(CD) and (not a definition) then Data Centre (DC) (DC2)",
    "Cloud (AWS) redefined: Amazon Web Services (AWS) later wins over Cloud",
    "(AWS) at the start, no name; Mc Donald’s Corp (MDC) with a quote",
])
def test_abbreviations_as_the_plain_scan(text: str) -> None:
    assert defined_abbreviations(text, soc_patterns().abbreviation) == _plain(text)


def test_abbreviations_keep_the_patterns_word_bound() -> None:
    """A name longer than the bound is cut to its last words, as the pattern cuts it."""
    words = [f"W{i}" for i in range(DEFINITION_WORDS + 3)]
    text = " ".join(words) + " (ABC)"
    found = defined_abbreviations(text, soc_patterns().abbreviation)
    assert found == _plain(text) == {"ABC": " ".join(words[-DEFINITION_WORDS:])}


def test_abbreviations_on_random_text() -> None:
    pieces = ["Amazon", "Web", "Services", "A", "B.C", "x", "(", ")", "(AWS)", "(GCP)",
              " ", "\n", "AB(CD)", "Co-Op", "&", "(the", "Foo(", "(Ab1&)", "(ABCDEFGHIJK)"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " "])
                       for _ in range(rng.randint(0, 40)))
        assert defined_abbreviations(text, soc_patterns().abbreviation) == _plain(text), text
