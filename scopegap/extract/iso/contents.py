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
from datetime import date
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
from scopegap.extract.iso.foreign_places import cities_named_in, not_a_site, under_issuer
from scopegap.extract.iso.later_sites import added_later
from scopegap.extract.iso.line_shapes import is_sentence_line
from scopegap.extract.iso.ocr_cues import unsure_entities
from scopegap.extract.iso.scope_regions import (
    LIST_GAP,
    cloud_cities,
    collect_regions,
    sentence_of,
)
from scopegap.extract.iso.scope_text import ScopeBlock
from scopegap.extract.iso.site_lists import (
    collect_labelled_sites,
    collect_referred_sites,
    collect_schedule_sites,
    footnoted_out,
    stops_site_list,
)
from scopegap.extract.patterns import certificate_patterns
from scopegap.extract.places import (
    add_city_sites,
    metro_after_town,
    names_a_region,
    site_name,
    state_qualified_cities,
)
from scopegap.ingest.ocr_loose import loosened
from scopegap.ingest.pdf import ReadPdf
from scopegap.ingest.text import squash
from scopegap.nlp.pipeline import analyse

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it
    from scopegap.match.catalog.records import Region

_BULLET_ITEM = re.compile(r"^\s*(?:[•▪◦●■□◆\-–*§]|o(?=\s))\s*(?P<item>\S.{1,80}?)\s*$")


@dataclass(frozen=True)
class ScopeContents:
    systems: tuple[SystemRef, ...]
    sites: tuple[SiteRef, ...]
    regions: tuple[RegionRef, ...]
    exclusions: tuple[Exclusion, ...]
    warnings: tuple[str, ...]


def scope_contents(
    pdf: ReadPdf, blocks: Sequence[ScopeBlock], holder: TextValue | None, catalog: Catalog,
    issuer: TextValue | None = None, issued: date | None = None,
) -> ScopeContents:
    systems: dict[str, SystemRef] = {}
    sites: dict[str, SiteRef] = {}
    regions: dict[str, RegionRef] = {}
    exclusions: list[Exclusion] = []
    warnings: list[str] = []
    for block in blocks:
        doc = analyse(block.text, catalog)
        cloud = cloud_cities(doc, catalog)
        unsure = unsure_entities(pdf, block, doc)
        _collect_systems(doc, block, catalog, systems, unsure)
        collect_regions(doc, block, catalog, regions, cloud)
        _collect_scope_sites(doc, block, catalog, sites, cloud, unsure)
        exclusions.extend(_exclusions(doc, block, catalog))
        warnings.extend(
            f"\"{entity.text}\" (page {block.page}) not read as in scope: OCR was unsure of "
            f"the words before it (\"{unsure[entity.start]}\"), which may exclude it: read "
            "it on the page image" for entity in doc.ents if entity.start in unsure)
    collect_schedule_sites(pdf, catalog, sites, warnings)
    collect_labelled_sites(pdf, catalog, sites)
    collect_referred_sites(pdf, catalog, sites)
    if holder is not None:
        _collect_holder_address(pdf, holder, catalog, sites, issuer)
    excluded = {catalog.normalise(t) for e in exclusions for t in e.targets}
    kept_sites = tuple(
        s for s in sites.values()
        if catalog.normalise(s.name) not in excluded
        and not (s.city and catalog.normalise(s.city) in excluded)
        and not not_a_site(s, issuer, catalog, holder)
        and not under_issuer(s, issuer, pdf, catalog, holder)
        and not footnoted_out(s, pdf)
    )
    kept_sites, later = _drop_later_sites(kept_sites, issued, catalog)
    warnings.extend(later)
    return ScopeContents(
        systems=tuple(systems.values()),
        sites=kept_sites,
        regions=tuple(regions.values()),
        exclusions=tuple(exclusions),
        warnings=tuple(warnings),
    )


def _drop_later_sites(sites: tuple[SiteRef, ...], issued: date | None, catalog: Catalog
                      ) -> tuple[tuple[SiteRef, ...], list[str]]:
    """The sites in scope on the issue date, and a warning for each one the scope adds only
    from a later date (extract/iso/later_sites.py), under any spelling of its town ("Cebu"
    for Cebu City)."""
    kept: list[SiteRef] = []
    warnings: list[str] = []
    for site in sites:
        wording = None
        if site.kind != "country" and site.city:
            known = catalog.city(site.city, country=site.country)
            spellings = [site.city, *(known.aliases if known else ())]
            wording = next((w for name in spellings
                            if (w := added_later(site.evidence.text, name, issued))), None)
        if wording is None:
            kept.append(site)
            continue
        warnings.append(f"{site.name} (page {site.evidence.page}) is added to the scope only "
                        f"from a later date (\"{wording}\"): not read as covered")
    return tuple(kept), warnings


def _collect_systems(
    doc: Doc, block: ScopeBlock, catalog: Catalog, out: dict[str, SystemRef],
    unsure: dict[int, str] | None = None,
) -> None:
    for entity in doc.ents:
        if entity.label_ != "TOOL" or entity._.excluded_by or entity.start in (unsure or {}):
            continue
        tool = catalog.tool(entity.kb_id_)
        if tool is None or tool.name in out:
            continue
        company = certificate_patterns().company_after_name.match(doc.text[entity.end_char:])
        if company and (company.group("words").strip()
                        or len(entity.text.split()) > len(tool.name.split())):
            continue  # "Slack Technologies, Inc.": the company, not its product
        out[tool.name] = SystemRef(
            name=tool.name,
            evidence=Evidence(block.page, sentence_of(doc, entity.start, entity.end)),
            catalog_id=tool.id,
            matched_alias=entity.text,
        )
    for found in certificate_patterns().named_platform.finditer(block.text):
        name = squash(found.group("name"))
        if catalog.tool_by_alias(name) is not None or name in out:
            continue
        line_start = block.text.rfind("\n", 0, found.start()) + 1
        line_end = block.text.find("\n", found.end())
        line = block.text[line_start : line_end if line_end >= 0 else len(block.text)]
        out[name] = SystemRef(name=name, evidence=Evidence(block.page, squash(line)))
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


def _collect_scope_sites(
    doc: Doc, block: ScopeBlock, catalog: Catalog, out: dict[str, SiteRef],
    cloud: dict[int, Region], unsure: dict[int, str] | None = None,
) -> None:
    statement = certificate_patterns().country_statement
    for entity in doc.ents:
        if entity._.excluded_by or entity.start in cloud or entity.start in (unsure or {}):
            continue  # excluded, where a cloud provider hosts (its region, not a site), or
            # after words OCR was unsure of (extract/iso/ocr_cues.py)
        evidence = Evidence(block.page, sentence_of(doc, entity.start, entity.end))
        if entity.label_ == "CITY" and names_a_region(doc, entity.start):
            continue  # "AWS eu-west-2 (London)": where the region is, not a site
        if entity.label_ == "CITY" and _in_market_area(doc, entity.start_char):
            continue  # "for clients throughout Singapore": where the customers are
        if entity.label_ == "CITY" and certificate_patterns().street_after_name.match(
                doc.text[entity.end_char:]):
            continue  # "96 Washington Boulevard": a street named after a town
        if entity.label_ == "CITY" and _metro_of_previous(doc, entity, catalog):
            continue  # "Quezon City, Metro Manila": the town's area, not a site in Manila
        if entity.label_ == "CITY":
            country = entity.kb_id_.split(":", 1)[0]
            city = catalog.city(entity.text)
            city_name = city.name if city else entity.text
            name = site_name(city_name, country, catalog)
            out.setdefault(name, SiteRef(name=name, city=city_name, country=country,
                                         evidence=evidence, kind="site"))
        elif entity.label_ in ("COUNTRY", "JURISDICTION"):
            before = doc.text[max(0, entity.start_char - 120) : entity.start_char]
            if not _ends_in_statement(before, statement):
                continue
            if entity.label_ == "COUNTRY":
                label = catalog.country_name(entity.kb_id_)
                ref = SiteRef(name=f"{label} (all sites)", country=entity.kb_id_,
                              evidence=evidence, kind="country")
            else:
                ref = SiteRef(name=f"{entity.kb_id_} (all sites)", jurisdiction=entity.kb_id_,
                              evidence=evidence, kind="country")
            out.setdefault(ref.name, ref)
    for city_name, country, start, _ in state_qualified_cities(doc.text, catalog):
        name = site_name(city_name, country, catalog)
        if name not in out and not _excluded_at(doc, start):
            span = doc.char_span(start, start + len(city_name), alignment_mode="expand")
            text = sentence_of(doc, span.start, span.end) if span is not None else doc.text
            out[name] = SiteRef(name=name, city=city_name, country=country,
                                evidence=Evidence(block.page, text), kind="site")


def _metro_of_previous(doc: Doc, entity: Span, catalog: Catalog) -> bool:
    before = [e for e in doc.ents if e.end <= entity.start and e.label_ == "CITY"]
    return bool(before) and metro_after_town(doc, before[-1], entity, catalog)


# A mark OCR read between two words, alone ("across - the"), glued to the first ("across,
# the") or to the next ('across "the', 'across "Chicago'): no word of the phrase.
_SPECK = re.compile(r"(?<=\s)[^\w\s]{1,2}(?:\s+|$|(?=\w))|(?<=\w)[^\w\s]{1,2}(?=\s)")


def _in_market_area(doc: Doc, char: int) -> bool:
    """Whether the place at ``char`` is named as a market or customer area, directly ("for
    clients in Manila") or as a later place of that list ("clients in Manila and Cebu")."""
    market = certificate_patterns().market_area
    places = [e for e in doc.ents if e.end_char <= char and e.label_ in _PLACE_LABELS]
    while True:
        # (a speck OCR read between the words, "across - the greater Vienna area" or "across,
        # the greater Vienna area", is no word)
        window = _SPECK.sub("", doc.text[max(0, char - 80): char])
        if market.search(window) is not None:
            return True
        if not places:
            return False
        previous = places.pop()
        if LIST_GAP.match(doc.text[previous.end_char : char]) is None:
            return False
        char = previous.start_char


_PLACE_LABELS = ("CITY", "COUNTRY", "JURISDICTION")


def _excluded_at(doc: Doc, char: int) -> bool:
    """Whether an exclusion's reach takes in the text at ``char``."""
    return any(hit.reach.start_char <= char < hit.reach.end_char for hit in doc._.exclusions)



def _ends_in_statement(before: str, statement: re.Pattern[str]) -> bool:
    """Whether ``before`` ends with a statement about the organisation's own sites in a
    country, directly or through a list of places; a market phrase never is one."""
    found = list(statement.finditer(before))
    return bool(found) and LIST_GAP.match(before[found[-1].end():]) is not None


def _collect_holder_address(
    pdf: ReadPdf, holder: TextValue, catalog: Catalog, out: dict[str, SiteRef],
    issuer: TextValue | None = None,
) -> None:
    page = pdf.pages[holder.evidence.page - 1]
    at = page.text.find(holder.value.split()[0])
    if at < 0:
        return
    patterns = certificate_patterns()
    lines: list[str] = []
    for line in page.text[at:].split("\n")[1:6]:
        if not lines and _LABEL_TAIL.match(line):
            continue  # "Certificate:", the end of a label printed beside the name
        # the address ends where the scope, a date block, "has been assessed" or any other
        # sentence begins: an address is a few short lines, never running text
        if (patterns.scope_start.search(line) or patterns.holder_before.search(line)
                or stops_site_list(line) or is_sentence_line(line)):
            break
        lines.append(line)
    following = "\n".join(lines)
    if patterns.registered_agent.search(following) or (
            page.source == "ocr" and patterns.registered_agent.search(loosened(following))):
        return  # a registered agent's address is the company's legal seat, not a site
    # the body's "Registered office: …" read as a head office is dropped later: it does not
    # stand in for the holder's own address
    holders_hq = [s for s in out.values() if s.kind == "hq"
                  and not not_a_site(s, issuer, catalog, holder)
                  and not under_issuer(s, issuer, pdf, catalog, holder)]
    if following.strip() and not holders_hq:
        if len(lines) > 1 and all(_whole_address(line, catalog) for line in lines):
            for line in lines:  # one complete address per line: every one a certified site
                add_city_sites(line, page.number, "hq", catalog, out)
        else:
            add_city_sites(following, page.number, "hq", catalog, out)


_LABEL_TAIL = re.compile(r"^[ \t]*[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,2}[ \t]*:[ \t]*$")


def _whole_address(line: str, catalog: Catalog) -> bool:
    """A line that is a complete address on its own: it ends with its country ("149 Victoria
    Quay, 40994 Saint-Ghislain, Belgium"), so the next line starts another address rather than
    continuing this one ("Plot 12, Andheri East" / "Mumbai 400069, India" is one address),
    or with a US state and ZIP code."""
    parts = [part.strip(" .") for part in line.split(",")]
    if len(parts) > 1 and catalog.country_code(parts[-1]) is not None:
        return True
    # or with its state and ZIP code ("467 Congress Avenue, Philadelphia, PA 43498")
    return any(_ZIP_END.fullmatch(line[end:]) for _, _, _, end in
               state_qualified_cities(line, catalog))


_ZIP_END = re.compile(r"[\s,]*(?:\d{5}(?:-\d{4})?)?[\s.]*")


def _exclusions(doc: Doc, block: ScopeBlock, catalog: Catalog) -> list[Exclusion]:
    found: list[Exclusion] = []
    for hit in doc._.exclusions:
        targets: list[str] = []
        for entity in doc.ents:
            if entity.start < hit.reach.end and entity.end > hit.reach.start:
                if _qualifies_city(doc, entity):
                    continue  # "Manila, Philippines": the city's country, not every site in it
                if entity.label_ == "TOOL":
                    tool = catalog.tool(entity.kb_id_)
                    targets.append(tool.name if tool else entity.text)
                elif entity.label_ == "CITY":
                    targets.append(entity.text)
                else:
                    targets.append(entity.text)
        reach_text = squash(hit.reach.text).strip(" ,.;:()")
        targets.extend(c for c in cities_named_in(reach_text, catalog) if c not in targets)
        if reach_text and reach_text not in targets:
            targets.append(reach_text)
        start = min(hit.trigger.start, hit.reach.start)
        end = max(hit.trigger.end, hit.reach.end)
        phrase = squash(doc[start:end].text).strip(" ,;:")
        evidence = Evidence(block.page, squash(hit.trigger.sent.text))
        found.append(Exclusion(text=phrase, evidence=evidence, targets=tuple(targets)))
    return found


def _qualifies_city(doc: Doc, entity: Span) -> bool:
    """Whether a country entity only says which country the city before it is in."""
    if entity.label_ != "COUNTRY" or entity.start == 0:
        return False
    before = [e for e in doc.ents if e.end <= entity.start]
    if not before or before[-1].label_ != "CITY":
        return False
    return doc.text[before[-1].end_char : entity.start_char].strip() in ("", ",")
