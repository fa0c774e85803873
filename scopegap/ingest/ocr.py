"""OCR of a rendered page with Tesseract (via pytesseract), used only when ``--ocr`` is given.

Image-only and garbled pages are common among vendors' certificates (paper scans). OCR text
is less trustworthy than a text layer, so every page read this way is marked (``source='ocr'``
on the page and on every value's Evidence) and the caller warns the reader to check the values
against the page image. Character boxes are estimated from Tesseract's word boxes so the
label/value pairing of the text path works on OCR pages too.
"""

from __future__ import annotations

import os
import shutil
from array import array
from dataclasses import dataclass
from functools import cache
from typing import Any

from scopegap.resources import load_yaml

INSTALL_HINT = "Debian: apt-get install tesseract-ocr"


class OcrTimeout(Exception):
    """Tesseract did not finish within the time left for the document."""


class OcrFailed(Exception):
    """Tesseract ran but failed on this page (its own message is kept)."""


@dataclass(frozen=True)
class OcrText:
    """One page of OCR text. ``boxes``: x0, y0, x1, y1 per character in PDF points (y up)."""

    text: str
    boxes: array[float]
    confidence: float | None  # mean word confidence 0–100; None when no word was read


@cache
def ocr_unavailable(languages: str) -> str | None:
    """Why OCR cannot run here (a sentence the user can act on), or None when it can."""
    try:
        import pytesseract
    except ImportError:
        return "OCR is not available: the pytesseract package is missing (pip install pytesseract)"
    command = str(pytesseract.pytesseract.tesseract_cmd)
    if shutil.which(command) is None:
        return f"OCR is not available: the tesseract program was not found ({INSTALL_HINT})"
    try:
        installed = set(pytesseract.get_languages(config=""))
    except Exception as error:  # a broken install: say so rather than fail later per page
        return f"OCR is not available: tesseract does not run ({type(error).__name__})"
    missing = [code for code in languages.split("+") if code not in installed]
    if missing:
        packages = " ".join(f"tesseract-ocr-{code.replace('_', '-').lower()}" for code in missing)
        return (f"OCR language(s) {', '.join(missing)} not installed "
                f"(Debian: apt-get install {packages})")
    return None


def recognise(
    image: Any, *, scale: float, page_height: float, languages: str, timeout: float
) -> OcrText:
    """Read the words of a rendered page. ``scale`` is pixels per PDF point of ``image``."""
    import pytesseract

    # Tesseract's OpenMP threads fight each other on small machines: one thread read a page
    # 3x faster here (5.5 s → 1.9 s on 2 cores). A user's own setting is kept.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        data = pytesseract.image_to_data(
            image, lang=languages, output_type=pytesseract.Output.DICT, timeout=max(timeout, 1)
        )
    except RuntimeError as error:
        if "timeout" in str(error).lower():
            raise OcrTimeout(str(error)) from None
        raise OcrFailed(_one_line(str(error))) from None
    except pytesseract.TesseractError as error:
        raise OcrFailed(_one_line(str(error.message))) from None
    return layout_words(data, scale=scale, page_height=page_height)


def layout_words(
    data: dict[str, list[Any]], *, scale: float, page_height: float,
    min_line_confidence: float | None = None,
) -> OcrText:
    """Join Tesseract's words into lines (blank line between blocks), one box per character.

    A line whose mean word confidence is below ``min_line_confidence`` is dropped: on
    certificates those are seals, signatures and logos read as letters ("yeeb ct are").
    """
    if min_line_confidence is None:
        min_line_confidence = float(load_yaml("patterns/text_quality.yaml")
                                    ["ocr_min_line_confidence"])
    lines: list[tuple[tuple[int, int, int], list[tuple[str, tuple[float, ...], float]]]] = []
    for index, raw in enumerate(data["text"]):
        word = " ".join(str(raw).split())
        if not word:
            continue
        place = (int(data["block_num"][index]), int(data["par_num"][index]),
                 int(data["line_num"][index]))
        box = tuple(float(data[key][index]) for key in ("left", "top", "width", "height"))
        if not lines or lines[-1][0] != place:
            lines.append((place, []))
        lines[-1][1].append((word, box, float(data["conf"][index])))
    parts: list[str] = []
    boxes = array("f")
    confidences: list[float] = []
    previous: tuple[int, int, int] | None = None
    for place, words in lines:
        scored = [conf for _, _, conf in words if conf >= 0]
        if scored and sum(scored) / len(scored) < min_line_confidence:
            continue
        if previous is not None:
            parts.append("\n" if place[0] == previous[0] else "\n\n")
            boxes.extend((0.0, 0.0, 0.0, 0.0) * len(parts[-1]))
        previous = place
        for position, (word, (left, top, width, height), conf) in enumerate(words):
            if position:
                parts.append(" ")
                boxes.extend((0.0, 0.0, 0.0, 0.0))
            y0 = page_height - (top + height) / scale
            y1 = page_height - top / scale
            for offset in range(len(word)):
                x0 = (left + width * offset / len(word)) / scale
                x1 = (left + width * (offset + 1) / len(word)) / scale
                boxes.extend((x0, y0, x1, y1))
            parts.append(word)
            if conf >= 0:
                confidences.append(conf)
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    return OcrText("".join(parts), boxes, mean)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]
