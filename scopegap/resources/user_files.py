"""Reading a user's YAML file (stack, config, manifest) safely, one way for all of them.

The user's files come from outside and may be wrong or hostile: a pipe that never ends, a
huge file, a "billion laughs" of aliases, a ``[[[[...`` nesting bomb. Each is refused before
any YAML work with one line naming the file, the line and the reason (SPEC: exit 2). Parsing
composes PyYAML's node tree (``SafeLoader``), so every value keeps its line number and nothing
beyond ``safe_load`` ever runs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import Node

from scopegap.errors import ScopegapError, UsageError

# Builds the error a caller raises: (file as shown, reason, line or None).
ErrorFactory = Callable[[str, str, "int | None"], ScopegapError]

MAX_DEPTH: Final[int] = 32
"""Deepest nesting of lists/mappings accepted. A user file needs about five levels; the limit
stops a ``[[[[...`` file from exhausting Python's recursion limit in the composer."""


def usage_error(label: str, reason: str, line: int | None) -> ScopegapError:
    """The default error: a ``UsageError`` (exit 2) reading ``FILE:LINE: reason``."""
    where = f"{label}:{line}" if line is not None else label
    return UsageError(f"{where}: {reason}")


class _Refused(Exception):
    """Raised from inside the composer; carries a reason and a 1-based line."""

    def __init__(self, reason: str, line: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


class _RefusingLoader(yaml.SafeLoader):
    """A SafeLoader that refuses anchors/aliases and deep nesting while composing.

    Aliases are refused outright (not just expanded carefully) because a user file never
    needs them and alias expansion is the classic "billion laughs" memory bomb.
    """

    def __init__(self, text: str, kind: str) -> None:
        super().__init__(text)
        self._depth = 0
        self._kind = kind

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
        line = int(event.start_mark.line) + 1 if event.start_mark is not None else 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(
                f"YAML anchors and aliases (& and *) are not allowed in {self._kind}: "
                "write each value out in full",
                line,
            )
        if self._depth >= MAX_DEPTH:
            raise _Refused(f"nested more than {MAX_DEPTH} levels deep", line)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def read_user_text(path: str | Path, error: ErrorFactory, *, max_bytes: int, kind: str) -> str:
    """The text of the user's file at ``path``; every problem is ``error(path, reason, line)``.

    ``kind`` names the file in reasons ("a stack file"); ``max_bytes`` is its size limit.
    """
    name = str(path)
    file = Path(path)
    if file.is_dir():
        raise error(name, "is a directory", None)
    if file.exists() and not file.is_file():  # a pipe or device would block or never end
        raise error(name, "is not a regular file (a device, pipe or socket)", None)
    try:
        with file.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise error(name, "file not found", None) from None
    except IsADirectoryError:
        raise error(name, "is a directory", None) from None
    except PermissionError:
        raise error(name, "cannot read the file: permission denied", None) from None
    except OSError as problem:
        raise error(name, f"cannot read the file: {problem.strerror or problem}", None) from None
    check_size(name, len(data), error, max_bytes=max_bytes, kind=kind)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = data.count(b"\n", 0, problem.start) + 1
        raise error(
            name,
            f"is not UTF-8 text (byte 0x{data[problem.start]:02x} cannot be read): "
            "save the file as UTF-8",
            line,
        ) from None


def check_size(path: str, size: int, error: ErrorFactory, *, max_bytes: int, kind: str) -> None:
    """Refuse over-large input before any YAML work is done."""
    if size > max_bytes:
        if max_bytes >= 1024 * 1024:
            limit = f"{max_bytes // (1024 * 1024)} MiB"
        else:
            limit = f"{max_bytes // 1024} KiB"
        raise error(path, f"file is larger than {limit}: not {kind}", None)


def compose_user_yaml(text: str, path: str, error: ErrorFactory, *, kind: str) -> Node | None:
    """Compose one YAML document to nodes, turning every YAML failure into ``error``."""
    loader: _RefusingLoader | None = None
    try:
        loader = _RefusingLoader(text, kind)
        return loader.get_single_node()
    except _Refused as refused:
        raise error(path, refused.reason, refused.line) from None
    except yaml.MarkedYAMLError as problem:
        mark = problem.problem_mark or problem.context_mark
        raise error(path, syntax_reason(problem), mark.line + 1 if mark else None) from None
    except yaml.reader.ReaderError as problem:
        line = text.count("\n", 0, max(problem.position, 0)) + 1
        char = problem.character if isinstance(problem.character, int) else 0
        raise error(
            path, f"contains a character YAML does not allow (U+{char:04X}): remove it", line
        ) from None
    except yaml.YAMLError as problem:  # pragma: no cover - every PyYAML error is one of the above
        raise error(path, one_line(f"not valid YAML: {problem}"), None) from None
    except RecursionError:  # pragma: no cover - MAX_DEPTH stops this first
        raise error(path, "nested too deeply", None) from None
    finally:
        if loader is not None:
            loader.dispose()


def construct(node: Node | None, path: str, error: ErrorFactory) -> Any:
    """The plain Python value of a composed document (what ``safe_load`` would return)."""
    if node is None:
        return None
    try:
        return SafeConstructor().construct_document(node)
    except (ValueError, TypeError, OverflowError, yaml.YAMLError) as problem:
        # PyYAML's timestamp constructor raises ValueError on 2025-02-30, etc.
        line = int(node.start_mark.line) + 1
        raise error(path, one_line(f"cannot read a value: {show(problem, 120)}"), line) from None


def syntax_reason(error: yaml.MarkedYAMLError) -> str:
    """PyYAML's problem text, with its context when the problem alone makes no sense."""
    problem = error.problem or error.context or "cannot be parsed"
    if problem.startswith("but ") and error.context:
        problem = f"{error.context} {problem}"  # "expected a single document ... but found"
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = " (a value containing ': ' must be put in quotes)"
    elif "expected <block end>" in problem or "could not find expected ':'" in problem:
        hint = " (check the indentation of this line)"
    elif "'\\t'" in problem:
        hint = " (indent with spaces, not tabs)"
    return one_line(f"not valid YAML: {show(problem, 160)}{hint}")


def one_line(text: str) -> str:
    """Error messages are a single line on stderr (SPEC)."""
    return " ".join(text.split())


def show(value: object, limit: int = 60) -> str:
    """A value as quoted in an error: one line, and short enough to read."""
    text = one_line(str(value))
    return text if len(text) <= limit else text[: limit - 3] + "..."
