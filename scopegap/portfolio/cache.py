"""Extraction cache: one SQLite file, keyed by the PDF's sha256 and the pipeline version.

A portfolio re-run over unchanged PDFs must not pay for extraction again, and a change to
the extractor, its catalogs or patterns must never serve a stale answer: the pipeline
version is a hash of the code and data that extraction depends on, so any edit to them is a
cache miss. The cache is an optimisation only: when it cannot be opened, read or written the
run goes on without it (``warning`` says why), it never changes a result.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from dataclasses import replace
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from scopegap import __version__
from scopegap.domain import DocumentScope
from scopegap.portfolio.serialize import FORMAT_VERSION, scope_from_dict, scope_to_dict
from scopegap.settings import Settings

if TYPE_CHECKING:
    from types import TracebackType

APP_DIR = "scopegap"
CACHE_FILE = "extractions.sqlite3"
# What extraction depends on: these packages' sources, the domain and its serialisation, and
# every data file under models/.
PIPELINE_PACKAGES = ("ingest", "extract", "nlp", "match")
PIPELINE_MODULES = ("domain.py", "portfolio/serialize.py", "settings.py")
BUSY_TIMEOUT_SECONDS = 30.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS extraction (
    sha256 TEXT NOT NULL,
    pipeline TEXT NOT NULL,
    scope TEXT NOT NULL,
    PRIMARY KEY (sha256, pipeline)
)
"""


def default_cache_path() -> Path:
    """``$XDG_CACHE_HOME/scopegap/…`` or ``~/.cache/scopegap/…`` (the XDG convention)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / APP_DIR / CACHE_FILE


@cache
def pipeline_version() -> str:
    """``<package version>+<hash>`` of the code and data extraction depends on."""
    digest = hashlib.sha256(f"{__version__}\0{FORMAT_VERSION}".encode())
    package = resources.files("scopegap")
    sources: list[tuple[str, Traversable]] = [(name, package.joinpath(*name.split("/")))
                                              for name in PIPELINE_MODULES]
    for sub in PIPELINE_PACKAGES:
        sources.extend(_walk(package / sub, sub, (".py",)))
    sources.extend(_walk(resources.files("scopegap_models"), "models", (".yaml", ".json",
                                                                          ".cfg")))
    for name, node in sorted(sources, key=lambda item: item[0]):
        if node.is_file():
            digest.update(name.encode() + b"\0" + node.read_bytes() + b"\0")
    return f"{__version__}+{digest.hexdigest()[:16]}"


def _walk(node: Traversable, prefix: str,
          suffixes: tuple[str, ...]) -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for child in node.iterdir():
        name = f"{prefix}/{child.name}"
        if child.is_dir():
            if child.name != "__pycache__":
                found.extend(_walk(child, name, suffixes))
        elif child.name.endswith(suffixes):
            found.append((name, child))
    return found


def cache_key(settings: Settings) -> str:
    """The pipeline version plus the reading settings that change what is extracted (OCR
    on or off, its languages and resolution, page and text limits): an OCR run must never
    be served a cached text-only extraction, nor the reverse."""
    reading = (f"ocr={settings.ocr}:{settings.ocr_languages}:{settings.ocr_dpi};"
               f"pages={settings.max_pages};chars={settings.max_chars_per_page}")
    return f"{pipeline_version()}|{reading}"


def file_sha256(path: str | Path) -> str:
    """The key a document is cached under (the same digest ``read_pdf`` records)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class ExtractionCache:
    """Cached ``DocumentScope`` values. Safe to open from several processes at once."""

    def __init__(self, path: str | Path | None = None, pipeline: str | None = None) -> None:
        """``pipeline`` is the key part besides the content hash (default: ``cache_key``
        of the default settings)."""
        self.path = Path(path) if path is not None else default_cache_path()
        self.pipeline = pipeline or cache_key(Settings())
        self.warning: str | None = None
        self.hits = 0
        self.misses = 0
        self._db: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS)
            db.execute("PRAGMA journal_mode=WAL")
            # A cache may lose its last entries on power loss (they are re-extracted), so it
            # skips the per-commit fsync; WAL keeps the file consistent either way.
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(_SCHEMA)
            db.commit()
            self._db = db
        except (OSError, sqlite3.Error) as error:
            self.warning = f"{self.path}: extraction cache not used: {error}"

    def get(self, sha256: str, path: str) -> DocumentScope | None:
        """The cached scope of this content, reported under ``path``; None on a miss."""
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT scope FROM extraction WHERE sha256 = ? AND pipeline = ?",
                (sha256, self.pipeline)).fetchone()
            scope = scope_from_dict(json.loads(row[0])) if row else None
        except (sqlite3.Error, ValueError) as error:  # a damaged row is a miss, not a crash
            self.warning = f"{self.path}: cache entry unreadable: {error}"
            scope = None
        if scope is None or scope.sha256 != sha256:
            self.misses += 1
            return None
        self.hits += 1
        return replace(scope, path=path)

    def lookup(self, path: str) -> DocumentScope | None:
        """The cached scope of the file at ``path`` (hashed here), None on a miss or when
        the file is one the reader refuses unread (missing, a pipe, oversized)."""
        if self._db is None or not plain_file(path):
            return None
        try:
            digest = file_sha256(path)
        except OSError:
            return None  # the reader names the problem
        return self.get(digest, path)

    def has(self, sha256: str) -> bool:
        """Whether this content is cached (without loading it)."""
        if self._db is None:
            return False
        try:
            row = self._db.execute(
                "SELECT 1 FROM extraction WHERE sha256 = ? AND pipeline = ?",
                (sha256, self.pipeline)).fetchone()
        except sqlite3.Error:
            return False
        return row is not None

    def put(self, scope: DocumentScope) -> None:
        if self._db is None:
            return
        # ASCII escapes: a lone surrogate from a broken text layer survives the round trip.
        text = json.dumps(scope_to_dict(scope), ensure_ascii=True, sort_keys=True)
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO extraction (sha256, pipeline, scope) VALUES (?, ?, ?)",
                (scope.sha256, self.pipeline, text))
            self._db.commit()
        except sqlite3.Error as error:
            self.warning = f"{self.path}: cannot write to the extraction cache: {error}"

    def count(self) -> int:
        """Entries for the current pipeline version (for tests and diagnostics)."""
        if self._db is None:
            return 0
        row = self._db.execute("SELECT COUNT(*) FROM extraction WHERE pipeline = ?",
                               (self.pipeline,)).fetchone()
        return int(row[0])

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> ExtractionCache:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def extract_cached(
    path: str, cache: ExtractionCache | None, password: str | None = None,
    digest: str | None = None, settings: Settings | None = None,
) -> tuple[DocumentScope, bool]:
    """Extract one document, reusing the cached scope of identical bytes; (scope, was_cached).

    The extractor (and spaCy with it) is imported only on a miss, so a fully cached run
    never pays its start-up. An unreadable file raises DocumentError as the CLI's reader
    does. ``digest`` is the file's sha256 when the caller has already computed it;
    ``settings`` carries the reading limits and OCR choice (the cache is keyed on them too).
    """
    from scopegap.api import read_document

    if cache is not None:  # the caller may have hashed the file already
        hit = cache.get(digest, path) if digest else cache.lookup(path)
        if hit is not None:
            return hit, True
    scope = read_document(path, settings, password)
    if cache is not None:
        cache.put(scope)
    return scope, False


def plain_file(path: str) -> bool:
    """Whether ``path`` is a regular file the reader would open: a named pipe would block
    the hash forever and an oversized file cost a full read, and the reader refuses both
    with a reason (so the cache is not consulted for them)."""
    from scopegap.ingest.pdf import ReadLimits

    try:
        info = os.stat(path)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size <= ReadLimits().max_bytes
