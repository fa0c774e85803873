"""Table-driven tests for the SOC readers: kind, period, opinion, categories, subservice
method, CUECs, exceptions, and the heading-based section finder."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scopegap.extract.classify import classify_report
from scopegap.extract.soc.components import find_components
from scopegap.extract.soc.controls import count_exceptions, find_cuecs
from scopegap.extract.soc.opinion import find_categories, find_opinion
from scopegap.extract.soc.patterns import soc_patterns
from scopegap.extract.soc.period import find_period
from scopegap.extract.soc.sections import Outline, outline
from scopegap.extract.soc.subservice import find_subservice
from scopegap.ingest.layout import LayoutResult
from scopegap.ingest.pdf import TextPage
from scopegap.ingest.text import PagedText
from scopegap.match.catalog import load_catalog

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def pages(*texts: str) -> tuple[TextPage, ...]:
    return tuple(TextPage(i + 1, t, 595.0, 842.0, True) for i, t in enumerate(texts))


def report_outline(*texts: str) -> Outline:
    return outline(pages(*texts), soc_patterns().headings)


def whole(o: object) -> PagedText:
    return PagedText.of([line for line in o.lines if not line.furniture])  # type: ignore[attr-defined]


AUDITOR = "Independent Service Auditor's Report\nTo the Management of Acme Hosting Inc:\n"


# ---------------------------------------------------------------------------- classification
@pytest.mark.parametrize(("text", "kind"), [
    ("SOC 2 Type 2 Report\n" + AUDITOR + "In our opinion, in all material respects", "soc2_type2"),
    ("SOC 2 Type II Report\n" + AUDITOR + "throughout the period", "soc2_type2"),
    ("SOC 2 Type 1 Report\n" + AUDITOR + "as of June 1, 2025", "soc2_type1"),
    ("Letter of Attestation\nSOC 2 Type I Compliance by Acme in accordance with the AICPA",
     "soc2_type1"),
    ("SOC 3 Report\n" + AUDITOR + "In our opinion", "soc3"),
    ("SOC 1 Type 2 Report\n" + AUDITOR + "internal control over financial reporting", "unknown"),
    ("CERTIFICATE OF REGISTRATION\nThis is to certify that Acme complies with SOC 2 TYPE- 2\n"
     "Certificate No: X-1\nSurveillance audit due", "unknown"),
    ("We are SOC 2 compliant and proud of it.", "unknown"),
    ("Bridge Letter\nAcme's SOC 2 Type 2 report covers the period January 1, 2025 to "
     "December 31, 2025. No material changes since.", "bridge_letter"),
])
def test_report_kind(text: str, kind: str) -> None:
    result = classify_report(pages(text))
    assert result is not None and result.kind == kind
    if kind == "unknown":
        assert result.warnings  # says what the document is instead


def test_cover_outvotes_a_template_leftover_header() -> None:
    # Plivo-style: "SOC 3" on the cover and every page header, one stray "SOC 2 Type 2".
    result = classify_report(pages("SOC 3 Report", "Client SOC 2 Type 2 Report",
                                   AUDITOR + "SOC 3 Report header\nIn our opinion"))
    assert result is not None and result.kind == "soc3"


def test_an_iso_certificate_is_not_a_report() -> None:
    assert classify_report(pages("Certificate of Registration ISO/IEC 27001:2022")) is None


# ---------------------------------------------------------------------------- period
@pytest.mark.parametrize(("text", "kind", "start", "end"), [
    ("throughout the period October 1, 2020 to September 30, 2021", "soc3",
     "2020-10-01", "2021-09-30"),
    ("For the Period June 1, 2014 to May 31, 2015", "soc2_type2", "2014-06-01", "2015-05-31"),
    ("OCTOBER 1, 2017 TO SEPTEMBER 30, 2018", "soc2_type2", "2017-10-01", "2018-09-30"),
    ("as of January 31, 2025 and throughout the period February 1, 2024 to January 31, 2025",
     "soc2_type2", "2024-02-01", "2025-01-31"),
    ("were suitably designed as of September 5, 2023, to provide", "soc2_type1",
     "2023-09-05", "2023-09-05"),
])
def test_period(text: str, kind: str, start: str, end: str) -> None:
    text_pages = PagedText.of(report_outline(text).lines)
    found_start, found_end, _ = find_period(text_pages, text_pages, kind)  # type: ignore[arg-type]
    assert found_start is not None and found_end is not None
    assert (found_start.value.isoformat(), found_end.value.isoformat()) == (start, end)
    assert found_end.evidence.page == 1


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)),
       st.integers(min_value=90, max_value=400),
       st.sampled_from(["throughout the period", "for the period", "For The Period From"]),
       st.sampled_from(["to", "through", "-"]))
def test_period_round_trip(start: date, days: int, cue: str, connector: str) -> None:
    from datetime import timedelta

    end = start + timedelta(days=days)
    spelled = (f"{cue} {MONTHS[start.month - 1]} {start.day}, {start.year} {connector} "
               f"{MONTHS[end.month - 1]} {end.day}, {end.year}, to provide")
    text = PagedText.of(report_outline(spelled).lines)
    found_start, found_end, _ = find_period(text, text, "soc2_type2")
    assert found_start is not None and found_end is not None
    assert (found_start.value, found_end.value) == (start, end)


# ---------------------------------------------------------------------------- opinion
@pytest.mark.parametrize(("opinion", "verdict"), [
    ("Opinion\nIn our opinion, in all material respects, the description presents the system.",
     "unmodified"),
    ("Qualified Opinion\nIn our opinion, except for the matter described in the Basis for "
     "Qualified Opinion paragraph, in all material respects, the controls operated.", "qualified"),
    ("Basis for Qualified Opinion\nThe control did not operate effectively during May.\n"
     "Qualified Opinion\nIn our opinion, except for the matter described above, in all material "
     "respects, the description presents the system.", "qualified"),
    ("Adverse Opinion\nIn our opinion, because of the significance of the matter, the "
     "description does not present fairly the system.", "adverse"),
    ("Disclaimer of Opinion\nBecause of the matter described, we do not express an opinion on "
     "the description.", "disclaimer"),
])
def test_opinion(opinion: str, verdict: str) -> None:
    o = report_outline(AUDITOR + "Our examination included assessing the risks that controls "
                       "were not suitably designed or did not operate effectively.\n" + opinion
                       + "\nHarrowgate & Pell LLP\nBoston, Massachusetts")
    found = find_opinion(o, whole(o))
    assert found is not None and found.value == verdict


def test_a_letter_without_an_opinion_paragraph_has_no_opinion() -> None:
    o = report_outline("Letter of Attestation\nAcme LLC confirms SOC 2 Type 1 compliance.")
    assert find_opinion(o, whole(o)) is None


# ---------------------------------------------------------------------------- categories
@pytest.mark.parametrize(("text", "categories"), [
    ("based on the trust services criteria relevant to security, availability, and "
     "confidentiality (applicable trust services criteria) set forth in TSP section 100, 2017 "
     "Trust Services Criteria for Security, Availability, Processing Integrity, "
     "Confidentiality, and Privacy", ("Security", "Availability", "Confidentiality")),
    ("criteria relevant to Security (applicable trust services criteria) set forth in TSP "
     "Section 100, 2017 Trust Services Criteria for Security, Availability, Processing "
     "Integrity, Confidentiality, and Privacy", ("Security",)),
    ("the AICPA's Trust Service Criteria for Security, Confidentiality and Availability",
     ("Security", "Availability", "Confidentiality")),
    ("controls relevant to security and privacy", ("Security", "Privacy")),
])
def test_categories(text: str, categories: tuple[str, ...]) -> None:
    o = report_outline(AUDITOR + text)
    auditor = PagedText.of(o.body(o.get("auditor_report")))  # type: ignore[arg-type]
    assert find_categories(auditor, whole(o), pages(text)) == categories


# ---------------------------------------------------------------------------- subservice
@pytest.mark.parametrize(("section", "expected"), [
    ("Acme uses Amazon Web Services (AWS) to provide hosting. The description does not "
     "include any of the controls of AWS (carve-out method).",
     {"Amazon Web Services": "carve-out"}),
    ("Acme uses Orrin Colocation Ltd to provide colocation. The description includes the "
     "relevant controls of Orrin Colocation Ltd (inclusive method).",
     {"Orrin Colocation Ltd": "inclusive"}),
    ("Acme uses Sabey, QTS, and Equinix to provide colocation data center services. These "
     "subservice organizations are excluded from the scope of this report.",
     {"Sabey": "carve-out", "QTS": "carve-out", "Equinix": "carve-out"}),
    ("Acme uses Sabey to provide colocation services.", {"Sabey": "carve-out"}),
])
def test_subservice_method(section: str, expected: dict[str, str]) -> None:
    o = report_outline(AUDITOR + "We have examined Acme's description.\n"
                       "Description of Acme's Cloud System\nSubservice Organizations\n" + section)
    orgs, warnings = find_subservice(o, whole(o), LayoutResult(), load_catalog(), "Acme")
    assert {org.name: org.method for org in orgs} == expected
    if section == "Acme uses Sabey to provide colocation services.":
        assert warnings  # method not stated: carve-out, and the report says so


def test_group_alias_and_carve_out_sentence_outside_a_section() -> None:
    o = report_outline(
        AUDITOR, "Description of Acme's System\nInfrastructure\nThe infrastructure is hosted by "
        "Amazon Web Services (AWS), and the data store is managed by Redis Labs. Acme uses the "
        "resources of AWS and Redis Labs (collectively, the Cloud Providers) to scale.\nThe "
        "examination did not extend to the policies, procedures, and controls of the Cloud "
        "Providers.")
    orgs, _ = find_subservice(o, whole(o), LayoutResult(), load_catalog(), "Acme")
    assert [(org.name, org.method) for org in orgs] == [
        ("Amazon Web Services", "carve-out"), ("Redis Labs", "carve-out")]
    assert orgs[0].evidence.page == 2


def test_a_carved_out_providers_products_are_not_components() -> None:
    o = report_outline(AUDITOR + "Description of Acme's System\nSoftware\nAcme uses Amazon "
                       "Connect and Zendesk to serve customers.\nSubservice Organizations\n"
                       "Acme uses Amazon Web Services (AWS) for hosting (carve-out method).")
    catalog = load_catalog()
    orgs, _ = find_subservice(o, whole(o), LayoutResult(), catalog, "Acme")
    from scopegap.ingest.pdf import ReadPdf

    systems, _, _, warnings = find_components(
        ReadPdf("x.pdf", "0", ()), o, LayoutResult(), catalog,
        [org.name for org in orgs if org.method == "carve-out"])
    assert [s.name for s in systems] == ["Zendesk Suite"]
    assert "Amazon Connect" in warnings[0]


def test_a_component_row_an_exclusion_phrase_reaches_is_not_a_component() -> None:
    """Table rows read the exclusion phrases of models/patterns/exclusions.yaml, as the scope
    text does: a row whose name an exclusion reaches is not counted; other rows are."""
    from scopegap.ingest.pdf import ReadPdf

    o = report_outline(AUDITOR + "Description of Acme's System\nSoftware\nZendesk Support\n"
                       "Salesforce Service Cloud Out of scope\n"
                       "Slack Chat, excluding archived workspaces\n")
    page = o.heading_page(o.get("software"))  # type: ignore[arg-type]
    table = [["Zendesk Support", "Ticketing"], ["Salesforce Service Cloud", "Out of scope"],
             ["Slack", "Chat, excluding archived workspaces"]]
    systems, _, _, _ = find_components(ReadPdf("x.pdf", "0", ()), o,
                                       LayoutResult(tables={page: [table]}), load_catalog(), [])
    names = {s.name for s in systems}
    assert "Salesforce Service Cloud" not in names
    assert {"Zendesk Suite", "Slack"} <= names


# ---------------------------------------------------------------------------- CUECs, exceptions
def test_cuecs_are_numbered_items_without_criteria_references() -> None:
    o = report_outline(
        "Complementary User Entity Controls\nUsers are responsible for:\n"
        "Complementary User Entity Controls Related Criteria\n"
        "1 Enabling SAML for their Enterprise Cloud accounts.  CC 6.1\n"
        "2 Enabling two-factor authentication and ensuring\nmembers require it.\n"
        "CC 6.1 and CC 6.6\n", "3. Reviewing events in the security logs. CC 7.1")
    cuecs = find_cuecs(o)
    assert [c.value for c in cuecs] == [
        "Enabling SAML for their Enterprise Cloud accounts.",
        "Enabling two-factor authentication and ensuring members require it.",
        "Reviewing events in the security logs."]
    assert [c.evidence.page for c in cuecs] == [1, 1, 2]


@pytest.mark.parametrize(("results", "count"), [
    (["No exceptions noted."] * 5, 0),
    (["No exceptions noted.", "Exception noted. 2 of 25 samples lacked approval.",
      "Deviation noted for one sample.", "No deviations noted."], 2),
    (["The following exceptions were noted: access was not reviewed."], 1),
])
def test_exceptions(results: list[str], count: int) -> None:
    o = report_outline("Tests of Controls\n" + "\n".join(results))
    assert count_exceptions(o) == count


def _row(reference: str, control: str, result: str) -> str:
    return (f"{reference}\n{control}\nInspected a sample of items for evidence that\n"
            f"the control operated as described.\n{result}\n")


@pytest.mark.parametrize(("rows", "count"), [
    # the reference alone on its line, the result wrapped after "Exception": three controls
    ([("CC6.3.4", "Access of terminated employees is revoked within", "Exception\nnoted."),
      ("CC6.7.4", "Data in transit is encrypted using TLS.", "Exception\nnoted."),
      ("CC2.1.7", "Policies are reviewed by management annually.", "Exception\nnoted.")], 3),
    # two controls worded alike under their own references are two
    ([("CC2.1.1", "Security policies are reviewed", "Deviation\nnoted."),
      ("CC2.1.4", "Security policies are reviewed", "Deviation\nnoted.")], 2),
    # one control printed again under a second criterion is counted once
    ([("CC6.3.4", "Access of terminated employees is revoked within", "Exception\nnoted."),
      ("CC6.7.4", "Data in transit is encrypted using TLS.", "No deviations noted."),
      ("CC6.3.4", "Access of terminated employees is revoked within", "Exception\nnoted.")],
     1),
])
def test_exceptions_of_rows_whose_reference_is_a_line_alone(
        rows: list[tuple[str, str, str]], count: int) -> None:
    o = report_outline("Tests of Controls\n" + "".join(_row(*row) for row in rows))
    assert count_exceptions(o) == count


def test_no_tests_section_means_no_count() -> None:
    assert count_exceptions(report_outline(AUDITOR + "In our opinion")) is None


# ---------------------------------------------------------------------------- sections
def test_sections_skip_the_contents_page_and_running_headers() -> None:
    header = "Acme | SOC 2 Type 2 Report"
    o = report_outline(
        "Table of Contents\nIndependent Service Auditor's Report\nSubservice Organizations",
        f"{header}\nIndependent Service Auditor's Report\nTo the Management of Acme:",
        f"{header}\nIndependent Service Auditor's Report\nOpinion\nIn our opinion",
        f"{header}\nSection III\nDescription of Acme's Cloud System\n3. Subservice "
        "Organizations:\nAcme uses AWS.",
    )
    auditor, described, orgs = o.get("auditor_report"), o.get("description"), o.get("subservice")
    assert auditor is not None and o.heading_page(auditor) == 2
    assert described is not None and o.heading_page(described) == 4
    assert orgs is not None and o.heading_page(orgs) == 4 and o.text(orgs) == "Acme uses AWS."
    assert auditor.end == described.start
    assert header not in o.text(auditor)  # furniture is left out of the content
