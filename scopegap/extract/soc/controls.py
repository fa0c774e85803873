"""Tests of controls (the count of deviations) and the complementary user entity controls."""

from __future__ import annotations

import re

from scopegap.domain import (
    Evidence,
    TextValue,
)
from scopegap.extract.soc.patterns import soc_patterns
from scopegap.extract.soc.sections import Outline
from scopegap.ingest.text import EVIDENCE_LIMIT, squash

_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def count_exceptions(report: Outline) -> int | None:
    """Deviations noted in the tests of controls; None when the report has no tests section."""
    tests = report.get("tests")
    if tests is None:
        return None
    noted = soc_patterns().exception_noted
    return sum(1 for match in noted.finditer(report.text(tests)) if not match.group("no"))


def find_cuecs(report: Outline) -> tuple[TextValue, ...]:
    """Each numbered or bulleted complementary user entity control, with its page."""
    section = report.get("cuec")
    if section is None:
        return ()
    patterns = soc_patterns()
    heading = patterns.headings.sub["cuec"]
    items: list[tuple[int, list[str]]] = []
    for line in report.body(section):
        if heading.search(line.text):
            continue  # a table header repeated on the next page
        start = re.match(r"^\s*(?:\d{1,3}[.)]?|[•▪◦●■\-–*\uf0b7\uf0a7])\s+(?=\S)", line.text)
        if start:
            items.append((line.page, [line.text[start.end() :]]))
        elif items:
            items[-1][1].append(line.text)
    cuecs: list[TextValue] = []
    for page, parts in items:
        text = squash(_PRIVATE_USE.sub(" ", " ".join(parts)))
        text = patterns.criteria_reference.sub("", text).strip()
        text = patterns.criteria_reference.sub("", text).strip()
        if len(text) >= 12:
            cuecs.append(TextValue(text, Evidence(page, text[:EVIDENCE_LIMIT])))
    return tuple(cuecs)
