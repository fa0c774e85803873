"""An ISO certificate → its fields and scope contents, each with evidence: standards,
issuer, number, window, holder (``parties``, ``standards``, ``windows``), the scope statement
(``scope_text``) and what it names (``contents``)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from scopegap.domain import DocumentScope, Evidence, TextValue
from scopegap.extract.classify import classify_certificate
from scopegap.extract.iso.contents import scope_contents
from scopegap.extract.iso.numbers import certificate_number
from scopegap.extract.iso.parties import holder, issuer
from scopegap.extract.iso.scope_text import scope_blocks
from scopegap.extract.iso.standard_scopes import isms_scopes, isms_sites
from scopegap.extract.iso.standards import find_standards
from scopegap.extract.iso.windows import find_window
from scopegap.extract.order_hint import date_order_hint
from scopegap.extract.provenance import page_warnings
from scopegap.ingest.pdf import ReadPdf
from scopegap.ingest.text import squash

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it


def extract_certificate(pdf: ReadPdf, base: DocumentScope, catalog: Catalog) -> DocumentScope:
    """Fill a certificate's fields; an unclassified document keeps only its warnings."""
    pages = tuple(p for p in pdf.pages if p.has_text)
    standards = find_standards(pages)
    body = issuer(pages, catalog)
    number = certificate_number(pages)
    hint = date_order_hint(pdf.full_text, body.value if body else None, catalog)
    window = find_window(pages, hint)
    classification = classify_certificate(
        pdf.full_text,
        standards.certified,
        has_number=number is not None,
        has_issuer=body is not None,
        has_dates=window.end is not None or window.start is not None,
    )
    warnings = [*classification.warnings, *standards.warnings, *window.warnings]
    warnings.extend(page_warnings(pdf))  # pages not read, or read by OCR, and why
    holder_value = holder(pages, catalog, body.value if body else None)
    certifies = classification.kind in ("iso27001_certificate", "iso_certificate")
    if not certifies:
        # What an unclassified document seems to say is not evidence of anything: report
        # its kind and why, never fields guessed from it.
        return replace(base, warnings=tuple(dict.fromkeys(warnings)))
    blocks = isms_scopes(scope_blocks(pages), pages) if certifies else []
    contents = scope_contents(pdf, blocks, holder_value, catalog, body,
                              window.start.value if window.start else None) if certifies else None
    if contents is not None and classification.kind == "iso27001_certificate":
        # a combined certificate's site certified to another standard only is no ISMS site
        contents = replace(contents, sites=isms_sites(contents.sites, pages, catalog))
    scope_text = None
    if blocks:
        scope_text = TextValue(
            "\n\n".join(squash(b.text) for b in blocks), Evidence(blocks[0].page, blocks[0].flat)
        )
    elif certifies:
        warnings.append("no scope statement found: nothing in this document can cover an item")
    return replace(
        base,
        kind=classification.kind,
        standards=standards.certified if certifies else (),
        holder=holder_value,
        issuer=body,
        certificate_number=number,
        window_start=window.start,
        window_end=window.end,
        original_date=window.original,
        scope_text=scope_text,
        systems=contents.systems if contents else (),
        sites=contents.sites if contents else (),
        regions=contents.regions if contents else (),
        exclusions=contents.exclusions if contents else (),
        warnings=tuple(dict.fromkeys(warnings + list(contents.warnings if contents else ()))),
    )
