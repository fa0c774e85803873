"""Does a document's scope exclude a declared item? Identity first, words second.

The exclusion component (``scopegap/nlp``) records each trigger with the entities and words
it reaches. Here an item is excluded when a reached entity *is* the item (same catalog tool,
same (provider, region), same city or country), or when the reached words name it word for
word and not as part of another product's longer name: "excluding Genesys Cloud WEM" does
not exclude Genesys Cloud CX, and "excluding the development teams" excludes no Microsoft
Teams (generic words never count on their own).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from scopegap.domain import DocumentScope, StackItem
from scopegap.match.catalog import Catalog, fold


@dataclass(frozen=True)
class ExclusionMatch:
    rule: str
    page: int
    evidence: str
    target: str


def exclusion_decision(
    item: StackItem, document: DocumentScope, catalog: Catalog, also: Iterable[str] = ()
) -> ExclusionMatch | None:
    """The first exclusion phrase of ``document`` that takes ``item`` out, else ``None``.

    ``also`` holds other names the document gives the item (its stated renames).
    """
    same, words = _identity(item, catalog, also)
    for exclusion in document.exclusions:
        for target in exclusion.targets:
            if same(target) or _names_in(words, target, catalog):
                return ExclusionMatch(f"exclusion: '{exclusion.text}'",
                                      exclusion.evidence.page, exclusion.evidence.text, target)
    return None


def _identity(
    item: StackItem, catalog: Catalog, also: Iterable[str]
) -> tuple[Callable[[str], bool], set[str]]:
    """A test for "this target is the item" and the word-for-word names of the item."""
    words = {item.name, *also}
    if item.type in ("tool", "subprocessor"):
        tool = catalog.declared_tool(item.name)
        if tool is None:
            return _nothing, words
        generic = {catalog.normalise(g) for g in tool.generic_aliases}
        words |= {n for n in (tool.name, *tool.aliases) if catalog.normalise(n) not in generic}

        def same_tool(target: str) -> bool:
            found = catalog.tool_by_alias(target)
            return found is not None and found.id == tool.id

        return same_tool, words
    if item.type == "site":
        city, country = catalog.parse_site(item.name, item.country)
        if city:
            words.add(city)
            known = catalog.city(city, country=country) if country else catalog.city(city)
            if known is not None:
                words |= {known.name, *known.aliases}
        elif country:
            found = catalog.countries[country]
            words |= {found.name, *found.aliases}
        words = {w for w in words if fold(w) not in catalog.not_in_running_text}  # "us", "Georgia"

        def same_place(target: str) -> bool:
            # "excluding India" takes out each site in it; a city the exclusion names takes
            # out that city, even one too ambiguous to spot in running text ("Preston")
            if country is not None and catalog.country_code(target) == country:
                return True
            return city is not None and catalog.same_city(target, city) and (
                country is None or catalog.city(target, country=country) is not None)

        return same_place, words
    region = catalog.parse_region(item.name)
    if region is None:
        return _nothing, words
    words |= {region.code, *region.display_names}

    def same_region(target: str) -> bool:
        found = catalog.parse_region(target)
        return found is not None and found.id == region.id

    return same_region, words


def _nothing(target: str) -> bool:
    return False


def _names_in(names: Iterable[str], target: str, catalog: Catalog) -> bool:
    """Whether one of ``names`` is in ``target`` word for word and not inside another
    catalog product's longer name."""
    hay = catalog.normalise(target)
    for name in names:
        needle = catalog.normalise(name)
        if not needle or not re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", hay):
            continue
        if catalog.tool_in_text_conflicts(name, target):
            continue
        return True
    return False
