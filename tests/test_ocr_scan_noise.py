"""Scan noise the OCR layout undoes (issue 12, family 8): a seal's words read onto a text line,
a speck's dot joining two words, one word cut out twice or a neighbour's letters taken in by a
second reading, and a certificate number taken from an accreditation mark's "No."."""

from __future__ import annotations

from typing import Any

import pytest

from scopegap.extract.iso.numbers import certificate_number
from scopegap.extract.iso.standards import find_standards
from scopegap.ingest.ocr import layout_words
from scopegap.ingest.ocr_lines import latin_lookalike_fixer
from scopegap.ingest.ocr_reread import WeakLine, _better, weak_lines
from scopegap.ingest.ocr_tokens import connector_speck_fixer, sign_letter_fixer, stray_dot_fixer
from scopegap.ingest.pdf import TextPage
from scopegap.resources import load_yaml
from tests.conftest import tesseract_data

Word = tuple[str, float, int, int, int, tuple[int, int, int, int]]  # text, conf, block, ...


def _data(*words: Word) -> dict[str, list[Any]]:
    """conftest.tesseract_data for words written confidence first."""
    return tesseract_data(*((text, block, par, line, conf, box)
                            for text, conf, block, par, line, box in words))


@pytest.mark.parametrize(
    ("words", "text"),
    [
        # a seal's small words far right and lower on the signature line: their own line
        ([("For", 96, 15, 1, 1, (261, 2704, 48, 26)), ("behalf", 96, 15, 1, 1, (320, 2704, 89, 26)),
          ("of", 92, 15, 1, 1, (420, 2705, 26, 25)), ("YAG", 92, 15, 1, 1, (457, 2704, 68, 26)),
          ("MANAGEMENT", 95, 15, 1, 1, (1359, 2727, 134, 15)),
          ("SYSTEMS", 86, 15, 1, 1, (1499, 2727, 88, 15))],
         "For behalf of YAG\nMANAGEMENT SYSTEMS"),
        # a row of a date grid, one date read taller (a stamp over it), stays one row
        ([("03/26/2021", 96, 11, 1, 2, (488, 2341, 191, 44)),
          ("06/30/2023", 65, 11, 1, 2, (1142, 2345, 197, 32)),
          ("06/29/2026", 96, 11, 1, 2, (1796, 2346, 196, 32))],
         "03/26/2021 06/30/2023 06/29/2026"),
        # a stamp's specks far right stay on the line (alone, they came between a body's name
        # and its address)
        ([("Качество»", 96, 4, 1, 1, (100, 700, 180, 26)),
          ("Е", 40, 4, 1, 1, (900, 720, 10, 12)), ("9", 30, 4, 1, 1, (1000, 720, 8, 12))],
         "Качество» Е 9"),
        # a label beside its value, far apart but in one size, stays one line
        ([("Expiry", 95, 3, 1, 1, (100, 500, 80, 30)), ("date", 95, 3, 1, 1, (190, 500, 60, 30)),
          ("14/08/2027", 95, 3, 1, 1, (900, 502, 180, 30))],
         "Expiry date 14/08/2027"),
    ],
)
def test_a_line_is_cut_only_where_another_print_sits_apart(words: list[Word], text: str) -> None:
    assert layout_words(_data(*words), scale=1.0, page_height=4000.0).text == text


@pytest.mark.parametrize(
    ("word", "read"),
    [
        ("de.emision", "de emision"),
        ("certification.date:", "certification date:"),
        # web addresses, abbreviations, numbers and sentence ends stay as read
        ("bsigroup.com", "bsigroup.com"),
        ("www.a-lign-cert.example", "www.a-lign-cert.example"),
        ("www.bsi.com", "www.bsi.com"),
        ("U.S.", "U.S."),
        ("9.sites", "9.sites"),
        ("Ltd.,", "Ltd.,"),
        ("St.Petersburg", "St.Petersburg"),
        # a one-letter word before an elided article (the French exclusion "à l'exclusion")
        ("a.l'exclusion", "a l'exclusion"),
        ("a.l’exception", "a l’exception"),
        ("e.g.", "e.g."),
        ("a.lyon", "a.lyon"),
    ],
)
def test_a_specks_dot_between_two_words_is_a_space(word: str, read: str) -> None:
    fix = stray_dot_fixer(["com", "example"])
    assert fix(word) == read
    assert len(fix(word)) == len(word)  # one for one: character boxes stay valid


def test_no_word_is_cut_out_twice_for_a_second_reading() -> None:
    # a weak piece (a sidebar's garbled label) and, in the same line, weak words beside it
    page = _data(("orca", 17, 1, 1, 1, (100, 100, 80, 30)),
                 ("Ras", 14, 1, 1, 1, (190, 100, 60, 30)),
                 ("spn", 30, 1, 1, 1, (260, 100, 60, 30)),
                 ("Issued", 96, 1, 1, 1, (800, 100, 120, 30)),
                 ("in", 96, 1, 1, 1, (930, 100, 30, 30)),
                 ("conjunction", 96, 1, 1, 1, (970, 100, 200, 30)),
                 ("with", 96, 1, 1, 1, (1180, 100, 60, 30)),
                 ("ISO/IEC", 0, 1, 1, 1, (1250, 100, 140, 30)),
                 ("27001", 91, 1, 1, 1, (1400, 100, 100, 30)))
    lines = weak_lines(page, 40.0, 6, 12, 1.5, 60.0)
    indices = [index for line in lines for index in line.indices]
    assert len(indices) == len(set(indices))
    assert (0, 1, 2) in [line.indices for line in lines]
    assert (6, 7, 8) in [line.indices for line in lines]


def test_a_second_reading_keeps_only_the_words_of_its_own_cut() -> None:
    page = _data(("Se", 20, 1, 1, 1, (280, 100, 40, 70)),  # a seal's tall garbage box
                 ("For", 96, 2, 1, 1, (400, 120, 50, 26)),  # a sure line inside its height
                 ("ne", 33, 3, 1, 1, (1000, 300, 170, 30)))
    seal = WeakLine((0,), (280, 100, 460, 170), 20.0)
    word = WeakLine((2,), (1000, 300, 1170, 330), 33.0)
    # the strip: the seal's cut at strip top 10, the word's at 100 (no shift in x)
    places = [(0, 100, 10, 80), (0, 300, 100, 130)]
    read: dict[str, list[Any]] = {
        "text": ["Sa", "For", "i", "excluding"], "conf": [70.0, 95.0, 80.0, 94.0],
        "left": [285, 400, 990, 1005], "top": [20, 30, 105, 105],
        "width": [30, 50, 6, 160], "height": [26, 26, 26, 26]}
    better = _better(read, [seal, word], places, 40.0, page)
    assert [item["text"] for item in better[seal]] == ["Sa"]  # not the sure line's "For"
    assert [item["text"] for item in better[word]] == ["excluding"]  # not the "i" of the margin


@pytest.mark.parametrize(("new", "kept"), [
    (["выдан", "т"], False),  # a signature's cut read surely, most letters lost
    (["выдан", "органом", "«Стандарт-Сертификация»"], True),
])
def test_a_second_reading_that_loses_most_letters_is_no_better(new: list[str],
                                                                kept: bool) -> None:
    page = _data(("выдан", 93, 1, 1, 1, (100, 100, 100, 30)),
                 ("органом-ве’сертифкации:", 21, 1, 1, 1, (210, 100, 400, 30)),
                 ("«Стандарт-Сёртификация»", 87, 1, 1, 1, (620, 100, 300, 30)))
    line = WeakLine((0, 1, 2), (100, 100, 920, 130), 67.0)
    places = [(0, 100, 10, 40)]
    read: dict[str, list[Any]] = {
        "text": new, "conf": [90.0] * len(new), "left": [110 + 200 * i for i in range(len(new))],
        "top": [15] * len(new), "width": [90] * len(new), "height": [20] * len(new)}
    better = _better(read, [line], places, 40.0, page, 0.5)
    assert (line in better) is kept
    assert line in _better(read, [line], places, 40.0, page)  # no share asked: surer wins


def _page(number: int, text: str) -> TextPage:
    return TextPage(number=number, text=text, width=595.0, height=842.0, has_text=True)


def test_an_accreditation_marks_no_gives_the_number_only_when_no_label_does() -> None:
    cover = _page(1, "Numero de certificado /\n\nCertifi\nC64704-IS4\n\nFor and on behalf of RQI\n"
                     "MANAGEMENT SYSTEMS\nNo. 156\n")
    annex = _page(2, "Annex to certificate\nCertificate number: C64704-IS4 - HARROWGATE SRL\n")
    found = certificate_number([cover, annex])
    assert found is not None and found.value == "C64704-IS4" and found.evidence.page == 2
    # the annex's heading ends in a word that starts a label running into the real one
    headed = _page(2, "Anexo al certificado\n\nNumero de certificado: C28924-IS2 - ACME SAC\n")
    found = certificate_number([_page(1, "Numero ine certificadé: x C28924-IS2\nNo. 500\n"),
                                headed])
    assert found is not None and found.value == "C28924-IS2" and found.evidence.page == 2
    alone = certificate_number([_page(1, "CERTIFICATE\nACME LTD\nNo. 4417\n")])
    assert alone is not None and alone.value == "4417"


@pytest.mark.parametrize(
    ("word", "read"),
    [
        ("ВG-3089-2026", "BG-3089-2026"),  # Cyrillic В in a Latin number
        ("ІSMS-5528-2025", "ISMS-5528-2025"),  # Ukrainian І
        ("GR.6Ι.78189", "GR.6I.78189"),  # Greek Ι
        # numbers and words in their own script stay as read
        ("СДС-6441-2023", "СДС-6441-2023"),
        ("РОСС", "РОСС"),
        ("RU.АБ01.ОС09", "RU.АБ01.ОС09"),
        ("СМК.00123", "СМК.00123"),
        ("Москва", "Москва"),
    ],
)
def test_cyrillic_lookalikes_inside_a_latin_number_are_latin(word: str, read: str) -> None:
    lookalikes = load_yaml("patterns/ocr.yaml")["latin_lookalikes"]
    fix = latin_lookalike_fixer({str(key): str(value) for key, value in lookalikes.items()})
    assert fix(word) == read
    assert len(fix(word)) == len(word)


def test_a_misread_word_before_conjunction_with_keeps_the_parent_mentioned_only() -> None:
    page = _page(1, "has been audited and found to conform with the requirements of\n"
                    "ISOAMEC 27018:2019\nThis certificate is valid only iri conjunction with "
                    "ISO/IEC 27001:2013 certificate UH 0329 361.\n")
    found = find_standards((page,))
    assert [standard.number for standard in found.certified] == ["27018"]
    assert [standard.number for standard in found.mentioned] == ["27001"]


@pytest.mark.parametrize(
    ("word", "read"),
    [
        ("of:Current", "of Current"),  # "Date of:Current Issue" (scan 8416)
        ("of.", "of "),  # "Date of. Current issue" (scan 8424)
        ("de,Emisión", "de Emisión"),
        ("Of;Issue", "Of Issue"),
        # a colon with a space after it may be printed ("management system of: Lumora")
        ("of:", "of:"),
        ("of,", "of,"),
        ("offer.", "offer."),
        ("Ltd.", "Ltd."),
        ("of:2025", "of:2025"),
        ("theme.", "theme."),
    ],
)
def test_a_mark_after_a_connector_word_is_a_space(word: str, read: str) -> None:
    fix = connector_speck_fixer(["of", "de", "the"])
    assert fix(word) == read
    assert len(fix(word)) == len(word)  # one for one: character boxes stay valid


@pytest.mark.parametrize(
    ("word", "read"),
    [
        ("Certifi¢ation", "Certification"),  # the issuer's legal name in a footer (8204)
        ("Servi©es", "Services"),
        ("¢50", "¢50"),
        ("5¢", "5¢"),
        ("¢", "¢"),
        ("Five9®", "Five9®"),
    ],
)
def test_a_sign_between_two_letters_is_the_letter_it_looks_like(word: str, read: str) -> None:
    fix = sign_letter_fixer({"¢": "c", "©": "c"})
    assert fix(word) == read
    assert len(fix(word)) == len(word)
