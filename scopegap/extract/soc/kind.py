"""Which report family a document is: weighted mentions of SOC 1/2/3 and Type 1/2."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scopegap.extract.soc.patterns import soc_patterns
from scopegap.ingest.anchored import anchored, fold
from scopegap.ingest.pdf import TextPage

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
        folded = fold(page.text)
        for key in counts:
            found = anchored(patterns.kind[key]).finditer(page.text, folded)
            counts[key] += weight * sum(1 for _ in found)
    return KindVote(**counts)
