"""Place-name checks shared by the matcher and its explanations."""

from __future__ import annotations

import re
from dataclasses import replace

from scopegap.domain import DataLocation, Stack, StackItem
from scopegap.errors import StackError
from scopegap.match.catalog import Catalog, fold


def unmatched_qualifiers(item: StackItem, city: str, evidence: str, catalog: Catalog) -> list[str]:
    """Parts of a contract site the document's entry does not bear out.

    "Paris, Texas" is not "Paris, France": a part of the contract's site that is neither its
    city, its metro area nor a country the catalog knows (a state, a district) must be in the
    document's own words for that site, else the two may be namesakes.
    """
    hay = catalog.normalise(evidence)
    known = catalog.city(city, country=item.country) if item.country else catalog.city(city)
    metro = fold(known.metro) if known is not None and known.metro else None
    missing: list[str] = []
    for part in (p.strip() for p in item.name.split(",")[1:]):
        words = catalog.normalise(part)
        if not words or catalog.same_city(part, city) or fold(part) == metro:
            continue
        sub = catalog.subdivision(part, known.country if known is not None else None)
        if sub is not None:
            if not _names_subdivision(sub, evidence, catalog):
                missing.append(part)
            continue
        if catalog.country_code(part) is not None:
            continue
        if not re.search(rf"(?<!\w){re.escape(words)}(?!\w)", hay):
            missing.append(part)
    return missing


def _names_subdivision(sub: tuple[str, str], evidence: str, catalog: Catalog) -> bool:
    """The evidence names the state by its code in capitals ("TX") or by name ("Texas")."""
    country, code = sub
    name = catalog.subdivisions[country][code]
    return bool(re.search(rf"(?<![\w]){re.escape(code)}(?![\w])", evidence)
                or re.search(rf"(?<!\w){re.escape(catalog.normalise(name))}(?!\w)",
                             catalog.normalise(evidence)))


def location_countries(location: str, catalog: Catalog) -> frozenset[str] | None:
    """The countries one ``data_locations`` entry allows: a country (code, name or alias) or a
    group of models/catalog/countries.yaml (EU, EEA, UK, US...); None when it is neither."""
    code = catalog.country_code(location) or catalog.country_code(location.upper())
    if code is not None:
        return frozenset({code})
    group = catalog.jurisdiction(location)
    return group.countries if group is not None else None


def data_countries(locations: tuple[DataLocation, ...], catalog: Catalog) -> tuple[str, ...]:
    """Every country the entries allow, sorted; entries the catalog does not know add none."""
    found: set[str] = set()
    for location in locations:
        found |= location_countries(location.name, catalog) or frozenset()
    return tuple(sorted(found))


def resolve_data_locations(stack: Stack, catalog: Catalog) -> Stack:
    """The stack with its ``data_locations`` resolved to countries; an entry that is neither
    a country nor a group is the user's error (exit 2, FILE:LINE)."""
    if not stack.data_locations:
        return stack
    for location in stack.data_locations:
        if location_countries(location.name, catalog) is None:
            raise StackError(stack.path, f"data_locations: '{location.name}' is neither a "
                                         "country nor a group such as EU, EEA, UK or US",
                             location.line)
    return replace(stack, data_countries=data_countries(stack.data_locations, catalog))
