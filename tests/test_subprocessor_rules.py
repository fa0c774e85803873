"""The subprocessor-chain findings: undeclared, not listed, outside the data locations, stale."""

from __future__ import annotations

from datetime import date

from scopegap.domain import (
    DataLocation,
    DateValue,
    DocumentScope,
    Evidence,
    Stack,
    StackItem,
    SubprocessorRef,
    SubserviceOrg,
)
from scopegap.match.catalog import load_catalog
from scopegap.rules.base import RuleInput
from scopegap.rules.subprocessors import subprocessor_findings
from scopegap.settings import Settings

AS_OF = date(2026, 11, 22)
EU_UK = tuple(sorted(load_catalog().jurisdiction_countries("EU") | {"GB"}))


def ref(name: str, *codes: str, purpose: str = "Hosting", areas: tuple[str, ...] = (),
        line: int = 10) -> SubprocessorRef:
    return SubprocessorRef(name=name, purpose=purpose, locations=codes, areas=areas,
                           location_text=", ".join(codes) or None, line=line,
                           evidence=Evidence(1, f"{name} | {purpose}"))


def listing(*entries: SubprocessorRef, updated: date | None = date(2026, 9, 1),
            path: str = "lists/subprocessors.html") -> DocumentScope:
    stamp = (DateValue(updated, Evidence(1, f"Last updated: {updated.isoformat()}"))
             if updated else None)
    return DocumentScope(path=path, sha256="0" * 64, kind="subprocessor_list", page_count=1,
                         updated=stamp, subprocessors=entries)


def stack(*names: str, data: tuple[str, ...] | None = EU_UK,
          sites: tuple[StackItem, ...] = ()) -> Stack:
    items = tuple(StackItem(name=n, type="subprocessor", line=10 + i)
                  for i, n in enumerate(names))
    written = (DataLocation("EU", 3), DataLocation("UK", 3)) if data == EU_UK else tuple(
        DataLocation(code, 3) for code in data or ())
    return Stack(vendor="Larkspur Contact Services Ltd", path="stack.yaml", sites=sites,
                 subprocessors=items, data_locations=written, data_countries=data)


def run(documents: tuple[DocumentScope, ...], contract: Stack | None) -> list[tuple[str, str]]:
    found = subprocessor_findings(RuleInput(documents, contract, (), AS_OF, Settings(),
                                            load_catalog()))
    return [(f.kind, f.subject) for f in found]


def test_aliases_and_legal_names_are_one_party_and_near_misses_stay_apart() -> None:
    document = listing(ref("Amazon Web Services EMEA SARL", "DE"),
                       ref("Amazon Connect", "DE", purpose="Telephony"),
                       ref("Google LLC", "IE", purpose="Cloud"),
                       ref("Google LLC", "BE", purpose="Email"),
                       ref("Google LLC", "NL", purpose="Analytics"),
                       ref("Zendesk, Inc.", "DE"))
    got = run((document,), stack("AWS", "Google", "Zendesk Inc"))
    assert got == [("undeclared_subprocessor", "Amazon Connect")]


def test_a_declared_party_the_current_list_does_not_name_is_not_listed() -> None:
    document = listing(ref("Amazon Web Services, Inc.", "IE"))
    assert run((document,), stack("AWS", "Datadog Inc.")) == [
        ("subprocessor_not_listed", "Datadog Inc.")]


def test_locations_outside_the_data_locations_once_per_party() -> None:
    document = listing(ref("Salesforce, Inc.", "US", "IE"), ref("Salesforce, Inc.", "US"),
                       ref("Harbourline Data B.V.", "NL"),
                       ref("Mailgun Technologies, Inc.", areas=("EEA",)),
                       ref("Quillon Analytics GmbH", areas=("EU",)),
                       ref("Snowflake Inc."))
    got = run((document,), stack("Salesforce", "Harbourline Data BV", "Mailgun Technologies",
                                 "Quillon Analytics", "Snowflake"))
    assert got == [("subprocessor_outside_locations", "Salesforce, Inc.")]


def test_a_group_wholly_outside_the_data_locations_is_outside() -> None:
    document = listing(ref("Quillon Analytics GmbH", areas=("EU",)))
    assert run((document,), stack("Quillon Analytics", data=("US",))) == [
        ("subprocessor_outside_locations", "Quillon Analytics GmbH")]


def test_the_outside_finding_names_the_countries_and_the_row() -> None:
    document = listing(ref("Salesforce, Inc.", "US", line=42))
    (found,) = subprocessor_findings(RuleInput((document,), stack("Salesforce"), (), AS_OF,
                                               Settings(), load_catalog()))
    assert "United States (US)" in found.message and "EU, UK" in found.message
    assert found.evidence == "line 42: Salesforce, Inc. | Hosting"
    assert found.document == "lists/subprocessors.html" and found.severity == "medium"


def test_without_data_locations_the_declared_sites_set_the_countries() -> None:
    site = StackItem(name="Manila, Philippines", type="site", line=5)
    document = listing(ref("Brightmoor Contact Centre Inc.", "PH"), ref("Acme Cloud", "US"))
    got = run((document,), stack("Brightmoor Contact Centre", "Acme Cloud", data=None,
                                 sites=(site,)))
    assert got == [("subprocessor_outside_locations", "Acme Cloud")]


def test_no_basis_for_locations_gives_no_location_finding() -> None:
    document = listing(ref("Acme Cloud", "US"))
    assert run((document,), stack("Acme Cloud", data=None)) == []


def test_stale_list_with_and_without_a_stack() -> None:
    old = listing(ref("Acme Cloud", "DE"), updated=date(2025, 11, 21))
    assert run((old,), None) == [("stale_subprocessor_list", "subprocessors.html")]
    fresh = listing(ref("Acme Cloud", "DE"), updated=date(2025, 11, 22))
    assert run((fresh,), None) == []
    undated = listing(ref("Acme Cloud", "DE"), updated=None)
    assert run((undated,), stack("Acme Cloud")) == []


def test_only_the_current_list_counts_and_soc_subservice_organisations_do_too() -> None:
    old = listing(ref("Dropped Mail Ltd", "DE"), updated=date(2025, 12, 1), path="old.md")
    new = listing(ref("Acme Cloud", "DE"), updated=date(2026, 10, 1), path="new.md")
    soc = DocumentScope(path="soc2.pdf", sha256="1" * 64, kind="soc2_type2", page_count=40,
                        subservice_organizations=(SubserviceOrg(
                            "Microsoft Azure", "carve-out", Evidence(14, "Microsoft Azure")),))
    got = run((new, old, soc), stack("Acme Cloud"))
    assert got == [("undeclared_subprocessor", "Microsoft Azure")]


def test_a_groups_affiliates_are_separate_parties() -> None:
    document = listing(ref("GitLab BV", "NL"), ref("GitLab GmbH", "DE"),
                       ref("GitLab Pty Ltd", "AU"))
    got = run((document,), stack("GitLab B.V."))
    assert got == [("undeclared_subprocessor", "GitLab GmbH"),
                   ("undeclared_subprocessor", "GitLab Pty Ltd"),
                   ("subprocessor_outside_locations", "GitLab Pty Ltd")]
