"""The ``Catalog`` facade (every lookup, through one mixin per concern); building and loading it.

The data lives in ``models/catalog/*.yaml`` and is validated when it is loaded: a false
"covered" is the worst bug this product can have. Lookups are exact after normalisation,
never fuzzy; names two entries share answer ``None`` rather than a guess.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from scopegap.errors import UsageError
from scopegap.match.catalog import schema
from scopegap.match.catalog.bodies import BodyLookups, _parse_bodies
from scopegap.match.catalog.names import (
    _PAREN,
    _entity_forms,
    _legal_form_words,
    _strip_accents,
    _strip_legal_forms,
    fold,
)
from scopegap.match.catalog.places import (
    PlaceLookups,
    _parse_cities,
    _parse_countries,
    _parse_subdivisions,
)
from scopegap.match.catalog.records import Region, _Index
from scopegap.match.catalog.regions import (
    RegionLookups,
    _parse_region_statement,
    _parse_regions,
    _region_index,
)
from scopegap.match.catalog.tools import ToolLookups, _parse_tools, _tool_index
from scopegap.resources import load_yaml
from scopegap.resources.files import yaml_loader

CATALOG_FILES: tuple[str, ...] = (
    "tools",
    "regions",
    "countries",
    "cities",
    "bodies",
    "legal_forms",
)


class Catalog(ToolLookups, RegionLookups, PlaceLookups, BodyLookups):
    """Everything the matcher knows about names; made by ``load_catalog``/``build_catalog``.

    Its fields are those of ``CatalogData``; each mixin holds the lookups of one concern.
    """

    def same_entity(self, left: str, right: str) -> bool:
        """Whether two printed names denote one legal entity, body or product.

        Legal forms, case and punctuation do not make a different entity ("Acme Ltd" /
        "ACME Limited"); a parenthesised short form counts ("Amazon Web Services, Inc.
        (AWS)" / "AWS"); so do two spellings of one catalogued tool or body.
        """
        forms_left = _entity_forms(left)
        forms_right = _entity_forms(right)
        keys_left = {self.normalise_name(f) for f in forms_left} - {""}
        keys_right = {self.normalise_name(f) for f in forms_right} - {""}
        if keys_left & keys_right:
            return True
        if _run_together(keys_left) & _run_together(keys_right):
            return True  # "Smartlook.com, s.r.o." / "Smartlookcom sro"
        for lookup in (self.tool_by_alias, self.body):
            ids_left = {found.id for found in map(lookup, forms_left) if found is not None}
            ids_right = {found.id for found in map(lookup, forms_right) if found is not None}
            if ids_left & ids_right:
                return True
        return False

    def phrase_patterns(self) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
        """(label, key, phrases) for the spaCy PhraseMatcher, built from the catalogs.

        Labels: TOOL (key: tool id; generic aliases included, the component checks the
        vendor), REGION ("provider:code"; codes, display names that stand alone, and every
        display name after its provider's name: "Azure Central India"),
        PROVIDER (provider id; never the bare company name), CITY ("CC:Name"), COUNTRY
        (alpha-2) and JURISDICTION (group id). Names too ambiguous for running text are left
        out, and every phrase also comes without its accents ("Bogota" for "Bogotá").
        """
        quiet = self.not_in_running_text
        rows: list[tuple[str, str, tuple[str, ...]]] = []

        def add(label: str, key: str, spellings: Iterable[str]) -> None:
            phrases = {
                variant
                for spelling in spellings
                if label in {"TOOL", "PROVIDER"} or fold(spelling) not in quiet
                for variant in (spelling, _strip_accents(spelling))
            }
            if phrases:
                rows.append((label, key, tuple(sorted(phrases))))

        for tool in self.tools:
            add("TOOL", tool.id, tool.names)
        stripped = _stripped_display_names(self.regions)
        for region in self.regions:
            shown = region.display_names if region.bare_display else ()
            spec = self.providers[region.provider]
            named = {*region.display_names, *stripped.get(region.id, ())}
            prefixed = [  # "Azure Central India", "OCI UK South": the provider makes it safe
                f"{alias} {name}" for alias in (spec.label, *spec.aliases) for name in named
            ]
            add("REGION", region.id, (region.code, *shown, *prefixed))
        for provider in self.providers.values():
            add("PROVIDER", provider.id, (provider.name, *provider.aliases))
        for city in self.cities:
            add("CITY", f"{city.country}:{city.name}", (city.name, *city.aliases))
        for country in self.countries.values():
            add("COUNTRY", country.code, (country.name, *country.aliases))
        for group in self.jurisdictions.values():
            add("JURISDICTION", group.id, (group.name, *group.aliases))
        return tuple(rows)


def _stripped_display_names(regions: Iterable[Region]) -> dict[str, set[str]]:
    """Display names without their parenthesis ("Europe (London)" → "Europe"), for regions
    whose display names stand alone, kept only where one region of the provider has it: "US
    East" is both "US East (N. Virginia)" and "US East (Ohio)", so it names neither."""
    owners: dict[tuple[str, str], set[str]] = {}
    for region in regions:
        if region.bare_display:
            for shown in region.display_names:
                name = _PAREN.sub(" ", shown).strip()
                owners.setdefault((region.provider, fold(name)), set()).add(region.id)
    names: dict[str, set[str]] = {}
    for region in regions:
        if region.bare_display:
            for shown in region.display_names:
                name = _PAREN.sub(" ", shown).strip()
                if owners[(region.provider, fold(name))] == {region.id}:
                    names.setdefault(region.id, set()).add(name)
    return names


def build_catalog(
    *,
    tools: Any,
    regions: Any,
    countries: Any,
    cities: Any,
    bodies: Any,
    legal_forms: Any,
    origin: str = "models/catalog",
) -> Catalog:
    """Validate raw catalog documents (parsed YAML) and build the catalog with its indexes.

    Split from the file reading so tests and user extensions can hand in their own data;
    ``origin`` is the folder named in error messages.
    """
    forms = _legal_form_words(schema.parse_legal_forms(legal_forms, f"{origin}/legal_forms.yaml"))

    def normalise(text: str) -> str:
        return _strip_legal_forms(fold(text), forms)

    country_table, country_names, jurisdictions, group_names, quiet = _parse_countries(
        countries, schema.Where(f"{origin}/countries.yaml")
    )
    subdivisions = _parse_subdivisions(
        countries, schema.Where(f"{origin}/countries.yaml"), country_table
    )
    tool_where = schema.Where(f"{origin}/tools.yaml")
    tool_list, categories, connectors, delivery = _parse_tools(tools, tool_where, normalise)
    strong, generic, by_first, vendor_words = _tool_index(tool_list, tool_where, normalise)
    region_where = schema.Where(f"{origin}/regions.yaml")
    providers, region_list, filler = _parse_regions(regions, region_where, country_table)
    region_statement = _parse_region_statement(regions, region_where)
    by_id, by_code, display, scoped, keys, provider_aliases = _region_index(
        region_list, providers, region_where
    )
    city_list, city_names, quiet_cities = _parse_cities(
        cities, schema.Where(f"{origin}/cities.yaml"), country_table
    )
    body_list, body_names = _parse_bodies(
        bodies, schema.Where(f"{origin}/bodies.yaml"), country_table, normalise
    )
    index = _Index(
        tool_strong=MappingProxyType(strong),
        tool_generic=MappingProxyType(generic),
        tool_alias_by_first_word=MappingProxyType(by_first),
        tool_vendor_words=MappingProxyType(vendor_words),
        region_by_id=MappingProxyType(by_id),
        regions_by_code=MappingProxyType(by_code),
        region_display=MappingProxyType(display),
        region_scoped=MappingProxyType(scoped),
        region_key=MappingProxyType(keys),
        provider_aliases=provider_aliases,
        country_names=MappingProxyType(country_names),
        city_names=MappingProxyType(city_names),
        jurisdiction_names=MappingProxyType(group_names),
        body_names=MappingProxyType(body_names),
    )
    return Catalog(
        tools=tool_list,
        regions=region_list,
        providers=MappingProxyType(providers),
        countries=MappingProxyType(country_table),
        subdivisions=MappingProxyType(subdivisions),
        cities=city_list,
        jurisdictions=MappingProxyType(jurisdictions),
        bodies=body_list,
        categories=MappingProxyType(categories),
        legal_forms=forms,
        connector_words=connectors,
        delivery_words=delivery,
        region_filler_words=filler,
        not_in_running_text=quiet | quiet_cities,
        region_statement=region_statement,
        _index=index,
    )


def load_catalog_from(directory: str | Path) -> Catalog:
    """Build a catalog from the six YAML files in ``directory`` (a user's or a test's copy)."""
    folder = Path(directory)
    documents: dict[str, Any] = {}
    for name in CATALOG_FILES:
        path = folder / f"{name}.yaml"
        try:
            documents[name] = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml_loader())
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            raise UsageError(f"{path}: cannot read catalog: {error}") from None
    return build_catalog(origin=str(folder), **documents)


@cache
def load_catalog() -> Catalog:
    """The shipped catalog, validated once per process (it is immutable data).

    Parsing and validating these files costs a tenth of a second, a tenth of the one-page
    budget (ARCHITECTURE.md, "Fast path first"), so the built catalog is kept in the
    start-up cache, which rebuilds it whenever models/ or this code changes.
    """
    from scopegap.resources.startup_cache import cached

    return cached("catalog", Catalog, _build_shipped_catalog)


def _build_shipped_catalog() -> Catalog:
    """Validate and index the shipped catalog files (read with libyaml by ``load_yaml``)."""
    documents = {name: load_yaml(f"catalog/{name}.yaml") for name in CATALOG_FILES}
    return build_catalog(**documents)


# Names shorter than this, spaces removed, are not compared that way ("a b" / "ab").
_MIN_RUN_TOGETHER = 6


def _run_together(keys: set[str]) -> set[str]:
    """Normalised names with their spaces removed: a name printed with its dots or spaces
    dropped ("Smartlookcom", "Team Viewer") is the same name."""
    return {run for run in (key.replace(" ", "") for key in keys)
            if len(run) >= _MIN_RUN_TOGETHER}

