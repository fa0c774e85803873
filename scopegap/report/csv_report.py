"""The CSV report: one row per coverage item and per finding, for spreadsheets.

Cells are neutralised against formula injection (OWASP "CSV injection"): a cell that a
spreadsheet would read as a formula (leading ``=``, ``+``, ``-``, ``@``, tab or carriage
return, also after leading spaces) gets a leading apostrophe, so a holder printed as
``=HYPERLINK(...)`` on a PDF stays text when the sheet is opened.
"""

from __future__ import annotations

import csv
import io

from scopegap.domain import Coverage, Finding, Report
from scopegap.report.questions import question_for

COLUMNS = ("vendor", "as_of", "record", "type", "subject", "status", "severity", "kind",
           "document", "page", "evidence", "detail", "score", "question")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> str:
    """The cell as text that no spreadsheet will evaluate."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.lstrip(" ").startswith(FORMULA_STARTS) else text


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
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    rows = [_coverage_row(report, c) for c in report.coverage]
    rows += [_finding_row(report, f) for f in report.findings]
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()
