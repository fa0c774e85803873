"""The JSON output of SPEC.md (schema_version "1.1"): keys in the documented order, byte-stable."""

from __future__ import annotations

import json
from typing import Any

from scopegap.domain import (
    LIST_KIND,
    Coverage,
    DateValue,
    DocumentScope,
    Finding,
    Report,
    SubprocessorRef,
    TextValue,
    Waiver,
)

SCHEMA_VERSION = "1.1"


def _text(value: TextValue | None) -> str | None:
    return value.value if value else None


def _date(value: DateValue | None) -> str | None:
    return value.value.isoformat() if value else None


def document_json(document: DocumentScope) -> dict[str, Any]:
    fields = _document_fields(document)
    if document.kind == LIST_KIND:  # schema 1.1: a list's date and its entries
        warnings = fields.pop("warnings")
        fields["updated"] = _date(document.updated)
        fields["subprocessors"] = [subprocessor_json(e) for e in document.subprocessors]
        fields["warnings"] = warnings
    return fields


def subprocessor_json(entry: SubprocessorRef) -> dict[str, Any]:
    """One list entry: the name as printed, purpose, ISO alpha-2 locations, page and (for
    HTML, Markdown and CSV lists) the line it starts on, and the row's own words."""
    return {
        "name": entry.name,
        "purpose": entry.purpose,
        "locations": list(entry.locations),
        "page": entry.evidence.page,
        "line": entry.line,
        "evidence": entry.evidence.text,
    }


def _document_fields(document: DocumentScope) -> dict[str, Any]:
    return {
        "path": document.path,
        "sha256": document.sha256,
        "kind": document.kind,
        "standards": [s.label for s in document.standards],
        "holder": _text(document.holder),
        "issuer": _text(document.issuer),
        "certificate_number": _text(document.certificate_number),
        "window": {"start": _date(document.window_start), "end": _date(document.window_end)},
        "original_date": _date(document.original_date),
        "scope_text": _text(document.scope_text),
        "systems": [
            {"name": s.name, "page": s.evidence.page, "evidence": s.evidence.text}
            for s in document.systems
        ],
        "sites": [
            {"name": s.name, "page": s.evidence.page, "evidence": s.evidence.text}
            for s in document.sites
        ],
        "regions": [
            {"name": r.name, "country": r.country, "page": r.evidence.page,
             "evidence": r.evidence.text}
            for r in document.regions
        ],
        "exclusions": [{"text": e.text, "page": e.evidence.page} for e in document.exclusions],
        "subservice_organizations": [
            {"name": o.name, "method": o.method, "page": o.evidence.page}
            for o in document.subservice_organizations
        ],
        "opinion": _text(document.opinion),
        "trust_services_categories": list(document.trust_services_categories),
        "cuecs": [{"text": c.value, "page": c.evidence.page} for c in document.cuecs],
        "exceptions": document.exceptions,
        "warnings": list(document.warnings),
    }


def coverage_json(row: Coverage) -> dict[str, Any]:
    return {
        "item": row.item.name,
        "type": row.item.type,
        "status": row.status,
        "document": row.document,
        "page": row.page,
        "evidence": row.evidence,
        "score": row.score,
        "rule": row.rule,
    }


def waiver_json(waiver: Waiver | None) -> dict[str, Any] | None:
    if waiver is None:
        return None
    return {"reason": waiver.reason, "accepted_by": waiver.accepted_by,
            "until": waiver.until.isoformat()}


def finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.id,
        "kind": finding.kind,
        "severity": finding.severity,
        "subject": finding.subject,
        "status": finding.status,
        "waiver": waiver_json(finding.waiver),
        "document": finding.document,
        "page": finding.page,
        "evidence": finding.evidence,
        "message": finding.message,
    }


def report_json(report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": report.as_of.isoformat(),
        "vendor": report.vendor,
        "documents": [document_json(d) for d in report.documents],
        "coverage": [coverage_json(c) for c in report.coverage],
        "findings": [finding_json(f) for f in report.findings],
    }


def render_json(report: Report) -> str:
    return json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n"
