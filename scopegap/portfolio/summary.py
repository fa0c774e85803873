"""The portfolio summary: one row per vendor (worst finding, counts by kind, next expiry,
errors, report files), plus the run's exit code; ``report.portfolio`` renders it.

Built only from the results, never from timings or the clock, so the same inputs and
``--as-of`` give byte-identical files.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from scopegap.domain import Finding
from scopegap.portfolio.calendar import next_event, renewal_events
from scopegap.portfolio.runner import VendorResult
from scopegap.settings import DEFAULT_SEVERITIES, SEVERITY_RANK, Settings

SUMMARY_SCHEMA_VERSION = "1"
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
