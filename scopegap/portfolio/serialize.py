"""Lossless ``DocumentScope`` ↔ plain dict, so an extraction can be cached and reloaded.

The SPEC JSON (report/json_report.py) is a *view* that drops fields (evidence of dates,
catalog ids, source pass); the cache needs every field back, so this walks the dataclasses
generically from their type hints. A field added to the domain later is carried without a
change here, and a value that does not fit its declared type is refused (``ValueError``)
rather than silently coerced: a cached scope must be exactly the scope that was extracted.
"""

from __future__ import annotations

import dataclasses
import types
from datetime import date
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from scopegap.domain import DocumentScope

FORMAT_VERSION = 2  # bump when the dict shape changes (part of the cache key)


def scope_to_dict(scope: DocumentScope) -> dict[str, Any]:
    """Every field of ``scope`` as JSON-compatible values (dates as ISO strings)."""
    result = _dump(scope)
    assert isinstance(result, dict)
    return result


def scope_from_dict(data: dict[str, Any]) -> DocumentScope:
    """The inverse of ``scope_to_dict``; raises ValueError on a malformed dict."""
    value = _load(DocumentScope, data, "DocumentScope")
    assert isinstance(value, DocumentScope)
    return value


def _dump(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_dump(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise ValueError(f"cannot serialise {type(value).__name__}")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _load(hint: Any, value: Any, where: str) -> Any:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = get_args(hint)
        if value is None and type(None) in options:
            return None
        errors = []
        for option in options:
            if option is type(None):
                continue
            try:
                return _load(option, value, where)
            except ValueError as error:
                errors.append(str(error))
        raise ValueError("; ".join(errors) or f"{where}: null not allowed")
    if origin is Literal:
        if value not in get_args(hint):
            raise ValueError(f"{where}: {value!r} is not one of {get_args(hint)}")
        return value
    if origin is tuple:
        if not isinstance(value, list):
            raise ValueError(f"{where}: expected a list")
        args = get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_load(args[0], item, f"{where}[{i}]") for i, item in enumerate(value))
        if len(args) != len(value):
            raise ValueError(f"{where}: expected {len(args)} items")
        return tuple(_load(a, item, f"{where}[{i}]") for i, (a, item) in
                     enumerate(zip(args, value, strict=True)))
    if hint is Any:
        return _thaw(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _load_dataclass(hint, value, where)
    if hint is date:
        if not isinstance(value, str):
            raise ValueError(f"{where}: expected a date string")
        return date.fromisoformat(value)
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if hint in (str, int, bool) and type(value) is hint:
        return value
    raise ValueError(f"{where}: {value!r} is not a {getattr(hint, '__name__', hint)}")


def _load_dataclass(cls: type, value: Any, where: str) -> Any:
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected a mapping")
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(cls) if f.init}
    unknown = set(value) - names
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {sorted(unknown)}")
    kwargs = {name: _load(hints[name], value[name], f"{where}.{name}")
              for name in names if name in value}
    try:
        return cls(**kwargs)
    except TypeError as error:  # a required field is missing
        raise ValueError(f"{where}: {error}") from None


def _thaw(value: Any) -> Any:
    """``Any`` fields hold what the extractor put there; lists come back as tuples."""
    if isinstance(value, list):
        return tuple(_thaw(item) for item in value)
    return value
