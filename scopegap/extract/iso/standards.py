"""Which ISO standards a document certifies, with edition.

A standard the document merely mentions ("aligned with ISO/IEC 27017") is not certified by it,
and a national adoption keeps the edition of the ISO text it adopts (EN ISO/IEC 27001:2017 is
the 2013 text), because the 2013 sunset rule depends on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scopegap.domain import Standard
from scopegap.extract.patterns import CertificatePatterns, certificate_patterns
from scopegap.ingest.pdf import TextPage
from scopegap.ingest.text import line_evidence
from scopegap.resources import load_yaml


@dataclass(frozen=True)
class StandardsFound:
    certified: tuple[Standard, ...]
    mentioned: tuple[Standard, ...]
    warnings: tuple[str, ...]


def find_standards(pages: tuple[TextPage, ...]) -> StandardsFound:
    """Standards certified (in first-seen order, one per number) and those only mentioned."""
    patterns = certificate_patterns()
    certified: dict[str, Standard] = {}
    mentioned: dict[str, Standard] = {}
    warnings: list[str] = []
    read: list[_Reference] = []
    for page in pages:
        for start, end, standard, adoption in _references(page, patterns):
            prefix_text = page.text[max(0, start - 120) : start]
            mention = patterns.mention_only_before.search(prefix_text) is not None or (
                patterns.dated_standard_after.match(page.text, end) is not None
                or patterns.mention_only_after.match(page.text, end) is not None)
            target = mentioned if mention else certified
            read.append(_Reference(page, start, end, standard.number, mention))
            known = target.get(standard.number)
            info = patterns.standards[standard.number]
            if known is None or (known.edition is None and standard.edition is not None) or (
                    known.edition not in info.editions and standard.edition in info.editions):
                # an edition that exists wins over one that does not: an adoption's own year
                # ("ДСТУ ISO/IEC 27001:2023 (ISO/IEC 27001:2022)") whose prefix OCR garbled
                target[standard.number] = standard
            if standard.edition and standard.edition not in info.editions and not adoption:
                message = (
                    f"{standard.label} on page {page.number}: no edition {standard.edition} of "
                    f"{info.prefix} {standard.number} exists; the certificate may be mistyped"
                )
                if message not in warnings:
                    warnings.append(message)
    for number in _unsure_parents(read, certified, patterns):
        parent = certified.pop(number)
        mentioned.setdefault(number, parent)
        warnings.append(
            f"{parent.label} on page {parent.evidence.page} was read by OCR after the "
            "extension this certificate certifies, not beside it: read as the parent it "
            "cites, not certified here (check the page image)")
    for number in list(mentioned):
        if number in certified:
            del mentioned[number]
    for standard in certified.values():
        if standard.edition is None:
            warnings.append(
                f"{standard.label} on page {standard.evidence.page} is printed without an "
                "edition: the edition could not be verified"
            )
    return StandardsFound(tuple(certified.values()), tuple(mentioned.values()), tuple(warnings))


@dataclass(frozen=True)
class _Reference:
    page: TextPage
    start: int
    end: int
    number: str
    mention: bool


def _unsure_parents(read: list[_Reference], certified: dict[str, Standard],
                    patterns: CertificatePatterns) -> list[str]:
    """The parents (27001) of a certified extension (27017, 27018, 27701) whose first
    certified reference OCR read after the extension's, other than joined to it ("ISO/IEC
    27701:2019 and ISO/IEC 27001:2022"). A standalone extension certificate cites its parent
    after itself ("valid only in conjunction with ISO/IEC 27001"); a scan misread the cue
    ("conjunction ‘with:", "iri conjunction with") and the parent passed for certified: six
    false "covered". On a scan the parent is then only cited; a typed cue is read as is."""
    extension = next((ref for ref in read if not ref.mention
                      and patterns.standards[ref.number].extension_of), None)
    if extension is None:
        return []
    joiner = re.compile(str(load_yaml("patterns/ocr.yaml")["standards_joined"]))
    unsure: list[str] = []
    for parent in {patterns.standards[extension.number].extension_of} & set(certified):
        first = next(ref for ref in read if ref.number == parent and not ref.mention)
        if not _by_ocr(first.page, first.start) or read.index(first) < read.index(extension):
            continue
        between = first.page.text[extension.end : first.start]
        if first.page is extension.page and joiner.fullmatch(between):
            continue
        unsure.append(str(parent))
    return unsure


def _by_ocr(page: TextPage, start: int) -> bool:
    """Whether the words at ``start`` were read by OCR (a scanned page, or text OCR added
    after a typed page's layer)."""
    return page.source == "ocr" or (page.ocr_from is not None and start >= page.ocr_from)


def _references(
    page: TextPage, patterns: CertificatePatterns
) -> list[tuple[int, int, Standard, bool]]:
    """(start, end, standard, printed as a national adoption) of each reference on a page."""
    found: list[tuple[int, int, Standard, bool]] = []
    covered: list[tuple[int, int]] = []
    for match in patterns.standard_reference.finditer(page.text):
        covered.append(match.span())
        found.append(
            (match.start(), match.end(),
             _standard(page, match.group("number"), match.group("edition"),
                       match.group("adoption"), match.span(), patterns),
             bool(match.group("adoption")))
        )
    for match in patterns.bare_standard_reference.finditer(page.text):
        if any(start <= match.start() < end for start, end in covered):
            continue
        found.append(
            (match.start(), match.end(),
             _standard(page, match.group("number"), match.group("edition"), None,
                       match.span(), patterns), False)
        )
    found.sort(key=lambda item: item[0])
    return found


def _standard(
    page: TextPage,
    number: str,
    edition: str | None,
    adoption: str | None,
    span: tuple[int, int],
    patterns: CertificatePatterns,
) -> Standard:
    info = patterns.standards[number]
    as_printed = " ".join(page.text[span[0] : span[1]].split())
    if adoption and edition:
        edition = _adopted_edition(patterns.adoption_editions.get(number, {}), adoption, edition)
    label = f"{info.prefix} {number}" + (f":{edition}" if edition else "")
    return Standard(
        number=number,
        edition=edition,
        label=label,
        evidence=line_evidence(page.number, page.text, *span),
        as_printed=as_printed,
    )


def _adopted_edition(table: dict[str, str], adoption: str, edition: str) -> str:
    """The ISO edition a national adoption prints under its own year ("DIN EN ISO/IEC
    27001:2017" → 2013): looked up by the adoption's words, longest first ("DIN EN", "EN")."""
    words = adoption.split()
    for first in range(len(words)):
        adopted = table.get(f"{' '.join(words[first:])} {edition}")
        if adopted is not None:
            return adopted
    return edition
