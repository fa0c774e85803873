"""The vocabulary of subprocessor lists (models/patterns/subprocessors.yaml), compiled, and
what a table's header row says: which column holds the name, the purpose, the location, and
which tables are not the list at all (a change log)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from scopegap.resources import load_model

Role = Literal["name", "purpose", "location", "ignore", "other"]
PATTERNS_FILE = "patterns/subprocessors.yaml"
MAX_HEADER_EXTRAS = 2  # words outside the header vocabulary a whole header row may hold


@dataclass(frozen=True)
class ListPatterns:
    cues: re.Pattern[str]
    columns: tuple[tuple[Role, re.Pattern[str]], ...]
    updated: re.Pattern[str]
    location_heading: re.Pattern[str]
    no_location: frozenset[str]
    location_separators: re.Pattern[str]
    item_separators: re.Pattern[str]
    name_joiners: re.Pattern[str]
    header_words: frozenset[str]  # every word of the column vocabulary
    ignore_cells: frozenset[str]
    log_columns: frozenset[str]
    sections: tuple[tuple[str, re.Pattern[str]], ...]  # (former | proposed | current, words)
    country_names: dict[str, tuple[str, ...]]
    group_names: dict[str, tuple[str, ...]]
    day_first_labels: re.Pattern[str]
    trade_name: re.Pattern[str]  # " d/b/a " between a legal and a trade name
    group_suffix: re.Pattern[str]  # "(and affiliates)" ending a name


def plain_words(text: str) -> str:
    """Lower case, punctuation to spaces: how a "no location" cell is compared."""
    return " ".join(re.sub(r"[^\w/']+", " ", text.casefold()).split())


def _words(words: Sequence[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len,
                                                                         reverse=True))


@dataclass(frozen=True)
class ColumnWords:
    """Header words per column role (a cell takes the first role whose words it holds)."""

    ignore: tuple[str, ...]
    name: tuple[str, ...]
    location: tuple[str, ...]
    purpose: tuple[str, ...]


@dataclass(frozen=True)
class ListPatternsFile:
    """models/patterns/subprocessors.yaml, validated on load."""

    version: int
    list_cues: tuple[str, ...]
    columns: ColumnWords
    updated_labels: tuple[str, ...]
    location_heading: str
    no_location: tuple[str, ...]
    location_separators: str
    item_separators: str
    name_joiners: str
    legal_form_synonyms: tuple[tuple[str, ...], ...]
    day_first_labels: tuple[str, ...]
    ignore_cells: tuple[str, ...]
    log_columns: tuple[str, ...]
    former_sections: tuple[str, ...]
    proposed_sections: tuple[str, ...]
    current_sections: tuple[str, ...]
    country_names: dict[str, tuple[str, ...]]
    group_names: dict[str, tuple[str, ...]]
    trade_name_words: tuple[str, ...]
    group_suffixes: tuple[str, ...]


@cache
def list_patterns() -> ListPatterns:
    raw = load_model(PATTERNS_FILE, ListPatternsFile)
    columns = tuple(
        (role, re.compile(rf"(?<![\w-])(?:{_words(getattr(raw.columns, role))})(?![\w-])",
                          re.I))
        for role in ("ignore", "name", "location", "purpose")
    )
    labels = _words(raw.updated_labels)
    return ListPatterns(
        cues=re.compile(rf"(?<![\w-])(?:{_words(raw.list_cues)})(?![\w-])", re.I),
        columns=columns,  # type: ignore[arg-type]
        updated=re.compile(rf"(?<![\w-])(?:{labels})\s*(?:on|:|-|–)?\s*"
                           r"(?:\d{1,2}(?:\.\d{1,2})?\s+[-–—]\s+)?", re.I),  # "Version 4 – "
        location_heading=re.compile(raw.location_heading, re.I),
        no_location=frozenset(plain_words(w) for w in raw.no_location),
        location_separators=re.compile(raw.location_separators, re.I),
        item_separators=re.compile(raw.item_separators),
        name_joiners=re.compile(raw.name_joiners),
        header_words=frozenset(
            word for role in ("ignore", "name", "location", "purpose")
            for phrase in getattr(raw.columns, role)
            for word in re.findall(r"[^\W\d_]+", phrase.casefold())),
        ignore_cells=frozenset(plain_words(w) for w in raw.ignore_cells),
        log_columns=frozenset(plain_words(w) for w in raw.log_columns),
        sections=tuple(
            (kind, re.compile(rf"(?<![\w-])(?:{_words(words)})(?![\w-])", re.I))
            for kind, words in (("former", raw.former_sections),
                                ("proposed", raw.proposed_sections),
                                ("current", raw.current_sections))),
        country_names=raw.country_names,
        group_names=raw.group_names,
        day_first_labels=re.compile(rf"(?:{_words(raw.day_first_labels)})", re.I),
        trade_name=re.compile(rf",?\s+(?:{_words(raw.trade_name_words)})\s+", re.I),
        group_suffix=re.compile(rf",?\s*\(?(?:{_words(raw.group_suffixes)})\)?\s*$", re.I),
    )


# --------------------------------------------------------------------------- headers


_TITLE_FILLER = frozenset({"of", "the", "and", "or", "for", "to", "by", "in", "a", "an",
                           "s", "der", "die", "das", "des", "für", "und", "de", "du", "la",
                           "le", "les", "del", "el", "los", "las", "y", "et", "en"})
MAX_SECTION_WORDS = 6  # a section title is short; a longer line is running text
_HYPHEN_WRAP = re.compile(r"([^\W\d_]-)\s*\n\s*(?=[^\W\d_])")


def column_role(cell: str) -> Role:
    """The role a header cell names; a cell with more than one word outside the header
    vocabulary is data, not a title ("Intercom R&D Unlimited Company" holds "company")."""
    patterns = list_patterns()
    cell = _HYPHEN_WRAP.sub(r"\1", cell)  # "Sous-" over "traitant" is "Sous-traitant"
    if plain_words(cell) in patterns.ignore_cells:
        return "ignore"
    if _extra_words(cell) > 1:
        return "other"
    for role, pattern in patterns.columns:
        if pattern.search(cell):
            return role
    return "other"


def _extra_words(cell: str) -> int:
    """Words of a cell outside the header vocabulary (and its filler words)."""
    words = re.findall(r"[^\W\d_]+", cell.casefold())
    vocabulary = list_patterns().header_words
    return sum(1 for w in words if w not in _TITLE_FILLER and w not in vocabulary)


def column_roles(header: Sequence[str]) -> list[Role]:
    """Each header cell's role; only the first name and location columns keep theirs."""
    roles: list[Role] = []
    for cell in header:
        role = column_role(cell) if len(cell) <= 60 else "other"
        if role in ("name", "location") and role in roles:
            role = "other"
        roles.append(role)
    return roles


def is_header(cells: Sequence[str]) -> bool:
    """A row of column titles: a name column and a purpose or location column."""
    roles = column_roles(cells)
    if sum(_extra_words(cell) for cell in cells) > MAX_HEADER_EXTRAS:
        return False  # a row of data that happens to hold "company" and "service"
    return "name" in roles and ("purpose" in roles or "location" in roles)



def is_log_header(cells: Sequence[str]) -> bool:
    """The header of a table that is not the list: a change log ("Date | Change | Name")."""
    if is_header(cells):
        return False
    titles = list_patterns().log_columns
    return any(plain_words(cell) in titles for cell in cells)


def section_kind(line: str) -> str | None:
    """``former``, ``proposed`` or ``current`` when a short title line opens such a section
    ("Former subprocessors", "Upcoming changes", "Infrastructure"); None for other text."""
    flat = " ".join(line.split())
    if not flat or len(flat.split()) > MAX_SECTION_WORDS or flat.endswith((".", ":", ";")):
        return None
    for kind, pattern in list_patterns().sections:
        if pattern.search(flat):
            return kind
    return None
