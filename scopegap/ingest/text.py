"""The one text layer every extractor reads: lines, sentences and spans with page and
character offsets, so every value's evidence can point back at the words on its page.

Two shapes: a page's own text (``lines_of``/``line_around``, offsets are the page's), and
``PagedText``, lines of several pages joined with newlines that remember, for each line, its
page and where it starts on that page (``page_span`` maps an offset back, ``evidence`` makes
an ``Evidence`` with that span).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Protocol

from scopegap.domain import Evidence, TextSource
from scopegap.ingest.anchored import fold

EVIDENCE_LIMIT = 300  # characters of evidence quoted in a report
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


def line_evidence(page: int, text: str, start: int, end: int, limit: int = 300,
                  source: TextSource = "text") -> Evidence:
    """``line_around`` as Evidence carrying the span text[start:end] of the page."""
    return Evidence(page, line_around(text, start, end, limit), source, start, end)


@dataclass(frozen=True)
class Line:
    """A line of page text with its character offsets in the page text."""

    text: str
    start: int
    end: int

    @property
    def clean(self) -> str:
        return _SPACES.sub(" ", self.text).strip()


def in_uncased_script(line: str) -> bool:
    """A line whose words are all in a script without letter case (Arabic, Hebrew, Chinese)
    and hold no digit: on a bilingual certificate, the translation printed under an English
    label or cue ("For and on behalf of" / "بالنيابة عن"), never the value it labels."""
    letters = [char for char in line if char.isalpha()]
    return len(letters) >= 2 and not any(char.isdigit() for char in line) and not any(
        char.isupper() or char.islower() for char in letters)


def past_uncased_lines(text: str) -> str:
    """``text`` from its first line that is not a translation in an uncased script."""
    while True:
        head, newline, rest = text.partition("\n")
        if not newline or not in_uncased_script(head):
            return text
        text = rest


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


class PrintedLine(Protocol):
    """What ``PagedText`` needs of a line: its page, its (squashed) text and where it starts
    on its page (``DocLine`` of the SOC outline is one)."""

    @property
    def page(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def page_start(self) -> int: ...


@dataclass(frozen=True)
class PagedText:
    """Lines joined with newlines, remembering the page each character came from and where
    each line starts on its page."""

    text: str
    offsets: tuple[int, ...]
    pages: tuple[int, ...]
    page_starts: tuple[int, ...]

    @classmethod
    def of(cls, lines: Sequence[PrintedLine]) -> PagedText:
        offsets: list[int] = []
        pages: list[int] = []
        position = 0
        for line in lines:
            offsets.append(position)
            pages.append(line.page)
            position += len(line.text) + 1
        return cls("\n".join(line.text for line in lines), tuple(offsets), tuple(pages),
                   tuple(line.page_start for line in lines))

    @cached_property
    def folded(self) -> bytes:
        """``fold(text)``, once: what ``Anchored`` patterns scan for where they can start."""
        return fold(self.text)

    def _line_at(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.offsets, offset) - 1)

    def page_at(self, offset: int) -> int:
        if not self.pages:
            return 1
        return self.pages[self._line_at(offset)]

    def page_span(self, start: int, end: int) -> tuple[int, int, int]:
        """(page, start, end) of text[start:end] on its page. Lines are squashed, so the
        span is exact when the printed line had single spaces, else starts at the right
        word; an end on a later line is cut at the first line's end."""
        if not self.pages:
            return 1, start, end
        index = self._line_at(start)
        line_start = self.offsets[index]
        line_end = self.text.find("\n", line_start)
        line_end = len(self.text) if line_end < 0 else line_end
        base = self.page_starts[index]
        return (self.pages[index], base + start - line_start,
                base + min(end, line_end) - line_start)

    def sentence(self, start: int, end: int) -> str:
        """The sentence(s) around text[start:end], squashed and cut to the evidence limit."""
        return sentence_around(self.text, start, end)

    def evidence(self, start: int, end: int, quote: str | None = None,
                 source: TextSource = "text") -> Evidence:
        """Evidence for text[start:end]: its page, the sentence around it (or ``quote``) and
        the span of the deciding words on the page."""
        page, first, last = self.page_span(start, end)
        return Evidence(page, self.sentence(start, end) if quote is None else quote, source,
                        first, last)

    def tail(self, cut: int, length: int) -> PagedText:
        """text[cut:cut+length] as its own PagedText, every offset still mapping to its page
        (a line cut in two keeps its page and starts where the cut falls on it)."""
        kept = range(self._line_at(cut), len(self.offsets))
        return PagedText(
            self.text[cut : cut + length],
            tuple(max(0, self.offsets[i] - cut) for i in kept),
            tuple(self.pages[i] for i in kept),
            tuple(self.page_starts[i] + max(0, cut - self.offsets[i]) for i in kept),
        )



def sentence_around(text: str, start: int, end: int) -> str:
    spans = sentences(text)
    starts = [s for s, _ in spans]
    at = bisect.bisect_right(starts, start) - 1
    first = spans[at][0] if at >= 0 and start < spans[at][1] else start
    later = bisect.bisect_left(starts, end) - 1
    last = spans[later][1] if later >= 0 and end <= spans[later][1] else end
    snippet = squash(text[first:last])
    if len(snippet) <= EVIDENCE_LIMIT:
        return snippet
    focus = squash(text[max(first, start - 100) : min(last, end + 200)])
    return focus[:EVIDENCE_LIMIT]


@lru_cache(maxsize=16)
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of sentences; a short line without end punctuation (a table row, a heading)
    stands alone, so a list never runs into the next sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    position = 0
    lines = text.split("\n")
    short = max(40, int(0.8 * max((len(line) for line in lines), default=0)))
    for number, line in enumerate(lines):
        line_end = position + len(line)
        following = lines[number + 1].lstrip()[:1] if number + 1 < len(lines) else "A"
        for match in re.finditer(r"[.!?;:](?=\s|$)", line):
            cut = position + match.end()
            if cut > start:
                spans.append((start, cut))
            start = cut
        if len(line) < short and (following.isupper() or following.isdigit()) \
                and not line.rstrip().endswith((",", "and", "or", "of", "the")):
            if line_end > start:
                spans.append((start, line_end))
            start = line_end + 1
        position = line_end + 1
    if start < len(text):
        spans.append((start, len(text)))
    return tuple((s, e) for s, e in spans if text[s:e].strip())
