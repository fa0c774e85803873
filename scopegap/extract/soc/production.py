"""Cloud regions where the holder's production environment runs, wherever the description
states it (an "Information Systems" or vendor-monitoring paragraph, not only the component
sections): "production systems are hosted within the US-East-1 region of AWS".

The provider's carve-out does not take the region out: the region is where the holder's own
system runs. Sentences about backups, fail-over or secondary sites are not read, nor a
table line whose status says its row is not in use ("US West (us-west-2) Planned").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scopegap.domain import RegionRef
from scopegap.extract.soc.locations import add_region, idle_regions
from scopegap.extract.soc.patterns import soc_patterns
from scopegap.extract.soc.sections import Outline
from scopegap.ingest.text import EVIDENCE_LIMIT, PagedText, sentences, squash

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it


def production_regions(report: Outline, catalog: Catalog) -> list[RegionRef]:
    """Regions named in the description's sentences about the production environment."""
    from scopegap.nlp.pipeline import analyse

    patterns = soc_patterns()
    section = report.get("description")
    if section is None:
        return []
    text = PagedText.of(report.body(section))
    found: dict[str, RegionRef] = {}
    for start, end in sentences(text.text):
        sentence = text.text[start:end]
        if not patterns.production_cue.search(sentence) or \
                patterns.not_production_cue.search(sentence):
            continue
        idle = idle_regions([squash(line) for line in sentence.split("\n")], catalog)
        for entity in analyse(squash(sentence), catalog).ents:
            if entity.label_ != "REGION" or entity._.excluded_by or entity.kb_id_ in idle:
                continue
            evidence = text.evidence(start, end, squash(sentence)[:EVIDENCE_LIMIT])
            add_region(entity.kb_id_, evidence, catalog, found)
    return list(found.values())
