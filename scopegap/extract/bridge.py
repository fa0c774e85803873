"""Bridge (gap) letters: which report they extend, the gap period, and who signed.

A bridge letter is management's statement that nothing material changed after a SOC
report's period; no auditor attests it (DOMAIN.md §2.6), so its issuer is always null and it
covers nothing. Its window is the gap period it speaks for: from the day after the report's
period to the letter's end date (or the date of the letter when it says "through the date of
this letter"). A letter whose own as-of date precedes the end of that period bridges
nothing: its window has no start and ends on that as-of date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING

from scopegap.domain import DateValue, DocumentScope, Evidence, TextValue
from scopegap.extract.dates import DateMatch, find_dates, resolve_order
from scopegap.extract.provenance import page_warnings
from scopegap.extract.soc.parties import find_holder
from scopegap.extract.soc.patterns import soc_patterns
from scopegap.extract.soc.period import date_ranges
from scopegap.extract.soc.sections import DocLine
from scopegap.ingest.pdf import ReadPdf
from scopegap.ingest.text import PagedText, squash

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it


@dataclass(frozen=True)
class BridgeLetter:
    """What a bridge letter says. ``extends`` is the report as the letter names it."""

    holder: TextValue | None
    extends: TextValue | None
    report_start: DateValue | None
    report_end: DateValue | None
    gap_start: DateValue | None
    gap_end: DateValue | None
    signer: TextValue | None
    statement: TextValue | None
    warnings: tuple[str, ...]


def read_bridge(pdf: ReadPdf, catalog: Catalog) -> BridgeLetter:
    patterns = soc_patterns()
    lines = [DocLine(i, page.number, squash(raw))
             for page in pdf.pages if page.has_text
             for i, raw in enumerate(page.text.split("\n")) if raw.strip()]
    text = PagedText.of(lines)
    warnings: list[str] = []
    holder = find_holder(text, text, catalog) or _letterhead(lines, catalog)
    dates = [d for d in resolve_order(find_dates(text.text), hint="MDY") if d.value is not None]
    ranges = date_ranges(text)
    cued = next((r for r in ranges if patterns.bridge_report.search(
        text.text[max(0, r[2] - 200) : r[2]])), None)
    point = _point_in_time(text, dates)
    if point is not None and any(r[0].value < point[1].value for r in ranges):
        point = None  # a period begun before it is the report's; "as of" is the letter's date
    report = point or cued or (ranges[0] if ranges else None)
    extends = None
    if report is not None:
        cue = None
        for match in patterns.bridge_report.finditer(text.text[: report[2]]):
            cue = match
        if cue is not None:
            extends = TextValue(squash(cue.group(0)),
                                text.evidence(cue.start(), report[2]))
    gap_start: DateValue | None = None
    gap_end: DateValue | None = None
    if report is not None:
        later = [r for r in ranges if r is not report and r[0].value > report[1].value]
        if later:
            gap_start, gap_end = later[0][0], later[0][1]
        else:
            after = [d for d in dates if d.value > report[1].value]  # type: ignore[operator]
            if after:
                last = max(after, key=lambda d: d.value)  # type: ignore[arg-type,return-value]
                assert last.value is not None
                gap_end = DateValue(last.value, text.evidence(last.start, last.end),
                                    order_reason=last.resolved_by)
            next_day = report[1].value + timedelta(days=1)
            gap_start = DateValue(next_day, report[1].evidence)
    else:
        warnings.append("the letter does not name the period of the report it extends")
    if gap_end is None:
        warnings.append("the letter does not state the end of the period it speaks for")
    stated = _as_of_before_period(text, dates, report[1]) if report is not None else None
    if stated is not None:
        # It speaks only up to its own as-of date, before the period it names ended: it
        # bridges no gap, and its coverage ends on that date (the bridge_gap rule ages it).
        assert report is not None and stated.value is not None
        warnings.append(
            f"the letter's as-of date {stated.value.isoformat()} precedes the end of the "
            f"period it bridges ({report[1].value.isoformat()}): its dates are inconsistent "
            "(a mistyped year?), so it cannot extend the report")
        gap_start = None
        gap_end = DateValue(stated.value, text.evidence(stated.start, stated.end),
                            order_reason=stated.resolved_by)
    signer = _signer(lines, patterns.signer_cue)
    if signer is None:
        warnings.append("no signer found: a bridge letter must be signed by management")
    statement = _statement(text)
    return BridgeLetter(holder, extends, report[0] if report else None,
                        report[1] if report else None, gap_start, gap_end, signer, statement,
                        tuple(warnings))


def extract_bridge(pdf: ReadPdf, base: DocumentScope, catalog: Catalog) -> DocumentScope:
    """A bridge letter's DocumentScope: holder, gap window, the letter's own statement."""
    letter = read_bridge(pdf, catalog)
    return replace(
        base,
        kind="bridge_letter",
        holder=letter.holder,
        issuer=None,
        window_start=letter.gap_start,
        window_end=letter.gap_end,
        scope_text=letter.statement,
        warnings=tuple(dict.fromkeys([*letter.warnings, *page_warnings(pdf)])),
    )


def _point_in_time(text: PagedText, dates: list[DateMatch]
                   ) -> tuple[DateValue, DateValue, int] | None:
    """A Type 1 report the letter extends: "examine the design of its controls as of
    March 31, 2026" names a day, not a period; the report ends (and starts) on it."""
    patterns = soc_patterns()
    for found in dates:
        before = text.text[max(0, found.start - 300) : found.start]
        if found.value is None or not patterns.as_of_cue.search(before[-12:]) or \
                not patterns.bridge_point_cue.search(before):
            continue
        value = DateValue(found.value, text.evidence(found.start, found.end),
                          found.ambiguous, found.resolved_by)
        return value, value, found.start
    return None


def _as_of_before_period(text: PagedText, dates: list[DateMatch],
                         period_end: DateValue) -> DateMatch | None:
    """The letter's own as-of date when it precedes the end of the period it bridges: such
    a letter is inconsistent (a mistyped year?) and cannot speak for the time after it."""
    cue = soc_patterns().as_of_cue
    for found in dates:
        if found.value is None or period_end.value is None:
            continue
        if cue.search(text.text[max(0, found.start - 12) : found.start]) and \
                found.value < period_end.value:
            return found
    return None


def _letterhead(lines: list[DocLine], catalog: Catalog) -> TextValue | None:
    """The first line shaped like a legal entity (the letterhead)."""
    tail = soc_patterns().legal_tail
    for line in lines[:8]:
        if re.search(tail.pattern + r"\s*$", " " + line.text, re.IGNORECASE | re.VERBOSE) \
                and catalog.body(line.text) is None:
            return TextValue(line.text.rstrip("."), Evidence(line.page, line.text))
    return None


def _signer(lines: list[DocLine], cue: re.Pattern[str]) -> TextValue | None:
    """The name (and title) under "Sincerely," or "Signed:"."""
    for index, line in enumerate(lines):
        if not cue.match(line.text):
            continue
        following = [x for x in lines[index + 1 : index + 4] if not find_dates(x.text)]
        if not following:
            return None
        name = ", ".join(x.text for x in following[:2])
        return TextValue(name, Evidence(following[0].page, name))
    return None


def _statement(text: PagedText) -> TextValue | None:
    """The sentence in which management states nothing material has changed."""
    match = soc_patterns().bridge_statement.search(text.text)
    if match is None:
        return None
    sentence = text.sentence(match.start(), match.end())
    return TextValue(sentence, text.evidence(match.start(), match.end(), sentence))
