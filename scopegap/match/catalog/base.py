"""What every group of lookups may use: the catalog's fields and its name normalisation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from scopegap.match.catalog import records
from scopegap.match.catalog.names import _strip_legal_forms, fold


@dataclass(frozen=True, eq=False)
class CatalogData:
    """The catalog's data, which every group of lookups reads (immutable: built once)."""

    tools: tuple[records.Tool, ...]
    regions: tuple[records.Region, ...]
    providers: Mapping[str, records.Provider]
    countries: Mapping[str, records.Country]
    subdivisions: Mapping[str, Mapping[str, str]]  # country -> subdivision code -> name
    cities: tuple[records.City, ...]
    jurisdictions: Mapping[str, records.Jurisdiction]
    bodies: tuple[records.Body, ...]
    categories: Mapping[str, str]
    legal_forms: tuple[tuple[str, ...], ...]
    connector_words: frozenset[str]
    delivery_words: frozenset[str]  # "cloud" in "X Cloud hosting": how, not what
    region_filler_words: frozenset[str]
    not_in_running_text: frozenset[str]
    region_statement: tuple[re.Pattern[str], re.Pattern[str]]  # (between, after)
    _index: records._Index = field(repr=False)

    def normalise_name(self, text: str) -> str:
        """``normalise_name`` with this catalog's legal forms (test catalogs bring their own)."""
        return _strip_legal_forms(fold(text), self.legal_forms)

    def normalise(self, text: str) -> str:
        """The same as ``normalise_name``; the short name the extractors and rules use."""
        return self.normalise_name(text)
