"""``extract``, ``check`` and ``diff`` read through the extraction cache ``portfolio`` uses.

Each run is a fresh interpreter (as a user runs it), which reports the heavy libraries it
imported: a run whose documents are all cached must import neither spaCy nor pdfplumber.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES

CERTIFICATE = FIXTURES / "pdf" / "northwind_27001_schedule.pdf"
OTHER = FIXTURES / "pdf" / "northwind_iso9001.pdf"
STACK = FIXTURES / "stacks" / "northwind.yaml"
HEAVY = ("spacy", "pdfplumber")
JSON = ("--format", "json", "--as-of", "2026-11-22")
RUNNER = """
import json, sys
from scopegap.cli import main
sys.argv = ["scopegap", *sys.argv[1:]]
try:
    main()
except SystemExit as done:
    code = done.code
heavy = [m for m in HEAVY if m in sys.modules]
print(json.dumps({"exit": code, "heavy": heavy}), file=sys.stderr)
""".replace("HEAVY", repr(HEAVY))


def run(*args: str | Path) -> tuple[str, list[str], int]:
    """(standard output, heavy modules imported, exit code) of one scopegap run."""
    done = subprocess.run([sys.executable, "-c", RUNNER, *map(str, args)],
                          capture_output=True, text=True, check=False, timeout=300)
    status = json.loads(done.stderr.strip().splitlines()[-1])
    return done.stdout, status["heavy"], status["exit"]


def test_second_extract_is_served_from_the_cache_without_spacy(tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite3"
    first, heavy_first, code = run("extract", CERTIFICATE, *JSON,
                                   "--cache", cache)
    assert code == 0 and "spacy" in heavy_first
    second, heavy_second, code = run("extract", CERTIFICATE, *JSON,
                                     "--cache", cache)
    assert code == 0
    assert heavy_second == []
    assert second == first


def test_no_cache_extracts_again_and_writes_nothing(tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite3"
    cached, _, _ = run("extract", CERTIFICATE, *JSON, "--cache", cache)
    fresh, heavy, code = run("extract", CERTIFICATE, *JSON, "--cache", cache,
                             "--no-cache")
    assert code == 0 and "spacy" in heavy
    assert fresh == cached
    other = tmp_path / "unused.sqlite3"
    run("extract", CERTIFICATE, *JSON, "--cache", other, "--no-cache")
    assert not other.exists()


def test_changed_file_at_the_same_path_is_a_miss(tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite3"
    document = tmp_path / "vendor.pdf"
    shutil.copyfile(CERTIFICATE, document)
    before, _, _ = run("extract", document, *JSON, "--cache", cache)
    shutil.copyfile(OTHER, document)
    after, heavy, code = run("extract", document, *JSON, "--cache", cache)
    assert code == 0 and "spacy" in heavy
    expected, _, _ = run("extract", OTHER, *JSON, "--no-cache")
    assert json.loads(after)["documents"][0]["sha256"] != \
        json.loads(before)["documents"][0]["sha256"]
    assert json.loads(after)["documents"][0]["standards"] == \
        json.loads(expected)["documents"][0]["standards"]


def test_check_and_diff_share_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite3"
    run("extract", CERTIFICATE, OTHER, *JSON, "--cache", cache)
    report, heavy, code = run("check", "--stack", STACK, CERTIFICATE, OTHER, "--format",
                              "json", "--as-of", "2026-11-22", "--cache", cache)
    assert heavy == [] and code in (0, 1)
    fresh, _, _ = run("check", "--stack", STACK, CERTIFICATE, OTHER, "--format", "json",
                      "--as-of", "2026-11-22", "--no-cache")
    assert report == fresh
    drift, heavy, code = run("diff", OTHER, CERTIFICATE, "--format", "json", "--cache", cache)
    assert heavy == [] and code in (0, 1)
    assert json.loads(drift)


def test_a_cached_portfolio_imports_neither_spacy_nor_pdfplumber(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    if str(root) not in sys.path:  # fixtures/ is not an installed package
        sys.path.insert(0, str(root))
    from fixtures.generate_portfolio import generate_portfolio

    source = tmp_path / "vendors"
    generate_portfolio(source, 2, broken=False, soc_pages=3)
    options = ("--as-of", "2026-11-22", "--cache", tmp_path / "cache.sqlite3", "--no-history",
               "-q", "--jobs", "2", "--format", "json")
    _, heavy_first, first = run("portfolio", source, "--out-dir", tmp_path / "a", *options)
    assert "spacy" in heavy_first and first in (0, 1)
    _, heavy, second = run("portfolio", source, "--out-dir", tmp_path / "b", *options)
    assert heavy == [] and second == first
    for name in ("portfolio.json", "portfolio.csv"):
        assert (tmp_path / "b" / name).read_bytes() == (tmp_path / "a" / name).read_bytes()
