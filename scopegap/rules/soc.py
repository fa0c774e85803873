"""SOC reports age and qualify differently from certificates (SPEC.md, DOMAIN.md §2.4–2.6):
a report is stale a year after its period, a bridge letter stretches it by at most a few
months, a Type 1 shows design only, and a modified opinion undermines the whole report."""

from __future__ import annotations

from datetime import date

from scopegap.domain import SOC_REPORT_KINDS, DateValue, DocumentScope, Finding
from scopegap.extract.dates import add_months
from scopegap.match.catalog import Catalog
from scopegap.rules.base import RuleInput, finding
from scopegap.rules.holder import same_holder

MODIFIED = frozenset({"qualified", "adverse", "disclaimer"})
_CONTINUES_WITHIN_DAYS = 7  # a letter's gap starts the day after the period (or near it)


def soc_findings(data: RuleInput) -> list[Finding]:
    found: list[Finding] = []
    for document in data.documents:
        if document.kind == "bridge_letter":
            found += _letter_gap(document, data)
        if document.kind not in SOC_REPORT_KINDS:
            continue
        found += _stale(document, data)
        found += _bridge_gap(document, data)
        found += _opinion(document, data)
    found += _type1_only(data)
    return found


def _aged_end(document: DocumentScope, months: int, as_of: date) -> DateValue | None:
    """The document's window end when it lies more than ``months`` before ``as_of``."""
    end = document.window_end
    if end is None or add_months(end.value, months) >= as_of:
        return None
    return end


def _stale(document: DocumentScope, data: RuleInput) -> list[Finding]:
    months = data.settings.stale_report_months
    end = _aged_end(document, months, data.as_of)
    if end is None:
        return []
    return [finding(
        data.settings, "stale_report", document.file_name,
        f"{document.file_name}: its period ended on {end.value.isoformat()}, more than "
        f"{months} months before {data.as_of.isoformat()}; ask for the current report",
        document, end.evidence.page, end.evidence.text,
    )]


def bridged_end(document: DocumentScope, letters: list[DocumentScope], max_months: int,
                catalog: Catalog) -> tuple[date, DocumentScope | None]:
    """The report's period end, extended by the bridge letters of the run that continue it
    (same holder, gap starting right after the period), each by at most ``max_months``."""
    assert document.window_end is not None
    end = document.window_end.value
    used: DocumentScope | None = None
    for letter in letters:
        if letter.window_start is None or letter.window_end is None:
            continue
        if document.holder and letter.holder and not same_holder(
                document.holder, letter.holder, catalog):
            continue
        gap = (letter.window_start.value - end).days
        if not 0 <= gap <= _CONTINUES_WITHIN_DAYS + 1:
            continue
        stretched = min(letter.window_end.value, add_months(end, max_months))
        if stretched > end:
            end, used = stretched, letter
    return end, used


def _bridge_gap(document: DocumentScope, data: RuleInput) -> list[Finding]:
    if document.window_end is None:
        return []
    months = data.settings.bridge_max_months
    letters = [d for d in data.documents if d.kind == "bridge_letter"]
    end, letter = bridged_end(document, letters, months, data.catalog)
    if add_months(end, months) >= data.as_of:
        return []
    if letter is not None:
        assert letter.window_end is not None
        message = (f"{document.file_name}: the bridge letter {letter.file_name} carries it to "
                   f"{end.isoformat()}, more than {months} months before "
                   f"{data.as_of.isoformat()}")
        evidence = letter.window_end.evidence
        source: DocumentScope = letter
    else:
        message = (f"{document.file_name}: {(data.as_of - end).days} days between its period end "
                   f"{end.isoformat()} and {data.as_of.isoformat()} (more than {months} months) "
                   "and no bridge letter covers the gap")
        evidence = document.window_end.evidence
        source = document
    return [finding(data.settings, "bridge_gap", document.file_name, message, source,
                    evidence.page, evidence.text)]


def _letter_gap(letter: DocumentScope, data: RuleInput) -> list[Finding]:
    """A bridge letter ages like the report it bridges: more than the bridge allowance
    between the end of the time it speaks for and ``as_of`` is a gap of its own."""
    months = data.settings.bridge_max_months
    end = _aged_end(letter, months, data.as_of)
    if end is None:
        return []
    return [finding(
        data.settings, "bridge_gap", letter.file_name,
        f"{letter.file_name}: the letter speaks for the time up to {end.value.isoformat()}, "
        f"{(data.as_of - end.value).days} days before {data.as_of.isoformat()} (more than "
        f"{months} months); ask for a current letter or the next report",
        letter, end.evidence.page, end.evidence.text,
    )]


def _opinion(document: DocumentScope, data: RuleInput) -> list[Finding]:
    opinion = document.opinion
    if opinion is None or opinion.value not in MODIFIED:
        return []
    return [finding(
        data.settings, "modified_opinion", document.file_name,
        f"{document.file_name}: the auditor's opinion is {opinion.value}, not unmodified; "
        "read the basis for it before relying on the report",
        document, opinion.evidence.page, opinion.evidence.text,
    )]


def _type1_only(data: RuleInput) -> list[Finding]:
    """A Type 1 report is flagged unless a Type 2 report about the same holder is in the run."""
    catalog = data.catalog
    type2 = [d for d in data.documents if d.kind == "soc2_type2"]
    found: list[Finding] = []
    for document in data.documents:
        if document.kind != "soc2_type1":
            continue
        if any(
            d.holder is None or document.holder is None
            or catalog.same_entity(d.holder.value, document.holder.value)
            for d in type2
        ):
            continue
        at = document.window_end
        when = f" as of {at.value.isoformat()}" if at else ""
        found.append(finding(
            data.settings, "type1_only", document.file_name,
            f"{document.file_name} is a SOC 2 Type 1: it shows the design of controls{when}, "
            "not that they operated over a period; ask for a Type 2 report",
            document, at.evidence.page if at else 1, at.evidence.text if at else None,
        ))
    return found

