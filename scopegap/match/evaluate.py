"""Precision and recall of ``covered`` on a labelled set: ``python -m scopegap.match.evaluate``.

A labelled set (``fixtures/labelled/set.yaml``) pairs scope sentences with stack items and the
status a compliance reviewer expects. Each sentence goes through the same pipeline as a
certificate's scope statement (spaCy components, catalog, exclusions, renames) and each item
through the same matcher, so the figures measure the product, not a copy of it. Precision of
``covered`` is the number that must stay at 1.0: a false "covered" is the worst bug.

    python -m scopegap.match.evaluate fixtures/labelled/set.yaml [-v]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from scopegap.domain import (
    COVERING_KINDS,
    DocumentKind,
    DocumentScope,
    Evidence,
    SiteRef,
    StackItem,
    SubserviceOrg,
    TextValue,
)
from scopegap.errors import UsageError
from scopegap.match.catalog import Catalog, load_catalog
from scopegap.match.coverage import decide

ITEM_TYPES: tuple[str, ...] = ("tool", "site", "region", "subprocessor")
STATUSES: frozenset[str] = frozenset({"covered", "uncovered", "excluded", "carved_out"})
_KINDS: frozenset[str] = COVERING_KINDS | {"iso_certificate", "bridge_letter", "unknown"}


@dataclass(frozen=True)
class Outcome:
    case: str
    item: StackItem
    expected: str
    got: str
    rule: str


@dataclass(frozen=True)
class Scores:
    outcomes: tuple[Outcome, ...]

    def _count(self, expected: bool, got: bool) -> int:
        return sum(
            1 for o in self.outcomes
            if (o.expected == "covered") == expected and (o.got == "covered") == got
        )

    @property
    def precision(self) -> float:
        true, false = self._count(True, True), self._count(False, True)
        return true / (true + false) if true + false else 1.0

    @property
    def recall(self) -> float:
        true, missed = self._count(True, True), self._count(True, False)
        return true / (true + missed) if true + missed else 1.0

    @property
    def mismatches(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.expected != o.got)


def document_from_scope(
    scope: str,
    *,
    path: str = "labelled.pdf",
    kind: DocumentKind = "iso27001_certificate",
    holder: str | None = None,
    hq: Sequence[str] = (),
    subservice: Sequence[Mapping[str, str]] = (),
    catalog: Catalog | None = None,
) -> DocumentScope:
    """A one-page document whose scope statement is ``scope``, read by the real extractors."""
    from scopegap.extract.iso.contents import scope_contents
    from scopegap.extract.iso.scope_text import ScopeBlock
    from scopegap.ingest.pdf import ReadPdf

    catalog = catalog or load_catalog()
    contents = scope_contents(ReadPdf(path, "0" * 64, ()), [ScopeBlock(1, scope, 0)], None,
                              catalog)
    sites = list(contents.sites)
    for address in hq:
        city, country = catalog.parse_site(address)
        sites.append(SiteRef(name=address, evidence=Evidence(1, address), city=city,
                             country=country, kind="hq"))
    orgs = tuple(
        SubserviceOrg(name=org["name"], method=org["method"],  # type: ignore[arg-type]
                      evidence=Evidence(1, f"{org['name']} ({org['method']} method)"))
        for org in subservice
    )
    flat = " ".join(scope.split())
    return DocumentScope(
        path=path,
        sha256="0" * 64,
        kind=kind,
        page_count=1,
        holder=TextValue(holder, Evidence(1, holder)) if holder else None,
        scope_text=TextValue(flat, Evidence(1, flat)),
        systems=contents.systems,
        sites=tuple(sites),
        regions=contents.regions,
        exclusions=contents.exclusions,
        subservice_organizations=orgs,
        text_pages=(1,),
    )


def load_labelled(path: str | Path) -> list[dict[str, Any]]:
    """The cases of a labelled-set file, validated (a typo must not silently score 1.0)."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise UsageError(f"{path}: cannot read labelled set: {error}") from None
    cases = raw.get("cases") if isinstance(raw, dict) else None
    if not isinstance(cases, list) or not cases:
        raise UsageError(f"{path}: expected a non-empty 'cases' list")
    seen: set[str] = set()
    for n, case in enumerate(cases):
        where = f"{path}: cases[{n}]"
        if not isinstance(case, dict) or not isinstance(case.get("id"), str):
            raise UsageError(f"{where}: every case needs an 'id'")
        if case["id"] in seen:
            raise UsageError(f"{where}: duplicate id {case['id']!r}")
        seen.add(case["id"])
        if not isinstance(case.get("scope"), str) or not case["scope"].strip():
            raise UsageError(f"{where}: missing 'scope' text")
        if case.get("kind", "iso27001_certificate") not in _KINDS:
            raise UsageError(f"{where}: unknown kind {case.get('kind')!r}")
        items = case.get("items")
        if not isinstance(items, list) or not items:
            raise UsageError(f"{where}: needs a non-empty 'items' list")
        for item in items:
            types = [t for t in ITEM_TYPES if t in item] if isinstance(item, dict) else []
            if len(types) != 1 or item.get("expect") not in STATUSES:
                raise UsageError(
                    f"{where}: each item needs exactly one of {', '.join(ITEM_TYPES)} and "
                    f"'expect' in {', '.join(sorted(STATUSES))}: {item!r}"
                )
    return cases


def evaluate(cases: Sequence[Mapping[str, Any]], catalog: Catalog) -> Scores:
    """Run every item of every case through the matcher, with ``catalog``."""
    outcomes: list[Outcome] = []
    for case in cases:
        document = document_from_scope(
            case["scope"], kind=case.get("kind", "iso27001_certificate"),
            holder=case.get("holder"), hq=case.get("hq", ()),
            subservice=case.get("subservice", ()), catalog=catalog,
        )
        for line, entry in enumerate(case["items"], start=1):
            item_type = next(t for t in ITEM_TYPES if t in entry)
            item = StackItem(name=str(entry[item_type]), type=item_type,  # type: ignore[arg-type]
                             line=line, country=entry.get("country"))
            decision = decide(item, [document], catalog=catalog)
            outcomes.append(Outcome(case["id"], item, entry["expect"], decision.status,
                                    decision.rule))
    return Scores(tuple(outcomes))


def report(scores: Scores, verbose: bool = False) -> str:
    outcomes = scores.outcomes
    lines = [
        f"items: {len(outcomes)}  expected covered: "
        f"{sum(o.expected == 'covered' for o in outcomes)}  "
        f"status agreement: {len(outcomes) - len(scores.mismatches)}/{len(outcomes)}",
        f"covered precision: {scores.precision:.3f}",
        f"covered recall:    {scores.recall:.3f}",
    ]
    shown = outcomes if verbose else scores.mismatches
    for o in shown:
        mark = "ok  " if o.expected == o.got else "MISS"
        lines.append(f"{mark} [{o.case}] {o.item.type} '{o.item.name}': expected {o.expected},"
                     f" got {o.got} ({o.rule})")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scopegap.match.evaluate",
                                     description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("labelled", help="labelled set YAML (fixtures/labelled/set.yaml)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show every item")
    args = parser.parse_args(argv)
    try:
        scores = evaluate(load_labelled(args.labelled), load_catalog())
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(report(scores, args.verbose))
    return 0 if not scores.mismatches else 1


if __name__ == "__main__":
    raise SystemExit(main())
