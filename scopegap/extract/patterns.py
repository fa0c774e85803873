"""Compiled patterns from models/patterns/certificate.yaml (validated by the one YAML loader),
built once per process, and the pattern-compile helpers every extractor uses."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from scopegap.extract.legal_forms import fill_legal_forms
from scopegap.resources import load_model, regex_code

FLAGS = re.IGNORECASE | re.VERBOSE | re.MULTILINE


def compile_one(pattern: str) -> re.Pattern[str]:
    return regex_code.compile(pattern, FLAGS)


def compile_any(patterns: Iterable[str]) -> re.Pattern[str]:
    return regex_code.compile("|".join(f"(?:{p})" for p in patterns), FLAGS)


class LazyFields:
    """Read-only fields each built on first read, from the zero-argument builders given.

    A one-page certificate reads a handful of the ~90 certificate and SOC patterns; compiling
    all of them was a tenth of a cold run. Subclasses declare their fields as annotations
    (type-checked at every read); the builders must name exactly those fields, each a
    zero-argument callable (``legal_form=lambda: compile_one(holder.legal_form)``).
    """

    def __init__(self, **builders: Callable[[], object]) -> None:
        declared = {name for klass in type(self).__mro__
                    for name in getattr(klass, "__annotations__", {})}
        if set(builders) != declared:
            raise TypeError(f"{type(self).__name__}: builders for "
                            f"{sorted(set(builders) ^ declared)} missing or unknown")
        values = sorted(name for name, build in builders.items() if not callable(build))
        if values:  # "field=compile_one(...)" where "field=lambda: compile_one(...)" is meant
            raise TypeError(f"{type(self).__name__}: {values} given values, not builders")
        object.__setattr__(self, "_builders", builders)

    if not TYPE_CHECKING:  # mypy checks reads against the declared annotations instead

        def __getattr__(self, name: str) -> Any:
            builders = self.__dict__.get("_builders", {})
            if name not in builders:
                raise AttributeError(f"{type(self).__name__!r} has no field {name!r}")
            value = builders[name]()
            object.__setattr__(self, name, value)
            return value

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")


@dataclass(frozen=True)
class StandardInfo:
    number: str
    prefix: str
    editions: tuple[str, ...]
    kind: str  # "iso27001" | "other"
    extension_of: str | None
    standalone_editions: tuple[str, ...]


class CertificatePatterns(LazyFields):
    standards: dict[str, StandardInfo]
    standard_reference: re.Pattern[str]
    bare_standard_reference: re.Pattern[str]
    adoption_editions: dict[str, dict[str, str]]
    mention_only_before: re.Pattern[str]
    dated_standard_after: re.Pattern[str]
    mention_only_after: re.Pattern[str]
    certification_cues: re.Pattern[str]
    non_certificate_cues: re.Pattern[str]
    number_label: re.Pattern[str]
    number_column_label: re.Pattern[str]
    number_value: re.Pattern[str]
    number_not_values: frozenset[str]
    number_weak_label: re.Pattern[str]
    date_labels: dict[str, re.Pattern[str]]
    range_connector: re.Pattern[str]
    label_translation: re.Pattern[str]
    holder_after: re.Pattern[str]
    holder_before: re.Pattern[str]
    not_holder: re.Pattern[str]
    legal_form: re.Pattern[str]
    issuer_after: re.Pattern[str]
    issuer_before: re.Pattern[str]
    issuer_label: re.Pattern[str]
    scope_start: re.Pattern[str]
    scope_end: re.Pattern[str]
    scope_max_chars: int
    site_table_cues: tuple[re.Pattern[str], ...]
    site_labels: re.Pattern[str]
    site_sections: re.Pattern[str]
    country_statement: re.Pattern[str]
    market_area: re.Pattern[str]
    list_heading: re.Pattern[str]
    region_sentence: re.Pattern[str]
    cloud_place_gap: re.Pattern[str]
    postcode_tail: re.Pattern[str]
    postcode_after_state: re.Pattern[str]
    district_tail: re.Pattern[str]
    not_a_town: re.Pattern[str]
    not_certified_places: re.Pattern[str]
    registered_agent: re.Pattern[str]
    sites_on_page: re.Pattern[str]
    company_after_name: re.Pattern[str]
    named_platform: re.Pattern[str]
    other_party_line: re.Pattern[str]
    street_after_name: re.Pattern[str]
    head_office: re.Pattern[str]
    site_list_end: re.Pattern[str]
    signing_place: re.Pattern[str]
    site_from_date: re.Pattern[str]
    site_date_gap: re.Pattern[str]
    legal_form_prefix: re.Pattern[str]
    short_forms: tuple[tuple[re.Pattern[str], str], ...]
    trading_names: tuple[re.Pattern[str], ...]
    address: re.Pattern[str]
    abbreviation_end: re.Pattern[str]
    body_line: re.Pattern[str]
    issuer_stop: re.Pattern[str]
    issuer_legal_tail: str  # a fragment, joined into larger patterns
    not_issuer: re.Pattern[str]


# --------------------------------------------------------------------------- the file's schema
# One dataclass per mapping of models/patterns/certificate.yaml, read by the validated loader:
# a missing, misspelt or mistyped key is a "models/patterns/certificate.yaml:LINE: reason" at
# load, never a KeyError on the first document.


@dataclass(frozen=True)
class StandardEntry:
    prefix: str
    editions: tuple[str, ...]
    kind: Literal["iso27001", "other"]
    extension_of: str | None = None
    standalone_editions: tuple[str, ...] = ()


@dataclass(frozen=True)
class NumberFile:
    labels: str
    value: str
    not_values: tuple[str, ...]
    column_label: str
    weak_labels: str = r"(?!)"


@dataclass(frozen=True)
class DateLabelsFile:
    original: tuple[str, ...]
    registration: tuple[str, ...]
    reissue: tuple[str, ...]
    issue: tuple[str, ...]
    expiry: tuple[str, ...]
    ignore: tuple[str, ...]


@dataclass(frozen=True)
class HolderFile:
    after: tuple[str, ...]
    before: tuple[str, ...]
    not_holder: str
    legal_form: str
    legal_form_prefix: str
    short_forms: dict[str, str]
    trading_names: tuple[str, ...]
    abbreviation_end: str
    body_line: str
    address: str


@dataclass(frozen=True)
class IssuerFile:
    after: tuple[str, ...]
    before: tuple[str, ...]
    label: str
    stop: str
    legal_tail: str
    not_issuer: str


@dataclass(frozen=True)
class ScopeFile:
    start: tuple[str, ...]
    end: tuple[str, ...]
    max_chars: int


@dataclass(frozen=True)
class SiteReadingFile:
    list_heading: str
    region_sentence: str
    cloud_place_gap: str
    postcode_tail: str
    postcode_after_state: str
    district_tail: str
    not_a_town: str
    not_certified_places: str
    registered_agent: str
    sites_on_page: str
    company_after_name: str
    named_platform: str
    other_party_line: str
    street_after_name: str
    head_office: str
    list_end: str
    signing_place: str
    site_from_date: str
    site_date_gap: str


@dataclass(frozen=True)
class CertificateFile:
    version: int
    standards: dict[str, StandardEntry]
    standard_reference: str
    bare_standard_reference: str
    adoption_editions: dict[str, dict[str, str]]
    mention_only_before: str
    dated_standard_after: str
    mention_only_after: str
    certification_cues: str
    non_certificate_cues: str
    certificate_number: NumberFile
    date_labels: DateLabelsFile
    range_connector: str
    label_translation: str
    holder: HolderFile
    issuer: IssuerFile
    scope: ScopeFile
    site_table_cues: tuple[str, ...]
    site_sections: str
    site_reading: SiteReadingFile
    site_labels: str
    country_statement: str
    market_area: str


def _number_alternation(standards: dict[str, StandardInfo]) -> str:
    """The standard numbers as one regex alternation, longest first so "20000-1" wins over
    a shorter number that is its prefix; the `standards` table is their only home."""
    return "|".join(re.escape(n) for n in sorted(standards, key=lambda n: (-len(n), n)))


@cache
def certificate_patterns() -> CertificatePatterns:
    """Compile models/patterns/certificate.yaml once per process (validated on load)."""
    data = load_model("patterns/certificate.yaml", CertificateFile)
    standards = {
        number: StandardInfo(
            number=number,
            prefix=info.prefix,
            editions=info.editions,
            kind=info.kind,
            extension_of=info.extension_of,
            standalone_editions=info.standalone_editions,
        )
        for number, info in data.standards.items()
    }
    number = data.certificate_number
    holder, issuer, sites = data.holder, data.issuer, data.site_reading
    numbers = _number_alternation(standards)
    return CertificatePatterns(
        standards=lambda: standards,
        standard_reference=lambda: compile_one(
            data.standard_reference.replace("{standard_numbers}", numbers)),
        bare_standard_reference=lambda: compile_one(
            data.bare_standard_reference.replace("{standard_numbers}", numbers)),
        adoption_editions=lambda: {k: dict(v) for k, v in data.adoption_editions.items()},
        mention_only_before=lambda: compile_one(data.mention_only_before),
        dated_standard_after=lambda: compile_one(data.dated_standard_after),
        mention_only_after=lambda: compile_one(data.mention_only_after),
        certification_cues=lambda: compile_one(data.certification_cues),
        non_certificate_cues=lambda: compile_one(data.non_certificate_cues),
        number_label=lambda: compile_one(number.labels),
        number_column_label=lambda: compile_one(number.column_label),
        number_value=lambda: re.compile(number.value, re.VERBOSE),
        number_not_values=lambda: frozenset(v.upper() for v in number.not_values),
        number_weak_label=lambda: compile_one(number.weak_labels),
        date_labels=lambda: {role.name: compile_any(getattr(data.date_labels, role.name))
                     for role in fields(DateLabelsFile)},
        range_connector=lambda: compile_one(data.range_connector),
        label_translation=lambda: compile_one(data.label_translation),
        holder_after=lambda: compile_any(holder.after),
        holder_before=lambda: compile_any(holder.before),
        not_holder=lambda: compile_one(holder.not_holder),
        legal_form=lambda: compile_one(fill_legal_forms(holder.legal_form)),
        issuer_after=lambda: compile_any(issuer.after),
        issuer_before=lambda: compile_any(issuer.before),
        issuer_label=lambda: compile_one(issuer.label),
        scope_start=lambda: compile_any(data.scope.start),
        scope_end=lambda: compile_any(data.scope.end),
        scope_max_chars=lambda: data.scope.max_chars,
        site_table_cues=lambda: tuple(compile_one(p) for p in data.site_table_cues),
        site_labels=lambda: compile_one(data.site_labels),
        site_sections=lambda: compile_one(data.site_sections),
        country_statement=lambda: compile_one(data.country_statement),
        market_area=lambda: compile_one(data.market_area),
        list_heading=lambda: compile_one(sites.list_heading),
        region_sentence=lambda: compile_one(sites.region_sentence),
        cloud_place_gap=lambda: compile_one(sites.cloud_place_gap),
        postcode_tail=lambda: compile_one(sites.postcode_tail),
        postcode_after_state=lambda: compile_one(sites.postcode_after_state),
        district_tail=lambda: compile_one(sites.district_tail),
        not_a_town=lambda: compile_one(sites.not_a_town),
        not_certified_places=lambda: compile_one(sites.not_certified_places),
        registered_agent=lambda: compile_one(sites.registered_agent),
        sites_on_page=lambda: compile_one(sites.sites_on_page),
        company_after_name=lambda: compile_one(fill_legal_forms(sites.company_after_name)),
        named_platform=lambda: compile_one(sites.named_platform),
        other_party_line=lambda: compile_one(sites.other_party_line),
        street_after_name=lambda: compile_one(sites.street_after_name),
        head_office=lambda: compile_one(sites.head_office),
        site_list_end=lambda: compile_one(sites.list_end),
        signing_place=lambda: compile_one(sites.signing_place),
        site_from_date=lambda: compile_one(sites.site_from_date),
        site_date_gap=lambda: compile_one(sites.site_date_gap),
        legal_form_prefix=lambda: compile_one(holder.legal_form_prefix),
        short_forms=lambda: tuple((compile_one(rf"^(?:{long})(?!\w)"), short)
                                  for long, short in holder.short_forms.items()),
        trading_names=lambda: tuple(compile_one(p) for p in holder.trading_names),
        address=lambda: compile_one(holder.address),
        abbreviation_end=lambda: compile_one(fill_legal_forms(holder.abbreviation_end)),
        body_line=lambda: compile_one(holder.body_line),
        issuer_stop=lambda: compile_one(issuer.stop),
        issuer_legal_tail=lambda: "".join(fill_legal_forms(issuer.legal_tail).split()),
        not_issuer=lambda: compile_one(issuer.not_issuer),
    )
