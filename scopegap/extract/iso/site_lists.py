"""Sites a certificate lists outside its scope sentence: a schedule or appendix of sites (a
ruled table, or lines under a "Certified sites" heading), labelled "Site n of N" entries, and
the page a scope refers to ("the locations on page 2"). Each complete address line is a site;
a list ends at its end marks, so the body's footer and the signing place never join it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from scopegap.domain import (
    SiteRef,
)
from scopegap.extract.patterns import certificate_patterns
from scopegap.extract.places import (
    add_city_sites,
    cities_in,
)
from scopegap.ingest.layout import read_tables
from scopegap.ingest.pdf import ReadPdf, TextPage, pages_needing_layout
from scopegap.ingest.text import line_index_at, lines_of
from scopegap.resources import load_yaml

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it

def collect_schedule_sites(
    pdf: ReadPdf, catalog: Catalog, out: dict[str, SiteRef], warnings: list[str]
) -> None:
    cues = certificate_patterns().site_table_cues
    numbers = pages_needing_layout(pdf.pages, cues)
    layout = read_tables(pdf.path, numbers, password=pdf.password)  # the PDF opened once
    warnings.extend(layout.warnings)
    # a scanned annex has no table a parser could read: its OCR lines after the cue are read
    scanned = [page.number for page in pdf.pages if page.has_text and page.source == "ocr"
               and any(cue.search(page.text) for cue in cues)]
    for number in sorted({*numbers, *scanned}):
        rows = [row for table in layout.tables.get(number, []) for row in table]
        page = pdf.pages[number - 1]
        if not rows:
            # No ruled table: read the lines after the cue, up to the footer.
            rows = []
            cue_at = min(m.start() for cue in cues for m in cue.finditer(page.text))
            texts = [line.clean for line in lines_of(page.text[cue_at:])[1:]]
            for index, text in enumerate(unwrapped_address_lines(texts, catalog)):
                if index < 2 and certificate_patterns().number_label.search(text):
                    continue  # "Certificate number: ... - Holder" under the annex heading
                if stops_site_list(text):
                    break
                rows.append([text])
        heading: str | None = None  # the country sub-header above a grid's rows
        for row in rows:
            if any(cell and not_certified_row(cell) for cell in row):
                continue  # a row whose status cell reads "Withdrawn" or "Not certified"
            filled = [cell.strip() for cell in row if cell and cell.strip()]
            if len(filled) == 1 and catalog.country_code(filled[0]) is not None:
                heading = filled[0]
                continue
            whole_row = " | ".join(cell for cell in row if cell)
            if _address_grid_row(row, catalog, heading):
                for cell in row:  # a grid of sites: every cell is one site's address, in
                    if cell:  # the country of the sub-header above it ("6041 Nice")
                        add_city_sites(f"{cell}, {heading}" if heading else cell, number,
                                       "site", catalog, out, cell)
                continue
            for cell in row:
                if cell and add_city_sites(f"{cell}, {heading}" if heading else cell, number,
                                           "site", catalog, out, whole_row):
                    break


# The longest cell that is one site's whole address in a grid of sites ("Head office / 12
# High Street / 72803 Leeds"): a name, a street and a town, not a paragraph.
_GRID_CELL_MAX = 120


def _address_grid_row(row: Sequence[str | None], catalog: Catalog, country: str | None) -> bool:
    """A row of an appendix laid out as a grid: two or more cells that each hold a numbered
    address ending in a town (of ``country``, the sub-header above the row, when there is
    one). A row of one site (name | address | activities) has one."""
    towns = 0
    for cell in row:
        if not cell or len(cell) > _GRID_CELL_MAX or not re.search(r"\d", cell):
            continue
        found = cities_in(f"{cell}, {country}" if country else cell, catalog)
        if found and _ends_in_town(cell, found[-1][0]):
            towns += 1
    return towns >= 2


def _ends_in_town(cell: str, town: str) -> bool:
    """"… 72803 Leeds", "… Austin, TX 78701": the town closes the address (a state and
    postcode may follow it)."""
    tail = cell.rstrip()[-(len(town) + 12):].casefold()  # the cell alone, no sub-header
    return town.casefold() in tail


def unwrapped_address_lines(lines: list[str], catalog: Catalog) -> list[str]:
    """Address lines a narrow column broke in two, joined again: "448 Market Square, 87695
    Preston," + "United Kingdom", or "68 Mill Lane, 4368 Leeds, United" + "Kingdom"."""
    out: list[str] = []
    for line in lines:
        if out and re.search(r"\d", out[-1]) and line.strip():
            joined = f"{out[-1].rstrip()} {line.strip()}"
            tail = joined.rsplit(",", 1)[-1]
            if _country_line(line, catalog) and not catalog.country_code(
                    out[-1].rsplit(",", 1)[-1].strip()):
                # "Tempe, AZ 85208" + "United States": the country line ends the address
                out[-1] = f"{out[-1].rstrip(' ,')}, {line.strip()}"
                continue
            if out[-1].rstrip().endswith(",") or (
                not re.search(r"\d", line) and catalog.country_code(tail)
                and not catalog.country_code(out[-1].rsplit(",", 1)[-1])) or _cut_short(
                    out[-1], catalog):
                out[-1] = joined
                continue
        out.append(line)
    return out


def _country_line(line: str, catalog: Catalog) -> bool:
    """A line that is only a country's name ("United States"), the last line of an address."""
    text = line.strip(" ,.")
    return len(text) > 2 and catalog.country_code(text) is not None


def _cut_short(line: str, catalog: Catalog) -> bool:
    """An address line that stops inside its town or street: "291 Washington Boulevard, El"
    (+ "Paso, Texas"), "225 Congress Avenue, Suite" (+ "226, Salt Lake City"). Its last part
    is no postcode, country, state or known town."""
    last = line.rsplit(",", 1)[-1].strip()
    if len(line.split(",")) < 2 or not last or re.search(r"\d", last):
        return False
    return not (catalog.country_code(last) or catalog.subdivision(last)
                or catalog.cities_named(last))


def collect_labelled_sites(pdf: ReadPdf, catalog: Catalog, out: dict[str, SiteRef]) -> None:
    """"Head office: …", "Locations …" lines, and the lines under a "Certified sites"
    heading (name, address, activities), up to the next dates or signature block."""
    patterns = certificate_patterns()
    for page_index, page in enumerate(pdf.pages):
        lines = lines_of(page.text)
        for label in patterns.site_labels.finditer(page.text):
            index = line_index_at(lines, label.end())
            if patterns.not_certified_places.search(lines[index].clean):
                continue  # "Sites to be added at the next audit:" labels no site
            kind = "hq" if patterns.head_office.search(label.group(0)) else "site"
            rest = page.text[label.end() : lines[index].end]
            if add_city_sites(rest, page.number, kind, catalog, out):
                continue
            following = [(page.number, line.clean) for line in lines[index + 1 :]]
            if page_index + 1 < len(pdf.pages) and _ENTRY_COUNT.fullmatch(rest):
                # "Site 9 of 12" at the foot of a page: its address goes on overleaf, past
                # the lines both pages print (the running header and footer)
                overleaf = pdf.pages[page_index + 1]
                after = [line.clean for line in lines_of(overleaf.text)]
                here = {line.clean for line in lines}
                following = [(n, t) for n, t in following if t not in after]
                following += [(overleaf.number, t) for t in after if t not in here]
            _read_entry(following, kind, catalog, out)
        for heading in patterns.site_sections.finditer(page.text):
            index = line_index_at(lines, heading.start())
            if patterns.not_certified_places.search(lines[index].clean):
                continue  # "Sites to be added at the next audit:" heads no certified site
            texts: list[str] = []
            for line in lines[index + 1 : index + 1 + _MAX_SITE_LINES]:
                if stops_site_list(line.clean):
                    break
                texts.append(line.clean)
            # "..., Detroit," + "Michigan 49696"
            for text in unwrapped_address_lines(texts, catalog):
                kind = "hq" if patterns.head_office.search(text) else "site"
                if not not_certified_row(text):
                    add_city_sites(text, page.number, kind, catalog, out)


def _read_entry(following: list[tuple[int, str]], kind: str, catalog: Catalog,
                out: dict[str, SiteRef]) -> None:
    """The address under a site label ("Site 10 of 12" / "Plot No. 161" / "Phase II, MIDC" /
    "Gurugram 122044, Haryana"): its first lines up to the town, never past the next
    entry's label or the end of the list (lines that end it on the page are skipped when
    the entry goes on on the next page)."""
    patterns = certificate_patterns()
    pages = {number for number, _ in following}
    read = 0
    lines = [(number, text) for number, text in following if text]
    for at, (number, text) in enumerate(lines):
        if patterns.site_labels.match(text) or read >= _MAX_ENTRY_LINES:
            return
        if stops_site_list(text):
            if len(pages) > 1 and number == min(pages):
                continue  # the page's footer between an entry and its address overleaf
            return
        read += 1
        after = lines[at + 1][1] if at + 1 < len(lines) else ""
        if _country_line(after, catalog) and not catalog.country_code(
                text.rsplit(",", 1)[-1].strip()):
            text = f"{text.rstrip(' ,')}, {after.strip()}"  # "Tempe, Arizona 85295" + country
        if not not_certified_row(text) and add_city_sites(text, number, kind, catalog, out):
            return


_MAX_ENTRY_LINES = 4  # an address under its label: building, street, town, country
# What a list entry's label holds besides the word "Site": "9 of 12", "10 von 12", "3 sur 6 *"
_ENTRY_COUNT = re.compile(r"[\s*:]*(?:\d+\s+[^\W\d_]{1,3}\s+\d+)?[\s*:]*")


# Lines read under a "Certified sites" heading: a schedule of a dozen sites in columns, four
# lines an address, runs to some fifty lines; the list ends earlier at its own end marks.
_MAX_SITE_LINES = 80


def stops_site_list(line: str) -> bool:
    patterns = certificate_patterns()
    return bool(
        patterns.signing_place.search(line)
        or patterns.number_label.search(line)
        or any(patterns.date_labels[role].search(line)
               for role in ("original", "registration", "reissue", "issue", "expiry"))
        or patterns.site_list_end.search(line)
        or patterns.not_certified_places.search(line)  # "Excluded sites:"
    )


def collect_referred_sites(pdf: ReadPdf, catalog: Catalog, out: dict[str, SiteRef]) -> None:
    """"The following in-scope location(s) on page 2 of 2": the sites are the lines of that
    page of the certificate (counted without blank back pages), from its top down to the
    first line that ends a site list or starts its conditions."""
    text_pages = [p for p in pdf.pages if p.has_text]
    patterns = certificate_patterns()
    for page in text_pages:
        for ref in patterns.sites_on_page.finditer(page.text):
            number = int(ref.group("page"))
            # the page as the certificate counts it, else the next pages with text (a blank
            # back page between them, or one whose specks OCR read as words)
            later = [p for p in text_pages if p.number > page.number]
            counted = [text_pages[number - 1]] if 1 <= number <= len(text_pages) else []
            for target in dict.fromkeys(p for p in [*counted, *later] if p is not page):
                if _sites_from_top(target, catalog, out):
                    break


def _sites_from_top(page: TextPage, catalog: Catalog, out: dict[str, SiteRef]) -> bool:
    """The sites a locations page lists from its top; whether it listed any."""
    patterns = certificate_patterns()
    found = False
    for index, line in enumerate(lines_of(page.text)):
        text = line.clean
        if index < 2 and patterns.number_label.search(text):
            continue  # the certificate number repeated at the top of the page
        if stops_site_list(text) or _LIST_OR_HEADING.match(text):
            break
        if not not_certified_row(text):
            found = add_city_sites(text, page.number, "site", catalog, out) or found
    return found


@cache
def _footnote_marks() -> tuple[str, ...]:
    marks: list[str] = load_yaml("patterns/exclusions.yaml").get("footnote_marks", [])
    return tuple(sorted(marks, key=len, reverse=True))  # "**" before "*"


def _denying_notes(lines: list[str]) -> set[str]:
    """The footnote marks whose note under a site list says a site is not certified ("* Site
    closed; certification withdrawn for this site."), in the words of a status cell."""
    denied: set[str] = set()
    for line in lines:
        text = line.strip()
        mark = next((m for m in _footnote_marks() if text.startswith(m)), None)
        if mark is not None and certificate_patterns().not_certified_places.search(
                text[len(mark):]):
            denied.add(mark)
    return denied


def footnoted_out(site: SiteRef, pdf: ReadPdf) -> bool:
    """Whether the site's line carries a footnote mark ("Cebu City, Philippines*") whose
    note on the same page says the site is not certified ("* Site closed; certification
    withdrawn for this site.")."""
    if not 1 <= site.evidence.page <= len(pdf.pages):
        return False
    text = site.evidence.text.strip()
    if not any(mark in text for mark in _footnote_marks()):
        return False
    page = pdf.pages[site.evidence.page - 1]
    marks = _denying_notes([line.clean for line in lines_of(page.text)])
    return any(mark in text and not text.startswith(mark) for mark in marks)


def not_certified_row(text: str) -> bool:
    """A table cell, or a row read as text, whose status says its place is not certified
    ("Withdrawn"; "Cebu | 8 Gorordo Avenue, Cebu City 6000 | Withdrawn")."""
    return any(certificate_patterns().not_certified_places.search(cell.strip())
               for cell in text.split(" | "))


# A numbered condition ("1. The aforementioned ...") or a heading ("CONDITIONS & LIMITATIONS:").
_LIST_OR_HEADING = re.compile(r"^\s*(?:\d{1,2}[.)]\s|[A-Z][A-Z &/-]{3,}:\s*$)")
