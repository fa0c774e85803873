"""Thresholds and severities: defaults from SPEC.md, overridable by a YAML config file.

They are settings rather than constants because each buyer's vendor-risk policy differs
(some accept a SOC report for 15 months, some want 60 days' notice of an expiry).
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class Settings:
    expiring_soon_days: int = 90
    stale_report_months: int = 12
    bridge_max_months: int = 3
    edition_2013_sunset: date = date(2025, 10, 31)
    fuzzy_cutoff: float = 90.0
    severities: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_SEVERITIES))

    def severity(self, kind: str) -> str:
        return self.severities.get(kind, DEFAULT_SEVERITIES[kind])


def load_settings(path: str | Path | None) -> Settings:
    """Read a YAML config; unknown keys and bad values are usage errors (exit 2)."""
    settings = Settings()
    if path is None:
        return settings
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
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
