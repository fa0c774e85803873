"""Data-centre and delivery locations of a SOC system description: each city a site, and a
city under a named cloud provider its region ("hosted by Microsoft Azure in London and
Amsterdam" covers azure:uksouth and azure:westeurope; the data lives in models/catalog).

A city gives a region only when exactly one provider is in play (named on the line, else in
the section, else the report's only cloud subservice organisation) and that provider has
exactly one region there: an unsure reading gives no region, never a guessed one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from scopegap.domain import Evidence, RegionRef, SiteRef
from scopegap.extract.places import cities_in, site_name, state_qualified_cities
from scopegap.extract.soc.patterns import soc_patterns
from scopegap.ingest.text import EVIDENCE_LIMIT, squash

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it


def providers_named(text: str, catalog: Catalog) -> set[str]:
    """Every cloud provider a text names by one of its strong names."""
    found: set[str] = set()
    folded = f" {catalog.normalise(text)} "
    for pid, spec in catalog.providers.items():
        for name in (spec.name, *spec.aliases):
            if f" {catalog.normalise(name)} " in folded:
                found.add(pid)
    return found


def hosting_provider(section_text: str, org_names: Sequence[str], catalog: Catalog) -> str | None:
    """The one provider a location section is about: named in it, else the only cloud
    provider among the subservice organisations."""
    named = providers_named(section_text, catalog)
    if len(named) == 1:
        return next(iter(named))
    if named:
        return None
    hosts = {pid for org in org_names for pid in providers_named(org, catalog)}
    return next(iter(hosts)) if len(hosts) == 1 else None


def add_places(text: str, page: int, provider: str | None, catalog: Catalog,
               sites: dict[str, SiteRef], regions: dict[str, RegionRef],
               source: str = "text", listed: bool = False, others: Sequence[str] = ()) -> None:
    """Each city ``text`` names as a site; under ``provider`` (or one the text names), the
    provider's region in that city. A ``listed`` line (a locations section) is the better
    evidence for a site another section named first. A line about a colocation facility or
    naming one of ``others`` (subservice organisations that are not cloud providers) is that
    party's building: its city gives no region of the provider."""
    quote = squash(text)[:EVIDENCE_LIMIT]
    for sentence in _SENTENCE_END.split(text):
        _add_sentence_places(sentence, page, provider, catalog, sites, regions, source, listed,
                             others, quote)


# Where one sentence of a places line ends and the next begins: each sentence names its own
# provider ("The Company's offices are in London. Production runs on AWS in N. Virginia.").
_SENTENCE_END = re.compile(r"(?<=[a-z)][.;])\s+(?=[A-Z])")


def _add_sentence_places(text: str, page: int, provider: str | None, catalog: Catalog,
                         sites: dict[str, SiteRef], regions: dict[str, RegionRef],
                         source: str, listed: bool, others: Sequence[str], quote: str) -> None:
    line_providers = providers_named(text, catalog)
    if len(line_providers) > 1:
        provider = None
    elif line_providers:
        provider = next(iter(line_providers))
    elif soc_patterns().colocation_line.search(text) or names_party(text, others, catalog):
        provider = None
    if len(line_providers) == 1:
        add_display_regions(text, next(iter(line_providers)),
                            Evidence(page, quote, "layout" if source == "layout" else "text"),
                            catalog, regions)
    for city, country in places_in(text, catalog):
        name = site_name(city, country, catalog)
        evidence = Evidence(page, quote, "layout" if source == "layout" else "text")
        if listed or name not in sites:
            sites[name] = SiteRef(name=name, city=city, country=country, evidence=evidence)
        if provider is None:
            continue
        region = catalog.parse_region(f"{catalog.provider_label(provider)} {city}")
        if region is None or region.country != country:
            continue
        label = f"{catalog.provider_label(provider)} {region.code}"
        regions.setdefault(label, RegionRef(label, evidence, provider, region.code,
                                            region.country))


def add_display_regions(text: str, provider: str, evidence: Evidence, catalog: Catalog,
                        out: dict[str, RegionRef]) -> None:
    """The regions of ``provider`` a line names by display name away from the provider's
    name ("Azure, West Europe region", "Microsoft Azure | Central US"): the one provider the
    line names makes even a display name that is also plain geography safe. A name inside a
    longer one ("Central US" of "South Central US", "East US" of "East US 2") is the longer
    one's."""
    hits: list[tuple[int, int, str]] = []
    for region in catalog.regions:
        if region.provider != provider:
            continue
        for shown in region.display_names:
            for match in re.finditer(rf"(?<!\w){re.escape(shown)}(?!\w)(?!\s+\d)", text,
                                     re.IGNORECASE):
                hits.append((match.start(), match.end(), region.id))
    for start, end, key in hits:
        if not any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in hits):
            add_region(key, evidence, catalog, out)


def places_in(text: str, catalog: Catalog) -> list[tuple[str, str]]:
    """The (city, country) pairs a places line names, a city-state among them: "Hong Kong"
    (or "Singapore") names the country and its one city alike, and the entity reader may
    take it for either; on a data-centre or office line it is the city, so a SOC listing a
    Hong Kong data centre covers a declared site "Hong Kong". Only where the line names no
    other city of that country, and never for a country that is more than one city ("Japan",
    "Luxembourg"): a country named alone is no site."""
    found = cities_in(text, catalog)
    # "Madurai, India and Tampa, Florida": a city its state qualifies is of that state's
    # country, whatever country the rest of the line names
    for city, country, _, _ in state_qualified_cities(text, catalog):
        if (city, country) not in found:
            found.append((city, country))
    for city, country in towns_with_country(text, catalog):
        if (city, country) not in found:
            found.append((city, country))
    for name, code in _city_states(catalog):
        if any(country == code for _, country in found):
            continue
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE):
            found.append((name, code))
    return found


_TOWN_COMMA = re.compile(r"((?:[A-Z][\w’'.\-]*\s+){0,2}[A-Z][\w’'.\-]*),\s+(?=[A-Z])")


def towns_with_country(text: str, catalog: Catalog) -> list[tuple[str, str]]:
    """"Reading, United Kingdom", "Laval, Canada": a catalogued town printed with its own
    country right after it, even a town whose name is also a word and so is never read from
    running text alone. The country says which place is meant."""
    found: list[tuple[str, str]] = []
    for match in _TOWN_COMMA.finditer(text):
        after = text[match.end() :].split()[:4]
        names = [" ".join(after[:n]).strip(" .,;:)") for n in range(len(after), 0, -1)]
        code = next((c for name in names  # "United Kingdom" before "United"; a code such
                     if not re.fullmatch(r"[A-Z]{2,3}", name)  # as "CA" may be a US state
                     and (c := catalog.country_code(name))), None)
        if code is None:
            continue
        words = match.group(1).split()
        for first in range(len(words)):  # "centres in Bandar Seri Begawan" -> the town
            city = catalog.city(" ".join(words[first:]), country=code)
            if city is not None:
                found.append((city.name, code))
                break
    return found


@cache
def _city_states(catalog: Catalog) -> tuple[tuple[str, str], ...]:
    """(city name, country code) of each city-state of models/patterns/soc.yaml."""
    out: list[tuple[str, str]] = []
    for code in sorted(soc_patterns().city_states):
        country = catalog.countries.get(code)
        city = catalog.city(country.name, country=code) if country is not None else None
        if city is not None:
            out.append((city.name, code))
    return tuple(out)


def names_party(text: str, names: Sequence[str], catalog: Catalog) -> bool:
    """Whether ``text`` names one of ``names`` (legal forms aside), by its full name or its
    first two words ("Digital Realty" for "Digital Realty Trust, Inc."), or its first word when
    that is a coined name of six letters or more ("CoreSite")."""
    folded = f" {catalog.normalise(text)} "
    for name in names:
        words = catalog.normalise(name).split()
        keys = {" ".join(words), " ".join(words[:2])}
        if words and len(words[0]) >= 6:
            keys.add(words[0])
        if any(key and f" {key} " in folded for key in keys):
            return True
    return False


def add_region(key: str, evidence: Evidence, catalog: Catalog,
               out: dict[str, RegionRef]) -> None:
    """The catalogued region ``key`` ("aws:us-east-1", a REGION entity's id) into ``out``
    under its display name, first evidence kept; an unknown key adds nothing."""
    provider, code = key.split(":", 1)
    region = catalog.region(provider, code)
    if region is None:
        return
    name = region_name(key, catalog)
    out.setdefault(name, RegionRef(name, evidence, provider, code, region.country))


def region_name(key: str, catalog: Catalog) -> str:
    """The display name ``add_region`` files region ``key`` under ("AWS us-east-1")."""
    provider, code = key.split(":", 1)
    return f"{catalog.provider_label(provider)} {code}"


def idle_regions(lines: Iterable[str], catalog: Catalog) -> set[str]:
    """Regions (catalog keys) named on a line whose last word says its row is not in use: a
    table read as text ("US West (Oregon) (us-west-2) Planned"). No region of the system,
    wherever else it is named."""
    from scopegap.nlp.pipeline import analyse

    status = soc_patterns().status_line_end
    return {entity.kb_id_ for line in lines if status.search(line)
            for entity in analyse(line, catalog).ents if entity.label_ == "REGION"}

