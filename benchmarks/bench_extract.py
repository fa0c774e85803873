"""Extraction cost against its floors, every figure against a baseline measured in the same run.

    python benchmarks/bench_extract.py [--pages 220] [--repeat 5] [--pdf FILE ...]
                                       [--certificate ONE_PAGE.pdf] [--skip-startup] [--stages]

Three ratios, each the median of ``--repeat`` interleaved rounds (A B A B ..., so other load
on a shared machine falls on both alike), on CPU seconds (user + system, which waiting for
a busy core does not inflate) with wall seconds beside:

1. **Per page**: ``read_pdf`` + ``extract_document`` in one warm process (start-up paid
   before), against pypdfium2 opening the same file and extracting every page's raw text.
   On a generated long real-style SOC 2 report (``fixtures/generate_long_soc.py``: dense
   prose, test tables of whole-paragraph cells) and on each ``--pdf``. Target: 2x.
2. **Cold start**: ``scopegap extract ONE_PAGE.pdf --no-cache`` as a whole process, against
   ``python -c 'import spacy; spacy.blank("en")'`` (the floor of any run that reads text).
   Target: 1.1x.
3. **Cached**: the same command reading the extraction cache (filled by one run first), as a
   whole process: no spaCy, no pdfplumber. Target: under 0.4 s.

With ``--stages``, each document's read + extract is also broken down: CPU seconds of reading
and of each stage the document and SOC extractors call (every scopegap function their modules
import, timed where it is called), medians of ``--repeat`` runs: where the time goes.

Runs use a temporary ``XDG_CACHE_HOME`` (start-up and extraction caches) and a temporary
``PYTHONPYCACHEPREFIX`` (bytecode, of this package and of spaCy alike, as an installed package
has it), warmed once, so nothing outside a temporary folder is read or written. Without it a
shell with ``PYTHONDONTWRITEBYTECODE`` set compiled this package's source in every measured
run (about 0.05 s) while spaCy's installed bytecode was read.
"""

from __future__ import annotations

import argparse
import inspect
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CERTIFICATE = ROOT / "fixtures" / "pdf" / "brightline_seal_ordinal.pdf"
SPACY_FLOOR = "import spacy; spacy.blank('en')"
TARGET_PER_PAGE, TARGET_COLD, TARGET_CACHED = 2.0, 1.1, 0.4


def raw_text(path: str) -> int:
    """pypdfium2 alone: open the file, every page's text; returns the character count."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        total = 0
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            total += len(textpage.get_text_range())
            textpage.close()
            page.close()
        return total
    finally:
        document.close()


Timing = tuple[float, float]  # CPU seconds, wall seconds


def in_process(work: Callable[[], object]) -> Timing:
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return time.process_time() - cpu, time.perf_counter() - wall


def whole_process(command: list[str], env: dict[str, str]) -> Timing:
    """CPU (the child's user + system) and wall seconds of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): "
                         f"{done.stderr.decode(errors='replace').strip()}")
    return (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, wall)


def interleaved(repeat: int, a: Callable[[], Timing],
                b: Callable[[], Timing]) -> tuple[Timing, Timing, float]:
    """Medians of A and B over ``repeat`` A B rounds, and the median of the CPU ratios
    A/B taken round by round."""
    pairs = [(a(), b()) for _ in range(repeat)]
    ratio = statistics.median(x[0] / y[0] for x, y in pairs if y[0] > 0)

    def median(side: int) -> Timing:
        return (statistics.median(p[side][0] for p in pairs),
                statistics.median(p[side][1] for p in pairs))

    return median(0), median(1), ratio


def per_page(path: str, repeat: int) -> None:
    from scopegap.extract.document import extract_document
    from scopegap.ingest.pdf import read_pdf
    from scopegap.match.catalog import load_catalog

    catalog = load_catalog()
    scope = extract_document(read_pdf(path), catalog)  # start-up paid here, not below

    def ours() -> Timing:
        return in_process(lambda: extract_document(read_pdf(path), catalog))

    mine, raw, ratio = interleaved(repeat, ours, lambda: in_process(lambda: raw_text(path)))
    print(f"per page     {Path(path).name}: {scope.page_count} pages, {scope.kind}")
    print(f"  pypdfium2 raw text      CPU {raw[0]:.3f} s  wall {raw[1]:.3f} s")
    print(f"  scopegap read+extract   CPU {mine[0]:.3f} s  wall {mine[1]:.3f} s "
          f"({1000 * mine[0] / max(scope.page_count, 1):.2f} ms CPU a page)")
    print(f"  ratio                   {ratio:.2f}x  (target {TARGET_PER_PAGE:g}x: "
          f"{'met' if ratio <= TARGET_PER_PAGE else 'NOT met'})")


def stages(path: str, repeat: int) -> None:
    """CPU of reading and of each stage of extraction, timed in place (no profiler: its
    overhead falls on Python code, not on PDFium, and skews the shares)."""
    import scopegap.extract.document as document
    import scopegap.extract.soc.assemble as assemble
    from scopegap.ingest.pdf import read_pdf
    from scopegap.match.catalog import load_catalog

    catalog = load_catalog()
    spent: dict[str, float] = {}
    wrapped: list[tuple[object, str, object]] = []

    def timed(name: str, function: Callable[..., object]) -> Callable[..., object]:
        def run(*args: object, **kwargs: object) -> object:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - start
        return run

    for module in (document, assemble):
        for name, value in list(vars(module).items()):
            if inspect.isfunction(value) and value.__module__.startswith("scopegap.") \
                    and value.__module__ != module.__name__:
                wrapped.append((module, name, value))
                setattr(module, name, timed(name, value))
    rounds: list[dict[str, float]] = []
    try:
        for _ in range(repeat):
            spent.clear()
            start = time.process_time()
            pdf = read_pdf(path)
            spent["read_pdf"] = time.process_time() - start
            document.extract_document(pdf, catalog)
            spent["(read + extract)"] = time.process_time() - start
            rounds.append(dict(spent))
    finally:
        for module, name, value in wrapped:
            setattr(module, name, value)
    medians = {name: statistics.median(r.get(name, 0.0) for r in rounds)
               for name in rounds[0]}
    total = medians.pop("(read + extract)")
    print(f"stages       {Path(path).name}: CPU {total:.3f} s, medians of {repeat} runs")
    for name, seconds in sorted(medians.items(), key=lambda item: -item[1]):
        if seconds >= 0.0005:
            print(f"  {name:28s} {1000 * seconds:7.1f} ms  {100 * seconds / total:4.1f}%")


def startup(certificate: str, repeat: int, folder: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache"),
           "XDG_DATA_HOME": str(folder / "data"), "PYTHONPYCACHEPREFIX": str(folder / "pyc")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    python = sys.executable
    script = Path(python).parent / "scopegap"  # the console script, as a user runs it
    cli = [str(script)] if script.exists() else [python, "-c",
                                                 "from scopegap.cli import main; main()"]
    extract = [*cli, "extract", certificate, "--format", "json", "-o",
               str(folder / "out.json")]
    cold = [*extract, "--no-cache"]
    cached = [*extract, "--cache", str(folder / "extractions.sqlite3")]
    floor = [python, "-c", SPACY_FLOOR]
    for command in (cold, cached, floor):  # warm-up: start-up cache, bytecode, the cache
        whole_process(command, env)
    ours, spacy_floor, ratio = interleaved(repeat, lambda: whole_process(cold, env),
                                           lambda: whole_process(floor, env))
    hit, _, _ = interleaved(repeat, lambda: whole_process(cached, env),
                            lambda: whole_process(floor, env))
    print(f"cold start   {Path(certificate).name} (one page), whole processes")
    print(f"  import spacy; blank(en) CPU {spacy_floor[0]:.3f} s  wall {spacy_floor[1]:.3f} s")
    print(f"  scopegap extract        CPU {ours[0]:.3f} s  wall {ours[1]:.3f} s")
    print(f"  ratio                   {ratio:.2f}x  (target {TARGET_COLD:g}x: "
          f"{'met' if ratio <= TARGET_COLD else 'NOT met'})")
    print(f"cached       scopegap extract from the cache: CPU {hit[0]:.3f} s  wall "
          f"{hit[1]:.3f} s  (target under {TARGET_CACHED:g} s: "
          f"{'met' if hit[0] < TARGET_CACHED else 'NOT met'} on CPU)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=220)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pdf", action="append", default=[],
                        help="also measure this PDF (repeatable)")
    parser.add_argument("--certificate", default=str(CERTIFICATE),
                        help="the one-page document of the start-up figures")
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--stages", action="store_true",
                        help="also break each document's CPU down by stage")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="scopegap-bench-") as name:
        folder = Path(name)
        os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
        os.environ["XDG_DATA_HOME"] = str(folder / "data")
        from fixtures.generate_long_soc import write_long

        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPU(s), load average "
              f"{os.getloadavg()[0]:.1f}; medians of {args.repeat} interleaved rounds")
        for path in [str(write_long(folder / "long", args.pages)), *args.pdf]:
            per_page(path, args.repeat)
            if args.stages:
                stages(path, args.repeat)
        if not args.skip_startup:
            startup(args.certificate, args.repeat, folder)
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
