"""Dates on certificates and SOC reports (DOMAIN.md §5): formats, non-dates, order rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scopegap.extract.dates import (
    DateMatch,
    Order,
    add_months,
    find_dates,
    parse_date,
    resolve_order,
)

# ------------------------------------------------------------------------------ formats

FORMATS: list[tuple[str, date, str]] = [
    # SAP / US style, month first
    ("October 15, 2025", date(2025, 10, 15), "month_name"),
    ("October 15 2025", date(2025, 10, 15), "month_name"),
    ("Oct. 15, 2025", date(2025, 10, 15), "month_name"),
    ("Oct 15, 2025", date(2025, 10, 15), "month_name"),
    ("January 29th, 2026", date(2026, 1, 29), "month_name"),
    ("OCTOBER 1, 2017", date(2017, 10, 1), "month_name"),
    ("May 06, 2022", date(2022, 5, 6), "month_name"),
    ("March 1st, 2026", date(2026, 3, 1), "month_name"),
    ("March 2nd, 2026", date(2026, 3, 2), "month_name"),
    ("March 3rd, 2026", date(2026, 3, 3), "month_name"),
    ("October\t12,\t2019", date(2019, 10, 12), "month_name"),
    ("June 29,\n2025", date(2025, 6, 29), "month_name"),
    # day first, month name
    ("15 March 2026", date(2026, 3, 15), "month_name"),
    ("15th March 2026", date(2026, 3, 15), "month_name"),
    ("25th October 2025", date(2025, 10, 25), "month_name"),
    ("1st March 2026", date(2026, 3, 1), "month_name"),
    ("2nd March 2026", date(2026, 3, 2), "month_name"),
    ("3rd March 2026", date(2026, 3, 3), "month_name"),
    ("23rd October,2020", date(2020, 10, 23), "month_name"),
    ("15-Mar-2026", date(2026, 3, 15), "month_name"),
    ("20-Nov-2023", date(2023, 11, 20), "month_name"),
    ("15 Mar 2026", date(2026, 3, 15), "month_name"),
    ("15 MARCH 2026", date(2026, 3, 15), "month_name"),
    # spaces lost in text extraction
    ("17September2018", date(2018, 9, 17), "month_name"),
    ("08September2021", date(2021, 9, 8), "month_name"),
    # ISO and other numeric
    ("2026-03-15", date(2026, 3, 15), "iso"),
    ("2026/03/15", date(2026, 3, 15), "ymd"),
    ("15/03/2026", date(2026, 3, 15), "numeric"),
    ("15.03.2026", date(2026, 3, 15), "numeric"),
    ("15-03-2026", date(2026, 3, 15), "numeric"),
    ("03/15/2026", date(2026, 3, 15), "numeric"),
    ("5.3.2026", date(2026, 3, 5), "numeric"),  # "." means DMY (rule 2, via parse_date)
    # other languages
    ("15. März 2026", date(2026, 3, 15), "month_name"),
    ("15. Ma\u0308rz 2026", date(2026, 3, 15), "month_name"),  # decomposed umlaut
    ("15. Marz 2026", date(2026, 3, 15), "month_name"),  # umlaut lost
    ("15. MÄRZ 2026", date(2026, 3, 15), "month_name"),
    ("15. Mrz. 2026", date(2026, 3, 15), "month_name"),
    ("31. Dezember 2025", date(2025, 12, 31), "month_name"),
    ("15 mars 2026", date(2026, 3, 15), "month_name"),
    ("1er janvier 2026", date(2026, 1, 1), "month_name"),
    ("15 février 2026", date(2026, 2, 15), "month_name"),
    ("15 fév. 2026", date(2026, 2, 15), "month_name"),
    ("15 août 2026", date(2026, 8, 15), "month_name"),
    ("15 décembre 2026", date(2026, 12, 15), "month_name"),
    ("15 de marzo de 2026", date(2026, 3, 15), "month_name"),
    ("15 de setembro de 2026", date(2026, 9, 15), "month_name"),
    ("15 diciembre 2026", date(2026, 12, 15), "month_name"),
    ("15 settembre 2026", date(2026, 9, 15), "month_name"),
    ("15 maart 2026", date(2026, 3, 15), "month_name"),
    ("15 mei 2026", date(2026, 5, 15), "month_name"),
    ("15 Şubat 2026", date(2026, 2, 15), "month_name"),
    ("15 May\u0131s 2026", date(2026, 5, 15), "month_name"),
    ("15 NİSAN 2026", date(2026, 4, 15), "month_name"),
    ("15 KASIM 2026", date(2026, 11, 15), "month_name"),  # upper case of "kas\u0131m" (dotless i)
    ("15 Ağustos 2026", date(2026, 8, 15), "month_name"),
    ("15 Aral\u0131k 2026", date(2026, 12, 15), "month_name"),
    ("15 marca 2026 r.", date(2026, 3, 15), "month_name"),  # Polish genitive
    ("15 października 2026", date(2026, 10, 15), "month_name"),
    ("15 pazdziernika 2026", date(2026, 10, 15), "month_name"),  # accents lost
    ("1 stycznia 2026", date(2026, 1, 1), "month_name"),
]


@pytest.mark.parametrize(("text", "expected", "style"), FORMATS)
def test_format_is_found_and_parsed(text: str, expected: date, style: str) -> None:
    matches = find_dates(text)
    assert len(matches) == 1
    (m,) = matches
    assert m.style == style
    assert expected in m.readings
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "expected", "_style"), FORMATS)
def test_format_span_inside_sentence(text: str, expected: date, _style: str) -> None:
    prefix = "in accordance with the SoA Version 2.6 dated, "
    sentence = f"{prefix}{text}; see annex."
    (m,) = find_dates(sentence)
    if text.endswith(" r."):  # the Polish "r." (roku) is not part of the date
        text = text[: -len(" r.")]
    assert (m.start, m.end) == (len(prefix), len(prefix) + len(text))
    assert m.text == sentence[m.start : m.end]


def test_range_with_to_gives_two_matches() -> None:
    matches = find_dates("OCTOBER 1, 2017 TO SEPTEMBER 30, 2018")
    assert [m.value for m in matches] == [date(2017, 10, 1), date(2018, 9, 30)]
    assert [m.text for m in matches] == ["OCTOBER 1, 2017", "SEPTEMBER 30, 2018"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01.01.2024-31.12.2026", [date(2024, 1, 1), date(2026, 12, 31)]),
        ("15/03/2026-14/03/2029", [date(2026, 3, 15), date(2029, 3, 14)]),
        ("15-03-2026 - 14-03-2029", [date(2026, 3, 15), date(2029, 3, 14)]),
        ("20-Nov-2023 until 19-Nov-2026", [date(2023, 11, 20), date(2026, 11, 19)]),
        ("15 March 2026 \u2013 14 March 2029", [date(2026, 3, 15), date(2029, 3, 14)]),
        ("June 1, 2014 to May 31, 2015", [date(2014, 6, 1), date(2015, 5, 31)]),
    ],
)
def test_ranges_give_two_matches(text: str, expected: list[date]) -> None:
    assert [m.value for m in find_dates(text)] == expected


def test_dated_comma_prefix() -> None:
    (m,) = find_dates("Version 2.6 dated, October 15, 2025.")
    assert m.text == "October 15, 2025"
    assert m.value == date(2025, 10, 15)


def test_several_dates_in_order() -> None:
    text = "Valid: 17 September 2018 \u2013 16 September 2021; SoA 24/07/2018; expiry 2021-09-16"
    values = [m.value for m in find_dates(text)]
    assert values == [
        date(2018, 9, 17),
        date(2021, 9, 16),
        date(2018, 7, 24),
        date(2021, 9, 16),
    ]


# --------------------------------------------------------------------------- two-digit years

TWO_DIGIT: list[tuple[str, tuple[date, ...]]] = [
    ("15.03.23", (date(2023, 3, 15),)),
    ("03/15/23", (date(2023, 3, 15),)),
    ("06/03/23", (date(2023, 3, 6), date(2023, 6, 3))),
    ("20-Nov-23", (date(2023, 11, 20),)),
]


@pytest.mark.parametrize(("text", "readings"), TWO_DIGIT)
def test_two_digit_year_is_windowed_and_flagged(text: str, readings: tuple[date, ...]) -> None:
    (m,) = find_dates(text)
    assert m.style == "two_digit_year"
    assert m.ambiguous
    assert m.readings == readings
    assert m.value == readings[0]


def test_two_digit_year_stays_ambiguous_after_resolution() -> None:
    (m,) = resolve_order(find_dates("Applicability: 06.03.23"))
    assert m.value == date(2023, 3, 6)
    assert m.readings == (date(2023, 3, 6),)
    assert m.ambiguous  # order settled by ".", the century still guessed


# ------------------------------------------------------------------------------ non-dates

NON_DATES = [
    "Version 2.6",
    "SoA v2.4",
    "ISO/IEC 27001:2022",
    "27001:2013",
    "ISO/IEC 27001:2013 certificate",
    "AD-200724-054Q",
    "ICI/1138741/26",
    "Certificate No: IS 707439",
    "Tel: + 44 345 080 9000",
    "Telefon 0212 438 04 76",
    "+1 (555) 123-4567",
    "01.23.45.67.89",
    "10.20.30.40",
    "Milton Keynes MK5 8PP",
    "Vadodara - 391410",
    "San Francisco, CA 94107",
    "founded in 2011",
    "2026",
    "April 2011",
    "TSP Section 100, 2017",
    "ANSI/TIA-942-B-2017",
    "31/02/2026",
    "30.02.2026",
    "13/13/2026",
    "00/05/2026",
    "February 30, 2026",
    "32 March 2026",
    "12-34-56",
    "AB-12-05-2019-0034",
    "12-05-2019-0034",
    "2026-03-15-001",
    "2.6.23",
    "Subprocessors-list-10-23-20.pdf",
    "15 March 23 people",
    "May we",
    "",
]


@pytest.mark.parametrize("text", NON_DATES)
def test_non_dates_are_not_matched(text: str) -> None:
    assert find_dates(text) == []
    assert parse_date(text) is None


# ------------------------------------------------------------------------- ambiguity


AMBIGUITY: list[tuple[str, bool, tuple[date, ...], str | None]] = [
    # text, ambiguous, readings, order behind value
    ("25/12/2023", False, (date(2023, 12, 25),), "DMY"),  # a > 12
    ("12/25/2023", False, (date(2023, 12, 25),), "MDY"),  # b > 12
    ("05/05/2025", False, (date(2025, 5, 5),), None),  # same day both ways
    ("06/03/2023", True, (date(2023, 3, 6), date(2023, 6, 3)), "DMY"),  # earlier = DMY
    ("03/06/2023", True, (date(2023, 3, 6), date(2023, 6, 3)), "MDY"),  # earlier = MDY
    ("06.03.2023", True, (date(2023, 3, 6), date(2023, 6, 3)), "DMY"),
]


@pytest.mark.parametrize(("text", "ambiguous", "readings", "order"), AMBIGUITY)
def test_find_dates_reads_each_date_on_its_own(
    text: str, ambiguous: bool, readings: tuple[date, ...], order: str | None
) -> None:
    (m,) = find_dates(text)
    assert m.style == "numeric"
    assert m.ambiguous is ambiguous
    assert m.readings == readings
    assert m.value == readings[0]
    assert m.order == order


def _resolved(text: str, hint: Order | None = None) -> list[DateMatch]:
    return resolve_order(find_dates(text), hint=hint)


# text, hint, index of the date checked, value, ambiguous, resolved_by
RULES: list[tuple[str, Order | None, int, date, bool, str]] = [
    # rule 1: another unambiguous date with the same separator
    ("from 06/03/2023 to 25/12/2023", None, 0, date(2023, 3, 6), False, "document"),
    ("from 06/03/2023 to 12/25/2023", None, 0, date(2023, 6, 3), False, "document"),
    ("from 06/03/2023 to 12/25/2023", "DMY", 0, date(2023, 6, 3), False, "document"),  # > hint
    ("06.03.2023 and 12.25.2023", None, 0, date(2023, 6, 3), False, "document"),  # > rule 2
    # rule 1 needs the same separator: a "." MDY date says nothing about "/" dates
    ("06/03/2023 and 12.25.2023", None, 0, date(2023, 3, 6), True, "earlier"),
    # rule 2: "." means DMY
    ("valid from 03.06.2023", None, 0, date(2023, 6, 3), False, "separator"),
    ("valid from 03.06.2023", "MDY", 0, date(2023, 6, 3), False, "separator"),  # > hint
    # rule 3: the caller's hint picks the value; the text still did not decide
    ("valid from 06/03/2023", "MDY", 0, date(2023, 6, 3), True, "hint"),
    ("valid from 03/06/2023", "DMY", 0, date(2023, 6, 3), True, "hint"),
    # rule 5: earlier reading, conservative
    ("valid from 06/03/2023", None, 0, date(2023, 3, 6), True, "earlier"),
    ("valid from 03/06/2023", None, 0, date(2023, 3, 6), True, "earlier"),
    # not ambiguous at all
    ("valid from 05/05/2025", "MDY", 0, date(2025, 5, 5), False, "equal"),
]


@pytest.mark.parametrize(("text", "hint", "index", "value", "ambiguous", "by"), RULES)
def test_resolve_order_rules(
    text: str, hint: Order | None, index: int, value: date, ambiguous: bool, by: str
) -> None:
    m = _resolved(text, hint)[index]
    assert m.value == value
    assert m.ambiguous is ambiguous
    assert m.resolved_by == by
    if ambiguous:
        assert len(m.readings) == 2
        assert value in m.readings
    else:
        assert m.readings == (value,)


def test_mixed_order_document_keeps_ambiguous_dates_ambiguous() -> None:
    """The document's unambiguous dates disagree (15.03.23 is DMY, 05/17/2023 is MDY).

    The "/" range must not be read MDY on the strength of 05/17/2023: it stays ambiguous
    with both readings and the earlier one as value.
    """
    text = (
        "Statement of Applicability dated 15.03.23. "
        "Valid from 06/03/2023 to 06/02/2026. First certified 06/02/2020. "
        "Issued 05/17/2023."
    )
    soa, start, end, first, issued = resolve_order(find_dates(text))
    assert (soa.value, soa.order) == (date(2023, 3, 15), "DMY")
    assert (issued.value, issued.ambiguous, issued.resolved_by) == (
        date(2023, 5, 17),
        False,
        "text",
    )
    for m, dmy, mdy in (
        (start, date(2023, 3, 6), date(2023, 6, 3)),
        (end, date(2026, 2, 6), date(2026, 6, 2)),
        (first, date(2020, 2, 6), date(2020, 6, 2)),
    ):
        assert m.ambiguous
        assert m.readings == (dmy, mdy)
        assert m.value == min(dmy, mdy)
        assert m.resolved_by == "earlier"
    # the caller's hint still picks a value, but cannot make them unambiguous
    hinted = resolve_order(find_dates(text), hint="DMY")
    assert [m.value for m in hinted[1:4]] == [date(2023, 3, 6), date(2026, 2, 6), date(2020, 2, 6)]
    assert all(m.ambiguous and m.resolved_by == "hint" for m in hinted[1:4])


def test_mixed_separator_conflict_still_applies_dot_rule_but_stays_ambiguous() -> None:
    (m, _dmy, _mdy) = _resolved("06.03.2023, 25/12/2023, 12/25/2023")
    assert m.value == date(2023, 3, 6)
    assert m.ambiguous
    assert m.resolved_by == "separator"


def test_single_mdy_date_resolves_same_separator_range() -> None:
    """Without contrary evidence, one MDY date decides the document's "/" dates (rule 1)."""
    start, end, issued = _resolved("Valid from 06/03/2023 to 06/02/2026. Issued 05/17/2023.")
    assert (start.value, end.value) == (date(2023, 6, 3), date(2026, 6, 2))
    assert not start.ambiguous and start.resolved_by == "document"
    assert issued.value == date(2023, 5, 17)


def test_resolve_order_can_be_rerun_with_another_hint() -> None:
    once = resolve_order(find_dates("06/03/2023"), hint="MDY")
    again = resolve_order(once, hint="DMY")
    assert again == resolve_order(find_dates("06/03/2023"), hint="DMY")
    assert again[0].value == date(2023, 3, 6)


def test_resolve_order_leaves_non_numeric_dates_alone() -> None:
    matches = find_dates("15 March 2026, 2026-03-15, 20-Nov-23")
    assert resolve_order(matches, hint="MDY") == matches


# ------------------------------------------------------------------------------ parse_date

PARSE: list[tuple[str, Order | None, date | None]] = [
    ("06/03/2023", "DMY", date(2023, 3, 6)),
    ("06/03/2023", "MDY", date(2023, 6, 3)),
    ("06/03/2023", None, date(2023, 3, 6)),  # earlier reading
    ("06.03.2023", None, date(2023, 3, 6)),  # "." means DMY
    ("06.03.2023", "MDY", date(2023, 6, 3)),  # an explicit order is the caller's knowledge
    ("25/12/2023", "MDY", date(2023, 12, 25)),  # the digits win over a wrong order
    ("  May 06, 2022  ", None, date(2022, 5, 6)),
    ("no date here", None, None),
]


@pytest.mark.parametrize(("text", "order", "expected"), PARSE)
def test_parse_date(text: str, order: Order | None, expected: date | None) -> None:
    assert parse_date(text, order) == expected


# ------------------------------------------------------------------------------ add_months

ADD_MONTHS: list[tuple[date, int, date]] = [
    (date(2023, 3, 6), 36, date(2026, 3, 6)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2023, 1, 31), 1, date(2023, 2, 28)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2025, 10, 31), 3, date(2026, 1, 31)),
    (date(2025, 3, 31), -1, date(2025, 2, 28)),
    (date(2025, 1, 15), -13, date(2023, 12, 15)),
    (date(2025, 5, 5), 0, date(2025, 5, 5)),
]


@pytest.mark.parametrize(("start", "months", "expected"), ADD_MONTHS)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


# ------------------------------------------------------------------------------ properties

EN = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
DE = [
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
]  # fmt: skip
FR = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip

UNAMBIGUOUS_STYLES: dict[str, Callable[[date], str]] = {
    "iso": lambda d: d.isoformat(),
    "day_month_year": lambda d: f"{d.day} {EN[d.month - 1]} {d.year}",
    "month_day_year": lambda d: f"{EN[d.month - 1]} {d.day}, {d.year}",
    "dd_mon_yyyy": lambda d: f"{d.day:02d}-{EN[d.month - 1][:3]}-{d.year}",
    "dotted": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "german": lambda d: f"{d.day}. {DE[d.month - 1]} {d.year}",
    "french": lambda d: f"{d.day} {FR[d.month - 1]} {d.year}",
    "upper": lambda d: f"{EN[d.month - 1].upper()} {d.day}, {d.year}",
}

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
styles = st.sampled_from(sorted(UNAMBIGUOUS_STYLES))
# Surrounding text without digits, so it cannot extend the date it touches.
words = st.text(st.characters(exclude_categories=("Nd", "Cs")), max_size=40)


@given(d=dates, style=styles)
def test_property_format_then_parse_round_trips(d: date, style: str) -> None:
    assert parse_date(UNAMBIGUOUS_STYLES[style](d)) == d


@given(d=dates)
def test_property_numeric_with_order_round_trips(d: date) -> None:
    assert parse_date(f"{d.day:02d}/{d.month:02d}/{d.year}", "DMY") == d
    assert parse_date(f"{d.month:02d}/{d.day:02d}/{d.year}", "MDY") == d
    assert d in find_dates(f"{d.month}/{d.day}/{d.year}")[0].readings


@given(d=dates, style=styles, before=words, after=words)
def test_property_date_in_random_text_found_with_span(
    d: date, style: str, before: str, after: str
) -> None:
    printed = UNAMBIGUOUS_STYLES[style](d)
    text = f"{before} {printed} {after}"
    start = len(before) + 1
    hits = [m for m in find_dates(text) if (m.start, m.end) == (start, start + len(printed))]
    assert len(hits) == 1
    assert hits[0].text == printed
    assert d in hits[0].readings


@given(text=st.text())
def test_property_find_dates_never_raises(text: str) -> None:
    matches = find_dates(text)
    previous_end = 0
    for m in matches:
        assert previous_end <= m.start < m.end <= len(text)
        assert m.text == text[m.start : m.end]
        assert m.value is not None and m.value in m.readings
        previous_end = m.end
    resolve_order(matches, hint="DMY")


DATEISH = st.sampled_from(
    ["0", "1", "3", "9", "12", "13", "31", "2026", "19", "23", ".", "/", "-", ",", ":", " ",
     "\n", "st", "th", "er", "de", "March", "Mar", "mar", "Mai", "März", "Ma\u0308rz",
     "KASIM", "NİSAN", "\u017fept", "Sept", "Oct.", "May", "r.", "º", "İ"]
)  # fmt: skip


@given(text=st.lists(DATEISH, max_size=20).map("".join))
def test_property_date_like_noise_is_safe(text: str) -> None:
    """Fragments of dates glued at random: every match is a real date, every rule holds."""
    matches = find_dates(text)
    for m in matches:
        assert m.text == text[m.start : m.end]
        assert m.value is not None and m.value in m.readings
    hints: tuple[Order | None, ...] = (None, "DMY", "MDY")
    for hint in hints:
        for m in resolve_order(matches, hint=hint):
            assert m.value is not None and m.value in m.readings
            assert m.ambiguous or len(m.readings) == 1
