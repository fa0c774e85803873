"""A vendor's run history (``portfolio.history.history_json``) as text, JSON or Markdown.

Vendor names, subjects and errors come from folder names, stacks and PDFs: in Markdown each
goes through ``report.escape.markdown``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from scopegap.report.escape.markdown import markdown_escape
from scopegap.report.escape.text import text_line

HISTORY_FORMATS = ("text", "json", "md")


def render_history(data: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt not in HISTORY_FORMATS:
        raise ValueError(f"history has no {fmt!r} output")
    md = fmt == "md"
    esc: Callable[[object], str] = markdown_escape if md else text_line
    title = esc(f"{data['vendor_id']}" + (f" ({data['vendor']})" if data["vendor"] else ""))
    lines = [f"# History of {title}" if md else f"History of {title}",
             f"{len(data['runs'])} recorded run(s)", ""]
    bullet = "- " if md else "  "
    for run in data["runs"]:
        head = (f"run {run['run']}, recorded {esc(run['recorded_at'])}, as of "
                f"{esc(run['as_of'])}: {esc(run['status'])}, {run['findings']} finding(s), "
                f"worst {esc(run['worst_severity'] or 'none')}")
        lines.append(f"## {head}" if md else head)
        for f in run["new_findings"]:
            lines.append(f"{bullet}+ new: {_finding(f, esc)}")
        for f in run["resolved_findings"]:
            lines.append(f"{bullet}- resolved: {_finding(f, esc)}")
        for change in run["window_changes"]:
            old, new = change["old"], change["new"]
            lines.append(f"{bullet}window {esc(change['document'])}: {_span(old, esc)} → "
                         f"{_span(new, esc)}")
        if not run["window_changes"] and run["run"] == data["runs"][0]["run"]:
            for window in run["windows"]:
                lines.append(f"{bullet}window {esc(window['document'])}: "
                             f"{_span(window, esc)}")
        lines.extend(f"{bullet}error: {esc(error)}" for error in run["errors"])
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _finding(finding: dict[str, Any], esc: Callable[[object], str]) -> str:
    return (f"{esc('[' + finding['severity'] + ']')} {esc(finding['kind'])}: "
            f"{esc(finding['subject'])}")


def _span(window: dict[str, Any] | None, esc: Callable[[object], str]) -> str:
    if window is None:
        return "(no document)"
    return f"{esc(window['start'] or '?')} to {esc(window['end'] or '?')}"
