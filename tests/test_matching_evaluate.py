"""The labelled set and its scorer: precision and recall of ``covered`` must both be 1.0."""

from __future__ import annotations

from pathlib import Path

import pytest

from scopegap.errors import UsageError
from scopegap.match.catalog import load_catalog
from scopegap.match.evaluate import evaluate, load_labelled, main, report

SET = Path(__file__).resolve().parent.parent / "fixtures" / "labelled" / "set.yaml"


def test_labelled_set_scores_one() -> None:
    scores = evaluate(load_labelled(SET), load_catalog())
    assert scores.mismatches == (), report(scores)
    assert scores.precision == 1.0
    assert scores.recall == 1.0


def test_labelled_set_is_broad() -> None:
    """Every item type and every status is labelled, with enough of each to mean something."""
    cases = load_labelled(SET)
    items = [item for case in cases for item in case["items"]]
    statuses = {item["expect"] for item in items}
    assert statuses == {"covered", "uncovered", "excluded", "carved_out"}
    for item_type in ("tool", "site", "region", "subprocessor"):
        assert sum(item_type in item for item in items) >= 3, item_type
    assert len(items) >= 100
    assert sum(item["expect"] != "covered" for item in items) >= 40


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "set.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_wrong_label_is_a_miss_and_lowers_precision(tmp_path: Path) -> None:
    path = _write(tmp_path, """
cases:
  - id: wrong
    scope: Contact centre services on Genesys Cloud CX.
    items:
      - {tool: Genesys Cloud CX, expect: uncovered}
      - {tool: Five9, expect: covered}
""")
    scores = evaluate(load_labelled(path), load_catalog())
    assert scores.precision == 0.0
    assert scores.recall == 0.0
    assert len(scores.mismatches) == 2
    text = report(scores)
    assert "MISS [wrong] tool 'Genesys Cloud CX': expected uncovered, got covered" in text


def test_main_prints_the_figures_and_exits_zero_when_all_agree(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([str(SET)]) == 0
    out = capsys.readouterr().out
    assert "covered precision: 1.000" in out
    assert "covered recall:    1.000" in out


def test_main_exits_one_on_a_miss(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, """
cases:
  - id: miss
    scope: Services on Genesys Cloud CX.
    items: [{tool: Genesys PureConnect, expect: covered}]
""")
    assert main([str(path), "-v"]) == 1
    assert "MISS [miss]" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("cases: []", "non-empty 'cases'"),
        ("cases: [{scope: x, items: [{tool: a, expect: covered}]}]", "needs an 'id'"),
        ("cases: [{id: a, items: [{tool: a, expect: covered}]}]", "missing 'scope'"),
        ("cases: [{id: a, scope: x, items: []}]", "non-empty 'items'"),
        ("cases: [{id: a, scope: x, items: [{tool: a, expect: fine}]}]", "exactly one of"),
        ("cases: [{id: a, scope: x, items: [{tool: a, site: b, expect: covered}]}]",
         "exactly one of"),
        ("cases: [{id: a, scope: x, kind: pdf, items: [{tool: a, expect: covered}]}]",
         "unknown kind"),
        ("cases:\n- {id: a, scope: x, items: [{tool: a, expect: covered}]}\n"
         "- {id: a, scope: x, items: [{tool: a, expect: covered}]}", "duplicate id"),
        ("cases: [", "cannot read"),
    ],
)
def test_bad_labelled_file_is_a_usage_error(tmp_path: Path, body: str, reason: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(UsageError, match=reason):
        load_labelled(path)


def test_main_reports_a_bad_file_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path / "absent.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "absent.yaml" in err
