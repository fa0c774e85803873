"""Thresholds and severities: defaults from SPEC.md, overridable by a YAML config file.

They are settings rather than constants because each buyer's vendor-risk policy differs
(some accept a SOC report for 15 months, some want 60 days' notice of an expiry).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from scopegap.resources.loader import SchemaViolation, line_of, parse_mapping
from scopegap.resources.user_files import read_user_text, usage_error

DEFAULT_SEVERITIES: dict[str, str] = {
    "uncovered_tool": "high",
    "uncovered_site": "high",
    "uncovered_region": "high",
    "uncovered_subprocessor": "high",
    "excluded": "high",
    "carved_out": "medium",
    "expired": "high",
    "superseded_edition": "high",
    "expiring_soon": "medium",
    "expires_before_contract_end": "low",
    "stale_report": "high",
    "bridge_gap": "medium",
    "type1_only": "medium",
    "modified_opinion": "high",
    "holder_mismatch": "medium",
    "no_text_layer": "high",
    "waiver_expired": "high",
    "undeclared_subprocessor": "high",
    "subprocessor_not_listed": "low",
    "subprocessor_outside_locations": "medium",
    "stale_subprocessor_list": "low",
}
SEVERITY_RANK: dict[str, int] = {"high": 3, "medium": 2, "low": 1}
_POSITIVE = frozenset({"max_pages", "document_timeout", "max_chars_per_page", "ocr_dpi"})
OCR_LANGUAGES = re.compile(r"[a-z_]{3,}(?:\+[a-z_]{3,})*")


@dataclass(frozen=True)
class Settings:
    expiring_soon_days: int = 90
    stale_report_months: int = 12
    stale_subprocessor_list_months: int = 12
    bridge_max_months: int = 3
    edition_2013_sunset: date = date(2025, 10, 31)
    fuzzy_cutoff: float = 90.0
    severities: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_SEVERITIES))
    # Reading limits: a hostile or oversized document must fail with a reason, never hang
    # a batch or exhaust memory. A real SOC 2 report has a few hundred pages of ≤ 10k chars.
    max_pages: int = 10_000
    document_timeout: float = 300.0  # seconds per document, OCR included
    max_chars_per_page: int = 20_000
    # OCR of image-only and garbled pages (off unless asked: it is slow, and its values need
    # checking against the page image).
    ocr: bool = False
    ocr_languages: str = "eng"  # Tesseract language codes, e.g. "tur+eng"
    ocr_dpi: int = 300

    def severity(self, kind: str) -> str:
        return self.severities.get(kind, DEFAULT_SEVERITIES[kind])


CONFIG_MAX_BYTES = 64 * 1024  # a config is a few lines; a larger file is not one
_CONFIG = "a config file"


def load_settings(path: str | Path | None) -> Settings:
    """Read a YAML config; unknown keys and bad values are usage errors (exit 2) naming the
    file and the line: ``FILE:LINE: reason``."""
    settings = Settings()
    if path is None:
        return settings
    text = read_user_text(path, usage_error, max_bytes=CONFIG_MAX_BYTES, kind=_CONFIG)
    raw = parse_mapping(text, label=str(path), kind=_CONFIG)
    try:
        return replace(settings, **_changes(raw, settings))
    except SchemaViolation as violation:
        raise usage_error(str(path), violation.reason, line_of(text, violation.path)) from None


def _changes(raw: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """The fields ``raw`` sets, each checked; a bad one is a ``SchemaViolation`` at its key."""
    known = {f.name for f in fields(Settings)}
    changes: dict[str, Any] = {}
    for key, value in raw.items():
        def bad(reason: str, key: str = key) -> SchemaViolation:
            return SchemaViolation((key,), reason)

        if key not in known:
            raise bad(f"unknown config key {key!r}")
        if key == "severities":
            if not isinstance(value, dict) or any(
                k not in DEFAULT_SEVERITIES or v not in SEVERITY_RANK for k, v in value.items()
            ):
                raise bad("severities must map finding kinds to high|medium|low")
            changes[key] = {**DEFAULT_SEVERITIES, **value}
        elif key == "ocr":
            if not isinstance(value, bool):
                raise bad("ocr must be true or false")
            changes[key] = value
        elif key == "ocr_languages":
            if not isinstance(value, str) or not OCR_LANGUAGES.fullmatch(value):
                raise bad("ocr_languages must be Tesseract codes like tur+eng")
            changes[key] = value
        elif key in _POSITIVE and (isinstance(value, bool) or not isinstance(value, int | float)
                                   or value <= 0):
            raise bad(f"{key} must be a positive number")
        elif key == "edition_2013_sunset":
            if not isinstance(value, date):
                raise bad(f"{key} must be a date YYYY-MM-DD")
            changes[key] = value
        else:
            default = getattr(settings, key)
            if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                raise bad(f"{key} must be a non-negative number")
            changes[key] = type(default)(value)
    return changes
