"""The catalog's records (tools, regions, places, bodies) and its build-time index tables."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

BODY_KINDS: frozenset[str] = frozenset(
    {
        "certification_body",
        "audit_firm",
        "accreditation_body",
        "standards_body",
        "accreditation_cooperation",
    }
)
DATE_ORDERS: frozenset[str] = frozenset({"DMY", "MDY", "YMD"})


@dataclass(frozen=True)
class Tool:
    """A product family. ``distinct_from`` lists families that must never be merged with it."""

    id: str
    name: str
    vendor: str
    category: str
    aliases: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    generic_aliases: tuple[str, ...] = ()
    vendor_tokens: tuple[str, ...] = ()
    distinct_from: frozenset[str] = frozenset()
    source: str = "I"

    @property
    def names(self) -> tuple[str, ...]:
        """Every spelling that identifies the tool, strong or generic, canonical first."""
        seen: dict[str, None] = dict.fromkeys(
            (self.name, *self.aliases, *self.former_names, *self.generic_aliases)
        )
        return tuple(seen)


@dataclass(frozen=True)
class AliasEntry:
    """One row of the alias table the matcher and the spaCy patterns are built from."""

    text: str  # as written in the catalog
    key: str  # normalise_name(text)
    tool_id: str
    generic: bool  # counts only next to one of the tool's vendor tokens


@dataclass(frozen=True)
class Provider:
    """A cloud provider: the names documents use for it and the shape of its codes."""

    id: str
    name: str
    aliases: tuple[str, ...]
    code_pattern: re.Pattern[str]
    zone_pattern: re.Pattern[str] | None
    partitions: tuple[str, ...] = ()
    label: str = ""  # as printed before a code: "AWS eu-west-2", "Google Cloud europe-west2"
    weak_aliases: tuple[str, ...] = ()  # "Google": a provider only right next to a region code


@dataclass(frozen=True)
class Region:
    """A cloud region, identified by (provider, code): codes collide across providers."""

    provider: str
    code: str
    country: str
    location: str
    city: str | None = None
    display_names: tuple[str, ...] = ()
    partition: str | None = None
    key: str | None = None
    bare_display: bool = True

    @property
    def id(self) -> str:
        """``provider:code``, the form reports and stacks print ("aws:eu-west-2")."""
        return f"{self.provider}:{self.code}"


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()


@dataclass(frozen=True)
class City:
    """A city and its country; ``metro`` groups cities of one area (Makati → Metro Manila)."""

    name: str
    country: str
    aliases: tuple[str, ...] = ()
    metro: str | None = None
    capital: bool = False


@dataclass(frozen=True)
class Jurisdiction:
    """A named group of countries ("EU/EEA"), with groups it includes already resolved."""

    id: str
    name: str
    aliases: tuple[str, ...]
    countries: frozenset[str]

    def __contains__(self, code: object) -> bool:
        return code in self.countries


@dataclass(frozen=True)
class Body:
    """A certification body, audit firm or accreditation body.

    ``date_order`` is the hint DOMAIN.md §5 asks for when a numeric date is ambiguous.
    """

    id: str
    name: str
    kinds: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    country: str | None = None
    date_order: str | None = None

    @property
    def kind(self) -> str:
        """The primary kind (a firm may be both a certification body and an audit firm)."""
        return self.kinds[0]


@dataclass(frozen=True)
class _Index:
    """Lookup tables computed once at build time (the catalog never changes afterwards)."""

    tool_strong: Mapping[str, str]
    tool_generic: Mapping[str, str]
    tool_alias_by_first_word: Mapping[str, tuple[tuple[tuple[str, ...], str, bool], ...]]
    tool_vendor_words: Mapping[str, tuple[tuple[str, ...], ...]]
    region_by_id: Mapping[tuple[str, str], Region]
    regions_by_code: Mapping[str, tuple[Region, ...]]
    region_display: Mapping[str, tuple[Region, ...]]
    region_scoped: Mapping[tuple[str, str], tuple[Region, ...]]
    region_key: Mapping[tuple[str, str], Region]
    provider_aliases: tuple[tuple[tuple[str, ...], str], ...]
    country_names: Mapping[str, str]
    city_names: Mapping[str, tuple[City, ...]]
    jurisdiction_names: Mapping[str, str]
    body_names: Mapping[str, str]
