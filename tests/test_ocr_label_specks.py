"""A speck read as a lone small letter after a label's colon is left out (ocr_labels.py)."""

from __future__ import annotations

import pytest

from scopegap.ingest.ocr_labels import without_label_specks
from scopegap.ingest.ocr_lines import OcrWord


def _row(*words: tuple[str, float]) -> list[OcrWord]:
    return [OcrWord(text, 100.0 * index, 10.0, 80.0, 20.0, confidence)
            for index, (text, confidence) in enumerate(words)]


@pytest.mark.parametrize(
    ("words", "kept"),
    [
        # "Certificate Number: a" (its number on the next line, scan 8438)
        ((("Certificate", 31), ("Number:", 57), ("a", 33)), "Certificate Number:"),
        ((("Certificate", 96), ("No:", 96), ("i", 45), ("778348", 95)), "Certificate No: 778348"),
        ((("Expiry:", 90), ("~", 20)), "Expiry:"),
        # read surely, a capital, a digit, or not after a colon: kept
        ((("Certificate", 96), ("No:", 96), ("a", 90)), "Certificate No: a"),
        ((("Revision:", 96), ("B", 40)), "Revision: B"),
        ((("Revision:", 96), ("3", 40)), "Revision: 3"),
        ((("Certificate", 96), ("a", 30)), "Certificate a"),
        ((("Scope:", 96), ("an", 30), ("ISMS", 90)), "Scope: an ISMS"),
    ],
)
def test_a_lone_small_letter_after_a_label_is_a_speck(
        words: tuple[tuple[str, float], ...], kept: str) -> None:
    assert " ".join(word.text for word in without_label_specks(_row(*words), 60.0)) == kept
