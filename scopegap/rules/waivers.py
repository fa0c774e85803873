"""Waivers, applied after every other rule: an accepted gap is shown as waived, not raised
again at each run, and re-opens the day its waiver ends.

A waiver matches exactly one finding kind and one subject (as the report names it), so it
can never hide a different finding. An expired waiver leaves its finding open and adds
``waiver_expired``, which names the waiver (file, line, who accepted it), so the reviewer
sees both the gap and that its acceptance lapsed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from scopegap.domain import DocumentScope, Finding, Stack, Waiver
from scopegap.errors import UsageError
from scopegap.match.catalog import Catalog
from scopegap.rules.ids import finding_id
from scopegap.settings import SEVERITY_RANK, Settings

EXPIRED_KIND = "waiver_expired"


def check_waivers(waivers: Sequence[Waiver], stack: Stack | None,
                  documents: Sequence[DocumentScope]) -> None:
    """UsageError (exit 2, ``FILE:LINE: reason``) for a waiver whose subject is neither an
    item of the stack nor a document of this run: it could only ever match nothing."""
    items = {item.name for item in stack.items} if stack else set()
    names = {document.file_name for document in documents}
    for waiver in waivers:
        if waiver.subject not in items and waiver.subject not in names:
            raise UsageError(
                f"{waiver.where}: waiver subject '{waiver.subject}' is neither an item of the "
                "stack nor a document of this run (write it exactly as the report names it)")


def _key(text: str) -> str:
    return " ".join(text.split())


def _matching(finding: Finding, waivers: Sequence[Waiver]) -> Waiver | None:
    """The waiver of this finding's kind and subject ending last, if any."""
    chosen = [w for w in waivers
              if w.finding == finding.kind and _key(w.subject) == _key(finding.subject)]
    return max(chosen, key=lambda w: (w.until, w.where), default=None)


def expired_message(waiver: Waiver) -> str:
    return (f"The waiver of {waiver.finding} for {waiver.subject} ({waiver.where}, accepted "
            f"by {waiver.accepted_by}: {waiver.reason}) ended on {waiver.until.isoformat()}; "
            "the finding is open again")


def apply_waivers(findings: Sequence[Finding], waivers: Sequence[Waiver], *, as_of: date,
                  settings: Settings, vendor: str | None,
                  documents: Sequence[DocumentScope], catalog: Catalog,
                  ) -> tuple[Finding, ...]:
    """Findings with their waivers applied: open ones first, most severe first (stable
    within a severity), then the waived ones.

    Active waiver (``until`` on or after ``as_of``): the finding becomes ``waived``. Expired:
    the finding stays open and a ``waiver_expired`` finding names the waiver."""
    result: list[Finding] = []
    for finding in findings:
        waiver = _matching(finding, waivers) if finding.is_open else None
        if waiver is None:
            result.append(finding)
        elif waiver.until >= as_of:
            result.append(replace(finding, status="waived", waiver=waiver))
        else:
            result.append(finding)
            lapsed = Finding(EXPIRED_KIND, settings.severity(EXPIRED_KIND),  # type: ignore[arg-type]
                             waiver.subject, expired_message(waiver))
            result.append(replace(lapsed, id=finding_id(
                lapsed, vendor or "", documents, catalog, extra=waiver.finding)))
    return tuple(sorted(result, key=lambda f: (not f.is_open, -SEVERITY_RANK[f.severity])))
