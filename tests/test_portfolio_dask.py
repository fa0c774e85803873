"""``portfolio --executor dask`` on a small in-process cluster: the local pool's results byte
for byte, the cache consulted before anything is submitted, errors kept to their vendor."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from scopegap.cli import main
from scopegap.portfolio.discovery import discover
from scopegap.portfolio.runner import RunOptions, run_portfolio
from scopegap.settings import Settings

pytest.importorskip("distributed", reason="the dask extra is not installed")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # fixtures/ is not an installed package
    sys.path.insert(0, str(ROOT))

from fixtures.generate_portfolio import generate_portfolio  # noqa: E402

AS_OF = "2026-11-22"


@pytest.fixture(scope="module")
def portfolio_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("portfolio")
    generate_portfolio(folder, 3, soc_pages=0)  # plus a corrupt PDF and an invalid stack
    return folder


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """An in-process cluster (threads, no worker processes): small and quick to start."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                      dashboard_address="127.0.0.1:0") as cluster:
        yield str(cluster.scheduler_address)


def _cli(source: Path, out: Path, *extra: str) -> Any:
    return CliRunner().invoke(main, [
        "portfolio", str(source), "--out-dir", str(out), "--as-of", AS_OF, "--no-history",
        "--format", "json", *extra])


def _options(out: Path, cache: Path | None) -> RunOptions:
    return RunOptions(as_of=date(2026, 11, 22), settings=Settings(), out_dir=str(out),
                      cache_path=str(cache) if cache else None, report_formats=("json",))


def test_dask_results_are_the_local_results_byte_for_byte(portfolio_dir: Path, scheduler: str,
                                                          tmp_path: Path) -> None:
    local = _cli(portfolio_dir, tmp_path / "local", "--no-cache", "--jobs", "1")
    dask = _cli(portfolio_dir, tmp_path / "dask", "--no-cache", "--executor", "dask",
                "--scheduler", scheduler)
    assert local.exit_code == dask.exit_code == 3  # the two broken vendors
    assert local.stdout.replace(str(tmp_path / "local"), "") == \
        dask.stdout.replace(str(tmp_path / "dask"), "")
    assert local.stderr.replace(str(tmp_path / "local"), "") == \
        dask.stderr.replace(str(tmp_path / "dask"), "")
    reports = sorted((tmp_path / "local" / "vendors").iterdir())
    assert len(reports) == 8  # three good vendors and the corrupt PDF one, JSON and HTML
    for report in reports:
        assert report.read_bytes() == (tmp_path / "dask" / "vendors" / report.name).read_bytes()


def test_cached_documents_are_never_sent_to_a_worker(portfolio_dir: Path, scheduler: str,
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import scopegap.portfolio.dask_runner as dask_runner

    source = tmp_path / "portfolio"
    shutil.copytree(portfolio_dir, source)
    jobs = discover(source)
    cache = tmp_path / "cache.sqlite3"
    first = run_portfolio(jobs, _options(tmp_path / "a", cache), executor="dask",
                          scheduler=scheduler)
    changed = Path(next(j for j in jobs if j.vendor_id == "v002-bramble").documents[0])
    with changed.open("ab") as handle:  # new bytes after %%EOF: another file to the cache
        handle.write(b"\n% appended\n")
    log = tmp_path / "sent.txt"  # tasks are serialised to the worker: a file is shared
    log.touch()
    real = dask_runner.extract_task

    def recording(path: str, password: str | None, settings: Any) -> Any:
        with log.open("a", encoding="utf-8") as handle:
            handle.write(path + "\n")
        return real(path, password, settings)

    monkeypatch.setattr(dask_runner, "extract_task", recording)
    second = run_portfolio(jobs, _options(tmp_path / "b", cache), executor="dask",
                           scheduler=scheduler)
    truncated = source / "zz-corrupt-pdf" / "truncated.pdf"  # unreadable: never cached
    assert sorted(log.read_text(encoding="utf-8").splitlines()) == \
        sorted([str(changed), str(truncated)])
    assert [r.status for r in second] == [r.status for r in first]
    assert sum(r.extracted for r in second) == 1
    assert sum(r.cached for r in second) == sum(r.extracted for r in first) - 1


def test_a_lost_extraction_costs_only_its_vendor(portfolio_dir: Path, scheduler: str,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import scopegap.portfolio.dask_runner as dask_runner

    real = dask_runner.extract_task

    def dying(path: str, password: str | None, settings: Any) -> Any:
        if "v002-bramble" in path:
            raise ConnectionError("worker lost")  # as the future of a dead worker raises
        return real(path, password, settings)

    monkeypatch.setattr(dask_runner, "extract_task", dying)
    jobs = [j for j in discover(portfolio_dir) if not j.vendor_id.startswith("zz-")]
    results = run_portfolio(jobs, _options(tmp_path, None), executor="dask",
                            scheduler=scheduler)
    assert [r.job.vendor_id for r in results] == [j.vendor_id for j in jobs]
    failed = {r.job.vendor_id: r.errors for r in results if r.status == "failed"}
    assert list(failed) == ["v002-bramble"]
    assert "worker process crashed" in failed["v002-bramble"][0]
    assert all(r.report is not None for r in results if r.job.vendor_id != "v002-bramble")


def test_scheduler_without_dask_executor_is_a_usage_error(portfolio_dir: Path,
                                                          tmp_path: Path) -> None:
    result = _cli(portfolio_dir, tmp_path, "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 2
    assert "--scheduler needs --executor dask" in result.stderr


def test_a_worker_that_dies_is_retried_once_then_is_its_vendors_error(
        portfolio_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real worker process that dies on one vendor's document: a fresh worker retries the
    task once, dies again, and only that vendor fails (a local cluster of our own)."""
    import scopegap.portfolio.dask_runner as dask_runner

    real = dask_runner.extract_task
    attempts = tmp_path / "attempts.txt"
    attempts.touch()

    def dying(path: str, password: str | None, settings: Any) -> Any:
        if "v002-bramble" in path and path.endswith("_27001.pdf"):
            with attempts.open("a", encoding="utf-8") as handle:
                handle.write("x")
            import os

            os._exit(1)  # the worker process dies, as in a crash inside a PDF library
        return real(path, password, settings)

    monkeypatch.setattr(dask_runner, "extract_task", dying)
    jobs = [j for j in discover(portfolio_dir)
            if j.vendor_id in ("v001-alder", "v002-bramble")]
    results = run_portfolio(jobs, _options(tmp_path, None), workers=1, executor="dask")
    assert results[0].report is not None
    assert results[1].status == "failed"
    assert "worker process crashed" in results[1].errors[0]
    assert attempts.read_text(encoding="utf-8") == "xx"  # tried, then retried once
