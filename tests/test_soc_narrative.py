"""The narrative the scope-sentence and offering readers search: the report less its control
matrix (a Type 2's tests of controls, a Type 1's criteria and related controls)."""

from __future__ import annotations

from scopegap.extract.soc.assemble import _without_tests
from scopegap.extract.soc.patterns import soc_patterns
from scopegap.extract.soc.sections import Outline, outline
from scopegap.extract.soc.systems import scope_systems
from scopegap.ingest.pdf import TextPage
from scopegap.ingest.text import PagedText
from scopegap.match.catalog import load_catalog

AUDITOR = ("Independent Service Auditor's Report\nTo the Management of Quillon Software, Inc.\n"
           "We have examined the accompanying description of its Quillon Engage system.\n")
DESCRIPTION = "Description of the System\nQuillon Engage is a contact centre platform.\n"
MATRIX = ("Trust Services Criteria and Related Controls\n"
          "CC6.1 Access to the controls within the Ledgerly system is restricted.\n")
TESTS = ("Trust Services Criteria, Related Controls and Tests of Controls\n"
         "CC6.2 The description of the Routewise system is reviewed. No exceptions noted.\n")


def _report(*texts: str) -> Outline:
    pages = tuple(TextPage(number=n, text=t, width=595.0, height=842.0, has_text=True)
                  for n, t in enumerate(texts, 1))
    return outline(pages, soc_patterns().headings)


def _whole(report: Outline) -> PagedText:
    return PagedText.of([line for line in report.lines if not line.furniture])


def test_a_type_1_matrix_and_type_2_tests_are_left_out() -> None:
    report = _report(AUDITOR, DESCRIPTION, MATRIX, TESTS)
    assert report.get("controls") is not None and report.get("tests") is not None
    narrative = _without_tests(report, _whole(report))
    assert "Quillon Engage is a contact centre platform." in narrative.text
    assert "Ledgerly" not in narrative.text and "Routewise" not in narrative.text
    names = [s.name for s in scope_systems(narrative, load_catalog(), "Quillon Software, Inc.")]
    assert names == ["Quillon Engage"]


def test_a_report_without_a_matrix_is_searched_whole() -> None:
    report = _report(AUDITOR, DESCRIPTION)
    whole = _whole(report)
    assert _without_tests(report, whole) is whole
