"""SOC 2 system descriptions in the table shapes real reports use (issue 12, family 1):
unruled tables cut by x position, "(in scope)" marks in an office table, hosting cells and
sentences, "System Boundaries" lists, city-states, and the socwild2 shapes' own truth."""

from __future__ import annotations

import dataclasses
import sys
from array import array
from pathlib import Path

import pytest

from scopegap.domain import StackItem
from scopegap.extract.soc.components import find_components, listed_names
from scopegap.extract.soc.exclusions import find_exclusions
from scopegap.extract.soc.locations import places_in
from scopegap.extract.soc.patterns import soc_patterns
from scopegap.extract.soc.sections import Outline, outline
from scopegap.extract.soc.unruled import _tables
from scopegap.ingest.layout import LayoutResult
from scopegap.ingest.pdf import TextPage
from scopegap.match.catalog import load_catalog
from scopegap.match.coverage import decide
from scopegap.match.evaluate import document_from_scope

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fixtures.socwild2.report import report_html  # noqa: E402
from fixtures.socwild2.spec import build  # noqa: E402
from fixtures.socwild2.truth import case  # noqa: E402

CATALOG = load_catalog()
HEAD = "Independent Service Auditor's Report\nTo the Management of Brightwell Technologies LLC\n"


def report_of(text: str) -> Outline:
    page = TextPage(number=1, text=text, width=612.0, height=792.0, has_text=True)
    return outline((page,), soc_patterns().headings)


def components(text: str, tables: list[list[list[str]]] | None = None) -> tuple:  # type: ignore[type-arg]
    layout = LayoutResult(tables={1: tables}) if tables else LayoutResult()
    return find_components(None, report_of(HEAD + text), layout, CATALOG, [])  # type: ignore[arg-type]


# --- unruled tables, cut at the header's column starts ------------------------------------

def page_of(lines: list[list[tuple[str, float]]]) -> tuple[str, array[float]]:
    """Text and character boxes of lines of (word, x0) at 10 pt, 5 pt a character."""
    text, boxes = "", array("f")
    for n, words in enumerate(lines):
        y = 700.0 - 14 * n
        x = 0.0
        for word, x0 in words:
            if text and not text.endswith("\n"):
                text += " "
                boxes.extend((x, y, x + 2.5, y + 10))
            for i, char in enumerate(word):
                text += char
                boxes.extend((x0 + 5 * i, y, x0 + 5 * i + 4.5, y + 10))
            x = x0 + 5 * len(word)
        text += "\n"
        boxes.extend((x, y, x, y + 10))
    return text, boxes


def words(line: str, *columns: float, space: float = 5.0) -> list[tuple[str, float]]:
    """A line whose cells (split on '|') start at ``columns``; words ``space`` pt apart in
    a cell."""
    out: list[tuple[str, float]] = []
    for cell, x in zip(line.split("|"), columns, strict=True):
        for word in cell.split():
            out.append((word, x))
            x += 5 * len(word) + space
    return out


COLS = (72.0, 250.0, 400.0, 430.0)


@pytest.mark.parametrize("lines, rows", [
    # a tick table: the name and its purpose no longer run together
    (["In-scope service|Purpose|Q1|Q2", "Acme Data Warehouse|platform component|✔|✔",
      "Okta SSO|single sign-on||✔"],
     [["Acme Data Warehouse", "platform component", "✔", "✔"],
      ["Okta SSO", "single sign-on", "", "✔"]]),
    # a heading under the table ends it
    (["System|Purpose||", "Acme Portal|platform component||", "People|||"],
     [["Acme Portal", "platform component"]]),
    # a name wrapped onto a second line: the row is dropped, never read as "Acme Workforce"
    (["System|Purpose||", "Acme Workforce|scheduling||", "Scheduler|||",
      "Okta SSO|single sign-on||"],
     [["Okta SSO", "single sign-on"]]),
])
def test_unruled_table_rows_are_cut_at_the_header_columns(lines: list[str],
                                                           rows: list[list[str]]) -> None:
    text, boxes = page_of([words(line, *COLS) for line in lines])
    tables = list(_tables(text, boxes))
    assert tables[0][1:] == rows


@pytest.mark.parametrize("space", [5.0, 9.0, 12.0])
def test_a_font_set_with_wide_word_spacing_keeps_its_names_whole(space: float) -> None:
    # word spaces wider than 0.6 of a glyph box's height: the page's prose shows they are
    # word spaces, so "In-scope service" stays one heading and "Acme Data Warehouse" one name
    prose = ["The services below are in the scope of this report and run on the platform",
             "operated by the company from its offices and the hosting provider's regions"]
    table = ["In-scope service|Purpose|Q1|Q2", "Acme Data Warehouse|platform component|✔|✔"]
    text, boxes = page_of([*(words(line, 72.0, space=space) for line in prose),
                           *(words(line, 72.0, 250.0 + 5 * space, 500.0, 540.0, space=space)
                             for line in table)])
    tables = list(_tables(text, boxes))
    assert tables and tables[0][1:] == [["Acme Data Warehouse", "platform component", "✔", "✔"]]


def test_prose_is_no_unruled_table() -> None:
    prose = [[("System", 72.0), ("description", 112.0), ("of", 172.0), ("the", 187.0),
              ("platform", 207.0), ("follows", 252.0)],
             [("and", 72.0), ("runs", 97.0), ("on", 122.0), ("hosted", 137.0),
              ("servers", 172.0), ("throughout", 212.0), ("the", 267.0), ("year.", 287.0)]]
    text, boxes = page_of(prose)
    assert list(_tables(text, boxes)) == []


def test_unruled_rows_give_systems_through_the_components_section() -> None:
    text = ("Description of the Brightwell Platform System\nSystem Software\n"
            "In-scope service Purpose Q1 Q2\nBrightwell Data Warehouse platform component ✔ ✔\n")
    table = [["In-scope service", "Purpose", "Q1", "Q2"],
             ["Brightwell Data Warehouse", "platform component", "✔", "✔"]]
    systems, _, _, _ = components(text, [table])
    assert "Brightwell Data Warehouse" in {s.name for s in systems}


@pytest.mark.parametrize("environment", ["Production", "Disaster recovery", "DR site",
                                         "Staging environment", "Backup"])
def test_a_hosting_rows_environment_cell_is_no_system(environment: str) -> None:
    text = ("Description of the Brightwell Platform System\nInfrastructure\n"
            f"Environment Provider Region\n{environment} Amazon Web Services US East (N. "
            "Virginia) (us-east-1)\n")
    table = [["Environment", "Provider", "Region"],
             [environment, "Amazon Web Services", "US East (N. Virginia) (us-east-1)"]]
    systems, regions, _, _ = components(text, [table])
    assert environment not in {s.name for s in systems}
    assert "AWS us-east-1" in {r.name for r in regions}


@pytest.mark.parametrize("sentence", [
    "Sales offices are located in Manila, Philippines.",
    "Agents of user entities in Manila, Philippines access the system.",
    "A third-party call centre in Manila, Philippines handles overflow calls.",
    "A call centre in Manila, Philippines is a carved-out subservice organization.",
])
def test_a_place_named_as_someone_elses_is_no_site(sentence: str) -> None:
    text = ("Description of the Brightwell Platform System\nLocations\nCustomer support is "
            f"delivered from Denver, Colorado.\n{sentence}\n")
    _, _, sites, _ = components(text)
    names = {s.name for s in sites}
    assert "Denver, United States" in names and not any("Manila" in n for n in names)


def test_data_centre_rows_a_hosting_statement_announces_give_places() -> None:
    text = ("Description of the Brightwell Platform System\nSystem Components\nThe production "
            "environment is hosted in the following data centres:\nData Centre Location "
            "Provider\nLondon Google Cloud Platform\nAmsterdam Microsoft Azure\n")
    _, regions, sites, _ = components(text)
    assert {"Google Cloud europe-west2", "Azure westeurope"} <= {r.name for r in regions}
    assert {"London, United Kingdom", "Amsterdam, Netherlands"} <= {s.name for s in sites}


@pytest.mark.parametrize("status", ["Planned", "Decommissioned", "Inactive", "Pending"])
def test_a_region_on_a_line_whose_status_says_not_in_use_is_no_region(status: str) -> None:
    text = ("Description of the Brightwell Platform System\nInfrastructure\nThe system is "
            "hosted on Amazon Web Services.\nRegion Status\nUS East (N. Virginia) (us-east-1) "
            f"Active\nUS West (Oregon) (us-west-2) {status}\n")
    _, regions, _, _ = components(text)
    assert {r.name for r in regions} == {"AWS us-east-1"}


# --- places: "(in scope)" marks, hosting cells and sentences, city-states ---------------

OFFICES = ("Description of the Brightwell Platform System\nLocations\n"
           "The offices are listed below; only the offices marked “(in scope)” are within the "
           "boundaries of the system.\nOffice Address Function\n")


@pytest.mark.parametrize("rows, sites", [
    # the headquarters row is listed, unmarked: not a site (it was a false "covered")
    ([("Cebu City (in scope)", "25 Harbour Road, Cebu City, Philippines", "Support"),
      ("Charlotte (headquarters)", "113 Harbour Road, Charlotte, North Carolina", "Sales")],
     ["Cebu City"]),
    ([("Charlotte (headquarters)", "113 Harbour Road, Charlotte, North Carolina", "Sales"),
      ("Pune (in scope)", "12 King Street, Pune, India", "Support")],
     ["Pune"]),
])
def test_only_offices_marked_in_scope_are_sites(rows: list[tuple[str, str, str]],
                                                sites: list[str]) -> None:
    text = OFFICES + "".join(" ".join(r) + "\n" for r in rows)
    table = [["Office", "Address", "Function"], *[list(r) for r in rows]]
    for tables in ([table], None):  # read as a ruled table, and as plain lines
        _, _, found, _ = components(text, tables)
        assert [s.city for s in found] == sites


def test_without_marks_every_listed_office_stays_a_site() -> None:
    text = ("Description of the Brightwell Platform System\nLocations\n"
            "Support staff work from the centre in Cebu City, Philippines.\n"
            "Operations staff work from the office in Pune, India.\n")
    _, _, found, _ = components(text)
    assert sorted(s.city for s in found) == ["Cebu City", "Pune"]


@pytest.mark.parametrize("text, tables, sites, regions", [
    # a "Primary Infrastructure" row's hosting cell: provider and city
    ("Description of the Brightwell Platform System\nSystem Components\nPrimary Infrastructure\n"
     "Production Application Business Function Physical Location / Hosting\n"
     "Brightwell Atlas Case routing Google Cloud Platform – London\n",
     [[["Production Application", "Business Function", "Physical Location / Hosting"],
       ["Brightwell Atlas", "Case routing", "Google Cloud Platform – London"]]],
     ["London"], ["Google Cloud europe-west2"]),
    # a sentence of a components section saying where the platforms run, wrapped
    ("Description of the Brightwell Platform System\nSystem Boundaries\nThe boundaries of the "
     "system include the following platforms:\nBrightwell Atlas\nOkta SSO\nEach platform runs "
     "on Microsoft Azure infrastructure in\nAmsterdam.\n", None,
     ["Amsterdam"], ["Azure westeurope"]),
    # a vendor-hosted row names no place
    ("Description of the Brightwell Platform System\nSystem Components\n"
     "Production Application Business Function Physical Location / Hosting\n"
     "Okta SSO Single sign-on Vendor hosted (SaaS)\n",
     [[["Production Application", "Business Function", "Physical Location / Hosting"],
       ["Okta SSO", "Single sign-on", "Vendor hosted (SaaS)"]]], [], []),
])
def test_hosting_cells_and_sentences_give_sites_and_regions(
        text: str, tables: list[list[list[str]]] | None, sites: list[str],
        regions: list[str]) -> None:
    _, found_regions, found_sites, _ = components(text, tables)
    assert [s.city for s in found_sites] == sites
    assert [r.name for r in found_regions] == regions


def test_system_boundaries_bullets_are_systems_and_a_footnote_ends_them() -> None:
    text = ("The boundaries of the system include the following platforms:\nBrightwell Atlas\n"
            "Brightwell Relay¹\nOkta SSO\n¹ Partially in scope: Brightwell Relay was added on "
            "November 1st, 2025; its controls were tested from that date.\n")
    assert [n for n, _, _ in listed_names(text)] == ["Brightwell Atlas", "Brightwell Relay",
                                                     "Okta SSO"]


@pytest.mark.parametrize("line, places", [
    ("Hong Kong, Hong Kong", [("Hong Kong", "HK")]),
    ("Hong Kong, Hong Kong Paris, France", [("Paris", "FR"), ("Hong Kong", "HK")]),
    ("Singapore", [("Singapore", "SG")]),
    ("Tokyo, Japan", [("Tokyo", "JP")]),
    ("customers throughout Japan", []),  # a country that is more than one city: no site
    ("Luxembourg", []),
])
def test_a_city_state_on_a_places_line_is_its_city(line: str,
                                                   places: list[tuple[str, str]]) -> None:
    assert places_in(line, CATALOG) == places


@pytest.mark.parametrize("declared, status", [
    ("Hong Kong", "covered"),
    ("Hong Kong, Hong Kong", "covered"),
    # the catalog reads a town of a city-state as the city-state ("Kowloon, Hong Kong" is
    # Hong Kong): the city is the whole territory
    ("Kowloon, Hong Kong", "covered"),
    ("Shenzhen, China", "uncovered"),
    ("Macao", "uncovered"),
])
def test_a_hong_kong_data_centre_covers_hong_kong_only(declared: str, status: str) -> None:
    text = ("Description of the Brightwell Platform System\nInfrastructure\nThe production "
            "environment is hosted by Google Cloud Platform in the following data center "
            "locations:\nHong Kong, Hong Kong Paris, France\n")
    _, regions, sites, _ = components(text)
    assert "Google Cloud asia-east2" in {r.name for r in regions}
    document = dataclasses.replace(document_from_scope("", kind="soc2_type2"), sites=sites)
    item = StackItem(name=declared, type="site", line=1)
    assert decide(item, [document]).status == status


@pytest.mark.parametrize("line", [
    "Customer support is provided to clients throughout Japan.",
    "The company serves customers across Hong Kong and Macao from its office in Tokyo, Japan.",
])
def test_a_country_named_beside_a_city_covers_no_other_city(line: str) -> None:
    text = ("Description of the Brightwell Platform System\nLocations\n" + line + "\n")
    _, _, sites, _ = components(text)
    document = dataclasses.replace(document_from_scope("", kind="soc2_type2"), sites=sites)
    for declared in ("Osaka, Japan", "Kyoto, Japan"):
        item = StackItem(name=declared, type="site", line=1)
        assert decide(item, [document]).status == "uncovered"


def test_an_exclusion_after_a_table_naming_the_host_is_still_an_exclusion() -> None:
    text = ("Description of the Brightwell Platform System\nSystem Components\n"
            "Production Application Business Function Physical Location / Hosting Database\n"
            "Brightwell Atlas Case routing Google Cloud Platform – London MySQL 8.0\n"
            "Okta SSO Single sign-on Vendor hosted (SaaS) N/A\nLocations\n"
            "The boundaries of the system do not include the corporate office in Nashville,\n"
            "Tennessee, where no production systems are located.\nSubservice Organizations\n"
            "Google LLC (Google Cloud Platform) provides cloud hosting; it is carved out.\n")
    from scopegap.domain import Evidence, SubserviceOrg

    org = SubserviceOrg(name="Google LLC (Google Cloud Platform)", method="carve-out",
                        evidence=Evidence(1, "Google LLC (Google Cloud Platform)"))
    targets = [t for e in find_exclusions(report_of(HEAD + text), CATALOG, (org,))
               for t in e.targets]
    assert "Nashville" in targets


# --- the generator's shapes and their truth ------------------------------------------------

def test_socwild2_draws_the_real_table_shapes_with_their_truth() -> None:
    specs = [build(seed) for seed in range(60)]
    assert {s.shape for s in specs} == {None, "primary_infra", "boundaries"}
    assert {s.split for s in specs} == {None, "repeat", "bare"}
    assert any(s.office_table for s in specs) and any(s.marks_column for s in specs)
    for spec in specs:
        html = report_html(spec)
        data, _ = case(spec, "r.pdf", None)
        coverage = data["expect"]["coverage"]
        city, state = spec.hq
        if spec.office_table:
            assert "(in scope)" in html and f"{city} (headquarters)" in html
            assert coverage[f"{city}, {state}"] == "uncovered"  # listed, not marked
        if spec.shape == "primary_infra":
            assert "Physical Location / Hosting" in html
            assert all(p in html for p in spec.products)
        if spec.shape == "boundaries":
            assert "System Boundaries" in html
        if spec.split and (spec.shape == "primary_infra" or spec.office_table):
            assert "break-before: page" in html
        for product in spec.products:
            assert coverage[product] == "covered"


@pytest.mark.parametrize("sentence, method", [
    ("Controls of Twilio SendGrid relevant to the applicable criteria are included in the "
     "description and were tested as part of our examination.", "inclusive"),
    ("Controls of Twilio SendGrid are included in this description.", "inclusive"),
    # a legal form's full stop is no sentence end
    ("Controls of Twilio Inc. relevant to the applicable criteria are included in the "
     "description and were tested as part of our examination.", "inclusive"),
])
def test_the_inclusive_method_said_without_its_name(sentence: str, method: str) -> None:
    from scopegap.extract.soc.subservice import find_subservice
    from scopegap.ingest.text import PagedText

    text = (HEAD + "Description of the Brightwell Platform System\nThird-Party Providers\n"
            + sentence + "\n")
    report = report_of(text)
    whole = PagedText.of([line for line in report.lines if not line.furniture])
    orgs, _ = find_subservice(report, whole, LayoutResult(), CATALOG,
                              "Brightwell Technologies LLC")
    assert [(o.name.split()[0], o.method) for o in orgs] == [("Twilio", method)]


def test_the_holder_s_own_controls_in_the_description_name_no_organisation() -> None:
    from scopegap.extract.soc.subservice import find_subservice
    from scopegap.ingest.text import PagedText

    text = (HEAD + "Description of the Brightwell Platform System\nControl Environment\n"
            "Controls of Brightwell Technologies LLC are included in the description.\n")
    report = report_of(text)
    whole = PagedText.of([line for line in report.lines if not line.furniture])
    orgs, _ = find_subservice(report, whole, LayoutResult(), CATALOG,
                              "Brightwell Technologies LLC")
    assert orgs == ()


def test_offerings_written_name_colon_purpose_without_bullets() -> None:
    from scopegap.domain import Evidence, SystemRef
    from scopegap.extract.soc.systems import offerings
    from scopegap.ingest.text import PagedText

    text = ("Services Provided\nThe Brightwell Engage provides engagement services.\n"
            "The Engage includes:\nVoice API: voice calling from customer applications\n"
            "Numbers API: renting and porting phone numbers\n"
            "This description covers the Brightwell Engage.\n")
    report = report_of(text)
    whole = PagedText.of([line for line in report.lines if not line.furniture])
    named = [SystemRef("Brightwell Engage", Evidence(1, "Brightwell Engage"))]
    found = offerings(whole, named, CATALOG, "Brightwell Technologies LLC")
    assert [s.name for s in found] == ["Brightwell Voice API", "Brightwell Numbers API"]


def test_unruled_table_of_a_real_pdf_with_and_without_fast_pass_boxes(tmp_path: Path) -> None:
    from fpdf import FPDF

    from scopegap.extract.soc.unruled import pages_without_boxes, unruled_tables
    from scopegap.ingest.layout import read_tables
    from scopegap.ingest.pdf import read_pdf

    doc = FPDF()
    doc.add_page()
    doc.set_font("Helvetica", size=10)
    rows = [("In-scope service", "Purpose", "Q1", "Q2"),
            ("Acme Data Warehouse", "platform component", "Yes", "Yes"),
            ("Okta SSO", "single sign-on", "", "Yes")]
    for n, row in enumerate(rows):
        for text, x in zip(row, (20, 90, 150, 170), strict=True):
            doc.text(x, 40 + 7 * n, text)
    path = tmp_path / "table.pdf"
    doc.output(str(path))
    pdf = read_pdf(path)
    long_report = dataclasses.replace(  # a long report's fast pass keeps no boxes
        pdf, pages=tuple(dataclasses.replace(p, boxes=None) for p in pdf.pages))
    expected = {1: [[list(r) for r in rows]]}
    assert pages_without_boxes(pdf, [1]) == [] and pages_without_boxes(long_report, [1]) == [1]
    assert unruled_tables(pdf, [1], {}) == expected
    layout = read_tables(str(path), [1], boxes_for=pages_without_boxes(long_report, [1]))
    assert unruled_tables(long_report, [1], layout.boxed) == expected  # the layout's boxes
    assert unruled_tables(long_report, [1], {}) == {}  # no boxes anywhere: nothing, no error


def test_a_footnote_mark_column_is_no_component() -> None:
    text = ("Description of the Brightwell Platform System\nSystem Components\n"
            "Component Note Q1 Q2\nBrightwell Relay ¹ – ✓\nOkta SSO ✓ ✓\n"
            "¹ Partially in scope: Brightwell Relay was added to the system on 1 May 2025.\n")
    table = [["Component", "Note", "Q1", "Q2"], ["Brightwell Relay", "¹", "–", "✓"],
             ["Okta SSO", "", "✓", "✓"]]
    systems, _, _, _ = components(text, [table])
    names = {s.name for s in systems}
    assert "Brightwell Relay" in names and "Okta Workforce Identity" in names
    assert "Component" not in names
