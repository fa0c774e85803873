"""The portfolio on a Dask cluster (``--executor dask``): the same results as the local pool.

Dask's distributed scheduler does the scheduling (we write none): one task per document to
extract and one per vendor to assess, on a ``distributed.Client`` connected to the given
scheduler, or to a ``LocalCluster`` started for the run. This process keeps what must stay
in one place: the extraction cache is consulted before anything is submitted (a cached
document is never sent to a worker) and filled as extractions come back, stacks are read and
refused here, and report files are written here from the text the workers rendered, so the
files are byte for byte those of a local run.

Errors stay with their vendor as in the local pool: a document that cannot be read is that
vendor's error; a worker that dies is retried once (the cluster's ``allowed-failures``, set
for a cluster we start) and then is that vendor's error. Workers must see the PDFs at the
paths given (a shared file system, as for any Dask worker reading files).
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from scopegap.domain import DocumentScope, Stack
from scopegap.errors import DocumentError, ScopegapError, UsageError
from scopegap.portfolio.discovery import VendorJob
from scopegap.portfolio.runner import (
    Rendered,
    RunOptions,
    VendorResult,
    Work,
    render_reports,
    write_reports,
)

if TYPE_CHECKING:
    from scopegap.portfolio.cache import ExtractionCache

DASK_EXTRA = "pip install 'scopegap[dask]'"
# A task whose worker died runs once more, then its vendor fails (set on a cluster we start;
# a cluster of the user's keeps its own ``distributed.scheduler.allowed-failures``).
RETRIES = 1
CONNECT_TIMEOUT = "30s"
Outcome = DocumentScope | str  # a document's scope, or why it could not be read


def crashed(job: VendorJob) -> str:
    """The message of a vendor lost to a dying worker (the local pool's words)."""
    return (f"{job.vendor_id}: the worker process crashed while reading this vendor's "
            "documents")


@contextmanager
def dask_client(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A ``distributed.Client`` on ``scheduler``, or on a local cluster of ``workers``
    single-threaded worker processes (closed with the client); UsageError when the extra is
    not installed or the scheduler cannot be reached."""
    dask, distributed = _dask()
    Client, LocalCluster = distributed.Client, distributed.LocalCluster
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as error:
            raise UsageError(f"{scheduler}: cannot reach the Dask scheduler "
                             f"({type(error).__name__}: {error})") from None
        with client:
            yield client
        return
    # Bound to this machine (its HTTP status server on a free loopback port): a local run
    # opens nothing beyond loopback. What goes wrong reaches the user as a vendor's error,
    # so the cluster's own log (a warning per worker restart, per lost task) stays off
    # standard error.
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    # No statistical profiler in the workers (it samples every thread 100 times a second)
    # and slower housekeeping ticks: CPU a 2-core machine would rather spend extracting.
    # A worker holds only the task it runs (no queue of the next vendor's): when a PDF
    # library kills the process, only that task counts the death, not an innocent one.
    config: dict[str, object] = {"distributed.scheduler.allowed-failures": RETRIES,
                                 "distributed.scheduler.worker-saturation": 1.0,
                                 "distributed.worker.profile.enabled": False,
                                 "distributed.admin.tick.interval": "1s",
                                 "distributed.admin.system-monitor.interval": "2s",
                                 "distributed.worker.memory.monitor-interval": "1s"}
    if "fork" in multiprocessing.get_all_start_methods():
        # Workers forked from this process share its extractor, built once here, instead
        # of each importing spaCy and building the pipeline again (as the local pool does).
        from scopegap.portfolio.runner import warm_extractor

        warm_extractor()
        config["distributed.worker.multiprocessing-method"] = "fork"
    with dask.config.set(config), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                         host="127.0.0.1", dashboard_address="127.0.0.1:0") as cluster, \
            Client(cluster) as client:
        yield client


def _dask() -> tuple[Any, Any]:
    """The ``dask`` and ``distributed`` modules (untyped: held as Any); UsageError when the
    optional extra is not installed."""
    try:
        return importlib.import_module("dask"), importlib.import_module("distributed")
    except ImportError:
        raise UsageError(f"--executor dask needs Dask: {DASK_EXTRA}") from None


def extract_task(path: str, password: str | None, settings: Any) -> Outcome:
    """On a worker: one document's scope, or the one line saying why it could not be read
    (the local pool's ``_extract`` words)."""
    from scopegap.api import read_document

    try:
        return read_document(path, settings, password)
    except DocumentError as error:
        return str(error)
    except Exception as error:  # a bug must still name the file
        return f"{path}: could not be processed ({type(error).__name__}: {error})"


def assess_task(job: VendorJob, slug: str, stack: Stack, outcomes: Sequence[Outcome],
                cached: int, options: RunOptions) -> tuple[VendorResult, Rendered]:
    """On a worker: the vendor's report from its documents' outcomes, and its files
    rendered (written by the caller). Never raises, as ``runner.run_vendor``."""
    from scopegap.api import analyse
    from scopegap.portfolio.waivers import folder_waivers, shared_waivers

    started = time.perf_counter()
    scopes = [o for o in outcomes if isinstance(o, DocumentScope)]
    errors = tuple(o for o in outcomes if isinstance(o, str))
    try:
        own = folder_waivers(job.stack) if job.stack else ()
        report = analyse(scopes, stack, options.as_of, options.settings,
                         waivers=own + shared_waivers(options.waivers, stack, scopes))
        rendered = render_reports(report, stack, slug, options)
    except Exception as error:  # the error boundary: one vendor never stops the run
        return VendorResult(job, slug, None, (
            f"{job.vendor_id}: could not be assessed ({type(error).__name__}: {error})",),
            seconds=time.perf_counter() - started), ()
    return VendorResult(job, slug, report, errors, (), cached, len(scopes) - cached,
                        time.perf_counter() - started), rendered


@dataclass
class _Vendor:
    """One vendor in flight: its documents' outcomes so far."""

    job: VendorJob
    slug: str
    stack: Stack
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    cached: int = 0
    lost: bool = False
    started: float = field(default_factory=time.perf_counter)

    @property
    def complete(self) -> bool:
        return len(self.outcomes) == len(self.job.documents)


SUBMIT_BATCH = 8  # vendors whose extractions go to the scheduler in one message


def run_on_dask(work: Sequence[Work], options: RunOptions, client: Any,
                done: Callable[[VendorResult], None]) -> None:
    """Assess ``work`` on ``client``'s cluster, calling ``done`` as each vendor finishes.

    Tasks go to the scheduler a batch at a time (the extractions of ``SUBMIT_BATCH``
    vendors, the assessments of the vendors completed together) and results come back a
    batch at a time: each message to the scheduler and each fetch of a result costs the
    parent process, which shares the cores with the workers, about a millisecond."""
    from scopegap.portfolio.cache import ExtractionCache, cache_key

    key = options.pipeline or cache_key(options.settings)
    cache = ExtractionCache(options.cache_path, key) if options.cache_path else None
    owners: dict[Any, tuple[_Vendor, str]] = {}  # extraction future -> vendor, path
    assessing: dict[Any, _Vendor] = {}  # vendor future -> vendor
    flight = _dask()[1].as_completed()
    try:
        to_extract: list[tuple[_Vendor, str]] = []
        complete: list[_Vendor] = []
        for index, (job, slug, digests) in enumerate(work):
            vendor = _vendor(job, slug, digests, cache, done)
            if vendor is not None:
                to_extract.extend((vendor, p) for p in job.documents if p not in vendor.outcomes)
                if vendor.complete:
                    complete.append(vendor)
            if (index + 1) % SUBMIT_BATCH == 0 or index + 1 == len(work):
                _extract_all(to_extract, options, client, owners, flight)
                _assess_all(complete, options, client, assessing, flight)
                to_extract, complete = [], []
        for batch in flight.batches():
            extracted = [future for future in batch if future in owners]
            finished = [future for future in batch if future not in owners]
            for future, outcome in zip(extracted, _outcomes(client, extracted), strict=True):
                vendor, path = owners.pop(future)
                if outcome is None:
                    vendor.lost = True
                    outcome = crashed(vendor.job)
                elif isinstance(outcome, DocumentScope) and cache is not None:
                    cache.put(outcome)
                vendor.outcomes[path] = outcome
                if vendor.complete:
                    if vendor.lost:
                        done(VendorResult(vendor.job, vendor.slug, None,
                                          (crashed(vendor.job),)))
                    else:
                        complete.append(vendor)
            _assess_all(complete, options, client, assessing, flight)
            complete = []
            for future, outcome in zip(finished, _outcomes(client, finished), strict=True):
                done(_finish(assessing.pop(future), outcome, options, cache))
    finally:
        if cache is not None:
            cache.close()


def _vendor(job: VendorJob, slug: str, digests: dict[str, str], cache: ExtractionCache | None,
            done: Callable[[VendorResult], None]) -> _Vendor | None:
    """The vendor with its stack read here and its cached documents' scopes; None (its
    result handed to ``done``) when the stack cannot be used."""
    from scopegap.api import load_stack

    assert job.stack is not None  # vendors with a problem never reach a runner
    try:
        vendor = _Vendor(job, slug, load_stack(job.stack))
    except ScopegapError as error:
        done(VendorResult(job, slug, None, (str(error),)))
        return None
    for path in job.documents:
        hit = _cached(cache, digests.get(path), path)
        if hit is not None:
            vendor.outcomes[path] = hit
            vendor.cached += 1
    return vendor


def _cached(cache: ExtractionCache | None, digest: str | None,
            path: str) -> DocumentScope | None:
    return cache.get(digest, path) if cache is not None and digest else None


def _extract_all(documents: Sequence[tuple[_Vendor, str]], options: RunOptions, client: Any,
                 owners: dict[Any, tuple[_Vendor, str]], flight: Any) -> None:
    """Submit the extraction of ``documents`` (one task each) in one message."""
    if not documents:
        return
    futures = client.map(extract_task, [path for _, path in documents],
                         password=options.password, settings=options.settings, pure=False)
    for future, owner in zip(futures, documents, strict=True):
        owners[future] = owner
    flight.update(futures)


def _assess_all(vendors: Sequence[_Vendor], options: RunOptions, client: Any,
                assessing: dict[Any, _Vendor], flight: Any) -> None:
    """Submit each vendor's assessment (one task each, in one message), its outcomes in
    document order."""
    if not vendors:
        return
    futures = client.map(assess_task, [v.job for v in vendors], [v.slug for v in vendors],
                         [v.stack for v in vendors],
                         [[v.outcomes[p] for p in v.job.documents] for v in vendors],
                         [v.cached for v in vendors], options=options, pure=False)
    for future, vendor in zip(futures, vendors, strict=True):
        assessing[future] = vendor
    flight.update(futures)


def _outcomes(client: Any, futures: Sequence[Any]) -> list[Any]:
    """The results of ``futures`` (finished), fetched together; None for a future whose
    worker died (twice), or any that cannot be fetched."""
    good = [future for future in futures if future.status == "finished"]
    try:
        fetched = dict(zip(good, client.gather(good), strict=True)) if good else {}
    except Exception:  # a worker lost between finishing and the fetch: one at a time
        fetched = {future: _outcome(future) for future in good}
    return [fetched.get(future) for future in futures]


def _outcome(future: Any) -> Any:
    """The future's result; None when its worker died (twice)."""
    try:
        return future.result()
    except Exception:  # KilledWorker, a lost connection: the worker is gone
        return None


def _finish(vendor: _Vendor, outcome: Any, options: RunOptions,
            cache: ExtractionCache | None) -> VendorResult:
    """Write the rendered reports here; the vendor's result with their paths (``outcome``:
    the assessment's result, None when its worker died)."""
    if outcome is None:
        return VendorResult(vendor.job, vendor.slug, None, (crashed(vendor.job),))
    result, rendered = outcome
    files, write_errors = write_reports(rendered, options)
    assert isinstance(result, VendorResult)
    warning = [cache.warning] if cache is not None and cache.warning else []
    return replace(result, errors=(*result.errors, *warning, *write_errors), report_files=files,
                   seconds=time.perf_counter() - vendor.started)
