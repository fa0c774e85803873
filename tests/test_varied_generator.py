"""The varied certificate generator (fixtures/generate_certs_varied.py) is deterministic, and
every label it writes can be read off the PDF it draws: the truth is what the page says."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # fixtures/ is not an installed package
    sys.path.insert(0, str(ROOT))

from fixtures.generate_certs_varied import generate, parse_seeds  # noqa: E402
from fixtures.varied.layouts import fmt_date, render  # noqa: E402
from fixtures.varied.scan import image_only_pdf  # noqa: E402
from fixtures.varied.spec import LANGS, LAYOUTS, CertSpec, build  # noqa: E402
from fixtures.varied.world import world  # noqa: E402

SEEDS = [0, 1, 2, 3, 5, 8, 13, 17]


def pdf_text(data: bytes) -> list[str]:
    doc = pdfium.PdfDocument(data)
    try:
        pages = []
        for i in range(len(doc)):
            tp = doc[i].get_textpage()
            pages.append(tp.get_text_range())
            tp.close()
        return pages
    finally:
        doc.close()


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def built() -> dict[int, tuple[CertSpec, str]]:
    out = {}
    for seed in SEEDS:
        spec = build(seed)
        out[seed] = (spec, flat(" ".join(pdf_text(bytes(render(spec).output())))))
    return out


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("varied")
    generate(out, SEEDS)
    return out


def load_case(root: Path, seed: int) -> tuple[dict[str, Any], dict[str, Any]]:
    folder = root / f"varied_{seed:05d}"
    case = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    stack = yaml.safe_load((folder / "stack.yaml").read_text(encoding="utf-8"))
    return case, stack


@pytest.mark.parametrize(("text", "seeds"), [
    ("0-3", [0, 1, 2, 3]), ("5000,5002-5003", [5000, 5002, 5003]), ("7", [7])])
def test_parse_seeds(text: str, seeds: list[int]) -> None:
    assert parse_seeds(text) == seeds


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_same_seed_same_bytes(seed: int) -> None:
    assert bytes(render(build(seed)).output()) == bytes(render(build(seed)).output())


def test_seeds_vary_layout_language_and_kind() -> None:
    specs = [build(s) for s in range(40)]
    assert {s.layout for s in specs} == {*LAYOUTS, "designed"}
    assert {s.lang for s in specs} == set(LANGS)
    assert {s.kind for s in specs} == {"iso27001_certificate", "iso_certificate"}
    assert any(s.annex != "table" and len(s.sites) > 2 for s in specs)
    assert any(c.city.country == "US" for s in specs for c in s.sites)


@pytest.mark.parametrize("seed", SEEDS)
def test_printed_values_are_on_the_page(built: dict[int, tuple[CertSpec, str]],
                                        seed: int) -> None:
    spec, text = built[seed]
    squashed = spec.extras.date_grid == "squashed"  # "16September2024": spaces lost
    for value in (spec.holder, spec.cert_no, spec.printed_standard, spec.body.short,
                  spec.body.legal, fmt_date(spec, spec.issue), fmt_date(spec, spec.expiry)):
        assert flat(value) in text or (squashed and value.replace(" ", "") in text), value
    if spec.original:
        printed = fmt_date(spec, spec.original)
        assert printed in text or (squashed and printed.replace(" ", "") in text)
    for site in spec.sites:
        assert flat(site.address) in text
    for _, printed in spec.tools:
        assert printed in text


@pytest.mark.parametrize("seed", SEEDS)
def test_issuer_legal_name_only_in_the_footer(built: dict[int, tuple[CertSpec, str]],
                                              seed: int) -> None:
    spec, text = built[seed]
    assert text.count(spec.body.legal) == (2 if len(spec.sites) > 2 else 1)
    assert spec.body.address in text


@pytest.mark.parametrize("seed", SEEDS)
def test_truth_matches_the_spec(cases: Path, seed: int) -> None:
    spec = build(seed)
    case, stack = load_case(cases, seed)
    doc = case["expect"]["documents"][f"{spec.stem}.pdf"]
    assert doc["window"] == {"start": spec.issue, "end": spec.expiry}
    assert doc["issuer"] == spec.body.legal
    assert doc["sites"] == [s.city.name for s in spec.sites]
    assert spec.issue < spec.expiry
    if spec.original:
        assert doc["original_date"] <= doc["window"]["start"]
    else:
        assert "original_date" not in doc
    assert set(case["expect"]["coverage"]) == set(stack["tools"]) | set(stack["sites"])


@pytest.mark.parametrize("seed", SEEDS)
def test_traps_are_never_sites(cases: Path, seed: int) -> None:
    spec = build(seed)
    case, _ = load_case(cases, seed)
    site_cities = {s.city.name for s in spec.sites}
    for city in spec.traps.values():
        assert city not in site_cities
    coverage = case["expect"]["coverage"]
    for item, status in coverage.items():
        if any(item.split(",")[0] == t for t in spec.traps.values() if t):
            assert status == "uncovered", item


ITEM_KINDS = {"excluded", "uncovered_tool", "uncovered_site"}


@pytest.mark.parametrize("seed", SEEDS)
def test_findings_follow_coverage(cases: Path, seed: int) -> None:
    case, stack = load_case(cases, seed)
    expect = case["expect"]
    item_findings = {(k, s) for k, s in expect["findings"] if k in ITEM_KINDS}
    wanted = set()
    for item, status in expect["coverage"].items():
        if status == "excluded":
            wanted.add(("excluded", item))
        elif status == "uncovered":
            wanted.add(("uncovered_tool" if item in stack["tools"] else "uncovered_site", item))
    assert item_findings == wanted


@pytest.mark.parametrize("seed", [s for s in range(60) if build(s).kind == "iso_certificate"][:4])
def test_standalone_extension_covers_nothing_and_is_not_superseded(cases: Path,
                                                                    seed: int) -> None:
    spec = build(seed)
    text = flat(" ".join(pdf_text(bytes(render(spec).output()))))
    assert "27001:2013" in text  # cites its parent...
    assert spec.standards == [spec.standards[0]] and "27001" not in spec.standards[0]
    out = cases.parent / f"standalone_{seed}"
    generate(out, [seed])
    case, _ = load_case(out, seed)
    assert set(case["expect"]["coverage"].values()) == {"uncovered"}
    assert "superseded_edition" not in {k for k, _ in case["expect"]["findings"]}


@pytest.mark.parametrize("seed", [s for s in range(80)
                                  if any(c.city.country == "US" for c in build(s).sites)][:3])
def test_us_sites_print_a_state(seed: int) -> None:
    spec = build(seed)
    states = world().us_states
    for site in spec.sites:
        if site.city.country == "US":
            assert site.city.state in states
            assert re.search(rf"{site.city.name}, ({site.city.state}|{states[site.city.state]})\b",
                             site.address)


@pytest.mark.parametrize("seed", [s for s in range(80) if build(s).lang != "en"
                                  and build(s).excluded_site][:4])
def test_exclusions_are_written_in_the_certificate_language(seed: int) -> None:
    spec = build(seed)
    word = str(spec.words()["exclude_site"]).split("{")[0].strip()
    assert spec.excluded_site is not None
    assert f"{word}" in spec.scope and spec.excluded_site.city.name in spec.scope


def test_scan_twin_has_no_text_layer() -> None:
    spec = build(0)
    data = bytes(render(spec).output())
    image = image_only_pdf(data, 0, "scan")
    assert len(pdf_text(image)) == len(pdf_text(data))
    assert all(not t.strip() for t in pdf_text(image))
    assert image == image_only_pdf(data, 0, "scan")


def test_the_generators_legal_forms_are_the_products() -> None:
    """The generator draws its holders' forms from its own frozen list (so a growing catalog
    does not reshuffle the seeds); every one of them must still be a form the product reads."""
    from scopegap.match.catalog import load_catalog

    catalog = load_catalog()
    assert [form for form in world().legal_forms
            if catalog.normalise(f"Harrowgate Contact {form}") != "harrowgate contact"] == []
