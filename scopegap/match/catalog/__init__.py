"""The catalogs (tools, cloud regions, countries, cities, bodies) and the lookups built on them.

One module per concern: ``names`` (folding, legal forms), ``records`` (the data types),
``schema`` (validation of the raw files), ``tools``, ``regions``, ``places`` (countries, cities,
jurisdictions), ``bodies``, and ``facade`` (the ``Catalog`` that unites their lookups, and
``load_catalog``). Import from here: the split is an inside matter.
"""

from scopegap.match.catalog.facade import (
    CATALOG_FILES,
    Catalog,
    _build_shipped_catalog,
    build_catalog,
    load_catalog,
    load_catalog_from,
)
from scopegap.match.catalog.names import fold, normalise_name
from scopegap.match.catalog.records import (
    BODY_KINDS,
    DATE_ORDERS,
    AliasEntry,
    Body,
    City,
    Country,
    Jurisdiction,
    Provider,
    Region,
    Tool,
)

__all__ = [
    "BODY_KINDS",
    "CATALOG_FILES",
    "DATE_ORDERS",
    "AliasEntry",
    "Body",
    "Catalog",
    "City",
    "Country",
    "Jurisdiction",
    "Provider",
    "Region",
    "Tool",
    "_build_shipped_catalog",
    "build_catalog",
    "fold",
    "load_catalog",
    "load_catalog_from",
    "normalise_name",
]
