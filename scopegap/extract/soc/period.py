"""The examination period (Type 2, SOC 3) or the "as of" date (Type 1)."""

from __future__ import annotations

import itertools

from scopegap.domain import (
    DateValue,
    DocumentKind,
)
from scopegap.extract.dates import find_dates, resolve_order
from scopegap.extract.soc.patterns import soc_patterns
from scopegap.ingest.text import PagedText


def date_ranges(text: PagedText, order: str = "MDY") -> list[tuple[DateValue, DateValue, int]]:
    """Every "<date> to <date>" in the text: (start, end, offset of the start)."""
    connector = soc_patterns().range_connector
    dates = resolve_order(find_dates(text.text), hint=order)  # type: ignore[arg-type]
    found: list[tuple[DateValue, DateValue, int]] = []
    for first, second in itertools.pairwise(dates):
        if first.value is None or second.value is None or first.value >= second.value:
            continue
        if connector.match(text.text[first.end : second.start]):
            evidence = text.evidence(first.start, second.end)
            found.append((DateValue(first.value, evidence, first.ambiguous, first.resolved_by),
                          DateValue(second.value, evidence, second.ambiguous,
                                    second.resolved_by), first.start))
    return found


def find_period(auditor: PagedText, whole: PagedText, kind: DocumentKind
                ) -> tuple[DateValue | None, DateValue | None, list[str]]:
    """Type 2 / SOC 3: the examination period; Type 1: the "as of" date, as start and end."""
    patterns = soc_patterns()
    for text in (auditor, whole):
        if kind == "soc2_type1":
            single = _as_of(text)
            if single is not None:
                return single, single, []
            continue
        ranges = date_ranges(text)
        cued = [r for r in ranges if patterns.period_cue.search(
            text.text[max(0, r[2] - 60) : r[2]])]
        chosen = cued or ranges
        if chosen:
            start, end, _ = chosen[0]
            warnings = []
            if (end.value - start.value).days < 180:
                warnings.append(
                    f"the examination period {start.value.isoformat()} to "
                    f"{end.value.isoformat()} is shorter than 6 months")
            return start, end, warnings
    if kind == "soc2_type1":
        return None, None, ["no 'as of' date found for this Type 1 report"]
    return None, None, ["no examination period found"]


def _as_of(text: PagedText) -> DateValue | None:
    patterns = soc_patterns()
    for cue in patterns.as_of_cue.finditer(text.text):
        window = text.text[cue.end() : cue.end() + 40]
        dates = resolve_order(find_dates(window), hint="MDY")
        if dates and dates[0].value is not None and dates[0].start <= 4:
            at = cue.end() + dates[0].start
            span_end = cue.end() + dates[0].end
            return DateValue(dates[0].value,
                             text.evidence(at, span_end, text.sentence(at, at + 1)),
                             dates[0].ambiguous, dates[0].resolved_by)
    return None
