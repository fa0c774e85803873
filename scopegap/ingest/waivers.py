"""Read waivers (accepted gaps) from ``waivers:`` in the stack or a ``--waivers`` file.

Both go through the one validated loader (``resources.loader``): every key checked, a
missing ``until`` or a misspelt key is ``FILE:LINE: reason`` (exit 2), and each waiver keeps
its line so a later error about it (an unknown subject, ``rules/waivers.check_waivers``) and
the ``waiver_expired`` finding point at the line to edit. A waiver file is the list itself,
or a mapping whose only key is ``waivers:`` (the stack's own form, pasted as it is).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from scopegap.domain import Waiver
from scopegap.resources.loader import (
    MAX_USER_BYTES,
    SchemaViolation,
    build,
    explain,
    node_line,
)
from scopegap.resources.user_files import (
    ErrorFactory,
    compose_user_yaml,
    construct,
    read_user_text,
    usage_error,
)
from scopegap.settings import DEFAULT_SEVERITIES

KIND = "a waivers file"
NOT_WAIVABLE = frozenset({"waiver_expired"})  # re-opened by a waiver ending: never waived


@dataclass(frozen=True)
class WaiverEntry:
    """One waiver as written (SPEC: the contract stack file, ``waivers:``)."""

    finding: str
    subject: str
    reason: str
    accepted_by: str
    until: date


@dataclass(frozen=True)
class _Entries:
    entries: tuple[WaiverEntry, ...]


def waiver_kinds() -> tuple[str, ...]:
    """The finding kinds a waiver may name: every kind the settings know, in SPEC order."""
    return tuple(kind for kind in DEFAULT_SEVERITIES if kind not in NOT_WAIVABLE)


def load_waivers(path: str | Path) -> tuple[Waiver, ...]:
    """The waivers of the file at ``path``; every problem is a UsageError naming its line."""
    label = str(path)
    text = read_user_text(path, usage_error, max_bytes=MAX_USER_BYTES, kind=KIND)
    root = compose_user_yaml(text, label, usage_error, kind=KIND)
    if root is None:
        return ()
    if isinstance(root, MappingNode):
        keys = [key for key, _ in root.value]
        for key in keys:
            if not isinstance(key, ScalarNode) or key.value != "waivers":
                raise usage_error(label, "unknown key (a waivers file is a list of waivers, "
                                  "or 'waivers:' and that list)", int(key.start_mark.line) + 1)
        if not keys:
            return ()
        root = root.value[0][1]
    return waivers_from_node(root, label, usage_error)


def waivers_from_node(node: Node, label: str, error: ErrorFactory,
                      prefix: str = "waivers") -> tuple[Waiver, ...]:
    """The waivers of a YAML list node (the stack's ``waivers:`` value, or a file's list)."""
    data = construct(node, label, error)
    if data is None:
        return ()
    try:
        entries = build({"entries": data}, _Entries).entries
    except SchemaViolation as violation:
        path = violation.path[1:]  # drop the wrapper key
        where = SchemaViolation((prefix, *path), violation.reason)
        raise error(label, explain(where), node_line(node, path)) from None
    kinds = waiver_kinds()
    waivers: list[Waiver] = []
    for index, entry in enumerate(entries):
        line = node_line(node, (index,))
        if entry.finding not in kinds:
            raise error(label, f"{prefix}[{index}].finding: '{entry.finding}' is not a "
                        f"finding kind that can be waived (one of: {', '.join(kinds)})",
                        node_line(node, (index, "finding")))
        for key in ("subject", "reason", "accepted_by"):
            if not str(getattr(entry, key)).strip():
                raise error(label, f"{prefix}[{index}].{key}: is empty",
                            node_line(node, (index, key)))
        waivers.append(Waiver(entry.finding, entry.subject, entry.reason, entry.accepted_by,
                              entry.until, label, line))
    return tuple(waivers)
