"""The service organisation (holder) and the audit firm (issuer) of a SOC report."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from scopegap.domain import (
    Evidence,
    TextValue,
)
from scopegap.extract.patterns import FLAGS
from scopegap.extract.places import state_qualified_cities
from scopegap.extract.soc.patterns import SocPatterns, soc_patterns
from scopegap.extract.soc.sections import DocLine, Outline
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
                catalog: Catalog, holder: str | None = None) -> TextValue | None:
    """The audit firm: a catalogued firm in the auditor's report (or a short letter), else
    the firm or CPA line under the opinion, else the firm the letterhead, a copyright
    footer or the cover names (a signature that is only an image)."""
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
            line = re.sub(r"^/s/\s*", "", match.group(0).strip())  # a conformed signature
            if len(line) <= 70 and not re.search(r"\b(?:opinion|controls?|criteria)\b", line,
                                                 re.IGNORECASE) \
                    and not _is_holder(line.rstrip("."), holder, catalog) \
                    and not _signing_place(line, catalog):
                return TextValue(line.rstrip("."),
                                 region.evidence(match.start(), match.end(), line))
    return _firm_from_cues(report, catalog, holder)


def _firm_from_cues(report: Outline, catalog: Catalog, holder: str | None) -> TextValue | None:
    """A firm named by a ``firm_cues`` phrase: the auditor's report's first lines
    (letterhead), then the page furniture (copyright footer), then the cover page, then the
    back cover's legal small print; never the service organisation itself."""
    patterns = soc_patterns()
    auditor = report.get("auditor_report")
    letterhead = _letterhead(report, auditor.start) if auditor else []
    furniture = [line for line in report.lines if line.furniture]
    cover = [line for line in report.lines if line.page == 1]
    last = report.lines[-1].page if report.lines else 0
    back = [line for line in report.lines if line.page == last and last > 1]
    for lines in (letterhead, furniture, cover, back):
        for line in lines:
            for cue in patterns.firm_cues:
                match = cue.search(line.text)
                if match is None:
                    continue
                name = squash(match.group("firm")).strip(" ,;:")
                if name.endswith(".") and not re.search(r"\b(?:[A-Z]\.[A-Z]|Co|Inc)\.$", name):
                    name = name[:-1]
                if not _firm_shaped(name, catalog) or _is_holder(name, holder, catalog):
                    continue
                start = line.page_start + match.start("firm")
                return TextValue(name, Evidence(line.page, line.text[:EVIDENCE_LIMIT], "text",
                                                start, start + len(name)))
    return None


def _letterhead(report: Outline, heading: int) -> list[DocLine]:
    """The lines of the auditor's letter paper: those above the report's heading on its page
    (a letterhead printed before the title), then the first lines after it."""
    page = report.lines[heading].page
    above = [line for line in report.lines[max(0, heading - 8) : heading] if line.page == page]
    return above + list(report.lines[heading : heading + 6])


def _signing_place(line: str, catalog: Catalog) -> bool:
    """"Philadelphia, PA" under the opinion: where the report was signed (a state's code
    that reads like the legal form P.A.), not a firm."""
    return any(start <= 0 and end >= len(line.rstrip(" .")) for _, _, start, end in
               state_qualified_cities(line.strip(), catalog))


def _firm_shaped(name: str, catalog: Catalog) -> bool:
    if catalog.find_body_in_text(name, kinds=("audit_firm",)) is not None:
        return True
    return bool(soc_patterns().firm_line.match(name)) and not _signing_place(name, catalog)


def _is_holder(name: str, holder: str | None, catalog: Catalog) -> bool:
    if not holder:
        return False
    one, other = catalog.normalise(name), catalog.normalise(holder)
    return one == other or one in other or other in one


def _signature_regions(report: Outline, auditor: PagedText) -> list[PagedText]:
    """Where a signature block sits: after the opinion paragraph, else the auditor's report."""
    patterns = soc_patterns()
    start = patterns.opinion_start.search(auditor.text)
    if start is None:
        return [auditor]
    rest = auditor.text[start.end() :]
    # the paragraph ends at its first line that ends a sentence: a Type 2 opinion naming
    # its period three times runs over several lines before it
    paragraph_end = re.search(r"(?:material\s+respects|opinion)[^.\n]*\.\s*\n", rest, re.I) \
        or re.search(r"\.\s*\n", rest)
    cut = start.end() + (paragraph_end.end() if paragraph_end else 0)
    return [auditor.tail(cut, 600)]


def _line_of(text: str, position: int) -> str:
    begin = text.rfind("\n", 0, position) + 1
    stop = text.find("\n", position)
    return squash(text[begin : stop if stop >= 0 else len(text)])[:EVIDENCE_LIMIT]
