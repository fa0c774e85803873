"""The auditor's report: the opinion, the Trust Services Categories and the scope sentence."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from scopegap.domain import (
    TextValue,
)
from scopegap.extract.patterns import FLAGS
from scopegap.extract.soc.patterns import soc_patterns
from scopegap.extract.soc.sections import DocLine, Outline, heading_text
from scopegap.ingest.pdf import TextPage
from scopegap.ingest.text import PagedText


def find_opinion(report: Outline, whole: PagedText) -> TextValue | None:
    """unmodified / qualified / adverse / disclaimer from the opinion's own words and the
    titles of the opinion headings ("Qualified Opinion", "Disclaimer of Opinion")."""
    patterns = soc_patterns()
    auditor = report.get("auditor_report")
    scope_lines = report.body(auditor) if auditor else list(whole_lines(report))
    region = PagedText.of(scope_lines)
    titles = " ".join(
        heading_text(line.text, patterns.headings) for line in scope_lines
        if patterns.headings.sub["opinion"].fullmatch(heading_text(line.text, patterns.headings))
    )
    start = patterns.opinion_start.search(region.text)
    if start is None:
        return _restated(whole)
    window = region.text[start.start() : start.start() + patterns.opinion_window_chars]
    stop = re.search(r"\n\s*(?:restricted\s+use|other\s+matter|emphasis\s+of\s+matter)\b",
                     window, re.IGNORECASE)
    window = window[: stop.start()] if stop else window
    checked = f"{titles}\n{window}"
    for verdict in ("disclaimer", "adverse", "qualified"):
        if patterns.opinion[verdict].search(checked):
            return _verdict(verdict, region, start.start())
    if patterns.opinion["unmodified"].search(window):
        return _verdict("unmodified", region, start.start())
    return None


def _restated(whole: PagedText) -> TextValue | None:
    """A short auditor's letter restating a Type 1 result: unmodified when it restates both
    points of the opinion and nothing qualifies them; otherwise no opinion is read."""
    patterns = soc_patterns()
    if len(set(whole.pages)) > patterns.restated_max_pages:
        return None
    found = [p.search(whole.text) for p in patterns.restated_opinion]
    if not all(found) or any(patterns.opinion[v].search(whole.text)
                             for v in ("disclaimer", "adverse", "qualified")):
        return None
    last = max((m for m in found if m is not None), key=lambda m: m.start())
    return TextValue("unmodified", whole.evidence(last.start(), last.end()))


def whole_lines(report: Outline) -> Iterable[DocLine]:
    return (line for line in report.lines if not line.furniture)


def _verdict(value: str, region: PagedText, at: int) -> TextValue:
    return TextValue(value, region.evidence(at, at + 1))


# --------------------------------------------------------------------------- categories


def find_categories(auditor: PagedText, whole: PagedText, pages: Sequence[TextPage]
                    ) -> tuple[str, ...]:
    """The categories the report covers, canonical order; the criteria's own title (which
    lists all five) is not a statement about the report."""
    patterns = soc_patterns()
    cover = "\n".join(p.text for p in pages if p.number <= patterns.cover_pages)
    for text in (auditor.text, cover, whole.text):
        found = _categories_in(patterns.category_boilerplate.sub(" ", text))
        if found:
            return tuple(name for name in patterns.categories if name in found)
    return ()


def _categories_in(text: str) -> set[str]:
    patterns = soc_patterns()
    names = "|".join(f"(?P<c{i}>{p.pattern})" for i, p in enumerate(patterns.categories.values()))
    item = re.compile(rf"(?:\s|,|and\b|&|the\b|\(|\))*(?:{names})\b", FLAGS)
    keys = list(patterns.categories)
    found: set[str] = set()
    for cue in patterns.category_cue.finditer(text):
        position = cue.end()
        while (match := item.match(text, position)) is not None:
            index = next(int(k[1:]) for k, v in match.groupdict().items() if v)
            found.add(keys[index])
            position = match.end()
    return found


def find_scope_statement(auditor: PagedText) -> TextValue | None:
    """The auditor's scope sentence ("We have examined …"): which system was examined."""
    match = re.search(r"\bwe\s+have\s+examined\b", auditor.text, re.IGNORECASE)
    if match is None:
        return None
    return TextValue(auditor.sentence(match.start(), match.end()),
                     auditor.evidence(match.start(), match.end()))
