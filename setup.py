"""The package list: every ``scopegap`` subpackage, found (never a hand-kept list), plus the data
under ``models/`` shipped as ``scopegap_models`` (mapped in pyproject.toml). It lives here because
pyproject's ``packages.find`` cannot add a package whose folder has another name."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["scopegap", "scopegap.*"]), "scopegap_models"])
