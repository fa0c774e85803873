"""The jinja2 environment factory every template renderer goes through.

StrictUndefined everywhere: a misspelt field must fail the test suite, never print an empty
cell that a reader would take for "nothing found". The escaping itself belongs to
``report.escape`` (autoescape for HTML, ``finalize`` for Markdown).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2


def environment(autoescape: bool, finalize: Callable[[Any], Any] | None) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("scopegap", "report/templates"),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
