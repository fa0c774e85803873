"""Start-up benchmark: what a user waits for on a one-page certificate, as a user runs it.

    python benchmarks/bench_startup.py [--repeat 7] [--pdf ONE_PAGE.pdf] [--as-is]

Measures in one run, as wall time of whole processes (Python start-up included), interleaved
so that other load on the machine falls on every figure alike:

- ``python -c pass``: the interpreter alone (the floor);
- ``python -c "import spacy"``: spaCy's import alone (the floor of any command that reads text);
- ``scopegap --help`` (must not import spaCy);
- ``scopegap extract ONE_PAGE.pdf --format json`` with an empty start-up cache (cold: the
  catalogs are parsed, the phrase patterns tokenised and both written to the cache) and with
  a warm one (the target of ARCHITECTURE.md: under a second).

Each figure is the median of ``--repeat`` rounds, with the best in brackets. The cold and
warm outputs are compared byte for byte. Bytecode is compiled into a temporary
``PYTHONPYCACHEPREFIX`` (warmed first) as an installed package has it, unless ``--as-is``
keeps the environment (``PYTHONDONTWRITEBYTECODE=1`` adds the compile of every module to
every run). Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PDF = ROOT / "fixtures" / "pdf" / "kestrel_27001_twocol.pdf"
TARGET_SECONDS = 1.0


def scopegap_command() -> list[str]:
    """The installed console script next to this interpreter, else the CLI through ``-c``."""
    script = Path(sys.executable).with_name("scopegap")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from scopegap.cli import main; "
                                  "sys.argv[0] = 'scopegap'; main()"]


def timed(command: list[str], env: dict[str, str]) -> tuple[float, bytes]:
    """Wall time of one process, and its standard output."""
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1: findings at --fail-on, still a full run
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): "
                         f"{done.stderr.decode(errors='replace')[-500:]}")
    return elapsed, done.stdout


def summary(times: list[float]) -> str:
    return f"{statistics.median(times):.3f} s  (best {min(times):.3f} s)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--pdf", type=Path, default=DEFAULT_PDF,
                        help="a one-page certificate (default: a committed fixture)")
    parser.add_argument("--as-is", action="store_true",
                        help="keep the environment's bytecode settings")
    args = parser.parse_args(argv)

    scopegap = scopegap_command()
    extract = [*scopegap, "extract", str(args.pdf), "--format", "json", "--as-of", "2026-01-01"]
    with tempfile.TemporaryDirectory(prefix="scopegap-bench-startup-") as folder:
        base = dict(os.environ)
        if not args.as_is:
            base.pop("PYTHONDONTWRITEBYTECODE", None)
            base["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "pycache")
        warm_env = {**base, "XDG_CACHE_HOME": str(Path(folder) / "warm")}
        # Compile the bytecode and fill the warm cache before anything is measured.
        _, warm_output = timed(extract, warm_env)
        cold_root = Path(folder) / "cold"

        def cold_run() -> tuple[float, bytes]:
            shutil.rmtree(cold_root, ignore_errors=True)
            return timed(extract, {**base, "XDG_CACHE_HOME": str(cold_root)})

        figures: dict[str, list[float]] = {name: [] for name in
                                           ("pass", "spacy", "help", "cold", "warm")}
        identical = True
        for _ in range(args.repeat):
            figures["pass"].append(timed([sys.executable, "-c", "pass"], base)[0])
            figures["spacy"].append(timed([sys.executable, "-c", "import spacy"], base)[0])
            figures["help"].append(timed([*scopegap, "--help"], warm_env)[0])
            elapsed, output = cold_run()
            figures["cold"].append(elapsed)
            identical &= output == warm_output
            elapsed, output = timed(extract, warm_env)
            figures["warm"].append(elapsed)
            identical &= output == warm_output

    warm = statistics.median(figures["warm"])
    print(f"machine         {os.cpu_count()} cores, load average "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.repeat} rounds, "
          f"bytecode {'as the environment has it' if args.as_is else 'cached'}")
    print(f"python -c pass  {summary(figures['pass'])}")
    print(f"import spacy    {summary(figures['spacy'])}")
    print(f"scopegap --help {summary(figures['help'])}")
    print(f"extract, cold   {summary(figures['cold'])}  (empty start-up cache)")
    print(f"extract, warm   {summary(figures['warm'])}  "
          f"({'under' if warm < TARGET_SECONDS else 'OVER'} the {TARGET_SECONDS:.0f} s target)")
    print(f"file            {args.pdf.name}; cold and warm output "
          f"{'identical' if identical else 'DIFFERENT'}")
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
