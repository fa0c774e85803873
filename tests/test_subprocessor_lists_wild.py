"""Subprocessor lists as vendors we never imitated publish them (fixtures/generate_lists_wild.py):
table-driven on each kind of fix (languages, sections that are not current, change logs,
footnote markers, printed bullets, trade names), then whole generated cases against the truth
the generator writes beside them: committed seeds (Chromium and fpdf2 prints) and fresh fpdf2
seeds."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from fixtures.generate_lists_wild import generate
from scopegap.cli import main
from scopegap.extract.subprocessors import (
    find_updated,
    is_header,
    parse_locations,
    read_entries,
    split_names,
)
from scopegap.extract.subprocessors_names import name_identities, strip_marks
from scopegap.extract.subprocessors_patterns import column_roles, is_log_header, section_kind
from scopegap.ingest.lists import Block, ListSource, Row
from scopegap.match.catalog import load_catalog
from scopegap.match.parties import same_party

CATALOG = load_catalog()
CASES = Path(__file__).resolve().parent.parent / "fixtures" / "listwild" / "cases"


@pytest.mark.parametrize(("cell", "bare"), [
    ("Stripe, Inc.¹", "Stripe, Inc."),
    ("Netsons S.r.l.[2] – Email hosting", "Netsons S.r.l. – Email hosting"),
    ("MongoDB, Inc. ¹, United States", "MongoDB, Inc., United States"),
    ("Germany*", "Germany"),
    ("Rackspace Technology Global,\nInc.³", "Rackspace Technology Global,\nInc."),
    ("Amazon Web Services (US)", "Amazon Web Services (US)"),
])
def test_footnote_markers_are_not_part_of_a_cell(cell: str, bare: str) -> None:
    assert strip_marks(cell) == bare


@pytest.mark.parametrize(("line", "kind"), [
    ("Former subprocessors", "former"),
    ("Removed on 3 May 2026", "former"),
    ("Ehemalige Unterauftragsverarbeiter", "former"),
    ("Sous-traitants retirés", "former"),
    ("Upcoming changes", "proposed"),
    ("Subencargados previstos", "proposed"),
    ("Infrastructure subprocessors", "current"),
    ("Sociétés affiliées", "current"),
    ("These subprocessors stopped processing Customer Data on 1 May 2026.", None),
    ("Amazon Web Services, Inc.", None),
])
def test_section_titles(line: str, kind: str | None) -> None:
    assert section_kind(line) == kind


@pytest.mark.parametrize(("cells", "header", "log"), [
    (["Entity name", "Purpose", "Location"], True, False),
    (["Raison sociale", "Localisation", "Finalité"], True, False),
    (["Unterauftragsverarbeiter", "Ort der Verarbeitung", "Zweck",
      "Garantien für die Übermittlung"], True, False),
    (["Subencargado", "Lugar del tratamiento", "Tipo", "Naturaleza del tratamiento"], True, False),
    (["Entity type", "Subprocessor", "Purpose", "Transfer mechanism", "Website", "Location"],
     True, False),
    (["Date", "Change", "Subprocessor"], False, True),
    (["Datum", "Änderung", "Unterauftragsverarbeiter"], False, True),
    (["Stripe, Inc.", "Payments", "United States"], False, False),
])
def test_headers_in_four_languages_and_change_logs(cells: list[str], header: bool,
                                                   log: bool) -> None:
    assert is_header(cells) is header
    assert is_log_header(cells) is log


def test_an_entity_type_column_does_not_take_the_name_column() -> None:
    roles = column_roles(["Entity type", "Subprocessor", "Purpose", "Location"])
    assert roles == ["ignore", "name", "purpose", "location"]


@pytest.mark.parametrize(("cell", "codes", "areas"), [
    ("Allemagne", ("DE",), ()),
    ("Estados Unidos", ("US",), ()),
    ("Vereinigtes Königreich; Irland", ("GB", "IE"), ()),
    ("Deutschland¹", ("DE",), ()),
    ("Estados Unidos\nHong Kong, Hong Kong", ("US", "HK"), ()),
    ("Alemania, Estados\nUnidos", ("DE", "US"), ()),
    ("Pays-Bas et Belgique", ("NL", "BE"), ()),
    ("Weltweit", (), ()),
    ("EWR", (), ("EEA",)),
])
def test_locations_in_other_languages_and_cells_over_lines(
        cell: str, codes: tuple[str, ...], areas: tuple[str, ...]) -> None:
    assert parse_locations(cell, CATALOG) == (codes, areas)


@pytest.mark.parametrize(("printed", "names"), [
    ("Functional Software, Inc. d/b/a Sentry",
     ("Functional Software, Inc. d/b/a Sentry", "Functional Software, Inc.", "Sentry")),
    ("Twilio Inc. (SendGrid)", ("Twilio Inc. (SendGrid)", "Twilio Inc.", "SendGrid")),
    ("Salesforce, Inc. (and affiliates)",
     ("Salesforce, Inc. (and affiliates)", "Salesforce, Inc.")),
    ("Swisscom (Schweiz) AG", ("Swisscom (Schweiz) AG",)),
    ("Zendesk, Inc.", ("Zendesk, Inc.",)),
])
def test_a_printed_name_and_the_names_it_carries(printed: str,
                                                 names: tuple[str, ...]) -> None:
    assert name_identities(printed) == names


@pytest.mark.parametrize(("declared", "printed", "same"), [
    ("Sentry", "Functional Software, Inc. d/b/a Sentry", True),
    ("Functional Software Inc", "Functional Software, Inc. d/b/a Sentry", True),
    ("SendGrid", "Twilio Inc. (SendGrid)", True),
    ("Salesforce", "Salesforce, Inc. (and affiliates)", True),
    ("Telefónica de España SAU", "Telefónica de España, S.A.U.", True),
    ("Mailgun", "Twilio Inc. (SendGrid)", False),
    ("Amazon Connect", "Amazon Web Services, Inc. (and affiliates)", False),
])
def test_declared_names_against_printed_names(declared: str, printed: str, same: bool) -> None:
    assert same_party(declared, printed, CATALOG) is same


@pytest.mark.parametrize(("cell", "names"), [
    ("Telefónica de España, S.A.U.", ["Telefónica de España, S.A.U."]),
    ("Smartlook.com, s.r.o.", ["Smartlook.com, s.r.o."]),
    ("Amazon Web Services, OVH", ["Amazon Web Services", "OVH"]),
])
def test_initials_forms_keep_a_name_whole(cell: str, names: list[str]) -> None:
    assert split_names(cell, CATALOG) == names


def _table(*rows: tuple[str, ...], header: int = 1) -> Block:
    return Block("table", rows=tuple(Row(r, None, 1) for r in rows), header_rows=header)


def _names(blocks: list[Block], fmt: str = "html") -> list[tuple[str, tuple[str, ...]]]:
    source = ListSource("x." + fmt, "0", fmt, tuple(blocks))  # type: ignore[arg-type]
    return [(e.name, e.locations) for e in read_entries(source, CATALOG).entries]


HEAD = ("Subprocessor", "Purpose", "Location")


def test_former_and_proposed_sections_and_change_logs_are_not_current() -> None:
    blocks = [
        Block("heading", "Subprocessors", level=1),
        _table(HEAD, ("Stripe, Inc.", "Payments", "United States")),
        Block("heading", "Former subprocessors", level=2),
        Block("paragraph", "Removed on 3 May 2026"),
        _table(HEAD, ("Five9, Inc.", "Telephony", "United States")),
        Block("heading", "Proposed subprocessors", level=2),
        _table(HEAD, ("Adyen N.V.", "Payments", "Netherlands")),
        Block("heading", "Affiliates", level=2),
        _table(HEAD, ("Acme GmbH", "Support", "Germany")),
        Block("heading", "Change log", level=2),
        _table(("Date", "Change", "Subprocessor"), ("2026-05-03", "Removed", "Five9, Inc.")),
    ]
    assert _names(blocks) == [("Stripe, Inc.", ("US",)), ("Acme GmbH", ("DE",))]


def test_a_section_title_caught_in_a_printed_tables_frame_ends_the_current_rows() -> None:
    blocks = [Block("paragraph", "Subprocessors", page=1),
              _table(HEAD, ("Brevo SAS", "Email", "France"), ("Removed subprocessors", "", ""),
                     header=0),
              _table(HEAD, ("DocuSign, Inc.", "Signatures", "United States"), header=0)]
    assert _names(blocks, "pdf") == [("Brevo SAS", ("FR",))]


def test_a_name_lifted_off_its_dash_bulleted_rest() -> None:
    blocks = [Block("paragraph", "Subprocessors", page=1),
              Block("paragraph", "TaskUs, Inc.²", page=1),
              Block("item", "Customer support", page=1),
              Block("item", "Stripe, Inc. – Payments (United States)", page=1)]
    assert _names(blocks, "pdf") == [("TaskUs, Inc.", ()), ("Stripe, Inc.", ("US",))]


def test_printed_items_whose_bullets_are_drawings() -> None:
    lines = ["Subprocessors",
             "Letzte Aktualisierung: 11. Juni 2026",
             "SAP SE, Walldorf, Germany – Enterprise resource planning",
             "AWS Inc., OVH – Hosting",
             "Shopify Commerce Singapore Pte. Ltd. – Storefront (Singapore /",
             "Canada)",
             "Microsoft Corporation – Productivity suite",
             "¹, United States, Germany – Database hosting",
             "MongoDB, Inc.",
             "Telefónica de España, S.A.U. : Telephony. Localisation :",
             "Madrid, Espagne.",
             "Xero Limited: Accounting. Location: New Zealand.",
             "Our notice period: 30 days."]
    blocks = [Block("paragraph", line, page=1) for line in lines]
    assert _names(blocks, "pdf") == [("SAP SE", ("DE",)), ("AWS Inc.", ()), ("OVH", ()),
                                     ("Shopify Commerce Singapore Pte. Ltd.", ("SG", "CA")),
                                     ("Microsoft Corporation", ()),
                                     ("MongoDB, Inc.", ("US", "DE")),
                                     ("Telefónica de España, S.A.U.", ("ES",)),
                                     ("Xero Limited", ("NZ",))]


@pytest.mark.parametrize(("lines", "updated"), [
    (["Stand: 01/02/2026"], date(2026, 2, 1)),
    (["Last updated: 01/02/2026", "Removed on 15/05/2026"], date(2026, 2, 1)),
    (["Version 4 – 2025-12-18"], date(2025, 12, 18)),
    (["Vigente desde el 20 de abril de 2026"], date(2026, 4, 20)),
    (["Mis à jour le 11 juillet 2026"], date(2026, 7, 11)),
])
def test_the_lists_own_date(lines: list[str], updated: date) -> None:
    found = find_updated([Block("paragraph", line, page=1) for line in lines])
    assert found is not None and found.value == updated


# ----------------------------------------------------------------------- whole cases


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _check_case(folder: Path) -> None:
    spec = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    docs = [str(folder / d) for d in spec["documents"]]
    result = CliRunner().invoke(main, ["check", "--stack", str(folder / "stack.yaml"),
                                       "--as-of", str(spec["as_of"]), "--format", "json",
                                       "--fail-on", "never", *docs])
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = yaml.safe_load(result.output)
    (_, want), = spec["expect"]["documents"].items()
    got = report["documents"][0]
    assert got["kind"] == "subprocessor_list"
    assert str(got["updated"]) == str(want["updated"]) if want["updated"] else not got["updated"]
    by_name = {_key(e["name"]): e for e in got["subprocessors"]}
    assert set(by_name) == {_key(n) for n in want["subprocessors"]}
    for listed, codes in want["subprocessor_locations"].items():
        assert sorted(by_name[_key(listed)]["locations"]) == codes, listed
    findings = {(f["kind"], _key(f["subject"])) for f in report["findings"]}
    assert findings == {(k, _key(s)) for k, s in spec["expect"]["findings"]}
    assert all(c["status"] == "uncovered" for c in report["coverage"])


@pytest.mark.parametrize("folder", sorted(CASES.iterdir()), ids=lambda p: p.name)
def test_committed_cases_read_as_their_truth(folder: Path) -> None:
    _check_case(folder)


@pytest.mark.parametrize("seed", [0, 21])
def test_fresh_fpdf2_cases_read_as_their_truth(seed: int, tmp_path: Path) -> None:
    _check_case(generate(seed, tmp_path, None))
