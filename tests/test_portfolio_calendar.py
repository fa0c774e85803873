"""Renewal dates and the iCalendar file written by ``portfolio --ics``."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scopegap.domain import DateValue, DocumentKind, DocumentScope, Evidence
from scopegap.extract.dates import add_months
from scopegap.portfolio.calendar import next_event, renewal_events
from scopegap.report.calendar import render_ics
from scopegap.report.escape.ics import fold as _fold
from scopegap.report.escape.ics import ics_text as _escape
from scopegap.settings import Settings


def doc(name: str, kind: DocumentKind, end: date | None) -> DocumentScope:
    return DocumentScope(
        path=f"vendors/{name}", sha256=name * 4, kind=kind, page_count=1,
        window_end=DateValue(end, Evidence(1, f"ends {end}")) if end else None)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2025, 9, 30), 12, date(2026, 9, 30)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2023, 1, 31), 1, date(2023, 2, 28)),
    (date(2025, 11, 15), 3, date(2026, 2, 15)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
])
def test_add_months_clamps_to_month_end(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_events_per_document_kind() -> None:
    documents = [
        doc("iso.pdf", "iso27001_certificate", date(2027, 3, 1)),
        doc("soc.pdf", "soc2_type2", date(2025, 9, 30)),
        doc("bridge.pdf", "bridge_letter", date(2025, 12, 31)),
        doc("letter.pdf", "unknown", date(2027, 1, 1)),
        doc("nodate.pdf", "iso27001_certificate", None),
    ]
    events = renewal_events("Acme", documents, Settings())
    assert [(e.kind, e.when, e.document) for e in events] == [
        ("bridge_letter_end", date(2025, 12, 31), "bridge.pdf"),
        ("soc_report_stale", date(2026, 9, 30), "soc.pdf"),
        ("certificate_expiry", date(2027, 3, 1), "iso.pdf"),
    ]
    assert next_event(events, date(2026, 1, 1)).kind == "soc_report_stale"  # type: ignore[union-attr]
    assert next_event(events, date(2027, 3, 2)) is None


def test_staleness_follows_the_setting() -> None:
    settings = Settings(stale_report_months=15)
    (event,) = renewal_events("Acme", [doc("soc.pdf", "soc3", date(2025, 6, 30))], settings)
    assert event.when == date(2026, 9, 30)


def test_ics_is_valid_and_deterministic() -> None:
    documents = [doc("iso.pdf", "iso27001_certificate", date(2027, 3, 1)),
                 doc("old.pdf", "iso27001_certificate", date(2024, 1, 1))]
    events = renewal_events("Acme; Widgets, Ltd", documents, Settings())
    text = render_ics(events, date(2026, 11, 22), Settings())
    assert text == render_ics(list(reversed(events)), date(2026, 11, 22), Settings())
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert text.count("BEGIN:VEVENT") == 1  # the lapsed one is no reminder
    assert "DTSTART;VALUE=DATE:20270301" in text and "DTEND;VALUE=DATE:20270302" in text
    assert "DTSTAMP:20261122T000000Z" in text and "TRIGGER:-P90D" in text
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Acme\\; Widgets\\, Ltd: iso.pdf certificate expires" in unfolded


@given(st.text(min_size=0, max_size=400))
def test_folding_never_splits_a_character_and_unfolds_exactly(value: str) -> None:
    line = "DESCRIPTION:" + _escape(value)
    folded = _fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


@given(st.text(max_size=60))
def test_escaped_text_has_no_raw_separators(value: str) -> None:
    escaped = _escape(value)
    assert "\n" not in escaped
    for char in ";,":
        assert escaped.count(char) == escaped.count("\\" + char)
