"""Every coverage row says why, in JSON and with ``-v`` in the text output (CLI level)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from scopegap.cli import main

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["check", "--stack", str(ROOT / "fixtures/stacks/northwind.yaml"),
        str(ROOT / "fixtures/pdf/northwind_27001_schedule.pdf"),
        str(ROOT / "fixtures/pdf/northwind_iso9001.pdf"), "--as-of", "2026-11-22"]


def test_every_json_row_has_a_rule_and_evidence_when_decided() -> None:
    result = CliRunner().invoke(main, [*ARGS, "--format", "json"])
    rows = json.loads(result.output)["coverage"]
    assert rows
    for row in rows:
        assert row["rule"], row
        if row["status"] != "uncovered":
            assert row["document"] and row["page"] and row["evidence"], row
    by_item = {row["item"]: row for row in rows}
    assert by_item["Genesys Cloud CX"]["rule"] == (
        "catalog: 'PureCloud by Genesys' is an alias of Genesys Cloud CX")
    assert by_item["Cebu City, Philippines"]["rule"].startswith("exclusion: 'excluding the Cebu")
    assert by_item["AWS eu-west-2"]["rule"] == "region code: aws:eu-west-2"
    assert "Google Cloud regions in United Kingdom" in by_item["Google Cloud europe-west2"]["rule"]


def test_verbose_text_shows_why_for_every_row() -> None:
    result = CliRunner().invoke(main, [*ARGS, "--format", "text", "-v"])
    coverage = result.output.split("\nCoverage\n", 1)[1].split("\nFindings", 1)[0]
    rows = [line for line in coverage.splitlines() if line.startswith("  ") and
            line.split()[0] in {"tool", "site", "region", "subprocessor"}]
    whys = [line for line in coverage.splitlines() if line.strip().startswith("why: ")]
    assert len(rows) == len(whys) > 0
    assert any("an HQ covers" in w or "lists a site in this city" in w for w in whys)


def test_plain_text_hides_the_rule() -> None:
    result = CliRunner().invoke(main, [*ARGS, "--format", "text"])
    assert "why: " not in result.output
