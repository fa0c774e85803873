"""A page without a text layer could hold the scope or a site list: nothing on it could be
verified, and the report must say so rather than treat it as empty."""

from __future__ import annotations

from scopegap.domain import Finding
from scopegap.ingest.repair import page_ranges
from scopegap.rules.base import RuleInput, finding
from scopegap.settings import Settings


def text_layer_findings(data: RuleInput) -> list[Finding]:
    found: list[Finding] = []
    for document in data.documents:
        if not document.no_text_pages:
            continue
        name = document.file_name
        pages = page_ranges(list(document.no_text_pages))
        if not document.text_pages:
            message = (f"{name} has no usable text on any page (an image-only scan or a "
                       "garbled text layer?): nothing in it could be verified")
        else:
            message = (f"{name}: page(s) {pages} have no usable text; what they show "
                       "(scope, sites) could not be verified")
        message = f"{message}; {_ocr_hint(data.settings)}"
        found.append(finding(data.settings, "no_text_layer", name, message, document,
                             document.no_text_pages[0], None))
    return found


def _ocr_hint(settings: Settings) -> str:
    """How to get these pages read: OCR when it was not used, or why it could not help.

    Without --ocr the hint is the same on every machine (installed or not), so reports
    stay byte-identical across machines.
    """
    from scopegap.ingest.ocr import INSTALL_HINT, ocr_unavailable

    if not settings.ocr:
        return f"re-run with --ocr to read them by OCR (needs Tesseract; {INSTALL_HINT})"
    problem = ocr_unavailable(settings.ocr_languages)
    if problem:
        return f"--ocr was given but {problem}"
    return ("they were read by OCR where it found text: check every value taken from them "
            "against the page image (the document's warnings give the OCR confidence); where "
            "it found none, ask the vendor for a text PDF")
