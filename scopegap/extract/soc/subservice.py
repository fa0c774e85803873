"""Subservice organisations and their method (carve-out or inclusive), from the subservice
section, cue sentences elsewhere and the section's tables."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scopegap.domain import (
    Evidence,
    SubserviceOrg,
)
from scopegap.extract.dates import is_month_name
from scopegap.extract.patterns import FLAGS
from scopegap.extract.soc.patterns import Method, SocPatterns, soc_patterns
from scopegap.extract.soc.sections import Outline
from scopegap.extract.soc.tables import section_rows
from scopegap.ingest.anchored import anchored, spans_may_match
from scopegap.ingest.layout import LayoutResult
from scopegap.ingest.text import EVIDENCE_LIMIT, PagedText, sentences, squash

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it

_PROPER_RUN = re.compile(
    r"(?<![\w&’'])(?:[A-Z][\w&’'.\-]*|\d+[A-Za-z][\w\-]*)"
    r"(?:[ \n](?:(?:of|&|for|de|la)[ ](?=[A-Z]))?(?:[A-Z][\w&’'.\-]*|\d[\w\-]*))*"
    r"(?:\s*\([A-Z][A-Za-z0-9&]{1,9}\))?"
)


def _run_name(run: str, patterns: SocPatterns, catalog: Catalog,
              company: bool = False) -> str | None:
    """An organisation's name from a run of capitalised words, or None for common words.
    A parenthesised acronym of the name goes ("Amazon Web Services (AWS)"); any other short
    form stays, because it says which business of the company is meant ("Microsoft
    Corporation (Azure)" is Azure, not Microsoft 365)."""
    qualifier = re.search(r"\s*\(([A-Z][A-Za-z0-9&]{1,9})\)$", run)
    if qualifier is not None:
        run = run[: qualifier.start()]
    ends = re.search(patterns.legal_tail.pattern + r"(?=\s+(?:for|of|to)\s)", run, FLAGS)
    if ends is not None and qualifier is None:
        run = run[: ends.end()]  # "Twilio Inc. for SMS": the name ends with its legal form
    words = run.split()
    words = [re.sub(r"[’']s$", "", w) for w in words]
    while words and words[0].casefold() in patterns.not_org_words:
        words.pop(0)
    while words and words[-1].casefold() in {"and", "of", "&", "for"}:
        words.pop()
    while len(words) > 1 and words[-1].casefold() in patterns.service_words:
        words.pop()  # "Digital Realty Trust Colocation": the row's next cell ran on
    if not words or all(w.casefold() in patterns.not_org_words for w in words):
        return None
    name = " ".join(words).strip(".,;:’'")
    if len(words) == 1 and name.casefold() in patterns.service_words:
        return None  # "Physical" of "Physical access to ... is restricted"
    if patterns.legal_tail.fullmatch(" " + name):
        return None  # "Inc" of "Equinix, Inc.": a legal form alone
    if _not_an_organisation(name, catalog, company):
        return None
    if re.fullmatch(r"[IVX]+|\d.*|[A-Z]{1,2}\d*|(?:CC|PI)\s?[\d.]+", name):
        return None
    if is_month_name(name):
        return None
    if qualifier is not None and not _is_acronym_of(qualifier.group(1), name):
        return f"{name} ({qualifier.group(1)})"
    return name


def _is_acronym_of(short: str, name: str) -> bool:
    """"AWS" of "Amazon Web Services", "GCP" of "Google Cloud Platform": an all-capital
    short form, or the name's initials."""
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w&]*", name) if w[0].isupper())
    return short.isupper() or short.upper() == initials.upper()


def _not_an_organisation(name: str, catalog: Catalog, company: bool = False) -> bool:
    """A legal form alone, a place, or a catalogued product that is not itself a provider
    ("Amazon Connect" is a product of AWS, "Leeds" a city). A name printed with a legal form
    after it ("Okta, Inc.") is a company even where the catalog knows a product by it."""
    if not catalog.normalise(name) or catalog.city(name) or catalog.country_code(name):
        return True
    if company:
        return False
    tool = catalog.tool_by_alias(name)
    return tool is not None and tool.category not in soc_patterns().provider_categories


# A sentence end, but not the full stop of a legal form ("Twilio Inc. (collectively, ...)").
_SENTENCE_END = re.compile(r"(?<!\bInc)(?<!\bLtd)(?<!\bCorp)(?<!\bCo)(?<!\bLLC)[.;:]\s|\n\n")
# Between the members of a group, but not before a legal form ("Equinix, Inc. and AWS").
_MEMBER_SPLIT = re.compile(r",\s*(?!(?:Inc|LLC|Ltd|Corp|Limited|Co)\b)|,?\s+and\s+")
_POSSESSED = re.compile(r"(?:\b(?:its|their|our|his|her)|[’']s)\s+$", re.IGNORECASE)


@dataclass
class _OrgMention:
    name: str
    page: int
    sentence: str
    method: Method | None
    from_table: bool = False  # a method column states it for this organisation alone


def find_subservice(
    report: Outline, whole: PagedText, layout: LayoutResult, catalog: Catalog,
    holder: str | None, systems: Sequence[str] = (),
) -> tuple[tuple[SubserviceOrg, ...], list[str]]:
    """Subservice organisations and their method (carve-out or inclusive). ``systems``
    are the systems the scope names: the report's own, never a subservice organisation."""
    patterns = soc_patterns()
    abbreviations = defined_abbreviations(whole.text, patterns.abbreviation)
    groups = _group_aliases(whole.text, patterns)
    mentions: list[_OrgMention] = []
    regions = _subservice_regions(report, whole)
    named, cue = anchored(patterns.method_named), anchored(patterns.subservice_cue)
    for region, in_section in regions:
        spans = _whole_sentences(region.text)
        # the sentences each cue may be in, found on the folded text (anchored.py)
        may_name = set(spans_may_match(named, region.folded, spans))
        may_cue = set(spans_may_match(cue, region.folded, spans))
        for number, (start, end) in enumerate(spans):
            sentence = region.text[start:end]
            grouped = _group_in(sentence, groups) is not None or (
                number in may_name and patterns.method_named.search(sentence) is not None)
            if not in_section and not grouped and not (
                    number in may_cue and patterns.subservice_cue.search(sentence)):
                continue
            if not in_section and not grouped and not \
                    patterns.method["carve-out"].search(sentence) and not \
                    patterns.method["inclusive"].search(sentence) and not \
                    patterns.subservice_apposition.search(sentence):
                continue
            for name, at in _names_in(sentence, patterns, abbreviations, groups, holder, catalog):
                mentions.append(_OrgMention(
                    name, region.page_at(start + at), squash(sentence)[:EVIDENCE_LIMIT],
                    _nearest_method(sentence, at, patterns)))
    rows = [*section_rows(report, layout, "subservice"),
            *[(page, cells) for page, cells in section_rows(report, layout, "csoc")
              if len(cells[0].split()) <= _CSOC_NAME_WORDS]]
    for page, cells in rows:
        listed = _run_name(cells[0], patterns, catalog)
        if listed and not _is_holder(listed, holder, catalog):
            mentions.append(_OrgMention(abbreviations.get(listed, listed), page,
                                        squash(" | ".join(cells))[:EVIDENCE_LIMIT],
                                        _cell_method(cells[1:], patterns), True))
    own = {catalog.normalise(name) for name in systems}
    table_names = {catalog.normalise(m.name) for m in mentions if m.from_table}
    described = _described(rows, catalog) - table_names
    for m in mentions:  # "Twilio SendGrid Transactional": a listed name ran into its next cell
        words = m.name.split()
        if not m.from_table and len(words) > 1 and catalog.normalise(words[-1]) in described \
                and catalog.normalise(" ".join(words[:-1])) in table_names:
            m.name = " ".join(words[:-1])
    mentions = [m for m in mentions if catalog.normalise(m.name) not in own | described]
    return _merge(mentions, report, whole, catalog, groups)


def _described(rows: Sequence[tuple[int, Sequence[str]]], catalog: Catalog) -> set[str]:
    """The capitalised words that open the other cells of a subservice or CSOC table ("Voice
    and SMS telephony", "Physical access to ... is restricted"): the same row read as text
    puts them mid-sentence, where they look like names. They are what a party does."""
    out: set[str] = set()
    for _, cells in rows:
        for cell in cells[1:]:
            run = _PROPER_RUN.match(cell.strip())
            if run:
                out.add(catalog.normalise(run.group(0)))
    return out


_GOES_ON = re.compile(r"(?:\([A-Z][A-Za-z0-9&]{1,9}\)\s+)?[a-z]")
_LEGAL_STOP = re.compile(r"\b(?:Inc|Corp|Ltd|Co|L\.P|S\.A|N\.V|B\.V|P\.C|P\.A)\.\s*$")


def _whole_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans, where a legal form's full stop followed by a lower-case word ("The
    controls of Equinix, Inc. are tested ...") or by the name's short form and then one
    ("Amazon Web Services, Inc. (AWS) are included ...") goes on instead of ending the
    sentence."""
    spans: list[tuple[int, int]] = []
    for start, end in sentences(text):
        if spans and _LEGAL_STOP.search(text[spans[-1][0] : spans[-1][1]]) and \
                _GOES_ON.match(text[start:end].lstrip()):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


# A short form's definition ("Amazon Web Services (AWS)") names the full form in at most
# this many words right before its parenthesis: the bound of ``abbreviation`` in
# models/patterns/soc.yaml, whose name part holds no parenthesis and whose short form no space.
DEFINITION_WORDS = 6
_WORD = re.compile(r"\S+")
_SPACE = re.compile(r"\s")


def defined_abbreviations(text: str, pattern: re.Pattern[str]) -> dict[str, str]:
    """``{short: full}`` for every match of ``pattern`` in ``text``, the same matches as
    ``pattern.finditer(text)`` (later definitions win), at a fraction of the cost: the
    pattern is tried only on the words before each parenthesis instead of at every capital
    of the text (a 220-page report holds a few parentheses in 630,000 characters)."""
    found: dict[str, str] = {}
    done = 0  # matches do not overlap: the next one starts after the last
    paren = text.find("(")
    while paren >= 0:
        if paren >= done:
            space = _SPACE.search(text, paren)  # the short form ends before a space
            match = pattern.search(text, max(done, _words_before(text, paren)),
                                   space.start() if space else len(text))
            if match is not None:
                found[match.group("abbr")] = squash(match.group("full"))
                done = match.end()
        paren = text.find("(", paren + 1)
    return found


def _words_before(text: str, end: int) -> int:
    """Where the ``DEFINITION_WORDS``-th whitespace-separated word before ``end`` starts
    (0 when there are fewer)."""
    width = 128
    while True:
        low = max(0, end - width)
        starts = [m.start() for m in _WORD.finditer(text, low, end)]
        if len(starts) > DEFINITION_WORDS:  # the first may be cut by ``low``: never taken
            return starts[-DEFINITION_WORDS]
        if low == 0:
            return starts[-DEFINITION_WORDS] if len(starts) == DEFINITION_WORDS else 0
        width *= 4


def _cell_method(cells: Sequence[str], patterns: SocPatterns) -> Method | None:
    """A method column: "carve-out" / "inclusive", alone or in a phrase."""
    for cell in cells:
        bare = cell.casefold().replace(" ", "-")
        if bare == "carve-out" or patterns.method["carve-out"].search(cell):
            return "carve-out"
        if bare == "inclusive" or patterns.method["inclusive"].search(cell):
            return "inclusive"
    return None


# A CSOC table names the organisation in its first column ("AWS | Physical security ...");
# a longer first cell is the control itself, not a name.
_CSOC_NAME_WORDS = 6


def _subservice_regions(report: Outline, whole: PagedText) -> list[tuple[PagedText, bool]]:
    """The subservice section (every sentence counts) and the rest of the report except the
    CUEC and tests sections (only sentences with a subservice cue count). The CSOC section
    counts like the rest: some reports list the subservice organisations only there."""
    regions: list[tuple[PagedText, bool]] = []
    section = report.get("subservice")
    skip: set[int] = set()
    if section is not None:
        regions.append((PagedText.of(report.body(section)), True))
        skip.update(range(section.start, section.end))
    for key in ("cuec", "tests", "other_information"):
        other = report.get(key)
        if other is not None:
            skip.update(range(other.start, other.end))
    rest = [line for line in report.lines if not line.furniture and line.index not in skip]
    regions.append((PagedText.of(rest), False))
    return regions


def _group_aliases(text: str, patterns: SocPatterns) -> dict[str, list[str]]:
    """"AWS and Redis Labs (collectively, the Cloud Providers)" → {"Cloud Providers": [...]}."""
    groups: dict[str, list[str]] = {}
    for match in patterns.group_alias.finditer(text):
        before = text[max(0, match.start() - 160) : match.start()].rstrip()
        before = _SENTENCE_END.split(before)[-1]
        listed = re.search(
            r"((?:[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*)*(?:\s*\([A-Z][\w&]*\))?(?:,\s*|,?\s+and\s+))*"
            r"[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*)*(?:\s*\([A-Z][\w&]*\))?)\s*$", before)
        if listed:
            members = [m.strip() for m in _MEMBER_SPLIT.split(listed.group(1)) if m.strip()]
            groups[match.group("alias")] = members
    return groups


def _group_in(sentence: str, groups: Mapping[str, list[str]]) -> str | None:
    return next((alias for alias in groups if alias in sentence), None)


def _is_holder(name: str, holder: str | None, catalog: Catalog) -> bool:
    """The service organisation itself, or one of its own products ("Quillon Engage" of
    Quillon Software, Inc.), unless the name is a catalogued provider."""
    if not holder:
        return False
    first = holder.split()[0].strip(",.").casefold()
    if catalog.same_entity(name, holder) or name.casefold() == first:
        return True
    return name.split()[0].strip(",.").casefold() == first and \
        catalog.tool_by_alias(name) is None


def _names_in(
    sentence: str, patterns: SocPatterns, abbreviations: Mapping[str, str],
    groups: Mapping[str, list[str]], holder: str | None, catalog: Catalog,
) -> list[tuple[str, int]]:
    """Organisation names in one sentence with their offsets; group names expanded."""
    found: list[tuple[str, int]] = []
    companies: set[str] = set()
    for alias, members in groups.items():
        for match in re.finditer(re.escape(alias), sentence):
            found += [(abbreviations.get(m, m), match.start()) for m in members]
    group_spans = [(m.start(), m.end()) for alias in groups
                   for m in re.finditer(re.escape(alias), sentence)]
    for match in _PROPER_RUN.finditer(sentence):
        if any(s <= match.start() < e for s, e in group_spans):
            continue
        if _POSSESSED.search(sentence[: match.start()]):
            continue  # "its Enterprise Cloud": the holder's own product, not a vendor
        company = patterns.legal_tail.match(sentence, match.end()) is not None
        name = _run_name(match.group(0), patterns, catalog, company)
        if name is None or _is_holder(name, holder, catalog):
            continue
        if company:
            companies.add(name)
        found.append((abbreviations.get(name, name), match.start()))
    cleaned: list[tuple[str, int]] = []
    for name, at in found:
        name = _run_name(name, patterns, catalog, name in companies) or ""
        if name and not _is_holder(name, holder, catalog):
            cleaned.append((name, at))
    return cleaned


def _nearest_method(sentence: str, at: int, patterns: SocPatterns) -> Method | None:
    best: tuple[int, Method] | None = None
    for method in ("carve-out", "inclusive"):
        for match in patterns.method[method].finditer(sentence):
            distance = abs(match.start() - at)
            if best is None or distance < best[0]:
                best = (distance, "carve-out" if method == "carve-out" else "inclusive")
    return best[1] if best else None


def _merge(
    mentions: Sequence[_OrgMention], report: Outline, whole: PagedText, catalog: Catalog,
    groups: Mapping[str, list[str]],
) -> tuple[tuple[SubserviceOrg, ...], list[str]]:
    """One entry per organisation, first mention first; the method from its row's method
    column, else its own sentences, else the subservice section's wording, else the
    auditor's report, else carve-out. (A table printed as text runs its rows into one
    "sentence", so a row's method word can sit next to the following row's name.)"""
    patterns = soc_patterns()
    merged: list[tuple[str, _OrgMention, set[str]]] = []
    stated: dict[int, set[str]] = {}  # by position in ``merged``: what a method column says
    for mention in mentions:
        for index, (name, first, methods) in enumerate(merged):
            if catalog.same_entity(name, mention.name) or _abbreviates(name, mention.name):
                longer = max(name, mention.name, key=len)
                merged[index] = (longer, first, methods)
                if mention.method:
                    methods.add(mention.method)
                    if mention.from_table:
                        stated.setdefault(index, set()).add(mention.method)
                break
        else:
            if mention.method and mention.from_table:
                stated[len(merged)] = {mention.method}
            merged.append((mention.name, mention, {mention.method} if mention.method else set()))
    merged = _consolidated([(name, first, stated.get(index, methods), index in stated)
                            for index, (name, first, methods) in enumerate(merged)], catalog)
    default = _default_method(report, whole)
    warnings: list[str] = []
    orgs: list[SubserviceOrg] = []
    for name, first, methods in merged:
        if len(methods) == 1:
            method: Method = "inclusive" if methods == {"inclusive"} else "carve-out"
        elif methods:
            method = "carve-out"
            warnings.append(f"subservice organisation {name}: both carve-out and inclusive "
                            "wording; treated as carve-out")
        elif default is not None:
            method = default
        else:
            method = "carve-out"
            warnings.append(f"subservice organisation {name}: the report does not say "
                            "carve-out or inclusive; treated as carve-out")
        orgs.append(SubserviceOrg(name, method, Evidence(first.page, first.sentence)))
    del patterns, groups
    return tuple(orgs), warnings


def _consolidated(merged: list[tuple[str, _OrgMention, set[str], bool]],
                  catalog: Catalog) -> list[tuple[str, _OrgMention, set[str]]]:
    """Entries that became one organisation once a longer name was learnt ("MongoDB, Inc"
    grew into "MongoDB, Inc. (MongoDB Atlas)", which is also "MongoDB Atlas"), joined; what
    a method column states for one of them wins over the sentences of another."""
    out: list[tuple[str, _OrgMention, set[str], bool]] = []
    for name, first, methods, stated in merged:
        for index, (kept, kept_first, kept_methods, kept_stated) in enumerate(out):
            if catalog.same_entity(kept, name):
                joined = kept_methods | methods if stated == kept_stated else \
                    (methods if stated else kept_methods)
                out[index] = (max(kept, name, key=len), kept_first, joined,
                              stated or kept_stated)
                break
        else:
            out.append((name, first, methods, stated))
    return [(name, first, methods) for name, first, methods, _ in out]


def _abbreviates(left: str, right: str) -> bool:
    short, long = sorted((left, right), key=len)
    initials = "".join(w[0] for w in long.split() if w[:1].isupper())
    return short.isupper() and len(short) >= 2 and short == initials


def _default_method(report: Outline, whole: PagedText) -> Method | None:
    patterns = soc_patterns()
    texts = []
    section = report.get("subservice")
    if section is not None:
        texts.append(report.text(section))
    auditor = report.get("auditor_report")
    texts.append(report.text(auditor) if auditor else whole.text)
    for text in texts:
        cues = [s for s in (text[a:b] for a, b in sentences(text))
                if patterns.subservice_cue.search(s)]
        carve = any(patterns.method["carve-out"].search(s) for s in cues)
        inclusive = any(patterns.method["inclusive"].search(s) for s in cues)
        if carve != inclusive:
            return "carve-out" if carve else "inclusive"
    return None
