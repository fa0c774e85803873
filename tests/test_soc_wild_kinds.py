"""SOC kinds from other authors (issue 12, third pass): offerings named in running prose, in
apposition and as services-table rows; exclusions after an unbulleted list; a subservice
row's method column; deviations whose results cell is printed on lines of its own; bridge
letters that age, that bridge nothing, or that define a short name for their holder."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from scopegap.domain import DateValue, DocumentScope, Evidence, TextValue
from scopegap.extract.bridge import read_bridge
from scopegap.extract.soc.controls import count_exceptions
from scopegap.extract.soc.exclusions import find_exclusions
from scopegap.extract.soc.offerings import service_offerings
from scopegap.extract.soc.patterns import soc_patterns
from scopegap.extract.soc.sections import Outline, outline
from scopegap.extract.soc.subservice import find_subservice
from scopegap.extract.soc.systems import brand_of, scope_systems
from scopegap.ingest.layout import LayoutResult
from scopegap.ingest.pdf import ReadPdf, TextPage
from scopegap.ingest.text import PagedText
from scopegap.match.catalog import load_catalog
from scopegap.rules import evaluate
from scopegap.rules.base import RuleInput
from scopegap.rules.holder import defined_short_form
from scopegap.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fixtures.socwild.report import case, letter_html, report_html  # noqa: E402
from fixtures.socwild.spec import MODULE_STYLES, build  # noqa: E402

CATALOG = load_catalog()
HOLDER = "Quillon Software, Inc."
AUDITOR = ("Independent Service Auditor's Report\nTo the Management of Quillon Software, Inc.\n"
           "We have examined the description of its Quillon Workspace system.\n")
AS_OF = date(2026, 11, 22)


def pages(*texts: str) -> tuple[TextPage, ...]:
    return tuple(TextPage(number=n, text=t, width=595.0, height=842.0, has_text=bool(t))
                 for n, t in enumerate(texts, 1))


def report_of(*texts: str) -> Outline:
    return outline(pages(*texts), soc_patterns().headings)


def offered(description: str, layout: LayoutResult | None = None) -> list[str]:
    report = report_of(AUDITOR + "Description of the Quillon Workspace System\n" + description)
    whole = PagedText.of([line for line in report.lines if not line.furniture])
    named = scope_systems(whole, CATALOG, HOLDER)
    assert [s.name for s in named] == ["Quillon Workspace"]
    return [s.name for s in service_offerings(report, whole, layout or LayoutResult(), named,
                                              CATALOG, HOLDER)]


@pytest.mark.parametrize("description, names", [
    # running prose with the "as part of the service" cue
    ("Services Provided\nThe Quillon Workspace also provides Billing Engine, Scheduling and "
     "Care Messaging as part of the service.\n",
     ["Quillon Billing Engine", "Quillon Scheduling", "Quillon Care Messaging"]),
    # products in apposition in a services section that names the system
    ("Services Provided\nThe Quillon Workspace is a hosted practice suite. With Quillon, "
     "teams build services using Stacks, pre-built workflow templates, and Vault, a document "
     "store, without extra staff.\n", ["Quillon Stacks", "Quillon Vault"]),
    # a catalogued product of another vendor is no offering of this system
    ("Services Provided\nThe Quillon Workspace runs on tooling using Okta, an identity "
     "provider, for sign-in.\n", []),
    # the services section does not name the system: nothing
    ("Services Provided\nCustomers build services using Stacks, pre-built templates, and "
     "more.\n", []),
    # a company overview naming another product and no cue
    ("Company Overview\nQuillon also sells the Quillon Field Kit to larger customers.\n", []),
])
def test_offerings_in_prose_and_apposition(description: str, names: list[str]) -> None:
    assert offered(description) == names


def test_offerings_as_the_rows_of_a_services_table() -> None:
    description = ("Services in Scope\nThe modules of the Quillon Workspace by quarter:\n"
                   "Module Q1 Q2 Q3 Q4\nBilling Engine\nScheduling1\n"
                   "1 Scheduling was released mid-period.\n")
    table = [["Module", "Q1", "Q2", "Q3", "Q4"], ["Billing Engine", "✓", "✓", "✓", "✓"],
             ["Scheduling1", "", "", "✓", "✓"], ["Legacy Portal", "No"]]
    layout = LayoutResult(tables={1: [table]})
    assert offered(description, layout) == ["Quillon Billing Engine", "Quillon Scheduling"]


@pytest.mark.parametrize("system, holder, brand", [
    ("Orchard Lane Workspace", "Orchard Lane Systems Corp.", "Orchard Lane"),
    ("Acme Cloud", "Acme Cloud Inc", "Acme"),  # never the whole system name
    ("Tembo cloud", "Tembo Data Systems, Inc.", "Tembo"),
    ("Ledgerly", "Quillon Software, Inc.", None),
])
def test_brand_of_several_words(system: str, holder: str, brand: str | None) -> None:
    assert brand_of(system, holder) == brand


def _excluded(description: str) -> list[str]:
    report = report_of("Description of the Quillon Workspace System\n" + description)
    return [t for e in find_exclusions(report, CATALOG, []) for t in e.targets]


def test_an_exclusion_after_an_unbulleted_list_reaches_only_its_sentence() -> None:
    targets = _excluded("Services in Scope\nThe Quillon Workspace consists of the following "
                        "modules:\nDocument Vault\nBilling Engine\nThe Quillon Care Messaging "
                        "module, sold separately, is not in the scope of this report.\n")
    assert any("Care Messaging" in t for t in targets)
    assert not any("Document Vault" in t or "Billing Engine" in t for t in targets)


def test_a_name_wrapped_over_two_lines_is_still_excluded() -> None:
    targets = _excluded("System Boundaries\nVerint Workforce\nEngagement is excluded from the "
                        "scope of this report.\n")
    assert "Verint Workforce Engagement" in targets


def test_a_method_column_wins_over_run_together_table_text() -> None:
    body = ("Subservice Organizations\nSubservice organization Services provided Treatment\n"
            "Microsoft Corporation (Azure) cloud hosting Carved out Cloudflare, Inc. content "
            "delivery Included (inclusive method)\n")
    table = [["Subservice organization", "Services provided", "Treatment"],
             ["Microsoft Corporation (Azure)", "cloud hosting", "Carved out"],
             ["Cloudflare, Inc.", "content delivery", "Included (inclusive method)"]]
    report = report_of("Description of the Quillon Workspace System\n" + body)
    whole = PagedText.of(list(report.lines))
    orgs, _ = find_subservice(report, whole, LayoutResult(tables={1: [table]}), CATALOG,
                              HOLDER)
    assert {o.name.split(",")[0]: o.method for o in orgs} == {
        "Microsoft Corporation (Azure)": "carve-out", "Cloudflare": "inclusive"}


def test_a_sentence_naming_the_inclusive_method_needs_no_subservice_word() -> None:
    text = (AUDITOR + "The description includes the relevant controls of Cloudflare, which "
            "provides content delivery (the inclusive method); our examination included those "
            "controls.\n")
    report = report_of(text)
    orgs, _ = find_subservice(report, PagedText.of(list(report.lines)), LayoutResult(),
                              CATALOG, HOLDER)
    assert [(o.name, o.method) for o in orgs] == [("Cloudflare", "inclusive")]


TESTS = "Tests of Controls\nRef Control activity Test performed Result\n"
ROW = "{ref} {control}\nperformed annually.\nInspected a\nsample.\n{result}\n"
DEVIATION = "Exception noted. For 2 of 25 samples, the\ncontrol was late.\n"


@pytest.mark.parametrize("rows, count", [
    # results cells on lines of their own: the reference line before each names the control
    ([("CC3.2.1", "A risk assessment is", DEVIATION), ("CC5.2.4", "Changes are peer reviewed",
                                                       DEVIATION)], 2),
    # the same control under two references is one control
    ([("CC6.2.1", "Leavers are disabled", DEVIATION), ("CC6.3.1", "Leavers are disabled",
                                                       DEVIATION)], 1),
    ([("CC6.2.1", "Leavers are disabled", "No exceptions noted.\n")], 0),
])
def test_deviations_whose_result_is_printed_on_its_own_lines(
        rows: list[tuple[str, str, str]], count: int) -> None:
    body = "".join(ROW.format(ref=r, control=c, result=x) for r, c, x in rows)
    # the same rows on four pages: repeated lines must still count as results
    filler = "".join(ROW.format(ref="A1.2.1", control="Backups run", result="No exceptions "
                                "noted.\n") for _ in range(3))
    assert count_exceptions(report_of(TESTS + body, filler, filler, filler)) == count


def _doc(name: str, kind: str, start: date | None, end: date | None,
         holder: TextValue) -> DocumentScope:
    ev = Evidence(1, "period")
    return DocumentScope(path=f"docs/{name}", sha256="0", kind=kind,  # type: ignore[arg-type]
                         page_count=1, holder=holder,
                         window_start=DateValue(start, ev) if start else None,
                         window_end=DateValue(end, ev) if end else None, text_pages=(1,))


def _findings(*documents: DocumentScope, vendor: str | None = None) -> set[tuple[str, str]]:
    from scopegap.domain import Stack

    stack = Stack(vendor=vendor, path="stack.yaml") if vendor else None
    found = evaluate(RuleInput(tuple(documents), stack, (), AS_OF, Settings(), CATALOG))
    return {(f.kind, f.subject) for f in found}


LEGAL = TextValue("Acme Hosting Inc", Evidence(1, "To the Management of Acme Hosting Inc"))


@pytest.mark.parametrize("end, gap", [
    (date(2026, 9, 30), False), (date(2026, 8, 22), False), (date(2026, 8, 21), True),
])
def test_a_bridge_letter_ages_from_the_end_of_the_time_it_speaks_for(end: date,
                                                                      gap: bool) -> None:
    letter = _doc("b.pdf", "bridge_letter", date(2026, 7, 1), end, LEGAL)
    assert (("bridge_gap", "b.pdf") in _findings(letter)) is gap


def test_a_letter_that_bridges_nothing_does_not_extend_the_report() -> None:
    report = _doc("r.pdf", "soc2_type2", date(2025, 7, 1), date(2026, 6, 30), LEGAL)
    bridging = _doc("b.pdf", "bridge_letter", date(2026, 7, 1), date(2026, 9, 30), LEGAL)
    as_of_only = _doc("b.pdf", "bridge_letter", None, date(2026, 9, 30), LEGAL)
    assert ("bridge_gap", "r.pdf") not in _findings(report, bridging)
    assert ("bridge_gap", "r.pdf") in _findings(report, as_of_only)


DEFINED = TextValue("Global Data Integration", Evidence(
    1, "internal controls related to Global Data Integration\u2019s System (\u201cGDI\u201d)."))


@pytest.mark.parametrize("holder, vendor, mismatch", [
    (DEFINED, "GDI, Inc.", False),  # the letter's own definition
    (DEFINED, "Global Data Integration LLC", False),
    (DEFINED, "GDX, Inc.", True),
    # an acronym the document does not define is never guessed
    (TextValue("Global Data Integration", Evidence(1, "Global Data Integration")), "GDI, Inc.",
     True),
])
def test_a_short_name_the_document_defines_is_its_holder(holder: TextValue, vendor: str,
                                                         mismatch: bool) -> None:
    letter = _doc("b.pdf", "bridge_letter", date(2026, 9, 1), date(2026, 10, 31), holder)
    assert (("holder_mismatch", "b.pdf") in _findings(letter, vendor=vendor)) is mismatch


def test_defined_short_form() -> None:
    assert defined_short_form(DEFINED) == "GDI"
    assert defined_short_form(LEGAL) is None


def _letter(text: str) -> ReadPdf:
    return ReadPdf(path="letter.pdf", sha256="0", pages=pages(text))


def test_a_letter_whose_as_of_date_precedes_the_period_bridges_nothing() -> None:
    text = ("February 19, 2026\nTo Whom It May Concern,\nThis letter concerns the internal "
            "controls of Acme Hosting, Inc. Our latest SOC 2 report is for the period April "
            "1, 2025 through March 31, 2026.\nAs of February 18, 2026, we are not aware of any "
            "material changes in our control environment.\nSincerely,\nJane Roe\n")
    letter = read_bridge(_letter(text), CATALOG)
    assert letter.holder is not None and letter.holder.value == "Acme Hosting, Inc."
    assert letter.gap_start is None
    assert letter.gap_end is not None and letter.gap_end.value == date(2026, 2, 18)
    assert any("precedes the end" in w for w in letter.warnings)


def test_a_consistent_letter_speaks_for_its_gap() -> None:
    text = ("October 2, 2026\nTo Whom It May Concern,\nThis letter concerns the internal "
            "controls of Acme Hosting, Inc. Our latest SOC 2 report is for the period September "
            "1, 2025 through August 31, 2026.\nFor the period from September 1, 2026 through "
            "September 30, 2026, management confirms there have been no material changes to the "
            "Acme Platform or to its internal controls.\nSincerely,\nJane Roe\n")
    letter = read_bridge(_letter(text), CATALOG)
    assert letter.gap_start is not None and letter.gap_start.value == date(2026, 9, 1)
    assert letter.gap_end is not None and letter.gap_end.value == date(2026, 9, 30)


# --------------------------------------------------------------------------- the generator
def test_socwild_draws_every_new_shape_and_labels_only_what_it_prints() -> None:
    specs = [build(seed) for seed in range(40)]
    assert {s.module_style for s in specs} == set(MODULE_STYLES)
    assert any(s.letter and s.letter.gap_end is None for s in specs)
    assert any(s.letter and s.letter.gap_end is not None for s in specs)
    assert {s.sub_table_method for s in specs} == {True, False}
    for spec in specs:
        assert build(spec.seed) == spec  # deterministic
        page = report_html(spec)
        data, stack = case(spec, "r.pdf", "b.pdf" if spec.letter else None)
        coverage = data["expect"]["coverage"]
        for module in spec.modules:
            assert module in page
        assert coverage[f"{spec.short} {spec.modules[0]}"] == "covered"
        assert coverage[spec.never] == "uncovered" and spec.never not in page
        if spec.overview_product:
            assert coverage[spec.overview_product] == "uncovered"
        if spec.letter is not None:
            assert "b.pdf" in data["expect"]["documents"]
            assert spec.firm not in letter_html(spec).split("Sincerely")[1]  # no auditor signs
        assert stack["tools"] == [n for n in coverage if n in stack["tools"]]



@pytest.mark.parametrize("sentence, holder, names", [
    # "its" makes the company's namesake its product
    ("We have examined Trellis's accompanying description of its Trellis Cloud for the period "
     "July 1, 2024 to June 30, 2025.", "Trellis Cloud Corp.", ["Trellis Cloud"]),
    # without "its" the company's own name is never a system
    ("We have examined the description of Trellis Cloud Corp.'s system for the period July "
     "1, 2024 to June 30, 2025.", "Trellis Cloud Corp.", []),
    ("We have examined the description of its Trellis system as of June 30, 2025.",
     "Trellis Inc.", []),
])
def test_a_product_named_like_its_company(sentence: str, holder: str,
                                          names: list[str]) -> None:
    report = report_of(sentence + "\n")
    whole = PagedText.of(list(report.lines))
    assert [s.name for s in scope_systems(whole, CATALOG, holder)] == names
