"""What the human-readable reports show, computed once for every format (HTML, Markdown).

The templates only lay this out: every count, status and date is decided here, from the
Report alone (plus the contract term when known), so HTML and Markdown can never disagree.
Values stay raw strings: each format escapes them its own way.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from scopegap import __version__
from scopegap.domain import (
    DocumentScope,
    Evidence,
    Finding,
    Report,
    Stack,
    SubprocessorRef,
    Waiver,
)
from scopegap.report.questions import Question, collect_questions, question_for
from scopegap.report.quote import deciding_clause, find_needle
from scopegap.report.timeline import Timeline, build_timeline
from scopegap.settings import SEVERITY_RANK

if TYPE_CHECKING:  # values handed in by the caller: the report never loads them itself
    from scopegap.match.catalog import Catalog
    from scopegap.report.crops import Crop, CropBook

SEVERITIES = tuple(sorted(SEVERITY_RANK, key=lambda s: -SEVERITY_RANK[s]))
KIND_LABELS = {
    "iso27001_certificate": "ISO/IEC 27001 certificate",
    "iso_certificate": "ISO certificate (not 27001)",
    "soc2_type1": "SOC 2 Type 1 report",
    "soc2_type2": "SOC 2 Type 2 report",
    "soc3": "SOC 3 report",
    "bridge_letter": "Bridge letter",
    "subprocessor_list": "Subprocessor list (the vendor's own; gives no coverage)",
    "unknown": "Unknown document",
}
# Matrix cells for documents that did not decide the row (see ``matrix_cell``).
NOT_COVERED = "not covered"
NOT_NEEDED = ""
NO_COVERAGE = "n/a"
SNIPPET_CONTEXT = 70  # characters kept either side of the matched words in the matrix


@dataclass(frozen=True)
class FindingView:
    number: int
    finding: Finding
    file_name: str | None
    question: str
    quote: str | None = None  # the deciding clause of the evidence
    crop: Crop | None = None  # the page around it, highlighted (HTML, documents at hand)

    @property
    def sentence(self) -> str | None:
        """The full evidence, when it says more than the quote."""
        return longer_than(self.finding.evidence, self.quote)


def longer_than(evidence: str | None, quote: str | None) -> str | None:
    if not evidence or " ".join(evidence.split()).rstrip(".;:, ") == (quote or "").rstrip(
            ".;:, "):
        return None
    return evidence


@dataclass(frozen=True)
class Field:
    label: str
    value: str
    page: int | None = None


@dataclass(frozen=True)
class Listed:
    """A named thing a document lists (system, site, region, exclusion ...) with its page."""

    text: str
    page: int | None
    note: str = ""


@dataclass(frozen=True)
class DocumentView:
    document: DocumentScope
    kind_label: str
    gives_coverage: bool
    fields: tuple[Field, ...]
    scope_text: str | None
    scope_page: int | None
    lists: tuple[tuple[str, tuple[Listed, ...]], ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class MatrixRow:
    item: str
    type: str
    status: str
    cells: tuple[str, ...]
    page: int | None
    evidence: str | None
    snippet: str | None
    rule: str
    quote: str | None = None
    crop: Crop | None = None
    document: str | None = None
    waiver: Waiver | None = None  # the waiver accepting this item's finding, if active

    @property
    def sentence(self) -> str | None:
        """The full evidence, when it says more than the quote."""
        return longer_than(self.evidence, self.quote)


@dataclass(frozen=True)
class View:
    title: str
    vendor: str | None
    as_of: str
    version: str
    contract: str | None
    counts: tuple[tuple[str, int], ...]
    total_findings: int
    verdict: str
    worst: FindingView | None
    covered: int
    declared: int
    documents: tuple[DocumentView, ...]
    matrix: tuple[MatrixRow, ...]
    findings: tuple[FindingView, ...]
    questions: tuple[Question, ...]
    timeline: Timeline
    open_findings: int = 0
    waived: int = 0
    crops_skipped: int = 0


def file_name(path: str | None) -> str | None:
    return path.replace("\\", "/").rsplit("/", 1)[-1] if path else None


def _iso(value: date | None) -> str:
    return value.isoformat() if value else "—"


def _contract_text(stack: Stack | None) -> str | None:
    if stack is None or (stack.contract_start is None and stack.contract_end is None):
        return None
    reference = f"{stack.contract_reference}, " if stack.contract_reference else ""
    return f"{reference}{_iso(stack.contract_start)} → {_iso(stack.contract_end)}"


def _entry_note(entry: SubprocessorRef) -> str:
    """A list entry's purpose and locations (codes, then groups), and its line if any."""
    where = ", ".join((*entry.locations, *entry.areas)) or "no location given"
    parts = [entry.purpose or "no purpose given", where]
    if entry.line is not None:
        parts.append(f"line {entry.line}")
    return "; ".join(parts)


def _document_view(document: DocumentScope) -> DocumentView:
    def text(label: str, value: object, page: int | None = None) -> Field | None:
        return Field(label, str(value), page) if value not in (None, "", ()) else None

    d = document
    dated = d.window_end or d.window_start
    window = None
    if d.window_start or d.window_end:
        window = (f"{d.window_start.value.isoformat() if d.window_start else '?'} → "
                  f"{d.window_end.value.isoformat() if d.window_end else '?'}")
    fields = [
        text("Standards", ", ".join(s.label for s in d.standards),
             d.standards[0].evidence.page if d.standards else None),
        text("Holder", d.holder.value if d.holder else None,
             d.holder.evidence.page if d.holder else None),
        text("Issuer", d.issuer.value if d.issuer else None,
             d.issuer.evidence.page if d.issuer else None),
        text("Certificate number", d.certificate_number.value if d.certificate_number else None,
             d.certificate_number.evidence.page if d.certificate_number else None),
        text("Window", window, dated.evidence.page if dated else None),
        text("Original date", d.original_date.value.isoformat() if d.original_date else None,
             d.original_date.evidence.page if d.original_date else None),
        text("Opinion", d.opinion.value if d.opinion else None,
             d.opinion.evidence.page if d.opinion else None),
        text("Trust services categories", ", ".join(d.trust_services_categories)),
        text("Exceptions noted", d.exceptions),
        text("Last updated", d.updated.value.isoformat() if d.updated else None,
             d.updated.evidence.page if d.updated else None),
        text("Pages", d.page_count),
    ]
    lists = (
        ("Systems", tuple(Listed(s.name, s.evidence.page) for s in d.systems)),
        ("Sites", tuple(Listed(s.name, s.evidence.page) for s in d.sites)),
        ("Regions", tuple(Listed(r.name, r.evidence.page) for r in d.regions)),
        ("Exclusions", tuple(Listed(e.text, e.evidence.page) for e in d.exclusions)),
        ("Subservice organisations", tuple(Listed(o.name, o.evidence.page, o.method)
                                           for o in d.subservice_organizations)),
        ("Complementary user entity controls", tuple(Listed(c.value, c.evidence.page)
                                                     for c in d.cuecs)),
        ("Subprocessors", tuple(Listed(e.name, e.evidence.page, _entry_note(e))
                                for e in d.subprocessors)),
    )
    return DocumentView(
        document=d,
        kind_label=KIND_LABELS.get(d.kind, d.kind),
        gives_coverage=d.gives_coverage,
        fields=tuple(f for f in fields if f is not None),
        scope_text=d.scope_text.value if d.scope_text else None,
        scope_page=d.scope_text.evidence.page if d.scope_text else None,
        lists=tuple((label, items) for label, items in lists if items),
        warnings=d.warnings,
    )


def matrix_cell(status: str, decided_by: str | None, document: DocumentScope) -> str:
    """One cell of the items × documents matrix.

    Coverage is decided across all documents (SPEC.md) and records the one document that
    decided it; the cell says only what that decision supports: the deciding document shows
    the status, a document that gives no coverage shows n/a, and when the item ended up not
    covered, every other covering document did not cover it either. When it is covered,
    other documents were not needed and the cell stays empty rather than guess.
    """
    if not document.gives_coverage:
        return NO_COVERAGE
    if document.path == decided_by:
        return status
    return NOT_NEEDED if status == "covered" else NOT_COVERED


def snippet(evidence: str | None, needles: list[str]) -> str | None:
    """The evidence cut around the first needle it contains (an exact substring between
    ellipses, so a reader can still find it in the PDF); whole when no needle is in it. The
    full text is always in the documents section, the JSON and the CSV."""
    if not evidence:
        return None
    lowered = evidence.lower()
    needles = needles + [n.split(",")[0] for n in needles if "," in n]  # "Pune, India" → Pune
    for needle in needles:
        at = lowered.find(needle.lower()) if needle else -1
        if at >= 0:
            start = max(0, at - SNIPPET_CONTEXT)
            end = min(len(evidence), at + len(needle) + SNIPPET_CONTEXT)
            start = evidence.rfind(" ", 0, start) + 1 if start else 0
            stop = evidence.find(" ", end)
            end = len(evidence) if stop < 0 or end == len(evidence) else stop
            return ("…" if start else "") + evidence[start:end] + \
                ("…" if end < len(evidence) else "")
    return evidence  # no anchor to centre on: cutting could drop the deciding words


def _verdict(report: Report, counts: Counter[str]) -> str:
    waived = len(report.findings) - len(report.open_findings)
    accepted = f" ({waived} waived finding(s) accepted)" if waived else ""
    if not report.open_findings and not report.coverage:
        return "No findings about these documents (no contract stack given: coverage of " \
            f"tools, sites and regions was not checked){accepted}."
    if not report.open_findings:
        return f"No open findings: every declared item is covered and every window is " \
            f"current{accepted}." if not waived else \
            f"No open findings: every gap left is waived{accepted}."
    worst = report.open_findings[0].severity
    return f"{counts[worst]} {worst}-severity finding(s) to resolve before relying on " \
        f"these documents{accepted}."


def coverage_needles(matched: str | None, item: str, rule: str,
                     catalog: Catalog | None = None) -> list[str]:
    """The words a coverage row was decided on: the document's name for the item, the
    item, the phrases its rule quotes, then (given the catalog) its other spellings (a
    region printed "Azure UK South" for ``azure:uksouth``)."""
    spellings = catalog_spellings(matched or item, catalog) if catalog else []
    return [matched or "", item, *re.findall(r"'([^']+)'", rule), *spellings]


def finding_needles(finding: Finding, report: Report,
                    catalog: Catalog | None = None) -> list[str]:
    """The words a finding's evidence is cut around: those of its item's coverage row
    (the exclusion phrase that took it out), else its subject."""
    row = next((c for c in report.coverage if c.item.name == finding.subject), None)
    if row is None:
        return [finding.subject]
    return coverage_needles(row.matched, row.item.name, row.rule, catalog)


def catalog_spellings(name: str, catalog: Catalog) -> list[str]:
    """Every spelling the catalog knows for a tool or cloud region called ``name``."""
    tool = catalog.declared_tool(name)
    if tool is not None:
        return list(tool.names)
    region = catalog.parse_region(name)
    if region is None:
        return []
    label = catalog.provider_label(region.provider)
    return [f"{label} {shown}" for shown in region.display_names] + \
        [*region.display_names, region.code]


def evidence_span(document: DocumentScope | None, page: int | None,
                  names: list[str]) -> tuple[int, int] | None:
    """The character span on ``page`` of the document's own value for one of ``names``
    (a system, site, region, exclusion or subservice organisation), when extraction kept it."""
    if document is None or page is None:
        return None
    wanted = {name for name in names if name}
    named: list[tuple[str, Evidence]] = [
        *((r.name, r.evidence) for r in document.systems),
        *((r.name, r.evidence) for r in document.sites),
        *((r.name, r.evidence) for r in document.regions),
        *((r.name, r.evidence) for r in document.subservice_organizations)]
    evidences = [evidence for name, evidence in named if name in wanted]
    evidences += [e.evidence for e in document.exclusions
                  if e.text in wanted or wanted & set(e.targets)]
    return next(((e.start, e.end) for e in evidences if e.page == page
                 and e.start is not None and e.end is not None), None)


def build_view(report: Report, stack: Stack | None = None, pages: CropBook | None = None,
               catalog: Catalog | None = None) -> View:
    """The whole reading of a report, for the templates. With ``pages`` (the documents are
    at hand) each row and finding carries a highlighted crop of its page; with the
    ``catalog``, quotes are also cut around the other spellings of an item."""
    counts: Counter[str] = Counter(f.severity for f in report.open_findings)
    documents = {d.path: d for d in report.documents}
    waived = {f.subject: f.waiver for f in report.findings if f.waiver is not None}
    matrix = []
    decided: dict[str, tuple[list[str], tuple[int, int] | None]] = {}
    for row in report.coverage:
        needles = coverage_needles(row.matched, row.item.name, row.rule, catalog)
        span = evidence_span(documents.get(row.document or ""), row.page, needles)
        decided[row.item.name] = (needles, span)
        quote = deciding_clause(row.evidence, needles)
        # No name of the item in the evidence (a region printed in other words): the
        # evidence's own span on the page decides what is highlighted.
        named = bool(row.evidence) and find_needle(row.evidence or "", needles) is not None
        crop = pages.crop(row.document, row.page, row.evidence, quote if named or span is None
                          else None, span) if pages else None
        matrix.append(MatrixRow(
            item=row.item.name,
            type=row.item.type,
            status=row.status,
            cells=tuple(matrix_cell(row.status, row.document, d) for d in report.documents),
            page=row.page,
            evidence=row.evidence,
            snippet=snippet(row.evidence, needles),
            rule=row.rule,
            quote=crop.quote if crop else quote,
            crop=crop,
            document=row.document,
            waiver=waived.get(row.item.name),
        ))
    findings = []
    for n, f in enumerate(report.findings, start=1):
        needles, span = decided.get(f.subject, ([f.subject], None))
        quote = deciding_clause(f.evidence, needles)
        crop = pages.crop(f.document, f.page, f.evidence, quote, span) if pages else None
        findings.append(FindingView(n, f, file_name(f.document), question_for(f, report),
                                    crop.quote if crop else quote, crop))
    title = f"scopegap report: {report.vendor}" if report.vendor else "scopegap report"
    return View(
        title=title,
        vendor=report.vendor,
        as_of=report.as_of.isoformat(),
        version=__version__,
        contract=_contract_text(stack),
        counts=tuple((s, counts[s]) for s in SEVERITIES),
        total_findings=len(report.findings),
        verdict=_verdict(report, counts),
        worst=next((f for f in findings if f.finding.is_open), None),
        covered=sum(1 for c in report.coverage if c.status == "covered"),
        declared=len(report.coverage),
        documents=tuple(_document_view(d) for d in report.documents),
        matrix=tuple(matrix),
        findings=tuple(findings),
        questions=collect_questions(report),
        timeline=build_timeline(report, stack),
        open_findings=len(report.open_findings),
        waived=len(report.findings) - len(report.open_findings),
        crops_skipped=pages.skipped if pages else 0,
    )


