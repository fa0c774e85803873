"""Renderers: one function per output format, all from the same Report."""

from __future__ import annotations

from scopegap.domain import Report

FORMATS = ("text", "json")


def render(report: Report, fmt: str, verbose: bool = False) -> str:
    if fmt == "json":
        from scopegap.report.json_report import render_json

        return render_json(report)
    from scopegap.report.text_report import render_text

    return render_text(report, verbose=verbose)
