"""Data, not code: catalogs and patterns shipped as the ``scopegap_models`` package."""
