"""The waivers of one portfolio vendor: its folder's ``waivers.yaml`` (next to its stack),
its stack's own ``waivers:``, and those of the run's ``--waivers`` file that are about it.

A vendor's own file is checked strictly (an unknown subject is that vendor's error, as an
invalid stack is); the run-wide file lists waivers for many vendors, so each vendor takes
only those whose subject is one of its stack items or documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scopegap.domain import DocumentScope, Stack, Waiver
from scopegap.ingest.waivers import load_waivers

WAIVER_NAMES = ("waivers.yaml", "waivers.yml")


def folder_waivers(stack_path: str) -> tuple[Waiver, ...]:
    """The waivers file beside the vendor's stack, if any (UsageError when it is invalid)."""
    for name in WAIVER_NAMES:
        candidate = Path(stack_path).parent / name
        if candidate.is_file():
            return load_waivers(candidate)
    return ()


def shared_waivers(waivers: Sequence[Waiver], stack: Stack,
                   documents: Sequence[DocumentScope]) -> tuple[Waiver, ...]:
    """The run-wide waivers whose subject belongs to this vendor."""
    subjects = {item.name for item in stack.items} | {d.file_name for d in documents}
    return tuple(w for w in waivers if w.subject in subjects)
