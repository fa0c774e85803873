"""Benchmark ``scopegap portfolio`` as a user runs it, on a generated portfolio.

    python benchmarks/bench_portfolio.py [--vendors 200] [--pages 80] [--repeat 1]
                                         [--keep DIR] [--no-dask] [--json]

Builds (deterministically) ``--vendors`` vendor folders, each with an ISO/IEC 27001
certificate (``fixtures.generate_portfolio``) and a ``--pages``-page SOC 2 Type 2 report in
the real style (``fixtures.generate_long_soc``: dense prose, paragraph-cell test tables), and
measures in one run, every command a whole process (start-up included):

- cold time: ``--jobs 2`` (or ``--jobs`` N) with an empty extraction cache;
- the re-run over unchanged PDFs (every document a cache hit) as a share of the cold run
  (target under 10%);
- ``--jobs 1`` against ``--jobs 2``, cache off: the speed-up;
- ``--executor dask`` (a LocalCluster of 2 worker processes) against the local pool, cache
  off (target: within 15% of local);
- the peak resident memory of the largest process of each run.

Rounds interleave the measurements so a burst of other load falls on all of them alike;
each figure is the median over ``--repeat`` rounds, CPU seconds (every process of the run)
beside wall seconds. Rendering 80-page reports is slow (seconds each), so eight distinct
reports are rendered and each vendor gets its own copy made distinct by a comment after
``%%EOF`` (different bytes, so a different cache entry; the same work to extract). ``--keep
DIR`` keeps (and reuses) the generated portfolio there.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

AS_OF = "2026-11-22"
TEMPLATES = 8  # distinct SOC reports rendered; vendors share them, byte-distinct
TARGET_CACHED, TARGET_DASK = 0.10, 0.15


def build(folder: Path, vendors: int, pages: int) -> int:
    """Write the portfolio into ``folder`` (unless already there); returns the PDF count."""
    from fixtures.generate import render
    from fixtures.generate_long_soc import long_real_style, render_long
    from fixtures.generate_portfolio import stack_yaml, vendor_docs

    marker = folder / f".built-{vendors}-{pages}"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        templates: list[bytes] = []
        for index in range(min(vendors, TEMPLATES)):
            _, holder, _ = vendor_docs(index)
            doc = dataclasses.replace(long_real_style(pages), holder=holder)
            templates.append(bytes(render_long(doc, pages).output()))
        for index in range(vendors):
            name, holder, docs = vendor_docs(index)
            vendor = folder / name
            vendor.mkdir()
            main = docs[0]
            (vendor / f"{main.stem}.pdf").write_bytes(bytes(render(main).output()))
            (vendor / f"{name}_soc2.pdf").write_bytes(
                templates[index % len(templates)] + f"\n% {name}\n".encode())
            (vendor / "stack.yaml").write_text(stack_yaml(index, holder, main),
                                               encoding="utf-8")
        marker.touch()
    return sum(1 for _ in folder.rglob("*.pdf"))


def run(source: Path, out: Path, *options: str) -> tuple[float, float, float]:
    """(wall s, CPU s of every process, peak RSS MiB of the largest) of one portfolio run."""
    script = Path(sys.executable).parent / "scopegap"
    cli = [str(script)] if script.exists() else [sys.executable, "-c",
                                                 "from scopegap.cli import main; main()"]
    args = [*cli, "portfolio", str(source), "--out-dir", str(out), "--as-of", AS_OF,
            "--no-history", "-q", *options]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURED, *args], capture_output=True,
                          text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    *messages, peak = done.stderr.strip().splitlines() or ["0"]
    if done.returncode not in (0, 1, 3):
        raise SystemExit(f"portfolio run failed ({done.returncode}): {' '.join(messages)}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, int(peak) / 1024


# Runs the command and prints the peak RSS (KiB) of its largest process, workers included:
# a fresh parent per run, so the figure is this run's alone.
MEASURED = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], check=False).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vendors", type=int, default=200)
    parser.add_argument("--pages", type=int, default=80)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the portfolio here")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask measurement")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="scopegap-bench-"))
    os.environ["XDG_CACHE_HOME"] = str(work / "xdg-cache")  # start-up cache: ours alone
    os.environ["XDG_DATA_HOME"] = str(work / "xdg-data")
    load = os.getloadavg()[0]
    try:
        source = args.keep or work / "portfolio"
        started = time.perf_counter()
        documents = build(source, args.vendors, args.pages)
        generated = time.perf_counter() - started
        cache = work / "cache.sqlite3"
        jobs = str(args.jobs)
        measures = {
            "cold": ("--jobs", jobs, "--cache", str(cache)),
            "cached": ("--jobs", jobs, "--cache", str(cache)),
            "jobs1": ("--jobs", "1", "--no-cache"),
            "jobs2": ("--jobs", jobs, "--no-cache"),
        }
        if not args.no_dask:
            measures["dask"] = ("--jobs", jobs, "--no-cache", "--executor", "dask")
        # Warm-up on one vendor (a folder is a portfolio of one): the start-up cache and the
        # bytecode; a whole extra run of every vendor would double the benchmark for nothing.
        first = min(p for p in source.iterdir() if p.is_dir())
        run(first, work / "warm", "--jobs", "1", "--cache", str(work / "warm.sqlite3"),
            "--executor", "local")
        rounds: dict[str, list[tuple[float, float, float]]] = {key: [] for key in measures}
        for _ in range(args.repeat):
            for leftover in work.glob("cache.sqlite3*"):
                leftover.unlink()
            for key, options in measures.items():
                rounds[key].append(run(source, work / "out", *options))
    finally:
        shutil.rmtree(work, ignore_errors=True)  # --keep's portfolio lies outside it

    def median(key: str, field: int) -> float:
        return statistics.median(r[field] for r in rounds[key])

    figures: dict[str, object] = {
        "vendors": args.vendors, "documents": documents, "soc_pages": args.pages,
        "repeat": args.repeat, "cpu_cores": os.cpu_count(), "jobs": args.jobs,
        "load_average_before": round(load, 2), "generate_s": round(generated, 1),
    }
    for key in rounds:
        figures[f"{key}_wall_s"] = round(median(key, 0), 2)
        figures[f"{key}_cpu_s"] = round(median(key, 1), 2)
        figures[f"{key}_peak_rss_mib"] = round(max(r[2] for r in rounds[key]), 1)
    cached_share = median("cached", 0) / median("cold", 0)
    figures["cached_share"] = round(cached_share, 4)
    figures["jobs2_speedup"] = round(median("jobs1", 0) / median("jobs2", 0), 3)
    if "dask" in rounds:
        figures["dask_over_local"] = round(median("dask", 0) / median("jobs2", 0), 3)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"scopegap portfolio: {args.vendors} vendors ({documents} PDFs: certificate + "
          f"{args.pages}-page SOC 2 each), {os.cpu_count()} CPU core(s), load average "
          f"{load:.1f}, median of {args.repeat} round(s)")
    labels = {"cold": f"cold, --jobs {jobs}, empty cache", "cached": "re-run, all cached",
              "jobs1": "--jobs 1, no cache", "jobs2": f"--jobs {jobs}, no cache",
              "dask": f"dask LocalCluster ({jobs} workers)"}
    for key in rounds:
        print(f"  {labels[key]:34} wall {median(key, 0):8.2f} s  CPU {median(key, 1):8.2f} s"
              f"  peak RSS {max(r[2] for r in rounds[key]):7.1f} MiB")
    print(f"  cached / cold:  {cached_share:6.1%}  (target < {TARGET_CACHED:.0%})")
    print(f"  speed-up --jobs {jobs} over --jobs 1: {figures['jobs2_speedup']}x")
    if "dask" in rounds:
        ratio = float(figures["dask_over_local"])  # type: ignore[arg-type]
        print(f"  dask / local:   {ratio:6.2f}x  (target within {1 + TARGET_DASK:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
