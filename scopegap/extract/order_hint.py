"""Day/month order suggested by who issued the document and where (DOMAIN.md §5 rule 3).

Only consulted when the document's own dates do not decide: the issuer's country (or its
accreditation body's convention) first, then the countries the document names.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from scopegap.resources import load_yaml

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it


def _month_first() -> frozenset[str]:
    data = load_yaml("patterns/date_order.yaml")
    return frozenset(str(code).upper() for code in data["month_first_countries"])


def date_order_hint(text: str, issuer: str | None, catalog: Catalog) -> str | None:
    month_first = _month_first()
    if issuer:
        body = catalog.body(issuer)
        if body is not None:
            if body.date_order:
                return body.date_order
            if body.country:
                return "MDY" if body.country in month_first else "DMY"
    countries = Counter(catalog.countries_in(text))
    if not countries:
        return None
    votes = Counter("MDY" if code in month_first else "DMY" for code in countries.elements())
    (order, count), *rest = votes.most_common()
    if rest and rest[0][1] == count:
        return None
    return order
