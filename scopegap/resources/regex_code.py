"""``re.compile`` for the shipped patterns, served from the start-up cache's compiled code.

Python's ``re`` parses and compiles a pattern in pure Python; the extractors' patterns (the
certificate and SOC pattern files, the month names of every language) took about 0.1 s of
CPU in each cold one-page run, more than anything else of ours but spaCy's own start-up.
What that work produces is a list of integers that ``_sre.compile`` turns into the pattern
object in microseconds, and that depends only on the pattern, the flags and the interpreter
version. So the code of every pattern compiled through here is kept in the start-up cache
(one table, keyed like every start-up artifact on the interpreter and this package), and a
later process builds the same pattern object from it without parsing.

Exact by construction: a table entry is stored only after the object built from it compared
equal to ``re.compile``'s (``Pattern.__eq__`` compares the pattern, the flags and the whole
compiled code), and any failure to use an entry falls back to ``re.compile``. New entries
are written once, when the process exits, merged with what other processes stored.
"""

from __future__ import annotations

import atexit
import importlib
import re
from typing import Any

from scopegap.resources import startup_cache

ARTIFACT = "regex-code"
MAX_ENTRIES = 4000  # patterns built from user files would otherwise grow the table forever
MAX_KEPT = 1024  # pattern objects kept in the process, like re's own cache of 512

_Key = tuple[str, int]
# flags as compiled, code, number of groups - 1, group names -> index, index -> group name
_Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]

_SRE: Any = importlib.import_module("_sre")
_PARSER: Any = importlib.import_module("re._parser")
_COMPILER: Any = importlib.import_module("re._compiler")

_table: dict[_Key, _Entry] | None = None
_new: dict[_Key, _Entry] = {}
_compiled: dict[_Key, re.Pattern[str]] = {}


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """The same pattern object as ``re.compile(pattern, flags)``, built from cached code
    when the start-up cache has it (and its code cached for the next process otherwise)."""
    key = (pattern, int(flags))
    known = _compiled.get(key)
    if known is not None:
        return known
    entry = _load().get(key)
    built = _build(pattern, entry) if entry is not None else None
    if built is None:
        built = re.compile(pattern, flags)
        _record(key, built)
    if len(_compiled) >= MAX_KEPT:
        _compiled.clear()
    _compiled[key] = built
    return built


def _build(pattern: str, entry: _Entry) -> re.Pattern[str] | None:
    try:
        built = _SRE.compile(pattern, *entry)
    except Exception:  # an entry this interpreter cannot use: compile it the usual way
        return None
    return built if isinstance(built, re.Pattern) else None


def _code(pattern: str, flags: int) -> _Entry:
    """What ``re._compiler.compile`` hands ``_sre.compile``, as plain ints (its opcodes are
    an ``int`` subclass that does not pickle)."""
    parsed = _PARSER.parse(pattern, flags)
    code = [int(word) for word in _COMPILER._code(parsed, flags)]
    groups: dict[str, int] = dict(parsed.state.groupdict)
    names: list[str | None] = [None] * parsed.state.groups
    for name, index in groups.items():
        names[index] = name
    return (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groups,
            tuple(names))


def _record(key: _Key, compiled: re.Pattern[str]) -> None:
    """Keep ``compiled``'s code for the table when rebuilding from it gives an equal
    pattern (otherwise, as on an interpreter whose internals differ, nothing is kept)."""
    try:
        entry = _code(*key)
        rebuilt = _build(key[0], entry)
    except Exception:  # internals not as expected: this pattern is just not cached
        return
    if rebuilt is None or rebuilt != compiled or len(_load()) + len(_new) >= MAX_ENTRIES:
        return
    if not _new:
        atexit.register(_save)
    _new[key] = entry


def _load() -> dict[_Key, _Entry]:
    global _table
    if _table is None:
        stored = startup_cache.load(ARTIFACT, dict, extra=_engine())
        _table = stored if stored is not None else {}
    return _table


def _engine() -> str:
    """The regular-expression engine's version (besides the interpreter's, in every key)."""
    return f"sre {_SRE.MAGIC} {_SRE.CODESIZE}"


def _save() -> None:
    """Merge this process's new entries into the stored table (another process may have
    stored some since this one read it)."""
    if not _new:
        return
    stored = startup_cache.load(ARTIFACT, dict, extra=_engine()) or {}
    merged = {**stored, **_new}
    if len(merged) <= MAX_ENTRIES:
        startup_cache.store(ARTIFACT, merged, extra=_engine())
    _new.clear()
