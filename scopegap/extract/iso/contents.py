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
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from scopegap.domain import (
    Evidence,
    Exclusion,
    RegionRef,
    SiteRef,
    SystemRef,
    TextValue,
)
from scopegap.extract.iso.scope_text import ScopeBlock
from scopegap.extract.patterns import certificate_patterns
from scopegap.extract.places import add_city_sites, names_a_region, site_name
from scopegap.ingest.layout import read_tables
from scopegap.ingest.pdf import ReadPdf, pages_needing_layout
from scopegap.ingest.text import line_index_at, lines_of, squash
from scopegap.nlp.pipeline import analyse

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it

_BULLET_ITEM = re.compile(r"^\s*(?:[•▪◦●■□◆\-–*§]|o(?=\s))\s*(?P<item>\S.{1,80}?)\s*$")


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
    systems: dict[str, SystemRef] = {}
    sites: dict[str, SiteRef] = {}
    regions: dict[str, RegionRef] = {}
    exclusions: list[Exclusion] = []
    for block in blocks:
        doc = analyse(block.text, catalog)
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
        if certificate_patterns().list_heading.match(line):
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


def _collect_scope_sites(
    doc: Doc, block: ScopeBlock, catalog: Catalog, out: dict[str, SiteRef]
) -> None:
    statement = certificate_patterns().country_statement
    for entity in doc.ents:
        if entity._.excluded_by:
            continue
        evidence = Evidence(block.page, _sentence_of(doc, entity.start, entity.end))
        if entity.label_ == "CITY" and names_a_region(doc, entity.start):
            continue  # "AWS eu-west-2 (London)": where the region is, not a site
        if entity.label_ == "CITY":
            country = entity.kb_id_.split(":", 1)[0]
            city = catalog.city(entity.text)
            city_name = city.name if city else entity.text
            name = site_name(city_name, country, catalog)
            out.setdefault(name, SiteRef(name=name, city=city_name, country=country,
                                         evidence=evidence, kind="site"))
        elif entity.label_ in ("COUNTRY", "JURISDICTION"):
            before = doc.text[max(0, entity.start_char - 80) : entity.start_char]
            if not statement.search(before + " ") and not re.search(
                statement.pattern + r"\s*$", before, statement.flags
            ):
                continue
            if entity.label_ == "COUNTRY":
                label = catalog.country_name(entity.kb_id_)
                ref = SiteRef(name=f"{label} (all sites)", country=entity.kb_id_,
                              evidence=evidence, kind="country")
            else:
                ref = SiteRef(name=f"{entity.kb_id_} (all sites)", jurisdiction=entity.kb_id_,
                              evidence=evidence, kind="country")
            out.setdefault(ref.name, ref)


def _collect_schedule_sites(
    pdf: ReadPdf, catalog: Catalog, out: dict[str, SiteRef], warnings: list[str]
) -> None:
    cues = certificate_patterns().site_table_cues
    numbers = pages_needing_layout(pdf.pages, cues)
    layout = read_tables(pdf.path, numbers, password=pdf.password)  # the PDF opened once
    warnings.extend(layout.warnings)
    for number in numbers:
        rows = [row for table in layout.tables.get(number, []) for row in table]
        page = pdf.pages[number - 1]
        if not rows:
            # No ruled table: read the lines after the cue, up to the footer.
            rows = []
            cue_at = min(m.start() for cue in cues for m in cue.finditer(page.text))
            for line in lines_of(page.text[cue_at:])[1:]:
                if _stops_site_list(line.clean):
                    break
                rows.append([line.clean])
        for row in rows:
            whole_row = " | ".join(cell for cell in row if cell)
            for cell in row:
                if cell and add_city_sites(cell, number, "site", catalog, out, whole_row):
                    break


def _collect_labelled_sites(pdf: ReadPdf, catalog: Catalog, out: dict[str, SiteRef]) -> None:
    """"Head office: …", "Locations …" lines, and the lines under a "Certified sites"
    heading (name, address, activities), up to the next dates or signature block."""
    patterns = certificate_patterns()
    for page in pdf.pages:
        lines = lines_of(page.text)
        for label in patterns.site_labels.finditer(page.text):
            index = line_index_at(lines, label.end())
            kind = "hq" if patterns.head_office.search(label.group(0)) else "site"
            rest = page.text[label.end() : lines[index].end]
            if not add_city_sites(rest, page.number, kind, catalog, out):
                for line in lines[index + 1 : index + 3]:
                    if _stops_site_list(line.clean) or add_city_sites(
                        line.clean, page.number, kind, catalog, out
                    ):
                        break
        for heading in patterns.site_sections.finditer(page.text):
            index = line_index_at(lines, heading.start())
            for line in lines[index + 1 : index + 25]:
                if _stops_site_list(line.clean):
                    break
                kind = "hq" if patterns.head_office.search(line.clean) else "site"
                add_city_sites(line.clean, page.number, kind, catalog, out)


def _stops_site_list(line: str) -> bool:
    patterns = certificate_patterns()
    return bool(
        patterns.number_label.search(line)
        or any(patterns.date_labels[role].search(line) for role in ("original", "issue", "expiry"))
        or patterns.site_list_end.search(line)
    )


def _collect_holder_address(
    pdf: ReadPdf, holder: TextValue, catalog: Catalog, out: dict[str, SiteRef]
) -> None:
    page = pdf.pages[holder.evidence.page - 1]
    at = page.text.find(holder.value.split()[0])
    if at < 0:
        return
    following = "\n".join(page.text[at:].split("\n")[1:6])
    if following.strip() and not any(s.kind == "hq" for s in out.values()):
        add_city_sites(following, page.number, "hq", catalog, out)


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
        evidence = Evidence(block.page, squash(hit.trigger.sent.text))
        found.append(Exclusion(text=phrase, evidence=evidence, targets=tuple(targets)))
    return found
