"""Reading a list's blocks in order: tables by their header row, items, and the headings and
lead-ins that give the location of the entries under them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from scopegap.domain import Evidence, SubprocessorRef
from scopegap.extract.subprocessors_names import (
    has_legal_form,
    plausible_name,
    split_item,
    split_names,
    strip_marks,
    trailing_brackets,
)
from scopegap.extract.subprocessors_patterns import (
    Role,
    column_role,
    column_roles,
    is_header,
    is_log_header,
    list_patterns,
    plain_words,
    section_kind,
)
from scopegap.extract.subprocessors_places import parse_locations
from scopegap.ingest.lists import Block

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it


_FIELD = re.compile(r"^(?P<label>[^\W\d_][\w /-]{1,40}?)\s?:\s*(?P<value>.+)$")
_SENTENCES = re.compile(r"(?<=\.)\s+(?=[^\W\d_]+\s?:)")


class ListReader:
    def __init__(self, catalog: Catalog, paged_pdf: bool) -> None:
        self.catalog = catalog
        self.patterns = list_patterns()
        self.entries: list[SubprocessorRef] = []
        self.context: tuple[tuple[str, ...], tuple[str, ...], str] | None = None
        self.context_level = 0
        self.roles: list[Role] | None = None
        self.started = False
        self.paged_pdf = paged_pdf
        self.section = "current"  # former | proposed entries are not current subprocessors
        self.set_aside: list[SubprocessorRef] = []
        self.open_item: str | None = None  # a printed item whose "(" closes on the next line
        self.name_line: str | None = None  # a name a superscript cut from the rest of its line
        self.split_tail: str | None = None  # that rest, when it printed above the name

    def entry(self, name: str, purpose: str | None, where: str | None, block_page: int | None,
              line: int | None, evidence: str, marked: bool = True) -> None:
        """Record one row or item; ``marked`` when the markup or a column says it is a name."""
        if where:
            codes, areas = parse_locations(where, self.catalog)
        elif self.context is not None:
            codes, areas, where = self.context
        else:
            codes, areas = (), ()
        kept = self.entries if self.section == "current" else self.set_aside
        for one in split_names(strip_marks(name), self.catalog):
            if not marked and not plausible_name(one):
                continue
            where_flat = " ".join(strip_marks(where).split()) if where else None
            kept.append(SubprocessorRef(
                name=one, evidence=Evidence(block_page or 1, evidence[:300], "layout"
                                            if block_page and self.paged_pdf else "text"),
                purpose=purpose or None, locations=codes, areas=areas,
                location_text=where_flat, line=line))

    def heading(self, block: Block) -> None:
        if self.paged_pdf and "\n" in block.text.strip():
            parts = self._wrapped_parts(block.text.strip())
            if len(parts) > 1:  # lines joined at the right edge that start items of their own
                for part in parts:
                    self.heading(Block(block.kind, part, block.line, block.page, block.level))
                return
        text = block.text.strip()
        if self.open_item is not None and block.kind == "paragraph":
            glue = "" if re.search(r"\w-$", self.open_item) else " "  # "États-" + "Unis"
            block = Block("paragraph", f"{self.open_item}{glue}{text}", block.line, block.page)
            text, self.open_item = block.text, None
        if self.paged_pdf and block.kind == "paragraph" and self.started:
            if not strip_marks(text):
                return  # a footnote marker set on a line of its own
            flat = " ".join(strip_marks(text).split())
            name_only = plausible_name(flat) and has_legal_form(flat, self.catalog) \
                and self.patterns.item_separators.search(flat) is None
            tail = flat if flat[:1] in ",–-:" else None  # "¹, Germany – purpose"
            glue = "" if (tail or self.split_tail or ",").startswith(",") else " "
            joined = (f"{self.name_line}{glue}{tail}" if self.name_line and tail else
                      f"{flat}{glue}{self.split_tail}" if self.split_tail and name_only
                      else None)
            self.name_line, self.split_tail = None, None
            if joined is not None:  # a superscript lifted "Acme Inc." off the rest of its line
                block = Block("paragraph", joined, block.line, block.page)
                text = joined
            elif tail is not None:
                self.split_tail = tail
                return
            elif name_only:
                self.name_line = flat
            if self._paragraph_item(block):
                return
        if self.paged_pdf and (re.match(r"[^\w(\"']|[a-z]", text)
                               or text.count(")") > text.count("(")):
            return  # the tail of a wrapped line ("Canada)"), not a heading or a lead-in
        kind = section_kind(text)
        if kind is not None:
            self.section = kind
        elif block.kind == "heading":
            self.section = "current"  # a new section of the markup the words do not set apart
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
        elif block.header_rows or is_log_header(rows[0].cells):
            self.roles = None  # a table with a header of its own that is not the list's
            return
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
            filled = [c for c in row.cells if c.strip()]
            kind = section_kind(filled[0]) if len(filled) == 1 else None
            if kind is not None:  # a section title caught in the table's frame
                self.section = kind
                continue
            if len(filled) == 1 and self.patterns.cues.search(filled[0]):
                continue  # "Other subprocessors": a title, not a third party
            cells = {role: row.cells[i] for i, role in enumerate(roles)
                     if i < len(row.cells) and role in ("name", "purpose", "location")}
            name = cells.get("name", "").strip()
            if not name:
                continue
            purpose = " ".join(cells.get("purpose", "").split()) or None
            evidence = " | ".join(" ".join(c.split()) for c in row.cells if c.strip())
            self.entry(name, purpose, cells.get("location"), row.page, row.line, evidence)

    def item(self, block: Block, where: str | None = None) -> None:
        """A list item; ``where``: the place a caller already cut from the item's name."""
        if not self.started:
            return
        if self.paged_pdf and self.name_line is not None and block.term is None and \
                not has_legal_form(split_item(block.text, self.catalog)[0], self.catalog):
            # "Acme Inc.²" lifted off "– purpose", which then reads as a dash-bulleted item
            block = Block("item", f"{self.name_line} – {block.text}", block.line, block.page)
        self.name_line = None
        details = block.text.split("\n")
        if block.term is not None and block.text.startswith(block.term):
            name = block.term
            rest_lines = [block.text[len(block.term):].strip(" .:-–—|\n")]
            if len(details) > 1:
                rest_lines = details[1:]
        else:
            name, rest = split_item(strip_marks(" ".join(details)), self.catalog)
            name, peeled = self._peel_places(name)
            where = where or peeled
            rest_lines = [rest]
        rest_lines = [part for detail in rest_lines for part in _SENTENCES.split(detail)]
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
            trailing = trailing_brackets(purpose)
            if trailing is not None and parse_locations(trailing[1], self.catalog) != ((), ()):
                where = trailing[1]
                purpose = purpose[: trailing[0]].strip(" .") or None
        self.entry(name, purpose, where, block.page, block.line, " ".join(block.text.split()),
                   marked=block.term is not None)

    def _wrapped_parts(self, text: str) -> list[str]:
        """A printed paragraph's lines (joined where a line ran to the right edge) parted
        again before each line that opens an item of its own ("Akenes SA – Hosting" after a
        line that merely ended near the edge)."""
        parts: list[str] = []
        for line in text.split("\n"):
            flat = strip_marks(" ".join(line.split()))
            separator = self.patterns.item_separators.search(flat + " x")  # "Acme SE –"
            starts = separator is not None and flat[:1].isupper() and \
                plausible_name(flat[: separator.start()].strip())
            if parts and not starts:
                parts[-1] += "\n" + line
            else:
                parts.append(line)
        return parts

    def _paragraph_item(self, block: Block) -> bool:
        """A printed page's list item whose bullet is a drawing, not text: a line
        "Name Ltd – purpose (place)" or "Name GmbH: purpose. Location: place." whose name
        carries a legal form (which running text before a colon or dash does not)."""
        flat = strip_marks(" ".join(block.text.split()))
        separator = self.patterns.item_separators.search(flat)
        if separator is None or not flat[separator.end():].strip():
            # "Acme GmbH, Munich –" whose purpose wrapped to the next line
            dangling = self.patterns.item_separators.search(flat + " x")
            if dangling is None or dangling.end() != len(flat) + 1:
                return False
            head, _ = self._cut_after_form(flat[: dangling.start()].strip())
            if not plausible_name(head) or not has_legal_form(head, self.catalog):
                return False
            self.open_item = flat
            return True
        name, where = self._cut_after_form(flat[: separator.start()].strip())
        if where is None:
            name, peeled = self._peel_places(name)
            where = where or peeled
        if not plausible_name(name) or not has_legal_form(name, self.catalog):
            return False
        rest = flat[separator.end():].strip()
        if rest.count("(") > rest.count(")") or rest.endswith((":", "-", "/", ",", ";")):
            self.open_item = flat  # "… (Singapore /" + "Canada)", "Location :" + "Spain."
            return True
        self.item(Block("item", f"{name} – {rest}", block.line, block.page), where)
        return True

    def _cut_after_form(self, head: str) -> tuple[str, str | None]:
        """"SAP SE, Munich" as ("SAP SE", "Munich"): in an item's lead, the name ends at the
        first comma after its last legal form ("KIO Networks, S.A. de C.V., Querétaro",
        "Akenes SA (Exoscale), Global") when what follows names places; else the lead as it
        is."""
        words = head.split()
        last = max((i for i in range(1, len(words))
                    if has_legal_form(f"x {words[i].strip(',')}", self.catalog)), default=None)
        if last is None:
            return head, None
        offset = len(" ".join(words[: last + 1]))
        comma = head.find(",", offset - 1 if words[last].endswith(",") else offset)
        tail = head[comma + 1:].strip() if comma >= 0 else ""
        if not tail or not self._is_place(tail):
            return head, None  # "AWS Inc., OVH" names two parties: keep both
        return head[:comma].strip(), tail

    def _is_place(self, text: str) -> bool:
        return parse_locations(text, self.catalog, running_text=False) != ((), ()) or \
            plain_words(text) in self.patterns.no_location

    def _peel_places(self, name: str) -> tuple[str, str | None]:
        """"Acme GmbH, Munich, Germany" (an item's name run on into its location) as the name
        and the places its trailing comma parts name; a name alone as it is."""
        head = name
        places: list[str] = []
        while "," in head:
            rest, _, tail = head.rpartition(",")
            if not rest.strip() or not tail.strip() or not self._is_place(tail):
                break
            head, places = rest.rstrip(), [tail.strip(), *places]
        return (head, ", ".join(places)) if places else (name, None)
