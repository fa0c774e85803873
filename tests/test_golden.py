"""Golden end-to-end tests: each fixture case through the CLI, against its reviewed JSON and
the expectations the generator recorded with it (fixtures/cases.yaml)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from scopegap.cli import main

ROOT = Path(__file__).resolve().parent.parent
CASES: dict[str, dict[str, Any]] = yaml.safe_load(
    (ROOT / "fixtures" / "cases.yaml").read_text(encoding="utf-8")
)["cases"]


pytestmark = pytest.mark.usefixtures("at_repo_root")  # golden paths are root-relative


def _run(case: dict[str, Any], fmt: str = "json") -> tuple[int, str]:
    args = ["check", "--stack", f"fixtures/{case['stack']}",
            *[f"fixtures/{d}" for d in case["documents"]],
            "--as-of", str(case["as_of"]), "--format", fmt]
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.stdout


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_golden_json(name: str) -> None:
    code, output = _run(CASES[name])
    golden = (ROOT / "fixtures" / "golden" / f"{name}.json").read_text(encoding="utf-8")
    assert output == golden, "output changed: review, then run python fixtures/update_golden.py"
    assert code == CASES[name]["expect"]["exit_code"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_meets_the_generators_expectations(name: str) -> None:
    case = CASES[name]
    report = json.loads(_run(case)[1])
    statuses = {row["item"]: row["status"] for row in report["coverage"]}
    assert statuses == case["expect"]["coverage"]
    found = {(f["kind"], f["subject"]) for f in report["findings"]}
    for wanted in case["expect"].get("findings_include", []):
        assert (wanted["kind"], wanted["subject"]) in found
    for unwanted in case["expect"].get("findings_exclude", []):
        assert not [
            f for f in found
            if f[0] == unwanted["kind"] and unwanted.get("subject", f[1]) == f[1]
        ]


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_finding_and_covered_row_carries_evidence(name: str) -> None:
    report = json.loads(_run(CASES[name])[1])
    for row in report["coverage"]:
        assert row["rule"]
        if row["status"] in ("covered", "excluded", "carved_out"):
            assert row["document"] and row["page"] and row["evidence"]
    for finding in report["findings"]:
        if not finding["kind"].startswith("uncovered_"):
            assert finding["document"] and finding["page"]


def test_json_is_byte_identical_on_rerun() -> None:
    case = CASES[sorted(CASES)[0]]
    assert _run(case)[1] == _run(case)[1]


def test_text_format_shows_summary_coverage_and_pages() -> None:
    case = CASES["northwind_annual_review"]
    _, output = _run(case, "text")
    first = output.splitlines()[0]
    assert first.startswith("scopegap: 2 document(s) for Northwind Contact Services Ltd")
    assert "Coverage" in output and "Findings" in output
    assert "northwind_27001_schedule.pdf p.2" in output  # site from the schedule page
