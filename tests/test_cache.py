"""Extraction cache and the lossless DocumentScope serialisation it stores."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scopegap.domain import DocumentScope, Evidence, TextValue
from scopegap.errors import DocumentError
from scopegap.extract.document import extract_path
from scopegap.portfolio.cache import (
    ExtractionCache,
    cache_key,
    default_cache_path,
    extract_cached,
    pipeline_version,
)
from scopegap.portfolio.serialize import scope_from_dict, scope_to_dict
from scopegap.settings import Settings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

FIXTURE_PDFS = sorted((FIXTURES / "pdf").glob("*.pdf")) + sorted(FIXTURES.glob("soc/pdf/*.pdf"))


@pytest.mark.parametrize("pdf", FIXTURE_PDFS, ids=lambda p: p.stem)
def test_every_fixture_scope_survives_json_round_trip(pdf: Path) -> None:
    scope = extract_path(pdf)
    as_json = json.loads(json.dumps(scope_to_dict(scope)))
    assert scope_from_dict(as_json) == scope


# Values a reader produces: an OCR confidence is a number (never NaN, which equals nothing).
st.register_type_strategy(float, st.floats(allow_nan=False))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_type(DocumentScope))
def test_any_scope_round_trips(scope: DocumentScope) -> None:
    text = json.dumps(scope_to_dict(scope), ensure_ascii=True)
    assert scope_from_dict(json.loads(text)) == scope


def _minimal() -> dict[str, object]:
    return scope_to_dict(DocumentScope(path="a.pdf", sha256="x", kind="unknown", page_count=1))


@pytest.mark.parametrize(("change", "message"), [
    ({"surprise": 1}, "unknown field"),
    ({"kind": "iso9001"}, "is not one of"),
    ({"page_count": "1"}, "is not a int"),
    ({"holder": {"value": "A"}}, "evidence"),
    ({"window_start": {"value": "2025-02-30", "evidence": {"page": 1, "text": ""},
                       "ambiguous": False}}, "day is out of range"),
    ({"standards": "ISO/IEC 27001:2022"}, "expected a list"),
])
def test_malformed_dict_is_refused_not_coerced(change: dict[str, object], message: str) -> None:
    data = {**_minimal(), **change}
    with pytest.raises(ValueError, match=message):
        scope_from_dict(data)


def test_missing_required_field_is_refused() -> None:
    data = _minimal()
    del data["sha256"]
    with pytest.raises(ValueError, match="sha256"):
        scope_from_dict(data)


def _scope(sha: str = "abc") -> DocumentScope:
    return DocumentScope(path="/old/place.pdf", sha256=sha, kind="iso27001_certificate",
                         page_count=2, holder=TextValue("Acme Ltd", Evidence(1, "Acme Ltd")))


def test_hit_is_reported_under_the_new_path(tmp_path: Path) -> None:
    with ExtractionCache(tmp_path / "c.sqlite3", pipeline="p1") as cache:
        cache.put(_scope())
        hit = cache.get("abc", "/new/place.pdf")
        assert hit == dataclasses.replace(_scope(), path="/new/place.pdf")
        assert cache.has("abc") and not cache.has("abd")
        assert (cache.hits, cache.misses) == (1, 0)


@pytest.mark.parametrize(("sha", "pipeline"), [("abd", "p1"), ("abc", "p2")])
def test_other_content_or_pipeline_is_a_miss(tmp_path: Path, sha: str, pipeline: str) -> None:
    with ExtractionCache(tmp_path / "c.sqlite3", pipeline="p1") as cache:
        cache.put(_scope())
    with ExtractionCache(tmp_path / "c.sqlite3", pipeline=pipeline) as cache:
        assert cache.get(sha, "x.pdf") is None
        assert cache.misses == 1


def test_unusable_cache_file_warns_and_never_breaks_the_run(tmp_path: Path) -> None:
    broken = tmp_path / "c.sqlite3"
    broken.write_bytes(b"this is not an sqlite database" * 100)
    cache = ExtractionCache(broken, pipeline="p1")
    assert cache.warning and "not used" in cache.warning
    assert cache.get("abc", "x.pdf") is None
    cache.put(_scope())  # silently skipped
    assert cache.count() == 0


def test_damaged_row_is_a_miss(tmp_path: Path) -> None:
    with ExtractionCache(tmp_path / "c.sqlite3", pipeline="p1") as cache:
        cache.put(_scope())
        assert cache._db is not None
        cache._db.execute("UPDATE extraction SET scope = '{\"kind\": 1}'")
        assert cache.get("abc", "x.pdf") is None
        assert cache.warning and "unreadable" in cache.warning


def test_cache_key_depends_on_reading_settings() -> None:
    plain = cache_key(Settings())
    assert plain.startswith(pipeline_version())
    assert cache_key(dataclasses.replace(Settings(), ocr=True)) != plain
    assert cache_key(dataclasses.replace(Settings(), ocr_languages="tur+eng", ocr=True)) != \
        cache_key(dataclasses.replace(Settings(), ocr=True))
    assert cache_key(dataclasses.replace(Settings(), document_timeout=5)) == plain


def test_default_location_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_path() == tmp_path / "scopegap" / "extractions.sqlite3"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_path() == Path.home() / ".cache" / "scopegap" / "extractions.sqlite3"


def test_extract_cached_reuses_unchanged_bytes_only(tmp_path: Path) -> None:
    pdf = tmp_path / "cert.pdf"
    shutil.copy(FIXTURES / "pdf" / "lumen_us_table.pdf", pdf)
    with ExtractionCache(tmp_path / "c.sqlite3") as cache:
        first, was_cached = extract_cached(str(pdf), cache)
        assert not was_cached
        again, was_cached = extract_cached(str(pdf), cache)
        assert was_cached and again == first
        shutil.copy(FIXTURES / "pdf" / "protea_twocol_dotted.pdf", pdf)  # new bytes, same path
        changed, was_cached = extract_cached(str(pdf), cache)
        assert not was_cached and changed.sha256 != first.sha256


def test_extract_cached_unreadable_file_raises_document_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_text("hello", encoding="utf-8")
    with ExtractionCache(tmp_path / "c.sqlite3") as cache:
        with pytest.raises(DocumentError, match="not a PDF"):
            extract_cached(str(bad), cache)
        with pytest.raises(DocumentError, match="not found"):
            extract_cached(str(tmp_path / "missing.pdf"), cache)
        assert cache.count() == 0
