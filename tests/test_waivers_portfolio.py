"""Waivers carried through the portfolio: summary counts, history "open since", the ICS
reminder at a waiver's end, and a vendor folder's own waivers.yaml."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from textwrap import dedent

from click.testing import CliRunner

from scopegap.cli import main
from scopegap.domain import Finding, Report, Waiver
from scopegap.portfolio.calendar import portfolio_events
from scopegap.portfolio.discovery import VendorJob
from scopegap.portfolio.history import history_json, record_run, vendor_history
from scopegap.portfolio.runner import VendorResult
from scopegap.portfolio.summary import build_summary, exit_code
from scopegap.report.calendar import render_ics
from scopegap.report.history import render_history
from scopegap.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CERT = ROOT / "fixtures" / "pdf" / "northwind_27001_schedule.pdf"
JOB = VendorJob("acme", "acme/stack.yaml", ())
WAIVER = Waiver("uncovered_tool", "Five9", "no customer data", "CISO", date(2026, 9, 30),
                "acme/waivers.yaml", 3)
OPEN = Finding("uncovered_site", "medium", "Durban", "Durban is not covered", id="sg-1")
WAIVED = Finding("uncovered_tool", "high", "Five9", "Five9 is not covered", id="sg-2",
                 status="waived", waiver=WAIVER)


def _result(*findings: Finding, as_of: date = date(2026, 1, 1)) -> VendorResult:
    report = Report(as_of=as_of, vendor="Acme Ltd", documents=(), findings=findings)
    return VendorResult(JOB, "acme", report)


def test_summary_counts_waived_findings_apart() -> None:
    summary = build_summary([_result(OPEN, WAIVED)], source="p", as_of=date(2026, 1, 1),
                            settings=Settings(), fail_on="high")
    (row,) = summary["vendors"]
    assert row["findings"] == 1 and row["waived"] == 1
    assert row["worst_finding"]["kind"] == "uncovered_site"  # the waived high is not worst
    assert row["counts"]["uncovered_tool"] == 0 and row["counts"]["uncovered_site"] == 1
    assert summary["totals"]["waived"] == 1 and summary["totals"]["at_or_above_fail_on"] == 0
    assert exit_code(summary) == 0


def test_history_says_since_when_a_finding_is_open(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    runs = [(OPEN, WAIVED), (OPEN, replace(WAIVED, status="open", waiver=None)),
            (replace(OPEN, message="reworded"),)]
    for day, findings in enumerate(runs, start=1):
        record_run(db, [_result(*findings)], as_of=date(2026, day, 1), source="p",
                   pipeline="x", recorded_at=datetime(2026, day, 1, tzinfo=UTC))
    data = history_json("acme", vendor_history(db, "acme"))
    (current,) = data["current_findings"]
    assert current["id"] == "sg-1" and current["open_since"] == "2026-01-01"
    # the same id under a new wording is the same finding, not "resolved" + "new"
    assert data["runs"][2]["new_findings"] == []
    assert [f["id"] for f in data["runs"][2]["resolved_findings"]] == ["sg-2"]
    assert data["runs"][0]["findings"] and "waived_until" in str(data["runs"])
    text = render_history(data, "text")
    assert "uncovered_site: Durban sg-1: open since 2026-01-01" in text


def test_history_open_since_restarts_after_a_finding_was_resolved(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    for day, findings in enumerate([(OPEN,), (), (OPEN,)], start=1):
        record_run(db, [_result(*findings)], as_of=date(2026, day, 1), source="p",
                   pipeline="x", recorded_at=datetime(2026, day, 1, tzinfo=UTC))
    data = history_json("acme", vendor_history(db, "acme"))
    assert data["current_findings"][0]["open_since"] == "2026-03-01"


def test_the_end_of_a_waiver_is_a_calendar_reminder() -> None:
    events = portfolio_events([_result(OPEN, WAIVED)], Settings())
    (event,) = [e for e in events if e.kind == "waiver_end"]
    assert event.when == date(2026, 9, 30) and event.waiver == WAIVER
    ics = render_ics(events, date(2026, 1, 1), Settings())
    unfolded = ics.replace("\r\n ", "")
    assert "SUMMARY:Acme Ltd: uncovered_tool Five9 waiver ends" in unfolded
    assert "CATEGORIES:waiver_end" in unfolded
    assert "The waiver of uncovered_tool for Five9 (acme/waivers.yaml:3) ends on 2026-09-30" \
        in unfolded
    assert "DTSTART;VALUE=DATE:20260930" in unfolded


def test_portfolio_reads_each_vendor_folders_waivers(tmp_path: Path) -> None:
    vendor = tmp_path / "portfolio" / "northwind"
    vendor.mkdir(parents=True)
    shutil.copy(CERT, vendor / "cert.pdf")
    (vendor / "stack.yaml").write_text(dedent("""\
        vendor: Northwind Contact Services Ltd
        tools: [Genesys Cloud CX, Calabrio ONE]
        """), encoding="utf-8")
    (vendor / "waivers.yaml").write_text(dedent("""\
        - finding: uncovered_tool
          subject: Calabrio ONE
          reason: WFM holds no customer data
          accepted_by: Head of Vendor Risk
          until: 2027-06-30
        """), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [
        "portfolio", str(tmp_path / "portfolio"), "--out-dir", str(out), "--no-history",
        "--no-cache", "--as-of", "2026-11-22", "--ics", str(tmp_path / "r.ics"), "-j", "1",
        "--format", "json", "-q"])
    assert result.exit_code == 0, result.stderr
    summary = json.loads((out / "portfolio.json").read_text(encoding="utf-8"))
    assert summary["totals"]["waived"] == 1 and summary["vendors"][0]["findings"] == 0
    report = json.loads((out / "vendors" / "northwind.json").read_text(encoding="utf-8"))
    assert [f["status"] for f in report["findings"]] == ["waived"]
    assert "waiver_end" in (tmp_path / "r.ics").read_text(encoding="utf-8")
    (vendor / "waivers.yaml").write_text((vendor / "waivers.yaml").read_text(
        encoding="utf-8").replace("Calabrio ONE", "Calabrio"), encoding="utf-8")
    result = CliRunner().invoke(main, [
        "portfolio", str(tmp_path / "portfolio"), "--out-dir", str(out), "--no-history",
        "--no-cache", "--as-of", "2026-11-22", "-j", "1", "-q"])
    assert result.exit_code == 3  # that vendor could not be assessed; the run completed
    assert "waivers.yaml:1: waiver subject 'Calabrio'" in result.stderr
