"""Cloud regions a certificate's scope names: by code or display name ("AWS eu-west-2",
"Azure UK South"), as a list after one ("Azure West Europe and North Europe"), as a city where
a named provider hosts ("AWS in the Frankfurt region"), or as a provider statement about a
country ("all AWS regions in the EU"). A city that is a provider's region is never a site of
the holder; an unsure reading (two providers, two regions of one name) gives nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from scopegap.domain import Evidence, RegionRef
from scopegap.extract.iso.scope_text import ScopeBlock
from scopegap.extract.patterns import certificate_patterns
from scopegap.ingest.text import squash

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it
    from scopegap.match.catalog.records import Region

# Between two places of one list: names, commas, "and", articles only ("all delivery centres
# in the Philippines, India and South Africa").
LIST_GAP = re.compile(r"^(?:\s*(?:,|&|and|y|und|et|e|the|[A-ZÀ-Ý][\w.'-]*))*\s*$")
# After a region, the next item of its list ("West Europe and North Europe", "UK South, UK West").
_NEXT_ITEM = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)"
    r"((?:[A-Z][\w.-]*|\d+)(?:\s+(?:[A-Z][\w.-]*|\(\S[^)]{0,30}\)|\d+)){0,3})"
)


def sentence_of(doc: Doc, start: int, end: int) -> str:
    return squash(doc[start:end].sent.text)


def cloud_cities(doc: Doc, catalog: Catalog) -> dict[int, Region]:
    """CITY entities (by token start) that name where a cloud provider hosts ("AWS in the
    Frankfurt region", "Microsoft Azure (Amsterdam and Dublin data centres)"), with the one
    region the provider has there. A sentence naming two providers gives none: unsure."""
    patterns = certificate_patterns()
    found: dict[int, Region] = {}
    for sentence in doc.sents:
        providers = {
            (e.start, e.end_char, p) for e in sentence.ents if not e._.excluded_by
            for p in [_provider_of(e, catalog)] if p is not None
        }
        if len({p for _, _, p in providers}) != 1:
            continue
        first, provider_end, provider = min(providers)
        previous_end: int | None = None
        for entity in sentence.ents:
            if entity.label_ != "CITY" or entity.start < first:
                continue
            gap_start = provider_end if previous_end is None else previous_end
            gap = doc.text[gap_start : entity.start_char]
            near = patterns.cloud_place_gap.match(gap) is not None or (
                previous_end is not None and LIST_GAP.match(gap) is not None)
            hosted = catalog.parse_region(f"{catalog.provider_label(provider)} {entity.text}")
            country = entity.kb_id_.split(":", 1)[0]
            if near and hosted is not None and hosted.country == country:
                found[entity.start] = hosted
                previous_end = entity.end_char
            else:
                previous_end = None
    return found


def collect_regions(
    doc: Doc, block: ScopeBlock, catalog: Catalog, out: dict[str, RegionRef],
    cloud: dict[int, Region],
) -> None:
    for start, hosted in cloud.items():
        name = f"{catalog.provider_label(hosted.provider)} {hosted.code}"
        out.setdefault(name, RegionRef(name=name, provider=hosted.provider, code=hosted.code,
                                       country=hosted.country,
                                       evidence=Evidence(block.page,
                                                         sentence_of(doc, start, start + 1))))
    for entity in doc.ents:
        if entity.label_ != "REGION" or entity._.excluded_by:
            continue
        provider, code = entity.kb_id_.split(":", 1)
        region = catalog.region(provider, code)
        if region is None:
            continue
        evidence = Evidence(block.page, sentence_of(doc, entity.start, entity.end))
        for listed in (region, *_listed_after(doc.text, entity.end_char, provider, catalog)):
            name = f"{catalog.provider_label(provider)} {listed.code}"
            out.setdefault(name, RegionRef(name=name, provider=provider, code=listed.code,
                                           country=listed.country, evidence=evidence))
    for sentence in doc.sents:
        if not certificate_patterns().region_sentence.search(sentence.text):
            continue
        providers = [
            (e, provider) for e in sentence.ents if not e._.excluded_by
            for provider in [_provider_of(e, catalog)] if provider is not None
        ]
        places = [
            e for e in sentence.ents
            if e.label_ in ("JURISDICTION", "COUNTRY") and not e._.excluded_by
        ]
        for provider_span, provider in providers:
            for place in places:
                # "all AWS regions in the EU": the provider's own words about the place only
                if place.start < provider_span.end or not catalog.is_region_statement(
                    doc.text[provider_span.end_char : place.start_char],
                    doc.text[place.end_char : place.end_char + 40],
                ):
                    continue
                label = catalog.provider_label(provider)
                if place.label_ == "JURISDICTION":
                    name = f"{label} regions in {place.kb_id_}"
                    ref = RegionRef(name=name, provider=provider, jurisdiction=place.kb_id_,
                                    evidence=Evidence(block.page, squash(sentence.text)))
                else:
                    name = f"{label} regions in {catalog.country_name(place.kb_id_)}"
                    ref = RegionRef(name=name, provider=provider, country=place.kb_id_,
                                    evidence=Evidence(block.page, squash(sentence.text)))
                out.setdefault(name, ref)


def _provider_of(entity: Span, catalog: Catalog) -> str | None:
    """The cloud provider a PROVIDER span, or a cloud-platform TOOL span ("AWS"), names."""
    if entity.label_ == "PROVIDER":
        return str(entity.kb_id_)
    tool = catalog.tool(entity.kb_id_) if entity.label_ == "TOOL" else None
    if tool is None or tool.category != "cloud_platform":
        return None
    return catalog.provider_id(entity.text)


def _listed_after(text: str, end: int, provider: str, catalog: Catalog) -> list[Region]:
    """Regions of ``provider`` listed after one, by display name without the provider's name
    again ("Azure West Europe and North Europe"): each item must be one region of it."""
    found: list[Region] = []
    label = catalog.provider_label(provider)
    while (item := _NEXT_ITEM.match(text, end)) is not None:
        words = item.group(1).split()
        sized = next(
            ((size, r) for size in range(len(words), 0, -1)
             for r in [catalog.parse_region(f"{label} {' '.join(words[:size])}")]
             if r is not None and r.provider == provider
             and _is_region_name(" ".join(words[:size]), r, catalog)),
            None,
        )
        if sized is None:
            break
        found.append(sized[1])
        if sized[0] < len(words):
            break  # the item ended inside the words read: where the list goes on is unsure
        end = item.end()
    return found


def _is_region_name(text: str, region: Region, catalog: Catalog) -> bool:
    """Whether ``text`` is the region's code or display name, never only its city: in "AWS
    eu-west-2 and Frankfurt offices" Frankfurt is a place of the holder's."""
    key = catalog.normalise(text)
    names = {region.code, *region.display_names,
             *(re.sub(r"\([^)]*\)", " ", d) for d in region.display_names)}
    return any(catalog.normalise(name) == key for name in names)
