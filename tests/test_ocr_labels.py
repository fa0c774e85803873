"""A grid's row label Tesseract read out of place (after its multi-line value, or inside
the value's middle line) goes back before the value, as a text layer has it; tables and
prose stay as read. No Tesseract needed."""

from __future__ import annotations

import pytest

from scopegap.ingest.ocr import layout_words
from tests.conftest import TesseractWord, tesseract_data

Word = TesseractWord
_data = tesseract_data


def _line(block: int, line: int, top: int, left: int, *texts: str,
          conf: float = 95.0) -> list[Word]:
    return [(text, block, 1, line, conf, (left + 100 * i, top, 90, 30))
            for i, text in enumerate(texts)]


VALUE = [*_line(2, 1, 100, 600, "The", "provision", "of", "contact", "services"),
         *_line(2, 2, 140, 600, "delivered", "with", "SAP", "C4C,", "excluding"),
         *_line(2, 3, 180, 600, "the", "Lyon", "site.")]
TYPED = ("The provision of contact services\ndelivered with SAP C4C, excluding\n"
         "the Lyon site.")


def _layout(*words: Word) -> str:
    return layout_words(_data(*words), scale=1.0, page_height=1000.0).text


@pytest.mark.parametrize(
    ("words", "text"),
    [
        # the label level with the value's middle, read as a block after it
        ([*_line(1, 1, 20, 0, "CERTIFICATE"), *VALUE, *_line(3, 1, 140, 0, "Scope"),
          *_line(3, 2, 300, 0, "Certificate", "number", "AB-1")],
         f"CERTIFICATE\n\nScope\n\n{TYPED}\n\nCertificate number AB-1"),
        # a two-language label, its middle between two of the value's lines
        ([*VALUE, *_line(3, 1, 155, 0, "Alcance", "/", "Scope")],
         f"Alcance / Scope\n\n{TYPED}"),
        # the label read into the value's middle line, a speck between them
        ([*_line(2, 1, 100, 600, "The", "provision", "of", "contact", "services"),
          ("Scope", 2, 1, 2, 96.0, (0, 140, 110, 30)), (".", 2, 1, 2, 40.0, (200, 150, 6, 6)),
          *_line(2, 2, 140, 600, "delivered", "with", "SAP", "C4C,", "excluding"),
          *_line(2, 3, 180, 600, "the", "Lyon", "site.")],
         f"Scope\n{TYPED}"),
        # a speck before a label is left out
        ([(".", 1, 1, 1, 91.0, (0, 100, 6, 6)), *_line(1, 1, 100, 30, "Ambito", "/", "Scope")],
         "Ambito / Scope"),
        # a bullet's dash stays
        ([*_line(1, 1, 100, 0, "-", "Lyon", "site")], "- Lyon site"),
    ],
)
def test_labels_go_before_their_value(words: list[Word], text: str) -> None:
    assert _layout(*words) == text


@pytest.mark.parametrize(
    ("words", "text"),
    [
        # a site table (name | address): every line starts with its name, none is moved
        ([*_line(1, 1, 100, 0, "Recife"), *_line(1, 1, 100, 600, "279", "Cedar", "Road"),
          *_line(1, 2, 140, 0, "Osasco"), *_line(1, 2, 140, 600, "138", "High", "Street"),
          *_line(1, 3, 180, 0, "Belem"), *_line(1, 3, 180, 600, "12", "Mill", "Lane")],
         None),
        # a grid's values under each other are no sentence: a label beside one stays its own
        ([*_line(1, 1, 100, 0, "Certificate", "No", ":"), *_line(1, 2, 98, 400, "BG-78408"),
          *_line(1, 3, 140, 0, "Registration", "Date", ":"),
          ("07.07.2025", 1, 1, 3, 95.0, (400, 140, 90, 30))],
         "Certificate No :\nBG-78408\nRegistration Date : 07.07.2025"),
        # a short line right of the value, or too far left of it, stays where it was read
        ([*VALUE, *_line(3, 1, 140, 1200, "Scope")], f"{TYPED}\n\nScope"),
        ([*VALUE, *_line(3, 1, 140, -1200, "Scope")], f"{TYPED}\n\nScope"),
        # ... and so does one below the value, or a sentence's end
        ([*VALUE, *_line(3, 1, 260, 0, "Scope")], f"{TYPED}\n\nScope"),
        ([*VALUE, *_line(3, 1, 140, 0, "as", "agreed.")], f"{TYPED}\n\nas agreed."),
    ],
)
def test_tables_and_other_lines_stay(words: list[Word], text: str | None) -> None:
    read = _layout(*words)
    if text is None:  # the table reads row by row or column by column, never a name moved
        assert read.split("\n")[0] in ("Recife 279 Cedar Road", "Recife")
        assert "Osasco" in read and read.index("Recife") < read.index("Osasco")
    else:
        assert read == text


def test_a_speck_between_grid_columns_keeps_the_columns() -> None:
    """A date grid (dates over their labels) with a pen stroke read as "4" between two
    labels and a stamp's "or" between two dates is still read column by column."""
    words = [*_line(1, 1, 100, 0, "24.07.2019"), ("or", 1, 1, 1, 31.0, (300, 100, 40, 30)),
             *_line(1, 1, 100, 600, "24.07.2025"), *_line(1, 1, 100, 1200, "23.07.2028"),
             *_line(2, 1, 150, 0, "Original", "certification", "date"),
             ("4", 2, 1, 1, 73.0, (450, 150, 20, 30)),
             *_line(2, 1, 150, 600, "Current", "issue", "date"),
             *_line(2, 1, 150, 1200, "Expiry", "date")]
    assert [line for line in _layout(*words).split("\n") if line] == [
        "24.07.2019 or", "Original certification date 4", "24.07.2025", "Current issue date",
        "23.07.2028", "Expiry date"]
