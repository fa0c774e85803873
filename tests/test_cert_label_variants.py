"""Labels as other certification bodies print them: windows and certificate numbers.

Each row is a made-up certificate fragment in a label style seen across bodies (an approval
list with the standard before the number, a register number with a scheme suffix, a bare
"Certificate:" label, "Issued:" and "Current certificate:" for the cycle's start). The reader
must take the value each label names, never the standard's own number.
"""

from __future__ import annotations

import pytest

from scopegap.extract.iso.numbers import certificate_number
from scopegap.extract.iso.parties import holder, issuer
from scopegap.extract.iso.windows import find_window
from scopegap.ingest.pdf import TextPage
from scopegap.match.catalog import load_catalog


def _pages(text: str) -> list[TextPage]:
    return [TextPage(number=1, text=text, width=595.0, height=842.0, has_text=True)]


WINDOWS = [
    # text, original, start, end
    ("Original approval(s): ISO/IEC 27001 - 1 January 2019\nCurrent certificate: 15 March 2024"
     "\nCertificate expiry: 14 March 2027", "2019-01-01", "2024-03-15", "2027-03-14"),
    ("Issuing Date: 2024-03-15\nValid Until: 2027-03-14\nInitial Certification Date: 2019-01-01",
     "2019-01-01", "2024-03-15", "2027-03-14"),
    ("Valid through: March 14, 2027\nIssued: March 15, 2024\nOriginally certified: January 1, "
     "2019", "2019-01-01", "2024-03-15", "2027-03-14"),
    ("Certified since: 2019-01-01\nValid from: 2024-03-15\nValid until: 2027-03-14",
     "2019-01-01", "2024-03-15", "2027-03-14"),
    # a validity block of "From:" / "To:" lines: "Validity period" is its heading, no expiry
    ("Validity period\nFrom: 2024.03.15\nTo: 2027.03.14", None, "2024-03-15", "2027-03-14"),
    ("Validity period: 15 March 2024 - 14 March 2027", None, "2024-03-15", "2027-03-14"),
    ("Effective: 15-Mar-2024\nExpires: 14-Mar-2027", None, "2024-03-15", "2027-03-14"),
    # a re-issue starts no cycle when the cycle's start is printed, and starts it otherwise
    ("Initial certification: 2019-01-01\nRe-issue date: 2024-09-15\nCurrent cycle start: "
     "2024-03-15\nValid until: 2027-03-14", "2019-01-01", "2024-03-15", "2027-03-14"),
    ("Initial certification: 2019-01-01\nRe-issue date: 2024-09-15\nValid until: 2027-03-14",
     "2019-01-01", "2024-09-15", "2027-03-14"),
    # "issued" inside a sentence or a word is no label
    ("This certificate was issued by the body. Valid from 15 March 2024 until 14 March 2027.",
     None, "2024-03-15", "2027-03-14"),
    # a re-registration starts the current cycle; the initial registration is the original
    ("Initial registration: 2019-01-10\nRe-registration: 2024-03-15\nExpires: 2027-03-14",
     "2019-01-10", "2024-03-15", "2027-03-14"),
    ("Registration date: 2019-01-10\nRe-registration date: 2024-03-15\nExpires: 2027-03-14",
     "2019-01-10", "2024-03-15", "2027-03-14"),
]


@pytest.mark.parametrize(("text", "original", "start", "end"), WINDOWS)
def test_window_labels(text: str, original: str | None, start: str, end: str) -> None:
    window = find_window(_pages(text), None)
    assert (window.original.value.isoformat() if window.original else None) == original
    assert window.start is not None and window.start.value.isoformat() == start
    assert window.end is not None and window.end.value.isoformat() == end


NUMBERS = [
    ("Approval number(s): ISO/IEC 27001 – 00012345\nOriginal approval(s)", "00012345"),
    ("Certificate Registration No. 12 310 12345 TMS\nValid until", "12 310 12345 TMS"),
    ("Zertifikat-Registrier-Nr. 12 310 12345 TMS\n", "12 310 12345 TMS"),
    ("No. de certificat : FR-2024-0042\n", "FR-2024-0042"),
    ("Certificate: GB21/12345\n", "GB21/12345"),
    # a standard after a bare label is no number; a single-group number takes no suffix
    ("Certificate: ISO 27001\nThis certifies that", None),
    ("Certificate number: C82368-IS3 ISO\n", "C82368-IS3"),
]


@pytest.mark.parametrize(("text", "number"), NUMBERS)
def test_certificate_number_labels(text: str, number: str | None) -> None:
    found = certificate_number(_pages(text))
    assert (found.value if found else None) == number


PARTIES = [
    # text, holder, issuer
    ("This is to certify that the management system of:\nQuillon Networks Ltd\n12 Mill Lane, "
     "Leeds\nhas been approved by Kestrel Registrar to the following standards:\n"
     "ISO/IEC 27001:2022", "Quillon Networks Ltd", "Kestrel Registrar"),
    ("This is to certify that the management system of\nQuillon Networks Ltd\nMain site: 12 Mill "
     "Lane, Leeds\nhas been registered by Kestrel Assurance as conforming to the requirements of"
     "\nISO/IEC 27001:2022", "Quillon Networks Ltd", "Kestrel Assurance"),
    ("Awarded to\nQUILLON NETWORKS PVT LTD\n12 MG Road, Bengaluru 560001, India\nKestrel "
     "Certification certify that the Management System of the above organisation has been "
     "audited", "QUILLON NETWORKS PVT LTD", "Kestrel Certification"),
    # the body and the holder in one sentence: the holder's legal form is not the body's
    ("Kestrel ISO certifies that Quillon Networks, Inc. operates an Information Security "
     "Management System that conforms to ISO/IEC 27001:2022", "Quillon Networks, Inc.",
     "Kestrel ISO"),
    # "to certify that" and "hereby certify that" name no body
    ("This is to certify that\nQuillon Networks Ltd\nhas implemented an ISMS",
     "Quillon Networks Ltd", None),
    ("We hereby certify that\nQuillon Networks Ltd\nhas implemented an ISMS",
     "Quillon Networks Ltd", None),
]


@pytest.mark.parametrize(("text", "holder_name", "issuer_name"), PARTIES)
def test_holder_and_issuer_cues(text: str, holder_name: str, issuer_name: str | None) -> None:
    catalog = load_catalog()
    found_issuer = issuer(_pages(text), catalog)
    assert (found_issuer.value if found_issuer else None) == issuer_name
    found_holder = holder(_pages(text), catalog, issuer_name)
    assert found_holder is not None and found_holder.value == holder_name
