"""Small text helpers shared by the extractors: lines, evidence snippets, whitespace."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPACES = re.compile(r"[ \u00a0]+")


def squash(text: str) -> str:
    """Collapse runs of whitespace to one space (evidence is quoted on one line)."""
    return " ".join(text.split())


def line_around(text: str, start: int, end: int, limit: int = 300) -> str:
    """The full line(s) holding text[start:end], squashed: the evidence a reviewer searches for."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end == -1:
        line_end = len(text)
    snippet = squash(text[line_start:line_end])
    if len(snippet) > limit:
        focus = squash(text[max(line_start, start - limit // 2) : min(line_end, end + limit // 2)])
        return focus
    return snippet


@dataclass(frozen=True)
class Line:
    """A line of page text with its character offsets in the page text."""

    text: str
    start: int
    end: int

    @property
    def clean(self) -> str:
        return _SPACES.sub(" ", self.text).strip()


def lines_of(text: str) -> list[Line]:
    lines: list[Line] = []
    position = 0
    for raw in text.split("\n"):
        lines.append(Line(raw, position, position + len(raw)))
        position += len(raw) + 1
    return lines


def line_index_at(lines: list[Line], offset: int) -> int:
    """Index of the line that holds character ``offset`` of the page text."""
    return next(i for i, line in enumerate(lines) if line.start <= offset <= line.end)
