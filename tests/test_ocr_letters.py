"""A Cyrillic or Greek page's reading with its language's letters and known misreadings set
right (scopegap/ingest/ocr_letters.py), and a number's country-code prefix taken from the
English reading (scopegap/ingest/ocr_mixed.py)."""

from __future__ import annotations

from array import array

import pytest

from scopegap.ingest.ocr import OcrText
from scopegap.ingest.ocr_letters import in_language, with_fixes
from scopegap.ingest.ocr_mixed import with_latin_words, with_script_words
from tests.test_ocr_mixed_scripts import _reading

_BULGARIAN = "Система за управление на сигурността на информацията съответства. " * 5
_RUSSIAN = "Система менеджмента безопасности соответствует требованиям: выданы. " * 5
_NO_YERY = "Система менеджмента информационной безопасности соответствует. " * 5


def _placed(text: str) -> OcrText:
    """``text`` with character i at x = i and confidence 90."""
    boxes = array("f")
    for index in range(len(text)):
        boxes.extend((float(index), 0.0, index + 1.0, 10.0))
    return OcrText(text, boxes, 90.0, array("f", (90.0,) * len(text)))


@pytest.mark.parametrize(("script", "read", "text"), [
    # breathings the Greek model reads on monotonic letters; the tonos stays
    ("Greek", "Σύστημα της Ἑταιρείας", "Σύστημα της Εταιρείας"),
    ("Greek", "᾿Ἡμερομηνία λήξης 25 ἰανουαρίου 2029", " Ημερομηνία λήξης 25 ιανουαρίου 2029"),
    ("Greek", "Ἄρθρο ὰ", "Άρθρο α"),  # the acute is a tonos, the grave goes
    ("Cyrillic", "Ἑ", "Ἑ"),  # only a Greek page's letters
    # Bulgarian "ъ" read as "ь" on a page without a Russian or Ukrainian letter
    ("Cyrillic", "„Спектьр“ ООД сьответства " + _BULGARIAN,
     "„Спектър“ ООД съответства " + _BULGARIAN),
    ("Cyrillic", "Выдан обществу «Соль» " + _RUSSIAN, "Выдан обществу «Соль» " + _RUSSIAN),
    # a Russian page with one "ы": its soft signs at a word's end or before "ю" tell it
    ("Cyrillic", "СИСТЕМЫ ответственностью " + _NO_YERY,
     "СИСТЕМЫ ответственностью " + _NO_YERY),
    ("Cyrillic", "Республика Беларусь " + _NO_YERY, "Республика Беларусь " + _NO_YERY),
    # too few letters to know the language (this Russian text holds no ы, э, ё)
    ("Cyrillic", "«Соль» " + _NO_YERY[:150], "«Соль» " + _NO_YERY[:150]),
    ("Cyrillic", "Сьогодні " + _BULGARIAN + " інформації і",
     "Сьогодні " + _BULGARIAN + " інформації і"),  # Ukrainian і, three times
    # specks read as "і", a letter read as "є": still Bulgarian
    ("Cyrillic", "„Спектьр“ ООД і " + _BULGARIAN + " евгуєт",
     "„Спектър“ ООД і " + _BULGARIAN + " евгуєт"),
])
def test_letters_are_those_of_the_page_language(script: str, read: str, text: str) -> None:
    assert in_language(read, script) == text
    assert len(in_language(read, script)) == len(read)


@pytest.mark.parametrize(("script", "read", "text"), [
    ("Cyrillic", "на БДСЕМ ISO/IEC 27001:2023", "на БДС EN ISO/IEC 27001:2023"),
    ("Cyrillic", "на БДС.ЕМ ISO/IEC 27001:2023", "на БДС EN ISO/IEC 27001:2023"),
    ("Cyrillic", "на БДС EN ISO/IEC 27001:2017", "на БДС EN ISO/IEC 27001:2017"),
    ("Greek", "προτύπου ΕΛΟΤ ΕΝ ISO/IEC 27001:2017", "προτύπου ΕΛΟΤ EN ISO/IEC 27001:2017"),
    ("Cyrillic", "Орган 3 сертифікації: ТОВ", "Орган з сертифікації: ТОВ"),
    ("Cyrillic", "буд. 3 офіс", "буд. 3 офіс"),  # a house number stays
    ("Cyrillic", "Орган но сертификация", "Орган по сертификация"),
    ("Cyrillic", "номер ISMS, 652/40", "номер ISMS 652/40"),
    ("Cyrillic", "МОСКВА, 21.11.2023", "МОСКВА, 21.11.2023"),  # a signing line's date
    ("Cyrillic", "Сертификат №: І5М5.92.34871", "Сертификат №: ISMS.92.34871"),
    ("Cyrillic", "номер 15M5-2952", "номер ISMS-2952"),
    ("Cyrillic", "АІ5М5 2024", "АІ5М5 2024"),  # inside a longer word
    ("Cyrillic", "чрез 8х8 Contact Center", "чрез 8x8 Contact Center"),
    ("Cyrillic", "Организация: , Телеком Спектър“ ООД", "Организация: „Телеком Спектър“ ООД"),
    ("Cyrillic", "Организация: ,,Алфа“ ЕООД", "Организация: „Алфа“ ЕООД"),
    ("Cyrillic", "гр. Бургас, България", "гр. Бургас, България"),
    ("Greek", "Αρ..Πιστοποιητικού GR 781/19", "Αρ. Πιστοποιητικού GR 781/19"),
    ("Greek", "Φορέας, πιστοποίησης: ΠΟΙΟΤΗΤΑ", "Φορέας πιστοποίησης: ΠΟΙΟΤΗΤΑ"),
    ("Greek", "Ισχύειέως 2 Οκτωβρίου 2029", "Ισχύει έως 2 Οκτωβρίου 2029"),
    ("Greek", "Ισχύει and 25.08.2024 έως", "Ισχύει από 25.08.2024 έως"),
    ("Greek", "Mitel and Genesys", "Mitel and Genesys"),
    # specks read as dots and commas in labels and dates
    ("Cyrillic", "Номер.сертификата: СДС 780/30", "Номер сертификата: СДС 780/30"),
    ("Cyrillic", "съответства на.изискванията", "съответства на изискванията"),
    ("Cyrillic", "Дата на първоначално. сертифициране: 20",
     "Дата на първоначално сертифициране: 20"),
    ("Cyrillic", "Дата, видачі: 17.11.2024", "Дата видачі: 17.11.2024"),
    ("Cyrillic", "Валиден от 20.02,2026 г. до 19,02.2029 г.",
     "Валиден от 20.02.2026 г. до 19.02.2029 г."),
    ("Cyrillic", "Термін дії до.17.11.2027 р.", "Термін дії до 17.11.2027 р."),
    ("Greek", "Ισχύει από 10.01.2026 έως.09.01.2029", "Ισχύει από 10.01.2026 έως 09.01.2029"),
    ("Greek", "Ισχύει από 10,01.2026", "Ισχύει από 10.01.2026"),
    # what is no such misreading stays: a capital after the dot, an abbreviation, a short
    # word before a sentence's end, a list of numbers, a comma after a town
    ("Cyrillic", "г.Минск, ул.Ленина", "г.Минск, ул.Ленина"),
    ("Cyrillic", "д. 14. офис", "д. 14. офис"),
    ("Cyrillic", "Сфера: ИТ. Адрес", "Сфера: ИТ. Адрес"),
    ("Cyrillic", "страницы 1,12,2024", "страницы 1,12,2024"),
    ("Cyrillic", "Дата, Минск", "Дата, Минск"),
    ("Cyrillic", "Дата на издаване: 20 септември`2025 г.",
     "Дата на издаване: 20 септември 2025 г."),
    ("Greek", "Ισχύει έως 24 Οκτωβρίου’2027", "Ισχύει έως 24 Οκτωβρίου 2027"),
    ("Cyrillic", "Сертификат RU'2025", "Сертификат RU'2025"),
    # a tonos between two words in capitals, a legal form glued to the name before it
    ("Greek", "ΔΙΚΤΥΑ΄ΑΛΦΑΙ.Κ.Ε.", "ΔΙΚΤΥΑ ΑΛΦΑ Ι.Κ.Ε."),
    ("Greek", "Οργανισμός: ΑΛΦΑ ΤΕΧΝΟΛΟΓΙΕΣΙ.Κ.Ε;", "Οργανισμός: ΑΛΦΑ ΤΕΧΝΟΛΟΓΙΕΣ Ι.Κ.Ε;"),
    ("Greek", "ΠΙΣΤΟΠΟΙΗΣΗΑ.Ε.", "ΠΙΣΤΟΠΟΙΗΣΗ Α.Ε."),
    ("Greek", "ΠΛΗΡΟΦΟΡΙΚΗ-ΑΛΦΑ Ε.Π.Ε.", "ΠΛΗΡΟΦΟΡΙΚΗ-ΑΛΦΑ Ε.Π.Ε."),
    ("Greek", "ΔΕΛΤΑ Ι.Κ.Ε. και ΑΛΦΑ Α.Ε.", "ΔΕΛΤΑ Ι.Κ.Ε. και ΑΛΦΑ Α.Ε."),
    ("Greek", "ΟΔΟΣ ΚΑΛΑ.ΕΝΑ", "ΟΔΟΣ ΚΑΛΑ.ΕΝΑ"),
    ("Greek", "Φορέας πιστοποίησης: ΠΙΣΤΟΠΟΙΗΣΗ CERT IKE.",
     "Φορέας πιστοποίησης: ΠΙΣΤΟΠΟΙΗΣΗ CERT Ι.Κ.Ε."),
    ("Greek", "Οργανισμός ΟΛΥΜΠΟΣ ΔΙΚΤΥΑΙ ΚΕ.", "Οργανισμός ΟΛΥΜΠΟΣ ΔΙΚΤΥΑ Ι.Κ.Ε."),
    ("Greek", "χρήση IKEA και ΙΚΕΑ", "χρήση IKEA και ΙΚΕΑ"),
    ("Greek", "Ισχύει από 01:10.2023 έως 30. 09. 2026", "Ισχύει από 01.10.2023 έως 30.09.2026"),
    ("Cyrillic", "срок, действия с 18.04.2024 г. по 18.04.2027-r.",
     "срок действия с 18.04.2024 г. по 18.04.2027 г."),
    ("Cyrillic", "Термін, дії до 17.11.2027 р.", "Термін дії до 17.11.2027 р."),
    ("Cyrillic", "безопасности 000 «Техно»", "безопасности ООО «Техно»"),
    ("Cyrillic", "телефон 1000 «Техно»", "телефон 1000 «Техно»"),
    ("Cyrillic", "№ РОСС RU- 2180- 2024.", "№ РОСС RU-2180-2024."),
    ("Cyrillic", "ООО «Эксперт- Сертификация»", "ООО «Эксперт-Сертификация»"),
    ("Cyrillic", "Москва - Минск, д. 5 - 7", "Москва - Минск, д. 5 - 7"),
    ("Cyrillic", "Валиден от 31.01.2023 до 31:01.2026", "Валиден от 31.01.2023 до 31.01.2026"),
    ("Cyrillic", "сертифициране: 31. 01. 2020.", "сертифициране: 31.01.2020."),
    ("Cyrillic", "в 10:30, 2024 г.", "в 10:30, 2024 г."),
    ("Cyrillic", "Дата на издаване: 29 септември:2025 г.",
     "Дата на издаване: 29 септември 2025 г."),
    ("Cyrillic", "Организация: (Софт-Спектър\" ЕООД", "Организация: „Софт-Спектър\" ЕООД"),
    ("Cyrillic", "Обхват: (виж приложение)", "Обхват: (виж приложение)"),
    ("Cyrillic", "№ POCC RU-7855-2024", "№ РОСС RU-7855-2024"),
    ("Cyrillic", "№ POCC.RU.14.81384", "№ POCC.RU.14.81384"),  # not before the country code
    ("Cyrillic", "Номер: UA.26.51424° Nc", "Номер: UA.26.51424 Nc"),
    ("Cyrillic", "при 25°C", "при 25°C"),
    ("Greek", "Πιστοποιητικού Ι5Μ5-5528-2025", "Πιστοποιητικού ISMS-5528-2025"),
    # a speck read as a quote or a dash before a line's label; a name's quotes stay
    ("Cyrillic", 'Номер\n"Адреса майданчика 69177, Україна, м. Одеса',
     "Номер\nАдреса майданчика 69177, Україна, м. Одеса"),
    ("Cyrillic", '"Место нахождения - 964726', "Место нахождения - 964726"),
    ("Cyrillic", "„Спектър“ ЕООД", "„Спектър“ ЕООД"),
    ("Cyrillic", "«Спектр» (ТОО «Спектр»)", "«Спектр» (ТОО «Спектр»)"),
    ("Cyrillic", '"Альфа" ООО', '"Альфа" ООО'),
    ("Greek", '"Έδρα: Οδός Ερμού, 97', "Έδρα: Οδός Ερμού, 97"),
    ("Greek", "«ΔΕΛΤΑ» Α.Ε.", "«ΔΕΛΤΑ» Α.Ε."),
    ("Cyrillic", "- Область сертификации оказанию услуг с использованием Slack",
     "Область сертификации оказанию услуг с использованием Slack"),
    ("Cyrillic", "- Slack\n- Zoom", "- Slack\n- Zoom"),  # a list's bullets
    # a speck read as a colon after a preposition at a line's end; a label's colon stays
    ("Cyrillic", "сигурността на:\nинформацията на", "сигурността на\nинформацията на"),
    ("Cyrillic", "Сфера сертифікації:\nнадання послуг", "Сфера сертифікації:\nнадання послуг"),
    # a speck read as a dot after a one-letter preposition, a mark after a label's word
    ("Cyrillic", "Обществу с.ограниченной ответственностью",
     "Обществу с ограниченной ответственностью"),
    ("Cyrillic", "Адрес: г.Москва, ул. Ленина", "Адрес: г.Москва, ул. Ленина"),
    ("Cyrillic", "Номер сертификата` RU 122/41", "Номер сертификата RU 122/41"),
    ("Greek", "με χρήση: των UJET", "με χρήση των UJET"),
    ("Greek", "Πεδίο εφαρμογής: των υπηρεσιών", "Πεδίο εφαρμογής: των υπηρεσιών"),
    # a date's day and month apart, 3 read as "З", "Дата" glued to its label's next word
    ("Cyrillic", "Дата первинної 4-березня 2020 р.", "Дата первинної 4 березня 2020 р."),
    ("Cyrillic", "Дійсний до З березня 2026 р.", "Дійсний до 3 березня 2026 р."),
    ("Cyrillic", "Действителен до 1Зиюля 2028", "Действителен до 13 июля 2028"),
    ("Cyrillic", "З використанням Slack", "З використанням Slack"),
    ("Cyrillic", "Датавидачі 4 березня 2023 р.", "Дата видачі 4 березня 2023 р."),
    ("Cyrillic", "РОСС RU-2180-2024", "РОСС RU-2180-2024"),
])
def test_known_misreadings_are_set_right(script: str, read: str, text: str) -> None:
    result = with_fixes(_placed(read), script)
    assert result.text == text
    assert len(result.boxes) == 4 * len(result.text)
    assert len(result.confidences) == len(result.text)


def test_written_characters_take_the_places_of_those_they_replace() -> None:
    result = with_fixes(_placed("на БДСЕМ ISO"), "Cyrillic")
    start = result.text.index("EN")
    assert result.boxes[4 * start] >= 6.0  # inside "ЕМ" (x 6-8), not at the line's start
    assert result.boxes[4 * result.text.index("ISO")] == 9.0


def test_an_unplaced_reading_is_kept_as_read() -> None:
    reading = OcrText("на БДСЕМ ISO", array("f"), 90.0, array("f"))
    assert with_fixes(reading, "Cyrillic").text == "на БДСЕМ ISO"


@pytest.mark.parametrize(("read", "latin", "text"), [
    # a country code joined to the number's digits, or beside them
    ([[("номер", 96), ("ЧА-6140-2026", 90)]], [[("Homep", 69), ("UA-6140-2026", 93)]],
     "номер UA-6140-2026"),
    ([[("Сертификат", 96), ("ВС", 90), ("961/82", 95)]],
     [[("Ceptudukat", 60), ("BG", 92), ("961/82", 95)]], "Сертификат BG 961/82"),
    # not a country's code, other digits, or no digits after it: the script's reading stays
    ([[("номер", 96), ("СУІБ-8315", 90)]], [[("Homep", 69), ("CYIB-8315", 93)]],
     "номер СУІБ-8315"),
    ([[("номер", 96), ("ЧА-6140-2026", 90)]], [[("Homep", 69), ("UA-6140-2025", 93)]],
     "номер ЧА-6140-2026"),
    ([[("Выдан", 96), ("АО", 90), ("«Спектр»", 95)]],
     [[("Bbigan", 60), ("AO", 92), ("«Cnektp»", 80)]], "Выдан АО «Спектр»"),
])
def test_a_country_code_prefix_comes_back_from_the_english_reading(
        read: list[list[tuple[str, float]]], latin: list[list[tuple[str, float]]],
        text: str) -> None:
    assert with_latin_words(_reading(read), _reading(latin), "Cyrillic").text == text


@pytest.mark.parametrize(("read", "own", "text"), [
    # a Greek word with its tonos read as an accented Latin word, in small letters
    ([[("Mopéac", 80), ("πιστοποίησης:", 95)]], [[("Φορέας", 70), ("πιστοποίησης:", 95)]],
     "Φορέας πιστοποίησης:"),
    # no accent, two accents, or alone on its line: the word stays as read
    ([[("Mopeac", 80), ("πιστοποίησης:", 95)]], [[("Φορέας", 70), ("πιστοποίησης:", 95)]],
     "Mopeac πιστοποίησης:"),
    ([[("Mópéac", 80), ("πιστοποίησης:", 95)]], [[("Φορέας", 70), ("πιστοποίησης:", 95)]],
     "Mópéac πιστοποίησης:"),
    ([[("Mopéac", 80)]], [[("Φορέας", 70)]], "Mopéac"),
])
def test_a_toned_latin_word_comes_back_from_the_greek_reading(
        read: list[list[tuple[str, float]]], own: list[list[tuple[str, float]]],
        text: str) -> None:
    assert with_script_words(_reading(read), _reading(own), "Greek").text == text
