"""The portfolio summary (``portfolio.summary.build_summary``) as JSON, CSV, HTML, Markdown
or text. Vendor names come from folder names, manifests and stacks: every value goes
through ``report.escape`` for its format.
"""

from __future__ import annotations

import json
from typing import Any

from scopegap.report.escape.csv import write_csv
from scopegap.report.escape.html import html_environment
from scopegap.report.escape.markdown import markdown_escape, markdown_table_row
from scopegap.report.escape.text import text_lines

SUMMARY_FORMATS = ("text", "json", "md", "html", "csv")
SUMMARY_FILES = {"json": "portfolio.json", "csv": "portfolio.csv", "html": "portfolio.html"}


def render_summary(summary: dict[str, Any], fmt: str) -> str:
    renderers = {"json": _json, "csv": _csv, "html": _html, "md": _markdown, "text": _text}
    if fmt not in renderers:
        raise ValueError(f"the portfolio summary has no {fmt!r} output")
    return renderers[fmt](summary)


def _json(summary: dict[str, Any]) -> str:
    return json.dumps(summary, indent=2, ensure_ascii=False) + "\n"


def _csv(summary: dict[str, Any]) -> str:
    kinds = list(summary["totals"]["counts"])
    header = ["vendor_id", "vendor", "status", "documents", "documents_read",
              "worst_severity", "worst_kind", "worst_subject", "findings", "next_expiry",
              "next_expiry_event", "next_expiry_document", *kinds, "errors", "report_json",
              "report_html"]
    rows: list[list[object]] = []
    for row in summary["vendors"]:
        worst, upcoming = row["worst_finding"] or {}, row["next_expiry"] or {}
        rows.append([
            row["vendor_id"], row["vendor"] or "", row["status"], row["documents"],
            row["documents_read"], row["worst_severity"] or "", worst.get("kind", ""),
            worst.get("subject", ""), row["findings"], upcoming.get("date", ""),
            upcoming.get("event", ""), upcoming.get("document", ""),
            *(row["counts"][k] for k in kinds), " | ".join(row["errors"]),
            row["reports"].get("json", ""), row["reports"].get("html", ""),
        ])
    return write_csv(header, rows)


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
    return text_lines(lines) + "\n"


def _markdown(summary: dict[str, Any]) -> str:
    lines = [f"# Portfolio {markdown_escape(summary['source'])}", "",
             markdown_escape(_headline(summary)), "",
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
        lines.append(markdown_table_row(cells))
    return "\n".join(lines) + "\n"


def _html(summary: dict[str, Any]) -> str:
    template = html_environment().get_template("portfolio.html.j2")
    kinds = [k for k, n in summary["totals"]["counts"].items() if n]
    return template.render(summary=summary, headline=_headline(summary), kinds=kinds)
