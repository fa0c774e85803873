"""Which pass read each value, and what the reader must be told about unread pages.

Extractors build ``Evidence`` from page text without knowing how the page was read. A value
that came from an OCR'd page is less certain than one from a text layer (a 0 read as an O,
a 3 as an 8), so after extraction every Evidence on an OCR page is marked ``source='ocr'``
and the document says which pages were OCR'd and why other pages were not read.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

from scopegap.domain import Evidence
from scopegap.ingest.pdf import ReadPdf

T = TypeVar("T")

_LAYER_REASON = {
    "empty": "no text layer (an image-only scan?)",
    "garbled": "a garbled text layer (a scanner's poor OCR, not language)",
    "oversized": "more text than the per-page limit (max_chars_per_page)",
}


def mark_ocr_evidence(value: T, ocr_pages: frozenset[int]) -> T:
    """``value`` with every nested Evidence on an OCR page marked ``source='ocr'``."""
    if not ocr_pages:
        return value
    return _mark(value, ocr_pages)  # type: ignore[no-any-return]


def _mark(value: Any, pages: frozenset[int]) -> Any:
    if isinstance(value, Evidence):
        return replace(value, source="ocr") if value.page in pages else value
    if isinstance(value, tuple):
        return tuple(_mark(item, pages) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for spec in fields(value):
            old = getattr(value, spec.name)
            new = _mark(old, pages)
            if new is not old:
                changes[spec.name] = new
        return replace(value, **changes) if changes else value
    return value


def page_warnings(pdf: ReadPdf) -> list[str]:
    """One warning per reason a page was not read from its text layer, naming the pages."""
    warnings: list[str] = []
    for quality, reason in _LAYER_REASON.items():
        numbers = [p.number for p in pdf.pages if p.layer == quality]
        if not numbers:
            continue
        ocr_read = [p.number for p in pdf.pages if p.layer == quality and p.has_text]
        unread = [n for n in numbers if n not in ocr_read]
        if unread:
            warnings.append(f"page(s) {page_ranges(unread)}: {reason}; not read")
        if ocr_read:
            confidence = [p.ocr_confidence for p in pdf.pages
                          if p.number in ocr_read and p.ocr_confidence is not None]
            mean = f", mean word confidence {sum(confidence) / len(confidence):.0f}%" \
                if confidence else ""
            warnings.append(f"page(s) {page_ranges(ocr_read)}: {reason}; read by OCR{mean}: "
                            "check every value from these pages against the page image")
    if pdf.ocr_unavailable:
        warnings.append(pdf.ocr_unavailable)
    warnings.extend(pdf.warnings)  # damage PDFium repaired, pages that may be missing
    return warnings


def page_ranges(numbers: list[int]) -> str:
    """1, 2, 3, 7 → "1-3, 7": a 2,000-page scan must not make a 10 KB warning."""
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
