"""A product whose name is an ordinary word ("Box", "Front", "Slack", "Zoom") is covered only
where the document prints it as a name: "supervisors box in schedules", "front office staff"
and "slack periods" named nothing, and each was a false "covered"."""

from __future__ import annotations

from pathlib import Path

import pytest

from scopegap.match.catalog import load_catalog
from scopegap.match.coverage import printed_as_named
from scopegap.nlp.pipeline import analyse
from tests.conftest import coverage_of, typed_certificate


@pytest.mark.parametrize(("name", "text", "named"), [
    ("Box", "files are shared on Box and Slack", True),
    ("Box", "supervisors box in the schedules", False),
    ("Front", "front office staff connect with customers", False),
    ("Front", "e-mail is answered in Front", True),
    ("Notion", "a notion of quality", False),
    # a name of several words is a phrase in any case; text in capitals cannot tell a
    # one-word name from a word, unless it has a digit
    ("Software development", "the provision of software development", True),
    ("Help Scout", "TICKETS IN HELP SCOUT", True),
    ("8x8", "TELEPHONY ON 8X8", True),
    ("Box", "FILES ON BOX", False),
    # a name declared in lower case matches any case
    ("monday.com", "planning in Monday.com", True),
])
def test_a_name_printed_as_a_name(name: str, text: str, named: bool) -> None:
    assert printed_as_named(name, text) is named


@pytest.mark.parametrize(("text", "tools"), [
    ("Agents use Slack and Zoom.", {"Slack", "Zoom Workplace"}),
    ("We zoom in on slack periods and gladly help.", set()),
    ("AGENTS USE SLACK.", {"Slack"}),
])
def test_a_one_word_catalog_name_in_lower_case_is_a_word(text: str, tools: set[str]) -> None:
    catalog = load_catalog()
    found = {catalog.tool(e.kb_id_).name for e in analyse(text, catalog).ents  # type: ignore[union-attr]
             if e.label_ == "TOOL"}
    assert found == tools


def test_ordinary_words_cover_no_declared_product(tmp_path: Path) -> None:
    lines = ["CERTIFICATE", "This is to certify that", "Acme Contact Services Ltd",
             "has been assessed and found to conform to ISO/IEC 27001:2022",
             "Scope: contact centre services from Manila. Agents work in teams; supervisors box",
             "in schedules, front office staff zoom in on slack periods and gladly share a",
             "notion of quality. Tickets are handled in Front.", "Certificate number: AB 12345",
             "Issue date: 2025-01-10", "Expiry date: 2028-01-09",
             "Issued by Acme Certification Ltd"]
    coverage = coverage_of(typed_certificate(tmp_path / "cert.pdf", lines),
                           "vendor: Acme Contact Services Ltd\ntools: [Box, Front, Slack, Zoom, "
                           "Gladly, Notion, Microsoft Teams]\n")
    assert {item for item, status in coverage.items() if status == "covered"} == {"Front"}
