"""A site a certificate lists with a status that says it is not certified (in brackets, after
a dash, or in a footnote its mark points to) is no site: each was a false "covered"."""

from __future__ import annotations

from pathlib import Path

import pytest

from scopegap.extract.iso.site_lists import not_certified_row
from tests.conftest import coverage_of, typed_certificate


@pytest.mark.parametrize(("row", "denied"), [
    ("Cebu City, Philippines (suspended since 1 March 2026)", True),
    ("Cebu City, Philippines (temporary site, not audited)", True),
    ("Cebu City, Philippines – removed at the last surveillance audit", True),
    ("Cebu | 8 Gorordo Avenue, Cebu City 6000 | Withdrawn", True),
    ("Cebu City, Philippines [excluded]", True),
    # an address with a number and no status, a head office, a dash in a name
    ("8 Gorordo Avenue, Cebu City 6000, Philippines", False),
    ("Manila, Philippines - Head office", False),
    ("Unit 5 - Ayala Tower One, Makati City 1226", False),
])
def test_a_site_row_with_a_status(row: str, denied: bool) -> None:
    assert not_certified_row(row) is denied


@pytest.mark.parametrize("rows", [
    ["Cebu City, Philippines (suspended since 1 March 2026)"],
    ["Cebu City, Philippines (temporary site, not audited)"],
    ["Cebu City, Philippines*", "* Site closed; certification withdrawn for this site."],
    ["Cebu City, Philippines\u2020", "\u2020 Not certified: transfer pending."],
])
def test_a_listed_site_that_is_not_certified_is_not_covered(tmp_path: Path,
                                                            rows: list[str]) -> None:
    lines = ["CERTIFICATE", "This is to certify that", "Acme Contact Services Ltd",
             "has been assessed and found to conform to ISO/IEC 27001:2022",
             "Scope: contact centre services from the sites listed below.", "Sites:",
             "Manila, Philippines", *rows, "Certificate number: AB 12345",
             "Issue date: 2025-01-10", "Expiry date: 2028-01-09",
             "Issued by Acme Certification Ltd"]
    coverage = coverage_of(typed_certificate(tmp_path / "cert.pdf", lines),
                           "vendor: Acme Contact Services Ltd\n"
                           "sites: [\"Manila, Philippines\", \"Cebu City, Philippines\"]\n")
    assert coverage["Manila, Philippines"] == "covered"
    assert coverage["Cebu City, Philippines"] != "covered"
