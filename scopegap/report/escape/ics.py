"""iCalendar content lines (RFC 5545): TEXT values escaped, long lines folded.

A vendor or document name holding ``;``, ``,``, a backslash or a line break must stay one
TEXT value: unescaped, it would end the property or start a new one in the calendar.
"""

from __future__ import annotations


def ics_text(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11); a CR or LF of any kind becomes ``\\n``."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n"))


def fold(line: str, limit: int = 75) -> str:
    """Fold at 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        budget = limit if not parts else limit - 1  # continuation lines start with a space
        if size + width > budget:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)
