"""Line shapes of PDF text shared by the sentence component and the unwrapper (no spaCy)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Protocol, TypeVar

# A line that starts a list item: a bullet glyph, "o " (Word's second-level bullet), "a)", "1.".
BULLET_LINE = re.compile(r"^\s*(?:[•▪◦●■□◆\-–*§]|o\s|\(?[a-z0-9]{1,2}[.)]\s)")
# A line that ends a sentence or introduces a list, so the next line starts afresh.
HARD_BREAK_BEFORE = re.compile(r"[.:;!?]\s*$")

# Context kept before a passage that may exclude something: the entity component looks up to
# 40 characters and 3 tokens back for a region's provider ("AWS eu-west-2").
_CONTEXT_CHARS = 40
_CONTEXT_WORDS = 3


# A word that justified text broke at the line end: letters and a hyphen ending the line
# ("ex-" / "cluding"), the next line going on in lower case with the rest of the word.
_BROKEN_HEAD = re.compile(r"(?:^|(?<=\s))([^\W\d_]+)-$")
_BROKEN_TAIL = re.compile(r"^([^\W\d_]+)(?![\w\-/])")
# The same word already joined on one line: PDFium joins a line ending in a hyphen to the
# next and keeps the hyphen ("ex-cluding"), as does any reader of a justified page.
_HYPHENED = re.compile(r"(?<![\w-])([^\W\d_]+)-([^\W\d_]+)(?![\w-])")


def rejoin_broken_words(lines: Sequence[str],
                        known: Callable[[str], bool] | None = None) -> list[str]:
    """``lines`` with each word that hyphenation broke at a line end made whole ("... ex-" /
    "cluding Teams" → "..." / "excluding Teams").

    Justified text (Word's or TeX's automatic hyphenation, German and French certificates)
    breaks any word, an exclusion trigger or a tool's name among them: left broken, "ex-
    cluding Microsoft Teams" excludes nothing, a false "covered". At a line end the hyphen
    is dropped unless the text spells the word with it elsewhere ("third-party") or a
    capitalised first part is a word of its own there ("Manila" of "Manila-" / "based"),
    and unless ``known`` (the words the pipeline looks for, lower-cased) knows the word
    whole. Within a line (where the PDF reader already joined the lines) only a word
    ``known`` knows whole is joined ("ex-cluding", "Micro-soft"; "in-scope" stays). A
    code broken at its own hyphen ("us-" / "east-1", "AIS-" / "ZUZ") or a capital after
    the break is left as printed. A line left empty by the move is dropped: it would end
    the sentence.
    """
    out = list(lines)
    text = "\n".join(lines)
    spelled = text.lower()
    for index in range(len(out) - 1):
        if not out[index].endswith("-"):
            continue
        head = _BROKEN_HEAD.search(out[index])
        tail = _BROKEN_TAIL.match(out[index + 1])
        if head is None or tail is None or not tail.group(1)[0].islower() \
                or BULLET_LINE.match(out[index + 1]):
            continue
        fragment = head.group(1)
        if len(fragment) > 1 and fragment.isupper():
            continue  # a code's letters ("AIS-")
        whole = f"{fragment}{tail.group(1)}".lower()
        compound = not (known is not None and known(whole)) and (
            re.search(rf"(?<![\w-]){re.escape(fragment.lower())}-{re.escape(tail.group(1))}"
                      r"(?![\w-])", spelled)
            or (fragment[0].isupper()
                and re.search(rf"(?<![\w-]){re.escape(fragment)}(?![\w-])", text)))
        out[index] = out[index][: head.start()].rstrip()
        out[index + 1] = fragment + ("-" if compound else "") + out[index + 1]
    if known is not None:
        out = [_HYPHENED.sub(lambda word: _joined_if_known(word, known), line) if "-" in line
               else line for line in out]
    return [line for line, original in zip(out, lines, strict=True) if line or not original]


def _joined_if_known(word: re.Match[str], known: Callable[[str], bool]) -> str:
    head, rest = word.group(1), word.group(2)
    if rest[0].islower() and not (len(head) > 1 and head.isupper()) \
            and known(f"{head}{rest}".lower()):
        return head + rest
    return word.group()


def uncontracted(folded: str, spelled_out: Mapping[str, str]) -> str:
    """Lower-cased text with each contraction of ``spelled_out`` (models/patterns/
    exclusions.yaml ``contractions``) written out as the pipeline norms it ("isn’t" → "is
    not"): the passage test must see a contracted trigger as the matcher does."""
    if not any(spelling in folded for spelling in spelled_out):
        return folded
    return _contraction_pattern(tuple(spelled_out.items())).sub(
        lambda m: spelled_out[m.group(0)], folded)


@lru_cache(maxsize=4)
def _contraction_pattern(spelled_out: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """One pattern for every spelling, longer first ("can't" before "n't"); a spelling
    written out with a leading space ("n't" → " not") ends a word, any other is one."""
    ordered = sorted(spelled_out, key=lambda pair: len(pair[0]), reverse=True)
    return re.compile("|".join(("" if out.startswith(" ") else r"\b") + re.escape(spelling)
                               + r"\b" for spelling, out in ordered))


class HasText(Protocol):
    @property
    def text(self) -> str: ...


_Line = TypeVar("_Line", bound=HasText)


def passages_holding(lines: Sequence[_Line], phrases: Iterable[Sequence[str]],
                     spelled_out: Mapping[str, str] | None = None) -> list[_Line]:
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
        joined = "\n".join(rejoin_broken_words([line.text for line in passage], test.knows))
        if not test.may_hold(uncontracted(joined.lower(), spelled_out or {})):
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
        self.knows = self.words.__contains__  # a phrase's word, for words broken in print
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
