"""The Markdown report: the HTML report's content for tickets and wikis.

Every value is escaped on the way out by ``report.escape.markdown`` (jinja2 ``finalize``)
and folded onto one line. Only the template's own text is markup.
"""

from __future__ import annotations

import re

from scopegap.domain import Report, Stack
from scopegap.report.escape.markdown import markdown_environment
from scopegap.report.view import build_view

TEMPLATE = "report.md.j2"


def render_markdown(report: Report, stack: Stack | None = None) -> str:
    text = markdown_environment().get_template(TEMPLATE).render(v=build_view(report, stack))
    return re.sub(r"\n{3,}", "\n\n", text)  # values are one line each: only layout changes
