"""Findings about the subprocessor chain: the vendor's own list against the contract.

- ``undeclared_subprocessor``: a third party the vendor's current list, or a SOC report's
  subservice organisations, name and the stack does not declare;
- ``subprocessor_not_listed``: a declared subprocessor the current list no longer names;
- ``subprocessor_outside_locations``: a listed party processing data in a country outside the
  stack's ``data_locations`` (or, when the stack has none, the countries of its declared
  sites and regions);
- ``stale_subprocessor_list``: a list last updated more than 12 months before ``as_of``.

Identity is ``match.parties.same_party``: case, punctuation and spellings of one legal form
do not make another party, nor does a catalogued alias ("AWS" / "Amazon Web Services EMEA
SARL"), while a near miss stays apart (Amazon Connect is not AWS) and so do a group's
affiliates ("GitLab BV" / "GitLab GmbH"). A party listed in several rows
(Google LLC for three purposes) is one party and gets one finding of each kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from scopegap.domain import (
    LIST_KIND,
    SOC_REPORT_KINDS,
    DocumentScope,
    Finding,
    Stack,
    SubprocessorRef,
)
from scopegap.extract.dates import add_months
from scopegap.match.catalog import Catalog
from scopegap.match.parties import same_party
from scopegap.match.places import data_countries
from scopegap.rules.base import RuleInput, finding


@dataclass(frozen=True)
class Named:
    """A third party a document names, with where: a list row or a subservice organisation."""

    name: str
    document: DocumentScope
    page: int | None
    evidence: str
    entry: SubprocessorRef | None = None


def subprocessor_findings(data: RuleInput) -> list[Finding]:
    lists = [d for d in data.documents if d.kind == LIST_KIND]
    found = [f for d in lists for f in _stale(data, d)]
    if data.stack is None:
        return found
    catalog = data.catalog
    current = current_list(lists)
    named = _named(current, data.documents)
    parties = group_parties(named, catalog)
    declared = data.stack.subprocessors
    for party in parties:
        first = party[0]
        if not any(same_party(n.name, item.name, catalog) for n in party for item in declared):
            found.append(_undeclared(data, first))
    if current is not None:
        for item in declared:
            if not any(same_party(e.name, item.name, catalog) for e in current.subprocessors):
                found.append(finding(
                    data.settings, "subprocessor_not_listed", item.name,
                    f"{item.name} is declared in the contract but {current.file_name}, the "
                    f"vendor's current subprocessor list{_dated(current)}, does not name it: "
                    "ask whether it was dropped or replaced",
                    current, None, None,
                ))
        allowed = allowed_countries(data.stack, catalog)
        if allowed is not None:
            for party in group_parties(_named(current, ()), catalog):
                outside = _outside(party, allowed, catalog)
                if outside is not None:
                    found.append(outside(data))
    return found


def current_list(lists: Sequence[DocumentScope]) -> DocumentScope | None:
    """The latest list by its own date (an undated list counts as oldest; later wins a tie)."""
    if not lists:
        return None
    ranked = sorted(enumerate(lists),
                    key=lambda pair: (pair[1].updated.value if pair[1].updated else date.min,
                                      pair[0]))
    return ranked[-1][1]


def _named(current: DocumentScope | None, documents: Iterable[DocumentScope]) -> list[Named]:
    named: list[Named] = []
    if current is not None:
        named += [Named(e.name, current, e.evidence.page, _evidence(e), e)
                  for e in current.subprocessors]
    for document in documents:
        if document.kind in SOC_REPORT_KINDS:
            named += [Named(o.name, document, o.evidence.page, o.evidence.text)
                      for o in document.subservice_organizations]
    return named


def group_parties(named: Sequence[Named], catalog: Catalog) -> list[list[Named]]:
    """Names that denote one party, grouped, in order of first mention."""
    groups: list[list[Named]] = []
    for one in named:
        home = next((g for g in groups if any(same_party(one.name, other.name, catalog)
                                              for other in g)), None)
        if home is None:
            groups.append([one])
        else:
            home.append(one)
    return groups


def allowed_countries(stack: Stack, catalog: Catalog) -> frozenset[str] | None:
    """Where contract data may be processed: ``data_locations``, else the countries of the
    declared sites and regions; None when neither says anything (no basis for a finding)."""
    if stack.data_countries is not None:
        return frozenset(stack.data_countries)
    if stack.data_locations:  # a stack not resolved by api.load_stack
        return frozenset(data_countries(stack.data_locations, catalog))
    countries: set[str] = set()
    for site in stack.sites:
        code = site.country or catalog.parse_site(site.name)[1]
        if code:
            countries.add(code)
    for region in stack.regions:
        parsed = catalog.parse_region(region.name)
        if parsed is not None:
            countries.add(parsed.country)
    return frozenset(countries) or None


def _outside(party: Sequence[Named], allowed: frozenset[str], catalog: Catalog) -> (
        _Outside | None):
    countries: list[str] = []
    areas: list[str] = []
    row: Named | None = None
    for one in party:
        entry = one.entry
        if entry is None:
            continue
        beyond = [c for c in entry.locations if c not in allowed]
        # A group with no country in common with the allowed ones lies wholly outside them
        # ("European Union" against [US]); one that overlaps them ("EEA" against [EU, UK])
        # names no country the data is known to reach, so it is no finding on its own.
        wider = [a for a in entry.areas
                 if not catalog.jurisdiction_countries(a) & allowed]
        if (beyond or wider) and row is None:
            row = one
        countries += beyond
        areas += wider
    if row is None:
        return None
    return _Outside(row, tuple(dict.fromkeys(countries)), tuple(dict.fromkeys(areas)),
                    allowed, catalog)


@dataclass(frozen=True)
class _Outside:
    row: Named
    countries: tuple[str, ...]
    areas: tuple[str, ...]
    allowed: frozenset[str]
    catalog: Catalog

    def __call__(self, data: RuleInput) -> Finding:
        places = [f"{self.catalog.country_name(c)} ({c})" for c in self.countries]
        places += [f"{self.catalog.jurisdictions[a].name} ({a})" for a in self.areas
                   if a in self.catalog.jurisdictions]
        stack = data.stack
        basis = ("the contract's data locations "
                 + ", ".join(d.name for d in stack.data_locations)
                 if stack is not None and stack.data_locations else
                 "the countries of the contract's declared sites and regions ("
                 + ", ".join(sorted(self.allowed)) + ")")
        return finding(
            data.settings, "subprocessor_outside_locations", self.row.name,
            f"{self.row.name} processes data in {', '.join(places)} according to "
            f"{self.row.document.file_name}, outside {basis}",
            self.row.document, self.row.page, self.row.evidence,
        )


def _undeclared(data: RuleInput, first: Named) -> Finding:
    what = ("a subprocessor" if first.entry is not None
            else "a subservice organisation")
    return finding(
        data.settings, "undeclared_subprocessor", first.name,
        f"{first.name} is named as {what} in {first.document.file_name}, but the contract "
        "does not declare it",
        first.document, first.page, first.evidence,
    )


def _stale(data: RuleInput, document: DocumentScope) -> list[Finding]:
    updated = document.updated.value if document.updated else None
    months = data.settings.stale_subprocessor_list_months
    if updated is None or document.updated is None or \
            updated >= add_months(data.as_of, -months):
        return []
    return [finding(
        data.settings, "stale_subprocessor_list", document.file_name,
        f"{document.file_name} was last updated on {updated.isoformat()}, more than {months} "
        f"months before {data.as_of.isoformat()}: ask for the current list",
        document, document.updated.evidence.page, document.updated.evidence.text,
    )]


def _dated(document: DocumentScope) -> str:
    return f" (updated {document.updated.value.isoformat()})" if document.updated else ""


def _evidence(entry: SubprocessorRef) -> str:
    """The row's words, prefixed with its line where the file has lines but no pages."""
    if entry.line is not None:
        return f"line {entry.line}: {entry.evidence.text}"
    return entry.evidence.text
