"""The document must be about the contracted legal entity; legal-form variants, case and
punctuation do not make a different entity, nor does a short name the document itself
defines for its holder ("Global Systems Integration's System ("GSI")" for vendor GSI, Inc.)."""

from __future__ import annotations

from scopegap.domain import CERTIFICATE_KINDS, SOC_REPORT_KINDS, Finding, TextValue
from scopegap.extract.soc.patterns import soc_patterns
from scopegap.match.catalog import Catalog
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
        if same_holder(document.holder, vendor, catalog):
            continue
        found.append(finding(
            data.settings, "holder_mismatch", document.file_name,
            f"{document.file_name} is issued to '{document.holder.value}', not to the "
            f"contracted vendor '{vendor}'",
            document, document.holder.evidence.page, document.holder.evidence.text,
        ))
    return found


def same_holder(holder: TextValue, other: TextValue | str, catalog: Catalog) -> bool:
    """The other name (the vendor, or another document's holder) is the holder, or the short
    name either document defines for its holder right after its name (only a document's own
    definition counts, never a guessed acronym)."""
    left = _names(holder)
    right = _names(other) if isinstance(other, TextValue) else [other]
    return any(catalog.same_entity(one, two) for one in left for two in right)


def _names(holder: TextValue) -> list[str]:
    short = defined_short_form(holder)
    return [holder.value] if short is None else [holder.value, short]


def defined_short_form(holder: TextValue) -> str | None:
    """The short name the holder's evidence defines for it ("X's System ("GSI")"), if any."""
    text = holder.evidence.text
    at = text.find(holder.value)
    if at < 0:
        return None
    match = soc_patterns().holder_short_form.match(text, at + len(holder.value))
    return match.group("short") if match else None
