"""The Markdown report: the HTML report's content for tickets and wikis.

Text from a PDF (or the stack) is untrusted: ticket and wiki renderers accept inline HTML,
template syntax (Liquid, ``{{ }}``) and Markdown structure, so every value is escaped on the
way out (jinja2 ``finalize``) and folded onto one line. Only the template's own text is markup.
"""

from __future__ import annotations

import re
from typing import Any

from scopegap.domain import Report, Stack
from scopegap.report.templating import text_environment
from scopegap.report.view import build_view

TEMPLATE = "report.md.j2"
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_PUNCTUATION = re.compile(r"[\\`*{}\[\]|~#!$]")
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_BLOCK_MARKER = re.compile(r"^[-+=](?=[\s\-+=]|$)")  # bullet, thematic break, setext
_ORDERED_MARKER = re.compile(r"^\d{1,9}(?=[.)](?:\s|$))")  # "1. x", "2) x"


def markdown_escape(value: object) -> str:
    """One line of inert Markdown text that reads as ``value`` once rendered.

    HTML characters become entities (no tag, attribute or comment can open), Markdown and
    template punctuation is backslash-escaped (no link, image, emphasis, table cell break or
    ``{{``), and a leading list, heading or quote marker is neutralised.
    """
    text = " ".join(str(value).split())
    text = "".join(_ENTITIES.get(c, c) for c in text)
    text = _PUNCTUATION.sub(lambda m: "\\" + m.group(0), text)
    text = _UNDERSCORE.sub(r"\\_", text)
    if _BLOCK_MARKER.match(text):
        text = "\\" + text
    ordered = _ORDERED_MARKER.match(text)
    if ordered:
        text = text[:ordered.end()] + "\\" + text[ordered.end():]
    return text


def _finalize(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool | int | float):
        return str(value)
    return markdown_escape(value)


def render_markdown(report: Report, stack: Stack | None = None) -> str:
    text = text_environment(_finalize).get_template(TEMPLATE).render(v=build_view(report, stack))
    return re.sub(r"\n{3,}", "\n\n", text)  # values are one line each: only layout changes
