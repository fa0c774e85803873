"""Holder, issuer and certificate number of a certificate, each with its evidence.

Certificates print these in a dozen layouts; the cues (labels, "This is to certify that",
"has been assessed by") are data in models/patterns/certificate.yaml. A value is only
reported when a cue or a legal-entity shape supports it: a wrong holder would silently hide
a holder mismatch.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scopegap.domain import Evidence, TextValue
from scopegap.extract.patterns import CertificatePatterns, certificate_patterns
from scopegap.extract.text import Line, line_around, line_index_at, lines_of, squash
from scopegap.ingest.pdf import TextPage
from scopegap.match.catalog import Catalog

_ADDRESS = re.compile(
    r"\d{3,}|\b(?:street|st\.|road|rd\.?|avenue|ave\.?|av\.?|rua|calle|straße|strasse|floor|"
    r"suite|building|plot|p\.?o\.?\s*box|lane|nagar|district|square|sector|block|tower|"
    r"industrial|park|marg|cep|pin\s*code|postcode|zip)\b",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"[\s,;:.\-–—'\"“”]+$")
_LEADING = re.compile(r"^[\s,;:.\-–—'\"“”]+")
_ISSUER_STOP = re.compile(
    r"\s+(?:and|hereby|has|have|is|which|who|to|for|with|under|in\s+accordance|bescheinigt|"
    r"certifie|atteste|confirms|certifies)\b.*$|[,;].*$",
    re.IGNORECASE,
)


_ABBREVIATION_END = re.compile(r"\b(?:Ltd|Inc|Co|Corp|Pvt|Bhd|S\.A|B\.V|N\.V|L\.L\.C)\.$", re.I)
_LEGAL_TAIL = (
    r"(?:,?\s+(?:\(Pty\)\s+)?(?:Limited|Ltd|LLC|L\.L\.C|Inc|GmbH|plc|SAS|S\.A|B\.V|LLP|AG|"
    r"Pvt\.?\s+Ltd|Private\s+Limited|Corp(?:oration)?|Co)\b\.?)"
)


def _clean(value: str) -> str:
    """Trim punctuation and quotes around a name, keeping the period of "Inc." or "Ltd."."""
    cleaned = _LEADING.sub("", squash(value))
    trimmed = _TRAILING.sub("", cleaned)
    kept = cleaned[: len(trimmed) + 1]
    return kept if _ABBREVIATION_END.search(kept) else trimmed


def certificate_number(pages: Sequence[TextPage]) -> TextValue | None:
    """The first labelled certificate number (labels are in the patterns file)."""
    patterns = certificate_patterns()
    for page in pages:
        for label in patterns.number_label.finditer(page.text):
            rest = page.text[label.end() : label.end() + 60]
            rest = rest.split("\n", 1)[0] if rest.split("\n", 1)[0].strip() else rest.lstrip("\n")
            match = patterns.number_value.match(rest.lstrip(" :.#"))
            if not match:
                continue
            value = match.group("value").strip(" .-/")
            if value.upper() in patterns.number_not_values or len(value) < 3:
                continue
            return TextValue(value, Evidence(page.number, line_around(page.text, *label.span())))
    return None


def holder(pages: Sequence[TextPage], catalog: Catalog, issuer: str | None) -> TextValue | None:
    """The certified organisation: after a "certify that" cue, before "has been assessed",
    else the first line shaped like a legal entity that is not the certification body."""
    patterns = certificate_patterns()
    for finder in (_holder_after_cue, _holder_before_cue, _holder_by_legal_form):
        for page in pages:
            found = finder(page, patterns, catalog, issuer)
            if found:
                name, line = found
                return TextValue(name, Evidence(page.number, line))
    return None


def _holder_like(text: str, patterns: CertificatePatterns, catalog: Catalog,
                 issuer: str | None) -> bool:
    if len(text) < 2 or len(text) > 140 or not re.search(r"[A-Za-zÀ-ÿ]{2}", text):
        return False
    if patterns.not_holder.search(text) or _ADDRESS.search(text):
        return False
    if issuer and catalog.normalise(issuer) in catalog.normalise(text):
        return False
    body = catalog.body(text)
    return body is None


def _name_from(lines: list[Line], index: int, patterns: CertificatePatterns, catalog: Catalog,
               issuer: str | None) -> tuple[str, str] | None:
    """A holder name starting at lines[index], joined with up to two continuation lines
    when the name only reaches its legal form on a later line."""
    first = _clean(lines[index].clean)
    if not _holder_like(first, patterns, catalog, issuer):
        return None
    name = first
    if not patterns.legal_form.search(name):
        joined = name
        for follow in lines[index + 1 : index + 3]:
            part = _clean(follow.clean)
            if not part or not _holder_like(part, patterns, catalog, issuer):
                break
            joined = f"{joined} {part}"
            if patterns.legal_form.search(joined) and part.isupper() == first.isupper():
                name = joined
                break
    return name, name


def _holder_after_cue(page: TextPage, patterns: CertificatePatterns, catalog: Catalog,
                      issuer: str | None) -> tuple[str, str] | None:
    lines = lines_of(page.text)
    for cue in patterns.holder_after.finditer(page.text):
        line_index = line_index_at(lines, cue.end())
        rest = _clean(page.text[cue.end() : lines[line_index].end])
        if rest and _holder_like(rest, patterns, catalog, issuer):
            return rest, squash(page.text[lines[line_index].start : lines[line_index].end])
        for offset in range(line_index + 1, min(line_index + 4, len(lines))):
            if not lines[offset].clean:
                continue
            found = _name_from(lines, offset, patterns, catalog, issuer)
            if found:
                return found[0], squash(
                    page.text[lines[line_index].start : lines[offset].end]
                )
            break
    return None


def _holder_before_cue(page: TextPage, patterns: CertificatePatterns, catalog: Catalog,
                       issuer: str | None) -> tuple[str, str] | None:
    lines = lines_of(page.text)
    for cue in patterns.holder_before.finditer(page.text):
        line_index = line_index_at(lines, cue.start())
        before = _clean(page.text[lines[line_index].start : cue.start()])
        if before and _holder_like(before, patterns, catalog, issuer):
            return before, lines[line_index].clean
        # Walk up over address lines to the name above them.
        for offset in range(line_index - 1, max(-1, line_index - 7), -1):
            text = _clean(lines[offset].clean)
            if not text or _ADDRESS.search(text):
                continue
            if _holder_like(text, patterns, catalog, issuer):
                return text, squash(page.text[lines[offset].start : cue.end()])
            break
    return None


def _holder_by_legal_form(page: TextPage, patterns: CertificatePatterns, catalog: Catalog,
                          issuer: str | None) -> tuple[str, str] | None:
    for line in lines_of(page.text):
        text = _clean(line.clean)
        if patterns.legal_form.search(text) and _holder_like(text, patterns, catalog, issuer):
            if re.search(r"certif|accredit|registered\s+in|property\s+of", text, re.IGNORECASE):
                continue
            return text, line.clean
    return None


def issuer(pages: Sequence[TextPage], catalog: Catalog) -> TextValue | None:
    """The certification body: a cue ("assessed by X"), else a catalogued body in the text.
    The longest printed form of a catalogued body's name is kept ("BSI Assurance UK Limited")."""
    patterns = certificate_patterns()
    for page in pages:
        for cue in patterns.issuer_after.finditer(page.text):
            rest = page.text[cue.end() : cue.end() + 120].lstrip(" :")
            rest = rest.split("\n", 1)[0] or rest.lstrip("\n").split("\n", 1)[0]
            name = _clean(_ISSUER_STOP.sub("", rest))
            if len(name) >= 2 and re.search(r"[A-Za-z]", name):
                return TextValue(_longest_printed(name, pages, catalog),
                                 Evidence(page.number, line_around(page.text, *cue.span())))
        for cue in patterns.issuer_before.finditer(page.text):
            line_start = page.text.rfind("\n", 0, cue.start()) + 1
            name = _clean(page.text[line_start : cue.start()])
            if len(name) >= 2 and len(name) < 100:
                return TextValue(_longest_printed(name, pages, catalog),
                                 Evidence(page.number, line_around(page.text, *cue.span())))
    for page in pages:
        found = catalog.find_body_in_text(page.text)
        if found:
            _, start, end = found
            printed = _clean(page.text[start:end])
            return TextValue(_longest_printed(printed, pages, catalog),
                             Evidence(page.number, line_around(page.text, start, end)))
    return None


def _longest_printed(name: str, pages: Sequence[TextPage], catalog: Catalog) -> str:
    """Prefer the body's full legal name where the document prints it ("Kingsgate" →
    "Kingsgate Assurance UK Limited" from the footer; "Veldt Certification (Pty) Ltd")."""
    body = catalog.body(name)
    variants = [name, *((body.name, *body.aliases) if body else ())]
    best = name
    for page in pages:
        for variant in variants:
            tail = r"(?:[ \w&]{0,40}?" + _LEGAL_TAIL + r"|" + _LEGAL_TAIL + r")?"
            pattern = re.escape(variant) + tail
            for match in re.finditer(pattern, page.text, re.IGNORECASE):
                printed = _clean(match.group(0))
                if len(printed) > len(best) and "\n" not in match.group(0) and len(printed) < 90:
                    best = printed
    return best
