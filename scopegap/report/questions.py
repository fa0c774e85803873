"""The request to send the vendor for each finding, worded in models/patterns/questions.yaml.

A finding tells the reviewer what is wrong; the question is what they paste into the email to
the vendor. Wording is policy (each buyer phrases it differently), so it lives in data.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import Any

from scopegap.domain import DocumentScope, Finding, Report
from scopegap.resources import load_yaml

QUESTIONS_FILE = "patterns/questions.yaml"
FIELDS = frozenset({
    "subject", "item_type", "vendor", "as_of", "document", "page", "holder",
    "window_start", "window_end", "gap_start", "message",
})


@dataclass(frozen=True)
class Question:
    """One ready-to-send request and the (1-based) numbers of the findings it answers."""

    text: str
    findings: tuple[int, ...]


@dataclass(frozen=True)
class Wording:
    questions: dict[str, str]
    default: str
    item_types: dict[str, str]


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def parse_wording(raw: Any, source: str) -> Wording:
    """Validate the wording: an unknown placeholder or a missing section fails here, when
    the file loads, not halfway through a report."""
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), dict) \
            or not isinstance(raw.get("default"), str) \
            or not isinstance(raw.get("item_types"), dict):
        raise ValueError(f"{source}: needs 'questions' (a mapping), 'item_types' (a mapping) "
                         "and 'default' (a string)")
    questions = {str(k): " ".join(str(v).split()) for k, v in raw["questions"].items()}
    default = " ".join(raw["default"].split())
    for kind, template in [*questions.items(), ("default", default)]:
        try:
            unknown = _fields(template) - FIELDS
        except ValueError as error:  # an unbalanced brace
            raise ValueError(f"{source}: {kind}: {error}") from None
        if unknown:
            raise ValueError(f"{source}: {kind}: unknown placeholder(s) {sorted(unknown)}")
    return Wording(questions, default, {str(k): str(v) for k, v in raw["item_types"].items()})


@cache
def load_wording() -> Wording:
    return parse_wording(load_yaml(QUESTIONS_FILE), f"models/{QUESTIONS_FILE}")


def _document(report: Report, path: str | None) -> DocumentScope | None:
    return next((d for d in report.documents if d.path == path), None)


def _context(finding: Finding, report: Report, wording: Wording) -> dict[str, str]:
    document = _document(report, finding.document)
    end = document.window_end.value if document and document.window_end else None
    start = document.window_start.value if document and document.window_start else None
    item_type = next((row.item.type for row in report.coverage
                      if row.item.name == finding.subject), "")
    return {
        "subject": finding.subject,
        "item_type": wording.item_types.get(item_type, "item"),
        "vendor": report.vendor or "the vendor",
        "as_of": report.as_of.isoformat(),
        "document": document.file_name if document else "the documents",
        "page": str(finding.page) if finding.page else "?",
        "holder": document.holder.value if document and document.holder else
        "the named holder",
        "window_start": start.isoformat() if start else "an unknown date",
        "window_end": end.isoformat() if end else "an unknown date",
        "gap_start": (end + timedelta(days=1)).isoformat() if end else
        "the end of the last period",
        "message": finding.message,
    }


def question_for(finding: Finding, report: Report) -> str:
    """The request for one finding (the default wording for a kind the file does not know)."""
    wording = load_wording()
    template = wording.questions.get(finding.kind, wording.default)
    return template.format_map(_context(finding, report, wording))


def collect_questions(report: Report) -> tuple[Question, ...]:
    """Every open finding's request in finding order; the same request asked once, naming
    all the findings it answers, so the vendor never gets a duplicate."""
    order: dict[str, list[int]] = {}
    for number, finding in enumerate(report.findings, start=1):
        if not finding.is_open:
            continue  # an accepted gap: nothing to ask until its waiver ends
        order.setdefault(question_for(finding, report), []).append(number)
    return tuple(Question(text, tuple(numbers)) for text, numbers in order.items())
