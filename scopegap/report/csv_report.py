"""The CSV report: one row per coverage item and per finding, for spreadsheets.

Cells go through ``report.escape.csv`` (formula injection neutralised).
"""

from __future__ import annotations

from scopegap.domain import Coverage, Finding, Report
from scopegap.report.escape.csv import write_csv
from scopegap.report.questions import question_for

COLUMNS = ("vendor", "as_of", "record", "type", "subject", "status", "severity", "kind",
           "document", "page", "evidence", "detail", "score", "question")


def _coverage_row(report: Report, row: Coverage) -> list[object]:
    return [report.vendor, report.as_of.isoformat(), "coverage", row.item.type, row.item.name,
            row.status, None, None, row.document, row.page, row.evidence, row.rule,
            None if row.score is None else f"{row.score:.1f}", None]


def _finding_row(report: Report, finding: Finding) -> list[object]:
    item_type = next((c.item.type for c in report.coverage if c.item.name == finding.subject
                      and finding.kind in (f"uncovered_{c.item.type}", "excluded",
                                           "carved_out")), "document")
    return [report.vendor, report.as_of.isoformat(), "finding", item_type, finding.subject,
            None, finding.severity, finding.kind, finding.document, finding.page,
            finding.evidence, finding.message, None, question_for(finding, report)]


def render_csv(report: Report) -> str:
    """Header, coverage rows in stack order, then findings most severe first (RFC 4180:
    CRLF line ends, so a CR or LF inside a cell is always quoted)."""
    rows = [_coverage_row(report, c) for c in report.coverage]
    rows += [_finding_row(report, f) for f in report.findings]
    return write_csv(COLUMNS, rows, lineterminator="\r\n")
