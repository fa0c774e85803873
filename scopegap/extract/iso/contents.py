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
from scopegap.extract.iso.line_shapes import is_sentence_line
from scopegap.extract.iso.ocr_cues import ocr_names_issuer, unsure_entities
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
    stops_site_list,
)
from scopegap.extract.legal_forms import legal_form_in_line
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
from scopegap.ingest.text import lines_of, squash
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
    issuer: TextValue | None = None,
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
        and not _not_a_site(s, issuer, catalog, holder)
        and not _under_issuer(s, issuer, pdf, catalog, holder)
    )
    return ScopeContents(
        systems=tuple(systems.values()),
        sites=kept_sites,
        regions=tuple(regions.values()),
        exclusions=tuple(exclusions),
        warnings=tuple(warnings),
    )


def _not_a_site(site: SiteRef, issuer: TextValue | None, catalog: Catalog,
                holder: TextValue | None = None) -> bool:
    """Lines that name a town but never a site of the holder (DOMAIN.md §1.2): where the
    certificate was signed, a registered agent's address, and the certification body's own
    address (its name is on the line: "Issued by Acme Certification Ltd, 5 High Street,
    Leeds")."""
    text = site.evidence.text
    patterns = certificate_patterns()
    if (patterns.signing_place.search(text) or patterns.registered_agent.search(text)
            or patterns.other_party_line.search(text)):
        return True
    if _another_entity_first(text, holder, catalog):
        return True
    if issuer is None or site.kind == "country":
        return False
    name = catalog.normalise(issuer.value)
    return len(name) >= 3 and re.search(
        rf"(?<!\w){re.escape(name)}(?!\w)", catalog.normalise(text)) is not None


def _under_issuer(site: SiteRef, issuer: TextValue | None, pdf: ReadPdf,
                  catalog: Catalog, holder: TextValue | None = None) -> bool:
    """"Орган по сертификации: ООО «X»" then "Адрес: 121351, г. Москва, …" on the next line:
    an address printed right under the line naming the certification body, or under a line
    that introduces it ("Certified by:", "Орган по сертификации:") when its name was not
    read, is the body's."""
    if site.kind == "country" or not 1 <= site.evidence.page <= len(pdf.pages):
        return False
    name = catalog.normalise(issuer.value) if issuer is not None else ""
    if pdf.pages[site.evidence.page - 1].source == "ocr" and ocr_names_issuer(
            name, catalog.normalise(site.evidence.text)):
        return True  # the body's own address, its name read a letter apart by OCR
    patterns = certificate_patterns()
    cue = patterns.issuer_after
    text = pdf.pages[site.evidence.page - 1].text
    lines = [line.clean for line in lines_of(text) if line.clean.strip()]
    # the evidence's start or end: OCR's second reading of a line may differ in between
    quote = squash(site.evidence.text)
    ends = [part for part in (quote[:30].strip(), quote[-16:].strip()) if len(part) >= 8]
    ends = ends[:1] + [part for part in ends[1:] if re.search(r"\d", part)]  # a postcode
    # the line holding the whole evidence if one does: a street's end the holder's address
    # shares ("пр-т Мира, д. 2" in "…, д. 22") must not stand in for it
    whole = [index for index, line in enumerate(lines[1:], start=1) if quote in squash(line)]
    for index, line in enumerate(lines[1:], start=1):
        if (index in whole) if whole else any(part in squash(line) for part in ends):
            above = lines[index - 1]
            wrapped = f"{lines[index - 2]} {above}" if index >= 2 else above  # "… & CO." / "KG"
            if _names_holder(above, holder, catalog) or _names_holder(wrapped, holder, catalog):
                return False
            if cue.search(above) or _body_entity(above) or _labelled_entity(above) or \
                    _quoted_under_label(above) or _legal_entity_in(above) or (
                    len(name) >= 3 and re.search(rf"(?<!\w){re.escape(name)}(?!\w)",
                                                 catalog.normalise(above))):
                return True
            if not _names_holder(line, holder, catalog) and (
                    _body_follows(lines[index + 1 : index + 1 + _BODY_AFTER])
                    or _signed_there(lines[index + 1 : index + 2], site, catalog)):
                return True
    return False


# Lines after an address within which the body's label may follow it (a signing line may
# stand between) when OCR read the body's block bottom up.
_BODY_AFTER = 2


def _body_follows(after: Sequence[str]) -> bool:
    """"Адреса: …, м. Київ" / "Київ, 16 березня 2025 р." / "Орган з сертифікації: ТОВ …":
    the address right before a line that opens with the label of the certification body (a
    scan's OCR put the body's address above its label) is the body's, never the holder's
    (ruled out first, by the line above). A footer naming the body ("DQS is a trading name
    of …") or a signing block ("For and on behalf of") under a list's last site is no label."""
    label = certificate_patterns().issuer_label
    return any(label.match(_LEAD_MARKS.sub("", line)) for line in after)


_LEAD_MARKS = re.compile(r"^[\W_]+")  # marks OCR read before a line's first word


def _signed_there(after: Sequence[str], site: SiteRef, catalog: Catalog) -> bool:
    """"Адрес: …, гр. София" / "София, 20 септември 2025 г.": an address right above the
    line where the certificate was signed, in the same town, ends the body's block (its
    label lost to OCR: a false "covered" on fresh Bulgarian scan 5517)."""
    if not site.city or not after:
        return False
    town = catalog.normalise(site.city)
    return certificate_patterns().signing_place.search(after[0]) is not None and any(
        catalog.normalise(city.name) == town for name in _cities_named_in(after[0], catalog)
        for city in catalog.cities_named(name))


# A name in quotes or guillemets ("ООО «Сарант»"): on the line above an address, once the
# holder's own line is ruled out, another entity's (OCR may have garbled its label).
_QUOTED_NAME = re.compile(r"[«„“\"][^\W\d_][^«»„“”\"]{1,60}[»“”\"]")


def _quoted_under_label(line: str) -> bool:
    """"Орган по сертифи…ции: ООО «Сарант»" however garbled: a label that is no address's,
    then a quoted name (a street in quotes, "ул. „Шипка“", is no entity)."""
    label, colon, rest = line.partition(":")
    patterns = certificate_patterns()
    return bool(colon) and _QUOTED_NAME.search(rest) is not None and \
        patterns.address.search(label) is None and \
        patterns.site_labels.search(f"{label}:") is None


def _labelled_entity(line: str) -> bool:
    """"Φορέας πιστοποίησης: ΕΥΡΩΠΑΪΚΗ Α.Ε.": a label, then another legal entity's name alone
    (the holder's own line was ruled out first), whatever OCR made of the label."""
    label, colon, rest = line.rpartition(":")
    name = rest.strip(" '’᾽\"»“”;,")
    return bool(colon and label.strip() and name) and not re.search(r"\d", name) and \
        certificate_patterns().legal_form.search(name) is not None


def _legal_entity_in(line: str) -> bool:
    """A line holding a legal form ("… ЕООД", "… GmbH") that is not the holder's (ruled out
    first): the address under it is that entity's, however OCR garbled its name and label
    ("сортире рые ЕООД" for a body's „РегистърСерт“ ЕООД). A form a postcode follows is a
    state's code in an address ("Denver, CO 62437"), no entity's."""
    return any(not re.match(r"\s+\d", line[found.end():])
               for found in legal_form_in_line().finditer(line))


def _names_holder(line: str, holder: TextValue | None, catalog: Catalog) -> bool:
    """Whether ``line`` names the holder: the name in its quotes («Альфа», „Алфа Софт“) or
    the whole name, whatever legal form or grammatical case is printed around it."""
    if holder is None:
        return False
    quoted = re.search(r"[«„“\"]([^«»„“”\"]{2,})[»“”\"]", holder.value)
    core = catalog.normalise(quoted.group(1) if quoted else holder.value)
    return len(core) >= 2 and re.search(rf"(?<!\w){re.escape(core)}(?!\w)",
                                        catalog.normalise(line)) is not None


def _body_entity(line: str) -> bool:
    """A line naming a certification body's legal entity ("… Сертификация" ЕООД"), whatever
    OCR made of the words before it."""
    patterns = certificate_patterns()
    return patterns.body_line.search(line) is not None and bool(
        patterns.legal_form.search(line) or re.search(r"[«„“\"][^\W\d_]", line))


def _another_entity_first(text: str, holder: TextValue | None, catalog: Catalog) -> bool:
    """"Acme Certification SAS - 5 High Street, Leeds": a line that opens with another legal
    entity's name (a footer's certification body, whose name was not recognised as the
    issuer) gives that entity's address, not a site of the holder. A full stop before the
    street number ends the name too: a scan read "Registrars Pvt., 57 Congress Avenue" as
    "Registrars Pvt.. 57 Congress Avenue" (its "Issued by" misread), and the body's town
    passed for a site."""
    first = re.split(r"\s+[-–—]\s+|,|\.\s+(?=\d)", text, maxsplit=1)[0].strip()
    if re.search(r"\d", first) or not certificate_patterns().legal_form.search(first):
        return False
    if holder is None:
        return True
    # the holder under another legal form ("Acme Ltd" / "ACME LIMITED") is still the holder
    return catalog.normalise(first) != catalog.normalise(holder.value)


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


# A mark OCR read between two words, alone ("across - the") or glued to the first ("across,
# the"): no word of the phrase.
_SPECK = re.compile(r"(?<=\s)[^\w\s]{1,2}\s+|(?<=\w)[^\w\s]{1,2}(?=\s)")


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
                  and not _not_a_site(s, issuer, catalog, holder)
                  and not _under_issuer(s, issuer, pdf, catalog, holder)]
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
    continuing this one ("Plot 12, Andheri East" / "Mumbai 400069, India" is one address)."""
    parts = [part.strip(" .") for part in line.split(",")]
    return len(parts) > 1 and catalog.country_code(parts[-1]) is not None


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
        targets.extend(c for c in _cities_named_in(reach_text, catalog) if c not in targets)
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


def _cities_named_in(text: str, catalog: Catalog) -> list[str]:
    """Catalogued cities an exclusion's own words name, including names too ambiguous to spot
    in running text ("excluding the Preston site"): the exclusion bounds where to look."""
    words = re.findall(r"[^\W\d_][\w'’.\-]*", text)
    found: list[str] = []
    for size in (3, 2, 1):
        for first in range(len(words) - size + 1):
            name = " ".join(words[first : first + size])
            if name[:1].isupper() and catalog.cities_named(name) and name not in found:
                found.append(name)
    return found
