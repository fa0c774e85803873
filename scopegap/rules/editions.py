"""ISO/IEC 27001:2013 (and its national adoptions, EN ISO/IEC 27001:2017) is invalid after
the IAF MD 26 transition deadline, whatever expiry the certificate prints."""

from __future__ import annotations

from scopegap.domain import Finding
from scopegap.rules.base import RuleInput, finding


def edition_findings(data: RuleInput) -> list[Finding]:
    found: list[Finding] = []
    sunset = data.settings.edition_2013_sunset
    if data.as_of <= sunset:
        return found
    for document in data.documents:
        if document.kind != "iso27001_certificate":
            continue
        for standard in document.standards:
            if standard.number == "27001" and standard.edition == "2013":
                printed = standard.as_printed or standard.label
                found.append(finding(
                    data.settings, "superseded_edition", document.file_name,
                    f"{document.file_name} certifies {printed} (the 2013 edition); every "
                    f"2013-edition certificate expired or was withdrawn on {sunset.isoformat()}",
                    document, standard.evidence.page, standard.evidence.text,
                ))
                break
    return found
