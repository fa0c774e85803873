"""The timeline picture: each document's window against the contract term and ``as_of``.

Geometry is computed here (not in a template) so it can be tested and stays byte-stable:
every coordinate is formatted with one decimal. A window's colour comes from the findings the
rules raised about that document, never from a second judgement of the dates, so the picture
cannot contradict the findings list. Gaps are the days, up to ``as_of``, when no document of
a family (ISO/IEC 27001 certificates; SOC 2/3 report periods) was in force; a 2013-edition
certificate counts only up to the transition sunset (the SPEC default date).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

from scopegap.domain import SOC_REPORT_KINDS as SOC_KINDS
from scopegap.domain import DocumentScope, Report, Stack
from scopegap.settings import Settings

WIDTH = 960
LABEL_WIDTH = 250
RIGHT_PAD = 24
TOP = 34
ROW = 28
AXIS = 30
# Gaps are computed per family. Bridge letters are not in one: management signs them, no
# auditor attests them, so they are drawn over the SOC gap they speak for, never closing it.
FAMILIES = {
    "ISO/IEC 27001 certificates": frozenset({"iso27001_certificate"}),
    "SOC 2/SOC 3 report periods": SOC_KINDS,
}
STATE_BY_FINDING = (  # first match wins: the worst state a finding gives the window
    ("expired", "expired"),
    ("superseded_edition", "expired"),
    ("stale_report", "stale"),
    ("expiring_soon", "expiring"),
)
LEGEND = (
    ("valid", "certificate in force"),
    ("expiring", "expiring soon"),
    ("expired", "expired or withdrawn"),
    ("report", "SOC report period"),
    ("stale", "stale SOC report"),
    ("bridge", "bridge letter"),
    ("other", "covers nothing"),
    ("gap", "gap"),
)


@dataclass(frozen=True)
class TimelineRow:
    label: str
    kind: str
    state: str
    start: str | None
    end: str | None
    x1: str | None
    x2: str | None
    y: int
    point: bool  # a SOC 2 Type 1 "as of" date: drawn as a marker, not a bar

    @property
    def width(self) -> str:
        return f"{max(float(self.x2 or 0) - float(self.x1 or 0), 1.0):.1f}"

    @property
    def text_y(self) -> int:
        return self.y + ROW // 2 + 4


@dataclass(frozen=True)
class Gap:
    family: str
    start: str
    end: str
    days: int
    x1: str
    x2: str
    y: int

    @property
    def width(self) -> str:
        return f"{max(float(self.x2) - float(self.x1), 1.0):.1f}"


@dataclass(frozen=True)
class Tick:
    x: str
    label: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    label_width: int
    plot_top: int
    plot_bottom: int
    axis_y: int
    rows: tuple[TimelineRow, ...]
    gaps: tuple[Gap, ...]
    ticks: tuple[Tick, ...]
    as_of: str
    as_of_x: str
    contract_start: str | None
    contract_end: str | None
    contract_x1: str | None
    contract_x2: str | None
    legend: tuple[tuple[str, str], ...]

    @property
    def contract_width(self) -> str | None:
        if self.contract_x1 is None or self.contract_x2 is None:
            return None
        return f"{float(self.contract_x2) - float(self.contract_x1):.1f}"


class _Scale:
    def __init__(self, low: date, high: date) -> None:
        self.low, self.days = low, max((high - low).days, 1)

    def x(self, value: date) -> str:
        span = WIDTH - LABEL_WIDTH - RIGHT_PAD
        return f"{LABEL_WIDTH + (value - self.low).days / self.days * span:.1f}"


def _window(document: DocumentScope) -> tuple[date | None, date | None]:
    start = document.window_start.value if document.window_start else None
    end = document.window_end.value if document.window_end else None
    return start or end, end or start


def _state(document: DocumentScope, finding_kinds: set[str]) -> str:
    for kind, state in STATE_BY_FINDING:
        if kind in finding_kinds:
            return state
    if document.kind == "bridge_letter":
        return "bridge"
    if document.kind in SOC_KINDS:
        return "report"
    return "valid" if document.kind == "iso27001_certificate" else "other"


def family_gaps(windows: list[tuple[date, date]], as_of: date) -> list[tuple[date, date]]:
    """Uncovered stretches up to ``as_of``: between merged windows, and after the last one."""
    merged: list[list[date]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    gaps: list[tuple[date, date]] = []
    for previous, following in itertools.pairwise(merged):
        start, end = previous[1] + timedelta(days=1), min(following[0] - timedelta(days=1), as_of)
        if start <= end:
            gaps.append((start, end))
    if merged and merged[-1][1] < as_of:
        gaps.append((merged[-1][1] + timedelta(days=1), as_of))
    return gaps


def build_timeline(report: Report, stack: Stack | None = None) -> Timeline:
    contract = (stack.contract_start, stack.contract_end) if stack else (None, None)
    windows = {d.path: _window(d) for d in report.documents}
    dates = [report.as_of, *[d for d in contract if d]]
    dates += [d for pair in windows.values() for d in pair if d]
    low, high = date(min(dates).year, 1, 1), date(max(dates).year + 1, 1, 1)
    scale = _Scale(low, high)
    kinds_by_document: dict[str, set[str]] = {}
    for finding in report.findings:
        if finding.document:
            kinds_by_document.setdefault(finding.document, set()).add(finding.kind)

    rows = []
    for index, document in enumerate(report.documents):
        start, end = windows[document.path]
        rows.append(TimelineRow(
            label=document.file_name,
            kind=document.kind,
            state=_state(document, kinds_by_document.get(document.path, set())),
            start=start.isoformat() if start else None,
            end=end.isoformat() if end else None,
            x1=scale.x(start) if start else None,
            x2=scale.x(end) if end else None,
            y=TOP + index * ROW,
            point=document.kind == "soc2_type1" or (start is not None and start == end),
        ))
    sunset = Settings().edition_2013_sunset
    gaps: list[Gap] = []
    for family, kinds in FAMILIES.items():
        spans = []
        for document in report.documents:
            start, end = windows[document.path]
            if document.kind not in kinds or start is None or end is None:
                continue
            if "superseded_edition" in kinds_by_document.get(document.path, set()):
                end = min(end, sunset)  # a 2013-edition certificate lapsed at the sunset
            if start <= end:
                spans.append((start, end))
        for start, end in family_gaps(spans, report.as_of):
            gaps.append(Gap(family, start.isoformat(), end.isoformat(), (end - start).days + 1,
                            scale.x(start), scale.x(end + timedelta(days=1)),
                            TOP + (len(rows) + len(gaps)) * ROW))
    plot_bottom = TOP + (len(rows) + len(gaps)) * ROW
    ticks = tuple(Tick(scale.x(date(year, 1, 1)), str(year))
                  for year in range(low.year, high.year + 1))
    return Timeline(
        width=WIDTH,
        height=plot_bottom + AXIS,
        label_width=LABEL_WIDTH,
        plot_top=TOP,
        plot_bottom=plot_bottom,
        axis_y=plot_bottom + 18,
        rows=tuple(rows),
        gaps=tuple(gaps),
        ticks=ticks,
        as_of=report.as_of.isoformat(),
        as_of_x=scale.x(report.as_of),
        contract_start=contract[0].isoformat() if contract[0] else None,
        contract_end=contract[1].isoformat() if contract[1] else None,
        contract_x1=scale.x(contract[0]) if contract[0] else None,
        contract_x2=scale.x(contract[1]) if contract[1] else None,
        legend=LEGEND,
    )
