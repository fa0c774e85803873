"""SOC findings: stale_report, bridge_gap (with and without a bridge letter), type1_only,
modified_opinion; certificate-window findings never fire on SOC reports."""

from __future__ import annotations

from datetime import date

import pytest

from scopegap.domain import DateValue, DocumentScope, Evidence, TextValue
from scopegap.match.catalog import CATALOG_FILES, Catalog, build_catalog, load_catalog
from scopegap.resources import load_yaml
from scopegap.rules import evaluate
from scopegap.rules.base import RuleInput
from scopegap.settings import Settings

AS_OF = date(2026, 11, 22)


def doc(name: str, kind: str, start: date | None, end: date | None,
        holder: str = "Acme Hosting Inc", opinion: str | None = "unmodified") -> DocumentScope:
    ev = Evidence(1, "period")
    return DocumentScope(
        path=f"docs/{name}", sha256="0", kind=kind, page_count=3,  # type: ignore[arg-type]
        holder=TextValue(holder, ev),
        window_start=DateValue(start, ev) if start else None,
        window_end=DateValue(end, ev) if end else None,
        opinion=TextValue(opinion, Evidence(2, "In our opinion")) if opinion else None,
        text_pages=(1, 2, 3),
    )


def kinds(*documents: DocumentScope, settings: Settings | None = None,
          catalog: Catalog | None = None) -> set[tuple[str, str]]:
    found = evaluate(RuleInput(tuple(documents), None, (), AS_OF, settings or Settings(),
                               catalog or load_catalog()))
    return {(f.kind, f.subject) for f in found}


@pytest.mark.parametrize(("end", "stale", "gap"), [
    (date(2026, 9, 30), False, False),   # within 3 months
    (date(2026, 8, 22), False, False),   # exactly 3 months: not more than
    (date(2026, 8, 21), False, True),    # a day over 3 months
    (date(2025, 11, 22), False, True),   # exactly 12 months: not stale yet
    (date(2025, 11, 21), True, True),    # stale (and the gap is over 3 months too)
])
def test_staleness_and_gap_thresholds(end: date, stale: bool, gap: bool) -> None:
    found = kinds(doc("r.pdf", "soc2_type2", date(end.year - 1, end.month, 1), end))
    assert (("stale_report", "r.pdf") in found) is stale
    assert (("bridge_gap", "r.pdf") in found) is gap


def test_a_bridge_letter_extends_the_report_by_at_most_three_months() -> None:
    report = doc("r.pdf", "soc2_type2", date(2025, 7, 1), date(2026, 6, 30))
    letter = doc("b.pdf", "bridge_letter", date(2026, 7, 1), date(2026, 9, 30), opinion=None)
    assert ("bridge_gap", "r.pdf") in kinds(report)
    assert ("bridge_gap", "r.pdf") not in kinds(report, letter)
    long_letter = doc("b.pdf", "bridge_letter", date(2026, 7, 1), date(2027, 3, 31), opinion=None)
    early = doc("r.pdf", "soc2_type2", date(2025, 4, 1), date(2026, 3, 31))
    # capped at 2026-06-30, and 2026-06-30 + 3 months < 2026-11-22
    assert ("bridge_gap", "r.pdf") in kinds(early, long_letter)


def test_a_letter_for_another_holder_or_period_does_not_bridge() -> None:
    report = doc("r.pdf", "soc2_type2", date(2025, 7, 1), date(2026, 6, 30))
    other = doc("b.pdf", "bridge_letter", date(2026, 7, 1), date(2026, 9, 30),
                holder="Someone Else Ltd", opinion=None)
    late = doc("b.pdf", "bridge_letter", date(2026, 8, 15), date(2026, 9, 30), opinion=None)
    assert ("bridge_gap", "r.pdf") in kinds(report, other)
    assert ("bridge_gap", "r.pdf") in kinds(report, late)


def test_threshold_settings_are_honoured() -> None:
    report = doc("r.pdf", "soc3", date(2025, 1, 1), date(2025, 12, 31))
    assert ("stale_report", "r.pdf") not in kinds(report)
    assert ("stale_report", "r.pdf") in kinds(report, settings=Settings(stale_report_months=6))
    assert ("bridge_gap", "r.pdf") not in kinds(report, settings=Settings(bridge_max_months=12))


def test_type1_only_unless_a_type2_of_the_same_holder() -> None:
    type1 = doc("t1.pdf", "soc2_type1", date(2026, 9, 1), date(2026, 9, 1))
    assert ("type1_only", "t1.pdf") in kinds(type1)
    same = doc("t2.pdf", "soc2_type2", date(2025, 10, 1), date(2026, 9, 30))
    other = doc("t2.pdf", "soc2_type2", date(2025, 10, 1), date(2026, 9, 30), holder="Other LLC")
    assert ("type1_only", "t1.pdf") not in kinds(type1, same)
    assert ("type1_only", "t1.pdf") in kinds(type1, other)


@pytest.mark.parametrize(("opinion", "flagged"), [
    ("unmodified", False), ("qualified", True), ("adverse", True), ("disclaimer", True),
    (None, False),
])
def test_modified_opinion(opinion: str | None, flagged: bool) -> None:
    found = evaluate(RuleInput(
        (doc("r.pdf", "soc2_type2", date(2025, 10, 1), date(2026, 9, 30), opinion=opinion),),
        None, (), AS_OF, Settings(), load_catalog()))
    hits = [f for f in found if f.kind == "modified_opinion"]
    assert bool(hits) is flagged
    if hits:
        assert hits[0].severity == "high" and hits[0].page == 2


def test_certificate_window_findings_never_apply_to_soc_reports() -> None:
    found = kinds(doc("r.pdf", "soc2_type2", date(2023, 1, 1), date(2023, 12, 31)),
                  doc("b.pdf", "bridge_letter", date(2024, 1, 1), date(2024, 3, 31),
                      opinion=None))
    assert not {k for k, _ in found} & {"expired", "expiring_soon", "expires_before_contract_end"}
    assert ("stale_report", "r.pdf") in found
    assert ("stale_report", "b.pdf") not in found  # a letter is not a report


def test_the_rules_use_the_catalog_they_are_handed() -> None:
    """Whether two holders are one entity is the handed catalog's answer: with a catalog that
    knows no legal forms, "Acme Hosting Inc" and "Acme Hosting" are two entities."""
    type1 = doc("t1.pdf", "soc2_type1", None, date(2026, 6, 30), holder="Acme Hosting Inc")
    type2 = doc("t2.pdf", "soc2_type2", date(2025, 10, 1), date(2026, 9, 30), holder="Acme Hosting")
    documents = {name: load_yaml(f"catalog/{name}.yaml") for name in CATALOG_FILES}
    bare = build_catalog(**{**documents, "legal_forms": {"legal_forms": ["GmbH"]}})
    assert ("type1_only", "t1.pdf") not in kinds(type1, type2)
    assert ("type1_only", "t1.pdf") in kinds(type1, type2, catalog=bare)
