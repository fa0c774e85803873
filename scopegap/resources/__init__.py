"""Shipped data and YAML files: where they are (``files``), how each is read and validated
(``loader``), and the on-disk cache of start-up work built from them (``startup_cache``).

Layered so there is no import cycle: ``files`` needs nothing, ``startup_cache`` needs
``files``, ``loader`` needs both.
"""

from scopegap.resources.files import load_yaml, model_file, models_root
from scopegap.resources.loader import (
    ErrorFactory,
    SchemaViolation,
    build,
    load_file,
    load_model,
    parse_text,
    usage_error,
    yaml_key,
)

__all__ = [
    "ErrorFactory",
    "SchemaViolation",
    "build",
    "load_file",
    "load_model",
    "load_yaml",
    "model_file",
    "models_root",
    "parse_text",
    "usage_error",
    "yaml_key",
]
