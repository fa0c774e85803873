"""Locate and parse the shipped data under ``models/`` (installed as ``scopegap_models``).

Raw YAML only: the typed, validated view of a file is ``scopegap.resources.loader``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any


def models_root() -> Traversable:
    """The root of the shipped data files, wherever the package was installed."""
    return resources.files("scopegap_models")


def model_file(relative: str) -> Traversable:
    """The data file ``relative`` (``"catalog/tools.yaml"``) under models/."""
    node = models_root()
    for part in relative.split("/"):
        node = node / part
    return node


@cache
def load_yaml(relative: str) -> Any:
    """Load one YAML data file under models/ (cached: data files never change in a run).

    Served from the start-up cache of every parsed data file when it is valid (see
    ``scopegap.resources.startup_cache``), otherwise parsed here; either way the same documents.
    """
    documents = _all_documents()
    if documents is not None and relative in documents:
        return documents[relative]
    return _parse(relative)


def yaml_loader() -> Any:
    """libyaml's safe loader when it is there (ten times the pure-Python parser)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse(relative: str) -> Any:
    import yaml

    with model_file(relative).open("r", encoding="utf-8") as handle:
        return yaml.load(handle, Loader=yaml_loader())  # a safe loader


@cache
def _all_documents() -> dict[str, Any] | None:
    """Every YAML file under models/, parsed, from the start-up cache or parsed now.

    ``None`` when one of them does not parse: each caller then reads its own file and sees
    its own error, as if there were no cache.
    """
    import yaml

    from scopegap.resources.startup_cache import cached

    try:
        return cached("models-yaml", dict, _parse_all)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _parse_all() -> dict[str, Any]:
    return {name: _parse(name) for name in sorted(_yaml_files(models_root(), ""))}


def _yaml_files(node: Traversable, prefix: str) -> list[str]:
    found: list[str] = []
    for child in node.iterdir():
        name = f"{prefix}{child.name}"
        if child.is_dir():
            if child.name != "__pycache__":
                found.extend(_yaml_files(child, name + "/"))
        elif child.name.endswith(".yaml"):
            found.append(name)
    return found
