"""End-to-end ``extract`` time against pypdfium2's raw text time, same file, same run.

    python benchmarks/bench_extract.py [--pages 200] [--repeat 3] [--pdf FILE]

Generates a long SOC 2 Type 2 report (fixtures/generate_soc/) into a temporary folder
unless ``--pdf`` is given, then prints the best of ``--repeat`` runs of (a) pypdfium2 opening
the file and extracting every page's text, (b) ``scopegap.extract.document.extract_path``,
and their ratio (ARCHITECTURE.md target: within 3x). Start-up (importing spaCy, building the
pipeline, loading the catalogs) is paid once per process and reported on its own line.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


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


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf", help="benchmark this PDF instead of a generated report")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="scopegap-bench-") as folder:
        if args.pdf:
            path = args.pdf
        else:
            from fixtures.generate_soc import long_report, write

            path = str(write(long_report(args.pages), Path(folder)))
        started = time.perf_counter()
        from scopegap.extract.document import extract_path
        from scopegap.match.catalog import load_catalog
        from scopegap.nlp.pipeline import analyse

        load_catalog()
        analyse("warm up", load_catalog())
        startup = time.perf_counter() - started
        import scopegap.ingest.layout as layout

        pages_read: list[int] = []
        original = layout.read_tables

        def counting(path: str, numbers: object, password: str | None = None) -> object:
            result = original(path, numbers, password)  # type: ignore[arg-type]
            pages_read[:] = list(result.pages_read)
            return result

        layout.read_tables = counting  # type: ignore[assignment]
        import scopegap.extract.soc.tables as soc_tables

        soc_tables.read_tables = counting  # type: ignore[assignment]
        from scopegap.extract.document import extract_document
        from scopegap.ingest.pdf import read_pdf

        raw = best_of(args.repeat, lambda: raw_text(path))
        scope = extract_path(path)
        ours = best_of(args.repeat, lambda: extract_path(path))
        reading = best_of(args.repeat, lambda: read_pdf(path))
        read = read_pdf(path)
        extracting = best_of(args.repeat, lambda: extract_document(read))
        print(f"file            {Path(path).name} ({scope.page_count} pages, kind {scope.kind})")
        print(f"start-up        {startup:.3f} s (once per process: spaCy, pipeline, catalogs)")
        print(f"pypdfium2 raw   {raw:.3f} s")
        print(f"scopegap        {ours:.3f} s (pdfplumber on {len(pages_read)} page(s): "
              f"{', '.join(map(str, pages_read)) or '-'})")
        print(f"  of which      read_pdf (fast text pass) {reading:.3f} s, extraction after "
              f"reading {extracting:.3f} s")
        print(f"ratio           {ours / raw:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
