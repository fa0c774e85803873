"""The document must be about the contracted legal entity; legal-form variants, case and
punctuation do not make a different entity."""

from __future__ import annotations

from scopegap.domain import CERTIFICATE_KINDS, SOC_REPORT_KINDS, Finding
from scopegap.rules.base import RuleInput, finding

HOLDER_KINDS = CERTIFICATE_KINDS | SOC_REPORT_KINDS | {"bridge_letter"}


def holder_findings(data: RuleInput) -> list[Finding]:
    if data.stack is None:
        return []
    catalog = data.catalog
    found: list[Finding] = []
    vendor = data.stack.vendor
    for document in data.documents:
        if document.kind not in HOLDER_KINDS or document.holder is None:
            continue
        if catalog.same_entity(document.holder.value, vendor):
            continue
        found.append(finding(
            data.settings, "holder_mismatch", document.file_name,
            f"{document.file_name} is issued to '{document.holder.value}', not to the "
            f"contracted vendor '{vendor}'",
            document, document.holder.evidence.page, document.holder.evidence.text,
        ))
    return found
