"""Anchored patterns (scopegap/ingest/anchored.py) find exactly what the plain patterns find.

A prefilter that skips a place a pattern matches would drop a scope sentence, a subservice
organisation or a deviation without a trace: every SOC pattern is checked, anchored against
plain, on texts built from the patterns' own words with the characters case folding treats
specially, and ``fold`` against ``re``'s own case-insensitive matching on every code point.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scopegap.extract.soc.patterns import soc_patterns
from scopegap.ingest.anchored import Anchored, anchored, fold, spans_may_match

ALL_CODE_POINTS = "".join(chr(code) for code in range(sys.maxunicode + 1))


def _soc_patterns() -> list[re.Pattern[str]]:
    """Every compiled pattern of models/patterns/soc.yaml (headings included)."""
    found: list[re.Pattern[str]] = []

    def walk(value: object) -> None:
        if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
            found.append(value)
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item)
        elif isinstance(value, (tuple, list)):
            for item in value:
                walk(item)
        elif dataclasses.is_dataclass(value):
            for item in dataclasses.fields(value):
                walk(getattr(value, item.name))

    patterns = soc_patterns()
    for klass in type(patterns).__mro__:
        for name in getattr(klass, "__annotations__", {}):
            walk(getattr(patterns, name))
    unique = {(p.pattern, p.flags): p for p in found}
    return list(unique.values())


SOC = _soc_patterns()
# the patterns' words, and their runs of words ("description of", "exceptions noted"), so
# that generated texts match often
WORDS = sorted({w for p in SOC for w in re.findall(r"[A-Za-z]{2,}", p.pattern)}
               | {w for p in SOC for w in re.findall(r"[A-Za-z][A-Za-z ]+[A-Za-z]",
                                                    re.sub(r"\\s[+*?]?", " ", p.pattern))}
               | {"Acme", "Cloud", "AWS", "Inc", "SOC", "2", "II", "of"})
TRICKY = ["\u0130", "\u0131", "\u017f", "\u212a", "\u00a0", "\u2009", "\x1c", "’", "“", "”",
          "é", "-", ".", ",", ":", "(", ")", "\n", " ", "  ", "\t"]


def _variants(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from([word, word.upper(), word.title(), word.replace("s", "\u017f"),
                            word.replace("i", "\u0131"), word.replace("k", "\u212a")])


TEXT = st.lists(st.one_of(st.sampled_from(WORDS).flatmap(_variants), st.sampled_from(TRICKY)),
                max_size=60).map(lambda parts: " ".join(parts))


def _spans(matches: Iterator[re.Match[str]]) -> list[tuple[tuple[int, int], tuple[str | None,
                                                                                  ...]]]:
    return [(m.span(), m.groups()) for m in matches]


def test_fold_agrees_with_case_insensitive_matching_on_every_code_point() -> None:
    folded = fold(ALL_CODE_POINTS)
    assert len(folded) == len(ALL_CODE_POINTS)
    letter = re.compile("[a-z]", re.IGNORECASE)
    not_letter = re.compile(r"[\x00-\x40\x5b-\x60\x7b-\x7f]", re.IGNORECASE)
    spaces = "".join(c for c in ALL_CODE_POINTS if c.isspace())
    space = re.compile("[" + re.escape(spaces) + "]", re.IGNORECASE)
    for code, char in enumerate(ALL_CODE_POINTS):
        if letter.fullmatch(char):
            expected = next(x for x in "abcdefghijklmnopqrstuvwxyz"
                            if re.fullmatch(x, char, re.IGNORECASE))
        elif char.isspace():
            expected = " " if code >= 128 or 0x1C <= code <= 0x1F else char
        elif code < 128:
            expected = char
        else:
            expected = "?"
        assert folded[code] == ord(expected), hex(code)
        # ASCII non-letters and whitespace match only themselves: fold is constant over
        # every set of characters re's case-insensitive matching treats as one
        assert not (code >= 128 and not_letter.fullmatch(char)), hex(code)
        assert bool(space.fullmatch(char)) == char.isspace(), hex(code)


def test_every_soc_pattern_is_checked() -> None:
    assert len(SOC) > 40
    assert sum(anchored(pattern).anchor is not None for pattern in SOC) > 20


def test_the_scope_deviation_and_kind_patterns_have_anchors() -> None:
    patterns = soc_patterns()
    for pattern in (*patterns.system_scope, patterns.exception_noted, patterns.exception_head,
                    patterns.subservice_cue, patterns.method_named, *patterns.kind.values(),
                    patterns.attestation, patterns.certificate, patterns.bridge):
        assert anchored(pattern).anchor is not None, pattern.pattern


@pytest.mark.parametrize(("pattern", "flags", "text", "spans"), [
    (r"\bscope\s+of\s+(?P<x>\w+)", re.I, "The \u017fCOPE\u00a0of Acme; scope of B",
     [(4, 17), (19, 29)]),
    (r"(?P<no>\bno\s+)?\bexceptions?\s+noted", re.I, "No exceptions noted. Exception noted",
     [(0, 19), (21, 36)]),
    (r"(?<![Ss]ystem)\s+as\s+of\b", re.I, "system as of; Platform  AS OF", [(22, 29)]),
    (r"\btype[\s\-–]*(?:1|I|one)\b", re.I, "TYPE\u2009I and type–1 and type \u0131I one",
     [(0, 6), (11, 17)]),
    (r"\bexh\u0131bit\s+\d", re.I, "EXHIBIT 3, exh\u0130bit 4", [(0, 9), (11, 20)]),
    (r"^\s*management['’]?s\s+responses?\b", re.I | re.M, "x\n  Management’s response",
     [(2, 25)]),
])
def test_anchored_finditer_table(pattern: str, flags: int, text: str,
                                 spans: list[tuple[int, int]]) -> None:
    compiled = re.compile(pattern, flags)
    assert [m.span() for m in compiled.finditer(text)] == spans
    assert _spans(Anchored(compiled).finditer(text)) == _spans(compiled.finditer(text))


def test_patterns_that_can_match_nothing_get_no_anchor() -> None:
    assert Anchored(re.compile(r"(?:abc)?", re.I)).anchor is None
    assert Anchored(re.compile(r"[^x]bc", re.I)).anchor is None  # no translatable opening
    assert Anchored(re.compile(r"\bof\b", re.I)).anchor is None  # too short to narrow


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_anchored_matches_equal_plain_matches(text: str) -> None:
    folded = fold(text)
    for pattern in SOC:
        plain = pattern.finditer(text)
        assert _spans(anchored(pattern).finditer(text, folded)) == _spans(plain), pattern.pattern
        first, plain_first = anchored(pattern).search(text, folded), pattern.search(text)
        assert (first and first.span()) == (plain_first and plain_first.span())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, min_size=1, max_size=8), st.integers(0, 3))
def test_span_prefilter_never_skips_a_match(lines: list[str], gap: int) -> None:
    text = (" " * gap).join(lines)  # spans with gaps between them, or touching
    folded = fold(text)
    spans = []
    for line in lines:
        start = spans[-1][1] + gap if spans else 0
        spans.append((start, start + len(line)))
    for pattern in SOC:
        kept = list(spans_may_match(anchored(pattern), folded, spans))
        assert kept == sorted(set(kept))
        for index, (start, end) in enumerate(spans):
            if pattern.search(text[start:end]) is not None:
                assert index in kept, (pattern.pattern, text[start:end])


def test_anchored_matches_equal_plain_matches_on_fixture_reports() -> None:
    from scopegap.ingest.pdf import read_pdf

    reports = sorted((Path(__file__).parent.parent / "fixtures").glob("soc*/**/*.pdf"))
    assert reports
    for path in reports[:12]:
        text = read_pdf(path).full_text
        folded = fold(text)
        for pattern in SOC:
            assert _spans(anchored(pattern).finditer(text, folded)) == \
                _spans(pattern.finditer(text)), (path.name, pattern.pattern)
