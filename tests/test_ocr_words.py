"""OCR word fixes driven by the models' own words: a speck's accent taken off a plain cue or
tool word, and a cloud region code read with a look-alike for a digit. No Tesseract needed."""

from __future__ import annotations

import pytest

from scopegap.ingest.ocr import layout_words
from scopegap.ingest.ocr_accents import accent_fixer, fold
from scopegap.ingest.ocr_codes import region_code_fixer
from scopegap.ingest.ocr_cue_letters import cue_letter_fixer
from scopegap.resources import load_yaml

LOOKALIKES = {"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"}


@pytest.mark.parametrize(
    ("word", "read"),
    [
        # an exclusion cue's word and a tool's word, a speck read as an accent
        ("doés", "does"),
        ("Cénter,", "Center,"),
        ("(Cénter)", "(Center)"),
        ("éxcluding", "excluding"),
        # accented words of the models' names, and words the models do not know, stay
        ("José", "José"),
        ("Société", "Société"),
        ("Kraków", "Kraków"),
        ("Łódź", "Łódź"),
        ("été", "été"),
        ("excepto", "excepto"),
        ("does", "does"),
    ],
)
def test_a_specks_accent_comes_off_a_plain_word(word: str, read: str) -> None:
    fixed = accent_fixer()(word)
    assert fixed == read
    assert len(fixed) == len(word)  # one for one: character boxes stay valid


def test_fold_keeps_letters_without_a_plain_form() -> None:
    assert fold("Éxcluding Łódź Straße") == "Excluding Łodz Straße"


@pytest.mark.parametrize(
    ("word", "read"),
    [
        ("us-centrall", "us-central1"),
        ("(us-centralI)", "(us-central1)"),
        ("ap-southeast-l,", "ap-southeast-1,"),
        ("ap-southeast—1", "ap-southeast-1"),
        ("europe-west3", "europe-west3"),
        # a letter that is no digit's look-alike, a code no region has, a plain word: as read
        ("eu-west-Z", "eu-west-Z"),
        ("us-centrax", "us-centrax"),
        ("well-known", "well-known"),
        ("centrall", "centrall"),
    ],
)
def test_a_region_code_read_with_a_lookalike_is_the_code(word: str, read: str) -> None:
    fixed = region_code_fixer(LOOKALIKES)(word)
    assert fixed == read
    assert len(fixed) == len(word)


def test_an_exclusion_read_with_an_accent_stays_an_exclusion_in_the_text() -> None:
    keys = ("text", "block_num", "par_num", "line_num", "conf", "left", "top", "width", "height")
    words = ["This", "certificate", "doés", "not", "cover", "Microsoft", "Entra", "ID."]
    data = {key: [] for key in keys}
    for index, text in enumerate(words):
        for key, value in zip(keys, (text, 1, 1, 1, 88.0, 100 * index, 100, 90, 30),
                              strict=True):
            data[key].append(value)
    assert layout_words(data, scale=1.0, page_height=1000.0).text == \
        "This certificate does not cover Microsoft Entra ID."


@pytest.mark.parametrize(
    ("word", "read"),
    [
        # an exclusion word with one letter read for another: back to the word
        ("exeluding", "excluding"),  # the scan that left the Ashburn site covered
        ("Exeluding,", "Excluding,"),
        ("excludiug", "excluding"),
        ("exciuded", "excluded"),
        ("certifled", "certified"),
        ("decommissioued", "decommissioned"),
        # never towards a word that ends an exclusion's reach, a name, or from a known word
        ("inciuding", "inciuding"),
        ("Ashburn", "Ashburn"),
        ("services", "services"),
        ("including", "including"),
        # two letters apart, or too short to tell
        ("exeludiug", "exeludiug"),
        ("exeept", "except"),
        ("exept", "exept"),
        # a space read as a hyphen between two words of one trigger (fresh scan 7513)
        ("met-uitzondering", "met uitzondering"),
        ("not-included", "not included"),
        ("e-mail", "e-mail"),
        ("us-east-1", "us-east-1"),
        # a speck read as a quote glued to a trigger's first word (fresh scan 8419): a space
        ("does”", "does "),
        ("not'", "not "),
        ("Cebu”", "Cebu”"),
        ("said”", "said”"),
    ],
)
def test_an_exclusion_word_read_with_one_confused_letter(word: str, read: str) -> None:
    pairs = load_yaml("patterns/ocr.yaml")["cue_letter_confusions"]
    fix = cue_letter_fixer([str(pair) for pair in pairs])
    assert fix(word) == read

