"""Certification bodies, audit firms and accreditation bodies: lookups and the bodies file."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cache
from types import MappingProxyType
from typing import Any

from scopegap.match.catalog import schema
from scopegap.match.catalog.base import CatalogData
from scopegap.match.catalog.names import _scan
from scopegap.match.catalog.records import BODY_KINDS, DATE_ORDERS, Body, Country


class BodyLookups(CatalogData):
    """Which body a printed name is, and the first one printed in a text."""

    def body(self, text: str) -> Body | None:
        """A certification body, audit firm or accreditation body by name or alias."""
        body_id = self._index.body_names.get(self.normalise_name(text))
        return next((b for b in self.bodies if b.id == body_id), None)

    def find_body_in_text(
        self, text: str, kinds: Iterable[str] = ("certification_body", "audit_firm")
    ) -> tuple[Body, int, int] | None:
        """The first catalogued body of ``kinds`` printed in ``text``, with its character span.

        Accreditation bodies are left out by default: a certificate's UKAS mark is not its
        issuer. Acronyms ("BSI", "DNV") match only as printed in capitals.
        """
        spellings = self._body_spellings(frozenset(kinds))
        best: tuple[int, int, str] | None = None  # (start, -length, body id)
        for start, end, body_id in _scan(text, spellings, self.normalise_name):
            candidate = (start, start - end, body_id)
            if best is None or candidate < best:
                best = candidate
        if best is None:
            return None
        found = next(b for b in self.bodies if b.id == best[2])
        return found, best[0], best[0] - best[1]

    @cache  # noqa: B019 (a catalog lives as long as the process; load_catalog caches it)
    def _body_spellings(self, kinds: frozenset[str]) -> Mapping[str, str]:
        return MappingProxyType(
            {
                spelling: body.id
                for body in self.bodies
                if kinds & set(body.kinds)
                for spelling in (body.name, *body.aliases)
            }
        )


def _parse_bodies(
    raw: Any, where: schema.Where, countries: Mapping[str, Country], normalise: Callable[[str], str]
) -> tuple[tuple[Body, ...], dict[str, str]]:
    bodies: list[Body] = []
    names: dict[str, str] = {}
    ids: set[str] = set()
    for n, entry in enumerate(schema.entries(raw, "bodies", where)):
        bid = entry.get("id")
        if not isinstance(bid, str) or not bid.strip():
            raise where.fail(f"bodies[{n}]", "missing 'id'")
        label = f"body {bid!r}"
        if bid in ids:
            raise where.fail(label, "duplicate id")
        ids.add(bid)
        kinds = schema.texts(entry, "kind", where, label)
        if not kinds or not set(kinds) <= BODY_KINDS:
            raise where.fail(label, f"kind must be among {', '.join(sorted(BODY_KINDS))}")
        country = entry.get("country")
        order = schema.optional_text(entry, "date_order", where, label)
        if order is not None and order not in DATE_ORDERS:
            raise where.fail(label, "date_order must be DMY, MDY, YMD or null")
        body = Body(
            id=bid,
            name=schema.text(entry, "name", where, label),
            kinds=kinds,
            aliases=schema.texts(entry, "aliases", where, label),
            country=None
            if country is None
            else schema.country_ref(country, countries, where, label),
            date_order=order,
        )
        for spelling in (body.name, *body.aliases):
            key = normalise(spelling)
            if not key:
                raise where.fail(label, f"{spelling!r} normalises to nothing")
            if names.setdefault(key, bid) != bid:
                raise where.fail(label, f"name {spelling!r} also belongs to {names[key]!r}")
        bodies.append(body)
    return tuple(bodies), names
