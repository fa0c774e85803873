"""The jinja2 environments the reports are rendered with, built once per process.

StrictUndefined everywhere: a misspelt field must fail the test suite, never print an empty
cell that a reader would take for "nothing found". HTML autoescapes; Markdown escapes every
expression through ``finalize`` so a template cannot forget to (see markdown_escape).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import jinja2


def _environment(autoescape: bool, finalize: Callable[[Any], Any] | None) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("scopegap", "report/templates"),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def html_environment() -> jinja2.Environment:
    return _environment(True, None)


@cache
def text_environment(finalize: Callable[[Any], Any]) -> jinja2.Environment:
    """For Markdown: no HTML autoescaping, but every ``{{ }}`` output goes through finalize."""
    return _environment(False, finalize)
