"""What kind of document this is: the kind decides which rules apply and whether it can cover.

Only a document that certifies ISO/IEC 27001 (or one of its extensions) is an
``iso27001_certificate``. A letter that merely claims certification, with no certificate
number, body or dates, is ``unknown``: it proves nothing a reviewer could verify.
"""

from __future__ import annotations

from dataclasses import dataclass

from scopegap.domain import DocumentKind, Standard
from scopegap.extract.patterns import certificate_patterns


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
        warnings.append(
            f"certifies {', '.join(extensions)} without ISO/IEC 27001 on the same document: "
            "an extension is audited through a 27001 certification, so ask for the parent "
            "ISO/IEC 27001 certificate"
        )
        return Classification("iso27001_certificate", tuple(warnings))
    return Classification("iso_certificate")
