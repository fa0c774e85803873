"""Countries, cities and jurisdictions: lookups, sites as printed, and the two place files."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cached_property
from types import MappingProxyType
from typing import Any

from scopegap.match.catalog import schema
from scopegap.match.catalog.base import CatalogData
from scopegap.match.catalog.names import _lookup_with_article, _scan, fold
from scopegap.match.catalog.records import City, Country, Jurisdiction


class PlaceLookups(CatalogData):
    """Country codes, cities and groups of countries named by a document or a stack."""

    def country_code(self, text: str) -> str | None:
        """ISO alpha-2 for a country name, alias, adjective or (upper-case) code."""
        stripped = text.strip()
        if schema.COUNTRY_CODE.match(stripped) and stripped in self.countries:
            return stripped
        return _lookup_with_article(self._index.country_names, fold(stripped))

    def country(self, text: str) -> Country | None:
        code = self.country_code(text)
        return self.countries[code] if code is not None else None

    def cities_named(self, text: str) -> tuple[City, ...]:
        """Every city the name could be (San José is in CR and in the US)."""
        return self._index.city_names.get(fold(text), ())

    def city(self, text: str, country: str | None = None) -> City | None:
        """The city ``text`` names, narrowed by ``country`` (code or name) or by a trailing
        ", Country" in the text; ``None`` when unknown or ambiguous."""
        code = self.country_code(country) if country is not None else None
        if country is not None and code is None:
            return None
        matches = self.cities_named(text)
        if not matches and "," in text:
            parts = [part.strip() for part in text.split(",") if part.strip()]
            tail = self.country_code(parts[-1]) if len(parts) > 1 else None
            if tail is not None and code in (None, tail):
                code = tail
                matches = self.cities_named(parts[0])
        if code is not None:
            matches = tuple(city for city in matches if city.country == code)
        return matches[0] if len(matches) == 1 else None

    def jurisdiction(self, text: str) -> Jurisdiction | None:
        """The group "EU", "the EU", "EU/EEA", "European Economic Area", "APAC" ... names."""
        jid = _lookup_with_article(self._index.jurisdiction_names, fold(text))
        return self.jurisdictions[jid] if jid is not None else None

    @cached_property
    def _country_spellings(self) -> Mapping[str, str]:
        return MappingProxyType(
            {
                spelling: country.code
                for country in self.countries.values()
                for spelling in (country.name, *country.aliases)
                if fold(spelling) not in self.not_in_running_text
            }
        )

    @cached_property
    def _subdivision_names(self) -> Mapping[str, tuple[tuple[str, str], ...]]:
        """Folded subdivision code or name -> every (country, code) it can be."""
        names: dict[str, list[tuple[str, str]]] = {}
        for country, table in self.subdivisions.items():
            for code, name in table.items():
                for spelling in {fold(code), fold(name)}:
                    names.setdefault(spelling, []).append((country, code))
        return MappingProxyType({k: tuple(v) for k, v in names.items()})

    def subdivision(self, text: str, country: str | None = None) -> tuple[str, str] | None:
        """(country, code) of the state or province ``text`` names: "TX" or "Texas" ->
        ("US", "TX"). A code counts only as printed in capitals ("in" is not Indiana);
        ``None`` when unknown, or ambiguous without ``country``."""
        stripped = text.strip().rstrip(".")
        if len(stripped) <= 3 and not stripped.isupper():
            return None
        found = self._subdivision_names.get(fold(stripped), ())
        if country is not None:
            found = tuple(f for f in found if f[0] == country)
        return found[0] if len(found) == 1 else None

    def subdivision_countries(self, text: str) -> frozenset[str]:
        """Every country with a state or province ``text`` names ("WA": the US and
        Australia); a code counts only as printed in capitals."""
        stripped = text.strip().rstrip(".")
        if len(stripped) <= 3 and not stripped.isupper():
            return frozenset()
        return frozenset(country for country, _ in self._subdivision_names.get(fold(stripped), ()))

    def same_subdivision(self, left: str, right: str) -> bool:
        """Whether two printed forms name one subdivision ("TX" / "Texas")."""
        a, b = self.subdivision(left), self.subdivision(right)
        return a is not None and a == b

    def country_name(self, code: str) -> str:
        country = self.countries.get(code)
        return country.name if country is not None else code

    def jurisdiction_countries(self, text: str) -> frozenset[str]:
        """Member countries of a jurisdiction given by id or any of its names; empty if unknown."""
        group = self.jurisdictions.get(text) or self.jurisdiction(text)
        return group.countries if group is not None else frozenset()

    def countries_in(self, text: str) -> list[str]:
        """Country codes named in running text, once per mention, in order.

        Adjectives and the names in ``not_in_running_text`` ("us", "Georgia") are left out;
        acronyms ("UK", "UAE") count only in capitals.
        """
        return [code for _, _, code in _scan(text, self._country_spellings, fold)]

    def same_city(self, left: str, right: str) -> bool:
        """Whether two printed city names are one city ("Bangalore" / "Bengaluru")."""
        if fold(left) and fold(left) == fold(right):
            return True
        ids = {(c.name, c.country) for c in self.cities_named(left)}
        return any((c.name, c.country) in ids for c in self.cities_named(right))

    def parse_site(self, text: str, country: str | None = None) -> tuple[str | None, str | None]:
        """(city, country code) of a site as a contract or document prints it.

        "Manila, Philippines" → ("Manila", "PH"); "123 High St, Leeds, UK" → ("Leeds", "GB");
        "Philippines" → (None, "PH"). A city the catalog does not know is returned as printed;
        a city in two countries with no country given leaves the country ``None``.
        """
        code = self.country_code(country) if country else None
        parts = [part.strip() for part in re.split(r"[,;\n|]", text) if part.strip()]
        if not parts:
            return None, code
        if code is None and len(parts) > 1:
            code = self._subdivision_country(parts) or self.country_code(parts[-1])
        if len(parts) == 1 and self.country_code(parts[0]) is not None:
            whole = self.country_code(parts[0])
            city_state = self.city(parts[0], country=whole)  # Singapore, Luxembourg, Monaco
            if city_state is not None and code in (None, whole):
                return city_state.name, whole
            return None, code or whole
        for index, part in enumerate(parts):
            city = self._city_in_part(part, code)
            if city is not None:
                town = self._town_before_city_state(parts, index, city.country)
                if town is not None:  # "70358 Jurong West, Singapore": the town, not the state
                    return town, city.country
                return city.name, code or city.country
        for part in parts:
            named = self.cities_named(part) or self.cities_named(_without_numbers(part))
            if named:  # known but ambiguous without a country
                return named[0].name, code
        first = parts[0]
        if self.country_code(first) is not None or self.jurisdiction(first) is not None:
            return None, code
        return _without_numbers(first) or first, code

    def _city_in_part(self, part: str, code: str | None) -> City | None:
        """The catalog city one address part names, as printed or less its postcode
        ("10115 Berlin", "London EC2A 4BX" and "Austin 78701" name Berlin, London, Austin)."""
        for candidate in dict.fromkeys((part, _without_numbers(part))):
            if not candidate:
                continue
            city = self.city(candidate, country=code) if code else self.city(candidate)
            if city is not None:
                return city
        return None


    def _town_before_city_state(self, parts: list[str], index: int,
                                country: str) -> str | None:
        """In "…, 70358 Jurong West, Singapore" the city-state is the country line, and the
        town is the "postcode town" part before it; reading the site as the city-state would
        let it cover any declared site there (a false "covered")."""
        if index == 0 or self.country_code(parts[index]) != country:
            return None
        match = re.fullmatch(r"\d{4,}\s+([^\d]+)", parts[index - 1])
        return match.group(1).strip() if match else None

    def _subdivision_country(self, parts: list[str]) -> str | None:
        """The country of "City, ST" / "City, State": the subdivision's, when the city before
        it is in that country or unknown to the catalog ("Phoenix, AZ" -> US; "Baku, AZ"
        stays Azerbaijan's)."""
        tail = re.sub(r"\s+\d[\d\-]*$", "", parts[-1])  # "TX 78701"
        for country, _ in self._subdivision_names.get(fold(tail), ()):
            if self.subdivision(tail, country) is None:
                continue
            cities = self.cities_named(parts[-2])
            if not cities or any(c.country == country for c in cities):
                return country
        return None


def _parse_subdivisions(
    raw: Any, where: schema.Where, countries: Mapping[str, Country]
) -> dict[str, Mapping[str, str]]:
    """``subdivisions:`` of countries.yaml: country code -> {subdivision code: name}."""
    table = schema.mapping(raw, where).get("subdivisions", {})
    out: dict[str, Mapping[str, str]] = {}
    for country, body in schema.mapping(table, where, "subdivisions").items():
        label = f"subdivisions of {country!r}"
        code = schema.country_ref(country, countries, where, label)
        entries = schema.mapping(body, where, label)
        parsed: dict[str, str] = {}
        for sub, name in entries.items():
            if not isinstance(sub, str) or not re.fullmatch(r"[A-Z0-9]{1,3}", sub):
                raise where.fail(label, f"code {sub!r} must be 1-3 capitals or digits")
            if not isinstance(name, str) or not name.strip():
                raise where.fail(label, f"{sub}: missing name")
            parsed[sub] = name.strip()
        out[code] = MappingProxyType(parsed)
    return out


def _parse_countries(
    raw: Any, where: schema.Where
) -> tuple[
    dict[str, Country], dict[str, str], dict[str, Jurisdiction], dict[str, str], frozenset[str]
]:
    table = schema.mapping(schema.mapping(raw, where).get("countries"), where, "countries")
    countries: dict[str, Country] = {}
    names: dict[str, str] = {}
    for code, body in table.items():
        label = f"country {code!r}"
        if not isinstance(code, str) or not schema.COUNTRY_CODE.match(code):
            raise where.fail(label, 'codes are two upper-case letters (quote "NO")')
        entry = schema.mapping(body, where, label)
        country = Country(
            code=code,
            name=schema.text(entry, "name", where, label),
            aliases=schema.texts(entry, "aliases", where, label),
            adjectives=schema.texts(entry, "adjectives", where, label),
        )
        countries[code] = country
        for spelling in (country.name, *country.aliases, *country.adjectives):
            key = fold(spelling)
            if names.setdefault(key, code) != code:
                raise where.fail(label, f"name {spelling!r} also belongs to {names[key]!r}")
    groups = schema.mapping(
        schema.mapping(raw, where).get("jurisdictions", {}), where, "jurisdictions"
    )
    raw_groups: dict[str, Mapping[str, Any]] = {}
    for gid, body in groups.items():
        if not isinstance(gid, str) or not gid:
            raise where.fail(f"jurisdiction {gid!r}", "missing id")
        raw_groups[gid] = schema.mapping(body, where, f"jurisdiction {gid!r}")

    resolved: dict[str, frozenset[str]] = {}

    def members(gid: str, path: tuple[str, ...]) -> frozenset[str]:
        label = f"jurisdiction {gid!r}"
        if gid in path:
            raise where.fail(label, f"includes itself via {' -> '.join((*path, gid))}")
        if gid not in resolved:
            entry = raw_groups[gid]
            codes = entry.get("countries") or []
            if not isinstance(codes, list):
                raise where.fail(label, "'countries' must be a list")
            found = {schema.country_ref(c, countries, where, label, "countries") for c in codes}
            for inner in schema.texts(entry, "includes", where, label):
                if inner not in raw_groups:
                    raise where.fail(label, f"includes unknown jurisdiction {inner!r}")
                found |= members(inner, (*path, gid))
            resolved[gid] = frozenset(found)
        return resolved[gid]

    jurisdictions: dict[str, Jurisdiction] = {}
    group_names: dict[str, str] = {}
    for gid, entry in raw_groups.items():
        label = f"jurisdiction {gid!r}"
        group = Jurisdiction(
            id=gid,
            name=schema.text(entry, "name", where, label),
            aliases=schema.texts(entry, "aliases", where, label),
            countries=members(gid, ()),
        )
        if not group.countries:
            raise where.fail(label, "has no member countries")
        jurisdictions[gid] = group
        for spelling in (gid, group.name, *group.aliases):
            key = fold(spelling)
            if group_names.setdefault(key, gid) != gid:
                raise where.fail(label, f"name {spelling!r} also belongs to {group_names[key]!r}")
    quiet = schema.texts(
        schema.mapping(raw, where), "not_in_running_text", where, "not_in_running_text"
    )
    return countries, names, jurisdictions, group_names, frozenset(fold(q) for q in quiet)


def _parse_cities(
    raw: Any, where: schema.Where, countries: Mapping[str, Country]
) -> tuple[tuple[City, ...], dict[str, tuple[City, ...]], frozenset[str]]:
    cities: list[City] = []
    names: dict[str, list[City]] = {}
    for n, entry in enumerate(schema.entries(raw, "cities", where)):
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise where.fail(f"cities[{n}]", "missing 'name'")
        label = f"city {name!r}"
        capital = entry.get("capital", False)
        if not isinstance(capital, bool):
            raise where.fail(label, "'capital' must be true or false")
        city = City(
            name=name.strip(),
            country=schema.country_ref(entry.get("country"), countries, where, label),
            aliases=schema.texts(entry, "aliases", where, label),
            metro=schema.optional_text(entry, "metro", where, label),
            capital=capital,
        )
        for spelling in {fold(s) for s in (city.name, *city.aliases)}:
            if any(other.country == city.country for other in names.get(spelling, ())):
                raise where.fail(label, f"{spelling!r} names two cities in {city.country}")
            names.setdefault(spelling, []).append(city)
        cities.append(city)
    doc = schema.mapping(raw, where)
    quiet = schema.texts(doc, "not_in_running_text", where, "not_in_running_text")
    return tuple(cities), {k: tuple(v) for k, v in names.items()}, frozenset(map(fold, quiet))


def _without_numbers(part: str) -> str:
    """An address part less its postcode: every word holding a digit goes ("10115 Berlin"
    -> "Berlin", "London EC2A 4BX" -> "London"); a postcode is never part of a town's name."""
    return " ".join(word for word in part.split() if not any(ch.isdigit() for ch in word))
