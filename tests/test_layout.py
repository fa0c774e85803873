"""Imports point one way (ARCHITECTURE.md): cli → portfolio → api → drift → rules → match →
extract → nlp → ingest → resources → domain, errors, settings; report reads only the domain
values and is called by cli and portfolio. A module importing a room above its own is how a
change in one place starts to break another, so the outer rooms are checked here.

Imports under ``if TYPE_CHECKING:`` name a value's type only and run nothing: they are not
counted (the report renders a drift's ``ScopeDiff`` without ever running the drift stage).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scopegap"
ORDER = ("cli", "portfolio", "api", "drift", "rules", "match", "extract", "nlp", "ingest",
         "resources", "base")
BASE = {"domain", "errors", "settings", "startup_cache", "__init__"}
REPORT_MAY_IMPORT = {"report", "resources", "base"}  # its own wording data under models/
CHECKED = ("cli", "portfolio", "api", "drift", "report")


def room(module: str) -> str:
    """``scopegap.portfolio.runner`` → ``portfolio``; the base modules share one room."""
    parts = module.split(".")
    name = parts[1] if len(parts) > 1 else "__init__"
    return "base" if name in BASE else name


def runtime_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(node) for guard in ast.walk(tree) if isinstance(guard, ast.If)
               and ast.unparse(guard.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
               for statement in guard.body for node in ast.walk(statement)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name == "scopegap" or name.startswith("scopegap.")}


def modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py")
                  if room(f"scopegap.{path.relative_to(PACKAGE).with_suffix('')}"
                          .replace("/", ".")) in CHECKED)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    own = room("scopegap." + str(path.relative_to(PACKAGE).with_suffix("")).replace("/", "."))
    for target in map(room, runtime_imports(path)):
        assert target in ORDER or target == "report", f"{target}: a room missing from ORDER"
        if own == "report":
            assert target in REPORT_MAY_IMPORT, f"the report imports {target}"
        elif target != "report":  # report is called by cli and portfolio
            assert ORDER.index(target) >= ORDER.index(own), f"{own} imports {target} (up)"
        else:
            assert own in ("cli", "portfolio"), f"{own} calls the report"


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                   "    from scopegap.cli import main\nfrom scopegap.portfolio.runner import x\n")
    assert runtime_imports(bad) == {"scopegap.portfolio.runner"}
