"""Tickets: ``--format md`` is one pasteable block per finding; ``--format csv`` carries the
finding id, its waiver state and the question to ask the vendor."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from markdown_it import MarkdownIt

from scopegap.domain import Finding, Report, Waiver
from scopegap.report import render
from scopegap.report.questions import question_for

ROOT = Path(__file__).resolve().parent.parent
WAIVER = Waiver("uncovered_tool", "Five9", "no customer data | *yet*", "CISO",
                date(2027, 6, 30), "w.yaml", 2)
SENTENCE = ("Customer care delivered with Genesys Cloud CX and Zendesk, excluding the "
            "Manila site.")
FINDINGS = (
    Finding("excluded", "high", "Manila", "Manila is excluded", "docs/cert.pdf", 3, SENTENCE,
            id="sg-0000000001"),
    Finding("uncovered_tool", "high", "Five9", "Five9 is not covered", id="sg-0000000002",
            status="waived", waiver=WAIVER),
)
REPORT = Report(as_of=date(2026, 11, 22), vendor="Acme Ltd", documents=(),
                findings=FINDINGS)


def _blocks(markdown: str) -> list[str]:
    findings = markdown.split("## Findings", 1)[1].split("\n## ", 1)[0]
    return [b[b.index("###"):].strip() for b in re.split(r"^---$", findings, flags=re.M)
            if "###" in b]


def test_markdown_has_one_self_contained_block_per_finding() -> None:
    markdown = render(REPORT, "md")
    assert "## Findings (1 open, 1 waived)" in markdown
    blocks = _blocks(markdown)
    assert len(blocks) == 2
    excluded, waived = blocks
    assert excluded.startswith("### HIGH · excluded · Manila")
    assert "**Status:** open" in excluded and "sg-0000000001" in excluded
    assert "**Evidence:** cert.pdf, page 3" in excluded
    assert "> excluding the Manila site\n" in excluded  # the deciding clause
    assert "Full sentence: Customer care delivered" in excluded
    assert f"**Ask the vendor:** {question_for(FINDINGS[0], REPORT)}".split("(")[0] in excluded
    assert "**Status:** waived until 2027-06-30 (accepted by CISO: no customer data " \
        "\\| \\*yet\\*)" in waived
    assert "Ask the vendor" not in waived  # nothing to ask while the waiver holds
    rendered = MarkdownIt("commonmark").render(excluded)
    assert "<h3>" in rendered and "<blockquote>" in rendered and "<em>" not in rendered


def test_csv_carries_id_waiver_state_and_question() -> None:
    rows = list(csv.DictReader(io.StringIO(render(REPORT, "csv"))))
    by_id = {row["id"]: row for row in rows if row["record"] == "finding"}
    assert set(by_id) == {"sg-0000000001", "sg-0000000002"}
    open_row, waived_row = by_id["sg-0000000001"], by_id["sg-0000000002"]
    assert open_row["status"] == "open" and open_row["waiver_until"] == ""
    assert open_row["question"] == question_for(FINDINGS[0], REPORT)
    assert waived_row["status"] == "waived" and waived_row["waiver_until"] == "2027-06-30"
    assert waived_row["waiver_accepted_by"] == "CISO"
    assert waived_row["waiver_reason"] == "no customer data | *yet*"


def test_text_marks_waived_findings_and_keeps_the_sentence_behind_verbose() -> None:
    plain = render(REPORT, "text")
    assert "1 finding(s) (1 high, 0 medium, 0 low), 1 waived" in plain
    assert "[WAIVED] uncovered_tool: Five9 is not covered" in plain
    assert "waived until 2027-06-30 by CISO" in plain
    assert 'quote: "excluding the Manila site"' in plain and SENTENCE not in plain
    verbose = render(REPORT, "text", verbose=True)
    assert f'evidence: "{SENTENCE}"' in verbose and "id: sg-0000000001" in verbose
