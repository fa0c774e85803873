"""Custom spaCy components: catalog entities, list-aware sentences, and exclusions.

Scope is a sentence, not a bag of words: "excluding the Cebu site" must flip the result for
Cebu, so exclusion detection is a component with its own rule file (ConText's idea: a trigger,
a direction, a reach that ends at a terminator or the sentence end).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from scopegap.match.catalog import Catalog, load_catalog
from scopegap.resources import load_yaml

if not Span.has_extension("excluded_by"):
    Span.set_extension("excluded_by", default=None)
if not Doc.has_extension("exclusions"):
    Doc.set_extension("exclusions", default=[])

_BULLET = re.compile(r"^\s*(?:[•▪◦●■□◆\-–*§]|o\s|\(?[a-z0-9]{1,2}[.)]\s)")
_REGION_CODE = re.compile(r"\b[a-z]{2,}(?:-[a-z]+)+-?\d{1,2}[a-z]?\b|\b[a-z]{4,}\d?[a-z]*\d\b", re.I)


@dataclass
class ExclusionHit:
    """One exclusion trigger and the text it reaches (token offsets in the doc)."""

    trigger: Span
    reach: Span


@Language.factory("scopegap_lines")
def make_line_sentences(nlp: Language, name: str) -> LineSentences:
    return LineSentences()


class LineSentences:
    """Bulleted lines and lines after a full stop or colon start new sentences, so an
    exclusion in one bullet never reaches into the next."""

    def __call__(self, doc: Doc) -> Doc:
        for token in doc[1:]:
            previous = doc[token.i - 1]
            if "\n" not in previous.text_with_ws and not previous.is_space:
                continue
            line_end = doc.text.rfind("\n", 0, token.idx)
            before = doc.text[:line_end].rstrip()
            line = doc.text[token.idx : doc.text.find("\n", token.idx) % (len(doc.text) + 1)]
            if not before or before[-1] in ".:;!?" or _BULLET.match(line) or token.text in "•▪◦●■§":
                token.is_sent_start = True
        return doc


@Language.factory("scopegap_entities")
def make_entity_matcher(nlp: Language, name: str) -> EntityMatcher:
    return EntityMatcher(nlp, load_catalog())


class EntityMatcher:
    """Marks catalog tools (TOOL), cloud regions (REGION), providers (PROVIDER), cities (CITY),
    countries (COUNTRY) and jurisdictions (JURISDICTION). ``kb_id_`` holds the catalog key."""

    def __init__(self, nlp: Language, catalog: Catalog) -> None:
        self.catalog = catalog
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for label, key, phrases in catalog.phrase_patterns():
            self.matcher.add(f"{label}|{key}", list(nlp.tokenizer.pipe(phrases)))

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for match_id, start, end in self.matcher(doc):
            label, key = doc.vocab.strings[match_id].split("|", 1)
            span = Span(doc, start, end, label=label, kb_id=key)
            if label == "TOOL" and not self._tool_allowed(span, key):
                continue
            spans.append(span)
        for found in _REGION_CODE.finditer(doc.text):
            region = self.catalog.parse_region(found.group(0))
            span = doc.char_span(found.start(), found.end(), alignment_mode="expand")
            if region is None or span is None:
                continue
            provider = self._provider_near(span) or region.provider
            if provider != region.provider:
                other = self.catalog.parse_region(f"{provider} {found.group(0)}")
                if other is None:
                    continue
                region = other
            spans.append(Span(doc, span.start, span.end, label="REGION",
                              kb_id=f"{region.provider}:{region.code}"))
        doc.ents = filter_spans(spans)
        return doc

    def _tool_allowed(self, span: Span, tool_id: str) -> bool:
        """A generic alias ("Teams", "Flex") counts only with its vendor in the sentence."""
        tool = self.catalog.tool(tool_id)
        if tool is None or not self.catalog.is_generic_alias(tool, span.text):
            return True
        sentence = span.sent.text.casefold() if span.doc.has_annotation("SENT_START") else ""
        return any(token.casefold() in sentence for token in tool.vendor_tokens)

    def _provider_near(self, span: Span) -> str | None:
        window = span.doc.text[max(0, span.start_char - 40) : span.start_char]
        return self.catalog.provider_in(window)


@Language.factory("scopegap_exclusions")
def make_exclusion_detector(nlp: Language, name: str) -> ExclusionDetector:
    return ExclusionDetector(nlp, load_yaml("patterns/exclusions.yaml"))


class ExclusionDetector:
    """Sets ``span._.excluded_by`` on entities an exclusion trigger reaches and records every
    trigger with its reach in ``doc._.exclusions`` (a phrase may exclude things the catalog
    does not know, and the matcher still needs its words)."""

    def __init__(self, nlp: Language, rules: dict[str, Any]) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher.add("FORWARD", list(nlp.tokenizer.pipe(rules["forward"])))
        self.matcher.add("BACKWARD", list(nlp.tokenizer.pipe(rules["backward"])))
        self.terminators = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.terminators.add("END", list(nlp.tokenizer.pipe(rules["terminators"])))

    def __call__(self, doc: Doc) -> Doc:
        ends = sorted({start for _, start, _ in self.terminators(doc)})
        hits: list[ExclusionHit] = []
        triggers = filter_spans(
            [Span(doc, s, e, label=doc.vocab.strings[m]) for m, s, e in self.matcher(doc)]
        )
        for trigger in triggers:
            sentence = trigger.sent
            if trigger.label_ == "FORWARD":
                stop = min([i for i in ends if i >= trigger.end] + [sentence.end])
                stop = min([stop] + [t.start for t in triggers if t.start >= trigger.end])
                reach = doc[trigger.end : stop]
            else:
                begin = max([i + 1 for i in ends if i < trigger.start] + [sentence.start])
                begin = max([begin] + [t.end for t in triggers if t.end <= trigger.start])
                reach = doc[begin : trigger.start]
            if len(reach) == 0:
                continue
            hits.append(ExclusionHit(trigger, reach))
            for entity in doc.ents:
                if entity.start >= reach.start and entity.end <= reach.end:
                    entity._.excluded_by = trigger.text
        doc._.exclusions = hits
        return doc
