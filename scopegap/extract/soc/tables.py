"""The layout pass of a SOC report: pdfplumber only on the tabular pages of the component
and subservice sections (unruled tables cut by x position where it finds no ruled one),
and the rows printed inside one section."""

from __future__ import annotations

import re
from dataclasses import replace

from scopegap.extract.soc.patterns import COMPONENT_SECTIONS, soc_patterns
from scopegap.extract.soc.sections import Outline
from scopegap.extract.soc.unruled import pages_without_boxes, unruled_tables
from scopegap.ingest.layout import LayoutResult, Table, read_tables, triage
from scopegap.ingest.pdf import ReadPdf
from scopegap.ingest.text import squash


def read_layout(pdf: ReadPdf, report: Outline) -> LayoutResult:
    """pdfplumber on the pages of the component, subservice and CSOC sections that look
    tabular (a CSOC table's first column names the subservice organisations)."""
    wanted: set[int] = set()
    for key in (*COMPONENT_SECTIONS, "subservice", "csoc"):
        section = report.get(key)
        if section is not None:
            wanted.update(report.pages(section))
    chosen = triage(pdf.pages, wanted, soc_patterns().table_page_cue)
    ruled = read_tables(pdf.path, chosen, pdf.password,
                        boxes_for=pages_without_boxes(pdf, chosen))
    if ruled.warnings and not ruled.pages_read:
        return ruled  # the layout pass gave up on the file: so does this one
    tables = dict(ruled.tables)
    for number, found in unruled_tables(pdf, chosen, ruled.boxed).items():
        tables[number] = with_unruled(tables.get(number, []), found)
    return replace(ruled, tables=tables)


def with_unruled(ruled: list[Table], unruled: list[Table]) -> list[Table]:
    """A page's ruled tables and the rows of its unruled reading they lack. Of a
    zebra-striped table pdfplumber reads each shaded stripe as a table of its own, so the
    rows between the stripes come from the unruled reading (its header kept, the stripes
    not read twice)."""
    seen = {squash(row[0]) for table in ruled for row in table if row}
    new = [[t[0], *rest] for t in unruled
           if (rest := [row for row in t[1:] if row and squash(row[0]) not in seen])]
    return [*ruled, *new]


def section_rows(report: Outline, layout: LayoutResult, key: str) -> list[tuple[int, list[str]]]:
    """Table rows (page, cells) whose first cell is printed inside section ``key``."""
    section = report.get(key)
    if section is None:
        return []
    body = squash(report.text(section))
    rows: list[tuple[int, list[str]]] = []
    patterns = soc_patterns()
    for number in report.pages(section):
        for table in layout.tables.get(number, []):
            width = max((len(row) for row in table), default=0)
            name_at: int | None = None
            for row in table:
                if name_at is not None and name_at < len(row) and row[name_at]:
                    row = [row[name_at], *(c for i, c in enumerate(row) if i != name_at)]
                cells = [c for c in row if c]
                if not cells or (width > 1 and len(cells) == 1):
                    continue  # an empty row, or a title spanning the table
                if all(is_header_cell(c) for c in cells):
                    name_at = name_column(row)
                    continue
                if any(patterns.table_not_components.search(c) for c in cells):
                    break  # a control matrix (criteria, tests), not a list of components
                if _printed_in(cells[0], body):
                    rows.append((number, cells))
    return rows


def _printed_in(cell: str, body: str) -> bool:
    """Whether a cell is printed in the section's text: line by line, because the text layer
    interleaves a cell wrapped in a narrow column with the row's other cells ("Azure Active
    ✓ ✓ ✓ ✓" / "Directory")."""
    if squash(cell) in body:
        return True
    parts = [squash(part) for part in cell.splitlines() if part.strip()]
    return len(parts) > 1 and all(part in body for part in parts)


def name_column(header: list[str]) -> int | None:
    """The column holding the component's name when the first column is its category
    ("Category | Tool", "Function | Application"); None when the first column is the name."""
    patterns = soc_patterns()
    cells = [(i, squash(c)) for i, c in enumerate(header) if c]
    if len(cells) < 2 or not patterns.category_column_header.fullmatch(cells[0][1]):
        return None
    return next((i for i, c in cells[1:] if patterns.name_column_header.fullmatch(c)), None)


def is_header_cell(cell: str) -> bool:
    """A column heading: a known heading ("Services provided"), or a cell whose every word is
    a heading word ("Hosting location", "Business function", "Treatment")."""
    patterns = soc_patterns()
    if patterns.table_header_words.match(cell):
        return True
    words = re.findall(r"[^\W\d_]+", cell.casefold())
    return bool(words) and len(words) <= 4 and all(
        w in patterns.table_header_vocabulary for w in words)


_GLUED_MARK = re.compile(r"(?<=[A-Za-z])(?P<mark>\d)$")


def unmarked(cell: str, report: Outline) -> str:
    """A cell without the footnote number its superscript left glued to the name
    ("Acme Insight1", "Data Exchange API1"), when a note line starting with that number
    names it ("1 Only the reporting module of Acme Insight is included"); "Five9" and
    "Amazon S3" keep their digit."""
    name = squash(cell).strip(" .;,")
    glued = _GLUED_MARK.search(name)
    if glued is None:
        return cell
    base = name[: glued.start()]
    note = re.compile(rf"^{glued.group('mark')}\s.*(?<!\w){re.escape(base)}(?!\w)")
    return base if any(note.search(line.text) for line in report.lines) else cell


# --------------------------------------------------------------------------- subservice
