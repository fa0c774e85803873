"""The project's own case scorer (benchmarks/score_cases.py, rules in
benchmarks/case_scoring.py): each rule on a table of label / report pairs, and one run of
the script on a case folder with a stand-in for scopegap."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.case_scoring import (  # noqa: E402
    check_coverage,
    check_document,
    entity_key,
    same_entity,
    score_diff,
    score_findings,
)
from benchmarks.score_cases import main  # noqa: E402


@pytest.mark.parametrize(("want", "have", "same"), [
    ("DVELP Ltd", "DVELP Limited", True),
    ("Plivo Inc", "Plivo Inc.", True),
    ("BSI Assurance UK Limited", "BSI Assurance UK Ltd", True),
    ("QRO Certification LLP", "QRO", False),  # an acronym is not the legal name
    ("Rocket.Chat Technologies Corp.", "Rocketchat Tecnologia LTDA", False),
    ("GitHub", "GitHub, Inc.", True),
    ("Northgate Support Holdings Srl", "Requirements", False),
    ("X", None, False),
])
def test_same_entity(want: str, have: str | None, same: bool) -> None:
    assert same_entity(want, have) is same


def test_entity_key_strips_trailing_forms_only() -> None:
    assert entity_key("Juniper Audit Europe Private Limited") == "juniper audit europe"
    assert entity_key("Limited") == "limited"  # never stripped to nothing


def fields(want: dict[str, Any], got: dict[str, Any] | None) -> dict[str, bool]:
    return {c.field.split(":", 1)[1]: c.ok for c in check_document("d.pdf", want, got)}


@pytest.mark.parametrize(("want", "got", "ok"), [
    ({"sites": ["Boston"]}, {"sites": [{"name": "Boston, United States"}]}, True),
    ({"sites": ["Mumbai"]}, {"sites": [{"name": "Navi Mumbai, India"}]}, False),
    ({"sites": ["London"]}, {"sites": [{"name": "London"}, {"name": "Milton Keynes"}]}, False),
    ({"sites": []}, {"sites": []}, True),
    ({"standards": ["ISO/IEC 27017:2015"]},
     {"standards": ["ISO/IEC 27001:2013", "ISO/IEC 27017:2015"]}, False),
    ({"standards": ["ISO/IEC 27001:2022"]}, {"standards": ["ISO/IEC 27001:2022"]}, True),
    ({"certificate_number": "RC 27 104417"}, {"certificate_number": "RC 27"}, False),
    ({"certificate_number": "RC 27 104417"}, {"certificate_number": "RC27104417"}, True),
    ({"certificate_number": None}, {"certificate_number": None}, True),
    ({"window": {"start": "2024-01-05", "end": "2027-01-04"}},
     {"window": {"start": "2024-01-05", "end": "2027-01-04"}}, True),
    ({"window": {"end": "2027-01-04"}}, {"window": {"start": None, "end": "2027-01-04"}}, True),
    ({"window": {"start": "2021-01-05"}}, {"window": {"start": "2024-01-05"}}, False),
    ({"systems": ["Genesys Cloud CX"]}, {"systems": [{"name": "Genesys Cloud CX"}]}, True),
    ({"systems": []}, {"systems": [{"name": "Zendesk Suite"}]}, False),
    ({"holder": None}, {"holder": None}, True),
    ({"kind": "iso_certificate"}, {"kind": "iso27001_certificate"}, False),
    ({"kind": "iso_certificate"}, None, False),
])
def test_document_fields(want: dict[str, Any], got: dict[str, Any] | None, ok: bool) -> None:
    assert all(fields(want, got).values()) is ok


def test_list_fields_score_every_entry_and_location() -> None:
    want = {"subprocessors": ["Stripe", "OVH"], "subprocessors_optional": ["AWS"],
            "subprocessor_locations": {"OVH": ["FR"]}, "updated": "2023-01-05"}
    got = {"updated": "2023-01-05", "subprocessors": [
        {"name": "Stripe, Inc.", "locations": []}, {"name": "OVH", "locations": ["FR"]},
        {"name": "AWS", "locations": ["US"]}, {"name": "Zoho", "locations": []}]}
    result = fields(want, got)
    assert result == {"subprocessors": True, "subprocessors:extra": False,
                      "locations[OVH]": True, "updated": True}


def test_coverage_counts_false_covered() -> None:
    checks, false_covered = check_coverage(
        {"Leeds": "covered", "Milton Keynes": "uncovered", "Cebu": "excluded"},
        [{"item": "Leeds", "status": "covered"}, {"item": "Milton Keynes", "status": "covered"},
         {"item": "Cebu", "status": "uncovered"}])
    assert [c.ok for c in checks] == [True, False, False]
    assert false_covered == ["Milton Keynes"]


def test_findings_new_kinds_only_where_labelled() -> None:
    expect = {"findings": [["expired", "a.pdf"]]}
    got = [{"kind": "expired", "subject": "a.pdf"},
           {"kind": "undeclared_subprocessor", "subject": "Zoho"},
           {"kind": "uncovered_site", "subject": "Leeds"}]
    score = score_findings(expect, got)
    assert (score.tp, score.fp, score.fn) == (1, [("uncovered_site", "leeds")], [])
    expect["exhaustive_kinds"] = ["undeclared_subprocessor"]
    assert len(score_findings(expect, got).fp) == 2


def test_diff_changes_with_optional() -> None:
    expect = {"added": ["MongoDB Cloud"], "removed": [], "changed": ["OVH"], "optional": ["AWS"]}
    changes = [{"field": "subprocessor", "change": "added", "subject": "MongoDB Cloud"},
               {"field": "subprocessor", "change": "changed", "subject": "AWS"},
               {"field": "subprocessor", "change": "removed", "subject": "Zoho"}]
    score = score_diff(expect, changes)
    assert score.tp == 1
    assert score.fn == [("changed", "OVH")]
    assert score.fp == [("removed", "Zoho")]


def test_script_runs_a_case_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "cases" / "one"
    case.mkdir(parents=True)
    (case / "doc.pdf").write_bytes(b"%PDF-1.4\n")
    (case / "stack.yaml").write_text("vendor: V\n", encoding="utf-8")
    (case / "case.yaml").write_text(
        "as_of: 2026-11-22\ndocuments: [doc.pdf]\nstack: stack.yaml\noptions: [--ocr]\n"
        "expect:\n  documents:\n    doc.pdf: {kind: iso27001_certificate, holder: V Ltd}\n"
        "  coverage: {Leeds: uncovered}\n  findings: [[uncovered_site, Leeds]]\n",
        encoding="utf-8")
    report = {"documents": [{"path": str(case / "doc.pdf"), "kind": "iso27001_certificate",
                             "holder": "V Limited"}],
              "coverage": [{"item": "Leeds", "status": "covered"}], "findings": []}
    fake = tmp_path / "scopegap"
    fake.write_text("#!/bin/sh\n"
                    "case \"$*\" in *--ocr*) ;; *) exit 9;; esac\n"
                    f"cat <<'EOF'\n{json.dumps(report)}\nEOF\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    status = main([str(tmp_path / "cases"), "--scopegap", str(fake), "-v"])
    out = capsys.readouterr().out
    assert status == 1  # a false "covered" fails the run
    assert "one: fields 2/2 coverage 0/1 findings tp=0 fp=0 fn=1 false-covered=1" in out
    assert "FALSE COVERED: Leeds" in out
    assert "false covered 1" in out.splitlines()[-1]
