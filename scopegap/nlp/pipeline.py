"""The rule-based pipeline: ``spacy.blank("en")`` plus our components, built once per process.

spaCy is imported here and nowhere else at module level, so ``scopegap --help`` and the
commands that need no text analysis never pay its start-up cost.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language


@cache
def pipeline() -> Language:
    import spacy

    from scopegap.nlp import components  # noqa: F401  (registers the factories)

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("scopegap_lines")
    nlp.add_pipe("scopegap_entities")
    nlp.add_pipe("scopegap_exclusions")
    return nlp
