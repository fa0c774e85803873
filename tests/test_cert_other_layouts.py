"""Certificates laid out by another engine (issue 12, families 5-7), one table per fix.

The texts are short made-up certificates in the shapes Chromium prints from HTML/CSS (see
fixtures/htmlcerts/render.py): a holder's address followed by prose, label rows with their
values on the next row (char boxes given), names and bilingual labels wrapped over lines,
other lead-ins, a "LEGAL · address · web" footer.
"""

from __future__ import annotations

from array import array

import pytest

from scopegap.domain import Evidence, SiteRef, TextValue
from scopegap.extract.classify import classify_certificate
from scopegap.extract.iso.contents import _collect_holder_address
from scopegap.extract.iso.date_grid import grid_cells
from scopegap.extract.iso.footer import footer_body
from scopegap.extract.iso.line_shapes import is_sentence_line
from scopegap.extract.iso.numbers import certificate_number
from scopegap.extract.iso.parties import holder, issuer
from scopegap.extract.iso.scope_text import scope_blocks
from scopegap.extract.iso.site_lists import unwrapped_address_lines as _unwrapped
from scopegap.extract.iso.standards import find_standards
from scopegap.extract.iso.windows import find_window
from scopegap.extract.patterns import certificate_patterns
from scopegap.extract.places import cities_in
from scopegap.ingest.pdf import ReadPdf, TextPage
from scopegap.match.catalog import load_catalog

PAGE_HEIGHT = 842.0
CHAR_WIDTH = 4.0
CHAR_HEIGHT = 7.0


def _page(text: str) -> TextPage:
    return TextPage(number=1, text=text, width=595.0, height=PAGE_HEIGHT, has_text=True)


def _laid_out(lines: list[tuple[float, list[tuple[float, str]]]]) -> TextPage:
    """A page whose text lines are (top, [(x, cell text), ...]): the cells of a line are
    joined by one space in the text, as PDFium reads a table row; each character is 4 x 7
    points (a word space: a 4.5-point gap)."""
    text_parts: list[str] = []
    boxes = array("f")
    for top, cells in lines:
        for number, (x, cell) in enumerate(cells):
            if number:
                text_parts.append(" ")
                boxes.extend((0.0, 0.0, 0.0, 0.0))
            for offset, _ in enumerate(cell):
                x0 = x + offset * CHAR_WIDTH
                boxes.extend((x0, PAGE_HEIGHT - top - CHAR_HEIGHT, x0 + CHAR_WIDTH - 0.5,
                              PAGE_HEIGHT - top))
            text_parts.append(cell)
        text_parts.append("\n")
        boxes.extend((0.0, 0.0, 0.0, 0.0))
    return TextPage(number=1, text="".join(text_parts), width=595.0, height=PAGE_HEIGHT,
                    has_text=True, boxes=boxes)


# --- 1. an address is a few short lines; a sentence ends it --------------------------------
SHAPES = [
    ("60 Central Avenue, Suite 362, Charlotte, NC 91811", False),
    ("Calle de la Paz 12, 46003 Valencia, Spain", False),
    ("HEAD OFFICE: 372 Central Avenue, El Paso, TX 71190", False),
    ("has implemented and maintains a management system that fulfils the requirements", True),
    ("meets the requirements of ISO 27001:2022", True),
    ("This registration covers: The provision of services, excluding the Vancouver site.", True),
    ("5 sites: see Annex to certificate", True),
    ("ISO/IEC 27001:2022", True),
    ("of", False),
    ("located at", False),
    ("", False),
]


@pytest.mark.parametrize(("line", "sentence"), SHAPES)
def test_sentence_lines(line: str, sentence: bool) -> None:
    assert is_sentence_line(line) is sentence


ADDRESSES = [
    # the conformity sentence and the scope follow the address: Vancouver is not the HQ
    ("It is hereby attested that\nEmberly Data Technologies L.L.C.\n"
     "60 Central Avenue, Suite 362, Charlotte, NC 91811\nhas implemented and maintains a "
     "management system\nThis registration covers: contact services, excluding the Vancouver "
     "site.\n", "Emberly Data Technologies L.L.C.", {"Charlotte"}),
    # no address at all: an annex note, then the standard, then the scope naming a city
    ("Schellman certifies that the management system of\nVANTAGE CONTACT LABS JSC\n"
     "5 sites: see Annex to certificate\nmeets the requirements of ISO 27001:2022\n"
     "Applicable to: contact programmes, excluding the Vancouver site.\n",
     "VANTAGE CONTACT LABS JSC", set()),
    # several complete addresses under the holder, one per line: each is a site
    ("Nous certifions que\nEmberly Service Operations Lda\n"
     "149 Victoria Quay, 40994 Saint-Ghislain, Belgium\n405 Elm Court, 83084 Liège, Belgium\n"
     "344 Innovation Way, 2542 Leuven, Belgium\nISO/IEC 27001:2022\n",
     "Emberly Service Operations Lda", {"Saint-Ghislain", "Liège", "Leuven"}),
    # one address over two lines: only its postal town, not the district on the first line
    ("This is to certify that\nKestrel Voice Services Pvt Ltd\nTower B, Wagle Estate, Thane\n"
     "Mumbai 400604, India\nhas implemented an ISMS\n",
     "Kestrel Voice Services Pvt Ltd", {"Mumbai"}),
]


@pytest.mark.parametrize(("text", "name", "cities"), ADDRESSES)
def test_holder_address_stops_at_a_sentence(text: str, name: str, cities: set[str]) -> None:
    pdf = ReadPdf(path="cert.pdf", sha256="0", pages=(_page(text),))
    out: dict[str, SiteRef] = {}
    _collect_holder_address(pdf, TextValue(name, Evidence(1, name)), load_catalog(), out)
    assert {site.city for site in out.values()} == cities


# --- 2. label rows: values on the next row, paired by column -------------------------------
GRIDS = [
    # one-line labels, values under them; reading order would pair "Expiry date" with the
    # issue date
    ([(100.0, [(60.0, "Certificate number"), (200.0, "Current issue date"),
               (380.0, "Expiry date")]),
      (114.0, [(60.0, "C82368-IS3"), (200.0, "November 19, 2024"),
               (380.0, "November 18, 2027")])],
     "C82368-IS3", None, "2024-11-19", "2027-11-18"),
    # labels wrapped inside their cells, in Spanish (read cell by cell, as PDFium does)
    ([(100.0, [(60.0, "Número de")]), (110.0, [(60.0, "certificado")]),
      (100.0, [(170.0, "Fecha de certificación")]), (110.0, [(170.0, "inicial")]),
      (100.0, [(300.0, "Fecha de")]), (110.0, [(300.0, "emisión")]),
      (100.0, [(420.0, "Fecha de")]), (110.0, [(420.0, "caducidad")]),
      (124.0, [(60.0, "VT 27 547760"), (170.0, "24/09/2023"), (300.0, "24/09/2023"),
               (420.0, "23/09/2026")])],
     "VT 27 547760", "2023-09-24", "2023-09-24", "2026-09-23"),
    # bilingual labels whose English words wrap onto a line of their own above the values
    ([(100.0, [(60.0, "Certificado n.º / Certificate"), (240.0, "Data de emissão / Issue"),
               (420.0, "Válido até / Expiry")]),
      (110.0, [(60.0, "number"), (240.0, "date"), (420.0, "date")]),
      (124.0, [(60.0, "C91328-IS6"), (240.0, "31.08.2025"), (420.0, "30.08.2028")])],
     "C91328-IS6", None, "2025-08-31", "2028-08-30"),
    # the document's word alone heads the number's column ("Certificate | Certified since")
    ([(60.0, [(200.0, "CERTIFICATE")]),
      (100.0, [(60.0, "Certificate"), (200.0, "Certified since"), (340.0, "Effective date"),
               (460.0, "Expiry date")]),
      (112.0, [(60.0, "CH24/613782"), (200.0, "3 May 2019"), (340.0, "13 January 2024"),
               (460.0, "12 January 2027")])],
     "CH24/613782", "2019-05-03", "2024-01-13", "2027-01-12"),
]


@pytest.mark.parametrize(("lines", "number", "original", "start", "end"), GRIDS)
def test_label_rows_pair_by_column(lines: list[tuple[float, list[tuple[float, str]]]],
                                   number: str, original: str | None, start: str,
                                   end: str) -> None:
    page = _laid_out(lines)
    window = find_window([page], None)
    assert window.start is not None and window.start.value.isoformat() == start
    assert window.end is not None and window.end.value.isoformat() == end
    assert (window.original.value.isoformat() if window.original else None) == original
    found = certificate_number([page])
    assert found is not None and found.value == number


def test_values_over_their_labels_are_not_paired_with_the_line_below() -> None:
    """A grid whose labels are its bottom row: the "Place and date" line under the labels is
    no value row (it gave the signing date as the original date)."""
    page = _laid_out([(100.0, [(60.0, "03/26/2021"), (220.0, "06/30/2023"),
                               (380.0, "06/29/2026")]),
                      (112.0, [(60.0, "Original certification date"),
                               (220.0, "Current issue date"), (380.0, "Expiry date")]),
                      (140.0, [(60.0, "Place and date: Omaha, 06/30/2023")])])
    assert grid_cells(page) == []


def test_a_certificate_title_beside_nothing_heads_no_column() -> None:
    """A title "CERTIFICATE" over a date row is no number label: the number stays unread."""
    page = _laid_out([(60.0, [(200.0, "CERTIFICATE")]),
                      (100.0, [(60.0, "Effective date"), (300.0, "Expiry date")]),
                      (112.0, [(60.0, "13 January 2024"), (300.0, "12 January 2027")])])
    assert all(cell.role != "number" for cell in grid_cells(page))
    assert certificate_number([page]) is None


def test_labels_with_values_beside_them_are_no_label_row() -> None:
    page = _laid_out([(100.0, [(60.0, "Issue date: 01.05.2024"),
                               (300.0, "Expiry date: 30.04.2027")]),
                      (114.0, [(60.0, "Certified sites")])])
    assert grid_cells(page) == []
    window = find_window([page], None)
    assert window.start is not None and window.start.value.isoformat() == "2024-05-01"
    assert window.end is not None and window.end.value.isoformat() == "2027-04-30"


def test_a_bilingual_label_wrapped_in_its_cell_takes_the_value_beside_it() -> None:
    """A label/value grid whose labels wrap inside their cell: PDFium reads both lines of the
    label, then the value printed beside the first. The English half of the label sits between
    the French half and the value; it is the same label, not another one stealing the value."""
    page = _laid_out([
        (100.0, [(60.0, "DATE DE CERTIFICATION")]), (110.0, [(60.0, "INITIALE / ORIGINAL")]),
        (120.0, [(60.0, "CERTIFICATION DATE")]), (100.0, [(260.0, "13/01/2021")]),
        (140.0, [(60.0, "DATE D'ÉMISSION / CURRENT")]), (150.0, [(60.0, "ISSUE DATE")]),
        (140.0, [(260.0, "31/07/2022")]),
        (170.0, [(60.0, "DATE D'EXPIRATION / EXPIRY")]), (180.0, [(60.0, "DATE")]),
        (170.0, [(260.0, "30/07/2025")]),
    ])
    window = find_window([page], None)
    assert window.original is not None and window.original.value.isoformat() == "2021-01-13"
    assert window.start is not None and window.start.value.isoformat() == "2022-07-31"
    assert window.end is not None and window.end.value.isoformat() == "2025-07-30"


def test_a_dotted_date_is_day_first_whatever_the_countries_suggest() -> None:
    """DOMAIN.md §5 rule 3: the "." separator (DMY) speaks before the issuer and the holder's
    country; a Philippine holder's "08.12.2025" is 8 December, not 12 August."""
    page = _page("Original certification date 08.12.2025\nCurrent issue date 08.12.2025\n"
                 "Expiry date 08.12.2028\n")
    window = find_window([page], "MDY")
    assert window.start is not None and window.start.value.isoformat() == "2025-12-08"
    assert window.end is not None and window.end.value.isoformat() == "2028-12-08"


def test_label_rows_need_character_boxes() -> None:
    assert grid_cells(_page("Issue date Expiry date\n01.05.2024 30.04.2027\n")) == []


# --- 3. holder: wrapped names, bilingual labels over two lines ------------------------------
HOLDERS = [
    ("CERTIFICADO\nCertificamos que\nYARROW CONTACT\nTECHNOLOGIES OY\nISO/IEC 27001:2022",
     "YARROW CONTACT TECHNOLOGIES OY"),
    ("ECS certifies that the management system of\nCoppergate Interaction\nPartners PLC\n"
     "meets the requirements of ISO/IEC 27701:2019", "Coppergate Interaction Partners PLC"),
    ("Se certifica que / This is to certify that\nORGANIZACIÓN /\nORGANISATION\n"
     "Marlowe Contact Holdings L.L.C.\nSTANDARD ISO/IEC 27018:2019",
     "Marlowe Contact Holdings L.L.C."),
    ("Nous certifions que / This is to certify that\nORGANISME / ORGANISATION Aster Support "
     "Networks S.L.U.\nSTANDARD ISO 27001:2022", "Aster Support Networks S.L.U."),
    ("CERTIFICATE\nRegistration is hereby granted to\nJuniper Outsourcing\nOperations S.A.\n"
     "meets the requirements of ISO/IEC 27001:2022", "Juniper Outsourcing Operations S.A."),
    # the legal form alone on the third line
    ("It is hereby attested that\nQUARRY HILL\nCUSTOMER SYSTEMS\nL.L.P.\nmeets the "
     "requirements of ISO/IEC 27001:2013", "QUARRY HILL CUSTOMER SYSTEMS L.L.P."),
    # a narrow column breaks a long form ("S. de R.L. de" / "C.V."): the line completes it
    ("This is to certify that\nOakhurst Digital Holdings S. de R.L. de\nC.V.\n"
     "12 Market Street, Monterrey\nhas been assessed",
     "Oakhurst Digital Holdings S. de R.L. de C.V."),
    ("This is to certify that\nLindqvist Support Sp. z\no.o.\nul. Prosta 5, Warsaw\n"
     "has been assessed", "Lindqvist Support Sp. z o.o."),
]


@pytest.mark.parametrize(("text", "expected"), HOLDERS)
def test_holder_wrapped_and_after_labels(text: str, expected: str) -> None:
    found = holder([_page(text)], load_catalog(), None)
    assert found is not None and found.value == expected


# --- 4. a certificate in Portuguese, Spanish or Italian reads as a certificate -------------
ISO27001 = "iso27001_certificate"
CLASSIFIED = [
    ("CERTIFICADO\nCertificamos que\nYarrow Contact Oy\nISO/IEC 27001:2022\n", ISO27001),
    ("CERTIFICADO\nSe certifica que\nElmstead AG\nISO/IEC 27001:2022\n", ISO27001),
    ("CERTIFICATO\nSi certifica che\nElmstead Srl\nISO/IEC 27001:2022\n", ISO27001),
    ("Elmstead Srl\nISO/IEC 27001:2022\nour roadmap\n", "unknown"),
    # not (yet) certified: a gap assessment, a stage 1 audit, a plan after the standard
    ("LETTER OF ATTESTATION\nElmstead Ltd\nhas undergone a gap assessment against ISO/IEC "
     "27001:2022\n", "unknown"),
    ("This is to certify that Elmstead Ltd has completed a Stage 1 audit against ISO/IEC "
     "27001:2022.\n", "unknown"),
    ("This is to certify that Elmstead Ltd\nconforms to ISO 9001:2015\n(ISO/IEC 27001:2022 "
     "certification in preparation)\n", "iso_certificate"),
    ("This is to certify that Elmstead Ltd conforms to ISO 9001:2015 and ISO/IEC 27001:2022\n",
     ISO27001),
    # a person's training certificate, a draft or specimen
    ("This is to certify that\nJane Roe\nhas successfully completed the ISO/IEC 27001:2022 "
     "Lead Auditor training course\n", "unknown"),
    ("SPECIMEN\nThis is to certify that Elmstead Ltd\nconforms to ISO/IEC 27001:2022\n",
     "unknown"),
    ("DRAFT - NOT VALID\nThis is to certify that Elmstead Ltd\nconforms to ISO/IEC 27001:2022\n",
     "unknown"),
    ("This is to certify that Elmstead Ltd (drafting services)\nconforms to ISO/IEC 27001:2022\n",
     ISO27001),
]


def test_no_cue_pattern_matches_an_empty_text() -> None:
    """A comment or stray "|" inside a folded pattern makes an empty alternative, and every
    document would read as a plan or a mention."""
    patterns = certificate_patterns()
    for cue in (patterns.non_certificate_cues, patterns.certification_cues,
                patterns.mention_only_before, patterns.mention_only_after):
        assert cue.search("") is None and cue.search("Elmstead Ltd") is None


@pytest.mark.parametrize(("text", "kind"), CLASSIFIED)
def test_classification_in_other_languages(text: str, kind: str) -> None:
    standards = find_standards((_page(text),)).certified
    assert classify_certificate(text, standards, True, False, True).kind == kind


# --- 5. scope lead-ins, the issuer in a footer ----------------------------------------------
SCOPES = [
    ("This registration covers: The provision of contact services delivered with Five9.\n"
     "5 sites: see Annex to certificate\nCertificate number: C1",
     "The provision of contact services delivered with Five9."),
    ("Applicable to: Help-desk services delivered with Twilio.\nCertificate number: C1",
     "Help-desk services delivered with Twilio."),
    # a scope printed below the fields its cue announced; a product with digits ("D365") in
    # a sentence does not make the line an address
    ("For the scope of activities described below:\nCertificate No.: C82240-IS5\nDirector\n"
     "HEAD OFFICE: Plot 28, MIDC Phase II, Pune - 411057 Maharashtra, India\n"
     "The design and operation of engagement services delivered with D365\n"
     "and Amazon AWS, excluding NICE Nexidia.\nValidity of this certificate is subject to "
     "surveillance.\n",
     "The design and operation of engagement services delivered with D365 and Amazon AWS, "
     "excluding NICE Nexidia."),
]


@pytest.mark.parametrize(("text", "scope"), SCOPES)
def test_scope_lead_ins(text: str, scope: str) -> None:
    blocks = scope_blocks([_page(text)])
    assert [b.flat for b in blocks] == [scope]


FOOTERS = [
    ("Head of Certification, FRB\nFRB\nFoxglove Registrar Bureau BV · 28 Commerce Street, San "
     "Diego, California 72916 · www.frb-cert.example", "Foxglove Registrar Bureau BV"),
    ("Rookwood Quality Global Srl | 305 Main Street, San Antonio | info@rqg.example",
     "Rookwood Quality Global Srl"),
    # a scan's footer, the web address's dots lost to OCR; a sentence is no web address
    ("On behalf of NHC\nNordhav Certification AS | Veritasveien 44, 1363 Oslo, Norway | "
     "www nh¢ example", "Nordhav Certification AS"),
    ("Acme Certification Ltd | 4 Mill Lane, Leeds | www is our site today", None),
    # a word processor's footer: commas and a full stop before the web address
    ("DQS Inc, 94 Victoria Quay, 65339 Cork, Ireland. www.dqs-cert.example", "DQS Inc"),
    ("Thornbury Assurance Global s.r.o., 12 Mill Lane, Brno, Czechia. https://tag.example",
     "Thornbury Assurance Global s.r.o."),
    ("Kestrel Certification, Inc., 5 Elm Court, Boise, ID 83702. www.kestrel-cert.example",
     "Kestrel Certification, Inc."),
    # "LEGAL - address", the web address on the line above or below
    ("The validity of this certificate can be verified at https://www.vcs-cert.example/verify."
     "\nVantage Certification Services S.p.A. - 178 Washington Boulevard, Sacramento, "
     "California 88517\n1/2", "Vantage Certification Services S.p.A."),
    ("Halvard Zertifizierung GmbH – Hauptstraße 12, 10115 Berlin\nwww.halvard-cert.example",
     "Halvard Zertifizierung GmbH"),
    # ... but not without the web line beside it, nor with a name that is no address's
    ("Vantage Certification Services S.p.A. - 178 Washington Boulevard, Sacramento", None),
    ("Oakhaven Outsourcing LLC - customer care and billing\nwww.oakhaven.example", None),
    # no web part, or a first part without a legal form: not a body's footer
    ("Foxglove Registrar Bureau BV · 28 Commerce Street · San Diego", None),
    ("Our offices, 12 Mill Lane, Brno. www.example.com", None),
    ("Services · Contact · www.example.com", None),
]


@pytest.mark.parametrize(("text", "expected"), FOOTERS)
def test_issuer_from_footer(text: str, expected: str | None) -> None:
    found = footer_body([_page(text)])
    assert (found.name if found else None) == expected
    if expected is not None:
        value = issuer([_page(text)], load_catalog())
        assert value is not None and value.value == expected


@pytest.mark.parametrize("text", ["This certificate confirms that\nAcme Ltd\n"])
def test_a_lead_in_is_never_the_issuer(text: str) -> None:
    found = issuer([_page(text)], load_catalog())
    assert found is None or found.value != "This certificate"


# --- annex lines broken by CSS columns ------------------------------------------------------
ANNEX_BREAKS = [
    (["291 Washington Boulevard, El", "Paso, Texas 45416"],
     ["291 Washington Boulevard, El Paso, Texas 45416"]),
    (["225 Congress Avenue, Suite", "226, Salt Lake City, Utah 60403"],
     ["225 Congress Avenue, Suite 226, Salt Lake City, Utah 60403"]),
    # a line that ends in a town, a state or a postcode is complete
    (["Unit 5, Manila", "12 Ayala Avenue, Makati, Philippines"],
     ["Unit 5, Manila", "12 Ayala Avenue, Makati, Philippines"]),
    (["104 Central Avenue, Suite 707,", "Philadelphia, Pennsylvania", "63537"],
     ["104 Central Avenue, Suite 707, Philadelphia, Pennsylvania", "63537"]),
]


@pytest.mark.parametrize(("lines", "joined"), ANNEX_BREAKS)
def test_annex_lines_cut_inside_a_town_are_joined(lines: list[str], joined: list[str]) -> None:
    assert _unwrapped(lines, load_catalog()) == joined


ANNEX_LINES = [
    ("136 Madison Avenue, Suite 579, Seattle, Washington 60524", [("Seattle", "US")]),
    ("115 Washington Boulevard, Suite 342, Phoenix, Arizona", [("Phoenix", "US")]),
    ("12 Main Street, Washington, DC 20001", [("Washington", "US")]),
    ("5 London Road, Manchester, United Kingdom", [("Manchester", "GB")]),
]


@pytest.mark.parametrize(("line", "cities"), ANNEX_LINES)
def test_states_and_streets_are_not_towns(line: str, cities: list[tuple[str, str]]) -> None:
    assert cities_in(line, load_catalog())[-1:] == cities


WRAPPED_NUMBERS = [
    ("Certificate number: C22932-\nIS4\nData prima emissione", "C22932-IS4"),
    ("Certificado n.º / Certificate number: 598323-2020- \nAIS-CUL \nData de emissão",
     "598323-2020-AIS-CUL"),
    # the next line is a label, not the rest of the number
    ("Certificate number: C22932-\nAllegato al certificato", "C22932"),
    ("Certificate number: IS 1234\nDATE 2024", "IS 1234"),
    # broken at a space: the letters alone, or the last digit group alone on the next line
    ("Certificato n. / Certificate number: IS \n099485 \nData prima emissione", "IS 099485"),
    ("Número de certificado / Certificate number: LW 7873 \n018 \nFecha", "LW 7873 018"),
    # a year alone on the next line belongs to a date
    ("Certificate number: IS 1234\n2024\n", "IS 1234"),
]


@pytest.mark.parametrize(("text", "number"), WRAPPED_NUMBERS)
def test_number_wrapped_after_its_hyphen(text: str, number: str) -> None:
    found = certificate_number([_page(text)])
    assert found is not None and found.value == number
