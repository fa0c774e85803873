"""Errors the CLI turns into one line on stderr and an exit code (SPEC: 2 usage, 3 document)."""

from __future__ import annotations


class ScopegapError(Exception):
    """Base class: ``str(error)`` is the one line the user sees."""

    exit_code = 1


class UsageError(ScopegapError):
    """Bad option or configuration: exit 2."""

    exit_code = 2


class StackError(UsageError):
    """The contract stack file cannot be used; names the file, the line and the key."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.reason = reason
        self.line = line


class DocumentError(ScopegapError):
    """A document could not be read at all: exit 3."""

    exit_code = 3

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
