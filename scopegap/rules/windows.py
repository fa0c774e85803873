"""Certificate validity windows judged at ``as_of``: expired, expiring soon, and lapsing
before the contract ends (SOC reports age by their own rules, not these)."""

from __future__ import annotations

from datetime import timedelta

from scopegap.domain import CERTIFICATE_KINDS, Finding
from scopegap.rules.base import RuleInput, finding


def window_findings(data: RuleInput) -> list[Finding]:
    found: list[Finding] = []
    settings = data.settings
    contract_end = data.stack.contract_end if data.stack else None
    for document in data.documents:
        if document.kind not in CERTIFICATE_KINDS or document.window_end is None:
            continue
        end = document.window_end
        name = document.file_name
        if end.value < data.as_of:
            found.append(finding(
                settings, "expired", name,
                f"{name} expired on {end.value.isoformat()} ({(data.as_of - end.value).days} "
                f"days before {data.as_of.isoformat()})",
                document, end.evidence.page, end.evidence.text,
            ))
        elif end.value <= data.as_of + timedelta(days=settings.expiring_soon_days):
            found.append(finding(
                settings, "expiring_soon", name,
                f"{name} expires on {end.value.isoformat()}, within "
                f"{settings.expiring_soon_days} days of {data.as_of.isoformat()}",
                document, end.evidence.page, end.evidence.text,
            ))
        if contract_end is not None and end.value < contract_end:
            found.append(finding(
                settings, "expires_before_contract_end", name,
                f"{name} expires on {end.value.isoformat()}, before the contract ends on "
                f"{contract_end.isoformat()}: check that it is renewed",
                document, end.evidence.page, end.evidence.text,
            ))
    return found
