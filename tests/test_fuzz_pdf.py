"""Random byte mutations of a fixture certificate through ``extract``: the only error it may
raise is ``DocumentError`` (exit 3, one line); anything else would reach the user as a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scopegap.cli import main
from scopegap.domain import DocumentScope
from scopegap.errors import DocumentError
from scopegap.extract.document import extract_path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = (ROOT / "fixtures" / "pdf" / "northwind_27001_schedule.pdf").read_bytes()


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """The fixture with a few overwritten, deleted, inserted or duplicated byte runs."""
    data = bytearray(FIXTURE)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["overwrite", "delete", "insert", "duplicate", "truncate"]))
        at = draw(st.integers(0, len(data) - 1))
        size = draw(st.integers(1, 64))
        if kind == "overwrite":
            data[at : at + size] = draw(st.binary(min_size=size, max_size=size))
        elif kind == "delete":
            del data[at : at + size]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=size))
        elif kind == "duplicate":
            data[at:at] = data[at : at + size]
        else:
            del data[max(at, 1):]
        if not data:
            data = bytearray(b"%")
    return bytes(data)


def _extract_or_document_error(path: Path) -> DocumentScope | None:
    try:
        return extract_path(path)
    except DocumentError as error:
        assert str(path) in str(error) and "\n" not in str(error)
        return None


@given(data=mutated())
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_mutated_pdf_raises_only_document_error(tmp_path: Path, data: bytes) -> None:
    target = tmp_path / "mutated.pdf"
    target.write_bytes(data)
    scope = _extract_or_document_error(target)
    if scope is not None:
        assert scope.page_count >= 1
        assert set(scope.text_pages) | set(scope.no_text_pages) | set(scope.blank_pages) == set(
            range(1, scope.page_count + 1))


@given(data=mutated())
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_mutated_pdf_on_the_command_line_prints_at_most_one_line(
    tmp_path: Path, data: bytes
) -> None:
    """Nothing a library logs about a damaged file may reach stderr beside the one line."""
    target = tmp_path / "mutated.pdf"
    target.write_bytes(data)
    result = CliRunner().invoke(main, ["extract", str(target), "--format", "json",
                                       "--as-of", "2026-01-01", "--fail-on", "never"])
    lines = result.stderr.strip().splitlines()
    assert result.exit_code in (0, 3)
    assert len(lines) == (1 if result.exit_code == 3 else 0), result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9, 0.99])
def test_cut_short_fixture_is_a_document_error(tmp_path: Path, cut: float) -> None:
    target = tmp_path / "cut.pdf"
    target.write_bytes(FIXTURE[: int(len(FIXTURE) * cut)])
    with pytest.raises(DocumentError, match="truncated PDF"):
        extract_path(target)
