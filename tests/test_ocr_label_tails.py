"""A label printed on two lines of a table's label column is read back whole beside its value
(scopegap/ingest/ocr_label_tails.py)."""

from __future__ import annotations

from array import array

import pytest

from scopegap.ingest.ocr import OcrText
from scopegap.ingest.ocr_label_tails import with_label_tails


def _placed(text: str) -> OcrText:
    """``text`` with character i at x = i, confidence 90 (-1 for blanks)."""
    boxes = array("f")
    for index in range(len(text)):
        boxes.extend((float(index), 0.0, index + 1.0, 10.0))
    return OcrText(text, boxes, 90.0,
                   array("f", (-1.0 if char.isspace() else 90.0 for char in text)))


@pytest.mark.parametrize(("script", "read", "text"), [
    ("Cyrillic", "Номер СУІБ 721/19\nДата первинної 16.12.2018 р.\nсертифікації\n\nТермін дії",
     "Номер СУІБ 721/19\nДата первинної сертифікації 16.12.2018 р.\n\nТермін дії"),
    ("Cyrillic", "Дата первичной 5 декабря 2020 г.\nсертификации -\nВыдан : 5 декабря 2023 г.",
     "Дата первичной сертификации 5 декабря 2020 г.\nВыдан : 5 декабря 2023 г."),
    ("Greek", "Ημερομηνία αρχικής 08.11.2017\nπιστοποίησης\nΗμερομηνία έκδοσης 08.11.2023",
     "Ημερομηνία αρχικής πιστοποίησης 08.11.2017\nΗμερομηνία έκδοσης 08.11.2023"),
    # a speck read as a word of one or two letters after the tail
    ("Cyrillic", "Дата первинної 4 березня 2020 р.\nсертифікації нЕ\nДата видачі",
     "Дата первинної сертифікації 4 березня 2020 р.\nДата видачі"),
    # a capitalised word, two words, a short word or digits on the next line: no label's tail
    ("Cyrillic", "Место нахождения 982798, г. Алматы, ул.\nЛенина", None),
    ("Cyrillic", "Место нахождения 982798, г. Алматы, д.\n20, офис 13", None),
    ("Cyrillic", "Дата первичной 5 декабря 2020 г.\nсертификации органом", None),
    ("Cyrillic", "Дата первичной 5 декабря 2020 г.\nсертификации ООО", None),
    ("Cyrillic", "Дата 5 декабря 2020 г.\nдо", None),
    # a value that is no date
    ("Cyrillic", "Место нахождения 982798, г. Алматы, ул. Ленина, д. 14\nофис", None),
    # a long line of prose ending in a number is no label
    ("Cyrillic", "оказанию услуг центров обработки данных с использованием 8x8 и\nоблачных", None),
    # a script the rule does not know
    ("Latin", "Date of first 08.11.2017\ncertification", None),
])
def test_a_label_tail_is_read_between_its_label_and_value(script: str, read: str,
                                                           text: str | None) -> None:
    result = with_label_tails(_placed(read), script)
    assert result.text == (read if text is None else text)
    assert len(result.boxes) == 4 * len(result.text)
    assert len(result.confidences) == len(result.text)


def test_every_moved_character_keeps_its_box() -> None:
    read = "Дата первинної 16.12.2018 р.\nсертифікації"
    result = with_label_tails(_placed(read), "Cyrillic")
    for word in ("сертифікації", "16.12.2018", "Дата"):
        assert result.boxes[4 * result.text.index(word)] == float(read.index(word))
