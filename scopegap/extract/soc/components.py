"""The system description's components: systems, regions and sites, minus whatever a
carved-out subservice organisation provides."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from scopegap.domain import (
    Evidence,
    RegionRef,
    SiteRef,
    SystemRef,
)
from scopegap.extract.patterns import FLAGS
from scopegap.extract.places import site_name
from scopegap.extract.soc.locations import (
    add_display_regions,
    add_places,
    add_region,
    hosting_provider,
    idle_regions,
    places_in,
    providers_named,
    region_name,
)
from scopegap.extract.soc.patterns import COMPONENT_SECTIONS, soc_patterns
from scopegap.extract.soc.sections import DocLine, Outline
from scopegap.extract.soc.tables import section_rows, unmarked
from scopegap.ingest.layout import LayoutResult
from scopegap.ingest.pdf import ReadPdf
from scopegap.ingest.text import EVIDENCE_LIMIT, PagedText, squash

# Sections whose lines name places: each city a site, a data-centre city also a region.
PLACE_SECTIONS = ("infrastructure", "locations")
# Sections whose colon-introduced lists name the system's own parts.
LIST_SECTIONS = ("software", "components", "boundaries")
_LIST_INTRO = re.compile(
    r"\b(?:comprises|consists\s+of|includes?|is\s+made\s+up\s+of|following\s+"
    r"(?:software|applications|systems|components|services|platforms))\b[^.:\n]{0,60}:\s*",
    re.IGNORECASE)
_ITEM = re.compile(r"(?:^|(?<=[,;])|(?<=\band\b))\s*((?:(?!\band\b)[^,;])+)")
# A list that starts on the line after its colon: one item a line, bullet glyph aside.
_LINE_ITEM = re.compile(r"(?:^|(?<=[,;\n])|(?<=\band\b))[ \t]*(?:[•▪◦●■\-–*][ \t]+)?"
                        r"((?:(?!\band\b)[^,;\n])+)")
_PURPOSE = re.compile(r"\s*\([^)]*\)")
# A sentence ends after a word of two lower-case letters or more ("N. Virginia" goes on).
_SENTENCE_END = re.compile(r"(?<=[a-z]{2}[.;])\s+(?=[A-Z])")
# A table row read as text: its in-scope cell ends the line, and no sentence runs through it.
_ROW_LINE = re.compile(r"^[^.]*\s(?:yes|no)\s*$", re.IGNORECASE)
_RUN_IN = re.compile(r"^(?P<head>[A-Z][A-Za-z /&\-]{2,40}?)[.:]\s+(?=[A-Z])")
_FOOTNOTE_MARK = re.compile(r"\s*[*†‡§¹²³⁴]+$")
_NOTE_LINE = re.compile(r"^[ \t]*[*†‡§¹²³⁴]", re.MULTILINE)  # "¹ Partially in scope: ..."
_MAX_WRAPPED = 4  # lines one sentence of a locations paragraph may run over
_NAME_SHAPED = re.compile(
    r"(?:[A-Z0-9][\w.&'\-/]*)(?:\s+(?:on|for|of|by|&|[A-Z0-9][\w.&'\-/]*)){0,6}")

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it


def find_components(
    pdf: ReadPdf, report: Outline, layout: LayoutResult, catalog: Catalog,
    carved: Sequence[str], hosts: Sequence[str] = (),
) -> tuple[tuple[SystemRef, ...], tuple[RegionRef, ...], tuple[SiteRef, ...], list[str]]:
    """Systems, regions and sites of the system description's component sections, minus
    whatever is a carved-out organisation or is only described as part of one. ``hosts``
    are the subservice organisations' names: the cloud provider among them is the one a
    data-centre city belongs to when the section names none."""
    from scopegap.nlp.pipeline import analyse

    patterns = soc_patterns()
    systems: dict[str, SystemRef] = {}
    regions: dict[str, RegionRef] = {}
    sites: dict[str, SiteRef] = {}
    denied_sites: set[str] = set()
    description = report.get("description")
    for key in COMPONENT_SECTIONS:
        section = report.get(key)
        if section is None or (description is not None and not
                               description.start <= section.start < description.end):
            continue
        text = PagedText.of(report.body(section))
        doc = analyse(text.text, catalog)  # lines are squashed: unwrap keeps every offset
        for entity in doc.ents:
            if entity._.excluded_by or patterns.excluded_after_name.match(
                    doc.text, entity.end_char) or patterns.excluded_before_name.search(
                    doc.text[max(0, entity.start_char - 60) : entity.start_char]):
                continue  # excluded, even where a full stop in its name cut the sentence
            sentence = squash(entity.sent.text)[:EVIDENCE_LIMIT]
            if patterns.method["carve-out"].search(sentence):
                continue  # described as part of a carved-out organisation
            evidence = text.evidence(entity.start_char, entity.end_char, sentence)
            if entity.label_ == "TOOL":
                tool = catalog.tool(entity.kb_id_)
                if tool is not None and tool.name not in systems:
                    systems[tool.name] = SystemRef(tool.name, evidence, tool.id, entity.text)
            elif entity.label_ == "REGION":
                add_region(entity.kb_id_, evidence, catalog, regions)
        if key in LIST_SECTIONS:
            for name, start, end in listed_names(text.text):
                _add_system(name, text.evidence(start, end), catalog, systems)
        for name, start, end in category_rows(text.text):
            _add_system(name, text.evidence(start, end), catalog, systems)
        provider = hosting_provider(text.text, hosts, catalog) \
            if key == "infrastructure" else None
        others = [h for h in hosts if not providers_named(h, catalog)]
        marked = False  # the section marks its in-scope places: only those are sites
        for part, lines in _place_parts(report.body(section), key):
            part_text = "\n".join(line.text for line in lines)
            part_provider = provider if part == key else \
                hosting_provider(part_text, hosts, catalog) if part == "infrastructure" else None
            part_marked = bool(patterns.place_in_scope_mark.search(part_text))
            marked = marked or part_marked
            # a marked part is read line by line: a line joined to the next would lend its
            # mark to the next row's unmarked place
            units = [(line.text, line.page) for line in lines
                     if patterns.place_in_scope_mark.search(line.text)] if part_marked \
                else _unwrapped(lines, catalog)
            for text_unit, page in units:
                add_places(text_unit, page, part_provider, catalog, sites, regions,
                           listed=part == "locations", others=others)
            named, denied = _places_said(part_text, catalog)
            denied_sites.update(denied - named)
        for page, cells in section_rows(report, layout, key):
            row = " | ".join(cells)
            if patterns.method["carve-out"].search(row):
                continue
            row_doc = analyse(row, catalog)
            if _excludes_first_cell(row_doc, cells[0]) or (
                    len(cells) >= 2 and patterns.out_of_scope_cell.fullmatch(cells[-1].strip())):
                continue  # "Legacy CRM (excluded from scope)": the same phrases as scope text
            evidence = Evidence(page, squash(row)[:EVIDENCE_LIMIT], "layout")
            if key == "locations" or (key in PLACE_SECTIONS and places_in(cells[0], catalog)) \
                    or (providers_named(cells[0], catalog) and places_in(cells[0], catalog)):
                # a data-centre row ("Microsoft Azure data centres in Amsterdam"), whatever
                # section its table is in
                if marked and not patterns.place_in_scope_mark.search(row):
                    continue  # listed beside the marked places, unmarked: not in scope
                add_places(row, page, provider, catalog, sites, regions, "layout",
                           listed=key == "locations", others=others)
                continue  # a data-centre row: a place, not a system
            if not patterns.environment_cell.fullmatch(squash(cells[0]).strip(" .:")):
                _add_system(unmarked(cells[0], report), evidence, catalog, systems)
            for cell in cells[1:]:  # a hosting cell: "Google Cloud Platform – London"
                if providers_named(cell, catalog):
                    add_places(cell, page, None, catalog, sites, regions, "layout")
            if len(named := providers_named(row, catalog)) == 1:  # "Azure | West Europe"
                add_display_regions(row, next(iter(named)), evidence, catalog, regions)
            for entity in row_doc.ents:
                if entity.label_ == "REGION" and not entity._.excluded_by:
                    add_region(entity.kb_id_, evidence, catalog, regions)
    for name in denied_sites:
        sites.pop(name, None)
    component_lines = [line.text for key in COMPONENT_SECTIONS if (section := report.get(key))
                       for line in report.body(section)]
    for key in idle_regions(component_lines, catalog):  # "US West (us-west-2) Planned"
        regions.pop(region_name(key, catalog), None)
    kept: list[SystemRef] = []
    dropped: dict[str, list[str]] = {}
    for system in systems.values():
        owner = next((org for org in carved if _provided_by(system, org, catalog)), None)
        if owner is None:
            kept.append(system)
        elif not catalog.same_entity(system.name, owner):
            dropped.setdefault(owner, []).append(system.name)
    warnings = [
        f"{len(names)} component(s) provided by carved-out subservice organisation {owner} "
        f"are not counted as covered: {', '.join(names[:8])}{', ...' if len(names) > 8 else ''}"
        for owner, names in dropped.items()
    ]
    return tuple(kept), tuple(regions.values()), tuple(sites.values()), warnings


_ANNOUNCED_ROWS = 12  # lines a hosting statement ending in a colon may announce


def _place_parts(lines: Sequence[DocLine], key: str) -> list[tuple[str, list[DocLine]]]:
    """The lines of a section that name places, with the kind of place section they are: a
    whole infrastructure or locations section, or in a components section each paragraph
    whose bold run-in head is such a title ("Infrastructure. The system is hosted ..."), and
    each sentence saying where the system runs ("Each platform runs on Google Cloud
    infrastructure in London", with the lines it wraps onto)."""
    if key in PLACE_SECTIONS:
        return [(key, list(lines))]
    patterns = soc_patterns()
    sub = patterns.headings.sub
    parts: list[tuple[str, list[DocLine]]] = []
    current: list[DocLine] | None = None
    hosting: list[DocLine] | None = None
    for line in lines:
        head = _RUN_IN.match(line.text)
        if head is not None:
            kind = next((k for k in PLACE_SECTIONS if sub[k].fullmatch(head.group("head"))),
                        None)
            current = [] if kind is not None else None
            if current is not None and kind is not None:
                parts.append((kind, current))
        if current is not None:
            current.append(line)
            continue
        if hosting is not None:  # the line a hosting sentence wraps onto
            hosting.append(line)
        elif patterns.hosting_statement.search(line.text):
            hosting = [line]
            parts.append(("infrastructure", hosting))
        # a statement ending in a colon announces its rows ("... hosted in the following data
        # centres:" over "Location Provider" / "London Google Cloud Platform"): they run to
        # the next sentence
        announced = hosting is not None and hosting[0].text.rstrip().endswith(":") and \
            len(hosting) < _ANNOUNCED_ROWS and not hosting[-1].text.rstrip().endswith(".")
        if hosting is not None and not announced and \
                not patterns.line_goes_on.search(hosting[-1].text):
            hosting = None
    return parts


def _places_said(text: str, catalog: Catalog) -> tuple[set[str], set[str]]:
    """The sites a places section's sentences name as part of the system, and those its
    sentences (or table lines read as text) name only to say they are outside it ("does not
    include the corporate office in Austin, Texas"): a denied place is no site."""
    denied_cue = soc_patterns().place_denied
    named: set[str] = set()
    denied: set[str] = set()
    for sentence in _statements(text):
        places = {site_name(city, country, catalog)
                  for city, country in places_in(sentence, catalog)}
        (denied if denied_cue.search(sentence) else named).update(places)
    return named, denied


def _statements(text: str) -> list[str]:
    """A section's sentences, each table row read as text on its own."""
    out: list[str] = []
    prose: list[str] = []
    for line in text.split("\n"):
        if _ROW_LINE.match(line):
            out.append(line)
        else:
            prose.append(line)
    return out + _SENTENCE_END.split(" ".join(prose))


def category_rows(text: str) -> list[tuple[str, int, int]]:
    """Names of a "Category | Tool" table read as text (no ruling for the layout pass):
    after its header line, each row's name is its trailing run of capitalised words, less
    the leading words a category cell is made of ("Application Acme Relay*" → "Acme
    Relay"); the rows end at a sentence, a note or a blank line."""
    patterns = soc_patterns()
    header = re.compile(rf"^\s*{patterns.category_column_header.pattern}\s+"
                        rf"{patterns.name_column_header.pattern}\s*$", re.IGNORECASE)
    found: list[tuple[str, int, int]] = []
    offset = 0
    inside = False
    for line in text.split("\n"):
        stripped = line.strip()
        if header.match(stripped):
            inside = True
        elif inside:
            if not stripped or stripped[0] in "*†‡" or stripped.endswith((".", ":")):
                inside = False
            else:
                words = _FOOTNOTE_MARK.sub("", stripped).split()
                cut = len(words)
                while cut > 0 and (words[cut - 1][:1].isupper() or words[cut - 1][:1].isdigit()
                                   or words[cut - 1] in ("&", "for", "of")):
                    cut -= 1
                while cut < len(words) - 1 and words[cut].casefold() in \
                        patterns.table_header_vocabulary:
                    cut += 1
                if 0 < cut < len(words) or (cut == 0 and len(words) > 1):
                    name = " ".join(words[cut:])
                    at = offset + line.find(words[cut])
                    found.append((name, at, at + len(name)))
        offset += len(line) + 1
    return found


def listed_names(text: str) -> list[tuple[str, int, int]]:
    """Names a sentence lists after a colon ("The system comprises the following software:
    A (routing), B and C."), each with its offsets; a lower-case item is a description."""
    found: list[tuple[str, int, int]] = []
    for intro in _LIST_INTRO.finditer(text):
        stop = text.find(".", intro.end())
        while stop >= 0 and stop + 1 < len(text) and not text[stop + 1].isspace():
            stop = text.find(".", stop + 1)  # "Observe.AI" is one name
        body_end = stop if stop >= 0 else len(text)
        note = _NOTE_LINE.search(text, intro.end(), body_end)
        body_end = note.start() if note is not None else body_end  # a footnote ends the list
        # Purposes in brackets may hold commas: blank them, keeping every offset.
        body = _PURPOSE.sub(lambda m: " " * len(m.group(0)), text[intro.end() : body_end])
        items = _LINE_ITEM if text[intro.start() : intro.end()].endswith("\n") else _ITEM
        for item in items.finditer(body):
            name = _FOOTNOTE_MARK.sub("", re.sub(r"^and\s+", "", squash(item.group(1)))
                                      .strip(" ,;:"))
            if _NAME_SHAPED.fullmatch(name) and re.search(r"[A-Za-z]", name):
                at = intro.end() + item.start(1)
                found.append((name, at, at + len(item.group(1).rstrip())))
    return found


def _excludes_first_cell(doc: Doc, first: str) -> bool:
    """Whether an exclusion trigger of models/patterns/exclusions.yaml (the exclusion
    component) reaches the row's first cell, the component's name."""
    name_end = len(" ".join(first.split()))
    return any(hit.reach.start_char < name_end for hit in doc._.exclusions)


def _provided_by(system: SystemRef, org: str, catalog: Catalog) -> bool:
    """Whether a component is the carved-out organisation or one of its own products
    ("AWS Lambda" under a carved-out AWS; Salesforce Service Cloud under Salesforce, Inc.).
    A company (printed with its legal form, or unknown to the catalog) takes every product
    of its vendor; a platform ("Microsoft Azure", "Microsoft Corporation (Azure)") only the
    products whose vendor it is itself (Amazon Connect under AWS) and the components named
    after it, never a product the catalog keeps apart from it (Entra ID is no part of
    Azure); a product line printed with its vendor's name ("Twilio SendGrid") only itself."""
    if catalog.same_entity(system.name, org):
        return True
    tool = catalog.tool(system.catalog_id) if system.catalog_id else None
    qualifier = re.search(r"\(([^()]+)\)\s*$", org)  # "Microsoft Corporation (Azure)"
    own = (catalog.tool_by_alias(qualifier.group(1)) if qualifier else None) or \
        catalog.tool_by_alias(org) or catalog.tool_by_alias(re.sub(r"\s*\(.*?\)", "", org))
    patterns = soc_patterns()
    company = qualifier is None and (own is None or re.search(
        patterns.legal_tail.pattern + r"\s*\.?\s*$", org, FLAGS) is not None)
    maker = org if company or own is None else own.name  # "Microsoft Azure", not Microsoft
    # "Twilio SendGrid" where the catalog keeps one entry, Twilio: the organisation printed
    # is one product line of that vendor, and its carve-out takes no other (Twilio Flex)
    line_only = own is not None and not company and set(
        catalog.normalise(own.name).split()) < set(catalog.normalise(org).split())
    if tool is not None and not line_only and catalog.same_entity(tool.vendor, maker):
        return True
    if tool is not None and own is not None and (
            own.id in tool.distinct_from or tool.id in own.distinct_from):
        return False
    prefixes = patterns.product_prefixes.get(own.id, ()) if own else ()
    keys = {catalog.normalise(org), *(catalog.normalise(a) for a in (own.aliases if own else ())),
            *(catalog.normalise(p) for p in prefixes)}
    printed = {catalog.normalise(system.name), catalog.normalise(system.matched_alias or "")}
    return any(name == key or name.startswith(key + " ") for name in printed for key in keys
               if key and name)


def _unwrapped(lines: Sequence[DocLine], catalog: Catalog) -> list[tuple[str, int]]:
    """The section's lines, each joined with the lines it wraps onto (text, first page): a
    line ending in a joining word, or in the first word of a country's or a city's name
    ("London, United" / "Kingdom.", "locations: Kuala" / "Lumpur, Malaysia")."""
    goes_on = soc_patterns().line_goes_on
    starts = _country_first_words(catalog)
    units: list[tuple[str, int]] = []
    joined: list[str] = []
    page = 0
    for line in lines:
        if not joined:
            page = line.page
        joined.append(line.text)
        words = " ".join(joined).rstrip(" .,;").split()
        wraps = bool(words) and words[-1].casefold() in starts and not any(
            catalog.country_code(" ".join(words[-size:]))
            or catalog.city(" ".join(words[-size:])) for size in (2, 3, 4))
        if not (goes_on.search(line.text) or wraps) or len(joined) >= _MAX_WRAPPED:
            units.append((" ".join(joined), page))
            joined = []
    if joined:
        units.append((" ".join(joined), page))
    return units


@cache
def _country_first_words(catalog: Catalog) -> frozenset[str]:
    """First words of the catalog's country, group and city names of two words or more
    ("united", "hong", "south", "kuala"): a line ending in one goes on with the rest of the
    name."""
    names = [name for country in catalog.countries.values()
             for name in (country.name, *country.aliases)]
    names += [name for group in catalog.jurisdictions.values()
              for name in (group.name, *group.aliases)]
    names += [name for city in catalog.cities for name in (city.name, *city.aliases)]
    return frozenset(name.split()[0].casefold() for name in names if len(name.split()) > 1)


def _add_system(cell: str, evidence: Evidence, catalog: Catalog,
                out: dict[str, SystemRef]) -> None:
    name = _FOOTNOTE_MARK.sub("", squash(cell).strip(" .;,"))  # "Acme Relay*": see the note
    if len(name) < 2 or not re.search(r"[A-Za-z]", name):
        return
    tool = catalog.tool_by_alias(name)
    if tool is not None:
        out.setdefault(tool.name, SystemRef(tool.name, evidence, tool.id, name))
    else:
        out.setdefault(name, SystemRef(name, evidence))


