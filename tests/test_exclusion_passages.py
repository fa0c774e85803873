"""Exclusions are looked for only in the passages that can hold a trigger phrase: the rest of
a long description never reaches spaCy, and what is found is what the whole text gives."""

from __future__ import annotations

from dataclasses import dataclass

from scopegap.match.catalog import load_catalog
from scopegap.nlp.lines import passages_holding
from scopegap.nlp.pipeline import analyse, exclusion_passages


@dataclass(frozen=True)
class _Line:
    text: str


def _lines(*texts: str) -> list[_Line]:
    return [_Line(text) for text in texts]


PROSE = _lines(
    "The service desk reviews tickets on a daily basis and escalates",
    "exceptions to senior management for resolution.",
    "Management evaluates the risk register quarterly.",
    "Customer calls are handled on Five9 and Zendesk Support,",
    "excluding Talkdesk, which the company retired.",
    "Human resources approves access requests before they are granted.",
    "Operations run from Manila and Cebu.",
)


def _exclusions(lines: list[_Line]) -> list[tuple[str, str, str]]:
    doc = analyse("\n".join(line.text for line in lines), load_catalog())
    return [(hit.trigger.text, hit.reach.text.strip(), hit.trigger.sent.text.strip())
            for hit in doc._.exclusions]


def test_only_passages_with_every_token_of_a_phrase_are_kept_with_context() -> None:
    kept = passages_holding(PROSE, [("excluding",), ("not", "covered")])
    # the passage holding "excluding", the passage before it and the one after it (a list
    # the trigger announces); "exceptions" is not "except"
    assert [line.text for line in kept] == [PROSE[2].text, PROSE[3].text, PROSE[4].text,
                                            PROSE[5].text]


def test_the_list_a_trigger_announces_is_kept() -> None:
    lines = _lines("Our staff work from Manila.",
                   "The following services are excluded from the scope of this report:",
                   "Playvox; Avaya AXP.", "Operations run from Cebu.", "Nothing else.")
    kept = passages_holding(lines, [("excluded",)])
    assert "Playvox; Avaya AXP." in [line.text for line in kept]
    assert "Nothing else." not in [line.text for line in kept]


def test_a_word_is_found_at_the_end_of_a_run_never_inside_it() -> None:
    assert passages_holding(_lines("Staff cannot be covered."), [("not", "be", "covered")])
    assert not passages_holding(_lines("Exceptions are escalated."), [("except",)])
    assert not passages_holding(_lines("Nothing is uncovered here."), [("not", "covered")])


def test_a_phrase_s_words_must_follow_each_other() -> None:
    """Five common words of one phrase scattered over a passage are no candidate: the phrase
    matcher needs them token after token, only spaces (or a line break) between."""
    phrase = [("is", "provided", "by", "the", "client")]
    assert not passages_holding(_lines("The client is told what is provided by the desk."),
                                phrase)
    assert passages_holding(_lines("Recovery is provided by the", "client."), phrase)


def test_context_reaches_back_over_short_passages() -> None:
    lines = _lines("A long passage about the service and its many users.", "Yes.", "No.",
                   "Talkdesk is excluded.")
    kept = passages_holding(lines, [("is", "excluded")])
    assert [line.text for line in kept] == [line.text for line in lines]


def test_the_kept_passages_give_the_exclusions_of_the_whole_text() -> None:
    catalog = load_catalog()
    kept = exclusion_passages(PROSE, catalog)
    assert len(kept) < len(PROSE)
    assert _exclusions(kept) == _exclusions(PROSE)
    assert [t for t, _, _ in _exclusions(kept)] == ["excluding"]


def test_text_without_a_trigger_is_not_analysed_at_all() -> None:
    assert exclusion_passages(_lines(PROSE[0].text, PROSE[1].text), load_catalog()) == []


def test_a_contracted_trigger_is_kept_as_the_matcher_reads_it() -> None:
    """"isn’t in scope" is "is not in scope" to the matcher (spaCy norms "n’t" to "not"), so
    the passage test keeps it: the pipeline then excludes what it names."""
    lines = _lines("Support runs on Five9.", "Talkdesk isn’t in scope.")
    kept = exclusion_passages(lines, load_catalog())
    assert [line.text for line in kept][-1] == "Talkdesk isn’t in scope."
    assert not passages_holding(lines[1:], [("is", "not", "in", "scope")])  # no table
