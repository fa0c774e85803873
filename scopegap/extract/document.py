"""One PDF → one ``DocumentScope``: classification, then the certificate (``iso/``), SOC report
(``soc/``) or bridge letter (``bridge``) extractor, each handed the catalog."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from scopegap.domain import DocumentScope
from scopegap.extract.classify import classify_report
from scopegap.extract.iso.assemble import extract_certificate
from scopegap.extract.provenance import (
    drop_unreadable,
    low_confidence_warnings,
    mark_ocr_evidence,
    ocr_read_pages,
    page_warnings,
)
from scopegap.ingest.page_image import blank_pages
from scopegap.ingest.pdf import ReadPdf, limits_for, ocr_for, read_pdf
from scopegap.match.catalog import Catalog, load_catalog
from scopegap.settings import Settings


def extract_path(
    path: str | Path, password: str | None = None, settings: Settings | None = None,
    catalog: Catalog | None = None,
) -> DocumentScope:
    """Read and extract one document (raises DocumentError when it cannot be read).

    ``settings`` carries the reading limits and whether to OCR pages without usable text.
    """
    settings = settings or Settings()
    pdf = read_pdf(path, password=password, limits=limits_for(settings), ocr=ocr_for(settings))
    return extract_document(pdf, catalog)


def extract_document(pdf: ReadPdf, catalog: Catalog | None = None) -> DocumentScope:
    """Extract a read PDF. Every stage below takes ``catalog`` as an argument; this is the one
    place extraction loads the packaged catalog, when the caller hands none."""
    catalog = catalog if catalog is not None else load_catalog()
    text_pages = tuple(p for p in pdf.pages if p.has_text)
    no_text = [p.number for p in pdf.pages if not p.has_text]
    blank: set[int] = set()
    if text_pages and no_text:  # a blank back page beside text pages hides nothing
        blank = blank_pages(pdf.path, no_text, pdf.password)
        no_text = [n for n in no_text if n not in blank]
        # a blank page's empty layer is all its image shows: no "no text layer" warning for it
        pdf = replace(pdf, pages=tuple(replace(p, layer="ok") if p.number in blank else p
                                       for p in pdf.pages))
    # a page read wholly by OCR has no text layer either: what came from it is a reading of
    # its image, to be checked against it (no_text_layer says so)
    no_layer = sorted({*no_text, *(p.number for p in text_pages if p.source == "ocr")})
    base = DocumentScope(
        path=pdf.path,
        sha256=pdf.sha256,
        kind="unknown",
        page_count=len(pdf.pages),
        text_pages=tuple(p.number for p in text_pages),
        no_text_pages=tuple(no_layer),
        blank_pages=tuple(sorted(blank)),
    )
    if not text_pages:
        return _replace(base, warnings=("no page has extractable text (image-only scan?)",
                                        *page_warnings(pdf)))
    ocr_pages = ocr_read_pages(pdf)
    scope = mark_ocr_evidence(_by_kind(pdf, base, catalog), ocr_pages)
    if not ocr_pages:
        return scope
    scope = drop_unreadable(scope)
    flagged = low_confidence_warnings(scope)
    return _replace(scope, warnings=tuple(dict.fromkeys((*scope.warnings, *flagged))))


def _by_kind(pdf: ReadPdf, base: DocumentScope, catalog: Catalog) -> DocumentScope:
    """SOC reports and bridge letters have their own extraction; anything else is read as a
    certificate, keeping the warning of a document that only claims to be a SOC report."""
    report = classify_report(tuple(p for p in pdf.pages if p.has_text))
    if report is not None and report.kind in ("soc2_type1", "soc2_type2", "soc3"):
        from scopegap.extract.soc.assemble import extract_soc

        scope = extract_soc(pdf, base, report.kind, catalog)
        return _replace(scope, warnings=tuple(dict.fromkeys((*report.warnings,
                                                              *scope.warnings))))
    if report is not None and report.kind == "bridge_letter":
        from scopegap.extract.bridge import extract_bridge

        return extract_bridge(pdf, base, catalog)
    scope = extract_certificate(pdf, base, catalog)
    if scope.kind == "unknown" and report is None:
        listed = _as_list(pdf, catalog)
        if listed is not None:
            return listed
    if report is not None and report.warnings:
        scope = _replace(scope, warnings=tuple(dict.fromkeys((*report.warnings,
                                                              *scope.warnings))))
    return scope


def _as_list(pdf: ReadPdf, catalog: Catalog) -> DocumentScope | None:
    """A vendor's subprocessor list printed to PDF: it calls itself one near its start and
    its pages hold entries (a table with a name column, or a list of third parties)."""
    from scopegap.errors import DocumentError
    from scopegap.extract.subprocessors import (
        list_scope,
        mentions_list,
        pdf_list_source,
        read_entries,
    )

    opening = "\n".join(p.text for p in pdf.pages[:3] if p.has_text)[:3000]
    if not mentions_list(opening):
        return None
    source = pdf_list_source(pdf)
    try:
        reading = read_entries(source, catalog)
    except DocumentError:
        return None  # it speaks of subprocessors but lists none: not a list
    return list_scope(source, reading)


def _replace(scope: DocumentScope, **changes: object) -> DocumentScope:
    return replace(scope, **changes)  # type: ignore[arg-type]
