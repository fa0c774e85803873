"""Warnings for a document read from a damaged file: what PDFium rebuilt, what may be missing.

A rebuilt file can lose pages without any error (a page tree cut short, a /Count smaller
than its pages); one of those pages could hold a scope exclusion, and a missed exclusion
is a false "covered". So the reader is told, with the page counts to check by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from scopegap.ingest.pdf_file import Damage

if TYPE_CHECKING:
    from scopegap.ingest.pdf import TextPage

REBUILT = "cross-reference table rebuilt: check the page count against the original"


def repair_warnings(
    damage: Damage, rebuilt: bool, declared: int | None, objects: int | None,
    pages: Sequence[TextPage],
) -> tuple[str, ...]:
    """The document warnings for what the file's structure showed and PDFium did.

    ``declared`` is the root /Count as written, ``objects`` the page objects counted in the
    bytes (None when either cannot be read cheaply).
    """
    warnings: list[str] = []
    if damage.header_offset:
        warnings.append(f"{damage.header_offset} byte(s) of junk before the %PDF- header "
                        "were skipped")
    if rebuilt or damage.needs_rebuild:
        reason = damage.reason() or "PDFium found the table unusable"
        warnings.append(f"damaged PDF: {reason}; {REBUILT}")
    read = len(pages)
    if declared is not None and declared != read:
        warnings.append(f"the page tree declares {declared} page(s) but {read} were read: "
                        "check the page count against the original")
    elif objects is not None and objects > read:
        warnings.append(f"the file holds {objects} page objects but its page tree lists "
                        f"{read}: pages may be missing; ask the vendor for an intact copy")
    damaged = [page.number for page in pages if page.layer == "damaged"]
    if damaged:
        warnings.append(f"page(s) {page_ranges(damaged)} of {read} could not be loaded "
                        "(damaged page objects); not read")
    return tuple(warnings)


def page_ranges(numbers: Sequence[int]) -> str:
    """1, 2, 3, 7 → "1-3, 7": 10,000 damaged pages must not make a 50 KB warning."""
    runs: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        runs.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    return ", ".join(runs)
