"""The scope statement(s) of a certificate: the sentences that say what is certified.

Only what the scope says can cover a declared item, so this is deliberately narrow: text after
a scope cue ("for the following scope:") up to the next block of dates, numbers or signatures.
Multi-page certificates often repeat the scope on each page; repeats are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
                continue
            blocks.append(ScopeBlock(page.number, text, begin))
    unique: list[ScopeBlock] = []
    for block in blocks:
        flat = block.flat.casefold()
        if any(flat in kept.flat.casefold() for kept in unique):
            continue
        unique = [kept for kept in unique if kept.flat.casefold() not in flat]
        unique.append(block)
    return sorted(unique, key=lambda b: (b.page, b.start))
