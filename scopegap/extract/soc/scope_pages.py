"""Which image-only pages of a SOC report could hide scope, and so earn ``no_text_layer``.

A text report may carry pages that are only a picture: the scanned, hand-signed page of the
auditor's report, a logo cover, a back cover. None of them holds the system's scope, and
flagging them would bury the one page that matters: an image page inside the system
description (a scanned component table). So for a SOC report only the image pages within
the description count; when no description heading is found, every image page between the
first and the last page with text counts (nothing is known, so nothing is excused).
"""

from __future__ import annotations

from scopegap.extract.soc.sections import Outline
from scopegap.ingest.pdf import ReadPdf


def unread_scope_pages(pdf: ReadPdf, report: Outline) -> tuple[int, ...]:
    images = [p.number for p in pdf.pages if not p.has_text]
    texts = [p.number for p in pdf.pages if p.has_text]
    if not images or not texts:
        return tuple(images)
    first, last = texts[0], texts[-1]
    description = report.get("description")
    if description is not None:
        first = report.heading_page(description)
        if description.end < len(report.lines):
            last = report.lines[description.end].page
    return tuple(n for n in images if first < n < last)
