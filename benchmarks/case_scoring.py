"""Compare one scopegap JSON report with a labelled case (format: realdocs/cases/README.md).

Pure functions, no subprocess: ``benchmarks/score_cases.py`` runs scopegap and feeds the
reports here, and the tests call these directly. Every check returns ``Check`` rows
(field, ok, detail) so a caller can total them and print the misses.

Matching is stricter than substring matching on purpose, because the point of the figures is
to show what a reviewer would see:
- holder / issuer: the names must be the same entity (case, punctuation, accents and trailing
  legal forms from ``models/catalog/legal_forms.yaml`` folded), not one contained in the
  other: an acronym is not the body's legal name;
- standards, sites, systems: the sets must agree, extras count as wrong (a site read from a
  certification body's footer is a false "covered" waiting for a stack that names it);
- sites are compared by city (the text before the first comma), so "Boston" = "Boston,
  United States" but "Navi Mumbai" != "Mumbai".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
LEGAL_FORMS = ROOT / "models" / "catalog" / "legal_forms.yaml"

# Finding kinds of schema 1.1: scored only in cases labelled for them (README "Format additions").
KINDS_1_1 = frozenset({"waiver_expired", "undeclared_subprocessor", "subprocessor_not_listed",
                       "subprocessor_outside_locations", "stale_subprocessor_list"})
DOC_SUFFIXES = (".pdf", ".html", ".htm", ".md", ".csv", ".txt")


@dataclass(frozen=True)
class Check:
    """One scored label: ``field`` is ``DOC:FIELD`` or a coverage item."""

    field: str
    ok: bool
    detail: str


# ------------------------------------------------------------------------------------------
# Normalisation
# ------------------------------------------------------------------------------------------
def fold(text: object) -> str:
    """Lower case, accents off, punctuation to spaces, spaces collapsed."""
    s = unicodedata.normalize("NFKD", str(text or ""))
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = re.sub(r"[^\w]+", " ", s)
    return " ".join(s.split())


@lru_cache(maxsize=1)
def legal_forms() -> tuple[tuple[str, ...], ...]:
    """Trailing company-form word sequences, longest first (from the catalog)."""
    data = yaml.safe_load(LEGAL_FORMS.read_text(encoding="utf-8")) or {}
    forms = {tuple(fold(f).split()) for f in data.get("legal_forms", []) if fold(f)}
    return tuple(sorted(forms, key=len, reverse=True))


def entity_key(name: object) -> str:
    """A name with its trailing legal forms removed ("DVELP Ltd" -> "dvelp")."""
    words = fold(name).split()
    changed = True
    while changed and len(words) > 1:
        changed = False
        for form in legal_forms():
            n = len(form)
            if len(words) > n and tuple(words[-n:]) == form:
                words = words[:-n]
                changed = True
                break
    return " ".join(words)


def same_entity(want: object, have: object) -> bool:
    a, b = entity_key(want), entity_key(have)
    if not a or not b:
        return False
    return a == b or fuzz.ratio(a, b) >= 92


def standard_key(s: object) -> str:
    return re.sub(r"\s+", "", str(s)).upper()


def id_key(s: object) -> str:
    return re.sub(r"[\s\-_/.]", "", str(s)).upper()


def city_key(site: object) -> str:
    return fold(str(site).split(",")[0])


def same_name(want: object, have: object, cut: float = 90) -> bool:
    a, b = fold(want), fold(have)
    return bool(a and b) and (a == b or fuzz.token_sort_ratio(a, b) >= cut)


def same_party(want: object, have: object, cut: float = 90) -> bool:
    """A third party: the same legal entity or the same name ("Stripe" = "Stripe, Inc.")."""
    return same_entity(want, have) or same_name(want, have, cut)


def item_names(items: object) -> list[str]:
    out = []
    for it in items or []:  # type: ignore[attr-defined]
        out.append(str(it.get("name") or "") if isinstance(it, dict) else str(it))
    return [n for n in out if n]


def subject_key(kind: object, subject: object) -> tuple[str, str]:
    s = str(subject or "")
    if s.lower().endswith(DOC_SUFFIXES):
        s = Path(s).name
    return str(kind), fold(s)


# ------------------------------------------------------------------------------------------
# Document fields
# ------------------------------------------------------------------------------------------
def _set_check(field: str, want: Sequence[str], have: Sequence[str],
               same: Any) -> Check:
    missing = [w for w in want if not any(same(w, h) for h in have)]
    extra = [h for h in have if not any(same(w, h) for w in want)]
    return Check(field, not missing and not extra,
                 f"{field}: missing {missing} extra {extra}")


def _date(v: object) -> str | None:
    return None if v in (None, "") else str(v)


def check_document(name: str, want: Mapping[str, Any], got: Mapping[str, Any] | None
                   ) -> list[Check]:
    """Every labelled field of one document against the report's entry (None = absent)."""
    g: Mapping[str, Any] = got or {}
    out: list[Check] = []

    def add(field: str, ok: bool, detail: str) -> None:
        out.append(Check(f"{name}:{field}", ok, detail))

    for field, w in want.items():
        h = g.get(field)
        if field == "kind":
            add(field, h == w, f"kind: want {w} got {h}")
        elif field == "standards":
            ws, hs = {standard_key(x) for x in w or []}, {standard_key(x) for x in h or []}
            add(field, ws == hs, f"standards: want {sorted(ws)} got {sorted(hs)}")
        elif field in ("holder", "issuer"):
            ok = not h if w is None else same_entity(w, h)
            add(field, ok, f"{field}: want {w!r} got {h!r}")
        elif field == "certificate_number":
            ok = not h if w is None else h is not None and id_key(w) == id_key(h)
            add(field, ok, f"certificate_number: want {w!r} got {h!r}")
        elif field == "window":
            hw = h or {}
            keys = [k for k in ("start", "end") if k in (w or {})]
            ok = all(_date(w[k]) == _date(hw.get(k)) for k in keys)
            add(field, ok, f"window: want {w} got {h}")
        elif field in ("original_date", "updated"):
            add(field, _date(w) == _date(h), f"{field}: want {w} got {h}")
        elif field == "sites":
            c = _set_check("sites", [str(x) for x in w or []], item_names(h),
                           lambda a, b: city_key(a) == city_key(b))
            add(field, c.ok, c.detail)
        elif field == "systems":
            c = _set_check("systems", [str(x) for x in w or []], item_names(h), same_name)
            add(field, c.ok, c.detail)
        elif field == "opinion":
            ok = not h if w is None else str(h or "").lower() == str(w).lower()
            add(field, ok, f"opinion: want {w} got {h}")
        elif field == "exceptions":
            add(field, h == w, f"exceptions: want {w} got {h}")
        elif field == "trust_services_categories":
            ok = {fold(x) for x in h or []} == {fold(x) for x in w or []}
            add(field, ok, f"trust_services_categories: want {w} got {h}")
        elif field == "subservice_organizations":
            out += _subservice(name, w or {}, h or [], want.get("subservice_optional") or [])
        elif field == "cuecs_count":
            n = len(g.get("cuecs") or [])
            add(field, n == w, f"cuecs_count: want {w} got {n}")
        elif field == "cuecs":
            texts = [fold(c.get("text") if isinstance(c, dict) else c)
                     for c in g.get("cuecs") or []]
            missing = [x for x in w or []
                       if not any(fuzz.partial_ratio(fold(x), t) >= 90 for t in texts)]
            add(field, not missing, f"cuecs: missing {missing}")
        elif field == "subprocessors":
            out += _subprocessors(name, w or [], h or [], want.get("subprocessors_optional") or [])
        elif field == "subprocessor_locations":
            out += _locations(name, w or {}, g.get("subprocessors") or [])
    return out


def _subservice(doc: str, want: Mapping[str, str], have: Sequence[Any],
                optional: Sequence[str]) -> list[Check]:
    entries = [e for e in have if isinstance(e, dict)]
    out = []
    for nm, method in want.items():
        methods = [str(e.get("method") or "").lower() for e in entries
                   if same_party(nm, e.get("name"), 85)]
        out.append(Check(f"{doc}:subservice[{nm}]", str(method).lower() in methods,
                         f"subservice {nm}: want {method} got {methods or 'none'}"))
    names = [*want, *optional]
    extra = [str(e.get("name")) for e in entries
             if not any(same_party(n, e.get("name"), 85) for n in names)]
    out.append(Check(f"{doc}:subservice:extra", not extra, f"subservice extra: {extra}"))
    return out


def _subprocessors(doc: str, want: Sequence[str], have: Sequence[Any],
                   optional: Sequence[str]) -> list[Check]:
    names = item_names(have)
    missing = [w for w in want if not any(same_party(w, h) for h in names)]
    extra = [h for h in names if not any(same_party(w, h) for w in [*want, *optional])]
    return [Check(f"{doc}:subprocessors", not missing, f"subprocessors: missing {missing}"),
            Check(f"{doc}:subprocessors:extra", not extra, f"subprocessors: extra {extra}")]


def _locations(doc: str, want: Mapping[str, Sequence[str]], have: Sequence[Any]
               ) -> list[Check]:
    entries = [e for e in have if isinstance(e, dict)]
    out = []
    for nm, locs in want.items():
        got = sorted({str(c).upper() for e in entries if same_party(nm, e.get("name"))
                      for c in e.get("locations") or []})
        exp = sorted({str(c).upper() for c in locs or []})
        out.append(Check(f"{doc}:locations[{nm}]", got == exp,
                         f"locations of {nm}: want {exp} got {got}"))
    return out


# ------------------------------------------------------------------------------------------
# Coverage, findings, diff
# ------------------------------------------------------------------------------------------
def check_coverage(want: Mapping[str, str], rows: Iterable[Mapping[str, Any]]
                   ) -> tuple[list[Check], list[str]]:
    """Coverage rows, and the items reported covered that the label says are not."""
    got = {str(r.get("item")): str(r.get("status")) for r in rows}
    checks, false_covered = [], []
    for item, status in want.items():
        have = got.get(str(item))
        checks.append(Check(str(item), have == status, f"{item}: want {status} got {have}"))
        if have == "covered" and status != "covered":
            false_covered.append(str(item))
    return checks, false_covered


@dataclass(frozen=True)
class FindingScore:
    tp: int
    fp: list[tuple[str, str]]
    fn: list[tuple[str, str]]


def score_findings(expect: Mapping[str, Any], findings: Iterable[Mapping[str, Any]]
                   ) -> FindingScore:
    want = {subject_key(k, s) for k, s in expect.get("findings") or []}
    scored_new = {k for k, _ in want} | set(expect.get("exhaustive_kinds") or [])
    got = {subject_key(f.get("kind"), f.get("subject")) for f in findings
           if f.get("kind") not in KINDS_1_1 or f.get("kind") in scored_new}
    return FindingScore(len(want & got), sorted(got - want), sorted(want - got))


def score_diff(expect: Mapping[str, Any], changes: Iterable[Mapping[str, Any]]
               ) -> FindingScore:
    """A ``command: diff`` case: third parties added / removed / changed, by name."""
    got = [(str(c.get("change")), str(c.get("subject") or "")) for c in changes
           if c.get("field") == "subprocessor"]
    used: set[int] = set()
    tp, fn = 0, []
    for change in ("added", "removed", "changed"):
        for nm in expect.get(change) or []:
            hit = next((i for i, (c, s) in enumerate(got)
                        if i not in used and c == change and same_party(nm, s)), None)
            if hit is None:
                fn.append((change, str(nm)))
            else:
                used.add(hit)
                tp += 1
    optional = [str(x) for x in expect.get("optional") or []]
    fp = sorted(g for i, g in enumerate(got)
                if i not in used and not any(same_party(o, g[1]) for o in optional))
    return FindingScore(tp, fp, fn)
