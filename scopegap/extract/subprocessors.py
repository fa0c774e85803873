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
from functools import cache
from typing import TYPE_CHECKING, Literal

from scopegap.domain import LIST_KIND, DateValue, DocumentScope, Evidence, SubprocessorRef
from scopegap.errors import DocumentError
from scopegap.extract.dates import find_dates
from scopegap.ingest.lists import Block, ListSource, Row
from scopegap.ingest.pdf import ReadPdf
from scopegap.resources import load_model

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it

Role = Literal["name", "purpose", "location", "ignore", "other"]
PATTERNS_FILE = "patterns/subprocessors.yaml"
MAX_HEADER_EXTRAS = 2  # words outside the header vocabulary a whole header row may hold


@dataclass(frozen=True)
class ListReading:
    entries: tuple[SubprocessorRef, ...]
    updated: DateValue | None


@dataclass(frozen=True)
class ListPatterns:
    cues: re.Pattern[str]
    columns: tuple[tuple[Role, re.Pattern[str]], ...]
    updated: re.Pattern[str]
    location_heading: re.Pattern[str]
    no_location: frozenset[str]
    location_separators: re.Pattern[str]
    item_separators: re.Pattern[str]
    name_joiners: re.Pattern[str]
    header_words: frozenset[str]  # every word of the column vocabulary


def _plain(text: str) -> str:
    """Lower case, punctuation to spaces: how a "no location" cell is compared."""
    return " ".join(re.sub(r"[^\w/']+", " ", text.casefold()).split())


def _words(words: Sequence[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len,
                                                                         reverse=True))


@dataclass(frozen=True)
class ColumnWords:
    """Header words per column role (a cell takes the first role whose words it holds)."""

    ignore: tuple[str, ...]
    name: tuple[str, ...]
    location: tuple[str, ...]
    purpose: tuple[str, ...]


@dataclass(frozen=True)
class ListPatternsFile:
    """models/patterns/subprocessors.yaml, validated on load."""

    version: int
    list_cues: tuple[str, ...]
    columns: ColumnWords
    updated_labels: tuple[str, ...]
    location_heading: str
    no_location: tuple[str, ...]
    location_separators: str
    item_separators: str
    name_joiners: str
    legal_form_synonyms: tuple[tuple[str, ...], ...]


@cache
def list_patterns() -> ListPatterns:
    raw = load_model(PATTERNS_FILE, ListPatternsFile)
    columns = tuple(
        (role, re.compile(rf"(?<![\w-])(?:{_words(getattr(raw.columns, role))})(?![\w-])",
                          re.I))
        for role in ("ignore", "name", "location", "purpose")
    )
    labels = _words(raw.updated_labels)
    return ListPatterns(
        cues=re.compile(rf"(?<![\w-])(?:{_words(raw.list_cues)})(?![\w-])", re.I),
        columns=columns,  # type: ignore[arg-type]
        updated=re.compile(rf"(?<![\w-])(?:{labels})\s*(?:on|:|-|–)?\s*", re.I),
        location_heading=re.compile(raw.location_heading, re.I),
        no_location=frozenset(_plain(w) for w in raw.no_location),
        location_separators=re.compile(raw.location_separators, re.I),
        item_separators=re.compile(raw.item_separators),
        name_joiners=re.compile(raw.name_joiners),
        header_words=frozenset(
            word for role in ("ignore", "name", "location", "purpose")
            for phrase in getattr(raw.columns, role)
            for word in re.findall(r"[^\W\d_]+", phrase.casefold())),
    )


# --------------------------------------------------------------------------- headers


_TITLE_FILLER = frozenset({"of", "the", "and", "or", "for", "to", "by", "in", "a", "an"})


def column_role(cell: str) -> Role:
    """The role a header cell names; a cell with more than one word outside the header
    vocabulary is data, not a title ("Intercom R&D Unlimited Company" holds "company")."""
    patterns = list_patterns()
    if _extra_words(cell) > 1:
        return "other"
    for role, pattern in patterns.columns:
        if pattern.search(cell):
            return role
    return "other"


def _extra_words(cell: str) -> int:
    """Words of a cell outside the header vocabulary (and its filler words)."""
    words = re.findall(r"[^\W\d_]+", cell.casefold())
    vocabulary = list_patterns().header_words
    return sum(1 for w in words if w not in _TITLE_FILLER and w not in vocabulary)


def column_roles(header: Sequence[str]) -> list[Role]:
    """Each header cell's role; only the first name and location columns keep theirs."""
    roles: list[Role] = []
    for cell in header:
        role = column_role(cell) if len(cell) <= 60 else "other"
        if role in ("name", "location") and role in roles:
            role = "other"
        roles.append(role)
    return roles


def is_header(cells: Sequence[str]) -> bool:
    """A row of column titles: a name column and a purpose or location column."""
    roles = column_roles(cells)
    if sum(_extra_words(cell) for cell in cells) > MAX_HEADER_EXTRAS:
        return False  # a row of data that happens to hold "company" and "service"
    return "name" in roles and ("purpose" in roles or "location" in roles)


# --------------------------------------------------------------------------- locations


def _split_outside_brackets(text: str, separators: re.Pattern[str]) -> list[str]:
    parts: list[str] = []
    depth = 0
    start = 0
    position = 0
    while position < len(text):
        char = text[position]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            found = separators.match(text, position)
            if found is not None and found.end() > position:
                parts.append(text[start:position])
                start = position = found.end()
                continue
        position += 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


_BRACKETED = re.compile(r"^(?P<outer>[^()]*?)\s*\((?P<inner>[^()]+)\)\s*$")


def _place(text: str, catalog: Catalog) -> tuple[list[str], list[str]] | None:
    """(codes, areas) of one place as a field prints it, or None when it names none."""
    cleaned = text.strip(" .;:*")
    if not cleaned:
        return None
    region = catalog.parse_region(cleaned)
    if region is not None:
        return [region.country], []
    code = catalog.country_code(cleaned)
    if code is not None:
        return [code], []
    group = catalog.jurisdiction(cleaned)
    if group is not None:
        members = sorted(group.countries)
        return (members, []) if len(members) == 1 else ([], [group.id])
    city = catalog.city(cleaned)
    if city is not None:
        return [city.country], []
    bracketed = _BRACKETED.match(cleaned)
    if bracketed is not None:  # "EU (Frankfurt)", "Ireland (Dublin)", "Frankfurt (Germany)"
        outer_text = bracketed.group("outer")
        outer = _place(outer_text, catalog) if outer_text.strip() else None
        if outer_text.strip() and outer is None:
            return None  # "Spain and Europe (London)" is a list: split it first
        inner = _place(bracketed.group("inner"), catalog)
        if inner is not None and inner[0]:
            return inner
        return outer
    return None


def parse_locations(
    text: str, catalog: Catalog, running_text: bool = True
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Country codes and group ids a location field names, each once, in print order.

    With ``running_text``, a part that is no place name is searched for country names
    ("United States. The location is chosen by the customer" gives US).
    """
    patterns = list_patterns()
    flat = " ".join(text.split())
    if not flat or _plain(flat) in patterns.no_location:
        return (), ()
    whole = _place(flat, catalog)
    if whole is not None:
        return tuple(dict.fromkeys(whole[0])), tuple(dict.fromkeys(whole[1]))
    codes: list[str] = []
    areas: list[str] = []
    for part in _split_outside_brackets(flat, patterns.location_separators):
        found = _place(part, catalog)
        if found is None:
            if running_text:
                codes.extend(catalog.countries_in(part))
            continue
        codes.extend(found[0])
        areas.extend(found[1])
    return tuple(dict.fromkeys(codes)), tuple(dict.fromkeys(areas))


# --------------------------------------------------------------------------- names


def _legal_form(part: str, catalog: Catalog) -> bool:
    """Whether ``part`` is a legal form alone: the catalog strips it from the end of a name."""
    return bool(part.strip(" .,")) and catalog.normalise_name(f"name {part}") == "name"


def split_names(cell: str, catalog: Catalog) -> list[str]:
    """"Amazon Web Services, OVH" names two parties; "Stripe, Inc." and "Functional
    Software, Inc. d/b/a Sentry" one."""
    flat = " ".join(cell.split())
    parts = [p.strip() for p in list_patterns().name_joiners.split(flat) if p.strip()]
    if len(parts) < 2:
        return [flat] if flat else []
    for part in parts:
        first = part.split()[0]
        if (_legal_form(part, catalog) or _legal_form(first, catalog) or (not part[0].isupper()
                and not part[0].isdigit()) or first.lower() in ("d/b/a", "dba", "aka", "t/a")
                or len(part) < 2):
            return [flat]
    return parts


_SENTENCE_END = re.compile(r"\.\s+(?=\S)")


def split_item(text: str, catalog: Catalog) -> tuple[str, str]:
    """(name, rest) of "Vendor. Purpose.", "Vendor - purpose", "Vendor for purpose"."""
    flat = " ".join(text.split())
    stops = list(_SENTENCE_END.finditer(flat))
    after_form: list[int] = []
    for stop in stops:
        before = flat[: stop.start()].split()
        last = before[-1] if before else ""
        if _legal_form(last, catalog) or _legal_form(last + ".", catalog) or len(last) <= 1 \
                or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?", last):
            after_form.append(stop.end())
            continue
        head = flat[: stop.start()]
        separator = list_patterns().item_separators.search(head)
        if separator is None:
            return head.strip(), flat[stop.end():].strip()
        break
    separator = list_patterns().item_separators.search(flat)
    if separator is not None:
        return flat[: separator.start()].strip(), flat[separator.end():].strip()
    if after_form:
        cut = after_form[-1]
        return flat[:cut].strip(), flat[cut:].strip()
    return flat.rstrip(". "), ""


# --------------------------------------------------------------------------- reading




def _trailing_brackets(text: str) -> tuple[int, str] | None:
    """(start, inner text) of a bracketed group that ends ``text``; nested brackets kept."""
    end = len(text.rstrip(" ."))
    if end == 0 or text[end - 1] != ")":
        return None
    depth = 0
    for position in range(end - 1, -1, -1):
        if text[position] == ")":
            depth += 1
        elif text[position] == "(":
            depth -= 1
            if depth == 0:
                return position, text[position + 1 : end - 1]
    return None
_FIELD = re.compile(r"^(?P<label>[A-Za-z][\w /-]{1,40}):\s*(?P<value>.+)$")


class _Reader:
    def __init__(self, catalog: Catalog, paged_pdf: bool) -> None:
        self.catalog = catalog
        self.patterns = list_patterns()
        self.entries: list[SubprocessorRef] = []
        self.context: tuple[tuple[str, ...], tuple[str, ...], str] | None = None
        self.context_level = 0
        self.roles: list[Role] | None = None
        self.started = False
        self.paged_pdf = paged_pdf

    def entry(self, name: str, purpose: str | None, where: str | None, block_page: int | None,
              line: int | None, evidence: str, marked: bool = True) -> None:
        """Record one row or item; ``marked`` when the markup or a column says it is a name."""
        if where:
            codes, areas = parse_locations(where, self.catalog)
        elif self.context is not None:
            codes, areas, where = self.context
        else:
            codes, areas = (), ()
        for one in split_names(name, self.catalog):
            if not marked and not _plausible_name(one):
                continue
            where_flat = " ".join(where.split()) if where else None
            self.entries.append(SubprocessorRef(
                name=one, evidence=Evidence(block_page or 1, evidence[:300], "layout"
                                            if block_page and self.paged_pdf else "text"),
                purpose=purpose or None, locations=codes, areas=areas,
                location_text=where_flat, line=line))

    def heading(self, block: Block) -> None:
        text = block.text.strip()
        if self.patterns.cues.search(text):
            self.started = True
        last = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()][-1:] or [text]
        found = self.patterns.location_heading.match(last[0])
        place = found.group("place") if found is not None else text
        codes, areas = (parse_locations(place, self.catalog, running_text=False)
                        if len(place) < 60 else ((), ()))
        if codes or areas:
            self.context = (codes, areas, place)
            self.context_level = block.level
        elif block.kind == "heading" and (not block.level or block.level <= self.context_level):
            self.context = None

    def table(self, block: Block) -> None:
        rows = list(block.rows)
        if not rows:
            return
        header_at = block.header_rows - 1 if block.header_rows else (
            0 if is_header(rows[0].cells) else -1)
        if header_at >= 0 and is_header(rows[header_at].cells):
            self.roles = column_roles(rows[header_at].cells)
            body = rows[header_at + 1:]
        elif self.roles is not None and len(self.roles) == len(rows[0].cells):
            body = rows  # a table continued from the previous page without its header
        else:
            return  # a table that is not the list (no name column)
        self.started = True
        roles = self.roles
        header = [" ".join(c.split()).casefold() for c in rows[header_at].cells] \
            if header_at >= 0 else []
        for row in body:
            if [" ".join(c.split()).casefold() for c in row.cells] == header:
                continue  # the header repeated on a new page
            cells = {role: row.cells[i] for i, role in enumerate(roles)
                     if i < len(row.cells) and role in ("name", "purpose", "location")}
            name = cells.get("name", "").strip()
            if not name:
                continue
            purpose = " ".join(cells.get("purpose", "").split()) or None
            evidence = " | ".join(" ".join(c.split()) for c in row.cells if c.strip())
            self.entry(name, purpose, cells.get("location"), row.page, row.line, evidence)

    def item(self, block: Block) -> None:
        if not self.started:
            return
        details = block.text.split("\n")
        where: str | None = None
        if block.term is not None and block.text.startswith(block.term):
            name = block.term
            rest_lines = [block.text[len(block.term):].strip(" .:-–—|\n")]
            if len(details) > 1:
                rest_lines = details[1:]
        else:
            name, rest = split_item(" ".join(details), self.catalog)
            rest_lines = [rest]
        purpose_parts: list[str] = []
        for detail in rest_lines:
            field = _FIELD.match(detail.strip())
            if field is not None:
                role = column_role(field.group("label"))
                if role == "location":
                    where = field.group("value")
                    continue
                if role == "purpose":
                    purpose_parts.append(field.group("value"))
                    continue
            purpose_parts.append(detail.strip())
        purpose = " ".join(" ".join(purpose_parts).split()).strip(" .") or None
        if purpose and purpose.lower().startswith("for "):
            purpose = purpose[4:]
        if purpose and where is None:
            trailing = _trailing_brackets(purpose)
            if trailing is not None and parse_locations(trailing[1], self.catalog) != ((), ()):
                where = trailing[1]
                purpose = purpose[: trailing[0]].strip(" .") or None
        self.entry(name, purpose, where, block.page, block.line, " ".join(block.text.split()),
                   marked=block.term is not None)


_NAME_SHAPE = re.compile(r"^[\w\"'(\[&@]")


def _plausible_name(name: str) -> bool:
    """A third party's name, not a sentence: short, starting like a name."""
    words = name.split()
    return 0 < len(words) <= 10 and len(name) <= 100 and _NAME_SHAPE.match(name) is not None \
        and (name[0].isupper() or name[0].isdigit() or not name[0].isalpha())


def find_updated(blocks: Sequence[Block]) -> DateValue | None:
    """The list's own date: the first "Last updated"-style label followed by a date."""
    pattern = list_patterns().updated
    for block in blocks:
        if block.kind not in ("paragraph", "heading", "item"):
            continue
        for line in block.text.split("\n"):
            for label in pattern.finditer(line):
                dates = find_dates(line[label.end(): label.end() + 60])
                if dates and dates[0].start <= 2 and dates[0].value is not None:
                    evidence = " ".join(line.split())
                    if block.page is None and block.line is not None:
                        evidence = f"line {block.line}: {evidence}"
                    return DateValue(dates[0].value, Evidence(block.page or 1, evidence),
                                     ambiguous=dates[0].ambiguous,
                                     order_reason=dates[0].resolved_by)
    return None


def read_entries(source: ListSource, catalog: Catalog) -> ListReading:
    """Every entry of the list, in order, and its date; DocumentError when it names none."""
    reader = _Reader(catalog, source.format == "pdf")
    if source.format in ("csv",):
        reader.started = True
    for block in source.blocks:
        if block.kind in ("heading", "paragraph"):
            reader.heading(block)
        elif block.kind == "table":
            reader.table(block)
        elif block.kind == "item":
            reader.item(block)
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
