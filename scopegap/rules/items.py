"""Findings for declared items that no document covers, or that a scope excludes."""

from __future__ import annotations

from scopegap.domain import Finding
from scopegap.rules.base import RuleInput, finding


def item_findings(data: RuleInput) -> list[Finding]:
    found: list[Finding] = []
    for row in data.coverage:
        item = row.item
        if row.status == "uncovered":
            found.append(finding(
                data.settings, f"uncovered_{item.type}", item.name,
                f"{item.name} is declared in the contract but no document's scope covers it",
            ))
        elif row.status == "excluded":
            found.append(finding(
                data.settings, "excluded", item.name,
                f"{item.name} is declared in the contract but the scope of "
                f"{_name(row.document)} excludes it",
                row.document, row.page, row.evidence,
            ))
        elif row.status == "carved_out":
            found.append(finding(
                data.settings, "carved_out", item.name,
                f"{item.name} is covered only as a carved-out subservice organisation in "
                f"{_name(row.document)}: its controls are outside the opinion, ask for its "
                "own report",
                row.document, row.page, row.evidence,
            ))
    return found


def _name(path: str | None) -> str:
    return (path or "").replace("\\", "/").rsplit("/", 1)[-1]
