"""Scope drift between two versions of a certificate or report (the annual refresh check).

A certificate renewed on time whose scope quietly shrank or moved is what a reviewer misses
by reading only the new one, so every difference a reviewer would see by reading both is
listed, each with the words and page of both documents, and ranked by how much it matters
(``models/policy/drift.yaml``): less coverage is high, a new body or number is medium, the
expected renewal movements and growth are low.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from scopegap.domain import (
    COVERING_KINDS,
    LIST_KIND,
    DateValue,
    DocumentScope,
    Evidence,
    Severity,
    Standard,
    TextValue,
)
from scopegap.drift.lists import ListChange, Party, diff_lists
from scopegap.extract.patterns import certificate_patterns
from scopegap.resources import load_model
from scopegap.settings import SEVERITY_RANK

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog

ChangeType = Literal["added", "removed", "changed"]
POLICY_FILE = "policy/drift.yaml"
# Report order of the fields (within one severity).
FIELD_ORDER = (
    "kind", "holder", "issuer", "certificate_number", "standards", "extensions", "window",
    "window_start", "window_end", "original_date", "scope_text", "systems", "sites", "regions",
    "exclusions", "subservice_organizations", "trust_services_categories", "opinion",
    "exceptions", "updated", "subprocessor",
)


@dataclass(frozen=True)
class Change:
    """One difference between OLD and NEW, with each side's evidence (None where absent)."""

    field: str
    change: ChangeType
    rule: str  # the policy key that set the severity, e.g. "sites.removed"
    severity: Severity
    subject: str
    old: str | None
    new: str | None
    message: str
    old_evidence: Evidence | None = None
    new_evidence: Evidence | None = None


@dataclass(frozen=True)
class ScopeDiff:
    old: DocumentScope
    new: DocumentScope
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class DriftPolicyFile:
    """models/policy/drift.yaml, validated on load."""
    severities: dict[str, Literal["high", "medium", "low"]]
    clean_opinion: str


@dataclass(frozen=True)
class DriftPolicy:
    severities: dict[str, Severity]
    extension_standards: frozenset[str]
    clean_opinion: str


@cache
def load_policy() -> DriftPolicy:
    """The drift policy; which standards extend 27001 comes from the standards table of
    models/patterns/certificate.yaml, their one home."""
    raw = load_model(POLICY_FILE, DriftPolicyFile)
    extensions = frozenset(number for number, info in certificate_patterns().standards.items()
                           if info.extension_of)
    return DriftPolicy(dict(raw.severities), extensions, raw.clean_opinion)


def diff_scopes(old: DocumentScope, new: DocumentScope, catalog: Catalog) -> ScopeDiff:
    """Every change from ``old`` to ``new``, most severe first (then field order).

    ``catalog`` tells a reworded party or subservice organisation from a new one.
    """
    policy = load_policy()
    builder = _Builder(policy, catalog)
    _kind(builder, old, new)
    _party(builder, "holder", "holder", old.holder, new.holder)
    _party(builder, "issuer", "issuer", old.issuer, new.issuer)
    _value(builder, "certificate_number", "certificate number", old.certificate_number,
           new.certificate_number)
    _standards(builder, old, new)
    _window(builder, old, new)
    _date(builder, "original_date", "original certification date", old.original_date,
          new.original_date)
    _scope_text(builder, old.scope_text, new.scope_text)
    _named(builder, "systems", "system", old.systems, new.systems)
    _named(builder, "sites", "site", old.sites, new.sites)
    _named(builder, "regions", "region", old.regions, new.regions)
    _exclusions(builder, old, new)
    _subservice(builder, old, new)
    _categories(builder, old, new)
    _opinion(builder, old.opinion, new.opinion)
    _exceptions(builder, old.exceptions, new.exceptions)
    if old.kind == LIST_KIND and new.kind == LIST_KIND:
        _date(builder, "updated", "list date", old.updated, new.updated)
        _subprocessors(builder, old, new)
    order = {name: index for index, name in enumerate(FIELD_ORDER)}
    ranked = sorted(builder.changes,
                    key=lambda c: (-SEVERITY_RANK[c.severity], order.get(c.field, 99)))
    return ScopeDiff(old, new, tuple(ranked))


class _Builder:
    """Collects changes; ``add`` takes its severity from the drift policy."""

    def __init__(self, policy: DriftPolicy, catalog: Catalog) -> None:
        self.policy = policy
        self.catalog = catalog
        self.changes: list[Change] = []

    def add(self, field: str, change: ChangeType, rule: str, subject: str, old: str | None,
            new: str | None, message: str, old_evidence: Evidence | None,
            new_evidence: Evidence | None) -> None:
        key = f"{field}.{rule}"
        severity = self.policy.severities.get(key)
        if severity is None:
            raise ValueError(f"models/{POLICY_FILE}: no severity for {key!r}")
        self.changes.append(Change(field, change, key, severity, subject, old, new, message,
                                   old_evidence, new_evidence))


def _subprocessors(b: _Builder, old: DocumentScope, new: DocumentScope) -> None:
    """Third parties added, removed, moved or given a new purpose between two lists."""
    for change in diff_lists(old.subprocessors, new.subprocessors, b.catalog):
        _list_change(b, change)


def _list_change(b: _Builder, change: ListChange) -> None:
    name, before, after = change.subject, change.old, change.new
    field = "subprocessor"
    if change.change == "added" and after is not None:
        b.add(field, "added", "added", name, None, _summary(after),
              f"'{name}' is newly listed as a subprocessor ({_summary(after)})", None,
              _party_evidence(after))
    elif change.change == "removed" and before is not None:
        b.add(field, "removed", "removed", name, _summary(before), None,
              f"'{name}' is no longer listed as a subprocessor: ask whether it was dropped or "
              "replaced", _party_evidence(before), None)
    elif before is not None and after is not None:
        if "location" in change.aspects:
            b.add(field, "changed", "moved", name, before.where(), after.where(),
                  f"'{name}' processing locations changed from {before.where()} to "
                  f"{after.where()}", _party_evidence(before), _party_evidence(after))
        if "purpose" in change.aspects:
            old_purpose, new_purpose = "; ".join(before.purposes), "; ".join(after.purposes)
            b.add(field, "changed", "repurposed", name, old_purpose, new_purpose,
                  f"'{name}' purpose changed from '{old_purpose}' to '{new_purpose}'",
                  _party_evidence(before), _party_evidence(after))


def _summary(party: Party) -> str:
    purposes = "; ".join(party.purposes) or "no purpose given"
    if len(purposes) > 80:  # a paragraph in a purpose cell: the evidence has all of it
        purposes = purposes[:77].rstrip() + "…"
    return f"{purposes}; {party.where()}"


def _party_evidence(party: Party) -> Evidence:
    """The party's first row, with its line where the list has lines but no pages."""
    row = party.rows[0]
    if row.line is not None:
        return Evidence(row.evidence.page, f"line {row.line}: {row.evidence.text}")
    return row.evidence


def _fold(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _kind(b: _Builder, old: DocumentScope, new: DocumentScope) -> None:
    if old.kind == new.kind:
        return
    lost = old.kind in COVERING_KINDS and new.kind not in COVERING_KINDS
    b.add("kind", "changed", "no_longer_covers" if lost else "changed", "document kind",
          old.kind, new.kind,
          f"document kind changed from {old.kind} to {new.kind}"
          + (": the new document gives no coverage" if lost else ""), None, None)


def _party(b: _Builder, field: str, label: str, old: TextValue | None,
           new: TextValue | None) -> None:
    if _same_text(old, new):
        return
    if old and new:
        same = b.catalog.same_entity(old.value, new.value)
        rule = "reworded" if same else "changed"
        message = (f"{label} printed differently ('{old.value}' → '{new.value}'), "
                   "the same entity" if same else
                   f"{label} changed from '{old.value}' to '{new.value}'")
    else:
        rule = "changed"
        message = (f"{label} '{old.value}' is no longer identified" if old else
                   f"{label} '{new.value if new else ''}' is now identified")
    b.add(field, "changed", rule, label, _value_of(old), _value_of(new), message,
          _ev(old), _ev(new))


def _value(b: _Builder, field: str, label: str, old: TextValue | None,
           new: TextValue | None) -> None:
    if _same_text(old, new):
        return
    b.add(field, "changed", "changed", label, _value_of(old), _value_of(new),
          f"{label} changed from {_show(_value_of(old))} to {_show(_value_of(new))}",
          _ev(old), _ev(new))


def _standards(b: _Builder, old: DocumentScope, new: DocumentScope) -> None:
    extensions = b.policy.extension_standards

    def by_number(scope: DocumentScope) -> dict[str, list[Standard]]:
        found: dict[str, list[Standard]] = {}
        for standard in scope.standards:
            found.setdefault(standard.number, []).append(standard)
        return found

    before, after = by_number(old), by_number(new)
    for number in sorted(set(before) | set(after)):
        field = "extensions" if number in extensions else "standards"
        olds, news = before.get(number, []), after.get(number, [])
        old_labels = {s.label for s in olds}
        new_labels = {s.label for s in news}
        if olds and news and old_labels != new_labels:
            b.add(field, "changed", "edition_changed", f"ISO {number}",
                  _join(sorted(old_labels)), _join(sorted(new_labels)),
                  f"{_join(sorted(old_labels))} → {_join(sorted(new_labels))}: the edition "
                  "certified changed", olds[0].evidence, news[0].evidence)
            continue
        for standard in olds:
            if standard.label not in new_labels:
                b.add(field, "removed", "removed", standard.label, standard.label, None,
                      f"{standard.label} is no longer certified", standard.evidence, None)
        for standard in news:
            if standard.label not in old_labels:
                b.add(field, "added", "added", standard.label, None, standard.label,
                      f"{standard.label} is newly certified", None, standard.evidence)
        if olds and news and old_labels == new_labels:
            printed_old = olds[0].as_printed or olds[0].label
            printed_new = news[0].as_printed or news[0].label
            if printed_old != printed_new:
                b.add(field, "changed", "reworded", olds[0].label, printed_old, printed_new,
                      f"{olds[0].label} printed as '{printed_old}' before, "
                      f"'{printed_new}' now", olds[0].evidence, news[0].evidence)


def _window(b: _Builder, old: DocumentScope, new: DocumentScope) -> None:
    _date(b, "window_start", "window start", old.window_start, new.window_start)
    before, after = old.window_end, new.window_end
    if before and after and after.value < before.value:
        b.add("window_end", "changed", "earlier", "window end", before.value.isoformat(),
              after.value.isoformat(),
              f"the new document's window ends on {after.value.isoformat()}, before the old "
              f"one's ({before.value.isoformat()})", before.evidence, after.evidence)
    else:
        _date(b, "window_end", "window end", before, after)
    start = new.window_start
    if before and start and start.value > before.value + timedelta(days=1):
        gap_from = before.value + timedelta(days=1)
        gap_to = start.value - timedelta(days=1)
        b.add("window", "changed", "gap", "continuity", before.value.isoformat(),
              start.value.isoformat(),
              f"nothing covers {gap_from.isoformat()} to {gap_to.isoformat()}: the old window "
              f"ended on {before.value.isoformat()} and the new one starts on "
              f"{start.value.isoformat()}", before.evidence, start.evidence)


def _date(b: _Builder, field: str, label: str, old: DateValue | None,
          new: DateValue | None) -> None:
    old_value = old.value.isoformat() if old else None
    new_value = new.value.isoformat() if new else None
    if old_value == new_value:
        return
    b.add(field, "changed", "changed", label, old_value, new_value,
          f"{label} moved from {_show(old_value)} to {_show(new_value)}", _ev(old), _ev(new))


def _scope_text(b: _Builder, old: TextValue | None, new: TextValue | None) -> None:
    if (_fold(old.value) if old else "") == (_fold(new.value) if new else ""):
        return
    b.add("scope_text", "changed", "reworded", "scope statement", _value_of(old),
          _value_of(new), "the scope statement reads differently: compare both wordings",
          _ev(old), _ev(new))


def _named(b: _Builder, field: str, label: str, old: Sequence[Any], new: Sequence[Any],
           key: Callable[[Any], str] | None = None) -> None:
    fold = key or (lambda item: _fold(item.name))
    before = _first_by(old, fold)
    after = _first_by(new, fold)
    for folded, item in before.items():
        if folded not in after:
            b.add(field, "removed", "removed", item.name, item.name, None,
                  f"{label} '{item.name}' is no longer in scope", item.evidence, None)
    for folded, item in after.items():
        if folded not in before:
            b.add(field, "added", "added", item.name, None, item.name,
                  f"{label} '{item.name}' is newly in scope", None, item.evidence)


def _first_by(items: Iterable[Any], key: Callable[[Any], str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in items:
        found.setdefault(key(item), item)
    return found


def _exclusions(b: _Builder, old: DocumentScope, new: DocumentScope) -> None:
    before = _first_by(old.exclusions, lambda e: _fold(e.text))
    after = _first_by(new.exclusions, lambda e: _fold(e.text))
    for folded, item in before.items():
        if folded not in after:
            b.add("exclusions", "removed", "removed", item.text, item.text, None,
                  f"exclusion dropped: '{item.text}'", item.evidence, None)
    for folded, item in after.items():
        if folded not in before:
            b.add("exclusions", "added", "added", item.text, None, item.text,
                  f"new exclusion: '{item.text}'", None, item.evidence)


def _subservice(b: _Builder, old: DocumentScope, new: DocumentScope) -> None:
    catalog = b.catalog
    before = _first_by(old.subservice_organizations, lambda o: catalog.normalise_name(o.name))
    after = _first_by(new.subservice_organizations, lambda o: catalog.normalise_name(o.name))
    field = "subservice_organizations"
    for folded, org in before.items():
        now = after.get(folded)
        if now is None:
            b.add(field, "removed", "removed", org.name, f"{org.name} ({org.method})", None,
                  f"subservice organisation '{org.name}' ({org.method}) is no longer named",
                  org.evidence, None)
        elif now.method != org.method:
            rule = "now_carved_out" if now.method == "carve-out" else "now_inclusive"
            b.add(field, "changed", rule, org.name, org.method, now.method,
                  f"subservice organisation '{org.name}' changed from {org.method} to "
                  f"{now.method}", org.evidence, now.evidence)
    for folded, org in after.items():
        if folded not in before:
            b.add(field, "added", "added", org.name, None, f"{org.name} ({org.method})",
                  f"subservice organisation '{org.name}' is newly named ({org.method})",
                  None, org.evidence)


def _categories(b: _Builder, old: DocumentScope, new: DocumentScope) -> None:
    field = "trust_services_categories"
    before, after = set(old.trust_services_categories), set(new.trust_services_categories)
    for name in sorted(before - after):
        b.add(field, "removed", "removed", name, name, None,
              f"trust services category '{name}' is no longer examined", None, None)
    for name in sorted(after - before):
        b.add(field, "added", "added", name, None, name,
              f"trust services category '{name}' is newly examined", None, None)


def _opinion(b: _Builder, old: TextValue | None, new: TextValue | None) -> None:
    if _same_text(old, new):
        return
    modified = new is not None and new.value != b.policy.clean_opinion
    b.add("opinion", "changed", "now_modified" if modified else "changed", "opinion",
          _value_of(old), _value_of(new),
          f"auditor's opinion changed from {_show(_value_of(old))} to "
          f"{_show(_value_of(new))}", _ev(old), _ev(new))


def _exceptions(b: _Builder, old: int | None, new: int | None) -> None:
    if old == new or new is None:
        return
    rule = "more" if old is None or new > old else "fewer"
    b.add("exceptions", "changed", rule, "exceptions", _show_int(old), _show_int(new),
          f"test exceptions noted: {_show_int(old) or 'none stated'} → {new}", None, None)


def _same_text(old: TextValue | None, new: TextValue | None) -> bool:
    return (old.value if old else None) == (new.value if new else None)


def _value_of(value: TextValue | None) -> str | None:
    return value.value if value else None


def _ev(value: TextValue | DateValue | None) -> Evidence | None:
    return value.evidence if value else None


def _show(value: str | None) -> str:
    return value if value is not None else "(none)"


def _show_int(value: int | None) -> str | None:
    return None if value is None else str(value)


def _join(values: Sequence[str]) -> str:
    return ", ".join(values)
