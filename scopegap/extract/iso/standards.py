"""Which ISO standards a document certifies, with edition.

A standard the document merely mentions ("aligned with ISO/IEC 27017") is not certified by it,
and a national adoption keeps the edition of the ISO text it adopts (EN ISO/IEC 27001:2017 is
the 2013 text), because the 2013 sunset rule depends on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from scopegap.domain import Standard
from scopegap.extract.patterns import CertificatePatterns, certificate_patterns
from scopegap.ingest.pdf import TextPage
from scopegap.ingest.text import line_evidence


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
    for page in pages:
        for start, end, standard, adoption in _references(page, patterns):
            prefix_text = page.text[max(0, start - 120) : start]
            mention = patterns.mention_only_before.search(prefix_text) is not None or (
                patterns.dated_standard_after.match(page.text, end) is not None)
            target = mentioned if mention else certified
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
