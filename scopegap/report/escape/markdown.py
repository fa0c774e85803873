"""Markdown: every value becomes one line of inert text.

Ticket and wiki renderers accept inline HTML, template syntax (Liquid, ``{{ }}``) and
Markdown structure, so a value from a PDF, a stack or a folder name is escaped on the way
out; only a template's or renderer's own text is markup. Values never go inside a code span
(backslash escapes do not work there, so a backtick in the value would close it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

import jinja2

from scopegap.report.escape.text import text_line
from scopegap.report.templating import environment

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
    text = " ".join(text_line(value).split())
    text = "".join(_ENTITIES.get(c, c) for c in text)
    text = _PUNCTUATION.sub(lambda m: "\\" + m.group(0), text)
    text = _UNDERSCORE.sub(r"\\_", text)
    if _BLOCK_MARKER.match(text):
        text = "\\" + text
    ordered = _ORDERED_MARKER.match(text)
    if ordered:
        text = text[:ordered.end()] + "\\" + text[ordered.end():]
    return text


def markdown_table_row(cells: list[object]) -> str:
    """A GFM table row of escaped cells (pipes escaped, each cell one line)."""
    return "| " + " | ".join(markdown_escape(cell) for cell in cells) + " |"


def _finalize(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool | int | float):
        return str(value)
    return markdown_escape(value)


@cache
def markdown_environment() -> jinja2.Environment:
    """No HTML autoescaping, but every ``{{ }}`` output goes through ``markdown_escape``."""
    finalize: Callable[[Any], Any] = _finalize
    return environment(False, finalize)
