"""Subprocessor lists → entries: table-driven on the generator's layouts and on the real lists.

The generated cases carry their own truth (fixtures/generate_lists.py); the real lists'
expectations were counted by hand from the files in ../shared/realdocs.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from fixtures.generate_lists import LAYOUTS, generate_all
from scopegap.extract.subprocessors import (
    ListReading,
    is_header,
    parse_locations,
    pdf_list_source,
    read_entries,
    read_list_path,
    split_item,
    split_names,
)
from scopegap.ingest.pdf import read_pdf
from scopegap.match.catalog import load_catalog

CATALOG = load_catalog()


def read_any(path: Path) -> ListReading:
    if path.suffix == ".pdf":
        return read_entries(pdf_list_source(read_pdf(path)), CATALOG)
    return read_list_path(str(path), CATALOG)[1]


@pytest.mark.parametrize(
    ("text", "codes", "areas"),
    [
        ("EU (Frankfurt)", ("DE",), ()),
        ("Europe (London)", ("GB",), ()),
        ("US East (N. Virginia)", ("US",), ()),
        ("Global", (), ()),
        ("Worldwide", (), ()),
        ("European Union", (), ("EU",)),
        ("United States and European Union", ("US",), ("EU",)),
        ("Belgium; Netherlands", ("BE", "NL"), ()),
        ("Dublin, Ireland", ("IE",), ()),
        ("U.S.A.", ("US",), ()),
        ("Australia, Brazil, Canada", ("AU", "BR", "CA"), ()),
        ("Philippines, Poland, Europe (London)", ("PH", "PL", "GB"), ()),
        ("Nederland and Europe (Spain)", ("NL", "ES"), ()),
        ("United States\nThe location is chosen by the customer", ("US",), ()),
        ("", (), ()),
        # a cell's line breaks lost by the text layer: the words split into places
        ("Estados Unidos Irlanda Amsterdam, Países Bajos", ("US", "IE", "NL"), ()),
        ("United States Ireland", ("US", "IE"), ()),
    ],
)
def test_locations_become_country_codes(text: str, codes: tuple[str, ...],
                                        areas: tuple[str, ...]) -> None:
    assert parse_locations(text, CATALOG) == (codes, areas)


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Amazon Web Services,\nOVH", ["Amazon Web Services", "OVH"]),
        ("Apple Push Notification Service, Firebase",
         ["Apple Push Notification Service", "Firebase"]),
        ("Stripe, Inc.", ["Stripe, Inc."]),
        ("Anthropic, PBC", ["Anthropic, PBC"]),
        ("Functional Software, Inc. d/b/a Sentry", ["Functional Software, Inc. d/b/a Sentry"]),
        ("Black Diamond Development, LLC", ["Black Diamond Development, LLC"]),
        ("Google LLC", ["Google LLC"]),
    ],
)
def test_one_cell_may_name_two_parties_but_a_legal_form_is_not_one(cell: str,
                                                                  names: list[str]) -> None:
    assert split_names(cell, CATALOG) == names


@pytest.mark.parametrize(
    ("text", "name", "rest"),
    [
        ("Stripe, Inc. Payment processing.", "Stripe, Inc.", "Payment processing."),
        ("Functional Software, Inc. d/b/a Sentry. Error monitoring.",
         "Functional Software, Inc. d/b/a Sentry", "Error monitoring."),
        ("Peregrine Support Services Pvt. Ltd. First-line support.",
         "Peregrine Support Services Pvt. Ltd.", "First-line support."),
        ("Harbourline Data B.V. Backup storage.", "Harbourline Data B.V.", "Backup storage."),
        ("Acme Mail - transactional email", "Acme Mail", "transactional email"),
        ("Acme Mail for email processing", "Acme Mail", "email processing"),
    ],
)
def test_vendor_dot_purpose_items_split_after_the_legal_form(text: str, name: str,
                                                             rest: str) -> None:
    assert split_item(text, CATALOG) == (name, rest)


# --------------------------------------------------------------------------- generated


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every layout for two seeds: case name -> case folder."""
    out = tmp_path_factory.mktemp("lists")
    folders = [f for seed in (0, 1) for f in generate_all(seed, out)]
    return {folder.name: folder for folder in folders}


def _bare(name: str) -> str:
    return name.removesuffix(".")


def _single_cases() -> list[str]:
    return [f"list-{seed}-{layout}" for seed in (0, 1) for layout in LAYOUTS]


@pytest.mark.parametrize("case", _single_cases())
def test_generated_list_reads_as_its_truth(generated: dict[str, Path], case: str) -> None:
    folder = generated[case]
    spec: dict[str, Any] = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    ((file_name, expect),) = spec["expect"]["documents"].items()
    reading = read_any(folder / file_name)
    want_updated = expect["updated"]
    assert (reading.updated.value.isoformat() if reading.updated else None) == want_updated
    # "Atlassian Pty Ltd. Issue tracking.": whether the full stop ends "Ltd." or the name
    # cannot be told from the text, so names are compared without a final full stop.
    assert sorted({_bare(e.name) for e in reading.entries}) == sorted(
        _bare(n) for n in expect["subprocessors"])
    for name, codes in expect["subprocessor_locations"].items():
        got = sorted({c for e in reading.entries if _bare(e.name) == _bare(name)
                      for c in e.locations})
        assert got == sorted(codes), name
    pdf = file_name.endswith(".pdf")
    for entry in reading.entries:
        assert entry.evidence.page >= 1 and (pdf or entry.line)
        assert entry.name in entry.evidence.text


def test_generated_layouts_cover_four_formats_and_six_layouts() -> None:
    suffixes = {suffix for suffix, *_ in LAYOUTS.values()}
    assert {"pdf", "md", "csv"} <= suffixes and suffixes & {"html", "htm"}
    assert len(LAYOUTS) >= 6


def test_generator_is_deterministic(tmp_path: Path) -> None:
    first = generate_all(7, tmp_path / "a")
    second = generate_all(7, tmp_path / "b")
    for left, right in zip(first, second, strict=True):
        for file in sorted(left.iterdir()):
            assert file.read_bytes() == (right / file.name).read_bytes(), file.name


def test_pdf_print_date_in_the_header_is_not_the_list_date(generated: dict[str, Path]) -> None:
    folder = generated["list-0-pdf-browser-print"]
    reading = read_any(folder / "subprocessors-pdf-browser-print.pdf")
    assert reading.updated is None or reading.updated.value != date(2026, 11, 14)


# --------------------------------------------------------------------------- real lists


def _real(realdocs: Path, name: str, tmp_path: Path) -> Path:
    """A real list as a user would save it: the *.md.txt files get their .md name back."""
    source = realdocs / name
    if name.endswith(".md.txt"):
        target = tmp_path / name.removesuffix(".txt")
        shutil.copy(source, target)
        return target
    return source


# file, entries (rows counted by hand), updated, {name: locations} spot checks
REAL = [
    ("basecamp_subprocessors.md.txt", 11, date(2023, 6, 8),
     {"hCaptcha": ("US",), "Amazon Web Services": ("US",), "AppSignal": ()}),
    ("github_subprocessors.md.txt", 30, None,
     {"Fireworks AI": ("US", "IS", "DE"), "GitHub BV": ("NL",), "npm Inc": ("US",)}),
    ("gitlab_subprocessors.md.txt", 33, None,
     {"Zendesk Inc.": ("US", "DE"), "Anthropic, PBC": ("US",), "Adfinis": ("AU",),
      "GitLab UK Ltd": ("GB",)}),
    ("zulip_cloud_subprocessors.md.txt", 9, None,
     {"Functional Software, Inc. d/b/a Sentry": (), "Google LLC": ()}),
    ("rocketchat_subprocessors_2020-10-23.pdf", 9, date(2020, 10, 23),
     {"OVH": (), "Firebase": (), "Yesware": ()}),
    ("rocketchat_subprocessors_2023-01-05.pdf", 15, date(2023, 1, 5),
     {"Fabulor.eu": ("BE", "NL"), "Rocketchat Tecnologia LTDA": ("BR",),
      "MongoDB Cloud": ("US",), "Stripe": ()}),
]


@pytest.mark.parametrize(("name", "count", "updated", "locations"), REAL,
                         ids=[r[0] for r in REAL])
def test_real_lists_give_every_entry(realdocs: Path, tmp_path: Path, name: str, count: int,
                                     updated: date | None,
                                     locations: dict[str, tuple[str, ...]]) -> None:
    reading = read_any(_real(realdocs, name, tmp_path))
    assert len(reading.entries) == count
    assert (reading.updated.value if reading.updated else None) == updated
    by_name = {e.name: e for e in reading.entries}
    for party, codes in locations.items():
        assert by_name[party].locations == codes, party


def test_real_areas_are_kept_apart_from_countries(realdocs: Path, tmp_path: Path) -> None:
    reading = read_any(_real(realdocs, "gitlab_subprocessors.md.txt", tmp_path))
    cloudflare = next(e for e in reading.entries if e.name == "Cloudflare Inc.")
    assert cloudflare.locations == ("US",) and cloudflare.areas == ("EU",)
    basecamp = read_any(_real(realdocs, "basecamp_subprocessors.md.txt", tmp_path))
    assert next(e for e in basecamp.entries if e.name == "AppSignal").areas == ("EU",)


@pytest.mark.parametrize(("cells", "header"), [
    (["Name of Subprocessor", "Description of Processing", "Location of Processing",
      "Corporate Location"], True),
    (["Entity Name", "Data Processing Location"], True),
    (["Third Party Entity", "Location", "Service Provided", "GitLab Product"], True),
    (["Intercom R&D Unlimited Company", "Payment processing", "Ireland"], False),
    (["Acme Hosting Company", "Data storage service", "Germany"], False),
])
def test_a_data_row_with_header_words_is_not_a_header(cells: list[str], header: bool) -> None:
    assert is_header(cells) is header
