"""Shared test helpers: where the real documents and fixtures are, and Tesseract's word
table built from a few words (the OCR layout tests need no Tesseract)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", default=False,
                     help="also run tests marked slow (the fuzz harness at scale)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: minutes long; run with --runslow or -m slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Slow tests are left out of the default run unless asked for."""
    if config.getoption("--runslow") or "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow or -m slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


# One Tesseract word: text, block, paragraph, line, confidence, (left, top, width, height).
TesseractWord = tuple[str, int, int, int, float, tuple[int, int, int, int]]
_TSV_KEYS = ("text", "block_num", "par_num", "line_num", "conf", "left", "top", "width",
             "height")


def tesseract_data(*words: TesseractWord) -> dict[str, list[Any]]:
    """``pytesseract.image_to_data``'s dictionary for these words."""
    data: dict[str, list[Any]] = {key: [] for key in _TSV_KEYS}
    for text, block, par, line, conf, box in words:
        for key, value in zip(_TSV_KEYS, (text, block, par, line, conf, *box), strict=True):
            data[key].append(value)
    return data



DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def typed_certificate(path: Path, lines: list[str]) -> Path:
    """A one-page certificate typed line by line (fpdf2, DejaVu Sans) at ``path``: the
    lines as printed, so a test states every word a reader sees."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("dv", "", str(DEJAVU))
    pdf.set_font("dv", size=10)
    for line in lines:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def coverage_of(document: Path, stack: str, as_of: str = "2026-06-01") -> dict[str, str]:
    """``scopegap check`` of one document against the stack YAML text, through the CLI:
    each declared item's coverage status."""
    import json

    from click.testing import CliRunner

    from scopegap.cli import main

    stack_path = document.with_suffix(".stack.yaml")
    stack_path.write_text(stack)
    result = CliRunner().invoke(main, ["check", "--stack", str(stack_path), str(document),
                                       "--format", "json", "--no-cache", "--as-of", as_of])
    return {row["item"]: row["status"] for row in json.loads(result.stdout)["coverage"]}
