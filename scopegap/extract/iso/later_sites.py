"""Sites a certificate adds only from a later date: "and, from March 2027, the Cebu delivery
centre", "the Leeds site is included from 01.09.2027".

Such a site is announced, not certified: on the day the certificate speaks for (its issue
date) it is outside the scope, and reading it as covered is a false "covered" that lasts
until the extension audit really happens. A dated start in the site's own clause that is
later than the certificate's issue date (or any dated start when the issue date is unknown:
the safe side) keeps the site out; the wording goes to the warnings as evidence. A start
date on or before the issue date ("certified from 2019") changes nothing.
"""

from __future__ import annotations

import re
from datetime import date

from scopegap.extract.dates import find_dates, month_number, resolve_order
from scopegap.extract.patterns import certificate_patterns

# How far around the town the dated start may stand: its clause, not the next sentence.
_REACH = 70
# (not the point of an ordinal date: "1. März 2027")
_CLAUSE_END = re.compile(r"(?<!\d)\.(?:\s|$)|;|\n\s*\n")
_MONTH_YEAR = re.compile(r"([^\W\d_]{3,})\.?[ \t]+((?:19|20)\d\d)\b")
_YEAR = re.compile(r"((?:19|20)\d\d)(?![\d./-])")


def added_later(text: str, town: str, issued: date | None) -> str | None:
    """The words of ``text`` that add ``town`` only from a date after ``issued``, or None."""
    at = text.casefold().find(town.casefold())
    if at < 0:
        return None
    start = max(0, at - _REACH)
    before = text[start:at]
    stops = list(_CLAUSE_END.finditer(before))
    if stops:
        start += stops[-1].end()
    elif start > 0:
        start = text.find(" ", start, at) + 1 or start  # from a word's start
    end = min(len(text), at + len(town) + _REACH)
    after = _CLAUSE_END.search(text, at + len(town), end)
    if after is not None:
        end = after.start()
    clause = text[start:end]
    town_at = at - start
    patterns = certificate_patterns()
    for cue in patterns.site_from_date.finditer(clause):
        found = _date_at(clause, cue.end())
        if found is None:
            continue
        when, date_end = found
        if date_end <= town_at:
            gap = clause[date_end:town_at]
        elif cue.start() >= town_at + len(town):
            gap = clause[town_at + len(town):cue.start()]
        else:
            continue
        if patterns.site_date_gap.fullmatch(gap) and (issued is None or when > issued):
            return " ".join(clause.split())
    return None


def _date_at(text: str, pos: int) -> tuple[date, int] | None:
    """The date that starts at ``pos`` and where it ends: a full date, a month and year
    ("March 2027", read as the month's first day) or a year alone ("2027", its first day)."""
    dates = [d for d in find_dates(text[pos:pos + 40]) if d.start == 0]
    if dates:
        value = resolve_order(dates)[0].value
        return (value, pos + dates[0].end) if value is not None else None
    month = _MONTH_YEAR.match(text, pos)
    if month is None:
        # "(from 2027)": the year's first day, so a start in the issue year is never later
        year = _YEAR.match(text, pos)
        return (date(int(year.group(1)), 1, 1), year.end()) if year else None
    number = month_number(month.group(1))
    return (date(int(month.group(2)), number, 1), month.end()) if number else None
