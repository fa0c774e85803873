"""Renewal dates of a portfolio (certificate expiry, SOC report staleness, bridge letter end),
so a team's calendar (``report.calendar``) reminds them before evidence lapses.

Dates follow the same settings as the rules (``stale_report_months``) so the calendar and
the findings never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from scopegap.domain import CERTIFICATE_KINDS, DocumentScope, Evidence
from scopegap.domain import SOC_REPORT_KINDS as SOC_KINDS
from scopegap.extract.dates import add_months
from scopegap.settings import Settings

if TYPE_CHECKING:
    from scopegap.portfolio.runner import VendorResult

EventKind = Literal["certificate_expiry", "soc_report_stale", "bridge_letter_end"]
EVENT_TITLES: dict[str, str] = {
    "certificate_expiry": "certificate expires",
    "soc_report_stale": "SOC report becomes stale",
    "bridge_letter_end": "bridge letter period ends",
}


@dataclass(frozen=True)
class RenewalEvent:
    when: date
    kind: EventKind
    vendor: str
    document: str  # file name, no folder
    sha256: str
    evidence: Evidence

    @property
    def what(self) -> str:
        """What happens on the date, e.g. "certificate expires"."""
        return EVENT_TITLES[self.kind]

    @property
    def title(self) -> str:
        return f"{self.vendor}: {self.document} {self.what}"


def renewal_events(vendor: str, documents: Iterable[DocumentScope],
                   settings: Settings) -> list[RenewalEvent]:
    """Every renewal date the documents imply, in date order (past ones included)."""
    events: dict[tuple[str, str], RenewalEvent] = {}
    for scope in documents:
        end = scope.window_end
        if end is None:
            continue
        kind: EventKind
        if scope.kind in CERTIFICATE_KINDS:
            kind, when = "certificate_expiry", end.value
        elif scope.kind in SOC_KINDS:
            kind, when = "soc_report_stale", add_months(end.value, settings.stale_report_months)
        elif scope.kind == "bridge_letter":
            kind, when = "bridge_letter_end", end.value
        else:
            continue
        event = RenewalEvent(when, kind, vendor, scope.file_name, scope.sha256, end.evidence)
        events.setdefault((scope.sha256, kind), event)
    return sorted(events.values(), key=lambda e: (e.when, e.kind, e.document))


def next_event(events: Sequence[RenewalEvent], as_of: date) -> RenewalEvent | None:
    """The first renewal date on or after ``as_of``."""
    return next((e for e in sorted(events, key=lambda e: (e.when, e.kind, e.document))
                 if e.when >= as_of), None)


def portfolio_events(results: Sequence[VendorResult], settings: Settings) -> list[RenewalEvent]:
    """Every assessed vendor's renewal dates, vendors in run order."""
    return [event for result in results if result.report is not None
            for event in renewal_events(result.report.vendor or result.job.vendor_id,
                                        result.report.documents, settings)]
