"""A certificate number's prefix read in Latin look-alikes or with a letter lost is set back
to the script's known prefix it fits (scopegap/ingest/ocr_prefixes.py)."""

from __future__ import annotations

import pytest

from scopegap.ingest.ocr_prefixes import prefix_for, with_prefixes
from tests.test_ocr_letters import _placed


@pytest.mark.parametrize(("read", "text"), [
    # the narrow І dropped, or the whole prefix read in Latin
    ("№ СУБ 258/32", "№ СУІБ 258/32"),
    ("Номер сертифіката: СУБ-2883-2024", "Номер сертифіката: СУІБ-2883-2024"),
    ("№ CYIB-7371-2025", "№ СУІБ-7371-2025"),
    # Д read as a Latin a, the dotted number read with spaces after its dots
    ("Номер сертификата: CAC-2461-2026", "Номер сертификата: СДС-2461-2026"),
    ("Номер сертификата: Cac. 95. 71709", "Номер сертификата: СДС.95.71709"),
    # read right, a country code, a Latin prefix, a standard, an address: as read
    ("№ СУІБ 206/89", "№ СУІБ 206/89"),
    ("Регистрационный номер: СДС 940/13", "Регистрационный номер: СДС 940/13"),
    ("№ RU 122/41", "№ RU 122/41"),
    ("Реєстраційний номер: UA.11.65169", "Реєстраційний номер: UA.11.65169"),
    ("Сертификат №: ISMS-1499-2025", "Сертификат №: ISMS-1499-2025"),
    ("вимогам ISO/IEC 27001:2022", "вимогам ISO/IEC 27001:2022"),
    ("ул. Абая, д. 104, офис 15", "ул. Абая, д. 104, офис 15"),
    ("буд. 58, офіс 21", "буд. 58, офіс 21"),
    # letters that are no prefix's, or not before digits
    ("Минск, СУБ", "Минск, СУБ"),
    ("№ ABC-2461-2026", "№ ABC-2461-2026"),
])
def test_a_misread_prefix_is_the_known_one_it_fits(read: str, text: str) -> None:
    result = with_prefixes(_placed(read), "Cyrillic")
    assert result.text == text
    assert len(result.boxes) == 4 * len(result.text)
    assert len(result.confidences) == len(result.text)


def test_the_written_prefix_takes_the_place_of_the_one_read() -> None:
    result = with_prefixes(_placed("№ СУБ 258/32"), "Cyrillic")
    assert result.boxes[4 * result.text.index("СУІБ")] == 2.0  # where "СУБ" began
    assert result.boxes[4 * result.text.index("258")] == 6.0  # the digits keep theirs


@pytest.mark.parametrize(("read", "prefix"), [
    ("СУБ", "СУІБ"), ("CYIB", "СУІБ"), ("CY1B", "СУІБ"), ("CAC", "СДС"), ("Cac", "СДС"),
    ("POCC", "РОСС"), ("CMNB", "СМИБ"),
    ("СУІБ", None), ("RU", None), ("ISMS", None), ("IEC", None), ("С", None), ("CA", None),
])
def test_a_prefix_fits_letter_by_letter(read: str, prefix: str | None) -> None:
    assert prefix_for(read, "Cyrillic") == prefix


def test_a_script_without_known_prefixes_is_left_as_read() -> None:
    assert with_prefixes(_placed("Αρ. Πιστοποιητικού: CAC-2461-2026"), "Greek").text == \
        "Αρ. Πιστοποιητικού: CAC-2461-2026"
