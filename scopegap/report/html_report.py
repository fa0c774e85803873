"""The HTML report: one self-contained file (inline CSS and SVG, no script, no external
resource) for committees and auditors, opened offline or attached to a ticket."""

from __future__ import annotations

from scopegap.domain import Report, Stack
from scopegap.report.escape.html import html_environment
from scopegap.report.view import build_view

TEMPLATE = "report.html.j2"


def render_html(report: Report, stack: Stack | None = None) -> str:
    """Every value from a PDF or the stack is autoescaped: it renders as text, never markup."""
    return html_environment().get_template(TEMPLATE).render(v=build_view(report, stack))
