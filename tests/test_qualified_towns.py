"""A town followed by a state, a province or a country is that country's town: "Cambridge,
MA", "Paris, Texas" and "London, Ontario" are not the European namesakes (each was read so,
a false "covered" for a declared site in England or France)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scopegap.match.catalog import load_catalog
from scopegap.nlp.pipeline import analyse
from tests.conftest import coverage_of, typed_certificate


def _cities(text: str) -> list[str]:
    return [e.kb_id_ for e in analyse(text, load_catalog()).ents if e.label_ == "CITY"]


@pytest.mark.parametrize(("text", "cities"), [
    # another country's state or province: its namesake there, or no catalogued town
    ("Services from Cambridge, MA.", []),
    ("Services from Paris, Texas and Leeds, Alabama.", []),
    ("Services from London, Ontario.", []),
    ("Services from Perth, WA.", ["AU:Perth"]),
    ("Services from Hyderabad, Sindh.", ["PK:Hyderabad"]),
    ("Services from Valencia, Venezuela.", ["VE:Valencia"]),
    ("Services from San Jose, Costa Rica.", ["CR:San José"]),
    # its own country's state or the country itself; a list of towns is no qualifier
    ("Services from Seattle, WA and Chicago, Illinois.", ["US:Seattle", "US:Chicago"]),
    ("Services from Dublin, Ireland.", ["IE:Dublin"]),
    ("Services from London, Singapore and Sydney.", ["GB:London", "SG:Singapore", "AU:Sydney"]),
    ("Services from Manila, Cebu and Davao.", ["PH:Manila", "PH:Cebu City", "PH:Davao City"]),
])
def test_a_town_and_its_qualifier(text: str, cities: list[str]) -> None:
    assert _cities(text) == cities


def test_an_american_namesake_covers_no_site_in_england(tmp_path: Path) -> None:
    lines = ["CERTIFICATE", "This is to certify that", "Acme Contact Services Ltd",
             "has been assessed and found to conform to ISO/IEC 27001:2022",
             "Scope: contact centre services delivered from Cambridge, MA and Leeds, Alabama.",
             "Certificate number: AB 12345", "Issue date: 2025-01-10",
             "Expiry date: 2028-01-09", "Issued by Acme Certification Ltd"]
    coverage = coverage_of(typed_certificate(tmp_path / "cert.pdf", lines),
                           "vendor: Acme Contact Services Ltd\n"
                           "sites: [\"Cambridge, United Kingdom\", \"Leeds, United Kingdom\"]\n")
    assert coverage == {"Cambridge, United Kingdom": "uncovered",
                        "Leeds, United Kingdom": "uncovered"}
