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
    hard = True  # the first line starts a passage
    for line in lines:
        if hard:
            passages.append([])
        passages[-1].append(line)
        # HARD_BREAK_BEFORE.search(line.text.rstrip()) without a regex: once stripped, the
        # line ends in the punctuation itself (a tenth of the cost on 3,000 lines)
        hard = line.text.rstrip()[-1:] in _HARD_BREAK_MARKS
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
_HARD_BREAK_MARKS = frozenset(".:;!?")
_RUNS_KEPT = 1 << 17  # distinct runs judged and remembered per test (a test lives long)


class _TokenTest:
    """Whether lower-cased text can hold one of the phrases: it must hold each of a phrase's
    tokens. A token of letters and digits is found as the end of a run of them (the tokenizer
    splits "cannot" into "can" "not" but never cuts "exceptions" after "except"), any other
    token as a plain substring."""

    def __init__(self, phrases: Iterable[Sequence[str]]) -> None:
        listed = [tuple(tokens) for tokens in phrases if tokens]
        self.phrases = [frozenset(tokens) for tokens in listed]
        # each token set's phrases in their order, and their patterns once first needed
        self._spellings: dict[frozenset[str], list[tuple[str, ...]]] = {}
        for spelling in listed:
            self._spellings.setdefault(frozenset(spelling), []).append(spelling)
        self._ordered: dict[frozenset[str], re.Pattern[str]] = {}
        tokens = {token for phrase in self.phrases for token in phrase}
        self.words = frozenset(t for t in tokens if _WORD.fullmatch(t))
        self.others = tokens - self.words
        self.lengths = sorted({len(word) for word in self.words})
        # each phrase under one of its tokens (the longest, the rarest in prose): a phrase
        # can be whole only where that token is present
        self._by_token: dict[str, list[frozenset[str]]] = {}
        for phrase in self.phrases:
            self._by_token.setdefault(max(sorted(phrase), key=len), []).append(phrase)
        self._judged: set[str] = set()  # runs whose phrase-token endings are known
        self._hits: dict[str, frozenset[str]] = {}  # ... and those that end in some

    def _learn(self, runs: Iterable[str]) -> None:
        if len(self._judged) >= _RUNS_KEPT:
            self._judged.clear()
            self._hits.clear()
        for run in runs:
            found = frozenset(run[-n:] for n in self.lengths if run[-n:] in self.words)
            if found:
                self._hits[run] = found
            self._judged.add(run)

    def may_hold(self, folded: str) -> bool:
        runs = set(_WORD.findall(folded))
        unseen = runs.difference(self._judged)
        if unseen:
            self._learn(unseen)
        present: set[str] = {t for t in self.others if t in folded}
        # the dict view iterates the smaller side (``set.intersection(dict)`` walks the dict)
        for run in self._hits.keys() & runs:  # most runs end in no phrase token
            present |= self._hits[run]
        return any(phrase <= present and self._in_order(phrase, folded) for token in present
                   for phrase in self._by_token.get(token, ()))

    def _in_order(self, phrase: frozenset[str], folded: str) -> bool:
        """Whether one of the phrases with these tokens is in ``folded`` token after token,
        only spaces between (the pipeline's unwrapping changes nothing else): "is provided
        by the client" is no candidate where its five common words lie apart."""
        found = self._ordered.get(phrase)
        if found is None:
            found = self._ordered[phrase] = re.compile("|".join(
                r"\s*".join(re.escape(token) for token in tokens)
                for tokens in self._spellings[phrase]))
        return found.search(folded) is not None


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
