"""The terminal format: a summary line, the documents, the coverage table, the findings.

Every line that states a fact names the document and page it came from, so a reviewer can
check it against the PDF. Lines go through ``report.escape.text``.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from scopegap.domain import LIST_KIND, DocumentScope, Report
from scopegap.report.escape.text import text_lines
from scopegap.report.quote import deciding_clause
from scopegap.report.view import coverage_needles, finding_needles
from scopegap.settings import SEVERITY_RANK

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog


def _page(document: str | None, page: int | None) -> str:
    if not document:
        return ""
    name = document.replace("\\", "/").rsplit("/", 1)[-1]
    return f"{name} p.{page}" if page else name


def summary_line(report: Report) -> str:
    counts: Counter[str] = Counter(f.severity for f in report.open_findings)
    waived = len(report.findings) - len(report.open_findings)
    parts = [f"{counts[s]} {s}" for s in sorted(SEVERITY_RANK, key=lambda s: -SEVERITY_RANK[s])]
    covered = sum(1 for c in report.coverage if c.status == "covered")
    head = f"scopegap: {len(report.documents)} document(s)"
    if report.vendor:
        head += f" for {report.vendor}"
    tail = f"; {covered}/{len(report.coverage)} declared items covered" if report.coverage else ""
    accepted = f", {waived} waived" if waived else ""
    return f"{head}, as of {report.as_of.isoformat()}: {len(report.open_findings)} " \
        f"finding(s) ({', '.join(parts)}){accepted}{tail}"


def _document_lines(document: DocumentScope, verbose: bool) -> list[str]:
    def value(v: object) -> str:
        return "—" if v in (None, "", [], ()) else str(v)

    lines = [f"  {document.file_name}  [{document.kind}]"]
    fields = [
        ("standards", ", ".join(s.label for s in document.standards)),
        ("holder", document.holder.value if document.holder else None),
        ("issuer", document.issuer.value if document.issuer else None),
        ("certificate", document.certificate_number.value if document.certificate_number
         else None),
        ("window", f"{_d(document.window_start)} → {_d(document.window_end)}"
         if document.window_start or document.window_end else None),
        ("original", _d(document.original_date) if document.original_date else None),
    ]
    if document.kind in _SOC_FIELDS_KINDS:
        fields = [(_window_label(label, document.kind), text) for label, text in fields
                  if label not in ("standards", "certificate", "original")]
        fields += [
            ("opinion", f"{document.opinion.value} (p.{document.opinion.evidence.page})"
             if document.opinion else None),
            ("categories", ", ".join(document.trust_services_categories)),
            ("exceptions", None if document.exceptions is None else str(document.exceptions)),
            ("cuecs", f"{len(document.cuecs)} (obligations on the buyer, from "
             f"p.{document.cuecs[0].evidence.page})" if document.cuecs else None),
        ]
    if document.kind == LIST_KIND:  # a list has a date and entries, no certificate fields
        fields = [("updated", f"{_d(document.updated)} (\"{document.updated.evidence.text}\")"
                   if document.updated else None),
                  ("entries", str(len(document.subprocessors)))]
    for label, text in fields:
        lines.append(f"    {label:<12} {value(text)}")
    for entry in document.subprocessors:
        where = ", ".join((*entry.locations, *entry.areas)) or "no location given"
        at = f"line {entry.line}" if entry.line is not None else f"p.{entry.evidence.page}"
        lines.append(f"    {'-':<12} {entry.name}: {entry.purpose or 'no purpose given'}; "
                     f"{where} ({at})")
    if document.subservice_organizations:
        orgs = [f"{o.name} [{o.method}] (p.{o.evidence.page})"
                for o in document.subservice_organizations]
        lines.append(f"    {'subservice':<12} {'; '.join(orgs)}")
    if verbose:
        for cuec in document.cuecs:
            lines.append(f"    {'cuec':<12} {cuec.value} (p.{cuec.evidence.page})")
    if document.scope_text:
        scope = document.scope_text.value
        scope = scope if verbose or len(scope) <= 160 else scope[:157] + "..."
        lines.append(f"    {'scope':<12} {scope} (p.{document.scope_text.evidence.page})")
    for label, items in (
        ("systems", [f"{s.name} (p.{s.evidence.page})" for s in document.systems]),
        ("sites", [f"{s.name} (p.{s.evidence.page})" for s in document.sites]),
        ("regions", [f"{r.name} (p.{r.evidence.page})" for r in document.regions]),
        ("exclusions", [f"'{e.text}' (p.{e.evidence.page})" for e in document.exclusions]),
    ):
        if items:
            lines.append(f"    {label:<12} {'; '.join(items)}")
    for warning in document.warnings:
        lines.append(f"    warning      {warning}")
    return lines


_SOC_FIELDS_KINDS = frozenset({"soc2_type1", "soc2_type2", "soc3", "bridge_letter"})


def _window_label(label: str, kind: str) -> str:
    """A SOC report's window is its period ("as of" for a Type 1; the gap for a letter)."""
    if label != "window":
        return label
    return {"soc2_type1": "as of", "bridge_letter": "bridge"}.get(kind, "period")


def _d(value: object) -> str:
    return getattr(getattr(value, "value", None), "isoformat", lambda: "?")()


def render_text(report: Report, verbose: bool = False, catalog: Catalog | None = None) -> str:
    out = [summary_line(report), "", "Documents"]
    for document in report.documents:
        out.extend(_document_lines(document, verbose))
    if report.coverage:
        out += ["", "Coverage"]
        width = max(len(c.item.name) for c in report.coverage)
        for row in report.coverage:
            where = _page(row.document, row.page)
            line = f"  {row.item.type:<12} {row.item.name:<{width}}  {row.status:<10} {where}"
            out.append(line.rstrip())
            if verbose:
                out.append(f"  {'':<12} {'':<{width}}  why: {row.rule}")
                quote = deciding_clause(row.evidence, coverage_needles(
                    row.matched, row.item.name, row.rule, catalog))
                if quote and quote != row.evidence:
                    out.append(f"  {'':<12} {'':<{width}}  quote: \"{quote}\"")
                if row.evidence:
                    out.append(f"  {'':<12} {'':<{width}}  evidence: \"{row.evidence}\"")
    out += ["", "Findings" if report.findings else "Findings: none"]
    for finding in report.findings:
        where = _page(finding.document, finding.page)
        label = finding.severity.upper() if finding.is_open else "WAIVED"
        out.append(f"  [{label:<6}] {finding.kind}: {finding.message}"
                   + (f" ({where})" if where else ""))
        if finding.waiver is not None:
            w = finding.waiver
            out.append(f"           waived until {w.until.isoformat()} by {w.accepted_by}: "
                       f"{w.reason} ({w.where})")
        quote = deciding_clause(finding.evidence, finding_needles(finding, report, catalog))
        if quote and (verbose or quote != finding.evidence):
            out.append(f"           quote: \"{quote}\"")
        if verbose and finding.evidence and quote != finding.evidence:
            out.append(f"           evidence: \"{finding.evidence}\"")
        if verbose and finding.id:
            out.append(f"           id: {finding.id}")
    return text_lines(out) + "\n"
