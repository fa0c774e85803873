"""LazyFields: pattern sets are built field by field on first read, once, and stay read-only."""

from __future__ import annotations

import re

import pytest

from scopegap.extract.patterns import LazyFields, certificate_patterns
from scopegap.extract.soc.patterns import soc_patterns


class _Pair(LazyFields):
    word: re.Pattern[str]
    limit: int


def test_a_field_is_built_on_first_read_and_only_once() -> None:
    calls: list[str] = []

    def word() -> re.Pattern[str]:
        calls.append("word")
        return re.compile("a+")

    pair = _Pair(word=word, limit=lambda: 3)
    assert calls == []
    assert pair.word.fullmatch("aaa")
    assert pair.word is pair.word
    assert calls == ["word"]
    assert pair.limit == 3


def test_builders_must_name_exactly_the_declared_fields() -> None:
    with pytest.raises(TypeError, match="limit"):
        _Pair(word=lambda: re.compile("a"))
    with pytest.raises(TypeError, match="extra"):
        _Pair(word=lambda: re.compile("a"), limit=lambda: 1, extra=lambda: 2)


def test_a_value_given_for_a_builder_is_refused_at_construction() -> None:
    with pytest.raises(TypeError, match="limit"):
        _Pair(word=lambda: re.compile("a"), limit=3)  # type: ignore[arg-type]


def test_fields_are_read_only_and_unknown_names_are_attribute_errors() -> None:
    pair = _Pair(word=lambda: re.compile("a"), limit=lambda: 1)
    with pytest.raises(AttributeError):
        pair.limit = 2
    unknown = "nothing"
    with pytest.raises(AttributeError, match="nothing"):
        getattr(pair, unknown)


def test_the_packaged_pattern_sets_build_every_field() -> None:
    for patterns in (certificate_patterns(), soc_patterns()):
        for klass in type(patterns).__mro__:
            for name in getattr(klass, "__annotations__", {}):
                assert getattr(patterns, name) is not None, name
