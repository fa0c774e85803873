"""Validation helpers for the raw catalog files: each rejection names the file and the entry.

A catalog with two tools sharing an alias or a region in an unknown country would quietly
merge or lose items at match time, so the build refuses it with a ``UsageError``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from scopegap.errors import UsageError

COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class Where:
    """Names the file and entry in every validation error, as the brief to users demands."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, entry: str | None, reason: str) -> UsageError:
        where = f"{self.path}: {entry}" if entry else self.path
        return UsageError(f"{where}: {reason}")


def mapping(raw: Any, where: Where, entry: str | None = None) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise where.fail(entry, "expected a mapping")
    return raw


def entries(raw: Any, key: str, where: Where) -> list[Mapping[str, Any]]:
    items = mapping(raw, where).get(key)
    if not isinstance(items, list):
        raise where.fail(None, f"'{key}' must be a list")
    return [mapping(item, where, f"{key}[{n}]") for n, item in enumerate(items)]


def text(entry: Mapping[str, Any], key: str, where: Where, label: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise where.fail(label, f"missing or empty '{key}'")
    return value.strip()


def optional_text(entry: Mapping[str, Any], key: str, where: Where, label: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise where.fail(label, f"'{key}' must be a non-empty string or null")
    return value.strip()


def texts(entry: Mapping[str, Any], key: str, where: Where, label: str) -> tuple[str, ...]:
    value = entry.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise where.fail(label, f"'{key}' must be a list of non-empty strings")
    return tuple(dict.fromkeys(v.strip() for v in value))


def country_ref(
    value: Any, countries: Mapping[str, Any], where: Where, label: str, key: str = "country"
) -> str:
    if isinstance(value, bool):  # YAML 1.1 reads an unquoted NO (Norway) as false
        raise where.fail(label, f"'{key}' is a boolean: quote the code (\"NO\")")
    if not isinstance(value, str) or value not in countries:
        raise where.fail(label, f"unknown country code {value!r}")
    return value


def parse_legal_forms(raw: Any, path: str) -> tuple[str, ...]:
    where = Where(path)
    forms = mapping(raw, where).get("legal_forms")
    if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
        raise where.fail(None, "'legal_forms' must be a list of non-empty strings")
    return tuple(forms)
