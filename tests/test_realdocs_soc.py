"""Regression tests named after real SOC documents (../shared/realdocs; skipped when absent).

Expected values are what a reviewer reads off each document (see its MANIFEST.tsv line).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scopegap.extract.document import extract_path
from scopegap.match.catalog import load_catalog

REPORTS = [
    # file, kind, holder, issuer, start, end, subservice organisations (name, method)
    ("plivo_SOC3_report.pdf", "soc3", "Plivo Inc", "Jay Maru, CPA", "2024-06-30", "2025-06-29",
     [("Amazon Web Services", "carve-out"), ("Redis Labs", "carve-out")]),
    ("github_SOC3_2021.pdf", "soc3", "GitHub, Inc.", None, "2020-10-01", "2021-09-30",
     [("Sabey", "carve-out"), ("QTS", "carve-out"), ("Coresite", "carve-out"),
      ("Equinix", "carve-out"), ("Amazon Web Services", "carve-out"), ("Azure", "carve-out")]),
    ("rocketchat_SOC2_type1_letter_of_attestation.pdf", "soc2_type1",
     "Rocket.chat Technologies Corp.", "Prescient Assurance LLC", "2023-09-05", "2023-09-05", []),
]


@pytest.mark.parametrize(("name", "kind", "holder", "issuer", "start", "end", "orgs"), REPORTS)
def test_soc_report_fields(realdocs: Path, name: str, kind: str, holder: str,
                           issuer: str | None, start: str, end: str,
                           orgs: list[tuple[str, str]]) -> None:
    scope = extract_path(realdocs / name)
    catalog = load_catalog()
    assert scope.kind == kind
    assert scope.standards == ()
    assert scope.holder is not None
    assert catalog.normalise(scope.holder.value) == catalog.normalise(holder)
    if issuer is None:  # GitHub's auditor signs only as an image: say so, never guess
        assert scope.issuer is None
        assert any("audit firm" in w for w in scope.warnings)
    else:
        assert scope.issuer is not None and scope.issuer.value == issuer
    assert scope.window_start is not None and scope.window_end is not None
    assert (scope.window_start.value.isoformat(), scope.window_end.value.isoformat()) == \
        (start, end)
    assert [(o.name, o.method) for o in scope.subservice_organizations] == orgs


def test_soc3_opinions_categories_and_cuecs(realdocs: Path) -> None:
    plivo = extract_path(realdocs / "plivo_SOC3_report.pdf")
    github = extract_path(realdocs / "github_SOC3_2021.pdf")
    assert plivo.opinion is not None and plivo.opinion.value == "unmodified"
    assert plivo.trust_services_categories == ("Security", "Availability", "Confidentiality")
    assert github.opinion is not None and github.opinion.value == "unmodified"
    assert github.opinion.evidence.page == 5
    assert github.trust_services_categories == ("Security",)
    assert len(github.cuecs) == 9 and github.cuecs[0].value.startswith("Enabling SAML")
    assert plivo.exceptions is None and github.exceptions is None  # a SOC 3 has no tests


def test_type1_letter_restates_an_unmodified_opinion(realdocs: Path) -> None:
    scope = extract_path(realdocs / "rocketchat_SOC2_type1_letter_of_attestation.pdf")
    assert scope.opinion is not None and scope.opinion.value == "unmodified"
    assert "suitably designed" in scope.opinion.evidence.text
    assert scope.trust_services_categories == ("Security", "Availability", "Confidentiality")
    assert scope.systems == ()  # the holder's own name is no system


def test_systems_named_in_the_scope_prose(realdocs: Path) -> None:
    plivo = extract_path(realdocs / "plivo_SOC3_report.pdf")
    names = [s.name for s in plivo.systems]
    assert names[:3] == ["Plivo Platform", "Plivo API Suite", "Plivo CX Suite"]
    voice = next(s for s in plivo.systems if s.name == "Plivo Voice API")
    assert voice.evidence.text.startswith("● Voice API")
    gsi = extract_path(realdocs / "gsi_uhy_SOC2_type2_2024-04-01_to_2025-03-31.pdf")
    assert [s.name for s in gsi.systems][:2] == ["Genius AI", "RapidReconciler"]
    assert not any(s.name.startswith(("JD Edwards", "Oracle", "NetSuite", "HubSpot"))
                   for s in gsi.systems)
    assert [(o.name, o.method) for o in gsi.subservice_organizations] == \
        [("Microsoft Azure", "carve-out")]  # as its table row prints it (the label's name)
    assert gsi.exceptions == 2  # two controls, each marked under two criteria
    github = extract_path(realdocs / "github_SOC3_2021.pdf")
    assert [s.name for s in github.systems] == ["GitHub Enterprise Cloud"]


def test_type1_subservice_cuecs_and_production_region(realdocs: Path) -> None:
    tembo = extract_path(realdocs / "tembo_armanino_SOC2_type1_2023-11-30.pdf")
    # Stacks, named in apposition in the services the system provides, is one of its offerings
    assert [s.name for s in tembo.systems] == ["Tembo cloud", "Tembo Stacks"]
    assert "using Stacks, pre-built" in tembo.systems[1].evidence.text
    assert [(o.name, o.method) for o in tembo.subservice_organizations] == \
        [("Amazon Web Services", "carve-out")]
    assert len(tembo.cuecs) == 8
    assert [r.name for r in tembo.regions] == ["AWS us-east-1"]


def test_bridge_letter_without_the_word(realdocs: Path) -> None:
    scope = extract_path(realdocs / "gsi_SOC2_bridge_letter_2025-02-19.pdf")
    assert scope.kind == "bridge_letter" and scope.issuer is None
    assert scope.holder is not None and scope.holder.value == "Global Systems Integration"
    assert any("precedes the end of the period" in w for w in scope.warnings)


def test_a_soc2_certificate_of_registration_is_not_a_soc2(realdocs: Path) -> None:
    scope = extract_path(realdocs / "auxify_soc.pdf")
    assert scope.kind == "unknown"
    assert scope.holder is None and scope.issuer is None
    assert any("certificate of registration" in w and "not an AICPA report" in w
               for w in scope.warnings)
