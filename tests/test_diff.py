"""Scope drift: each kind of change is found, ranked by the policy, and carries evidence."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from scopegap.cli import main
from scopegap.domain import (
    DateValue,
    DocumentScope,
    Evidence,
    Exclusion,
    RegionRef,
    SiteRef,
    Standard,
    SubserviceOrg,
    SystemRef,
    TextValue,
)
from scopegap.drift.diff import ScopeDiff, load_policy
from scopegap.drift.diff import diff_scopes as diff_with
from scopegap.match.catalog import load_catalog
from scopegap.report.diff import DIFF_FORMATS, diff_json, render_diff

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def diff_scopes(old: DocumentScope, new: DocumentScope) -> ScopeDiff:
    """The drift stage with the shipped catalog, as the CLI hands it in."""
    return diff_with(old, new, load_catalog())


def ev(text: str, page: int = 1) -> Evidence:
    return Evidence(page, text)


def std(label: str, printed: str = "") -> Standard:
    number, edition = label.split(" ")[-1].split(":")
    return Standard(number, edition, label, ev(printed or label), printed or label)


BASE = DocumentScope(
    path="old/cert.pdf", sha256="a" * 64, kind="iso27001_certificate", page_count=2,
    standards=(std("ISO/IEC 27001:2022"), std("ISO/IEC 27017:2015")),
    holder=TextValue("Acme Contact Ltd", ev("Acme Contact Ltd")),
    issuer=TextValue("Albion Certification Services Ltd", ev("Albion Certification")),
    certificate_number=TextValue("IS 1001", ev("Certificate No. IS 1001")),
    window_start=DateValue(date(2023, 4, 1), ev("valid from 1 April 2023")),
    window_end=DateValue(date(2026, 3, 31), ev("valid until 31 March 2026")),
    original_date=DateValue(date(2017, 4, 1), ev("Original 1 April 2017")),
    scope_text=TextValue("Contact centre services using Genesys Cloud.", ev("Contact centre")),
    systems=(SystemRef("Genesys Cloud CX", ev("Genesys Cloud")),
             SystemRef("Microsoft 365", ev("Office 365"))),
    sites=(SiteRef("Leeds, United Kingdom", ev("Leeds site", 2)),
           SiteRef("Manila, Philippines", ev("Manila site", 2))),
    regions=(RegionRef("AWS eu-west-2", ev("AWS eu-west-2 (London)")),),
    exclusions=(Exclusion("excluding the Cebu centre", ev("excluding the Cebu centre")),),
    subservice_organizations=(SubserviceOrg("Amazon Web Services", "inclusive", ev("AWS", 9)),),
)


def changed(**fields: Any) -> DocumentScope:
    return dataclasses.replace(BASE, path="new/cert.pdf", sha256="b" * 64, **fields)


def rules(diff: ScopeDiff) -> list[str]:
    return [c.rule for c in diff.changes]


def test_identical_scopes_have_no_change() -> None:
    assert diff_scopes(BASE, changed()).changes == ()


CASES: list[tuple[str, dict[str, Any], str, str]] = [
    ("site dropped", {"sites": BASE.sites[:1]}, "sites.removed", "high"),
    ("site added", {"sites": (*BASE.sites, SiteRef("Pune, India", ev("Pune")))},
     "sites.added", "low"),
    ("system dropped", {"systems": BASE.systems[:1]}, "systems.removed", "high"),
    ("region dropped", {"regions": ()}, "regions.removed", "high"),
    ("extension dropped", {"standards": BASE.standards[:1]}, "extensions.removed", "high"),
    ("standard added", {"standards": (*BASE.standards, std("ISO 9001:2015"))},
     "standards.added", "low"),
    ("edition moved", {"standards": (std("ISO/IEC 27001:2013"), BASE.standards[1])},
     "standards.edition_changed", "medium"),
    ("printed differently", {"standards": (std("ISO/IEC 27001:2022", "ISO 27001:2022"),
                                           BASE.standards[1])}, "standards.reworded", "low"),
    ("holder is another entity", {"holder": TextValue("Acme Global Pte. Ltd.", ev("Acme G"))},
     "holder.changed", "high"),
    ("holder legal form only", {"holder": TextValue("ACME CONTACT LIMITED", ev("ACME"))},
     "holder.reworded", "low"),
    ("new certification body", {"issuer": TextValue("Pennine Certification Ltd", ev("P"))},
     "issuer.changed", "medium"),
    ("new number", {"certificate_number": TextValue("IS 2002", ev("IS 2002"))},
     "certificate_number.changed", "medium"),
    ("original date", {"original_date": DateValue(date(2020, 1, 1), ev("2020"))},
     "original_date.changed", "medium"),
    ("exclusion added", {"exclusions": (*BASE.exclusions, Exclusion(
        "Manila is out of scope", ev("Manila is out of scope")))}, "exclusions.added", "high"),
    ("exclusion dropped", {"exclusions": ()}, "exclusions.removed", "low"),
    ("now carved out", {"subservice_organizations": (SubserviceOrg(
        "Amazon Web Services, Inc.", "carve-out", ev("AWS", 11)),)},
     "subservice_organizations.now_carved_out", "high"),
    ("new subservice org", {"subservice_organizations": (
        *BASE.subservice_organizations, SubserviceOrg("Equinix", "carve-out", ev("Eq")))},
     "subservice_organizations.added", "medium"),
    ("scope reworded", {"scope_text": TextValue("Back-office processing.", ev("Back"))},
     "scope_text.reworded", "medium"),
    ("no longer a covering kind", {"kind": "iso_certificate"}, "kind.no_longer_covers", "high"),
    ("opinion qualified", {"opinion": TextValue("qualified", ev("except for"))},
     "opinion.now_modified", "high"),
    ("more exceptions", {"exceptions": 3}, "exceptions.more", "medium"),
    ("category dropped", {"trust_services_categories": ()},
     "trust_services_categories.removed", "high"),
]


@pytest.mark.parametrize(("case", "fields", "rule", "severity"), CASES,
                         ids=[c[0] for c in CASES])
def test_each_change_is_found_and_ranked(case: str, fields: dict[str, Any], rule: str,
                                         severity: str) -> None:
    old = BASE
    if case == "category dropped":
        old = dataclasses.replace(BASE, trust_services_categories=("Security", "Privacy"))
        fields = {"trust_services_categories": ("Security",)}
    if case == "more exceptions":
        old = dataclasses.replace(BASE, exceptions=1)
    drift = diff_scopes(old, changed(**fields))
    found = [c for c in drift.changes if c.rule == rule]
    assert len(found) == 1, rules(drift)
    assert found[0].severity == severity
    assert load_policy().severities[rule] == severity


def test_removed_item_keeps_old_evidence_and_names_it() -> None:
    drift = diff_scopes(BASE, changed(sites=BASE.sites[:1]))
    (change,) = drift.changes
    assert (change.subject, change.old, change.new) == ("Manila, Philippines",
                                                         "Manila, Philippines", None)
    assert change.old_evidence == ev("Manila site", 2) and change.new_evidence is None


def test_window_moved_on_renewal_is_low_but_a_gap_is_high() -> None:
    renewed = changed(window_start=DateValue(date(2026, 4, 1), ev("from 1 April 2026")),
                      window_end=DateValue(date(2029, 3, 31), ev("until 31 March 2029")))
    assert {c.rule: c.severity for c in diff_scopes(BASE, renewed).changes} == {
        "window_start.changed": "low", "window_end.changed": "low"}
    lapsed = changed(window_start=DateValue(date(2026, 6, 1), ev("from 1 June 2026")),
                     window_end=DateValue(date(2029, 5, 31), ev("until 31 May 2029")))
    gap = [c for c in diff_scopes(BASE, lapsed).changes if c.rule == "window.gap"]
    assert len(gap) == 1 and gap[0].severity == "high"
    assert "2026-04-01 to 2026-05-31" in gap[0].message
    assert gap[0].old_evidence == BASE.window_end.evidence  # type: ignore[union-attr]
    assert gap[0].new_evidence == ev("from 1 June 2026")


def test_shorter_new_window_is_flagged() -> None:
    shorter = changed(window_end=DateValue(date(2025, 12, 31), ev("until 31 December 2025")))
    assert "window_end.earlier" in rules(diff_scopes(BASE, shorter))


def test_changes_are_sorted_most_severe_first() -> None:
    drift = diff_scopes(BASE, changed(sites=(), certificate_number=TextValue("X", ev("X")),
                                      systems=(*BASE.systems, SystemRef("Zendesk", ev("Z")))))
    ranks = [{"high": 3, "medium": 2, "low": 1}[c.severity] for c in drift.changes]
    assert ranks == sorted(ranks, reverse=True)


def test_every_policy_rule_is_valid() -> None:
    policy = load_policy()
    assert set(policy.severities.values()) <= {"high", "medium", "low"}
    fields = {rule.split(".")[0] for rule in policy.severities}
    assert "sites" in fields and "window" in fields


@pytest.mark.parametrize("fmt", DIFF_FORMATS)
def test_every_format_shows_both_sides(fmt: str) -> None:
    drift = diff_scopes(BASE, changed(sites=BASE.sites[:1], certificate_number=TextValue(
        "IS <2002>", ev("Certificate No. IS <2002>"))))
    out = render_diff(drift, fmt)
    assert "Manila" in out
    if fmt in ("html", "md"):  # escaped: renders as the words, never as a tag
        assert "IS &lt;2002&gt;" in out and "<2002>" not in out
    else:
        assert "IS <2002>" in out
    assert "Certificate No. IS 1001" in out  # old side's words


def test_json_is_stable_and_complete() -> None:
    drift = diff_scopes(BASE, changed(sites=BASE.sites[:1]))
    first = render_diff(drift, "json")
    assert first == render_diff(diff_scopes(BASE, changed(sites=BASE.sites[:1])), "json")
    data = json.loads(first)
    assert data["counts"] == {"high": 1, "medium": 0, "low": 0}
    assert data["changes"][0]["old_evidence"] == {"page": 2, "text": "Manila site"}
    assert data["changes"][0]["new_evidence"] is None
    assert diff_json(drift)["old"]["window"] == {"start": "2023-04-01", "end": "2026-03-31"}


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="no 'pdf' output"):
        render_diff(diff_scopes(BASE, BASE), "pdf")


# --- command line -----------------------------------------------------------------------------

NORTHWIND = str(FIXTURES / "pdf" / "northwind_27001_schedule.pdf")
BAYANIHAN = str(FIXTURES / "pdf" / "bayanihan_27001_schedule.pdf")


def test_cli_same_document_is_no_drift() -> None:
    result = CliRunner().invoke(main, ["diff", NORTHWIND, NORTHWIND, "--format", "text"])
    assert result.exit_code == 0, result.output
    assert "no change" in result.output


def test_cli_narrowed_scope_exits_1_and_fail_on_never_exits_0() -> None:
    result = CliRunner().invoke(main, ["diff", NORTHWIND, BAYANIHAN, "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    removed = {c["subject"] for c in data["changes"] if c["rule"] == "sites.removed"}
    assert "Manila, Philippines" in removed
    assert all(c["old_evidence"]["page"] >= 1 for c in data["changes"]
               if c["rule"] == "sites.removed")
    quiet = CliRunner().invoke(main, ["diff", NORTHWIND, BAYANIHAN, "--fail-on", "never",
                                      "-q"])
    assert quiet.exit_code == 0 and quiet.output == ""


def test_cli_md_output_file(tmp_path: Path) -> None:
    out = tmp_path / "drift.md"
    result = CliRunner().invoke(main, ["diff", NORTHWIND, BAYANIHAN, "-o", str(out)])
    assert result.exit_code == 1
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Scope drift") and "| severity |" in text


def test_cli_unreadable_document_is_one_line_exit_3(tmp_path: Path) -> None:
    bad = tmp_path / "new.pdf"
    bad.write_bytes(b"%PDF-1.7\n garbage")
    result = CliRunner().invoke(main, ["diff", NORTHWIND, str(bad)])
    assert result.exit_code == 3
    assert result.output.count("\n") == 1 and str(bad) in result.output
    assert "Traceback" not in result.output


# --- the real documents -----------------------------------------------------------------------


def test_rocketchat_2020_to_2023_lists_what_a_reviewer_sees(realdocs: Path) -> None:
    old = str(realdocs / "rocketchat_certificate_2020.pdf")
    new = str(realdocs / "rocketchat_certificate_2023.pdf")
    result = CliRunner().invoke(main, ["diff", old, new, "--format", "json",
                                       "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    changes = {c["field"]: c for c in json.loads(result.output)["changes"]}
    assert (changes["certificate_number"]["old"], changes["certificate_number"]["new"]) == (
        "101-00928-IS", "QMS-00491")
    assert (changes["original_date"]["old"], changes["original_date"]["new"]) == (
        "2020-07-28", "2020-02-06")
    assert (changes["window_start"]["new"], changes["window_end"]["new"]) == (
        "2023-03-06", "2026-02-06")
    assert changes["window_end"]["old"] == "2023-07-28"
    assert changes["issuer"]["old"] == "QMS Certification Services"
    assert changes["issuer"]["new"] == "QMS Certification"
    assert (changes["standards"]["old"], changes["standards"]["new"]) == (
        "ISO 27001:2013", "ISO/IEC 27001:2013")
    assert "scope_text" in changes
    assert "window" not in changes  # the 2023 window starts before the 2020 one ended
    for change in changes.values():
        assert change["old_evidence"]["page"] == 1 and change["new_evidence"]["page"] == 1
