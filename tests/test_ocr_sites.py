"""A site OCR read on a line holding a date is where the certificate was signed, whatever
its label reads as: left out, and named in a warning. Typed sites and OCR'd addresses stay."""

from __future__ import annotations

import pytest

from scopegap.domain import DocumentScope, Evidence, SiteRef
from scopegap.extract.provenance import drop_unreadable


def _site(name: str, line: str, source: str = "ocr") -> SiteRef:
    return SiteRef(name, Evidence(1, line, source, 0, len(line), 95.0))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("5 Linger eo Rice and date: Tripoli, 23 février 2024", False),
        ("Omaha, 08/21/2023", False),
        ("Lugr y fecha Campinas, 13 de julho de 2024", False),
        ("232 King's Road, 52212 Sunderland, United Kingdom", True),
        ("Suite 190, San Francisco, California 65338", True),
    ],
)
def test_a_scanned_site_beside_a_date_is_left_out(line: str, kept: bool) -> None:
    site = _site("Town", line)
    scope = DocumentScope(path="scan.pdf", sha256="0" * 64, kind="iso27001_certificate",
                          page_count=1, sites=(site,))
    read = drop_unreadable(scope)
    assert (read.sites == (site,)) is kept
    assert any("left out" in warning and "Town" in warning for warning in read.warnings) \
        is not kept


def test_typed_sites_stay() -> None:
    site = _site("Tripoli", "Tripoli, 23 February 2024", source="text")
    scope = DocumentScope(path="a.pdf", sha256="0" * 64, kind="iso27001_certificate",
                          page_count=1, sites=(site,))
    assert drop_unreadable(scope).sites == (site,)
