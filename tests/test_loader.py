"""The declarative YAML loader: required, unknown and mistyped keys fail on load, with a line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pytest

from scopegap.errors import StackError, UsageError
from scopegap.resources import build, load_file, load_model, models_root, parse_text, yaml_key
from scopegap.resources.loader import SchemaViolation


@dataclass(frozen=True)
class Inner:
    words: tuple[str, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class Demo:
    name: str
    kind: Literal["iso", "soc"]
    inner: Inner
    by_code: dict[str, int] = field(default_factory=dict)
    note: str | None = None
    date_order: str = field(default="DMY", metadata=yaml_key("date-order"))


GOOD = """\
name: demo
kind: soc
inner:
  words: [a, b]
by_code: {x: 1}
date-order: MDY
"""


def test_a_good_file_builds_the_typed_record() -> None:
    demo = parse_text(GOOD, Demo, label="demo.yaml")
    assert demo == Demo("demo", "soc", Inner(("a", "b")), {"x": 1}, None, "MDY")
    assert isinstance(demo.inner.words, tuple)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("  words: [a, b]", "  wrods: [a, b]"),
         "demo.yaml:4: inner.wrods: unknown key (expected one of: weight, words)"),
        (GOOD.replace("name: demo\n", ""), "demo.yaml:1: missing key 'name'"),
        (GOOD.replace("kind: soc", "kind: pdf"),
         "demo.yaml:2: kind: must be one of 'iso', 'soc', not 'pdf'"),
        (GOOD.replace("{x: 1}", "{x: one}"),
         "demo.yaml:5: by_code.x: must be a whole number, not the string 'one'"),
        (GOOD.replace("[a, b]", "[a, yes]"),
         'demo.yaml:4: inner.words[1]: must be a string, not the boolean true (quote it: "NO")'),
        (GOOD.replace("name: demo", "name: [demo"), "demo.yaml:"),
        ("- a\n", "demo.yaml:1: must be a mapping, not a list"),
    ],
)
def test_each_fault_is_one_line_naming_file_line_and_key(text: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_text(text, Demo, label="demo.yaml")
    assert str(caught.value).startswith(message)
    assert caught.value.exit_code == 2


def test_user_files_can_raise_the_callers_error(tmp_path: Path) -> None:
    path = tmp_path / "stack.yaml"
    path.write_text(GOOD + "extra: 1\n", encoding="utf-8")
    with pytest.raises(StackError) as caught:
        load_file(path, Demo, error=StackError)
    assert (caught.value.line, caught.value.reason) == (
        7, "extra: unknown key (expected one of: by_code, date-order, inner, kind, name, note)")
    with pytest.raises(StackError, match="file not found"):
        load_file(tmp_path / "absent.yaml", Demo, error=StackError)


def test_build_reports_the_path_of_the_bad_value() -> None:
    with pytest.raises(SchemaViolation) as caught:
        build({"words": ["a", 3]}, Inner)
    assert caught.value.path == ("words", 1)


@dataclass(frozen=True)
class RenamesMissingAKey:
    version: int
    forms: tuple[str, ...]


def test_a_shipped_file_that_does_not_fit_names_models_file_and_line() -> None:
    with pytest.raises(UsageError) as caught:
        load_model("patterns/renames.yaml", RenamesMissingAKey)
    message = str(caught.value)
    assert message.startswith("models/patterns/renames.yaml:")
    assert message.endswith(": name: unknown key (expected one of: forms, version)")
    line = int(message.split(":")[1])
    text = (Path(str(models_root())) / "patterns" / "renames.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[line - 1].startswith("name:")
