"""The service organisation (holder) and the audit firm (issuer) of a SOC report."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from scopegap.domain import (
    TextValue,
)
from scopegap.extract.patterns import FLAGS
from scopegap.extract.soc.patterns import SocPatterns, soc_patterns
from scopegap.extract.soc.sections import Outline
from scopegap.ingest.text import EVIDENCE_LIMIT, PagedText, squash

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it


def clean_name(value: str) -> str:
    name = squash(value)
    name = re.sub(r"\s*\((?:the\s+)?[“\"']?(?:company|service\s+organi[sz]ation|entity)[”\"']?\)",
                  "", name, flags=re.IGNORECASE)
    name = re.sub(r"[’']s$", "", name.strip(" ,;:“”\"'"))
    return name.strip(" ,;:“”\"'")


def find_holder(primary: PagedText, whole: PagedText, catalog: Catalog) -> TextValue | None:
    """The service organisation, from the auditor's report cues, completed to its legal name
    where the report prints one ("GitHub" → "GitHub, Inc.")."""
    patterns = soc_patterns()
    for cue in patterns.holder_cues:
        for match in cue.finditer(primary.text):
            name = clean_name(match.group("name"))
            if not _plausible_holder(name, patterns):
                continue
            return TextValue(_with_legal_tail(name, whole.text),
                             primary.evidence(match.start(), match.end()))
    return None


def _plausible_holder(name: str, patterns: SocPatterns) -> bool:
    words = name.split()
    return (1 <= len(words) <= 8 and name[:1].isupper() and not patterns.not_holder.match(name)
            and not re.search(r"\b(?:we|our|their|its)\b", name, re.IGNORECASE))


def _with_legal_tail(name: str, text: str) -> str:
    tail = soc_patterns().legal_tail
    if tail.match(" Inc") and re.search(tail.pattern + r"\s*$", " " + name, FLAGS):
        return name
    for match in re.finditer(re.escape(name), text):
        found = tail.match(text, match.end())
        if found and "\n" not in found.group(0):
            return name + found.group(0)
    return name


def find_issuer(report: Outline, auditor: PagedText, whole: PagedText,
                catalog: Catalog) -> TextValue | None:
    """The audit firm: a catalogued firm in the auditor's report (or a short letter), else
    the firm or CPA line under the opinion."""
    patterns = soc_patterns()
    found = catalog.find_body_in_text(auditor.text, kinds=("audit_firm",))
    source = auditor
    if found is None and auditor is not whole and len(set(whole.pages)) <= 3:
        found, source = catalog.find_body_in_text(whole.text, kinds=("audit_firm",)), whole
    if found is not None:
        _, start, end = found
        name = source.text[start:end]
        tail = patterns.legal_tail.match(source.text, end)
        if tail and "\n" not in tail.group(0):
            name += tail.group(0)
        return TextValue(squash(name), source.evidence(start, end, _line_of(source.text, start)))
    for region in _signature_regions(report, auditor):
        for match in patterns.firm_line.finditer(region.text):
            line = match.group(0).strip()
            if len(line) <= 70 and not re.search(r"\b(?:opinion|controls?|criteria)\b", line,
                                                 re.IGNORECASE):
                return TextValue(line.rstrip("."),
                                 region.evidence(match.start(), match.end(), line))
    return None


def _signature_regions(report: Outline, auditor: PagedText) -> list[PagedText]:
    """Where a signature block sits: after the opinion paragraph, else the auditor's report."""
    patterns = soc_patterns()
    start = patterns.opinion_start.search(auditor.text)
    if start is None:
        return [auditor]
    rest = auditor.text[start.end() :]
    paragraph_end = re.search(r"(?:material\s+respects|opinion)[^.\n]*\.\s*\n", rest, re.I)
    cut = start.end() + (paragraph_end.end() if paragraph_end else 0)
    return [auditor.tail(cut, 600)]


def _line_of(text: str, position: int) -> str:
    begin = text.rfind("\n", 0, position) + 1
    stop = text.find("\n", position)
    return squash(text[begin : stop if stop >= 0 else len(text)])[:EVIDENCE_LIMIT]
