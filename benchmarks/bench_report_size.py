"""Size of the HTML a 60-vendor portfolio produces, with and without page crops.

    python benchmarks/bench_report_size.py [--vendors 60] [--soc-pages 0] [--json]

The budget (``scopegap.report.crops``): a crop is a JPEG band of its page at 110 DPI, at most
45 KB; a report embeds at most 30 crops (later rows keep their quote and page, without an
image), so a ``check`` report carries at most 30 x 45 KB x 4/3 (base64) = 1.8 MB of crops.
Portfolio vendor pages link to the PDF page instead of embedding (the documents may be read
from a cache, and 60 reports x 1.8 MB would be 108 MB), so a 60-vendor portfolio's HTML is
the reports' text alone. This prints, on the generated portfolio:

- the portfolio's HTML as written (vendor pages + summary): total and largest file;
- each vendor's report as ``check --format html`` renders it (crops embedded): total,
  largest, crops and crop bytes, against the per-report budget.
Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fixtures.generate_portfolio import generate_portfolio  # noqa: E402

AS_OF = date(2026, 11, 22)
KB = 1024


def measure(vendors: int, soc_pages: int) -> dict[str, object]:
    from scopegap.api import analyse, extract
    from scopegap.ingest.page_image import render_page
    from scopegap.ingest.stack import load_stack
    from scopegap.portfolio.discovery import discover
    from scopegap.portfolio.runner import VendorResult
    from scopegap.portfolio.summary import build_summary
    from scopegap.report import render
    from scopegap.report.crops import DPI, MAX_CROP_BYTES, MAX_CROPS, CropBook
    from scopegap.report.portfolio import render_summary
    from scopegap.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        generate_portfolio(Path(tmp) / "p", vendors=vendors, broken=False, soc_pages=soc_pages)
        linked: list[int] = []
        embedded: list[int] = []
        crops = crop_bytes = 0
        results: list[VendorResult] = []
        started = time.perf_counter()
        for job in discover(Path(tmp) / "p"):
            assert job.stack is not None
            stack = load_stack(job.stack)
            scopes, _ = extract(job.documents, Settings())
            report = analyse(scopes, stack, AS_OF, Settings())
            results.append(VendorResult(job, job.vendor_id, report))
            linked.append(len(render(report, "html", stack=stack).encode("utf-8")))
            book = CropBook(lambda path, page: render_page(path, page, None, DPI))
            embedded.append(len(render(report, "html", stack=stack,
                                       pages=book).encode("utf-8")))
            crops += book.used
            crop_bytes += book.total_bytes
        seconds = time.perf_counter() - started
        summary = render_summary(build_summary(results, source="p", as_of=AS_OF,
                                               settings=Settings(), fail_on="high"), "html")
        linked.append(len(summary.encode("utf-8")))
    budget = MAX_CROPS * MAX_CROP_BYTES * 4 // 3
    return {
        "vendors": vendors,
        "portfolio_html_bytes": sum(linked),
        "portfolio_largest_page_bytes": max(linked),
        "check_reports_total_bytes": sum(embedded),
        "check_report_largest_bytes": max(embedded),
        "check_report_mean_bytes": sum(embedded) // len(embedded),
        "crops": crops,
        "crop_bytes_mean": crop_bytes // max(1, crops),
        "per_report_crop_budget_bytes": budget,
        "within_budget": max(
            crop - page for crop, page in zip(embedded, linked, strict=False)) <= budget,
        "seconds": round(seconds, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vendors", type=int, default=60)
    parser.add_argument("--soc-pages", type=int, default=0,
                        help="padding pages of each SOC report (crop size does not depend "
                             "on it; 0 keeps the run short)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = measure(args.vendors, args.soc_pages)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{result['vendors']} vendors, {result['seconds']} s")
    print(f"portfolio HTML (summary + vendor pages, which link to the PDF): "
          f"{int(result['portfolio_html_bytes']) / KB / KB:.2f} MiB in total, largest page "
          f"{int(result['portfolio_largest_page_bytes']) / KB:.0f} KiB")
    print(f"check --format html (crops embedded): mean "
          f"{int(result['check_report_mean_bytes']) / KB:.0f} KiB, largest "
          f"{int(result['check_report_largest_bytes']) / KB:.0f} KiB per report; "
          f"{result['crops']} crops, mean {int(result['crop_bytes_mean']) / KB:.1f} KiB each")
    print(f"per-report crop budget {int(result['per_report_crop_budget_bytes']) / KB:.0f} KiB:"
          f" {'within' if result['within_budget'] else 'OVER'}")
    return 0 if result["within_budget"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
