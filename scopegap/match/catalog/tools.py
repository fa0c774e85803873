"""Tool lookups (aliases, generic aliases that need their vendor nearby) and the tools file."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import cached_property
from typing import Any

from scopegap.match.catalog import schema
from scopegap.match.catalog.base import CatalogData
from scopegap.match.catalog.names import fold
from scopegap.match.catalog.records import AliasEntry, Tool


class ToolLookups(CatalogData):
    """Which catalogued tool a printed name denotes; never a guess between two."""

    def tool_by_id(self, tool_id: str) -> Tool | None:
        return next((tool for tool in self.tools if tool.id == tool_id), None)

    def alias_entries(self) -> tuple[AliasEntry, ...]:
        """The alias table (every spelling of every tool) for pattern and matcher builders."""
        return self._alias_table

    @cached_property
    def _alias_table(self) -> tuple[AliasEntry, ...]:
        entries: list[AliasEntry] = []
        for tool in self.tools:
            generic = {self.normalise_name(alias) for alias in tool.generic_aliases}
            seen: set[str] = set()
            for text in tool.names:
                key = self.normalise_name(text)
                if key and key not in seen:
                    seen.add(key)
                    entries.append(AliasEntry(text, key, tool.id, key in generic))
        return tuple(entries)

    def tool_by_alias(self, name: str, context: str | None = None) -> Tool | None:
        """The tool ``name`` denotes, by exact (normalised) name or alias; ``None`` if unsure.

        A generic alias counts only when a vendor token of its tool is in ``name`` itself
        ("Microsoft Teams", "Flex by Twilio") or in ``context`` (the sentence around it).
        A name may wrap any alias in its vendor's tokens ("NICE IEX" → NICE WFM). When two
        tools could claim the name the answer is ``None``, never a guess.
        """
        index = self._index
        key = self.normalise_name(name)
        if not key:
            return None
        if key in index.tool_strong:
            return self.tool_by_id(index.tool_strong[key])
        if key in index.tool_generic:
            tool_id = index.tool_generic[key]
            if context is not None and self._mentions_vendor(tool_id, context):
                return self.tool_by_id(tool_id)
            return None
        words = key.split()
        found: set[str] = set()
        for start, word in enumerate(words):
            for alias_words, tool_id, generic in index.tool_alias_by_first_word.get(word, ()):
                end = start + len(alias_words)
                if tuple(words[start:end]) != alias_words:
                    continue
                before = self._vendor_count(tool_id, words[:start])
                after = self._vendor_count(tool_id, words[end:])
                if before is None or after is None:
                    continue
                if generic and before + after == 0:
                    continue
                found.add(tool_id)
        if len(found) == 1:
            return self.tool_by_id(found.pop())
        return None

    def declared_tool(self, name: str) -> Tool | None:
        """The tool a contract's own entry names, generic words included.

        A stack that declares "Guru" or "Teams" means the product: unlike a document's
        running text, the entry needs no vendor beside it. It still matches only what the
        documents name as that catalog tool, never the bare word in their prose.
        """
        found = self.tool_by_alias(name)
        if found is not None:
            return found
        tool_id = self._index.tool_generic.get(self.normalise_name(name))
        return self.tool_by_id(tool_id) if tool_id is not None else None

    def _vendor_count(self, tool_id: str, words: list[str]) -> int | None:
        """How many vendor tokens ``words`` consists of; None if it holds anything else."""
        phrases = self._index.tool_vendor_words.get(tool_id, ())
        count = 0
        position = 0
        while position < len(words):
            for phrase in phrases:
                if tuple(words[position : position + len(phrase)]) == phrase:
                    position += len(phrase)
                    count += 1
                    break
            else:
                if words[position] in self.connector_words:
                    position += 1
                else:
                    return None
        return count

    def _mentions_vendor(self, tool_id: str, context: str) -> bool:
        padded = f" {self.normalise_name(context)} "
        return any(
            f" {' '.join(phrase)} " in padded
            for phrase in self._index.tool_vendor_words.get(tool_id, ())
        )

    def tool(self, tool_id: str) -> Tool | None:
        return self.tool_by_id(tool_id)

    def is_generic_alias(self, tool: Tool, text: str) -> bool:
        """Whether ``text`` is one of the tool's generic aliases (needs a vendor token nearby)."""
        key = self.normalise_name(text)
        return any(self.normalise_name(alias) == key for alias in tool.generic_aliases)

    def tool_in_text_conflicts(self, name: str, text: str) -> bool:
        """Whether every mention of ``name`` in ``text`` is part of another tool's longer name.

        "Genesys Cloud" inside "Genesys Cloud WEM", or "Dynamics 365" inside "Dynamics 365
        Contact Center", is a different family: a word-for-word hit there proves nothing.
        """
        needle = self.normalise_name(name)
        if not needle:
            return False
        own = self.tool_by_alias(name)
        padded = f" {self.normalise_name(text)} "
        longer = [
            entry.key
            for entry in self.alias_entries()
            if (own is None or entry.tool_id != own.id)
            and len(entry.key) > len(needle)
            and f" {needle} " in f" {entry.key} "
        ]
        hits = [m.start() for m in re.finditer(rf"(?<= ){re.escape(needle)}(?= )", padded)]
        if not hits:
            return False
        for hit in hits:
            inside = False
            for key in longer:
                offset = f" {key} ".index(f" {needle} ")
                start = hit - offset
                if start >= 0 and padded.startswith(key, start) and padded[start - 1] == " ":
                    inside = padded[start + len(key)] == " "
                    if inside:
                        break
            if not inside:
                return False
        return True


def _parse_tools(
    raw: Any, where: schema.Where, normalise: Callable[[str], str]
) -> tuple[tuple[Tool, ...], dict[str, str], frozenset[str], frozenset[str]]:
    doc = schema.mapping(raw, where)
    categories_raw = schema.mapping(doc.get("categories", {}), where, "categories")
    categories = {str(k): str(v) for k, v in categories_raw.items()}
    connectors = frozenset(
        fold(w) for w in schema.texts(doc, "connector_words", where, "connectors")
    )
    delivery = frozenset(
        fold(w) for w in schema.texts(doc, "delivery_words", where, "delivery words")
    )
    tools: list[Tool] = []
    ids: set[str] = set()
    for n, entry in enumerate(schema.entries(doc, "tools", where)):
        tid = entry.get("id")
        if not isinstance(tid, str) or not tid.strip():
            raise where.fail(f"tools[{n}]", "missing 'id'")
        label = f"tool {tid!r}"
        if not schema.SLUG.match(tid):
            raise where.fail(label, "ids are lower-case slugs (a-z, 0-9, '-', '_')")
        if tid in ids:
            raise where.fail(label, "duplicate id")
        ids.add(tid)
        category = schema.text(entry, "category", where, label)
        if categories and category not in categories:
            raise where.fail(label, f"unknown category {category!r}")
        former = schema.texts(entry, "former_names", where, label)
        tools.append(
            Tool(
                id=tid,
                name=schema.text(entry, "name", where, label),
                vendor=schema.text(entry, "vendor", where, label),
                category=category,
                aliases=tuple(
                    dict.fromkeys((*schema.texts(entry, "aliases", where, label), *former))
                ),
                former_names=former,
                generic_aliases=schema.texts(entry, "generic_aliases", where, label),
                vendor_tokens=schema.texts(entry, "vendor_tokens", where, label),
                distinct_from=frozenset(schema.texts(entry, "distinct_from", where, label)),
                source=schema.optional_text(entry, "source", where, label) or "I",
            )
        )
    # distinct_from must name real entries; the relation is made symmetric.
    partners: dict[str, set[str]] = {tool.id: set(tool.distinct_from) for tool in tools}
    for tool in tools:
        for other in tool.distinct_from:
            if other not in ids:
                raise where.fail(f"tool {tool.id!r}", f"distinct_from names unknown id {other!r}")
            if other == tool.id:
                raise where.fail(f"tool {tool.id!r}", "distinct_from names itself")
            partners[other].add(tool.id)
    final = tuple(replace(t, distinct_from=frozenset(partners[t.id])) for t in tools)
    for tool in final:
        for spelling in (*tool.names, *tool.vendor_tokens):
            if not normalise(spelling):
                raise where.fail(f"tool {tool.id!r}", f"{spelling!r} normalises to nothing")
    return final, categories, connectors, delivery


def _tool_index(
    tools: tuple[Tool, ...], where: schema.Where, normalise: Callable[[str], str]
) -> tuple[
    dict[str, str],
    dict[str, str],
    dict[str, tuple[tuple[tuple[str, ...], str, bool], ...]],
    dict[str, tuple[tuple[str, ...], ...]],
]:
    owner: dict[str, str] = {}
    strong: dict[str, str] = {}
    generic: dict[str, str] = {}
    by_first: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
    vendor_words: dict[str, tuple[tuple[str, ...], ...]] = {}
    for tool in tools:
        weak = {normalise(alias) for alias in tool.generic_aliases}
        for spelling in tool.names:
            key = normalise(spelling)
            if owner.setdefault(key, tool.id) != tool.id:
                raise where.fail(
                    f"tool {tool.id!r}",
                    f"alias {spelling!r} (normalised {key!r}) also belongs to {owner[key]!r}",
                )
            is_generic = key in weak
            (generic if is_generic else strong)[key] = tool.id
            entry = (tuple(key.split()), tool.id, is_generic)
            bucket = by_first.setdefault(entry[0][0], [])
            if entry not in bucket:
                bucket.append(entry)
        phrases = {tuple(normalise(token).split()) for token in tool.vendor_tokens}
        vendor_words[tool.id] = tuple(sorted(phrases, key=lambda p: (-len(p), p)))
    frozen = {word: tuple(sorted(v, key=lambda e: -len(e[0]))) for word, v in by_first.items()}
    return strong, generic, frozen, vendor_words
