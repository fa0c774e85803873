"""The rule-based pipeline: ``spacy.blank("en")`` plus our components, built once per process.

spaCy is imported here and nowhere else at module level, so ``scopegap --help`` and the
commands that need no text analysis never pay its start-up cost.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any, TypeVar

from scopegap.nlp.lines import (
    BULLET_LINE,
    HARD_BREAK_BEFORE,
    HasText,
    passages_holding,
    rejoin_broken_words,
)
from scopegap.resources import load_yaml

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from scopegap.match.catalog import Catalog

_Line = TypeVar("_Line", bound=HasText)

# One pipeline per catalog it was handed (in practice one per process), kept for its life.
_BUILT: dict[int, tuple[Catalog, Language]] = {}


_SPACY_FROZEN: list[bool] = []  # set once spaCy's import has been frozen in this process


def import_spacy() -> None:
    """Import spaCy with the cyclic garbage collector paused, then (once per process) move
    every object alive out of its view (``gc.freeze``).

    spaCy's import builds a few hundred thousand long-lived objects and almost no garbage
    cycles, yet with the collector on, the allocations trigger collections that walk them
    again and again: about 0.06 s of CPU, 8% of the import itself. After it, every full
    collection that the extractor's own imports and start-up trigger walked them all again,
    about 0.1 s more. Frozen objects are still freed by reference counting; only once, so
    later garbage cycles stay collectable, and the collector is on again on return.
    """
    if _SPACY_FROZEN:
        return
    paused = gc.isenabled()
    gc.disable()
    try:
        import spacy  # noqa: F401  # the import is the point
    finally:
        if paused:
            gc.enable()
    gc.freeze()
    _SPACY_FROZEN.append(True)


def exclusion_config() -> dict[str, Any]:
    """The exclusion component's config: its phrases from models/patterns/exclusions.yaml.
    Passed through the pipeline config, so ``nlp.to_disk`` writes them and ``spacy.load``
    rebuilds the component with them."""
    rules: dict[str, Any] = load_yaml("patterns/exclusions.yaml")
    return {key: list(rules.get(key, ()))
            for key in ("forward", "backward", "bracketed", "terminators", "copulas",
                        "list_joiners", "origin", "destinations", "footnote_marks")}


def pipeline(catalog: Catalog) -> Language:
    """The pipeline for ``catalog``, built once per process and kept for its life.

    The cyclic garbage collector is paused while it is built (the build makes hundreds of
    thousands of long-lived objects and no garbage worth a pass), and everything alive then,
    spaCy's modules included, is frozen out of its view: otherwise every later collection and
    the one at interpreter exit walk them all again, about 0.15 s of a one-page run.
    """
    built = _BUILT.get(id(catalog))
    if built is not None and built[0] is catalog:
        return built[1]
    paused = gc.isenabled()
    gc.disable()
    try:
        nlp = _blank_english()
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("scopegap_lines")
        nlp.add_pipe("scopegap_entities")
        nlp.add_pipe("scopegap_exclusions", config=exclusion_config())
        use_catalog(nlp, catalog)
    finally:
        if paused:
            gc.enable()
    gc.freeze()
    _BUILT[id(catalog)] = (catalog, nlp)
    return nlp


def use_catalog(nlp: Language, catalog: Catalog) -> None:
    """Hand the entity component its catalog (a pipeline read back with ``spacy.load`` needs
    this before it runs: the catalog is data handed to the stage, not pipeline config)."""
    from scopegap.nlp.components import EntityMatcher

    component = nlp.get_pipe("scopegap_entities")
    assert isinstance(component, EntityMatcher)
    component.use_catalog(nlp, catalog)


def _blank_english() -> Language:
    """``spacy.blank("en")`` whose tokenizer splits glued trademarks from the start.

    The entity component needs that infix; setting it on a built tokenizer reloads all of
    its exceptions, so building it in saves that second load (ARCHITECTURE.md: start-up
    counts). The component checks and still sets it on any other pipeline.
    """
    from spacy.lang.en import English, EnglishDefaults

    # also registers the factories
    from scopegap.nlp.components import with_footnote_marks, with_glued_marks

    class ScopegapEnglishDefaults(EnglishDefaults):
        infixes = with_glued_marks(EnglishDefaults.infixes)
        suffixes = with_footnote_marks(EnglishDefaults.suffixes)

    class ScopegapEnglish(English):  # type: ignore[no-untyped-call]  # spaCy's hook is untyped
        Defaults = ScopegapEnglishDefaults

    return ScopegapEnglish.from_config()


def unwrap(text: str, known: Callable[[str], bool] | None = None) -> str:
    """Join lines the PDF wrapped mid-sentence ("Office\n365" → "Office 365") and words
    hyphenation broke at a line end ("ex-\ncluding" → "excluding"), and collapse runs of
    spaces, keeping the breaks that end a sentence or start a bullet. ``known`` tells the
    words the pipeline looks for (``rejoin_broken_words``)."""
    lines = rejoin_broken_words([" ".join(line.split()) for line in text.split("\n")], known)
    out = [lines[0]]
    for previous, line in pairwise(lines):
        hard = not previous or not line or HARD_BREAK_BEFORE.search(previous) \
            or BULLET_LINE.match(line)
        out.append(("\n" if hard else " ") + line)
    return "".join(out)


def exclusion_passages(lines: Sequence[_Line], catalog: Catalog) -> list[_Line]:
    """The lines of ``lines`` that can hold an exclusion, with their context
    (``passages_holding``): analysing only these finds the same exclusions as the whole."""
    from scopegap.nlp.components import ExclusionDetector

    detector = pipeline(catalog).get_pipe("scopegap_exclusions")
    assert isinstance(detector, ExclusionDetector)
    spelled_out: dict[str, str] = load_yaml("patterns/exclusions.yaml").get("contractions", {})
    return passages_holding(lines, detector.phrases, spelled_out)


def analyse(text: str, catalog: Catalog) -> Doc:
    """Run the pipeline for ``catalog`` on wrapped PDF text."""
    nlp = pipeline(catalog)
    return nlp(unwrap(text, _known_words(nlp)))


@cache
def _known_words(nlp: Language) -> Callable[[str], bool]:
    """Whether a lower-cased word is one of the words ``nlp`` matches: a word of a catalog
    phrase or of an exclusion trigger (hyphenation may have broken it in print). Kept per
    pipeline, which lives as long as the process (``pipeline``)."""
    from scopegap.nlp.components import EntityMatcher, ExclusionDetector

    entities = nlp.get_pipe("scopegap_entities")
    exclusions = nlp.get_pipe("scopegap_exclusions")
    assert isinstance(entities, EntityMatcher) and isinstance(exclusions, ExclusionDetector)
    hashes = entities.word_hashes | {nlp.vocab.strings[token] for phrase in exclusions.phrases
                                     for token in phrase}
    strings = nlp.vocab.strings

    def known(word: str) -> bool:
        return strings[word] in hashes

    return known
