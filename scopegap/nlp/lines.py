"""Line shapes of PDF text shared by the sentence component and the unwrapper (no spaCy)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

# A line that starts a list item: a bullet glyph, "o " (Word's second-level bullet), "a)", "1.".
BULLET_LINE = re.compile(r"^\s*(?:[•▪◦●■□◆\-–*§]|o\s|\(?[a-z0-9]{1,2}[.)]\s)")
# A line that ends a sentence or introduces a list, so the next line starts afresh.
HARD_BREAK_BEFORE = re.compile(r"[.:;!?]\s*$")

# Context kept before a passage that may exclude something: the entity component looks up to
# 40 characters and 3 tokens back for a region's provider ("AWS eu-west-2").
_CONTEXT_CHARS = 40
_CONTEXT_WORDS = 3


class HasText(Protocol):
    @property
    def text(self) -> str: ...


_Line = TypeVar("_Line", bound=HasText)


def passages_holding(lines: Sequence[_Line], phrases: Iterable[Sequence[str]]) -> list[_Line]:
    """The lines of the passages that can hold one of ``phrases`` (lower-cased tokens), each
    with the passages before and after it as context; the rest is dropped.

    A passage ends at a line ending a sentence or introducing a list: the sentence component
    and the unwrapper start afresh after such a line whatever came before it, and no token
    spans it, so the sentences, entities and phrase matches of a kept passage are those it
    has in the whole text. The test is necessary, never sufficient (``_TokenTest``): a test
    on the fast text that spares the pipeline the pages of prose that exclude nothing.
    """
    test = _token_test(phrases)
    passages: list[list[_Line]] = []
    for index, line in enumerate(lines):
        if index == 0 or HARD_BREAK_BEFORE.search(lines[index - 1].text.rstrip()):
            passages.append([])
        passages[-1].append(line)
    keep = [False] * len(passages)
    for index, passage in enumerate(passages):
        if not test.may_hold("\n".join(line.text for line in passage).lower()):
            continue
        keep[index] = True
        chars = words = 0
        before = index - 1
        while before >= 0 and (chars < _CONTEXT_CHARS or words < _CONTEXT_WORDS):
            keep[before] = True
            chars += sum(len(line.text) + 1 for line in passages[before])
            words += sum(len(line.text.split()) for line in passages[before])
            before -= 1
        # and after it: "… are excluded from the scope of this report:" ends its passage,
        # and the list it excludes is the next one
        chars = words = 0
        after = index + 1
        while after < len(passages) and (chars < _CONTEXT_CHARS or words < _CONTEXT_WORDS):
            keep[after] = True
            chars += sum(len(line.text) + 1 for line in passages[after])
            words += sum(len(line.text.split()) for line in passages[after])
            after += 1
    return [line for passage, kept in zip(passages, keep, strict=True) if kept
            for line in passage]


_WORD = re.compile(r"\w+")


class _TokenTest:
    """Whether lower-cased text can hold one of the phrases: it must hold each of a phrase's
    tokens. A token of letters and digits is found as the end of a run of them (the tokenizer
    splits "cannot" into "can" "not" but never cuts "exceptions" after "except"), any other
    token as a plain substring."""

    def __init__(self, phrases: Iterable[Sequence[str]]) -> None:
        self.phrases = [frozenset(tokens) for tokens in phrases if tokens]
        tokens = {token for phrase in self.phrases for token in phrase}
        self.words = frozenset(t for t in tokens if _WORD.fullmatch(t))
        self.others = tokens - self.words
        self.lengths = sorted({len(word) for word in self.words})
        self._ends: dict[str, frozenset[str]] = {}

    def _ending(self, run: str) -> frozenset[str]:
        found = self._ends.get(run)
        if found is None:
            found = frozenset(run[-n:] for n in self.lengths if run[-n:] in self.words)
            self._ends[run] = found
        return found

    def may_hold(self, folded: str) -> bool:
        present: set[str] = {t for t in self.others if t in folded}
        ends = self._ends
        for run in set(_WORD.findall(folded)):
            found = ends.get(run)
            if found is None:
                found = self._ending(run)
            if found:  # most runs end in no phrase token
                present |= found
        return any(phrase <= present for phrase in self.phrases)


# id(phrases) -> (phrases, its test): the exclusion phrases are one tuple per process, and a
# test kept across passages and documents keeps what it learnt of each word.
_TESTS: dict[int, tuple[tuple[Sequence[str], ...], _TokenTest]] = {}


def _token_test(phrases: Iterable[Sequence[str]]) -> _TokenTest:
    if not isinstance(phrases, tuple):  # only an immutable collection is kept
        return _TokenTest(phrases)
    entry = _TESTS.get(id(phrases))
    if entry is None or entry[0] is not phrases:
        if len(_TESTS) >= 16:
            _TESTS.clear()
        entry = _TESTS[id(phrases)] = (phrases, _TokenTest(phrases))
    return entry[1]
