"""Coverage: for each declared stack item, is it covered, uncovered, excluded or carved out?

Conservative by design: an item is covered only by a catalog identity (alias, rename, region
code), a rename the document itself states, a country or jurisdiction statement, or a fuzzy
match at or above the cut-off with a named scorer; anything else is uncovered, with the reason.
Within one document an exclusion wins over any broader statement ("all delivery centres in the
Philippines other than Cebu" does not cover Cebu). Only documents whose kind gives coverage
count (SPEC.md), and across them an item is covered if any one covers it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from scopegap.domain import Coverage, DocumentScope, Stack, StackItem
from scopegap.match.brands import branded_product, delivered_service
from scopegap.match.catalog import Catalog, Region, load_catalog
from scopegap.match.exclusions import exclusion_decision
from scopegap.match.explain import FUZZY_SCORER, why_uncovered
from scopegap.match.places import unmatched_qualifiers
from scopegap.match.renames import Rename, document_renames, equivalents
from scopegap.settings import Settings

_DIGITS = re.compile(r"\d+")
_WORD_SLIP = 75  # fuzz.ratio of two spellings of one word ("centre"/"center" is 83)


@dataclass(frozen=True)
class Decision:
    """How one item was judged against the documents, and why (becomes a Coverage row)."""

    status: str
    rule: str
    document: str | None = None
    page: int | None = None
    evidence: str | None = None
    score: float | None = None
    matched: str | None = None


@dataclass(frozen=True)
class _Context:
    document: DocumentScope
    renames: tuple[Rename, ...]


_Decider = Callable[[StackItem, _Context, Catalog, Settings], Decision | None]


def judge_coverage(
    stack: Stack, documents: Sequence[DocumentScope], settings: Settings, catalog: Catalog
) -> tuple[Coverage, ...]:
    """One row per declared item, in stack order (SPEC.md ``coverage``), judged against
    ``catalog`` (the caller's: a test can hand in its own)."""
    contexts = _contexts(documents, catalog)
    rows: list[Coverage] = []
    for item in stack.items:
        decision = _decide(item, documents, contexts, catalog, settings)
        rows.append(
            Coverage(
                item=item,
                status=decision.status,  # type: ignore[arg-type]
                rule=decision.rule,
                document=decision.document,
                page=decision.page,
                evidence=decision.evidence,
                score=decision.score,
                matched=decision.matched,
            )
        )
    return tuple(rows)


def decide(
    item: StackItem,
    documents: Sequence[DocumentScope],
    settings: Settings | None = None,
    catalog: Catalog | None = None,
) -> Decision:
    """The decision for one item (the labelled-set evaluator and tests call this); the
    shipped catalog unless one is given."""
    catalog = catalog or load_catalog()
    return _decide(item, documents, _contexts(documents, catalog), catalog, settings or Settings())


def _contexts(documents: Sequence[DocumentScope], catalog: Catalog) -> list[_Context]:
    return [
        _Context(document, document_renames(document, catalog))
        for document in documents
        if document.gives_coverage
    ]


def _decide(
    item: StackItem,
    documents: Sequence[DocumentScope],
    contexts: Sequence[_Context],
    catalog: Catalog,
    settings: Settings,
) -> Decision:
    if not contexts:
        return Decision("uncovered", why_uncovered(item, documents, catalog, settings))
    deciders: dict[str, _Decider] = {
        "tool": _tool,
        "site": _site,
        "region": _region,
        "subprocessor": _subprocessor,
    }
    covered: Decision | None = None
    excluded: Decision | None = None
    carved: Decision | None = None
    for context in contexts:
        also = [name for name, _ in equivalents(catalog, context.renames, item.name)]
        branded = branded_product(item.name, context.document, catalog) \
            if item.type == "tool" else None
        if branded is not None:  # "Appstore is not in scope" excludes "Rocket.Chat Appstore"
            also.append(branded.product)
        hit = exclusion_decision(item, context.document, catalog, also)
        decision = (
            Decision("excluded", hit.rule, context.document.path, hit.page, hit.evidence,
                     None, hit.target)
            if hit is not None
            else deciders[item.type](item, context, catalog, settings)
        )
        if decision is None:
            continue
        if decision.status == "covered" and covered is None:
            covered = decision
        elif decision.status == "excluded" and excluded is None:
            excluded = decision
        elif decision.status == "carved_out" and carved is None:
            carved = decision
    return covered or excluded or carved or Decision(
        "uncovered", why_uncovered(item, documents, catalog, settings)
    )


def _covered(document: DocumentScope, page: int, evidence: str, rule: str,
             matched: str, score: float = 100.0) -> Decision:
    return Decision("covered", rule, document.path, page, evidence, score, matched)


# --- tools -----------------------------------------------------------------------------------


def _tool(item: StackItem, context: _Context, catalog: Catalog,
          settings: Settings) -> Decision | None:
    document = context.document
    tool = catalog.declared_tool(item.name)
    if tool is not None:
        for system in document.systems:
            if system.catalog_id == tool.id:
                how = (
                    f"catalog: '{system.matched_alias}' is an alias of {tool.name}"
                    if system.matched_alias and catalog.normalise(system.matched_alias)
                    != catalog.normalise(tool.name)
                    else f"catalog: {tool.name}"
                )
                return _covered(document, system.evidence.page, system.evidence.text, how,
                                system.name)
        return None
    for other, rename in equivalents(catalog, context.renames, item.name):
        return _covered(document, rename.page, rename.evidence,
                        f"document rename: '{rename.phrase}' makes '{item.name}' and "
                        f"'{other}' one product in this document", other)
    return _fuzzy_name(item, document, catalog, settings,
                       [(s.name, s.evidence.page, s.evidence.text) for s in document.systems
                        if s.catalog_id is None]) or _branded(item, document, catalog)


def _branded(item: StackItem, document: DocumentScope, catalog: Catalog) -> Decision | None:
    """The holder's own product declared under its brand: the rest of the name is one of the
    document's systems, or printed word for word in its scope statement."""
    branded = branded_product(item.name, document, catalog)
    if branded is None or document.holder is None:
        return None
    whose = f"'{branded.brand}' is the holder's name ({document.holder.value})"
    product = catalog.normalise(branded.product)
    for system in document.systems:
        if catalog.normalise(system.name) == product:
            return _covered(document, system.evidence.page, system.evidence.text,
                            f"brand: {whose} and '{system.name}' is its system", system.name)
    if document.scope_text is None:
        return None
    scope = document.scope_text.value
    if re.search(rf"(?<!\w){re.escape(product)}(?!\w)", catalog.normalise(scope)) and \
            not catalog.tool_in_text_conflicts(branded.product, scope):
        return _covered(document, document.scope_text.evidence.page,
                        document.scope_text.evidence.text,
                        f"brand: {whose} and its scope names '{branded.product}' word for word",
                        branded.product)
    service = delivered_service(branded.product, scope, catalog)
    if service is not None:
        return _covered(document, document.scope_text.evidence.page,
                        document.scope_text.evidence.text,
                        f"brand: {whose} and its scope lists '{service}' as an item on its own"
                        f" ('{branded.product}' says only how it is delivered)", service)
    return None


def printed_as_named(name: str, text: str) -> bool:
    """Whether ``text`` prints the declared name as a name. A one-word name must keep its
    letter case ("Box", "Front", "Notion" are products; "supervisors box in", "front
    office", "a notion of" are words), and text all in capitals cannot tell, unless the name
    has a digit ("8x8") or is declared in lower case ("monday.com"). A name of several words
    ("Software development", "Help Scout") is a phrase: any case."""
    words = re.findall(r"\w+", name)
    if not words:
        return False
    pattern = r"(?<!\w)" + r"\W+".join(re.escape(word) for word in words) + r"(?!\w)"
    if len(words) > 1 or name == name.lower() or any(char.isdigit() for char in name):
        return re.search(pattern, text, re.IGNORECASE) is not None
    return re.search(pattern, text) is not None


def _same_numbers(left: str, right: str) -> bool:
    """"Acme WFM 5" is not "Acme WFM 6": numbers in a product name are never fuzzy."""
    return _DIGITS.findall(left) == _DIGITS.findall(right)


def _same_words(left: str, right: str) -> bool:
    """Fuzzy forgives a slip inside a word ("Centre"/"Center", "Genesis"/"Genesys"), never
    another word: "Quillfield Video API" is not "Quillfield Voice API", whatever the score
    of the whole name says. Every word of each side must have a near twin on the other."""
    def twinned(words: list[str], others: list[str]) -> bool:
        return all(word in others or any(fuzz.ratio(word, other) >= _WORD_SLIP
                                         for other in others) for word in words)

    a, b = left.split(), right.split()
    return twinned(a, b) and twinned(b, a)


def _fuzzy_name(item: StackItem, document: DocumentScope, catalog: Catalog, settings: Settings,
                candidates: list[tuple[str, int, str]]) -> Decision | None:
    """A name the catalog does not know: a named scorer over the document's own names,
    then the exact (normalised) phrase in the scope statement."""
    usable = [c for c in candidates
              if _same_numbers(catalog.normalise(item.name), catalog.normalise(c[0]))
              and _same_words(catalog.normalise(item.name), catalog.normalise(c[0]))]
    if usable:
        best = process.extractOne(
            item.name,
            [c[0] for c in usable],
            scorer=fuzz.token_sort_ratio,
            processor=catalog.normalise,
            score_cutoff=settings.fuzzy_cutoff,
        )
        if best is not None:
            name, score, index = best
            _, page, evidence = usable[index]
            return _covered(document, page, evidence,
                            f"fuzzy: {FUZZY_SCORER} {score:.1f} >= cut-off "
                            f"{settings.fuzzy_cutoff:.0f} against '{name}'", name, float(score))
    if document.scope_text is not None:
        needle = catalog.normalise(item.name)
        hay = catalog.normalise(document.scope_text.value)
        if needle and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", hay):
            if catalog.tool_in_text_conflicts(item.name, document.scope_text.value) or \
                    not printed_as_named(item.name, document.scope_text.value):
                return None
            return _covered(document, document.scope_text.evidence.page,
                            document.scope_text.evidence.text,
                            "phrase: the scope statement names it word for word", item.name)
    return None


# --- sites -----------------------------------------------------------------------------------


def _site(item: StackItem, context: _Context, catalog: Catalog,
          settings: Settings) -> Decision | None:
    document = context.document
    city, country = catalog.parse_site(item.name, item.country)
    if city:
        for site in document.sites:
            if site.kind == "country" or not site.city:
                continue
            if catalog.same_city(city, site.city) and (
                country is None or site.country is None or country == site.country
            ) and not unmatched_qualifiers(item, city, site.evidence.text, catalog):
                rule = (
                    "site: the HQ address is in this city (an HQ covers its own city only)"
                    if site.kind == "hq" else "site: the document lists a site in this city"
                )
                return _covered(document, site.evidence.page, site.evidence.text, rule, site.name)
        named = _site_named(item, city, document, catalog)
        if named is not None:
            return named
    if country is None:
        return None
    for site in document.sites:
        if site.kind != "country":
            continue
        if site.country == country or (
            site.jurisdiction and country in catalog.jurisdiction_countries(site.jurisdiction)
        ):
            whom = f"{city}, {catalog.country_name(country)}" if city else \
                f"every site in {catalog.country_name(country)}"
            return _covered(document, site.evidence.page, site.evidence.text,
                            f"country statement: '{site.name}' takes in {whom}", site.name)
    return None


def _site_named(item: StackItem, city: str, document: DocumentScope,
                catalog: Catalog) -> Decision | None:
    """A site the catalog does not know as a city ("Ortigas Delivery Centre") counts when a
    listed site's own words (its schedule row) name it word for word."""
    if catalog.cities_named(city) or len(catalog.normalise(city).split()) < 2:
        return None
    needle = catalog.normalise(city)
    for site in document.sites:
        if site.kind != "site":
            continue
        known = catalog.normalise(site.city or "")
        if known != needle and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", known):
            continue  # the site is Salt Lake City: it does not name "Lake City"
        # part by part: "Station Road East, Kalwadi" does not name "East Kalwadi"
        parts = (catalog.normalise(p) for p in re.split(r"[,;|\n]", site.evidence.text))
        if any(_names_alone(needle, hay, catalog) for hay in parts):
            return _covered(document, site.evidence.page, site.evidence.text,
                            f"site name: the certificate's entry for {site.name} names "
                            f"'{city}'", site.name)
    return None


def _names_alone(needle: str, hay: str, catalog: Catalog) -> bool:
    """Whether ``hay`` names ``needle`` word for word, not as the end of a longer town's
    name ("Lake City" in "Salt Lake City", a neighbouring cell OCR ran into the entry)."""
    for found in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", hay):
        before = hay[: found.start()].split()
        if not any(catalog.cities_named(" ".join([*before[-size:], needle]))
                   for size in (1, 2) if len(before) >= size):
            return True
    return False


# --- regions ---------------------------------------------------------------------------------


def _region(item: StackItem, context: _Context, catalog: Catalog,
            settings: Settings) -> Decision | None:
    document = context.document
    region: Region | None = catalog.parse_region(item.name)
    if region is None:
        return None
    for ref in document.regions:
        if ref.provider == region.provider and ref.code == region.code:
            return _covered(document, ref.evidence.page, ref.evidence.text,
                            f"region code: {region.provider}:{region.code}", ref.name)
    for ref in document.regions:
        if ref.provider != region.provider or ref.code is not None:
            continue
        if _place_excluded(region, document, catalog):
            return None  # "AWS regions in the UK, excluding London": not this one
        if ref.jurisdiction and region.country in catalog.jurisdiction_countries(ref.jurisdiction):
            return _covered(document, ref.evidence.page, ref.evidence.text,
                            f"jurisdiction statement: {ref.name} takes in {region.id} "
                            f"({catalog.country_name(region.country)})", ref.name)
        if ref.country and ref.country == region.country:
            return _covered(document, ref.evidence.page, ref.evidence.text,
                            f"country statement: {ref.name} takes in {region.id}", ref.name)
    return None


def _place_excluded(region: Region, document: DocumentScope, catalog: Catalog) -> bool:
    """Whether an exclusion of the document names the region's city or location, which
    takes it out of a provider-wide statement (an explicit code is judged on its own)."""
    places = {catalog.normalise(p) for p in (region.city, region.location) if p}
    places.discard("")
    for exclusion in document.exclusions:
        for target in exclusion.targets:
            hay = catalog.normalise(target)
            if any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", hay) for p in places):
                return True
    return False


# --- subprocessors ---------------------------------------------------------------------------


def _subprocessor(item: StackItem, context: _Context, catalog: Catalog,
                  settings: Settings) -> Decision | None:
    document = context.document
    for org in document.subservice_organizations:
        if catalog.same_entity(org.name, item.name):
            if org.method == "inclusive":
                return _covered(document, org.evidence.page, org.evidence.text,
                                "subservice organisation, inclusive method: its controls "
                                "were examined", org.name)
            return Decision("carved_out", "subservice organisation, carve-out method: its "
                            "controls were not examined", document.path, org.evidence.page,
                            org.evidence.text, 100.0, org.name)
    if document.holder is not None and catalog.normalise(item.name) and catalog.same_entity(
        document.holder.value, item.name
    ):
        return _covered(document, document.holder.evidence.page, document.holder.evidence.text,
                        "holder: the subprocessor's own document covers its service",
                        document.holder.value)
    return None
