"""Custom spaCy components: catalog entities, list-aware sentences, and exclusions.

Scope is a sentence, not a bag of words: "excluding the Cebu site" must flip the result for
Cebu, so exclusion detection is a component with its own rule file (ConText's idea: a trigger,
a direction, a reach that ends at a terminator or the sentence end).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from spacy.about import __version__ as spacy_version
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token
from spacy.util import compile_infix_regex, filter_spans

from scopegap.nlp.lines import BULLET_LINE, HARD_BREAK_BEFORE
from scopegap.resources.startup_cache import cached

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it

if not Span.has_extension("excluded_by"):
    Span.set_extension("excluded_by", default=None)
if not Doc.has_extension("exclusions"):
    Doc.set_extension("exclusions", default=[])

_REGION_CODE = re.compile(
    r"\b[a-z]{2,}(?:-[a-z]+)+-?\d{1,2}[a-z]?\b|\b[a-z]{4,}\d?[a-z]*\d\b", re.IGNORECASE
)


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
    exclusion in one bullet never reaches into the next; a lower-case word after a full stop
    glued to a word starts none.

    A sentence never starts in lower case: such a full stop is a scan's speck read as one
    ("The Salesforce CRM. platform is excluded" lost the exclusion's subject) or an
    abbreviation the tokenizer does not know. Joined, an exclusion reaches its subject.
    """

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # built from every token on each access: once, not once a line
        starts: list[int] = []
        joins: list[int] = []
        for token in doc[1:]:
            if _after_stray_stop(doc, text, token):
                joins.extend(range(_stop_before(doc, token) + 1, token.i + 1))
                continue
            previous = doc[token.i - 1]
            if "\n" not in previous.text_with_ws and not previous.is_space:
                continue
            line_end = text.rfind("\n", 0, token.idx)
            before = text[:line_end].rstrip()
            line = text[token.idx : text.find("\n", token.idx) % (len(text) + 1)]
            starts_item = BULLET_LINE.match(line) or token.text in "•▪◦●■§"
            if not before or HARD_BREAK_BEFORE.search(before) or starts_item:
                starts.append(token.i)
        if starts or joins:
            # One write for all: Token.is_sent_start's setter scans every token of the doc
            # (its parse check) on each call. The column goes back as to_array gave it (uint64,
            # one dimension), which the stub does not describe; "starts none" is -1, which
            # the unsigned column holds as its largest value (spaCy reads it back signed).
            column = doc.to_array([SENT_START])
            column[starts] = 1
            column[joins] = (1 << 64) - 1
            doc.from_array([SENT_START], column)  # type: ignore[arg-type]
        return doc


def _stop_before(doc: Doc, token: Token) -> int:
    """The index of the last token before ``token`` that is not blank space."""
    index = token.i - 1
    while index > 0 and doc[index].is_space:
        index -= 1
    return index


def _after_stray_stop(doc: Doc, text: str, token: Token) -> bool:
    """Whether ``token`` is a lower-case word after a full stop glued to a word ("CRM.
    platform"), on its line or a later one (OCR reads a paragraph break as readily as a
    speck): no sentence starts there. A line that opens a list item ("a) ...", "o ...")
    still starts one. ``text`` is ``doc.text``."""
    if not (token.is_alpha and token.text[:1].islower()):
        return False
    stop = _stop_before(doc, token)
    if stop < 1 or doc[stop].text != "." or doc[stop - 1].whitespace_ \
            or not doc[stop - 1].is_alpha:
        return False
    if "\n" not in text[doc[stop].idx + 1 : token.idx]:
        return True
    return not BULLET_LINE.match(text[token.idx : token.idx + 8])


# The words after a city that may qualify it: ", MA", ", Texas", ", New South Wales".
_QUALIFIER = re.compile(r"[ \t]*,[ \t]*((?:[A-Z][\w.]*)(?:[ \t]+[A-Z][\w.]*){0,2})")


# "Five9(R)", "Genesys Cloud CX(TM)": a typed trademark glued to a name must be its own token
# or the name's phrase pattern cannot match.
_GLUED_MARK = r"(?<=[\w.])\((?=(?:[Rr]|TM|tm|SM|sm)(?:\)|$))"

# One matcher rule: its key ("TOOL|zoom") and each phrase as the LOWER hashes of its tokens.
PhraseRule = tuple[str, tuple[tuple[int, ...], ...]]
_Infix = TypeVar("_Infix")


def with_glued_marks(infixes: Iterable[_Infix] | None) -> list[_Infix | str]:
    """A language's infixes plus the glued-trademark split (once)."""
    entries: list[_Infix | str] = list(infixes or ())
    return entries if _GLUED_MARK in entries else [*entries, _GLUED_MARK]


# "Microsoft Teams¹", "Genesys Cloud CX†": a footnote mark glued to a name is its own token.
_FOOTNOTE_MARK = r"[\u00b9\u00b2\u00b3\u2070-\u2079\u2020\u2021]+"


def with_footnote_marks(suffixes: Iterable[str | re.Pattern[Any]] | None,
                        ) -> list[str | re.Pattern[Any]]:
    """A language's suffixes plus the glued footnote mark (once)."""
    entries: list[str | re.Pattern[Any]] = list(suffixes or ())
    return entries if _FOOTNOTE_MARK in entries else [*entries, _FOOTNOTE_MARK]


@Language.factory("scopegap_entities")
def make_entity_matcher(nlp: Language, name: str) -> EntityMatcher:
    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer):
        finditer = compile_infix_regex(with_glued_marks(nlp.Defaults.infixes)).finditer
        # Setting it reloads every tokenizer exception (~50 ms); pipeline() builds the
        # tokenizer with these infixes already, and re.compile hands back the same pattern.
        if tokenizer.infix_finditer != finditer:
            tokenizer.infix_finditer = finditer
    return EntityMatcher(nlp)


def entity_rules(nlp: Language, catalog: Catalog) -> tuple[PhraseRule, ...]:
    """The catalog's phrase patterns, tokenised by ``nlp`` as the matcher compares them.

    Tokenising some 5,000 phrases is a fifth of the one-page budget, and the result depends
    only on the catalog and the tokenizer, so ``make_entity_matcher`` keeps it in the
    start-up cache. ``PhraseMatcher.add`` takes these hash tuples as it takes the docs.
    """
    return tuple(
        (f"{label}|{key}", tuple(tuple(token.lower for token in nlp.make_doc(p)) for p in phrases))
        for label, key, phrases in catalog.phrase_patterns()
    )


def _tokenizer_signature(nlp: Language) -> str:
    """What the tokens of a phrase depend on besides the catalog: spaCy, the language and its
    tokenizer's affix patterns and exceptions (a pipeline other than ours gets its own key)."""
    tokenizer = nlp.tokenizer
    parts = [f"spacy {spacy_version}", f"{type(nlp).__module__}.{type(nlp).__qualname__}",
             str(nlp.lang), type(tokenizer).__qualname__]
    if isinstance(tokenizer, Tokenizer):
        for function in (tokenizer.prefix_search, tokenizer.suffix_search,
                         tokenizer.infix_finditer, tokenizer.token_match, tokenizer.url_match):
            parts.append(str(getattr(getattr(function, "__self__", None), "pattern", function)))
        parts.append("\x1f".join(sorted(tokenizer.rules or ())))
    return "\x1e".join(parts)


class EntityMatcher:
    """Marks catalog tools (TOOL), cloud regions (REGION), providers (PROVIDER), cities (CITY),
    countries (COUNTRY) and jurisdictions (JURISDICTION). ``kb_id_`` holds the catalog key.

    The catalog is handed in (``use_catalog``, or the constructor), never loaded here."""

    def __init__(self, nlp: Language, catalog: Catalog | None = None,
                 rules: Sequence[PhraseRule] | None = None) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._catalog = catalog
        self.word_hashes: frozenset[int] = frozenset()  # each phrase word's lower-case hash
        if catalog is not None:
            self._add_rules(nlp, catalog, rules)

    def use_catalog(self, nlp: Language, catalog: Catalog) -> None:
        """Match ``catalog``'s phrases (tokenised once, kept in the start-up cache)."""
        rules = cached("entity-rules", tuple, lambda: entity_rules(nlp, catalog),
                       extra=_tokenizer_signature(nlp))
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._catalog = catalog
        self._add_rules(nlp, catalog, rules)

    def _add_rules(self, nlp: Language, catalog: Catalog,
                   rules: Sequence[PhraseRule] | None) -> None:
        hashes: set[int] = set()
        for key, phrases in entity_rules(nlp, catalog) if rules is None else rules:
            # Attribute tuples, as PhraseMatcher's own unpickling adds them (the stub says Docs).
            self.matcher.add(key, list(phrases))  # type: ignore[arg-type]
            hashes.update(word for phrase in phrases for word in phrase)
        self.word_hashes = frozenset(hashes)

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            raise RuntimeError("scopegap_entities has no catalog: call "
                               "scopegap.nlp.pipeline.use_catalog(nlp, catalog) first")
        return self._catalog

    def __call__(self, doc: Doc) -> Doc:
        # Doc.text and Doc.has_annotation walk every token on each call: once per document.
        text = doc.text
        sentences = doc.has_annotation("SENT_START")
        spans: list[Span] = []
        for match_id, start, end in self.matcher(doc):
            label, key = doc.vocab.strings[match_id].split("|", 1)
            span = Span(doc, start, end, label=label, kb_id=key)
            if label == "TOOL" and not self._tool_allowed(span, key, sentences):
                continue
            spans.append(span)
        for found in _REGION_CODE.finditer(text):
            region = self.catalog.parse_region(found.group(0))
            code_span = doc.char_span(found.start(), found.end(), alignment_mode="expand")
            if region is None or code_span is None:
                continue
            provider = self._provider_near(text, code_span) or region.provider
            if provider != region.provider:
                other = self.catalog.parse_region(f"{provider} {found.group(0)}")
                if other is None:
                    continue
                region = other
            spans.append(Span(doc, code_span.start, code_span.end, label="REGION",
                              kb_id=f"{region.provider}:{region.code}"))
        spans = [s for s in spans if s.label_ != "REGION" or self._provider_agrees(s)]
        spans = [q for s in spans if (q := self._qualified_city(s, text)) is not None]
        spans = self._drop_hosting_platforms(filter_spans(spans))
        doc.ents = spans
        return doc

    def _qualified_city(self, span: Span, text: str) -> Span | None:
        """A city followed by a state, a province or a country of another country is that
        country's namesake ("Cambridge, MA", "Paris, Texas", "London, Ontario", "Valencia,
        Venezuela"): the catalog's town of that name there, or no catalogued city at all
        (reading it as Cambridge, England was a false "covered")."""
        if span.label_ != "CITY":
            return span
        qualifier = _QUALIFIER.match(text, span.end_char)
        if qualifier is None:
            return span
        words = qualifier.group(1).split()
        countries: frozenset[str] = frozenset()
        for size in range(len(words), 0, -1):  # "New South Wales" before "New"
            name = " ".join(words[:size])
            countries = self.catalog.subdivision_countries(name)
            country = self.catalog.country_code(name) if len(name) > 3 else None
            if not countries and country is not None and not self.catalog.cities_named(name):
                # a country after the city ("Valencia, Venezuela"), not the next item of a
                # list of cities ("London, Singapore and Sydney")
                countries = frozenset({country})
            if countries:
                break
        if not countries or span.kb_id_.split(":", 1)[0] in countries:
            return span
        for country in sorted(countries):
            city = self.catalog.city(span.text, country=country)
            if city is not None:
                return Span(span.doc, span.start, span.end, label="CITY",
                            kb_id=f"{country}:{city.name}")
        return None

    def _provider_agrees(self, span: Span) -> bool:
        """"Azure France Central" is not OCI's "France Central (Paris)": a region whose
        text is preceded by another provider's name is that provider's or nothing."""
        named = self.catalog.provider_in(span.text)
        window = span.doc[max(0, span.start - 3) : span.start].text
        before = self.catalog.provider_in(window) if window.strip() else None
        provider = span.kb_id_.split(":", 1)[0]
        return (named or before or provider) == provider

    def _drop_hosting_platforms(self, spans: list[Span]) -> list[Span]:
        """"hosted in AWS eu-west-2": AWS names the hosting provider of a region here,
        not a system in scope, so the platform is not reported as a tool."""
        regions = [s for s in spans if s.label_ == "REGION"]
        kept: list[Span] = []
        for span in spans:
            if span.label_ == "TOOL":
                tool = self.catalog.tool(span.kb_id_)
                hosting = tool is not None and tool.category == "cloud_platform"
                provider = self.catalog.provider_in(span.text) if hosting else None
                if provider and any(
                    r.kb_id_.startswith(provider + ":") and r.sent == span.sent for r in regions
                ):
                    continue
            kept.append(span)
        return kept

    def _tool_allowed(self, span: Span, tool_id: str, sentences: bool) -> bool:
        """A generic alias ("Teams", "Flex") counts only with its vendor in the sentence; a
        one-word name printed in lower case where the product's is capitalised ("slack
        periods", "gladly", "zoom in") is an ordinary word, not the product."""
        tool = self.catalog.tool(tool_id)
        if tool is not None and len(span) == 1 and span.text.islower() \
                and span.text not in tool.names:
            return False
        if tool is None or not self.catalog.is_generic_alias(tool, span.text):
            return True
        if span.text[:1].islower():
            return False  # "products, teams, and ISMS": an ordinary word, not the product
        sentence = span.sent.text if sentences else span.text
        return any(
            re.search(rf"(?<!\w){re.escape(token)}(?!\w)", sentence, re.IGNORECASE)
            for token in tool.vendor_tokens
        )

    def _provider_near(self, text: str, span: Span) -> str | None:
        window = text[max(0, span.start_char - 40) : span.start_char]
        return self.catalog.provider_in(window)


@Language.factory("scopegap_exclusions")
def make_exclusion_detector(nlp: Language, name: str, forward: list[str],
                            backward: list[str], terminators: list[str],
                            bracketed: list[str] | None = None,
                            copulas: list[str] | None = None,
                            list_joiners: list[str] | None = None,
                            origin: list[str] | None = None,
                            destinations: list[str] | None = None,
                            footnote_marks: list[str] | None = None) -> ExclusionDetector:
    """Phrases come from the component's config (``pipeline.exclusion_config``: the rule file
    models/patterns/exclusions.yaml), so they travel with ``nlp.to_disk``/``spacy.load``."""
    return ExclusionDetector(nlp, {"forward": forward, "backward": backward,
                                   "bracketed": bracketed or [], "terminators": terminators,
                                   "copulas": copulas or [], "list_joiners": list_joiners or [],
                                   "origin": origin or [], "destinations": destinations or [],
                                   "footnote_marks": footnote_marks or []})


class ExclusionDetector:
    """Sets ``span._.excluded_by`` on entities an exclusion trigger reaches and records every
    trigger with its reach in ``doc._.exclusions`` (a phrase may exclude things the catalog
    does not know, and the matcher still needs its words)."""

    def __init__(self, nlp: Language, rules: dict[str, Any]) -> None:
        # matched on the norm, the lower case but for contractions: "isn't", "isn’t" and
        # "is not" are one phrase (a contracted negation read as no trigger was a false
        # "covered")
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        bracketed = rules.get("bracketed", [])
        origin = rules.get("origin", [])
        self.copulas = frozenset(word.lower() for word in rules.get("copulas", []))
        self.list_joiners = frozenset(word.lower() for word in rules.get("list_joiners", []))
        self.destinations = frozenset(word.lower() for word in rules.get("destinations", []))
        self.footnote_marks = frozenset(rules.get("footnote_marks", []))
        triggers = [nlp.make_doc(p) for p in (*rules["forward"], *rules["backward"], *origin,
                                              *bracketed)]
        after_forward = len(rules["forward"])
        after_backward = after_forward + len(rules["backward"])
        after_origin = after_backward + len(origin)
        self.matcher.add("FORWARD", triggers[:after_forward])
        self.matcher.add("BACKWARD", triggers[after_forward:after_backward])
        if origin:
            self.matcher.add("ORIGIN", triggers[after_backward:after_origin])
        if bracketed:
            self.matcher.add("BRACKETED", triggers[after_origin:])
        # Each trigger as the normalised tokens it is matched on (a cheap test of text); a
        # bracketed status word counts only after its bracket, so "(" is one of its tokens.
        self.phrases = tuple(
            (("(",) if index >= after_origin else ()) + tuple(token.norm_ for token in doc)
            for index, doc in enumerate(triggers))
        self.terminators = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.terminators.add("END", [nlp.make_doc(p) for p in rules["terminators"]])

    def __call__(self, doc: Doc) -> Doc:
        ends = sorted({start for _, start, _ in self.terminators(doc)})
        hits: list[ExclusionHit] = []
        triggers = [t for t in filter_spans(
            [Span(doc, s, e, label=doc.vocab.strings[m]) for m, s, e in self.matcher(doc)]
        ) if t.label_ != "BRACKETED" or _opens_bracket(doc, t)]
        for trigger in triggers:
            sentence = trigger.sent
            opened, closed = _enclosing_brackets(doc, sentence.start, sentence.end, trigger)
            before = _qualified_by_bracket(doc, trigger, opened, sentence.start,
                                           self.list_joiners)
            if before is not None:
                reach = before  # "Cebu (not certified)", "Cebu (sales only, not in scope)"
            elif trigger.label_ in ("FORWARD", "ORIGIN"):
                if sentence.end < len(doc) and all(
                        t.is_space for t in doc[trigger.end : sentence.end]):
                    # "Excluded from the scope:" or "exceto" at a line's end: what it
                    # excludes is the next line, which the line splitter made a sentence
                    sentence = doc[sentence.end].sent
                    closed = sentence.end
                stop = min([i for i in ends if i >= trigger.end] + [sentence.end, closed])
                stop = min([stop] + [t.start for t in triggers if t.start >= trigger.end])
                if trigger.label_ == "ORIGIN":  # "migrated from Five9 to Genesys Cloud CX":
                    stop = next((t.i for t in doc[trigger.end : stop]  # where it went stays
                                 if t.lower_ in self.destinations), stop)
                reach = doc[trigger.end : stop]
                if _subject_before(doc, trigger, self.copulas):
                    # "Okta is excluded from the scope:" (a scan's full stop read as a colon):
                    # the subject before it is taken out as well as what follows
                    self._reach_back(doc, trigger, triggers, ends, opened, hits)
            else:
                reach = self._back(doc, trigger, triggers, ends, opened)
            if len(reach) == 0:
                continue
            hits.append(ExclusionHit(trigger, reach))
            _mark(doc, reach, trigger)
            for name in self._footnoted(doc, trigger):
                hits.append(ExclusionHit(trigger, name))
                _mark(doc, name, trigger)
        doc._.exclusions = hits
        return doc

    def _footnoted(self, doc: Doc, trigger: Span) -> list[Span]:
        """The names carrying the footnote mark that opens the trigger's note ("* Excluded
        from the scope of certification." for "Microsoft Teams*"): the note excludes them
        though it names none of them."""
        opening = [t for t in doc[trigger.sent.start : trigger.start] if not t.is_space]
        if len(opening) != 1 or opening[0].text not in self.footnote_marks:
            return []
        mark = opening[0]
        return [entity for entity in doc.ents
                if entity.end < len(doc) and entity.end != mark.i
                and doc[entity.end].text == mark.text and not doc[entity.end - 1].whitespace_]

    @staticmethod
    def _back(doc: Doc, trigger: Span, triggers: Sequence[Span], ends: Sequence[int],
              opened: int) -> Span:
        """What a backward trigger reaches: back to a terminator, the sentence's start, the
        bracket it is in, or the trigger before it."""
        begin = max([i + 1 for i in ends if i < trigger.start]
                    + [trigger.sent.start, opened])
        begin = max([begin] + [t.end for t in triggers if t.end <= trigger.start])
        return doc[begin : trigger.start]

    def _reach_back(self, doc: Doc, trigger: Span, triggers: Sequence[Span],
                    ends: Sequence[int], opened: int, hits: list[ExclusionHit]) -> None:
        reach = self._back(doc, trigger, triggers, ends, opened)
        if len(reach):
            hits.append(ExclusionHit(trigger, reach))
            _mark(doc, reach, trigger)


def _subject_before(doc: Doc, trigger: Span, copulas: frozenset[str]) -> bool:
    """"… is excluded from the scope:": a forward trigger ending in a colon after a copula."""
    return trigger[-1].text == ":" and trigger.start > 0 and \
        doc[trigger.start - 1].lower_ in copulas


def _mark(doc: Doc, reach: Span, trigger: Span) -> None:
    """Set ``excluded_by`` on every entity the reach overlaps."""
    for entity in doc.ents:
        # overlap, not inclusion: a name the sentencizer split ("Observe.AI" ends a sentence
        # at its dot) is excluded whole, never covered by its other half
        if entity.start < reach.end and entity.end > reach.start:
            entity._.excluded_by = trigger.text


def _opens_bracket(doc: Doc, trigger: Span) -> bool:
    """A status word that is the first of a bracket ("(planned)", "(closed 2025)")."""
    return trigger.start > 0 and doc[trigger.start - 1].text == "("


def _qualified_by_bracket(doc: Doc, trigger: Span, opened: int, start: int,
                          joiners: frozenset[str]) -> Span | None:
    """The name a bracketed status qualifies: a backward trigger or status word inside a
    bracket with no name of its own before it ("Manila and Cebu (not certified)") takes out
    the name just before the bracket, never the rest of the sentence (Manila stays)."""
    if trigger.label_ == "FORWARD" and not (
            trigger.end < len(doc) and doc[trigger.end].text == ")"):
        return None  # "(excluding Cebu)" takes out what follows it in the bracket
    if doc[trigger.start].text == "(":
        bracket = trigger.start  # "( excluded )" written with its brackets
    elif opened > start and doc[opened - 1].text == "(":
        bracket = opened - 1
        if any(e.start >= opened and e.end <= trigger.start for e in doc.ents):
            return None  # "X (Y is not in scope)": the bracket's own Y
    else:
        return None
    # the last name before the bracket in its clause ("Cebu site (…)", "Cebu operated by
    # PLDT (colocation, excluded)") and the names listed with it ("Five9 and Talkdesk (not
    # in scope)" may say it of both: both are taken out)
    names = [e for e in doc.ents if start <= e.start and e.end <= bracket]
    if not names:
        return None
    first = len(names) - 1
    if any(t.is_punct or t.lower_ in joiners for t in doc[names[first].end : bracket]):
        return None
    while first > 0 and 0 < names[first].start - names[first - 1].end <= 2 and all(
            t.lower_ in joiners for t in doc[names[first - 1].end : names[first].start]):
        first -= 1
    return doc[names[first].start : bracket]



def _enclosing_brackets(doc: Doc, start: int, end: int, trigger: Span) -> tuple[int, int]:
    """The token range of the parenthesis around ``trigger`` within ``start:end`` (the whole
    range when there is none): "X (Y is not in scope)" takes out Y, never X."""
    opened, depth = start, 0
    for index in range(trigger.start - 1, start - 1, -1):
        text = doc[index].text
        if text == ")":
            depth += 1
        elif text == "(":
            if depth == 0:
                opened = index + 1
                break
            depth -= 1
    if opened == start:
        return start, end
    closed, depth = end, 0
    for index in range(trigger.end, end):
        text = doc[index].text
        if text == "(":
            depth += 1
        elif text == ")":
            if depth == 0:
                closed = index
                break
            depth -= 1
    return opened, closed
