"""Command line: argv, output files and exit codes only; the work happens in scopegap.api
(and scopegap.portfolio), the rendering in scopegap.report."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click

from scopegap import __version__
from scopegap.errors import ScopegapError
from scopegap.report import FORMATS, SUFFIX_FORMATS
from scopegap.settings import SEVERITY_RANK


def _as_of(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date YYYY-MM-DD") from None


def _ocr_languages(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    from scopegap.settings import OCR_LANGUAGES

    if value is not None and not OCR_LANGUAGES.fullmatch(value):
        raise click.BadParameter(f"'{value}' is not Tesseract language codes like tur+eng")
    return value


def _read_overrides(ocr: bool | None, ocr_lang: str | None, max_pages: int | None,
                    timeout: float | None) -> dict[str, Any]:
    """The reading settings given on the command line (they override --config)."""
    given = {"ocr": ocr, "ocr_languages": ocr_lang, "max_pages": max_pages,
             "document_timeout": timeout}
    return {key: value for key, value in given.items() if value is not None}


def output_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """Options every command shares (SPEC.md: Common options)."""
    options = [
        click.option("--format", "fmt", type=click.Choice(FORMATS),
                     help="Output format (default: text on a terminal, else json; or from -o)."),
        click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
                     help="Write the report to this file instead of standard output."),
        click.option("--as-of", callback=_as_of, metavar="YYYY-MM-DD",
                     help="Judge validity windows at this date (default: today)."),
        click.option("--fail-on", type=click.Choice(["high", "medium", "low", "never"]),
                     default="high", show_default=True,
                     help="Exit 1 when a finding has at least this severity."),
        click.option("--password", help="Password for encrypted PDFs."),
        click.option("--ocr", is_flag=True, default=None,
                     help="Read pages without a usable text layer (scans) by OCR (Tesseract)."),
        click.option("--ocr-lang", callback=_ocr_languages, metavar="LANGS",
                     help="Tesseract languages for --ocr, e.g. tur+eng (default: eng)."),
        click.option("--max-pages", type=click.IntRange(min=1),
                     help="Refuse a document with more pages (default: 10000)."),
        click.option("--timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
                     help="Time limit for reading one document, OCR included (default: 300)."),
        click.option("--config", type=click.Path(), help="YAML file of thresholds/severities."),
        click.option("-v", "--verbose", is_flag=True,
                     help="Text output: show why each item was judged so, with evidence."),
        click.option("-q", "--quiet", is_flag=True, help="Print nothing on standard output."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def waivers_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """--waivers FILE (SPEC: accepted gaps; ``waivers:`` in the stack does the same)."""
    return click.option(
        "--waivers", "waivers_path", type=click.Path(dir_okay=False), metavar="FILE",
        help="Accepted gaps (finding kind, subject, reason, accepted_by, until): a waived "
             "finding is shown as waived and does not count for --fail-on.")(function)


def cache_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """The extraction cache options of ``extract``, ``check`` and ``diff`` (the cache
    ``portfolio`` uses: a document already extracted is not read again)."""
    function = click.option("--no-cache", is_flag=True,
                            help="Extract every document again (the cache is not read "
                                 "nor written).")(function)
    return click.option("--cache", "cache_path", type=click.Path(dir_okay=False),
                        help="Extraction cache file (default: "
                             "~/.cache/scopegap/extractions.sqlite3).")(function)


@contextmanager
def _cache_for(cache_path: str | None, no_cache: bool, settings: Any) -> Iterator[Any]:
    """The extraction cache of this run (None with --no-cache); a cache that cannot be used
    is said once on standard error and the run goes on without it."""
    if no_cache:
        yield None
        return
    from scopegap.portfolio.cache import ExtractionCache, cache_key

    with ExtractionCache(cache_path, cache_key(settings)) as cache:
        try:
            yield cache
        finally:
            if cache.warning:
                click.echo(f"scopegap: warning: {cache.warning}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scopegap")
def main() -> None:
    """Check vendors' ISO/IEC 27001 certificates and SOC reports against a contract stack."""


@main.command()
@click.argument("documents", nargs=-1, required=True, type=click.Path())
@output_options
@waivers_option
@cache_options
def extract(documents: tuple[str, ...], **options: Any) -> None:
    """What each document covers (no contract needed)."""
    _run(documents, None, **options)


@main.command()
@click.option("--stack", "stack_path", required=True, type=click.Path(),
              help="The contract stack YAML (vendor, contract, tools, sites, regions, "
                   "subprocessors).")
@click.argument("documents", nargs=-1, required=True, type=click.Path())
@output_options
@waivers_option
@cache_options
def check(stack_path: str, documents: tuple[str, ...], **options: Any) -> None:
    """Gap analysis of the documents against the contract stack."""
    _run(documents, stack_path, **options)


def _fail(error: ScopegapError) -> NoReturn:
    click.echo(f"scopegap: error: {error}", err=True)
    sys.exit(error.exit_code)


def _run(documents: Sequence[str], stack_path: str | None, *, fmt: str | None,
         output: str | None, as_of: date, fail_on: str, password: str | None,
         config: str | None, verbose: bool, quiet: bool, ocr: bool | None = None,
         ocr_lang: str | None = None, max_pages: int | None = None,
         timeout: float | None = None, waivers_path: str | None = None,
         cache_path: str | None = None, no_cache: bool = False) -> None:
    from scopegap.api import check, load_stack
    from scopegap.ingest.waivers import load_waivers
    from scopegap.report import render

    try:
        settings = _settings(config, {"ocr": ocr, "ocr_lang": ocr_lang,
                                      "max_pages": max_pages, "timeout": timeout})
        stack = load_stack(stack_path) if stack_path else None
        waivers = load_waivers(waivers_path) if waivers_path else ()
        with _cache_for(cache_path, no_cache, settings) as cache:
            report, unreadable = check(stack, documents, as_of, settings, password,
                                       waivers=waivers, cache=cache)
    except ScopegapError as error:
        _fail(error)
    chosen = _chosen_format(fmt, output, FORMATS)
    _emit(render(report, chosen, verbose=verbose, stack=stack, pages=_crop_book(chosen, password),
                 catalog=_catalog(chosen)), output, quiet)
    for problem in unreadable:
        click.echo(f"scopegap: error: {problem}", err=True)
    if unreadable:
        sys.exit(3)
    threshold = SEVERITY_RANK.get(fail_on)
    if threshold is not None and any(SEVERITY_RANK[f.severity] >= threshold
                                     for f in report.open_findings):
        sys.exit(1)
    sys.exit(0)


def _crop_book(fmt: str, password: str | None) -> Any:
    """The documents are at hand: an HTML report shows the deciding words on their page."""
    if fmt != "html":
        return None
    from scopegap.ingest.page_image import render_page
    from scopegap.report.crops import DPI, CropBook

    return CropBook(lambda path, page: render_page(path, page, password, DPI))


def _catalog(fmt: str) -> Any:
    """The catalog (already loaded by the analysis) for the quotes of a readable report."""
    if fmt in ("json", "csv"):
        return None
    from scopegap.match.catalog import load_catalog

    return load_catalog()


# --- portfolio, diff, history ------------------------------------------------------------------


def _chosen_format(fmt: str | None, output: str | None, formats: Sequence[str]) -> str:
    """--format, else the -o suffix, else text on a terminal and json when piped."""
    if fmt:
        return fmt
    if output:
        by_suffix = SUFFIX_FORMATS.get(Path(output).suffix.lower(), "json")
        return by_suffix if by_suffix in formats else "json"
    return "text" if sys.stdout.isatty() else "json"


def _emit(rendered: str, output: str | None, quiet: bool) -> None:
    if output:
        _write_file(output, rendered)
    elif not quiet:
        click.echo(rendered, nl=False)


def _write_file(path: str | Path, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        click.echo(f"scopegap: error: {path}: cannot write: {error.strerror or error}", err=True)
        sys.exit(2)


def _settings(config: str | None, options: dict[str, Any]) -> Any:
    from dataclasses import replace

    from scopegap.settings import load_settings

    return replace(load_settings(config), **_read_overrides(
        options.get("ocr"), options.get("ocr_lang"), options.get("max_pages"),
        options.get("timeout")))


@main.command()
@click.argument("path", type=click.Path())
@click.option("--out-dir", default="scopegap-portfolio", show_default=True,
              type=click.Path(file_okay=False),
              help="Folder for each vendor's report and the portfolio summary files.")
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Vendors processed in parallel (default: the number of CPU cores).")
@click.option("--cache", "cache_path", type=click.Path(dir_okay=False),
              help="Extraction cache file (default: ~/.cache/scopegap/extractions.sqlite3).")
@click.option("--no-cache", is_flag=True, help="Extract every document again.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local",
              show_default=True,
              help="local: a process pool on this machine; dask: a Dask cluster "
                   "(pip install 'scopegap[dask]').")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --executor dask: the scheduler to use, e.g. tcp://10.0.0.5:8786 "
                   "(default: a local cluster of --jobs worker processes).")
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help="Run history database (default: ~/.local/share/scopegap/history.sqlite3).")
@click.option("--no-history", is_flag=True, help="Do not record this run in the history.")
@click.option("--ics", "ics_path", type=click.Path(dir_okay=False),
              help="Also write the renewal dates (certificate expiry, SOC report staleness, "
                   "bridge letter end, waiver end) as an iCalendar file.")
@output_options
@waivers_option
def portfolio(path: str, out_dir: str, jobs: int | None, cache_path: str | None,
              no_cache: bool, executor: str, scheduler: str | None, db_path: str | None,
              no_history: bool, ics_path: str | None, waivers_path: str | None,
              **options: Any) -> None:
    """Batch: every vendor under PATH (a folder of vendor folders, or a manifest).

    Each vendor folder holds stack.yaml and the vendor's PDFs; a manifest (YAML or CSV)
    lists vendor, stack and documents. One bad vendor never stops the run. Exit 0: no
    finding at or above --fail-on; 1: some vendor has one; 3: some vendor could not be fully
    assessed (unreadable document, invalid stack; the others are still reported); 2: PATH,
    options or the history database are unusable.

    Waivers: a vendor folder's waivers.yaml and its stack's waivers: apply to it; a
    --waivers file is shared, each vendor taking the waivers about its items and documents.
    """
    from datetime import UTC, datetime

    from scopegap.ingest.waivers import load_waivers
    from scopegap.portfolio.cache import cache_key, default_cache_path
    from scopegap.portfolio.calendar import portfolio_events
    from scopegap.portfolio.discovery import discover
    from scopegap.portfolio.history import check_database, default_history_path, record_run
    from scopegap.portfolio.runner import (
        RunOptions,
        default_jobs,
        run_portfolio,
        vendor_report_formats,
    )
    from scopegap.portfolio.summary import build_summary, exit_code
    from scopegap.report.calendar import render_ics
    from scopegap.report.portfolio import SUMMARY_FILES, render_summary

    quiet = bool(options["quiet"])
    if scheduler is not None and executor != "dask":
        click.echo("scopegap: error: --scheduler needs --executor dask", err=True)
        sys.exit(2)
    try:
        settings = _settings(options["config"], options)
        vendor_jobs = discover(path)
        shared = load_waivers(waivers_path) if waivers_path else ()
        history = None if no_history else Path(db_path) if db_path else default_history_path()
        if history is not None:
            check_database(history)  # fail before the run, not after it
    except ScopegapError as error:
        _fail(error)
    run = RunOptions(
        as_of=options["as_of"], settings=settings, out_dir=out_dir,
        password=options["password"],
        cache_path=None if no_cache else str(cache_path or default_cache_path()),
        pipeline=cache_key(settings), report_formats=vendor_report_formats(), waivers=shared)
    workers = jobs or default_jobs()
    show_progress = not quiet and sys.stderr.isatty()
    with click.progressbar(length=len(vendor_jobs), label="Vendors", file=sys.stderr,
                           item_show_func=lambda item: item,
                           hidden=not show_progress) as bar:
        try:
            results = run_portfolio(vendor_jobs, run, workers,
                                    on_result=lambda r: bar.update(1, r.job.vendor_id),
                                    executor=executor, scheduler=scheduler)
        except ScopegapError as error:
            _fail(error)
    summary = build_summary(results, source=path, as_of=run.as_of, settings=settings,
                            fail_on=options["fail_on"])
    for fmt, name in SUMMARY_FILES.items():
        _write_file(Path(out_dir) / name, render_summary(summary, fmt))
    if ics_path:
        _write_file(ics_path, render_ics(portfolio_events(results, settings), run.as_of,
                                         settings))
    if history is not None:
        try:
            record_run(history, results, as_of=run.as_of, source=path,
                       pipeline=run.pipeline or "", recorded_at=datetime.now(UTC))
        except ScopegapError as error:
            click.echo(f"scopegap: error: {error}", err=True)
    chosen = _chosen_format(options["fmt"], options["output"], FORMATS)
    _emit(render_summary(summary, chosen), options["output"], quiet)
    for result in results:
        for problem in result.errors:
            click.echo(f"scopegap: error: {result.job.vendor_id}: {problem}", err=True)
    if not quiet:
        cached = sum(r.cached for r in results)
        read = cached + sum(r.extracted for r in results)
        click.echo(f"scopegap: {len(results)} vendor(s) into {out_dir} ({cached} of {read} "
                   "document(s) from the cache)", err=True)
    sys.exit(exit_code(summary))


@main.command()
@click.argument("old_doc", metavar="OLD_DOC", type=click.Path())
@click.argument("new_doc", metavar="NEW_DOC", type=click.Path())
@output_options
@cache_options
def diff(old_doc: str, new_doc: str, **options: Any) -> None:
    """Scope drift between two versions of a certificate or report.

    Lists systems, sites, regions, standards and extensions added or removed, holder or
    issuer changed, window moved, exclusions and carve-outs added or dropped, each with the
    words and page of both documents. Exit 1 when a change is at or above --fail-on (less
    coverage is high), 3 when a document cannot be read.
    """
    from scopegap.api import diff as diff_documents
    from scopegap.match.catalog import load_catalog
    from scopegap.report.diff import render_diff

    try:
        settings = _settings(options["config"], options)
        with _cache_for(options["cache_path"], options["no_cache"], settings) as cache:
            drift = diff_documents(old_doc, new_doc, load_catalog(), settings,
                                   options["password"], cache)
    except ScopegapError as error:
        _fail(error)
    chosen = _chosen_format(options["fmt"], options["output"], FORMATS)
    _emit(render_diff(drift, chosen), options["output"], bool(options["quiet"]))
    threshold = SEVERITY_RANK.get(options["fail_on"])
    sys.exit(1 if threshold is not None and any(
        SEVERITY_RANK[c.severity] >= threshold for c in drift.changes) else 0)


@main.command()
@click.argument("vendor")
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help="Run history database (default: ~/.local/share/scopegap/history.sqlite3).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]),
              help="Output format (default: text on a terminal, else json; or from -o).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of standard output.")
def history(vendor: str, db_path: str | None, fmt: str | None, output: str | None) -> None:
    """How VENDOR's findings and windows changed, portfolio run by run.

    VENDOR is the vendor's folder name (or manifest id), or its legal name.
    """
    from scopegap.portfolio.history import default_history_path, history_json, vendor_history
    from scopegap.report.history import HISTORY_FORMATS, render_history

    database = Path(db_path) if db_path else default_history_path()
    try:
        entries = vendor_history(database, vendor)
    except ScopegapError as error:
        _fail(error)
    if not entries:
        click.echo(f"scopegap: error: {database}: no recorded run of vendor '{vendor}'",
                   err=True)
        sys.exit(2)
    chosen = _chosen_format(fmt, output, HISTORY_FORMATS)
    _emit(render_history(history_json(vendor, entries), chosen), output, False)
    sys.exit(0)
