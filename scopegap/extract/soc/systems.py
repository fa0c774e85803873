"""The systems a SOC report's scope names in prose, and the offerings it lists under them.

Many reports have no component table for their own product: the auditor's report names it
("description of its Acme Cloud system", "the controls within the Acme Platform (the
Platform)", "the scope of this report includes only Acme's A and B systems") and the
description lists what the product is made of ("The API Suite includes: • Voice API: ...").
Cue phrases live in models/patterns/soc.yaml (``system_scope``, ``offering_intro``).

Conservative by design: only a name the scope sentence itself carries becomes a system, so
services that a company overview mentions stay out; an offering counts only under a system
so named, and it is reported under the holder's brand only when that system carries it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache, partial
from typing import TYPE_CHECKING

from scopegap.domain import Evidence, SystemRef
from scopegap.extract.patterns import FLAGS
from scopegap.extract.soc.patterns import SocPatterns, soc_patterns
from scopegap.extract.soc.sections import heading_text
from scopegap.ingest.anchored import anchored, fold
from scopegap.ingest.text import EVIDENCE_LIMIT, PagedText, squash

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it

_OWNER = re.compile(r"^(?P<owner>[A-Z][\w.&\-]*(?:\s+[A-Z][\w.&\-]*){0,3}(?:,?\s+Inc\.?)?)"
                    r"[’'][sS]\s+(?P<rest>.+)$", re.DOTALL)
_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_MARKS = re.compile(r"[®™©]")
_LEAD = re.compile(r"^(?:(?:the|both|only|its|their)\s+)+", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[•▪◦●■\-–*]|\d{1,2}[.)])\s+(?P<item>\S.*)$")
_ITEM_NAME = re.compile(r"^(?P<name>[^:–—]{2,60}?)\s*(?::|\s[–—-]\s|$)")
# A list item whose bullet is a graphic, written "Name: what it does".
_TERM = re.compile(r"^\s*(?P<name>[A-Z0-9][^:–—]{1,50}?):\s+\S")
_CONTENTS = re.compile(r"\.{5,}|…{2,}")
_ITS = re.compile(r"\bits\s+$", re.IGNORECASE)
# "the A and B services": a plural kind word after the last name of a list is not a name.
_GENERIC_TAIL = re.compile(r"(?<=\w)\s+(?:services|products|modules|applications|solutions)$")
_CONNECTORS = frozenset({"of", "for", "and", "&", "by", "on", "with", "to"})


def scope_systems(whole: PagedText, catalog: Catalog, holder: str | None) -> list[SystemRef]:
    """The systems the report's scope sentences name, first mention first."""
    patterns = soc_patterns()
    found: dict[str, SystemRef] = {}
    # a report repeats its scope sentence: each name is compared with the holder once
    is_holder = cache(partial(_is_holder, holder=holder, catalog=catalog))
    text, folded, mask = _holder_masked(whole, holder)
    for pattern in patterns.system_scope:
        for match in anchored(pattern).finditer(text, folded):
            if _CONTENTS.search(_line_at(text, match.start())):
                continue  # a table-of-contents entry: the report's own sentence is evidence
            raw = match.group("names")
            if mask and mask in raw:  # "(the holder)'s Acme Flow": the product only
                raw = re.sub(rf"{mask}+(?:[’']s\b)?", " ", raw).strip()
            evidence = whole.evidence(match.start("names"), match.end("names"))
            # "description of its Acme Cloud": the holder's product, even when the company
            # bears the same name (Acme Cloud Corp.)
            owned = bool(_ITS.search(whole.text[max(0, match.start("names") - 5) :
                                                match.start("names")]))
            for name in _names(raw, patterns, catalog, holder, is_holder, owned):
                add_system(name, evidence, catalog, found)
    for start, end in _said_in_scope(text, folded, patterns):
        evidence = whole.evidence(start, end)
        for name in _names(text[start:end], patterns, catalog, holder, is_holder):
            add_system(name, evidence, catalog, found)
    for start, end in _scope_bullets(text, patterns):
        evidence = whole.evidence(start, end, squash(text[start:end])[:EVIDENCE_LIMIT])
        for name in _names(text[start:end], patterns, catalog, holder, is_holder):
            add_system(name, evidence, catalog, found)
    return list(found.values())


def _scope_bullets(text: str, patterns: SocPatterns) -> Iterator[tuple[int, int]]:
    """Spans of the names a scope sentence lists as bullets after its colon ("This report
    covers the following services:" / "• Acme Desk — case management"): each bullet's name,
    before its dash or colon."""
    for intro in patterns.scope_list_intro.finditer(text):
        at = intro.end()
        while at < len(text):
            stop = text.find("\n", at + 1)
            stop = len(text) if stop < 0 else stop
            line = text[at:stop].strip("\n")
            bullet = _BULLET.match(line)
            if bullet is None:
                break
            head = _ITEM_NAME.match(bullet.group("item"))
            if head is not None:
                begin = text.index(head.group("name"), at)
                yield begin, begin + len(head.group("name"))
            at = stop


_SAID_BACK = 200  # characters before an "in scope" cue its sentence may start


def _said_in_scope(text: str, folded: bytes,
                   patterns: SocPatterns) -> Iterator[tuple[int, int]]:
    """Spans of the names a sentence of its own says are in scope ("Acme Analytics on Virtual
    Machines is in scope"): the pattern runs only on the text before each cue."""
    for cue in anchored(patterns.system_in_scope_cue).finditer(text, folded):
        begin = max(0, cue.start() - _SAID_BACK)
        match = patterns.system_in_scope.search(text[begin : cue.start()])
        if match is not None and not _CONTENTS.search(_line_at(text, cue.start())):
            yield begin + match.start("names"), begin + match.end("names")


def offerings(whole: PagedText, named: Sequence[SystemRef], catalog: Catalog,
              holder: str | None) -> list[SystemRef]:
    """The offerings a named system is said to include, as bullets or after a colon, each
    with its own line as evidence; under the holder's brand when the system carries it."""
    patterns = soc_patterns()
    found: dict[str, SystemRef] = {}
    lines = whole.text.split("\n")
    offsets = whole.offsets or (0,)
    index = 0
    while index < len(lines):
        intro = patterns.offering_intro.match(lines[index])
        parent = named_as(intro.group("system"), named, catalog) if intro else None
        if intro is None or parent is None:
            index += 1
            continue
        brand = brand_of(parent.name, holder)
        items: list[tuple[str, int]] = []
        rest = intro.group("rest").strip()
        if rest:
            items += [(part, index) for part in _SPLIT.split(rest.rstrip(". "))]
        index += 1
        while not rest and index < len(lines):
            bullet = _BULLET.match(lines[index])
            if bullet is not None:
                head = _ITEM_NAME.match(bullet.group("item"))
                if head is not None:
                    items.append((head.group("name"), index))
            elif _unmarked_item(lines[index], patterns):
                items.append((lines[index], index))  # a list whose bullets are graphics
            elif (term := _TERM.match(lines[index])) is not None and \
                    name_shaped(clean_item(term.group("name")), patterns, generic_ok=True):
                items.append((term.group("name"), index))  # "Voice API: voice calling ..."
            elif lines[index][:1].isupper() or patterns.offering_intro.match(lines[index]):
                break  # a new paragraph: the list has ended
            index += 1
        for item, at in items:
            name = clean_item(item)
            if not name_shaped(name, patterns, generic_ok=True):
                continue
            if brand and not has_brand(name, brand):
                name = f"{brand} {name}"
            start = offsets[at] if at < len(offsets) else 0
            quote = squash(lines[at])[:EVIDENCE_LIMIT]
            add_system(name, whole.evidence(start, start + len(lines[at]), quote), catalog, found)
    return list(found.values())


def _unmarked_item(line: str, patterns: SocPatterns) -> bool:
    """A list item whose bullet is a graphic (a browser's or a PDF writer's list marker is
    often no character): a short name on its own line, no sentence, no section heading."""
    text = squash(line)
    if not text or len(text.split()) > 5 or text[-1:] in ".:;!?" or "," in text:
        return False
    if patterns.headings.any_heading.fullmatch(heading_text(text, patterns.headings)):
        return False
    return name_shaped(text, patterns, generic_ok=True)


def _line_at(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start : end if end >= 0 else len(text)]


def _names(raw: str, patterns: SocPatterns, catalog: Catalog, holder: str | None,
           is_holder: Callable[[str], bool], owned: bool = False) -> Iterator[str]:
    """The names a scope match lists; the holder's own name only when ``owned`` ("its
    Acme Cloud") names a product of two words or more without a legal form."""
    text = squash(_MARKS.sub("", raw))
    owner: str | None = None
    possessed = _OWNER.match(text)
    if possessed is not None:
        owner, text = possessed.group("owner"), possessed.group("rest")
        if owner.split()[0].casefold() in patterns.system_not_name_words | {"the"}:
            owner = None
    if _possessive(text.rstrip()):
        return  # "Acme Data Systems, Inc.'s system": an owner and no product name
    for part in _SPLIT.split(text):
        name = _without_holder(_GENERIC_TAIL.sub("", clean_item(part)), holder)
        if _possessive(name) or not name_shaped(name, patterns):
            continue
        if is_holder(name) and not (
                owned and len(name.split()) >= 2 and not re.search(
                    patterns.legal_tail.pattern + r"\s*$", " " + name, FLAGS)):
            continue
        if owner is not None:
            tool = catalog.tool_by_alias(f"{owner} {name}")
            if tool is not None:
                yield tool.name
                continue
        yield name


def _without_holder(name: str, holder: str | None) -> str:
    """"Acme Platform of Acme Data, Inc." is the holder's "Acme Platform"."""
    if holder and name.casefold().endswith(" of " + holder.casefold()):
        return name[: -len(holder) - 4].rstrip()
    return name


def clean_item(part: str) -> str:
    return _LEAD.sub("", squash(_MARKS.sub("", part))).strip(" .,;:*")


def _possessive(name: str) -> bool:
    """"Acme Corp.'s": an owner without a product ("presents Acme Corp.'s system")."""
    return bool(re.search(r"[’'][sS]$", name))


def name_shaped(name: str, patterns: SocPatterns, generic_ok: bool = False) -> bool:
    """A product's name: starts with a capital or digit, at most six words, none of them a
    phrase word, one lower-case word at most besides connectors, and (unless ``generic_ok``,
    for an offering listed under a named system: "SMS API") not only generic words ("the
    Platform")."""
    words = name.split()
    if not words or len(words) > 6 or (not name[:1].isupper() and not name[:1].isdigit()):
        return False
    if any(w.casefold() in patterns.system_not_name_words for w in words):
        return False
    lower = [w for w in words[1:] if w[:1].islower() and w.casefold() not in _CONNECTORS]
    if len(lower) > 1:
        return False
    return generic_ok or not all(w.casefold() in patterns.not_org_words for w in words)


def _holder_masked(whole: PagedText, holder: str | None) -> tuple[str, bytes, str]:
    """The text (and its fold) with the holder's name blanked where the name holds a word
    the scope patterns stop at ("Acme Data Systems Holdings, Inc.'s Acme Flow system" read
    "Acme Data" as a system), and the blank; the text itself when no blank is needed."""
    if not holder or not soc_patterns().system_word.search(holder):
        return whole.text, whole.folded, ""
    name = re.compile(r"\s+".join(re.escape(word) for word in holder.split()), re.IGNORECASE)
    blanks: dict[int, str] = {}

    def blank(match: re.Match[str]) -> str:
        size = len(match.group(0))
        return blanks.setdefault(size, "\u2060" * size)

    text = name.sub(blank, whole.text)
    if text == whole.text:
        return whole.text, whole.folded, ""
    return text, fold(text), "\u2060"


def _is_holder(name: str, holder: str | None, catalog: Catalog) -> bool:
    if not holder:
        return False
    return catalog.same_entity(name, holder) or \
        name.casefold() == holder.split()[0].strip(",.").casefold()


def named_as(intro: str, named: Sequence[SystemRef], catalog: Catalog) -> SystemRef | None:
    """The named system an offering list belongs to: the same name, or the name without
    the brand ("The API Suite includes:" under "Acme API Suite")."""
    key = catalog.normalise(_MARKS.sub("", intro))
    if not key:
        return None
    for system in named:
        own = catalog.normalise(system.name)
        if own == key or own.endswith(" " + key):
            return system
    return None


def brand_of(system: str, holder: str | None) -> str | None:
    """The holder's brand when the system's name starts with it: the words the two names
    share at their start, short of the whole system name ("Acme API Suite" of Acme Inc;
    "Orchard Lane" of "Orchard Lane Workspace" by Orchard Lane Systems Corp.)."""
    if not holder:
        return None
    own = [w.strip(",.").casefold() for w in holder.split()]
    words = system.split()
    shared = 0
    while shared < min(len(own), len(words) - 1) and \
            words[shared].strip(",.").casefold() == own[shared]:
        shared += 1
    return " ".join(words[:shared]) if shared else None


def has_brand(name: str, brand: str) -> bool:
    return (name + " ").casefold().startswith(brand.casefold() + " ")


def add_system(name: str, evidence: Evidence, catalog: Catalog,
               out: dict[str, SystemRef]) -> None:
    tool = catalog.tool_by_alias(name)
    if tool is not None:
        out.setdefault(tool.name, SystemRef(tool.name, evidence, tool.id, name))
    else:
        out.setdefault(catalog.normalise(name), SystemRef(name, evidence))
