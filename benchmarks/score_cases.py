"""Score scopegap on a folder of labelled cases (format: ../shared/realdocs/cases/README.md).

    python benchmarks/score_cases.py CASES_DIR [--scopegap EXE] [-v] [-j N] [--only TEXT]
                                     [--extra "--ocr"] [--json OUT.json]

Each ``CASE/case.yaml`` is run the way it asks: ``scopegap check --stack`` when it has a
``stack``, ``scopegap diff OLD NEW`` for ``command: diff``, else ``scopegap extract`` (JSON,
``--as-of`` from the case, ``--fail-on never``, plus the case's own ``options`` list, e.g.
``[--ocr]`` for a generated scan). Prints one line per case (``-v``: every miss), then a
per-field table and the totals: fields right, coverage rows right, findings P/R/F1 and the
number of false "covered" rows (an item reported covered that the label says is not; the
worst error the product can make). Exit status 1 when a false "covered" or a run error
occurred, else 0. The comparison rules are in ``benchmarks/case_scoring.py``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.case_scoring import (  # noqa: E402
    Check,
    FindingScore,
    check_coverage,
    check_document,
    score_diff,
    score_findings,
)


@dataclass
class CaseResult:
    name: str
    seconds: float = 0.0
    error: str | None = None
    fields: list[Check] = field(default_factory=list)
    coverage: list[Check] = field(default_factory=list)
    findings: FindingScore = field(default_factory=lambda: FindingScore(0, [], []))
    false_covered: list[str] = field(default_factory=list)


def default_exe() -> str:
    local = ROOT / ".venv" / "bin" / "scopegap"
    return str(local) if local.exists() else (shutil.which("scopegap") or "scopegap")


def command(case_dir: Path, spec: dict[str, Any], exe: str, extra: Sequence[str]) -> list[str]:
    docs = [str((case_dir / d).resolve()) for d in spec.get("documents") or []]
    if spec.get("command") == "diff":
        return [exe, "diff", *docs, "--format", "json"]
    what = (["check", "--stack", str((case_dir / spec["stack"]).resolve())]
            if spec.get("stack") else ["extract"])
    opts = [str(o) for o in spec.get("options") or []]
    return [exe, *what, "--as-of", str(spec["as_of"]), "--format", "json", "--fail-on",
            "never", *opts, *extra, *docs]


def run_case(case_dir: Path, exe: str, extra: Sequence[str], timeout: int) -> CaseResult:
    spec = yaml.safe_load((case_dir / "case.yaml").read_text(encoding="utf-8")) or {}
    expect = spec.get("expect") or {}
    result = CaseResult(case_dir.name)
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(command(case_dir, spec, exe, extra), capture_output=True,
                              text=True, timeout=timeout, check=False)
        out, err = proc.stdout, proc.stderr
    except subprocess.TimeoutExpired:
        out, err = "", "timeout"
    result.seconds = time.perf_counter() - t0
    try:
        report = json.loads(out)
    except json.JSONDecodeError:
        report = {}
        result.error = (err.strip().splitlines() or ["no JSON output"])[-1][:200]
    if spec.get("command") == "diff":
        result.findings = score_diff(expect, report.get("changes") or [])
        return result
    by_file = {Path(str(d.get("path", ""))).name: d for d in report.get("documents") or []}
    for fname, want in (expect.get("documents") or {}).items():
        result.fields += check_document(fname, want or {}, by_file.get(fname))
    result.coverage, result.false_covered = check_coverage(
        expect.get("coverage") or {}, report.get("coverage") or [])
    result.findings = score_findings(expect, report.get("findings") or [])
    return result


def field_name(check: Check) -> str:
    """``doc.pdf:subservice[AWS]`` -> ``subservice``: the per-field table's row."""
    name = check.field.rsplit(":", 1)[-1] if ":" in check.field else check.field
    if check.field.endswith(":extra"):
        name = check.field.split(":")[-2] + ":extra"
    return name.split("[")[0]


def case_line(r: CaseResult) -> str:
    f_ok = sum(c.ok for c in r.fields)
    c_ok = sum(c.ok for c in r.coverage)
    line = (f"{r.name}: fields {f_ok}/{len(r.fields)} coverage {c_ok}/{len(r.coverage)} "
            f"findings tp={r.findings.tp} fp={len(r.findings.fp)} fn={len(r.findings.fn)} "
            f"false-covered={len(r.false_covered)} ({r.seconds:.1f}s)")
    return line + (f" ERROR: {r.error}" if r.error else "")


def summary(results: Sequence[CaseResult]) -> dict[str, Any]:
    fields = [c for r in results for c in r.fields]
    cov = [c for r in results for c in r.coverage]
    tp = sum(r.findings.tp for r in results)
    fp = sum(len(r.findings.fp) for r in results)
    fn = sum(len(r.findings.fn) for r in results)
    p = tp / (tp + fp) if tp + fp else 1.0
    rc = tp / (tp + fn) if tp + fn else 1.0
    per_field: Counter[str] = Counter()
    per_field_ok: Counter[str] = Counter()
    for c in fields:
        per_field[field_name(c)] += 1
        per_field_ok[field_name(c)] += c.ok
    return {
        "cases": len(results), "errors": sum(bool(r.error) for r in results),
        "fields_ok": sum(c.ok for c in fields), "fields": len(fields),
        "coverage_ok": sum(c.ok for c in cov), "coverage": len(cov),
        "tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": rc,
        "f1": 2 * p * rc / (p + rc) if p + rc else 0.0,
        "false_covered": sum(len(r.false_covered) for r in results),
        "per_field": {k: [per_field_ok[k], n] for k, n in sorted(per_field.items())},
    }


def pct(a: int, b: int) -> str:
    return f"{a}/{b} ({a / b:.0%})" if b else "0/0"


def print_report(results: Sequence[CaseResult], verbose: bool) -> dict[str, Any]:
    for r in results:
        print(case_line(r))
        if verbose:
            for c in [*r.fields, *r.coverage]:
                if not c.ok:
                    print("    ", c.detail)
            for item in r.false_covered:
                print("     FALSE COVERED:", item)
            for f in r.findings.fp:
                print("     unexpected finding", f)
            for f in r.findings.fn:
                print("     missing finding", f)
    s = summary(results)
    print("per field: " + ", ".join(f"{k} {ok}/{n}" for k, (ok, n) in s["per_field"].items()))
    print(f"{s['cases']} cases, {s['errors']} errors · fields {pct(s['fields_ok'], s['fields'])}"
          f" · coverage {pct(s['coverage_ok'], s['coverage'])} · findings P={s['precision']:.2f}"
          f" R={s['recall']:.2f} F1={s['f1']:.2f} · false covered {s['false_covered']}")
    return s


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cases", type=Path, help="folder of case folders (or one case folder)")
    ap.add_argument("--scopegap", default=default_exe(), help="scopegap executable")
    ap.add_argument("--only", help="keep cases whose name contains this text")
    ap.add_argument("--extra", default="", help="extra scopegap options, e.g. '--ocr'")
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("-j", "--jobs", type=int, default=1)
    ap.add_argument("--json", type=Path, help="also write the totals as JSON here")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args(argv)
    if (a.cases / "case.yaml").exists():
        cases = [a.cases]
    else:
        cases = sorted(p.parent for p in a.cases.glob("*/case.yaml"))
    if a.only:
        cases = [c for c in cases if a.only in c.name]
    if not cases:
        print(f"{a.cases}: no case.yaml found", file=sys.stderr)
        return 2
    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        results = list(pool.map(
            lambda c: run_case(c, a.scopegap, a.extra.split(), a.timeout), cases))
    s = print_report(results, a.verbose)
    if a.json:
        a.json.write_text(json.dumps(s, indent=2) + "\n", encoding="utf-8")
    return 1 if s["false_covered"] or s["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
