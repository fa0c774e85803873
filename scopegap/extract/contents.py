"""What a certificate's scope names: systems, sites, regions and exclusions, with evidence.

Sources, in order of authority: the scope statement(s); the schedule of sites (a ruled table
read with pdfplumber only on the pages whose fast text shows a schedule cue); labelled address
lines ("Head office:", "Locations:"); the holder's own address (an HQ, which covers its city
only, DOMAIN.md §1.1).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from scopegap.domain import (
    Evidence,
    Exclusion,
    RegionRef,
    SiteRef,
    SystemRef,
    TextValue,
)
from scopegap.extract.patterns import certificate_patterns
from scopegap.extract.scope_text import ScopeBlock
from scopegap.extract.text import lines_of, squash
from scopegap.ingest.pdf import ReadPdf, pages_needing_layout, tables_on_page
from scopegap.match.catalog import Catalog
from scopegap.nlp.pipeline import pipeline

_LIST_HEADING = re.compile(
    r"^\s*(?:products?|systems?|platforms?|applications?|services?|tools?|solutions?)\s*"
    r"(?:in\s+scope)?\s*:\s*$",
    re.IGNORECASE,
)
_BULLET_ITEM = re.compile(r"^\s*(?:[•▪◦●■□◆\-–*§]|o(?=\s))\s*(?P<item>\S.{1,80}?)\s*$")
_REGION_WORD = re.compile(r"\bregions?\b|\bdata\s*cent(?:re|er)s?\b|\bhosted\b", re.IGNORECASE)


@dataclass(frozen=True)
class ScopeContents:
    systems: tuple[SystemRef, ...]
    sites: tuple[SiteRef, ...]
    regions: tuple[RegionRef, ...]
    exclusions: tuple[Exclusion, ...]
    warnings: tuple[str, ...]


def scope_contents(
    pdf: ReadPdf, blocks: Sequence[ScopeBlock], holder: TextValue | None, catalog: Catalog
) -> ScopeContents:
    nlp = pipeline()
    systems: dict[str, SystemRef] = {}
    sites: dict[str, SiteRef] = {}
    regions: dict[str, RegionRef] = {}
    exclusions: list[Exclusion] = []
    for block in blocks:
        doc = nlp(block.text)
        _collect_systems(doc, block, catalog, systems)
        _collect_regions(doc, block, catalog, regions)
        _collect_scope_sites(doc, block, catalog, sites)
        exclusions.extend(_exclusions(doc, block, catalog))
    warnings: list[str] = []
    _collect_schedule_sites(pdf, catalog, sites, warnings)
    _collect_labelled_sites(pdf, catalog, sites)
    if holder is not None:
        _collect_holder_address(pdf, holder, catalog, sites)
    excluded_names = {t.casefold() for e in exclusions for t in e.targets}
    kept_sites = tuple(s for s in sites.values() if s.name.casefold() not in excluded_names)
    return ScopeContents(
        systems=tuple(systems.values()),
        sites=kept_sites,
        regions=tuple(regions.values()),
        exclusions=tuple(exclusions),
        warnings=tuple(warnings),
    )


def _sentence_of(doc: Doc, start: int, end: int) -> str:
    return squash(doc[start:end].sent.text)


def _collect_systems(
    doc: Doc, block: ScopeBlock, catalog: Catalog, out: dict[str, SystemRef]
) -> None:
    for entity in doc.ents:
        if entity.label_ != "TOOL" or entity._.excluded_by:
            continue
        tool = catalog.tool(entity.kb_id_)
        if tool is None or tool.name in out:
            continue
        out[tool.name] = SystemRef(
            name=tool.name,
            evidence=Evidence(block.page, _sentence_of(doc, entity.start, entity.end)),
            catalog_id=tool.id,
            matched_alias=entity.text,
        )
    for item, line in _list_items(block.text):
        if catalog.tool_by_alias(item) is not None or item in out:
            continue
        if catalog.city(item) or catalog.country_code(item):
            continue
        out[item] = SystemRef(name=item, evidence=Evidence(block.page, squash(line)))


def _list_items(text: str) -> Iterable[tuple[str, str]]:
    """Bulleted items under a "Products:" / "Systems:" heading, as printed."""
    in_list = False
    for line in text.split("\n"):
        if _LIST_HEADING.match(line):
            in_list = True
            continue
        if not in_list:
            continue
        found = _BULLET_ITEM.match(line)
        if found:
            yield found.group("item").strip(" .;,"), line
        elif line.strip():
            in_list = False


def _collect_regions(
    doc: Doc, block: ScopeBlock, catalog: Catalog, out: dict[str, RegionRef]
) -> None:
    for entity in doc.ents:
        if entity.label_ != "REGION" or entity._.excluded_by:
            continue
        provider, code = entity.kb_id_.split(":", 1)
        region = catalog.region(provider, code)
        if region is None:
            continue
        name = f"{catalog.provider_label(provider)} {code}"
        out.setdefault(
            name,
            RegionRef(name=name, provider=provider, code=code, country=region.country,
                      evidence=Evidence(block.page, _sentence_of(doc, entity.start, entity.end))),
        )
    for sentence in doc.sents:
        if not _REGION_WORD.search(sentence.text):
            continue
        providers = [e for e in sentence.ents if e.label_ == "PROVIDER" and not e._.excluded_by]
        places = [
            e for e in sentence.ents
            if e.label_ in ("JURISDICTION", "COUNTRY") and not e._.excluded_by
        ]
        for provider_span in providers:
            for place in places:
                provider = provider_span.kb_id_
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


def _site_name(city: str | None, country: str | None, catalog: Catalog) -> str:
    if city and country:
        return f"{city}, {catalog.country_name(country)}"
    return city or (catalog.country_name(country) if country else "")


def _collect_scope_sites(
    doc: Doc, block: ScopeBlock, catalog: Catalog, out: dict[str, SiteRef]
) -> None:
    statement = certificate_patterns().country_statement
    for entity in doc.ents:
        if entity._.excluded_by:
            continue
        evidence = Evidence(block.page, _sentence_of(doc, entity.start, entity.end))
        if entity.label_ == "CITY":
            country = entity.kb_id_.split(":", 1)[0]
            city = catalog.city(entity.text)
            city_name = city.name if city else entity.text
            name = _site_name(city_name, country, catalog)
            out.setdefault(name, SiteRef(name=name, city=city_name, country=country,
                                         evidence=evidence, kind="site"))
        elif entity.label_ in ("COUNTRY", "JURISDICTION"):
            before = doc.text[max(0, entity.start_char - 80) : entity.start_char]
            if not statement.search(before + " ") and not re.search(
                statement.pattern + r"\s*$", before, statement.flags
            ):
                continue
            codes = (
                [entity.kb_id_]
                if entity.label_ == "COUNTRY"
                else sorted(catalog.jurisdiction_countries(entity.kb_id_))
            )
            label = (
                catalog.country_name(entity.kb_id_) if entity.label_ == "COUNTRY" else entity.kb_id_
            )
            for code in codes:
                key = f"all sites in {label}|{code}"
                out.setdefault(key, SiteRef(name=label, country=code, evidence=evidence,
                                            kind="country"))


def _cities_in(text: str) -> list[tuple[str, str]]:
    """(city, country) pairs named in a short text, in order."""
    doc = pipeline()(text)
    found: list[tuple[str, str]] = []
    for entity in doc.ents:
        if entity.label_ == "CITY":
            found.append((entity.text, entity.kb_id_.split(":", 1)[0]))
    return found


def _add_city_sites(
    text: str, page: int, kind: str, catalog: Catalog, out: dict[str, SiteRef]
) -> bool:
    added = False
    for city_text, country in _cities_in(text)[:1]:
        city = catalog.city(city_text)
        city_name = city.name if city else city_text
        name = _site_name(city_name, country, catalog)
        if name not in out:
            out[name] = SiteRef(name=name, city=city_name, country=country,
                                evidence=Evidence(page, squash(text)[:300]),
                                kind="hq" if kind == "hq" else "site")
            added = True
    return added


def _collect_schedule_sites(
    pdf: ReadPdf, catalog: Catalog, out: dict[str, SiteRef], warnings: list[str]
) -> None:
    cues = certificate_patterns().site_table_cues
    for number in pages_needing_layout(pdf.pages, cues):
        rows = [row for table in tables_on_page(pdf.path, number) for row in table]
        page = pdf.pages[number - 1]
        if not rows:
            # No ruled table: read the lines after the cue instead.
            rows = [[line.clean] for line in lines_of(page.text) if line.clean]
        for row in rows:
            text = " | ".join(cell for cell in row if cell)
            if not text or re.search(r"\b(?:address|location|site)\b\s*\|", text + " |", re.I) \
                    and len(row) > 1 and not _cities_in(text):
                continue
            _add_city_sites(text, number, "site", catalog, out)


def _collect_labelled_sites(pdf: ReadPdf, catalog: Catalog, out: dict[str, SiteRef]) -> None:
    labels = certificate_patterns().site_labels
    for page in pdf.pages:
        for label in labels.finditer(page.text):
            chunk = page.text[label.end() : label.end() + 300]
            chunk = "\n".join(chunk.split("\n")[:4])
            kind = "hq" if re.search(r"head|hq|registered\s+office", label.group(0), re.I) else "site"
            _add_city_sites(chunk, page.number, kind, catalog, out)


def _collect_holder_address(
    pdf: ReadPdf, holder: TextValue, catalog: Catalog, out: dict[str, SiteRef]
) -> None:
    page = pdf.pages[holder.evidence.page - 1]
    at = page.text.find(holder.value.split()[0])
    if at < 0:
        return
    following = "\n".join(page.text[at:].split("\n")[1:6])
    if following.strip() and not any(s.kind == "hq" for s in out.values()):
        _add_city_sites(following, page.number, "hq", catalog, out)


def _exclusions(doc: Doc, block: ScopeBlock, catalog: Catalog) -> list[Exclusion]:
    found: list[Exclusion] = []
    for hit in doc._.exclusions:
        targets: list[str] = []
        for entity in doc.ents:
            if entity.start >= hit.reach.start and entity.end <= hit.reach.end:
                if entity.label_ == "TOOL":
                    tool = catalog.tool(entity.kb_id_)
                    targets.append(tool.name if tool else entity.text)
                elif entity.label_ == "CITY":
                    targets.append(entity.text)
                else:
                    targets.append(entity.text)
        reach_text = squash(hit.reach.text).strip(" ,.;:()")
        if reach_text and reach_text not in targets:
            targets.append(reach_text)
        start = min(hit.trigger.start, hit.reach.start)
        end = max(hit.trigger.end, hit.reach.end)
        phrase = squash(doc[start:end].text).strip(" ,;:")
        found.append(Exclusion(text=phrase, evidence=Evidence(block.page, squash(hit.trigger.sent.text)),
                               targets=tuple(targets)))
    return found
