"""Find and read the dates printed on certificates and SOC reports (DOMAIN.md §5).

Written here rather than with dateutil/dateparser because certificates need what those
libraries hide: every plausible reading of ``06/03/2023``, the document-wide order evidence,
and a flag when the order was guessed. Month names come from ``models/patterns/months.yaml``
and every regex is compiled once, at import, because this runs over 200-page reports.

``find_dates`` reads each date on its own (a ``/`` date with both parts <= 12 stays
ambiguous); ``resolve_order`` then applies the document-level rules of DOMAIN.md §5.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any, Literal

from scopegap.resources import load_yaml, regex_code

Order = Literal["DMY", "MDY"]
FieldOrder = Literal["DMY", "MDY", "YMD"]


@dataclass(frozen=True)
class DateMatch:
    """One date found in text, with every reading it allows.

    ``order`` is the field order behind ``value`` for numeric dates (None for month names,
    and when both orders give the same day). ``resolved_by`` says why that value was chosen:
    "text" (a name, ISO, or a part > 12), "equal", "document" (another date in the list),
    "separator" ("." means DMY), "hint" (caller's issuer/country order) or "earlier"
    (conservative default). Reports use it to explain, and to log, every guessed order.
    """

    start: int
    end: int
    text: str
    value: date | None
    readings: tuple[date, ...]
    style: str
    separator: str | None
    ambiguous: bool
    order: FieldOrder | None = None
    resolved_by: str | None = None


# --------------------------------------------------------------------------- month data


def _fold(token: str) -> str:
    """Case- and accent-free key, so "MÄRZ", "Marz", "märz" and NFD "märz" find one month."""
    decomposed = unicodedata.normalize("NFD", token.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("\u0131", "i")  # Turkish dotless i: "KASIM" must find the month


def _load_months() -> tuple[dict[str, int], list[str], list[str]]:
    """Read months.yaml: (folded spelling -> month, all spellings, month-first spellings).

    Refuses a spelling that means two different months, since a silent last-wins would
    misdate every certificate written in one of the two languages.
    """
    data: Any = load_yaml("patterns/months.yaml")
    lookup: dict[str, int] = {}
    spellings: set[str] = set()
    month_first: set[str] = set()
    for lang, spec in data["languages"].items():
        for number, names in spec["months"].items():
            month = int(number)
            if not 1 <= month <= 12:
                raise ValueError(f"months.yaml: {lang}: month {number} is not 1-12")
            for raw in names:
                name = str(raw).strip().lower()
                key = _fold(name)
                if lookup.setdefault(key, month) != month:
                    raise ValueError(
                        f"months.yaml: {lang}: {name!r} is month {month} here but "
                        f"month {lookup[key]} in another language"
                    )
                # As printed (NFC), decomposed (NFD) and accent-free: PDF text has all three.
                forms = {
                    unicodedata.normalize("NFC", name),
                    unicodedata.normalize("NFD", name),
                    key,
                }
                spellings |= forms
                if spec.get("month_first", False):
                    month_first |= forms
    return lookup, sorted(spellings), sorted(month_first)


def _alternation(spellings: list[str]) -> str:
    """Longest first, so "march" wins over "mar" and "mart" over "mar"."""
    return "|".join(re.escape(s) for s in sorted(spellings, key=lambda s: (-len(s), s)))


_MONTHS, _ALL_SPELLINGS, _MONTH_FIRST_SPELLINGS = _load_months()

# ------------------------------------------------------------------------------ regexes
# Digits are [0-9], not \d: Unicode digits would parse but no certificate prints them.
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"
# A number must not continue one: "27001:2013", "AD-200724-054Q", "10.20.30.40".
_NUM_START = r"(?<![0-9./-])(?<![0-9][:,])"
_NUM_END = r"(?![0-9])(?![./-][0-9])"
# A four-digit-year date may touch a hyphen range ("01.01.2024-31.12.2026") unless its own
# separator is "-" ("12-05-2019-0034" is a reference number).
_RANGE_START = r"(?<![0-9./])(?<![0-9][:,])(?:(?<!-)|(?<=[0-9]{4}-)(?=[0-9]{1,2}[./]))"
_RANGE_END = r"(?![0-9])(?![./][0-9])(?!(?P=sep)[0-9])"
_DAY_START = r"(?<![0-9])(?<![0-9][.,:/-])"
_YEAR = r"(?P<year>(?:19|20|21)[0-9]{2})(?![0-9])"
_ORDINAL = r"(?:st|nd|rd|th|er|re|º|°|\.)"
_MONTH_ANY = rf"{_NOT_LETTER_BEFORE}(?P<mon>{_alternation(_ALL_SPELLINGS)}){_NOT_LETTER_AFTER}"
_MONTH_FIRST = (
    rf"{_NOT_LETTER_BEFORE}(?P<mon>{_alternation(_MONTH_FIRST_SPELLINGS)}){_NOT_LETTER_AFTER}"
)
# Between parts: nothing (text extraction drops spaces: "17September2018"), blanks, one
# punctuation mark, or Spanish/Portuguese "de" ("15 de marzo de 2026").
_SEP_DM = r"(?:\s{1,3}de\s{1,3}|\s{0,3}[-/.,]?\s{0,3})"
_SEP_MY = r"(?:\s{1,3}del?\s{1,3}|\s{0,3}[-/.,]?\s{0,3})"

_FLAGS = re.IGNORECASE
# "15 March 2026", "15th March 2026", "15-Mar-2026", "15. März 2026", "17September2018".
_DAY_MONTH_YEAR = regex_code.compile(
    rf"{_DAY_START}(?P<day>[0-3]?[0-9]){_ORDINAL}?{_SEP_DM}{_MONTH_ANY}\.?{_SEP_MY}{_YEAR}",
    _FLAGS,
)
# "October 15, 2025", "Oct. 15 2025", "January 29th, 2026". Day and year need a blank, a
# comma or an ordinal between them, else "March 2026" would read as March 20, "26..".
_MONTH_DAY_YEAR = regex_code.compile(
    rf"{_MONTH_FIRST}\.?\s{{0,3}}(?P<day>[0-3]?[0-9])"
    rf"(?:(?:st|nd|rd|th)\s{{0,3}},?\s{{0,3}}|\s{{0,3}},\s{{0,3}}|\s{{1,3}}){_YEAR}",
    _FLAGS,
)
# "20-Nov-23": two-digit year only with a repeated "-" or "/", never with blanks
# ("15 March 23 people").
_DAY_MONTH_YY = regex_code.compile(
    rf"{_DAY_START}(?P<day>[0-3]?[0-9])(?P<sep>[-/]){_MONTH_ANY}(?P=sep)"
    rf"(?P<yy>[0-9]{{2}}){_NUM_END}",
    _FLAGS,
)
# "2026-03-15", "2026/03/15", "2026.03.15".
_YEAR_MONTH_DAY = regex_code.compile(
    rf"{_NUM_START}{_YEAR}(?P<sep>[-/.])(?P<month>[0-9]{{1,2}})(?P=sep)(?P<day>[0-9]{{1,2}})"
    rf"{_RANGE_END}"
)
# "15/03/2026", "03/15/2026", "15.03.2026", "15-03-2026".
_NUMERIC = regex_code.compile(
    rf"{_RANGE_START}(?P<a>[0-9]{{1,2}})(?P<sep>[./-])(?P<b>[0-9]{{1,2}})(?P=sep){_YEAR}"
    rf"{_RANGE_END}"
)
# "15.03.23", "03/15/23": only two digits everywhere and "." or "/" so that versions
# ("2.6.23") and phone fragments ("12-34-56") stay out.
_NUMERIC_YY = regex_code.compile(
    rf"{_NUM_START}(?P<a>[0-9]{{2}})(?P<sep>[./])(?P<b>[0-9]{{2}})(?P=sep)(?P<yy>[0-9]{{2}})"
    rf"{_NUM_END}"
)

_CENTURY = 2000  # two-digit years are windowed to 20xx and flagged ambiguous (DOMAIN.md §5.6)


# ------------------------------------------------------------------------------ helpers


def _safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist (31/02, month 13)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class _Numeric:
    """Both readings of a day/month/year number triple; None where a reading is impossible."""

    dmy: date | None
    mdy: date | None
    separator: str
    two_digit_year: bool

    @property
    def intrinsic(self) -> Order | None:
        """The order the digits alone prove (a part > 12), or None."""
        if self.dmy is not None and self.mdy is None:
            return "DMY"
        if self.mdy is not None and self.dmy is None:
            return "MDY"
        return None

    @property
    def open_question(self) -> bool:
        """True when both orders give two different, real dates."""
        return self.dmy is not None and self.mdy is not None and self.dmy != self.mdy

    def reading(self, order: Order) -> date | None:
        return self.dmy if order == "DMY" else self.mdy


def _numeric_of(m: re.Match[str]) -> _Numeric:
    a, b = int(m["a"]), int(m["b"])
    two_digit = "yy" in m.re.groupindex
    year = _CENTURY + int(m["yy"]) if two_digit else int(m["year"])
    return _Numeric(_safe_date(year, b, a), _safe_date(year, a, b), m["sep"], two_digit)


def _numeric_from_text(text: str) -> _Numeric | None:
    """Re-read a match's own text: resolve_order needs the raw readings, not a past choice."""
    for pattern in (_NUMERIC, _NUMERIC_YY):
        m = pattern.fullmatch(text)
        if m is not None:
            return _numeric_of(m)
    return None


def _settle(
    base: DateMatch, num: _Numeric, order: Order | None, resolved_by: str, decided: bool
) -> DateMatch:
    """Set value/readings/ambiguous of a numeric match for the chosen order.

    ``decided`` means the text itself settled the order: one reading is kept. Otherwise both
    stay in ``readings`` and ``ambiguous`` is True. A two-digit year is always ambiguous.
    """
    both = tuple(sorted({d for d in (num.dmy, num.mdy) if d is not None}))
    if order is None:  # both orders agree, or only one is possible
        value = both[0]
        intrinsic = num.intrinsic
        return replace(
            base,
            value=value,
            readings=both,
            order=intrinsic,
            ambiguous=num.two_digit_year,
            resolved_by=resolved_by,
        )
    value_or_none = num.reading(order)
    assert value_or_none is not None  # callers only pass an order whose reading exists
    readings = (value_or_none,) if decided else both
    return replace(
        base,
        value=value_or_none,
        readings=readings,
        order=order,
        ambiguous=num.two_digit_year or not decided,
        resolved_by=resolved_by,
    )


def _earlier_order(num: _Numeric) -> Order:
    """The order whose reading is earlier: the conservative pick for an expiry."""
    assert num.dmy is not None and num.mdy is not None
    return "DMY" if num.dmy <= num.mdy else "MDY"


# ----------------------------------------------------------------------------- builders

_Builder = Callable[[re.Match[str]], "DateMatch | None"]


def _base(m: re.Match[str], style: str, separator: str | None) -> DateMatch:
    return DateMatch(
        start=m.start(),
        end=m.end(),
        text=m.group(0),
        value=None,
        readings=(),
        style=style,
        separator=separator,
        ambiguous=False,
    )


def _build_named(m: re.Match[str]) -> DateMatch | None:
    """A day + month name + year; a two-digit year ("20-Nov-23") is windowed and flagged."""
    month = _MONTHS.get(_fold(m["mon"]))
    if month is None:  # matched through an exotic case fold (long s, U+017F)
        return None
    two_digit = "yy" in m.re.groupindex
    year = _CENTURY + int(m["yy"]) if two_digit else int(m["year"])
    value = _safe_date(year, month, int(m["day"]))
    if value is None:
        return None
    style = "two_digit_year" if two_digit else "month_name"
    return replace(
        _base(m, style, m["sep"] if two_digit else None),
        value=value,
        readings=(value,),
        ambiguous=two_digit,
        resolved_by="text",
    )


def _build_ymd(m: re.Match[str]) -> DateMatch | None:
    value = _safe_date(int(m["year"]), int(m["month"]), int(m["day"]))
    if value is None:
        return None
    sep = m["sep"]
    return replace(
        _base(m, "iso" if sep == "-" else "ymd", sep),
        value=value,
        readings=(value,),
        order="YMD",
        resolved_by="text",
    )


def _build_numeric(m: re.Match[str]) -> DateMatch | None:
    num = _numeric_of(m)
    if num.dmy is None and num.mdy is None:
        return None
    base = _base(m, "two_digit_year" if num.two_digit_year else "numeric", num.separator)
    if num.open_question:
        return _settle(base, num, _earlier_order(num), "earlier", decided=False)
    return _settle(base, num, None, "equal" if num.dmy == num.mdy else "text", decided=True)


_PASSES: tuple[tuple[re.Pattern[str], _Builder], ...] = (
    (_DAY_MONTH_YEAR, _build_named),
    (_MONTH_DAY_YEAR, _build_named),
    (_DAY_MONTH_YY, _build_named),
    (_YEAR_MONTH_DAY, _build_ymd),
    (_NUMERIC, _build_numeric),
    (_NUMERIC_YY, _build_numeric),
)


# ------------------------------------------------------------------------------ public API


def find_dates(text: str) -> list[DateMatch]:
    """Every date in ``text``, in order, each read on its own.

    A numeric date whose order the digits cannot settle comes back ``ambiguous`` with both
    readings and the earlier one as ``value``; pass the list to ``resolve_order`` to apply
    the document's evidence and the issuer hint.
    """
    found: list[DateMatch] = []
    for pattern, build in _PASSES:
        pos = 0
        while (m := pattern.search(text, pos)) is not None:
            match = build(m)
            if match is None:  # impossible date: look again just after its start
                pos = m.start() + 1
                continue
            found.append(match)
            pos = m.end()
    found.sort(key=lambda d: (d.start, d.start - d.end))
    kept: list[DateMatch] = []
    for match in found:  # keep the longest of overlapping candidates, leftmost first
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept


def resolve_order(matches: Sequence[DateMatch], hint: Order | None = None) -> list[DateMatch]:
    """Settle day/month order for numeric dates using DOMAIN.md §5, in this order.

    1. An unambiguous numeric date with the same separator in the list tells the document's
       order, unless the list's unambiguous numeric dates disagree (any separator): then the
       evidence is unusable and those dates stay ambiguous, valued by the rules below.
    2. A "." separator means DMY.
    3. ``hint``, the issuer's or country's order: sets the value but keeps ``ambiguous``,
       since it is not from the text itself.
    4. Plausibility (issue + 3 years = expiry...) is the caller's.
    5. Otherwise the earlier reading, both kept, ``ambiguous``.

    Works from each match's text, so it can be re-run with another hint.
    """
    numerics = [_numeric_from_text(m.text) if m.separator else None for m in matches]
    evidence: dict[str, set[Order]] = {}
    for num in numerics:
        if num is not None and num.intrinsic is not None:
            evidence.setdefault(num.separator, set()).add(num.intrinsic)
    doc_orders = set().union(*evidence.values()) if evidence else set()
    conflict = len(doc_orders) > 1

    resolved: list[DateMatch] = []
    for match, num in zip(matches, numerics, strict=True):
        if num is None or not num.open_question:
            resolved.append(match)
            continue
        same_sep = evidence.get(num.separator, set())
        if not conflict and len(same_sep) == 1:
            (order,) = same_sep
            resolved.append(_settle(match, num, order, "document", decided=True))
        elif num.separator == ".":
            resolved.append(_settle(match, num, "DMY", "separator", decided=not conflict))
        elif hint is not None:
            resolved.append(_settle(match, num, hint, "hint", decided=False))
        else:
            resolved.append(_settle(match, num, _earlier_order(num), "earlier", decided=False))
    return resolved


def parse_date(text: str, order: Order | None = None) -> date | None:
    """The first date in ``text`` (e.g. a label's value), or None.

    An explicit ``order`` is the caller's knowledge of the format and wins for a numeric date
    the digits leave open; without it the ``resolve_order`` rules apply.
    """
    matches = find_dates(text)
    if not matches:
        return None
    first = matches[0]
    if order is not None and first.separator:
        num = _numeric_from_text(first.text)
        if num is not None and num.open_question:
            return num.reading(order)
    return resolve_order(matches)[0].value


@cache
def month_names(language: str) -> frozenset[str]:
    """Every month's full name in ``language`` (the first spelling months.yaml lists), folded:
    "May" or "June" printed alone is a month, not an organisation's name."""
    data: Any = load_yaml("patterns/months.yaml")
    months = data["languages"][language]["months"]
    return frozenset(_fold(names[0]) for names in months.values())


def is_month_name(word: str, language: str = "en") -> bool:
    return _fold(word) in month_names(language)


def month_number(word: str) -> int | None:
    """The month (1-12) ``word`` spells in any language of months.yaml, or None."""
    return _MONTHS.get(_fold(word))


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole months, the day clamped to the month's end (31 Jan + 1 = 28/29 Feb).

    Certificate and SOC rules count in months (3-year cycle, 3-month bridge, 12-month
    staleness), and a day that does not exist must land on the month's last day, not fail.
    """
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(d.day, last))
