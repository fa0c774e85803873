"""Scope items OCR read right after words it was unsure of: unproven, never covered.

An exclusion cue misread ("excluding" as "ne", "excepto" as "cxcopto") turns the item after
it from excluded into covered, the worst reading there is; a re-read word is not always
right. On a scanned page, a tool or place named in the scope within ``cue_words`` words after
a word Tesseract read below ``cue_min_confidence`` (models/patterns/ocr.yaml) is left out and
named in a warning: it stays uncovered until a reviewer reads it on the page image.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz
from spacy.tokens import Doc

from scopegap.extract.iso.scope_text import ScopeBlock
from scopegap.ingest.pdf import ReadPdf
from scopegap.resources import load_yaml

_WORD = re.compile(r"\S+")
_CLAUSE_END = re.compile(r"[.;]\s")  # a cue does not reach over a sentence's end


def unsure_entities(pdf: ReadPdf, block: ScopeBlock, doc: Doc) -> dict[int, str]:
    """Token index → the unsure words before it, for each entity of ``doc`` (the block's
    text) read on a scanned page after a word read below the confidence floor."""
    if not 1 <= block.page <= len(pdf.pages):
        return {}
    page = pdf.pages[block.page - 1]
    if page.source != "ocr" or page.confidences is None:
        return {}
    offset = page.text.find(block.text, block.start)
    if offset < 0:
        return {}
    settings = load_yaml("patterns/ocr.yaml")
    floor = float(settings["cue_min_confidence"])
    count = int(settings["cue_words"])
    unsure: dict[int, str] = {}
    for entity in doc.ents:
        start = offset + entity.start_char
        before = page.text[max(offset, start - 80) : start]
        ends = list(_CLAUSE_END.finditer(before))
        base = start - len(before) + (ends[-1].end() if ends else 0)
        words = list(_WORD.finditer(page.text, base, start))[-count:]
        weak = [word.group() for word in words
                if 0 <= page.confidences[word.start()] < floor
                and any(char.isalpha() for char in word.group())]
        if weak:
            unsure[entity.start] = " ".join(weak)
    return unsure


def ocr_names_issuer(issuer: str, line: str) -> bool:
    """Whether a scanned line names the certification body (both normalised), read a
    letter or two apart ("TUV Osteriand Management Service GmbH" for the issuer "TUV
    Osterland ...", the line its second reading): its address is the body's, not a site
    of the holder (a false "covered" on a fresh wild scan)."""
    floor = float(load_yaml("patterns/ocr.yaml")["issuer_line_similarity"])
    return len(issuer) >= 8 and fuzz.partial_ratio(issuer, line) >= floor
