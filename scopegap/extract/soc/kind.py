"""Which report family a document is: weighted mentions of SOC 1/2/3 and Type 1/2."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scopegap.extract.soc.patterns import soc_patterns
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
        for key in counts:
            counts[key] += weight * len(patterns.kind[key].findall(page.text))
    return KindVote(**counts)
