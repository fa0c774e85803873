"""Shared shape of a rule: a pure function of the documents, stack and date → findings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Re-exported for calendar_ics.py, which imports it from here (its home is domain.py).
from scopegap.domain import CERTIFICATE_KINDS as CERTIFICATE_KINDS
from scopegap.domain import Coverage, DocumentScope, Finding, Severity, Stack
from scopegap.match.catalog import Catalog
from scopegap.settings import Settings


@dataclass(frozen=True)
class RuleInput:
    documents: tuple[DocumentScope, ...]
    stack: Stack | None
    coverage: tuple[Coverage, ...]
    as_of: date
    settings: Settings
    catalog: Catalog  # the caller's, so a test can hand the rules its own


def finding(
    settings: Settings,
    kind: str,
    subject: str,
    message: str,
    document: DocumentScope | str | None = None,
    page: int | None = None,
    evidence: str | None = None,
) -> Finding:
    path = document.path if isinstance(document, DocumentScope) else document
    severity: Severity = settings.severity(kind)  # type: ignore[assignment]
    return Finding(kind=kind, severity=severity, subject=subject, message=message,
                   document=path, page=page, evidence=evidence)
