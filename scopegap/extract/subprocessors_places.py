"""Location cells of a subprocessor list -> ISO alpha-2 codes and group ids, through the
catalog: a country, a city, a cloud-region display name ("Europe (Frankfurt)"), or a group with
a city ("EU (Frankfurt)" lies in DE); "Global" gives none, and a group alone ("European
Union") is kept as an area, not a country."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING

from scopegap.extract.subprocessors_names import strip_marks
from scopegap.extract.subprocessors_patterns import list_patterns, plain_words

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it


def _split_outside_brackets(text: str, separators: re.Pattern[str]) -> list[str]:
    parts: list[str] = []
    depth = 0
    start = 0
    position = 0
    while position < len(text):
        char = text[position]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            found = separators.match(text, position)
            if found is not None and found.end() > position:
                parts.append(text[start:position])
                start = position = found.end()
                continue
        position += 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


_BRACKETED = re.compile(r"^(?P<outer>[^()]*?)\s*\((?P<inner>[^()]+)\)\s*$")


def _folded(text: str) -> str:
    """Case, accents and punctuation folded: "États-Unis" and "Etats Unis" are one key."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", bare).split())


@cache
def _foreign_countries() -> dict[str, str]:
    """Country names in German, French, Spanish... (models/patterns/subprocessors.yaml)."""
    raw = list_patterns().country_names
    return {_folded(name): code for code, names in raw.items() for name in names}


@cache
def _foreign_groups() -> dict[str, str]:
    raw = list_patterns().group_names
    return {_folded(name): group for group, names in raw.items() for name in names}


def foreign_group(text: str) -> str | None:
    """The catalog's id of a group of countries named in another language ("EWR", "UE")."""
    return _foreign_groups().get(_folded(text))


def foreign_country(text: str) -> str | None:
    """The ISO code of a country named in a language the catalog does not hold."""
    return _foreign_countries().get(_folded(text))


def _place(text: str, catalog: Catalog) -> tuple[list[str], list[str]] | None:
    """(codes, areas) of one place as a field prints it, or None when it names none."""
    cleaned = text.strip(" .;:*")
    if not cleaned:
        return None
    region = catalog.parse_region(cleaned)
    if region is not None:
        return [region.country], []
    code = catalog.country_code(cleaned) or foreign_country(cleaned)
    if code is not None:
        return [code], []
    group = catalog.jurisdiction(cleaned) or catalog.jurisdiction(foreign_group(cleaned) or "")
    if group is not None:
        members = sorted(group.countries)
        return (members, []) if len(members) == 1 else ([], [group.id])
    city = catalog.city(cleaned)
    if city is not None:
        return [city.country], []
    bracketed = _BRACKETED.match(cleaned)
    if bracketed is not None:  # "EU (Frankfurt)", "Ireland (Dublin)", "Frankfurt (Germany)"
        outer_text = bracketed.group("outer")
        outer = _place(outer_text, catalog) if outer_text.strip() else None
        if outer_text.strip() and outer is None:
            return None  # "Spain and Europe (London)" is a list: split it first
        inner = _place(bracketed.group("inner"), catalog)
        if inner is not None and inner[0]:
            return inner
        return outer
    return None


def parse_locations(
    text: str, catalog: Catalog, running_text: bool = True
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Country codes and group ids a location field names, each once, in print order.

    With ``running_text``, a part that is no place name is searched for country names
    ("United States. The location is chosen by the customer" gives US). A cell whose lines
    each name places ("United States" / "Hong Kong, Hong Kong") is read line by line; one
    whose lines only make sense joined ("Germany, United" / "States") is read joined.
    """
    bare = strip_marks(text)
    codes, areas, whole = _read_places(" ".join(bare.split()), catalog, running_text)
    lines = [line for line in bare.split("\n") if line.strip()]
    if not whole and len(lines) > 1:
        per_line = [_read_places(line, catalog, running_text) for line in lines]
        if all(complete for _, _, complete in per_line):
            codes = tuple(dict.fromkeys(c for found, _, _ in per_line for c in found))
            areas = tuple(dict.fromkeys(a for _, found, _ in per_line for a in found))
    return codes, areas


def _read_places(flat: str, catalog: Catalog, running_text: bool
                 ) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """(codes, areas, whether every part of ``flat`` was a place or a "no location" word)."""
    patterns = list_patterns()
    flat = " ".join(flat.split())
    if not flat or plain_words(flat) in patterns.no_location:
        return (), (), True
    whole = _place(flat, catalog)
    if whole is not None:
        return tuple(dict.fromkeys(whole[0])), tuple(dict.fromkeys(whole[1])), True
    codes: list[str] = []
    areas: list[str] = []
    complete = True
    for part in _split_outside_brackets(flat, patterns.location_separators):
        found = _place(part, catalog) or _places_run_together(part, catalog)
        if found is None:
            complete = complete and plain_words(part) in patterns.no_location
            if running_text:
                codes.extend(catalog.countries_in(part))
            continue
        codes.extend(found[0])
        areas.extend(found[1])
    return tuple(dict.fromkeys(codes)), tuple(dict.fromkeys(areas)), complete


# The most words one place name spans ("Estados Unidos Mexicanos", "Bosnia and Herzegovina").
_MAX_PLACE_WORDS = 4


def _places_run_together(part: str, catalog: Catalog
                         ) -> tuple[list[str], list[str]] | None:
    """A cell whose line breaks the text layer lost ("Estados Unidos Irlanda Amsterdam"):
    the places when the words split, longest first, into place names and nothing else."""
    words = part.split()
    if len(words) < 2:
        return None
    codes: list[str] = []
    areas: list[str] = []
    at = 0
    while at < len(words):
        for size in range(min(_MAX_PLACE_WORDS, len(words) - at), 0, -1):
            found = _place(" ".join(words[at : at + size]), catalog)
            if found is not None:
                codes.extend(found[0])
                areas.extend(found[1])
                at += size
                break
        else:
            return None
    return codes, areas

