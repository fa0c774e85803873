"""The values that flow between stages: frozen, so a stage can never edit what it was given.

Every extracted value carries ``Evidence`` (page and the document's own words) because a
reviewer must be able to check each line of a report against the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final, Literal

DocumentKind = Literal[
    "iso27001_certificate",
    "iso_certificate",
    "soc2_type1",
    "soc2_type2",
    "soc3",
    "bridge_letter",
    "subprocessor_list",
    "unknown",
]
# The one home of each family of document kinds: code asks these, never its own list.
SOC_REPORT_KINDS: frozenset[str] = frozenset({"soc2_type1", "soc2_type2", "soc3"})
CERTIFICATE_KINDS: frozenset[str] = frozenset({"iso27001_certificate", "iso_certificate"})
LIST_KIND: Final = "subprocessor_list"  # a vendor's own list of its subprocessors: never coverage
COVERING_KINDS: frozenset[str] = frozenset({"iso27001_certificate"}) | SOC_REPORT_KINDS
ItemType = Literal["tool", "site", "region", "subprocessor"]
CoverageStatus = Literal["covered", "uncovered", "excluded", "carved_out"]
Severity = Literal["high", "medium", "low"]
FindingStatus = Literal["open", "waived"]
TextSource = Literal["text", "layout", "ocr"]  # which pass read the words


@dataclass(frozen=True)
class Evidence:
    """Where a value came from: 1-based page number and the document's own words.

    ``start``/``end`` are the character span of the deciding words in the page's text (from
    the text layer, ``ingest/text.py``) so a report can highlight them; None when the value
    was not read from a span of one page (a table cell, a merged statement). Internal: the
    SPEC JSON quotes ``text`` only.

    ``confidence``: for a value read by OCR, Tesseract's confidence (0-100) in the span (mean
    over its characters); None for a text layer. A low one is named in the warnings.
    """

    page: int
    text: str
    source: TextSource = "text"
    start: int | None = None
    end: int | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class Standard:
    """A certified standard with its edition, e.g. ISO/IEC 27001:2022."""

    number: str  # "27001", "9001", "20000-1"
    edition: str | None  # "2022"; None when the document prints none
    label: str  # "ISO/IEC 27001:2022"
    evidence: Evidence
    as_printed: str = ""  # "EN ISO/IEC 27001:2017" when it was normalised to 2013


@dataclass(frozen=True)
class DateValue:
    """A date read from the document. ``order_reason`` says how its day/month order was
    decided (``DateMatch.resolved_by``: "text", "document", "separator", "hint",
    "plausibility", "earlier"), None when no numeric order was in question."""

    value: date
    evidence: Evidence
    ambiguous: bool = False
    order_reason: str | None = None


@dataclass(frozen=True)
class TextValue:
    value: str
    evidence: Evidence


@dataclass(frozen=True)
class SystemRef:
    """A product or system the scope names. ``name`` is canonical when the catalog knows it."""

    name: str
    evidence: Evidence
    catalog_id: str | None = None
    matched_alias: str | None = None


@dataclass(frozen=True)
class SiteRef:
    """A location the document covers. ``kind`` 'country' is a country-wide statement."""

    name: str
    evidence: Evidence
    city: str | None = None
    country: str | None = None  # ISO 3166 alpha-2
    kind: Literal["site", "hq", "country"] = "site"
    jurisdiction: str | None = None  # set for statements about a group ("EU")


@dataclass(frozen=True)
class RegionRef:
    """A cloud region, or a statement covering a provider's regions in a jurisdiction."""

    name: str  # "AWS eu-west-2", or "AWS regions in EU"
    evidence: Evidence
    provider: str | None = None  # "aws" | "azure" | "gcp" | "oci"
    code: str | None = None
    country: str | None = None
    jurisdiction: str | None = None  # set for group statements: "EU", "US", ...


@dataclass(frozen=True)
class Exclusion:
    """A phrase that takes something out of scope, and the names it takes out."""

    text: str
    evidence: Evidence
    targets: tuple[str, ...] = ()


@dataclass(frozen=True)
class SubserviceOrg:
    name: str
    method: Literal["carve-out", "inclusive"]
    evidence: Evidence


@dataclass(frozen=True)
class SubprocessorRef:
    """One entry of a vendor's subprocessor list: the third party as printed, what it does
    and where (ISO alpha-2 ``locations``; ``areas`` are groups named without a country,
    e.g. "EU"). ``evidence.page`` is 1 for files without pages (HTML, Markdown, CSV), whose
    ``line`` says where the entry starts."""

    name: str
    evidence: Evidence
    purpose: str | None = None
    locations: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    location_text: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class DocumentScope:
    """What one document says it covers: the output of extraction, input of matching."""

    path: str
    sha256: str
    kind: DocumentKind
    page_count: int
    standards: tuple[Standard, ...] = ()
    holder: TextValue | None = None
    issuer: TextValue | None = None
    certificate_number: TextValue | None = None
    window_start: DateValue | None = None
    window_end: DateValue | None = None
    original_date: DateValue | None = None
    scope_text: TextValue | None = None
    systems: tuple[SystemRef, ...] = ()
    sites: tuple[SiteRef, ...] = ()
    regions: tuple[RegionRef, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    subservice_organizations: tuple[SubserviceOrg, ...] = ()
    opinion: TextValue | None = None
    trust_services_categories: tuple[str, ...] = ()
    cuecs: tuple[TextValue, ...] = ()
    exceptions: int | None = None
    updated: DateValue | None = None  # a subprocessor list's "last updated" date
    subprocessors: tuple[SubprocessorRef, ...] = ()  # a subprocessor list's entries
    warnings: tuple[str, ...] = ()
    text_pages: tuple[int, ...] = ()  # pages that had extractable text
    no_text_pages: tuple[int, ...] = ()  # pages with no usable text layer
    blank_pages: tuple[int, ...] = ()  # textless pages that show nothing (a blank back page)

    @property
    def file_name(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]

    @property
    def gives_coverage(self) -> bool:
        return self.kind in COVERING_KINDS


@dataclass(frozen=True)
class StackItem:
    """One declared item of the contract stack. ``name`` is its identity in every output."""

    name: str
    type: ItemType
    line: int
    extra: tuple[tuple[str, Any], ...] = ()
    country: str | None = None  # sites: "ZA" given explicitly


@dataclass(frozen=True)
class Waiver:
    """An accepted gap: one finding kind on one subject, until a date (SPEC: waivers).

    ``source``/``line`` say where it was written, so an error about it (an unknown subject)
    and the finding that names it (``waiver_expired``) point at the line to edit.
    """

    finding: str
    subject: str
    reason: str
    accepted_by: str
    until: date
    source: str = ""
    line: int | None = None

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else self.source


@dataclass(frozen=True)
class DataLocation:
    """One entry of the stack's ``data_locations`` as written ("EU", "Germany", "DE")."""

    name: str
    line: int


@dataclass(frozen=True)
class Stack:
    vendor: str
    path: str
    contract_reference: str | None = None
    contract_start: date | None = None
    contract_end: date | None = None
    tools: tuple[StackItem, ...] = ()
    sites: tuple[StackItem, ...] = ()
    regions: tuple[StackItem, ...] = ()
    subprocessors: tuple[StackItem, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    # Where contract data may be processed (schema 1.1), as written, and the countries
    # those entries resolve to; None when the stack sets no data_locations.
    data_locations: tuple[DataLocation, ...] = ()
    data_countries: tuple[str, ...] | None = None

    @property
    def items(self) -> tuple[StackItem, ...]:
        return self.tools + self.sites + self.regions + self.subprocessors


@dataclass(frozen=True)
class Coverage:
    """The decision for one stack item, with the rule that made it (``rule``) and evidence."""

    item: StackItem
    status: CoverageStatus
    rule: str
    document: str | None = None
    page: int | None = None
    evidence: str | None = None
    score: float | None = None
    matched: str | None = None  # the document's name for the item


@dataclass(frozen=True)
class Finding:
    """One finding. ``id`` is its stable identity (``rules/ids.py``), set once every rule
    has run; ``status`` is "waived" with the ``waiver`` that accepted it (``rules/waivers``)."""

    kind: str
    severity: Severity
    subject: str
    message: str
    document: str | None = None
    page: int | None = None
    evidence: str | None = None
    id: str = ""
    status: FindingStatus = "open"
    waiver: Waiver | None = None

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class Report:
    as_of: date
    vendor: str | None
    documents: tuple[DocumentScope, ...]
    coverage: tuple[Coverage, ...] = ()
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def open_findings(self) -> tuple[Finding, ...]:
        """The findings that still count (for --fail-on, the verdict, the worst one)."""
        return tuple(f for f in self.findings if f.is_open)
