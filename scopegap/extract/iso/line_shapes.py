"""The shape of a printed line: an address line versus a sentence of running text.

An address is a few short lines of capitalised words and numbers ("60 Central Avenue, Suite
362, Charlotte, NC 91811"). The text after it on a certificate is prose: the conformity
sentence, the scope, a note pointing to an annex. A reader that walks down from the holder
must stop at the first sentence, whatever its wording: a city named in the scope ("...,
excluding the Vancouver site") read as the holder's address is a false "covered".
"""

from __future__ import annotations

import re

from scopegap.extract.patterns import certificate_patterns

_WORD = re.compile(r"[^\W\d_][^\W_]*(?:['’.\-][^\W\d_]+)*")
_MIN_LOWER = 3  # "Calle de la Paz": two small words are part of an address


def is_sentence_line(line: str) -> bool:
    """Whether ``line`` reads as running text rather than part of an address or a name:
    it starts in lower case (the rest of a sentence; a connector such as "of" alone on its
    line is not one), names a standard, or is mostly
    lower-case words ("5 sites: see annex to certificate", "has implemented and ...")."""
    text = line.strip()
    if not text:
        return False
    if _postal_line(text):
        return False  # "98 avenue de la Gare, 44050 Nantes, France"
    text = _ORDINAL_START.sub("", text)  # "12th Floor, …": the ordinal is no lower-case word
    words = _WORD.findall(text)
    first = next((c for c in text if c.isalpha()), "")
    if first.islower() and len(words) >= _MIN_LOWER:
        return True  # "of" or "located at" alone joins a name to its address
    if certificate_patterns().standard_reference.search(text):
        return True
    lower = [w for w in words if w[0].islower()]
    return len(lower) >= _MIN_LOWER and 2 * len(lower) >= len(words)


_ORDINAL_START = re.compile(r"^\d+(?:st|nd|rd|th|er|e|º|ª)\b")


def _postal_line(text: str) -> bool:
    """A line that starts with a number, has three comma parts or more and ends in a short
    capitalised place ("98 avenue de la Gare, 44050 Nantes, France"): an address, however
    many lower-case street words ("avenue de la", "rue des") it holds."""
    last = text.rpartition(",")[2].strip()
    return text.count(",") >= 2 and text[:1].isdigit() and bool(last) and \
        last[0].isupper() and len(last.split()) <= 3 and not text.endswith((".", ";", ":"))
