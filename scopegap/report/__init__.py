"""Renderers: one function per output format, all from the same Report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scopegap.domain import Report, Stack

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog
    from scopegap.report.crops import CropBook

FORMATS = ("text", "json", "md", "html", "csv")
# ``-o FILE`` without --format: the file's suffix decides.
SUFFIX_FORMATS = {".json": "json", ".txt": "text", ".md": "md", ".markdown": "md",
                  ".html": "html", ".htm": "html", ".csv": "csv"}


def render(report: Report, fmt: str, verbose: bool = False, stack: Stack | None = None,
           pages: CropBook | None = None, catalog: Catalog | None = None) -> str:
    """``stack`` (optional) adds the contract term to the md/html timeline; ``pages`` (the
    documents are at hand) adds highlighted page crops to the HTML; ``catalog`` lets the
    quotes find an item printed under another spelling."""
    if fmt == "json":
        from scopegap.report.json_report import render_json

        return render_json(report)
    if fmt == "md":
        from scopegap.report.markdown_report import render_markdown

        return render_markdown(report, stack, catalog)
    if fmt == "html":
        from scopegap.report.html_report import render_html

        return render_html(report, stack, pages, catalog)
    if fmt == "csv":
        from scopegap.report.csv_report import render_csv

        return render_csv(report)
    from scopegap.report.text_report import render_text

    return render_text(report, verbose=verbose, catalog=catalog)
