"""Render a ScopeDiff as text, JSON, Markdown, HTML or CSV: the same changes in every form.

Each change shows both documents' words and pages, so a reviewer can check it against the
two PDFs side by side; JSON keys are fixed and the order is the diff's, so output is
byte-stable.
"""

from __future__ import annotations

import csv
import html
import io
import json
from typing import Any

from scopegap.diff import Change, ScopeDiff
from scopegap.domain import DocumentScope, Evidence
from scopegap.settings import SEVERITY_RANK

DIFF_SCHEMA_VERSION = "1"
DIFF_FORMATS = ("text", "json", "md", "html", "csv")
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
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown(diff: ScopeDiff) -> str:
    lines = [f"# Scope drift: `{diff.old.file_name}` → `{diff.new.file_name}`", "",
             f"- old: `{diff.old.path}` ({diff.old.kind})",
             f"- new: `{diff.new.path}` ({diff.new.kind})", "", _headline(diff), ""]
    if diff.changes:
        lines += ["| severity | change | old (page: words) | new (page: words) |",
                  "|---|---|---|---|"]
        for change in diff.changes:
            lines.append("| " + " | ".join(_md_cell(cell) for cell in (
                change.severity, change.message, _side(change.old_evidence),
                _side(change.new_evidence))) + " |")
    return "\n".join(lines) + "\n"


def _side(evidence: Evidence | None) -> str:
    return "—" if evidence is None else f"p.{evidence.page}: {_short(evidence.text)}"


def _html(diff: ScopeDiff) -> str:
    esc = html.escape
    rows = "".join(
        f"<tr class=\"{esc(c.severity)}\"><td>{esc(c.severity)}</td><td>{esc(c.message)}</td>"
        f"<td>{esc(_side(c.old_evidence))}</td><td>{esc(_side(c.new_evidence))}</td></tr>\n"
        for c in diff.changes)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>Scope drift: {esc(diff.old.file_name)} → {esc(diff.new.file_name)}</title>"
        "<style>body{font-family:sans-serif}td,th{border:1px solid #ccc;padding:4px;"
        "vertical-align:top}table{border-collapse:collapse}.high td:first-child{color:#b00}"
        "</style></head><body>\n"
        f"<h1>Scope drift: {esc(diff.old.file_name)} → {esc(diff.new.file_name)}</h1>\n"
        f"<p>old: <code>{esc(diff.old.path)}</code> ({esc(diff.old.kind)})<br>"
        f"new: <code>{esc(diff.new.path)}</code> ({esc(diff.new.kind)})</p>\n"
        f"<p>{esc(_headline(diff))}</p>\n"
        "<table><thead><tr><th>severity</th><th>change</th><th>old</th><th>new</th></tr>"
        f"</thead><tbody>\n{rows}</tbody></table>\n</body></html>\n"
    )


def _csv(diff: ScopeDiff) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["severity", "field", "change", "subject", "old", "new", "message",
                     "old_page", "old_evidence", "new_page", "new_evidence"])
    for c in diff.changes:
        writer.writerow([c.severity, c.field, c.change, c.subject, c.old or "", c.new or "",
                         c.message,
                         c.old_evidence.page if c.old_evidence else "",
                         c.old_evidence.text if c.old_evidence else "",
                         c.new_evidence.page if c.new_evidence else "",
                         c.new_evidence.text if c.new_evidence else ""])
    return out.getvalue()
