"""The OCR boundary: a scan made readable (panels, skew, rules), Tesseract's words joined into
the lines a text layer has, digit look-alikes read as digits, and each value's confidence
carried in its evidence and named in a warning when it is low. No Tesseract needed."""

from __future__ import annotations

from array import array
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from scopegap.domain import DateValue, DocumentScope, Evidence, Standard, TextValue
from scopegap.extract.provenance import (
    low_confidence_warnings,
    mark_ocr_evidence,
    ocr_read_pages,
    page_warnings,
)
from scopegap.ingest.ocr import OcrText, layout_words
from scopegap.ingest.ocr_image import light_on_dark, otsu_threshold, rule_pixels, skew_angle, unturn
from scopegap.ingest.ocr_lines import digit_fixer, join_rows, tesseract_lines
from scopegap.ingest.ocr_supplement import pages_to_supplement, supplement
from scopegap.ingest.pdf import ReadPdf, TextPage
from tests.conftest import TesseractWord, tesseract_data

LOOKALIKES = {"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"}


@pytest.mark.parametrize(
    ("word", "read"),
    [
        ("2O26", "2026"),
        ("l3.12.2023", "13.12.2023"),
        ("27001:2O22", "27001:2022"),
        ("31.O1.2028", "31.01.2028"),
        # a certificate number's own letters stay, beside digits or not
        ("B7700123", "B7700123"),
        ("C64704-IS4", "C64704-IS4"),
        ("26DQPL18", "26DQPL18"),
        ("A1600957", "A1600957"),
        ("RU.ОШ01", "RU.ОШ01"),
        # words, and numbers with too few digits to judge, stay as read
        ("ISO/IEC", "ISO/IEC"),
        ("Oslo", "Oslo"),
        ("1l", "1l"),
    ],
)
def test_digit_lookalikes_inside_numbers(word: str, read: str) -> None:
    fix = digit_fixer(LOOKALIKES, 0.6)
    assert fix(word) == read
    assert len(fix(word)) == len(word)  # one for one: character boxes stay valid


Word = TesseractWord
_data = tesseract_data


def _line(block: int, par: int, line: int, top: int, left: int, *texts: str) -> list[Word]:
    return [(text, block, par, line, 90.0, (left + 100 * i, top, 90, 30))
            for i, text in enumerate(texts)]


@pytest.mark.parametrize(
    ("words", "text"),
    [
        # a label column and a value column in separate blocks: one line each, as typed
        ([*_line(1, 1, 1, 100, 0, "Certificate", "No."), *_line(1, 1, 2, 150, 0, "Expiry"),
          *_line(2, 1, 1, 102, 600, "HX", "44719"), *_line(2, 1, 2, 151, 600, "31.05.2028")],
         "Certificate No. HX 44719\nExpiry 31.05.2028"),
        # prose beside a sidebar is never joined: its short last line stays in its sentence
        ([*_line(1, 1, 1, 100, 0, "Expiry"),
          *_line(2, 1, 1, 40, 600, "for", "all", "sites", "in", "France,", "excluding", "the"),
          *_line(2, 1, 2, 100, 600, "Lyon", "site.")],
         "Expiry\n\nfor all sites in France, excluding the\nLyon site."),
        # a lone label beside a heading of another block is no column pair: not joined
        ([*_line(1, 1, 1, 100, 0, "Certificate", "number"), *_line(1, 1, 2, 150, 0, "AB-1"),
          *_line(2, 1, 1, 101, 600, "CERTIFICATE")],
         "Certificate number\nAB-1\n\nCERTIFICATE"),
        # a sidebar beside the body: two chance pairs among many lines are no columns
        ([*_line(1, 1, 1, 100, 0, "Number"), *_line(1, 1, 2, 140, 0, "AB-1"),
          *_line(1, 1, 3, 180, 0, "Issued"), *_line(1, 1, 4, 220, 0, "2025-01-01"),
          *_line(1, 1, 5, 260, 0, "Expiry"),
          *_line(2, 1, 1, 100, 600, "CERTIFICATE"), *_line(2, 1, 2, 180, 600, "Acme", "Ltd"),
          *_line(2, 1, 3, 200, 600, "ISO/IEC", "27001:2022"),
          *_line(2, 1, 4, 240, 600, "Scope"), *_line(2, 1, 5, 280, 600, "Payroll")],
         "Number\nAB-1\nIssued\n2025-01-01\nExpiry\n\nCERTIFICATE\n\nAcme Ltd\n"
         "ISO/IEC 27001:2022\nScope\nPayroll"),
        # a two-column annex Tesseract read across both columns: column by column, as typed
        ([*_line(1, 1, 1, 100, 0, "Genoa"), *_line(1, 1, 1, 100, 600, "Bologna"),
          *_line(1, 1, 2, 150, 0, "276", "High", "Street,", "Genoa"),
          *_line(1, 1, 2, 150, 600, "333", "Victoria", "Quay,", "Bologna")],
         "Genoa\n276 High Street, Genoa\nBologna\n333 Victoria Quay, Bologna"),
        # three columns, an address wrapped onto a second line under its column
        ([*_line(1, 1, 1, 100, 0, "Lima"), *_line(1, 1, 1, 100, 600, "Cusco"),
          *_line(1, 1, 1, 100, 1200, "Quito"),
          *_line(1, 1, 2, 140, 0, "1", "Mill", "Lane,", "Lima"),
          *_line(1, 1, 2, 140, 600, "2", "Way,", "Cusco,"),
          *_line(1, 1, 2, 140, 1200, "3", "Road,", "Quito,"),
          *_line(1, 1, 3, 180, 600, "Peru"), *_line(1, 1, 3, 180, 1200, "Ecuador"),
          *_line(1, 1, 4, 400, 0, "Issued", "by", "Acme", "Certification", "Ltd,", "Quito")],
         "Lima\n1 Mill Lane, Lima\nCusco\n2 Way, Cusco,\nPeru\nQuito\n3 Road, Quito,\n"
         "Ecuador\n\nIssued by Acme Certification Ltd, Quito"),
        # ... and when each column is its own block, joined by the label/value rule before
        ([*_line(1, 1, 1, 100, 0, "Genoa"), *_line(1, 1, 2, 150, 0, "12", "Via", "Roma"),
          *_line(2, 1, 1, 100, 600, "Bologna"), *_line(2, 1, 2, 150, 600, "3", "Via", "Po")],
         "Genoa\n12 Via Roma\nBologna\n3 Via Po"),
        # a grid of labels over their dates is two columns too (a text layer reads it so)
        ([*_line(1, 1, 1, 100, 0, "01.02.2023"), *_line(1, 1, 1, 100, 600, "31.01.2026"),
          *_line(1, 1, 2, 150, 0, "Issue", "date"), *_line(1, 1, 2, 150, 600, "Expiry", "date")],
         "01.02.2023\nIssue date\n31.01.2026\nExpiry date"),
        # a grid of labels (a colon) over their values, a speck beside one: cell by cell (the
        # speck, a lone small letter read unsurely after the colon, left out)
        ([*_line(1, 1, 1, 100, 0, "Certificate", "Number:"),
          *_line(1, 1, 1, 100, 600, "Initial", "Date:"),
          *_line(1, 1, 2, 150, 0, "8267135"), *_line(1, 1, 2, 150, 600, "03/13/2013"),
          *_line(1, 1, 3, 200, 0, "Decision", "Date:"), ("z", 1, 1, 3, 30.0, (300, 200, 20, 30)),
          *_line(1, 1, 3, 200, 600, "Issuing", "Date:"),
          *_line(1, 1, 4, 250, 0, "12/17/2022"), *_line(1, 1, 4, 250, 600, "12/23/2022")],
         "Certificate Number:\n8267135\nDecision Date:\n12/17/2022\nInitial Date:\n"
         "03/13/2013\nIssuing Date:\n12/23/2022"),
        # a footer Tesseract cut at a column's edge, mid-word, and read apart: one line again
        ([*_line(1, 1, 1, 400, 0, "Issued", "by", "Acme", "Certification", "Ltd,", "9", "Mill",
                 "S"),
          *_line(3, 1, 1, 100, 0, "Sites"),
          *_line(2, 1, 1, 405, 790, "treet,", "Lowell,", "MA", "01851")],
         "Issued by Acme Certification Ltd, 9 Mill S treet, Lowell, MA 01851\n\nSites"),
        # ... but two lines a gutter apart (two line heights) stay apart
        ([*_line(1, 1, 1, 400, 0, "payroll", "services", "for", "clients", "in", "Italy", "and"),
          *_line(2, 1, 1, 400, 750, "hosted", "in", "Lowell,", "MA", "for", "all", "sites")],
         "payroll services for clients in Italy and\n\nhosted in Lowell, MA for all sites"),
        # a date read as two words at a separator is one again; a range's dash stays apart
        ([("Valid:", 1, 1, 1, 90.0, (0, 100, 90, 30)),
          ("2022-08-20", 1, 1, 1, 90.0, (100, 100, 150, 30)),
          ("-", 1, 1, 1, 90.0, (260, 100, 10, 30)),
          ("2025-08-", 1, 1, 1, 90.0, (280, 100, 120, 30)),
          ("20", 1, 1, 1, 85.0, (410, 100, 30, 30)),
          ("20.11.", 1, 1, 2, 90.0, (0, 150, 90, 30)), ("2025", 1, 1, 2, 90.0, (95, 150, 60, 30)),
          ("2022-08-20-", 1, 1, 3, 90.0, (0, 200, 160, 30)),
          ("2025-08-20", 1, 1, 3, 90.0, (170, 200, 150, 30)),
          ("2025-08-", 1, 1, 4, 90.0, (0, 250, 120, 30)),
          ("20", 1, 1, 4, 90.0, (300, 250, 30, 30))],
         "Valid: 2022-08-20 - 2025-08-20\n20.11.2025\n2022-08-20- 2025-08-20\n2025-08- 20"),
        # marks glued before a name's capital come off; a bullet and "'s-" stay
        ([*_line(1, 1, 1, 100, 0, "“National", "Quality", "Ltd"),
          *_line(1, 1, 2, 150, 0, "-Silverfern", "EOOD"),
          *_line(1, 1, 3, 200, 0, "-", "Lyon"),
          *_line(1, 1, 4, 250, 0, "'s-Hertogenbosch")],
         "National Quality Ltd\nSilverfern EOOD\n- Lyon\n's-Hertogenbosch"),
        # labels (a colon) beside values without digits are no column list either
        ([*_line(1, 1, 1, 100, 0, "Holder:"), *_line(1, 1, 1, 100, 600, "Acme", "Ltd"),
          *_line(1, 1, 2, 150, 0, "Scope:"), *_line(1, 1, 2, 150, 600, "Payroll")],
         "Holder: Acme Ltd\nScope: Payroll"),
        # ... a pen stroke read as an unsure digit beside a label does not make it a number
        ([*_line(1, 1, 1, 100, 0, "01.02.2023"), *_line(1, 1, 1, 100, 600, "31.01.2026"),
          *_line(1, 1, 2, 150, 0, "Issue", "date"), ("4", 1, 1, 2, 30.0, (200, 150, 20, 30)),
          *_line(1, 1, 2, 150, 600, "Expiry", "date")],
         "01.02.2023\nIssue date 4\n31.01.2026\nExpiry date"),
        # a label beside its value is not alike: the rows stay joined
        ([*_line(1, 1, 1, 100, 0, "Issue", "date"), *_line(1, 1, 1, 100, 600, "01.02.2023"),
          *_line(1, 1, 2, 150, 0, "Expiry", "date"), *_line(1, 1, 2, 150, 600, "31.01.2026")],
         "Issue date 01.02.2023\nExpiry date 31.01.2026"),
        # one row of two alike parts is no column list
        ([*_line(1, 1, 1, 100, 0, "Genoa"), *_line(1, 1, 1, 100, 600, "Bologna"),
          *_line(1, 1, 2, 150, 0, "Scope:", "payroll", "services", "for", "clients", "in",
                 "Italy", "excluding", "the", "Bari", "site")],
         "Genoa Bologna\nScope: payroll services for clients in Italy excluding the Bari site"),
        # a bold standard Tesseract gave 0 for every word is kept; noise read at 0 is not
        ([("ISO/IEC", 1, 1, 1, 0, (0, 100, 200, 60)),
          ("27001:2022", 1, 1, 1, 0, (220, 100, 300, 60)),
          ("yeeb", 1, 1, 2, 0, (0, 200, 100, 30)), ("ct", 1, 1, 2, 0, (120, 200, 50, 30))],
         "ISO/IEC 27001:2022"),
        # an elided article read with a capital I is an l (the exclusion phrase depends on
        # it); English contractions stay
        ([*_line(1, 1, 1, 100, 0, "a", "I'exclusion", "de", "NICE"),
          *_line(1, 1, 2, 150, 0, "I'll", "call", "I’Italia")],
         "a l'exclusion de NICE\nI'll call l’Italia"),
        # lines at different heights are not joined
        ([*_line(1, 1, 1, 100, 0, "Scope"), *_line(2, 1, 1, 300, 600, "Issued")],
         "Scope\n\nIssued"),
        # a lone full stop is a speck however surely read: the exclusion reaches its object
        ([*_line(1, 1, 1, 100, 0, "services,", "excluding", "the", "."),
          *_line(1, 1, 2, 150, 0, "Stellenbosch", "site.", "No.", "518")],
         "services, excluding the\nStellenbosch site. No. 518"),
        # an underscore speck before a number, or alone, comes off; one inside stays
        ([*_line(1, 1, 1, 100, 0, "Certificate", "no.:", "_073986-2024-AIS"),
          *_line(1, 1, 2, 150, 0, "Certificate", "_", "CH25/011538"),
          *_line(1, 1, 3, 200, 0, "ref_12", "_", "__")],
         "Certificate no.: 073986-2024-AIS\nCertificate CH25/011538\nref_12"),
        # an l between capitals in a number is an I; in words, or beside digits, it stays
        ([*_line(1, 1, 1, 100, 0, "034904-2025-AlS-VAF", "Falls", "AlS", "C98808-lS1",
                 "039680-2022-AlIS-VEP")],
         "034904-2025-AIS-VAF Falls AlS C98808-lS1 039680-2022-AlIS-VEP"),
        # a standard's prefix garbled, its edition begun twice: read as printed
        ([*_line(1, 1, 1, 100, 0, "ISOMEC", "27001:2", "2022"),
          *_line(1, 1, 2, 150, 0, "ISOAEC", "27018:2019"),
          *_line(1, 1, 3, 200, 0, "ISO", "9001:1", "2015", "Isomec", "ISOMECS")],
         "ISO/IEC 27001:2022\nISO/IEC 27018:2019\nISO 9001:1 2015 Isomec ISOMECS"),
        # specks and rule stubs (no letter, low confidence) are left out; a real dash stays
        ([("Organisation", 1, 1, 1, 95, (0, 100, 200, 30)), ("|", 1, 1, 1, 20, (210, 100, 5, 30)),
          ("-", 1, 1, 1, 91, (220, 100, 10, 30)), ("Adresse", 1, 1, 1, 93, (240, 100, 150, 30))],
         "Organisation - Adresse"),
    ],
)
def test_words_become_text_layer_lines(words: list[Word], text: str) -> None:
    result = layout_words(_data(*words), scale=1.0, page_height=1000.0)
    assert result.text == text
    assert len(result.boxes) == 4 * len(result.text)
    assert len(result.confidences) == len(result.text)


def test_a_sidebar_label_is_not_joined_with_the_body_beside_it() -> None:
    """The same label and value columns as above, but the labels on a dark panel (zone 1):
    the sidebar is read apart, as its colour showed."""
    words = [*_line(1, 1, 1, 100, 0, "Certificate", "No."), *_line(1, 1, 2, 150, 0, "Expiry"),
             *_line(2, 1, 1, 102, 600, "Se", "certifica"),
             *_line(2, 1, 2, 151, 600, "31.05.2028")]
    data = _data(*words)
    data["zone"] = [1, 1, 1, 0, 0, 0]
    assert layout_words(data, scale=1.0, page_height=1000.0).text == \
        "Certificate No.\nExpiry\n\nSe certifica\n31.05.2028"
    # read in turn by Tesseract, each zone's lines still come together
    turns = _data(*_line(2, 1, 1, 102, 600, "Se", "certifica"), *_line(1, 1, 1, 100, 0, "Number"),
                  *_line(2, 1, 2, 151, 600, "Acme", "Ltd", "of", "Lyon", "and", "its", "sites"),
                  *_line(1, 1, 2, 150, 0, "AB-1"))
    turns["zone"] = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]
    assert layout_words(turns, scale=1.0, page_height=1000.0).text == \
        "Number\nAB-1\n\nSe certifica\nAcme Ltd of Lyon and its sites"
    data["zone"] = [0] * 6
    assert layout_words(data, scale=1.0, page_height=1000.0).text == \
        "Certificate No. Se certifica\nExpiry 31.05.2028"


def test_join_rows_pairs_columns_row_by_row() -> None:
    lines = tesseract_lines(_data(*_line(1, 1, 1, 100, 0, "a"), *_line(2, 1, 1, 100, 600, "b"),
                                  *_line(1, 1, 2, 200, 0, "c"), *_line(2, 1, 2, 200, 600, "d"),
                                  *_line(3, 1, 1, 300, 0, "e")))
    rows = join_rows(lines, max_words=6)
    assert [[line.words[0].text for line in row] for row in rows] == [["a", "b"], ["c", "d"],
                                                                      ["e"]]


def test_each_character_carries_its_words_confidence() -> None:
    data = _data(("HX", 1, 1, 1, 95.0, (0, 0, 20, 10)), ("44719", 1, 1, 1, 41.5, (30, 0, 50, 10)))
    result = layout_words(data, scale=1.0, page_height=100.0)
    assert result.text == "HX 44719"
    assert list(result.confidences) == [95.0, 95.0, -1.0] + [41.5] * 5
    assert result.confidence == pytest.approx((95.0 + 41.5) / 2, abs=0.1)


def test_otsu_threshold_splits_ink_from_paper() -> None:
    histogram = [0] * 256
    histogram[30] = 1000  # ink
    histogram[220] = 9000  # paper
    assert 30 <= otsu_threshold(histogram) < 220


def _text_image(angle: float) -> Image.Image:
    image = Image.new("L", (1200, 1600), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=28)
    for row in range(25):
        draw.text((80, 100 + row * 55), "Certificate of registration 27001 " * 2, fill=0,
                  font=font)
    return image.rotate(angle, fillcolor=255) if angle else image


@pytest.mark.parametrize("angle", [0.0, 1.0, -1.5])
def test_skew_angle_undoes_the_turn(angle: float) -> None:
    found = skew_angle(_text_image(angle).point(lambda v: 255 if v > 128 else 0), 3.0, 0.25)
    assert found == pytest.approx(-angle, abs=0.3)


def test_unturn_maps_a_point_back() -> None:
    size = (1000, 800)
    image = Image.new("L", size, 255)
    image.putpixel((700, 300), 0)
    turned = np.asarray(image.rotate(2.0, fillcolor=255))
    y, x = (int(v[0]) for v in np.nonzero(turned < 128))
    back = unturn(float(x), float(y), 2.0, size)
    assert back == pytest.approx((700, 300), abs=1.5)


def test_light_text_on_a_dark_panel_is_found() -> None:
    image = np.full((800, 600), 255, dtype=np.uint8)
    image[:, :150] = 0  # a sidebar
    image[100:103, 20:120] = 255  # its white text
    image[400:430, 300:310] = 0  # a black letter on white
    panel = light_on_dark(image, 0.05, 0.7)
    assert panel is not None
    assert panel[105, 60] and panel[500, 60]
    assert not panel[415, 305] and not panel[500, 400]


def test_rules_are_found_and_letters_kept() -> None:
    image = np.full((500, 800), 255, dtype=np.uint8)
    image[200:202, 50:750] = 0  # a table rule
    image[50:450, 400:402] = 0  # a column rule
    image[100:130, 100:104] = 0  # the stem of an "l"
    rules = rule_pixels(image, 100)
    assert rules is not None
    assert rules[201, 300] and rules[300, 401]
    assert not rules[115, 102]


def _page(number: int, text: str, source: str = "ocr", **changes: Any) -> TextPage:
    confidences = array("f", [90.0 if char.strip() else -1.0 for char in text])
    page = TextPage(number=number, text=text, width=595.0, height=842.0, has_text=True,
                    source=source, confidences=confidences)  # type: ignore[arg-type]
    return replace(page, **changes)


def test_value_confidence_is_its_words_mean_and_low_ones_are_flagged() -> None:
    text = "Certificate No: HX 44719\nExpiry Date: 2028-05-31"
    page = _page(1, text)
    assert page.confidences is not None
    start = text.index("44719")
    for index in range(start, start + 5):
        page.confidences[index] = 52.0
    number = TextValue("HX 44719", Evidence(1, "Certificate No: HX 44719", "text", 16, 24))
    end = DateValue(date(2028, 5, 31),
                    Evidence(1, "Expiry Date: 2028-05-31", "text", 38, 48))
    scope = DocumentScope(path="scan.pdf", sha256="0" * 64, kind="iso27001_certificate",
                          page_count=1, certificate_number=number, window_end=end)
    marked = mark_ocr_evidence(scope, {1: page})
    assert marked.certificate_number is not None and marked.window_end is not None
    assert marked.certificate_number.evidence.source == "ocr"
    # two letters at 90, five digits at 52: a mean over the characters
    assert marked.certificate_number.evidence.confidence == pytest.approx(62.9, abs=0.05)
    assert marked.window_end.evidence.confidence == 90.0
    (warning,) = low_confidence_warnings(marked)
    assert "certificate_number" in warning and '"HX 44719"' in warning
    assert "page 1" in warning and "63%" in warning


def test_text_layer_values_carry_no_confidence() -> None:
    standard = Standard("27001", "2022", "ISO/IEC 27001:2022",
                        Evidence(2, "ISO/IEC 27001:2022", "text", 0, 18))
    scope = DocumentScope(path="a.pdf", sha256="0" * 64, kind="iso27001_certificate",
                          page_count=2, standards=(standard,))
    marked = mark_ocr_evidence(scope, {1: _page(1, "scanned page")})
    assert marked.standards[0].evidence == standard.evidence
    assert low_confidence_warnings(marked) == []


TYPED = "Aspen Data Ltd\nCertificate Number: AD-1\nDate of expiry: 23.06.2027"


def test_graphic_standard_is_added_from_the_page_image() -> None:
    typed = TextPage(number=1, text=TYPED, width=595.0, height=842.0, has_text=True)
    assert pages_to_supplement([typed]) == [1]
    named = TYPED + "\nISO 9001:2015\nIssued by QCCI Certification LLP"
    assert pages_to_supplement([replace(typed, text=named)]) == []  # standard and body named
    ocr = "QCCI\nAspen Data Ltd\nISO 9001:2015\nQuality Management System\n85 Great Portland St"
    result = OcrText(ocr, array("f", [1.0] * 4 * len(ocr)), 88.0,
                     array("f", [77.0] * len(ocr)))
    page = supplement(typed, result)
    # only the line naming the standard: a body's footer address is no site of the holder
    assert page.text == TYPED + "\n\nISO 9001:2015"
    assert page.ocr_from == len(TYPED) + 2
    assert page.span_confidence(0, len(TYPED)) is None
    assert page.span_confidence(page.ocr_from, len(page.text)) == 77.0
    standard = Standard("9001", "2015", "ISO 9001:2015",
                        Evidence(1, "ISO 9001:2015", "text", page.ocr_from, len(page.text)))
    holder = TextValue("Aspen Data Ltd", Evidence(1, "Aspen Data Ltd", "text", 0, 14))
    scope = DocumentScope(path="a.pdf", sha256="0" * 64, kind="iso_certificate", page_count=1,
                          standards=(standard,), holder=holder)
    pdf = ReadPdf(path="a.pdf", sha256="0" * 64, pages=(page,))
    marked = mark_ocr_evidence(scope, ocr_read_pages(pdf))
    assert marked.standards[0].evidence.source == "ocr"
    assert marked.holder is not None and marked.holder.evidence.source == "text"
    assert any("printed as a graphic" in warning for warning in page_warnings(pdf))


def test_nothing_is_added_when_the_image_shows_nothing_new() -> None:
    typed = TextPage(number=1, text=TYPED + "\n", width=595.0, height=842.0, has_text=True)
    result = OcrText("Aspen Data Ltd", array("f", [0.0] * 56), 90.0, array("f", [90.0] * 14))
    assert supplement(typed, result) is typed


@pytest.mark.parametrize(
    ("standard", "again"),
    [
        ("ISOMEC 27001:2 2022", True),  # garbled: no standard the extractor reads
        ("ISO/IEC 2701 8:2019", True),
        ("ISO/IEC ccone: 27001:2 A", True),
        ("ISO/IEC 27001:2022", False),  # read whole, edition too
        ("ISO/IEC 20000-1:2018", False),
    ],
)
def test_a_scan_whose_standard_is_garbled_is_read_again(standard: str, again: bool) -> None:
    text = f"CERTIFICATE\nAspen Data Ltd\n{standard}\nIssued by QCCI Certification LLP"
    scan = TextPage(number=1, text=text, width=595.0, height=842.0, has_text=True,
                    source="ocr")
    assert (pages_to_supplement([scan], scanned=True) == [1]) is again
    # the sparse reading's whole standard line is added to the garbled page
    sparse = "Aspen Data Ltd\nISO/IEC 27001:2022"
    result = OcrText(sparse, array("f", [1.0] * 4 * len(sparse)), 88.0,
                     array("f", [90.0] * len(sparse)))
    if again:
        assert supplement(scan, result).text.endswith("\n\nISO/IEC 27001:2022")
    # ... never beside a cue that a standard is only mentioned: the parent, read alone on a
    # sparse line, would pass for certified
    cited = replace(scan, text=f"{text}\nIssued in conjunction with ISOAEC 27001: :2013")
    assert supplement(cited, result) is cited
