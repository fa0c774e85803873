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
                 labels: Sequence[tuple[str, _Span]]) -> dict[int, str]:
    """{index of a date: the role of the label under it} for each run of this layout on
    ``page``. ``dates`` are (index, match) of the page's dates; ``labels`` (role, span)."""
    kinds: list[tuple[str, int | str]] = []  # per non-empty line: ("date", index) etc.
    offset = 0
    for line in page.text.split("\n"):
        start, end = offset + len(line) - len(line.lstrip()), offset + len(line.rstrip())
        offset += len(line) + 1
        if start >= end:
            continue
        kinds.append(_kind(start, end, page.text, dates, labels))
    roles: dict[int, str] = {}
    run: list[tuple[str, int | str]] = []
    for kind in [*kinds, ("other", "")]:
        expected = "date" if len(run) % 2 == 0 else "label"
        if kind[0] == expected:
            run.append(kind)
            continue
        if len(run) >= 4 and run[-1][0] == "label":
            for (_, index), (_, role) in zip(run[0::2], run[1::2], strict=True):
                roles[int(index)] = str(role)
        run = [kind] if kind[0] == "date" else []
    return roles


def _kind(start: int, end: int, text: str, dates: Sequence[tuple[int, _Span]],
          labels: Sequence[tuple[str, _Span]]) -> tuple[str, int | str]:
    """("date", its index) for a line that is one date, ("label", its role) for a line that
    is one label (and a colon), else ("other", "")."""
    for index, match in dates:
        if match.start == start and match.end >= end - 1:
            return "date", index
    for role, label in labels:
        if label.start == start and not text[label.end:end].strip(" :\t"):
            return "label", role
    return "other", ""
