"""The SOC fixtures: the generator is deterministic and matches what is committed; every
document's extraction matches its truth; a long (200-page) report gives the same facts,
with pdfplumber opened once on the few pages that hold component tables."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fixtures.generate_soc import DOCS, generate_all, long_report, write  # noqa: E402
from scopegap.cli import main  # noqa: E402
from scopegap.extract.document import extract_path  # noqa: E402
from scopegap.match.catalog import load_catalog  # noqa: E402
from scopegap.report.json_report import document_json  # noqa: E402

SOC = ROOT / "fixtures" / "soc"
STEMS = [d.stem for d in DOCS]


def truth(stem: str) -> dict[str, Any]:
    return json.loads((SOC / "truth" / f"{stem}.json").read_text(encoding="utf-8"))


def check(got: dict[str, Any], expected: dict[str, Any]) -> None:
    catalog = load_catalog()
    for key in ("kind", "window", "opinion", "trust_services_categories", "exceptions"):
        assert got[key] == expected[key], key
    for key in ("holder", "issuer"):
        assert (got[key] and catalog.normalise(got[key])) == \
            (expected[key] and catalog.normalise(expected[key])), key
    assert [(o["name"], o["method"]) for o in got["subservice_organizations"]] == \
        [(o["name"], o["method"]) for o in expected["subservice_organizations"]]
    assert len(got["cuecs"]) == expected["cuecs"]
    assert {s["name"] for s in got["systems"]} == set(expected["systems"])
    assert {r["name"] for r in got["regions"]} == set(expected["regions"])
    assert {s["name"] for s in got["sites"]} == set(expected["sites"])
    for row in (*got["systems"], *got["sites"], *got["regions"], *got["cuecs"],
                *got["subservice_organizations"]):
        assert row["page"] >= 1


@pytest.mark.parametrize("stem", STEMS)
def test_extraction_matches_truth(stem: str) -> None:
    got = document_json(extract_path(SOC / "pdf" / f"{stem}.pdf"))
    check(got, truth(stem))
    if got["kind"] == "unknown":
        assert got["warnings"]  # says what the document is instead


def test_generator_is_deterministic_and_committed_files_are_current(tmp_path: Path) -> None:
    cases = ROOT / "fixtures" / "cases.yaml"
    copy = tmp_path / "cases.yaml"
    copy.write_text(cases.read_text(encoding="utf-8"), encoding="utf-8")
    first = generate_all(tmp_path / "a", copy)
    second = generate_all(tmp_path / "b", None)
    for path in first:
        other = tmp_path / "b" / "pdf" / path.name
        assert path.read_bytes() == other.read_bytes(), path.name
        assert path.read_bytes() == (SOC / "pdf" / path.name).read_bytes(), \
            f"{path.name} is stale: run python fixtures/generate_soc.py"
    for folder in ("truth", "stacks"):
        for path in (tmp_path / "a" / folder).iterdir():
            assert path.read_bytes() == (SOC / folder / path.name).read_bytes(), path.name
    assert copy.read_bytes() == cases.read_bytes(), "run python fixtures/generate_soc.py"
    assert len(second) == len(first)


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(long_report(200), tmp_path_factory.mktemp("long"))


def test_long_report_gives_the_same_facts_with_few_layout_pages(
        long_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pdfplumber

    opened: list[list[int] | None] = []
    real_open = pdfplumber.open

    def spy(path: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(kwargs.get("pages"))
        return real_open(path, *args, **kwargs)

    from pdfplumber.page import Page

    built: list[int] = []  # the pages pdfplumber parses (it builds no other)
    real_page = Page.__init__

    def page_spy(self: Any, pdf: Any, page_obj: Any, page_number: int,
                 *args: Any, **kwargs: Any) -> None:
        built.append(page_number)
        real_page(self, pdf, page_obj, page_number, *args, **kwargs)

    monkeypatch.setattr(pdfplumber, "open", spy)
    monkeypatch.setattr(Page, "__init__", page_spy)
    scope = extract_path(long_pdf)
    assert scope.page_count >= 190
    expected = truth("brackenfield_soc2_type2")
    check(document_json(scope), expected | {"exceptions": 3})
    assert len(opened) == 1, "pdfplumber must open the file once"
    assert 1 <= len(built) <= 4
    assert max(built) < 10  # only description pages, never the tests section


def test_check_output_is_byte_identical_on_rerun() -> None:
    args = ["check", "--stack", str(SOC / "stacks" / "brackenfield.yaml"),
            str(SOC / "pdf" / "brackenfield_soc2_type2.pdf"),
            str(SOC / "pdf" / "brackenfield_bridge_letter.pdf"),
            "--as-of", "2026-11-22", "--format", "json"]
    first = CliRunner().invoke(main, args)
    second = CliRunner().invoke(main, args)
    assert first.exit_code == 1 and first.stdout == second.stdout


def test_text_report_shows_soc_fields() -> None:
    result = CliRunner().invoke(main, [
        "extract", str(SOC / "pdf" / "brackenfield_soc2_type2.pdf"),
        str(SOC / "pdf" / "brackenfield_bridge_letter.pdf"), "--format", "text",
        "--as-of", "2026-11-22"])
    assert "period       2025-07-01 → 2026-06-30" in result.stdout
    assert "opinion      qualified (p.3)" in result.stdout
    assert "Amazon Web Services [carve-out]" in result.stdout
    assert "Orrin Colocation Ltd [inclusive]" in result.stdout
    assert "bridge       2026-07-01 → 2026-09-30" in result.stdout
