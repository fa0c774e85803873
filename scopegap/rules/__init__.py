"""Rules: pure functions from documents, stack, coverage and date to findings."""

from __future__ import annotations

from scopegap.domain import Finding
from scopegap.rules.base import RuleInput
from scopegap.rules.editions import edition_findings
from scopegap.rules.holder import holder_findings
from scopegap.rules.ids import assign_ids
from scopegap.rules.items import item_findings
from scopegap.rules.soc import soc_findings
from scopegap.rules.subprocessors import subprocessor_findings
from scopegap.rules.text_layer import text_layer_findings
from scopegap.rules.waivers import apply_waivers
from scopegap.rules.windows import window_findings
from scopegap.settings import SEVERITY_RANK

RULES = (
    item_findings,
    window_findings,
    edition_findings,
    soc_findings,
    holder_findings,
    text_layer_findings,
    subprocessor_findings,
)


def evaluate(data: RuleInput) -> tuple[Finding, ...]:
    """All findings, most severe first; within a severity, rule order then stack order.

    Each gets its stable id; waivers are applied last (``rules.waivers``), so a rule never
    needs to know about them and a waiver can only act on a finding a rule raised."""
    found = [f for rule in RULES for f in rule(data)]
    ordered = sorted(found, key=lambda f: -SEVERITY_RANK[f.severity])
    vendor = data.stack.vendor if data.stack else None
    with_ids = assign_ids(ordered, vendor, data.documents, data.catalog)
    return apply_waivers(with_ids, data.waivers, as_of=data.as_of, settings=data.settings,
                         vendor=vendor, documents=data.documents, catalog=data.catalog)
