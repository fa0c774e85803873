"""Shipped data and YAML files: where they are (``files``), how each is read and validated
(``loader``), and the on-disk cache of start-up work built from them (``startup_cache``).

Layered so there is no import cycle: ``files`` and ``user_files`` (reading the user's YAML
safely) need nothing here, ``startup_cache`` needs ``files``, ``loader`` needs all three.
"""

from scopegap.resources.files import load_yaml, model_file, models_root
from scopegap.resources.loader import (
    SchemaViolation,
    build,
    line_of,
    load_file,
    load_model,
    parse_mapping,
    parse_text,
    yaml_key,
)
from scopegap.resources.user_files import ErrorFactory, usage_error

__all__ = [
    "ErrorFactory",
    "SchemaViolation",
    "build",
    "line_of",
    "load_file",
    "load_model",
    "load_yaml",
    "model_file",
    "models_root",
    "parse_mapping",
    "parse_text",
    "usage_error",
    "yaml_key",
]
