"""The deciding clause of a piece of evidence: the words a reviewer must read.

Evidence is a whole sentence (often the whole scope paragraph), so the words that decided
("excluding the Manila site") are hard to find in it. The quote shown is the clause around
the matched name: the text between the punctuation marks that enclose it. The full sentence
stays behind ``-v`` (text) or a details element (HTML), and in the JSON.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MAX_CLAUSE = 160  # characters; a longer "clause" is a list or a table row: show the words
_LEFT_BREAK = re.compile(r"[,;:()\[\]|]|[.!?](?=\s)")
_RIGHT_BREAK = re.compile(r"[,;:()\[\]|]|[.!?](?=\s|$)")


def clause_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the clause of ``text`` holding text[start:end] (trimmed of spaces)."""
    left = 0
    for match in _LEFT_BREAK.finditer(text, 0, start):
        left = match.end()
    found = _RIGHT_BREAK.search(text, end)
    right = found.start() if found else len(text)
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    if right - left > MAX_CLAUSE:
        return _words_around(text, start, end)
    return left, right


def _words_around(text: str, start: int, end: int, words: int = 4) -> tuple[int, int]:
    """The matched words with a few words either side, when the clause is too long."""
    left = start
    for _ in range(words):
        cut = text.rfind(" ", 0, max(0, left - 1))
        left = 0 if cut < 0 else cut + 1
    right = end
    for _ in range(words):
        cut = text.find(" ", right + 1)
        right = len(text) if cut < 0 else cut
    return left, right


def find_needle(text: str, needles: Sequence[str]) -> tuple[int, int] | None:
    """The span of the first needle found in ``text`` (case-insensitive, whole words where
    the needle starts and ends with a letter or digit); "Pune, India" also tries "Pune"."""
    tries = [n for n in needles if n and n.strip()]
    tries += [n.split(",")[0] for n in tries if "," in n]
    for needle in tries:
        pattern = re.escape(" ".join(needle.split())).replace(r"\ ", r"\s+")
        if needle[:1].isalnum():
            pattern = r"(?<!\w)" + pattern
        if needle[-1:].isalnum():
            pattern += r"(?!\w)"
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            return match.start(), match.end()
    return None


def deciding_clause(evidence: str | None, needles: Sequence[str]) -> str | None:
    """The clause of ``evidence`` that names one of ``needles``; the evidence itself when it
    names none (nothing to centre on: cutting could drop the deciding words)."""
    if not evidence:
        return None
    span = find_needle(evidence, needles)
    if span is None:
        return " ".join(evidence.split())
    left, right = clause_span(evidence, *span)
    return " ".join(evidence[left:right].split()) or " ".join(evidence.split()) or evidence
