"""Text a page shows but its text layer lacks: the standard's name, the certification body or
a sentence printed as a graphic on an otherwise typed certificate.

With ``--ocr``, when no page's text layer names a standard or a report kind, or none names a
certification body (the cues in models/patterns/ocr.yaml: a body's name or "is the property
of" printed only in a footer graphic), and none says it lists subprocessors (a vendor's list
names no standard, and reading its typed pages again cost seconds a page), the first pages
are also read by OCR and the lines naming one that the layer lacks are added after it. A
scan read in a non-Latin language (rus+eng) gets the same from a second reading in English:
Tesseract may read "ISO/IEC 27001" in Cyrillic letters. The added text keeps its boxes and
confidences, and values read from it are marked ``source='ocr'`` like those of a scanned page.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from scopegap.resources import load_yaml

if TYPE_CHECKING:
    from scopegap.ingest.ocr import OcrText
    from scopegap.ingest.pdf import TextPage

_WORD = re.compile(r"[^\W_]{2,}")
SEPARATOR = "\n\n"


def pages_to_supplement(pages: Sequence[TextPage], *, scanned: bool = False) -> list[int]:
    """Numbers of the pages to read by OCR (again): the first few typed pages (``scanned``:
    OCR'd pages) when no page's text shows the cue; else none. On scans the standard must
    be read whole, its edition too (``scan_standard_cue``): "ISOMEC 27001:2 2022" and
    "ISO/IEC 2701 8:2019" named no standard the extractor could read, and the scan lost
    every field as an unknown document."""
    settings = load_yaml("patterns/ocr.yaml")
    cue = re.compile(str(settings["scan_standard_cue" if scanned else "supplement_cue"]))
    issuer = re.compile(str(settings["supplement_issuer_cue"]))
    skip = re.compile(str(settings["supplement_skip_cue"]))
    texts = [page.text for page in pages if page.has_text]
    if any(skip.search(text) for text in texts):
        return []  # a list of third parties names no standard and no certification body
    if any(cue.search(text) for text in texts) and any(issuer.search(text) for text in texts):
        return []  # it names its standard and its certification body: nothing to add
    chosen = [page for page in pages
              if page.has_text and (page.source == "ocr") == scanned]
    return [page.number for page in chosen[: int(settings["supplement_pages"])]]


def _mentions(text: str) -> bool:
    """Whether ``text`` says a standard is only mentioned: certificate.yaml's
    ``mention_only_before`` ("in conjunction with", "based on") before a number."""
    cue = _mention_cue()
    return any(cue.search(text, max(0, number.start() - 120), number.start())
               for number in _NUMBER.finditer(text))


_NUMBER = re.compile(r"(?<!\d)\d{4,5}(?!\d)")  # a standard's number, however its prefix reads


@cache
def _mention_cue() -> re.Pattern[str]:
    cue = str(load_yaml("patterns/certificate.yaml")["mention_only_before"])
    return re.compile(cue, re.IGNORECASE | re.VERBOSE | re.MULTILINE)  # as extract compiles it


def supplement(page: TextPage, result: OcrText) -> TextPage:
    """``page`` with the OCR lines that show the cue and that its text layer lacks (at least
    ``supplement_new_share`` of their words absent from it; a line naming a standard, always
    when the page names none: a Cyrillic reading held "ISO" in a logo and "27001:2013" after
    a garbled "ГЗОЛЕС", and the English reading's "ISO/IEC 27001:2013" was left out) added
    after its text; the page unchanged when there are none. Only those lines: the rest of a
    graphic (a certification body's footer, its address) read as the holder's text would give
    wrong holders and sites."""
    settings = load_yaml("patterns/ocr.yaml")
    new_share = float(settings["supplement_new_share"])
    cues = (re.compile(str(settings["supplement_cue"])),
            re.compile(str(settings["supplement_issuer_cue"])))
    known = {word.casefold() for word in _WORD.findall(page.text)}
    named = re.compile(str(settings["scan_standard_cue"])) if page.source == "ocr" else cues[0]
    unnamed = named.search(page.text) is None  # the page names no standard (a scan: whole)
    if page.source == "ocr" and _mentions(page.text):
        # a scan that says a standard is only mentioned ("in conjunction with"): a sparse
        # line naming the parent standard alone, its cue on another line, would pass for
        # certified; only the body's name is taken from the second reading
        unnamed, cues = False, (re.compile(r"(?!)"), cues[1])
    kept: list[tuple[int, int]] = []
    position = 0
    for line in result.text.split("\n"):
        words = [word.casefold() for word in _WORD.findall(line)]
        if words and ((unnamed and named.search(line)) or (
                any(cue.search(line) for cue in cues)
                and sum(word not in known for word in words) >= new_share * len(words))):
            kept.append((position, position + len(line)))
        position += len(line) + 1
    if not kept:
        return page
    parts = [page.text, SEPARATOR]
    boxes = array("f", page.boxes) if page.boxes is not None else None
    confidences = array("f", page.confidences if page.confidences is not None
                        else (-1.0,) * len(page.text))
    for index, (start, end) in enumerate(kept):
        if index:
            parts.append("\n")
        piece_boxes = result.boxes[4 * start : 4 * end]
        piece_confidences = result.confidences[start:end]
        gap = len(SEPARATOR) if index == 0 else 1
        confidences.extend((-1.0,) * gap)
        confidences.extend(piece_confidences)
        if boxes is not None:
            boxes.extend((0.0,) * 4 * gap)
            boxes.extend(piece_boxes)
        parts.append(result.text[start:end])
    text = "".join(parts)
    return replace(page, text=text, boxes=boxes, confidences=confidences,
                   ocr_from=len(page.text) + len(SEPARATOR),
                   ocr_confidence=page.ocr_confidence or result.confidence)
