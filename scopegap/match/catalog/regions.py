"""Cloud region lookups ("AWS eu-west-2", "Azure UK South", "Europe (London)"); the regions file."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from scopegap.match.catalog import schema
from scopegap.match.catalog.base import CatalogData
from scopegap.match.catalog.names import _PAREN, _display_key, fold
from scopegap.match.catalog.records import Country, Provider, Region


class RegionLookups(CatalogData):
    """Which provider and region a printed name denotes, keyed by (provider, code)."""

    def region(self, provider: str, code: str) -> Region | None:
        return self._index.region_by_id.get((provider, code.casefold()))

    def provider_id(self, text: str) -> str | None:
        """The provider id a name denotes ("Amazon Web Services" → "aws"), else ``None``."""
        words = tuple(fold(text).split())
        for alias_words, provider in self._index.provider_aliases:
            if words == alias_words:
                return provider
        return None

    def parse_region(self, text: str) -> Region | None:
        """The region ``text`` names, or ``None`` when it names none or more than one.

        Understands "AWS eu-west-2", "aws:eu-west-2", "eu-west-2", "us-east-1a" (zone
        stripped), "azure:uksouth", "Azure UK South", "UK South", "Europe (London)",
        "Google Cloud europe-west2", "GCP europe-west2-b", "OCI uk-london-1", "OCI LHR" and
        "AWS London". Keys are (provider, code): AWS ``me-central-1`` (UAE) and GCP
        ``me-central1`` (Doha) never meet.
        """
        provider, rest = self._split_provider(text.strip())
        if not rest:
            return None
        found = self._region_candidates(provider, rest)
        unique = {region.id: region for region in found}
        return next(iter(unique.values())) if len(unique) == 1 else None

    def _split_provider(self, text: str) -> tuple[str | None, str]:
        """Separate a provider name written before or after the region ("eu-west-2 (AWS)")."""
        if ":" in text:
            left, right = text.split(":", 1)
            provider = self.provider_id(left)
            if provider is not None:
                return provider, right.strip()
        for alias_words, provider in self._index.provider_aliases:
            joined = r"[\W_]+".join(re.escape(word) for word in alias_words)
            prefix = re.match(rf"^\W*{joined}(?:[\s:/,_-]+(.*))?$", text, re.IGNORECASE)
            if prefix is not None:
                rest = (prefix.group(1) or "").strip()
                inner = _PAREN.match(rest)  # "Amazon Web Services (AWS) eu-west-2"
                if inner is not None and self.provider_id(inner.group(1)) == provider:
                    rest = rest[inner.end() :].strip()
                return provider, rest
            suffix = re.match(rf"^(.*?)[\s,(/]+{joined}\W*$", text, re.IGNORECASE)
            if suffix is not None and suffix.group(1).strip():
                return provider, suffix.group(1).strip()
        return None, text

    def _region_candidates(self, provider: str | None, rest: str) -> list[Region]:
        index = self._index
        words = [w for w in rest.split() if fold(w) not in self.region_filler_words]
        code = " ".join(words).strip("`'\"., ").casefold()

        def keep(regions: Iterable[Region]) -> list[Region]:
            return [r for r in regions if provider is None or r.provider == provider]

        found = keep(index.regions_by_code.get(code, ()))
        if not found:
            for pid, spec in self.providers.items():
                if spec.zone_pattern is None or provider not in (None, pid):
                    continue
                zone = spec.zone_pattern.fullmatch(code)
                if zone is not None and (pid, zone.group("region")) in index.region_by_id:
                    found.append(index.region_by_id[(pid, zone.group("region"))])
        if not found and provider is not None and (provider, code) in index.region_key:
            found.append(index.region_key[(provider, code)])
        if found:
            return found
        cleaned = " ".join(words)
        shown = _display_key(cleaned)
        if provider is not None:
            found = list(index.region_scoped.get((provider, shown), ()))
            if not found:
                base = fold(_PAREN.sub(" ", cleaned))
                found = list(index.region_scoped.get((provider, base), ()))
        else:
            found = [r for r in index.region_display.get(shown, ()) if r.bare_display]
        if not found and "(" in rest:  # "europe-west2-a (London)", "London (europe-west2)"
            for part in (_PAREN.sub(" ", rest), *_PAREN.findall(rest)):
                if part.strip() and "(" not in part:
                    found.extend(self._region_candidates(provider, part.strip()))
        return found

    def is_region_statement(self, between: str, after: str) -> bool:
        """Whether a provider's name, ``between``, a place and ``after`` read as a statement
        about all the provider's regions there ("AWS regions in the EU", "AWS EU regions")."""
        words_between, words_after = self.region_statement
        if between.strip():
            return words_between.match(between) is not None
        return words_after.match(after) is not None

    def provider_label(self, provider: str) -> str:
        """How a provider is printed before a code ("AWS", "Google Cloud")."""
        spec = self.providers.get(provider)
        return spec.label if spec is not None else provider

    def provider_in(self, text: str) -> str | None:
        """The provider named last in ``text`` (nearest to what follows), weak names included."""
        padded = f" {fold(text)} "
        best: tuple[int, int, str] | None = None  # (end, length, provider)
        for words, provider in self._index.provider_aliases:
            phrase = f" {' '.join(words)} "
            position = padded.rfind(phrase)
            if position >= 0:
                candidate = (position + len(phrase), len(phrase), provider)
                if best is None or candidate[:2] > best[:2]:
                    best = candidate
        return best[2] if best is not None else None


def _parse_regions(
    raw: Any, where: schema.Where, countries: Mapping[str, Country]
) -> tuple[dict[str, Provider], tuple[Region, ...], frozenset[str]]:
    doc = schema.mapping(raw, where)
    providers: dict[str, Provider] = {}
    for pid, body in schema.mapping(doc.get("providers"), where, "providers").items():
        label = f"provider {pid!r}"
        entry = schema.mapping(body, where, label)
        try:
            code_pattern = re.compile(schema.text(entry, "code_pattern", where, label))
            zone_text = schema.optional_text(entry, "zone_pattern", where, label)
            zone_pattern = re.compile(zone_text) if zone_text else None
        except re.error as error:
            raise where.fail(label, f"bad pattern: {error}") from None
        if zone_pattern is not None and "region" not in zone_pattern.groupindex:
            raise where.fail(label, "zone_pattern needs a (?P<region>...) group")
        providers[str(pid)] = Provider(
            id=str(pid),
            name=schema.text(entry, "name", where, label),
            aliases=schema.texts(entry, "aliases", where, label),
            code_pattern=code_pattern,
            zone_pattern=zone_pattern,
            partitions=schema.texts(entry, "partitions", where, label),
            label=schema.optional_text(entry, "label", where, label) or str(pid),
            weak_aliases=schema.texts(entry, "weak_aliases", where, label),
        )
    regions: list[Region] = []
    seen: set[tuple[str, str]] = set()
    for n, entry in enumerate(schema.entries(doc, "regions", where)):
        provider = entry.get("provider")
        code = entry.get("code")
        if not isinstance(code, str) or not code.strip():
            raise where.fail(f"regions[{n}]", "missing 'code'")
        label = f"region {provider}:{code}"
        if not isinstance(provider, str) or provider not in providers:
            raise where.fail(label, f"unknown provider {provider!r}")
        spec = providers[provider]
        if code != code.casefold() or not spec.code_pattern.match(code):
            raise where.fail(label, f"code does not look like a {provider} region code")
        if (provider, code) in seen:
            raise where.fail(label, "duplicate (provider, code)")
        seen.add((provider, code))
        partition = schema.optional_text(entry, "partition", where, label)
        if spec.partitions and partition not in spec.partitions:
            raise where.fail(label, f"partition must be one of {', '.join(spec.partitions)}")
        if not spec.partitions and partition is not None:
            raise where.fail(label, f"{provider} regions have no partition")
        bare = entry.get("bare_display", True)
        if not isinstance(bare, bool):
            raise where.fail(label, "'bare_display' must be true or false")
        regions.append(
            Region(
                provider=provider,
                code=code,
                country=schema.country_ref(entry.get("country"), countries, where, label),
                location=schema.text(entry, "location", where, label),
                city=schema.optional_text(entry, "city", where, label),
                display_names=schema.texts(entry, "display_names", where, label),
                partition=partition,
                key=schema.optional_text(entry, "key", where, label),
                bare_display=bare,
            )
        )
    filler = frozenset(fold(w) for w in schema.texts(doc, "filler_words", where, "filler_words"))
    return providers, tuple(regions), filler or frozenset({"region", "regions"})


def _parse_region_statement(
    raw: Any, where: schema.Where
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    label = "jurisdiction_statement"
    entry = schema.mapping(schema.mapping(raw, where).get(label), where, label)
    try:
        return (
            re.compile(schema.text(entry, "between", where, label), re.IGNORECASE),
            re.compile(schema.text(entry, "after", where, label), re.IGNORECASE),
        )
    except re.error as error:
        raise where.fail(label, f"bad pattern: {error}") from None


def _region_index(
    regions: tuple[Region, ...], providers: Mapping[str, Provider], where: schema.Where
) -> tuple[
    dict[tuple[str, str], Region],
    dict[str, tuple[Region, ...]],
    dict[str, tuple[Region, ...]],
    dict[tuple[str, str], tuple[Region, ...]],
    dict[tuple[str, str], Region],
    tuple[tuple[tuple[str, ...], str], ...],
]:
    by_id = {(r.provider, r.code): r for r in regions}
    by_code: dict[str, list[Region]] = {}
    display: dict[str, list[Region]] = {}
    scoped: dict[tuple[str, str], list[Region]] = {}
    keys: dict[tuple[str, str], Region] = {}
    display_owner: dict[str, str] = {}
    for region in regions:
        label = f"region {region.id}"
        by_code.setdefault(region.code, []).append(region)
        for name in region.display_names:
            key = _display_key(name)
            if display_owner.setdefault(key, region.id) != region.id:
                raise where.fail(label, f"display name {name!r} also names {display_owner[key]}")
            display.setdefault(key, []).append(region)
            for form in {key, fold(_PAREN.sub(" ", name))}:
                scoped.setdefault((region.provider, form), []).append(region)
        for place in {region.location, region.city or region.location}:
            scoped.setdefault((region.provider, fold(place)), []).append(region)
        if region.key is not None:
            key_id = (region.provider, region.key.casefold())
            if key_id in keys:
                raise where.fail(label, f"key {region.key!r} also names {keys[key_id].id}")
            keys[key_id] = region
    aliases: dict[tuple[str, ...], str] = {}
    for provider in providers.values():
        for spelling in (provider.id, provider.name, *provider.aliases, *provider.weak_aliases):
            words = tuple(fold(spelling).split())
            if aliases.setdefault(words, provider.id) != provider.id:
                raise where.fail(
                    f"provider {provider.id!r}", f"alias {spelling!r} also names {aliases[words]!r}"
                )
    ordered = tuple(sorted(aliases.items(), key=lambda item: (-len(item[0]), item[0])))

    def dedupe(table: Mapping[Any, list[Region]]) -> dict[Any, tuple[Region, ...]]:
        return {k: tuple({r.id: r for r in v}.values()) for k, v in table.items()}

    return by_id, dedupe(by_code), dedupe(display), dedupe(scoped), keys, ordered
