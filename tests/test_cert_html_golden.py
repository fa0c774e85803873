"""Certificates printed by Chromium from HTML/CSS read as their fpdf2 twins do (issue 12).

A few seeds of fixtures/generate_certs_html.py, one per hard shape: a letter whose dates sit
in a label row and whose scope names an excluded site after the holder's address (seed 0), a
label grid with a bilingual label split over two lines (1), a Portuguese certificate with a
holder wrapped over two lines (3), a landscape page with a rotated sidebar and bilingual
labels wrapped in their cells (7). Every labelled field, coverage row and finding must match
the truth the generator wrote; skipped where Chromium is not installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # fixtures/ and benchmarks/ are not installed packages
    sys.path.insert(0, str(ROOT))

from benchmarks.score_cases import default_exe, run_case  # noqa: E402
from fixtures.generate_certs_html import generate  # noqa: E402
from fixtures.htmlcerts.render import chromium  # noqa: E402

SEEDS = [0, 1, 3, 7]


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    browser = chromium()
    if browser is None:
        pytest.skip("Chromium is not installed")
    out = tmp_path_factory.mktemp("htmlcerts")
    return {seed: folder for seed, folder in zip(SEEDS, generate(out, SEEDS, browser),
                                                 strict=True)}


@pytest.mark.parametrize("seed", SEEDS)
def test_html_certificate_reads_as_labelled(cases: dict[int, Path], seed: int) -> None:
    result = run_case(cases[seed], default_exe(), [], timeout=180)
    assert result.error is None
    assert [c for c in result.fields if not c.ok] == []
    assert [c for c in result.coverage if not c.ok] == []
    assert result.false_covered == []
    assert (result.findings.fp, result.findings.fn) == ([], [])
