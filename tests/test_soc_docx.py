"""SOC 2 reports written in Word (fixtures/socdocx, issue 12 families 1-4): what Word's layout
does to the text layer (Symbol-font bullets, footnote numbers glued to a cell, cells wrapped in
narrow columns, merged category cells, firm names only in running footers or a letterhead,
quoted titles wrapping onto a line of their own) and the readings it needs."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

from scopegap.domain import Evidence, SystemRef
from scopegap.extract.soc.components import _provided_by, find_components
from scopegap.extract.soc.exclusions import find_exclusions
from scopegap.extract.soc.parties import find_issuer
from scopegap.extract.soc.patterns import soc_patterns
from scopegap.extract.soc.sections import Outline, outline
from scopegap.extract.soc.subservice import find_subservice
from scopegap.extract.soc.systems import scope_systems
from scopegap.extract.soc.tables import section_rows
from scopegap.ingest.layout import LayoutResult
from scopegap.ingest.pdf import TextPage
from scopegap.ingest.text import PagedText
from scopegap.match.catalog import load_catalog

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fixtures.socdocx.spec import build  # noqa: E402
from fixtures.socdocx.truth import case  # noqa: E402

CATALOG = load_catalog()
HOLDER = "Quaysight Analytics Limited"
AUDITOR = "Section I: Independent Service Auditor's Report\nTo the Management of Quaysight " \
          "Analytics Limited\n"
OPINION = "Opinion\nIn our opinion, in all material respects, the controls operated " \
          "effectively.\n[Signature on file]\nHyderabad, India\n"
DESCRIPTION = "Section III: Description of the Quaysight System\n"


def report_of(*texts: str) -> Outline:
    pages = tuple(TextPage(number=n, text=t, width=612.0, height=792.0, has_text=bool(t))
                  for n, t in enumerate(texts, 1))
    return outline(pages, soc_patterns().headings)


def whole(report: Outline) -> PagedText:
    return PagedText.of([line for line in report.lines if not line.furniture])


# --- the audit firm named only in page furniture or a letterhead ----------------------------

def _running(line: str) -> tuple[str, ...]:
    return tuple(f"{AUDITOR + OPINION if n == 1 else 'Other text of page'}\n{line} Page {n}\n"
                 for n in range(1, 5))


@pytest.mark.parametrize("texts, firm", [
    (_running("Ashgrove Tennant Audit LLP. Confidential — restricted use"),
     "Ashgrove Tennant Audit LLP"),
    (_running("Castellan Assurance Partners, P.C. Confidential — restricted use"),
     "Castellan Assurance Partners, P.C."),
    (_running("Confidential | Vellanki Sood & Co., Chartered Accountants"),
     "Vellanki Sood & Co., Chartered Accountants"),
    (("Merriford & Quayle LLP\nCertified Public Accountants · Bristol\n\nQuaysight Analytics "
      "Limited\nSOC 2 Type 2 Report", AUDITOR + OPINION), "Merriford & Quayle LLP"),
])
def test_firm_in_a_running_footer_or_letterhead(texts: tuple[str, ...], firm: str) -> None:
    report = report_of(*texts)
    auditor = report.get("auditor_report")
    assert auditor is not None
    got = find_issuer(report, PagedText.of(report.body(auditor)), whole(report), CATALOG,
                      HOLDER)
    assert got is not None and got.value == firm


def test_the_service_organisation_on_the_cover_is_no_firm() -> None:
    report = report_of("Quaysight Partners LLP\nSOC 2 Type 2 Report", AUDITOR + OPINION)
    auditor = report.get("auditor_report")
    assert auditor is not None
    got = find_issuer(report, PagedText.of(report.body(auditor)), whole(report), CATALOG,
                      "Quaysight Partners LLP")
    assert got is None


# --- headings ---------------------------------------------------------------------------------

def test_a_quoted_title_wrapped_onto_its_own_line_is_no_heading() -> None:
    report = report_of(AUDITOR + "We have examined the accompanying description titled "
                       "\"Quaysight\nAnalytics Limited's Description of Its Quaysight System\" "
                       "as of December 31, 2025 (description) based on the\ncriteria.\n"
                       + OPINION, DESCRIPTION + "Overview\nText.\n")
    description = report.get("description")
    assert description is not None and description.title.startswith("Section III")


@pytest.mark.parametrize("heading, key", [
    ("2. Independent Service Auditor's Assurance Report", "auditor_report"),
    ("Section IV of this report describes the tests of controls and the results of those", None),
])
def test_report_titles(heading: str, key: str | None) -> None:
    report = report_of(f"Opening words of the report.\n{heading}\nBody text of it.\n")
    assert [s.key for s in report.sections if s.level == "top"] == ([key] if key else [])


@pytest.mark.parametrize("heading, key", [
    ("3.3 Facilities in Scope", "locations"),
    ("Locations within the Scope", "locations"),
    ("Infrastructure and Software", "components"),
    ("Infrastructure", "infrastructure"),
])
def test_component_headings(heading: str, key: str) -> None:
    report = report_of(DESCRIPTION + f"{heading}\nSome lines.\n")
    assert [s.key for s in report.sections if s.level == "sub"] == [key]


def test_umbrella_heading_leaves_its_own_sub_headings_their_sections() -> None:
    text = (DESCRIPTION + "Infrastructure and Software\nThe system is comprised of the "
            "following components.\nSoftware\n\uf0b7 Genesys Cloud – Telephony\n"
            "Infrastructure\n\uf0b7 Microsoft Azure data centres in Pune (production hosting)\n"
            "\uf0b7 Microsoft Azure data centres in London (disaster recovery)\n")
    _, regions, sites, _ = find_components(None, report_of(text), LayoutResult(),  # type: ignore[arg-type]
                                           CATALOG, [])
    assert sorted(r.name for r in regions) == ["Azure centralindia", "Azure uksouth"]
    assert sorted(s.city for s in sites) == ["London", "Pune"]


# --- Symbol-font bullets and scope lists ----------------------------------------------------

def test_symbol_font_bullets_read_as_bullets() -> None:
    report = report_of(DESCRIPTION + "\uf0b7 Quaysight Vault\n\uf0a7 Quaysight Forms\n")
    assert [line.text[:1] for line in report.lines[1:]] == ["•", "•"]


@pytest.mark.parametrize("scope, names", [
    ("This report covers the following services (together, the \"Quaysight system\"):\n"
     "\uf0b7 Quaysight Vault — hosted case management\n\uf0b7 Quaysight Forms — routing\n"
     "Other services are sold separately.\n", ["Quaysight Vault", "Quaysight Forms"]),
    ("The system described in this report comprises Quaysight Vault, Quaysight\nRelay and "
     "Quaysight Desk, together with the infrastructure supporting them.\n",
     ["Quaysight Vault", "Quaysight Relay", "Quaysight Desk"]),
])
def test_scope_lists_name_the_systems(scope: str, names: list[str]) -> None:
    report = report_of(DESCRIPTION + "Scope of the Report\n" + scope)
    got = [s.name for s in scope_systems(whole(report), CATALOG, HOLDER)]
    assert got == names


# --- exclusions -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, excluded, kept", [
    # a backward phrase ending in a colon announces its list
    ("This report covers the following services:\n\uf0b7 Quaysight Vault — case management\n"
     "\uf0b7 Quaysight Forms — routing\nServices outside the boundaries of the system: "
     "Quaysight Engage and Quaysight Relay.\n",
     ["Quaysight Engage", "Quaysight Relay"], ["Quaysight Vault", "Quaysight Forms"]),
    # a bulleted list above a backward phrase is what the scope covers
    ("This report covers the following services:\n\uf0b7 Quaysight Vault — case management\n"
     "\uf0b7 Quaysight Insight — analytics\nQuaysight Ledger and Quaysight Pulse are not "
     "covered in this SOC report.\n",
     ["Quaysight Ledger", "Quaysight Pulse"], ["Quaysight Vault", "Quaysight Insight"]),
    # the country after a city says where the city is: India stays in scope
    ("The corporate office in Noida, India performs administrative functions only and is not "
     "included in the scope of this report.\n", ["Noida"], ["India"]),
    # ... and names a town too plain a word to spot alone in running text ("Reading")
    ("The corporate office in Reading, United Kingdom performs administrative functions only "
     "and is not included in the scope of this report.\n", ["Reading"], ["United Kingdom"]),
    ("The office in Milton Keynes, United Kingdom is not included in the scope of this "
     "report.\n", ["Milton Keynes"], ["United Kingdom"]),
    # ... also after a town the catalog does not know as a city
    ("The corporate office in Bexhill, United Kingdom is not included in the scope of this "
     "report.\n", [], ["United Kingdom"]),
    # a list of countries is no city with its country
    ("Operations in Germany, France and Italy are not included in the scope of this "
     "report.\n", ["Germany", "France", "Italy"], []),
])
def test_exclusions_take_out_only_what_they_name(text: str, excluded: list[str],
                                                 kept: list[str]) -> None:
    report = report_of(AUDITOR + OPINION, DESCRIPTION + "Scope of the Report\n" + text)
    targets = [t for e in find_exclusions(report, CATALOG, ()) for t in e.targets]
    for name in excluded:
        assert name in targets, (name, targets)
    for name in kept:
        assert not any(re.search(rf"(?<!\w){name}(?!\w)", t) for t in targets), (name, targets)


# --- subservice organisations ---------------------------------------------------------------

def test_subservice_organisations_listed_under_the_csoc_heading() -> None:
    report = report_of(DESCRIPTION + "Complementary Subservice Organization Controls\n"
                       "Subservice organization Services provided Method\n"
                       "Amazon Web Services (AWS) cloud infrastructure hosting Carve-out\n"
                       "Twilio SendGrid transactional e-mail delivery Carve-out\n")
    table = [["Subservice organization", "Services provided", "Method"],
             ["Amazon Web Services (AWS)", "cloud infrastructure hosting", "Carve-out"],
             ["Twilio SendGrid", "transactional e-mail delivery", "Carve-out"]]
    orgs, _ = find_subservice(report, whole(report), LayoutResult(tables={1: [table]}),
                              CATALOG, HOLDER)
    assert [(o.name, o.method) for o in orgs] == [("Amazon Web Services", "carve-out"),
                                                  ("Twilio SendGrid", "carve-out")]


def test_subservice_names_end_with_their_legal_form() -> None:
    report = report_of(DESCRIPTION + "Use of Subservice Organisations\n"
                       "Quaysight uses Twilio Inc. for SMS and voice messaging.\n"
                       "Quaysight uses Okta, Inc. for workforce single sign-on.\n"
                       "The controls of Twilio Inc. and Okta, Inc. are not included in the "
                       "scope of this report (carve-out method).\n")
    orgs, _ = find_subservice(report, whole(report), LayoutResult(), CATALOG, HOLDER)
    assert sorted((o.name.rstrip("."), o.method) for o in orgs) == [
        ("Okta", "carve-out"), ("Twilio Inc", "carve-out")]


@pytest.mark.parametrize("system, org, provided", [
    ("Microsoft Entra ID", "Microsoft Azure", False),  # the catalog keeps them apart
    ("Microsoft Entra ID", "Microsoft Corporation (Azure)", False),
    ("Microsoft 365", "Microsoft Corporation (Azure)", False),  # a platform: its own only
    ("Microsoft 365", "Microsoft Corporation", True),  # a company: all its products
    ("Twilio Flex", "Twilio Inc", True),
    ("Twilio Flex", "Twilio SendGrid", False),  # one product line of the vendor: itself only
    ("Twilio SendGrid", "Twilio SendGrid", True),
    ("Amazon Connect", "AWS", True),
    ("Amazon Connect", "Amazon Web Services", True),  # the platform is its vendor
    ("Azure SQL Database", "Microsoft Azure", True),  # named after the platform
    ("Salesforce Service Cloud", "Microsoft Azure", False),
])
def test_what_a_carved_out_organisation_provides(system: str, org: str,
                                                 provided: bool) -> None:
    tool = CATALOG.tool_by_alias(system)
    ref = SystemRef(tool.name if tool else system, Evidence(1, system),
                    tool.id if tool else None, system)
    assert _provided_by(ref, org, CATALOG) is provided


# --- Word tables ----------------------------------------------------------------------------

def test_component_item_table_with_merged_category_cells() -> None:
    text = (DESCRIPTION + "System Components\nComponent Item Description\nInfrastructure "
            "Microsoft Azure data centres in Production hosting\nLondon\nMicrosoft Azure data "
            "centres in Disaster recovery\nAmsterdam\nSoftware Quaysight Vault In-scope "
            "service\nAzure Active ✓ Directory services\nDirectory\n")
    table = [["Component", "Item", "Description"],
             ["Infrastructure", "Microsoft Azure data centres in\nLondon", "Production hosting"],
             ["", "Microsoft Azure data centres in\nAmsterdam", "Disaster recovery"],
             ["Software", "Quaysight Vault", "In-scope service"],
             ["", "Azure Active\nDirectory", "Directory services"]]
    report = report_of(text)
    layout = LayoutResult(tables={1: [table]})
    rows = section_rows(report, layout, "components")
    assert [cells[0] for _, cells in rows][-1] == "Azure Active\nDirectory"  # wrapped cell
    systems, regions, _, _ = find_components(None, report, layout, CATALOG,  # type: ignore[arg-type]
                                             ["Microsoft Azure"])
    assert sorted(r.name for r in regions) == ["Azure uksouth", "Azure westeurope"]
    assert sorted(s.name for s in systems) == ["Microsoft Entra ID", "Quaysight Vault"]


@pytest.mark.parametrize("cell, note, name", [
    ("Quaysight Insight1", "Quaysight Insight", "Quaysight Insight"),  # the note names it
    ("Quaysight Data API1", "Quaysight Data API", "Quaysight Data API"),  # after a capital
    ("Five9", "Quaysight Insight", "Five9"),  # no note names it: the digit is the name's
])
def test_a_footnote_number_glued_to_a_cell(cell: str, note: str, name: str) -> None:
    text = (DESCRIPTION + "Software\nApplication Purpose\n" + f"{cell} In-scope service\n"
            f"1 Only the reporting module of {note} is included.\n")
    table = [["Application", "Purpose"], [cell, "In-scope service"]]
    systems, _, _, _ = find_components(None, report_of(text), LayoutResult(tables={1: [table]}),  # type: ignore[arg-type]
                                       CATALOG, [])
    assert [s.name for s in systems] == [name]


# --- the generator --------------------------------------------------------------------------

def test_socdocx_draws_every_shape_and_labels_consistently() -> None:
    specs = [build(seed) for seed in range(150)]
    assert {s.component_style for s in specs} == {"merged", "split", "quarters", "plain"}
    assert {s.sub_style for s in specs} == {"table_method", "table_plain", "prose"}
    assert {s.firm_place for s in specs} == {"header", "footer", "signature", "letterhead"}
    assert {s.opinion for s in specs} == {"unmodified", "qualified", "adverse", "disclaimer"}
    assert {s.region_style for s in specs} == {"names", "codes", "cities"}
    for spec in specs[:40]:
        data, stack = case(spec, "r.pdf", "l.pdf" if spec.letter else None)
        coverage = data["expect"]["coverage"]
        assert list(coverage) == [n for key in ("tools", "sites", "regions", "subprocessors")
                                  for n in stack[key]]
        assert coverage["Tallinn, Estonia"] == "uncovered"
        for sub in spec.subs:
            if sub.product:
                assert coverage[sub.product] == "uncovered"  # a carved-out org's product
        assert not set(spec.products) & set(spec.out_products)
        assert build(spec.seed) == spec  # the same seed, the same report


def test_a_word_report_reads_end_to_end(tmp_path: Path) -> None:
    """One seed through python-docx and LibreOffice, extracted: the generator's truth holds
    (skipped where LibreOffice or python-docx is missing)."""
    pytest.importorskip("docx")
    from fixtures.docxcerts.render import libreoffice
    from fixtures.generate_soc_docx import write_cases
    from scopegap.extract.document import extract_document
    from scopegap.ingest.pdf import read_pdf

    office = libreoffice()
    if office is None:
        pytest.skip("LibreOffice is not installed")
    folder = write_cases(tmp_path, [7], office)[0]
    expect = yaml.safe_load((folder / "case.yaml").read_text())["expect"]["documents"]
    name = next(n for n, d in expect.items() if d["kind"] != "bridge_letter")
    got = extract_document(read_pdf(folder / name), CATALOG)
    want = expect[name]
    assert got.kind == want["kind"]
    assert got.issuer is not None and got.issuer.value == want["issuer"]
    assert got.opinion is not None and got.opinion.value == want["opinion"]
    assert {s.name for s in got.systems} >= set(want["systems"])
    assert len(got.subservice_organizations) == len(want["subservice_organizations"])


# --- a bridge letter after a Type 1 report ----------------------------------------------------

@pytest.mark.parametrize("examined", [
    "engaged an independent service auditor to examine the design of the controls of its "
    "Quaysight system as of 31 March 2026.",
    "received a SOC 2 Type 1 report on its controls as at March 31, 2026.",
])
def test_a_letter_after_a_type1_report_speaks_from_the_next_day(examined: str) -> None:
    from datetime import date

    from scopegap.extract.bridge import read_bridge
    from scopegap.ingest.pdf import ReadPdf

    text = (f"Quaysight Analytics Limited\n29 September 2026\nRe: Bridge letter\n"
            f"Quaysight Analytics Limited {examined}\nWe are not aware of any material changes "
            "to the system or its controls between 1 April 2026 and 28 June 2026.\n"
            "Helen Marsh, Chief Operating Officer\n")
    pages = (TextPage(number=1, text=text, width=595.0, height=842.0, has_text=True),)
    letter = read_bridge(ReadPdf(path="l.pdf", sha256="0", pages=pages), CATALOG)
    assert letter.gap_start is not None and letter.gap_start.value == date(2026, 4, 1)
    assert letter.gap_end is not None and letter.gap_end.value == date(2026, 6, 28)


def test_a_data_centre_bullet_in_a_components_section_names_the_region() -> None:
    text = (DESCRIPTION + "System Components\nApplication Q1 Q2 Q3 Q4\nQuaysight Vault ✓ ✓ ✓ ✓\n"
            "\uf0b7 Amazon Web Services data centres in London (production hosting)\n"
            "Backups are replicated to a secondary Amazon Web Services region.\n")
    _, regions, sites, _ = find_components(None, report_of(text), LayoutResult(),  # type: ignore[arg-type]
                                           CATALOG, [])
    assert [r.name for r in regions] == ["AWS eu-west-2"]
    assert [s.city for s in sites] == ["London"]
