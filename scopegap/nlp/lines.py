"""Line shapes of PDF text shared by the sentence component and the unwrapper (no spaCy)."""

from __future__ import annotations

import re

# A line that starts a list item: a bullet glyph, "o " (Word's second-level bullet), "a)", "1.".
BULLET_LINE = re.compile(r"^\s*(?:[•▪◦●■□◆\-–*§]|o\s|\(?[a-z0-9]{1,2}[.)]\s)")
# A line that ends a sentence or introduces a list, so the next line starts afresh.
HARD_BREAK_BEFORE = re.compile(r"[.:;!?]\s*$")
