"""Benchmark ``scopegap portfolio`` on the generated 50-vendor portfolio.

    python benchmarks/bench_portfolio.py [--vendors 50] [--repeat 3] [--jobs N] [--json]

Measures, in one run and on the same freshly generated portfolio, the end-to-end command
(process start-up included, as a user runs it):

- the first run with an empty extraction cache, and the second run over unchanged PDFs
  (cache hits), and their ratio (target: the cached re-run under 10% of the first run);
- ``--jobs 1`` against ``--jobs 2`` with the cache off, and the speed-up.

Each figure is the best of ``--repeat`` interleaved rounds (the least disturbed by other
load on the machine). Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fixtures.generate_portfolio import generate_portfolio  # noqa: E402

AS_OF = "2026-11-22"
TARGET_RATIO = 0.10
CLI = [sys.executable, "-c", "from scopegap.cli import main; main()"]
CPU: dict[tuple[int, bool], list[float]] = {}


def run_portfolio(source: Path, out: Path, jobs: int, cache: Path | None) -> float:
    """Wall seconds for one ``scopegap portfolio`` run (exit 0, 1 or 3 are all normal here);
    its CPU seconds (every process of the run) are kept in ``CPU[jobs, cache is None]``."""
    args = [*CLI, "portfolio", str(source), "--out-dir", str(out), "--as-of", AS_OF,
            "--jobs", str(jobs), "--no-history", "-q"]
    args += ["--cache", str(cache)] if cache else ["--no-cache"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    CPU.setdefault((jobs, cache is None), []).append(cpu)
    if done.returncode not in (0, 1, 3):
        raise SystemExit(f"portfolio run failed ({done.returncode}): {done.stderr.strip()}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vendors", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="jobs for the cache measurement (default: CPU cores)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]  # other work on the machine leaves fewer cores to --jobs
    work = Path(tempfile.mkdtemp(prefix="scopegap-bench-"))
    try:
        source = work / "portfolio"
        generate_portfolio(source, args.vendors, broken=False)
        documents = sum(1 for _ in source.rglob("*.pdf"))
        cache = work / "cache.sqlite3"

        # Rounds interleave the four measurements, so a burst of other load on the machine
        # hits all of them alike instead of one; each figure is its best round.
        rounds: dict[str, list[float]] = {"first": [], "cached": [], "jobs1": [], "jobs2": []}
        for _ in range(args.repeat):
            for leftover in work.glob("cache.sqlite3*"):
                leftover.unlink()
            rounds["first"].append(run_portfolio(source, work / "out", args.jobs, cache))
            rounds["cached"].append(run_portfolio(source, work / "out", args.jobs, cache))
            rounds["jobs1"].append(run_portfolio(source, work / "out", 1, None))
            rounds["jobs2"].append(run_portfolio(source, work / "out", 2, None))
        first_run, cached_run, jobs1, jobs2 = (min(rounds[k]) for k in rounds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratio = cached_run / first_run
    figures = {
        "vendors": args.vendors, "documents": documents, "repeat": args.repeat,
        "cpu_cores": os.cpu_count(), "jobs": args.jobs,
        "first_run_s": round(first_run, 3), "cached_run_s": round(cached_run, 3),
        "cached_ratio": round(ratio, 4), "cached_target_met": ratio < TARGET_RATIO,
        "jobs1_s": round(jobs1, 3), "jobs2_s": round(jobs2, 3),
        "jobs2_speedup": round(jobs1 / jobs2, 3),
        "jobs1_cpu_s": round(min(CPU[1, True]), 3), "jobs2_cpu_s": round(min(CPU[2, True]), 3),
        "load_average_before": round(load, 2),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"scopegap portfolio: {args.vendors} vendors, {documents} PDFs, best of "
          f"{args.repeat}, {os.cpu_count()} CPU core(s)")
    print(f"  first run  (empty cache, --jobs {args.jobs}): {first_run:7.2f} s")
    print(f"  second run (cache hits,  --jobs {args.jobs}): {cached_run:7.2f} s")
    print(f"  cached / first:                   {ratio:7.1%}  (target < {TARGET_RATIO:.0%}: "
          f"{'met' if ratio < TARGET_RATIO else 'NOT met'})")
    print(f"  --jobs 1, no cache:               {jobs1:7.2f} s  (CPU {min(CPU[1, True]):.2f} s)")
    print(f"  --jobs 2, no cache:               {jobs2:7.2f} s  (CPU {min(CPU[2, True]):.2f} s)")
    print(f"  speed-up --jobs 2 over --jobs 1:  {jobs1 / jobs2:7.2f}x  (load average before "
          f"the runs: {load:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
