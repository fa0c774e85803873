"""Certificates in English beside Arabic or Hebrew read as their English twins (issue 12).

Before, such a page was judged a garbled text layer (words without letter case looked like
scanner noise) and nothing on it was read. One seed per hard shape of
fixtures/generate_certs_bilingual.py: labels "English / translation" with the cue's
translation on the line under it (seed 1), labels "translation / English" (2), label cells of
two lines in a table, the translation wrapped between label and date (0, 8), parallel columns
(11). Every labelled field, coverage row and finding must match the truth; skipped where
Chromium is not installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # fixtures/ and benchmarks/ are not installed packages
    sys.path.insert(0, str(ROOT))

from benchmarks.score_cases import default_exe, run_case  # noqa: E402
from fixtures.generate_certs_bilingual import generate  # noqa: E402
from fixtures.htmlcerts.render import chromium  # noqa: E402

SEEDS = [0, 1, 2, 8, 11]


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    browser = chromium()
    if browser is None:
        pytest.skip("Chromium is not installed")
    out = tmp_path_factory.mktemp("bilingual")
    return {seed: folder for seed, folder in zip(SEEDS, generate(out, SEEDS, browser),
                                                 strict=True)}


@pytest.mark.parametrize("seed", SEEDS)
def test_bilingual_certificate_reads_as_labelled(cases: dict[int, Path], seed: int) -> None:
    result = run_case(cases[seed], default_exe(), [], timeout=180)
    assert result.error is None
    assert [c for c in result.fields if not c.ok] == []
    assert [c for c in result.coverage if not c.ok] == []
    assert result.false_covered == []
    assert (result.findings.fp, result.findings.fn) == ([], [])
