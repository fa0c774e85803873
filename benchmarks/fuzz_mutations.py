"""Hostile PDFs at scale: mutations of the generated fixtures through the extract entry point.

    python benchmarks/fuzz_mutations.py [--cases 10000] [--workers 2] [--seed 0]

Each case is one mutation (byte flips, truncations, splices, xref/trailer damage, object
stream damage, deep nesting, huge dictionaries, decompression bombs, hostile /Count and
page-tree loops) of a PDF made by ``fixtures/generate.py`` or ``fixtures/generate_soc.py``,
read in-process by ``scopegap.portfolio.cache.extract_cached`` (what ``scopegap extract``
calls) in a
worker subprocess under an address-space limit, a per-case time limit and a peak-RSS check.
A worker that hangs or dies is killed and replaced. The only acceptable outcomes are a
result or a ``DocumentError`` (exit 3, one line); the script prints the count of undocumented
exceptions, hangs and memory blow-ups (worker deaths count as blow-ups) and exits 1 unless
all three are 0. Cases are deterministic: ``--seed`` and the case number fix the bytes.

Memory is measured per case: the worker's high-water mark (VmHWM) is reset to its current
RSS before each case, and a case reports its peak and what it added over the RSS it started
from. The worker's resting RSS (spaCy, PDFium, the harness's own cached bomb payloads) is not
the case's: a blow-up is a case that adds more than ``CASE_GROWTH`` whatever its outcome.
Where the reset is not available (not Linux), the peak is the worker's lifetime peak and the
summary says so.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import select
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from fuzz_mutators import KINDS, mutate, seeds, warm  # noqa: E402

# A hang is a case that burns CASE_SECONDS of CPU, or CASE_WALL_SECONDS of wall time: on a
# shared machine wall time alone would count other processes' load as hangs.
CASE_SECONDS = 60.0
CASE_WALL_SECONDS = 300.0
ADDRESS_SPACE = 3 * 1024**3  # RLIMIT_AS of a worker: spaCy + PDFium map ~1 GB before a case
CASE_GROWTH = 1024 * 1024**2  # a case that adds more than this over its starting RSS


# --------------------------------------------------------------------------------------------
# Worker: one process reading cases from stdin, one JSON line per case on stdout
# --------------------------------------------------------------------------------------------


def worker(folder: str) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    from scopegap.errors import DocumentError
    from scopegap.portfolio.cache import extract_cached
    from scopegap.settings import Settings

    settings = Settings()
    corpus = seeds()
    warm()  # build the large payloads once, before any case is timed
    target = Path(folder) / f"case-{os.getpid()}.pdf"
    # Replies go to a private copy of stdout: a library printing must not break the protocol.
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    print(json.dumps({"ready": True}), file=replies, flush=True)
    for line in sys.stdin:
        case = json.loads(line)
        target.write_bytes(mutate(corpus, case["seed"], case["number"], case["kind"]))
        reset = _reset_peak()
        before = _status("VmRSS") if reset else 0
        started = time.monotonic()
        try:
            extract_cached(str(target), None, settings=settings)
            outcome, detail = "read", ""
        except DocumentError as error:
            outcome, detail = "refused", error.reason[:120]
        except MemoryError:
            outcome, detail = "memory", "MemoryError"
        except Exception as error:  # the very thing this harness looks for
            outcome, detail = "exception", f"{type(error).__name__}: {error}"[:300]
        peak = _status("VmHWM") if reset else 0
        if not peak:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(json.dumps({"outcome": outcome, "detail": detail, "peak": peak,
                          "growth": max(0, peak - before) if reset else None,
                          "seconds": round(time.monotonic() - started, 3)}), file=replies,
              flush=True)


def _reset_peak() -> bool:
    """Reset this process's high-water mark to its current RSS (Linux); False if not."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _status(key: str) -> int:
    """A memory figure of /proc/self/status in bytes (0 when it cannot be read)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1]) * 1024
    return 0


# --------------------------------------------------------------------------------------------
# Parent: hands out cases, enforces the time limit, replaces dead workers, counts
# --------------------------------------------------------------------------------------------


@dataclass
class Worker:
    process: subprocess.Popen[str]
    case: dict[str, object] | None = None
    started: float = 0.0
    cpu: float = 0.0  # the worker's CPU seconds when the case was handed out


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc; 0 elsewhere: wall time decides)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _spawn(folder: str) -> Worker:
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--worker", folder],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        bufsize=1,
    )
    assert process.stdout is not None
    ready = process.stdout.readline()  # imports done before any case is timed
    if not ready:
        raise SystemExit("a fuzz worker failed to start")
    return Worker(process)


def _kill(worker: Worker) -> None:
    worker.process.kill()
    worker.process.wait()


@dataclass
class Tally:
    outcomes: Counter[str]
    kinds: Counter[str]
    failures: list[str]
    seconds: dict[str, float] = field(default_factory=dict)
    slowest: float = 0.0
    peak: int = 0  # the highest peak RSS of a worker during one case (resting RSS included)
    growth: int = 0  # the most one case added over the RSS it started from
    per_case: bool = True  # False: a worker's peak could not be reset between cases

    def failure(self, kind: str, case: dict[str, object], detail: str) -> None:
        self.outcomes[kind] += 1
        line = f"{kind}: case {case['number']} ({case['kind']}): {detail}"
        self.failures.append(line)
        print(line, flush=True)  # at once: a long run's failures can be replayed meanwhile


def run(cases: int, workers: int, seed: int, folder: str) -> Tally:
    tally = Tally(Counter(), Counter(), [])
    pending = [{"seed": seed, "number": n, "kind": KINDS[n % len(KINDS)]} for n in range(cases)]
    pending.reverse()
    pool = [_spawn(folder) for _ in range(workers)]
    try:
        while pending or any(w.case is not None for w in pool):
            for index, current in enumerate(pool):
                if current.case is None and pending:
                    current.case = pending.pop()
                    current.started = time.monotonic()
                    current.cpu = _cpu_seconds(current.process.pid)
                    assert current.process.stdin is not None
                    try:
                        current.process.stdin.write(json.dumps(current.case) + "\n")
                        current.process.stdin.flush()
                    except BrokenPipeError:
                        pool[index] = _died(current, tally, folder)
            _collect(pool, tally, folder)
    finally:
        for current in pool:
            _kill(current)
    return tally


def _collect(pool: list[Worker], tally: Tally, folder: str) -> None:
    busy: dict[IO[str], int] = {}
    for index, current in enumerate(pool):
        if current.case is not None and current.process.stdout is not None:
            busy[current.process.stdout] = index
    ready, _, _ = select.select(list(busy), [], [], 1.0)
    for stream in ready:
        index = busy[stream]
        current = pool[index]
        assert current.case is not None
        line = stream.readline()
        if not line:
            pool[index] = _died(current, tally, folder)
            continue
        result = json.loads(line)
        tally.kinds[str(current.case["kind"])] += 1
        kind = str(current.case["kind"])
        tally.seconds[kind] = tally.seconds.get(kind, 0.0) + float(result["seconds"])
        tally.slowest = max(tally.slowest, float(result["seconds"]))
        if float(result["seconds"]) > CASE_SECONDS / 2:
            print(f"slow: case {current.case['number']} ({current.case['kind']}): "
                  f"{result['seconds']} s, {result['outcome']}", flush=True)
        done = sum(tally.kinds.values())
        if done % 500 == 0:
            print(f"... {done} cases: {dict(tally.outcomes)}", flush=True)
        tally.peak = max(tally.peak, int(result["peak"]))
        growth = result.get("growth")
        if growth is None:
            tally.per_case = False
        else:
            tally.growth = max(tally.growth, int(growth))
        if result["outcome"] == "memory" or (growth or 0) > CASE_GROWTH:
            tally.failure("memory", current.case, f"{result['outcome']}: {result['detail']} "
                          f"peak {result['peak'] / 2**20:.0f} MiB, the case added "
                          f"{(growth or 0) / 2**20:.0f} MiB")
        elif result["outcome"] in ("read", "refused"):
            tally.outcomes[result["outcome"]] += 1
        else:
            tally.failure("exception", current.case, result["detail"])
        current.case = None
    now = time.monotonic()
    for index, current in enumerate(pool):
        if current.case is None:
            continue
        cpu = _cpu_seconds(current.process.pid) - current.cpu
        wall = now - current.started
        if cpu > CASE_SECONDS or wall > CASE_WALL_SECONDS:
            tally.kinds[str(current.case["kind"])] += 1
            tally.failure("hang", current.case, f"{cpu:.0f} s CPU, {wall:.0f} s wall")
            _kill(current)
            pool[index] = _spawn(folder)


def _died(current: Worker, tally: Tally, folder: str) -> Worker:
    assert current.case is not None
    code = current.process.wait()
    tally.kinds[str(current.case["kind"])] += 1
    tally.failure("memory", current.case, f"worker died (exit {code}): a crash or out of memory")
    return _spawn(folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--worker", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return 0
    import signal
    import tempfile

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the workers are killed too
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="scopegap-fuzz-") as folder:
        tally = run(args.cases, args.workers, args.seed, folder)
    print(f"cases: {sum(tally.kinds.values())} in {time.monotonic() - started:.0f} s; per "
          "kind, count and mean seconds: " + ", ".join(
              f"{k} {v} ({tally.seconds[k] / v:.2f})" for k, v in sorted(tally.kinds.items())))
    print(f"read: {tally.outcomes['read']}, refused (DocumentError): "
          f"{tally.outcomes['refused']}; slowest case {tally.slowest:.1f} s")
    if tally.per_case:
        print(f"memory per case: highest worker peak RSS {tally.peak / 2**20:.0f} MiB (its "
              f"resting RSS included), most added by one case {tally.growth / 2**20:.0f} MiB "
              f"(limit {CASE_GROWTH / 2**20:.0f} MiB)")
    else:
        print(f"memory: peak RSS could not be reset between cases here; highest worker "
              f"lifetime peak {tally.peak / 2**20:.0f} MiB (not a per-case figure)")
    print(f"undocumented exceptions: {tally.outcomes['exception']}, hangs: "
          f"{tally.outcomes['hang']}, memory blow-ups: {tally.outcomes['memory']}")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
