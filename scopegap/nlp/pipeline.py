"""The rule-based pipeline: ``spacy.blank("en")`` plus our components, built once per process.

spaCy is imported here and nowhere else at module level, so ``scopegap --help`` and the
commands that need no text analysis never pay its start-up cost.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_HARD_BREAK_BEFORE = re.compile(r"[.:;!?]\s*$")
_BULLET_LINE = re.compile(r"^\s*(?:[•▪◦●■□◆\-–*§]|o\s|\(?[a-z0-9]{1,2}[.)]\s)")


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


def unwrap(text: str) -> str:
    """Join lines the PDF wrapped mid-sentence ("Office\n365" → "Office 365") and collapse
    runs of spaces, keeping the breaks that end a sentence or start a bullet."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out = [lines[0]]
    for previous, line in pairwise(lines):
        hard = not previous or not line or _HARD_BREAK_BEFORE.search(previous) \
            or _BULLET_LINE.match(line)
        out.append(("\n" if hard else " ") + line)
    return "".join(out)


def analyse(text: str) -> Doc:
    """Run the pipeline on wrapped PDF text."""
    return pipeline()(unwrap(text))
