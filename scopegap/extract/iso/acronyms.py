"""A certification body's legal name from the acronym printed by its seal.

Many certificates name the issuer on the cover only as an acronym ("CQI", "For and on behalf
of BCE") and print the legal name once, in the footer ("Coppergate Quality International Oyj,
350 Lake Shore Drive ..."). The legal name is what a reviewer checks against the
accreditation register, so the acronym is expanded when, and only when, the document itself
prints words whose initials spell it (connector words such as "for" or "de" may or may not
give a letter: "Centre for Assessment" is CFA).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from scopegap.ingest.pdf import TextPage

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog

_ACRONYM = re.compile(r"^[A-Z](?:[A-Z]|[.&-](?=[A-Z])){1,7}\.?$")
_WORD = re.compile(r"[^\W\d_][\w'’&.\-]*")
_CONNECTORS = frozenset({"of", "and", "&", "for", "de", "der", "und", "et", "di", "do", "da",
                         "du", "des", "la", "le", "the", "y", "e"})
_FORM_END = re.compile(r",|\s[-–—|]\s|\s\(|\s{2,}|$")


def is_acronym(name: str) -> bool:
    return _ACRONYM.match(name.strip()) is not None


def expand_acronym(acronym: str, pages: Sequence[TextPage], catalog: Catalog) -> str | None:
    """The words the document prints whose initials spell ``acronym``, with the legal form
    that follows them when there is one ("CQI" -> "Coppergate Quality International Oyj");
    a spelling followed by a legal form wins over one without."""
    letters = re.sub(r"[^A-Z]", "", acronym)
    if not is_acronym(acronym) or len(letters) < 2:
        return None
    forms = set(catalog.legal_forms)
    plain: str | None = None
    for page in pages:
        for line in page.text.split("\n"):
            words = list(_WORD.finditer(line))
            for first in range(len(words)):
                last = _spell(words, first, letters)
                if last is None:
                    continue
                name = line[words[first].start() : words[last].end()].rstrip(".,")
                with_form = _with_legal_form(line, words[last].end(), name, forms)
                if with_form is not None:
                    return with_form
                plain = plain or name
    return plain


def _spell(words: list[re.Match[str]], first: int, letters: str) -> int | None:
    """Index of the last word when words[first:] spell ``letters`` by their capitals."""

    def walk(index: int, letter: int) -> int | None:
        if letter == len(letters):
            return index - 1
        if index >= len(words):
            return None
        word = words[index].group(0)
        capitalised = word[1:2].islower() or (caps and word[1:2].isupper())
        if word[0] == letters[letter] and len(word) > 1 and capitalised:
            found = walk(index + 1, letter + 1)
            if found is not None:
                return found
        if letter > 0 and word.casefold() in _CONNECTORS:
            if word[0].upper() == letters[letter]:  # "Centre for Assessment": CFA
                found = walk(index + 1, letter + 1)
                if found is not None:
                    return found
            return walk(index + 1, letter)
        return None

    if words[first].group(0).casefold() in _CONNECTORS:
        return None
    # a line in capitals ("QUALITY COMPLIANCE CERTIFICATION INDIA LLP") spells by first letters
    caps = all(w.group(0).isupper() for w in words[first:])
    return walk(first, 0)


def _with_legal_form(line: str, end: int, name: str,
                     forms: set[tuple[str, ...]]) -> str | None:
    """``name`` with the legal form printed right after it, up to a comma or a dash."""
    from scopegap.match.catalog import fold

    rest = line[end:]
    stop = _FORM_END.search(rest)
    tail = rest[: stop.start()] if stop else rest
    words = tuple(fold(tail).split())
    for cut in range(len(words), 0, -1):
        if words[:cut] in forms:
            printed = tail.strip()
            kept = printed.split()
            return f"{name} {' '.join(kept[: _printed_words(kept, cut)])}".strip()
    return None


def _printed_words(printed: list[str], folded_count: int) -> int:
    """How many printed words make up ``folded_count`` folded ones ("S.L.U." is three)."""
    from scopegap.match.catalog import fold

    total = 0
    for n, word in enumerate(printed, start=1):
        total += len(fold(word).split())
        if total >= folded_count:
            return n
    return len(printed)
