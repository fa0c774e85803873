"""One PDF → one ``DocumentScope``: classification, fields and scope contents with evidence."""

from __future__ import annotations

from pathlib import Path

from scopegap.domain import DocumentScope
from scopegap.extract.classify import classify_certificate, classify_report
from scopegap.extract.contents import scope_contents
from scopegap.extract.order_hint import date_order_hint
from scopegap.extract.parties import certificate_number, holder, issuer
from scopegap.extract.provenance import mark_ocr_evidence, page_warnings
from scopegap.extract.scope_text import scope_blocks
from scopegap.extract.standards import find_standards
from scopegap.extract.text import squash
from scopegap.extract.windows import find_window
from scopegap.ingest.pdf import ReadPdf, limits_for, ocr_for, read_pdf
from scopegap.match.catalog import Catalog, load_catalog
from scopegap.settings import Settings


def extract_path(
    path: str | Path, password: str | None = None, settings: Settings | None = None
) -> DocumentScope:
    """Read and extract one document (raises DocumentError when it cannot be read).

    ``settings`` carries the reading limits and whether to OCR pages without usable text.
    """
    settings = settings or Settings()
    pdf = read_pdf(path, password=password, limits=limits_for(settings), ocr=ocr_for(settings))
    return extract_document(pdf)


def extract_document(pdf: ReadPdf) -> DocumentScope:
    catalog = load_catalog()
    text_pages = tuple(p for p in pdf.pages if p.has_text)
    base = DocumentScope(
        path=pdf.path,
        sha256=pdf.sha256,
        kind="unknown",
        page_count=len(pdf.pages),
        text_pages=tuple(p.number for p in text_pages),
        no_text_pages=tuple(p.number for p in pdf.pages if not p.has_text),
    )
    if not text_pages:
        return _replace(base, warnings=("no page has extractable text (image-only scan?)",
                                        *page_warnings(pdf)))
    ocr_pages = frozenset(p.number for p in text_pages if p.source == "ocr")
    return mark_ocr_evidence(_by_kind(pdf, base, catalog), ocr_pages)


def _by_kind(pdf: ReadPdf, base: DocumentScope, catalog: Catalog) -> DocumentScope:
    """SOC reports and bridge letters have their own extraction; anything else is read as a
    certificate, keeping the warning of a document that only claims to be a SOC report."""
    report = classify_report(tuple(p for p in pdf.pages if p.has_text))
    if report is not None and report.kind in ("soc2_type1", "soc2_type2", "soc3"):
        from scopegap.extract.soc import extract_soc

        scope = extract_soc(pdf, base, report.kind, catalog)
        return _replace(scope, warnings=tuple(dict.fromkeys((*report.warnings,
                                                              *scope.warnings))))
    if report is not None and report.kind == "bridge_letter":
        from scopegap.extract.bridge import extract_bridge

        return extract_bridge(pdf, base, catalog)
    scope = _certificate(pdf, base, catalog)
    if report is not None and report.warnings:
        scope = _replace(scope, warnings=tuple(dict.fromkeys((*report.warnings,
                                                              *scope.warnings))))
    return scope


def _replace(scope: DocumentScope, **changes: object) -> DocumentScope:
    from dataclasses import replace

    return replace(scope, **changes)  # type: ignore[arg-type]


def _certificate(pdf: ReadPdf, base: DocumentScope, catalog: Catalog) -> DocumentScope:
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
        return _replace(base, warnings=tuple(dict.fromkeys(warnings)))
    blocks = scope_blocks(pages) if certifies else []
    contents = scope_contents(pdf, blocks, holder_value, catalog) if certifies else None
    scope_text = None
    if blocks:
        from scopegap.domain import Evidence, TextValue

        scope_text = TextValue(
            "\n\n".join(squash(b.text) for b in blocks), Evidence(blocks[0].page, blocks[0].flat)
        )
    elif certifies:
        warnings.append("no scope statement found: nothing in this document can cover an item")
    return _replace(
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
