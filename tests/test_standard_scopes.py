"""A combined certificate (ISO 9001 and ISO/IEC 27001 on one page) gives each standard its
own scope or sites: only the ISMS's can cover an item. Reading the ISO 9001 scope's site as
certified to ISO/IEC 27001 was a false "covered"."""

from __future__ import annotations

from pathlib import Path

import pytest

from scopegap.domain import Evidence, SiteRef
from scopegap.extract.iso.scope_text import scope_blocks
from scopegap.extract.iso.standard_scopes import isms_scopes, isms_sites, other_standard_only
from scopegap.ingest.pdf import TextPage
from scopegap.match.catalog import load_catalog
from tests.conftest import coverage_of, typed_certificate


def _pages(text: str) -> list[TextPage]:
    return [TextPage(number=1, text=text, width=595.0, height=842.0, has_text=True)]


def _scope(text: str) -> str:
    pages = _pages(text)
    return " | ".join(b.flat for b in isms_scopes(scope_blocks(pages), pages))


@pytest.mark.parametrize(("text", "kept", "dropped"), [
    # blocks each led by their standard
    ("comply with the requirements of\nISO 9001:2015 for the scope: services from Cebu.\n"
     "ISO/IEC 27001:2022 for the scope: services with Zendesk from Manila.\nCertificate No: 1",
     "Manila", "Cebu"),
    # one block, a line per standard
    ("conform to ISO 9001:2015 and ISO/IEC 27001:2022\nScope:\nISO 9001: services from Cebu.\n"
     "ISO/IEC 27001: services with Zendesk from Manila.\nCertificate No: 1", "Manila", "Cebu"),
    ("Scope:\n• ISO/IEC 27001:2022 – services from Manila.\n• ISO 14001:2015 – waste handling "
     "in Davao.\nCertificate No: 1", "Manila", "Davao"),
])
def test_only_the_isms_scope_is_read(text: str, kept: str, dropped: str) -> None:
    scope = _scope(text)
    assert kept in scope and dropped not in scope


@pytest.mark.parametrize("text", [
    # no ISMS scope named apart: the scope speaks for the whole certificate
    "conform to ISO 9001:2015 and ISO/IEC 27001:2022\nScope: services from Manila and Cebu.\n"
    "Certificate No: 1",
    # a 9001-only certificate keeps its scope (its kind says what it certifies)
    "ISO 9001:2015 for the scope: services from Manila and Cebu.\nCertificate No: 1",
])
def test_a_scope_for_every_standard_is_kept_whole(text: str) -> None:
    scope = _scope(text)
    assert "Manila" in scope and "Cebu" in scope


@pytest.mark.parametrize(("line", "only"), [
    ("Cebu - ISO 9001 only", True),
    ("Davao: ISO 9001:2015, ISO 14001:2015", True),
    ("Manila - ISO 9001, ISO/IEC 27001", False),
    ("Manila - ISO/IEC 27701:2019", False),
    ("12 Ayala Avenue, Makati City", False),
])
def test_a_line_naming_other_standards_only(line: str, only: bool) -> None:
    assert other_standard_only(line) is only


def _site(name: str, line: str, city: str) -> SiteRef:
    return SiteRef(name, Evidence(1, line), city=city, country="PH")


def test_a_site_row_certified_to_another_standard_only_takes_the_site_out() -> None:
    page = ("Scope: services with Zendesk from Manila and Cebu.\nSites:\n"
            "Manila - ISO 9001, ISO/IEC 27001\nCebu - ISO 9001 only\n"
            "ISO 9001: quality management of services from Manila and Davao.")
    scope_line = "services with Zendesk from Manila and Cebu."
    sites = [_site("Manila, Philippines", scope_line, "Manila"),
             _site("Cebu City, Philippines", scope_line, "Cebu City"),
             _site("Davao, Philippines", "Davao City (ISO 9001)", "Davao")]
    kept = isms_sites(sites, _pages(page), load_catalog())
    # Cebu's row says 9001 only; Davao's own line names 9001 only; a scope labelled with
    # its standard ("ISO 9001: ...") takes out no site of the ISMS scope sentence
    assert [s.name for s in kept] == ["Manila, Philippines"]



@pytest.mark.parametrize("body", [
    ["operates management systems which comply with the requirements of",
     "ISO 9001:2015 for the scope: contact centre services from Manila and Cebu.",
     "ISO/IEC 27001:2022 for the scope: contact centre services with Zendesk from Manila."],
    ["has been assessed and found to conform to ISO 9001:2015 and ISO/IEC 27001:2022",
     "Scope: contact centre services with Zendesk from Manila and Cebu.", "Sites:",
     "Manila - ISO 9001, ISO/IEC 27001", "Cebu - ISO 9001 only"],
])
def test_a_combined_certificate_covers_only_its_isms_sites(tmp_path: Path,
                                                           body: list[str]) -> None:
    lines = ["CERTIFICATE", "This is to certify that", "Acme Contact Services Ltd", *body,
             "Certificate number: AB 12345", "Issue date: 2025-01-10", "Expiry date: 2028-01-09",
             "Issued by Acme Certification Ltd"]
    coverage = coverage_of(typed_certificate(tmp_path / "cert.pdf", lines),
                           "vendor: Acme Contact Services Ltd\ntools: [Zendesk Suite]\n"
                           "sites: [\"Manila, Philippines\", \"Cebu City, Philippines\"]\n")
    assert coverage == {"Zendesk Suite": "covered", "Manila, Philippines": "covered",
                        "Cebu City, Philippines": "uncovered"}
