"""SOC kinds from a second independent generator (fixtures/socwild2, issue 12 families 1-3):
sections numbered as attachments, places named only to be left out, "Category | Tool" tables,
lists that start under their colon, "To: X, Inc." addressees, legal forms inside subservice
sentences, and the generator's own truth."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scopegap.extract.soc.components import _places_said, find_components, listed_names
from scopegap.extract.soc.parties import find_holder
from scopegap.extract.soc.patterns import soc_patterns
from scopegap.extract.soc.sections import Outline, outline
from scopegap.extract.soc.subservice import _whole_sentences, find_subservice
from scopegap.extract.soc.systems import scope_systems
from scopegap.extract.soc.tables import name_column, section_rows
from scopegap.ingest.layout import LayoutResult
from scopegap.ingest.pdf import TextPage
from scopegap.ingest.text import PagedText
from scopegap.match.catalog import load_catalog

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fixtures.socwild2.report import report_html  # noqa: E402
from fixtures.socwild2.spec import build  # noqa: E402
from fixtures.socwild2.truth import case  # noqa: E402

CATALOG = load_catalog()
HOLDER = "Brightwell Technologies LLC"


def report_of(*texts: str) -> Outline:
    pages = tuple(TextPage(number=n, text=t, width=595.0, height=842.0, has_text=bool(t))
                  for n, t in enumerate(texts, 1))
    return outline(pages, soc_patterns().headings)


def whole(report: Outline) -> PagedText:
    return PagedText.of([line for line in report.lines if not line.furniture])


@pytest.mark.parametrize("heading, key", [
    ("Attachment B – Report of Independent Accountants", "auditor_report"),
    ("Appendix A: Independent Service Auditor's Report", "auditor_report"),
    ("Exhibit C - Description of the Boundaries of the Acme Platform System", "description"),
    ("Section IV", None),
    ("Description of Tests of Controls and Results", "tests"),
    ("Description of Tests of Controls", None),  # the auditor's report's own paragraph
])
def test_numbered_section_titles(heading: str, key: str | None) -> None:
    report = report_of(f"Opening words of the report.\n{heading}\nBody text of it.\n")
    keys = [s.key for s in report.sections if s.level == "top"]
    assert keys == ([key] if key else [])


@pytest.mark.parametrize("text, named, denied", [
    ("The boundaries of the system do not include the corporate office in Austin, Texas, "
     "where no production systems are located.", [], ["Austin"]),
    ("Customer support personnel work from the support centre in Kraków, Poland, which is "
     "included in the scope of this report. The corporate office in Austin, Texas houses "
     "administrative staff only and is not part of the system.", ["Kraków"], ["Austin"]),
    ("Location Function In Scope\nDurban, South Africa Customer support operations Yes\n"
     "Portland, Oregon Corporate headquarters No", ["Durban"], ["Portland"]),
    ("Customer data is hosted in data centres located in London and Amsterdam.",
     ["London", "Amsterdam"], []),
    ("Our Belfast operations centre is out of scope.", [], ["Belfast"]),
])
def test_a_place_named_to_be_left_out_is_no_site(text: str, named: list[str],
                                                 denied: list[str]) -> None:
    said, left_out = _places_said(text, CATALOG)
    assert sorted(n.split(",")[0] for n in said) == sorted(named)
    assert sorted(n.split(",")[0] for n in left_out) == sorted(denied)


def test_a_left_out_office_is_no_site_and_is_excluded() -> None:
    from scopegap.extract.soc.exclusions import find_exclusions

    text = ("Independent Service Auditor's Report\nTo the Management of Brightwell "
            "Technologies LLC\nDescription of the Brightwell Platform System\nLocations\n"
            "Support staff work from the centre in Cebu City, Philippines, which is in scope.\n"
            "The boundaries of the system do not include the corporate office in Austin,\n"
            "Texas, where no production systems are located.\n")
    report = report_of(text)
    _, _, sites, _ = find_components(None, report, LayoutResult(), CATALOG,  # type: ignore[arg-type]
                                     [])
    assert [s.city for s in sites] == ["Cebu City"]
    targets = [t for e in find_exclusions(report, CATALOG, ()) for t in e.targets]
    assert "Austin" in targets


@pytest.mark.parametrize("header, at", [
    (["Category", "Tool"], 1),
    (["Function", "", "Application"], 2),
    (["Business Function", "Owner", "Software"], 2),
    (["Production Application", "Business Function", "Platform"], None),
    (["Tool", "Purpose"], None),
    (["Category", "Description"], None),
])
def test_the_name_column_of_a_category_table(header: list[str], at: int | None) -> None:
    assert name_column(header) == at


def test_category_table_rows_give_the_name_first() -> None:
    report = report_of("Description of the Brightwell Platform System\nSoftware\nCategory Tool\n"
                       "Application Brightwell Atlas*\nSingle sign-on Okta SSO\n")
    table = [["Category", "Tool"], ["Application", "Brightwell Atlas*"],
             ["Single sign-on", "Okta SSO"]]
    rows = section_rows(report, LayoutResult(tables={1: [table]}), "software")
    assert [cells[0] for _, cells in rows] == ["Brightwell Atlas*", "Okta SSO"]
    systems, _, _, _ = find_components(None, report, LayoutResult(tables={1: [table]}),  # type: ignore[arg-type]
                                       CATALOG, [])
    assert {s.name for s in systems} >= {"Brightwell Atlas", "Okta Workforce Identity"}


@pytest.mark.parametrize("text, names", [
    ("The following software supports the system:\n• Brightwell Atlas\n• Brightwell Relay*\n"
     "• Okta (identity)\n* Brightwell Relay is in scope from 1 May 2025.",
     ["Brightwell Atlas", "Brightwell Relay", "Okta"]),
    # a list on the colon's own line keeps a name wrapped over two lines whole
    ("The system comprises the following software: Genesys Cloud\nCX and Okta.",
     ["Genesys Cloud CX", "Okta"]),
])
def test_listed_names(text: str, names: list[str]) -> None:
    assert [n for n, _, _ in listed_names(text)] == names


@pytest.mark.parametrize("sentence, names", [
    ("This report covers the Brightwell Atlas and Brightwell Dispatch services, delivered to "
     "customers as the Brightwell Platform.", ["Brightwell Atlas", "Brightwell Dispatch"]),
    ("The in-scope applications are Brightwell Atlas, Brightwell Dispatch and Brightwell "
     "Relay*.", ["Brightwell Atlas", "Brightwell Dispatch", "Brightwell Relay"]),
    ("We have prepared the accompanying description of the Brightwell Platform of Brightwell "
     "Technologies LLC for the period May 1, 2025 to April 30, 2026.", ["Brightwell Platform"]),
])
def test_scope_names_without_kind_words_or_their_owner(sentence: str, names: list[str]) -> None:
    report = report_of(f"Description of the Brightwell Platform System\n{sentence}\n")
    got = [s.name for s in scope_systems(whole(report), CATALOG, HOLDER)]
    assert got[0] == "Brightwell Platform"  # the heading's own system
    assert got[1:] == [n for n in names if n != "Brightwell Platform"]


@pytest.mark.parametrize("line, holder", [
    ("To: Brightwell Technologies LLC", "Brightwell Technologies LLC"),
    ("To: Kestrova Software Corp.", "Kestrova Software Corp."),
    ("To: the reader", None),
])
def test_an_addressee_line_with_a_legal_form_names_the_holder(line: str,
                                                              holder: str | None) -> None:
    text = PagedText.of(list(report_of(f"{line}\nScope\nWe examined the system.\n").lines))
    found = find_holder(text, text, CATALOG)
    assert (found.value if found else None) == holder


def test_a_legal_form_inside_a_sentence_does_not_end_it() -> None:
    text = ("AWS is carved out. The controls of Equinix, Inc. are presented using the inclusive "
            "method. Twilio Inc. Next sentence.")
    got = [text[s:e].strip() for s, e in _whole_sentences(text)]
    assert got[1] == ("The controls of Equinix, Inc. are presented using the inclusive method.")
    assert "Next sentence." in got


def test_inclusive_method_after_a_legal_form() -> None:
    text = ("Independent Service Auditor's Report\nTo the Management of Brightwell Technologies "
            "LLC\nDescription of the Brightwell Platform System\nSubservice Organizations\n"
            "Amazon Web Services, Inc. is carved out of this report.\nThe controls of Equinix, "
            "Inc. are presented using the inclusive method and were tested as part of this "
            "examination.\n")
    report = report_of(text)
    orgs, _ = find_subservice(report, whole(report), LayoutResult(), CATALOG, HOLDER)
    assert {o.name.split(",")[0]: o.method for o in orgs} == {
        "Amazon Web Services": "carve-out", "Equinix": "inclusive"}


# --------------------------------------------------------------------------- the generator


def test_socwild2_draws_every_shape_and_labels_only_what_it_prints() -> None:
    specs = [build(seed) for seed in range(120)]
    assert {s.component_style for s in specs} == {"app_table", "category_tool", "runin",
                                                  "bullets", "ticks"}
    assert {s.sub_style for s in specs} == {"table_method", "table_plain", "prose"}
    assert {s.firm_place for s in specs} == {"letterhead", "footer", "slash_s", "signature"}
    assert {s.opinion for s in specs} == {"unmodified", "qualified", "adverse", "disclaimer"}
    assert {s.kind for s in specs} == {"soc2_type1", "soc2_type2", "soc3"}
    for spec in specs[:40]:
        html = report_html(spec)
        data, stack = case(spec, "r.pdf", "l.pdf" if spec.letter else None)
        coverage = data["expect"]["coverage"]
        assert list(coverage) == [n for key in ("tools", "sites", "regions", "subprocessors")
                                  for n in stack[key]]
        for name, status in coverage.items():
            if status == "covered" and name in stack["tools"]:
                printed = [p for p, s, _ in spec.tools if s == name] or [name]
                assert any(p in html for p in printed), (spec.seed, name)
        city, state = spec.hq
        assert coverage[f"{city}, {state}"] in ("excluded", "uncovered")
        for sub in spec.subs:
            if sub.product:
                assert coverage[sub.product] == "uncovered"  # a carved-out org's product
        assert build(spec.seed) == spec  # the same seed, the same report


def test_places_under_a_run_in_head_of_a_components_section() -> None:
    text = ("Description of the Brightwell Platform System\nSystem Components\n"
            "Infrastructure. The production environment is hosted by Google Cloud Platform in "
            "data centres\nlocated in London. Traffic passes through load balancers.\n"
            "People. The company employs staff in Denver, Colorado.\n")
    _, regions, sites, _ = find_components(None, report_of(text), LayoutResult(),  # type: ignore[arg-type]
                                           CATALOG, [])
    assert [s.city for s in sites] == ["London"]
    assert [r.name for r in regions] == ["Google Cloud europe-west2"]


def test_a_method_column_wins_over_another_name_of_the_same_organisation() -> None:
    body = ("Subservice Organizations\nSubservice Organization Services Provided Method\n"
            "Microsoft Corporation (Microsoft Azure) cloud hosting Inclusive Twilio Inc. voice "
            "Carve-out\n")
    table = [["Subservice Organization", "Services Provided", "Method"],
             ["Microsoft Corporation (Microsoft Azure)", "cloud hosting", "Inclusive"],
             ["Twilio Inc.", "voice", "Carve-out"]]
    report = report_of("Description of the Brightwell Platform System\n" + body)
    orgs, _ = find_subservice(report, whole(report), LayoutResult(tables={1: [table]}),
                              CATALOG, HOLDER)
    assert {o.name.split(" (")[0].rstrip("."): o.method for o in orgs} == {
        "Microsoft Corporation": "inclusive", "Twilio Inc": "carve-out"}


@pytest.mark.parametrize("rows, names", [
    ("Application Acme Relay*\nCloud hosting Amazon Web Services\nSingle sign-on Okta SSO\n",
     ["Acme Relay", "Amazon Web Services", "Okta SSO"]),
    ("Corporate e-mail and productivity Office 365\n* Acme Relay is in scope from 1 May.\n"
     "Acme Vault\n", ["Office 365"]),  # the note ends the rows
])
def test_an_unruled_category_table_read_as_text(rows: str, names: list[str]) -> None:
    from scopegap.extract.soc.components import category_rows

    text = "Software\nCategory Tool\n" + rows
    got = category_rows(text)
    assert [n for n, _, _ in got] == names
    assert all(text[a:b] == n for n, a, b in got)
    assert category_rows("Software\n" + rows) == []  # no header, no table


@pytest.mark.parametrize("auditor, kind", [
    # a disclaimer has no "In our opinion"; this title has no "service auditor"
    ("Report of Independent Accountants\nTo the Management of Acme Data, Inc.\nBecause of the "
     "significance of the matter, we do not express an opinion on the description.\n",
     "soc2_type2"),
    ("Report of Independent Accountants\nTo the Management of Acme Data, Inc.\nWe examined "
     "the description.\n", "soc2_type2"),
    ("Acme Data is SOC 2 Type 2 compliant and audited every year.\n", "unknown"),  # a claim
])
def test_an_auditor_report_without_the_usual_words_is_attested(auditor: str, kind: str) -> None:
    from scopegap.extract.classify import classify_report

    pages = (TextPage(number=1, text="SOC 2® Type 2 Report\nAcme Data, Inc.\n", width=595.0,
                      height=842.0, has_text=True),
             TextPage(number=2, text=auditor, width=595.0, height=842.0, has_text=True))
    found = classify_report(pages)
    assert found is not None and found.kind == kind
