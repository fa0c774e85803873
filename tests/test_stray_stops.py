"""A full stop before a lower-case word ends no sentence (nlp/components.py LineSentences).

A scan's speck read as a full stop ("The Salesforce CRM. platform is excluded") cut the
exclusion from its subject, and the excluded tool read as covered (fresh scan 8204).
"""

from __future__ import annotations

import pytest

from scopegap.match.catalog import load_catalog
from scopegap.nlp.pipeline import analyse


def _excluded(text: str) -> tuple[set[str], set[str]]:
    doc = analyse(text, load_catalog())
    return ({e.text for e in doc.ents if e._.excluded_by},
            {e.text for e in doc.ents if not e._.excluded_by})


@pytest.mark.parametrize(
    ("text", "excluded", "kept"),
    [
        ("Hosted on Five9. The Salesforce CRM. platform is excluded from the scope.",
         {"Salesforce CRM"}, {"Five9"}),
        ("Hosted on Five9. The Salesforce CRM.\nplatform is excluded from the scope.",
         {"Salesforce CRM"}, {"Five9"}),
        ("Hosted on Five9. The Salesforce CRM.\n\nplatform is excluded from the scope.",
         {"Salesforce CRM"}, {"Five9"}),
        # a capitalised word still starts a sentence, and an exclusion stays in its own
        ("Services on Salesforce CRM. Five9 is excluded from the scope.", {"Five9"},
         {"Salesforce CRM"}),
        # a list item still starts one, on a line of its own
        ("Zendesk Support is excluded.\na) Five9 for support.", {"Zendesk Support"}, {"Five9"}),
        ("Zendesk Support is excluded.\no Five9 for support.", {"Zendesk Support"}, {"Five9"}),
        # a full stop after a number, not glued to a word, still ends one
        ("Zendesk Support is excluded from release 2 .\nthe Five9 platform is used.",
         {"Zendesk Support"}, {"Five9"}),
    ],
)
def test_a_lower_case_word_after_a_full_stop_starts_no_sentence(
        text: str, excluded: set[str], kept: set[str]) -> None:
    assert _excluded(text) == (excluded, kept)


def test_the_joined_sentence_is_one_sentence() -> None:
    doc = analyse("The Salesforce CRM.\n\nplatform is excluded. Five9 is used.", load_catalog())
    assert [s.text.strip() for s in doc.sents] == [
        "The Salesforce CRM.\n\nplatform is excluded.", "Five9 is used."]
