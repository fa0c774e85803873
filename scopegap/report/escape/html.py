"""HTML: jinja2 autoescaping with StrictUndefined, the only way a renderer writes HTML, so
every value from a PDF, a stack or a folder name renders as text, never as markup."""

from __future__ import annotations

from functools import cache

import jinja2

from scopegap.report.templating import environment


@cache
def html_environment() -> jinja2.Environment:
    return environment(True, None)
