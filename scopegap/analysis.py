"""The whole flow for one vendor: documents → scopes → coverage → findings → Report.

Pure apart from reading the files named; the CLI and the portfolio runner both call it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from scopegap.domain import DocumentScope, Report, Stack
from scopegap.extract.document import extract_path
from scopegap.match.coverage import judge_coverage
from scopegap.rules import evaluate
from scopegap.rules.base import RuleInput
from scopegap.settings import Settings


def extract_all(paths: Sequence[str], password: str | None = None) -> tuple[DocumentScope, ...]:
    """Extract every document; the first unreadable one raises DocumentError (exit 3)."""
    return tuple(extract_path(path, password=password) for path in paths)


def analyse(
    documents: Sequence[DocumentScope],
    stack: Stack | None,
    as_of: date,
    settings: Settings,
) -> Report:
    documents = tuple(documents)
    coverage = judge_coverage(stack, documents, settings) if stack else ()
    findings = evaluate(RuleInput(documents, stack, coverage, as_of, settings))
    return Report(
        as_of=as_of,
        vendor=stack.vendor if stack else None,
        documents=documents,
        coverage=coverage,
        findings=findings,
    )
