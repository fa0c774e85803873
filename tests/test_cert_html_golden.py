"""Certificates printed by Chromium from HTML/CSS read as their fpdf2 twins do (issue 12).

A few seeds of fixtures/generate_certs_html.py, one per hard shape: a letter whose dates sit
in a label row and whose scope names an excluded site after the holder's address (seed 0), a
label grid with a bilingual label split over two lines (1), a Portuguese certificate with a
holder wrapped over two lines (3), a landscape page with a rotated sidebar and bilingual
labels wrapped in their cells (7). Every labelled field, coverage row and finding must match
the truth the generator wrote; skipped where Chromium is not installed.

The same for certificates in English beside Arabic or Hebrew (fixtures/generate_certs_bilingual.py),
which were judged a garbled text layer before (words without letter case looked like scanner
noise): labels "English / translation" with the cue's translation on the line under it (seed
1), "translation / English" (2), two-line label cells in a table with the translation wrapped
between label and date (0, 8), parallel columns (11).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # fixtures/ and benchmarks/ are not installed packages
    sys.path.insert(0, str(ROOT))

from benchmarks.score_cases import default_exe, run_case  # noqa: E402
from fixtures.generate_certs_bilingual import generate as generate_bilingual  # noqa: E402
from fixtures.generate_certs_html import generate  # noqa: E402
from fixtures.htmlcerts.render import chromium  # noqa: E402

SEEDS = [0, 1, 3, 7]
BILINGUAL_SEEDS = [0, 1, 2, 8, 11]
_Generator = Callable[[Path, Sequence[int], str], list[Path]]


def _printed(factory: pytest.TempPathFactory, make: _Generator, seeds: list[int],
             name: str) -> dict[int, Path]:
    browser = chromium()
    if browser is None:
        pytest.skip("Chromium is not installed")
    out = factory.mktemp(name)
    return {seed: folder for seed, folder in zip(seeds, make(out, seeds, browser), strict=True)}


def _assert_reads_as_labelled(folder: Path) -> None:
    result = run_case(folder, default_exe(), [], timeout=180)
    assert result.error is None
    assert [c for c in result.fields if not c.ok] == []
    assert [c for c in result.coverage if not c.ok] == []
    assert result.false_covered == []
    assert (result.findings.fp, result.findings.fn) == ([], [])


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    return _printed(tmp_path_factory, generate, SEEDS, "htmlcerts")


@pytest.fixture(scope="module")
def bilingual_cases(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    return _printed(tmp_path_factory, generate_bilingual, BILINGUAL_SEEDS, "bilingual")


@pytest.mark.parametrize("seed", SEEDS)
def test_html_certificate_reads_as_labelled(cases: dict[int, Path], seed: int) -> None:
    _assert_reads_as_labelled(cases[seed])


@pytest.mark.parametrize("seed", BILINGUAL_SEEDS)
def test_bilingual_certificate_reads_as_labelled(bilingual_cases: dict[int, Path],
                                                 seed: int) -> None:
    _assert_reads_as_labelled(bilingual_cases[seed])
