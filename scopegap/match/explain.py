"""Why an item is uncovered, in words a reviewer can act on.

"Uncovered" costs a reviewer time; a reason that names the near miss ("the scope names Genesys
Cloud CX, a different product family") or the missing piece (an HQ covers its own city only,
a region needs its provider) lets them confirm it in seconds instead of re-reading the PDF.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from scopegap.domain import DocumentScope, StackItem
from scopegap.match.catalog import Catalog, Tool
from scopegap.match.places import unmatched_qualifiers
from scopegap.settings import Settings

FUZZY_SCORER = "rapidfuzz.fuzz.token_sort_ratio"
_LISTED = 5  # names quoted in one reason at most


def why_uncovered(
    item: StackItem, documents: Sequence[DocumentScope], catalog: Catalog, settings: Settings
) -> str:
    """One sentence: what was looked for and, where there is one, the nearest miss."""
    covering = [d for d in documents if d.gives_coverage]
    if not covering:
        return _no_covering_document(documents)
    if item.type == "tool":
        return _tool(item, covering, catalog, settings)
    if item.type == "site":
        return _site(item, covering, catalog)
    if item.type == "region":
        return _region(item, covering, catalog)
    return (
        f"no SOC report names '{item.name}' as a subservice organisation and no document in "
        "the run is its own"
    )


def _no_covering_document(documents: Sequence[DocumentScope]) -> str:
    if not documents:
        return "no document in the run gives coverage"
    kinds = "; ".join(f"{d.file_name} is {d.kind}" for d in documents[:_LISTED])
    return (
        "no document in the run gives coverage (only an ISO/IEC 27001 certificate or a SOC 2/"
        f"SOC 3 report can): {kinds}"
    )


def _quote(names: Sequence[str]) -> str:
    shown = [f"'{n}'" for n in dict.fromkeys(names)][:_LISTED]
    more = len(dict.fromkeys(names)) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _tool(item: StackItem, documents: Sequence[DocumentScope], catalog: Catalog,
          settings: Settings) -> str:
    tool = catalog.declared_tool(item.name)
    if tool is None:
        return _unknown_tool(item, documents, catalog, settings)
    bare = _generic_words_without_vendor(tool, documents)
    if bare:
        return (
            f"the scope says {_quote(bare)} without the vendor ({', '.join(tool.vendor_tokens)}):"
            " a generic word alone does not name the product"
        )
    relatives = [
        s.name for d in documents for s in d.systems
        if s.catalog_id is not None and s.catalog_id != tool.id
        and (s.catalog_id in tool.distinct_from or _same_vendor(catalog, s.catalog_id, tool))
    ]
    if relatives:
        return (
            f"the scope names {_quote(relatives)}, not {tool.name}: a different product of the "
            "same vendor or family is never merged"
        )
    spellings = len(tool.names)
    return f"no document's scope names {tool.name} or any of its {spellings} catalog spellings"


def _same_vendor(catalog: Catalog, tool_id: str, tool: Tool) -> bool:
    other = catalog.tool_by_id(tool_id)
    return other is not None and other.vendor == tool.vendor


def _generic_words_without_vendor(tool: Tool, documents: Sequence[DocumentScope]) -> list[str]:
    found: list[str] = []
    for document in documents:
        if document.scope_text is None:
            continue
        text = document.scope_text.value
        for word in tool.generic_aliases:
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text):
                found.append(word)
    return found


def _unknown_tool(item: StackItem, documents: Sequence[DocumentScope], catalog: Catalog,
                  settings: Settings) -> str:
    vendor_products = _products_of_vendor(item.name, catalog)
    if vendor_products:
        named = [
            s.name for d in documents for s in d.systems if s.catalog_id in vendor_products
        ]
        where = (
            f"the scope names {_quote(named)}" if named
            else f"the catalog lists {_quote([t.name for t in vendor_products.values()])}"
        )
        return (
            f"'{item.name}' names a vendor, not one of its products: {where}; a vendor's name"
            " is never taken for one product, so declare the product the contract means"
        )
    names = [s.name for d in documents for s in d.systems if s.catalog_id is None]
    if names:
        best = process.extractOne(item.name, names, scorer=fuzz.token_sort_ratio,
                                  processor=catalog.normalise, score_cutoff=0)
        if best is not None:
            name, score, _ = best
            return (
                f"'{item.name}' is not in the tool catalog and no scope names it word for word;"
                f" the closest listed name '{name}' scores {score:.1f} with {FUZZY_SCORER}"
                f" (cut-off {settings.fuzzy_cutoff:.0f}, and numbers must agree)"
            )
    return f"'{item.name}' is not in the tool catalog and no scope names it word for word"


def _products_of_vendor(name: str, catalog: Catalog) -> dict[str, Tool]:
    """Catalogued tools whose vendor is ``name`` ("Salesforce" → Service Cloud, Marketing Cloud)."""
    key = catalog.normalise(name)
    return {
        tool.id: tool for tool in catalog.tools
        if any(catalog.normalise(token) == key for token in (tool.vendor, *tool.vendor_tokens))
    }


def _site(item: StackItem, documents: Sequence[DocumentScope], catalog: Catalog) -> str:
    city, country = catalog.parse_site(item.name, item.country)
    sites = [s for d in documents for s in d.sites]
    where = catalog.country_name(country) if country else None
    if not city:
        if where is None:
            return f"'{item.name}' names no city or country the catalog knows"
        return (
            f"'{item.name}' is a whole country: only a statement covering every site in {where}"
            " covers it, and no scope makes one"
        )
    namesakes = [
        (s.name, missing) for s in sites if s.kind != "country" and s.city
        and catalog.same_city(city, s.city)
        for missing in [unmatched_qualifiers(item, city, s.evidence.text, catalog)] if missing
    ]
    if namesakes:
        name, missing = namesakes[0]
        return (
            f"the documents list '{name}', but its entry does not say {_quote(missing)}: "
            "two places of one name are not merged"
        )
    hq = [s.name for s in sites if s.kind == "hq"]
    listed = [s.name for s in sites if s.kind == "site"]
    if hq and not listed:
        return (
            f"the documents name only the HQ address ({_quote(hq)}); an HQ covers its own city"
            f" only, not {city}"
        )
    statement = f" or a statement covering every site in {where}" if where else ""
    seen = f"; they list {_quote(hq + listed)}" if hq or listed else ""
    return f"no document lists a site in {city}{statement}{seen}"


def _region(item: StackItem, documents: Sequence[DocumentScope], catalog: Catalog) -> str:
    region = catalog.parse_region(item.name)
    if region is None:
        return (
            f"'{item.name}' is not one (provider, region) of models/catalog/regions.yaml: "
            "write the provider and code, e.g. 'AWS eu-west-2' or 'azure:uksouth'"
        )
    refs = [r for d in documents for r in d.regions]
    namesakes = [
        r.name for r in refs
        if r.code is not None and r.provider != region.provider
        and catalog.normalise(r.code).replace(" ", "") == catalog.normalise(region.code).replace(
            " ", "")
    ]
    country = catalog.country_name(region.country)
    if namesakes:
        return (
            f"the documents name {_quote(namesakes)}, another provider's region: {region.id}"
            f" ({_place(region.location, country)}) is matched on provider and code together"
        )
    label = catalog.provider_label(region.provider)
    seen = f"; they name {_quote([r.name for r in refs])}" if refs else ""
    return (
        f"no document names {region.id} ({_place(region.location, country)}) or all {label}"
        f" regions in {country}{seen}"
    )


def _place(location: str, country: str) -> str:
    return country if location == country else f"{location}, {country}"
