"""The start-up cache: a faster start, never a different answer.

Every test points the cache at ``tmp_path`` (``XDG_CACHE_HOME``); nothing here reads or
writes the user's cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.matcher import PhraseMatcher
from spacy.util import compile_infix_regex

from scopegap.match import catalog as catalog_module
from scopegap.match.catalog import Catalog, load_catalog
from scopegap.nlp import components
from scopegap.nlp.pipeline import pipeline
from scopegap.resources import models_root, startup_cache
from scopegap.resources.startup_cache import cache_dir, cached

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "fixtures" / "pdf"
SOC = ROOT / "fixtures" / "soc" / "pdf"


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "scopegap" / "startup"


@pytest.fixture
def fresh_fingerprint() -> Iterator[None]:
    """Tests that change what the fingerprint covers recompute it, before and after."""
    startup_cache.fingerprint.cache_clear()
    yield
    startup_cache.fingerprint.cache_clear()


class Builder:
    """A build function that counts its calls."""

    def __init__(self, value: Any) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> Any:
        self.calls += 1
        return self.value


def _only_file(folder: Path, name: str) -> Path:
    files = sorted(folder.glob(f"{name}-*.pickle"))
    assert len(files) == 1, files
    return files[0]


# --- the cache itself ------------------------------------------------------------------------


def test_cold_run_builds_and_writes_warm_run_reads(cache_home: Path) -> None:
    build = Builder({"answer": [1, 2, 3]})
    assert cached("demo", dict, build) == {"answer": [1, 2, 3]}
    assert cached("demo", dict, build) == {"answer": [1, 2, 3]}
    assert build.calls == 1
    _only_file(cache_home, "demo")
    assert not [p for p in cache_home.iterdir() if p.name.startswith(".")]  # no temp left


def test_location_follows_xdg_then_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "scopegap" / "startup"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "scopegap" / "startup"


def _with_valid_digest(data: bytes, payload: bytes) -> bytes:
    """A header naming the right key, with a checksum that matches ``payload``."""
    key_line = data[len(startup_cache.MAGIC) :].split(b"\n", 1)[0]
    checksum = hashlib.blake2b(payload, digest_size=32).hexdigest().encode()
    return startup_cache.MAGIC + key_line + b"\n" + checksum + b"\n" + payload


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda data: b"",
    "garbage": lambda data: os.urandom(64),
    "truncated": lambda data: data[: len(data) // 2],
    "one payload byte flipped": lambda data: data[:-10] + bytes([data[-10] ^ 0x01]) + data[-9:],
    "other fingerprint": lambda data: data.replace(data[len(startup_cache.MAGIC) :][:8],
                                                   b"0" * 8, 1),
    "undecodable payload, matching checksum": lambda data: _with_valid_digest(data,
                                                                              b"\x80\x05junk"),
    "a value of another type": lambda data: _with_valid_digest(data, pickle.dumps([1, 2])),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_damaged_file_is_a_miss_and_is_replaced(cache_home: Path,
                                                damage: Callable[[bytes], bytes]) -> None:
    build = Builder({"v": 1})
    cached("demo", dict, build)
    path = _only_file(cache_home, "demo")
    path.write_bytes(damage(path.read_bytes()))
    assert cached("demo", dict, build) == {"v": 1}
    assert build.calls == 2
    assert cached("demo", dict, build) == {"v": 1}  # the rewritten file is valid again
    assert build.calls == 2


def test_unwritable_cache_still_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    build = Builder({"v": 1})
    assert cached("demo", dict, build) == {"v": 1}
    assert cached("demo", dict, build) == {"v": 1}
    assert build.calls == 2


def test_value_that_cannot_be_pickled_is_returned_not_cached(cache_home: Path) -> None:
    value = {"f": lambda: None}
    assert cached("demo", dict, Builder(value)) is value
    assert not list(cache_home.glob("demo-*"))


def test_extra_key_parts_keep_artifacts_apart(cache_home: Path) -> None:
    one, two = Builder((1,)), Builder((2,))
    assert cached("rules", tuple, one, extra="spacy 3.8 en") == (1,)
    assert cached("rules", tuple, two, extra="spacy 3.9 en") == (2,)
    assert cached("rules", tuple, one, extra="spacy 3.8 en") == (1,)
    assert (one.calls, two.calls) == (1, 1)


def _copy_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "models"
    shutil.copytree(str(models_root()), copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(startup_cache, "models_root", lambda: copy)
    package = tmp_path / "scopegap"
    shutil.copytree(str(startup_cache.package_root()), package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(startup_cache, "package_root", lambda: package)
    return copy


CHANGES: dict[str, Callable[[Path, pytest.MonkeyPatch], None]] = {
    "catalog edited": lambda models, mp: (models / "catalog" / "tools.yaml").write_text(
        (models / "catalog" / "tools.yaml").read_text(encoding="utf-8") + "\n# edited\n",
        encoding="utf-8"),
    "pattern file added": lambda models, mp: (models / "patterns" / "new.yaml").write_text(
        "a: 1\n", encoding="utf-8"),
    "module added to the package": lambda models, mp: (
        models.parent / "scopegap" / "match" / "new_stage.py").write_text(
        "X = 1\n", encoding="utf-8"),
    "any module edited": lambda models, mp: (models.parent / "scopegap" / "domain.py").write_text(
        (models.parent / "scopegap" / "domain.py").read_text(encoding="utf-8") + "\n# edited\n",
        encoding="utf-8"),
    "package version bumped": lambda models, mp: mp.setattr(startup_cache, "__version__",
                                                             "99.0.0"),
}


@pytest.mark.usefixtures("fresh_fingerprint")
@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_cache_is_rebuilt_when_models_or_version_change(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    change: Callable[[Path, pytest.MonkeyPatch], None],
) -> None:
    models = _copy_models(tmp_path, monkeypatch)
    old, new = Builder({"built": "before"}), Builder({"built": "after"})
    assert cached("demo", dict, old) == {"built": "before"}
    change(models, monkeypatch)
    startup_cache.fingerprint.cache_clear()
    assert cached("demo", dict, new) == {"built": "after"}
    assert cached("demo", dict, new) == {"built": "after"}
    assert (old.calls, new.calls) == (1, 1)


@pytest.mark.usefixtures("fresh_fingerprint")
def test_stale_versions_are_pruned(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for version in range(6):
        monkeypatch.setattr(startup_cache, "__version__", f"0.{version}")
        startup_cache.fingerprint.cache_clear()
        cached("demo", dict, Builder({"v": version}))
    left = list(cache_home.glob("demo-*.pickle"))
    assert len(left) == startup_cache.KEEP_PER_ARTIFACT
    assert cached("demo", dict, Builder({"v": "rebuilt"})) == {"v": 5}  # newest kept


# --- what is cached: the catalog and the phrase patterns -------------------------------------


def _canonical(value: Any) -> Any:
    """A comparable form: mappings as sorted items, dataclasses as their fields, patterns as
    their source (the catalog compares by identity, so equality must be spelled out)."""
    if isinstance(value, Mapping):
        return ("map", sorted(((repr(k), _canonical(v)) for k, v in value.items())))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,
                tuple((f.name, _canonical(getattr(value, f.name)))
                      for f in dataclasses.fields(value)))
    if isinstance(value, re.Pattern):
        return ("re", value.pattern, value.flags)
    if isinstance(value, (tuple, list)):
        return tuple(_canonical(item) for item in value)
    if isinstance(value, (set, frozenset)):
        return ("set", sorted(repr(_canonical(item)) for item in value))
    return value


def test_catalog_from_the_cache_is_the_catalog_built_from_yaml(cache_home: Path) -> None:
    built = catalog_module._build_shipped_catalog()
    first = load_catalog.__wrapped__()  # cold: builds and writes
    second = load_catalog.__wrapped__()  # warm: read back from the file
    _only_file(cache_home, "catalog")
    assert isinstance(second, Catalog) and second is not first
    assert _canonical(second) == _canonical(built) == _canonical(first)
    assert second.phrase_patterns() == built.phrase_patterns()
    assert second.alias_entries() == built.alias_entries()
    for name in ("MS Teams", "Teams", "Five9, Inc.", "Salesforce Service Cloud"):
        assert second.tool_by_alias(name) == built.tool_by_alias(name)
    for text in ("eu-west-2", "Azure UK South", "France Central"):
        assert second.parse_region(text) == built.parse_region(text)


def _original_matcher(nlp: spacy.language.Language, catalog: Catalog) -> PhraseMatcher:
    """The matcher as it was built before the cache: one Doc per phrase."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for label, key, phrases in catalog.phrase_patterns():
        matcher.add(f"{label}|{key}", [nlp.make_doc(p) for p in phrases])
    return matcher


def test_cached_rules_match_exactly_what_the_phrase_docs_matched(cache_home: Path) -> None:
    nlp = pipeline(load_catalog())
    catalog = load_catalog()
    rules = components.entity_rules(nlp, catalog)
    cached("entity-rules", tuple, lambda: rules)
    from_file = cached("entity-rules", tuple, lambda: pytest.fail("not read from the file"))
    assert from_file == rules
    phrases = [p for _, _, group in catalog.phrase_patterns() for p in group]
    text = " ; ".join(phrases) + "\nHosted in AWS eu-west-2 and Five9(R) with MS TEAMS.\n"
    doc = nlp.make_doc(text)
    expected = _original_matcher(nlp, catalog)(doc)
    assert len(expected) >= len(phrases)
    assert components.EntityMatcher(nlp, catalog, from_file).matcher(doc) == expected


TEXTS = [
    "Five9(R) and Genesys Cloud CX(TM) e.g. the U.K. site isn't in scope (excluding Cebu).",
    "AWS eu-west-2, Azure uksouth; Google Cloud europe-west2 — Bogotá/Medellín, São Paulo.",
    "Microsoft 365 (Exchange Online), NICE CXone(SM): 1st Jan 2024 - 31.12.2026 ISO/IEC 27001:2022",
]


def test_pipeline_tokenizer_is_blank_en_with_the_glued_mark_infix() -> None:
    reference = spacy.blank("en")
    reference.tokenizer.infix_finditer = compile_infix_regex(  # as the component did before
        [*reference.Defaults.infixes, components._GLUED_MARK]).finditer
    ours = pipeline(load_catalog())
    phrases = [p for _, _, group in load_catalog().phrase_patterns() for p in group]
    for text in [*TEXTS, *phrases]:
        assert [t.text for t in ours.make_doc(text)] == [t.text for t in reference.make_doc(text)]
    assert [t.text for t in ours.make_doc("Five9(R)")] == ["Five9", "(", "R", ")"]


def test_another_tokenizer_gets_another_key() -> None:
    plain = spacy.blank("en")
    ours = pipeline(load_catalog())
    assert components._tokenizer_signature(plain) != components._tokenizer_signature(ours)


# --- end to end: same bytes with and without the cache ---------------------------------------


COMMANDS = [
    ["extract", str(PDF / "kestrel_27001_twocol.pdf"), str(SOC / "brackenfield_soc2_type2.pdf"),
     "--format", "json", "--as-of", "2026-11-22"],
    ["check", "--stack", str(ROOT / "fixtures" / "stacks" / "northwind.yaml"),
     str(PDF / "northwind_27001_schedule.pdf"), str(PDF / "northwind_iso9001.pdf"),
     "--format", "json", "--as-of", "2026-11-22"],
]
# One fresh process runs every command, as a user's would: the caches are per process. The
# extraction cache is off (--no-cache): a served extraction would skip what is measured here.
_RUN = """
import json, sys
from click.testing import CliRunner
from scopegap.cli import main
for args in json.loads(sys.argv[1]):
    result = CliRunner().invoke(main, [*args, "--no-cache"])
    print(result.exit_code, result.stdout, result.stderr, sep="\\n")
"""


def _scopegap(cache: Path) -> str:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run([sys.executable, "-c", _RUN, json.dumps(COMMANDS)], env=env,
                          capture_output=True, text=True, check=True, cwd=ROOT)
    assert "Traceback" not in done.stdout + done.stderr
    return done.stdout


def test_output_is_identical_without_cold_warm_and_corrupt_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "no-cache"
    blocker.write_text("a file where the cache folder would go")
    without = _scopegap(blocker)  # nothing can be cached
    cache = tmp_path / "xdg"
    cold = _scopegap(cache)
    folder = cache / "scopegap" / "startup"
    written = sorted(p.name.rsplit("-", 1)[0] for p in folder.glob("*.pickle"))
    assert written == ["catalog", "entity-rules", "models-yaml", "regex-code"]
    warm = _scopegap(cache)
    for path in folder.glob("*.pickle"):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3] + b"\x00" * 64)
    corrupt = _scopegap(cache)
    assert without == cold == warm == corrupt
    assert without.count('"schema_version"') == 2 and '"coverage"' in without
