"""The varied SOC generator is consistent with itself: deterministic by seed, every label it
writes is printed in the PDF's text layer (or deliberately not), the stack's statuses agree
with its findings, and the seeds spread over every layout. Extraction is not tested here."""

from __future__ import annotations

import re
import sys
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fixtures.generate_soc_varied import generate, parse_seeds  # noqa: E402
from fixtures.socgen import vocab  # noqa: E402
from fixtures.socgen.expect import case, stack_items  # noqa: E402
from fixtures.socgen.letters import build_letter, render_letter  # noqa: E402
from fixtures.socgen.render import render  # noqa: E402
from fixtures.socgen.spec import build  # noqa: E402

SEEDS = [0, 3, 7, 12, 21, 34]


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    out = tmp_path_factory.mktemp("socgen")
    return {seed: folder for seed, folder in
            zip(SEEDS, generate(out, SEEDS, letters=False), strict=True)}


@cache
def pages_text(folder: Path) -> list[str]:
    pdf = next(folder.glob("*.pdf"))
    with pdfplumber.open(pdf) as doc:
        return [page.extract_text() or "" for page in doc.pages]


def printed(name: str, pages: list[str]) -> bool:
    """Every word of ``name`` on one page (table cells wrap, so not always contiguous)."""
    need = set(words(name))
    return any(need <= set(words(page)) for page in pages)


def expected(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_same_seed_same_bytes(seed: int) -> None:
    assert render(build(seed)) == render(build(seed))
    assert case(build(seed), "x.pdf") == case(build(seed), "x.pdf")


def test_different_seeds_differ() -> None:
    assert render(build(1)) != render(build(2))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("field", ["holder", "issuer", "systems", "sites",
                                   "subservice_organizations"])
def test_labels_are_printed(written: dict[int, Path], seed: int, field: str) -> None:
    folder = written[seed]
    pages = pages_text(folder)
    doc = next(iter(expected(folder)["expect"]["documents"].values()))
    spec = build(seed)
    want = doc[field]
    if field == "systems":  # the catalog name may be printed as an alias
        printed_names = {t.canonical: t.printed for t in (*spec.tools, *spec.components)}
        want = [printed_names.get(name, name) for name in want]
    names = [want] if isinstance(want, str) else list(want)
    assert names or field == "sites"
    for name in names:
        assert printed(name, pages), f"{field} {name!r} is not in the text layer"


@pytest.mark.parametrize("seed", SEEDS)
def test_decoys_are_printed_but_not_labelled(written: dict[int, Path], seed: int) -> None:
    spec = build(seed)
    pages = pages_text(written[seed])
    doc = next(iter(expected(written[seed])["expect"]["documents"].values()))
    assert printed(spec.hq_city, pages)
    assert spec.hq_city not in doc["sites"]
    assert spec.firm_city.split(",")[0] not in doc["sites"]
    for city, _ in spec.offices:
        assert printed(city, pages) and city not in doc["sites"]
    for tool in spec.decoy_tools:
        assert printed(tool.printed, pages) and tool.canonical not in doc["systems"]
    for exclusion in spec.exclusions:
        for name in exclusion.printed:
            assert printed(name, pages)
    for name in spec.unmentioned_tools:
        assert not any(name.casefold() in p.casefold() for p in pages)


@pytest.mark.parametrize("seed", SEEDS)
def test_findings_follow_coverage(written: dict[int, Path], seed: int) -> None:
    exp = expected(written[seed])["expect"]
    kinds = {"uncovered": "uncovered_", "excluded": "excluded", "carved_out": "carved_out"}
    subjects = {s for _, s in exp["findings"]}
    for item, status in exp["coverage"].items():
        assert status in ("covered", "uncovered", "excluded", "carved_out")
        hit = [k for k, s in exp["findings"] if s == item]
        if status == "covered":
            assert item not in subjects
        else:
            assert len(hit) == 1 and hit[0].startswith(kinds[status])
    stack = yaml.safe_load((written[seed] / "stack.yaml").read_text(encoding="utf-8"))
    declared = [n for key in ("tools", "sites", "regions", "subprocessors") for n in stack[key]]
    assert declared == list(exp["coverage"])


@pytest.mark.parametrize("seed", range(40))
def test_dates_keep_clear_of_thresholds(seed: int) -> None:
    spec = build(seed)
    gap = (spec.as_of - spec.end).days
    assert 10 < gap < 80 or 100 < gap < 340 or gap > 380
    assert spec.start <= spec.end < spec.report_date
    if spec.kind == "soc2_type1":
        assert spec.start == spec.end
    else:
        months = (spec.end.year - spec.start.year) * 12 + spec.end.month - spec.start.month + 1
        assert months in (3, 6, 12) and (spec.start - timedelta(days=1)).day >= 28


@pytest.mark.parametrize("seed", SEEDS)
def test_image_page_has_no_text(written: dict[int, Path], seed: int) -> None:
    spec = build(seed)
    pages = pages_text(written[seed])
    blank = [i for i, page in enumerate(pages) if not page.strip()]
    assert bool(blank) == (spec.image_page in ("signature", "back_cover"))


@pytest.mark.parametrize("attribute, values", [
    ("kind", {"soc2_type1", "soc2_type2", "soc3"}),
    ("opinion", {"unmodified", "qualified", "adverse", "disclaimer"}),
    ("systems_layout", {"ruled", "unruled", "ticks", "prose", "yesno"}),
    ("dc_layout", {"twocol", "table", "prose", "codes"}),
    ("subservice_layout", {"table", "prose", "table_no_method"}),
    ("cuec_layout", {"numbered", "bullets", "table", "plain"}),
    ("image_page", {"none", "signature", "back_cover", "logo_cover"}),
    ("provider", {"aws", "azure", "gcp"}),
    ("heading_style", {"section_roman", "section_arabic", "roman", "upper", "plain"}),
])
def test_seeds_cover_every_variant(attribute: str, values: set[str]) -> None:
    seen = {getattr(build(seed), attribute) for seed in range(80)}
    assert seen == values


def test_firm_placements_and_real_firms_appear() -> None:
    specs = [build(seed) for seed in range(80)]
    places = {p for s in specs for p in s.firm_places}
    assert places == {"signature", "letterhead", "footer", "cover"}
    assert {s.firm for s in specs} & set(vocab.REAL_FIRMS) == set(vocab.REAL_FIRMS)
    assert all(s.holder not in s.addressee or s.holder != s.firm for s in specs)


@pytest.mark.parametrize("seed", range(40))
def test_regions_map_from_catalog(seed: int) -> None:
    spec = build(seed)
    known = {(r.provider, r.code): r for r in vocab.dc_regions()}
    for dc in spec.datacentres:
        assert known[(dc.provider, dc.code)].city == dc.city
    covered = {name for name, status in stack_items(spec)["regions"] if status == "covered"}
    assert all(any(dc.code in name for dc in spec.datacentres) for name in covered)


@pytest.mark.parametrize("text, seeds", [
    ("5000-5002", [5000, 5001, 5002]), ("3,7,9-10", [3, 7, 9, 10]), ("42", [42])])
def test_parse_seeds(text: str, seeds: list[int]) -> None:
    assert parse_seeds(text) == seeds


def test_parse_seeds_rejects_garbage() -> None:
    with pytest.raises(Exception, match="bad seed range"):
        parse_seeds("a-b")


def test_every_fifth_seed_also_writes_a_letter(tmp_path: Path) -> None:
    folders = generate(tmp_path, [0, 1, 5])
    letters = [f for f in folders if f.name.startswith("gen-letter-")]
    assert [f.name[:16] for f in letters] == ["gen-letter-00000", "gen-letter-00005"]
    for folder in letters:
        spec = build_letter(int(folder.name[11:16]))
        assert render_letter(spec) == render_letter(build_letter(spec.seed))  # deterministic
        pages = pages_text(folder)
        doc = next(iter(expected(folder)["expect"]["documents"].values()))
        assert printed(doc["holder"], pages)
        assert doc["issuer"] is None or printed(doc["issuer"], pages)
        assert ("bridge" in " ".join(pages).casefold()) == (
            spec.kind == "bridge_letter" and spec.wording == 0)
