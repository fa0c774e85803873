"""A certificate's dates: original, issue/effective and expiry, each tied to its label.

Labels and values are printed beside, below or (in some grids) above each other, so a date is
paired with a label by reading order first and by position on the page second. Day/month
order comes from the document's own unambiguous dates, then the separator and the countries
it names; a date that stays ambiguous takes the reading that makes the window plausible, then
the conservative (earlier) one, with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from scopegap.domain import DateValue
from scopegap.extract.dates import DateMatch, find_dates, parse_date
from scopegap.extract.iso.date_grid import grid_cells
from scopegap.extract.iso.values_above import values_above
from scopegap.extract.patterns import certificate_patterns
from scopegap.ingest.pdf import TextPage
from scopegap.ingest.text import in_uncased_script, line_evidence

ROLES = ("original", "registration", "reissue", "issue", "expiry")
_MAX_GAP = 90  # characters between a label and its value in reading order
_COLUMN_GAP = 20.0  # points between a label and a value still read as one column
_SENTENCE_END = re.compile(r"[^\W\d_]{3,}[.;](?:\s|$)")


@dataclass(frozen=True)
class PlacedDate:
    page: TextPage
    match: DateMatch


@dataclass(frozen=True)
class Label:
    page: TextPage
    role: str  # original | issue | expiry | ignore
    start: int
    end: int


@dataclass(frozen=True)
class Window:
    original: DateValue | None
    start: DateValue | None
    end: DateValue | None
    warnings: tuple[str, ...]


def find_window(pages: Sequence[TextPage], order_hint: str | None) -> Window:
    dates = [PlacedDate(page, m) for page in pages for m in find_dates(page.text)]
    dates = _resolve_order(dates, order_hint)
    labels = _labels(pages)
    roles: dict[int, str] = {}
    _pair_grid(dates, roles)
    _pair_ranges(dates, labels, roles)
    labels = _pair_values_above(dates, labels, roles)
    _pair_by_reading_order(dates, labels, roles)
    _pair_by_position(dates, labels, roles)
    warnings: list[str] = []
    by_role: dict[str, list[PlacedDate]] = {role: [] for role in ROLES}
    for index, role in roles.items():
        if role in by_role:
            by_role[role].append(dates[index])
    if not by_role["expiry"]:
        _infer_unlabelled(dates, roles, by_role, warnings)
    # A re-issue or registration date starts the window only when no issue date is printed;
    # a registration date is the original date unless an original label says otherwise.
    original = min(by_role["original"] or by_role["registration"], key=lambda d: _value(d),
                   default=None)
    start = _first(by_role["issue"] or by_role["reissue"] or by_role["registration"])
    end = min(by_role["expiry"], key=lambda d: _value(d), default=None)
    start, end = _plausible(start, end, warnings)
    for placed in (original, start, end):
        if placed is not None and placed.match.ambiguous:
            readings = " or ".join(r.isoformat() for r in placed.match.readings)
            warnings.append(
                f"date '{placed.match.text}' on page {placed.page.number} is ambiguous "
                f"({readings}); read as {_value(placed).isoformat()}"
            )
    return Window(_as_value(original), _as_value(start), _as_value(end), tuple(warnings))


def _value(placed: PlacedDate) -> date:
    assert placed.match.value is not None
    return placed.match.value


def _first(items: list[PlacedDate]) -> PlacedDate | None:
    return items[0] if items else None


def _as_value(placed: PlacedDate | None) -> DateValue | None:
    if placed is None or placed.match.value is None:
        return None
    evidence = line_evidence(placed.page.number, placed.page.text, placed.match.start,
                             placed.match.end)
    return DateValue(placed.match.value, evidence, placed.match.ambiguous,
                     placed.match.resolved_by)


def _resolve_order(dates: list[PlacedDate], hint: str | None) -> list[PlacedDate]:
    """Decide DMY/MDY for ambiguous numeric dates from the document's own evidence.

    The document's unambiguous numeric dates decide, unless they disagree with each other or
    with the countries the document names: then nothing decides, and the caller's
    plausibility check and the conservative reading take over.
    """
    orders = {_order_of(d.match) for d in dates if _order_of(d.match)}
    separators_dot = all(d.match.separator == "." for d in dates if d.match.ambiguous)
    decided: str | None = None
    reason = "document"
    if len(orders) == 1:
        (evidence,) = orders
        decided = evidence if hint in (None, evidence) else None
    # DOMAIN.md §5 rule 3: a "." separator (DMY) speaks before the issuer and the countries
    if decided is None and separators_dot and any(d.match.ambiguous for d in dates):
        decided, reason = "DMY", "separator"
    elif decided is None and not orders and hint:
        decided, reason = hint, "hint"
    resolved: list[PlacedDate] = []
    for placed in dates:
        match = placed.match
        two_readings = match.ambiguous and len(match.readings) == 2
        if two_readings and decided and match.style != "two_digit_year":
            value = parse_date(match.text, order="DMY" if decided == "DMY" else "MDY")
            if value is not None:
                match = replace(match, value=value, ambiguous=False, resolved_by=reason)
        resolved.append(PlacedDate(placed.page, match))
    return [d for d in resolved if d.match.value is not None]


def _order_of(match: DateMatch) -> str | None:
    """DMY or MDY when a numeric date decides its own order (a part above 12)."""
    if match.style != "numeric" or match.ambiguous or match.separator is None:
        return None
    parts = [p for p in match.text.replace(".", "/").replace("-", "/").split("/") if p.strip()]
    if len(parts) != 3 or not all(p.strip().isdigit() for p in parts):
        return None
    first, second = int(parts[0]), int(parts[1])
    if first > 12 >= second:
        return "DMY"
    if second > 12 >= first:
        return "MDY"
    return None


def _labels(pages: Sequence[TextPage]) -> list[Label]:
    patterns = certificate_patterns()
    found: list[Label] = []
    for page in pages:
        taken: list[tuple[int, int]] = []
        # "ignore" first so that "surveillance ... due" is not read as an expiry label.
        for role in ("ignore", *ROLES):
            for start, end in _free_matches(patterns.date_labels[role], page.text, taken):
                taken.append((start, end))
                found.append(Label(page, role, start, end))
    found.sort(key=lambda label: (label.page.number, label.start))
    return found


def _free_matches(
    pattern: re.Pattern[str], text: str, taken: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Matches that overlap no label already taken. A match that overlaps one is retried
    one character on, so "Date of initial registration Date of this Certificate" still
    yields the second label after the first has claimed "registration"."""
    out: list[tuple[int, int]] = []
    pos = 0
    while pos <= len(text):
        match = pattern.search(text, pos)
        if match is None:
            break
        start, end = match.span()
        if end == start:
            pos = start + 1
            continue
        if any(s < end and start < e for s, e in [*taken, *out]):
            pos = start + 1
            continue
        out.append((start, end))
        pos = end
    return out


def _pair_grid(dates: list[PlacedDate], roles: dict[int, str]) -> None:
    """Dates in the value row of a label row (``date_grid``): each takes its column's label."""
    pages = list(dict.fromkeys(placed.page for placed in dates))
    for page in pages:
        for cell in grid_cells(page):
            if cell.role not in ROLES:
                continue
            for index, placed in enumerate(dates):
                if (placed.page is page and cell.value_start <= placed.match.start
                        and placed.match.end <= cell.value_end):
                    roles.setdefault(index, cell.role)


def _pair_ranges(dates: list[PlacedDate], labels: list[Label], roles: dict[int, str]) -> None:
    """"valid from 1 March 2024 to 28 February 2027": start and end of one window."""
    connector = certificate_patterns().range_connector
    for index in range(len(dates) - 1):
        first, second = dates[index], dates[index + 1]
        if first.page is not second.page:
            continue
        between = first.page.text[first.match.end : second.match.start]
        if not connector.match(between) or _value(first) >= _value(second):
            continue
        label = _label_before(first, labels, dates)
        if label is not None and label.role in ("ignore", "original"):
            continue
        roles.setdefault(index, "issue")
        roles.setdefault(index + 1, "expiry")


def _pair_values_above(dates: list[PlacedDate], labels: list[Label],
                       roles: dict[int, str]) -> list[Label]:
    """Dates printed on the line above their labels (``values_above``); the labels left for
    the other pairings (a label paired here must not take another date below it too)."""
    used: set[int] = set()
    for page in dict.fromkeys(placed.page for placed in dates):
        on_page = [(index, placed.match) for index, placed in enumerate(dates)
                   if placed.page is page and index not in roles]
        named = [label for label in labels if label.page is page and label.role != "ignore"]
        for index, position in values_above(page, on_page,
                                            [(label.role, label) for label in named]).items():
            roles.setdefault(index, named[position].role)
            used.add(id(named[position]))
    return [label for label in labels if id(label) not in used]


def _label_before(placed: PlacedDate, labels: list[Label],
                  dates: list[PlacedDate]) -> Label | None:
    """The label just before ``placed``, unless another date stands between them: that
    date is the label's value ("Initial certification date: 13-Sep-2021" then "Valid:
    19-Dec-2023 – 18-Dec-2026" is no original range)."""
    best = None
    for label in labels:
        gap = placed.match.start - label.end
        if label.page is placed.page and 0 <= gap <= _MAX_GAP:
            best = label
    if best is not None and any(
            other.page is placed.page and best.end <= other.match.start < placed.match.start
            for other in dates):
        return None
    return best


def _pair_by_reading_order(
    dates: list[PlacedDate], labels: list[Label], roles: dict[int, str]
) -> None:
    """A label followed, within a short gap and with no other label between, by a date
    printed where a label's value goes: to its right on its row, or under it in its column.
    In a grid of columns the next date in reading order is often another column's value
    (labels read before or after a whole row of values): position pairing reads those."""
    for label in labels:
        for index, placed in enumerate(dates):
            if placed.page is not label.page or placed.match.start < label.end:
                continue
            gap = "\n".join(line for line in placed.page.text[label.end : placed.match.start]
                            .split("\n") if not in_uncased_script(line))  # a translation
            if len(gap) > _MAX_GAP or any(
                other.page is label.page and label.end <= other.start < placed.match.start
                for other in labels
                if other is not label and other.role != label.role  # a bilingual twin
            ):
                break
            if gap.count("\n") > 2 or _SENTENCE_END.search(gap):
                break  # a sentence ends between them: the label's value was not printed
            if index not in roles and _value_position(label, placed, labels):
                roles[index] = label.role
            break


def _value_position(label: Label, placed: PlacedDate, labels: list[Label]) -> bool:
    """Whether a date sits where the label's value goes (true when the page has no boxes)."""
    label_box = label.page.span_box(label.start, label.end)
    box = placed.page.span_box(placed.match.start, placed.match.end)
    if label_box is None or box is None:
        return True
    same_row = min(label_box[3], box[3]) - max(label_box[1], box[1]) > 0
    if same_row:
        return box[0] >= label_box[0]
    if box[1] < label_box[1]:
        return False  # above the label
    if box[0] >= label_box[2]:
        # in a column to its right, unless its line starts under the label: "Original
        # approval(s):" / "ISO/IEC 27001 – 12 May 2019" (the value names what it dates)
        return _line_under(label, placed, label_box, box) and not _shares_line(label, labels)
    if min(label_box[2], box[2]) - max(label_box[0], box[0]) > 0:
        return True  # under it in its column
    # To its left on the next line: the label ended a wrapped line ("Date of / issue date"),
    # unless its line is a row of labels (a grid's header: the values sit under each one).
    height = max(label_box[3] - label_box[1], 6.0)
    return box[1] - label_box[3] <= 1.5 * height and not _shares_line(label, labels)


def _line_under(label: Label, placed: PlacedDate, label_box: tuple[float, ...],
                box: tuple[float, ...]) -> bool:
    """Whether the date's line is the one right under the label and starts in its column."""
    text = placed.page.text
    start = text.rfind("\n", 0, placed.match.start) + 1
    while start < placed.match.start and text[start].isspace():
        start += 1
    lead = placed.page.span_box(start, start + 1)
    height = max(label_box[3] - label_box[1], 6.0)
    return lead is not None and lead[0] < label_box[2] and \
        max(label_box[0], lead[0]) - min(label_box[0], lead[0]) <= height and \
        0 <= box[1] - label_box[3] <= 1.5 * height


def _shares_line(label: Label, labels: list[Label]) -> bool:
    text = label.page.text
    line_start = text.rfind("\n", 0, label.start) + 1
    line_end = text.find("\n", label.end)
    line_end = len(text) if line_end < 0 else line_end
    return any(other is not label and other.page is label.page and other.role != "ignore"
               and line_start <= other.start < line_end for other in labels)


def _pair_by_position(dates: list[PlacedDate], labels: list[Label], roles: dict[int, str]) -> None:
    """Labels in a grid with their values in the row above or below, same column: the
    closest label/date pairs are taken first, so one label cannot steal another's value."""
    paired_roles = {(id(dates[index].page), role) for index, role in roles.items()}
    pairs: list[tuple[float, int, int]] = []
    for label_index, label in enumerate(labels):
        if label.role == "ignore" or (id(label.page), label.role) in paired_roles:
            continue
        label_box = label.page.span_box(label.start, label.end)
        if label_box is None:
            continue
        for index, placed in enumerate(dates):
            if index in roles or placed.page is not label.page:
                continue
            box = placed.page.span_box(placed.match.start, placed.match.end)
            if box is None:
                continue
            # A label may be the end of a longer one ("Fecha de emisión / Current issue
            # date") centred under its value: a short horizontal gap still makes a column.
            gap = max(label_box[0], box[0]) - min(label_box[2], box[2])
            height = max(label_box[3] - label_box[1], 6.0)
            vertical = min(abs(box[1] - label_box[3]), abs(label_box[1] - box[3]))
            if gap < _COLUMN_GAP and vertical <= 3.5 * height:
                pairs.append((vertical + max(gap, 0.0), label_index, index))
    used_labels: set[int] = set()
    for _, label_index, index in sorted(pairs):
        if label_index in used_labels or index in roles:
            continue
        used_labels.add(label_index)
        roles[index] = labels[label_index].role


def _infer_unlabelled(
    dates: list[PlacedDate],
    roles: dict[int, str],
    by_role: dict[str, list[PlacedDate]],
    warnings: list[str],
) -> None:
    """No expiry label: on a certificate whose dates carry no labels in the text layer,
    the latest date is the expiry when it lies 1–3 years after another date."""
    free = [d for i, d in enumerate(dates) if i not in roles]
    if len(free) < 2:
        return
    latest = max(free, key=_value)
    earlier = [d for d in free if _value(d) < _value(latest)]
    spans = [(_value(latest) - _value(d)).days for d in earlier]
    if not any(330 <= days <= 3 * 366 + 31 for days in spans):
        return
    by_role["expiry"].append(latest)
    if not by_role["issue"]:
        candidates = [d for d in earlier if (_value(latest) - _value(d)).days <= 3 * 366 + 31]
        if candidates:
            by_role["issue"].append(max(candidates, key=_value))
    if not by_role["original"] and len(earlier) >= 2:
        by_role["original"].append(min(earlier, key=_value))
    warnings.append(
        f"the dates on page {latest.page.number} carry no readable labels; expiry taken as the "
        f"latest date ({_value(latest).isoformat()}): check it against the certificate"
    )


def _readings(placed: PlacedDate) -> tuple[date, ...]:
    if placed.match.ambiguous and placed.match.readings:
        return placed.match.readings
    return (_value(placed),)


def _plausible(
    start: PlacedDate | None, end: PlacedDate | None, warnings: list[str]
) -> tuple[PlacedDate | None, PlacedDate | None]:
    """Pick readings of still-ambiguous dates that make start < end and a ≤ 3-year cycle,
    then the earlier (conservative) expiry."""
    if start is None or end is None:
        return start, end
    options: list[tuple[int, date, date]] = []
    for s in _readings(start):
        for e in _readings(end):
            days = (e - s).days
            fits = 0 if 300 <= days <= 3 * 366 + 31 else 1
            options.append((fits, e, s))
    options.sort(key=lambda item: (item[0], item[1]))
    fits, best_end, best_start = options[0]
    reason = "plausibility" if fits == 0 else "earlier"  # the window's cycle, else the
    if end.match.ambiguous and len(_readings(end)) > 1:  # conservative earlier expiry
        end = PlacedDate(end.page, replace(end.match, value=best_end, resolved_by=reason))
    if start.match.ambiguous and len(_readings(start)) > 1:
        start = PlacedDate(start.page, replace(start.match, value=best_start,
                                               resolved_by=reason))
    if _value(start) > _value(end):
        warnings.append(
            f"the certificate's start {_value(start).isoformat()} is after its expiry "
            f"{_value(end).isoformat()}"
        )
    return start, end
