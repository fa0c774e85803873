"""One declarative, validated loader for every YAML file: shipped data and the user's files.

A file is described by a frozen dataclass (its *schema*): each field is a key, its annotation
the type the value must have, a field with a default is optional. Loading checks that every
required key is there, that no unknown key is (a misspelt key is an error on load, never a
``KeyError`` on the first document), and every value's type, and raises one clear line
``FILE:LINE: reason`` (lines from PyYAML's node marks, looked up only when something is wrong).

Supported annotations: ``str``, ``int``, ``float``, ``bool``, ``Any``/``object`` (as parsed),
``X | None``, ``Literal[...]``, ``tuple[X, ...]`` (a YAML list, kept as a tuple),
``list[X]``, ``dict[str, X]``/``Mapping[str, X]`` and a nested schema dataclass. A key
that is not a Python identifier is named with ``field(metadata=yaml_key("the-key"))``.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar, Union

from scopegap.resources.files import load_yaml, model_file
from scopegap.resources.user_files import (
    ErrorFactory,
    compose_user_yaml,
    construct,
    read_user_text,
    usage_error,
)

T = TypeVar("T")
MAX_USER_BYTES = 1024 * 1024  # a config or manifest is a few KiB; a larger file is not one
KeyPath = tuple["str | int", ...]

_YAML_KEY = "scopegap.yaml_key"


def yaml_key(name: str) -> dict[str, str]:
    """Field metadata naming the YAML key of a field whose key is not an identifier."""
    return {_YAML_KEY: name}


class SchemaViolation(Exception):
    """A value that does not fit its schema, at ``path`` (keys and list indexes)."""

    def __init__(self, path: KeyPath, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


def load_model(relative: str, schema: type[T]) -> T:
    """The shipped data file ``models/<relative>``, validated against ``schema`` (cached)."""
    key = (relative, schema)
    if key not in _MODELS:
        try:
            _MODELS[key] = build(load_yaml(relative), schema)
        except SchemaViolation as violation:
            text = model_file(relative).read_text(encoding="utf-8")
            line = line_of(text, violation.path)
            raise usage_error(f"models/{relative}", _reason(violation), line) from None
    return _MODELS[key]  # type: ignore[no-any-return]


_MODELS: dict[tuple[str, type[Any]], Any] = {}  # data files never change within a run


def load_file(
    path: str | Path,
    schema: type[T],
    *,
    error: ErrorFactory = usage_error,
    kind: str = "a YAML file",
    max_bytes: int = MAX_USER_BYTES,
) -> T:
    """The user's YAML file at ``path`` validated against ``schema``.

    Read as every user file is (``scopegap.resources.user_files``: regular file, size cap,
    UTF-8, no aliases); every problem is ``error(path, reason, line)``: ``StackError`` fits
    as it is, the default is a ``UsageError``. ``kind`` names the file in reasons.
    """
    text = read_user_text(path, error, max_bytes=max_bytes, kind=kind)
    return parse_text(text, schema, label=str(path), error=error, kind=kind)


def parse_text(
    text: str,
    schema: type[T],
    *,
    label: str,
    error: ErrorFactory = usage_error,
    kind: str = "a YAML file",
) -> T:
    """YAML ``text`` validated against ``schema``; problems are ``error(label, reason, line)``."""
    node = compose_user_yaml(text, label, error, kind=kind)
    data = construct(node, label, error)
    try:
        return build(data, schema)
    except SchemaViolation as violation:
        raise error(label, _reason(violation), node_line(node, violation.path)) from None


def parse_mapping(
    text: str, *, label: str, error: ErrorFactory = usage_error, kind: str = "a YAML file"
) -> dict[str, Any]:
    """YAML ``text`` that must be a mapping (an empty file is an empty one), for files whose
    keys the caller checks itself, one by one (raise ``SchemaViolation((key,), reason)`` and
    report it with ``line_of``)."""
    node = compose_user_yaml(text, label, error, kind=kind)
    data = construct(node, label, error)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise error(label, f"must be a mapping (key: value lines), not {_name(data)}", 1)
    return data


def build(data: Any, schema: type[T]) -> T:
    """Parsed YAML ``data`` as a ``schema`` instance; ``SchemaViolation`` when it does not fit."""
    return _convert(data, schema, ())  # type: ignore[no-any-return]


def _reason(violation: SchemaViolation) -> str:
    where = _dotted(violation.path)
    return f"{where}: {violation.reason}" if where else violation.reason


def _dotted(path: KeyPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _hints(schema: type[Any]) -> dict[str, Any]:
    if schema not in _HINTS:
        _HINTS[schema] = typing.get_type_hints(schema)
    return _HINTS[schema]


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _convert(value: Any, kind: Any, path: KeyPath) -> Any:
    if kind is Any or kind is object:
        return value
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        return _record(value, kind, path)
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin is Union or origin is types.UnionType:
        return _union(value, args, path)
    if origin is Literal:
        if value not in args:
            choices = ", ".join(repr(arg) for arg in args)
            raise SchemaViolation(path, f"must be one of {choices}, not {value!r}")
        return value
    if origin in (tuple, list):
        if not isinstance(value, list):
            raise SchemaViolation(path, f"must be a list, not {_name(value)}")
        inner = args[0] if args else Any
        items = [_convert(item, inner, (*path, n)) for n, item in enumerate(value)]
        return tuple(items) if origin is tuple else items
    if origin in (dict, Mapping):
        if not isinstance(value, dict):
            raise SchemaViolation(path, f"must be a mapping, not {_name(value)}")
        key_kind, value_kind = args if args else (Any, Any)
        return {
            _convert(key, key_kind, (*path, str(key))): _convert(
                item, value_kind, (*path, str(key))
            )
            for key, item in value.items()
        }
    return _scalar(value, kind, path)


def _scalar(value: Any, kind: Any, path: KeyPath) -> Any:
    if kind is bool:
        if isinstance(value, bool):
            return value
        raise SchemaViolation(path, f"must be true or false, not {_name(value)}")
    if kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise SchemaViolation(path, f"must be a whole number, not {_name(value)}")
    if kind is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        raise SchemaViolation(path, f"must be a number, not {_name(value)}")
    if kind is str:
        if isinstance(value, str):
            return value
        hint = ' (quote it: "NO")' if isinstance(value, bool) else ""
        raise SchemaViolation(path, f"must be a string, not {_name(value)}{hint}")
    raise TypeError(f"schema annotation {kind!r} is not supported by the loader")


def _union(value: Any, options: tuple[Any, ...], path: KeyPath) -> Any:
    if value is None and type(None) in options:
        return None
    problems: list[SchemaViolation] = []
    for option in options:
        if option is type(None):
            continue
        try:
            return _convert(value, option, path)
        except SchemaViolation as problem:
            problems.append(problem)
    if len(problems) == 1:
        raise problems[0]
    names = " or ".join(_kind_name(option) for option in options)
    raise SchemaViolation(path, f"must be {names}, not {_name(value)}")


def _record(value: Any, schema: type[Any], path: KeyPath) -> Any:
    if not isinstance(value, dict):
        raise SchemaViolation(path, f"must be a mapping, not {_name(value)}")
    hints = _hints(schema)
    known: dict[str, dataclasses.Field[Any]] = {
        field.metadata.get(_YAML_KEY, field.name): field for field in dataclasses.fields(schema)
    }
    for key in value:
        if key not in known:
            expected = ", ".join(sorted(known))
            raise SchemaViolation((*path, str(key)), f"unknown key (expected one of: {expected})")
    arguments: dict[str, Any] = {}
    for key, field in known.items():
        if key in value:
            arguments[field.name] = _convert(value[key], hints[field.name], (*path, key))
        elif (
            field.default is dataclasses.MISSING
            and field.default_factory is dataclasses.MISSING
        ):
            raise SchemaViolation(path, f"missing key {key!r}")
    return schema(**arguments)


def _name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the string {value!r}"
    return f"{type(value).__name__} {value!r}"


def _kind_name(kind: Any) -> str:
    if kind is type(None):
        return "nothing"
    origin = typing.get_origin(kind)
    if origin in (tuple, list):
        return "a list"
    if origin in (dict, Mapping) or dataclasses.is_dataclass(kind):
        return "a mapping"
    return {str: "a string", int: "a whole number", float: "a number", bool: "true or false"}.get(
        kind, str(kind)
    )


def line_of(text: str, path: KeyPath) -> int | None:
    """The 1-based line of the node at ``path`` in YAML ``text`` (the deepest one that exists)."""
    import yaml

    try:
        return node_line(yaml.compose(text, Loader=yaml.SafeLoader), path)
    except yaml.YAMLError:
        return None


def node_line(node: Any, path: KeyPath) -> int | None:
    """The 1-based line of the node at ``path`` below ``node`` (the deepest one that exists)."""
    if node is None:
        return None
    line: int = node.start_mark.line + 1
    for part in path:
        child = _child(node, part)
        if child is None:
            break
        node, line = child
    return line


def _child(node: Any, part: str | int) -> tuple[Any, int] | None:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if str(key.value) == str(part):
                # an unknown or mistyped key is reported where the key is written
                return value, key.start_mark.line + 1
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item = node.value[part]
        return item, item.start_mark.line + 1
    return None
