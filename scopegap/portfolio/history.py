"""Run history: each portfolio run is recorded in SQLite, so ``scopegap history VENDOR``
shows how a vendor's findings and validity windows changed from one run to the next
(``report.history`` renders it).

A vendor-risk team reviews every year; what changed since the last review (a new finding,
one resolved, a window that moved) is what the reviewer needs, not the full report again.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from scopegap.errors import UsageError
from scopegap.portfolio.runner import VendorResult
from scopegap.portfolio.summary import worst_finding

APP_DIR = "scopegap"
HISTORY_FILE = "history.sqlite3"
BUSY_TIMEOUT_SECONDS = 30.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS run (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recorded_at TEXT NOT NULL,
    as_of TEXT NOT NULL,
    source TEXT NOT NULL,
    pipeline TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS vendor_run (
    run_id INTEGER NOT NULL REFERENCES run(id),
    vendor_id TEXT NOT NULL,
    vendor TEXT,
    status TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (run_id, vendor_id)
);
"""


def default_history_path() -> Path:
    """``$XDG_DATA_HOME/scopegap/…`` or ``~/.local/share/scopegap/…``: history is data the
    user keeps, not a cache they may delete."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_DIR / HISTORY_FILE


def _connect(path: Path, create: bool) -> sqlite3.Connection:
    if not create and not path.is_file():
        raise UsageError(f"{path}: no history database (run 'scopegap portfolio' first, "
                         "or pass --db)")
    try:
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS)
        db.executescript(_SCHEMA)
        return db
    except (OSError, sqlite3.Error) as error:
        raise UsageError(f"{path}: cannot open the history database: {error}") from None


def check_database(path: Path) -> None:
    """Create the database if needed; UsageError (exit 2) when it cannot be used."""
    _connect(path, create=True).close()


def vendor_record(result: VendorResult) -> dict[str, Any]:
    """What is kept of one vendor's run: findings, windows, errors (no timings)."""
    report = result.report
    findings = report.findings if report else ()
    worst = worst_finding(findings)
    return {
        "status": result.status,
        "worst_severity": worst.severity if worst else None,
        "findings": [{"kind": f.kind, "severity": f.severity, "subject": f.subject,
                      "message": f.message} for f in findings],
        "windows": [{
            "document": d.file_name, "sha256": d.sha256, "kind": d.kind,
            "start": d.window_start.value.isoformat() if d.window_start else None,
            "end": d.window_end.value.isoformat() if d.window_end else None,
        } for d in (report.documents if report else ())],
        "errors": list(result.errors),
    }


def record_run(path: Path, results: Sequence[VendorResult], *, as_of: date, source: str,
               pipeline: str, recorded_at: datetime) -> int:
    """Store one run; returns its id. Raises UsageError when the database is unusable."""
    db = _connect(path, create=True)
    try:
        with db:
            cursor = db.execute(
                "INSERT INTO run (recorded_at, as_of, source, pipeline) VALUES (?, ?, ?, ?)",
                (recorded_at.isoformat(timespec="seconds"), as_of.isoformat(), source,
                 pipeline))
            run_id = int(cursor.lastrowid or 0)
            db.executemany(
                "INSERT INTO vendor_run (run_id, vendor_id, vendor, status, record) "
                "VALUES (?, ?, ?, ?, ?)",
                [(run_id, r.job.vendor_id, r.report.vendor if r.report else None, r.status,
                  json.dumps(vendor_record(r), ensure_ascii=False, sort_keys=True))
                 for r in results])
        return run_id
    except sqlite3.Error as error:
        raise UsageError(f"{path}: cannot record the run: {error}") from None
    finally:
        db.close()


@dataclass(frozen=True)
class HistoryEntry:
    run_id: int
    recorded_at: str
    as_of: str
    source: str
    vendor_id: str
    vendor: str | None
    record: dict[str, Any]


def vendor_history(path: Path, vendor: str) -> list[HistoryEntry]:
    """Every recorded run of VENDOR (its id, or its legal name in any case), oldest first."""
    db = _connect(path, create=False)
    try:
        rows = db.execute(
            "SELECT r.id, r.recorded_at, r.as_of, r.source, v.vendor_id, v.vendor, v.record "
            "FROM vendor_run v JOIN run r ON r.id = v.run_id ORDER BY r.id").fetchall()
    except sqlite3.Error as error:
        raise UsageError(f"{path}: cannot read the history database: {error}") from None
    finally:
        db.close()
    entries = [HistoryEntry(int(row[0]), row[1], row[2], row[3], row[4], row[5],
                            json.loads(row[6])) for row in rows]
    exact = [e for e in entries if e.vendor_id == vendor]
    if exact:
        return exact
    folded = vendor.casefold()
    return [e for e in entries
            if e.vendor_id.casefold() == folded or (e.vendor or "").casefold() == folded]


def _finding_keys(record: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(f["kind"], f["subject"]): f for f in record["findings"]}


def _window_map(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {w["document"]: w for w in record["windows"]}


def history_json(vendor: str, entries: Sequence[HistoryEntry]) -> dict[str, Any]:
    """Runs oldest first, each with what changed since the previous run of this vendor."""
    runs = []
    previous: dict[str, Any] | None = None
    for entry in entries:
        record = entry.record
        now_f, before_f = _finding_keys(record), _finding_keys(previous) if previous else {}
        now_w, before_w = _window_map(record), _window_map(previous) if previous else {}
        window_changes = []
        for name in sorted(set(now_w) | set(before_w)):
            old, new = before_w.get(name), now_w.get(name)
            if previous is None or old == new or (
                    old and new and (old["start"], old["end"]) == (new["start"], new["end"])):
                continue
            window_changes.append({
                "document": name,
                "old": None if old is None else {"start": old["start"], "end": old["end"]},
                "new": None if new is None else {"start": new["start"], "end": new["end"]},
            })
        runs.append({
            "run": entry.run_id,
            "recorded_at": entry.recorded_at,
            "as_of": entry.as_of,
            "source": entry.source,
            "status": record["status"],
            "worst_severity": record["worst_severity"],
            "findings": len(record["findings"]),
            "new_findings": [now_f[k] for k in sorted(set(now_f) - set(before_f))]
            if previous is not None else [],
            "resolved_findings": [before_f[k] for k in sorted(set(before_f) - set(now_f))],
            "windows": record["windows"],
            "window_changes": window_changes,
            "errors": record["errors"],
        })
        previous = record
    last = entries[-1] if entries else None
    return {"vendor_id": last.vendor_id if last else vendor,
            "vendor": last.vendor if last else None, "runs": runs}
