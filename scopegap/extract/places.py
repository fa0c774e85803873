"""Places a line names: the cities (with their countries) of an address, a schedule cell or
a locations list, as sites. Shared by certificates (``iso/contents``) and SOC reports
(``soc/components``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from scopegap.domain import Evidence, SiteRef
from scopegap.extract.patterns import certificate_patterns
from scopegap.ingest.text import squash
from scopegap.nlp.pipeline import analyse

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it


def site_name(city: str | None, country: str | None, catalog: Catalog) -> str:
    if city and country:
        return f"{city}, {catalog.country_name(country)}"
    return city or (catalog.country_name(country) if country else "")


def names_a_region(doc: Doc, start: int) -> bool:
    return any(e.label_ == "REGION" and 0 <= start - e.end <= 2 for e in doc.ents)


def cities_in(text: str, catalog: Catalog) -> list[tuple[str, str]]:
    """(city, country) pairs named in a short text, in order. A city whose country differs
    from the country the same text names is a namesake ("Porto" in "Porto Alegre, Brasil")
    and is dropped; an address whose city the catalog lacks is read by its shape."""
    doc = analyse(text, catalog)
    named = {e.kb_id_ for e in doc.ents if e.label_ == "COUNTRY"}
    found: list[tuple[str, str]] = []
    for entity in doc.ents:
        if entity.label_ != "CITY" or names_a_region(doc, entity.start):
            continue
        country = entity.kb_id_.split(":", 1)[0]
        if named and country not in named:
            continue
        city = catalog.city(entity.text, country=country)
        found.append((city.name if city else entity.text, country))
    if not found:
        guessed = address_city(text, catalog)
        if guessed:
            found.append(guessed)
    return found




def address_city(text: str, catalog: Catalog) -> tuple[str, str] | None:
    """"450 Congress Avenue, Austin, TX 78701, USA" → ("Austin", "US"): the part before the
    country, less its postcode, when the line is shaped like a postal address."""
    for line in text.split("\n"):
        parts = [p.strip() for p in line.split(",") if p.strip()]
        if len(parts) < 2 or not re.search(r"\d", line):
            continue
        country = catalog.country_code(parts[-1]) or catalog.country_code(
            certificate_patterns().postcode_tail.sub("", parts[-1])
        )
        if country is None:
            continue
        for candidate in (parts[-2], parts[-3] if len(parts) > 2 else ""):
            name = certificate_patterns().postcode_tail.sub("", candidate).strip()
            name = re.sub(r"^\d[\w\-]*\s+", "", name)  # "8001 Cape Town" style
            if re.fullmatch(r"[A-Z]{2,3}", name):
                continue  # a state or province code ("TX")
            words = name.split()
            town_shaped = 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words)
            if town_shaped and not certificate_patterns().not_a_town.search(name) \
                    and catalog.country_code(name) is None:
                return name, country
    return None


def add_city_sites(
    text: str, page: int, kind: str, catalog: Catalog, out: dict[str, SiteRef],
    evidence: str | None = None,
) -> bool:
    """Add the city a line or cell names as a site: the last one, which in an address is
    the postal town ("Clark Freeport Zone, Angeles City 2023" → Angeles City)."""
    for city_name, country in cities_in(text, catalog)[-1:]:
        name = site_name(city_name, country, catalog)
        if name not in out:
            out[name] = SiteRef(name=name, city=city_name, country=country,
                                evidence=Evidence(page, squash(evidence or text)[:300]),
                                kind="hq" if kind == "hq" else "site")
            return True
    return False
