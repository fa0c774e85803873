"""Which vendors a portfolio run covers: a folder of vendor folders, or a manifest.

Folder: each sub-folder is a vendor (its name is the vendor id) holding ``stack.yaml`` and
the vendor's PDFs (directly inside it: an ``old/`` archive folder is not read). Folders whose
name starts with ``.`` or ``_`` are skipped. Manifest (YAML or CSV) lists vendor, stack and
documents, paths relative to the manifest. A problem with one vendor (no stack file) is that
vendor's error; only an unusable PATH or manifest is a usage error (exit 2), because then no
vendor can be run at all.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scopegap.errors import UsageError
from scopegap.resources.user_files import compose_user_yaml, construct, usage_error

STACK_NAMES = ("stack.yaml", "stack.yml")
MANIFEST_SUFFIXES = (".yaml", ".yml", ".csv")
MANIFEST_KEYS = ("vendor", "stack", "documents")
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
CSV_SEPARATOR = ";"  # several documents in one CSV cell


@dataclass(frozen=True)
class VendorJob:
    """One vendor to assess. ``problem`` is set when it cannot be run (no stack file)."""

    vendor_id: str
    stack: str | None
    documents: tuple[str, ...]
    problem: str | None = None


def discover(path: str | Path) -> tuple[VendorJob, ...]:
    """The vendors under PATH, sorted by id; raises UsageError when PATH is unusable."""
    root = Path(path)
    if root.is_dir():
        jobs = _from_folder(root)
    elif root.is_file():
        if root.suffix.lower() not in MANIFEST_SUFFIXES:
            raise UsageError(f"{root}: not a folder or a manifest (.yaml, .yml or .csv)")
        jobs = _from_manifest(root)
    else:
        raise UsageError(f"{root}: no such folder or manifest")
    if not jobs:
        raise UsageError(f"{root}: no vendors found (expected sub-folders holding stack.yaml "
                         "and PDFs, or a manifest listing vendor, stack and documents)")
    return tuple(sorted(jobs, key=lambda job: job.vendor_id))


def _pdfs_in(folder: Path) -> tuple[str, ...]:
    return tuple(str(p) for p in sorted(folder.iterdir(), key=lambda p: p.name)
                 if p.is_file() and p.suffix.lower() == ".pdf")


def _stack_in(folder: Path) -> Path | None:
    return next((folder / name for name in STACK_NAMES if (folder / name).is_file()), None)


def _from_folder(root: Path) -> list[VendorJob]:
    if _stack_in(root) is not None:  # PATH is itself one vendor's folder
        return [_vendor_folder(root)]
    jobs = []
    for folder in sorted(root.iterdir(), key=lambda p: p.name):
        if not folder.is_dir() or folder.name.startswith((".", "_")):
            continue
        job = _vendor_folder(folder)
        if job.stack is None and not job.documents:
            continue  # an empty or unrelated folder is not a vendor
        jobs.append(job)
    return jobs


def _vendor_folder(folder: Path) -> VendorJob:
    stack = _stack_in(folder)
    documents = _pdfs_in(folder)
    problem = None if stack else f"{folder}: no stack.yaml in the vendor folder"
    return VendorJob(folder.name, str(stack) if stack else None, documents, problem)


def _read(manifest: Path) -> str:
    try:
        if manifest.stat().st_size > MAX_MANIFEST_BYTES:
            raise UsageError(f"{manifest}: manifest larger than "
                             f"{MAX_MANIFEST_BYTES // (1024 * 1024)} MiB")
        return manifest.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{manifest}: cannot read manifest: {error}") from None


def _from_manifest(manifest: Path) -> list[VendorJob]:
    text = _read(manifest)
    base = manifest.parent
    if manifest.suffix.lower() == ".csv":
        entries = _csv_entries(manifest, text)
    else:
        entries = _yaml_entries(manifest, text)
    merged: dict[str, tuple[str | None, list[str], str]] = {}
    for vendor, stack, documents, where in entries:
        if vendor in merged:
            known_stack, known_docs, first = merged[vendor]
            if stack and known_stack and stack != known_stack:
                raise UsageError(f"{where}: vendor {vendor!r} already has stack "
                                 f"{known_stack!r} ({first})")
            merged[vendor] = (known_stack or stack, known_docs + documents, first)
        else:
            merged[vendor] = (stack, list(documents), where)
    jobs = []
    for vendor, (stack, documents, where) in merged.items():
        stack_path = str(base / stack) if stack else None
        paths: list[str] = []
        for document in documents:
            resolved = base / document
            paths.extend(_pdfs_in(resolved) if resolved.is_dir() else [str(resolved)])
        problem = None if stack_path else f"{where}: vendor {vendor!r} has no stack"
        jobs.append(VendorJob(vendor, stack_path, tuple(dict.fromkeys(paths)), problem))
    return jobs


Entry = tuple[str, str | None, list[str], str]


def _yaml_entries(manifest: Path, text: str) -> list[Entry]:
    # The shared hardened reader: no aliases, depth limit, FILE:LINE on a YAML error.
    node = compose_user_yaml(text, str(manifest), usage_error, kind="a manifest")
    raw: Any = construct(node, str(manifest), usage_error)
    if not isinstance(raw, dict) or set(raw) != {"vendors"} or not isinstance(
            raw["vendors"], list):
        raise UsageError(f"{manifest}: a manifest is a mapping with one key, 'vendors', "
                         "holding a list of {vendor, stack, documents}")
    entries: list[Entry] = []
    for index, item in enumerate(raw["vendors"], start=1):
        where = f"{manifest}: vendors[{index}]"
        if not isinstance(item, dict):
            raise UsageError(f"{where}: expected a mapping with vendor, stack, documents")
        unknown = sorted(str(k) for k in item if k not in MANIFEST_KEYS)
        if unknown:
            raise UsageError(f"{where}: unknown key {unknown[0]!r} "
                             f"(allowed: {', '.join(MANIFEST_KEYS)})")
        vendor, stack, documents = item.get("vendor"), item.get("stack"), item.get(
            "documents", [])
        if not isinstance(vendor, str | int) or not str(vendor).strip():
            raise UsageError(f"{where}: 'vendor' must be a non-empty name")
        if stack is not None and not isinstance(stack, str):
            raise UsageError(f"{where}: 'stack' must be a path")
        if isinstance(documents, str):
            documents = [documents]
        if not isinstance(documents, list) or not all(isinstance(d, str) for d in documents):
            raise UsageError(f"{where}: 'documents' must be a list of paths")
        entries.append((str(vendor).strip(), stack, list(documents), where))
    return entries


def _csv_entries(manifest: Path, text: str) -> list[Entry]:
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    unknown = [h for h in header if h not in MANIFEST_KEYS]
    if unknown or "vendor" not in header:
        problem = (f"unknown column {unknown[0]!r}" if unknown else "no 'vendor' column")
        raise UsageError(f"{manifest}:1: {problem} (columns: {', '.join(MANIFEST_KEYS)})")
    reader.fieldnames = header
    entries: list[Entry] = []
    for row in reader:
        where = f"{manifest}:{reader.line_num}"
        if None in row:
            raise UsageError(f"{where}: more cells than columns")
        vendor = (row.get("vendor") or "").strip()
        if not vendor:
            if any((v or "").strip() for v in row.values()):
                raise UsageError(f"{where}: the vendor cell is empty")
            continue
        stack = (row.get("stack") or "").strip() or None
        documents = [d.strip() for d in (row.get("documents") or "").split(CSV_SEPARATOR)
                     if d.strip()]
        entries.append((vendor, stack, documents, where))
    return entries
