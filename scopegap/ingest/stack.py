"""Read the contract stack YAML (SPEC: "The contract stack file") into a ``Stack``.

The stack is what every document is judged against, so a mistake in it must stop the run
with one line naming the file, the line and the problem (``StackError``, exit 2) rather than
silently drop or rename an item. Parsing works on PyYAML's node tree (``SafeLoader``
composition, never object construction of arbitrary tags) so that every value keeps its line
number and nothing beyond ``safe_load`` is ever executed.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from scopegap.domain import DataLocation, ItemType, Stack, StackItem, Waiver
from scopegap.errors import StackError
from scopegap.resources.user_files import check_size, compose_user_yaml, read_user_text
from scopegap.resources.user_files import one_line as _one_line
from scopegap.resources.user_files import show as _show

MAX_STACK_BYTES: Final[int] = 1024 * 1024
"""Largest stack file read (1 MiB). A real stack is a few KiB; the limit keeps a wrong or
hostile file (pure-Python YAML parsing is slow) from stalling a portfolio run."""

TOP_LEVEL_KEYS: Final[tuple[str, ...]] = (
    "vendor",
    "contract",
    "tools",
    "sites",
    "regions",
    "subprocessors",
    "waivers",
    "data_locations",
)
CONTRACT_KEYS: Final[tuple[str, ...]] = ("reference", "start", "end")
LIST_KEYS: Final[dict[str, ItemType]] = {
    "tools": "tool",
    "sites": "site",
    "regions": "region",
    "subprocessors": "subprocessor",
}

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _MAP, _SEQ = _TAG + "str", _TAG + "null", _TAG + "map", _TAG + "seq"
_SCALAR_TAGS: Final[frozenset[str]] = frozenset(
    _TAG + name for name in ("str", "null", "bool", "int", "float", "timestamp", "value")
)
_KIND = "a stack file"
_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def load_stack(path: str | Path) -> Stack:
    """Read and parse the stack file at ``path``; every problem is a ``StackError``."""
    text = read_user_text(path, StackError, max_bytes=MAX_STACK_BYTES, kind=_KIND)
    return parse_stack(text, str(path))


def parse_stack(text: str, path: str) -> Stack:
    """Parse stack YAML ``text``; ``path`` is only used to name the file in errors."""
    size = len(text.encode("utf-8", "surrogatepass"))
    check_size(path, size, StackError, max_bytes=MAX_STACK_BYTES, kind=_KIND)
    root = compose_user_yaml(text, path, StackError, kind=_KIND)
    if root is None or (_is_null(root) and not str(root.value).strip()):
        raise StackError(path, "the file is empty: expected at least 'vendor: <legal name>'")
    return _Parser(path).stack(root)


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _NULL


def _what(node: Node) -> str:
    """Describe what YAML made of a value, in words a procurement user knows."""
    if isinstance(node, MappingNode):
        return "a mapping (key: value lines)"
    if isinstance(node, SequenceNode):
        return "a list"
    return {
        _NULL: "empty",
        _TAG + "bool": "read as true/false (YAML reads yes/no/on/off that way)",
        _TAG + "int": "read as a number",
        _TAG + "float": "read as a number",
        _TAG + "timestamp": "read as a date",
        _STR: f"the text '{_show(node.value)}'",
    }.get(str(node.tag), f"a value of YAML type {node.tag}")


def _tag(node: Node) -> str:
    """A tag the way it is written in the file: !!binary rather than tag:yaml.org,2002:binary."""
    tag = str(node.tag)
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else _show(tag)


class _Parser:
    """Walks the composed node tree of one stack file, checking as it builds."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._constructor = SafeConstructor()

    def fail(self, reason: str, line: int | None) -> StackError:
        return StackError(self.path, _one_line(reason), line)

    # -- generic node helpers ------------------------------------------------------------

    def scalar(self, node: ScalarNode) -> Any:
        """Construct one scalar with the safe constructors, refusing other tags."""
        if node.tag not in _SCALAR_TAGS:
            raise self.fail(f"unsupported YAML tag {_tag(node)}: remove it", _line(node))
        if node.tag == _TAG + "value":
            return str(node.value)
        try:
            return self._constructor.construct_object(node, deep=True)
        except (ValueError, TypeError, OverflowError, yaml.YAMLError) as error:
            # PyYAML's timestamp constructor raises ValueError on 2025-02-30, etc.
            reason = f"cannot read the value '{_show(node.value)}': {_show(error, 120)}"
            raise self.fail(reason, _line(node)) from None

    def pairs(self, node: MappingNode, where: str) -> list[tuple[str, ScalarNode, Node]]:
        """Key/value pairs of a mapping with text keys and no duplicates, in file order."""
        if node.tag != _MAP:
            raise self.fail(f"unsupported YAML tag {_tag(node)} on {where}", _line(node))
        seen: dict[str, int] = {}
        result: list[tuple[str, ScalarNode, Node]] = []
        for key_node, value_node in node.value:
            line = _line(key_node)
            if isinstance(key_node, ScalarNode) and key_node.tag == _TAG + "merge":
                raise self.fail("YAML merge keys (<<) are not allowed in a stack file", line)
            if not isinstance(key_node, ScalarNode) or key_node.tag not in (_STR, _TAG + "value"):
                shown = _show(key_node.value) if isinstance(key_node, ScalarNode) else "?"
                raise self.fail(
                    f"key '{shown}' in {where} is {_what(key_node)}: keys must be plain words",
                    line,
                )
            key = str(key_node.value)
            if key in seen:
                raise self.fail(
                    f"duplicate key '{_show(key)}' in {where} (first on line {seen[key]})", line
                )
            seen[key] = line
            result.append((key, key_node, value_node))
        return result

    def text(self, node: Node, label: str) -> str | None:
        """A text value (None when empty); numbers, dates and true/false must be quoted."""
        if _is_null(node):
            return None
        if not isinstance(node, ScalarNode):
            raise self.fail(f"{label} must be text, not {_what(node)}", _line(node))
        self._quote_hint(node, label)
        return str(self.scalar(node))

    def _quote_hint(self, node: ScalarNode, label: str) -> None:
        """Refuse a scalar YAML did not read as text, telling the user to quote it."""
        if node.tag not in (_STR, _TAG + "value"):
            self.scalar(node)  # unsupported tags get their own message
            raise self.fail(
                f"{label} {_show(node.value)} is {_what(node)}, not text: "
                f'put it in quotes ("{_show(node.value)}") so it is kept as written',
                _line(node),
            )

    def plain(self, node: Node) -> Any:
        """An extra value as plain str/int/float/bool/None/list/dict (dates as YYYY-MM-DD)."""
        if isinstance(node, ScalarNode):
            value = self.scalar(node)
            if isinstance(value, datetime | date):
                return value.isoformat()
            return value
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                raise self.fail(f"unsupported YAML tag {_tag(node)}", _line(node))
            return [self.plain(child) for child in node.value]
        assert isinstance(node, MappingNode)
        return {key: self.plain(value) for key, _, value in self.pairs(node, "a value")}

    # -- the stack -----------------------------------------------------------------------

    def stack(self, root: Node) -> Stack:
        if not isinstance(root, MappingNode):
            raise self.fail(
                "the top level must be a mapping of keys such as 'vendor:' and 'tools:', "
                f"not {'text' if root.tag == _STR else _what(root)}",
                _line(root),
            )
        values: dict[str, tuple[ScalarNode, Node]] = {}
        for key, key_node, value_node in self.pairs(root, "the top level"):
            if key not in TOP_LEVEL_KEYS:
                raise self.fail(
                    f"unknown top-level key '{_show(key)}' "
                    f"(expected one of: {', '.join(TOP_LEVEL_KEYS)})",
                    _line(key_node),
                )
            values[key] = (key_node, value_node)

        if "vendor" not in values:
            raise self.fail("missing 'vendor:' (the legal entity that signs the contract)", None)
        vendor_key, vendor_node = values["vendor"]
        vendor = self.text(vendor_node, "vendor")
        if vendor is None or not vendor.strip():
            raise self.fail(
                "vendor is empty: give the legal entity that signs the contract",
                _line(vendor_key),
            )

        reference, start, end = None, None, None
        if "contract" in values:
            reference, start, end = self.contract(*values["contract"])

        lists: dict[str, tuple[StackItem, ...]] = {}
        for key, item_type in LIST_KEYS.items():
            lists[key] = self.items(key, item_type, *values[key]) if key in values else ()

        waivers: tuple[Waiver, ...] = ()
        if "waivers" in values:
            from scopegap.ingest.waivers import waivers_from_node

            waivers = waivers_from_node(values["waivers"][1], self.path, StackError)
        locations = (self.data_locations(*values["data_locations"])
                     if "data_locations" in values else ())
        return Stack(
            vendor=vendor,
            path=self.path,
            contract_reference=reference,
            contract_start=start,
            contract_end=end,
            tools=lists["tools"],
            sites=lists["sites"],
            regions=lists["regions"],
            subprocessors=lists["subprocessors"],
            waivers=waivers,
            data_locations=locations,
        )

    def data_locations(self, key_node: ScalarNode, node: Node) -> tuple[DataLocation, ...]:
        """Where contract data may be processed, as written: countries (codes or names) or
        groups (EU, EEA, UK, US...); the catalog resolves them (``api.load_stack``)."""
        if _is_null(node):
            return ()
        if isinstance(node, ScalarNode) and node.tag == _STR:
            children: list[Node] = [node]  # "data_locations: EU" is one entry
        elif isinstance(node, SequenceNode) and node.tag == _SEQ:
            children = list(node.value)
        else:
            raise self.fail(f"data_locations must be a list such as [EU, UK], not "
                            f"{_what(node)}", _line(key_node))
        result: list[DataLocation] = []
        for child in children:
            if _is_null(child):
                raise self.fail("data_locations has an empty entry", _line(child))
            value = self.scalar(child) if isinstance(child, ScalarNode) else None
            if isinstance(value, bool) and isinstance(child, ScalarNode) and child.style is None:
                value = str(child.value)  # YAML 1.1 reads NO (Norway) as false
            if not isinstance(value, str) or not value.strip():
                raise self.fail(f"data_locations entries must be a country or a group such as "
                                f"EU, not {_what(child)}", _line(child))
            result.append(DataLocation(value.strip(), _line(child)))
        return tuple(result)

    def contract(
        self, key_node: ScalarNode, node: Node
    ) -> tuple[str | None, date | None, date | None]:
        if _is_null(node):
            return None, None, None
        if not isinstance(node, MappingNode):
            raise self.fail(
                f"contract must be a mapping with {', '.join(CONTRACT_KEYS)}, not {_what(node)}",
                _line(key_node),
            )
        reference: str | None = None
        dates: dict[str, tuple[date, int]] = {}
        for key, sub_key, value in self.pairs(node, "contract"):
            if key not in CONTRACT_KEYS:
                raise self.fail(
                    f"unknown key 'contract.{_show(key)}' "
                    f"(expected one of: {', '.join(CONTRACT_KEYS)})",
                    _line(sub_key),
                )
            if key == "reference":
                reference = self.reference(value)
            else:
                parsed = self.contract_date(key, value)
                if parsed is not None:
                    dates[key] = (parsed, _line(value))
        start = dates.get("start")
        end = dates.get("end")
        if start is not None and end is not None and end[0] < start[0]:
            raise self.fail(
                f"contract.end {end[0].isoformat()} is before contract.start "
                f"{start[0].isoformat()}",
                end[1],
            )
        return reference, start[0] if start else None, end[0] if end else None

    def reference(self, node: Node) -> str | None:
        """The reference as written: NW-0014 or 0014 must not become the number 12 or 14."""
        if _is_null(node):
            return None
        if not isinstance(node, ScalarNode):
            raise self.fail(f"contract.reference must be text, not {_what(node)}", _line(node))
        self.scalar(node)  # still refuse unsupported tags and unreadable values
        return str(node.value)

    def contract_date(self, key: str, node: Node) -> date | None:
        """A YYYY-MM-DD date, given as a YAML date or a quoted string; impossible days refused.

        Works on the text as written rather than PyYAML's constructor, which raises a bare
        ValueError for 2025-02-30.
        """
        if _is_null(node):
            return None
        label = f"contract.{key}"
        if not isinstance(node, ScalarNode) or node.tag not in (_STR, _TAG + "timestamp"):
            shown = _show(node.value) if isinstance(node, ScalarNode) else _what(node)
            raise self.fail(
                f"{label} {shown} is not a date: write it as YYYY-MM-DD (e.g. 2025-04-01)",
                _line(node),
            )
        raw = str(node.value).strip()
        match = _DATE_RE.fullmatch(raw)
        if match is None:
            raise self.fail(
                f"{label} '{_show(raw)}' is not a date: write it as YYYY-MM-DD (e.g. 2025-04-01)",
                _line(node),
            )
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise self.fail(
                f"{label} {raw} is not a real calendar date (no such day)", _line(node)
            ) from None

    def items(
        self, key: str, item_type: ItemType, key_node: ScalarNode, node: Node
    ) -> tuple[StackItem, ...]:
        if _is_null(node):
            return ()
        if not isinstance(node, SequenceNode) or node.tag != _SEQ:
            raise self.fail(
                f"{key} must be a list (one '- name' line per {item_type}), not {_what(node)}",
                _line(key_node),
            )
        seen: dict[str, int] = {}
        result: list[StackItem] = []
        for child in node.value:
            item = self.item(key, item_type, child)
            if item.name in seen:
                raise self.fail(
                    f"duplicate {item_type} '{_show(item.name)}' in {key} "
                    f"(first on line {seen[item.name]})",
                    item.line,
                )
            seen[item.name] = item.line
            result.append(item)
        return tuple(result)

    def item(self, key: str, item_type: ItemType, node: Node) -> StackItem:
        line = _line(node)
        if isinstance(node, ScalarNode):
            return StackItem(name=self.name(key, item_type, node, node), type=item_type, line=line)
        if not isinstance(node, MappingNode):
            raise self.fail(
                f"each {key} item must be a name or a mapping with 'name:', not {_what(node)}",
                line,
            )
        name: str | None = None
        country: str | None = None
        extra: list[tuple[str, Any]] = []
        for sub_key, sub_key_node, value in self.pairs(node, f"a {item_type} item"):
            if sub_key == "name":
                name = self.name(key, item_type, value, sub_key_node)
            elif sub_key == "country" and item_type == "site":
                country = self.country(value)
                extra.append((sub_key, country))
            else:
                extra.append((sub_key, self.plain(value)))
        if name is None:
            raise self.fail(f"{item_type} item in {key} has no 'name:'", line)
        return StackItem(
            name=name,
            type=item_type,
            line=line,
            extra=tuple(extra),
            country=_normalise_country(country),
        )

    def name(self, key: str, item_type: ItemType, node: Node, where: Node) -> str:
        """The item's name exactly as YAML reads it; must be non-empty text."""
        if _is_null(node):
            raise self.fail(
                f"empty {item_type} name in {key}: give a name or remove it", _line(where)
            )
        if not isinstance(node, ScalarNode):
            raise self.fail(
                f"{item_type} name in {key} must be text, not {_what(node)}", _line(node)
            )
        self._quote_hint(node, f"{item_type} name")
        value = str(self.scalar(node))
        if not value.strip():
            raise self.fail(
                f"empty {item_type} name in {key}: give a name or remove it", _line(node)
            )
        return value

    def country(self, node: Node) -> str | None:
        """A site's country as written; NO (Norway) must not become false."""
        if _is_null(node):
            return None
        if not isinstance(node, ScalarNode):
            raise self.fail(f"site country must be text, not {_what(node)}", _line(node))
        value = self.scalar(node)
        if isinstance(value, bool) and node.style is None:
            return str(node.value)  # YAML 1.1 reads NO / Yes / On as booleans
        if not isinstance(value, str):
            raise self.fail(
                f"site country {_show(node.value)} is {_what(node)}: "
                "give an ISO code such as ZA or a country name",
                _line(node),
            )
        return value


def _normalise_country(country: str | None) -> str | None:
    """Two letters are an ISO 3166 alpha-2 code (upper-cased); anything else stays as given."""
    if country is None:
        return None
    code = country.strip()
    if not code:
        return None
    if len(code) == 2 and code.isascii() and code.isalpha():
        return code.upper()
    return country
