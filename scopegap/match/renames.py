"""Renames a document states itself ("NovaDesk (formerly HelpPoint)"): aliases for that document.

The catalog cannot know every product's history, but a certificate that prints "X (formerly
Y)" tells the reader that X and Y are one product *in this document*. The pair extends the
aliases only while that document is judged, never the catalog, and never across two catalog
families: a document cannot merge Genesys Cloud CX with PureConnect.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from scopegap.domain import DocumentScope
from scopegap.match.catalog import Catalog
from scopegap.resources import load_model


@dataclass(frozen=True)
class Rename:
    """One "current (formerly former)" statement, with where the document says it."""

    current: str
    former: str
    phrase: str  # the words as printed, for the explanation
    page: int
    evidence: str


@dataclass(frozen=True)
class RenamesFile:
    """``models/patterns/renames.yaml``: a product-name pattern and the phrase shapes around
    it (each with ``{name}`` where a name stands)."""

    version: int
    name: str
    forms: tuple[str, ...]


@cache
def rename_patterns() -> tuple[re.Pattern[str], ...]:
    """The phrase shapes in ``models/patterns/renames.yaml``, compiled once."""
    raw = load_model("patterns/renames.yaml", RenamesFile)
    return tuple(re.compile(form.replace("{name}", f"(?:{raw.name})")) for form in raw.forms)


def harvest_renames(text: str, page: int, evidence: str | None = None) -> tuple[Rename, ...]:
    """Every rename statement in ``text`` (one scope statement or sentence)."""
    flat = " ".join(text.split())
    found: dict[tuple[str, str], Rename] = {}
    for pattern in rename_patterns():
        for match in pattern.finditer(flat):
            current = match.group("current").strip(" ,.;:")
            former = match.group("former").strip(" ,.;:")
            if current and former and current.casefold() != former.casefold():
                found.setdefault(
                    (current, former),
                    Rename(current, former, match.group(0).strip(), page, evidence or flat),
                )
    return tuple(found.values())


def document_renames(document: DocumentScope, catalog: Catalog) -> tuple[Rename, ...]:
    """The renames a document's scope states, less those that would merge two catalog tools."""
    texts: list[tuple[str, int]] = []
    if document.scope_text is not None:
        texts.append((document.scope_text.value, document.scope_text.evidence.page))
    texts.extend((s.evidence.text, s.evidence.page) for s in document.systems)
    kept: dict[tuple[str, str], Rename] = {}
    for text, page in texts:
        for rename in harvest_renames(text, page):
            left = catalog.tool_by_alias(rename.current)
            right = catalog.tool_by_alias(rename.former)
            if left is not None and right is not None and left.id != right.id:
                continue  # families the catalog keeps apart stay apart
            kept.setdefault((rename.current, rename.former), rename)
    return tuple(kept.values())


def _words(catalog: Catalog, text: str) -> tuple[str, ...]:
    return tuple(catalog.normalise(text).split())


def names_item(catalog: Catalog, rename_side: str, item: str, *, suffix: bool) -> bool:
    """Whether ``item`` is this side of a rename.

    The name pattern may take in words before the current name ("Ticketing NovaDesk") or
    after the former one, so the item may be a word-suffix of the current side or a
    word-prefix of the former side; never a fragment of a word.
    """
    side = _words(catalog, rename_side)
    wanted = _words(catalog, item)
    if not wanted or not side:
        return False
    if side == wanted:
        return True
    if len(wanted) > len(side):
        return False
    return side[-len(wanted):] == wanted if suffix else side[: len(wanted)] == wanted


def equivalents(catalog: Catalog, renames: Iterable[Rename], item: str) -> list[tuple[str, Rename]]:
    """The other names a document gives ``item`` (its former or current name), with the rename."""
    out: list[tuple[str, Rename]] = []
    for rename in renames:
        if names_item(catalog, rename.current, item, suffix=True):
            out.append((rename.former, rename))
        elif names_item(catalog, rename.former, item, suffix=False):
            out.append((rename.current, rename))
    return out
