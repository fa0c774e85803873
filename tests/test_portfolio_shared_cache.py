"""Vendors run in the parent process share one connection to the extraction cache, with
each vendor's cache warnings still its own."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from scopegap.portfolio import cache as cache_module
from scopegap.portfolio import runner
from scopegap.portfolio.discovery import discover
from scopegap.portfolio.runner import RunOptions, run_portfolio
from scopegap.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # fixtures/ is not an installed package
    sys.path.insert(0, str(ROOT))

from fixtures.generate_portfolio import generate_portfolio  # noqa: E402


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("portfolio")
    generate_portfolio(folder, 3, soc_pages=0)
    return folder


def _options(out: Path, cache: Path) -> RunOptions:
    return RunOptions(as_of=date(2026, 11, 22), settings=Settings(), out_dir=str(out),
                      cache_path=str(cache), report_formats=("json",))


def test_one_connection_serves_every_vendor_run_here_with_the_same_reports(
        portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = discover(str(portfolio))
    first = run_portfolio(jobs, _options(tmp_path / "a", tmp_path / "c.sqlite3"), workers=1)
    opened: list[object] = []
    original = cache_module.ExtractionCache.__init__

    def counting(self: cache_module.ExtractionCache, *args: object, **kwargs: object) -> None:
        opened.append(self)
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cache_module.ExtractionCache, "__init__", counting)
    second = run_portfolio(jobs, _options(tmp_path / "b", tmp_path / "c.sqlite3"), workers=1)
    assert len(jobs) > 2 and len(opened) == 2  # the plan's lookup, then one for every vendor
    assert [r.cached for r in second] == [r.extracted for r in first]
    assert [r.errors for r in second] == [r.errors for r in first]
    for report in (tmp_path / "a" / "vendors").glob("*.json"):
        assert report.read_bytes() == (tmp_path / "b" / "vendors" / report.name).read_bytes()


def test_a_vendors_cache_warning_is_not_handed_to_the_next(
        portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = [job for job in discover(str(portfolio)) if job.problem is None][:2]
    options = _options(tmp_path / "out", tmp_path / "c.sqlite3")
    with runner.shared_cache(options) as shared:
        assert shared is not None
        shared.warning = "an earlier vendor's warning"
        results = [runner.run_vendor(job, f"v{n}", options=options, cache=shared)
                   for n, job in enumerate(jobs)]
    assert all("an earlier vendor's warning" not in r.errors for r in results)
