"""Shared test helpers: where the real documents and fixtures are."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REALDOCS = ROOT.parent / "shared" / "realdocs"
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Point the user cache and data dirs at a fresh folder for the whole session: tests (and
    the commands they run) never read or fill the real ``~/.cache`` start-up cache."""
    base = tmp_path_factory.mktemp("xdg")
    saved = {name: os.environ.get(name) for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME")}
    os.environ["XDG_CACHE_HOME"] = str(base / "cache")
    os.environ["XDG_DATA_HOME"] = str(base / "data")
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


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
