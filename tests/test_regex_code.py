"""Patterns built from the start-up cache's compiled code: the same objects as ``re.compile``.

Every test points the cache at ``tmp_path`` (``XDG_CACHE_HOME``) and starts from an empty
in-process state, as a new process would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scopegap.extract import dates
from scopegap.resources import regex_code

PATTERNS = [
    (r"(?P<day>[0-3]?[0-9])(?P<sep>[-/])(?P<mon>jan|feb|märz)(?P=sep)(?P<yy>[0-9]{2})",
     re.IGNORECASE),
    (r"(?x) \b scope \s+ (?:of|for) \b  # verbose, inline flag", re.MULTILINE),
    (r"(?<![^ ])(?:ünïcode|plain)(?![^ ])", 0),
]


def _new_process() -> None:
    """Forget what this process loaded and compiled (a later process starts like this)."""
    regex_code._table = None
    regex_code._compiled.clear()
    regex_code._new.clear()


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(regex_code.atexit, "register", lambda function: function)
    _new_process()
    yield tmp_path / "xdg" / "scopegap" / "startup"
    _new_process()


def _same(built: re.Pattern[str], pattern: str, flags: int) -> None:
    expected = re.compile(pattern, flags)
    assert built == expected  # pattern, flags and the whole compiled code
    assert (built.flags, built.groups, built.groupindex) == \
        (expected.flags, expected.groups, expected.groupindex)


def test_a_later_process_builds_the_patterns_from_the_table_without_parsing(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for pattern, flags in PATTERNS:
        _same(regex_code.compile(pattern, flags), pattern, flags)
    regex_code._save()
    assert list(cache_home.glob("regex-code-*.pickle"))
    _new_process()

    def no_parsing(*_: Any) -> Any:
        raise AssertionError("a cached pattern was parsed again")

    with monkeypatch.context() as patch:
        patch.setattr(regex_code, "_code", no_parsing)
        patch.setattr(regex_code.re, "compile", no_parsing)
        built = [regex_code.compile(pattern, flags) for pattern, flags in PATTERNS]
    text = "12-jan-24 and 3/MÄRZ/25 ünïcode plain, scope of"
    for pattern_object, (pattern, flags) in zip(built, PATTERNS, strict=True):
        _same(pattern_object, pattern, flags)
        assert [m.span() for m in pattern_object.finditer(text)] \
            == [m.span() for m in re.finditer(pattern, text, flags)]


def test_an_unusable_entry_is_compiled_the_usual_way() -> None:
    pattern, flags = PATTERNS[0]
    regex_code._table = {(pattern, flags): (flags, [1, 2, 3], 0, {}, ())}  # not valid code
    _same(regex_code.compile(pattern, flags), pattern, flags)


def test_processes_merge_their_entries_and_an_invalid_pattern_still_raises() -> None:
    first, second = PATTERNS[0], PATTERNS[1]
    regex_code.compile(*first)
    regex_code._save()
    _new_process()
    regex_code.compile(*second)
    regex_code._save()
    _new_process()
    assert set(regex_code._load()) == {first, second}
    with pytest.raises(re.error):
        regex_code.compile("(unclosed", 0)


def test_the_date_patterns_are_those_re_compiles() -> None:
    assert re.compile(dates._DAY_MONTH_YEAR.pattern, re.IGNORECASE) == dates._DAY_MONTH_YEAR
