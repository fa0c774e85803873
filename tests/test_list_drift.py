"""Two versions of a subprocessor list: the parties added, removed, moved or repurposed, with
evidence from both files, as ``scopegap diff`` reports them (SPEC: Diff)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from fixtures.generate_lists import generate_all
from scopegap.cli import main
from scopegap.domain import Evidence, SubprocessorRef
from scopegap.drift.lists import diff_lists, same_purpose
from scopegap.match.catalog import load_catalog

CATALOG = load_catalog()


def ref(name: str, purpose: str, *codes: str, line: int = 5) -> SubprocessorRef:
    return SubprocessorRef(name=name, evidence=Evidence(1, f"{name} | {purpose}"),
                           purpose=purpose, locations=codes, line=line)


def test_one_party_however_many_rows_and_spellings() -> None:
    old = [ref("Amazon Web Services", "Hosting"), ref("Google LLC", "Cloud", "US"),
           ref("Google LLC", "Email", "US"), ref("Stripe, Inc.", "payment processor, billing")]
    new = [ref("AWS", "Infrastructure hosting"), ref("Amazon Web Services, Inc.", "Hosting"),
           ref("Google LLC", "Cloud", "US"), ref("Stripe Inc", "Billing platform"),
           ref("Amazon Connect", "Telephony", "US")]
    changes = [(c.change, c.subject, c.aspects) for c in diff_lists(old, new, CATALOG)]
    assert changes == [("added", "Amazon Connect", ())]


def test_moved_repurposed_and_removed() -> None:
    old = [ref("Zendesk, Inc.", "Customer support ticketing", "US"),
           ref("OVH SAS", "Dedicated servers", "FR"), ref("Snowflake Inc.", "Data warehouse")]
    new = [ref("Zendesk, Inc.", "Infrastructure monitoring", "US"),
           ref("OVH SAS", "Dedicated servers", "IE")]
    changes = [(c.change, c.subject, c.aspects) for c in diff_lists(old, new, CATALOG)]
    assert changes == [("changed", "Zendesk, Inc.", ("purpose",)),
                       ("changed", "OVH SAS", ("location",)),
                       ("removed", "Snowflake Inc.", ())]


@pytest.mark.parametrize(("old", "new", "same"), [
    (["payment processor, billing"], ["Billing platform"], True),
    (["push notification gateways"], ["Push notification service for iOS devices"], True),
    (["Customer support ticketing"], ["Infrastructure monitoring"], False),
    ([], ["Anything"], True),
])
def test_a_reworded_purpose_is_not_a_change(old: list[str], new: list[str], same: bool) -> None:
    assert same_purpose(old, new) is same


@pytest.fixture(scope="module")
def diff_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folders = generate_all(11, tmp_path_factory.mktemp("drift"))
    return next(f for f in folders if f.name.startswith("diff-"))


def _diff_json(folder: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    spec = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    old, new = (str(folder / name) for name in spec["documents"])
    result = CliRunner().invoke(main, ["diff", old, new, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return spec, json.loads(result.output)


def test_generated_versions_give_exactly_the_designed_changes(diff_case: Path) -> None:
    spec, report = _diff_json(diff_case)
    got = {(c["change"], c["subject"]) for c in report["changes"] if c["field"] == "subprocessor"}
    want = {(kind, name) for kind in ("added", "removed", "changed")
            for name in spec["expect"][kind]}
    assert got == want


def test_diff_json_has_the_spec_shape_and_evidence_from_both_files(diff_case: Path) -> None:
    _, report = _diff_json(diff_case)
    assert set(report) == {"schema_version", "old", "new", "counts", "changes"}
    assert report["old"]["kind"] == report["new"]["kind"] == "subprocessor_list"
    for change in report["changes"]:
        assert set(change) >= {"field", "change", "subject", "old", "new", "old_evidence",
                               "new_evidence", "severity", "message"}
        if change["field"] != "subprocessor":
            continue
        sides = {"added": ("new_evidence",), "removed": ("old_evidence",),
                 "changed": ("old_evidence", "new_evidence")}[change["change"]]
        for side in sides:
            assert change[side]["page"] >= 1 and change[side]["text"]


@pytest.mark.parametrize("fmt", ["text", "md", "html", "csv"])
def test_list_diff_renders_in_every_format(diff_case: Path, fmt: str) -> None:
    spec = yaml.safe_load((diff_case / "case.yaml").read_text(encoding="utf-8"))
    old, new = (str(diff_case / name) for name in spec["documents"])
    result = CliRunner().invoke(main, ["diff", old, new, "--format", fmt])
    assert result.exit_code in (0, 1), result.output
    for name in spec["expect"]["added"]:
        assert name.split(",")[0].split()[0] in result.output


def test_real_rocketchat_lists_year_on_year(realdocs: Path) -> None:
    old = str(realdocs / "rocketchat_subprocessors_2020-10-23.pdf")
    new = str(realdocs / "rocketchat_subprocessors_2023-01-05.pdf")
    result = CliRunner().invoke(main, ["diff", old, new, "--format", "json"])
    report = json.loads(result.output)
    got = sorted((c["change"], c["subject"]) for c in report["changes"]
                 if c["field"] == "subprocessor")
    assert got == sorted([
        ("added", "MongoDB Cloud"), ("added", "Clearbit"),
        ("added", "Rocket.Chat Technologies Corp."), ("added", "Rocketchat Tecnologia LTDA"),
        ("added", "Fabulor.eu"), ("changed", "Amazon Web Services"), ("changed", "OVH")])
    moved = next(c for c in report["changes"] if c["subject"] == "OVH")
    assert moved["old_evidence"]["page"] == 2 and moved["new_evidence"]["page"] == 3
    assert moved["new"] == "US"
