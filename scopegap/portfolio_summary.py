"""The portfolio summary: one row per vendor (worst finding, counts by kind, next expiry,
errors, report files) as JSON, CSV, HTML, Markdown or text, plus the run's exit code.

Built only from the results, never from timings or the clock, so the same inputs and
``--as-of`` give byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from scopegap.calendar_ics import next_event, renewal_events
from scopegap.domain import Finding
from scopegap.portfolio import VendorResult
from scopegap.settings import DEFAULT_SEVERITIES, SEVERITY_RANK, Settings

SUMMARY_SCHEMA_VERSION = "1"
SUMMARY_FORMATS = ("text", "json", "md", "html", "csv")
SUMMARY_FILES = {"json": "portfolio.json", "csv": "portfolio.csv", "html": "portfolio.html"}
# Exit codes (SPEC: 0 clean, 1 findings at/above --fail-on, 3 something could not be read).
EXIT_CLEAN, EXIT_FINDINGS, EXIT_INCOMPLETE = 0, 1, 3


def finding_kinds(results: Sequence[VendorResult]) -> list[str]:
    """SPEC's kinds in SPEC order, then any other kind seen, sorted: stable CSV columns."""
    seen = {f.kind for r in results if r.report for f in r.report.findings}
    return list(DEFAULT_SEVERITIES) + sorted(seen - set(DEFAULT_SEVERITIES))


def worst_finding(findings: Sequence[Finding]) -> Finding | None:
    """Highest severity; ties broken by SPEC kind order, then subject (deterministic)."""
    order = {kind: index for index, kind in enumerate(DEFAULT_SEVERITIES)}
    return min(findings, default=None, key=lambda f: (
        -SEVERITY_RANK[f.severity], order.get(f.kind, len(order)), f.kind, f.subject))


def vendor_row(result: VendorResult, kinds: Sequence[str], as_of: date,
               settings: Settings) -> dict[str, Any]:
    report = result.report
    findings = report.findings if report else ()
    worst = worst_finding(findings)
    events = renewal_events(report.vendor or result.job.vendor_id, report.documents,
                            settings) if report else []
    upcoming = next_event(events, as_of)
    return {
        "vendor_id": result.job.vendor_id,
        "vendor": report.vendor if report else None,
        "status": result.status,
        "stack": result.job.stack,
        "documents": len(result.job.documents),
        "documents_read": len(report.documents) if report else 0,
        "worst_severity": worst.severity if worst else None,
        "worst_finding": None if worst is None else {
            "kind": worst.kind, "severity": worst.severity, "subject": worst.subject,
            "message": worst.message},
        "findings": len(findings),
        "counts": {kind: sum(f.kind == kind for f in findings) for kind in kinds},
        "next_expiry": None if upcoming is None else {
            "date": upcoming.when.isoformat(), "event": upcoming.kind,
            "document": upcoming.document},
        "errors": list(result.errors),
        "reports": dict(result.report_files),
    }


def build_summary(results: Sequence[VendorResult], *, source: str, as_of: date,
                  settings: Settings, fail_on: str) -> dict[str, Any]:
    kinds = finding_kinds(results)
    rows = [vendor_row(r, kinds, as_of, settings) for r in results]
    threshold = SEVERITY_RANK.get(fail_on)
    return {
        "schema_version": SUMMARY_SCHEMA_VERSION,
        "as_of": as_of.isoformat(),
        "source": source,
        "fail_on": fail_on,
        "totals": {
            "vendors": len(rows),
            "ok": sum(r["status"] == "ok" for r in rows),
            "incomplete": sum(r["status"] == "incomplete" for r in rows),
            "failed": sum(r["status"] == "failed" for r in rows),
            "at_or_above_fail_on": sum(
                threshold is not None and r["worst_severity"] is not None
                and SEVERITY_RANK[r["worst_severity"]] >= threshold for r in rows),
            "counts": {k: sum(r["counts"][k] for r in rows) for k in kinds},
        },
        "vendors": rows,
    }


def exit_code(summary: dict[str, Any]) -> int:
    """3 when any vendor could not be fully read (its result is incomplete), else 1 when a
    vendor has a finding at or above --fail-on, else 0. The run itself always completes."""
    totals = summary["totals"]
    if totals["failed"] or totals["incomplete"]:
        return EXIT_INCOMPLETE
    return EXIT_FINDINGS if totals["at_or_above_fail_on"] else EXIT_CLEAN


def render_summary(summary: dict[str, Any], fmt: str) -> str:
    renderers = {"json": _json, "csv": _csv, "html": _html, "md": _markdown, "text": _text}
    if fmt not in renderers:
        raise ValueError(f"the portfolio summary has no {fmt!r} output")
    return renderers[fmt](summary)


def _json(summary: dict[str, Any]) -> str:
    return json.dumps(summary, indent=2, ensure_ascii=False) + "\n"


def _csv(summary: dict[str, Any]) -> str:
    kinds = list(summary["totals"]["counts"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["vendor_id", "vendor", "status", "documents", "documents_read",
                     "worst_severity", "worst_kind", "worst_subject", "findings",
                     "next_expiry", "next_expiry_event", "next_expiry_document", *kinds,
                     "errors", "report_json", "report_html"])
    for row in summary["vendors"]:
        worst, upcoming = row["worst_finding"] or {}, row["next_expiry"] or {}
        writer.writerow([
            row["vendor_id"], row["vendor"] or "", row["status"], row["documents"],
            row["documents_read"], row["worst_severity"] or "", worst.get("kind", ""),
            worst.get("subject", ""), row["findings"], upcoming.get("date", ""),
            upcoming.get("event", ""), upcoming.get("document", ""),
            *(row["counts"][k] for k in kinds), " | ".join(row["errors"]),
            row["reports"].get("json", ""), row["reports"].get("html", ""),
        ])
    return out.getvalue()


def _headline(summary: dict[str, Any]) -> str:
    t = summary["totals"]
    return (f"{t['vendors']} vendor(s) as of {summary['as_of']}: {t['ok']} ok, "
            f"{t['incomplete']} incomplete, {t['failed']} failed; {t['at_or_above_fail_on']} "
            f"with a finding at or above '{summary['fail_on']}'")


def _text(summary: dict[str, Any]) -> str:
    lines = [f"Portfolio {summary['source']}", _headline(summary), ""]
    for row in summary["vendors"]:
        worst = row["worst_finding"]
        upcoming = row["next_expiry"]
        lines.append(f"{row['vendor_id']}  [{row['status']}]  {row['vendor'] or ''}".rstrip())
        lines.append(f"    worst: {worst['severity']} {worst['kind']}: {worst['subject']}"
                     if worst else "    worst: no finding")
        counted = ", ".join(f"{k} {n}" for k, n in row["counts"].items() if n)
        lines.append(f"    findings: {row['findings']}" + (f" ({counted})" if counted else ""))
        lines.append(f"    next expiry: {upcoming['date']} {upcoming['event']} "
                     f"({upcoming['document']})" if upcoming else "    next expiry: none")
        lines.extend(f"    error: {e}" for e in row["errors"])
    return "\n".join(lines) + "\n"


def _md_cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _markdown(summary: dict[str, Any]) -> str:
    lines = [f"# Portfolio `{summary['source']}`", "", _headline(summary), "",
             "| vendor | status | worst finding | findings | next expiry | errors |",
             "|---|---|---|---|---|---|"]
    for row in summary["vendors"]:
        worst, upcoming = row["worst_finding"], row["next_expiry"]
        cells = [
            f"{row['vendor_id']} ({row['vendor']})" if row["vendor"] else row["vendor_id"],
            row["status"],
            f"{worst['severity']} {worst['kind']}: {worst['subject']}" if worst else "—",
            row["findings"],
            f"{upcoming['date']} {upcoming['event']}" if upcoming else "—",
            "; ".join(row["errors"]) or "—",
        ]
        lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _html(summary: dict[str, Any]) -> str:
    from scopegap.report.templating import html_environment

    template = html_environment().get_template("portfolio.html.j2")
    kinds = [k for k, n in summary["totals"]["counts"].items() if n]
    return template.render(summary=summary, headline=_headline(summary), kinds=kinds)
