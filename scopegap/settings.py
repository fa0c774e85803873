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

import yaml

from scopegap.errors import UsageError

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
}
SEVERITY_RANK: dict[str, int] = {"high": 3, "medium": 2, "low": 1}
_POSITIVE = frozenset({"max_pages", "document_timeout", "max_chars_per_page", "ocr_dpi"})
OCR_LANGUAGES = re.compile(r"[a-z_]{3,}(?:\+[a-z_]{3,})*")


@dataclass(frozen=True)
class Settings:
    expiring_soon_days: int = 90
    stale_report_months: int = 12
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


def load_settings(path: str | Path | None) -> Settings:
    """Read a YAML config; unknown keys and bad values are usage errors (exit 2)."""
    settings = Settings()
    if path is None:
        return settings
    if Path(path).exists() and not Path(path).is_file():  # a pipe would block the run
        raise UsageError(f"{path}: cannot read config: not a regular file")
    try:
        text = Path(path).read_text(encoding="utf-8")
        if len(text) > 65536 or any(isinstance(e, yaml.AliasEvent) for e in yaml.parse(text)):
            raise UsageError(f"{path}: config must be under 64 KiB, without YAML aliases")
        raw = yaml.safe_load(text) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise UsageError(f"{path}: cannot read config: {error}") from None
    if not isinstance(raw, dict):
        raise UsageError(f"{path}: config must be a mapping")
    known = {f.name for f in fields(Settings)}
    changes: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise UsageError(f"{path}: unknown config key {key!r}")
        if key == "severities":
            if not isinstance(value, dict) or any(
                k not in DEFAULT_SEVERITIES or v not in SEVERITY_RANK for k, v in value.items()
            ):
                raise UsageError(f"{path}: severities must map finding kinds to high|medium|low")
            changes[key] = {**DEFAULT_SEVERITIES, **value}
        elif key == "ocr":
            if not isinstance(value, bool):
                raise UsageError(f"{path}: ocr must be true or false")
            changes[key] = value
        elif key == "ocr_languages":
            if not isinstance(value, str) or not OCR_LANGUAGES.fullmatch(value):
                raise UsageError(f"{path}: ocr_languages must be Tesseract codes like tur+eng")
            changes[key] = value
        elif key in _POSITIVE and (isinstance(value, bool) or not isinstance(value, int | float)
                                   or value <= 0):
            raise UsageError(f"{path}: {key} must be a positive number")
        elif key == "edition_2013_sunset":
            if not isinstance(value, date):
                raise UsageError(f"{path}: {key} must be a date YYYY-MM-DD")
            changes[key] = value
        else:
            default = getattr(settings, key)
            if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                raise UsageError(f"{path}: {key} must be a non-negative number")
            changes[key] = type(default)(value)
    return replace(settings, **changes)
