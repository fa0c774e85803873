"""SOC 2 / SOC 3 report → the facts that decide coverage, each with its page.

Sections are found by heading (``sections.py``); the auditor's report gives the holder,
period, categories and opinion (``parties``, ``period``, ``opinion``); the system description
gives the components (``components``, tables read with pdfplumber only on their own pages,
``tables``), the subservice organisations with their method (``subservice``), and the CUECs;
the tests section gives the count of deviations (``controls``). Cue phrases live in
``models/patterns/soc.yaml`` (``patterns``).

Conservative by design (ARCHITECTURE.md): a carved-out subservice organisation's controls
are outside the opinion, so anything named only as, or inside, a carved-out organisation is
never reported as a component (DOMAIN.md §2.5), and a method the report does not state is
taken as carve-out.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

from scopegap.domain import (
    DocumentKind,
    DocumentScope,
    SystemRef,
)
from scopegap.extract.provenance import page_warnings
from scopegap.extract.soc.components import find_components
from scopegap.extract.soc.controls import count_exceptions, find_cuecs
from scopegap.extract.soc.exclusions import find_exclusions, table_exclusions
from scopegap.extract.soc.offerings import service_offerings
from scopegap.extract.soc.opinion import find_categories, find_opinion, find_scope_statement
from scopegap.extract.soc.parties import find_holder, find_issuer
from scopegap.extract.soc.patterns import COMPONENT_SECTIONS, soc_patterns
from scopegap.extract.soc.period import find_period
from scopegap.extract.soc.production import production_regions
from scopegap.extract.soc.scope_pages import unread_scope_pages
from scopegap.extract.soc.sections import Outline, outline
from scopegap.extract.soc.subservice import find_subservice
from scopegap.extract.soc.systems import offerings, scope_systems
from scopegap.extract.soc.tables import read_layout, section_rows
from scopegap.ingest.pdf import ReadPdf
from scopegap.ingest.text import PagedText

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it


def extract_soc(
    pdf: ReadPdf, base: DocumentScope, kind: DocumentKind, catalog: Catalog
) -> DocumentScope:
    """Fill a SOC 2 / SOC 3 report's fields; ``kind`` comes from classification."""
    with _collector_paused():
        return _extract_soc(pdf, base, kind, catalog)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while one report is read: a 200-page report
    makes tens of thousands of short-lived lines and spans (freed by reference counting)
    whose allocations set off full collections, 5% of its extraction time. Cycles made
    meanwhile are collected once it resumes."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _extract_soc(
    pdf: ReadPdf, base: DocumentScope, kind: DocumentKind, catalog: Catalog
) -> DocumentScope:
    patterns = soc_patterns()
    pages = tuple(p for p in pdf.pages if p.has_text)
    report = outline(pages, patterns.headings)
    content = [line for line in report.lines if not line.furniture]
    whole = PagedText.of(content)
    warnings: list[str] = []
    auditor = report.get("auditor_report")
    auditor_text = PagedText.of(report.body(auditor)) if auditor else whole
    holder = find_holder(auditor_text, whole, catalog) or find_holder(whole, whole, catalog)
    if holder is None:
        warnings.append("the service organisation is not named where expected "
                        "(auditor's report or management's assertion)")
    issuer = find_issuer(report, auditor_text, whole, catalog,
                         holder.value if holder else None)
    if issuer is None:
        warnings.append("the audit firm is not named in the text layer (a signature image?): "
                        "check who signed the auditor's report")
    start, end, period_warnings = find_period(auditor_text, whole, kind)
    warnings += period_warnings
    opinion = find_opinion(report, whole)
    if opinion is None:
        warnings.append("no auditor's opinion paragraph found: the opinion could not be "
                        "verified")
    categories = find_categories(auditor_text, whole, pages)
    if not categories:
        warnings.append("the Trust Services Categories are not stated")
    layout = read_layout(pdf, report)
    warnings += layout.warnings
    holder_name = holder.value if holder else None
    narrative = _without_tests(report, whole)  # scope sentences are never in the test tables
    named = scope_systems(narrative, catalog, holder_name)
    orgs, org_warnings = find_subservice(report, whole, layout, catalog, holder_name,
                                         [s.name for s in named])
    warnings += org_warnings
    carved = [o.name for o in orgs if o.method == "carve-out"]
    listed, regions, sites, component_warnings = find_components(
        pdf, report, layout, catalog, carved, [o.name for o in orgs])
    warnings += component_warnings
    systems = _merged(named, offerings(narrative, named, catalog, holder_name),
                      service_offerings(report, narrative, layout, named, catalog, holder_name),
                      listed, catalog=catalog)
    regions = regions + tuple(r for r in production_regions(report, catalog)
                              if r.name not in {known.name for known in regions})
    exclusions = find_exclusions(report, catalog, orgs) + table_exclusions(
        [row for key in COMPONENT_SECTIONS for row in section_rows(report, layout, key)])
    cuecs = find_cuecs(report)
    exceptions = count_exceptions(report) if kind == "soc2_type2" else None
    if kind == "soc2_type2" and exceptions is None:
        warnings.append("no tests-of-controls section found: deviations could not be counted")
    scope = find_scope_statement(auditor_text)
    warnings += page_warnings(pdf)
    return replace(
        base,
        kind=kind,
        holder=holder,
        issuer=issuer,
        window_start=start,
        window_end=end,
        scope_text=scope,
        systems=systems,
        sites=sites,
        regions=regions,
        exclusions=exclusions,
        subservice_organizations=orgs,
        opinion=opinion,
        trust_services_categories=categories,
        cuecs=cuecs,
        exceptions=exceptions,
        no_text_pages=unread_scope_pages(pdf, report),
        warnings=tuple(dict.fromkeys(warnings)),
    )


def _merged(*groups: Sequence[SystemRef], catalog: Catalog) -> tuple[SystemRef, ...]:
    """Systems named in the scope first, then their offerings, then the component lists;
    one entry per name."""
    out: dict[str, SystemRef] = {}
    for group in groups:
        for system in group:
            out.setdefault(system.catalog_id or catalog.normalise(system.name), system)
    return tuple(out.values())


def _without_tests(report: Outline, whole: PagedText) -> PagedText:
    """The report less its control matrix, or the whole when it has none: the tests of
    controls (a Type 2's, most of its pages) and the criteria with their related controls
    (a Type 1's matrix, 40% of a real one): a control matrix names no system and lists no
    offering."""
    matrix = sorted((s.start, s.end) for s in (report.get("tests"), report.get("controls"))
                    if s is not None)
    if not matrix:
        return whole
    kept, at = [], 0
    for start, end in matrix:  # the lines between the matrix sections, without furniture
        kept += [line for line in report.lines[at:start] if not line.furniture]
        at = max(at, end)
    kept += [line for line in report.lines[at:] if not line.furniture]
    return PagedText.of(kept)
