"""The fuzz harness (``benchmarks/fuzz_mutations.py``) at a test-sized count, and the hostile
structures it builds checked one by one: each is read or refused with a DocumentError, in
bounded time and memory. The full run (10,000 cases) is a command, see the README."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from scopegap.errors import DocumentError
from scopegap.ingest.bombs import MAX_INFLATED_STREAM, oversized_stream
from scopegap.ingest.layout import read_tables
from scopegap.ingest.pdf import read_pdf
from scopegap.ingest.time_limit import TimeLimit, time_limit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from fuzz_mutators import KINDS, mutate, seeds, with_object_streams  # noqa: E402

FIXTURE = ROOT / "fixtures" / "pdf" / "northwind_27001_schedule.pdf"
MIB = 1 << 20


def _flate_of_spaces(megabytes: int) -> bytes:
    compressor = zlib.compressobj(9)
    chunk = b" " * MIB
    return b"".join(compressor.compress(chunk) for _ in range(megabytes)) + compressor.flush()


def _pdf_with_stream(raw: bytes, filters: bytes) -> bytes:
    """The fixture with its first content stream replaced by ``raw`` under ``filters``."""
    data = FIXTURE.read_bytes()
    start = data.index(b"/Filter /FlateDecode\n/Length ")
    length = int(data[start + 28 : data.index(b"\n", start + 28)])
    body = data.index(b"stream\n", start) + 7
    return (data[:start] + b"/Filter " + filters + b"\n/Length %d\n>>\nstream\n" % len(raw)
            + raw + data[body + length :])


def test_a_flate_bomb_is_refused_before_pdfium_inflates_it(tmp_path: Path) -> None:
    target = tmp_path / "bomb.pdf"
    target.write_bytes(_pdf_with_stream(_flate_of_spaces(300), b"/FlateDecode"))
    with pytest.raises(DocumentError, match="inflates to more than 256 MiB"):
        read_pdf(target)


def test_a_layered_bomb_of_a_few_kilobytes_is_refused(tmp_path: Path) -> None:
    """Flate of Flate: 2 GiB of spaces in a file of a few KB; the check uses no memory."""
    layered = zlib.compress(_flate_of_spaces(2048), 9)
    assert len(layered) < 100_000
    target = tmp_path / "layered.pdf"
    target.write_bytes(_pdf_with_stream(layered, b"[/FlateDecode /FlateDecode]"))
    with pytest.raises(DocumentError, match="decompression bomb"):
        read_pdf(target)


def test_a_bomb_under_an_ascii_hex_layer_is_found() -> None:
    hexed = zlib.compress(b"\0" * (MAX_INFLATED_STREAM + MIB)).hex().encode()
    assert oversized_stream(b"1 0 obj << >> stream\n" + hexed + b"\nendstream") is not None


def test_a_large_but_legitimate_stream_is_read() -> None:
    data = b"1 0 obj << >> stream\n" + _flate_of_spaces(64) + b"\nendstream"
    assert oversized_stream(data) is None
    assert oversized_stream(data, limit=32 * MIB) == data.index(b"stream")


def test_the_object_stream_rewrite_reads_like_the_original(tmp_path: Path) -> None:
    rewritten = with_object_streams(FIXTURE.read_bytes())
    assert b"/ObjStm" in rewritten and b"/XRef" in rewritten
    target = tmp_path / "objstm.pdf"
    target.write_bytes(rewritten)
    assert read_pdf(target).full_text == read_pdf(FIXTURE).full_text
    assert read_pdf(target).warnings == ()


def test_mutations_are_deterministic() -> None:
    corpus = seeds()
    for kind in KINDS:
        if kind not in ("bomb", "huge_dict"):  # large payloads: covered by the slow run
            assert mutate(corpus, 7, 3, kind) == mutate(corpus, 7, 3, kind)


def test_time_limit_interrupts_pure_python_work() -> None:
    started = time.monotonic()
    with pytest.raises(TimeLimit), time_limit(0.2):
        while True:
            with contextlib.suppress(Exception):  # a library's broad handler: no escape
                sum(range(1000))
    assert time.monotonic() - started < 5


def test_time_limit_waits_for_the_named_modules() -> None:
    """Outside pdfminer (here: this test's own loop) the alarm does not interrupt."""
    started = time.monotonic()
    with time_limit(0.05, ("pdfminer",)):
        while time.monotonic() - started < 0.3:
            sum(range(1000))


def test_layout_pass_over_its_time_limit_falls_back_to_the_plain_text(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("scopegap.ingest.time_limit.REFIRE", 0.001)
    result = read_tables(str(FIXTURE), [1, 2, 3], timeout=1e-6)
    assert result.tables == {} and result.pages_read == ()
    assert "could not be read within" in result.warnings[0]


@pytest.mark.slow
def test_fuzz_harness_finds_no_undocumented_exception_hang_or_blow_up() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "fuzz_mutations.py"), "--cases", "90",
         "--seed", "11"], capture_output=True, text=True, timeout=1800,
    )
    assert "undocumented exceptions: 0, hangs: 0, memory blow-ups: 0" in run.stdout, run.stdout
    assert run.returncode == 0
