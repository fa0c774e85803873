"""`scopegap check` / `extract` with subprocessor lists: the designed findings in every
format, SPEC 1.1 JSON fields, data_locations in the stack, and clear errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from fixtures.generate_lists import generate_all
from scopegap.cli import main

AS_OF = "2026-11-22"
LIST_KINDS = {"undeclared_subprocessor", "subprocessor_not_listed",
              "subprocessor_outside_locations", "stale_subprocessor_list",
              "uncovered_subprocessor"}


@pytest.fixture(scope="module")
def stack_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folders = generate_all(5, tmp_path_factory.mktemp("stackcase"))
    return next(f for f in folders if f.name.startswith("stack-"))


def _check(folder: Path, fmt: str, *extra: str) -> Any:
    spec = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    docs = [str(folder / d) for d in spec["documents"]]
    return CliRunner().invoke(main, ["check", "--stack", str(folder / "stack.yaml"),
                                     "--as-of", AS_OF, "--format", fmt, *extra, *docs])


def test_check_gives_exactly_the_designed_findings(stack_case: Path) -> None:
    spec = yaml.safe_load((stack_case / "case.yaml").read_text(encoding="utf-8"))
    result = _check(stack_case, "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    got = sorted((f["kind"], f["subject"]) for f in report["findings"]
                 if f["kind"] in LIST_KINDS)
    assert got == sorted((k, s) for k, s in spec["expect"]["findings"])
    (document,) = report["documents"]
    assert document["kind"] == "subprocessor_list"
    assert document["subprocessors"] and {"name", "purpose", "locations", "page", "line",
                                          "evidence"} <= set(document["subprocessors"][0])
    assert {row["status"] for row in report["coverage"]} == {"uncovered"}  # a list covers none
    for finding in report["findings"]:
        if finding["kind"] in ("undeclared_subprocessor", "subprocessor_outside_locations"):
            assert finding["evidence"].startswith("line ") or finding["page"]


@pytest.mark.parametrize("fmt", ["text", "md", "html", "csv"])
def test_every_format_names_the_list_findings(stack_case: Path, fmt: str) -> None:
    result = _check(stack_case, fmt, "--fail-on", "high")
    assert result.exit_code == 1  # undeclared subprocessors are high
    assert "Amazon Connect" in result.output  # near miss of AWS: undeclared
    assert "undeclared_subprocessor" in result.output
    assert "subprocessor_outside_locations" in result.output
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.output)))
        assert any(r["kind"] == "undeclared_subprocessor" and r["question"] for r in rows)


def test_unknown_data_location_is_a_usage_error(stack_case: Path, tmp_path: Path) -> None:
    folder = tmp_path / "case"
    shutil.copytree(stack_case, folder)
    stack = (folder / "stack.yaml").read_text(encoding="utf-8")
    (folder / "stack.yaml").write_text(stack.replace("- UK", "- Atlantis"), encoding="utf-8")
    result = _check(folder, "json")
    assert result.exit_code == 2
    assert "stack.yaml:" in result.output and "Atlantis" in result.output


def test_a_list_that_is_not_what_its_suffix_says_exits_3(tmp_path: Path) -> None:
    fake = tmp_path / "subprocessors.html"
    fake.write_bytes(b"%PDF-1.7\n%%EOF\n")
    result = CliRunner().invoke(main, ["extract", "--format", "json", str(fake)])
    assert result.exit_code == 3
    assert "subprocessors.html" in result.output and "Traceback" not in result.output


def test_a_page_without_entries_exits_3_not_an_empty_list(tmp_path: Path) -> None:
    page = tmp_path / "subprocessors.md"
    page.write_text("# Subprocessors\n\nWe will publish our list soon.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--format", "json", str(page)])
    assert result.exit_code == 3
    assert "no subprocessor entries found" in result.output


def test_real_markdown_list_read_as_a_user_would(realdocs: Path, tmp_path: Path) -> None:
    page = tmp_path / "basecamp_subprocessors.md"
    shutil.copy(realdocs / "basecamp_subprocessors.md.txt", page)
    result = CliRunner().invoke(main, ["extract", "--format", "json", "--as-of", AS_OF,
                                       "--fail-on", "never", str(page)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    (document,) = report["documents"]
    assert document["updated"] == "2023-06-08"
    assert len(document["subprocessors"]) == 11
    assert [(f["kind"], f["subject"]) for f in report["findings"]] == [
        ("stale_subprocessor_list", "basecamp_subprocessors.md")]


def test_portfolio_counts_undeclared_subprocessors_and_history_keeps_them(
        stack_case: Path, tmp_path: Path) -> None:
    source = tmp_path / "vendors"
    shutil.copytree(stack_case, source / "larkspur", ignore=shutil.ignore_patterns("case.yaml"))
    spec = yaml.safe_load((stack_case / "case.yaml").read_text(encoding="utf-8"))
    undeclared = [s for k, s in spec["expect"]["findings"] if k == "undeclared_subprocessor"]
    out, state = tmp_path / "out", tmp_path / "state"

    def run_portfolio() -> dict[str, Any]:
        result = CliRunner().invoke(main, [
            "portfolio", str(source), "--out-dir", str(out), "--as-of", AS_OF,
            "--cache", str(state / "cache.sqlite3"), "--db", str(state / "history.sqlite3"),
            "--format", "json"])
        assert "Traceback" not in result.output
        summary: dict[str, Any] = json.loads((out / "portfolio.json").read_text("utf-8"))
        return summary

    (row,) = run_portfolio()["vendors"]
    assert row["documents"] == 1 and row["documents_read"] == 1
    assert row["counts"]["undeclared_subprocessor"] == len(undeclared)
    table = list(csv.DictReader(io.StringIO((out / "portfolio.csv").read_text("utf-8"))))
    assert table[0]["undeclared_subprocessor"] == str(len(undeclared))
    # The buyer adds Amazon Connect to the contract: the next run resolves that finding.
    stack_file = source / "larkspur" / "stack.yaml"
    stack = yaml.safe_load(stack_file.read_text(encoding="utf-8"))
    stack["subprocessors"].append("Amazon Connect")
    stack_file.write_text(yaml.safe_dump(stack), encoding="utf-8")
    (row,) = run_portfolio()["vendors"]
    assert row["counts"]["undeclared_subprocessor"] == len(undeclared) - 1
    shown = CliRunner().invoke(main, ["history", "larkspur", "--db",
                                      str(state / "history.sqlite3"), "--format", "json"])
    assert shown.exit_code == 0, shown.output
    runs = json.loads(shown.stdout)["runs"]
    resolved = [(f["kind"], f["subject"]) for f in runs[1]["resolved_findings"]]
    assert ("undeclared_subprocessor", "Amazon Connect") in resolved
