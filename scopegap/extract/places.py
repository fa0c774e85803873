"""Places a line names: the cities (with their countries) of an address, a schedule cell or
a locations list, as sites. Shared by certificates (``iso/contents``) and SOC reports
(``soc/components``)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from scopegap.domain import Evidence, SiteRef
from scopegap.extract.legal_forms import legal_form_in_line
from scopegap.extract.patterns import certificate_patterns
from scopegap.ingest.text import squash
from scopegap.nlp.pipeline import analyse

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it


def site_name(city: str | None, country: str | None, catalog: Catalog) -> str:
    if city and country:
        return f"{city}, {catalog.country_name(country)}"
    return city or (catalog.country_name(country) if country else "")


_STATE_AFTER_COMMA = re.compile(
    r",[ \t]*(?P<sub>[A-Z]{2}(?![^\W\d_])|[A-Z][a-z]+(?:[ \t][A-Z][a-z]+){0,2})"
)
_WORDS_BEFORE = re.compile(r"(?:[A-Z][^\W\d_]*\.?[ \t'-]{1,2}){0,3}[A-Z][^\W\d_]+$")


def state_qualified_cities(text: str, catalog: Catalog) -> list[tuple[str, str, int, int]]:
    """(city, country, start, end) of "Phoenix, AZ" / "Austin, Texas" in running text: a
    catalogued city followed by a state of its own country. Such a city is read even when
    its bare name is too ambiguous to spot alone (Phoenix, Austin, Columbus)."""
    found = []
    for match in _STATE_AFTER_COMMA.finditer(text):
        words = match.group("sub").split()
        sub = next((s for n in range(len(words), 0, -1)  # "New York" before "New"
                    if (s := catalog.subdivision(" ".join(words[:n]))) is not None), None)
        before = _WORDS_BEFORE.search(text[max(0, match.start() - 60) : match.start()])
        if sub is None or before is None:
            continue
        names = before.group(0).split()
        for first in range(len(names)):  # "Riverside Drive Phoenix" -> "Phoenix"
            city = catalog.city(" ".join(names[first:]), country=sub[0])
            if city is not None:
                start = match.start() - len(" ".join(names[first:]))
                found.append((city.name, sub[0], start, match.end()))
                break
        else:
            town = _town_before_postcode(text, match, " ".join(names), sub[0], catalog)
            if town is not None:
                found.append((town, sub[0], match.start() - len(town), match.end()))
    return found


def _town_before_postcode(text: str, match: re.Match[str], names: str, country: str,
                          catalog: Catalog) -> str | None:
    """"1200 W Rio Salado Pkwy, Tempe, AZ 85281": a town the catalog lacks is still the
    town of an address shaped so (set off by commas, its state, then a postal code)."""
    patterns = certificate_patterns()
    if not patterns.postcode_after_state.match(text, match.end()):
        return None
    town = _town_at_end(names, country, catalog)
    start = match.start() - len(town)
    before = text[:start].rstrip(" \t")
    if not before.endswith((",", ":", "(", "|")) and not (
            before.endswith("\n") and re.search(r"\d", before.rstrip("\n").rsplit("\n", 1)[-1])):
        # the words before the town are not set off ("Harbour View Road Tempe"), or it begins
        # a line under no street line ("El" / "Paso, Texas 17819": a wrapped town)
        return None
    words = town.split()
    if not 1 <= len(words) <= 3 or patterns.not_a_town.search(town) or \
            catalog.country_code(town) is not None or catalog.subdivision(town) is not None \
            or legal_form_in_line().search(town):
        return None  # "Acme Inc, Delaware 19801": a company's registered address
    return town


def names_a_region(doc: Doc, start: int) -> bool:
    return any(e.label_ == "REGION" and 0 <= start - e.end <= 2 for e in doc.ents)


def cities_in(text: str, catalog: Catalog) -> list[tuple[str, str]]:
    """(city, country) pairs named in a short text, in order. A city whose country differs
    from the country the same text names is a namesake ("Porto" in "Porto Alegre, Brasil")
    and is dropped; an address whose city the catalog lacks is read by its shape."""
    doc = analyse(text, catalog)
    named = {e.kb_id_ for e in doc.ents if e.label_ == "COUNTRY"} | {
        code for e in doc.ents if e.label_ == "JURISDICTION"  # "United States" is a group
        for code in [catalog.country_code(e.text)] if code is not None}
    found: list[tuple[str, str]] = []
    previous: Span | None = None
    for entity in doc.ents:
        if entity.label_ != "CITY" or names_a_region(doc, entity.start):
            continue
        if certificate_patterns().street_after_name.match(text[entity.end_char:]):
            continue  # "Washington Boulevard": a street named after a town
        country = entity.kb_id_.split(":", 1)[0]
        if named and country not in named:
            continue
        if previous is not None and metro_after_town(doc, previous, entity, catalog):
            continue  # "Quezon City, Metro Manila": the town's area, not Manila
        previous = entity
        city = catalog.city(entity.text, country=country)
        found.append((city.name if city else entity.text, country))
    if len(found) > 1 and catalog.country_code(found[-1][0]) == found[-1][1] and any(
            country == found[-1][1] for _, country in found[:-1]):
        # A city-state as an address's country line ("…, Jurong West, Singapore"): the town
        # named before it is the site's, not the whole state (which would cover any
        # declared site there).
        found = found[:-1]
    if len(found) > 1 and _state_of(found[-1], catalog) and any(
            country == found[-1][1] for _, country in found[:-1]):
        found = found[:-1]  # "Seattle, Washington 60524": the state, not a town named so
    if not found:
        found = [(city, country) for city, country, _, _ in state_qualified_cities(text, catalog)]
    if not found:
        guessed = address_city(text, catalog) or town_before_country(text, catalog)
        if guessed:
            found.append(guessed)
    return found


def metro_after_town(doc: Doc, town: Span, place: Span, catalog: Catalog) -> bool:
    """Whether ``place`` is printed as the metropolitan area of ``town`` right before it in
    an address ("Quezon City, Metro Manila"): the site is the town's, and the area's main
    city ("Manila") is not certified by it."""
    if doc.text[town.end_char : place.start_char].strip() != ",":
        return False
    known = catalog.city(town.text, country=place.kb_id_.split(":", 1)[0])
    return known is not None and known.metro is not None and catalog.same_city(
        known.metro, place.text)


def town_before_country(text: str, catalog: Catalog) -> tuple[str, str] | None:
    """"169 Lakeshore Drive, Floor 17 Cork T12 S144, Ireland": an address cell whose lines
    a table reader ran together. The catalog town of the address's country printed right
    before its postcode and country name is the site's, even a town whose name is also a
    word ("Cork") and so is never read from running text."""
    flat = squash(text).rstrip(" .,;")
    if not re.search(r"\d", flat):
        return None
    words = flat.split()
    for size in (3, 2, 1):
        if len(words) <= size:
            continue
        country_name = " ".join(words[-size:]).strip(",")
        code = catalog.country_code(country_name) if len(country_name) >= 4 else None
        if code is None:
            continue
        before = " ".join(words[:-size]).rstrip(" ,")
        before = certificate_patterns().postcode_tail.sub("", before).rstrip(" ,")
        town_words = before.split()
        for length in (3, 2, 1):
            if len(town_words) < length:
                continue
            candidate = " ".join(town_words[-length:])
            city = catalog.city(candidate, country=code) if candidate[:1].isupper() else None
            if city is not None:
                return city.name, code
        return None
    return None




def _state_of(place: tuple[str, str], catalog: Catalog) -> bool:
    """Whether a town's name is also a state or province of its own country."""
    sub = catalog.subdivision(place[0])
    return sub is not None and sub[0] == place[1]


def address_city(text: str, catalog: Catalog) -> tuple[str, str] | None:
    """"450 Congress Avenue, Austin, TX 78701, USA" → ("Austin", "US"): the part before the
    country, less its postcode, when the line is shaped like a postal address."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    # a cell that prints an address over lines ("Unit 5" / "Cork T12 A3BC" / "Ireland")
    whole = [", ".join(lines)] if 2 <= len(lines) <= 5 else []
    for line in [*lines, *whole]:
        line = _comma_before_country(line, catalog)
        parts = [p.strip() for p in line.split(",") if p.strip()]
        if len(parts) < 2 or not re.search(r"\d", line):
            continue
        country = _address_country(parts, catalog)
        if country is None:
            continue
        if not re.search(r"\d", ",".join(parts[:-1])) and not catalog.cities_named(
                certificate_patterns().postcode_tail.sub("", parts[-2]).strip()):
            continue  # "Paso, Texas 17819": a wrapped line, not a town of its own
        for candidate in (parts[-2], parts[-3] if len(parts) > 2 else ""):
            candidate = certificate_patterns().district_tail.sub("", candidate)
            name = certificate_patterns().postcode_tail.sub("", candidate).strip()
            name = re.sub(r"^\d[\w\-]*\s+", "", name)  # "8001 Cape Town" style
            name = re.sub(r"^[^:\d]{1,30}:\s*", "", name)  # "Sites: New Town, TX 75001"
            # "375 Lakeshore Drive Floor 5 Tempe": a cell's lines run together; the town
            # is the words after the last number
            name = re.sub(r"^.*\d\S*\s+(?=[^\d\s]+(?:\s+[^\d\s]+){0,2}$)", "", name)
            if re.fullmatch(r"[A-Z]{2,3}", name) or _state_of((name, country), catalog):
                continue  # a state or province, by code ("TX") or name ("Arizona")
            name = _town_at_end(name, country, catalog)
            words = name.split()
            town_shaped = 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words)
            if town_shaped and not certificate_patterns().not_a_town.search(name) \
                    and catalog.country_code(name) is None:
                return (name.title() if name.isupper() else name), country
    return None


def _town_at_end(name: str, country: str, catalog: Catalog) -> str:
    """The town of an address part whose street or building ran into it (a cell's lines
    joined): "Orion Tower Cork" → Cork (a catalog town of the address's country at the
    end), "Harbour View Road Tempe" → Tempe (the words after the last street or building
    word, when a name precedes that word: "Park City" stays whole)."""
    words = name.split()
    for first in range(1, len(words)):
        city = catalog.city(" ".join(words[first:]), country=country)
        if city is not None:
            return " ".join(words[first:])
    street_words = [i for i, word in enumerate(words)
                    if certificate_patterns().not_a_town.search(word)]
    if street_words and 1 <= street_words[-1] < len(words) - 1:
        return " ".join(words[street_words[-1] + 1:])
    return name


def _comma_before_country(line: str, catalog: Catalog) -> str:
    """"… Tempe, Arizona 85280 United States" (a cell's lines run together): the country
    name the line ends with set off by a comma, as on its own line."""
    words = line.rstrip(" .").split()
    for size in (3, 2, 1):
        tail = " ".join(words[-size:])
        if len(words) > size and "," not in tail and len(tail) >= 4 and \
                not words[-size - 1].endswith(",") and catalog.country_code(tail):
            return f"{' '.join(words[:-size])}, {tail}"
    return line


def _address_country(parts: list[str], catalog: Catalog) -> str | None:
    """The country an address ends with: a country name, or a state or province after the
    town ("Phoenix, AZ 85004" is in the US: AZ is Arizona there, not Azerbaijan)."""
    tail = parts[-1]
    bare = certificate_patterns().postcode_tail.sub("", tail).strip()
    bare = re.sub(r"\s+\d[\d\-]*$", "", bare)
    for candidate in (tail, bare):
        sub = catalog.subdivision(candidate)
        if sub is not None:
            town = certificate_patterns().postcode_tail.sub("", parts[-2]).strip()
            named = catalog.cities_named(town)
            if not named or any(city.country == sub[0] for city in named):
                return sub[0]
    return catalog.country_code(tail) or catalog.country_code(bare)


def _label_only(evidence: str, city: str, catalog: Catalog) -> bool:
    """A site's evidence that is only its label: the bare town ("Tampa") or a site name
    built on it ("Acme – Tampa", "Tampa office"), no address."""
    return not re.search(r"\d", evidence) and catalog.normalise(city) in catalog.normalise(
        evidence) and len(evidence) <= 60


def add_city_sites(
    text: str, page: int, kind: str, catalog: Catalog, out: dict[str, SiteRef],
    evidence: str | None = None,
) -> bool:
    """Add the city a line or cell names as a site: the last one, which in an address is
    the postal town ("Clark Freeport Zone, Angeles City 2023" → Angeles City)."""
    for city_name, country in cities_in(text, catalog)[-1:]:
        name = site_name(city_name, country, catalog)
        known = out.get(name)
        if known is not None and _label_only(known.evidence.text, city_name, catalog) and \
                known.kind == ("hq" if kind == "hq" else "site") and \
                re.search(r"\d", evidence or text):
            # a site first seen as a bare label ("Tampa") gets its address as evidence
            out[name] = replace(known, evidence=Evidence(page, squash(evidence or text)[:300]))
            return True
        if name not in out:
            out[name] = SiteRef(name=name, city=city_name, country=country,
                                evidence=Evidence(page, squash(evidence or text)[:300]),
                                kind="hq" if kind == "hq" else "site")
            return True
    return False
