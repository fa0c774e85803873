"""CSV cells neutralised against formula injection (OWASP "CSV injection").

A cell that a spreadsheet would read as a formula (leading ``=``, ``+``, ``-``, ``@``, tab or
carriage return, also after leading spaces) gets a leading apostrophe, so a holder printed as
``=HYPERLINK(...)`` on a PDF, or a vendor folder named so, stays text when the sheet opens.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> str:
    """The cell as text that no spreadsheet will evaluate."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.lstrip(" ").startswith(FORMULA_STARTS) else text


def write_csv(header: Sequence[object], rows: Iterable[Sequence[object]],
              lineterminator: str = "\n") -> str:
    """Header and rows as CSV text, every cell neutralised (numbers pass unchanged)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=lineterminator)
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()
