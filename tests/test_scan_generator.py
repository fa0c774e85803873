"""The scanned twins of fixtures/varied/scan.py: the seed draws how hard a scan is, every
kind of defect occurs, the same seed gives the same bytes, and a twin has no text layer."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fixtures.varied.layouts import render  # noqa: E402
from fixtures.varied.scan import ScanProfile, image_only_pdf, scanned_pages  # noqa: E402
from fixtures.varied.spec import build  # noqa: E402

PROFILES = [ScanProfile.draw(random.Random(f"profile-{seed}")) for seed in range(200)]


@pytest.mark.parametrize(
    ("name", "seen"),
    [
        ("plain", lambda p: p == ScanProfile.plain()),
        ("colour", lambda p: p.colour and p.paper != (255, 255, 255)),
        ("waves", lambda p: p.waves),
        ("faded", lambda p: p.fade > 0),
        ("uneven light", lambda p: p.light > 0),
        ("stamp", lambda p: p.stamp),
        ("signature", lambda p: p.signature),
        ("150 dpi", lambda p: p.dpi == 150),
        ("300 dpi", lambda p: p.dpi == 300),
        ("turned 2.5 degrees", lambda p: p.max_turn == 2.5),
        ("grain", lambda p: p.grain > 0),
        ("JPEG quality 35", lambda p: p.quality == 35),
    ],
)
def test_every_defect_occurs_among_the_drawn_profiles(name: str, seen: object) -> None:
    share = sum(bool(seen(p)) for p in PROFILES) / len(PROFILES)  # type: ignore[operator]
    assert 0.05 <= share <= 0.8, (name, share)


def test_a_hard_twin_is_reproducible_image_only_and_unlike_the_plain_one() -> None:
    seed = next(s for s in range(50) if build(s).layout == "sidebar")
    typed = bytes(render(build(seed)).output())
    hard = ScanProfile(dpi=150, colour=True, paper=(250, 244, 222), waves=True, fade=0.35,
                       light=0.3, stamp=True, signature=True, grain=8.0, quality=50)
    data = image_only_pdf(typed, seed, "scan", hard)
    assert data == image_only_pdf(typed, seed, "scan", hard)
    document = pdfium.PdfDocument(data)
    try:
        assert len(document) == len(pdfium.PdfDocument(typed))
        assert all(not document[i].get_textpage().get_text_range().strip()
                   for i in range(len(document)))
    finally:
        document.close()
    tinted = np.asarray(scanned_pages(typed, seed, hard)[0])
    plain = np.asarray(scanned_pages(typed, seed, ScanProfile.plain())[0])
    assert tinted.ndim == 3 and plain.ndim == 2  # a colour scan and a grey one
    assert tinted.shape[0] == pytest.approx(plain.shape[0] * 150 / 200, abs=2)
    paper = np.median(tinted.reshape(-1, 3), axis=0)
    assert paper[2] < paper[0] - 10  # cream paper, not white
