"""Golden tests for the Markdown and CSV reports: every fixture case through the CLI against
its reviewed output (refresh with ``python fixtures/update_golden.py md csv`` after review)."""

from __future__ import annotations

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


def _run(case: dict[str, Any], fmt: str) -> str:
    args = ["check", "--stack", f"fixtures/{case['stack']}",
            *[f"fixtures/{d}" for d in case["documents"]],
            "--as-of", str(case["as_of"]), "--format", fmt]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == case["expect"]["exit_code"], result.output
    return result.stdout


@pytest.mark.parametrize("fmt", ["md", "csv"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_golden_report(name: str, fmt: str) -> None:
    golden = ROOT / "fixtures" / "golden" / f"{name}.{fmt}"
    assert golden.is_file(), f"no {golden.name}: run python fixtures/update_golden.py {fmt}"
    expected = golden.read_bytes().decode("utf-8")  # bytes: CSV keeps its CRLF line ends
    assert _run(CASES[name], fmt) == expected, \
        f"{fmt} output changed: review, then run python fixtures/update_golden.py {fmt}"


@pytest.mark.parametrize("fmt", ["md", "csv", "html"])
def test_reports_are_byte_identical_on_rerun(fmt: str) -> None:
    case = CASES["kestrel_pre_signature"]
    assert _run(case, fmt) == _run(case, fmt)
