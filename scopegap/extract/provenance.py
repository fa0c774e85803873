"""Which pass read each value, and what the reader must be told about unread pages.

Extractors build ``Evidence`` from page text without knowing how the page was read. A value
that came from an OCR'd page is less certain than one from a text layer (a 0 read as an O,
a 3 as an 8), so after extraction every Evidence on an OCR page is marked ``source='ocr'``
and the document says which pages were OCR'd and why other pages were not read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

from scopegap.domain import DocumentScope, Evidence
from scopegap.extract.dates import find_dates
from scopegap.ingest.pdf import ReadPdf, TextPage
from scopegap.ingest.repair import page_ranges
from scopegap.ingest.text import squash
from scopegap.resources import load_yaml

T = TypeVar("T")

_LAYER_REASON = {
    "empty": "no text layer (an image-only scan?)",
    "garbled": "a garbled text layer (a scanner's poor OCR, not language)",
    "oversized": "more text than the per-page limit (max_chars_per_page)",
}


def mark_ocr_evidence(value: T, ocr_pages: Mapping[int, TextPage]) -> T:
    """``value`` with every nested Evidence on an OCR page marked ``source='ocr'`` and given
    Tesseract's confidence in its span."""
    if not ocr_pages:
        return value
    return _mark(value, ocr_pages)  # type: ignore[no-any-return]


def _mark(value: Any, pages: Mapping[int, TextPage]) -> Any:
    if isinstance(value, Evidence):
        page = pages.get(value.page)
        if page is None or not _from_ocr(value, page):
            return value
        confidence = None
        if value.start is not None and value.end is not None:
            confidence = page.span_confidence(value.start, value.end)
        return replace(value, source="ocr", confidence=confidence)
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


def _from_ocr(evidence: Evidence, page: TextPage) -> bool:
    """Whether the words behind ``evidence`` were read by OCR: any on a scanned page; on a
    typed page with OCR text added after its layer, a span in that text, or a quote the
    layer does not hold."""
    if page.source == "ocr":
        return True
    if page.ocr_from is None:
        return False
    if evidence.start is not None:
        return evidence.start >= page.ocr_from or (
            evidence.end is not None and evidence.end > page.ocr_from)
    return squash(evidence.text) not in squash(page.text[: page.ocr_from])


def ocr_read_pages(pdf: ReadPdf) -> dict[int, TextPage]:
    """The pages some text of which was read by OCR, by number."""
    return {page.number: page for page in pdf.pages
            if page.has_text and (page.source == "ocr" or page.ocr_from is not None)}


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
    added = [p.number for p in pdf.pages if p.ocr_from is not None]
    if added:
        warnings.append(f"page(s) {page_ranges(added)}: the page image shows text the text layer "
                        "lacks (printed as a graphic); it was read by OCR and added: check "
                        "every value from it against the page image")
    if pdf.ocr_unavailable:
        warnings.append(pdf.ocr_unavailable)
    warnings.extend(pdf.warnings)  # damage PDFium repaired, pages that may be missing
    return warnings


# The values a reviewer relies on, named as in the JSON output.
_HEADLINE = ("holder", "issuer", "certificate_number", "window_start", "window_end",
             "original_date")


def low_confidence_warnings(scope: DocumentScope) -> list[str]:
    """One warning per value read by OCR below ``value_min_confidence`` (models/patterns/
    ocr.yaml): the field, page and confidence, so the reviewer checks it on the page image
    rather than trusting it silently."""
    threshold = float(load_yaml("patterns/ocr.yaml")["value_min_confidence"])
    named: list[tuple[str, str, Evidence]] = []
    for name in _HEADLINE:
        value = getattr(scope, name)
        if value is not None:
            named.append((name, str(value.value), value.evidence))
    named += [("standard", item.label, item.evidence) for item in scope.standards]
    named += [("system", item.name, item.evidence) for item in scope.systems]
    named += [("site", item.name, item.evidence) for item in scope.sites]
    named += [("exclusion", item.text, item.evidence) for item in scope.exclusions]
    warnings = []
    for field_name, shown, evidence in named:
        if evidence.confidence is not None and evidence.confidence < threshold:
            warnings.append(
                f"{field_name} \"{shown}\" (page {evidence.page}) was read by OCR with "
                f"confidence {evidence.confidence:.0f}% (below {threshold:.0f}%): check it "
                "against the page image")
    return warnings


def drop_unreadable(scope: DocumentScope) -> DocumentScope:
    """``scope`` without the names and identifiers (holder, issuer, certificate number) that
    OCR read below ``value_drop_confidence``, each named in a warning: Tesseract is then more
    often wrong than right, and a wrong number or name sends the reviewer to the wrong record.
    Dates stay (flagged): leaving one out would silently skip the expiry checks.

    A site OCR read on a line that also holds a date is left out too: that is where and
    when the certificate was signed ("Place and date: Tripoli, 23 février 2024"), never an
    address of the holder, whatever its label reads as (a garbled one made the signing town
    a site: a false "covered"). An address line holds no date."""
    floor = float(load_yaml("patterns/ocr.yaml")["value_drop_confidence"])
    changes: dict[str, Any] = {}
    warnings = list(scope.warnings)
    dated = [site for site in scope.sites if site.kind != "country"
             and site.evidence.source == "ocr" and find_dates(site.evidence.text)]
    if dated:
        changes["sites"] = tuple(site for site in scope.sites if site not in dated)
        warnings.extend(
            f"site \"{site.name}\" (page {site.evidence.page}) left out: OCR read it on a line "
            f"with a date (\"{site.evidence.text}\"), where a certificate is signed, not an "
            "address: read it on the page image" for site in dated)
    for name in ("holder", "issuer", "certificate_number"):
        value = getattr(scope, name)
        confidence = value.evidence.confidence if value is not None else None
        if value is not None and confidence is not None and confidence < floor:
            changes[name] = None
            warnings.append(
                f"{name} (page {value.evidence.page}) left out: OCR read \"{value.value}\" with "
                f"confidence {confidence:.0f}% (below {floor:.0f}%): read it on the page image")
    if not changes:
        return scope
    return replace(scope, warnings=tuple(dict.fromkeys(warnings)), **changes)
