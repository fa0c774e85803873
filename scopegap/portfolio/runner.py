"""Batch runner: every vendor of a portfolio, in parallel, each failure kept to its vendor.

One vendor's corrupt PDF, invalid stack or runaway document must never stop the run, so
each vendor runs inside its own error boundary (``run_vendor`` never raises) and each
document inside a time limit. Vendors run in worker processes (``--jobs``); extraction goes
through the SQLite cache, so a re-run over unchanged PDFs skips it. Each vendor's report
is written as JSON plus HTML (text when no HTML renderer is installed).
"""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from scopegap.domain import DocumentScope, Report, Stack, Waiver
from scopegap.errors import DocumentError, ScopegapError, UsageError
from scopegap.portfolio.discovery import VendorJob
from scopegap.settings import Settings

if TYPE_CHECKING:
    from scopegap.portfolio.cache import ExtractionCache

VENDOR_DIR = "vendors"
# The whole extraction of one document (reading, OCR and extraction) gets the reading
# limit (settings.document_timeout) plus this grace, so the reader's own, more precise
# time-out message wins when reading is what ran long.
TIMEOUT_GRACE_SECONDS = 5.0


@dataclass(frozen=True)
class RunOptions:
    as_of: date
    settings: Settings
    out_dir: str
    password: str | None = None
    cache_path: str | None = None  # None: no cache
    pipeline: str | None = None  # cache key (``cache.cache_key``); computed once by the parent
    report_formats: tuple[str, ...] = ("json", "html")
    waivers: tuple[Waiver, ...] = ()  # the run's --waivers file (each vendor takes its own)


@dataclass(frozen=True)
class VendorResult:
    """What happened to one vendor. ``report`` is None when it could not be assessed."""

    job: VendorJob
    slug: str
    report: Report | None
    errors: tuple[str, ...] = ()
    report_files: tuple[tuple[str, str], ...] = ()  # (format, path relative to out_dir)
    cached: int = 0
    extracted: int = 0
    seconds: float = field(default=0.0, compare=False)

    @property
    def status(self) -> str:
        if self.report is None:
            return "failed"
        return "incomplete" if self.errors else "ok"


class DocumentTimeout(DocumentError):
    """A document took longer than the per-document limit."""


def vendor_report_formats() -> tuple[str, ...]:
    """JSON plus HTML where the report package renders it, else plain text."""
    from scopegap.report import FORMATS

    return ("json", "html") if "html" in FORMATS else ("json", "text")


def slugs_for(jobs: Sequence[VendorJob]) -> list[str]:
    """A distinct, file-system-safe name per vendor for its report files."""
    seen: set[str] = set()
    slugs = []
    for job in jobs:
        base = re.sub(r"[^A-Za-z0-9._-]+", "-", job.vendor_id).strip(".-") or "vendor"
        slug, n = base, 2
        while slug.casefold() in seen:
            slug, n = f"{base}-{n}", n + 1
        seen.add(slug.casefold())
        slugs.append(slug)
    return slugs


def default_jobs() -> int:
    return os.cpu_count() or 1


Work = tuple[VendorJob, str, dict[str, str]]  # job, slug, document path -> sha256


def run_portfolio(
    jobs: Sequence[VendorJob],
    options: RunOptions,
    workers: int = 1,
    on_result: Callable[[VendorResult], None] | None = None,
    executor: str = "local",
    scheduler: str | None = None,
) -> tuple[VendorResult, ...]:
    """Run every vendor; results in the order of ``jobs`` whatever the completion order.
    Raises UsageError only when the output folder cannot be created or the Dask cluster
    cannot be used (nothing can be run).

    ``executor`` "local" runs vendors in a process pool of ``workers``; "dask" submits the
    extractions and analyses to a Dask cluster (``dask_runner``): ``scheduler``'s, else a
    local one of ``workers`` processes.

    Worker processes pay off for extraction only: a vendor whose documents are all cached
    is milliseconds of matching and rendering, less than handing it to a process costs, so
    those run here first and only vendors with something to extract go to the pool.
    """
    digests, cached = _cache_plan(jobs, options)
    work: list[Work] = [
        (job, slug, {p: digests[p] for p in job.documents if p in digests})
        for job, slug in zip(jobs, slugs_for(jobs), strict=True)]
    try:
        (Path(options.out_dir) / VENDOR_DIR).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"{options.out_dir}: cannot create the output folder: "
                         f"{error.strerror or error}") from None
    results: dict[str, VendorResult] = {}

    def done(result: VendorResult) -> None:
        results[result.slug] = result
        if on_result is not None:
            on_result(result)

    ready = [item for item in work
             if item[0].problem is not None or all(p in cached for p in item[0].documents)]
    rest = [item for item in work if item not in ready]
    if executor == "dask":
        from scopegap.portfolio.dask_runner import dask_client, run_on_dask

        # Connected first: an unreachable scheduler fails the run before anything is done.
        with dask_client(scheduler, workers) if rest else nullcontext() as client:
            with shared_cache(options) as cache:
                for item in ready:  # nothing to extract: never sent to a worker
                    done(run_vendor(*item, options=options, cache=cache))
            if rest:
                run_on_dask(rest, options, client, done)
        return tuple(results[slug] for _, slug, _ in work)
    with shared_cache(options) as cache:  # closed before any fork
        for item in ready if workers > 1 and len(rest) > 1 else work:
            done(run_vendor(*item, options=options, cache=cache))
    if workers > 1 and len(rest) > 1:
        if multiprocessing.get_start_method() == "fork":
            # Build the extractor once here: forked workers share it instead of each
            # spending a second or more of CPU on its own copy.
            warm_extractor()
        _run_parallel(rest, options, workers, done)
    return tuple(results[slug] for _, slug, _ in work)


def _cache_plan(jobs: Sequence[VendorJob],
                options: RunOptions) -> tuple[dict[str, str], set[str]]:
    """Each document's sha256 (hashed once, here) and the paths already in the cache."""
    from scopegap.portfolio.cache import ExtractionCache, cache_key, file_sha256, plain_file

    if options.cache_path is None:
        return {}, set()
    digests: dict[str, str] = {}
    for path in (p for job in jobs if job.problem is None for p in job.documents):
        if not plain_file(path):  # a pipe in a manifest must not block the run here
            continue
        try:
            digests[path] = file_sha256(path)
        except OSError:
            continue  # the vendor's run names the problem
    # Closed before any fork: an SQLite connection must not cross into a child process.
    key = options.pipeline or cache_key(options.settings)
    with ExtractionCache(options.cache_path, key) as cache:
        cached = {path for path, digest in digests.items() if cache.has(digest)}
    return digests, cached


@contextmanager
def shared_cache(options: RunOptions) -> Iterator[ExtractionCache | None]:
    """One connection to the extraction cache for the vendors run in this process (opening
    SQLite once per vendor was a twentieth of a fully cached run); None when the run has no
    cache or it cannot be opened (each vendor then opens its own and reports why)."""
    from scopegap.portfolio.cache import ExtractionCache, cache_key

    if options.cache_path is None:
        yield None
        return
    cache = ExtractionCache(options.cache_path, options.pipeline or cache_key(options.settings))
    try:
        yield cache if cache.warning is None else None
    finally:
        cache.close()


def warm_extractor() -> None:
    """Import the extractor, matcher and renderers and build the NLP pipeline."""
    from scopegap.api import analyse  # noqa: F401
    from scopegap.extract.document import extract_document  # noqa: F401
    from scopegap.match.catalog import load_catalog
    from scopegap.nlp.pipeline import pipeline
    from scopegap.report import render  # noqa: F401

    pipeline(load_catalog())


def _run_parallel(work: list[Work], options: RunOptions, workers: int,
                  done: Callable[[VendorResult], None]) -> None:
    pending = _in_pool(work, options, min(workers, len(work)), done)
    # A worker that died (a crash inside a PDF library) breaks the whole pool: rerun what
    # was left one vendor per fresh process, so only the vendor that crashes is lost.
    for item in pending:
        if _in_pool([item], options, 1, done):
            job, slug, _ = item
            done(VendorResult(job, slug, None, (
                f"{job.vendor_id}: the worker process crashed while reading this vendor's "
                "documents",)))


def _in_pool(work: list[Work], options: RunOptions, workers: int,
             done: Callable[[VendorResult], None]) -> list[Work]:
    """Run ``work`` in a pool; return the items lost to a broken pool."""
    lost: list[Work] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures: dict[Future[VendorResult], Work] = {
            pool.submit(run_vendor, *item, options=options): item for item in work}
        for future in as_completed(futures):
            try:
                done(future.result())
            except BrokenProcessPool:
                lost.append(futures[future])
    return lost


def run_vendor(job: VendorJob, slug: str, digests: dict[str, str] | None = None, *,
               options: RunOptions, cache: ExtractionCache | None = None) -> VendorResult:
    """Assess one vendor and write its reports; never raises (errors are kept). ``cache``:
    an open extraction cache to use (``shared_cache``), else the vendor opens its own."""
    started = time.perf_counter()
    if job.problem is not None:
        return VendorResult(job, slug, None, (job.problem,), seconds=0.0)
    try:
        return _assess(job, slug, digests or {}, options, started, cache)
    except Exception as error:  # the error boundary: one vendor never stops the run
        return VendorResult(job, slug, None, (
            f"{job.vendor_id}: could not be assessed ({type(error).__name__}: {error})",),
            seconds=time.perf_counter() - started)


def _assess(job: VendorJob, slug: str, digests: dict[str, str], options: RunOptions,
            started: float, shared: ExtractionCache | None) -> VendorResult:
    from scopegap.api import analyse, load_stack
    from scopegap.portfolio.waivers import folder_waivers, shared_waivers

    assert job.stack is not None
    try:
        stack = load_stack(job.stack)
        own = folder_waivers(job.stack)
    except ScopegapError as error:
        return VendorResult(job, slug, None, (str(error),),
                            seconds=time.perf_counter() - started)
    scopes, errors, cached = _extract(job.documents, digests, options, shared)
    try:
        report = analyse(scopes, stack, options.as_of, options.settings,
                         waivers=own + shared_waivers(options.waivers, stack, scopes))
    except ScopegapError as error:  # a waiver about nothing of this vendor's
        return VendorResult(job, slug, None, (str(error),),
                            seconds=time.perf_counter() - started)
    files, write_errors = write_reports(render_reports(report, stack, slug, options), options)
    return VendorResult(job, slug, report, tuple(errors + write_errors), files, cached,
                        len(scopes) - cached, time.perf_counter() - started)


def _extract(paths: Sequence[str], digests: dict[str, str], options: RunOptions,
             shared: ExtractionCache | None = None,
             ) -> tuple[list[DocumentScope], list[str], int]:
    from scopegap.portfolio.cache import ExtractionCache, cache_key, extract_cached

    key = options.pipeline or cache_key(options.settings)  # same settings, same key
    cache = shared
    if cache is not None:
        cache.warning = None  # this vendor's warnings only, as with a connection of its own
    elif options.cache_path:
        cache = ExtractionCache(options.cache_path, key)
    scopes: list[DocumentScope] = []
    errors: list[str] = []
    cached = 0
    try:
        for path in paths:
            try:
                limit = options.settings.document_timeout + TIMEOUT_GRACE_SECONDS
                with time_limit(limit, path):
                    scope, hit = extract_cached(path, cache, options.password,
                                                digests.get(path), options.settings)
            except DocumentError as error:
                errors.append(str(error))
                continue
            except Exception as error:  # a bug must still name the file
                errors.append(f"{path}: could not be processed "
                              f"({type(error).__name__}: {error})")
                continue
            scopes.append(scope)
            cached += hit
    finally:
        if cache is not None:
            if cache.warning:
                errors.append(cache.warning)
            if cache is not shared:
                cache.close()
    return scopes, errors, cached


@contextmanager
def time_limit(seconds: float | None, path: str) -> Iterator[None]:
    """Raise DocumentTimeout when the block runs longer than ``seconds``.

    Uses SIGALRM, so it applies on POSIX in a process's main thread (every worker process,
    and the CLI itself with --jobs 1); elsewhere the document runs without a limit.
    """
    usable = (seconds is not None and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return
    assert seconds is not None

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise DocumentTimeout(path, f"took longer than {seconds:g} s to read and extract; "
                                    "skipped (raise --timeout to allow more)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


SUFFIXES = {"json": ".json", "html": ".html", "text": ".txt", "md": ".md"}


Rendered = tuple[tuple[str, str, str], ...]  # (format, path relative to out_dir, text)


def render_reports(report: Report, stack: Stack, slug: str, options: RunOptions) -> Rendered:
    """Each of the vendor's report files, rendered (written by ``write_reports``: apart, so
    a vendor assessed on another machine has its files written by the run that asked)."""
    from scopegap.match.catalog import load_catalog
    from scopegap.report import render

    catalog = load_catalog()  # for the quotes; crops are for reports made where PDFs are read
    return tuple((fmt, f"{VENDOR_DIR}/{slug}{SUFFIXES.get(fmt, '.' + fmt)}",
                  render(report, fmt, stack=stack, catalog=catalog))
                 for fmt in options.report_formats)


def write_reports(rendered: Rendered,
                  options: RunOptions) -> tuple[tuple[tuple[str, str], ...], list[str]]:
    files: list[tuple[str, str]] = []
    errors: list[str] = []
    for fmt, relative, text in rendered:
        target = Path(options.out_dir) / relative
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as error:
            errors.append(f"{target}: cannot write: {error.strerror or error}")
            continue
        files.append((fmt, relative))
    return tuple(files), errors
