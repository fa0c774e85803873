"""Which languages read a scanned page: the configured ones (``--ocr-lang``, default English),
or those of another script when the page is printed in it.

A Russian, Ukrainian, Bulgarian or Greek certificate read with a Latin-script model comes out
as letters that look like words, at a low mean word confidence (50-65 on generated and real
Cyrillic scans, against 82-90 for Latin scans). Such a page is read again with each set of
languages in ``script_languages`` (models/patterns/ocr.yaml) whose models are installed, and
the most confident reading is kept, only when it beats the first by a clear margin: a noisy
Latin scan stays an English reading. The first set that reads the page as well as English
reads a Latin page (``script_trial_below``) ends the trial: each reading costs seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from scopegap.resources import load_yaml

if TYPE_CHECKING:
    from scopegap.ingest.ocr import OcrText


def other_scripts(configured: str) -> list[tuple[str, str]]:
    """The (script, language set) pairs to try on a page the configured languages read badly:
    those of the other scripts, installed, and not already among the configured languages."""
    from scopegap.ingest.ocr import ocr_unavailable

    settings = load_yaml("patterns/ocr.yaml")
    chosen = set(configured.split("+"))
    shared = {str(code) for code in settings["script_shared_languages"]}
    out = []
    for script, languages in dict(settings["script_languages"]).items():
        codes = set(str(languages).split("+"))
        if (codes - shared) & chosen or ocr_unavailable(str(languages)) is not None:
            continue  # the user already reads this script, or its models are not installed
        out.append((str(script), str(languages)))
    return out


def best_reading(first: OcrText | None, configured: str,
                 read: Callable[[str], OcrText | None]) -> OcrText | None:
    """``first`` (read with ``configured``), or a reading in another script's languages
    (``read(languages)``) whose mean word confidence beats it by ``script_min_gain``, with
    the Latin words ``first`` read surely put back in it and the standard's editions only
    ``first`` read put in (ocr_mixed.py), specks left out
    (ocr_specks.py), known misreadings set right (ocr_letters.py), numbers' prefixes read
    back (ocr_prefixes.py) and labels printed on two lines read whole (ocr_label_tails.py)."""
    from scopegap.ingest.ocr import ocr_unavailable
    from scopegap.ingest.ocr_label_tails import with_label_tails
    from scopegap.ingest.ocr_letters import with_fixes
    from scopegap.ingest.ocr_mixed import (
        in_script,
        with_latin_editions,
        with_latin_words,
        with_script_words,
    )
    from scopegap.ingest.ocr_prefixes import with_prefixes
    from scopegap.ingest.ocr_specks import without_specks

    settings = load_yaml("patterns/ocr.yaml")
    if first is None or first.confidence is None \
            or first.confidence >= float(settings["script_trial_below"]):
        return first
    best, score, chosen = first, first.confidence + float(settings["script_min_gain"]), ""
    for script, languages in other_scripts(configured):
        other = read(languages)
        if other is not None and other.confidence is not None and other.confidence >= score:
            best, score, chosen = other, other.confidence, script
            if score >= float(settings["script_trial_below"]):
                break  # read as well as a Latin page in English: the script is found
    if best is first:
        return first
    own = load_yaml("patterns/ocr_scripts.yaml")["own_reading"].get(chosen)
    if own is not None and ocr_unavailable(str(own)) is None:
        alone = read(str(own))  # Greek capitals English read as Latin letters
        if alone is not None:
            best = with_script_words(best, in_script(alone, chosen), chosen)
    cleaned = without_specks(with_latin_editions(
        with_latin_words(in_script(best, chosen), first, chosen), first))
    return with_label_tails(with_prefixes(with_fixes(cleaned, chosen), chosen), chosen)
