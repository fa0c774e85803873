"""Compiled patterns from models/patterns/certificate.yaml, built once per process."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from scopegap.resources import load_yaml

FLAGS = re.IGNORECASE | re.VERBOSE | re.MULTILINE


def compile_one(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, FLAGS)


def compile_any(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), FLAGS)


@dataclass(frozen=True)
class StandardInfo:
    number: str
    prefix: str
    editions: tuple[str, ...]
    kind: str  # "iso27001" | "other"
    extension_of: str | None
    standalone_editions: tuple[str, ...]


@dataclass(frozen=True)
class CertificatePatterns:
    standards: dict[str, StandardInfo]
    standard_reference: re.Pattern[str]
    bare_standard_reference: re.Pattern[str]
    adoption_editions: dict[str, dict[str, str]]
    mention_only_before: re.Pattern[str]
    certification_cues: re.Pattern[str]
    non_certificate_cues: re.Pattern[str]
    number_label: re.Pattern[str]
    number_value: re.Pattern[str]
    number_not_values: frozenset[str]
    date_labels: dict[str, re.Pattern[str]]
    range_connector: re.Pattern[str]
    holder_after: re.Pattern[str]
    holder_before: re.Pattern[str]
    not_holder: re.Pattern[str]
    legal_form: re.Pattern[str]
    issuer_after: re.Pattern[str]
    issuer_before: re.Pattern[str]
    scope_start: re.Pattern[str]
    scope_end: re.Pattern[str]
    scope_max_chars: int
    site_table_cues: tuple[re.Pattern[str], ...]
    site_labels: re.Pattern[str]
    site_sections: re.Pattern[str]
    country_statement: re.Pattern[str]
    list_heading: re.Pattern[str]
    region_sentence: re.Pattern[str]
    postcode_tail: re.Pattern[str]
    not_a_town: re.Pattern[str]
    head_office: re.Pattern[str]
    site_list_end: re.Pattern[str]
    legal_form_prefix: re.Pattern[str]
    address: re.Pattern[str]
    abbreviation_end: re.Pattern[str]
    body_line: re.Pattern[str]
    issuer_stop: re.Pattern[str]
    issuer_legal_tail: str  # a fragment, joined into larger patterns
    not_issuer: re.Pattern[str]


@cache
def certificate_patterns() -> CertificatePatterns:
    data: dict[str, Any] = load_yaml("patterns/certificate.yaml")
    standards = {
        str(number): StandardInfo(
            number=str(number),
            prefix=info["prefix"],
            editions=tuple(info["editions"]),
            kind=info["kind"],
            extension_of=info.get("extension_of"),
            standalone_editions=tuple(info.get("standalone_editions", ())),
        )
        for number, info in data["standards"].items()
    }
    number = data["certificate_number"]
    return CertificatePatterns(
        standards=standards,
        standard_reference=compile_one(data["standard_reference"]),
        bare_standard_reference=compile_one(data["bare_standard_reference"]),
        adoption_editions={k: dict(v) for k, v in data["adoption_editions"].items()},
        mention_only_before=compile_one(data["mention_only_before"]),
        certification_cues=compile_one(data["certification_cues"]),
        non_certificate_cues=compile_one(data["non_certificate_cues"]),
        number_label=compile_one(number["labels"]),
        number_value=re.compile(number["value"], re.VERBOSE),
        number_not_values=frozenset(v.upper() for v in number["not_values"]),
        date_labels={role: compile_any(list(p)) for role, p in data["date_labels"].items()},
        range_connector=compile_one(data["range_connector"]),
        holder_after=compile_any(data["holder"]["after"]),
        holder_before=compile_any(data["holder"]["before"]),
        not_holder=compile_one(data["holder"]["not_holder"]),
        legal_form=compile_one(data["holder"]["legal_form"]),
        issuer_after=compile_any(data["issuer"]["after"]),
        issuer_before=compile_any(data["issuer"]["before"]),
        scope_start=compile_any(data["scope"]["start"]),
        scope_end=compile_any(data["scope"]["end"]),
        scope_max_chars=int(data["scope"]["max_chars"]),
        site_table_cues=tuple(compile_one(p) for p in data["site_table_cues"]),
        site_labels=compile_one(data["site_labels"]),
        site_sections=compile_one(data["site_sections"]),
        country_statement=compile_one(data["country_statement"]),
        list_heading=compile_one(data["site_reading"]["list_heading"]),
        region_sentence=compile_one(data["site_reading"]["region_sentence"]),
        postcode_tail=compile_one(data["site_reading"]["postcode_tail"]),
        not_a_town=compile_one(data["site_reading"]["not_a_town"]),
        head_office=compile_one(data["site_reading"]["head_office"]),
        site_list_end=compile_one(data["site_reading"]["list_end"]),
        legal_form_prefix=compile_one(data["holder"]["legal_form_prefix"]),
        address=compile_one(data["holder"]["address"]),
        abbreviation_end=compile_one(data["holder"]["abbreviation_end"]),
        body_line=compile_one(data["holder"]["body_line"]),
        issuer_stop=compile_one(data["issuer"]["stop"]),
        issuer_legal_tail="".join(str(data["issuer"]["legal_tail"]).split()),
        not_issuer=compile_one(data["issuer"]["not_issuer"]),
    )
