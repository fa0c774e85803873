"""On a combined certificate, the scope of the ISMS only.

A certificate for several standards may give each its own scope ("ISO 9001:2015 for the
scope: ... from Manila and Cebu." / "ISO/IEC 27001:2022 for the scope: ... from Manila."),
as blocks each led by its standard or as lines of one block each opening with it. Only
what the ISO/IEC 27001 scope (or an extension's: 27017, 27018, 27701) says can cover an
item: reading the ISO 9001 scope's Cebu as certified was a false "covered".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scopegap.domain import SiteRef
from scopegap.extract.iso.foreign_places import cities_named_in
from scopegap.extract.iso.scope_text import ScopeBlock
from scopegap.extract.patterns import certificate_patterns
from scopegap.ingest.pdf import TextPage
from scopegap.match.catalog import Catalog

# how far before a block's cue its leading standard may stand: its line and the one above
_LEAD_LINES = 2


def isms_scopes(blocks: Sequence[ScopeBlock], pages: Sequence[TextPage]) -> list[ScopeBlock]:
    """``blocks`` without the scopes the certificate gives to another standard: a block led
    by another standard's reference, and the lines of a block that a label of another
    standard opens ("ISO 9001: ..."), up to the next label. Nothing is dropped where no
    block or label names an ISMS standard: the scope then speaks for the whole certificate."""
    by_number = {page.number: page for page in pages}
    leads = [_leading_standard(block, by_number.get(block.page)) for block in blocks]
    split = [_labelled_parts(block.text) for block in blocks]
    isms_named = any(kind == "iso27001" for kind in leads) or any(
        kind == "iso27001" for parts in split for kind, _ in parts)
    if not isms_named:
        return list(blocks)
    kept: list[ScopeBlock] = []
    for block, lead, parts in zip(blocks, leads, split, strict=True):
        # the lines before a block's first label are the scope of the standard leading it
        kinds = [lead if kind is None else kind for kind, _ in parts]
        if "other" not in kinds:
            kept.append(block)
            continue
        page = by_number.get(block.page)
        for kind, (_, lines) in zip(kinds, parts, strict=True):
            text = lines.strip()
            if kind == "other" or not text:
                continue
            start = page.text.find(text, block.start) if page is not None else -1
            kept.append(ScopeBlock(block.page, text, start if start >= 0 else block.start))
    return kept


_ROW_WORDS = 12  # a site row of a schedule, not a scope sentence


def isms_sites(sites: Sequence[SiteRef], pages: Sequence[TextPage],
               catalog: Catalog) -> tuple[SiteRef, ...]:
    """``sites`` without those a combined certificate certifies to another standard only:
    read from such a line, or named in a site row that says so ("Cebu - ISO 9001 only")
    while the scope sentence names every site of every standard."""
    patterns = certificate_patterns()
    denied: set[tuple[str, str]] = set()
    for page in pages:
        for line in page.text.split("\n"):
            lead = _LABEL.match(line)
            if len(line.split()) > _ROW_WORDS or not other_standard_only(line) \
                    or patterns.scope_start.search(line) \
                    or patterns.standard_reference.match(line, lead.end() if lead else 0):
                continue  # a scope sentence, or a scope labelled with its standard
            denied.update((city.name, city.country) for name in cities_named_in(line, catalog)
                          for city in catalog.cities_named(name))

    def named(site: SiteRef) -> set[tuple[str, str]]:
        return {(city.name, city.country)
                for city in catalog.cities_named(site.city or site.name.split(",")[0])}

    return tuple(site for site in sites if not other_standard_only(site.evidence.text)
                 and not named(site) & denied)


def other_standard_only(line: str) -> bool:
    """Whether a site's line names standards and none of the ISMS ("Cebu - ISO 9001 only",
    "Davao: ISO 9001, ISO 14001"): on a combined certificate that site is certified to those
    standards, not to ISO/IEC 27001."""
    kinds = {_kind(found.group("number"))
             for found in certificate_patterns().standard_reference.finditer(line)}
    return bool(kinds) and "iso27001" not in kinds


def _kind(number: str) -> str | None:
    info = certificate_patterns().standards.get(number)
    return info.kind if info is not None else None


def _leading_standard(block: ScopeBlock, page: TextPage | None) -> str | None:
    """The kind of the last standard named on the cue's line or the line above it."""
    if page is None:
        return None
    cue_line = page.text.rfind("\n", 0, block.start)
    begin = cue_line
    for _ in range(_LEAD_LINES - 1):
        if begin <= 0:
            break
        begin = page.text.rfind("\n", 0, begin)
    before = page.text[max(0, begin + 1) : block.start]
    found = list(certificate_patterns().standard_reference.finditer(before))
    return _kind(found[-1].group("number")) if found else None


_LABEL = re.compile(r"^[ \t]*(?:[-•▪*][ \t]*)?")


def _labelled_parts(text: str) -> list[tuple[str | None, str]]:
    """The block cut at each line that opens with a standard's reference and a colon or
    dash ("ISO/IEC 27001: ...", "ISO 9001:2015 – ..."), each part with its standard's kind
    (None for lines before the first label)."""
    reference = certificate_patterns().standard_reference
    parts: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in text.split("\n"):
        lead = _LABEL.match(line)
        start = lead.end() if lead else 0
        found = reference.match(line, start)
        if found is not None and re.match(r"[ \t]*(?:[:–—-]|for\b)", line[found.end():]):
            parts.append((_kind(found.group("number")), [line]))
        else:
            parts[-1][1].append(line)
    return [(kind, "\n".join(lines)) for kind, lines in parts if lines]
