"""Holder and issuer of a certificate, each with its evidence (its number: numbers.py).

Certificates print these in a dozen layouts; the cues (labels, "This is to certify that",
"has been assessed by") are data in models/patterns/certificate.yaml. A value is only
reported when a cue or a legal-entity shape supports it: a wrong holder would silently hide
a holder mismatch.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from scopegap.domain import Evidence, TextValue
from scopegap.extract.iso.acronyms import expand_acronym, is_acronym
from scopegap.extract.iso.footer import footer_body
from scopegap.extract.patterns import CertificatePatterns, certificate_patterns
from scopegap.ingest.pdf import TextPage
from scopegap.ingest.text import (
    Line,
    in_uncased_script,
    line_evidence,
    line_index_at,
    lines_of,
    past_uncased_lines,
    squash,
)
from scopegap.resources import regex_code

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it

_MAX_NAME_LINES = 4  # a holder name printed over more lines than this is not one name
_LOWER_WORD = re.compile(r"\s+(?=[a-z])")  # where running text in lower case goes on


def _is_address(text: str) -> bool:
    return certificate_patterns().address.search(text) is not None


def _has_legal_form(text: str, patterns: CertificatePatterns) -> bool:
    """A legal form after the name ("Acme Ltd") or before it ("ООО «Альфа»")."""
    return bool(patterns.legal_form.search(text) or patterns.legal_form_prefix.search(text))


def _only_legal_form(text: str) -> bool:
    """"Товарищество с ограниченной ответственностью" alone: the name is on the next line."""
    found = certificate_patterns().legal_form_prefix.match(text)
    return found is not None and not text[found.end():].strip(" ,")
_TRAILING = re.compile(r"[\s,;:.\-–—'\"“”]+$")
_LEADING = re.compile(r"^[\s,;:.\-–—'\"“”/]+")  # "/ This is ...": a translation
def _clean(value: str) -> str:
    """Trim punctuation and quotes around a name, keeping the period of "Inc." or "Ltd."."""
    cleaned = _LEADING.sub("", squash(value))
    trimmed = _TRAILING.sub("", cleaned)
    kept = cleaned[: len(trimmed) + 1]
    return kept if certificate_patterns().abbreviation_end.search(kept) else trimmed


def holder(pages: Sequence[TextPage], catalog: Catalog, issuer: str | None) -> TextValue | None:
    """The certified organisation: after a "certify that" cue, before "has been assessed",
    else the first line shaped like a legal entity that is not the certification body."""
    patterns = certificate_patterns()
    for finder in (_holder_after_cue, _holder_before_cue, _holder_by_legal_form):
        for page in pages:
            found = finder(page, patterns, catalog, issuer)
            if found:
                name, line = found
                at = page.text.find(name)
                span = (at, at + len(name)) if at >= 0 else (None, None)
                return TextValue(short_form(name), Evidence(page.number, line, "text", *span))
    return None


_BRACKETED = re.compile(r"\((?P<short>[^()]{3,80})\)\s*$")


def short_form(name: str) -> str:
    """A name under a long legal form in any case ("Обществу с ограниченной ответственностью
    «Альфа»") as its short form ("ООО «Альфа»"), or the short form the certificate prints in
    brackets after it; the legal name where its trading name is printed with it; any other
    name unchanged."""
    patterns = certificate_patterns()
    for trading in patterns.trading_names:
        both = trading.match(name)
        if both is not None and both.group("legal").strip(" ,"):
            name = both.group("legal").strip(" ,")
            break
    bracketed = _BRACKETED.search(name)
    if bracketed and patterns.legal_form_prefix.match(bracketed.group("short")) \
            and patterns.legal_form_prefix.match(name):
        return bracketed.group("short").strip()
    for long, short in patterns.short_forms:
        found = long.match(name)
        if found:
            return f"{short} {name[found.end():].strip()}"
    return name


def _holder_like(text: str, patterns: CertificatePatterns, catalog: Catalog,
                 issuer: str | None) -> bool:
    if len(text) < 2 or len(text) > 140 or not re.search(r"[^\W\d_]{2}", text):
        return False
    if patterns.not_holder.search(text) or _is_address(text):
        return False
    if issuer and _names_issuer(text, issuer, catalog):
        return False
    body = catalog.body(text)
    return body is None


def _names_issuer(text: str, issuer: str, catalog: Catalog) -> bool:
    """``text`` holds the issuer's name as whole words (a body "BEL" is not in "BELGIUM")."""
    name = catalog.normalise(issuer)
    return bool(name) and re.search(rf"(?<!\w){re.escape(name)}(?!\w)",
                                    catalog.normalise(text)) is not None


def _name_from(lines: list[Line], index: int, patterns: CertificatePatterns, catalog: Catalog,
               issuer: str | None) -> tuple[str, int] | None:
    """A holder name starting at lines[index] and the index of its last line: joined with up
    to two continuation lines when the name only reaches its legal form on a later line, or
    with the next line when lines[index] is only a legal form printed before the name."""
    first = _clean(lines[index].clean)
    if not _holder_like(first, patterns, catalog, issuer):
        return None
    if _only_legal_form(first):
        following = _next_text_line(lines, index)
        if following is None:
            return None
        part = _clean(lines[following].clean)
        if not _holder_like(part, patterns, catalog, issuer):
            return None
        return f"{first} {part}", following
    return _continued(first, lines, index, patterns, catalog, issuer)


def _continued(first: str, lines: list[Line], index: int, patterns: CertificatePatterns,
               catalog: Catalog, issuer: str | None) -> tuple[str, int]:
    """``first`` (printed on lines[index]) joined with up to two following lines when the
    name only reaches its legal form there ("YARROW CONTACT" / "TECHNOLOGIES OY"), and the
    index of its last line."""
    name, last = first, index
    if _unclosed(name) and index + 1 < len(lines) and lines[index + 1].clean.strip():
        # "… «Альфа» (ООО" / "«Альфа»)": a bracket or guillemet closes on the next line
        return _clean(f"{name} {lines[index + 1].clean}"), index + 1
    if not _has_legal_form(name, patterns):
        joined = name
        for offset, follow in enumerate(lines[index + 1 : index + 3], start=index + 1):
            part = _clean(follow.clean)
            form = patterns.legal_form.search(f"{joined} {part}") if part else None
            if form is not None and form.start() < len(joined):
                # "… S. de R.L. de" + "C.V.": the line completes a form begun above it
                name, last = _clean(f"{joined} {follow.clean}"), offset
                break
            if not part or not (_holder_like(part, patterns, catalog, issuer)
                                or _only_a_legal_form(part, patterns)):
                break
            joined = f"{joined} {part}"
            if patterns.legal_form.search(joined) and part.isupper() == first.isupper():
                name, last = joined, offset
                break
    return name, last


def _unclosed(text: str) -> bool:
    return text.count("(") > text.count(")") or text.count("«") > text.count("»")


def _only_a_legal_form(text: str, patterns: CertificatePatterns) -> bool:
    """"L.L.P." or "PVT." alone on the last line of a wrapped name."""
    found = patterns.legal_form.search(text)
    return found is not None and not text[: found.start()].strip()


def _next_text_line(lines: list[Line], index: int) -> int | None:
    """The next line after lines[index] holding text, within the next three lines."""
    for offset in range(index + 1, min(index + 4, len(lines))):
        if lines[offset].clean and not in_uncased_script(lines[offset].clean):
            return offset  # a translation of the line above in another script is skipped
    return None


def _joined_upward(lines: list[Line], index: int, patterns: CertificatePatterns,
                   catalog: Catalog, issuer: str | None) -> tuple[str, int]:
    """The name ending on lines[index] (with its legal form) and the index of its first line.

    Scans and narrow layouts print a long capitalised name over several lines ("MC SİSTEM
    ELEKTRONİK" / "... SANAYİ VE TİCARET A.Ş."): the capitalised lines directly above, in the
    same paragraph, continue it. Only upper-case blocks are joined, so a heading in title case
    above a name is never taken for part of it.
    """
    name = _clean(lines[index].clean)
    top = index
    while name.isupper() and top > 0 and index - top + 1 < _MAX_NAME_LINES:
        raw = lines[top - 1].clean
        above = _clean(raw)
        if (not above or not above.isupper() or raw.endswith(":")
                or _has_legal_form(above, patterns)
                or not _holder_like(above, patterns, catalog, issuer)):
            break
        name = f"{above} {name}"
        top -= 1
    return name, top


def _holder_after_cue(page: TextPage, patterns: CertificatePatterns, catalog: Catalog,
                      issuer: str | None) -> tuple[str, str] | None:
    lines = lines_of(page.text)
    for cue in patterns.holder_after.finditer(page.text):
        at = _past_labels(page.text, cue.end(), patterns)
        line_index = line_index_at(lines, at)
        rest = _inline_name(_clean(page.text[at : lines[line_index].end]), patterns)
        if in_uncased_script(rest):
            rest = ""  # the cue's translation ("הננו מאשרים כי ..."): the name comes after it
        if rest and _holder_like(rest, patterns, catalog, issuer):
            if not _only_legal_form(rest):
                name, last = _continued(rest, lines, line_index, patterns, catalog, issuer)
                return name, squash(page.text[lines[line_index].start : lines[last].end])
            following = _next_text_line(lines, line_index)
            if following is not None:
                part = _clean(lines[following].clean)
                if _holder_like(part, patterns, catalog, issuer):
                    return f"{rest} {part}", squash(
                        page.text[lines[line_index].start : lines[following].end])
            continue
        offset = _next_text_line(lines, line_index)
        if offset is None:
            continue
        found = _name_from(lines, offset, patterns, catalog, issuer)
        if found:
            return found[0], squash(page.text[lines[line_index].start : lines[found[1]].end])
    return None


def _inline_name(rest: str, patterns: CertificatePatterns) -> str:
    """"Quillon Networks, Inc. operates an ISMS ...": a cue's sentence going on after the
    name; the name ends with its legal form where lower-case running text follows it. A
    form with lower-case words of its own ("S.A. de C.V.", "Sp. z o.o.") ends the line."""
    if patterns.legal_form.search(rest):
        return rest
    for running in _LOWER_WORD.finditer(rest):
        head = rest[: running.start()]
        if patterns.legal_form.search(head):  # the form ends the head: anchored at its end
            return head.strip(" ,")
    return rest


def _past_labels(text: str, at: int, patterns: CertificatePatterns) -> int:
    """The offset after the holder labels that follow a cue: "This is to certify that" then
    "ORGANIZACIÓN /" + "ORGANISATION" is a label row, and the name comes after it."""
    while True:  # a translation of the cue after a slash is skipped too
        following = at + len(text[at:]) - len(text[at:].lstrip(" \t\n/"))
        label = patterns.holder_after.match(text, following)
        if label is None or label.end() <= following:
            return at
        at = label.end()


def _holder_before_cue(page: TextPage, patterns: CertificatePatterns, catalog: Catalog,
                       issuer: str | None) -> tuple[str, str] | None:
    """The name above "has been assessed" (or "Kuruluşunun", "of the above company"), walking
    up over its address; a line with a legal form wins over a city line nearer the cue."""
    lines = lines_of(page.text)
    for cue in patterns.holder_before.finditer(page.text):
        line_index = line_index_at(lines, cue.start())
        before = _clean(page.text[lines[line_index].start : cue.start()])
        if before and _holder_like(before, patterns, catalog, issuer):
            return before, lines[line_index].clean
        nearest: int | None = None
        for offset in range(line_index - 1, max(-1, line_index - 7), -1):
            text = _clean(lines[offset].clean)
            if not text or _is_address(text):
                continue
            if not _holder_like(text, patterns, catalog, issuer):
                break
            if _has_legal_form(text, patterns):
                name, top = _joined_upward(lines, offset, patterns, catalog, issuer)
                return name, squash(page.text[lines[top].start : cue.end()])
            if nearest is None:
                nearest = offset
        if nearest is not None:
            return _clean(lines[nearest].clean), squash(
                page.text[lines[nearest].start : cue.end()])
    return None


def _holder_by_legal_form(page: TextPage, patterns: CertificatePatterns, catalog: Catalog,
                          issuer: str | None) -> tuple[str, str] | None:
    lines = lines_of(page.text)
    for index, line in enumerate(lines):
        text = _clean(line.clean)
        if not _has_legal_form(text, patterns) or not _holder_like(text, patterns, catalog,
                                                                   issuer):
            continue
        if patterns.body_line.search(text):
            continue
        if _only_legal_form(text):
            found = _name_from(lines, index, patterns, catalog, issuer)
            if found:
                return found[0], squash(page.text[line.start : lines[found[1]].end])
            continue
        name, top = _joined_upward(lines, index, patterns, catalog, issuer)
        return name, squash(page.text[lines[top].start : line.end])
    return None


def issuer(pages: Sequence[TextPage], catalog: Catalog) -> TextValue | None:
    """The certification body: a cue ("assessed by X"), else a catalogued body in the text.
    The longest printed form of a catalogued body's name is kept ("BSI Assurance UK Limited");
    a name without a legal form ("On behalf of NHC") gives way to the legal name another cue
    prints for the same body ("Certification body: Nordhav Certification AS")."""
    found = list(_cue_names(pages, catalog))
    if found:
        first = found[0]
        if not _legal_entity(first.value):
            for other in found[1:]:
                if _legal_entity(other.value) and _same_initial(first.value, other.value):
                    return other
        return first
    for page in pages:
        hit = catalog.find_body_in_text(page.text)
        if hit:
            _, start, end = hit
            printed = _clean(page.text[start:end])
            return TextValue(_longest_printed(printed, pages, catalog),
                             line_evidence(page.number, page.text, start, end))
    footer = footer_body(pages)
    if footer is not None:
        return TextValue(footer.name, Evidence(footer.page, footer.line, "text", footer.start,
                                               footer.end))
    return None


def _cue_names(pages: Sequence[TextPage], catalog: Catalog) -> Iterator[TextValue]:
    """Every name a cue gives, page by page: names after a cue ("assessed by X"), then the
    names before one ("X certifies that"), then the footer's "name · address · web"."""
    patterns = certificate_patterns()
    for page in pages:
        for cue in patterns.issuer_after.finditer(page.text):
            rest = page.text[cue.end() : cue.end() + 120].lstrip(" :,")  # OCR: „ read as ,
            translation = patterns.label_translation.match(rest)
            if translation is not None:  # "On behalf of / Im Auftrag von" + the name below
                rest = rest[translation.end():].lstrip(" \t:,")
            rest = rest.split("\n", 1)[0] or past_uncased_lines(
                rest.lstrip("\n")).split("\n", 1)[0]
            name = _clean(patterns.issuer_stop.sub("", rest))
            if len(name) >= 2 and re.search(r"[^\W\d_]", name) and not _not_issuer(name):
                yield TextValue(_longest_printed(name, pages, catalog),
                                line_evidence(page.number, page.text, *cue.span()))
        for cue in patterns.issuer_before.finditer(page.text):
            line_start = page.text.rfind("\n", 0, cue.start()) + 1
            name = _clean(page.text[line_start : cue.start()])
            if len(name) >= 2 and len(name) < 100 and not _not_issuer(name):
                yield TextValue(_longest_printed(name, pages, catalog),
                                line_evidence(page.number, page.text, *cue.span()))
    footer = footer_body(pages)
    if footer is not None:
        yield TextValue(footer.name, Evidence(footer.page, footer.line, "text", footer.start,
                                              footer.end))


def _legal_entity(name: str) -> bool:
    return certificate_patterns().legal_form.search(name) is not None


def _same_initial(short: str, legal: str) -> bool:
    """"NHC" and "Nordhav Certification AS", "TÜV OST" and "TÜV Osterland ... GmbH": a seal's
    short name starts as the legal name does."""
    return short[:1].casefold() == legal[:1].casefold()


def _not_issuer(name: str) -> bool:
    return certificate_patterns().not_issuer.match(name) is not None


def _longest_printed(name: str, pages: Sequence[TextPage], catalog: Catalog) -> str:
    """Prefer the body's full legal name where the document prints it ("Kingsgate" →
    "Kingsgate Assurance UK Limited" from the footer; "Veldt Certification (Pty) Ltd")."""
    body = catalog.body(name)
    if body is not None and body.kinds == ("accreditation_body",) and not any(
            alias.casefold() in page.text.casefold() for alias in body.aliases for page in pages):
        # an acronym the catalog knows only as an accreditation body's ("SAS") that the
        # document never spells that way: the issuer's own spelled-out name is printed
        body = None
    variants = [name, *((body.name, *body.aliases) if body else ())]
    best = name
    if body is None and is_acronym(name):
        return expand_acronym(name, pages, catalog) or name
    head, _, form = name.partition(" ")
    if body is None and form and is_acronym(head) and certificate_patterns().legal_form.search(
            name) and len(form.split()) == 1:
        # "QCCI LLP" (the acronym and its legal form): the spelled-out name with that form
        spelled = expand_acronym(head, pages, catalog)
        if spelled and spelled.casefold().endswith(form.casefold()):
            return spelled
    tail = _legal_tail()
    for page in pages:
        for variant in variants:
            for printed_name in re.finditer(re.escape(variant), page.text, re.IGNORECASE):
                match = tail.match(page.text, printed_name.end())
                assert match is not None  # the tail is optional: it always matches
                whole = page.text[printed_name.start() : match.end()]
                middle = match.group("middle") or ""
                if certificate_patterns().issuer_before.search(middle):
                    continue  # "X certifies that Y, Inc.": the legal form is the holder's
                last = whole.split()[-1] if whole.split() else ""
                if len(whole) > len(variant) and last.islower() and "." not in last:
                    continue  # "as" in "X as conforming" is a word, not the Norwegian "AS"
                printed = _clean(whole)
                if len(printed) > len(best) and "\n" not in whole and len(printed) < 90:
                    best = printed
    return best


def _legal_tail() -> re.Pattern[str]:
    """A legal form after a body's name, words between or not (optional: always matches);
    compiled once, from the start-up cache (the forms' alternation is long)."""
    legal = certificate_patterns().issuer_legal_tail
    return regex_code.compile(
        r"(?:(?P<middle>[ \w&]{0,40}?)" + legal + r"|" + legal + r")?", re.IGNORECASE)
