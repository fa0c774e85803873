"""Coverage: for each declared stack item, is it covered, uncovered, excluded or carved out?

Conservative by design: an item is covered only by a catalog identity (alias, rename, region
code), a country or jurisdiction statement, or a fuzzy match at or above the cut-off with a
named scorer; anything else is uncovered. Only documents whose kind gives coverage count
(SPEC.md), and across them an item is covered if any one covers it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from scopegap.domain import Coverage, DocumentScope, Stack, StackItem
from scopegap.match.catalog import Catalog, Region, Tool, load_catalog
from scopegap.settings import Settings

FUZZY_SCORER = "rapidfuzz.fuzz.token_sort_ratio"


@dataclass(frozen=True)
class Decision:
    status: str
    rule: str
    document: str | None = None
    page: int | None = None
    evidence: str | None = None
    score: float | None = None
    matched: str | None = None


def judge_coverage(
    stack: Stack, documents: Sequence[DocumentScope], settings: Settings
) -> tuple[Coverage, ...]:
    catalog = load_catalog()
    covering = [d for d in documents if d.gives_coverage]
    rows: list[Coverage] = []
    for item in stack.items:
        decision = _decide(item, covering, catalog, settings)
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


def _decide(
    item: StackItem, documents: Sequence[DocumentScope], catalog: Catalog, settings: Settings
) -> Decision:
    if not documents:
        return Decision("uncovered", "no document in the run gives coverage")
    deciders = {
        "tool": _tool,
        "site": _site,
        "region": _region,
        "subprocessor": _subprocessor,
    }
    covered: Decision | None = None
    excluded: Decision | None = None
    carved: Decision | None = None
    for document in documents:
        decision = deciders[item.type](item, document, catalog, settings)
        if decision is None:
            decision = _exclusion(item, document, catalog)
        if decision is None:
            continue
        if decision.status == "covered" and covered is None:
            covered = decision
        elif decision.status == "excluded" and excluded is None:
            excluded = decision
        elif decision.status == "carved_out" and carved is None:
            carved = decision
    return covered or excluded or carved or Decision(
        "uncovered", f"no document's scope names {item.type} '{item.name}'"
    )


def _covered(document: DocumentScope, page: int, evidence: str, rule: str,
             matched: str, score: float = 100.0) -> Decision:
    return Decision("covered", rule, document.path, page, evidence, score, matched)


def _tool(item: StackItem, document: DocumentScope, catalog: Catalog,
          settings: Settings) -> Decision | None:
    tool = catalog.tool_by_alias(item.name)
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
    return _fuzzy_name(item, document, catalog, settings,
                       [(s.name, s.evidence.page, s.evidence.text) for s in document.systems
                        if s.catalog_id is None])


def _fuzzy_name(item: StackItem, document: DocumentScope, catalog: Catalog, settings: Settings,
                candidates: list[tuple[str, int, str]]) -> Decision | None:
    """A name the catalog does not know: a named scorer over the document's own names,
    then the exact (normalised) phrase in the scope statement."""
    if candidates:
        best = process.extractOne(
            item.name,
            [c[0] for c in candidates],
            scorer=fuzz.token_sort_ratio,
            processor=catalog.normalise,
            score_cutoff=settings.fuzzy_cutoff,
        )
        if best is not None:
            name, score, index = best
            _, page, evidence = candidates[index]
            return _covered(document, page, evidence,
                            f"fuzzy: {FUZZY_SCORER} {score:.1f} >= cut-off "
                            f"{settings.fuzzy_cutoff:.0f} against '{name}'", name, float(score))
    if document.scope_text is not None:
        needle = catalog.normalise(item.name)
        hay = catalog.normalise(document.scope_text.value)
        if needle and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", hay):
            if catalog.tool_in_text_conflicts(item.name, document.scope_text.value):
                return None
            return _covered(document, document.scope_text.evidence.page,
                            document.scope_text.evidence.text,
                            "phrase: the scope statement names it word for word", item.name)
    return None


def _site(item: StackItem, document: DocumentScope, catalog: Catalog,
          settings: Settings) -> Decision | None:
    city, country = catalog.parse_site(item.name, item.country)
    for site in document.sites:
        if site.kind == "country":
            continue
        if city and site.city and catalog.same_city(city, site.city) and (
            country is None or site.country is None or country == site.country
        ):
            rule = "site: the HQ address is in this city" if site.kind == "hq" else \
                "site: the certificate lists a site in this city"
            return _covered(document, site.evidence.page, site.evidence.text, rule, site.name)
    if country:
        for site in document.sites:
            if site.kind != "country" or not city:
                continue
            if site.country == country or (
                site.jurisdiction and country in catalog.jurisdiction_countries(site.jurisdiction)
            ):
                return _covered(document, site.evidence.page, site.evidence.text,
                                f"country statement: '{site.name}' takes in {country}",
                                site.name)
    return None


def _region(item: StackItem, document: DocumentScope, catalog: Catalog,
            settings: Settings) -> Decision | None:
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
        if ref.jurisdiction and region.country in catalog.jurisdiction_countries(ref.jurisdiction):
            return _covered(document, ref.evidence.page, ref.evidence.text,
                            f"jurisdiction statement: {ref.name} includes {region.country}",
                            ref.name)
        if ref.country and ref.country == region.country:
            return _covered(document, ref.evidence.page, ref.evidence.text,
                            f"country statement: {ref.name}", ref.name)
    return None


def _subprocessor(item: StackItem, document: DocumentScope, catalog: Catalog,
                  settings: Settings) -> Decision | None:
    target = catalog.normalise(item.name)
    for org in document.subservice_organizations:
        if catalog.same_entity(org.name, item.name):
            if org.method == "inclusive":
                return _covered(document, org.evidence.page, org.evidence.text,
                                "subservice organisation, inclusive method", org.name)
            return Decision("carved_out", "subservice organisation, carve-out method",
                            document.path, org.evidence.page, org.evidence.text, 100.0, org.name)
    if document.holder is not None and target and catalog.same_entity(
        document.holder.value, item.name
    ):
        return _covered(document, document.holder.evidence.page, document.holder.evidence.text,
                        "holder: the subprocessor's own document", document.holder.value)
    return None


def _exclusion(item: StackItem, document: DocumentScope, catalog: Catalog) -> Decision | None:
    """The item is named only inside an exclusion phrase of this document."""
    tool: Tool | None = catalog.tool_by_alias(item.name) if item.type == "tool" else None
    names = {catalog.normalise(item.name)}
    if tool is not None:
        names |= {catalog.normalise(a) for a in (tool.name, *tool.aliases)}
    if item.type == "site":
        city, country = catalog.parse_site(item.name, item.country)
        if city:
            names.add(catalog.normalise(city))
            known = catalog.city(city, country=country) if country else catalog.city(city)
            if known is not None:
                names |= {catalog.normalise(n) for n in (known.name, *known.aliases)}
    if item.type == "region":
        region = catalog.parse_region(item.name)
        if region is not None:
            names |= {catalog.normalise(n) for n in (region.code, *region.display_names)}
    names.discard("")
    for exclusion in document.exclusions:
        for target in exclusion.targets:
            hay = catalog.normalise(target)
            if any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", hay) for n in names):
                return Decision("excluded", f"exclusion: '{exclusion.text}'", document.path,
                                exclusion.evidence.page, exclusion.evidence.text, None, target)
    return None
