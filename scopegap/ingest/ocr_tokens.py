"""Words of a standard's reference and of a certificate number that Tesseract misread in ways
that leave the value unreadable, read as printed.

A scan whose standard comes as "ISOMEC 27001:2 2022" names no standard the extractor reads:
it is classed as an unknown document and loses every field. A number "034904-2025-AlS-VAF"
goes on in lower case and is dropped as cut short. The misreadings are data
(models/patterns/ocr.yaml); each fix is made only where the word's shape leaves no other
reading. A value Tesseract cut into two words at a separator (a date, an edition) is joined
back by one rule, ``merged_neighbours``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping

from scopegap.ingest.ocr_lines import OcrLine, OcrWord


def capital_fixer(lookalikes: Mapping[str, str]) -> Callable[[str], str]:
    """A function reading a lower-case look-alike of a capital ("l" for "I") as the capital
    between two capitals, in a word that holds a digit and no other lower-case letter: a
    certificate number "034904-2025-AlS-VAF" went on in lower case and was dropped as cut
    short. One character for one. Not beside the capital it stands for: "AlIS" is "AIS"
    with the I read twice, and read "AIIS" it passed for the number over the annex's right
    one."""
    lower = "".join(lookalikes)
    between = re.compile(f"(?<=[A-Z])[{re.escape(lower)}](?=[A-Z])")

    def capital(found: re.Match[str]) -> str:
        printed = lookalikes[found.group()]
        beside = found.string[found.start() - 1] + found.string[found.end()]
        return found.group() if printed in beside else printed

    def fix(word: str) -> str:
        if not any(char.isdigit() for char in word) or any(
                char.islower() and char not in lookalikes for char in word):
            return word
        return between.sub(capital, word)

    return fix


def prefix_fixer(misread: str, printed: str) -> Callable[[str], str]:
    """A function reading a whole word that fullmatches ``misread`` (a standard's prefix as
    Tesseract garbles it: "ISOMEC", "ISOAEC") as ``printed`` ("ISO/IEC")."""
    pattern = re.compile(misread)

    def fix(word: str) -> str:
        return printed if pattern.fullmatch(word) else word

    return fix


def joined_editions(lines: list[OcrLine]) -> list[OcrLine]:
    """``lines`` with a standard's edition Tesseract began twice read once: "27001:2" then
    "2022" is "27001:2022" when the digits after the colon begin the year beside it (a
    speck between them cut the word, and the standard was no standard)."""
    return merged_neighbours(lines, _edition_joined)


def _edition_joined(first: OcrWord, second: OcrWord) -> str | None:
    head = _EDITION_HEAD.fullmatch(first.text)
    year = _YEAR.fullmatch(second.text)
    if head and year and year.group(1).startswith(head.group(2)):
        return f"{head.group(1)}:{second.text}"
    return None


_EDITION_HEAD = re.compile(r"(\d{4,5}(?:-\d)?):(\d{1,3})")
_YEAR = re.compile(r"((?:19|20)\d\d)[,.;]?")


def stray_dot_fixer(keep_after: Collection[str]) -> Callable[[str], str]:
    """A function reading a dot between two words of letters as the space it stands for
    ("de.emision" → "de emision", "certification.date" → "certification date"), one
    character for one: a speck on the baseline between two words came as a dot joining them,
    and the joined label ("Fecha de emisión") was no label. Only between two runs of letters,
    the second of three or more in lower case and not in ``keep_after`` (the ends of web
    addresses: "bsigroup.com"); an address with a hyphen or a third part stays whole. A
    word of one letter before an elided article ("a.l'exclusion de" → "a l'exclusion de":
    the French exclusion was lost and its object read as covered) too."""
    keep = {word.casefold() for word in keep_after}

    def fix(word: str) -> str:
        found = _STRAY_DOT.fullmatch(word)
        if found is None or found.group(2).casefold() in keep:
            return word
        return f"{found.group(1)} {word[found.end(1) + 1:]}"

    return fix


_STRAY_DOT = re.compile(
    r"([^\W\d_]{2,}|[^\W\d_](?=\.[dlnjs]['’]))\.((?:[dlnjs]['’])?[a-zà-ÿ]{3,})[,.:;]?")


def sign_letter_fixer(lookalikes: Mapping[str, str]) -> Callable[[str], str]:
    """A function reading a sign that looks like a letter ("¢" for "c") as the letter between
    two letters, one character for one: "Certifi¢ation Services" was no word, and the issuer
    whose initials its seal prints ("ACS") was not found in the footer. A sign beside a digit
    or a space ("¢ 50") is a sign and stays."""
    signs = re.compile(f"(?<=[^\\W\\d_])[{re.escape(''.join(lookalikes))}](?=[^\\W\\d_])")

    def fix(word: str) -> str:
        return signs.sub(lambda found: lookalikes[found.group()], word)

    return fix


def connector_speck_fixer(connectors: Collection[str]) -> Callable[[str], str]:
    """A function reading a mark after a connector word ("of", "de") as the space it stands
    for, one character for one, where the mark cannot be the text's: glued to the next word
    ("Date of:Current Issue") or a full stop ("Date of. Current issue"): a speck beside
    the connector of a date's label, and the window lost its start. A colon with a space
    after it ("management system of: Lumora") may be printed and stays."""
    words = "|".join(sorted((re.escape(word) for word in connectors), key=len, reverse=True))
    pattern = re.compile(rf"(?i)({words})(?:[.:;,](?=[^\W\d_])|\.$)")

    def fix(word: str) -> str:
        found = pattern.match(word)
        if found is None:
            return word
        return f"{found.group(1)} {word[found.end():]}"

    return fix


_DATE_HEAD = re.compile(r"[^\d]{0,2}?(\d{1,4})(?:[-./](\d{1,4}))?[-./]")
_DATE_TAIL = re.compile(r"\d{1,4}(?:[-./]\d{1,4})?[-./]?[,.;:)]?")


def joined_dates(lines: list[OcrLine], gap: float) -> list[OcrLine]:
    """``lines`` with a date Tesseract read as two words at one of its separators
    ("2025-08- 20", "20.11. 2025") read as one word again, when the two are no more than
    ``gap`` line heights apart and hold three groups of digits between them: the expiry
    "2025-08- 20" was no date, and the certificate lost its window. A range's dash between
    two whole dates ("2022-08-20- 2025-08-20") already ends three groups and stays."""
    return merged_neighbours(
        lines, lambda first, second: first.text + second.text
        if _date_halves(first, second, gap) else None)


def merged_neighbours(lines: list[OcrLine],
                      joined: Callable[[OcrWord, OcrWord], str | None]) -> list[OcrLine]:
    """``lines`` with each word and the next, left to right, read as one word where
    ``joined`` gives the text of the two together (one box around both, the lower
    confidence); a line nothing joins is kept as it was."""
    out: list[OcrLine] = []
    for line in lines:
        words = sorted(line.words, key=lambda word: word.left)
        merged: list[OcrWord] = []
        for word in words:
            last = merged[-1] if merged else None
            text = joined(last, word) if last is not None else None
            if last is not None and text is not None:
                top = min(last.top, word.top)
                merged[-1] = OcrWord(
                    text, last.left, top, word.left + word.width - last.left,
                    max(last.top + last.height, word.top + word.height) - top,
                    min(last.confidence, word.confidence))
            else:
                merged.append(word)
        out.append(line if len(merged) == len(words) else
                   OcrLine(line.block, line.paragraph, merged, line.zone))
    return out


def _date_halves(first: OcrWord, second: OcrWord, gap: float) -> bool:
    head = _DATE_HEAD.fullmatch(first.text)
    if head is None or _DATE_TAIL.fullmatch(second.text) is None:
        return False
    groups = (2 if head.group(2) else 1) + len(re.findall(r"\d+", second.text))
    space = second.left - (first.left + first.width)
    return groups == 3 and space <= gap * max(1.0, min(first.height, second.height))
