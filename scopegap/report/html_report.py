"""The HTML report: one self-contained file (inline CSS and SVG, no script, no external
resource) for committees and auditors, opened offline or attached to a ticket."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scopegap.domain import Report, Stack
from scopegap.report.escape.html import html_environment
from scopegap.report.view import build_view

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog
    from scopegap.report.crops import CropBook

TEMPLATE = "report.html.j2"


def render_html(report: Report, stack: Stack | None = None,
                pages: CropBook | None = None, catalog: Catalog | None = None) -> str:
    """Every value from a PDF or the stack is autoescaped: it renders as text, never markup.
    Crop images are data: URIs the report made itself (base64 only)."""
    return html_environment().get_template(TEMPLATE).render(
        v=build_view(report, stack, pages, catalog))
