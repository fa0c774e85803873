"""The SOC cue phrases (models/patterns/soc.yaml), compiled once per process, and the
section keys the extractors share."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from typing import TYPE_CHECKING, Literal

from scopegap.extract.legal_forms import fill_legal_forms
from scopegap.extract.patterns import LazyFields, compile_any, compile_one
from scopegap.resources import load_model, yaml_key

if TYPE_CHECKING:
    from scopegap.extract.soc.sections import HeadingSpec  # built on first use (_headings)

Method = Literal["carve-out", "inclusive"]
COMPONENT_SECTIONS = ("infrastructure", "software", "components", "boundaries", "services",
                      "locations")
NOT_COMPONENT_SECTIONS = ("subservice", "csoc", "cuec")


class SocPatterns(LazyFields):
    kind: Mapping[str, re.Pattern[str]]
    cover_pages: int
    cover_weight: int
    vote_pages: int
    attestation: re.Pattern[str]
    certificate: re.Pattern[str]
    certificate_min_cues: int
    bridge: re.Pattern[str]
    bridge_max_pages: int
    headings: HeadingSpec
    period_cue: re.Pattern[str]
    range_connector: re.Pattern[str]
    as_of_cue: re.Pattern[str]
    opinion_start: re.Pattern[str]
    opinion: Mapping[str, re.Pattern[str]]
    opinion_window_chars: int
    restated_opinion: tuple[re.Pattern[str], ...]
    restated_max_pages: int
    categories: Mapping[str, re.Pattern[str]]
    category_boilerplate: re.Pattern[str]
    category_cue: re.Pattern[str]
    control_reference: re.Pattern[str]
    exception_noted: re.Pattern[str]
    exception_head: re.Pattern[str]
    exception_tail: re.Pattern[str]
    exception_not_result: re.Pattern[str]
    subservice_cue: re.Pattern[str]
    method: Mapping[str, re.Pattern[str]]
    method_named: re.Pattern[str]
    group_alias: re.Pattern[str]
    abbreviation: re.Pattern[str]
    not_org_words: frozenset[str]
    service_words: frozenset[str]
    legal_tail: re.Pattern[str]
    holder_cues: tuple[re.Pattern[str], ...]
    holder_short_form: re.Pattern[str]
    not_holder: re.Pattern[str]
    firm_line: re.Pattern[str]
    item_start: re.Pattern[str]
    cuec_item_cue: re.Pattern[str]
    criteria_reference: re.Pattern[str]
    table_header_words: re.Pattern[str]
    table_header_vocabulary: frozenset[str]
    table_page_cue: re.Pattern[str]
    table_not_components: re.Pattern[str]
    out_of_scope_cell: re.Pattern[str]
    environment_cell: re.Pattern[str]
    colocation_line: re.Pattern[str]
    line_goes_on: re.Pattern[str]
    place_denied: re.Pattern[str]
    place_in_scope_mark: re.Pattern[str]
    hosting_statement: re.Pattern[str]
    city_states: frozenset[str]
    name_column_header: re.Pattern[str]
    category_column_header: re.Pattern[str]
    firm_cues: tuple[re.Pattern[str], ...]
    product_prefixes: Mapping[str, tuple[str, ...]]
    provider_categories: frozenset[str]
    bridge_report: re.Pattern[str]
    signer_cue: re.Pattern[str]
    letter_date_cue: re.Pattern[str]
    bridge_statement: re.Pattern[str]
    system_scope: tuple[re.Pattern[str], ...]
    system_word: re.Pattern[str]
    system_in_scope_cue: re.Pattern[str]
    system_in_scope: re.Pattern[str]
    scope_list_intro: re.Pattern[str]
    bridge_point_cue: re.Pattern[str]
    system_not_name_words: frozenset[str]
    offering_intro: re.Pattern[str]
    offering_prose: re.Pattern[str]
    offering_apposition: re.Pattern[str]
    offering_appositive: re.Pattern[str]
    subservice_apposition: re.Pattern[str]
    production_cue: re.Pattern[str]
    not_production_cue: re.Pattern[str]
    status_line_end: re.Pattern[str]
    excluded_after_name: re.Pattern[str]
    excluded_before_name: re.Pattern[str]


# --------------------------------------------------------------------------- the file's schema
# One dataclass per mapping of models/patterns/soc.yaml, read by the validated loader: a
# missing, misspelt or mistyped key is a "models/patterns/soc.yaml:LINE: reason" at load.


@dataclass(frozen=True)
class KindFile:
    soc1: str
    soc2: str
    soc3: str
    type1: str
    type2: str
    cover_pages: int
    cover_weight: int
    vote_pages: int
    attestation: str
    certificate: str
    certificate_min_cues: int
    bridge: str
    bridge_max_pages: int


@dataclass(frozen=True)
class OpinionFile:
    disclaimer: str
    adverse: str
    qualified: str
    unmodified: str


@dataclass(frozen=True)
class MethodFile:
    carve_out: str = field(metadata=yaml_key("carve-out"))
    inclusive: str


@dataclass(frozen=True)
class SocFile:
    version: int
    kind: KindFile
    heading_prefix: str
    heading_max_chars: int
    heading_after_open_line: str
    report_title: str
    contents_heading: str
    sections: dict[str, tuple[str, ...]]
    subsections: dict[str, tuple[str, ...]]
    furniture_share: float
    furniture_min_pages: int
    symbol_bullets: str
    period_cue: str
    range_connector: str
    as_of_cue: str
    opinion_start: str
    opinion: OpinionFile
    opinion_window_chars: int
    restated_opinion: tuple[str, ...]
    restated_max_pages: int
    categories: dict[str, str]
    category_boilerplate: str
    category_cue: str
    control_reference: str
    exception_noted: str
    exception_head: str
    exception_tail: str
    exception_not_result: str
    subservice_cue: str
    method: MethodFile
    method_named: str
    group_alias: str
    abbreviation: str
    not_org_words: tuple[str, ...]
    service_words: tuple[str, ...]
    provider_categories: tuple[str, ...]
    legal_tail: str
    product_prefixes: dict[str, tuple[str, ...]]
    holder_cues: tuple[str, ...]
    holder_short_form: str
    not_holder: str
    firm_line: str
    signature_stop: str
    cuec_item_cue: str
    item_start: str
    criteria_reference: str
    table_header_words: str
    table_header_vocabulary: tuple[str, ...]
    table_not_components: str
    table_page_cue: str
    out_of_scope_cell: str
    environment_cell: str
    colocation_line: str
    line_goes_on: str
    place_denied: str
    place_in_scope_mark: str
    hosting_statement: str
    city_states: tuple[str, ...]
    name_column_header: str
    category_column_header: str
    firm_cues: tuple[str, ...]
    bridge_report: str
    signer_cue: str
    letter_date_cue: str
    bridge_statement: str
    system_scope: tuple[str, ...]
    system_word: str
    system_in_scope_cue: str
    system_in_scope: str
    scope_list_intro: str
    bridge_point_cue: str
    system_not_name_words: tuple[str, ...]
    offering_intro: str
    offering_prose: str
    offering_apposition: str
    offering_appositive: str
    subservice_apposition: str
    production_cue: str
    not_production_cue: str
    status_line_end: str
    excluded_after_name: str
    excluded_before_name: str


@cache
def soc_patterns() -> SocPatterns:
    """Compile models/patterns/soc.yaml once per process (validated on load)."""
    data = load_model("patterns/soc.yaml", SocFile)
    kind = data.kind
    return SocPatterns(
        kind=lambda: {key: compile_one(getattr(kind, key))
                      for key in ("soc1", "soc2", "soc3", "type1", "type2")},
        cover_pages=lambda: kind.cover_pages,
        cover_weight=lambda: kind.cover_weight,
        vote_pages=lambda: kind.vote_pages,
        attestation=lambda: compile_one(kind.attestation),
        certificate=lambda: compile_one(kind.certificate),
        certificate_min_cues=lambda: kind.certificate_min_cues,
        bridge=lambda: compile_one(kind.bridge),
        bridge_max_pages=lambda: kind.bridge_max_pages,
        headings=lambda: _headings(data),
        period_cue=lambda: compile_one(data.period_cue),
        range_connector=lambda: compile_one(data.range_connector),
        as_of_cue=lambda: compile_one(data.as_of_cue),
        opinion_start=lambda: compile_one(data.opinion_start),
        opinion=lambda: {f.name: compile_one(getattr(data.opinion, f.name))
                         for f in fields(OpinionFile)},
        opinion_window_chars=lambda: data.opinion_window_chars,
        restated_opinion=lambda: tuple(compile_one(p) for p in data.restated_opinion),
        restated_max_pages=lambda: data.restated_max_pages,
        categories=lambda: {name: compile_one(p) for name, p in data.categories.items()},
        category_boilerplate=lambda: compile_one(data.category_boilerplate),
        category_cue=lambda: compile_one(data.category_cue),
        control_reference=lambda: compile_one(data.control_reference),
        exception_noted=lambda: compile_one(data.exception_noted),
        exception_head=lambda: compile_one(data.exception_head),
        exception_tail=lambda: compile_one(data.exception_tail),
        exception_not_result=lambda: compile_one(data.exception_not_result),
        subservice_cue=lambda: compile_one(data.subservice_cue),
        method=lambda: {"carve-out": compile_one(data.method.carve_out),
                        "inclusive": compile_one(data.method.inclusive)},
        method_named=lambda: compile_one(data.method_named),
        group_alias=lambda: re.compile(data.group_alias, re.VERBOSE),
        abbreviation=lambda: re.compile(data.abbreviation),
        not_org_words=lambda: frozenset(w.casefold() for w in data.not_org_words),
        service_words=lambda: frozenset(w.casefold() for w in data.service_words),
        legal_tail=lambda: compile_one(fill_legal_forms(data.legal_tail)),
        holder_cues=lambda: tuple(compile_one(p) for p in data.holder_cues),
        holder_short_form=lambda: compile_one(data.holder_short_form),
        not_holder=lambda: compile_one(data.not_holder),
        firm_line=lambda: re.compile(data.firm_line, re.VERBOSE | re.MULTILINE),
        item_start=lambda: compile_one(data.item_start),
        cuec_item_cue=lambda: compile_one(data.cuec_item_cue),
        criteria_reference=lambda: re.compile(data.criteria_reference),
        table_header_words=lambda: compile_one(data.table_header_words),
        table_header_vocabulary=lambda: frozenset(
            w.casefold() for w in data.table_header_vocabulary),
        table_page_cue=lambda: compile_one(data.table_page_cue),
        table_not_components=lambda: compile_one(data.table_not_components),
        out_of_scope_cell=lambda: compile_one(data.out_of_scope_cell),
        environment_cell=lambda: compile_one(data.environment_cell),
        colocation_line=lambda: compile_one(data.colocation_line),
        line_goes_on=lambda: compile_one(data.line_goes_on),
        place_denied=lambda: compile_one(data.place_denied),
        place_in_scope_mark=lambda: compile_one(data.place_in_scope_mark),
        hosting_statement=lambda: compile_one(data.hosting_statement),
        city_states=lambda: frozenset(data.city_states),
        name_column_header=lambda: compile_one(data.name_column_header),
        category_column_header=lambda: compile_one(data.category_column_header),
        firm_cues=lambda: tuple(compile_one(p) for p in data.firm_cues),
        product_prefixes=lambda: dict(data.product_prefixes),
        provider_categories=lambda: frozenset(data.provider_categories),
        bridge_report=lambda: compile_one(data.bridge_report),
        signer_cue=lambda: compile_one(data.signer_cue),
        letter_date_cue=lambda: compile_one(data.letter_date_cue),
        bridge_statement=lambda: compile_one(data.bridge_statement),
        system_scope=lambda: tuple(compile_one(p) for p in data.system_scope),
        system_word=lambda: compile_one(data.system_word),
        system_in_scope_cue=lambda: compile_one(data.system_in_scope_cue),
        system_in_scope=lambda: compile_one(data.system_in_scope),
        scope_list_intro=lambda: compile_one(data.scope_list_intro),
        bridge_point_cue=lambda: compile_one(data.bridge_point_cue),
        system_not_name_words=lambda: frozenset(w.casefold() for w in data.system_not_name_words),
        offering_intro=lambda: re.compile(data.offering_intro, re.MULTILINE),
        offering_prose=lambda: compile_one(data.offering_prose),
        offering_apposition=lambda: compile_one(data.offering_apposition),
        offering_appositive=lambda: compile_one(data.offering_appositive),
        subservice_apposition=lambda: compile_one(data.subservice_apposition),
        production_cue=lambda: compile_one(data.production_cue),
        not_production_cue=lambda: compile_one(data.not_production_cue),
        status_line_end=lambda: compile_one(data.status_line_end),
        excluded_after_name=lambda: compile_one(data.excluded_after_name),
        excluded_before_name=lambda: compile_one(data.excluded_before_name),
    )


def _headings(data: SocFile) -> HeadingSpec:
    """The section titles of both levels, each level also as one pattern (``outline``)."""
    from scopegap.extract.soc.sections import HeadingSpec

    top = {key: compile_any(p) for key, p in data.sections.items()}
    sub = {key: compile_any(p) for key, p in data.subsections.items()}
    return HeadingSpec(
        top=top,
        sub=sub,
        any_top=compile_any(p.pattern for p in top.values()),
        any_heading=compile_any(p.pattern for p in (*top.values(), *sub.values())),
        prefix=compile_one(data.heading_prefix),
        contents=compile_one(data.contents_heading),
        open_line=compile_one(data.heading_after_open_line),
        report_title=compile_one(data.report_title),
        max_chars=data.heading_max_chars,
        furniture_share=data.furniture_share,
        furniture_min_pages=data.furniture_min_pages,
        bullets=str.maketrans({glyph: "•" for glyph in data.symbol_bullets}),
    )
