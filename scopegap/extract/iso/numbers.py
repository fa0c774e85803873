"""A certificate's number, with its evidence: after its label (one of a dozen wordings and
languages, data in models/patterns/certificate.yaml), split from what follows it on the line,
joined with a tail wrapped onto the next line, or read from a grid of labels over values."""

from __future__ import annotations

import re
from collections.abc import Sequence

from scopegap.domain import Evidence, TextValue
from scopegap.extract.iso.date_grid import grid_cells
from scopegap.extract.patterns import CertificatePatterns, certificate_patterns
from scopegap.ingest.pdf import TextPage
from scopegap.ingest.text import in_uncased_script, line_around, past_uncased_lines


def certificate_number(pages: Sequence[TextPage]) -> TextValue | None:
    """The first labelled certificate number (labels are in the patterns file). A label
    match that gives no value is tried again one character on: a heading's last word can
    start a match that runs over the line into the real label ("Anexo al certificado" /
    "Número de certificado: C28924-IS2" read as the label "certificado Número")."""
    patterns = certificate_patterns()
    weak: TextValue | None = None
    for page in pages:
        label = patterns.number_label.search(page.text)
        while label is not None:
            found = _labelled_number(page, label, patterns)
            if found is None:
                label = patterns.number_label.search(page.text, label.start() + 1)
                continue
            if not patterns.number_weak_label.fullmatch(label.group(0)):
                return found
            weak = weak or found
            label = patterns.number_label.search(page.text, max(label.end(), label.start() + 1))
    return weak or _number_in_grid(pages, patterns)


def _labelled_number(page: TextPage, label: re.Match[str],
                     patterns: CertificatePatterns) -> TextValue | None:
    """The certificate number printed after ``label`` on ``page``, or None."""
    rest = page.text[label.end() : label.end() + 120]
    head = rest.split("\n", 1)[0]
    # the value on the label's line, else below it and below the label's translation in an
    # uncased script ("Certificate number" / "מספר תעודה" / the number)
    rest = head if head.strip() and not in_uncased_script(head) else past_uncased_lines(
        rest.lstrip("\n"))[:60]
    rest = rest.lstrip(" :.#")
    translation = patterns.label_translation.match(rest)
    if translation is not None:  # "Certificate No. / رقم الشهادة EG-12345"
        # the translation ends with its own label: "Número de certificado / Certificate
        # number XA 27 860328" keeps the number's letter prefix
        inner = patterns.number_label.search(rest, 0, translation.end())
        rest = rest[inner.end() if inner is not None else translation.end():].lstrip(" :.#")
    # "Approval number(s): ISO/IEC 27001 – 00012345": the standard names what the
    # number approves; it is not the number
    standard = patterns.standard_reference.match(rest)
    if standard is not None:
        rest = rest[standard.end():].lstrip(" :.#-–—")
    split = _split_number(page.text, label.end(), rest, patterns)
    if split is not None:
        return TextValue(split[0], Evidence(
            page.number, line_around(page.text, label.start(), split[2]), "text",
            split[1], split[2]))
    match = patterns.number_value.match(rest)
    if not match or rest[match.end() : match.end() + 1].isalnum():
        return None  # no value, or one cut short where the printed token goes on
    value = match.group("value").strip(" .-/")
    if value.upper() in patterns.number_not_values or len(value) < 3:
        return None
    suffix = _LETTER_SUFFIX.match(rest, match.end())
    if suffix is not None and suffix.group(1) not in patterns.number_not_values and (
            (" " in value and len(suffix.group(1)) >= 2) or (
                len(suffix.group(1)) == 1 and page.source != "ocr"
                and _SEPARATED.search(value))):
        # "12 310 12345 TMS": the scheme's code; "WD-69.586.9847 A": a revision letter
        # (typed only: OCR reads a speck at a line's end as a letter)
        value = f"{value} {suffix.group(1)}"
    at = page.text.find(value, label.end())
    span = (at, at + len(value)) if at >= 0 else label.span()
    wrapped = _wrapped_tail(page.text, at, match.group("value"), rest[match.end():])
    if wrapped is not None:
        value, span = f"{value}-{wrapped[0]}" if match.group("value").endswith(
            "-") else f"{value}/{wrapped[0]}", (at, wrapped[1])
    return TextValue(value, Evidence(page.number, line_around(page.text, *label.span()),
                                     "text", *span))


_PREFIX_ONLY = re.compile(r"[A-Z]{1,5}")
_LETTER_SUFFIX = re.compile(r"[ ]([A-Z]{1,4})[ \t]*(?:\n|$)")
_SEPARATED = re.compile(r"\w[-./]\w")  # "WD-69.586.9847": groups joined by marks
_DIGIT_GROUP = re.compile(r"\d{2,6}")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _split_number(text: str, label_end: int, rest: str,
                  patterns: CertificatePatterns) -> tuple[str, int, int] | None:
    """A number a narrow cell broke at a space: its letters alone on the label's line and
    the rest on the next ("IS" / "099485"), or its last digit group on the next line ("LW
    7873" / "018", the whole line). The value, its start and its end in the page text."""
    first = rest.split("\n", 1)[0].strip()
    line_end = text.find("\n", label_end)
    if not first or line_end < 0:
        return None
    next_end = text.find("\n", line_end + 1)
    next_end = len(text) if next_end < 0 else next_end
    following = text[line_end + 1 : next_end].strip()
    start = text.find(first, label_end)
    if _PREFIX_ONLY.fullmatch(first):
        tail = patterns.number_value.fullmatch(following)
        if tail is None or not following[:1].isdigit():
            return None
    else:
        whole = patterns.number_value.fullmatch(first)
        if whole is None or not first[-1].isdigit() or not _DIGIT_GROUP.fullmatch(following) \
                or _YEAR.fullmatch(following):
            return None  # a year alone on the next line is a date's, not the number's
    end = text.find(following, line_end) + len(following)
    return f"{first} {following}", start, end


_NEXT_TOKEN = re.compile(r"[ \t]*\n[ \t]*([A-Z0-9][A-Z0-9\-/.]*)(?=\s|$)")


def _wrapped_tail(text: str, at: int, raw: str, after: str) -> tuple[str, int] | None:
    """The rest of a number that a narrow cell broke after its hyphen or slash ("C22932-" /
    "IS4"): the next line's first token, in capitals and digits, and where it ends."""
    if at < 0 or not raw.rstrip().endswith(("-", "/")) or after.strip():
        return None
    line_end = text.find("\n", at)
    found = _NEXT_TOKEN.match(text, line_end) if line_end >= 0 else None
    return (found.group(1).rstrip(".-/"), found.end(1)) if found else None


def _number_in_grid(pages: Sequence[TextPage], patterns: CertificatePatterns) -> TextValue | None:
    """A number printed under its label in a label row ("Certificate number | Issue date")."""
    for page in pages:
        for cell in grid_cells(page):
            if cell.role != "number":
                continue
            match = patterns.number_value.fullmatch(page.text[cell.value_start : cell.value_end])
            value = match.group("value").strip(" .-/") if match else ""
            if len(value) < 3 or value.upper() in patterns.number_not_values:
                continue
            start = cell.value_start + match.start("value") if match else cell.value_start
            return TextValue(value, Evidence(
                page.number, line_around(page.text, cell.label_start, cell.value_end),
                "text", start, start + len(value)))
    return None
