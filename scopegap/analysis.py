"""The whole flow for one vendor: documents → scopes → coverage → findings → Report.

Pure apart from reading the files named; the CLI and the portfolio runner both call it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from scopegap.domain import DocumentScope, Report, Stack
from scopegap.match.catalog import load_catalog
from scopegap.match.coverage import judge_coverage
from scopegap.rules import evaluate
from scopegap.rules.base import RuleInput
from scopegap.settings import Settings

if TYPE_CHECKING:
    from scopegap.cache import ExtractionCache


def extract_all(paths: Sequence[str], password: str | None = None) -> tuple[DocumentScope, ...]:
    """Extract every document; the first unreadable one raises DocumentError (exit 3)."""
    from scopegap.extract.document import extract_path  # spaCy: imported only when needed

    return tuple(extract_path(path, password=password) for path in paths)


def extract_cached(
    path: str, cache: ExtractionCache | None, password: str | None = None,
    digest: str | None = None, settings: Settings | None = None,
) -> tuple[DocumentScope, bool]:
    """Extract one document, reusing the cached scope of identical bytes; (scope, was_cached).

    The extractor (and spaCy with it) is imported only on a miss, so a fully cached run
    never pays its start-up. An unreadable file raises DocumentError as ``extract_path`` does.
    ``digest`` is the file's sha256 when the caller has already computed it; ``settings``
    carries the reading limits and OCR choice (the cache must be keyed on them too).
    """
    from scopegap.cache import file_sha256

    if cache is not None:
        if digest is None:  # the caller may have hashed the file already
            try:
                digest = file_sha256(path)
            except OSError:
                digest = None  # let the extractor name the problem (missing, unreadable)
        hit = cache.get(digest, path) if digest else None
        if hit is not None:
            return hit, True
    from scopegap.ingest.pdf import limits_for, ocr_for, read_pdf

    settings = settings or Settings()
    # An unreadable file fails here, before the extractor (and spaCy) is imported.
    pdf = read_pdf(path, password=password, limits=limits_for(settings), ocr=ocr_for(settings))
    from scopegap.extract.document import extract_document

    scope = extract_document(pdf)
    if cache is not None:
        cache.put(scope)
    return scope, False


def analyse(
    documents: Sequence[DocumentScope],
    stack: Stack | None,
    as_of: date,
    settings: Settings,
) -> Report:
    documents = tuple(documents)
    catalog = load_catalog()
    coverage = judge_coverage(stack, documents, settings, catalog) if stack else ()
    findings = evaluate(RuleInput(documents, stack, coverage, as_of, settings, catalog))
    return Report(
        as_of=as_of,
        vendor=stack.vendor if stack else None,
        documents=documents,
        coverage=coverage,
        findings=findings,
    )
