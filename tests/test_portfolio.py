"""Portfolio runs: discovery, parallel vendors, error boundaries, summary and exit codes."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from scopegap.cli import main
from scopegap.errors import UsageError
from scopegap.portfolio.discovery import VendorJob, discover
from scopegap.portfolio.runner import (
    DocumentTimeout,
    RunOptions,
    VendorResult,
    run_portfolio,
    slugs_for,
    time_limit,
)
from scopegap.portfolio.summary import build_summary, exit_code, worst_finding
from scopegap.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # fixtures/ is not an installed package
    sys.path.insert(0, str(ROOT))

from fixtures.generate_portfolio import generate_portfolio  # noqa: E402

AS_OF = "2026-11-22"
SMALL = 6  # vendors in the end-to-end run (plus the two broken ones)


@pytest.fixture(scope="module")
def small_portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("portfolio")
    generate_portfolio(folder, SMALL, soc_pages=0)
    return folder


def _run(args: list[str], env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(main, args, env=env)


def _portfolio_args(source: Path, out: Path, state: Path, *extra: str) -> list[str]:
    return ["portfolio", str(source), "--out-dir", str(out), "--as-of", AS_OF,
            "--cache", str(state / "cache.sqlite3"), "--db", str(state / "history.sqlite3"),
            "--format", "json", *extra]


# --- discovery ----------------------------------------------------------------------------------


def _vendor(folder: Path, name: str, stack: bool = True, pdfs: tuple[str, ...] = ("a.pdf",)
            ) -> Path:
    path = folder / name
    path.mkdir()
    if stack:
        (path / "stack.yaml").write_text("vendor: X Ltd\n", encoding="utf-8")
    for pdf in pdfs:
        (path / pdf).write_bytes(b"%PDF-1.4\n")
    return path


def test_folder_discovery(tmp_path: Path) -> None:
    _vendor(tmp_path, "b-vendor", pdfs=("z.pdf", "A.PDF", "notes.txt"))
    _vendor(tmp_path, "a-vendor")
    _vendor(tmp_path, "no-stack", stack=False)
    _vendor(tmp_path, ".hidden")
    _vendor(tmp_path, "_archive")
    (tmp_path / "empty").mkdir()
    (tmp_path / "b-vendor" / "old").mkdir()
    (tmp_path / "b-vendor" / "old" / "2019.pdf").write_bytes(b"%PDF-1.4\n")
    jobs = discover(tmp_path)
    assert [j.vendor_id for j in jobs] == ["a-vendor", "b-vendor", "no-stack"]
    assert [Path(d).name for d in jobs[1].documents] == ["A.PDF", "z.pdf"]
    assert jobs[2].stack is None and jobs[2].problem and "no stack.yaml" in jobs[2].problem


def test_a_single_vendor_folder_is_a_portfolio_of_one(tmp_path: Path) -> None:
    folder = _vendor(tmp_path, "solo")
    (job,) = discover(folder)
    assert job.vendor_id == "solo" and job.problem is None


def test_yaml_manifest(tmp_path: Path) -> None:
    _vendor(tmp_path, "acme")
    manifest = tmp_path / "portfolio.yaml"
    manifest.write_text(
        "vendors:\n"
        "  - vendor: Acme\n    stack: acme/stack.yaml\n    documents: [acme/a.pdf, acme]\n"
        "  - vendor: Beta\n    documents: beta.pdf\n", encoding="utf-8")
    acme, beta = discover(manifest)
    assert acme.stack == str(tmp_path / "acme" / "stack.yaml")
    assert acme.documents == (str(tmp_path / "acme" / "a.pdf"),)  # listed twice, kept once
    assert beta.problem and "has no stack" in beta.problem


def test_csv_manifest_merges_rows_of_one_vendor(tmp_path: Path) -> None:
    manifest = tmp_path / "portfolio.csv"
    manifest.write_text("Vendor,Stack,Documents\nacme,acme.yaml,a.pdf;b.pdf\nacme,,c.pdf\n"
                        "beta,beta.yaml,\n", encoding="utf-8")
    acme, beta = discover(manifest)
    assert [Path(d).name for d in acme.documents] == ["a.pdf", "b.pdf", "c.pdf"]
    assert beta.documents == () and beta.problem is None


@pytest.mark.parametrize(("name", "text", "message"), [
    ("p.yaml", "vendors:\n  - vendor: A\n    stak: a.yaml\n", "unknown key 'stak'"),
    ("p.yaml", "- vendor: A\n", "one key, 'vendors'"),
    ("p.yaml", "vendors:\n  - vendor: ''\n", "non-empty name"),
    ("p.yaml", "vendors: [\n", "not valid YAML"),
    ("p.csv", "vendor,stack,owner\nA,a.yaml,me\n", ":1: unknown column 'owner'"),
    ("p.csv", "vendor,stack\nA,a.yaml,extra\n", ":2: more cells than columns"),
    ("p.csv", "vendor,stack\nA,a.yaml\nA,b.yaml\n", ":3: vendor 'A' already has stack"),
    ("p.txt", "vendor", "not a folder or a manifest"),
])
def test_manifest_errors_name_file_and_reason(tmp_path: Path, name: str, text: str,
                                              message: str) -> None:
    manifest = tmp_path / name
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=message) as error:
        discover(manifest)
    assert str(manifest) in str(error.value)


def test_nothing_to_run_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no vendors found"):
        discover(tmp_path)
    with pytest.raises(UsageError, match="no such folder"):
        discover(tmp_path / "missing")


def test_slugs_are_distinct_and_file_safe() -> None:
    jobs = [VendorJob(name, None, ()) for name in ("Acme / EU", "acme-eu", "..", "Acme / EU")]
    assert slugs_for(jobs) == ["Acme-EU", "acme-eu-2", "vendor", "Acme-EU-3"]


# --- end to end ---------------------------------------------------------------------------------


def test_portfolio_end_to_end(small_portfolio: Path, tmp_path: Path) -> None:
    out, state, ics = tmp_path / "out", tmp_path / "state", tmp_path / "renewals.ics"
    result = _run(_portfolio_args(small_portfolio, out, state, "--jobs", "2", "--ics",
                                  str(ics)))
    assert result.exit_code == 3, result.output  # two vendors could not be fully assessed
    summary = json.loads(result.stdout)
    rows = {row["vendor_id"]: row for row in summary["vendors"]}
    assert len(rows) == SMALL + 2
    corrupt, invalid = rows["zz-corrupt-pdf"], rows["zz-invalid-stack"]
    assert corrupt["status"] == "incomplete" and corrupt["documents_read"] == 1
    assert any("truncated.pdf" in e for e in corrupt["errors"])
    assert invalid["status"] == "failed" and invalid["reports"] == {}
    assert any("stack.yaml:2" in e and "tols" in e for e in invalid["errors"])
    for vendor_id, row in rows.items():
        if vendor_id.startswith("zz-"):
            continue
        assert row["status"] == "ok" and row["errors"] == []
        assert set(row["reports"]) == {"json", "html"}
        report = json.loads((out / row["reports"]["json"]).read_text(encoding="utf-8"))
        assert report["vendor"] == row["vendor"]
        assert (out / row["reports"]["html"]).read_text(encoding="utf-8").startswith("<!")
    # vendor v004 declares a tool no document covers; v003 holds an expired 2013 certificate
    assert rows["v004-dunmore"]["worst_finding"]["kind"] == "uncovered_tool"
    assert rows["v003-cinderford"]["counts"]["expired"] == 1
    assert summary["totals"]["failed"] == 1 and summary["totals"]["incomplete"] == 1
    # every error is also one line on stderr, never a traceback
    assert "Traceback" not in result.stderr
    assert result.stderr.count("scopegap: error:") == 2
    # the summary files
    on_disk = json.loads((out / "portfolio.json").read_text(encoding="utf-8"))
    assert on_disk == summary
    table = list(csv.DictReader(io.StringIO((out / "portfolio.csv").read_text("utf-8"))))
    assert [r["vendor_id"] for r in table] == list(rows)
    assert table[0]["expired"].isdigit()
    html = (out / "portfolio.html").read_text(encoding="utf-8")
    assert "zz-invalid-stack" in html and "tols" in html
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    # the run is in the history
    shown = _run(["history", "v003-cinderford", "--db", str(state / "history.sqlite3"),
                  "--format", "json"])
    assert shown.exit_code == 0, shown.output
    (run,) = json.loads(shown.stdout)["runs"]
    assert run["as_of"] == AS_OF and run["worst_severity"] == "high"
    assert {w["document"] for w in run["windows"]} == {
        "v003-cinderford_27001.pdf", "v003-cinderford_2013.pdf", "v003-cinderford_soc2.pdf"}


def test_rerun_uses_the_cache_and_is_byte_identical(small_portfolio: Path,
                                                    tmp_path: Path) -> None:
    state = tmp_path / "state"
    first = _run(_portfolio_args(small_portfolio, tmp_path / "a", state, "--jobs", "1"))
    second = _run(_portfolio_args(small_portfolio, tmp_path / "b", state, "--jobs", "2"))
    assert first.exit_code == second.exit_code == 3
    assert "0 of" in first.stderr
    documents = sum(len(list(p.glob("*.pdf"))) for p in small_portfolio.iterdir()
                    if p.name != "zz-invalid-stack") - 1  # the truncated PDF is never cached
    assert f"({documents} of {documents} document(s) from the cache)" in second.stderr
    for name in ("portfolio.json", "portfolio.csv", "portfolio.html"):
        a = (tmp_path / "a" / name).read_text(encoding="utf-8")
        b = (tmp_path / "b" / name).read_text(encoding="utf-8")
        assert a.replace(str(tmp_path / "a"), "") == b.replace(str(tmp_path / "b"), "")
    for report in (tmp_path / "a" / "vendors").glob("*.json"):
        assert report.read_bytes() == (tmp_path / "b" / "vendors" / report.name).read_bytes()


def test_no_cache_and_quiet(small_portfolio: Path, tmp_path: Path) -> None:
    result = _run(["portfolio", str(small_portfolio), "--out-dir", str(tmp_path / "o"),
                   "--as-of", AS_OF, "--no-cache", "--no-history", "-q", "--jobs", "1"])
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.count("scopegap: error:") == 2  # errors still go to stderr
    assert not (tmp_path / "state").exists()


def test_clean_portfolio_exit_codes(tmp_path: Path) -> None:
    generate_portfolio(tmp_path, 2, broken=False, soc_pages=0)
    source = tmp_path / "v002-bramble"  # one vendor folder is a portfolio of one
    base = ["portfolio", str(source), "--out-dir", str(tmp_path / "o"), "--as-of", AS_OF,
            "--no-history", "--cache", str(tmp_path / "c.sqlite3"), "-q"]
    # v002 has only low findings (its certificates end before the contract does)
    assert _run([*base, "--fail-on", "high"]).exit_code == 0
    assert _run([*base, "--fail-on", "low"]).exit_code == 1
    assert _run([*base, "--fail-on", "never"]).exit_code == 0


@pytest.mark.parametrize(("args", "message"), [
    (["portfolio", "/nonexistent/portfolio"], "no such folder"),
    (["portfolio", "."], None),
])
def test_unusable_path_is_exit_2(tmp_path: Path, args: list[str], message: str | None
                                 ) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    argv = [a if a != "." else str(empty) for a in args]
    result = _run([*argv, "--no-history", "--out-dir", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.stderr.startswith("scopegap: error: ")
    assert message is None or message in result.stderr


def test_unusable_history_database_fails_before_the_run(small_portfolio: Path,
                                                        tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = _run(["portfolio", str(small_portfolio), "--db", str(blocker / "h.sqlite3"),
                   "--out-dir", str(tmp_path / "o")])
    assert result.exit_code == 2 and "history database" in result.stderr
    assert not (tmp_path / "o").exists()


# --- runner internals ---------------------------------------------------------------------------


def test_time_limit_interrupts_a_runaway_document() -> None:
    if not hasattr(os, "fork"):
        pytest.skip("SIGALRM time limits are POSIX only")
    started = time.monotonic()
    with pytest.raises(DocumentTimeout, match=r"took longer than 0\.2 s"), \
            time_limit(0.2, "slow.pdf"):
        time.sleep(5)
    assert time.monotonic() - started < 2
    with time_limit(5, "fast.pdf"):  # no alarm left behind
        pass
    time.sleep(0.01)


def _crash(job: VendorJob, *args: Any, **kwargs: Any) -> Any:
    if job.vendor_id == "v002-bramble":
        os._exit(1)  # what a segfault in a PDF library looks like to the pool
    return _ORIGINAL_ASSESS(job, *args, **kwargs)


_ORIGINAL_ASSESS: Any = None


def test_a_crashing_worker_costs_only_its_vendor(small_portfolio: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the patched function reaches the workers only when they are forked")
    import scopegap.portfolio.runner as portfolio

    global _ORIGINAL_ASSESS
    _ORIGINAL_ASSESS = portfolio._assess
    monkeypatch.setattr(portfolio, "_assess", _crash)
    jobs = [j for j in discover(small_portfolio) if not j.vendor_id.startswith("zz-")][:4]
    options = RunOptions(as_of=date(2026, 11, 22), settings=Settings(),
                         out_dir=str(tmp_path), report_formats=("json",))
    results = run_portfolio(jobs, options, workers=2)
    assert [r.job.vendor_id for r in results] == [j.vendor_id for j in jobs]
    crashed = {r.job.vendor_id: r for r in results if r.status == "failed"}
    assert list(crashed) == ["v002-bramble"]
    assert "worker process crashed" in crashed["v002-bramble"].errors[0]


def test_exit_code_rules() -> None:
    def summary(failed: int = 0, incomplete: int = 0, above: int = 0) -> dict[str, Any]:
        return {"totals": {"failed": failed, "incomplete": incomplete,
                           "at_or_above_fail_on": above}}

    assert exit_code(summary()) == 0
    assert exit_code(summary(above=2)) == 1
    assert exit_code(summary(incomplete=1, above=2)) == 3
    assert exit_code(summary(failed=1)) == 3


def test_summary_of_a_failed_vendor_has_no_worst_finding() -> None:
    job = VendorJob("broken", None, ("x.pdf",), "broken: no stack.yaml in the vendor folder")
    result = VendorResult(job, "broken", None, (job.problem or "",))
    data = build_summary([result], source="p", as_of=date(2026, 1, 1), settings=Settings(),
                         fail_on="high")
    (row,) = data["vendors"]
    assert row["status"] == "failed" and row["worst_finding"] is None
    assert row["next_expiry"] is None and sum(row["counts"].values()) == 0
    assert worst_finding(()) is None


# --- the 50-vendor portfolio ----------------------------------------------------------------------


def test_generated_portfolio_has_fifty_vendors_and_is_deterministic(tmp_path: Path) -> None:
    generate_portfolio(tmp_path / "a", 50, soc_pages=0)
    jobs = discover(tmp_path / "a")
    assert len(jobs) == 52
    assert [j.vendor_id for j in jobs if j.problem] == []
    assert sum(len(j.documents) for j in jobs) >= 75
    generate_portfolio(tmp_path / "b", 3, broken=False, soc_pages=0)
    for pdf in (tmp_path / "b").rglob("*.pdf"):
        assert pdf.read_bytes() == (tmp_path / "a" / pdf.relative_to(tmp_path / "b")
                                    ).read_bytes()


def test_unusable_output_folder_is_exit_2(small_portfolio: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = _run(["portfolio", str(small_portfolio), "--no-history", "--out-dir",
                   str(blocker / "out")])
    assert result.exit_code == 2
    assert result.stderr.startswith("scopegap: error: ") and "output folder" in result.stderr


@pytest.mark.parametrize(("command", "expected"), [
    ("portfolio", ["--jobs", "--cache", "--db", "--ics", "--fail-on", "--timeout"]),
    ("diff", ["OLD_DOC", "NEW_DOC", "--format", "--fail-on"]),
    ("history", ["VENDOR", "--db", "--format"]),
])
def test_new_commands_have_help(command: str, expected: list[str]) -> None:
    result = _run([command, "--help"])
    assert result.exit_code == 0
    assert all(option in result.output for option in expected)
