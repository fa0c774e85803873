"""The command line as a user meets it: help, exit codes, one-line errors, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scopegap.cli import main

ROOT = Path(__file__).resolve().parent.parent
CERT = ROOT / "fixtures" / "pdf" / "northwind_27001_schedule.pdf"
STACK = ROOT / "fixtures" / "stacks" / "northwind.yaml"


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_help_lists_commands_and_does_not_import_spacy() -> None:
    code = (
        "import sys; from click.testing import CliRunner; from scopegap.cli import main;"
        "r = CliRunner().invoke(main, ['--help']); print(r.output);"
        "print('SPACY' if 'spacy' in sys.modules else 'NO-SPACY')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert "extract" in out and "check" in out
    assert out.strip().endswith("NO-SPACY")


@pytest.mark.parametrize("command", ["extract", "check"])
def test_every_command_has_help(command: str) -> None:
    code, out, _ = _invoke(command, "--help")
    assert code == 0 and "--as-of" in out and "--format" in out


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"this is plain text, not a PDF\n", "not a PDF (a text file)"),
        (b"<!DOCTYPE html><html><body>login</body></html>", "not a PDF (an HTML page)"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF", "corrupt PDF"),
    ],
)
def test_unreadable_document_exits_3_with_one_line(tmp_path: Path, content: bytes,
                                                   reason: str) -> None:
    bad = tmp_path / "vendor.pdf"
    bad.write_bytes(content)
    code, _, err = _invoke("extract", str(bad), "--format", "json")
    assert code == 3
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and reason in lines[0]
    assert "Traceback" not in err


def test_missing_file_and_directory_exit_3(tmp_path: Path) -> None:
    for target, reason in ((tmp_path / "nope.pdf", "file not found"),
                           (tmp_path, "is a directory")):
        code, _, err = _invoke("extract", str(target))
        assert code == 3 and reason in err and len(err.strip().splitlines()) == 1


def test_a_bad_document_does_not_lose_the_others(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"")
    code, out, err = _invoke("extract", str(CERT), str(bad), "--format", "json")
    assert code == 3
    report = json.loads(out)
    assert [d["path"] for d in report["documents"]] == [str(CERT)]
    assert "broken.pdf" in err


def test_bad_stack_exits_2_naming_key_and_line(tmp_path: Path) -> None:
    stack = tmp_path / "stack.yaml"
    stack.write_text("vendor: X\ntool:\n  - Five9\n", encoding="utf-8")
    code, _, err = _invoke("check", "--stack", str(stack), str(CERT))
    assert code == 2
    assert f"{stack}:2" in err and "'tool'" in err and "Traceback" not in err


def test_bad_option_exits_2() -> None:
    code, _, _ = _invoke("check", "--stack", str(STACK), str(CERT), "--as-of", "22/11/2026")
    assert code == 2


@pytest.mark.parametrize(("fail_on", "expected"), [("high", 1), ("never", 0)])
def test_fail_on_threshold(fail_on: str, expected: int) -> None:
    code, _, _ = _invoke("check", "--stack", str(STACK), str(CERT), "--as-of", "2026-11-22",
                         "--format", "json", "--fail-on", fail_on)
    assert code == expected


def test_output_file_format_follows_its_suffix(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out, _ = _invoke("extract", str(CERT), "--as-of", "2026-11-22", "-o", str(target))
    assert code == 0 and out == ""
    report = json.loads(target.read_text(encoding="utf-8"))
    assert report["schema_version"] == "1.1" and report["vendor"] is None
    assert report["documents"][0]["kind"] == "iso27001_certificate"


def test_json_keys_follow_the_spec() -> None:
    _, out, _ = _invoke("check", "--stack", str(STACK), str(CERT), "--as-of", "2026-11-22",
                        "--format", "json")
    report = json.loads(out)
    assert list(report) == ["schema_version", "as_of", "vendor", "documents", "coverage",
                            "findings"]
    document = report["documents"][0]
    assert list(document)[:5] == ["path", "sha256", "kind", "standards", "holder"]
    assert {"item", "type", "status", "document", "page", "evidence", "score"} <= set(
        report["coverage"][0])
    assert list(report["findings"][0]) == ["id", "kind", "severity", "subject", "status",
                                           "waiver", "document", "page", "evidence",
                                           "message"]
