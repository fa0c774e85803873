"""OCR text loosened for matching fixed phrases: the misreads that never change a word.

Tesseract reads a letter twice over ("Fallls") or a speck after a word as a mark ("Falls.
Drive"); a phrase matched word for word against such text is missed. Where missing it is
the unsafe side (a registered agent's address not known for one, and the company's legal
seat read as a certified site), the phrase is matched on the loosened text as well.
"""

from __future__ import annotations

import re

_TRIPLED = re.compile(r"([^\W\d_])\1{2,}")  # rare in words ("Schifffahrt"), never in the phrases
_MARK_AFTER_WORD = re.compile(r"(?<=[^\W\d_]{2})[.,;:'’](?=[ \t]+[^\W\d_])")


def loosened(text: str) -> str:
    """``text`` with a letter read three or more times over read twice ("Fallls" → "Falls")
    and a mark between two words dropped ("Falls. Drive" → "Falls Drive")."""
    return _MARK_AFTER_WORD.sub("", _TRIPLED.sub(r"\1\1", text))
