"""What the md/html/csv reports say: questions per finding, the coverage matrix, the timeline,
SOC fields when present, and the CLI's choice of format."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from scopegap.cli import main
from scopegap.domain import (
    Coverage,
    DateValue,
    DocumentScope,
    Evidence,
    Finding,
    Report,
    Stack,
    StackItem,
    SubserviceOrg,
    TextValue,
)
from scopegap.report import FORMATS, SUFFIX_FORMATS, render
from scopegap.report.csv_report import COLUMNS
from scopegap.report.questions import (
    collect_questions,
    load_wording,
    parse_wording,
    question_for,
)
from scopegap.report.timeline import build_timeline, family_gaps
from scopegap.report.view import NO_COVERAGE, NOT_COVERED, NOT_NEEDED, matrix_cell, snippet
from scopegap.settings import DEFAULT_SEVERITIES

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 11, 22)
CERT = ROOT / "fixtures" / "pdf" / "northwind_27001_schedule.pdf"
STACK = ROOT / "fixtures" / "stacks" / "northwind.yaml"


def _ev(page: int = 1, text: str = "evidence") -> Evidence:
    return Evidence(page, text)


def _doc(name: str, kind: str = "iso27001_certificate", start: date | None = None,
         end: date | None = None, **fields: object) -> DocumentScope:
    return DocumentScope(
        path=f"docs/{name}", sha256="0" * 64, kind=kind, page_count=3,  # type: ignore[arg-type]
        window_start=DateValue(start, _ev()) if start else None,
        window_end=DateValue(end, _ev(2, f"ends {end}")) if end else None,
        **fields,  # type: ignore[arg-type]
    )


def _report(documents: tuple[DocumentScope, ...], findings: tuple[Finding, ...] = (),
            coverage: tuple[Coverage, ...] = (), vendor: str | None = "Acme Ltd") -> Report:
    return Report(AS_OF, vendor, documents, coverage, findings)


# --- questions ------------------------------------------------------------------------------

def test_every_finding_kind_has_its_own_question() -> None:
    assert set(DEFAULT_SEVERITIES) <= set(load_wording().questions)


@pytest.mark.parametrize(
    ("finding", "wanted"),
    [
        (Finding("uncovered_tool", "high", "Calabrio ONE", "m"),
         "Provide the ISO/IEC 27001 certificate or SOC 2 report whose scope covers Calabrio ONE, "
         "or confirm that Calabrio ONE is outside the ISMS"),
        (Finding("uncovered_site", "high", "Durban", "m"), "the delivery site Durban"),
        (Finding("excluded", "high", "Cebu", "m", "docs/cert.pdf", 3),
         "cert.pdf (page 3) excludes Cebu"),
        (Finding("expired", "high", "cert.pdf", "m", "docs/cert.pdf", 2),
         "cert.pdf expired on 2025-02-28"),
        (Finding("bridge_gap", "medium", "soc2.pdf", "m", "docs/soc2.pdf", 2),
         "Provide a bridge letter covering 2026-07-01 to 2026-11-22, signed by Acme Ltd "
         "management, confirming no material change to the controls described in soc2.pdf"),
        (Finding("holder_mismatch", "medium", "cert.pdf", "m", "docs/cert.pdf", 1),
         "cert.pdf is issued to Acme Group Inc, not to Acme Ltd"),
        (Finding("something_new", "low", "x", "a message nobody worded"),
         "Explain and provide evidence that resolves this finding: a message nobody worded"),
    ],
)
def test_question_for_each_kind(finding: Finding, wanted: str) -> None:
    documents = (
        _doc("cert.pdf", start=date(2022, 3, 1), end=date(2025, 2, 28),
             holder=TextValue("Acme Group Inc", _ev())),
        _doc("soc2.pdf", "soc2_type2", date(2025, 7, 1), date(2026, 6, 30)),
    )
    coverage = (Coverage(StackItem("Durban", "site", 9), "uncovered", "no site"),)
    assert wanted in question_for(finding, _report(documents, (finding,), coverage))


def test_the_same_request_is_asked_once_naming_every_finding() -> None:
    findings = (Finding("uncovered_tool", "high", "Five9", "m"),
                Finding("uncovered_site", "high", "Colombo", "m"),
                Finding("uncovered_tool", "high", "Five9", "m"))
    questions = collect_questions(_report((), findings))
    assert [q.findings for q in questions] == [(1, 3), (2,)]


@pytest.mark.parametrize(
    "raw",
    [
        {"questions": {"expired": "Renew {documnet}"}, "default": "{message}", "item_types": {}},
        {"questions": {"expired": "Renew {document"}, "default": "{message}", "item_types": {}},
        {"questions": {}, "item_types": {}},
        ["not", "a", "mapping"],
    ],
)
def test_bad_wording_is_refused_when_loaded(raw: object) -> None:
    with pytest.raises(ValueError, match=r"questions\.yaml"):
        parse_wording(raw, "questions.yaml")


# --- coverage matrix ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("status", "decided_by", "kind", "expected"),
    [
        ("covered", "docs/a.pdf", "iso27001_certificate", "covered"),
        ("covered", "docs/b.pdf", "iso27001_certificate", NOT_NEEDED),
        ("uncovered", None, "soc2_type2", NOT_COVERED),
        ("excluded", "docs/a.pdf", "iso27001_certificate", "excluded"),
        ("excluded", "docs/b.pdf", "iso27001_certificate", NOT_COVERED),
        ("carved_out", "docs/a.pdf", "soc2_type2", "carved_out"),
        ("covered", "docs/a.pdf", "iso_certificate", NO_COVERAGE),
        ("uncovered", None, "bridge_letter", NO_COVERAGE),
    ],
)
def test_matrix_cell(status: str, decided_by: str | None, kind: str, expected: str) -> None:
    assert matrix_cell(status, decided_by, _doc("a.pdf", kind)) == expected


@pytest.mark.parametrize(
    ("evidence", "needles", "expected"),
    [
        (None, ["x"], None),
        ("short scope with Genesys", ["Genesys"], "short scope with Genesys"),
        ("a " * 60 + "Genesys Cloud" + " b" * 60, ["genesys cloud"],
         "…" + "a " * 35 + "Genesys Cloud" + " b" * 35 + "…"),
        ("x " * 200, ["absent"], "x " * 200),
        ("delivered from the Pune centre", ["Pune, India"], "delivered from the Pune centre"),
    ],
)
def test_snippet_keeps_an_exact_substring(evidence: str | None, needles: list[str],
                                          expected: str | None) -> None:
    cut = snippet(evidence, needles)
    assert cut == expected
    if cut and evidence:
        assert cut.strip("…") in evidence


# --- timeline -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("windows", "expected"),
    [
        ([], []),
        ([(date(2024, 1, 1), date(2027, 1, 1))], []),
        ([(date(2020, 1, 1), date(2023, 1, 1))], [(date(2023, 1, 2), AS_OF)]),
        ([(date(2020, 1, 1), date(2023, 1, 1)), (date(2023, 1, 2), date(2027, 1, 1))], []),
        ([(date(2020, 1, 1), date(2023, 1, 1)), (date(2024, 1, 1), date(2027, 1, 1))],
         [(date(2023, 1, 2), date(2023, 12, 31))]),
        ([(date(2027, 1, 1), date(2029, 1, 1)), (date(2020, 1, 1), date(2023, 1, 1))],
         [(date(2023, 1, 2), AS_OF)]),
    ],
)
def test_family_gaps(windows: list[tuple[date, date]], expected: list[tuple[date, date]]) -> None:
    assert family_gaps(windows, AS_OF) == expected


def test_timeline_shows_states_bridge_letters_gaps_and_the_contract_term() -> None:
    documents = (
        _doc("old.pdf", start=date(2021, 6, 1), end=date(2024, 5, 31)),
        _doc("soc2.pdf", "soc2_type2", date(2025, 4, 1), date(2026, 3, 31)),
        _doc("bridge.pdf", "bridge_letter", date(2026, 4, 1), date(2026, 6, 30)),
        _doc("type1.pdf", "soc2_type1", date(2026, 9, 1), date(2026, 9, 1)),
        _doc("letter.pdf", "unknown"),
    )
    findings = (Finding("expired", "high", "old.pdf", "m", "docs/old.pdf", 2),)
    stack = Stack("Acme Ltd", "stack.yaml", contract_start=date(2026, 1, 1),
                  contract_end=date(2028, 12, 31))
    timeline = build_timeline(_report(documents, findings), stack)
    rows = {row.label: row for row in timeline.rows}
    assert rows["old.pdf"].state == "expired" and rows["soc2.pdf"].state == "report"
    assert rows["bridge.pdf"].state == "bridge" and rows["type1.pdf"].point
    assert rows["letter.pdf"].x1 is None
    gaps = {(g.family, g.start, g.end) for g in timeline.gaps}
    assert gaps == {
        ("ISO/IEC 27001 certificates", "2024-06-01", "2026-11-22"),
        # the bridge letter does not close the SOC gap: it is drawn over it
        ("SOC 2/SOC 3 report periods", "2026-04-01", "2026-08-31"),
        ("SOC 2/SOC 3 report periods", "2026-09-02", "2026-11-22"),
    }
    assert timeline.contract_x1 is not None and timeline.contract_x2 is not None
    assert float(timeline.contract_x1) < float(timeline.as_of_x) < float(timeline.contract_x2)


def test_a_2013_certificate_counts_only_until_the_sunset() -> None:
    document = _doc("iso2013.pdf", start=date(2024, 1, 1), end=date(2027, 1, 1))
    findings = (Finding("superseded_edition", "high", "iso2013.pdf", "m",
                        "docs/iso2013.pdf", 1),)
    timeline = build_timeline(_report((document,), findings))
    assert [(g.start, g.end) for g in timeline.gaps] == [("2025-11-01", "2026-11-22")]
    assert timeline.rows[0].state == "expired"


def test_html_timeline_draws_the_contract_term_when_given() -> None:
    documents = (_doc("cert.pdf", start=date(2025, 1, 1), end=date(2028, 1, 1)),)
    stack = Stack("Acme Ltd", "stack.yaml", contract_reference="C-1",
                  contract_start=date(2026, 1, 1), contract_end=date(2029, 1, 1))
    with_term = render(_report(documents), "html", stack=stack)
    assert "contract 2026-01-01 → 2029-01-01" in with_term
    assert "contract 2026" not in render(_report(documents), "html")


# --- SOC fields and self-containment --------------------------------------------------------

def test_soc_fields_render_when_present() -> None:
    soc = _doc(
        "soc2.pdf", "soc2_type2", date(2025, 4, 1), date(2026, 3, 31),
        opinion=TextValue("qualified", _ev(4)),
        trust_services_categories=("Security", "Availability"),
        exceptions=3,
        subservice_organizations=(SubserviceOrg("Amazon Web Services", "carve-out", _ev(14)),),
        cuecs=(TextValue("User entities revoke leavers' access promptly.", _ev(30)),),
    )
    for fmt in ("html", "md"):
        out = render(_report((soc,)), fmt)
        for text in ("SOC 2 Type 2 report", "qualified", "Security, Availability",
                     "Amazon Web Services", "carve-out", "revoke leavers", "Exceptions noted"):
            assert text in out, (fmt, text)


def test_html_is_self_contained_and_prints() -> None:
    html = render(_report((_doc("cert.pdf", start=date(2025, 1, 1), end=date(2028, 1, 1)),)),
                  "html")
    lowered = html.lower()
    for external in ("<script", "<link", "src=", "@import", "url(", "http://", "https://"):
        assert external not in lowered.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "content-security-policy" in lowered and "default-src 'none'" in html
    assert "@media print" in html and "<svg" in html


def test_report_without_stack_says_coverage_was_not_checked() -> None:
    md = render(_report((_doc("cert.pdf"),), vendor=None), "md")
    assert "coverage of tools, sites and regions was not checked" in md
    assert "## Coverage" not in md


# --- CLI ------------------------------------------------------------------------------------

def test_cli_accepts_every_report_format() -> None:
    assert {"text", "json", "md", "html", "csv"} <= set(FORMATS)
    for fmt in ("md", "html", "csv"):
        result = CliRunner().invoke(main, ["check", "--stack", str(STACK), str(CERT),
                                           "--as-of", "2026-11-22", "--format", fmt])
        assert result.exit_code == 1 and result.stdout, (fmt, result.output)


@pytest.mark.parametrize("suffix", [".md", ".html", ".csv", ".htm", ".markdown"])
def test_output_suffix_picks_the_format(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"report{suffix}"
    result = CliRunner().invoke(main, ["check", "--stack", str(STACK), str(CERT),
                                       "--as-of", "2026-11-22", "-o", str(out)])
    assert result.exit_code == 1, result.output
    text = out.read_bytes().decode("utf-8")
    fmt = SUFFIX_FORMATS[suffix]
    if fmt == "html":
        assert text.startswith("<!DOCTYPE html>")
    elif fmt == "md":
        assert text.startswith("# scopegap report: Northwind Contact Services Ltd")
    else:
        rows = list(csv.reader(io.StringIO(text)))
        assert tuple(rows[0]) == COLUMNS
        records = [r[2] for r in rows[1:]]
        assert records.count("coverage") == 13 and "finding" in records
