"""HTML: jinja2 autoescaping with StrictUndefined, the only way a renderer writes HTML, so
every value from a PDF, a stack or a folder name renders as text, never as markup.

``pdf_link`` makes a document path a link target that can only ever be a file: a relative
path is percent-encoded (its ``:`` too, so no folder name can become a ``javascript:`` URL),
an absolute one becomes a ``file:`` URI.
"""

from __future__ import annotations

from functools import cache
from pathlib import PurePosixPath
from urllib.parse import quote

import jinja2

from scopegap.report.templating import environment


def pdf_link(path: str, page: int | None = None) -> str:
    """A URL opening the document at ``page`` (PDF viewers read ``#page=N``)."""
    posix = path.replace("\\", "/")
    target = (PurePosixPath(posix).as_uri() if posix.startswith("/")
              else quote(posix, safe="/"))
    return f"{target}#page={int(page)}" if page else target


@cache
def html_environment() -> jinja2.Environment:
    env = environment(True, None)
    env.filters["pdf_link"] = pdf_link
    return env
