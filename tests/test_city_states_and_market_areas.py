"""A city-state named as an address's country line, and places named as a market area, are
never read as covering every declared site there (a false "covered", DOMAIN.md §1.2)."""

from __future__ import annotations

import pytest

from scopegap.extract.patterns import certificate_patterns
from scopegap.extract.places import cities_in
from scopegap.match.catalog import Catalog, load_catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("418 Park Avenue, 70358 Jurong West, Singapore", [("Jurong West", "SG")]),
        ("10 Anson Road, Singapore", [("Singapore", "SG")]),
        ("Singapore", [("Singapore", "SG")]),
        ("Manila, Philippines", [("Manila", "PH")]),
    ],
)
def test_city_state_address_gives_its_town(catalog: Catalog, text: str,
                                           expected: list[tuple[str, str]]) -> None:
    assert cities_in(text, catalog) == expected


@pytest.mark.parametrize(
    ("before", "market"),
    [
        ("software development for clients throughout ", True),
        ("services to customers across the ", True),
        ("support for customers based in ", True),
        ("servicios para clientes en todo el territorio de ", True),
        ("contact centre services delivered from ", False),
        ("delivered to customers from our centres in ", False),
        ("all delivery centres located in ", False),
    ],
)
def test_market_area_phrases(before: str, market: bool) -> None:
    assert (certificate_patterns().market_area.search(before) is not None) is market
