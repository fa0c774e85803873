"""Lines Tesseract read badly on the page are read again on their own (ocr_reread.py): which
pieces are weak, how new words take their place, and a real second reading (skipped without
Tesseract)."""

from __future__ import annotations

from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFont

from scopegap.ingest.ocr import ocr_unavailable
from scopegap.ingest.ocr_reread import merged, reread, weak_lines

Word = tuple[str, float, int, int, int, tuple[int, int, int, int]]


def _data(*words: Word) -> dict[str, list[Any]]:
    keys = ("text", "conf", "block_num", "par_num", "line_num", "left", "top", "width", "height")
    data: dict[str, list[Any]] = {key: [] for key in keys}
    for text, conf, block, par, line, box in words:
        for key, value in zip(keys, (text, conf, block, par, line, *box), strict=True):
            data[key].append(value)
    return data


# one Tesseract line running from a sidebar's garbled label into the body's sure words,
# a speck line, and a sure line
PAGE = _data(
    ("orca", 17, 1, 1, 1, (100, 100, 80, 30)), ("Ras", 14, 1, 1, 1, (190, 100, 60, 30)),
    ("spn", 30, 1, 1, 1, (260, 100, 60, 30)),
    ("Issued", 96, 1, 1, 1, (800, 100, 120, 30)), ("in", 95, 1, 1, 1, (930, 100, 30, 30)),
    ("x", 10, 1, 1, 2, (100, 200, 10, 10)),
    ("Scope", 95, 1, 1, 3, (100, 300, 100, 30)),
)


def test_the_weak_piece_of_a_line_is_found_and_specks_and_sure_lines_are_not() -> None:
    lines = weak_lines(PAGE, 40.0, 6, 12, 1.5)
    assert [line.indices for line in lines] == [(0, 1, 2)]
    assert lines[0].box == (100, 100, 320, 130)
    assert lines[0].mean == pytest.approx(61 / 3)
    assert weak_lines(PAGE, 40.0, 6, 0, 1.5) == []  # no second look at all


def test_an_unsure_word_in_a_sure_line_is_read_again_with_its_neighbours() -> None:
    line = _data(("Service,", 96, 1, 1, 1, (100, 100, 150, 30)),
                 ("ne", 33, 1, 1, 1, (260, 100, 170, 66)),  # "excluding", drawn too tall
                 ("the", 96, 1, 1, 1, (440, 100, 60, 30)),
                 ("Vancouver", 96, 1, 1, 1, (510, 100, 180, 30)),
                 ("|", 20, 1, 1, 1, (700, 100, 5, 30)))  # a speck: too narrow to be a word
    assert weak_lines(line, 40.0, 6, 12, 1.5) == []  # without a word threshold: none
    [piece] = weak_lines(line, 40.0, 6, 12, 1.5, 50.0)
    assert piece.indices == (0, 1, 2)
    assert piece.box == (100, 100, 500, 130)  # cut at its neighbours' height
    assert piece.mean == 33


def test_new_words_take_the_old_ones_place_under_their_line_numbers() -> None:
    line = weak_lines(PAGE, 40.0, 6, 12, 1.5)[0]
    new = [{"text": "Fecha", "conf": 96.0, "left": 101, "top": 99, "width": 90, "height": 30},
           {"text": "caducidad", "conf": 92.0, "left": 200, "top": 99, "width": 120,
            "height": 30}]
    out = merged(PAGE, {line: new})
    assert out["text"] == ["Fecha", "caducidad", "Issued", "in", "x", "Scope"]
    assert out["conf"][:2] == [96.0, 92.0]
    assert out["line_num"] == [1, 1, 1, 1, 2, 3]
    assert out["left"][:2] == [101, 200]


@pytest.mark.skipif(ocr_unavailable("eng") is not None, reason=str(ocr_unavailable("eng")))
def test_a_line_read_badly_on_the_page_is_read_again_from_its_pixels() -> None:
    image = Image.new("L", (1400, 400), 255)
    ImageDraw.Draw(image).text((100, 150), "Expiry date 21.12.2027", fill=0,
                               font=ImageFont.load_default(size=48))
    first = _data(("Exgiv", 12, 1, 1, 1, (100, 150, 180, 60)),
                  ("dale", 20, 1, 1, 1, (300, 150, 110, 60)),
                  ("2l.l2", 25, 1, 1, 1, (430, 150, 300, 60)))
    again = reread(image, first, languages="eng", timeout=60)
    assert " ".join(again["text"]) == "Expiry date 21.12.2027"
    assert min(again["conf"]) >= 40
    assert set(again["line_num"]) == {1}
    # a sure first reading is kept as it was
    sure = _data(("Expiry", 95, 1, 1, 1, (100, 150, 180, 60)))
    assert reread(image, sure, languages="eng", timeout=60) is sure
