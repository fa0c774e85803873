"""On-disk cache of start-up work: parsed ``models/`` YAML, the built catalog, phrase patterns.

A one-page certificate must finish in under a second including Python start-up
(ARCHITECTURE.md, "Fast path first"), and parsing and validating the catalogs and tokenising
thousands of catalog phrases cost about a third of that in every process. Their results depend
only on the shipped data, this package's code and the library versions, so they are kept under
the user cache dir (``$XDG_CACHE_HOME/scopegap/startup`` or ``~/.cache/scopegap/startup``).

The cache is an optimisation, never a source of truth: every file is named and headed by a
fingerprint of everything its content was derived from and carries a digest of its payload, so
a stale, truncated, corrupt or foreign file is a miss and the value is rebuilt from the data.
Writes are atomic (a temporary file renamed into place, readable by the user alone) and any
failure to read or write only means the work is done again. Values are pickled: the folder is
the user's own, and whoever can write there can already run code as that user.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import os
import pickle
import sys
from collections.abc import Callable, Iterator
from contextlib import suppress
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from scopegap import __version__
from scopegap.resources.files import models_root

T = TypeVar("T")

APP_DIR = "scopegap"
SUBDIR = "startup"
# Bump when the layout of a cache file or the meaning of an artifact changes.
CACHE_FORMAT = 1
MAGIC = b"scopegap-startup-cache\n"
KEEP_PER_ARTIFACT = 3  # other fingerprints kept side by side (two checkouts, two versions)


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/scopegap/startup`` or ``~/.cache/scopegap/startup``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / APP_DIR / SUBDIR


@cache
def fingerprint() -> str:
    """A hash of the package version, the interpreter, every ``.py`` file of the package and
    every file under ``models/``: any change to what a cached value was built from is a miss,
    whichever module it is in (a split module needs no list kept by hand)."""
    digest = hashlib.sha256(
        f"{CACHE_FORMAT}\0{__version__}\0{sys.version}\0{pickle.HIGHEST_PROTOCOL}".encode()
    )
    sources = [
        (name, node) for name, node in _walk(package_root(), "scopegap") if name.endswith(".py")
    ]
    sources.extend(_walk(models_root(), "models"))
    for name, node in sorted(sources, key=lambda item: item[0]):
        data = node.read_bytes()
        digest.update(name.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return digest.hexdigest()[:32]


def package_root() -> Traversable:
    """The installed ``scopegap`` package, whose code every cached value was built by."""
    return resources.files("scopegap")


def _walk(node: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    for child in node.iterdir():
        if child.name == "__pycache__" or child.name.startswith("."):
            continue
        name = f"{prefix}/{child.name}"
        if child.is_dir():
            yield from _walk(child, name)
        else:
            yield name, child


def cached(name: str, kind: type[T], build: Callable[[], T], *, extra: str = "") -> T:
    """The value of ``build()``, read from the cache when a valid copy of it is there.

    ``name`` names the artifact, ``kind`` is the type the value must have (anything else in
    the file is a miss), ``extra`` adds to the fingerprint what only this artifact depends on
    (a library's version). A value that cannot be pickled is simply not cached.
    """
    key = _key(extra)
    path = cache_dir() / f"{name}-{key}.pickle"
    value = _read(path, key)
    if isinstance(value, kind):
        return value
    built = build()
    _write(path, key, built)
    return built


def load(name: str, kind: type[T], *, extra: str = "") -> T | None:
    """The stored value of artifact ``name`` when a valid one of type ``kind`` is there: for
    an artifact that grows as a process runs (``store`` it back), where ``cached`` builds
    it whole. ``extra`` as for ``cached``."""
    key = _key(extra)
    value = _read(cache_dir() / f"{name}-{key}.pickle", key)
    return value if isinstance(value, kind) else None


def store(name: str, value: object, *, extra: str = "") -> None:
    """Write ``value`` as artifact ``name`` (atomically; a failure only leaves it out)."""
    key = _key(extra)
    _write(cache_dir() / f"{name}-{key}.pickle", key, value)


def _key(extra: str) -> str:
    if not extra:
        return fingerprint()
    return hashlib.sha256(f"{fingerprint()}\0{extra}".encode()).hexdigest()[:32]


def _header(key: str, payload: bytes) -> bytes:
    checksum = hashlib.blake2b(payload, digest_size=32).hexdigest()
    return MAGIC + f"{key}\n{checksum}\n".encode()


def _read(path: Path, key: str) -> object:
    """The cached object, or ``None`` on any miss: absent, stale, truncated, corrupt."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(MAGIC):
        return None
    try:
        key_line, checksum, payload = data[len(MAGIC) :].split(b"\n", 2)
        if key_line.decode() != key:
            return None
        if hashlib.blake2b(payload, digest_size=32).hexdigest() != checksum.decode():
            return None
        return pickle.loads(payload)
    except Exception:  # an unreadable cache is a miss, whatever the reason
        return None


def _write(path: Path, key: str, value: object) -> None:
    """Write atomically (temporary file, then rename); failures leave the cache as it was."""
    try:
        payload = _dumps(value)
    except Exception:  # not picklable: this value is just not cached
        return
    import tempfile  # only on a miss: a warm start does not need it

    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "wb") as out:
            out.write(_header(key, payload))
            out.write(payload)
        os.replace(temporary, path)
        temporary = None
        _prune(path)
    except OSError:
        pass
    finally:
        if temporary is not None:
            with suppress(OSError):
                os.unlink(temporary)


def _dumps(value: object) -> bytes:
    """Pickle ``value``; read-only mappings (the catalog's indexes) travel as their dicts."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    table = copyreg.dispatch_table.copy()
    table[MappingProxyType] = _reduce_mapping_proxy
    pickler.dispatch_table = table
    pickler.dump(value)
    return buffer.getvalue()


def _reduce_mapping_proxy(proxy: MappingProxyType[Any, Any]) -> tuple[Any, ...]:
    return _mapping_proxy, (dict(proxy),)


def _mapping_proxy(items: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    """Rebuilds a pickled read-only mapping (the type itself cannot be pickled by name)."""
    return MappingProxyType(items)


def _prune(path: Path) -> None:
    """Drop the oldest files of this artifact beyond ``KEEP_PER_ARTIFACT`` (stale versions)."""
    stem = path.name.rsplit("-", 1)[0]
    others: list[tuple[float, Path]] = []
    for other in path.parent.glob(f"{stem}-*.pickle"):
        if other != path and other.name.rsplit("-", 1)[0] == stem:
            with suppress(OSError):
                others.append((other.stat().st_mtime, other))
    others.sort(reverse=True)
    for _, old in others[KEEP_PER_ARTIFACT - 1 :]:
        with suppress(OSError):
            old.unlink()
