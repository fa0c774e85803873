"""A named system's offerings where a description names them outside a bulleted list.

``systems.offerings`` reads "The API Suite includes:" lists. Reports also name what a system
is made of in running prose ("The Acme Suite also provides A, B and C as part of the
service"), in apposition inside the services section ("customers build data services using
Stacks, pre-built configurations, and ..."), and as the rows of a table that the services
section introduces under the system (a module list, ticks per quarter). Cue phrases live in
models/patterns/soc.yaml (``offering_prose``, ``offering_apposition``,
``offering_appositive``).

Conservative like ``systems``: an offering counts only under a system the scope names (the
services section must name it), a catalogued product of another vendor is never taken as
one, and it is reported under the holder's brand only when that system carries it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from scopegap.domain import Evidence, SystemRef
from scopegap.extract.soc.patterns import soc_patterns
from scopegap.extract.soc.sections import Outline
from scopegap.extract.soc.systems import (
    add_system,
    brand_of,
    clean_item,
    has_brand,
    name_shaped,
    named_as,
)
from scopegap.extract.soc.tables import is_header_cell, section_rows, unmarked
from scopegap.ingest.layout import LayoutResult
from scopegap.ingest.text import EVIDENCE_LIMIT, PagedText, squash

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it

_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
# A footnote mark printed against a name ("Payments Orchestrator¹", "Vault*").
_FOOTNOTE = re.compile(r"(?<=[a-z])(?:\d|[*†‡¹²³])+$")


def service_offerings(report: Outline, whole: PagedText, layout: LayoutResult,
                      named: Sequence[SystemRef], catalog: Catalog,
                      holder: str | None) -> list[SystemRef]:
    """Offerings of the named systems in prose, in apposition and in services tables."""
    found: dict[str, SystemRef] = {}
    if not named:
        return []
    _in_prose(whole, named, catalog, holder, found)
    for section in (s for s in report.sections if s.key == "services"):
        text = PagedText.of(report.body(section))
        parent = _parent_in(text.text, named, catalog)
        if parent is not None:
            _in_apposition(text, parent, catalog, holder, found)
    services = report.get("services")
    if services is not None:
        parent = _parent_in(report.text(services), named, catalog)
        if parent is not None:
            _in_rows(report, section_rows(report, layout, "services"), parent, catalog, holder,
                     found)
    return list(found.values())


def _in_prose(whole: PagedText, named: Sequence[SystemRef], catalog: Catalog,
              holder: str | None, found: dict[str, SystemRef]) -> None:
    """"The Acme Suite also provides A, B and C as part of the service"."""
    for match in soc_patterns().offering_prose.finditer(whole.text):
        words = squash(match.group("system")).split()
        parent = next((system for i in range(len(words))
                       if (system := named_as(" ".join(words[i:]), named, catalog))), None)
        if parent is None:
            continue
        evidence = whole.evidence(match.start(), match.end())
        for part in _SPLIT.split(squash(match.group("items"))):
            _offer(clean_item(part), parent, evidence, catalog, holder, found)


def _in_apposition(text: PagedText, parent: SystemRef, catalog: Catalog,
                   holder: str | None, found: dict[str, SystemRef]) -> None:
    """"... using Stacks, pre-built Postgres configurations, and B, a ..., ..."."""
    patterns = soc_patterns()
    for cue in patterns.offering_apposition.finditer(text.text):
        at = cue.end()
        while (item := patterns.offering_appositive.match(text.text, at)) is not None:
            if patterns.offering_apposition.search(item.group("what") + " X"):
                break  # "With Acme, teams build services using ...": a clause, no apposition
            evidence = text.evidence(item.start("name"), item.end("what"))
            _offer(item.group("name"), parent, evidence, catalog, holder, found)
            at = item.end()


def _in_rows(report: Outline, rows: Sequence[tuple[int, list[str]]], parent: SystemRef,
             catalog: Catalog, holder: str | None, found: dict[str, SystemRef]) -> None:
    """Each row of a table in a services section that names the system: its first cell.
    A row marked out of scope or carved out is left out, and a row whose other cells are
    all empty never reaches here (``section_rows`` drops it)."""
    patterns = soc_patterns()
    for page, cells in rows:
        row = " | ".join(cells)
        if patterns.method["carve-out"].search(row) or is_header_cell(cells[0]) or (
                len(cells) >= 2 and patterns.out_of_scope_cell.fullmatch(cells[-1].strip())):
            continue
        name = _FOOTNOTE.sub("", squash(unmarked(cells[0], report)))
        evidence = Evidence(page, squash(row)[:EVIDENCE_LIMIT], "layout")
        _offer(name, parent, evidence, catalog, holder, found)


def _offer(name: str, parent: SystemRef, evidence: Evidence, catalog: Catalog,
           holder: str | None, found: dict[str, SystemRef]) -> None:
    name = clean_item(name)
    if not name_shaped(name, soc_patterns(), generic_ok=True):
        return
    if catalog.tool_by_alias(name) is not None or catalog.body(name) is not None:
        return  # another vendor's product or a firm: not an offering of this system
    brand = brand_of(parent.name, holder)
    if holder and (catalog.same_entity(name, holder) or
                   name.casefold() in {holder.split()[0].strip(",.").casefold(),
                                       (brand or "").casefold()}):
        return  # the company or its brand ("With Acme, ..."), not an offering
    if brand and not has_brand(name, brand):
        name = f"{brand} {name}"
    add_system(name, evidence, catalog, found)


def _parent_in(text: str, named: Sequence[SystemRef], catalog: Catalog) -> SystemRef | None:
    """The named system a section names (its full name, or without the brand word)."""
    folded = catalog.normalise(text)
    for system in named:
        key = catalog.normalise(system.name)
        if key and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", folded):
            return system
    return None
