"""The renewal dates as an RFC 5545 calendar with a reminder alarm.

Output is deterministic: UIDs are hashes of vendor, document and event, and DTSTAMP is the
as-of date, not the wall clock. Vendor and document names go through ``report.escape.ics``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from scopegap import __version__
from scopegap.report.escape.ics import fold, ics_text
from scopegap.settings import Settings

if TYPE_CHECKING:  # the values only: the report never runs the portfolio
    from scopegap.portfolio.calendar import RenewalEvent


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
        description = (f"{event.what} on {event.when.isoformat()}. "
                       f"Evidence: {event.document} page {event.evidence.page}: "
                       f"\"{' '.join(event.evidence.text.split())}\"")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@scopegap",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.when.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{date.fromordinal(event.when.toordinal() + 1):%Y%m%d}",
            f"SUMMARY:{ics_text(event.title)}",
            f"DESCRIPTION:{ics_text(description)}",
            f"CATEGORIES:{event.kind}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{ics_text(event.title)}",
            f"TRIGGER:-P{settings.expiring_soon_days}D",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
