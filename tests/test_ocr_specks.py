"""Specks a Cyrillic or Greek reading took for one-letter words are left out
(scopegap/ingest/ocr_specks.py); real one-letter words stay."""

from __future__ import annotations

from array import array

import pytest

from scopegap.ingest.ocr import OcrText
from scopegap.ingest.ocr_specks import without_specks

# (word, confidence, height, gap before it): one line, letters 10 points tall by default
_Word = tuple[str, float, float, float]


def _line(words: list[_Word], *more: list[_Word]) -> OcrText:
    """Lines of words laid out left to right, each character 6 points wide, one line 20 points
    under the other."""
    parts: list[str] = []
    boxes = array("f")
    confidences = array("f")
    for row, line in enumerate((words, *more)):
        if row:
            parts.append("\n")
            boxes.extend((0.0,) * 4)
            confidences.append(-1.0)
        x = 0.0
        for column, (word, confidence, height, gap) in enumerate(line):
            if column:
                parts.append(" ")
                boxes.extend((0.0,) * 4)
                confidences.append(-1.0)
            x += gap
            bottom = 800.0 - 20.0 * row
            for _ in word:
                boxes.extend((x, bottom, x + 6.0, bottom + height))
                x += 6.0
            confidences.extend((confidence,) * len(word))
            parts.append(word)
    return OcrText("".join(parts), boxes, 90.0, confidences)


@pytest.mark.parametrize(("words", "text"), [
    # a speck between a label and its value, far smaller than the line's letters
    ([("Місцезнаходження", 93, 10, 0), ("й", 62, 0.6, 40), ("26287,", 41, 10, 5),
      ("Україна", 96, 10, 3)], "Місцезнаходження 26287, Україна"),
    # a speck after a tool's name, and the stub of a table's rule
    ([("використанням", 96, 10, 0), ("Zoom", 92, 10, 3), ("й", 59, 0.9, 4)],
     "використанням Zoom"),
    ([("у", 66, 1.1, 0), ("|", 78, 0.8, 6), ("Service.", 96, 10, 3)], "Service."),
    # a speck opening a line before its label: small, or of full height but read unsurely
    ([("Я", 69, 5.5, 0), ("Адреса", 92, 10, 2), ("майданчика", 96, 10, 3)],
     "Адреса майданчика"),
    ([("5", 32, 10, 0), ("Организация:", 96, 10, 3), ("Общество", 96, 10, 3)],
     "Организация: Общество"),
    ([('"7', 54, 10, 0), ("Дата", 96, 10, 3), ("на", 93, 6, 3), ("издаване:", 92, 10, 3)],
     "Дата на издаване:"),
    # an abbreviation opening a line is no speck, however unsure
    ([("г.", 55, 5, 0), ("Минск,", 96, 10, 3), ("ул.", 96, 6, 3), ("Ленина", 96, 10, 3)],
     "г. Минск, ул. Ленина"),
    # a full-height letter read unsurely in a table's gap
    ([("Дата", 96, 10, 0), ("видачі", 88, 10, 3), ("й", 71, 12, 5), (":", 67, 10, 60),
      ("17.11.2024", 72, 10, 20)], "Дата видачі : 17.11.2024"),
    # one-letter words read surely at their line's height stay
    ([("Орган", 96, 10, 0), ("з", 94, 6, 3), ("сертифікації:", 96, 10, 3)],
     "Орган з сертифікації:"),
    ([("використанням", 96, 10, 0), ("Zoom", 96, 10, 3), ("і", 92, 8, 3), ("Box", 96, 10, 3)],
     "використанням Zoom і Box"),
    # a real "і" opening a line, read surely
    ([("і", 90, 8, 0), ("Microsoft", 96, 10, 3), ("Teams", 96, 10, 3)], "і Microsoft Teams"),
    # unsure but of its line's height, before a small word, and near its neighbours: stays
    ([("у", 70, 7, 0), ("місті", 96, 10, 3), ("Київ", 96, 10, 3)], "у місті Київ"),
    # marks that belong to the text stay however small
    ([("Москва", 96, 10, 0), ("-", 80, 1, 3), ("Минск", 96, 10, 3)], "Москва - Минск"),
    ([("№", 80, 6, 0), ("UA-2404-2024", 87, 10, 3)], "№ UA-2404-2024"),
    # a digit of a house number stays
    ([("буд.", 96, 10, 0), ("8", 95, 7, 3)], "буд. 8"),
])
def test_speck_words_are_left_out(words: list[_Word], text: str) -> None:
    result = without_specks(_line(words))
    assert result.text == text
    assert len(result.boxes) == 4 * len(result.text)
    assert len(result.confidences) == len(result.text)


def test_the_words_left_keep_their_places() -> None:
    read = _line([("Адреса", 92, 10, 0), ("й", 62, 0.6, 40), ("Львів", 96, 10, 5)],
                 [("Дата", 96, 10, 0)])
    result = without_specks(read)
    assert result.text == "Адреса Львів\nДата"
    lviv = result.text.index("Львів")
    assert result.boxes[4 * lviv] == read.boxes[4 * read.text.index("Львів")]
    assert result.confidences[lviv] == 96.0
    assert result.boxes[4 * result.text.index("Дата") + 1] == 780.0


def test_a_line_of_one_word_and_an_unplaced_reading_stay() -> None:
    assert without_specks(_line([("й", 40, 1, 0)])).text == "й"
    unplaced = OcrText("Адреса й Львів", array("f"), 90.0, array("f"))
    assert without_specks(unplaced) is unplaced


def test_a_dash_far_narrower_than_a_printed_one_is_a_speck() -> None:
    """ "Номер сертификата - RU 122/41": the dash 1 point wide beside 10-point letters."""
    reading = _line([("Номер", 93, 10, 0), ("сертификата", 70, 10, 3), ("-", 73, 1, 3),
                     ("RU", 93, 10, 3), ("122/41", 96, 10, 3)])
    boxes = array("f", reading.boxes)
    dash = reading.text.index("-")
    boxes[4 * dash + 2] = boxes[4 * dash] + 1.0  # 1 point wide
    assert without_specks(OcrText(reading.text, boxes, 90.0, reading.confidences)).text == \
        "Номер сертификата RU 122/41"
    # a printed dash (6 points wide here) stays
    assert without_specks(reading).text == "Номер сертификата - RU 122/41"


def test_a_quote_alone_is_no_thin_dash() -> None:
    """A name's closing guillemet read apart ("«Север Альфа »") is no dash, however narrow."""
    reading = _line([("Организация:", 93, 10, 0), ("«Север", 90, 10, 3), ("Альфа", 90, 10, 3),
                     ("»", 80, 10, 3)])
    boxes = array("f", reading.boxes)
    mark = reading.text.index("»")
    boxes[4 * mark + 2] = boxes[4 * mark] + 1.0
    assert without_specks(OcrText(reading.text, boxes, 90.0, reading.confidences)).text == \
        "Организация: «Север Альфа »"
