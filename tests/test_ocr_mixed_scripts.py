"""A scan read in Cyrillic or Greek keeps its Latin words and its own letters
(scopegap/ingest/ocr_mixed.py)."""

from __future__ import annotations

from array import array

import pytest

from scopegap.ingest.ocr import OcrText
from scopegap.ingest.ocr_mixed import (
    in_script,
    latin_vocabulary,
    with_latin_editions,
    with_latin_words,
    with_script_words,
)


def _reading(lines: list[list[tuple[str, float]]]) -> OcrText:
    """Words laid out on a grid (word i of line j at x = 100 i, y = 800 - 20 j), each
    character with its word's box share and confidence."""
    parts: list[str] = []
    boxes = array("f")
    confidences = array("f")
    for row, line in enumerate(lines):
        if row:
            parts.append("\n")
            boxes.extend((0.0,) * 4)
            confidences.append(-1.0)
        for column, (word, confidence) in enumerate(line):
            if column:
                parts.append(" ")
                boxes.extend((0.0,) * 4)
                confidences.append(-1.0)
            left, bottom = 100.0 * column, 800.0 - 20.0 * row
            for offset in range(len(word)):
                boxes.extend((left + 90.0 * offset / len(word), bottom,
                              left + 90.0 * (offset + 1) / len(word), bottom + 12.0))
            confidences.extend((confidence,) * len(word))
            parts.append(word)
    return OcrText("".join(parts), boxes, 90.0, confidences)


@pytest.mark.parametrize(("script", "read", "latin", "text"), [
    # a tool name read as Cyrillic letters comes back from the English reading
    ("Cyrillic", [[("использованием", 93), ("МІСЕ", 91), ("Епдаде", 90)]],
     [[("cnonb30BaHvem", 0), ("NICE", 96), ("Engage", 92)]],
     "использованием NICE Engage"),
    # the standard's name, and a Latin word read less surely than its Cyrillic misreading
    ("Cyrillic", [[("требованиям", 95), ("ІЗОЛЕС", 90), ("27001:2022", 92)],
                  [("использованием", 93), ("(ЧЕТ", 47)]],
     [[("Tpe6oBaHuam", 74), ("ISO/IEC", 91), ("27001:2022", 89)],
      [("cnonb30BaHvem", 0), ("UJET", 65)]],
     "требованиям ISO/IEC 27001:2022\nиспользованием UJET"),
    # English letters for Cyrillic words are no catalog words, however sure: they stay
    ("Cyrillic", [[("Система", 96), ("Перемоги,", 96), ("по", 96)]],
     [[("Cuctema", 90), ("Nepemoru,", 92), ("no", 95)]],
     "Система Перемоги, по"),
    # a known word read surely but not where the Cyrillic word is (another line) stays apart
    ("Cyrillic", [[("Орган", 95)], [("Avaya", 96)]],
     [[("Oprau", 65)], [("Avaya", 96)]],
     "Орган\nAvaya"),
    # a Latin word unsure in both readings, and read less surely than the script's: kept
    ("Greek", [[("χρήση", 95), ("Ζεπάεσκ", 88)]],
     [[("xpnon", 40), ("Zendesk", 70)]],
     "χρήση Ζεπάεσκ"),
    # digits the English reading read must agree: a number is not taken from other digits
    ("Cyrillic", [[("номер", 96), ("І5М5-2024", 80)]],
     [[("Homep", 69), ("ISMS-2025", 95)]],
     "номер І5М5-2024"),
    ("Cyrillic", [[("номер", 96), ("ІЅМЅ-2024", 80)]],
     [[("Homep", 69), ("ISMS-2024", 95)]],
     "номер ISMS-2024"),
    ("Cyrillic", [[("номер", 96), ("І5М5", 80), ("587/46", 90)]],
     [[("Homep", 69), ("ISMS", 95), ("587/46", 90)]],
     "номер ISMS 587/46"),
    # a Latin word one letter off the tool name the English reading read there, however
    # unsurely; two letters off, a short word, or no catalog word there: kept
    ("Cyrillic", [[("использованием", 93)], [("Sprinkir", 76), ("Service", 96)]],
     [[("ucnonb3oBaHvem", 0)], [("Sprinklr", 41), ("Service", 93)]],
     "использованием\nSprinklr Service"),
    ("Cyrillic", [[("использованием", 93), ("Spronkir", 76)]],
     [[("ucnonb3oBaHvem", 0), ("Sprinklr", 41)]], "использованием Spronkir"),
    ("Cyrillic", [[("использованием", 93), ("Zoon", 76)]],
     [[("ucnonb3oBaHvem", 0), ("Zoom", 91)]], "использованием Zoon"),
    ("Cyrillic", [[("использованием", 93), ("Fontana", 76)]],
     [[("ucnonb3oBaHvem", 0), ("Fontanb", 91)]], "использованием Fontana"),
])
def test_latin_words_come_back_from_the_english_reading(
        script: str, read: list[list[tuple[str, float]]],
        latin: list[list[tuple[str, float]]], text: str) -> None:
    assert with_latin_words(_reading(read), _reading(latin), script).text == text


def test_a_replaced_word_keeps_its_place_and_every_character_a_box() -> None:
    result = with_latin_words(_reading([[("с", 92), ("МІСЕ", 91), ("Епдаде", 90), ("и", 96)]]),
                              _reading([[("C", 89), ("NICE", 96), ("Engage", 92), ("u", 92)]]),
                              "Cyrillic")
    assert result.text == "с NICE Engage и"
    assert len(result.boxes) == 4 * len(result.text)
    assert len(result.confidences) == len(result.text)
    start = result.text.index("Engage")
    assert result.boxes[4 * start] == pytest.approx(200.0)
    assert result.confidences[start] == 92


@pytest.mark.parametrize(("script", "read", "text"), [
    ("Cyrillic", "Дата видач! 8 серпня 2026 р.", "Дата видачі 8 серпня 2026 р."),
    ("Cyrillic", "Адреса: Hello!", "Адреса: Hello!"),  # only beside the script's letters
    ("Greek", "Αριθµός πιστοποιητικού", "Αριθμός πιστοποιητικού"),
    ("Greek", "Ap. Πιστοποιητικού ISMS-5528-2025", "Αρ. Πιστοποιητικού ISMS-5528-2025"),
    ("Cyrillic", "Орган з сертифікації: TOB «Стандарт-Серт»",
     "Орган з сертифікації: ТОВ «Стандарт-Серт»"),
    ("Cyrillic", "№ POCC RU-5856-2025", "№ POCC RU-5856-2025"),  # no Cyrillic word beside
    ("Cyrillic", "Homep сертификата: РОСС", "Номер сертификата: РОСС"),
    ("Cyrillic", "Homep 123", "Homep 123"),  # no Cyrillic word beside
    ("Cyrillic", "CTOCOBHO розроблення Ta супроводження", "СТОСОВНО розроблення Та супроводження"),
    # Latin words of the vocabulary stay Latin beside Cyrillic ones
    ("Cyrillic", "использованием Calabrio ONE и IEX", "использованием Calabrio ONE и IEX"),
    ("Greek", "Mitel MiContact Center και", "Mitel MiContact Center και"),
    ("Cyrillic", "Latin line ok. Yes", "Latin line ok. Yes"),
    ("Greek", "Πιστοποιείται ότι to Σύστημα", "Πιστοποιείται ότι το Σύστημα"),
])
def test_marks_and_look_alike_words_are_read_in_the_script(script: str, read: str,
                                                          text: str) -> None:
    reading = OcrText(read, array("f", (0.0,) * 4 * len(read)), 90.0,
                      array("f", (90.0,) * len(read)))
    assert in_script(reading, script).text == text


def test_the_vocabulary_holds_catalog_words_and_no_short_ones() -> None:
    words = latin_vocabulary()
    assert {"nice", "engage", "ujet", "iso", "iec", "cert", "veritas"} <= words
    assert all(len(word) >= 2 for word in words)


@pytest.mark.parametrize(("read", "own", "text"), [
    # Greek capitals read as Latin letters beside Greek words come from the Greek reading
    ([[("πιστοποίησης:", 95), ("NOIOTHTA", 90), ("I.K.E.", 80)]],
     [[("πιστοποίησης:", 90), ("ΠΟΙΟΤΗΤΑ", 60), (".Κ.Ε.", 9)]],
     "πιστοποίησης: ΠΟΙΟΤΗΤΑ .Κ.Ε."),  # in_script reads "I.K.E." so when it was kept
    ([[("Οργανισμός", 95), ("AIKTYAc", 56), ("AEATA", 91)]],
     [[("Οργανισμός", 90), ("ΔΙΚΤΥΑ-", 21), ("ΔΕΛΤΑ", 69)]],
     "Οργανισμός ΔΙΚΤΥΑ- ΔΕΛΤΑ"),
    # tool names (catalog words), words in small letters, and Latin lines stay Latin
    ([[("χρήση", 95), ("Cisco", 96), ("Unified", 96)]],
     [[("χρήση", 95), ("Οἰςςο", 65), ("ὑυπίῆθαά", 19)]],
     "χρήση Cisco Unified"),
    ([[("χρήση", 95), ("storm", 95)]], [[("χρήση", 95), ("ςἴογπι", 71)]], "χρήση storm"),
    ([[("ACME", 95), ("HOLDINGS", 95)]], [[("ΑΟΜΕ", 95), ("ΗΟΙΡΙΝΟΣ", 95)]], "ACME HOLDINGS"),
    # a label's word read in small Latin letters after a Greek word, or one between two
    ([[("Πεδίο", 96), ("eganuayilc:", 12), ("παροχή", 94)]],
     [[("Πεδίο", 96), ("εφαρμογής:", 89), ("παροχή", 79)]], "Πεδίο εφαρμογής: παροχή"),
    ([[("Πεδίο", 96), ("eganuayilc:", 12)]], [[("Πεδίο", 96), ("εφαρμογής:", 89)]],
     "Πεδίο εφαρμογής:"),
    ([[("παροχή", 96), ("storm", 95), ("Zoom", 90)]],
     [[("παροχή", 96), ("ςἴογπι", 71), ("Ζοομ", 50)]], "παροχή storm Zoom"),
    # a word of a certification body's name stays Latin beside Greek words
    ([[("ΠΟΙΟΤΗΤΑ", 95), ("CERT", 90), ("Α.Ε.", 90)]],
     [[("ΠΟΙΟΤΗΤΑ", 95), ("ΓΕΒΤ", 60), ("Α.Ε.", 90)]], "ΠΟΙΟΤΗΤΑ CERT Α.Ε."),
])
def test_greek_capitals_come_back_from_the_greek_reading(
        read: list[list[tuple[str, float]]], own: list[list[tuple[str, float]]],
        text: str) -> None:
    assert with_script_words(_reading(read), _reading(own), "Greek").text == text


@pytest.mark.parametrize(("read", "latin", "text"), [
    # a standard's edition only the English reading read, on a line of its own
    ([[("το", 96), ("πρότυπο", 93), ("ISO/IEC", 95)], [], [("Πεδίο", 96)]],
     [[("TO", 88), ("NpdtuNo", 23), ("ISO/IEC", 95)], [("27001:2022", 53)], [("Neb&io", 7)]],
     "το πρότυπο ISO/IEC\n\n27001:2022\nΠεδίο"),
    # ... or beside the words of its line, or last on the page
    ([[("πρότυπο", 93), ("ISO/IEC", 95)]], [[("NpdtuNo", 23), ("ISO/IEC", 95), ("27001:2022", 60)]],
     "πρότυπο ISO/IEC 27001:2022"),
    ([[("πρότυπο", 93)]], [[("NpdtuNo", 23)], [("27001:2013.", 70)]], "πρότυπο\n27001:2013."),
    # read unsurely, no edition, or a word of the script's reading at its place: none
    ([[("πρότυπο", 93)], []], [[("NpdtuNo", 23)], [("27001:2022", 30)]], "πρότυπο\n"),
    ([[("πρότυπο", 93)], []], [[("NpdtuNo", 23)], [("12.04.2025", 90)]], "πρότυπο\n"),
    ([[("πρότυπο", 93), ("ISO/IEC", 95), ("2700112022", 40)]],
     [[("NpdtuNo", 23), ("ISO/IEC", 95), ("27001:2022", 60)]], "πρότυπο ISO/IEC 2700112022"),
])
def test_an_edition_only_the_english_reading_read_is_put_in(
        read: list[list[tuple[str, float]]], latin: list[list[tuple[str, float]]],
        text: str) -> None:
    result = with_latin_editions(_reading(read), _reading(latin))
    assert result.text == text
    assert len(result.boxes) == 4 * len(result.text)
    assert len(result.confidences) == len(result.text)
    if "27001:20" in text and "27001:20" not in _reading(read).text:
        start = result.text.index("27001")
        assert result.confidences[start] == max(
            confidence for line in latin for word, confidence in line if "27001" in word)
