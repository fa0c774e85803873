"""Stable finding ids: the same while a finding means the same thing (SPEC: findings[].id).

A ticket links to a finding and ``history`` says since when it has been open, so the id is
made of what the finding *means* (the vendor, the kind, the subject's identity and the
document family), never of a page number, a file path or a wording: a renewed certificate
under a new file name with a new layout keeps its findings' ids. Names go through the
catalog ("Plivo Inc" and "Plivo Inc." are one entity, "PureCloud" is Genesys Cloud CX).
Generic over kinds: a kind added later gets ids without a change here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import replace

from scopegap.domain import (
    CERTIFICATE_KINDS,
    SOC_REPORT_KINDS,
    DocumentScope,
    Finding,
)
from scopegap.match.catalog import Catalog

ID_PREFIX = "sg-"
ID_HEX = 10
_SEPARATOR = "\x1f"  # never in a normalised name


def make_id(*parts: str) -> str:
    """``sg-`` and 10 hex digits of the sha256 of the normalised parts."""
    digest = hashlib.sha256(_SEPARATOR.join(parts).encode("utf-8")).hexdigest()
    return ID_PREFIX + digest[:ID_HEX]


def entity_identity(name: str, catalog: Catalog) -> str:
    """One key per entity, product or place whatever its spelling: the catalog's tool or
    body id where it knows the name, else the name without legal form, case or punctuation."""
    forms = _forms(name)
    for form in forms:
        tool = catalog.tool_by_alias(form)
        if tool is not None:
            return f"tool:{tool.id}"
        body = catalog.body(form)
        if body is not None:
            return f"body:{body.id}"
    for form in forms:
        key = catalog.normalise_name(form)
        if key:
            return f"name:{key}"
    return f"text:{' '.join(name.split())}"


def _forms(name: str) -> list[str]:
    """The name, then the name without a parenthesised part ("Amazon Web Services (AWS)")."""
    bare = name.split("(", 1)[0].strip() if "(" in name else ""
    return [form for form in (name, bare) if form]


def document_family(document: DocumentScope, catalog: Catalog) -> str:
    """What stays the same from one version of a document to the next: the kind family,
    the holder's identity and, for certificates, the standard certified."""
    if document.kind in CERTIFICATE_KINDS:
        numbers = sorted(s.number for s in document.standards)
        standard = "27001" if document.kind == "iso27001_certificate" else \
            (numbers[0] if numbers else "")
        family = f"iso:{standard}"
    elif document.kind in SOC_REPORT_KINDS:
        family = "soc"
    else:
        family = document.kind
    holder = catalog.normalise_name(document.holder.value) if document.holder else ""
    return f"{family}|{holder}"


def finding_id(finding: Finding, vendor: str, documents: Sequence[DocumentScope],
               catalog: Catalog, extra: str = "") -> str:
    """The id of one finding; ``extra`` distinguishes findings a kind and subject alone do
    not (``waiver_expired``: the kind the waiver was for)."""
    document = next((d for d in documents if d.path == finding.document), None)
    family = document_family(document, catalog) if document is not None else ""
    if document is not None and finding.subject == document.file_name:
        subject = "document"  # a document finding: the family is its identity
    else:
        subject = entity_identity(finding.subject, catalog)
    return make_id(catalog.normalise_name(vendor) if vendor else "", finding.kind, subject,
                   family, extra)


def assign_ids(findings: Iterable[Finding], vendor: str | None,
               documents: Sequence[DocumentScope], catalog: Catalog) -> tuple[Finding, ...]:
    """Every finding with its id. Two findings that would share one (two copies of one
    certificate in a run) get ``-2``, ``-3`` in finding order, so ids stay unique."""
    seen: dict[str, int] = {}
    result: list[Finding] = []
    for finding in findings:
        base = finding.id or finding_id(finding, vendor or "", documents, catalog)
        seen[base] = seen.get(base, 0) + 1
        result.append(replace(finding, id=base if seen[base] == 1 else f"{base}-{seen[base]}"))
    return tuple(result)
