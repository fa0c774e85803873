"""Dates printed above their labels, each on a line of its own:

    28 February 2026
    Current issue date
    28 February 2029
    Expiry date

Read in order, each label is followed by the next label's value, so pairing by reading
order gives the issue label the expiry date. A run of lines that alternate between a bare
date and a bare label, opening with a date and closing with a label, is this layout: each
label takes the date on the line above it. A run that opens with a label is the usual
values-below layout and is left to the other pairings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from scopegap.ingest.pdf import TextPage


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


def values_above(page: TextPage, dates: Sequence[tuple[int, _Span]],
                 labels: Sequence[tuple[str, _Span]]) -> dict[int, int]:
    """{index of a date: position in ``labels`` of the label under it} for each run of this
    layout on ``page``. ``dates`` are (index, match) of the page's dates; ``labels`` (role,
    span)."""
    kinds: list[tuple[str, int | str, bool]] = []  # per line: ("date", index, opens) etc.
    offset = 0
    after_label = False  # the line before is (part of) a label: a date here is its value
    for line in page.text.split("\n"):
        start, end = offset + len(line) - len(line.lstrip()), offset + len(line.rstrip())
        offset += len(line) + 1
        if start >= end:
            continue
        kind, value = _kind(start, end, page.text, dates, labels)
        kinds.append((kind, value, not after_label))
        after_label = any(label.start < end and start < label.end for _, label in labels)
    roles: dict[int, int] = {}
    run: list[tuple[str, int | str, bool]] = []
    for item in [*kinds, ("other", "", True)]:
        expected = "date" if len(run) % 2 == 0 else "label"
        if item[0] == expected and (run or item[2]):
            run.append(item)
            continue
        if len(run) >= 4 and run[-1][0] == "label":
            for date_line, label_line in zip(run[0::2], run[1::2], strict=True):
                roles[int(date_line[1])] = int(label_line[1])
        # a run opens on a date that is no label's value (the line above is no label)
        run = [item] if item[0] == "date" and item[2] else []
    return roles


def _kind(start: int, end: int, text: str, dates: Sequence[tuple[int, _Span]],
          labels: Sequence[tuple[str, _Span]]) -> tuple[str, int | str]:
    """("date", its index) for a line that is one date, ("label", its position) for a line
    that is one label (and a colon), else ("other", "")."""
    for index, match in dates:
        if match.start == start and match.end >= end - 1:
            return "date", index
    for position, (_, label) in enumerate(labels):
        if label.start == start and label.end <= end and not text[label.end:end].strip(" :\t"):
            return "label", position
    return "other", ""
