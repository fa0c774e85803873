"""What kind of document this is: the kind decides which rules apply and whether it can cover.

Only a document that certifies ISO/IEC 27001 (or one of its extensions) is an
``iso27001_certificate``. A letter that merely claims certification, with no certificate
number, body or dates, is ``unknown``: it proves nothing a reviewer could verify.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scopegap.domain import DocumentKind, Standard
from scopegap.extract.patterns import certificate_patterns
from scopegap.ingest.anchored import anchored, fold
from scopegap.ingest.pdf import TextPage


@dataclass(frozen=True)
class Classification:
    kind: DocumentKind
    warnings: tuple[str, ...] = ()


def classify_certificate(
    text: str,
    certified: tuple[Standard, ...],
    has_number: bool,
    has_issuer: bool,
    has_dates: bool,
) -> Classification:
    patterns = certificate_patterns()
    if not certified:
        return Classification("unknown")
    if patterns.non_certificate_cues.search(text) or not patterns.certification_cues.search(text):
        return Classification(
            "unknown",
            (f"names {certified[0].label} but does not read as a certificate of it",),
        )
    if not (has_number or has_issuer or has_dates):
        return Classification(
            "unknown",
            (
                f"claims {certified[0].label} but shows no certificate number, certification "
                "body or dates: not a certificate",
            ),
        )
    warnings: list[str] = []
    by_number = {s.number: s for s in certified}
    if "27001" in by_number:
        return Classification("iso27001_certificate")
    extensions = []
    for standard in certified:
        info = patterns.standards[standard.number]
        standalone = standard.edition in info.standalone_editions
        if info.extension_of == "27001" and not standalone:
            extensions.append(standard.label)
    if extensions:
        # Not a 27001 certificate (SPEC.md kinds): it gives no coverage on its own, and the
        # 27001 parent it may cite is not certified by it (no superseded_edition either).
        warnings.append(
            f"certifies {', '.join(extensions)} without ISO/IEC 27001 on the same document: "
            "an extension is audited through a 27001 certification, so ask for the parent "
            "ISO/IEC 27001 certificate"
        )
        return Classification("iso_certificate", tuple(warnings))
    return Classification("iso_certificate")


def classify_report(pages: Sequence[TextPage]) -> Classification | None:
    """SOC 2 Type 1/2, SOC 3 or a bridge letter; None when the document is none of these.

    A result of kind ``unknown`` means the document calls itself a SOC report but is not one
    (a SOC 1, a "SOC 2 certificate" of registration, a claim without an auditor): its
    warning says what it is, and it is still read as a certificate in case it certifies an
    ISO standard.
    """
    from scopegap.extract.soc.kind import kind_votes
    from scopegap.extract.soc.patterns import soc_patterns

    patterns = soc_patterns()
    text = "\n".join(page.text for page in pages[: patterns.vote_pages])
    folded = fold(text)  # the patterns below run only where they can start (anchored.py)
    votes = kind_votes(pages)
    if votes.soc1 + votes.soc2 + votes.soc3 == 0 and \
            not anchored(patterns.bridge).search(text, folded):
        return None
    attested = anchored(patterns.attestation).search(text, folded) is not None
    certificate_cues = {m.group(0).casefold()
                        for m in anchored(patterns.certificate).finditer(text, folded)}
    claimed = "SOC 3" if votes.soc3 > votes.soc2 else "SOC 2"
    if (votes.soc2 or votes.soc3) and len(certificate_cues) >= patterns.certificate_min_cues \
            and not attested:
        return Classification("unknown", (
            f"calls itself a {claimed} but is a certificate of registration from a "
            "certification body, not an AICPA report: a SOC 2 is a CPA firm's attestation "
            "with an opinion, never a certificate; ask for the report itself",))
    if anchored(patterns.bridge).search(text, folded) and \
            len(pages) <= patterns.bridge_max_pages and \
            anchored(patterns.opinion_start).search(text, folded) is None:
        return Classification("bridge_letter")
    if votes.soc1 > votes.soc2 + votes.soc3:
        return Classification("unknown", (
            "a SOC 1 report (controls relevant to user entities' internal control over "
            "financial reporting), not a SOC 2 or SOC 3: it covers no tool, site or region here",))
    if not votes.soc2 and not votes.soc3:
        return None
    if not attested:
        return Classification("unknown", (
            f"mentions {claimed} but shows no service auditor's report or attestation: "
            "a claim, not a report",))
    if votes.soc3 > votes.soc2:
        return Classification("soc3")
    if votes.type1 > votes.type2:
        return Classification("soc2_type1")
    if votes.type2 > votes.type1:
        return Classification("soc2_type2")
    if patterns.period_cue.search(text):
        return Classification("soc2_type2", ("the report does not say Type 1 or Type 2; read "
                                             "as Type 2 from its examination period",))
    return Classification("soc2_type1", ("the report does not say Type 1 or Type 2; read as "
                                         "Type 1 (no examination period)",))
