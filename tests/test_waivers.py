"""Waivers (SPEC: ``waivers:`` in the stack, ``--waivers FILE``): every state of a waiver.

Active: the finding is waived (reason, who, until) and does not count for --fail-on.
Expired: the finding is open again and ``waiver_expired`` names the waiver. A waiver of
another kind or another subject hides nothing. An unknown subject or kind, or a missing
``until``, is exit 2 with ``FILE:LINE: reason``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from textwrap import dedent

import pytest
from click.testing import CliRunner

from scopegap.api import analyse, read_document
from scopegap.cli import main
from scopegap.domain import DocumentScope, Finding, Waiver
from scopegap.errors import StackError, UsageError
from scopegap.ingest.stack import parse_stack
from scopegap.ingest.waivers import load_waivers
from scopegap.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CERT = ROOT / "fixtures" / "pdf" / "northwind_27001_schedule.pdf"
AS_OF = "2026-11-22"
STACK = """\
vendor: Northwind Contact Services Ltd
tools:
  - Genesys Cloud CX
  - Calabrio ONE
sites:
  - Durban, South Africa
"""


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _waiver(kind: str = "uncovered_tool", subject: str = "Calabrio ONE",
            until: str = "2027-06-30") -> str:
    return dedent(f"""\
        - finding: {kind}
          subject: {subject}
          reason: WFM holds no customer data; compensating control CC-12
          accepted_by: Head of Vendor Risk
          until: {until}
        """)


def _files(tmp_path: Path, waivers: str, in_stack: bool = False) -> list[str]:
    stack = tmp_path / "stack.yaml"
    if in_stack:
        stack.write_text(STACK + "waivers:\n" + "".join(
            "  " + line + "\n" for line in waivers.splitlines()), encoding="utf-8")
        return ["--stack", str(stack)]
    stack.write_text(STACK, encoding="utf-8")
    (tmp_path / "waivers.yaml").write_text(waivers, encoding="utf-8")
    return ["--stack", str(stack), "--waivers", str(tmp_path / "waivers.yaml")]


def _check(tmp_path: Path, waivers: str, *extra: str,
           in_stack: bool = False) -> tuple[int, dict[str, object] | None, str]:
    code, out, err = _invoke("check", *_files(tmp_path, waivers, in_stack), str(CERT),
                             "--as-of", AS_OF, "--format", "json", *extra)
    return code, json.loads(out) if out else None, err


def _by_subject(report: dict[str, object], subject: str) -> list[dict[str, object]]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return [f for f in findings if f["subject"] == subject]


@pytest.mark.parametrize("in_stack", [False, True], ids=["--waivers", "stack"])
def test_active_waiver_waives_the_finding_and_not_the_exit_code(
        tmp_path: Path, in_stack: bool) -> None:
    code, report, _ = _check(tmp_path, _waiver(), "--fail-on", "high", in_stack=in_stack)
    assert report is not None
    (calabrio,) = _by_subject(report, "Calabrio ONE")
    assert calabrio["status"] == "waived"
    assert calabrio["waiver"] == {
        "reason": "WFM holds no customer data; compensating control CC-12",
        "accepted_by": "Head of Vendor Risk", "until": "2027-06-30"}
    (durban,) = _by_subject(report, "Durban, South Africa")
    assert durban["status"] == "open" and durban["waiver"] is None
    assert report["findings"][-1] == calabrio  # type: ignore[index]  # open ones first
    assert code == 1  # Durban is still open and high
    code, _, _ = _check(tmp_path, _waiver() + _waiver("uncovered_site", "Durban, South Africa"),
                        "--fail-on", "high")
    assert code == 0  # every high finding is waived


def test_without_the_waiver_the_same_finding_is_open_with_the_same_id(tmp_path: Path) -> None:
    _, waived, _ = _check(tmp_path, _waiver())
    _, plain, _ = _check(tmp_path, "[]")
    assert waived and plain
    assert _by_subject(waived, "Calabrio ONE")[0]["id"] == \
        _by_subject(plain, "Calabrio ONE")[0]["id"]
    assert _by_subject(plain, "Calabrio ONE")[0]["status"] == "open"


def test_expired_waiver_reopens_the_finding_and_names_the_waiver(tmp_path: Path) -> None:
    code, report, _ = _check(tmp_path, _waiver(until="2026-06-30"), "--fail-on", "high")
    assert code == 1 and report is not None
    found = _by_subject(report, "Calabrio ONE")
    kinds = {f["kind"]: f for f in found}
    assert set(kinds) == {"uncovered_tool", "waiver_expired"}
    assert kinds["uncovered_tool"]["status"] == "open"
    expired = kinds["waiver_expired"]
    assert expired["severity"] == "high" and expired["status"] == "open"
    message = str(expired["message"])
    assert f"{tmp_path / 'waivers.yaml'}:1" in message and "Head of Vendor Risk" in message
    assert "2026-06-30" in message and "uncovered_tool" in message
    assert expired["id"] != kinds["uncovered_tool"]["id"]


def test_waiver_ending_on_the_as_of_day_is_still_active(tmp_path: Path) -> None:
    _, report, _ = _check(tmp_path, _waiver(until=AS_OF))
    assert report and _by_subject(report, "Calabrio ONE")[0]["status"] == "waived"


def test_waiver_of_another_kind_hides_nothing(tmp_path: Path) -> None:
    # the right subject, the wrong kind: Calabrio ONE's finding is uncovered_tool
    code, report, _ = _check(tmp_path, _waiver(kind="uncovered_site"), "--fail-on", "high")
    assert code == 1 and report is not None
    assert [f["status"] for f in _by_subject(report, "Calabrio ONE")] == ["open"]


def test_waiver_of_another_subject_hides_nothing(tmp_path: Path) -> None:
    # Genesys Cloud CX is a stack item (valid waiver) but covered: Calabrio stays open
    code, report, _ = _check(tmp_path, _waiver(subject="Genesys Cloud CX"))
    assert code == 1 and report is not None
    assert all(f["status"] == "open" for f in report["findings"])  # type: ignore[union-attr]


def test_unknown_item_is_an_error_naming_the_line(tmp_path: Path) -> None:
    waivers = _waiver() + _waiver(subject="Calabrio")  # second waiver: line 6
    code, report, err = _check(tmp_path, waivers)
    assert code == 2 and report is None
    assert f"{tmp_path / 'waivers.yaml'}:6: waiver subject 'Calabrio' is neither" in err
    assert "Traceback" not in err


def test_unknown_item_in_the_stack_is_an_error_naming_the_stack_line(tmp_path: Path) -> None:
    code, _, err = _check(tmp_path, _waiver(subject="Five9"), in_stack=True)
    assert code == 2
    assert f"{tmp_path / 'stack.yaml'}:8: waiver subject 'Five9'" in err


def test_unknown_kind_is_an_error_naming_the_line(tmp_path: Path) -> None:
    code, _, err = _check(tmp_path, _waiver() + _waiver(kind="uncovered_tools"))
    assert code == 2
    assert f"{tmp_path / 'waivers.yaml'}:6: waivers[1].finding: 'uncovered_tools' is not a " \
        "finding kind" in err


def test_missing_until_is_an_error_naming_the_waiver(tmp_path: Path) -> None:
    waivers = _waiver().replace("  until: 2027-06-30\n", "")
    code, _, err = _check(tmp_path, "\n" + waivers)
    assert code == 2
    assert f"{tmp_path / 'waivers.yaml'}:2: waivers[0]: missing key 'until'" in err
    code, _, err = _check(tmp_path, _waiver(until="next year"))
    assert code == 2 and "waivers[0].until: must be a date YYYY-MM-DD" in err


def test_waiver_file_may_be_the_stack_form(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("waivers:\n" + "".join("  " + line + "\n"
                                          for line in _waiver().splitlines()),
                    encoding="utf-8")
    (waiver,) = load_waivers(path)
    assert waiver == Waiver("uncovered_tool", "Calabrio ONE",
                            "WFM holds no customer data; compensating control CC-12",
                            "Head of Vendor Risk", date(2027, 6, 30), str(path), 2)
    path.write_text("waiver:\n  - x\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"w.yaml:1: unknown key"):
        load_waivers(path)


def test_stack_waivers_keep_their_lines() -> None:
    stack = parse_stack(STACK + "waivers:\n" + "".join(
        "  " + line + "\n" for line in _waiver().splitlines()), "s.yaml")
    assert [(w.subject, w.where) for w in stack.waivers] == [("Calabrio ONE", "s.yaml:8")]
    with pytest.raises(StackError, match=r"s.yaml:9: waivers\[0\]\.subject: must be a "):
        parse_stack(STACK + "waivers:\n  - finding: excluded\n    subject: [a]\n", "s.yaml")


@pytest.fixture(scope="module")
def northwind() -> DocumentScope:
    return read_document(str(CERT))


def test_a_waiver_can_name_a_document_of_the_run(northwind: DocumentScope) -> None:
    stack = parse_stack(STACK.replace("vendor: Northwind Contact Services Ltd",
                                      "vendor: Someone Else Ltd"), "s.yaml")
    waiver = Waiver("holder_mismatch", northwind.file_name, "sister company", "CISO",
                    date(2027, 1, 1), "w.yaml", 1)
    report = analyse([northwind], stack, date(2026, 11, 22), Settings(), waivers=[waiver])
    (mismatch,) = [f for f in report.findings if f.kind == "holder_mismatch"]
    assert mismatch.status == "waived" and mismatch.waiver == waiver
    assert mismatch not in report.open_findings
    assert all(f.status == "open" for f in report.findings if f is not mismatch)


def test_waivers_apply_after_every_rule_and_keep_severity_order(
        northwind: DocumentScope) -> None:
    stack = parse_stack(STACK, "s.yaml")
    lapsed = Waiver("uncovered_tool", "Calabrio ONE", "r", "a", date(2025, 1, 1), "w", 3)
    report = analyse([northwind], stack, date(2026, 11, 22), Settings(), waivers=[lapsed])
    ranks = {"high": 3, "medium": 2, "low": 1}
    severities = [ranks[f.severity] for f in report.findings]
    assert severities == sorted(severities, reverse=True)
    expired: list[Finding] = [f for f in report.findings if f.kind == "waiver_expired"]
    assert len(expired) == 1 and expired[0].subject == "Calabrio ONE"
    assert expired[0].id.startswith("sg-")
