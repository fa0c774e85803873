"""Case-insensitive patterns run only where they can start: the same matches, found faster.

Python's ``re`` has no fast scan for a case-insensitive pattern that opens with ``\\b`` and a
word: it tries the whole pattern at every character, and a SOC report's text is 300,000 of
them. ``Anchored`` derives from a pattern's opening (its literal words, whitespace, optional
and alternative parts, up to the first element it cannot translate) a case-sensitive bytes
pattern that matches wherever the pattern can start, and runs it over ``fold(text)``: the
text as lower-case ASCII bytes, one byte per character. The bytes pattern finds the
candidate positions in C; the real pattern is tried only there, left to right, so
``finditer`` yields the very matches ``pattern.finditer`` yields, and ``search`` the same
first match.

Why it is exact: every character the real pattern accepts at a step folds to a byte the
bytes pattern accepts at that step (``fold`` is constant over the characters ``re``'s
case-insensitive matching treats as one letter: "K", "k" and the Kelvin sign all fold to
"k"; tests check this over every code point), and what is left out of the translation
(zero-width assertions, the pattern's tail) only widens what the bytes pattern accepts.
"""

from __future__ import annotations

import bisect
import codecs
import importlib
import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

# Non-ASCII characters that ``re.IGNORECASE`` matches to an ASCII letter (Python's case
# folding of the Turkish i's, the long s and the Kelvin sign); every other non-ASCII
# character folds to "?" or, if it is whitespace, to " ".
_ASCII_TWINS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_ERRORS = "scopegap-fold"
# ASCII: upper case to lower; the separators str.isspace() counts as whitespace but a bytes
# pattern's \s does not (\x1c-\x1f) to a space.
_ASCII = bytes(
    ord(" ") if 0x1C <= code <= 0x1F else (code + 32 if 65 <= code <= 90 else code)
    for code in range(256))
MIN_ANCHOR = 3  # a shorter opening (one letter, "of") narrows nothing worth a Python step


def _fold_unencodable(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = error.object[error.start : error.end]
    return ("".join(_ASCII_TWINS.get(c) or (" " if c.isspace() else "?") for c in chunk),
            error.end)


codecs.register_error(_ERRORS, _fold_unencodable)


def fold(text: str) -> bytes:
    """``text`` as lower-case ASCII, one byte per character (offsets carry over)."""
    return text.encode("ascii", _ERRORS).translate(_ASCII)


class Anchored:
    """``pattern`` with the bytes pattern its matches must start with (None: none found,
    every call goes to ``pattern`` itself)."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.anchor = anchor_of(pattern)

    def finditer(self, text: str, folded: bytes | None = None) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``; ``folded`` is ``fold(text)`` when the caller has it."""
        if self.anchor is None:
            yield from self.pattern.finditer(text)
            return
        folded = fold(text) if folded is None else folded
        position = 0
        while (candidate := self.anchor.search(folded, position)) is not None:
            match = self.pattern.match(text, candidate.start())
            if match is None:
                position = candidate.start() + 1
                continue
            yield match
            position = match.end()  # never empty: anchor_of refuses patterns that can be

    def search(self, text: str, folded: bytes | None = None) -> re.Match[str] | None:
        """``pattern.search(text)``."""
        return next(self.finditer(text, folded), None)


def anchor_of(pattern: re.Pattern[str]) -> re.Pattern[bytes] | None:
    """The bytes pattern every match of ``pattern`` starts with, or None when its opening
    cannot be translated into one at least ``MIN_ANCHOR`` characters long.

    The pattern is first spread into the alternatives it can open with, each beginning
    with a character ("(no )?exceptions" as "no exceptions" or "exceptions"): ``re`` then
    scans for the set of first characters in C instead of trying every position."""
    parser: Any = importlib.import_module("re._parser")
    parsed = parser.parse(pattern.pattern, pattern.flags)
    if parsed.getwidth()[0] == 0:
        return None
    sources = [_prefix(opening)[0] for opening in _openings(list(parsed.data))]
    if not all(sources):
        return None
    source = "|".join(sources)
    if parser.parse(source, 0).getwidth()[0] < MIN_ANCHOR:
        return None
    return re.compile(source.encode("ascii"))


MAX_OPENINGS = 64


def _openings(items: list[tuple[Any, Any]]) -> list[list[tuple[Any, Any]]]:
    """``items`` as alternatives that together accept the same strings, none opening with a
    group, an alternation, an optional part or a zero-width assertion (left out: that only
    widens them); ``[items]`` itself when that takes more than MAX_OPENINGS."""
    constants: Any = importlib.import_module("re._constants")
    if not items:
        return [items]
    (op, value), rest = items[0], items[1:]
    if op in (constants.AT, constants.ASSERT, constants.ASSERT_NOT):
        return _openings(rest)
    if op is constants.SUBPATTERN:
        return _openings(list(value[3].data) + rest)
    if op is constants.BRANCH:
        heads = [list(branch.data) for branch in value[1]]
    elif op in _repeats(constants) and value[0] == 0 and value[1] == 1:
        heads = [list(value[2].data), []]
    else:
        return [items]
    out: list[list[tuple[Any, Any]]] = []
    for head in heads:
        out += _openings(head + rest)
        if len(out) > MAX_OPENINGS:
            return [items]
    return out


def _repeats(constants: Any) -> tuple[Any, ...]:
    return (constants.MAX_REPEAT, constants.MIN_REPEAT, constants.POSSESSIVE_REPEAT)


def _prefix(items: Any) -> tuple[str, bool]:
    """The translation of ``items`` up to the first element that has none, and whether it
    is whole: a sequence's leading part accepts whatever the sequence accepts."""
    pieces: list[str] = []
    for item in items:
        piece, whole = _item_prefix(item)
        pieces.append(piece)
        if not whole:
            return "".join(pieces), False
    return "".join(pieces), True


def _item_prefix(item: tuple[Any, Any]) -> tuple[str, bool]:
    constants: Any = importlib.import_module("re._constants")
    op, value = item
    if op is constants.BRANCH:
        alternatives = [_prefix(branch.data) for branch in value[1]]
        if any(not source for source, _ in alternatives):
            return "", False  # an alternative with no opening: nothing narrows the branch
        return ("(?:" + "|".join(source for source, _ in alternatives) + ")",
                all(whole for _, whole in alternatives))
    if op is constants.SUBPATTERN:
        source, whole = _prefix(value[3].data)  # a case-sensitive part only narrows more
        return (f"(?:{source})" if source else ""), whole
    whole_piece = _translate_item(item)
    return ("", False) if whole_piece is None else (whole_piece, True)


def _translate(items: Any) -> str | None:
    pieces = [_translate_item(item) for item in items]
    return None if any(piece is None for piece in pieces) else "".join(
        piece for piece in pieces if piece is not None)


def _translate_item(item: tuple[Any, Any]) -> str | None:
    """One parsed element, whole, as a bytes-pattern source over folded text, or None."""
    constants: Any = importlib.import_module("re._constants")
    op, value = item
    if op in (constants.AT, constants.ASSERT, constants.ASSERT_NOT):
        return ""  # zero-width: leaving it out only widens the anchor
    if op is constants.LITERAL:
        return re.escape(fold(chr(value)).decode("ascii"))
    if op is constants.IN:
        return _translate_class(value, constants)
    if op is constants.BRANCH:
        alternatives = [_translate(branch.data) for branch in value[1]]
        if any(alternative is None for alternative in alternatives):
            return None
        return "(?:" + "|".join(a for a in alternatives if a is not None) + ")"
    if op is constants.SUBPATTERN:
        inner = _translate(value[3].data)
        return None if inner is None else f"(?:{inner})"
    if op is constants.ATOMIC_GROUP:
        inner = _translate(value.data)
        return None if inner is None else f"(?:{inner})"
    if op in _repeats(constants):
        low, high, body = value
        inner = _translate(body.data)
        if inner is None:
            return None
        upper = "" if high == constants.MAXREPEAT else str(high)
        return f"(?:{inner}){{{low},{upper}}}"  # greedy: the same positions match
    return None
def _translate_class(members: Any, constants: Any) -> str | None:
    """A character class without negation as the class of its members' folded bytes."""
    out: set[str] = set()
    for op, value in members:
        if op is constants.LITERAL:
            out.add(fold(chr(value)).decode("ascii"))
        elif op is constants.RANGE and value[1] < 128:
            out.update(fold(chr(code)).decode("ascii") for code in range(value[0], value[1] + 1))
        elif op is constants.CATEGORY and value is constants.CATEGORY_SPACE:
            out.update(" \t\n\r\x0b\x0c")
        elif op is constants.CATEGORY and value is constants.CATEGORY_DIGIT:
            out.update("0123456789?")
        else:
            return None
    return "[" + "".join(re.escape(char) for char in sorted(out)) + "]"


@cache
def anchored(pattern: re.Pattern[str]) -> Anchored:
    """The ``Anchored`` form of ``pattern``, derived once per pattern."""
    return Anchored(pattern)


def spans_may_match(pattern: Anchored, folded: bytes,
                    spans: Sequence[tuple[int, int]]) -> Iterator[int]:
    """In order, the indexes of the ``spans`` (sorted, not overlapping) of a text whose
    ``text[start:end]`` ``pattern.search`` may find something in, ``folded`` being the
    text's fold; one anchor search per span that may, not one per span."""
    if pattern.anchor is None:
        yield from range(len(spans))
        return
    starts = [start for start, _ in spans]
    position = 0
    while (hit := pattern.anchor.search(folded, position)) is not None:
        index = bisect.bisect_right(starts, hit.start()) - 1
        if index >= 0 and hit.start() < spans[index][1]:
            yield index
        if index + 1 >= len(spans):
            return
        position = starts[index + 1]
