"""The library's face: extract, check and diff as functions over the stages.

The CLI and the portfolio runner both call these, so a document is read, matched and judged
the same way whichever door it came in by. Pure apart from reading the files named; heavy
libraries (spaCy) are imported only when a document is actually extracted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from scopegap.domain import DocumentScope, Report, Stack, Waiver
from scopegap.errors import DocumentError
from scopegap.match.catalog import Catalog, load_catalog
from scopegap.match.coverage import judge_coverage
from scopegap.rules import evaluate
from scopegap.rules.base import RuleInput
from scopegap.settings import Settings

if TYPE_CHECKING:
    from scopegap.drift.diff import ScopeDiff
    from scopegap.portfolio.cache import ExtractionCache


def load_stack(path: str, catalog: Catalog | None = None) -> Stack:
    """The contract stack at ``path``, its ``data_locations`` resolved through the catalog
    (StackError, exit 2, for a file that cannot be used or a place the catalog does not know)."""
    from scopegap.ingest.stack import load_stack as read_stack
    from scopegap.match.places import resolve_data_locations

    stack = read_stack(path)
    if not stack.data_locations:
        return stack
    return resolve_data_locations(stack, catalog or load_catalog())


def read_document(path: str, settings: Settings | None = None,
                  password: str | None = None) -> DocumentScope:
    """Read and extract one document; DocumentError (exit 3) when it cannot be read.

    An unexpected error still names the file (one line, never a traceback). The PDF is read
    before the extractor is imported, so an unreadable file fails without spaCy's start-up.
    A ``.html``/``.htm``/``.md``/``.csv`` file is read as a vendor's subprocessor list.
    """
    from scopegap.ingest.lists import list_format
    from scopegap.ingest.pdf import limits_for, ocr_for, read_pdf

    settings = settings or Settings()
    try:
        if list_format(path) is not None:  # a subprocessor list saved as HTML, Markdown, CSV
            from scopegap.extract.subprocessors import list_scope, read_list_path

            return list_scope(*read_list_path(path, load_catalog()))
        pdf = read_pdf(path, password=password, limits=limits_for(settings),
                       ocr=ocr_for(settings))
        from scopegap.nlp.pipeline import import_spacy

        import_spacy()  # before the extractor's imports: see import_spacy
        from scopegap.extract.document import extract_document

        return extract_document(pdf)
    except DocumentError:
        raise
    except Exception as error:  # a bug must still name the file, never dump a traceback
        detail = " ".join(str(error).split())[:200]
        raise DocumentError(path, f"could not be processed ({type(error).__name__}: "
                                  f"{detail})") from error


def read_cached(path: str, settings: Settings | None = None, password: str | None = None,
                cache: ExtractionCache | None = None) -> DocumentScope:
    """``read_document`` through the extraction cache (when one is given): identical bytes
    read under the same pipeline and reading settings are served from it, and a run whose
    documents are all cached never imports the extractor (nor spaCy, nor pdfplumber)."""
    hit = cache.lookup(path) if cache is not None else None
    if hit is not None:
        return hit
    scope = read_document(path, settings, password)
    if cache is not None:
        cache.put(scope)
    return scope


def extract(paths: Sequence[str], settings: Settings | None = None,
            password: str | None = None, cache: ExtractionCache | None = None,
            ) -> tuple[tuple[DocumentScope, ...], tuple[DocumentError, ...]]:
    """Every readable document's scope, and one error per unreadable one (the rest go on)."""
    scopes: list[DocumentScope] = []
    unreadable: list[DocumentError] = []
    for path in paths:
        try:
            scopes.append(read_cached(path, settings, password, cache))
        except DocumentError as error:
            unreadable.append(error)
    return tuple(scopes), tuple(unreadable)


def analyse(documents: Sequence[DocumentScope], stack: Stack | None, as_of: date,
            settings: Settings, catalog: Catalog | None = None,
            waivers: Sequence[Waiver] = ()) -> Report:
    """Coverage of the stack by the documents, and the findings, as one Report.

    The catalog is loaded here, once, when the caller does not hand one in. ``waivers``
    (a --waivers file) add to the stack's own; a waiver naming neither a stack item nor a
    document of the run is a UsageError (exit 2) naming its line."""
    from scopegap.rules.waivers import check_waivers

    documents = tuple(documents)
    accepted = (stack.waivers if stack else ()) + tuple(waivers)
    check_waivers(accepted, stack, documents)
    catalog = catalog or load_catalog()
    coverage = judge_coverage(stack, documents, settings, catalog) if stack else ()
    findings = evaluate(RuleInput(documents, stack, coverage, as_of, settings, catalog,
                                  accepted))
    return Report(
        as_of=as_of,
        vendor=stack.vendor if stack else None,
        documents=documents,
        coverage=coverage,
        findings=findings,
    )


def check(stack: Stack | None, paths: Sequence[str], as_of: date,
          settings: Settings | None = None, password: str | None = None,
          waivers: Sequence[Waiver] = (), cache: ExtractionCache | None = None,
          ) -> tuple[Report, tuple[DocumentError, ...]]:
    """The gap analysis of ``paths`` against ``stack`` (None: what the documents cover),
    with the documents that could not be read (the report covers the others)."""
    settings = settings or Settings()
    scopes, unreadable = extract(paths, settings, password, cache)
    return analyse(scopes, stack, as_of, settings, waivers=waivers), unreadable


def diff(old: str, new: str, catalog: Catalog, settings: Settings | None = None,
         password: str | None = None, cache: ExtractionCache | None = None) -> ScopeDiff:
    """Scope drift from the document at ``old`` to the one at ``new``; DocumentError when
    either cannot be read."""
    from scopegap.drift.diff import diff_scopes

    return diff_scopes(read_cached(old, settings, password, cache),
                       read_cached(new, settings, password, cache), catalog)
