"""Shared test helpers: where the real documents and fixtures are."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REALDOCS = ROOT.parent / "shared" / "realdocs"
FIXTURES = ROOT / "fixtures"


@pytest.fixture
def realdocs() -> Path:
    if not REALDOCS.is_dir():
        pytest.skip("../shared/realdocs is not present")
    return REALDOCS


@pytest.fixture
def at_repo_root() -> Iterator[None]:
    """Run from the repository root: golden files hold paths relative to it."""
    previous = os.getcwd()
    os.chdir(ROOT)
    yield
    os.chdir(previous)
