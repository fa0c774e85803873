"""Renewal dates of a portfolio (certificate expiry, SOC report staleness, bridge letter end)
and their iCalendar file, so a team's calendar reminds them before evidence lapses.

Dates follow the same settings as the rules (``stale_report_months``, ``expiring_soon_days``)
so the calendar and the findings never disagree. Output is deterministic: UIDs are hashes
of vendor, document and event, and DTSTAMP is the as-of date, not the wall clock.
"""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from scopegap import __version__
from scopegap.domain import DocumentScope, Evidence
from scopegap.rules.base import CERTIFICATE_KINDS
from scopegap.settings import Settings

EventKind = Literal["certificate_expiry", "soc_report_stale", "bridge_letter_end"]
SOC_KINDS = frozenset({"soc2_type1", "soc2_type2", "soc3"})
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
    def title(self) -> str:
        return f"{self.vendor}: {self.document} {EVENT_TITLES[self.kind]}"


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


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


def render_ics(events: Iterable[RenewalEvent], as_of: date, settings: Settings) -> str:
    """RFC 5545 calendar of the events on or after ``as_of``, with a reminder alarm."""
    stamp = as_of.strftime("%Y%m%dT000000Z")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0",
             f"PRODID:-//scopegap//scopegap {__version__}//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "X-WR-CALNAME:scopegap renewals"]
    chosen = sorted((e for e in events if e.when >= as_of),
                    key=lambda e: (e.when, e.vendor, e.kind, e.document))
    for event in chosen:
        uid = hashlib.sha256(
            f"{event.vendor}\0{event.sha256}\0{event.kind}".encode()).hexdigest()[:32]
        description = (f"{EVENT_TITLES[event.kind]} on {event.when.isoformat()}. "
                       f"Evidence: {event.document} page {event.evidence.page}: "
                       f"\"{' '.join(event.evidence.text.split())}\"")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@scopegap",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.when.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{date.fromordinal(event.when.toordinal() + 1):%Y%m%d}",
            f"SUMMARY:{_escape(event.title)}",
            f"DESCRIPTION:{_escape(description)}",
            f"CATEGORIES:{event.kind}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_escape(event.title)}",
            f"TRIGGER:-P{settings.expiring_soon_days}D",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str, limit: int = 75) -> str:
    """Fold at 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        budget = limit if not parts else limit - 1  # continuation lines start with a space
        if size + width > budget:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)
