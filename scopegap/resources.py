"""Locate the shipped data under ``models/`` (installed as ``scopegap_models``)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml


def models_root() -> Traversable:
    """The root of the shipped data files, wherever the package was installed."""
    return resources.files("scopegap_models")


@cache
def load_yaml(relative: str) -> Any:
    """Load one YAML data file under models/ (cached: data files never change in a run)."""
    node = models_root()
    for part in relative.split("/"):
        node = node / part
    with node.open("r", encoding="utf-8") as handle:
        return yaml.safe_load(handle)
