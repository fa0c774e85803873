"""Holder names: legal-form variants, case and punctuation are the same entity (SPEC.md)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scopegap.match.catalog import load_catalog

SAME = [
    ("Kestrel Outsourcing Pvt. Ltd.", "Kestrel Outsourcing Private Limited"),
    ("NORTHWIND CONTACT SERVICES LTD", "Northwind Contact Services Limited"),
    ("HackerBay, Inc.", "HackerBay Inc"),
    ("Protea Customer Care (Pty) Ltd", "Protea Customer Care"),
    # dots and spaces dropped in a contract's spreadsheet
    ("Smartlook.com, s.r.o.", "Smartlookcom sro"),
    ("Team Viewer GmbH", "TeamViewer"),
    ("Brnoflow s.r.o.", "BRNOFLOW SRO"),
]
DIFFERENT = [
    ("Kestrel Global Services Ltd", "Kestrel Outsourcing Private Limited"),
    ("Northwind Contact Services Ltd", "Northwind Contact Ltd"),
    ("Slack Technologies, Inc.", "HackerBay, Inc."),
    ("Acme Co", "Acmeco"),  # a run-together legal form is only stripped as its own word
    ("Nova Desk", "Nova"),
]


@pytest.mark.parametrize(("left", "right"), SAME)
def test_legal_form_variants_are_one_entity(left: str, right: str) -> None:
    assert load_catalog().same_entity(left, right)


@pytest.mark.parametrize(("left", "right"), DIFFERENT)
def test_different_entities_stay_apart(left: str, right: str) -> None:
    assert not load_catalog().same_entity(left, right)


words = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll")), min_size=2,
                max_size=10)


@given(st.lists(words, min_size=1, max_size=4),
       st.sampled_from(["Ltd", "Ltd.", "Limited", "Inc.", "LLC", "Pvt. Ltd.", "GmbH", ""]),
       st.sampled_from(["", ",", "."]))
def test_case_punctuation_and_legal_form_never_change_identity(
    parts: list[str], form: str, punctuation: str
) -> None:
    catalog = load_catalog()
    name = " ".join(parts)
    variant = f"{name.upper()}{punctuation} {form}".strip()
    assert catalog.same_entity(name, variant)
