"""What every group of lookups may use: the catalog's fields and its name normalisation."""

from __future__ import annotations

import re
from collections.abc import Mapping

from scopegap.match.catalog.names import _strip_legal_forms, fold
from scopegap.match.catalog.records import (
    Body,
    City,
    Country,
    Jurisdiction,
    Provider,
    Region,
    Tool,
    _Index,
)


class CatalogData:
    """The catalog's data, as the lookup mixins see it (the fields are declared on ``Catalog``)."""

    tools: tuple[Tool, ...]
    regions: tuple[Region, ...]
    providers: Mapping[str, Provider]
    countries: Mapping[str, Country]
    cities: tuple[City, ...]
    jurisdictions: Mapping[str, Jurisdiction]
    bodies: tuple[Body, ...]
    categories: Mapping[str, str]
    legal_forms: tuple[tuple[str, ...], ...]
    connector_words: frozenset[str]
    region_filler_words: frozenset[str]
    not_in_running_text: frozenset[str]
    region_statement: tuple[re.Pattern[str], re.Pattern[str]]  # (between, after)
    _index: _Index

    def normalise_name(self, text: str) -> str:
        """``normalise_name`` with this catalog's legal forms (test catalogs bring their own)."""
        return _strip_legal_forms(fold(text), self.legal_forms)

    def normalise(self, text: str) -> str:
        """The same as ``normalise_name``; the short name the extractors and rules use."""
        return self.normalise_name(text)
