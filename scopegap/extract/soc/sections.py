"""Find a long report's sections by their headings, never by page number.

SOC reports put the same sections in different orders and on different pages (DOMAIN.md
§2.2), repeat titles as running headers, and list them all in a table of contents. So a
heading is a whole line (once numbering is stripped) that matches a known title; the first
occurrence outside the contents page wins; and lines printed on many pages (headers,
footers, "Docusign Envelope ID") are page furniture, left out of every section's content.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scopegap.ingest.pdf import TextPage

_DIGITS = re.compile(r"\d+")
_LETTER = re.compile(r"[A-Za-z]")
# A heading starts with a capital, a digit or a section number, and is not a sentence (a
# full stop may end a legal form: "Management's Assertion of Acme Corp.").
_HEADING_SHAPE = re.compile(
    r"^[A-Z0-9IVX(][^\n]*(?:(?<![.,;])|(?<=\bInc\.)|(?<=\bCorp\.)|(?<=\bLtd\.)|(?<=\bCo\.))$")
# "Management's response: the exceptions noted in the tests of..." is a sentence, not a title.
# "This report, including the description of tests of controls ..." is a wrapped sentence.
_PROSE_AFTER_COLON = re.compile(
    r":\s+(?:the|a|an|we|our|this|these|all|no)\s|,\s+(?!and\b|or\b|related\b)[a-z]")


@dataclass(frozen=True)
class HeadingSpec:
    """What a heading looks like: patterns per section key, for two levels, and each
    level's patterns as one (``any_top``, ``any_heading``: a line that matches none of a
    level's titles is passed over with one test instead of one per title)."""

    top: Mapping[str, re.Pattern[str]]
    sub: Mapping[str, re.Pattern[str]]
    any_top: re.Pattern[str]
    any_heading: re.Pattern[str]
    prefix: re.Pattern[str]
    contents: re.Pattern[str]
    open_line: re.Pattern[str]  # a line whose sentence goes on: the next is no heading
    report_title: re.Pattern[str]  # a cover's "Report on ..." title: no heading
    max_chars: int
    furniture_share: float
    furniture_min_pages: int
    bullets: Mapping[int, str]  # str.translate table: a font's private bullet glyph -> "•"


@dataclass(frozen=True)
class DocLine:
    """One line of the report: its page, its text (whitespace squashed), its index, and
    where it starts on its page (the text layer's span base)."""

    index: int
    page: int
    text: str
    furniture: bool = False
    page_start: int = 0


@dataclass(frozen=True)
class Section:
    key: str
    level: str  # "top" | "sub"
    title: str
    start: int  # index of the heading line
    end: int  # index one past the last line


@dataclass(frozen=True)
class Outline:
    """The report's lines and the sections found in them."""

    lines: tuple[DocLine, ...]
    sections: tuple[Section, ...]

    def get(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def body(self, section: Section) -> list[DocLine]:
        """The section's content lines after its heading, furniture left out."""
        return [line for line in self.lines[section.start + 1 : section.end] if not line.furniture]

    def text(self, section: Section) -> str:
        return "\n".join(line.text for line in self.body(section))

    def heading_page(self, section: Section) -> int:
        return self.lines[section.start].page

    def pages(self, section: Section) -> list[int]:
        """Every page the section runs over, heading page included."""
        return sorted({line.page for line in self.lines[section.start : section.end]})

    def within(self, outer: str, inner: str) -> Section | None:
        """Sub-section ``inner`` when it lies inside top-level section ``outer``."""
        container, found = self.get(outer), self.get(inner)
        if container is None or found is None:
            return None
        return found if container.start <= found.start < container.end else None


def heading_text(line: str, spec: HeadingSpec) -> str:
    """The line as a heading would read: numbering, trailing colon and spaces removed."""
    text = spec.prefix.sub("", line.strip(), count=1)
    return text.strip().rstrip(":").strip()


def outline(pages: Sequence[TextPage], spec: HeadingSpec) -> Outline:
    """Split the pages into lines and find each known section's first heading.

    A long report prints the same lines again and again (running headers, test-table
    phrases): each distinct line is squashed and judged once."""
    printed: list[tuple[int, _RawLine, int]] = []  # page, its reading, page offset
    seen: Counter[str] = Counter()
    skip_pages: set[int] = set()
    readings: dict[str, _RawLine] = {}
    for page in pages:
        keys: set[str] = set()
        position = 0
        number = page.number
        for raw in page.text.split("\n"):
            known = readings.get(raw)
            if known is None:
                known = readings[raw] = _read_raw(raw, spec)
            if known.text:
                if known.contents:
                    skip_pages.add(number)
                keys.add(known.key)
                printed.append((number, known, position + known.indent))
            position += len(raw) + 1
        seen.update(keys)
    threshold = max(spec.furniture_min_pages, spec.furniture_share * len(pages))
    furniture = {key for key, count in seen.items() if count >= threshold}
    lines = tuple(_doc_line(index, number, known.text, known.key in furniture, at)
                  for index, (number, known, at) in enumerate(printed))
    found: dict[str, tuple[str, int, str]] = {}
    candidates: dict[str, tuple[str, bool] | None] = {}
    wrapped_titles: dict[str, str | None] = {}
    above, above_page = "", 0  # the last line of content (furniture left out) before this
    for line in lines:  # one, and its page: a page's first line is judged on its own
        before, before_page = above, above_page
        if not line.furniture:
            above, above_page = line.text, line.page
        if line.page in skip_pages:
            continue
        reading = candidates.get(line.text, _UNREAD)
        if reading is _UNREAD:
            reading = candidates[line.text] = _candidate(line.text, spec)
        if reading is None or spec.report_title.match(line.text) or (
                before_page == line.page and spec.open_line.search(before) is not None):
            continue  # no heading: a cover's title, or a line a sentence above goes on into
        candidate, titled = reading
        hit = _match(candidate, spec, found, ("top", "sub")) if titled else None
        following = lines[line.index + 1] if line.index + 1 < len(lines) else None
        if hit is None and following is not None and following.page == line.page \
                and not line.furniture and not following.furniture \
                and not spec.report_title.match(following.text):
            # A long title wrapped onto two lines ("... Related Controls and Tests of" /
            # "Controls"): only a top-level title is read across the break, never with a
            # running header or footer as one of its lines.
            joined = line.text + " " + following.text
            if joined not in wrapped_titles:
                wrapped = _shaped_heading(joined, spec)
                wrapped_titles[joined] = wrapped if wrapped is not None \
                    and spec.any_top.fullmatch(wrapped) else None
            wrapped = wrapped_titles[joined]
            if wrapped is not None:
                hit = _match(wrapped, spec, found, ("top",))
        if hit is not None:
            found[hit[1]] = (hit[0], line.index, line.text)
    return Outline(lines, _close(found, len(lines)))


_UNREAD: tuple[str, bool] = ("", False)  # a sentinel: no line has been read as this
_new = object.__new__


def _doc_line(index: int, page: int, text: str, furniture: bool, page_start: int) -> DocLine:
    """``DocLine(...)`` at half the cost: a long report has over 10,000 lines, and a frozen
    dataclass's ``__init__`` sets each field through ``object.__setattr__``."""
    line: DocLine = _new(DocLine)
    fields = line.__dict__
    fields["index"] = index
    fields["page"] = page
    fields["text"] = text
    fields["furniture"] = furniture
    fields["page_start"] = page_start
    return line


@dataclass(frozen=True)
class _RawLine:
    """One printed line as the outline reads it: squashed text, its furniture key (digits
    as "#", case folded), its indent, and whether it is a contents-page title."""

    text: str
    key: str
    indent: int
    contents: bool


def _read_raw(raw: str, spec: HeadingSpec) -> _RawLine:
    text = " ".join(raw.translate(spec.bullets).split())
    return _RawLine(text, _DIGITS.sub("#", text).casefold(), len(raw) - len(raw.lstrip()),
                    bool(text) and len(text) < 40 and spec.contents.match(text) is not None)


def _candidate(text: str, spec: HeadingSpec) -> tuple[str, bool] | None:
    """The line as a heading would read, when shaped like one and holding a letter, with
    whether any title of either level could match it; None for a line that is no heading."""
    candidate = _shaped_heading(text, spec)
    if not candidate or not _LETTER.search(candidate):
        return None
    return candidate, spec.any_heading.fullmatch(candidate) is not None


def _shaped_heading(text: str, spec: HeadingSpec) -> str | None:
    """The line as a heading would read (``heading_text``) when it is shaped like one: short,
    starts like a title, no sentence end, and no "label: running text" prose; else None."""
    if len(text) > spec.max_chars or not _HEADING_SHAPE.match(text):
        return None
    numbered = spec.prefix.match(text)
    if numbered is not None and text[numbered.end() : numbered.end() + 1].islower():
        return None  # "Section IV of this report describes the tests ...": a sentence
    candidate = heading_text(text, spec)
    if _PROSE_AFTER_COLON.search(candidate) or _closes_a_quote(candidate):
        return None
    return candidate


def _closes_a_quote(text: str) -> bool:
    """A line that closes a quotation it never opened continues a sentence from the line
    above: the auditor's report quoting the description's title ('... titled "Acme Inc.'s' /
    'Description of Its Acme System" as of ...') is no heading."""
    if text.count('"') % 2:
        return True
    closing = text.find("”")
    return closing >= 0 and "“" not in text[:closing]


def _match(candidate: str, spec: HeadingSpec, found: Mapping[str, object],
           levels: Sequence[str]) -> tuple[str, str] | None:
    tables = {"top": spec.top, "sub": spec.sub}
    for level in levels:
        for key, pattern in tables[level].items():
            if key not in found and pattern.fullmatch(candidate):
                return level, key
    return None


def _close(found: Mapping[str, tuple[str, int, str]], total: int) -> tuple[Section, ...]:
    """Give each heading its end: the next top-level heading (top) or any heading (sub)."""
    starts = sorted((start, key, level, title) for key, (level, start, title) in found.items())
    top_starts = [start for start, _, level, _ in starts if level == "top"]
    sections: list[Section] = []
    for position, (start, key, level, title) in enumerate(starts):
        if level == "top":
            end = next((s for s in top_starts if s > start), total)
        else:
            end = starts[position + 1][0] if position + 1 < len(starts) else total
        sections.append(Section(key, level, title, start, end))
    return tuple(sections)
