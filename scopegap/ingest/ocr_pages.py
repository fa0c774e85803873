"""Pages of the fast pass read by OCR: a page without a usable text layer read whole, and a
text page supplemented with what its image shows beyond its layer (``--ocr`` only).

The PDFium document is the fast pass's own, open: a page is rendered from it, once per
reading, under the reader's limits (time, pixels).
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from scopegap.ingest.pdf import (
    LATIN,
    OcrOptions,
    ReadLimits,
    TextPage,
    check_time,
    clean_text,
    judge_layer,
    timed_out,
)

if TYPE_CHECKING:
    from scopegap.ingest.ocr import OcrText


def supplemented(
    name: str, document: Any, pages: list[TextPage], ocr: OcrOptions, limits: ReadLimits,
    deadline: float, count: int,
) -> list[TextPage]:
    """Pages with the text their image shows but their layer lacks (ocr_supplement.py)."""
    from scopegap.ingest.ocr import ocr_unavailable
    from scopegap.ingest.ocr_supplement import pages_to_supplement, supplement
    from scopegap.resources import load_yaml

    out = list(pages)
    plans = [(ocr, pages_to_supplement(pages))]
    if ocr.languages != LATIN:  # a second reading in English of scans read in another script
        plans.append((replace(ocr, languages=LATIN), pages_to_supplement(pages, scanned=True)))
    # a second reading of scans as sparse text: automatic layout can drop a large bold line
    # (the standard "ISO 27001:2022" under a sentence) as if it were a picture
    sparse = int(load_yaml("patterns/ocr.yaml")["sparse_segmentation"])
    plans.append((replace(ocr, segmentation=sparse), pages_to_supplement(pages, scanned=True)))
    for options, chosen in plans:
        if not chosen or ocr_unavailable(options.languages) is not None:
            continue
        for number in chosen:
            result = recognise_page(name, document, pages[number - 1], options, limits,
                                     deadline, count)
            if result is not None:
                out[number - 1] = supplement(out[number - 1], result)
    return out


def recognise_page(
    name: str, document: Any, page: TextPage, ocr: OcrOptions, limits: ReadLimits,
    deadline: float, count: int,
) -> OcrText | None:
    """Render one page and read it with Tesseract; None when Tesseract failed on it."""
    from scopegap.ingest.ocr import OcrFailed, OcrTimeout, recognise

    check_time(name, deadline, limits, page.number - 1, count)
    scale = ocr.dpi / 72
    area = page.width * page.height
    if area > 0 and area * scale * scale > ocr.max_pixels:
        scale = (ocr.max_pixels / area) ** 0.5
    pdf_page = document[page.number - 1]
    try:
        bitmap = pdf_page.render(scale=scale)  # colour: grey rendering lost red dates
        image = bitmap.to_pil()
    finally:
        pdf_page.close()
    try:
        result = recognise(image, scale=scale, page_height=page.height,
                           languages=ocr.languages, timeout=deadline - time.monotonic(),
                           segmentation=ocr.segmentation)
    except OcrTimeout:
        raise timed_out(name, limits, page.number - 1, count) from None
    except OcrFailed:
        return None
    finally:
        image.close()
    return result


def ocr_page(
    name: str, document: Any, page: TextPage, ocr: OcrOptions, limits: ReadLimits,
    deadline: float, count: int,
) -> TextPage:
    """Read a page without a usable text layer by OCR (in another script's languages when
    the configured ones read it badly); the result is judged like a layer."""
    from scopegap.ingest.ocr_script import best_reading

    result = recognise_page(name, document, page, ocr, limits, deadline, count)
    result = best_reading(result, ocr.languages, lambda languages: recognise_page(
        name, document, page, replace(ocr, languages=languages), limits, deadline, count))
    if result is None:
        return page  # stays a page without usable text: the no_text_layer finding says so
    text = clean_text(result.text[: limits.max_chars_per_page])
    quality = judge_layer(text, len(result.text), limits.max_chars_per_page)
    usable = quality == "ok"
    return replace(
        page,
        text=text if usable else "",
        has_text=usable,
        boxes=result.boxes if usable and len(text) == len(result.text) else None,
        confidences=result.confidences if usable and len(text) == len(result.text) else None,
        quality=quality,
        source="ocr",
        ocr_confidence=result.confidence,
    )
