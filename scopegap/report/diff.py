"""Render a ScopeDiff as text, JSON, Markdown, HTML or CSV: the same changes in every form.

Each change shows both documents' words and pages, so a reviewer can check it against the
two PDFs side by side; JSON keys are fixed and the order is the diff's, so output is
byte-stable.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from scopegap.domain import DocumentScope, Evidence
from scopegap.report.escape.csv import write_csv
from scopegap.report.escape.html import html_environment
from scopegap.report.escape.markdown import markdown_escape, markdown_table_row
from scopegap.report.escape.text import text_lines
from scopegap.settings import SEVERITY_RANK

if TYPE_CHECKING:  # the values only: the report never runs the drift stage
    from scopegap.drift.diff import Change, ScopeDiff

DIFF_SCHEMA_VERSION = "1"
DIFF_FORMATS = ("text", "json", "md", "html", "csv")
HTML_TEMPLATE = "diff.html.j2"
EVIDENCE_CHARS = 240  # text/md/html: long evidence (a whole scope statement) is shortened


def render_diff(diff: ScopeDiff, fmt: str) -> str:
    renderers = {"text": _text, "json": _json, "md": _markdown, "html": _html, "csv": _csv}
    if fmt not in renderers:
        raise ValueError(f"diff has no {fmt!r} output (choose {', '.join(DIFF_FORMATS)})")
    return renderers[fmt](diff)


def diff_json(diff: ScopeDiff) -> dict[str, Any]:
    return {
        "schema_version": DIFF_SCHEMA_VERSION,
        "old": _document(diff.old),
        "new": _document(diff.new),
        "counts": _counts(diff),
        "changes": [_change(c) for c in diff.changes],
    }


def _document(scope: DocumentScope) -> dict[str, Any]:
    return {
        "path": scope.path,
        "sha256": scope.sha256,
        "kind": scope.kind,
        "window": {"start": scope.window_start.value.isoformat() if scope.window_start else None,
                   "end": scope.window_end.value.isoformat() if scope.window_end else None},
    }


def _counts(diff: ScopeDiff) -> dict[str, int]:
    return {level: sum(c.severity == level for c in diff.changes) for level in SEVERITY_RANK}


def _evidence(evidence: Evidence | None) -> dict[str, Any] | None:
    return None if evidence is None else {"page": evidence.page, "text": evidence.text}


def _change(change: Change) -> dict[str, Any]:
    return {
        "field": change.field,
        "change": change.change,
        "rule": change.rule,
        "severity": change.severity,
        "subject": change.subject,
        "old": change.old,
        "new": change.new,
        "message": change.message,
        "old_evidence": _evidence(change.old_evidence),
        "new_evidence": _evidence(change.new_evidence),
    }


def _json(diff: ScopeDiff) -> str:
    return json.dumps(diff_json(diff), indent=2, ensure_ascii=False) + "\n"


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EVIDENCE_CHARS else flat[:EVIDENCE_CHARS - 1] + "…"


def _where(evidence: Evidence | None, scope: DocumentScope) -> str:
    if evidence is None:
        return f"not in {scope.file_name}"
    return f"{scope.file_name} p.{evidence.page}: \"{_short(evidence.text)}\""


def _headline(diff: ScopeDiff) -> str:
    counts = _counts(diff)
    if not diff.changes:
        return "no change in scope, parties, standards or window"
    return (f"{len(diff.changes)} change(s): {counts['high']} high, {counts['medium']} medium, "
            f"{counts['low']} low")


def _text(diff: ScopeDiff) -> str:
    lines = [f"Scope drift: {diff.old.file_name} → {diff.new.file_name}",
             f"  old: {diff.old.path} ({diff.old.kind})",
             f"  new: {diff.new.path} ({diff.new.kind})",
             _headline(diff), ""]
    for change in diff.changes:
        lines.append(f"[{change.severity}] {change.message}")
        lines.append(f"    old: {_where(change.old_evidence, diff.old)}")
        lines.append(f"    new: {_where(change.new_evidence, diff.new)}")
    return text_lines(lines).rstrip("\n") + "\n"


def _markdown(diff: ScopeDiff) -> str:
    esc = markdown_escape
    lines = [f"# Scope drift: {esc(diff.old.file_name)} → {esc(diff.new.file_name)}", "",
             f"- old: {esc(diff.old.path)} ({esc(diff.old.kind)})",
             f"- new: {esc(diff.new.path)} ({esc(diff.new.kind)})", "",
             esc(_headline(diff)), ""]
    if diff.changes:
        lines += ["| severity | change | old (page: words) | new (page: words) |",
                  "|---|---|---|---|"]
        lines += [markdown_table_row([change.severity, change.message,
                                      _side(change.old_evidence), _side(change.new_evidence)])
                  for change in diff.changes]
    return "\n".join(lines) + "\n"


def _side(evidence: Evidence | None) -> str:
    return "—" if evidence is None else f"p.{evidence.page}: {_short(evidence.text)}"


def _html(diff: ScopeDiff) -> str:
    rows = [{"severity": c.severity, "message": c.message, "old": _side(c.old_evidence),
             "new": _side(c.new_evidence)} for c in diff.changes]
    return html_environment().get_template(HTML_TEMPLATE).render(
        diff=diff, headline=_headline(diff), rows=rows)


def _csv(diff: ScopeDiff) -> str:
    return write_csv(
        ["severity", "field", "change", "subject", "old", "new", "message", "old_page",
         "old_evidence", "new_page", "new_evidence"],
        ([c.severity, c.field, c.change, c.subject, c.old or "", c.new or "", c.message,
          c.old_evidence.page if c.old_evidence else "",
          c.old_evidence.text if c.old_evidence else "",
          c.new_evidence.page if c.new_evidence else "",
          c.new_evidence.text if c.new_evidence else ""] for c in diff.changes))
