"""Regression tests named after real certificates (../shared/realdocs; skipped when absent).

Expected values are the fields a reviewer reads off each certificate (see its MANIFEST.tsv).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scopegap.extract.document import extract_path
from scopegap.match.catalog import load_catalog

TEXT_CERTIFICATES = [
    # file, kind, standards, holder, certificate number, expiry
    ("axisphere_iso-27001-certificate.pdf", "iso27001_certificate", ["ISO/IEC 27001:2022"],
     "Axisphere Mediaworx LLP", "305025102589IS", "2028-10-24"),
    ("dvelp_bsi_ISO27001_IS707439.pdf", "iso27001_certificate", ["ISO/IEC 27001:2013"],
     "DVELP Ltd", "IS 707439", "2022-07-08"),
    ("ecorecycling_lms_ISO27001_IN83546E.pdf", "iso27001_certificate", ["ISO/IEC 27001:2013"],
     "Eco Recycling Limited", "IN83546E", "2024-09-16"),
    ("github_com_ISO27001_certificate.pdf", "iso27001_certificate", ["ISO/IEC 27001:2013"],
     "GitHub", "ISO20220501", "2025-05-05"),
    ("oneuptime_iso-27017.pdf", "iso_certificate", ["ISO/IEC 27017:2015"],
     "HackerBay, Inc.", "11445523-1", "2021-10-09"),
    ("rocketchat_certificate_2020.pdf", "iso27001_certificate", ["ISO/IEC 27001:2013"],
     "Rocketchat Tecnologia Ltda", "101-00928-IS", "2023-07-28"),
    ("rocketchat_certificate_2023.pdf", "iso27001_certificate", ["ISO/IEC 27001:2013"],
     "Rocketchat Tecnologia Ltda", "QMS-00491", "2026-02-06"),
]
IMAGE_ONLY = [
    "mcsistem_iso-27001-en.pdf",
    "mcsistem_iso-27001-tr.pdf",
    "transline_ISO27001.pdf",
    "noval_aeroethics_iso-9001.pdf",
]
NOT_ISO_CERTIFICATES = [
    "aspire_iso-9001.pdf",  # the standard is only in the graphics: never guessed
    "auxify_soc.pdf",  # a "SOC 2" certificate of registration, not an ISO certificate
    "yotta_TIA-942.pdf",
    "skyonline_iso27001_marketing_es.pdf",  # a marketing claim without number, body or dates
]


@pytest.mark.parametrize(
    ("name", "kind", "standards", "holder", "number", "expiry"), TEXT_CERTIFICATES
)
def test_text_certificate_fields(
    realdocs: Path, name: str, kind: str, standards: list[str], holder: str, number: str,
    expiry: str,
) -> None:
    scope = extract_path(realdocs / name)
    catalog = load_catalog()
    assert scope.kind == kind
    assert [s.label for s in scope.standards] == standards
    assert scope.holder is not None
    assert catalog.normalise(scope.holder.value) == catalog.normalise(holder)
    assert scope.certificate_number is not None
    assert scope.certificate_number.value == number
    assert scope.window_end is not None
    assert scope.window_end.value.isoformat() == expiry
    # Evidence: every value points at a page whose text holds it.
    assert scope.certificate_number.evidence.page >= 1


@pytest.mark.parametrize("name", IMAGE_ONLY)
def test_image_only_reports_no_text(realdocs: Path, name: str) -> None:
    scope = extract_path(realdocs / name)
    assert scope.text_pages == ()
    assert scope.no_text_pages
    assert scope.kind == "unknown"


@pytest.mark.parametrize("name", NOT_ISO_CERTIFICATES)
def test_documents_that_are_not_iso_27001_certificates(realdocs: Path, name: str) -> None:
    scope = extract_path(realdocs / name)
    assert scope.kind not in ("iso27001_certificate",)
    assert scope.standards == () or scope.kind == "iso_certificate"


def test_every_real_pdf_extracts_without_crashing(realdocs: Path) -> None:
    for path in sorted(realdocs.glob("*.pdf")):
        scope = extract_path(path)
        assert scope.page_count >= 1
