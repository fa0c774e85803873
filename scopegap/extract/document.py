"""One PDF → one ``DocumentScope``: classification, fields and scope contents with evidence."""

from __future__ import annotations

from pathlib import Path

from scopegap.domain import DocumentScope
from scopegap.extract.classify import classify_certificate
from scopegap.extract.contents import scope_contents
from scopegap.extract.parties import certificate_number, holder, issuer
from scopegap.extract.scope_text import scope_blocks
from scopegap.extract.standards import find_standards
from scopegap.extract.text import squash
from scopegap.extract.windows import find_window
from scopegap.ingest.pdf import ReadPdf, read_pdf
from scopegap.match.catalog import Catalog, load_catalog
from scopegap.extract.order_hint import date_order_hint


def extract_path(path: str | Path, password: str | None = None) -> DocumentScope:
    """Read and extract one document (raises DocumentError when it cannot be read)."""
    return extract_document(read_pdf(path, password=password))


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
        return _replace(base, warnings=("no page has extractable text (image-only scan?)",))
    return _certificate(pdf, base, catalog)


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
    if base.no_text_pages:
        pages_list = ", ".join(str(n) for n in base.no_text_pages)
        warnings.append(f"page(s) {pages_list} have no extractable text and were not read")
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
