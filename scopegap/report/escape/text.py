"""Plain text (the terminal format): each line stays one line, and nothing in a value can
drive the terminal or reorder what it shows.

A stack name or a folder name may hold a line break (a fake report line), an escape
sequence or a bidirectional override; the PDF reader already drops these from document text,
and this does the same for every other source, on the way out.
"""

from __future__ import annotations

import re

_BREAKS = re.compile(r"[\r\n\t\x0b\x0c\x85\u2028\u2029]+")
# Control characters and bidirectional overrides (a terminal or viewer would act on them).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200e\u200f\u202a-\u202e"
                      r"\u2066-\u2069\ufffe\uffff]")


def text_line(value: object) -> str:
    """``value`` as one line of inert text: breaks become spaces, controls are dropped."""
    return _CONTROL.sub("", _BREAKS.sub(" ", str(value)))


def text_lines(lines: list[str]) -> str:
    """The renderer's lines joined, each made inert: only the renderer breaks lines."""
    return "\n".join(text_line(line) for line in lines)
