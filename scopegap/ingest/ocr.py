"""OCR of a rendered page with Tesseract (via pytesseract), used only when ``--ocr`` is given.

Image-only and garbled pages are common among vendors' certificates (paper scans). OCR text
is less trustworthy than a text layer, so every page read this way is marked (``source='ocr'``
on the page and on every value's Evidence) and the caller warns the reader to check the values
against the page image. Character boxes are estimated from Tesseract's word boxes so the
label/value pairing of the text path works on OCR pages too.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from array import array
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from scopegap.ingest.ocr_accents import accent_fixer
from scopegap.ingest.ocr_codes import region_code_fixer
from scopegap.ingest.ocr_cue_letters import cue_letter_fixer
from scopegap.ingest.ocr_image import prepare, unturn
from scopegap.ingest.ocr_labels import (
    LabelRule,
    labels_first,
    without_label_specks,
    without_lead_specks,
)
from scopegap.ingest.ocr_lines import (
    OcrLine,
    by_zone,
    digit_fixer,
    join_rows,
    latin_lookalike_fixer,
    parallel_columns,
    split_apart,
    tesseract_lines,
)
from scopegap.ingest.ocr_reread import reread
from scopegap.ingest.ocr_tokens import (
    capital_fixer,
    connector_speck_fixer,
    joined_dates,
    joined_editions,
    prefix_fixer,
    sign_letter_fixer,
    stray_dot_fixer,
)
from scopegap.resources import load_yaml

INSTALL_HINT = "Debian: apt-get install tesseract-ocr"


class OcrTimeout(Exception):
    """Tesseract did not finish within the time left for the document."""


class OcrFailed(Exception):
    """Tesseract ran but failed on this page (its own message is kept)."""


@dataclass(frozen=True)
class OcrText:
    """One page of OCR text. ``boxes``: x0, y0, x1, y1 per character in PDF points (y up);
    ``confidences``: Tesseract's confidence (0-100) of the word each character belongs to,
    -1 for the spaces and line breaks between words."""

    text: str
    boxes: array[float]
    confidence: float | None  # mean word confidence 0–100; None when no word was read
    confidences: array[float] = field(default_factory=lambda: array("f"))


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
    image: Any, *, scale: float, page_height: float, languages: str, timeout: float,
    segmentation: int | None = None,
) -> OcrText:
    """Read the words of a rendered page. ``scale`` is pixels per PDF point of ``image``;
    ``segmentation`` is Tesseract's page segmentation mode (default: ocr.yaml's)."""
    import pytesseract

    # Tesseract's OpenMP threads fight each other on small machines: one thread read a page
    # 3x faster here (5.5 s → 1.9 s on 2 cores). A user's own setting is kept.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if _blank(image):  # a blank back page: nothing to read, and Tesseract takes seconds
        return OcrText("", array("f"), None)
    prepared, angle, panel = _prepared(image)
    psm = segmentation if segmentation is not None else \
        int(load_yaml("patterns/ocr.yaml")["page_segmentation"])
    started = time.monotonic()
    try:
        data = pytesseract.image_to_data(
            prepared, lang=languages, config=f"--psm {psm}",
            output_type=pytesseract.Output.DICT, timeout=max(timeout, 1),
        )
        data = reread(prepared, data, languages=languages,
                      timeout=timeout - (time.monotonic() - started))
    except RuntimeError as error:
        if "timeout" in str(error).lower():
            raise OcrTimeout(str(error)) from None
        raise OcrFailed(_one_line(str(error))) from None
    except pytesseract.TesseractError as error:
        raise OcrFailed(_one_line(str(error.message))) from None
    # lines and columns are found on the upright words; their boxes go back onto the page
    turn = (angle, image.size) if angle else None
    if panel is not None:
        data = _zoned(data, panel, turn)
    return layout_words(data, scale=scale, page_height=page_height, turn=turn)


def _prepared(image: Any) -> tuple[Any, float, Any]:
    """``prepare(image)``, kept for the last page image: a scan in another script is read
    again in its languages, and a page with no standard again as sparse text, from the same
    pixels (preparing a 300 dpi page took 2-6 s of a Cyrillic scan's 3)."""
    key = (image.mode, image.size, hashlib.blake2b(image.tobytes(), digest_size=16).digest())
    if _LAST_PREPARED and _LAST_PREPARED[0][0] == key:
        return _LAST_PREPARED[0][1]
    made = prepare(image)
    _LAST_PREPARED[:] = [(key, made)]
    return made


_LAST_PREPARED: list[tuple[tuple[str, tuple[int, int], bytes], tuple[Any, float, Any]]] = []


def _blank(image: Any) -> bool:
    """No pixel darker than light grey: the page shows nothing to read."""
    low, _ = image.convert("L").getextrema()
    return bool(low >= _INK)


_INK = 200


Turn = tuple[float, tuple[int, int]]  # the deskew angle and the rendered image's size


def _unturn_box(left: float, top: float, width: float, height: float,
                turn: Turn | None) -> tuple[float, float]:
    """Where a word box of the deskewed image lies on the image as rendered (centre moved,
    size kept: a word turned by a degree or two keeps its width and height)."""
    if turn is None:
        return left, top
    x, y = unturn(left + width / 2, top + height / 2, turn[0], turn[1])
    return x - width / 2, y - height / 2


def _zoned(data: dict[str, list[Any]], panel: Any, turn: Turn | None) -> dict[str, list[Any]]:
    """Tesseract's words, each with ``zone`` 1 when its centre lies on a dark panel (a
    sidebar, a banner), else 0: the panel's colour was taken away to read it, and with it the
    edge that kept Tesseract from joining a sidebar's label to the body's line beside it."""
    height, width = panel.shape
    zones = []
    for left, top, wide, high in zip(data["left"], data["top"], data["width"], data["height"],
                                     strict=True):
        x0, y0 = _unturn_box(float(left), float(top), float(wide), float(high), turn)
        x = min(max(int(x0 + float(wide) / 2), 0), width - 1)
        y = min(max(int(y0 + float(high) / 2), 0), height - 1)
        zones.append(int(bool(panel[y, x])))
    return {**data, "zone": zones}


def layout_words(
    data: dict[str, list[Any]], *, scale: float, page_height: float,
    min_line_confidence: float | None = None, turn: Turn | None = None,
) -> OcrText:
    """Tesseract's words as a text layer: lines top to bottom, one box and one confidence per
    character, digit look-alikes inside numbers read as digits, an elided "I'" before a vowel
    read as "l'" (ocr.yaml ``elided_l``), a plain cue or tool word read with an accent
    without it ("doés" → "does", ocr_accents.py), an exclusion word read with one letter for
    another as that word ("exeluding" → "excluding", ocr_cue_letters.py), a cloud region
    code read with a letter for a digit as the code ("us-centrall" → "us-central1",
    ocr_codes.py). ``data`` is read
    from the deskewed image (rows and columns are found there); ``turn`` maps its boxes back
    onto the page as rendered.

    A Tesseract line whose mean word confidence is below ``min_line_confidence`` is dropped:
    on certificates those are seals, signatures and logos read as letters ("yeeb ct are"),
    unless one of its words was read surely (Tesseract gives some well-read words 0: a
    heading "ISO 27001:2022" came as ISO 94, 27001 0, :2022 0), or it names a standard or a
    report kind (ocr.yaml's ``supplement_cue``: a bold "ISO/IEC 27001:2022" came with every
    word at 0, and noise never reads as a standard's number).
    Short lines Tesseract put in separate blocks at the same height (a label column beside
    its values) are joined left to right, as a PDF text layer has them.
    """
    settings = load_yaml("patterns/ocr.yaml")
    if min_line_confidence is None:
        min_line_confidence = float(settings["ocr_min_line_confidence"])
    rescue = float(settings["line_rescue_confidence"])
    named = re.compile(str(settings["supplement_cue"]))
    read = split_apart(tesseract_lines(data, float(settings["mark_min_confidence"]),
                                       str(settings["lone_specks"]),
                                       str(settings["word_lead_specks"])),
                       float(settings["split_gap"]), float(settings["split_size_ratio"]))
    lines = [line for line in read
             if not line.scored or line.mean >= min_line_confidence
             or any(sum(char.isalnum() for char in word.text) >= 3 and word.confidence >= rescue
                    for word in line.words)
             or named.search(" ".join(word.text for word in line.words))]
    lines = joined_editions(joined_dates(without_lead_specks(lines, str(settings["lead_specks"])),
                                         float(settings["join_abut_gap"])))
    labels = LabelRule(int(settings["label_max_words"]), float(settings["label_gap"]),
                       float(settings["label_reach"]))
    rows = by_zone(parallel_columns(
        labels_first(join_rows(lines, int(settings["join_max_words"]),
                               float(settings["join_abut_gap"])), labels),
        float(settings["column_gap"]), int(settings["column_max_words"])))
    fix = digit_fixer(settings["digit_lookalikes"], float(settings["digit_token_share"]))
    capital = capital_fixer({str(key): str(value)
                             for key, value in settings["capital_lookalikes"].items()})
    prefix = prefix_fixer(str(settings["standard_prefix_misread"]), "ISO/IEC")
    elided = re.compile(str(settings["elided_l"]))
    dot = stray_dot_fixer([str(word) for word in settings["stray_dot_keep_after"]])
    joint = connector_speck_fixer([str(word) for word in settings["speck_connectors"]])
    sign = sign_letter_fixer({str(key): str(value)
                              for key, value in settings["sign_lookalikes"].items()})
    latin = latin_lookalike_fixer({str(key): str(value)
                                   for key, value in settings["latin_lookalikes"].items()})
    plain = accent_fixer()
    cue = cue_letter_fixer([str(pair) for pair in settings["cue_letter_confusions"]])
    region = region_code_fixer({str(key): str(value)
                                for key, value in settings["digit_lookalikes"].items()})
    gap = float(settings["paragraph_gap"])
    label_speck = float(settings["label_speck_max_confidence"])
    parts: list[str] = []
    boxes = array("f")
    confidences = array("f")
    previous: OcrLine | None = None
    blocks: set[int] = set()
    for row in rows:
        if previous is not None:
            height = max(previous.height, row[0].height)
            # a new block or a wide gap is a new paragraph, as Tesseract's blocks were
            apart = (row[0].block not in blocks
                     or row[0].top - previous.bottom > gap * height)
            breaks = "\n\n" if apart else "\n"
            parts.append(breaks)
            boxes.extend((0.0, 0.0, 0.0, 0.0) * len(breaks))
            confidences.extend((-1.0,) * len(breaks))
        previous = max(row, key=lambda line: line.bottom)
        blocks = {line.block for line in row}
        words = without_label_specks([word for line in row for word in line.words],
                                     label_speck)
        for position, word in enumerate(words):
            if position:
                parts.append(" ")
                boxes.extend((0.0, 0.0, 0.0, 0.0))
                confidences.append(-1.0)
            # one for one: boxes stay valid
            text = elided.sub("l", joint(dot(capital(fix(region(cue(plain(latin(prefix(
                sign(word.text)))))))))), count=1)
            left, top = _unturn_box(word.left, word.top, word.width, word.height, turn)
            y0 = page_height - (top + word.height) / scale
            y1 = page_height - top / scale
            for offset in range(len(text)):
                x0 = (left + word.width * offset / len(text)) / scale
                x1 = (left + word.width * (offset + 1) / len(text)) / scale
                boxes.extend((x0, y0, x1, y1))
            confidences.extend((word.confidence,) * len(text))
            parts.append(text)
    scored = [word.confidence for row in rows for line in row for word in line.words
              if word.confidence >= 0]
    mean = round(sum(scored) / len(scored), 1) if scored else None
    return OcrText("".join(parts), boxes, mean, confidences)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]
