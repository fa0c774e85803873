"""Words that hyphenation broke in print (justified text: Word's or TeX's automatic
hyphenation, German and French certificates) are read whole: an exclusion trigger broken
over two lines ("ex-" / "cluding Microsoft Teams") that excluded nothing was a false
"covered" on every certificate and SOC report written so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scopegap.ingest.pdf import clean_text
from scopegap.match.catalog import load_catalog
from scopegap.nlp.lines import passages_holding, rejoin_broken_words
from scopegap.nlp.pipeline import analyse
from tests.conftest import DEJAVU, coverage_of, typed_certificate

KNOWN = frozenset({"excluding", "included", "microsoft", "salesforce", "cebu"}).__contains__


@pytest.mark.parametrize(("lines", "whole"), [
    # a word broken at the line end: made whole on the next line, the fragment's line kept
    (["services from Manila, ex-", "cluding Cebu."], ["services from Manila,", "excluding Cebu."]),
    (["with the", "ex-", "ception of Cebu"], ["with the", "exception of Cebu"]),
    (["Sales-", "force Service Cloud"], ["Salesforce Service Cloud"]),
    (["ausge-", "nommen Cebu"], ["ausgenommen Cebu"]),
    # a compound the text spells with its hyphen elsewhere keeps it
    (["a third-party call centre and a third-", "party data centre"],
     ["a third-party call centre and a", "third-party data centre"]),
    # a capitalised first part that is a word of its own in the text: a compound
    (["Operations in Manila. The Manila-", "based team"],
     ["Operations in Manila. The", "Manila-based team"]),
    # left as printed: a code broken at its own hyphen, a capital or a digit after the
    # break, a dash after a space, an acronym's letters, a bullet line
    (["region us-", "east-1"], ["region us-", "east-1"]),
    (["certificate AIS-", "ZUZ 1234"], ["certificate AIS-", "ZUZ 1234"]),
    (["Manila -", "head office"], ["Manila -", "head office"]),
    (["cluster ABC-", "def"], ["cluster ABC-", "def"]),
    (["Scope of certifi-", "o Manila"], ["Scope of certifi-", "o Manila"]),
    (["phase-", "2 of the move"], ["phase-", "2 of the move"]),
])
def test_a_word_broken_at_a_line_end(lines: list[str], whole: list[str]) -> None:
    assert rejoin_broken_words(lines) == whole


@pytest.mark.parametrize(("line", "read"), [
    # PDFium joins a line ending in a hyphen to the next: a word the pipeline looks for is
    # made whole, any other hyphenated word stays as printed
    ("Teams is not in-cluded in scope", "Teams is not included in scope"),
    ("delivered with Micro-soft Teams", "delivered with Microsoft Teams"),
    ("in-scope systems and third-party tools", "in-scope systems and third-party tools"),
    ("the ex-employee list", "the ex-employee list"),
    ("region us-east-1 and AIS-ZUZ", "region us-east-1 and AIS-ZUZ"),
])
def test_a_word_broken_within_a_line_is_joined_only_when_known(line: str, read: str) -> None:
    assert rejoin_broken_words([line], KNOWN) == [read]
    assert rejoin_broken_words([line]) == [line]  # nothing known, nothing joined


def test_a_known_word_is_joined_even_where_its_first_part_is_a_word() -> None:
    text = ["Sales Cloud and Sales-", "force Service Cloud"]
    assert rejoin_broken_words(text) == ["Sales Cloud and", "Sales-force Service Cloud"]
    assert rejoin_broken_words(text, KNOWN) == ["Sales Cloud and", "Salesforce Service Cloud"]


_LETTERS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


@given(head=_LETTERS, rest=_LETTERS.filter(lambda rest: rest != "o"),  # "o " opens a bullet
       before=st.sampled_from(["", "the site is", "Scope:"]),
       after=st.sampled_from(["", " from Manila.", ", and Cebu"]))
def test_any_word_broken_once_reads_whole(head: str, rest: str, before: str,
                                          after: str) -> None:
    lines = [f"{before} {head}-".strip(), f"{rest}{after}"]
    joined = " ".join(line for line in rejoin_broken_words(lines) if line)
    assert f"{head}{rest}{after}" in joined
    assert joined.split() == f"{before} {head}{rest}{after}".split()


def test_a_soft_hyphen_reads_as_a_hyphen_one_character_for_one() -> None:
    raw = "ex\u00adcluding and AIS\ufffeZUZ"
    assert clean_text(raw) == "ex-cluding and AIS-ZUZ"
    assert len(clean_text(raw)) == len(raw)


@pytest.mark.parametrize("scope", [
    "Contact centre services with Zendesk and Microsoft Teams from Manila, ex-\ncluding "
    "Microsoft Teams.",
    "Contact centre services with Zendesk and Microsoft Teams from Manila. Microsoft Teams "
    "is not in-\ncluded in the scope.",
    "Contact centre services with Zendesk and Microsoft Teams from Manila. Micro-\nsoft "
    "Teams is excluded.",
    "Contact centre services with Zendesk and Microsoft Teams from Manila, with the\nex-\n"
    "ception of Microsoft Teams.",
    "Contact centre services with Zendesk and Microsoft Teams from Manila, excluding Micro-"
    "soft Teams.",  # as PDFium hands a line-end hyphen over: joined, the hyphen kept
])
def test_a_broken_trigger_or_name_still_excludes(scope: str) -> None:
    doc = analyse(scope, load_catalog())
    assert {e.text for e in doc.ents if e._.excluded_by} == {"Microsoft Teams"}
    assert "Zendesk" in {e.text for e in doc.ents if not e._.excluded_by}


@pytest.mark.parametrize("pair", [("Genesys Cloud CX is ex-", "cluded from the scope."),
                                  ("Genesys Cloud CX is out-", "side the system.")])
def test_the_passage_test_keeps_a_passage_whose_trigger_was_broken(
        pair: tuple[str, str]) -> None:
    class Line:
        def __init__(self, text: str) -> None:
            self.text = text

    lines = [Line("The system runs on AWS."), Line(pair[0]), Line(pair[1])]
    kept = passages_holding(lines, [("excluded",), ("outside", "the", "system")])
    assert [line.text for line in kept][-2:] == list(pair)


@pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVu font missing")
@pytest.mark.parametrize(("scope_lines", "item"), [
    (["Scope: contact centre services with Zendesk and Genesys Cloud CX from Manila, ex-",
      "cluding Microsoft Teams."], "Microsoft Teams"),
    (["Scope: contact centre services with Zendesk from Manila and Cebu. The Cebu site is",
      "not co-", "vered by this certificate."], "Cebu City, Philippines"),
    (["Geltungsbereich: Kundenservice mit Zendesk und Microsoft Teams in Manila und Cebu, ausge-",
      "nommen Microsoft Teams."], "Microsoft Teams"),
])
def test_a_justified_certificate_excludes_what_its_broken_words_say(
        tmp_path: Path, scope_lines: list[str], item: str) -> None:
    lines = ["CERTIFICATE", "This is to certify that", "Acme Contact Services Ltd",
             "has been assessed and found to conform to ISO/IEC 27001:2022", *scope_lines,
             "Certificate number: AB 12345", "Issue date: 2025-01-10", "Expiry date: 2028-01-09",
             "Issued by Acme Certification Ltd"]
    tools = ["Zendesk Suite"] + (["Microsoft Teams"] if "," not in item else [])
    sites = ["Manila, Philippines"] + ([item] if "," in item else [])
    coverage = coverage_of(typed_certificate(tmp_path / "cert.pdf", lines),
                           f"vendor: Acme Contact Services Ltd\ntools: {json.dumps(tools)}\n"
                           f"sites: {json.dumps(sites)}\n")
    assert coverage[item] == "excluded"
    assert coverage["Zendesk Suite"] == coverage["Manila, Philippines"] == "covered"
