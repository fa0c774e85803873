"""The fixture generator is deterministic, and its truth files agree with the PDFs it writes."""

from __future__ import annotations

import json
import re
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # fixtures/ is not an installed package
    sys.path.insert(0, str(ROOT))

from fixtures.generate import (  # noqa: E402
    DATE_FORMATS,
    DOCS,
    RASTER_FONTS,
    generate_all,
    variants,
)

FIXTURES = ROOT / "fixtures"
AS_OF = date(2026, 11, 22)
RASTER_LAYOUTS = {"image_only", "image_scope_page"}
MAIN_LAYOUTS = {"seal", "two_column", "label_table", "registration_footer",
                "multipage_schedule", "bilingual"}
KINDS = {"iso27001_certificate", "iso_certificate", "soc2_type1", "soc2_type2", "soc3",
         "bridge_letter", "unknown"}
TRUTH_KEYS = {"kind", "standards", "holder", "issuer", "certificate_number", "window",
              "original_date", "sites", "systems", "regions", "exclusions", "no_text_layer",
              "date_format", "layout", "pages", "purpose"}
STACK_KEYS = {"vendor", "contract", "tools", "sites", "regions", "subprocessors"}
STEMS = [d.stem for d in DOCS]


def load_truth(stem: str, folder: Path = FIXTURES) -> dict[str, Any]:
    return json.loads((folder / "truth" / f"{stem}.json").read_text(encoding="utf-8"))


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def page_texts(path: Path) -> list[str]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def object_types(path: Path) -> list[set[int]]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return [{obj.type for obj in doc[i].get_objects()} for i in range(len(doc))]
    finally:
        doc.close()


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fixtures_a")
    generate_all(out, include_variants=True)
    return out


# ---- determinism -----------------------------------------------------------------------------
def test_generating_twice_gives_byte_identical_files(
        fresh: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    again = tmp_path_factory.mktemp("fixtures_b")
    generate_all(again, include_variants=True)
    first, second = tree(fresh), tree(again)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"non-deterministic output: {differing}"
    pdfs = [name for name in first if name.endswith(".pdf")]
    assert len(pdfs) == len(DOCS) + len(variants())
    for name in pdfs:
        data = first[name]
        assert b"D:20260105093000" in data, f"{name}: creation date is not the fixed one"
        assert b"/ID [" in data, f"{name}: expected a content-derived /ID"


def test_committed_fixtures_are_up_to_date(fresh: Path) -> None:
    """What is committed under fixtures/ is exactly what the generator writes now."""
    hint = "fixtures are stale: run `python fixtures/generate.py` and commit the result"
    for rel in ["cases.yaml", *(f"stacks/{p.name}" for p in (fresh / "stacks").iterdir()),
                *(f"truth/{s}.json" for s in STEMS)]:
        assert (FIXTURES / rel).read_bytes() == (fresh / rel).read_bytes(), f"{rel}: {hint}"
    for doc in DOCS:
        if doc.layout in RASTER_LAYOUTS and RASTER_FONTS is None:
            continue  # the scans were drawn with DejaVu Sans, which this machine lacks
        rel = f"pdf/{doc.stem}.pdf"
        assert (FIXTURES / rel).read_bytes() == (fresh / rel).read_bytes(), f"{rel}: {hint}"


def test_every_truth_file_has_a_pdf_and_back() -> None:
    truths = {p.stem for p in (FIXTURES / "truth").glob("*.json")}
    pdfs = {p.stem for p in (FIXTURES / "pdf").glob("*.pdf")}
    assert truths == pdfs == set(STEMS)


# ---- each document -----------------------------------------------------------------------------
@pytest.mark.parametrize("stem", STEMS)
def test_truth_is_well_formed(stem: str) -> None:
    t = load_truth(stem)
    assert set(t) >= TRUTH_KEYS
    assert t["kind"] in KINDS
    assert t["date_format"] in DATE_FORMATS
    assert set(t["window"]) == {"start", "end"}
    for value in (t["window"]["start"], t["window"]["end"], t["original_date"]):
        assert value is None or date.fromisoformat(value)
    if t["window"]["start"]:
        assert t["window"]["start"] < t["window"]["end"]
    for std in t["standards"]:
        assert re.fullmatch(r"ISO(/IEC)? \d{4,5}(-\d)?:\d{4}", std), std
    if t["kind"] == "iso27001_certificate":
        assert any(s.startswith("ISO/IEC 27001:") for s in t["standards"])
    if t["kind"] == "unknown":
        assert t["standards"] == [] and t["holder"] is None and t["issuer"] is None
    assert t["no_text_layer"] == (t["layout"] in RASTER_LAYOUTS)


@pytest.mark.parametrize("stem", STEMS)
def test_pdf_opens_with_expected_pages_and_size(stem: str) -> None:
    path = FIXTURES / "pdf" / f"{stem}.pdf"
    t = load_truth(stem)
    doc = pdfium.PdfDocument(str(path))
    try:
        assert len(doc) == t["pages"]
        w, h = doc[0].get_size()
        assert (round(w), round(h)) == (595, 842)  # A4 in points
    finally:
        doc.close()
    assert path.stat().st_size < 60_000


@pytest.mark.parametrize("stem", [d.stem for d in DOCS if d.layout in RASTER_LAYOUTS])
def test_image_pages_have_no_text(stem: str) -> None:
    t = load_truth(stem)
    path = FIXTURES / "pdf" / f"{stem}.pdf"
    texts, types = page_texts(path), object_types(path)
    for page in t["image_pages"]:
        assert texts[page - 1].strip() == "", f"page {page} has a text layer"
        assert types[page - 1] == {pdfium_c.FPDF_PAGEOBJ_IMAGE}, "expected only an image"
    text_pages = [i for i in range(t["pages"]) if i + 1 not in t["image_pages"]]
    for i in text_pages:
        assert texts[i].strip(), f"page {i + 1} should keep its text layer"
    if t["layout"] == "image_only":
        assert t["holder"] is None and t["kind"] == "unknown"
        assert t["image_content"]["holder"]


@pytest.mark.parametrize("stem", [d.stem for d in DOCS])
def test_truth_values_are_in_the_text_layer(stem: str) -> None:
    t = load_truth(stem)
    text = norm(" ".join(page_texts(FIXTURES / "pdf" / f"{stem}.pdf")))
    fmt = DATE_FORMATS[t["date_format"]]
    if t["layout"] == "image_only":
        assert text == ""
        return
    for key in ("holder", "certificate_number", "issuer"):
        if t[key] is not None:
            assert norm(t[key]) in text, f"{key} {t[key]!r} not in the text layer"
    for phrase in t["exclusions"]:
        assert norm(phrase) in text, f"exclusion {phrase!r} not in the text layer"
    for key in ("start", "end"):
        if t["window"][key]:
            printed = fmt(date.fromisoformat(t["window"][key]))
            assert printed in text, f"window {key} printed as {printed!r} not found"
    if t["original_date"]:
        assert fmt(date.fromisoformat(t["original_date"])) in text
    for site in t["sites"]:
        city = site.split(",")[0]
        assert city in text, f"site city {city!r} not in the text layer"
    for std in t["standards"]:
        number, edition = std.split(" ")[-1].split(":")
        printed = rf"{re.escape(number)}:{edition}"
        if std == "ISO/IEC 27001:2013":  # EN ISO/IEC 27001:2017 is the 2013 edition
            printed = rf"(?:{printed}|EN ISO/IEC 27001:2017)"
        assert re.search(printed, text), std


def test_variants_print_their_dates(fresh: Path) -> None:
    vdir = fresh / "variants"
    for doc in variants():
        t = load_truth(doc.stem, vdir)
        text = norm(" ".join(page_texts(vdir / "pdf" / f"{doc.stem}.pdf")))
        fmt = DATE_FORMATS[t["date_format"]]
        assert fmt(date.fromisoformat(t["window"]["end"])) in text, doc.stem
        assert t["certificate_number"] in text


# ---- the set as a whole --------------------------------------------------------------------------
def test_the_set_covers_what_the_fixtures_are_for() -> None:
    truths = {s: load_truth(s) for s in STEMS}
    certs = [t for t in truths.values() if t["kind"] in ("iso27001_certificate",
                                                          "iso_certificate")]
    certs += [t for t in truths.values() if t["layout"] == "image_only"]
    assert len(certs) >= 18
    layouts = [t["layout"] for t in truths.values()]
    for layout in MAIN_LAYOUTS:
        assert layouts.count(layout) >= 2, layout
    assert set(layouts) >= RASTER_LAYOUTS
    assert {t["date_format"] for t in truths.values()} == set(DATE_FORMATS)
    standards = {s for t in truths.values() for s in t["standards"]}
    assert {"ISO/IEC 27001:2013", "ISO/IEC 27001:2022", "ISO/IEC 27017:2015",
            "ISO/IEC 27018:2019", "ISO/IEC 27701:2019"} <= standards
    assert sum(t["kind"] == "iso_certificate" for t in truths.values()) >= 2
    assert any(t["kind"] == "unknown" and t["layout"] == "letter" for t in truths.values())
    ends = [date.fromisoformat(t["window"]["end"]) for t in truths.values()
            if t["window"]["end"]]
    assert any(e.year == 2024 for e in ends), "an certificate that expired in 2024"
    assert any(AS_OF < e <= AS_OF + timedelta(days=90) for e in ends), "one expiring soon"
    en2017 = [d for d in DOCS if d.standard.startswith("EN ISO/IEC 27001:2017")]
    assert en2017 and load_truth(en2017[0].stem)["standards"] == ["ISO/IEC 27001:2013"]
    aligned = [d for d in DOCS if "aligned with ISO/IEC 27017" in d.scope]
    assert aligned and "ISO/IEC 27017:2015" not in load_truth(aligned[0].stem)["standards"]
    multi = [t for t in truths.values() if t["layout"] == "multipage_schedule"]
    assert all(5 <= len(t["sites"]) <= 12 and t["pages"] >= 3 for t in multi)


def stack_item_names(stack: dict[str, Any]) -> list[str]:
    names = []
    for key in ("tools", "sites", "regions", "subprocessors"):
        for item in stack.get(key) or []:
            names.append(item if isinstance(item, str) else item["name"])
    return names


def test_cases_reference_existing_stacks_and_documents() -> None:
    cases = yaml.safe_load((FIXTURES / "cases.yaml").read_text(encoding="utf-8"))["cases"]
    assert len(cases) >= 3
    seen_kinds: set[str] = set()
    statuses: set[str] = set()
    for name, case in cases.items():
        stack_path = FIXTURES / case["stack"]
        stack = yaml.safe_load(stack_path.read_text(encoding="utf-8"))
        assert set(stack) <= STACK_KEYS, f"{name}: unknown stack keys"
        assert stack["vendor"]
        assert date.fromisoformat(case["as_of"]) == AS_OF
        for doc in case["documents"]:
            assert (FIXTURES / doc).is_file(), f"{name}: missing {doc}"
        expect = case["expect"]
        assert sorted(expect["coverage"]) == sorted(stack_item_names(stack)), name
        statuses |= set(expect["coverage"].values())
        documents = {Path(d).name for d in case["documents"]}
        for finding in expect["findings_include"]:
            seen_kinds.add(finding["kind"])
            if finding["subject"].endswith(".pdf"):
                assert finding["subject"] in documents
    assert {"covered", "uncovered", "excluded"} <= statuses
    assert {"holder_mismatch", "expired", "excluded", "expiring_soon", "no_text_layer",
            "superseded_edition"} <= seen_kinds
