"""SOC 2 / SOC 3 report → the facts that decide coverage, each with its page.

Sections are found by heading (``sections.py``); the auditor's report gives the holder,
period, categories and opinion; the system description gives the components (tables read
with pdfplumber only on their own pages), the subservice organisations with their method,
and the CUECs; the tests section gives the count of deviations. Cue phrases live in
``models/patterns/soc.yaml``.

Conservative by design (ARCHITECTURE.md): a carved-out subservice organisation's controls
are outside the opinion, so anything named only as, or inside, a carved-out organisation is
never reported as a component (DOMAIN.md §2.5), and a method the report does not state is
taken as carve-out.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any, Literal

from scopegap.domain import (
    DateValue,
    DocumentKind,
    DocumentScope,
    Evidence,
    RegionRef,
    SiteRef,
    SubserviceOrg,
    SystemRef,
    TextValue,
)
from scopegap.extract.dates import find_dates, resolve_order
from scopegap.extract.patterns import FLAGS, compile_any, compile_one
from scopegap.extract.provenance import page_warnings
from scopegap.extract.sections import DocLine, HeadingSpec, Outline, heading_text, outline
from scopegap.extract.text import squash
from scopegap.ingest.layout import LayoutResult, read_tables, triage
from scopegap.ingest.pdf import ReadPdf, TextPage
from scopegap.match.catalog import Catalog
from scopegap.resources import load_yaml

Method = Literal["carve-out", "inclusive"]
COMPONENT_SECTIONS = ("infrastructure", "software", "components", "boundaries", "services",
                      "locations")
NOT_COMPONENT_SECTIONS = ("subservice", "csoc", "cuec")
_EVIDENCE_LIMIT = 300
_PROPER_RUN = re.compile(
    r"(?<![\w&’'])(?:[A-Z][\w&’'.\-]*|\d+[A-Za-z][\w\-]*)"
    r"(?:[ \n](?:(?:of|&|for|de|la)[ ](?=[A-Z]))?(?:[A-Z][\w&’'.\-]*|\d[\w\-]*))*"
    r"(?:\s*\([A-Z][A-Za-z0-9&]{1,9}\))?"
)


@dataclass(frozen=True)
class SocPatterns:
    kind: Mapping[str, re.Pattern[str]]
    cover_pages: int
    cover_weight: int
    vote_pages: int
    attestation: re.Pattern[str]
    certificate: re.Pattern[str]
    certificate_min_cues: int
    bridge: re.Pattern[str]
    bridge_max_pages: int
    headings: HeadingSpec
    period_cue: re.Pattern[str]
    range_connector: re.Pattern[str]
    as_of_cue: re.Pattern[str]
    opinion_start: re.Pattern[str]
    opinion: Mapping[str, re.Pattern[str]]
    opinion_window_chars: int
    categories: Mapping[str, re.Pattern[str]]
    category_boilerplate: re.Pattern[str]
    category_cue: re.Pattern[str]
    exception_noted: re.Pattern[str]
    subservice_cue: re.Pattern[str]
    method: Mapping[str, re.Pattern[str]]
    group_alias: re.Pattern[str]
    abbreviation: re.Pattern[str]
    not_org_words: frozenset[str]
    legal_tail: re.Pattern[str]
    holder_cues: tuple[re.Pattern[str], ...]
    not_holder: re.Pattern[str]
    firm_line: re.Pattern[str]
    item_start: re.Pattern[str]
    criteria_reference: re.Pattern[str]
    table_header_words: re.Pattern[str]
    table_page_cue: re.Pattern[str]
    table_not_components: re.Pattern[str]
    product_prefixes: Mapping[str, tuple[str, ...]]
    provider_categories: frozenset[str]
    bridge_report: re.Pattern[str]
    signer_cue: re.Pattern[str]
    letter_date_cue: re.Pattern[str]
    bridge_statement: re.Pattern[str]


@cache
def soc_patterns() -> SocPatterns:
    """Compile models/patterns/soc.yaml once per process."""
    data: dict[str, Any] = load_yaml("patterns/soc.yaml")
    kind = data["kind"]
    headings = HeadingSpec(
        top={key: compile_any(p) for key, p in data["sections"].items()},
        sub={key: compile_any(p) for key, p in data["subsections"].items()},
        prefix=compile_one(data["heading_prefix"]),
        contents=compile_one(data["contents_heading"]),
        max_chars=int(data["heading_max_chars"]),
        furniture_share=float(data["furniture_share"]),
        furniture_min_pages=int(data["furniture_min_pages"]),
    )
    return SocPatterns(
        kind={key: compile_one(kind[key]) for key in ("soc1", "soc2", "soc3", "type1", "type2")},
        cover_pages=int(kind["cover_pages"]),
        cover_weight=int(kind["cover_weight"]),
        vote_pages=int(kind["vote_pages"]),
        attestation=compile_one(kind["attestation"]),
        certificate=compile_one(kind["certificate"]),
        certificate_min_cues=int(kind["certificate_min_cues"]),
        bridge=compile_one(kind["bridge"]),
        bridge_max_pages=int(kind["bridge_max_pages"]),
        headings=headings,
        period_cue=compile_one(data["period_cue"]),
        range_connector=compile_one(data["range_connector"]),
        as_of_cue=compile_one(data["as_of_cue"]),
        opinion_start=compile_one(data["opinion_start"]),
        opinion={key: compile_one(p) for key, p in data["opinion"].items()},
        opinion_window_chars=int(data["opinion_window_chars"]),
        categories={name: compile_one(p) for name, p in data["categories"].items()},
        category_boilerplate=compile_one(data["category_boilerplate"]),
        category_cue=compile_one(data["category_cue"]),
        exception_noted=compile_one(data["exception_noted"]),
        subservice_cue=compile_one(data["subservice_cue"]),
        method={key: compile_one(p) for key, p in data["method"].items()},
        group_alias=re.compile(data["group_alias"], re.VERBOSE),
        abbreviation=re.compile(data["abbreviation"]),
        not_org_words=frozenset(w.casefold() for w in data["not_org_words"]),
        legal_tail=compile_one(data["legal_tail"]),
        holder_cues=tuple(compile_one(p) for p in data["holder_cues"]),
        not_holder=compile_one(data["not_holder"]),
        firm_line=re.compile(data["firm_line"], re.VERBOSE | re.MULTILINE),
        item_start=compile_one(data["item_start"]),
        criteria_reference=re.compile(data["criteria_reference"]),
        table_header_words=compile_one(data["table_header_words"]),
        table_page_cue=compile_one(data["table_page_cue"]),
        table_not_components=compile_one(data["table_not_components"]),
        product_prefixes={k: tuple(v) for k, v in data["product_prefixes"].items()},
        provider_categories=frozenset(data["provider_categories"]),
        bridge_report=compile_one(data["bridge_report"]),
        signer_cue=compile_one(data["signer_cue"]),
        letter_date_cue=compile_one(data["letter_date_cue"]),
        bridge_statement=compile_one(data["bridge_statement"]),
    )


# --------------------------------------------------------------------------- text with pages


@dataclass(frozen=True)
class PagedText:
    """Lines joined with newlines, remembering the page each character came from."""

    text: str
    offsets: tuple[int, ...]
    pages: tuple[int, ...]

    @classmethod
    def of(cls, lines: Sequence[DocLine]) -> PagedText:
        offsets: list[int] = []
        pages: list[int] = []
        position = 0
        for line in lines:
            offsets.append(position)
            pages.append(line.page)
            position += len(line.text) + 1
        return cls("\n".join(line.text for line in lines), tuple(offsets), tuple(pages))

    def page_at(self, offset: int) -> int:
        if not self.pages:
            return 1
        return self.pages[max(0, bisect.bisect_right(self.offsets, offset) - 1)]

    def sentence(self, start: int, end: int) -> str:
        """The sentence(s) around text[start:end], squashed and cut to the evidence limit."""
        return sentence_around(self.text, start, end)


def sentence_around(text: str, start: int, end: int) -> str:
    spans = sentences(text)
    starts = [s for s, _ in spans]
    at = bisect.bisect_right(starts, start) - 1
    first = spans[at][0] if at >= 0 and start < spans[at][1] else start
    later = bisect.bisect_left(starts, end) - 1
    last = spans[later][1] if later >= 0 and end <= spans[later][1] else end
    snippet = squash(text[first:last])
    if len(snippet) <= _EVIDENCE_LIMIT:
        return snippet
    focus = squash(text[max(first, start - 100) : min(last, end + 200)])
    return focus[:_EVIDENCE_LIMIT]


@lru_cache(maxsize=16)
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of sentences; a short line without end punctuation (a table row, a heading)
    stands alone, so a list never runs into the next sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    position = 0
    lines = text.split("\n")
    short = max(40, int(0.8 * max((len(line) for line in lines), default=0)))
    for number, line in enumerate(lines):
        line_end = position + len(line)
        following = lines[number + 1].lstrip()[:1] if number + 1 < len(lines) else "A"
        for match in re.finditer(r"[.!?;:](?=\s|$)", line):
            cut = position + match.end()
            if cut > start:
                spans.append((start, cut))
            start = cut
        if len(line) < short and (following.isupper() or following.isdigit()) \
                and not line.rstrip().endswith((",", "and", "or", "of", "the")):
            if line_end > start:
                spans.append((start, line_end))
            start = line_end + 1
        position = line_end + 1
    if start < len(text):
        spans.append((start, len(text)))
    return tuple((s, e) for s, e in spans if text[s:e].strip())


# --------------------------------------------------------------------------- classification


@dataclass(frozen=True)
class KindVote:
    """Weighted mentions of each report family: the cover counts more than the body."""

    soc1: int
    soc2: int
    soc3: int
    type1: int
    type2: int


def kind_votes(pages: Sequence[TextPage]) -> KindVote:
    patterns = soc_patterns()
    counts = dict.fromkeys(("soc1", "soc2", "soc3", "type1", "type2"), 0)
    for page in pages[: patterns.vote_pages]:
        weight = patterns.cover_weight if page.number <= patterns.cover_pages else 1
        for key in counts:
            counts[key] += weight * len(patterns.kind[key].findall(page.text))
    return KindVote(**counts)


# --------------------------------------------------------------------------- extraction


def extract_soc(
    pdf: ReadPdf, base: DocumentScope, kind: DocumentKind, catalog: Catalog
) -> DocumentScope:
    """Fill a SOC 2 / SOC 3 report's fields; ``kind`` comes from classification."""
    patterns = soc_patterns()
    pages = tuple(p for p in pdf.pages if p.has_text)
    report = outline(pages, patterns.headings)
    content = [line for line in report.lines if not line.furniture]
    whole = PagedText.of(content)
    warnings: list[str] = []
    auditor = report.get("auditor_report")
    auditor_text = PagedText.of(report.body(auditor)) if auditor else whole
    holder = find_holder(auditor_text, whole, catalog) or find_holder(whole, whole, catalog)
    if holder is None:
        warnings.append("the service organisation is not named where expected "
                        "(auditor's report or management's assertion)")
    issuer = find_issuer(report, auditor_text, whole, catalog)
    if issuer is None:
        warnings.append("the audit firm is not named in the text layer (a signature image?): "
                        "check who signed the auditor's report")
    start, end, period_warnings = find_period(auditor_text, whole, kind)
    warnings += period_warnings
    opinion = find_opinion(report, whole)
    if opinion is None:
        warnings.append("no auditor's opinion paragraph found: the opinion could not be "
                        "verified")
    categories = find_categories(auditor_text, whole, pages)
    if not categories:
        warnings.append("the Trust Services Categories are not stated")
    layout = _layout(pdf, report)
    warnings += layout.warnings
    orgs, org_warnings = find_subservice(report, whole, layout, catalog,
                                         holder.value if holder else None)
    warnings += org_warnings
    carved = [o.name for o in orgs if o.method == "carve-out"]
    systems, regions, sites, component_warnings = find_components(pdf, report, layout, catalog,
                                                                  carved)
    warnings += component_warnings
    cuecs = find_cuecs(report)
    exceptions = count_exceptions(report) if kind == "soc2_type2" else None
    if kind == "soc2_type2" and exceptions is None:
        warnings.append("no tests-of-controls section found: deviations could not be counted")
    scope = find_scope_statement(auditor_text)
    warnings += page_warnings(pdf)
    return replace(
        base,
        kind=kind,
        holder=holder,
        issuer=issuer,
        window_start=start,
        window_end=end,
        scope_text=scope,
        systems=systems,
        sites=sites,
        regions=regions,
        subservice_organizations=orgs,
        opinion=opinion,
        trust_services_categories=categories,
        cuecs=cuecs,
        exceptions=exceptions,
        warnings=tuple(dict.fromkeys(warnings)),
    )


# --------------------------------------------------------------------------- holder, issuer


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
                             Evidence(primary.page_at(match.start()),
                                      primary.sentence(match.start(), match.end())))
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
        return TextValue(squash(name), Evidence(source.page_at(start),
                                                _line_of(source.text, start)))
    for region in _signature_regions(report, auditor):
        for match in patterns.firm_line.finditer(region.text):
            line = match.group(0).strip()
            if len(line) <= 70 and not re.search(r"\b(?:opinion|controls?|criteria)\b", line,
                                                 re.IGNORECASE):
                return TextValue(line.rstrip("."), Evidence(region.page_at(match.start()), line))
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
    tail = auditor.text[cut : cut + 600]
    offsets = tuple(o - cut for o in auditor.offsets if o >= cut) or (0,)
    pages = tuple(p for o, p in zip(auditor.offsets, auditor.pages, strict=True) if o >= cut)
    return [PagedText(tail, offsets, pages or (auditor.page_at(cut),))]


def _line_of(text: str, position: int) -> str:
    begin = text.rfind("\n", 0, position) + 1
    stop = text.find("\n", position)
    return squash(text[begin : stop if stop >= 0 else len(text)])[:_EVIDENCE_LIMIT]


# --------------------------------------------------------------------------- period


def date_ranges(text: PagedText, order: str = "MDY") -> list[tuple[DateValue, DateValue, int]]:
    """Every "<date> to <date>" in the text: (start, end, offset of the start)."""
    connector = soc_patterns().range_connector
    dates = resolve_order(find_dates(text.text), hint=order)  # type: ignore[arg-type]
    found: list[tuple[DateValue, DateValue, int]] = []
    for first, second in itertools.pairwise(dates):
        if first.value is None or second.value is None or first.value >= second.value:
            continue
        if connector.match(text.text[first.end : second.start]):
            evidence = Evidence(text.page_at(first.start), text.sentence(first.start, second.end))
            found.append((DateValue(first.value, evidence, first.ambiguous),
                          DateValue(second.value, evidence, second.ambiguous), first.start))
    return found


def find_period(auditor: PagedText, whole: PagedText, kind: DocumentKind
                ) -> tuple[DateValue | None, DateValue | None, list[str]]:
    """Type 2 / SOC 3: the examination period; Type 1: the "as of" date, as start and end."""
    patterns = soc_patterns()
    for text in (auditor, whole):
        if kind == "soc2_type1":
            single = _as_of(text)
            if single is not None:
                return single, single, []
            continue
        ranges = date_ranges(text)
        cued = [r for r in ranges if patterns.period_cue.search(
            text.text[max(0, r[2] - 60) : r[2]])]
        chosen = cued or ranges
        if chosen:
            start, end, _ = chosen[0]
            warnings = []
            if (end.value - start.value).days < 180:
                warnings.append(
                    f"the examination period {start.value.isoformat()} to "
                    f"{end.value.isoformat()} is shorter than 6 months")
            return start, end, warnings
    if kind == "soc2_type1":
        return None, None, ["no 'as of' date found for this Type 1 report"]
    return None, None, ["no examination period found"]


def _as_of(text: PagedText) -> DateValue | None:
    patterns = soc_patterns()
    for cue in patterns.as_of_cue.finditer(text.text):
        window = text.text[cue.end() : cue.end() + 40]
        dates = resolve_order(find_dates(window), hint="MDY")
        if dates and dates[0].value is not None and dates[0].start <= 4:
            at = cue.end() + dates[0].start
            return DateValue(dates[0].value, Evidence(text.page_at(at), text.sentence(at, at + 1)),
                             dates[0].ambiguous)
    return None


# --------------------------------------------------------------------------- opinion


def find_opinion(report: Outline, whole: PagedText) -> TextValue | None:
    """unmodified / qualified / adverse / disclaimer from the opinion's own words and the
    titles of the opinion headings ("Qualified Opinion", "Disclaimer of Opinion")."""
    patterns = soc_patterns()
    auditor = report.get("auditor_report")
    scope_lines = report.body(auditor) if auditor else list(whole_lines(report))
    region = PagedText.of(scope_lines)
    titles = " ".join(
        heading_text(line.text, patterns.headings) for line in scope_lines
        if patterns.headings.sub["opinion"].fullmatch(heading_text(line.text, patterns.headings))
    )
    start = patterns.opinion_start.search(region.text)
    if start is None:
        return None
    window = region.text[start.start() : start.start() + patterns.opinion_window_chars]
    stop = re.search(r"\n\s*(?:restricted\s+use|other\s+matter|emphasis\s+of\s+matter)\b",
                     window, re.IGNORECASE)
    window = window[: stop.start()] if stop else window
    checked = f"{titles}\n{window}"
    for verdict in ("disclaimer", "adverse", "qualified"):
        if patterns.opinion[verdict].search(checked):
            return _verdict(verdict, region, start.start())
    if patterns.opinion["unmodified"].search(window):
        return _verdict("unmodified", region, start.start())
    return None


def whole_lines(report: Outline) -> Iterable[DocLine]:
    return (line for line in report.lines if not line.furniture)


def _verdict(value: str, region: PagedText, at: int) -> TextValue:
    return TextValue(value, Evidence(region.page_at(at), region.sentence(at, at + 1)))


# --------------------------------------------------------------------------- categories


def find_categories(auditor: PagedText, whole: PagedText, pages: Sequence[TextPage]
                    ) -> tuple[str, ...]:
    """The categories the report covers, canonical order; the criteria's own title (which
    lists all five) is not a statement about the report."""
    patterns = soc_patterns()
    cover = "\n".join(p.text for p in pages if p.number <= patterns.cover_pages)
    for text in (auditor.text, cover, whole.text):
        found = _categories_in(patterns.category_boilerplate.sub(" ", text))
        if found:
            return tuple(name for name in patterns.categories if name in found)
    return ()


def _categories_in(text: str) -> set[str]:
    patterns = soc_patterns()
    names = "|".join(f"(?P<c{i}>{p.pattern})" for i, p in enumerate(patterns.categories.values()))
    item = re.compile(rf"(?:\s|,|and\b|&|the\b|\(|\))*(?:{names})\b", FLAGS)
    keys = list(patterns.categories)
    found: set[str] = set()
    for cue in patterns.category_cue.finditer(text):
        position = cue.end()
        while (match := item.match(text, position)) is not None:
            index = next(int(k[1:]) for k, v in match.groupdict().items() if v)
            found.add(keys[index])
            position = match.end()
    return found


# --------------------------------------------------------------------------- exceptions, CUECs


def count_exceptions(report: Outline) -> int | None:
    """Deviations noted in the tests of controls; None when the report has no tests section."""
    tests = report.get("tests")
    if tests is None:
        return None
    noted = soc_patterns().exception_noted
    return sum(1 for match in noted.finditer(report.text(tests)) if not match.group("no"))


def find_cuecs(report: Outline) -> tuple[TextValue, ...]:
    """Each numbered or bulleted complementary user entity control, with its page."""
    section = report.get("cuec")
    if section is None:
        return ()
    patterns = soc_patterns()
    heading = patterns.headings.sub["cuec"]
    items: list[tuple[int, list[str]]] = []
    for line in report.body(section):
        if heading.search(line.text):
            continue  # a table header repeated on the next page
        start = re.match(r"^\s*(?:\d{1,3}[.)]?|[•▪◦●■\-–*\uf0b7\uf0a7])\s+(?=\S)", line.text)
        if start:
            items.append((line.page, [line.text[start.end() :]]))
        elif items:
            items[-1][1].append(line.text)
    cuecs: list[TextValue] = []
    for page, parts in items:
        text = squash(_PRIVATE_USE.sub(" ", " ".join(parts)))
        text = patterns.criteria_reference.sub("", text).strip()
        text = patterns.criteria_reference.sub("", text).strip()
        if len(text) >= 12:
            cuecs.append(TextValue(text, Evidence(page, text[:_EVIDENCE_LIMIT])))
    return tuple(cuecs)


def find_scope_statement(auditor: PagedText) -> TextValue | None:
    """The auditor's scope sentence ("We have examined …"): which system was examined."""
    match = re.search(r"\bwe\s+have\s+examined\b", auditor.text, re.IGNORECASE)
    if match is None:
        return None
    return TextValue(auditor.sentence(match.start(), match.end()),
                     Evidence(auditor.page_at(match.start()),
                              auditor.sentence(match.start(), match.end())))


# --------------------------------------------------------------------------- layout pass


def _layout(pdf: ReadPdf, report: Outline) -> LayoutResult:
    """pdfplumber on the pages of the component and subservice sections that look tabular."""
    wanted: set[int] = set()
    for key in (*COMPONENT_SECTIONS, "subservice"):
        section = report.get(key)
        if section is not None:
            wanted.update(report.pages(section))
    chosen = triage(pdf.pages, wanted, soc_patterns().table_page_cue)
    return read_tables(pdf.path, chosen, pdf.password)


def section_rows(report: Outline, layout: LayoutResult, key: str) -> list[tuple[int, list[str]]]:
    """Table rows (page, cells) whose first cell is printed inside section ``key``."""
    section = report.get(key)
    if section is None:
        return []
    body = squash(report.text(section))
    rows: list[tuple[int, list[str]]] = []
    patterns = soc_patterns()
    for number in report.pages(section):
        for table in layout.tables.get(number, []):
            width = max((len(row) for row in table), default=0)
            for row in table:
                cells = [c for c in row if c]
                if not cells or (width > 1 and len(cells) == 1):
                    continue  # an empty row, or a title spanning the table
                if all(patterns.table_header_words.match(c) for c in cells):
                    continue
                if any(patterns.table_not_components.search(c) for c in cells):
                    break  # a control matrix (criteria, tests), not a list of components
                if squash(cells[0]) in body:
                    rows.append((number, cells))
    return rows


# --------------------------------------------------------------------------- subservice


def _run_name(run: str, patterns: SocPatterns) -> str | None:
    """An organisation's name from a run of capitalised words, or None for common words."""
    words = re.sub(r"\s*\([A-Z][A-Za-z0-9&]{1,9}\)$", "", run).split()
    words = [re.sub(r"[’']s$", "", w) for w in words]
    while words and words[0].casefold() in patterns.not_org_words:
        words.pop(0)
    while words and words[-1].casefold() in {"and", "of", "&", "for"}:
        words.pop()
    if not words or all(w.casefold() in patterns.not_org_words for w in words):
        return None
    name = " ".join(words).strip(".,;:’'")
    if _not_an_organisation(name):
        return None
    if re.fullmatch(r"[IVX]+|\d.*|[A-Z]{1,2}\d*|(?:CC|PI)\s?[\d.]+", name):
        return None
    if name.casefold() in _MONTHS:
        return None
    return name


def _not_an_organisation(name: str) -> bool:
    """A legal form alone, a place, or a catalogued product that is not itself a provider
    ("Amazon Connect" is a product of AWS, "Leeds" a city)."""
    from scopegap.match.catalog import load_catalog

    catalog = load_catalog()
    if not catalog.normalise(name) or catalog.city(name) or catalog.country_code(name):
        return True
    tool = catalog.tool_by_alias(name)
    return tool is not None and tool.category not in soc_patterns().provider_categories


_POSSESSED = re.compile(r"(?:\b(?:its|their|our|his|her)|[’']s)\s+$", re.IGNORECASE)
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_MONTHS = frozenset(
    m.casefold() for m in ("January", "February", "March", "April", "May", "June", "July",
                           "August", "September", "October", "November", "December"))


@dataclass
class _OrgMention:
    name: str
    page: int
    sentence: str
    method: Method | None


def find_subservice(
    report: Outline, whole: PagedText, layout: LayoutResult, catalog: Catalog,
    holder: str | None,
) -> tuple[tuple[SubserviceOrg, ...], list[str]]:
    """Subservice organisations and their method (carve-out or inclusive)."""
    patterns = soc_patterns()
    abbreviations = {m.group("abbr"): squash(m.group("full"))
                     for m in patterns.abbreviation.finditer(whole.text)}
    groups = _group_aliases(whole.text, patterns)
    mentions: list[_OrgMention] = []
    regions = _subservice_regions(report, whole)
    for region, in_section in regions:
        for start, end in sentences(region.text):
            sentence = region.text[start:end]
            if not in_section and not patterns.subservice_cue.search(sentence):
                continue
            if not in_section and _group_in(sentence, groups) is None and not \
                    patterns.method["carve-out"].search(sentence) and not \
                    patterns.method["inclusive"].search(sentence):
                continue
            for name, at in _names_in(sentence, patterns, abbreviations, groups, holder, catalog):
                mentions.append(_OrgMention(
                    name, region.page_at(start + at), squash(sentence)[:_EVIDENCE_LIMIT],
                    _nearest_method(sentence, at, patterns)))
    for page, cells in section_rows(report, layout, "subservice"):
        listed = _run_name(cells[0], patterns)
        if listed and not _is_holder(listed, holder, catalog):
            mentions.append(_OrgMention(abbreviations.get(listed, listed), page,
                                        squash(" | ".join(cells))[:_EVIDENCE_LIMIT],
                                        _cell_method(cells[1:], patterns)))
    return _merge(mentions, report, whole, catalog, groups)


def _cell_method(cells: Sequence[str], patterns: SocPatterns) -> Method | None:
    """A method column: "carve-out" / "inclusive", alone or in a phrase."""
    for cell in cells:
        bare = cell.casefold().replace(" ", "-")
        if bare == "carve-out" or patterns.method["carve-out"].search(cell):
            return "carve-out"
        if bare == "inclusive" or patterns.method["inclusive"].search(cell):
            return "inclusive"
    return None


def _subservice_regions(report: Outline, whole: PagedText) -> list[tuple[PagedText, bool]]:
    """The subservice section (every sentence counts) and the rest of the report except the
    CSOC, CUEC and tests sections (only sentences with a subservice cue count)."""
    regions: list[tuple[PagedText, bool]] = []
    section = report.get("subservice")
    skip: set[int] = set()
    if section is not None:
        regions.append((PagedText.of(report.body(section)), True))
        skip.update(range(section.start, section.end))
    for key in ("csoc", "cuec", "tests", "other_information"):
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
        before = text[max(0, match.start() - 160) : match.start()]
        before = re.split(r"[.;:]\s|\n\n", before)[-1]
        listed = re.search(
            r"((?:[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*)*(?:\s*\([A-Z]+\))?(?:,\s*|,?\s+and\s+))*"
            r"[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*)*(?:\s*\([A-Z]+\))?)\s*$", before)
        if listed:
            members = [m.strip() for m in re.split(r",\s*|\s+and\s+", listed.group(1)) if m.strip()]
            groups[match.group("alias")] = members
    return groups


def _group_in(sentence: str, groups: Mapping[str, list[str]]) -> str | None:
    return next((alias for alias in groups if alias in sentence), None)


def _is_holder(name: str, holder: str | None, catalog: Catalog) -> bool:
    if not holder:
        return False
    first = holder.split()[0].strip(",.")
    return catalog.same_entity(name, holder) or name.casefold() == first.casefold()


def _names_in(
    sentence: str, patterns: SocPatterns, abbreviations: Mapping[str, str],
    groups: Mapping[str, list[str]], holder: str | None, catalog: Catalog,
) -> list[tuple[str, int]]:
    """Organisation names in one sentence with their offsets; group names expanded."""
    found: list[tuple[str, int]] = []
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
        name = _run_name(match.group(0), patterns)
        if name is None or _is_holder(name, holder, catalog):
            continue
        found.append((abbreviations.get(name, name), match.start()))
    cleaned: list[tuple[str, int]] = []
    for name, at in found:
        name = _run_name(name, patterns) or ""
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
    """One entry per organisation, first mention first; the method from its own sentences,
    else the subservice section's wording, else the auditor's report, else carve-out."""
    patterns = soc_patterns()
    merged: list[tuple[str, _OrgMention, set[str]]] = []
    for mention in mentions:
        for index, (name, first, methods) in enumerate(merged):
            if catalog.same_entity(name, mention.name) or _abbreviates(name, mention.name):
                longer = max(name, mention.name, key=len)
                merged[index] = (longer, first, methods)
                if mention.method:
                    methods.add(mention.method)
                break
        else:
            merged.append((mention.name, mention, {mention.method} if mention.method else set()))
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


# --------------------------------------------------------------------------- components


def find_components(
    pdf: ReadPdf, report: Outline, layout: LayoutResult, catalog: Catalog,
    carved: Sequence[str],
) -> tuple[tuple[SystemRef, ...], tuple[RegionRef, ...], tuple[SiteRef, ...], list[str]]:
    """Systems, regions and sites of the system description's component sections, minus
    whatever is a carved-out organisation or is only described as part of one."""
    from scopegap.extract.contents import _add_city_sites
    from scopegap.nlp.pipeline import analyse

    patterns = soc_patterns()
    systems: dict[str, SystemRef] = {}
    regions: dict[str, RegionRef] = {}
    sites: dict[str, SiteRef] = {}
    description = report.get("description")
    for key in COMPONENT_SECTIONS:
        section = report.get(key)
        if section is None or (description is not None and not
                               description.start <= section.start < description.end):
            continue
        text = PagedText.of(report.body(section))
        doc = analyse(text.text)
        for entity in doc.ents:
            if entity._.excluded_by:
                continue
            sentence = squash(entity.sent.text)[:_EVIDENCE_LIMIT]
            if patterns.method["carve-out"].search(sentence):
                continue  # described as part of a carved-out organisation
            evidence = Evidence(text.page_at(entity.start_char), sentence)
            if entity.label_ == "TOOL":
                tool = catalog.tool(entity.kb_id_)
                if tool is not None and tool.name not in systems:
                    systems[tool.name] = SystemRef(tool.name, evidence, tool.id, entity.text)
            elif entity.label_ == "REGION":
                _add_region(entity.kb_id_, evidence, catalog, regions)
        if key == "locations":
            for line in report.body(section):
                _add_city_sites(line.text, line.page, "site", catalog, sites)
        for page, cells in section_rows(report, layout, key):
            row = " | ".join(cells)
            if patterns.method["carve-out"].search(row):
                continue
            evidence = Evidence(page, squash(row)[:_EVIDENCE_LIMIT], "layout")
            if key == "locations":
                _add_city_sites(row, page, "site", catalog, sites)
                continue
            _add_system(cells[0], evidence, catalog, systems)
            for entity in analyse(row).ents:
                if entity.label_ == "REGION":
                    _add_region(entity.kb_id_, evidence, catalog, regions)
    kept: list[SystemRef] = []
    dropped: dict[str, list[str]] = {}
    for system in systems.values():
        owner = next((org for org in carved if _provided_by(system, org, catalog)), None)
        if owner is None:
            kept.append(system)
        elif not catalog.same_entity(system.name, owner):
            dropped.setdefault(owner, []).append(system.name)
    warnings = [
        f"{len(names)} component(s) provided by carved-out subservice organisation {owner} "
        f"are not counted as covered: {', '.join(names[:8])}{', ...' if len(names) > 8 else ''}"
        for owner, names in dropped.items()
    ]
    return tuple(kept), tuple(regions.values()), tuple(sites.values()), warnings


def _provided_by(system: SystemRef, org: str, catalog: Catalog) -> bool:
    """Whether a component is the carved-out organisation or one of its own products
    ("AWS Lambda" under a carved-out AWS; Salesforce Service Cloud under Salesforce, Inc.)."""
    if catalog.same_entity(system.name, org):
        return True
    tool = catalog.tool(system.catalog_id) if system.catalog_id else None
    if tool is not None and catalog.same_entity(tool.vendor, org):
        return True
    own = catalog.tool_by_alias(org)
    prefixes = soc_patterns().product_prefixes.get(own.id, ()) if own else ()
    keys = {catalog.normalise(org), *(catalog.normalise(a) for a in (own.aliases if own else ())),
            *(catalog.normalise(p) for p in prefixes)}
    printed = {catalog.normalise(system.name), catalog.normalise(system.matched_alias or "")}
    return any(name == key or name.startswith(key + " ") for name in printed for key in keys
               if key and name)


def _add_system(cell: str, evidence: Evidence, catalog: Catalog,
                out: dict[str, SystemRef]) -> None:
    name = squash(cell).strip(" .;,")
    if len(name) < 2 or not re.search(r"[A-Za-z]", name):
        return
    tool = catalog.tool_by_alias(name)
    if tool is not None:
        out.setdefault(tool.name, SystemRef(tool.name, evidence, tool.id, name))
    else:
        out.setdefault(name, SystemRef(name, evidence))


def _add_region(key: str, evidence: Evidence, catalog: Catalog,
                out: dict[str, RegionRef]) -> None:
    provider, code = key.split(":", 1)
    region = catalog.region(provider, code)
    if region is None:
        return
    name = f"{catalog.provider_label(provider)} {code}"
    out.setdefault(name, RegionRef(name, evidence, provider, code, region.country))
