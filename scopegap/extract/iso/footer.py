"""The certification body named by a certificate's footer: "LEGAL NAME · address · web".

A body the catalog does not know, whose cover shows it only by a seal or an acronym, still
prints its legal name where it prints its address and web site: one line of parts joined by
a middle dot, bullet or bar, one of which is a web or mail address. The first part is the
body's legal name when it ends in a legal form ("Foxglove Registrar Bureau BV"). The shape of
the line decides, not its words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from scopegap.extract.patterns import certificate_patterns
from scopegap.ingest.pdf import TextPage

_SEPARATOR = re.compile(r"\s+[·•|]\s+")
# a scan's "www nhc example": OCR lost the dots of a small printed address to specks
_WEB = re.compile(r"^(?:(?:https?://|www\.)\S+|www[ ]\S+[ ]\S+|\S+@\S+\.\w{2,}|"
                  r"[\w-]+(?:\.[\w-]+)+\.\w{2,}/?)$", re.IGNORECASE)
_MIN_PARTS = 3  # name, address, web
_DASHED = re.compile(r"\s+[-–—]\s+")  # "LEGAL NAME - 178 Washington Boulevard, ..."
_ADDRESS_START = re.compile(r"\d+[A-Za-z]?\s+\w")  # a street number starts the address
_COMMA = re.compile(r",\s+|(?<=\w\w)\.\s+")


@dataclass(frozen=True)
class FooterName:
    name: str
    page: int
    start: int  # offsets of the name in the page text
    end: int
    line: str


def footer_body(pages: Sequence[TextPage]) -> FooterName | None:
    """The legal name leading a "name · address · web" line, first page first; or leading a
    "name - address" line printed next to a line that gives the body's web address, or
    ending in it ("name - address - web")."""
    legal_form = certificate_patterns().legal_form
    for page in pages:
        offset = 0
        lines = page.text.split("\n")
        for index, line in enumerate(lines):
            parts = _SEPARATOR.split(line.strip())
            if len(parts) < _MIN_PARTS:
                parts = _comma_parts(line.strip())
            web_beside = _names_web(lines[index - 1] if index else "") or _names_web(
                lines[index + 1] if index + 1 < len(lines) else "")
            dashed = _DASHED.split(line.strip(), maxsplit=1)
            if len(parts) >= _MIN_PARTS and any(_WEB.match(p.strip()) for p in parts[1:]):
                name = parts[0].strip()
            elif len(dashed) == 2 and _is_address(dashed[1]) and (
                    web_beside or _web_after_address(dashed[1])):
                name = dashed[0].strip()
            else:
                offset += len(line) + 1
                continue
            if legal_form.search(name) and not _WEB.match(name):
                start = offset + line.index(name)
                return FooterName(name, page.number, start, start + len(name), line.strip())
            offset += len(line) + 1
    return None


def _is_address(text: str) -> bool:
    """A street number first ("178 Washington Boulevard, ...") or a numbered street and a
    town after a comma ("Hauptstraße 12, 10115 Berlin")."""
    return _ADDRESS_START.match(text) is not None or (
        "," in text and any(c.isdigit() for c in text.split(",", 1)[0]))


def _web_after_address(rest: str) -> bool:
    """"178 Washington Boulevard, 10115 Berlin - www.acme.example 1/3": the web address
    closes the same line, after the address."""
    parts = _DASHED.split(rest)
    return len(parts) >= 2 and _names_web(parts[-1])


def _names_web(line: str) -> bool:
    return any(_WEB.match(word.strip(".,;:()")) for word in line.split())


def _comma_parts(line: str) -> list[str]:
    """The parts of "LEGAL NAME, street, town, country. web" (a word processor's footer); a
    legal form printed after a comma stays with the name ("Acme Certification, Inc.")."""
    parts = [p for p in _COMMA.split(line) if p.strip()]
    legal_form = certificate_patterns().legal_form
    while len(parts) > 1 and legal_form.search(parts[1].strip()) and \
            len(parts[1].split()) <= 2 and not legal_form.search(parts[0].strip()):
        parts[:2] = [f"{parts[0]}, {parts[1]}"]
    return parts

