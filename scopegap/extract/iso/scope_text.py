"""The scope statement(s) of a certificate: the sentences that say what is certified.

Only what the scope says can cover a declared item, so this is deliberately narrow: text after
a scope cue ("for the following scope:") up to the next block of dates, numbers or signatures.
Multi-page certificates often repeat the scope on each page; repeats are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from scopegap.extract.iso.line_shapes import is_sentence_line
from scopegap.extract.patterns import certificate_patterns
from scopegap.ingest.pdf import TextPage
from scopegap.ingest.text import squash


@dataclass(frozen=True)
class ScopeBlock:
    page: int
    text: str  # as printed, line breaks kept (sentence and list structure matter)
    start: int  # offset in the page text

    @property
    def flat(self) -> str:
        return squash(self.text)


def scope_blocks(pages: Sequence[TextPage]) -> list[ScopeBlock]:
    patterns = certificate_patterns()
    blocks: list[ScopeBlock] = []
    for page in pages:
        for cue in patterns.scope_start.finditer(page.text):
            if any(b.page == page.number and b.start <= cue.start() < b.start + len(b.text)
                   for b in blocks):
                continue
            begin = cue.end()
            window = page.text[begin : begin + patterns.scope_max_chars]
            stop = patterns.scope_end.search(window)
            text = window[: stop.start()] if stop else window
            text = text.strip(" :\n")
            if len(squash(text)) < 3:
                displaced = _displaced_scope(page, begin)
                if displaced is not None:
                    blocks.append(displaced)
                continue
            blocks.append(ScopeBlock(page.number, text, begin))
    blocks += _continuations(blocks, pages)
    unique: list[ScopeBlock] = []
    for block in blocks:
        flat = block.flat.casefold()
        if any(flat in kept.flat.casefold() for kept in unique):
            continue
        unique = [kept for kept in unique if kept.flat.casefold() not in flat]
        unique.append(block)
    return sorted(unique, key=lambda b: (b.page, b.start))


_NUMBERED = re.compile(r"^[ \t]*(\d{1,2})[.)][ \t]+\S", re.MULTILINE)
_HEAD_LINES = 3  # a running header (the body's acronym, a title) above the list's next item


def _continuations(blocks: Sequence[ScopeBlock], pages: Sequence[TextPage]) -> list[ScopeBlock]:
    """A numbered scope list that runs over a page break: when a page's scope block ends on
    item N and the next page opens (under a running header of a few short lines) with item
    N+1, those items are scope too, up to the next line that ends a scope."""
    patterns = certificate_patterns()
    by_number = {page.number: page for page in pages}
    found: list[ScopeBlock] = []
    for block in blocks:
        numbers = _NUMBERED.findall(block.text)
        following = by_number.get(block.page + 1)
        if not numbers or following is None:
            continue
        wanted = int(numbers[-1]) + 1
        offset = 0
        for index, line in enumerate(following.text.split("\n")):
            item = _NUMBERED.match(line)
            if item is not None and int(item.group(1)) == wanted:
                window = following.text[offset : offset + patterns.scope_max_chars]
                stop = patterns.scope_end.search(window)
                text = (window[: stop.start()] if stop else window).strip(" :\n")
                if text:
                    found.append(ScopeBlock(following.number, text, offset))
                break
            if index >= _HEAD_LINES or (line.strip() and len(line.split()) > 4):
                break
            offset += len(line) + 1
    return found


def _displaced_scope(page: TextPage, begin: int) -> ScopeBlock | None:
    """A scope cue ("for the scope of activities described below:") followed at once by
    other fields: on such designed certificates the scope is printed further down, after
    the number, signature and address blocks. It is the first run of lines after the cue
    that is neither a labelled field ("Certificate No.: …"), an address, a one-word title,
    nor a line that ends a scope; nothing is read when no such run comes before one that
    ends it."""
    patterns = certificate_patterns()
    offset = begin
    run: list[str] = []
    run_start = -1
    for line in page.text[begin:].split("\n"):
        here = offset
        offset += len(line) + 1
        clean = line.strip()
        if not clean:
            continue  # OCR parts paragraphs with blank lines: they neither start nor end it
        field_line = (_LABELLED_FIELD.match(clean) is not None
                      or patterns.sites_on_page.search(clean) is not None)
        # an address line is short capitalised words and numbers; a sentence naming "D365"
        # or "Office 365", or the short rest of one ("and AWS, excluding X."), is scope
        address = (patterns.address.search(clean) is not None or _place_line(clean)) \
            and not is_sentence_line(clean)
        other = field_line or address
        # a title ("Director") or a stamp ("= NA") never starts the scope; a short last line
        # of it ("APIs).") does not end it
        skip = other or (not run and len(_WORDS.findall(clean)) < 2)
        if patterns.scope_end.search(line) and not field_line:
            break
        if skip:
            if run:
                break
            continue
        if not run:
            run_start = here
        run.append(clean)
    if not run:
        return None
    return ScopeBlock(page.number, "\n".join(run), run_start)


def _place_line(line: str) -> bool:
    """"MAHARASHTRA, INDIA": the last line of an address, short parts between commas."""
    parts = [p for p in line.split(",") if p.strip()]
    return len(parts) >= 2 and all(len(p.split()) <= 3 for p in parts)


_WORDS = re.compile(r"[^\W\d_]{3,}")  # words of a scope, not a stamp's "= NA"


# "Certificate No.: X", "HEAD OFFICE: …": a label of up to four words, then a colon.
_LABELLED_FIELD = re.compile(r"^[^\W\d_][\w.()/ -]{0,40}?:(?:\s|$)")
