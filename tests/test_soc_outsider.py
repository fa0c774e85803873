"""SOC 2 shapes the outsider generator (fixtures/generate_soc_outsider.py, written blind to the
extractor) found unread (issue 12, families 1-4): locations under a "People and Locations"
heading, a letterhead above the auditor's report, numbered control-matrix rows, zebra-striped
tables, description cells of a subservice table read as text."""

from __future__ import annotations

import pytest

from scopegap.extract.soc.components import find_components
from scopegap.extract.soc.controls import count_exceptions
from scopegap.extract.soc.parties import find_issuer
from scopegap.extract.soc.patterns import soc_patterns
from scopegap.extract.soc.sections import Outline, outline
from scopegap.extract.soc.subservice import find_subservice
from scopegap.extract.soc.tables import with_unruled
from scopegap.ingest.layout import LayoutResult, Table
from scopegap.ingest.pdf import TextPage
from scopegap.ingest.text import PagedText
from scopegap.match.catalog import load_catalog

CATALOG = load_catalog()
HEAD = "Independent Service Auditor's Report\nTo the Management of Brightwell Technologies LLC\n"


def report_of(text: str) -> Outline:
    page = TextPage(number=1, text=text, width=612.0, height=792.0, has_text=True)
    return outline((page,), soc_patterns().headings)


def whole(report: Outline) -> PagedText:
    return PagedText.of([line for line in report.lines if not line.furniture])


# --- where the system is operated from, under a heading that also names its people --------

@pytest.mark.parametrize("heading", [
    "People and Locations", "Personnel and Facilities", "Staff and Locations",
])
@pytest.mark.parametrize("body, cities", [
    ("Service delivery is performed by personnel located at operations centres in Madurai, "
     "India and Tampa, Florida.", {"Madurai", "Tampa"}),
    ("Operations are performed at the following locations:\nKrakow, Poland Customer support 120",
     {"Kraków"}),
])
def test_people_and_locations_heading_gives_sites(heading: str, body: str,
                                                  cities: set[str]) -> None:
    text = f"Description of the System\n{heading}\n{body}\nData\nCustomer data is encrypted.\n"
    _, _, sites, _ = find_components(None, report_of(HEAD + text), LayoutResult(),  # type: ignore[arg-type]
                                     CATALOG, [])
    assert {s.city for s in sites} >= cities


def test_people_heading_alone_is_not_a_locations_section() -> None:
    text = ("Description of the System\nPeople\nOur engineers were hired in Tampa, Florida.\n"
            "Data\nCustomer data is encrypted.\n")
    _, _, sites, _ = find_components(None, report_of(HEAD + text), LayoutResult(),  # type: ignore[arg-type]
                                     CATALOG, [])
    assert not sites


# --- the audit firm named only on its letter paper, above the report's title --------------

@pytest.mark.parametrize("letterhead, firm", [
    ("HOLLOWAY & COMPANY, LLP\nCertified Public Accountants\n100 Commerce Street | Denver, CO",
     "HOLLOWAY & COMPANY, LLP"),
    ("Norcross & Underhill P.C.\nCertified Public Accountants", "Norcross & Underhill P.C."),
    ("YARDLEY ASSURANCE LLP\nwww.yardley.example", "YARDLEY ASSURANCE LLP"),
])
def test_letterhead_above_the_title_names_the_issuer(letterhead: str, firm: str) -> None:
    text = (f"{letterhead}\nSection 1 - Independent Service Auditor's Report\n"
            "To the Board of Directors of Brightwell Technologies LLC\nScope\n"
            "We have examined the description.\nOpinion\nIn our opinion, in all material "
            "respects, the description is fairly presented.\nDenver, Colorado\nMarch 3, 2026\n")
    report = report_of(text)
    section = report.get("auditor_report")
    assert section is not None
    issuer = find_issuer(report, PagedText.of(report.body(section)), whole(report), CATALOG,
                         "Brightwell Technologies LLC")
    assert issuer is not None and issuer.value == firm


def test_holder_letterhead_is_not_the_issuer() -> None:
    text = ("BRIGHTWELL TECHNOLOGIES LLC\nIndependent Service Auditor's Report\n"
            "To the Board of Directors of Brightwell Technologies LLC\nOpinion\nIn our opinion, "
            "in all material respects, the description is fairly presented.\n")
    report = report_of(text)
    section = report.get("auditor_report")
    assert section is not None
    issuer = find_issuer(report, PagedText.of(report.body(section)), whole(report), CATALOG,
                         "Brightwell Technologies LLC")
    assert issuer is None


# --- deviations with the same wording in two numbered rows are two ------------------------

ROWS = """{n1} CC6.3 User access reviews are performed
quarterly.
Inspected evidence for a
sample of items.
Exception noted. For 1 of 25
samples tested, the control
was not performed within
the required time frame.
{n2} CC8.1 Code changes are peer reviewed
and tested before release.
Inspected evidence for a
sample of items.
{r2}
samples tested, the control
was not performed within
the required time frame.
"""


@pytest.mark.parametrize("n1, n2, r2, count", [
    ("8.", "11.", "Exception noted. For 1 of 25", 2),
    ("8)", "11)", "Exception noted. For 1 of 25", 2),
    ("8", "11", "Exception noted. For 1 of 25", 2),
    ("8.", "11.", "No exceptions noted. For 1 of 25", 1),
])
def test_numbered_rows_count_their_deviations(n1: str, n2: str, r2: str, count: int) -> None:
    text = ("Section 4 - Trust Services Criteria, Related Controls and Tests of Controls\n"
            "# Criteria Control Activity Test Performed Results\n"
            + ROWS.format(n1=n1, n2=n2, r2=r2))
    assert count_exceptions(report_of(text)) == count


# --- a zebra-striped table: stripes read as tables of their own -----------------------------

@pytest.mark.parametrize("ruled, unruled, rows", [
    # shaded stripes as one-row tables: the rows between them come from the unruled reading
    ([[["Software", "Purpose"]], [["Jenkins", "Builds"]]],
     [[["Software", "Purpose"], ["Jenkins", "Builds"], ["Okta¹", "Single sign-on"]]],
     ["Jenkins", "Okta¹"]),
    # a ruled table that has every row: nothing read twice
    ([[["Software", "Purpose"], ["Jenkins", "Builds"]]],
     [[["Software", "Purpose"], ["Jenkins", "Builds"]]], ["Jenkins"]),
    # no ruled table at all
    ([], [[["Software", "Purpose"], ["Zendesk", "Tickets"]]], ["Zendesk"]),
])
def test_zebra_rows_come_from_the_unruled_reading(ruled: list[Table], unruled: list[Table],
                                                  rows: list[str]) -> None:
    merged = with_unruled(ruled, unruled)
    names = [row[0] for table in merged for row in table if row[0] not in ("Software",)]
    assert names == rows


# --- a subservice table read as text: its description cells name no organisation -----------

SUBSERVICE = """Description of the System
Subservice Organizations
Subservice Organization Services Provided Complementary Subservice Organization Controls
Microsoft Corporation (Azure) Cloud hosting (IaaS/PaaS) Physical access to data centres
Twilio SendGrid Transactional e-mail delivery Physical access to data centres is restricted
Twilio Inc. Voice and SMS telephony Content delivery is monitored.
The controls of these subservice organizations are excluded (carve-out method).
Complementary User Entity Controls
User entities are responsible for their own users.
"""


@pytest.mark.parametrize("with_rows", [True, False])
def test_subservice_description_cells_are_no_organisations(with_rows: bool) -> None:
    report = report_of(HEAD + SUBSERVICE)
    rows: list[list[str]] = [
        ["Subservice Organization", "Services Provided", "Complementary Subservice "
         "Organization Controls"],
        ["Microsoft Corporation (Azure)", "Cloud hosting (IaaS/PaaS)", "Physical access"],
        ["Twilio SendGrid", "Transactional e-mail delivery", "Physical access"],
        ["Twilio Inc.", "Voice and SMS telephony", "Content delivery is monitored."],
    ]
    layout = LayoutResult(tables={1: [rows]}) if with_rows else LayoutResult()
    orgs, _ = find_subservice(report, whole(report), layout, CATALOG,
                              "Brightwell Technologies LLC")
    names = [o.name for o in orgs]
    assert not {"Physical", "Voice", "Content", "Transactional"} & set(names)
    if with_rows:  # the row says where the name ends
        assert not any(n.endswith("Transactional") for n in names)
    assert any(n.startswith("Twilio SendGrid") for n in names)


# --- a region's display name in a cell of its own, the provider in another -----------------

@pytest.mark.parametrize("line, want", [
    ("Disaster recovery Application servers; Azure, West Europe region", {"Azure westeurope"}),
    ("Production | Application servers | Microsoft Azure | Central US region",
     {"Azure centralus"}),
    ("Production | Microsoft Azure | South Central US", {"Azure southcentralus"}),
    ("Production | Microsoft Azure | East US 2", {"Azure eastus2"}),
    ("Production | Amazon Web Services | Europe (London) region", {"AWS eu-west-2"}),
    # two providers on the line: which one hosts the region is not said
    ("Production | Microsoft Azure and AWS | West Europe", set()),
    # no provider: "West Europe" is plain geography
    ("Customer support for West Europe", set()),
])
def test_display_name_regions_beside_their_provider(line: str, want: set[str]) -> None:
    text = f"Description of the System\nInfrastructure\n{line}\nData\nCustomer data.\n"
    _, regions, _, _ = find_components(None, report_of(HEAD + text), LayoutResult(),  # type: ignore[arg-type]
                                       CATALOG, [])
    assert {r.name for r in regions} == want


# --- the place under the opinion is where it was signed, not a firm "P.A." ------------------

@pytest.mark.parametrize("place", ["Philadelphia, PA", "Louisville, Kentucky", "Tampa, FL."])
def test_signing_place_is_not_the_issuer(place: str) -> None:
    text = ("UNDERHILL & COMPANY, LLP\n7121 Commerce Street | www.underhill.example\n"
            "Independent Service Auditor's Report\n"
            "To the Board of Directors of Brightwell Technologies LLC\nOpinion\nIn our opinion, "
            f"in all material respects, the description is fairly presented.\n{place}\n"
            "July 22, 2025\n")
    report = report_of(text)
    section = report.get("auditor_report")
    assert section is not None
    issuer = find_issuer(report, PagedText.of(report.body(section)), whole(report), CATALOG,
                         "Brightwell Technologies LLC")
    assert issuer is not None and issuer.value == "UNDERHILL & COMPANY, LLP"


# --- a legal form's stop, then the short form: the sentence goes on -------------------------

@pytest.mark.parametrize("sentence, method", [
    ("The controls of Amazon Web Services, Inc. (AWS) are included in this report "
     "(inclusive method).", "inclusive"),
    ("The controls of Amazon Web Services, Inc. are included in this report (inclusive "
     "method).", "inclusive"),
    ("The controls of Amazon Web Services, Inc. (AWS) are excluded (carve-out method).",
     "carve-out"),
])
def test_method_sentence_after_a_legal_form(sentence: str, method: str) -> None:
    text = (HEAD + "Description of the System\nSubservice Organizations\n"
            "Brightwell uses the carve-out method for Cloudflare, Inc. for content delivery.\n"
            f"{sentence}\nComplementary User Entity Controls\nUser entities are responsible.\n")
    report = report_of(text)
    orgs, _ = find_subservice(report, whole(report), LayoutResult(), CATALOG,
                              "Brightwell Technologies LLC")
    assert {o.method for o in orgs if o.name.startswith("Amazon")} == {method}


# --- a town printed with its own country, even a town that is also a word -------------------

@pytest.mark.parametrize("line, want", [
    ("Reading, United Kingdom Customer support 120", {("Reading", "GB")}),
    ("Service delivery is performed in Laval, Canada.", {("Laval", "CA")}),
    ("centres in Kolkata, India and Bandar Seri Begawan, Brunei.",
     {("Kolkata", "IN"), ("Bandar Seri Begawan", "BN")}),
    ("Sacramento, CA Leuven, Belgium", {("Sacramento", "US"), ("Leuven", "BE")}),
    ("Our teams Reading, Writing and Testing work remotely.", set()),
])
def test_towns_printed_with_their_country(line: str, want: set[tuple[str, str]]) -> None:
    from scopegap.extract.soc.locations import places_in

    assert set(places_in(line, CATALOG)) == want
