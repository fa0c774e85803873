"""A vendor's subprocessor list → its entries (name as printed, purpose, locations) and date.

Reads the neutral blocks of ``scopegap.ingest.lists`` / ``list_pdf``: tables by their header
words (models/patterns/subprocessors.yaml), list items as "Vendor. Purpose.", "Vendor for
purpose", a definition list's term and details, and a heading or lead-in ("These
subprocessors are located in the EU:") as the location of the entries under it. Locations
become ISO alpha-2 codes through the catalog: a country, a city, a cloud-region display name
("Europe (Frankfurt)"), or a group with a city ("EU (Frankfurt)" lies in DE); "Global" gives
none, and a group alone ("European Union") is kept as an area, not a country.
"""


from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scopegap.domain import LIST_KIND, DateValue, DocumentScope, Evidence, SubprocessorRef
from scopegap.errors import DocumentError
from scopegap.extract.dates import Order, find_dates, resolve_order
from scopegap.extract.subprocessors_names import split_item, split_names
from scopegap.extract.subprocessors_patterns import (
    PATTERNS_FILE,
    ListPatternsFile,
    is_header,
    list_patterns,
)
from scopegap.extract.subprocessors_places import parse_locations
from scopegap.extract.subprocessors_reader import ListReader
from scopegap.ingest.lists import Block, ListSource, Row
from scopegap.ingest.pdf import ReadPdf

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it

__all__ = ["PATTERNS_FILE", "ListPatternsFile", "ListReading", "find_updated", "is_header",
           "list_scope", "mentions_list", "parse_locations", "pdf_list_source", "read_entries",
           "read_list_path", "read_row", "split_item", "split_names"]


@dataclass(frozen=True)
class ListReading:
    entries: tuple[SubprocessorRef, ...]
    updated: DateValue | None



def find_updated(blocks: Sequence[Block]) -> DateValue | None:
    """The list's own date: the first "Last updated"-style label followed by a date. A
    numeric date whose day/month order its digits leave open is settled by the list's other
    dates ("15/05/2026" in a change log), else by the label's language ("Stand:",
    "Dernière mise à jour" are written day-first)."""
    patterns = list_patterns()
    lines = [(block, line) for block in blocks if block.kind in ("paragraph", "heading", "item")
             for line in block.text.split("\n")]
    for block, line in lines:
        for label in patterns.updated.finditer(line):
            dates = find_dates(line[label.end(): label.end() + 60])
            if not dates or dates[0].start > 2 or dates[0].value is None:
                continue
            found = dates[0]
            if found.ambiguous:
                others = [d for _, text in lines if text is not line for d in find_dates(text)]
                hint: Order | None = "DMY" if patterns.day_first_labels.search(
                    label.group()) else None
                found = resolve_order([*others, found], hint)[-1]
            evidence = " ".join(line.split())
            if block.page is None and block.line is not None:
                evidence = f"line {block.line}: {evidence}"
            assert found.value is not None
            return DateValue(found.value, Evidence(block.page or 1, evidence),
                             ambiguous=found.ambiguous, order_reason=found.resolved_by)
    return None


def _numberless(text: str) -> str:
    return " ".join(re.sub(r"\d+", "#", text).split())


def page_furniture(blocks: Sequence[Block]) -> frozenset[str]:
    """Running headers and footers of a printed list ("Acme Ltd · Page 2"): lines with a
    number that come back on several pages once the number is set aside. Read as headings
    they would open or close sections ("Brightlane Support" holds "support")."""
    pages: dict[str, set[int]] = {}
    for block in blocks:
        if block.kind == "paragraph" and block.page is not None and re.search(r"\d", block.text):
            pages.setdefault(_numberless(block.text), set()).add(block.page)
    return frozenset(text for text, seen in pages.items() if len(seen) > 1)


def read_entries(source: ListSource, catalog: Catalog) -> ListReading:
    """Every entry of the list, in order, and its date; DocumentError when it names none."""
    reader = ListReader(catalog, source.format == "pdf")
    if source.format in ("csv",):
        reader.started = True
    furniture = page_furniture(source.blocks)
    for block in source.blocks:
        if block.kind == "paragraph" and _numberless(block.text) in furniture:
            continue
        if block.kind in ("heading", "paragraph"):
            reader.heading(block)
        elif block.kind == "table":
            reader.table(block)
        elif block.kind == "item":
            reader.item(block)
    if not reader.entries and reader.set_aside:
        reader.entries = reader.set_aside  # no section read as current: the words misled us
    if not reader.entries:
        raise DocumentError(source.path, "no subprocessor entries found: no table with a name "
                                         "column and no list of third parties")
    return ListReading(tuple(reader.entries), find_updated(source.blocks))


def list_scope(source: ListSource, reading: ListReading) -> DocumentScope:
    """The document of kind ``subprocessor_list``: its date and entries, nothing else (a
    list says who handles data, not that anyone audited them: it covers nothing)."""
    warnings = []
    if reading.updated is None:
        warnings.append("the list prints no \"last updated\" date: its age cannot be judged")
    elif reading.updated.ambiguous:
        warnings.append(f"the list's date {reading.updated.evidence.text!r} reads day- or "
                        "month-first; the earlier reading was used")
    return DocumentScope(path=source.path, sha256=source.sha256, kind=LIST_KIND,
                         page_count=source.page_count, updated=reading.updated,
                         subprocessors=reading.entries, warnings=tuple(warnings),
                         text_pages=tuple(range(1, source.page_count + 1)))


def read_list_path(path: str, catalog: Catalog) -> tuple[ListSource, ListReading]:
    """Read an HTML, Markdown or CSV list and its entries (DocumentError if it has none)."""
    from scopegap.ingest.lists import read_list

    source = read_list(path)
    return source, read_entries(source, catalog)


def pdf_list_source(pdf: ReadPdf) -> ListSource:
    """A PDF's pages as list blocks, through the layout pass (word positions)."""
    from scopegap.ingest.list_pdf import pdf_list_blocks

    blocks = pdf_list_blocks(pdf.path, pdf.pages, is_header, pdf.password)
    return ListSource(path=pdf.path, sha256=pdf.sha256, format="pdf", blocks=tuple(blocks),
                      page_count=len(pdf.pages))


def mentions_list(text: str) -> bool:
    """Whether a document's text calls itself a list of subprocessors."""
    return list_patterns().cues.search(text) is not None


def read_row(row: Row) -> str:
    """A row as evidence: its non-empty cells joined with " | "."""
    return " | ".join(" ".join(c.split()) for c in row.cells if c.strip())
