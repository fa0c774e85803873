"""What a SOC report takes out of its scope, per item, with the phrase as evidence.

The same exclusion phrases as certificates (``models/patterns/exclusions.yaml``, the nlp
exclusion component) run over the auditor's report and the system description. A carve-out
is not an exclusion: a sentence that names a subservice organisation, or speaks of
subservice organisations at all, is left to ``subservice.py`` (the organisation is
``carved_out``, never ``excluded``). "The Mobile services including the Mobile SDK are not in
scope" takes out both: a backward phrase whose reach starts after "including" reaches back
over it to the head of the list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from scopegap.domain import Evidence, Exclusion, SubserviceOrg
from scopegap.extract.places import cities_in
from scopegap.extract.soc.patterns import NOT_COMPONENT_SECTIONS, soc_patterns
from scopegap.extract.soc.sections import DocLine, Outline, heading_text
from scopegap.ingest.text import EVIDENCE_LIMIT, PagedText, squash

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it

# Words that join a list's head to its members ("X services including Y").
_LIST_JOINERS = frozenset({"including", "include", "includes", "such"})
_FOLLOWING = re.compile(r"\bthe\s+following\b", re.IGNORECASE)


def scope_lines(report: Outline) -> list[list[DocLine]]:
    """The auditor's report and the system description, without the opinion (its "except
    for" qualifies the opinion) and the subservice, CSOC and CUEC sub-sections (their
    "excluded" means carved out or the user's duty)."""
    skip: set[int] = set()
    for key in (*NOT_COMPONENT_SECTIONS, "opinion"):
        section = report.get(key)
        if section is not None:
            skip.update(range(section.start, section.end))
    blocks = []
    for key in ("auditor_report", "description"):
        section = report.get(key)
        if section is None:
            continue
        blocks.append([line for line in report.body(section) if line.index not in skip])
    return [b for b in blocks if b]


def find_exclusions(report: Outline, catalog: Catalog,
                    orgs: Sequence[SubserviceOrg]) -> tuple[Exclusion, ...]:
    from scopegap.nlp.pipeline import analyse, exclusion_passages

    found: list[Exclusion] = []
    for block in scope_lines(report):
        lines = exclusion_passages(block, catalog)  # the passages that can exclude anything
        if not lines:
            continue
        text = PagedText.of(lines)
        doc = analyse(text.text, catalog)
        for hit in doc._.exclusions:
            sentence = squash(_own_sentence(text.text, hit.trigger.sent.start_char,
                                            hit.trigger.sent.end_char, hit.trigger.start_char))
            if _about_subservice(sentence, orgs, catalog) or \
                    soc_patterns().opinion_start.search(sentence) or \
                    soc_patterns().attestation.search(sentence):
                # "except for" qualifies an opinion; "Engagements Other Than Audits" is the
                # title of the standard the examination followed
                continue
            reach = hit.reach
            if hit.trigger.start >= hit.reach.end:  # a backward phrase
                reach = _announced_list(doc, hit.trigger, reach) or \
                    _colon_list(doc, hit.trigger) or \
                    _after_list_lines(doc, text.text, _widened(doc, reach))
            targets = _targets(doc, reach, catalog)
            if not targets:
                continue
            start = min(hit.trigger.start_char, reach.start_char)
            end = max(hit.trigger.end_char, reach.end_char)
            phrase = squash(doc.text[start:end]).strip(" ,;:")
            evidence = text.evidence(start, end, sentence[:EVIDENCE_LIMIT])
            found.append(Exclusion(text=phrase, evidence=evidence, targets=tuple(targets)))
    return tuple(found)


def _own_sentence(lined: str, start: int, end: int, trigger: int) -> str:
    """The sentence of an exclusion phrase, begun after the last section heading above the
    phrase: a table with no full stop (a "Primary Infrastructure" table naming the cloud
    host) otherwise runs into the next section's first sentence. ``lined`` is the passage's
    text with its line breaks."""
    headings = soc_patterns().headings
    cut = start
    line_start = start
    while True:
        newline = lined.find("\n", line_start, trigger)
        if newline < 0:
            break
        if headings.any_heading.fullmatch(heading_text(lined[line_start:newline].strip(),
                                                       headings)):
            cut = newline + 1
        line_start = newline + 1
    return lined[cut:end]


def _about_subservice(sentence: str, orgs: Sequence[SubserviceOrg], catalog: Catalog) -> bool:
    if soc_patterns().subservice_cue.search(sentence):
        return True
    folded = catalog.normalise(sentence)
    for org in orgs:
        names = {org.name, re.sub(r"\s*\(.*?\)", "", org.name)}
        tool = catalog.tool_by_alias(re.sub(r"\s*\(.*?\)", "", org.name))
        if tool is not None:
            names |= {tool.name, *tool.aliases}
        for name in names:
            key = catalog.normalise(name)
            if key and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", folded):
                return True
    return False


_BULLET_TOKEN = re.compile(r"[•▪◦●■\-–*\uf0b7\uf0a7]")


def _announced_list(doc: Doc, trigger: Span, reach: Span) -> Span | None:
    """"The following services are excluded from the scope of this report: A; B." names
    its targets after the colon, not in "the following services"."""
    if not _FOLLOWING.search(reach.text):
        return None
    sentence = trigger.sent
    colon = next((t.i for t in doc[trigger.end : sentence.end] if t.text == ":"), None)
    if colon is None:
        return None
    return _list_after(doc, trigger, colon)


def _colon_list(doc: Doc, trigger: Span) -> Span | None:
    """A backward phrase that ends in a colon points forward, like a label: "Services
    outside the boundaries of the system: A and B." takes out A and B, not the lines above."""
    if trigger.end >= len(doc) or doc[trigger.end].text != ":":
        return None
    return _list_after(doc, trigger, trigger.end)


def _list_after(doc: Doc, trigger: Span, colon: int) -> Span | None:
    """What a colon after an exclusion phrase announces: the rest of its sentence, or the
    next sentence and the bulleted lines after it when the colon ends the line."""
    sentence = trigger.sent
    if any(not t.is_space for t in doc[colon + 1 : sentence.end]):
        return doc[colon + 1 : sentence.end]
    # the colon ends its line, and with it the sentence: the list is what follows, one
    # sentence ("A; B.") or a run of bulleted lines
    if sentence.end >= len(doc):
        return None
    end = doc[sentence.end].sent.end
    while end < len(doc) and _BULLET_TOKEN.fullmatch(doc[end].text):
        end = doc[end].sent.end
    return doc[sentence.end : end]


_BULLET_LEAD = re.compile(r"^\s*[•▪◦●■\uf0b7\uf0a7]\s*")  # a bulleted item's glyph
_ITEM_LINE = re.compile(r"[A-Z0-9][^\n.,;:!?]{0,60}")


def _after_list_lines(doc: Doc, lined: str, reach: Span) -> Span:
    """A backward reach starts after the headings and the list that precede its sentence: a
    list whose bullets are graphics runs into the sentence (no full stop ends an item), and
    its items ("Document Vault" on a line of its own, a table row of a few words) are what
    the scope covers, not what it takes out. Only two or more such lines, or one bulleted
    line, make a list: one short line is as likely a name wrapped in two ("Verint Workforce"
    / "Engagement is ...").
    ``lined`` is the document's text with its line breaks (the same offsets as ``doc``)."""
    headings = soc_patterns().headings
    start = reach.start_char
    first_item: int | None = None
    items = 0
    while True:
        newline = lined.find("\n", start, reach.end_char)
        if newline < 0:
            break
        raw = lined[start:newline].strip()
        line = _BULLET_LEAD.sub("", raw)
        following = _BULLET_LEAD.sub("", lined[newline + 1 : newline + 4])[:1]
        if headings.any_heading.fullmatch(heading_text(line, headings)):
            start = newline + 1  # a section heading: never part of the sentence
            continue
        if not _ITEM_LINE.fullmatch(line) or len(line.split()) > 8 or \
                not following.isupper():
            break  # a sentence wrapped onto the next line, not a list item or table row
        if first_item is None:
            first_item = start
        items += 2 if line != raw else 1  # a bullet glyph makes even one line an item
        start = newline + 1
    if items < 2 and first_item is not None:
        start = first_item
    if start <= reach.start_char:
        return reach
    trimmed = doc.char_span(start, reach.end_char, alignment_mode="expand")
    return trimmed if trimmed is not None and len(trimmed) else reach


def _widened(doc: Doc, reach: Span) -> Span:
    """A backward reach cut at "including" takes in the list's head before it."""
    before = reach.start - 1
    while before >= reach.sent.start and doc[before].is_punct:
        before -= 1
    if before < reach.sent.start or doc[before].lower_ not in _LIST_JOINERS:
        return reach
    return doc[reach.sent.start : reach.end]


def _targets(doc: Doc, reach: Span, catalog: Catalog) -> list[str]:
    targets: list[str] = []
    previous: Span | None = None
    qualifiers: list[tuple[int, int]] = []  # reach offsets of the ", India" after "Noida"
    for entity in doc.ents:
        if entity.start >= reach.start and entity.end <= reach.end:
            comma = _qualifies_city(doc, previous, entity, reach.start)
            if comma is not None:
                # "the office in Noida, India": India only says where Noida is
                qualifiers.append((doc[comma].idx - reach.start_char,
                                   entity.end_char - reach.start_char))
                town = _qualified_town(doc, comma, entity, reach.start, catalog)
                if town is not None and town not in targets:
                    targets.append(town)  # "Reading, United Kingdom": too plain a word to
                continue  # spot alone in running text, named here beyond doubt
            previous = entity
            tool = catalog.tool(entity.kb_id_) if entity.label_ == "TOOL" else None
            targets.append(tool.name if tool else entity.text)
    for city, _ in cities_in(reach.text, catalog):  # "the office in Austin, Texas": Austin
        if city not in targets:
            targets.append(city)
    words = reach.text
    for begin, end in reversed(qualifiers):
        words = words[:begin] + words[end:]
    for part in re.split(r"\s*(?:;|,|\band\b|\bincluding\b)\s*", words):
        name = squash(part).strip(" .,;:()")
        name = re.sub(r"^(?:the|this|these|our|its)\s+", "", name, flags=re.IGNORECASE)
        if name and re.search(r"[A-Za-z]", name) and name not in targets:
            targets.append(name)
    return targets


def _qualified_town(doc: Doc, comma: int, country: Span, floor: int,
                    catalog: Catalog) -> str | None:
    """The catalog's city of that country whose name is the capitalised words before the
    comma ("Reading" in "Reading, United Kingdom", "Milton Keynes" in "Milton Keynes, UK"),
    longest first; None when none is."""
    if country.label_ != "COUNTRY":
        return None
    words: list[str] = []
    index = comma - 1
    while index >= floor and len(words) < 4 and doc[index].is_title:
        words.insert(0, doc[index].text)
        index -= 1
    for size in range(len(words), 0, -1):
        city = catalog.city(" ".join(words[-size:]), country=country.kb_id_)
        if city is not None:
            return city.name
    return None


def _qualifies_city(doc: Doc, city: Span | None, entity: Span, floor: int) -> int | None:
    """The token where ``entity`` starts qualifying a town as its country or state ("Noida,
    India"; "Reading, United Kingdom" too, where "Reading" is no known city): the comma
    after a capitalised place name that is no country itself ("Germany, France" is a list)."""
    if entity.label_ not in ("COUNTRY", "JURISDICTION", "STATE"):
        return None
    if city is not None and city.label_ == "CITY" and \
            all(t.text == "," or t.is_space for t in doc[city.end : entity.start]):
        return city.end
    comma = entity.start - 1
    if comma - 1 < floor or doc[comma].text != ",":
        return None
    before = doc[comma - 1]
    return comma if before.is_title and before.ent_type_ not in ("COUNTRY", "JURISDICTION") \
        else None


def table_exclusions(rows: Sequence[tuple[int, list[str]]]) -> tuple[Exclusion, ...]:
    """Rows of a scope table whose in-scope column says "No" ("Legacy CRM | ... | No")."""
    found: list[Exclusion] = []
    for page, cells in rows:
        if len(cells) >= 2 and soc_patterns().out_of_scope_cell.fullmatch(cells[-1].strip()):
            row = " | ".join(cells)
            found.append(Exclusion(text=row, evidence=Evidence(page, squash(row), "layout"),
                                   targets=(squash(cells[0]),)))
    return tuple(found)
