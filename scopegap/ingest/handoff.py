"""The fast pass's open PDFium document, handed to the layout pass of the same file.

Opening a document costs PDFium its cross-reference table and, on the first load of each
page, the page's fonts: on a 46-page real report about 5 ms, as much as the layout pass's
own table reading of a page. So ``read_pdf`` leaves its document here instead of closing
it, and the layout pass takes it when it reads the very same bytes with the same password;
else it opens its own. One document at most is kept (the next reading closes the one
before), and taking it hands it over: the taker closes it. Every call runs under
``PDFIUM_LOCK``, so threads of one process never share a document unawares.
"""

from __future__ import annotations

import atexit
from typing import Any

from scopegap.ingest.pdf import PDFIUM_LOCK

_kept: list[tuple[bytes, str | None, Any]] = []  # (the file's bytes, password, document)
_closing_at_exit: list[bool] = []


def keep(data: bytes, password: str | None, document: Any) -> None:
    """Keep ``document`` (opened from ``data``) for a later ``take``; close any other."""
    with PDFIUM_LOCK:
        release()
        _kept.append((data, password, document))
        if not _closing_at_exit:
            # Registered after pypdfium2's own exit handler, so it runs before it: pypdfium2
            # warns on stderr of every document still open when it shuts PDFium down.
            atexit.register(release)
            _closing_at_exit.append(True)


def take(data: bytes, password: str | None) -> Any | None:
    """The kept document when it was opened from these bytes with this password (the
    caller now owns and closes it), else None."""
    with PDFIUM_LOCK:
        if not _kept:
            return None
        kept_data, kept_password, document = _kept[0]
        if kept_password != password or kept_data != data:
            return None
        _kept.clear()
        return document


def release() -> None:
    """Close the kept document, if any."""
    with PDFIUM_LOCK:
        while _kept:
            _kept.pop()[2].close()
