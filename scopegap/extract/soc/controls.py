"""Tests of controls (the count of deviations) and the complementary user entity controls."""

from __future__ import annotations

import bisect
import re

from scopegap.domain import (
    Evidence,
    TextValue,
)
from scopegap.extract.soc.patterns import soc_patterns
from scopegap.extract.soc.sections import Outline
from scopegap.ingest.anchored import anchored, fold, spans_may_match
from scopegap.ingest.text import EVIDENCE_LIMIT, squash

_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_SHORT_LINE = 40  # a line shorter than this ("Exception noted.") names no control
_ROW_LINES = 3  # a short results line and the two lines after it (the row's own words)
_LOOK_BACK = 12  # lines from a results cell back to its row's reference line


def count_exceptions(report: Outline) -> int | None:
    """Tested controls with a deviation noted; None when the report has no tests section.

    A control is counted once: one control tested under two criteria is printed twice, row
    for row, so the line that carries the deviation is the control's identity (with the line
    after it when that line is too short to tell controls apart). A results cell printed on
    lines of its own ("Exception noted. For 2 of 25 samples, the") names no control: the
    row's reference line before it does, its reference left out ("CC3.2.1 A risk ..." and
    "CC4.1.2 A risk ..." are one control). A results cell may wrap between "Exception" and
    "noted", with other columns' words between them."""
    tests = report.get("tests")
    if tests is None:
        return None
    patterns = soc_patterns()
    # repeated lines too: "Exception noted. For 2 of 25 samples" printed on several pages
    # reads like page furniture, yet each is a result
    body = list(report.lines[tests.start + 1 : tests.end])
    lines = [line.text for line in body]
    text = "\n".join(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    found: set[str] = set()
    folded = fold(text)
    for match in anchored(patterns.exception_noted).finditer(text, folded):
        index = bisect.bisect_right(starts, match.start()) - 1
        if not match.group("no") and not patterns.exception_not_result.match(lines[index]):
            found.add(_row_key(report, body[index].index, lines, index))
    spans = [(starts[index], starts[index + 1] - 1) for index in range(len(lines) - 1)]
    for index in spans_may_match(anchored(patterns.exception_head), folded, spans):
        line = lines[index]
        head = patterns.exception_head.search(line)
        if head and not head.group("no") and patterns.exception_tail.search(lines[index + 1]) \
                and not patterns.exception_tail.match(lines[index + 1]):
            found.add(_row_key(report, body[index].index, lines, index))
    return len(found)


def _row_key(report: Outline, at: int, lines: list[str], index: int) -> str:
    """The control's identity: the line with the deviation, or, when that line is only the
    results cell, the row's reference line before it (repeated lines included: a control
    matrix prints the same words on every page; a reference alone on its line counts with
    the description's first line), else it and the lines that follow it."""
    key = squash(lines[index])
    patterns = soc_patterns()
    if len(key) >= _SHORT_LINE and not patterns.exception_noted.match(key):
        return key
    window = report.lines[max(0, at - _LOOK_BACK) : at]
    for position in range(len(window) - 1, -1, -1):
        line = window[position]
        if patterns.exception_noted.search(line.text):
            break  # the previous row's result: this row printed no reference line
        reference = patterns.control_reference.match(line.text)
        if reference is not None:
            described = squash(line.text[reference.end() :])
            if not described and position + 1 < len(window):
                # "CC6.3.4" on a line alone: the reference and the description's first line
                described = squash(line.text) + " " + squash(window[position + 1].text)
            return "ref:" + described
    if len(key) < _SHORT_LINE:
        key = " ".join(squash(line) for line in lines[index : index + _ROW_LINES])
    return key


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
        elif patterns.cuec_item_cue.match(line.text) and not line.text.rstrip().endswith(":"):
            items.append((line.page, [line.text]))  # "... are responsible for:" opens a list
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
