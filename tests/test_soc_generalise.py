"""SOC extraction that generalises (issue 12, families 1-4), one table per extractor:
headings wrapped over two lines, data-centre cities to provider regions, exclusions per item
(carve-outs and the opinion's "except for" are not exclusions), the audit firm from the
letterhead / footer / cover, own products are not subservice organisations, CUEC
paragraphs, image-only pages outside the description, and "(SOC) 2" titles."""

from __future__ import annotations

import pytest

from scopegap.domain import RegionRef, SiteRef, SubserviceOrg
from scopegap.extract.classify import classify_report
from scopegap.extract.soc.components import _unwrapped
from scopegap.extract.soc.controls import find_cuecs
from scopegap.extract.soc.exclusions import find_exclusions, table_exclusions
from scopegap.extract.soc.locations import add_places, hosting_provider
from scopegap.extract.soc.parties import find_holder, find_issuer
from scopegap.extract.soc.patterns import soc_patterns
from scopegap.extract.soc.sections import DocLine, Outline, outline
from scopegap.extract.soc.subservice import _is_holder
from scopegap.extract.soc.tables import is_header_cell
from scopegap.ingest.pdf import TextPage
from scopegap.ingest.text import PagedText
from scopegap.match.catalog import load_catalog


def pages(*texts: str) -> tuple[TextPage, ...]:
    return tuple(TextPage(number=n, text=t, width=595.0, height=842.0, has_text=bool(t))
                 for n, t in enumerate(texts, 1))


def report_of(*texts: str) -> Outline:
    return outline(tuple(p for p in pages(*texts) if p.has_text), soc_patterns().headings)


@pytest.mark.parametrize("title, kind", [
    ("System and Organization Controls (SOC) 2 Type 2 Report", "soc2_type2"),
    ("System and Organization Controls (SOC) 3 Report", "soc3"),
    ("SOC 2® Type I Report", "soc2_type1"),
])
def test_report_titles_classify(title: str, kind: str) -> None:
    body = ("Independent Service Auditor's Report\nWe have examined the description. In our "
            "opinion, in all material respects, the controls were suitably designed.\n"
            "attestation standards established by the AICPA.")
    found = classify_report(pages(f"{title}\nQuillon Software, Inc.", body))
    assert found is not None and found.kind == kind


@pytest.mark.parametrize("lines, key, title", [
    (["IV. Trust Services Criteria, Related Controls and Tests of", "Controls", "CC1.1 text"],
     "tests", "IV. Trust Services Criteria, Related Controls and Tests of"),
    (["III. Description of Quillon Software, Inc.'s Quillon", "Engage System", "Overview"],
     "description", "III. Description of Quillon Software, Inc.'s Quillon"),
])
def test_wrapped_top_level_titles(lines: list[str], key: str, title: str) -> None:
    report = report_of("\n".join(lines))
    section = report.get(key)
    assert section is not None and section.title == title


@pytest.mark.parametrize("above", [
    "We have examined Quillon Software, Inc.'s accompanying description of its",
    "We have examined the description of the system of Quillon Software, Inc., the",
    "We have examined the accompanying description, as",
])
def test_a_line_that_continues_a_sentence_is_no_heading(above: str) -> None:
    # the auditor's report quoting the description's title inside its scope sentence
    report = report_of(AUDITOR + above + "\nQuillon system titled \"Quillon Software, Inc.'s "
                       "Description of Its Quillon System\"\nthroughout the period.\n"
                       + OPINION)
    assert report.get("description") is None


@pytest.mark.parametrize("label", ["Attachment A", "Section A", "PART A", "Exhibit A:"])
def test_a_lettered_label_over_a_title_ends_no_sentence(label: str) -> None:
    assert report_of(f"{label}\n{AUDITOR}{OPINION}").get("auditor_report") is not None


@pytest.mark.parametrize("cover", [
    "Report on Quillon Software, Inc.'s Description of Its Quillon Engage System",
    "Report on Management's Assertion and Description of the Quillon Engage System",
])
def test_a_covers_report_title_is_no_section(cover: str) -> None:
    report = report_of(f"SOC 2 Type 2 Report\n{cover}", AUDITOR + OPINION,
                       "Description of Quillon Software, Inc.'s Quillon Engage System\n"
                       "Software\nZendesk Support")
    description = report.get("description")
    assert description is not None and description.title.startswith("Description of")
    assert report.get("software") is not None


def test_a_title_on_the_next_page_after_an_open_cover_line_is_a_heading() -> None:
    # the cover's title ends in a comma and its year is read as page furniture
    cover = ("1\nSOC 2 Type 2 Report\nReport on the Quillon Suite for the period June 30, "
             "2025 to June 30,\n2026")
    report = report_of(cover, "2\nSection 1\nIndependent Service Auditor's Report\n" + OPINION,
                       "3\nSection 2\nOther text", "4\nSection 3\nOther text")
    assert report.get("auditor_report") is not None


def test_a_running_header_is_never_the_first_line_of_a_title() -> None:
    header = "Castellan Assurance Partners, P.C. | Quillon — SOC 2 Type 2 Report"
    texts = [f"{header}\n{AUDITOR}{OPINION}", f"{header}\nManagement's Assertion\nWe "
             "confirm that the description presents the system.",
             f"{header}\nSystem Description\nOverview", f"{header}\nOther text"]
    assertion = report_of(*texts).get("assertion")
    assert assertion is not None and assertion.title == "Management's Assertion"


@pytest.mark.parametrize("heading", [
    "Section 4 Trust Services Criteria, Controls, Tests and Results",
    "IV. Trust Services Criteria, Related Controls, Tests and Results of Tests",
    "Section IV Testing Matrices",
    "4. Trust Services Criteria, Related Controls and Tests of Controls",
])
def test_tests_section_headings(heading: str) -> None:
    section = report_of(heading + "\nCC6.1 Access requires MFA. No exceptions noted.").get("tests")
    assert section is not None


@pytest.mark.parametrize("line", [
    "Management's response: the exceptions noted in the tests of controls were",
    "This report, including the description of tests of controls and results thereof in",
    "Description of Tests of Controls",  # a paragraph heading of the auditor's report
])
def test_prose_and_report_paragraphs_are_no_tests_section(line: str) -> None:
    assert report_of(line + "\nfixed later").get("tests") is None


def test_standards_titles_exclude_nothing() -> None:
    report = report_of("I. Independent Service Auditor's Report\nWe conducted our examination "
                       "in accordance with ISAE 3000 (Revised), Assurance Engagements Other "
                       "Than Audits or Reviews of Historical Financial Information.")
    assert find_exclusions(report, CATALOG, []) == ()


CATALOG = load_catalog()


@pytest.mark.parametrize("line, provider, sites, regions", [
    ("London, United Kingdom Amsterdam, Netherlands", "azure",
     {"London, United Kingdom", "Amsterdam, Netherlands"}, {"Azure uksouth", "Azure westeurope"}),
    ("hosted in Amazon Web Services data centers located in Dublin, Ireland", None,
     {"Dublin, Ireland"}, {"AWS eu-west-1"}),
    ("Montreal, Canada | Google Cloud Platform | Primary", None, {"Montreal, Canada"},
     {"Google Cloud northamerica-northeast1"}),
    ("Nairobi, Kenya; Pune, India", None, {"Nairobi, Kenya", "Pune, India"}, set()),
    # two providers on one line: which region is meant is unknown, so none
    ("London, United Kingdom (AWS and Microsoft Azure)", None, {"London, United Kingdom"}, set()),
    # an office or a colocation operator's building is no region of the section's provider,
    # and each sentence of a line names its own provider
    ("The Company's offices are in London and Dublin. Production runs on AWS in N. Virginia.",
     "aws", {"London, United Kingdom", "Dublin, Ireland"}, set()),
    ("Primary: Equinix LD5, London. Secondary: Equinix FR2, Frankfurt.", "aws",
     {"London, United Kingdom", "Frankfurt, Germany"}, set()),
    ("Headquartered in Dublin, Ireland", "aws", {"Dublin, Ireland"}, set()),
    ("Offices in Denver. AWS data centers in Dublin, Ireland.", None,
     {"Denver, United States", "Dublin, Ireland"}, {"AWS eu-west-1"}),
])
def test_cities_become_sites_and_regions(line: str, provider: str | None, sites: set[str],
                                         regions: set[str]) -> None:
    got_sites: dict[str, SiteRef] = {}
    got_regions: dict[str, RegionRef] = {}
    add_places(line, 4, provider, CATALOG, got_sites, got_regions)
    assert set(got_sites) == sites
    assert set(got_regions) == regions


def test_a_city_wrapped_away_from_its_country_stays_with_it() -> None:
    """"... located in Changhua, Taiwan and Querétaro," / "Mexico.": read line by line, the
    first line names Taiwan only, so Querétaro looked like a namesake and was dropped."""
    lines = [DocLine(0, 5, "The Suite is hosted in Google Cloud Platform data centers located in"),
             DocLine(1, 5, "Changhua, Taiwan and Querétaro,"), DocLine(2, 5, "Mexico."),
             DocLine(3, 5, "London, United Kingdom"), DocLine(4, 5, "Amsterdam, Netherlands")]
    units = _unwrapped(lines, CATALOG)
    assert [text for text, _ in units] == [
        "The Suite is hosted in Google Cloud Platform data centers located in Changhua, Taiwan "
        "and Querétaro, Mexico.", "London, United Kingdom", "Amsterdam, Netherlands"]
    got_sites: dict[str, SiteRef] = {}
    got_regions: dict[str, RegionRef] = {}
    add_places(units[0][0], units[0][1], None, CATALOG, got_sites, got_regions)
    assert set(got_regions) == {"Google Cloud asia-east1", "Google Cloud northamerica-south1"}


def test_a_country_name_wrapped_over_two_lines_is_one_name() -> None:
    """"... Changhua, Taiwan and London, United" / "Kingdom.": London's country is on the next
    line, and "Dallas, United States" names a country that is also a group."""
    lines = [DocLine(0, 5, "The Suite is hosted in Google Cloud Platform data centers located in"
                           " Changhua, Taiwan and London, United"),
             DocLine(1, 5, "Kingdom."),
             DocLine(2, 5, "Also hosted in Google Cloud data centers in Dallas, United States and"
                           " Delhi, India.")]
    units = _unwrapped(lines, CATALOG)
    assert len(units) == 2 and units[0][0].endswith("London, United Kingdom.")
    got_sites: dict[str, SiteRef] = {}
    got_regions: dict[str, RegionRef] = {}
    for text, page in units:
        add_places(text, page, None, CATALOG, got_sites, got_regions)
    assert {"London, United Kingdom", "Dallas, United States"} <= set(got_sites)
    assert {"Google Cloud europe-west2", "Google Cloud us-south1"} <= set(got_regions)


@pytest.mark.parametrize("first, second, site", [
    ("delivered from the following in-scope locations: Kuala", "Lumpur, Malaysia; Chennai, "
     "India.", "Kuala Lumpur, Malaysia"),
    ("Support is delivered from our offices in San", "José, Costa Rica and Chennai, India.",
     "San José, Costa Rica"),
])
def test_a_city_name_wrapped_over_two_lines_is_one_name(first: str, second: str,
                                                        site: str) -> None:
    lines = [DocLine(0, 5, first), DocLine(1, 5, second), DocLine(2, 5, "Other text.")]
    units = _unwrapped(lines, CATALOG)
    assert [text for text, _ in units] == [f"{first} {second}", "Other text."]
    got_sites: dict[str, SiteRef] = {}
    add_places(units[0][0], 5, None, CATALOG, got_sites, {}, listed=True)
    assert site in got_sites and "Chennai, India" in got_sites


@pytest.mark.parametrize("line, others, regions", [
    # the cloud provider's own data centre city gives its region
    ("Primary data center | Ashburn, Virginia", [], {"AWS us-east-1"}),
    # a colocation company's building in that city does not
    ("Primary colocation | Ashburn, Virginia | Equinix", ["Equinix, Inc."], set()),
    ("Secondary facility | Ashburn, Virginia | Digital Realty", ["Digital Realty Trust, Inc."],
     set()),
    ("Backup site | Ashburn, Virginia | CoreSite", ["CoreSite Realty Corporation"], set()),
    ("Co-location cage in Ashburn, Virginia", [], set()),
])
def test_a_colocation_facility_is_no_cloud_region(line: str, others: list[str],
                                                  regions: set[str]) -> None:
    got_sites: dict[str, SiteRef] = {}
    got_regions: dict[str, RegionRef] = {}
    add_places(line, 4, "aws", CATALOG, got_sites, got_regions, others=others)
    assert "Ashburn, United States" in got_sites  # the facility is still a site
    assert set(got_regions) == regions


@pytest.mark.parametrize("section, orgs, provider", [
    ("The platform is hosted by Microsoft Azure in the following data centers:", [], "azure"),
    ("The platform runs in these data centers:", ["Amazon Web Services (AWS)", "Twilio Inc."],
     "aws"),
    ("Hosted by AWS with a standby in Google Cloud:", [], None),
    ("The platform runs in these data centers:", ["AWS", "Microsoft Azure"], None),
])
def test_hosting_provider(section: str, orgs: list[str], provider: str | None) -> None:
    assert hosting_provider(section, orgs, CATALOG) == provider


DESCRIPTION = "III. Description of Quillon Software, Inc.'s Quillon Engage System\n"


@pytest.mark.parametrize("boundaries, excluded, kept", [
    ("The Quillon Mobile services including the Quillon Mobile SDK are not in scope of this "
     "report.", ["Quillon Mobile", "Quillon Mobile SDK"], []),
    ("Quillon Analytics is not in scope. Quillon Analytics on Virtual Machines is in scope.",
     ["Quillon Analytics"], ["Quillon Analytics on Virtual Machines"]),
    ("Five9 and Calabrio ONE are not covered in this SOC report.", ["Five9", "Calabrio ONE"], []),
    ("This report does not cover Zendesk Talk.", ["Zendesk Suite"], []),
    # a carve-out is not an exclusion
    ("The services provided by Amazon Web Services are excluded from the scope of this "
     "report.", [], ["Amazon Web Services"]),
    # the list after a colon that ends its line: one sentence, or bullets
    ("The following services are excluded from the scope of this report:\nPlayvox; Avaya "
     "AXP. Quillon Analytics is in scope.", ["Playvox", "Avaya Experience Platform"],
     ["Quillon Analytics"]),
    ("The following services are excluded from the scope of this report:\n\u2022 Five9\n"
     "\u2022 Calabrio ONE\n", ["Five9", "Calabrio ONE"], []),
])
def test_exclusions_per_item(boundaries: str, excluded: list[str], kept: list[str]) -> None:
    from scopegap.domain import Coverage  # noqa: F401  (the coverage types load the catalog)
    from scopegap.match.exclusions import _names_in

    report = report_of(DESCRIPTION + "System Boundaries\n" + boundaries)
    orgs = [SubserviceOrg("Amazon Web Services", "carve-out", _evidence())]
    found = find_exclusions(report, CATALOG, orgs)
    targets = [t for e in found for t in e.targets]
    for name in excluded:
        tool = CATALOG.tool_by_alias(name)
        assert any((tool is not None and CATALOG.tool_by_alias(t) == tool)
                   or _names_in([name], t, CATALOG) for t in targets), (name, targets)
    for name in kept:
        assert not any(_names_in([name], t, CATALOG) for t in targets), (name, targets)
    assert all(e.evidence.text for e in found)


def test_except_for_in_the_opinion_excludes_nothing() -> None:
    report = report_of("I. Independent Service Auditor's Report\nQualified Opinion\nIn our "
                       "opinion, except for the matter described above, in all material "
                       "respects, the controls of Five9 operated effectively.")
    assert find_exclusions(report, CATALOG, []) == ()


@pytest.mark.parametrize("cells, excluded", [
    (["Legacy CRM", "not part of the system", "No"], True),
    (["Quillon Engage", "customer-facing service", "Yes"], False),
    (["Five9", "telephony"], False),
])
def test_scope_table_no_rows(cells: list[str], excluded: bool) -> None:
    found = table_exclusions([(5, cells)])
    assert bool(found) == excluded
    assert all(e.targets == (cells[0],) for e in found)


def _evidence():  # type: ignore[no-untyped-def]
    from scopegap.domain import Evidence

    return Evidence(1, "x")


AUDITOR = "I. Independent Service Auditor's Report\n"
OPINION = ("Opinion\nIn our opinion, in all material respects, the controls operated "
           "effectively.\n")


FOOTER = tuple(f"{AUDITOR if n == 1 else 'Other text'}\npage {n} content\n"
               f"(c) 2025 Varley & Sallis LLP. All rights reserved.\n"
               + (OPINION + "Denver, Colorado" if n == 1 else "") for n in range(1, 5))


@pytest.mark.parametrize("texts, firm", [
    # letterhead over the report, signature an image
    ((AUDITOR + "DUNMORE & COMPANY, P.C.\n880 Commerce Drive, Jacksonville, Florida\n"
      "To the Management of Tambum Cloud Services Ltd:\n" + OPINION + "Jacksonville, Florida",),
     "DUNMORE & COMPANY, P.C."),
    # only a copyright footer on every page
    (FOOTER, "Varley & Sallis LLP"),
    # a conformed signature under the opinion
    ((AUDITOR + "To the Management of Quillon LLC:\n" + OPINION + "/s/ Carrow CPAs, PLLC\n"
      "Denver, Colorado",), "Carrow CPAs, PLLC"),
    # ... under a Type 2 opinion that names its period three times over six lines, then a
    # restricted-use paragraph
    ((AUDITOR + "To the Management of Quillon LLC:\nOpinion\nIn our opinion, in all "
      "material respects, the description presents the Quillon\n" + "system that was "
      "designed and implemented throughout the period from September 1st,\n2024 to "
      "November 30th, 2024, the controls stated in the description were suitably\n" * 3
      + "designed and operated effectively throughout the period.\nRestricted Use\nThis "
      "report is intended solely for the information and use of Quillon, user\nentities "
      "of the Quillon system and prospective user entities, and is not intended to\nbe "
      "used by anyone other than these specified parties.\n/s/ Holloway Assurance LLP\n"
      "Atlanta, Georgia",), "Holloway Assurance LLP"),
    # a footer naming a firm whose name has a full stop in it
    (tuple(f"{AUDITOR if n == 1 else 'Other text'}\npage {n} content\n(c) 2025 Quarles, "
           f"Elling & Co. LLP. All rights reserved.\n" + (OPINION if n == 1 else "")
           for n in range(1, 5)), "Quarles, Elling & Co. LLP"),
] + [
    # a copyright footer whose firm ends in a dotted legal form, then the sentence's stop
    (tuple(f"{AUDITOR if n == 1 else 'Other text'}\npage {n} content\n(c) 2026 Norcott "
           f"Whitlock, {form}. All rights reserved.\n" + (OPINION if n == 1 else "")
           for n in range(1, 5)), f"Norcott Whitlock, {form}")
    for form in ("P.C.", "P.A.")
] + [
    # a running footer that opens with the firm, without a copyright sign
    (tuple(f"{AUDITOR if n == 1 else 'Other text'}\npage {n} content\nBrisling Tate CPAs, "
           f"P.C. | Confidential\n" + (OPINION if n == 1 else "") for n in range(1, 5)),
     "Brisling Tate CPAs, P.C."),
    # only the cover
    (("SOC 3 Report\nPrepared by Norcott, Sallis & Co. LLP",
      AUDITOR + "To the Board of Directors of Quillon LLC:\n" + OPINION + "Denver, Colorado"),
     "Norcott, Sallis & Co. LLP"),
])
def test_issuer_without_a_signature_line(texts: tuple[str, ...], firm: str) -> None:
    report = report_of(*texts)
    auditor = report.get("auditor_report")
    assert auditor is not None
    text = PagedText.of(report.body(auditor))
    whole = PagedText.of([line for line in report.lines if not line.furniture])
    got = find_issuer(report, text, whole, CATALOG, "Quillon LLC")
    assert got is not None and got.value == firm


def test_issuer_is_never_the_service_organisation() -> None:
    report = report_of(AUDITOR + "To the Management of QUILLON DATA LLC\n" + OPINION,
                       "QUILLON DATA LLC\n")
    auditor = report.get("auditor_report")
    assert auditor is not None
    text = PagedText.of(report.body(auditor))
    got = find_issuer(report, text, text, CATALOG, "Quillon Data LLC")
    assert got is None or "quillon" not in got.value.casefold()


@pytest.mark.parametrize("name, own", [
    ("Quillon Engage", True), ("Quillon", True), ("Amazon Web Services", False),
    ("Twilio SendGrid", False)])
def test_own_products_are_not_subservice_organisations(name: str, own: bool) -> None:
    assert _is_holder(name, "Quillon Software, Inc.", CATALOG) == own


@pytest.mark.parametrize("body, count", [
    ("1. User entities are responsible for removing leavers.\n2. User entities are "
     "responsible for MFA.", 2),
    ("User entities are responsible for removing leavers in a timely\nmanner.\nUser entities "
     "are responsible for reviewing audit logs.\nCustomers are responsible for API keys.", 3),
    ("- User entities are responsible for removing leavers.", 1),
])
def test_cuec_layouts(body: str, count: int) -> None:
    report = report_of(DESCRIPTION + "Complementary User Entity Controls\nThe controls were "
                       "designed with the assumption that user entities act.\n" + body)
    assert len(find_cuecs(report)) == count


def test_an_announced_list_after_the_colon() -> None:
    report = report_of(DESCRIPTION + "System Boundaries\nThe following services are excluded "
                       "from the scope of this report: UJET; Nexidia.")
    targets = [t for e in find_exclusions(report, CATALOG, []) for t in e.targets]
    assert "UJET" in targets and "NICE Nexidia" in targets
    assert not any("following" in t for t in targets)


@pytest.mark.parametrize("cell, header", [
    ("Hosting location", True),
    ("Business Function", True),
    ("Services Provided", True),
    ("Treatment", True),
    ("Operating System", True),
    ("Component", True),
    ("Application servers", False),
    ("Amazon Web Services, Inc. (AWS)", False),
    ("US East (N. Virginia)", False),
    ("Okta", False),
    ("Data Exchange API", False),
])
def test_table_header_cells(cell: str, header: bool) -> None:
    assert is_header_cell(cell) is header


@pytest.mark.parametrize("addressee, holder", [
    ("To the Management of Plivo Inc", "Plivo Inc"),
    ("To the Board of Directors of Meridia Health, Inc.", "Meridia Health, Inc."),
    ("To the Board of Directors and Management of Quillon Software, Inc.:",
     "Quillon Software, Inc."),
    ("To the Board of Directors, Management and Audit Committee of Halden Data Ltd",
     "Halden Data Ltd"),
])
def test_the_addressee_is_the_holder(addressee: str, holder: str) -> None:
    report = report_of(addressee + "\nWe have examined Quillon's accompanying description of "
                       "its system.")
    text = PagedText.of(report.lines)
    found = find_holder(text, text, CATALOG)
    assert found is not None and found.value == holder


@pytest.mark.parametrize("scope, tool", [
    # OCR lost "à l'" of "à l'exclusion de": the core phrase still excludes
    ("Prestation de services avec Genesys Cloud CX, a - exclusion de Zendesk Suite.",
     "Zendesk Suite"),
    ("Prestation de services avec Genesys Cloud CX, exception du Zendesk Suite.",
     "Zendesk Suite"),
    # a stray mark read between "l'exclusion" and "du"
    ("Prestation de services avec Genesys Cloud CX, a l'exclusion i du Zendesk Suite.",
     "Zendesk Suite"),
])
def test_a_french_exclusion_read_off_a_scan_still_excludes(scope: str, tool: str) -> None:
    from scopegap.domain import StackItem
    from scopegap.match.coverage import decide
    from scopegap.match.evaluate import document_from_scope

    document = document_from_scope(scope)
    assert decide(StackItem(tool, "tool", 1), [document]).status == "excluded"
    assert decide(StackItem("Genesys Cloud CX", "tool", 1), [document]).status == "covered"
