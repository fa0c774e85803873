"""OCR text loosened for fixed phrases, and what it keeps from being read as a site: a
registered agent's Delaware address read with a letter thrice or a speck after a word."""

from __future__ import annotations

from array import array

import pytest

from scopegap.extract.document import extract_document
from scopegap.ingest.ocr_loose import loosened
from scopegap.ingest.pdf import ReadPdf, TextPage


@pytest.mark.parametrize(
    ("read", "loose"),
    [
        ("251 Little Fallls Drive", "251 Little Falls Drive"),
        ("251 Little Falls. Drive", "251 Little Falls Drive"),
        ("1209 Orange Street, Wilmington", "1209 Orange Street Wilmington"),
        # marks inside a word, numbers and a line's end stay
        ("c/o CT Corporation, 19801", "c/o CT Corporation, 19801"),
        ("U.S. sites.", "U.S. sites."),
        ("Hall 2.5, Level 3", "Hall 2.5, Level 3"),
    ],
)
def test_loosened_text(read: str, loose: str) -> None:
    assert loosened(read) == loose


def _page(text: str, source: str) -> TextPage:
    confidences = array("f", [92.0 if char.strip() else -1.0 for char in text])
    return TextPage(1, text, 595.0, 842.0, True, source=source,  # type: ignore[arg-type]
                    confidences=confidences if source == "ocr" else None)


_CERTIFICATE = ("CERTIFICATE\nThe certification body confirms that the organisation\n"
                "Emberly Connect Services AG\n{address}\n"
                "has been assessed against and found to be in compliance with the requirements "
                "of the standard\nISO/IEC 27001:2022\nCertificate number: IS 550086\n"
                "Expiry date: 28 October 2027\n")


@pytest.mark.parametrize(
    ("address", "source", "site"),
    [
        ("251 Little Fallls Drive, Wilmington, Delaware 19808", "ocr", False),
        ("251 Little Falls. Drive, Wilmington, Delaware 19808", "ocr", False),
        ("251 Little Falls Drive, Wilmington, Delaware 19808", "text", False),
        # a holder's own address stays its head office
        ("12 Market Street, Wilmington, Delaware 19801", "ocr", True),
    ],
)
def test_a_registered_agents_address_misread_is_no_site(address: str, source: str,
                                                        site: bool) -> None:
    text = _CERTIFICATE.format(address=address)
    pdf = ReadPdf(path="scan.pdf", sha256="0" * 64, pages=(_page(text, source),))
    cities = {ref.city for ref in extract_document(pdf).sites}
    assert ("Wilmington" in cities) is site


@pytest.mark.parametrize(
    ("line", "site"),
    [
        # the body's footer, its cue and its comma misread: no site of the holder
        ("isaued by Fernhall Quality Registrars Pvt.. 57 Congress Avenue, Omaha, NE 32843",
         False),
        ("Issued by Fernhall Quality Registrars Pvt., 57 Congress Avenue, Omaha, NE 32843",
         False),
        # a site's own address stays
        ("Unit B. 57 Congress Avenue, Omaha, NE 32843", True),
    ],
)
def test_another_entitys_address_after_a_misread_comma_is_no_site(line: str,
                                                                   site: bool) -> None:
    text = ("CERTIFICATE\nThe certification body confirms that the organisation\n"
            "Emberly Connect Services AG\nhas been assessed against and found to be in "
            "compliance with the requirements of the standard\nISO/IEC 27001:2022\n"
            "Certified sites:\nDetroit | 44 Lake Shore Drive, Detroit, MI 55280\n"
            f"Omaha | {line}\nCertificate number: IS 550086\nExpiry date: 28 October 2027\n")
    pdf = ReadPdf(path="scan.pdf", sha256="0" * 64, pages=(_page(text, "ocr"),))
    cities = {ref.city for ref in extract_document(pdf).sites}
    assert "Detroit" in cities
    assert ("Omaha" in cities) is site
