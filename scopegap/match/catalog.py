"""The catalogs (tools, cloud regions, countries, cities, bodies) and the lookups built on them.

The data lives in ``models/catalog/*.yaml`` and is validated when it is loaded: a catalog with
two tools sharing an alias, a region in an unknown country or a ``distinct_from`` pointing
nowhere would quietly merge or lose items at match time, and a false "covered" is the worst
bug this product can have. Every rejection is a ``UsageError`` naming the file and the entry.

Lookups are exact after normalisation, never fuzzy: fuzzy matching belongs to ``names.py``,
which can record its scorer and score. Generic aliases ("Teams", "Connect", "Flex") count only
next to one of their vendor's tokens, and bare codes or names that two entries share answer
``None`` rather than a guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from scopegap.errors import UsageError
from scopegap.resources import load_yaml

_YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CATALOG_FILES: tuple[str, ...] = (
    "tools",
    "regions",
    "countries",
    "cities",
    "bodies",
    "legal_forms",
)
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
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

# --- normalisation ---------------------------------------------------------------------------

_MARKS = re.compile("[\u00ae\u2122\u00a9\u2120]")  # ® ™ © ℠
_ASCII_MARKS = re.compile(r"\((?:R|TM|SM)\)", re.IGNORECASE)  # "Five9(R)", "Zoom (TM)"
_NON_WORD = re.compile(r"[\W_]+")
_PAREN = re.compile(r"\(([^()]*)\)")
# Letters that Unicode decomposition leaves alone but that people type without the mark.
_FOLD_LETTERS = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "þ": "th",
     "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "\u0131": "i"}
)  # fmt: skip


def fold(text: str) -> str:
    """Case, accents, ®/™/© and punctuation folded away; words joined by single spaces.

    Documents and stacks spell the same name as "Bogotá", "BOGOTA" or "Bogota,": comparing
    folded forms makes those one key without any fuzzy matching.
    """
    text = _MARKS.sub(" ", _ASCII_MARKS.sub(" ", text)).casefold().translate(_FOLD_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


def _display_key(text: str) -> str:
    """``fold`` that keeps parentheses: AWS "Canada (Central)" is not Azure "Canada Central"."""
    parts: list[str] = []
    position = 0
    for match in _PAREN.finditer(text):
        parts.append(fold(text[position : match.start()]))
        inner = fold(match.group(1))
        parts.append(f"({inner})" if inner else "")
        position = match.end()
    parts.append(fold(text[position:]))
    return " ".join(part for part in parts if part)


def _legal_form_words(forms: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """Folded legal forms as word tuples, longest first so "pvt ltd" goes before "ltd"."""
    words = {tuple(fold(form).split()) for form in forms}
    return tuple(sorted((w for w in words if w), key=lambda w: (-len(w), w)))


def _strip_legal_forms(folded: str, forms: tuple[tuple[str, ...], ...]) -> str:
    words = folded.split()
    changed = True
    while changed:
        changed = False
        for form in forms:
            size = len(form)
            if len(words) > size and tuple(words[-size:]) == form:
                words = words[:-size]
                changed = True
                break
    return " ".join(words)


@cache
def _default_legal_forms() -> tuple[tuple[str, ...], ...]:
    raw = load_yaml("catalog/legal_forms.yaml")
    return _legal_form_words(_parse_legal_forms(raw, "models/catalog/legal_forms.yaml"))


def normalise_name(text: str) -> str:
    """Fold ``text`` and strip trailing company forms (Inc., Ltd, GmbH, Pvt Ltd, S.A., ...).

    "Five9, Inc." and "Five9®" are the same tool; the list of forms is data
    (``models/catalog/legal_forms.yaml``) so a new jurisdiction's form needs no code change.
    A name is never stripped to nothing ("Limited" stays "limited").
    """
    return _strip_legal_forms(fold(text), _default_legal_forms())


# --- values ----------------------------------------------------------------------------------


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


@dataclass(frozen=True, eq=False)
class Catalog:
    """Everything the matcher knows about names; made by ``load_catalog``/``build_catalog``."""

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
    _index: _Index = field(repr=False)

    # --- names ---------------------------------------------------------------------------

    def normalise_name(self, text: str) -> str:
        """``normalise_name`` with this catalog's legal forms (test catalogs bring their own)."""
        return _strip_legal_forms(fold(text), self.legal_forms)

    # --- tools ---------------------------------------------------------------------------

    def tool_by_id(self, tool_id: str) -> Tool | None:
        return next((tool for tool in self.tools if tool.id == tool_id), None)

    def alias_entries(self) -> tuple[AliasEntry, ...]:
        """The alias table (every spelling of every tool) for pattern and matcher builders."""
        return self._alias_table

    @cached_property
    def _alias_table(self) -> tuple[AliasEntry, ...]:
        entries: list[AliasEntry] = []
        for tool in self.tools:
            generic = {self.normalise_name(alias) for alias in tool.generic_aliases}
            seen: set[str] = set()
            for text in tool.names:
                key = self.normalise_name(text)
                if key and key not in seen:
                    seen.add(key)
                    entries.append(AliasEntry(text, key, tool.id, key in generic))
        return tuple(entries)

    def tool_by_alias(self, name: str, context: str | None = None) -> Tool | None:
        """The tool ``name`` denotes, by exact (normalised) name or alias; ``None`` if unsure.

        A generic alias counts only when a vendor token of its tool is in ``name`` itself
        ("Microsoft Teams", "Flex by Twilio") or in ``context`` (the sentence around it).
        A name may wrap any alias in its vendor's tokens ("NICE IEX" → NICE WFM). When two
        tools could claim the name the answer is ``None``, never a guess.
        """
        index = self._index
        key = self.normalise_name(name)
        if not key:
            return None
        if key in index.tool_strong:
            return self.tool_by_id(index.tool_strong[key])
        if key in index.tool_generic:
            tool_id = index.tool_generic[key]
            if context is not None and self._mentions_vendor(tool_id, context):
                return self.tool_by_id(tool_id)
            return None
        words = key.split()
        found: set[str] = set()
        for start, word in enumerate(words):
            for alias_words, tool_id, generic in index.tool_alias_by_first_word.get(word, ()):
                end = start + len(alias_words)
                if tuple(words[start:end]) != alias_words:
                    continue
                before = self._vendor_count(tool_id, words[:start])
                after = self._vendor_count(tool_id, words[end:])
                if before is None or after is None:
                    continue
                if generic and before + after == 0:
                    continue
                found.add(tool_id)
        if len(found) == 1:
            return self.tool_by_id(found.pop())
        return None

    def declared_tool(self, name: str) -> Tool | None:
        """The tool a contract's own entry names, generic words included.

        A stack that declares "Guru" or "Teams" means the product: unlike a document's
        running text, the entry needs no vendor beside it. It still matches only what the
        documents name as that catalog tool, never the bare word in their prose.
        """
        found = self.tool_by_alias(name)
        if found is not None:
            return found
        tool_id = self._index.tool_generic.get(self.normalise_name(name))
        return self.tool_by_id(tool_id) if tool_id is not None else None

    def _vendor_count(self, tool_id: str, words: list[str]) -> int | None:
        """How many vendor tokens ``words`` consists of; None if it holds anything else."""
        phrases = self._index.tool_vendor_words.get(tool_id, ())
        count = 0
        position = 0
        while position < len(words):
            for phrase in phrases:
                if tuple(words[position : position + len(phrase)]) == phrase:
                    position += len(phrase)
                    count += 1
                    break
            else:
                if words[position] in self.connector_words:
                    position += 1
                else:
                    return None
        return count

    def _mentions_vendor(self, tool_id: str, context: str) -> bool:
        padded = f" {self.normalise_name(context)} "
        return any(
            f" {' '.join(phrase)} " in padded
            for phrase in self._index.tool_vendor_words.get(tool_id, ())
        )

    # --- regions -------------------------------------------------------------------------

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

    # --- places --------------------------------------------------------------------------

    def country_code(self, text: str) -> str | None:
        """ISO alpha-2 for a country name, alias, adjective or (upper-case) code."""
        stripped = text.strip()
        if _COUNTRY_CODE.match(stripped) and stripped in self.countries:
            return stripped
        return _lookup_with_article(self._index.country_names, fold(stripped))

    def country(self, text: str) -> Country | None:
        code = self.country_code(text)
        return self.countries[code] if code is not None else None

    def cities_named(self, text: str) -> tuple[City, ...]:
        """Every city the name could be (San José is in CR and in the US)."""
        return self._index.city_names.get(fold(text), ())

    def city(self, text: str, country: str | None = None) -> City | None:
        """The city ``text`` names, narrowed by ``country`` (code or name) or by a trailing
        ", Country" in the text; ``None`` when unknown or ambiguous."""
        code = self.country_code(country) if country is not None else None
        if country is not None and code is None:
            return None
        matches = self.cities_named(text)
        if not matches and "," in text:
            parts = [part.strip() for part in text.split(",") if part.strip()]
            tail = self.country_code(parts[-1]) if len(parts) > 1 else None
            if tail is not None and code in (None, tail):
                code = tail
                matches = self.cities_named(parts[0])
        if code is not None:
            matches = tuple(city for city in matches if city.country == code)
        return matches[0] if len(matches) == 1 else None

    def jurisdiction(self, text: str) -> Jurisdiction | None:
        """The group "EU", "the EU", "EU/EEA", "European Economic Area", "APAC" ... names."""
        jid = _lookup_with_article(self._index.jurisdiction_names, fold(text))
        return self.jurisdictions[jid] if jid is not None else None

    # --- bodies --------------------------------------------------------------------------

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

    @cached_property
    def _country_spellings(self) -> Mapping[str, str]:
        return MappingProxyType(
            {
                spelling: country.code
                for country in self.countries.values()
                for spelling in (country.name, *country.aliases)
                if fold(spelling) not in self.not_in_running_text
            }
        )

    # --- integration helpers (extractors, rules, spaCy patterns) ----------------------------

    def normalise(self, text: str) -> str:
        """The same as ``normalise_name``; the short name the extractors and rules use."""
        return self.normalise_name(text)

    def tool(self, tool_id: str) -> Tool | None:
        return self.tool_by_id(tool_id)

    def is_generic_alias(self, tool: Tool, text: str) -> bool:
        """Whether ``text`` is one of the tool's generic aliases (needs a vendor token nearby)."""
        key = self.normalise_name(text)
        return any(self.normalise_name(alias) == key for alias in tool.generic_aliases)

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

    def country_name(self, code: str) -> str:
        country = self.countries.get(code)
        return country.name if country is not None else code

    def jurisdiction_countries(self, text: str) -> frozenset[str]:
        """Member countries of a jurisdiction given by id or any of its names; empty if unknown."""
        group = self.jurisdictions.get(text) or self.jurisdiction(text)
        return group.countries if group is not None else frozenset()

    def countries_in(self, text: str) -> list[str]:
        """Country codes named in running text, once per mention, in order.

        Adjectives and the names in ``not_in_running_text`` ("us", "Georgia") are left out;
        acronyms ("UK", "UAE") count only in capitals.
        """
        return [code for _, _, code in _scan(text, self._country_spellings, fold)]

    def same_city(self, left: str, right: str) -> bool:
        """Whether two printed city names are one city ("Bangalore" / "Bengaluru")."""
        if fold(left) and fold(left) == fold(right):
            return True
        ids = {(c.name, c.country) for c in self.cities_named(left)}
        return any((c.name, c.country) in ids for c in self.cities_named(right))

    def parse_site(self, text: str, country: str | None = None) -> tuple[str | None, str | None]:
        """(city, country code) of a site as a contract or document prints it.

        "Manila, Philippines" → ("Manila", "PH"); "123 High St, Leeds, UK" → ("Leeds", "GB");
        "Philippines" → (None, "PH"). A city the catalog does not know is returned as printed;
        a city in two countries with no country given leaves the country ``None``.
        """
        code = self.country_code(country) if country else None
        parts = [part.strip() for part in re.split(r"[,;\n|]", text) if part.strip()]
        if not parts:
            return None, code
        if code is None and len(parts) > 1:
            code = self.country_code(parts[-1])
        if len(parts) == 1 and self.country_code(parts[0]) is not None:
            whole = self.country_code(parts[0])
            city_state = self.city(parts[0], country=whole)  # Singapore, Luxembourg, Monaco
            if city_state is not None and code in (None, whole):
                return city_state.name, whole
            return None, code or whole
        for part in parts:
            city = self.city(part, country=code) if code else self.city(part)
            if city is not None:
                return city.name, code or city.country
        for part in parts:
            named = self.cities_named(part)
            if named:  # known but ambiguous without a country
                return named[0].name, code
        first = parts[0]
        if self.country_code(first) is not None or self.jurisdiction(first) is not None:
            return None, code
        return first, code

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
        for lookup in (self.tool_by_alias, self.body):
            ids_left = {found.id for found in map(lookup, forms_left) if found is not None}
            ids_right = {found.id for found in map(lookup, forms_right) if found is not None}
            if ids_left & ids_right:
                return True
        return False

    def tool_in_text_conflicts(self, name: str, text: str) -> bool:
        """Whether every mention of ``name`` in ``text`` is part of another tool's longer name.

        "Genesys Cloud" inside "Genesys Cloud WEM", or "Dynamics 365" inside "Dynamics 365
        Contact Center", is a different family: a word-for-word hit there proves nothing.
        """
        needle = self.normalise_name(name)
        if not needle:
            return False
        own = self.tool_by_alias(name)
        padded = f" {self.normalise_name(text)} "
        longer = [
            entry.key
            for entry in self.alias_entries()
            if (own is None or entry.tool_id != own.id)
            and len(entry.key) > len(needle)
            and f" {needle} " in f" {entry.key} "
        ]
        hits = [m.start() for m in re.finditer(rf"(?<= ){re.escape(needle)}(?= )", padded)]
        if not hits:
            return False
        for hit in hits:
            inside = False
            for key in longer:
                offset = f" {key} ".index(f" {needle} ")
                start = hit - offset
                if start >= 0 and padded.startswith(key, start) and padded[start - 1] == " ":
                    inside = padded[start + len(key)] == " "
                    if inside:
                        break
            if not inside:
                return False
        return True

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
        for region in self.regions:
            shown = region.display_names if region.bare_display else ()
            spec = self.providers[region.provider]
            named = {*region.display_names, *(_PAREN.sub(" ", d).strip() for d in shown)}
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


def _strip_accents(text: str) -> str:
    """``text`` without diacritics but with its case ("Bogotá" → "Bogota")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_LETTERS))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _entity_forms(name: str) -> list[str]:
    """A name, the name without parentheses, and each parenthesised part ("(AWS)")."""
    forms = [name, _PAREN.sub(" ", name), *_PAREN.findall(name)]
    return [form for form in forms if form.strip()]


def _is_acronym(spelling: str) -> bool:
    return (
        not any(ch.islower() for ch in spelling)
        and " " not in spelling.strip()
        and (sum(ch.isalpha() for ch in spelling) <= 6)
    )


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """``fold`` that remembers, for every folded character, where it came from in ``text``."""
    chars: list[str] = []
    offsets: list[int] = []
    for position, ch in enumerate(text):
        if _MARKS.match(ch):
            piece = " "
        else:
            decomposed = unicodedata.normalize("NFKD", ch.translate(_FOLD_LETTERS))
            piece = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
            piece = _NON_WORD.sub(" ", piece)
        for out in piece:
            if out == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(out)
            offsets.append(position)
    return "".join(chars), offsets


def _scan(
    text: str, spellings: Mapping[str, str], normalise: Callable[[str], str]
) -> list[tuple[int, int, str]]:
    """(start, end, value) of the spellings found in ``text``: the longest wins where two overlap.

    Acronyms match case-sensitively in the raw text; other spellings match on folded words.
    """
    found: list[tuple[int, int, str]] = []
    acronyms = {s: v for s, v in spellings.items() if _is_acronym(s)}
    if acronyms:
        pattern = "|".join(re.escape(s) for s in sorted(acronyms, key=len, reverse=True))
        for match in re.finditer(rf"(?<![\w.])(?:{pattern})(?![\w])", text):
            found.append((match.start(), match.end(), acronyms[match.group(0)]))
    words: dict[str, str] = {}
    for spelling, value in spellings.items():
        if spelling not in acronyms:
            key = normalise(spelling)
            if key:
                words.setdefault(key, value)
    if words:
        folded, offsets = _fold_with_offsets(text)
        pattern = "|".join(re.escape(k) for k in sorted(words, key=len, reverse=True))
        for match in re.finditer(rf"(?<![^ ])(?:{pattern})(?![^ ])", folded):
            start, end = offsets[match.start()], offsets[match.end() - 1] + 1
            found.append((start, end, words[match.group(0)]))
    kept: list[tuple[int, int, str]] = []
    for start, end, value in sorted(found, key=lambda hit: (hit[0], hit[0] - hit[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, value))
    return kept


def _lookup_with_article(table: Mapping[str, str], folded: str) -> str | None:
    """Look ``folded`` up as written, then without a leading "the" ("the Philippines")."""
    if folded in table:
        return table[folded]
    if folded.startswith("the "):
        return table.get(folded[4:])
    return None


# --- loading and validation ------------------------------------------------------------------


class _Where:
    """Names the file and entry in every validation error, as the brief to users demands."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, entry: str | None, reason: str) -> UsageError:
        where = f"{self.path}: {entry}" if entry else self.path
        return UsageError(f"{where}: {reason}")


def _mapping(raw: Any, where: _Where, entry: str | None = None) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise where.fail(entry, "expected a mapping")
    return raw


def _entries(raw: Any, key: str, where: _Where) -> list[Mapping[str, Any]]:
    items = _mapping(raw, where).get(key)
    if not isinstance(items, list):
        raise where.fail(None, f"'{key}' must be a list")
    return [_mapping(item, where, f"{key}[{n}]") for n, item in enumerate(items)]


def _text(entry: Mapping[str, Any], key: str, where: _Where, label: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise where.fail(label, f"missing or empty '{key}'")
    return value.strip()


def _optional_text(entry: Mapping[str, Any], key: str, where: _Where, label: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise where.fail(label, f"'{key}' must be a non-empty string or null")
    return value.strip()


def _texts(entry: Mapping[str, Any], key: str, where: _Where, label: str) -> tuple[str, ...]:
    value = entry.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise where.fail(label, f"'{key}' must be a list of non-empty strings")
    return tuple(dict.fromkeys(v.strip() for v in value))


def _country_ref(
    value: Any, countries: Mapping[str, Any], where: _Where, label: str, key: str = "country"
) -> str:
    if isinstance(value, bool):  # YAML 1.1 reads an unquoted NO (Norway) as false
        raise where.fail(label, f"'{key}' is a boolean: quote the code (\"NO\")")
    if not isinstance(value, str) or value not in countries:
        raise where.fail(label, f"unknown country code {value!r}")
    return value


def _parse_legal_forms(raw: Any, path: str) -> tuple[str, ...]:
    where = _Where(path)
    forms = _mapping(raw, where).get("legal_forms")
    if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
        raise where.fail(None, "'legal_forms' must be a list of non-empty strings")
    return tuple(forms)


def _parse_countries(
    raw: Any, where: _Where
) -> tuple[
    dict[str, Country], dict[str, str], dict[str, Jurisdiction], dict[str, str], frozenset[str]
]:
    table = _mapping(_mapping(raw, where).get("countries"), where, "countries")
    countries: dict[str, Country] = {}
    names: dict[str, str] = {}
    for code, body in table.items():
        label = f"country {code!r}"
        if not isinstance(code, str) or not _COUNTRY_CODE.match(code):
            raise where.fail(label, 'codes are two upper-case letters (quote "NO")')
        entry = _mapping(body, where, label)
        country = Country(
            code=code,
            name=_text(entry, "name", where, label),
            aliases=_texts(entry, "aliases", where, label),
            adjectives=_texts(entry, "adjectives", where, label),
        )
        countries[code] = country
        for spelling in (country.name, *country.aliases, *country.adjectives):
            key = fold(spelling)
            if names.setdefault(key, code) != code:
                raise where.fail(label, f"name {spelling!r} also belongs to {names[key]!r}")
    groups = _mapping(_mapping(raw, where).get("jurisdictions", {}), where, "jurisdictions")
    raw_groups: dict[str, Mapping[str, Any]] = {}
    for gid, body in groups.items():
        if not isinstance(gid, str) or not gid:
            raise where.fail(f"jurisdiction {gid!r}", "missing id")
        raw_groups[gid] = _mapping(body, where, f"jurisdiction {gid!r}")

    resolved: dict[str, frozenset[str]] = {}

    def members(gid: str, path: tuple[str, ...]) -> frozenset[str]:
        label = f"jurisdiction {gid!r}"
        if gid in path:
            raise where.fail(label, f"includes itself via {' -> '.join((*path, gid))}")
        if gid not in resolved:
            entry = raw_groups[gid]
            codes = entry.get("countries") or []
            if not isinstance(codes, list):
                raise where.fail(label, "'countries' must be a list")
            found = {_country_ref(c, countries, where, label, "countries") for c in codes}
            for inner in _texts(entry, "includes", where, label):
                if inner not in raw_groups:
                    raise where.fail(label, f"includes unknown jurisdiction {inner!r}")
                found |= members(inner, (*path, gid))
            resolved[gid] = frozenset(found)
        return resolved[gid]

    jurisdictions: dict[str, Jurisdiction] = {}
    group_names: dict[str, str] = {}
    for gid, entry in raw_groups.items():
        label = f"jurisdiction {gid!r}"
        group = Jurisdiction(
            id=gid,
            name=_text(entry, "name", where, label),
            aliases=_texts(entry, "aliases", where, label),
            countries=members(gid, ()),
        )
        if not group.countries:
            raise where.fail(label, "has no member countries")
        jurisdictions[gid] = group
        for spelling in (gid, group.name, *group.aliases):
            key = fold(spelling)
            if group_names.setdefault(key, gid) != gid:
                raise where.fail(label, f"name {spelling!r} also belongs to {group_names[key]!r}")
    quiet = _texts(_mapping(raw, where), "not_in_running_text", where, "not_in_running_text")
    return countries, names, jurisdictions, group_names, frozenset(fold(q) for q in quiet)


def _parse_tools(
    raw: Any, where: _Where, normalise: Callable[[str], str]
) -> tuple[tuple[Tool, ...], dict[str, str], frozenset[str]]:
    doc = _mapping(raw, where)
    categories_raw = _mapping(doc.get("categories", {}), where, "categories")
    categories = {str(k): str(v) for k, v in categories_raw.items()}
    connectors = frozenset(fold(w) for w in _texts(doc, "connector_words", where, "connectors"))
    tools: list[Tool] = []
    ids: set[str] = set()
    for n, entry in enumerate(_entries(doc, "tools", where)):
        tid = entry.get("id")
        if not isinstance(tid, str) or not tid.strip():
            raise where.fail(f"tools[{n}]", "missing 'id'")
        label = f"tool {tid!r}"
        if not _SLUG.match(tid):
            raise where.fail(label, "ids are lower-case slugs (a-z, 0-9, '-', '_')")
        if tid in ids:
            raise where.fail(label, "duplicate id")
        ids.add(tid)
        category = _text(entry, "category", where, label)
        if categories and category not in categories:
            raise where.fail(label, f"unknown category {category!r}")
        former = _texts(entry, "former_names", where, label)
        tools.append(
            Tool(
                id=tid,
                name=_text(entry, "name", where, label),
                vendor=_text(entry, "vendor", where, label),
                category=category,
                aliases=tuple(dict.fromkeys((*_texts(entry, "aliases", where, label), *former))),
                former_names=former,
                generic_aliases=_texts(entry, "generic_aliases", where, label),
                vendor_tokens=_texts(entry, "vendor_tokens", where, label),
                distinct_from=frozenset(_texts(entry, "distinct_from", where, label)),
                source=_optional_text(entry, "source", where, label) or "I",
            )
        )
    # distinct_from must name real entries; the relation is made symmetric.
    partners: dict[str, set[str]] = {tool.id: set(tool.distinct_from) for tool in tools}
    for tool in tools:
        for other in tool.distinct_from:
            if other not in ids:
                raise where.fail(f"tool {tool.id!r}", f"distinct_from names unknown id {other!r}")
            if other == tool.id:
                raise where.fail(f"tool {tool.id!r}", "distinct_from names itself")
            partners[other].add(tool.id)
    final = tuple(replace(t, distinct_from=frozenset(partners[t.id])) for t in tools)
    for tool in final:
        for spelling in (*tool.names, *tool.vendor_tokens):
            if not normalise(spelling):
                raise where.fail(f"tool {tool.id!r}", f"{spelling!r} normalises to nothing")
    return final, categories, connectors


def _tool_index(
    tools: tuple[Tool, ...], where: _Where, normalise: Callable[[str], str]
) -> tuple[
    dict[str, str],
    dict[str, str],
    dict[str, tuple[tuple[tuple[str, ...], str, bool], ...]],
    dict[str, tuple[tuple[str, ...], ...]],
]:
    owner: dict[str, str] = {}
    strong: dict[str, str] = {}
    generic: dict[str, str] = {}
    by_first: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
    vendor_words: dict[str, tuple[tuple[str, ...], ...]] = {}
    for tool in tools:
        weak = {normalise(alias) for alias in tool.generic_aliases}
        for spelling in tool.names:
            key = normalise(spelling)
            if owner.setdefault(key, tool.id) != tool.id:
                raise where.fail(
                    f"tool {tool.id!r}",
                    f"alias {spelling!r} (normalised {key!r}) also belongs to {owner[key]!r}",
                )
            is_generic = key in weak
            (generic if is_generic else strong)[key] = tool.id
            entry = (tuple(key.split()), tool.id, is_generic)
            bucket = by_first.setdefault(entry[0][0], [])
            if entry not in bucket:
                bucket.append(entry)
        phrases = {tuple(normalise(token).split()) for token in tool.vendor_tokens}
        vendor_words[tool.id] = tuple(sorted(phrases, key=lambda p: (-len(p), p)))
    frozen = {word: tuple(sorted(v, key=lambda e: -len(e[0]))) for word, v in by_first.items()}
    return strong, generic, frozen, vendor_words


def _parse_regions(
    raw: Any, where: _Where, countries: Mapping[str, Country]
) -> tuple[dict[str, Provider], tuple[Region, ...], frozenset[str]]:
    doc = _mapping(raw, where)
    providers: dict[str, Provider] = {}
    for pid, body in _mapping(doc.get("providers"), where, "providers").items():
        label = f"provider {pid!r}"
        entry = _mapping(body, where, label)
        try:
            code_pattern = re.compile(_text(entry, "code_pattern", where, label))
            zone_text = _optional_text(entry, "zone_pattern", where, label)
            zone_pattern = re.compile(zone_text) if zone_text else None
        except re.error as error:
            raise where.fail(label, f"bad pattern: {error}") from None
        if zone_pattern is not None and "region" not in zone_pattern.groupindex:
            raise where.fail(label, "zone_pattern needs a (?P<region>...) group")
        providers[str(pid)] = Provider(
            id=str(pid),
            name=_text(entry, "name", where, label),
            aliases=_texts(entry, "aliases", where, label),
            code_pattern=code_pattern,
            zone_pattern=zone_pattern,
            partitions=_texts(entry, "partitions", where, label),
            label=_optional_text(entry, "label", where, label) or str(pid),
            weak_aliases=_texts(entry, "weak_aliases", where, label),
        )
    regions: list[Region] = []
    seen: set[tuple[str, str]] = set()
    for n, entry in enumerate(_entries(doc, "regions", where)):
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
        partition = _optional_text(entry, "partition", where, label)
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
                country=_country_ref(entry.get("country"), countries, where, label),
                location=_text(entry, "location", where, label),
                city=_optional_text(entry, "city", where, label),
                display_names=_texts(entry, "display_names", where, label),
                partition=partition,
                key=_optional_text(entry, "key", where, label),
                bare_display=bare,
            )
        )
    filler = frozenset(fold(w) for w in _texts(doc, "filler_words", where, "filler_words"))
    return providers, tuple(regions), filler or frozenset({"region", "regions"})


def _parse_region_statement(raw: Any, where: _Where) -> tuple[re.Pattern[str], re.Pattern[str]]:
    label = "jurisdiction_statement"
    entry = _mapping(_mapping(raw, where).get(label), where, label)
    try:
        return (
            re.compile(_text(entry, "between", where, label), re.IGNORECASE),
            re.compile(_text(entry, "after", where, label), re.IGNORECASE),
        )
    except re.error as error:
        raise where.fail(label, f"bad pattern: {error}") from None


def _region_index(
    regions: tuple[Region, ...], providers: Mapping[str, Provider], where: _Where
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


def _parse_cities(
    raw: Any, where: _Where, countries: Mapping[str, Country]
) -> tuple[tuple[City, ...], dict[str, tuple[City, ...]], frozenset[str]]:
    cities: list[City] = []
    names: dict[str, list[City]] = {}
    for n, entry in enumerate(_entries(raw, "cities", where)):
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise where.fail(f"cities[{n}]", "missing 'name'")
        label = f"city {name!r}"
        capital = entry.get("capital", False)
        if not isinstance(capital, bool):
            raise where.fail(label, "'capital' must be true or false")
        city = City(
            name=name.strip(),
            country=_country_ref(entry.get("country"), countries, where, label),
            aliases=_texts(entry, "aliases", where, label),
            metro=_optional_text(entry, "metro", where, label),
            capital=capital,
        )
        for spelling in {fold(s) for s in (city.name, *city.aliases)}:
            if any(other.country == city.country for other in names.get(spelling, ())):
                raise where.fail(label, f"{spelling!r} names two cities in {city.country}")
            names.setdefault(spelling, []).append(city)
        cities.append(city)
    doc = _mapping(raw, where)
    quiet = _texts(doc, "not_in_running_text", where, "not_in_running_text")
    return tuple(cities), {k: tuple(v) for k, v in names.items()}, frozenset(map(fold, quiet))


def _parse_bodies(
    raw: Any, where: _Where, countries: Mapping[str, Country], normalise: Callable[[str], str]
) -> tuple[tuple[Body, ...], dict[str, str]]:
    bodies: list[Body] = []
    names: dict[str, str] = {}
    ids: set[str] = set()
    for n, entry in enumerate(_entries(raw, "bodies", where)):
        bid = entry.get("id")
        if not isinstance(bid, str) or not bid.strip():
            raise where.fail(f"bodies[{n}]", "missing 'id'")
        label = f"body {bid!r}"
        if bid in ids:
            raise where.fail(label, "duplicate id")
        ids.add(bid)
        kinds = _texts(entry, "kind", where, label)
        if not kinds or not set(kinds) <= BODY_KINDS:
            raise where.fail(label, f"kind must be among {', '.join(sorted(BODY_KINDS))}")
        country = entry.get("country")
        order = _optional_text(entry, "date_order", where, label)
        if order is not None and order not in DATE_ORDERS:
            raise where.fail(label, "date_order must be DMY, MDY, YMD or null")
        body = Body(
            id=bid,
            name=_text(entry, "name", where, label),
            kinds=kinds,
            aliases=_texts(entry, "aliases", where, label),
            country=None if country is None else _country_ref(country, countries, where, label),
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
    forms = _legal_form_words(_parse_legal_forms(legal_forms, f"{origin}/legal_forms.yaml"))

    def normalise(text: str) -> str:
        return _strip_legal_forms(fold(text), forms)

    country_table, country_names, jurisdictions, group_names, quiet = _parse_countries(
        countries, _Where(f"{origin}/countries.yaml")
    )
    tool_where = _Where(f"{origin}/tools.yaml")
    tool_list, categories, connectors = _parse_tools(tools, tool_where, normalise)
    strong, generic, by_first, vendor_words = _tool_index(tool_list, tool_where, normalise)
    region_where = _Where(f"{origin}/regions.yaml")
    providers, region_list, filler = _parse_regions(regions, region_where, country_table)
    region_statement = _parse_region_statement(regions, region_where)
    by_id, by_code, display, scoped, keys, provider_aliases = _region_index(
        region_list, providers, region_where
    )
    city_list, city_names, quiet_cities = _parse_cities(
        cities, _Where(f"{origin}/cities.yaml"), country_table
    )
    body_list, body_names = _parse_bodies(
        bodies, _Where(f"{origin}/bodies.yaml"), country_table, normalise
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
        cities=city_list,
        jurisdictions=MappingProxyType(jurisdictions),
        bodies=body_list,
        categories=MappingProxyType(categories),
        legal_forms=forms,
        connector_words=connectors,
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
            documents[name] = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
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
