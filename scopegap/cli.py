"""Command line: argv, output and exit codes only; the work happens in scopegap.analysis."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click

from scopegap import __version__
from scopegap.errors import DocumentError, ScopegapError
from scopegap.settings import SEVERITY_RANK

FORMATS = ("text", "json")
SUFFIX_FORMATS = {".json": "json", ".txt": "text"}


def _as_of(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date YYYY-MM-DD") from None


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
        click.option("--config", type=click.Path(), help="YAML file of thresholds/severities."),
        click.option("-v", "--verbose", is_flag=True,
                     help="Text output: show why each item was judged so, with evidence."),
        click.option("-q", "--quiet", is_flag=True, help="Print nothing on standard output."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scopegap")
def main() -> None:
    """Check vendors' ISO/IEC 27001 certificates and SOC reports against a contract stack."""


@main.command()
@click.argument("documents", nargs=-1, required=True, type=click.Path())
@output_options
def extract(documents: tuple[str, ...], **options: Any) -> None:
    """What each document covers (no contract needed)."""
    _run(documents, None, **options)


@main.command()
@click.option("--stack", "stack_path", required=True, type=click.Path(),
              help="The contract stack YAML (vendor, contract, tools, sites, regions, "
                   "subprocessors).")
@click.argument("documents", nargs=-1, required=True, type=click.Path())
@output_options
def check(stack_path: str, documents: tuple[str, ...], **options: Any) -> None:
    """Gap analysis of the documents against the contract stack."""
    _run(documents, stack_path, **options)


def _fail(error: ScopegapError) -> NoReturn:
    click.echo(f"scopegap: error: {error}", err=True)
    sys.exit(error.exit_code)


def _run(documents: Sequence[str], stack_path: str | None, *, fmt: str | None,
         output: str | None, as_of: date, fail_on: str, password: str | None,
         config: str | None, verbose: bool, quiet: bool) -> None:
    from scopegap.analysis import analyse
    from scopegap.extract.document import extract_path
    from scopegap.ingest.stack import load_stack
    from scopegap.report import render
    from scopegap.settings import load_settings

    try:
        settings = load_settings(config)
        stack = load_stack(stack_path) if stack_path else None
    except ScopegapError as error:
        _fail(error)
    scopes = []
    unreadable: list[DocumentError] = []
    for path in documents:
        try:
            scopes.append(extract_path(path, password=password))
        except DocumentError as error:
            unreadable.append(error)
        except Exception as error:  # a bug must still name the file, never dump a traceback
            unreadable.append(DocumentError(path, f"could not be processed "
                                                  f"({type(error).__name__}: {error})"))
    report = analyse(scopes, stack, as_of, settings)
    chosen = fmt or (SUFFIX_FORMATS.get(Path(output).suffix.lower(), "json") if output
                     else ("text" if sys.stdout.isatty() else "json"))
    rendered = render(report, chosen, verbose=verbose)
    if output:
        try:
            Path(output).write_text(rendered, encoding="utf-8")
        except OSError as error:
            click.echo(f"scopegap: error: {output}: cannot write: {error.strerror}", err=True)
            sys.exit(2)
    elif not quiet:
        click.echo(rendered, nl=False)
    for error in unreadable:
        click.echo(f"scopegap: error: {error}", err=True)
    if unreadable:
        sys.exit(3)
    threshold = SEVERITY_RANK.get(fail_on)
    if threshold is not None and any(SEVERITY_RANK[f.severity] >= threshold
                                     for f in report.findings):
        sys.exit(1)
    sys.exit(0)
