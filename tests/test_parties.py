"""Table-driven tests of holder, issuer and certificate-number extraction on short texts."""

from __future__ import annotations

import pytest

from scopegap.extract.iso.numbers import certificate_number
from scopegap.extract.iso.parties import holder, issuer
from scopegap.ingest.pdf import TextPage
from scopegap.match.catalog import load_catalog


def _page(text: str) -> TextPage:
    return TextPage(number=1, text=text, width=595.0, height=842.0, has_text=True)


HOLDERS = [
    ("This is to certify that: Thistledown Contact Services Pty Ltd\nFloor 2, 60 Mosley Street\n"
     "Holds Certificate Number: IS 731406\nand operates an information security management system",
     "Thistledown Contact Services Pty Ltd"),
    ("This certificate is awarded to\nKestrel Outsourcing Pvt. Ltd.\nPlot 7, Survey No. 112, Pune",
     "Kestrel Outsourcing Pvt. Ltd."),
    ("Certificate number MRS-IS-0326-114\nRegistered Organization LUMEN HARBOR SUPPORT LLC\n"
     "Address 2200 Riverside Drive", "LUMEN HARBOR SUPPORT LLC"),
    ("AXON MEDIAWORKS LLP\nPLOT NO. 12, MADHAPUR, HYDERABAD 500081, INDIA\n"
     "has been independently assessed by QRO", "AXON MEDIAWORKS LLP"),
    ("Management system certificate for\nFjordline Nordic Support AS\nStrandkaien 14, 5013 Bergen",
     "Fjordline Nordic Support AS"),
]


@pytest.mark.parametrize(("text", "expected"), HOLDERS)
def test_holder(text: str, expected: str) -> None:
    found = holder([_page(text)], load_catalog(), None)
    assert found is not None and found.value == expected
    assert found.evidence.page == 1


@pytest.mark.parametrize("text", [
    # issued BY the body ("органом", however OCR garbled the label's end): no holder's cue
    "Сертификат выдан органом-ве’сертифкации: «Стандарт-Сёртификация»\n"
    "Адрес: 757074, Российская Федерация, г. Москва, ул. Лесная, д. 32",
    "Выдан органом по сертификации: ООО «Регистр-Серт»\nАдрес: г. Москва",
])
def test_a_body_issuing_the_certificate_is_no_holder(text: str) -> None:
    assert holder([_page(text)], load_catalog(), None) is None


def test_issued_to_the_holder_still_names_it() -> None:
    found = holder([_page("Сертификат выдан: ООО «Альфа»\nАдрес: г. Минск")], load_catalog(),
                   None)
    assert found is not None and found.value == "ООО «Альфа»"


NUMBERS = [
    ("Holds Certificate Number: IS 707439\n", "IS 707439"),
    ("Certificate No.: IN83546E\n", "IN83546E"),
    (":: Certificate No :: ICI/1138741/26\n", "ICI/1138741/26"),
    ("CERTIFICATE OF APPROVAL\nNo. QMS-00491\n", "QMS-00491"),
    ("Certificate No.\nIQR/ISMS/2025/0433\n", "IQR/ISMS/2025/0433"),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_certificate_number(text: str, expected: str) -> None:
    found = certificate_number([_page(text)])
    assert found is not None and found.value == expected


ISSUERS = [
    ("Cadence Assurance, LLC has performed a certification examination", "Cadence Assurance, LLC"),
    ("Has been examined by assessors of QMS Certification and found to be conforming",
     "QMS Certification"),
    ("For and on behalf of Kingsgate:\nKingsgate Assurance UK Limited, Kingsgate Court",
     "Kingsgate Assurance UK Limited"),
    ("This certificate remains the property of Veldt Certification (Pty) Ltd and must be returned",
     "Veldt Certification (Pty) Ltd"),
    # "as" ending a line is the sentence going on ("… as / conforming to"), never the form AS
    ("has been registered by Brightline Assurance Ltd as \nconforming to ISO/IEC 27001:2022",
     "Brightline Assurance Ltd"),
    ("has been registered by Brightline Assurance Ltd as conforms to ISO/IEC 27001:2022",
     "Brightline Assurance Ltd"),
    ("has been registered by Fjordsert AS \nas conforming to ISO/IEC 27001:2022", "Fjordsert AS"),
]


@pytest.mark.parametrize(("text", "expected"), ISSUERS)
def test_issuer(text: str, expected: str) -> None:
    found = issuer([_page(text)], load_catalog())
    assert found is not None and found.value == expected
