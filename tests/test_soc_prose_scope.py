"""SOC kinds real reports print in prose (issue 12, second pass): systems the scope sentence
names and the offerings listed under them, carve-outs without the word, bulleted CUECs,
distinct controls with deviations, bridge letters without the word, an auditor's letter that
restates a Type 1 result; and the generator's new kinds, extracted end to end."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scopegap.extract.classify import classify_report
from scopegap.extract.document import extract_path
from scopegap.extract.soc.controls import count_exceptions, find_cuecs
from scopegap.extract.soc.opinion import find_opinion
from scopegap.extract.soc.patterns import soc_patterns
from scopegap.extract.soc.sections import Outline, outline
from scopegap.extract.soc.subservice import find_subservice
from scopegap.extract.soc.systems import offerings, scope_systems
from scopegap.ingest.layout import LayoutResult
from scopegap.ingest.pdf import TextPage
from scopegap.ingest.text import PagedText
from scopegap.match.catalog import load_catalog

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fixtures.socgen.expect import stack_items, write_case  # noqa: E402
from fixtures.socgen.letters import build_letter, letter_document, write_letter_case  # noqa: E402
from fixtures.socgen.spec import build  # noqa: E402

CATALOG = load_catalog()
AUDITOR = "Independent Service Auditor's Report\nTo the Management of Quillon Software, Inc.\n"
DESCRIPTION = "Description of the System\n"


def pages(*texts: str) -> tuple[TextPage, ...]:
    return tuple(TextPage(number=n, text=t, width=595.0, height=842.0, has_text=bool(t))
                 for n, t in enumerate(texts, 1))


def report_of(*texts: str) -> Outline:
    return outline(tuple(p for p in pages(*texts) if p.has_text), soc_patterns().headings)


def whole(report: Outline) -> PagedText:
    return PagedText.of([line for line in report.lines if not line.furniture])


@pytest.mark.parametrize("sentence, names", [
    ("We have examined Quillon Software, Inc.'s accompanying description of its Quillon "
     "Engage system as of May 31, 2025.", ["Quillon Engage"]),
    ("that the controls within the Quillon Platform (the \"Platform\") were effective",
     ["Quillon Platform"]),
    ("We have examined the description of Quillon Software, Inc.'s Ledgerly and Quillon "
     "Pay\u00ae systems throughout the period.", ["Ledgerly", "Quillon Pay"]),
    ("The scope of this report includes only Quillon's Routewise and Quillon Desk systems, "
     "and does not include the controls of the subservice organization.",
     ["Routewise", "Quillon Desk"]),
    # a list whose first name ends in a system word: the list runs to the last one
    ("The scope of this report includes only Quillon's Quillon Platform and Fennon\nsystems; "
     "other services of Quillon are not part of it.", ["Quillon Platform", "Fennon"]),
    ("This description covers Quillon's engagement services, namely the Quillon Flow and the "
     "Quillon Vault.", ["Quillon Flow", "Quillon Vault"]),
    # ... wrapped after "the" or "and": the line's end does not end the list
    ("This description covers Quillon's engagement services, namely the Quillon Flow and the\n"
     "Solara.", ["Quillon Flow", "Solara"]),
    ("This description covers Quillon's engagement services, namely the Quillon Flow and\n"
     "the Solara.", ["Quillon Flow", "Solara"]),
    ("The description below is limited to the Quillon Flow and the Quillon Vault.",
     ["Quillon Flow", "Quillon Vault"]),
    ("that the controls within GitHub's Enterprise Cloud (system) were effective",
     ["GitHub Enterprise Cloud"]),
    # no word "system" after the name: the period or the as-of date ends it
    ("We have examined Quillon's accompanying description of its Quillon Cloud for the "
     "period April 1, 2025 to March 31, 2026 based on the criteria.", ["Quillon Cloud"]),
    ("We have examined the description of the Quillon Hub as of June 30, 2025.",
     ["Quillon Hub"]),
    ("This report covers the Quillon Workspace, which consists of the following modules:",
     ["Quillon Workspace"]),
    # a sentence of its own saying a named product is in scope
    ("Quillon Analytics is not in scope. Quillon Analytics on Virtual Machines is\nin scope and "
     "is included in the system described in this report.",
     ["Quillon Analytics on Virtual Machines"]),
    ("Physical security is not in scope. The Quillon Hub is included in the scope of this "
     "report.", ["Quillon Hub"]),
    ("Quillon Pay and Quillon Voice API are in scope.", ["Quillon Pay", "Quillon Voice API"]),
    ("Customer data is in scope. Changes to the Quillon Portal are in scope.", []),
    ("Quillon Payments and Quillon Hardware are not in scope.", []),
])
def test_systems_the_scope_sentence_names(sentence: str, names: list[str]) -> None:
    report = report_of(AUDITOR + sentence + "\n")
    got = scope_systems(whole(report), CATALOG, "Quillon Software, Inc.")
    assert [s.name for s in got] == names


@pytest.mark.parametrize("sentence", [
    "We have examined Quillon Software, Inc.'s accompanying description of its system.",
    "We have prepared the accompanying description of Quillon Data Systems, Inc.'s system.",
    "a. The description presents Quillon Software, Inc.'s system that was designed and "
    "implemented as of May 31, 2025.",
    "Quillon also provides consulting and managed services for Oracle JD Edwards and HubSpot.",
    "Section III Description of Quillon Software, Inc.'s Quillon Engage System ..........  9",
])
def test_no_system_from_the_holder_an_overview_or_the_contents(sentence: str) -> None:
    report = report_of(AUDITOR + sentence + "\n")
    assert scope_systems(whole(report), CATALOG, "Quillon Software, Inc.") == []


@pytest.mark.parametrize(("sentence", "names"), [
    ("We have examined the description of Quillon Data Systems Holdings, Inc.'s Quillon Flow "
     "system for the period.", ["Quillon Flow"]),
    ("We have prepared the accompanying description of Quillon Data Systems Holdings, Inc.'s "
     "system.", []),
])
def test_a_system_word_inside_the_holders_name_ends_no_name(sentence: str,
                                                             names: list[str]) -> None:
    report = report_of(AUDITOR + sentence + "\n")
    got = scope_systems(whole(report), CATALOG, "Quillon Data Systems Holdings, Inc.")
    assert [s.name for s in got] == names


def test_offerings_of_a_named_system_under_its_brand() -> None:
    text = (AUDITOR + "We have examined the description of its Quillon Connect Hub system.\n"
            + DESCRIPTION + "Services Provided\nThe Connect Hub includes:\n"
            "\u25cf Voice API: voice calling from applications\n"
            "\u25cf SMS API: two-way text\nmessages for customers\n"
            "The Quillon Vault is sold separately.\n"
            "\u25cf Billing Portal: not under the hub\n")
    w = whole(report_of(text))
    named = scope_systems(w, CATALOG, "Quillon Software, Inc.")
    got = offerings(w, named, CATALOG, "Quillon Software, Inc.")
    assert [s.name for s in got] == ["Quillon Voice API", "Quillon SMS API"]
    assert got[0].evidence.text.startswith("\u25cf Voice API")


def test_a_list_under_an_unnamed_system_gives_nothing() -> None:
    text = (AUDITOR + "We have examined the description of its Quillon Engage system.\n"
            + DESCRIPTION + "The Analytics Suite includes:\n- Voice API: calls\n")
    w = whole(report_of(text))
    named = scope_systems(w, CATALOG, "Quillon Software, Inc.")
    assert offerings(w, named, CATALOG, "Quillon Software, Inc.") == []


def test_carve_out_by_a_defined_group_term_and_a_named_system_is_no_org() -> None:
    text = (AUDITOR + "We have examined the description of its Ledgerly and Quillon Pay "
            "systems.\n" + DESCRIPTION + "Third-Party Providers\nQuillon relies on Equinix, "
            "Inc. and Twilio Inc. (collectively, the Hosting Partners) for hosting.\nThe "
            "examination did not extend to the policies, procedures and controls of the "
            "Hosting Partners.\nSubservice Organizations\nA subservice organization supports "
            "the Quillon Pay and Ledgerly applications.\n")
    report = report_of(text)
    w = whole(report)
    named = [s.name for s in scope_systems(w, CATALOG, "Quillon Software, Inc.")]
    orgs, _ = find_subservice(report, w, LayoutResult(), CATALOG,
                              "Quillon Software, Inc.", named)
    assert {CATALOG.normalise(o.name) for o in orgs} == {"equinix", "twilio"}
    assert all(o.method == "carve-out" for o in orgs)
    assert not any("Ledgerly" in o.name for o in orgs)


def test_type1_subservice_organisation_named_in_apposition() -> None:
    text = (AUDITOR + "Quillon uses a subservice organization, Amazon Web Services (\u201cAWS"
            "\u201d), to provide cloud hosting services. Our examination did not include the "
            "services provided by the subservice organization.\n")
    report = report_of(text)
    orgs, _ = find_subservice(report, whole(report), LayoutResult(),
                              CATALOG, "Quillon Software, Inc.")
    assert [(o.name, o.method) for o in orgs] == [("Amazon Web Services", "carve-out")]


def test_bulleted_cuecs_after_a_responsible_for_line() -> None:
    report = report_of(DESCRIPTION + "Complementary User Entity Controls\nUser entities are "
                       "responsible for:\n\u2022 Removing leavers from their\naccounts.\n"
                       "\u2022 Enabling MFA for users.\n\u2022 Reviewing audit logs.\n"
                       "Trust Services Criteria and Related Controls\n\u2022 Security - the "
                       "system is protected.\n")
    assert len(find_cuecs(report)) == 3


TESTS = "Tests of Controls\nControl Activity Test Results\n"


@pytest.mark.parametrize("rows, count", [
    # one control printed under two criteria, row for row: counted once
    ("CC6.2\nLeavers are disabled timely Inspected tickets Exception noted. For 1\n"
     "CC6.3\nLeavers are disabled timely Inspected tickets Exception noted. For 1\n", 1),
    # the results cell wraps between the two words, other columns' text between them
    ("Exception\nAccess needs MFA Inspected settings noted: 2 of 40\nC-01\n"
     "Exception\nBackups are tested Inspected restores noted: 1 of 4\nC-02\n", 2),
    ("Backups are tested Inspected restores No exceptions noted.\n", 0),
])
def test_distinct_controls_with_deviations(rows: str, count: int) -> None:
    assert count_exceptions(report_of(TESTS + rows)) == count


def test_bridge_letter_without_the_word() -> None:
    letter = ("March 2, 2026\nTo Whom It May Concern,\nQuillon Software, Inc. is not aware of "
              "any material changes in its internal control environment since the end of the "
              "period of its SOC 2 Type 2 report.\nSincerely,\nJane Roe\n")
    got = classify_report(pages(letter))
    assert got is not None and got.kind == "bridge_letter"


def test_restated_type1_opinion_needs_both_points_and_no_qualifier() -> None:
    both = ("Letter of Attestation\na. The description presents Quillon's system that was "
            "designed and implemented as of May 31, 2025.\nb. The controls stated in the "
            "description were suitably designed as of May 31, 2025.\n")
    report = report_of(both)
    got = find_opinion(report, whole(report))
    assert got is not None and got.value == "unmodified"
    one = report_of(both.split("b.")[0])
    assert find_opinion(one, whole(one)) is None
    qualified = report_of(both + "Except for the matter above, the controls were suitable.\n")
    assert find_opinion(qualified, whole(qualified)) is None


# --------------------------------------------------------------------------- generator kinds


PROSE_SEEDS = [s for s in range(60) if build(s).prose.style == "prose"][:3]
GROUP_SEEDS = [s for s in range(80) if build(s).prose.group_term is not None][:2]


@pytest.mark.parametrize("seed", PROSE_SEEDS + GROUP_SEEDS)
def test_generated_prose_scope_is_read(tmp_path: Path, seed: int) -> None:
    spec = build(seed)
    folder = write_case(spec, tmp_path)
    scope = extract_path(next(folder.glob("*.pdf")))
    names = {CATALOG.normalise(s.name) for s in scope.systems}
    assert CATALOG.normalise(spec.product) in names
    if spec.prose.product2:
        assert CATALOG.normalise(spec.prose.product2) in names
    tools = dict(stack_items(spec)["tools"])
    for name, status in tools.items():
        if status == "uncovered":  # the near-miss sibling, the overview's business lines
            assert CATALOG.normalise(name) not in names
    orgs = {o.method for o in scope.subservice_organizations}
    if spec.prose.group_term is not None:
        assert orgs == {o.method for o in spec.subservice}
    assert not any(CATALOG.normalise(o.name) in names for o in scope.subservice_organizations)


@pytest.mark.parametrize("seed", [s for s in range(0, 400, 5)
                                  if build_letter(s).wording in (1, 2)][:4])
def test_generated_letters_are_read(tmp_path: Path, seed: int) -> None:
    spec = build_letter(seed)
    folder = write_letter_case(spec, tmp_path)
    scope = extract_path(next(folder.glob("*.pdf")))
    want = letter_document(spec)
    assert scope.kind == want["kind"]
    assert scope.holder is not None and scope.holder.value == want["holder"]
    if spec.kind == "soc2_type1":
        assert scope.opinion is not None and scope.opinion.value == "unmodified"
    else:
        assert scope.issuer is None
        assert any("precedes" in w for w in scope.warnings) == spec.mistyped


@pytest.mark.parametrize("sentence", [
    "The boundaries of the system are the components described below. Observe.AI is excluded "
    "from the scope of this examination.",
    "The boundaries of the system are the components described below. This report does not "
    "cover Observe.AI.",
])
def test_a_full_stop_inside_a_name_does_not_hide_its_exclusion(sentence: str) -> None:
    from scopegap.extract.soc.components import find_components

    report = report_of(DESCRIPTION + "System Boundaries\n" + sentence + "\n")
    systems, _, _, _ = find_components(None, report, LayoutResult(), CATALOG,  # type: ignore[arg-type]
                                       [])
    assert not any("Observe" in s.name for s in systems)


def test_offerings_whose_bullets_are_graphics() -> None:
    """A browser or PDF writer often draws list markers as graphics: the items are short
    name lines after the intro, up to the first sentence or heading."""
    text = (AUDITOR + "We have examined the description of its Quillon Cloud for the period "
            "April 1, 2025 to March 31, 2026.\n" + DESCRIPTION + "Services in Scope\n"
            "This report covers the Quillon Cloud, which consists of the following modules:\n"
            "Care Messaging\nBilling Engine\n"
            "The Quillon Vault module, sold separately, is not in the scope of this report.\n"
            "Reporting Studio\n")
    w = whole(report_of(text))
    named = scope_systems(w, CATALOG, "Quillon Software, Inc.")
    got = offerings(w, named, CATALOG, "Quillon Software, Inc.")
    assert [s.name for s in got] == ["Quillon Care Messaging", "Quillon Billing Engine"]


@pytest.mark.parametrize("row, name", [
    ("Microsoft Corporation (Azure) | cloud hosting | Carved out", "Microsoft Corporation (Azure)"),
    ("Amazon Web Services, Inc. (AWS) | cloud hosting | Carved out", "Amazon Web Services"),
    ("Google LLC (GCP) | cloud hosting | Carved out", "Google LLC"),
])
def test_a_short_form_that_names_the_business_is_kept(row: str, name: str) -> None:
    text = (AUDITOR + "We have examined the description of its Quillon Cloud system.\n"
            + DESCRIPTION + "Subservice Organizations\nSubservice organization Services "
            "provided Treatment\n" + row.replace(" | ", " ") + "\nOur examination did not "
            "extend to the controls of the subservice organizations.\n")
    report = report_of(text)
    orgs, _ = find_subservice(report, whole(report), LayoutResult(), CATALOG,
                              "Quillon Software, Inc.", ["Quillon Cloud"])
    assert [o.name for o in orgs] == [name]

