"""Name normalisation shared by every lookup: folding, legal forms, scanning running text.

Comparing folded forms makes "Bogotá", "BOGOTA" and "Bogota," one key without any fuzzy
matching; legal forms ("Inc.", "GmbH") come from ``models/catalog/legal_forms.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from functools import cache, lru_cache

from scopegap.match.catalog import schema
from scopegap.resources import load_yaml, regex_code

_MARKS = re.compile("[\u00ae\u2122\u00a9\u2120]")  # ® ™ © ℠
_ASCII_MARKS = re.compile(r"\((?:R|TM|SM)\)", re.IGNORECASE)  # "Five9(R)", "Zoom (TM)"
_NON_WORD = re.compile(r"[\W_]+")
_PAREN = re.compile(r"\(([^()]*)\)")
# Letters that Unicode decomposition leaves alone but that people type without the mark.
_FOLD_LETTERS = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "þ": "th",
     "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "\u0131": "i"}
)  # fmt: skip


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Case, accents, ®/™/© and punctuation folded away; words joined by single spaces.

    Documents and stacks spell the same name as "Bogotá", "BOGOTA" or "Bogota,": comparing
    folded forms makes those one key without any fuzzy matching. Kept per text: matching a
    portfolio folds the same catalog and stack names tens of thousands of times.
    """
    text = _MARKS.sub(" ", _ASCII_MARKS.sub(" ", text)).casefold().translate(_FOLD_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    # ("ǽ" decomposes to "æ" and a mark: its letter is folded after the mark is gone)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(_NON_WORD.sub(" ", text.translate(_FOLD_LETTERS)).split())


def _display_key(text: str) -> str:
    """``fold`` that keeps parentheses: AWS "Canada (Central)" is not Azure "Canada Central"."""
    parts: list[str] = []
    position = 0
    for match in _PAREN.finditer(text):
        parts.append(fold(text[position : match.start()]))
        inner = fold(match.group(1))
        parts.append(f"({inner})" if inner else "")
        position = match.end()
    parts.append(fold(text[position:]))
    return " ".join(part for part in parts if part)


def _legal_form_words(forms: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """Folded legal forms as word tuples, longest first so "pvt ltd" goes before "ltd".
    A form of single letters is also read run together ("s.r.o." as "sro"), the way a
    contract's spreadsheet prints it once its dots are gone."""
    words = {tuple(fold(form).split()) for form in forms}
    words |= {("".join(w),) for w in words if len(w) >= 2 and all(len(p) == 1 for p in w)}
    return tuple(sorted((w for w in words if w), key=lambda w: (-len(w), w)))


def _strip_legal_forms(folded: str, forms: tuple[tuple[str, ...], ...]) -> str:
    words = folded.split()
    by_last = _forms_by_last_word(forms)
    changed = True
    while changed and words:
        changed = False
        for form in by_last.get(words[-1], ()):
            size = len(form)
            if len(words) > size and tuple(words[-size:]) == form:
                words = words[:-size]
                changed = True
                break
    return " ".join(words)


# forms tuple id -> (the tuple, its forms by last word): a name is checked against only the
# forms ending in its last word, in the forms' own order (longest first), not all of them.
_FORM_INDEX: dict[int, tuple[tuple[tuple[str, ...], ...], dict[str, list[tuple[str, ...]]]]] = {}


def _forms_by_last_word(
    forms: tuple[tuple[str, ...], ...],
) -> dict[str, list[tuple[str, ...]]]:
    entry = _FORM_INDEX.get(id(forms))
    if entry is None or entry[0] is not forms:
        index: dict[str, list[tuple[str, ...]]] = {}
        for form in forms:
            if form:
                index.setdefault(form[-1], []).append(form)
        entry = (forms, index)
        _FORM_INDEX[id(forms)] = entry
    return entry[1]


@cache
def _default_legal_forms() -> tuple[tuple[str, ...], ...]:
    raw = load_yaml("catalog/legal_forms.yaml")
    return _legal_form_words(schema.parse_legal_forms(raw, "models/catalog/legal_forms.yaml"))


def normalise_name(text: str) -> str:
    """Fold ``text`` and strip trailing company forms (Inc., Ltd, GmbH, Pvt Ltd, S.A., ...).

    "Five9, Inc." and "Five9®" are the same tool; the list of forms is data
    (``models/catalog/legal_forms.yaml``) so a new jurisdiction's form needs no code change.
    A name is never stripped to nothing ("Limited" stays "limited").
    """
    return _strip_legal_forms(fold(text), _default_legal_forms())


def _strip_accents(text: str) -> str:
    """``text`` without diacritics but with its case ("Bogotá" → "Bogota")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_LETTERS))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    ).translate(_FOLD_LETTERS)


def _entity_forms(name: str) -> list[str]:
    """A name, the name without parentheses, and each parenthesised part ("(AWS)")."""
    forms = [name, _PAREN.sub(" ", name), *_PAREN.findall(name)]
    return [form for form in forms if form.strip()]


def _is_acronym(spelling: str) -> bool:
    return (
        not any(ch.islower() for ch in spelling)
        and " " not in spelling.strip()
        and (sum(ch.isalpha() for ch in spelling) <= 6)
    )


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """``fold`` that remembers, for every folded character, where it came from in ``text``."""
    chars: list[str] = []
    offsets: list[int] = []
    for position, ch in enumerate(text):
        piece = _FOLDED_CHARS.get(ch)
        if piece is None:
            piece = _FOLDED_CHARS.setdefault(ch, _fold_char(ch))
        for out in piece:
            if out == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(out)
            offsets.append(position)
    return "".join(chars), offsets


# Each character's folded form, remembered: a report repeats a few hundred characters
# thousands of times, and Unicode decomposition per character was most of a scan's cost.
_FOLDED_CHARS: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    if _MARKS.match(ch):
        return " "
    decomposed = unicodedata.normalize("NFKD", ch.translate(_FOLD_LETTERS))
    piece = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _NON_WORD.sub(" ", piece)


def _scan(
    text: str, spellings: Mapping[str, str], normalise: Callable[[str], str]
) -> list[tuple[int, int, str]]:
    """(start, end, value) of the spellings found in ``text``: the longest wins where two overlap.

    Acronyms match case-sensitively in the raw text; other spellings match on folded words.
    """
    found: list[tuple[int, int, str]] = []
    acronyms, acronym_pattern, words, word_pattern = _scan_tables(spellings, normalise)
    if acronym_pattern is not None:
        for match in acronym_pattern.finditer(text):
            found.append((match.start(), match.end(), acronyms[match.group(0)]))
    if word_pattern is not None:
        folded, offsets = _fold_with_offsets(text)
        for match in word_pattern.finditer(folded):
            start, end = offsets[match.start()], offsets[match.end() - 1] + 1
            found.append((start, end, words[match.group(0)]))
    kept: list[tuple[int, int, str]] = []
    for start, end, value in sorted(found, key=lambda hit: (hit[0], hit[0] - hit[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, value))
    return kept


_ScanTables = tuple[dict[str, str], "re.Pattern[str] | None", dict[str, str],
                    "re.Pattern[str] | None"]
# id(spellings) -> (spellings, normalise, tables): the same catalog mapping is scanned for on
# every page, and normalising its few hundred spellings each time was half a scan's cost.
_SCAN_TABLES: dict[int, tuple[Mapping[str, str], Callable[[str], str], _ScanTables]] = {}
_SCAN_TABLES_MAX = 64


def _scan_tables(spellings: Mapping[str, str], normalise: Callable[[str], str]) -> _ScanTables:
    """The acronyms and folded spellings of ``spellings`` with their patterns, built once
    per mapping (catalog mappings are never changed after loading)."""
    entry = _SCAN_TABLES.get(id(spellings))
    if entry is not None and entry[0] is spellings and entry[1] == normalise:
        return entry[2]
    acronyms = {s: v for s, v in spellings.items() if _is_acronym(s)}
    acronym_pattern = None
    if acronyms:
        pattern = "|".join(re.escape(s) for s in sorted(acronyms, key=len, reverse=True))
        acronym_pattern = regex_code.compile(rf"(?<![\w.])(?:{pattern})(?![\w])")
    words: dict[str, str] = {}
    for spelling, value in spellings.items():
        if spelling not in acronyms:
            key = normalise(spelling)
            if key:
                words.setdefault(key, value)
    word_pattern = None
    if words:
        pattern = "|".join(re.escape(k) for k in sorted(words, key=len, reverse=True))
        word_pattern = regex_code.compile(rf"(?<![^ ])(?:{pattern})(?![^ ])")
    tables = (acronyms, acronym_pattern, words, word_pattern)
    if len(_SCAN_TABLES) >= _SCAN_TABLES_MAX:
        _SCAN_TABLES.clear()
    _SCAN_TABLES[id(spellings)] = (spellings, normalise, tables)
    return tables


def _lookup_with_article(table: Mapping[str, str], folded: str) -> str | None:
    """Look ``folded`` up as written, then without a leading "the" ("the Philippines")."""
    if folded in table:
        return table[folded]
    if folded.startswith("the "):
        return table.get(folded[4:])
    return None
