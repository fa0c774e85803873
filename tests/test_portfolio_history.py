"""Run history: recorded per portfolio run, shown per vendor with what changed."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from scopegap.cli import main
from scopegap.domain import DateValue, DocumentScope, Evidence, Finding, Report
from scopegap.errors import UsageError
from scopegap.portfolio.discovery import VendorJob
from scopegap.portfolio.history import (
    default_history_path,
    history_json,
    record_run,
    vendor_history,
)
from scopegap.portfolio.runner import VendorResult
from scopegap.report.history import render_history

JOB = VendorJob("acme", "acme/stack.yaml", ("acme/cert.pdf",))


def result(findings: tuple[Finding, ...], end: date, errors: tuple[str, ...] = ()
           ) -> VendorResult:
    document = DocumentScope(path="acme/cert.pdf", sha256="f" * 64,
                             kind="iso27001_certificate", page_count=1,
                             window_start=DateValue(date(2024, 1, 1), Evidence(1, "from")),
                             window_end=DateValue(end, Evidence(1, "until")))
    report = Report(as_of=date(2026, 1, 1), vendor="Acme Ltd", documents=(document,),
                    findings=findings)
    return VendorResult(JOB, "acme", report, errors)


UNCOVERED = Finding("uncovered_tool", "high", "Five9", "Five9 is not covered")
EXPIRING = Finding("expiring_soon", "medium", "cert.pdf", "cert.pdf expires soon")


def record(db: Path, item: VendorResult, day: int) -> int:
    return record_run(db, [item], as_of=date(2026, 1, day), source="portfolio/",
                      pipeline="p", recorded_at=datetime(2026, 1, day, 9, tzinfo=UTC))


def test_history_shows_new_and_resolved_findings_and_moved_windows(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    assert record(db, result((UNCOVERED,), date(2027, 1, 1)), 1) == 1
    assert record(db, result((UNCOVERED, EXPIRING), date(2027, 1, 1)), 2) == 2
    assert record(db, result((EXPIRING,), date(2030, 1, 1)), 3) == 3
    entries = vendor_history(db, "acme")
    data = history_json("acme", entries)
    first, second, third = data["runs"]
    assert first["new_findings"] == [] and first["findings"] == 1
    assert [f["kind"] for f in second["new_findings"]] == ["expiring_soon"]
    assert [f["kind"] for f in third["resolved_findings"]] == ["uncovered_tool"]
    assert second["window_changes"] == []
    assert third["window_changes"] == [{
        "document": "cert.pdf", "old": {"start": "2024-01-01", "end": "2027-01-01"},
        "new": {"start": "2024-01-01", "end": "2030-01-01"}}]
    text = render_history(data, "text")
    assert "+ new: [medium] expiring_soon: cert.pdf" in text
    assert "- resolved: [high] uncovered_tool: Five9" in text
    assert "window cert.pdf: 2024-01-01 to 2027-01-01 → 2024-01-01 to 2030-01-01" in text
    assert render_history(data, "md").startswith("# History of acme (Acme Ltd)")


def test_vendor_is_found_by_id_or_legal_name(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    record(db, result((), date(2027, 1, 1)), 1)
    assert len(vendor_history(db, "ACME")) == 1
    assert len(vendor_history(db, "acme ltd")) == 1
    assert vendor_history(db, "other") == []


def test_missing_database_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no history database"):
        vendor_history(tmp_path / "none.sqlite3", "acme")


def test_default_location_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_history_path() == tmp_path / "scopegap" / "history.sqlite3"


def test_history_command(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    record(db, result((UNCOVERED,), date(2027, 1, 1), ("acme/x.pdf: corrupt PDF",)), 1)
    record(db, result((), date(2027, 1, 1)), 2)
    runner = CliRunner()
    shown = runner.invoke(main, ["history", "acme", "--db", str(db), "--format", "json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert [r["run"] for r in data["runs"]] == [1, 2]
    assert data["runs"][0]["errors"] == ["acme/x.pdf: corrupt PDF"]
    assert data["runs"][1]["resolved_findings"][0]["subject"] == "Five9"
    unknown = runner.invoke(main, ["history", "nobody", "--db", str(db)])
    assert unknown.exit_code == 2 and "no recorded run of vendor 'nobody'" in unknown.stderr
    missing = runner.invoke(main, ["history", "acme", "--db", str(tmp_path / "no.sqlite3")])
    assert missing.exit_code == 2 and "no history database" in missing.stderr
