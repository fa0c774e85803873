"""Deterministic hostile mutations of the generated fixtures (used by ``fuzz_mutations.py``).

``mutate(corpus, seed, number, kind)`` always returns the same bytes for the same arguments,
so a failing case can be replayed on its own. The seeds are the committed generator outputs
(``fixtures/pdf``, ``fixtures/soc/pdf``) plus an object-stream rewrite of each, so damage to
object streams and cross-reference streams is reached too.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
_ROOT = re.compile(rb"/Root\s+(\d+)\s+0\s+R")
_STREAM = re.compile(rb"/Length (\d+)\s*>>\s*stream\n")
BOMB_MEGABYTES = (300, 1024, 2048)  # what a bomb stream inflates to
DICTIONARY_KEYS = (10_000, 200_000, 1_000_000)


@cache
def seeds() -> tuple[bytes, ...]:
    """The fixture PDFs, each as written and rewritten with object and xref streams."""
    files = sorted((ROOT / "fixtures" / "pdf").glob("*.pdf"))
    files += sorted((ROOT / "fixtures" / "soc" / "pdf").glob("*.pdf"))
    originals = [path.read_bytes() for path in files]
    return tuple(originals + [with_object_streams(data) for data in originals])


def with_object_streams(data: bytes) -> bytes:
    """The same document with its plain objects in one /ObjStm and a cross-reference stream."""
    objects = {int(m.group(1)): m.group(2) for m in _OBJECT.finditer(data)}
    root = _ROOT.findall(data)[-1]
    plain = [n for n, body in objects.items() if b"stream" not in body]
    header, bodies, offset = [], [], 0
    for number in plain:
        header.append(f"{number} {offset}".encode())
        body = objects[number] + b"\n"
        bodies.append(body)
        offset += len(body)
    first = b" ".join(header) + b"\n"
    packed = zlib.compress(first + b"".join(bodies))
    stream_number = max(objects) + 1
    xref_number = stream_number + 1
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    entries: dict[int, tuple[int, int, int]] = {0: (0, 0, 65535)}
    for number, body in objects.items():
        if number not in plain:
            entries[number] = (1, len(out), 0)
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    for index, number in enumerate(plain):
        entries[number] = (2, stream_number, index)
    entries[stream_number] = (1, len(out), 0)
    out += (b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n"
            b"stream\n" % (stream_number, len(plain), len(first), len(packed)))
    out += packed + b"\nendstream\nendobj\n"
    entries[xref_number] = (1, len(out), 0)
    size = xref_number + 1
    rows = b"".join(bytes([kind]) + field.to_bytes(4, "big") + extra.to_bytes(2, "big")
                    for kind, field, extra in (entries.get(n, (0, 0, 0)) for n in range(size)))
    table = zlib.compress(rows)
    start = len(out)
    out += (b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %s 0 R /Filter /FlateDecode "
            b"/Length %d >>\nstream\n" % (xref_number, size, root, len(table)))
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


# --------------------------------------------------------------------------------------------
# Mutations
# --------------------------------------------------------------------------------------------

Mutation = Callable[[bytes, random.Random], bytes]


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 32)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def _splice(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        at, size = rng.randrange(len(out)), rng.randint(1, 256)
        action = rng.randrange(4)
        if action == 0:
            out[at : at + size] = rng.randbytes(size)
        elif action == 1:
            del out[at : at + size]
        elif action == 2:
            out[at:at] = rng.randbytes(size)
        else:
            source = rng.randrange(len(out))
            out[at:at] = out[source : source + size]
        if not out:
            out = bytearray(b"%")
    return bytes(out)


def _xref(data: bytes, rng: random.Random) -> bytes:
    """Damage the cross-reference table/stream, the trailer or startxref."""
    tail_start = max(data.rfind(b"xref"), data.rfind(b"/XRef"), 0)
    action = rng.randrange(6)
    if action == 0:  # scribble in the table or trailer
        out = bytearray(data)
        for _ in range(rng.randint(1, 40)):
            out[rng.randrange(tail_start, len(out))] = rng.choice(b"0123456789 nf\n<>/R")
        return bytes(out)
    if action == 1:  # startxref anywhere
        cut = data.rfind(b"startxref")
        return data[:cut] + b"startxref\n%d\n%%%%EOF\n" % rng.choice(
            [0, -1, rng.randrange(len(data)), 2**63, 10**30])
    if action == 2:  # /Root or /Size pointing elsewhere
        return re.sub(rb"/(Root|Size|Prev|Info)\s+\d+", lambda m: m.group(1).join(
            [b"/", b" %d" % rng.choice([0, 1, 10**9, 2**31, -5])]), data)
    if action == 3:  # a /Prev chain that loops onto itself
        cut = data.rfind(b"startxref")
        start = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
        return data[:cut].replace(b"/Root", b"/Prev %d /Root" % start, 1) + data[cut:]
    if action == 4:  # the table's entries shuffled
        lines = data[tail_start:].split(b"\n")
        rng.shuffle(lines)
        return data[:tail_start] + b"\n".join(lines)
    return data[:tail_start] + rng.randbytes(rng.randint(0, 200))


def _objstm(data: bytes, rng: random.Random) -> bytes:
    """Damage an object stream: its /N, /First, /Length or packed bytes."""
    source = data if b"/ObjStm" in data else with_object_streams(data)
    action = rng.randrange(4)
    if action == 0:
        return re.sub(rb"/(N|First) \d+", lambda m: b"/%s %d" % (m.group(1), rng.choice(
            [0, 1, 10**6, 2**31 - 1, 10**12])), source, count=1)
    if action == 1:
        return re.sub(rb"/Length \d+ >>\nstream", b"/Length %d >>\nstream" % rng.choice(
            [0, 1, 10**9, 2**40]), source, count=1)
    start = source.find(b"stream\n", source.find(b"/ObjStm")) + 7
    end = source.find(b"endstream", start)
    packed = bytearray(source[start:end])
    if action == 2:
        for _ in range(rng.randint(1, 8)):
            packed[rng.randrange(len(packed))] ^= 0xFF
    else:
        inner = zlib.decompress(bytes(packed))
        inner = inner.replace(b" ", b" %d " % rng.randrange(10**9), 1)
        packed = bytearray(zlib.compress(inner))
    return source[:start] + bytes(packed) + source[end:]


def _nesting(data: bytes, rng: random.Random) -> bytes:
    """Arrays or dictionaries nested tens of thousands deep, in a page or a content stream."""
    depth = rng.choice([1_000, 50_000, 400_000])
    opened, closed = rng.choice([(b"[", b"]"), (b"<< /A ", b">>")])
    nest = opened * depth + b"1" + closed * depth
    if rng.random() < 0.5:
        return data.replace(b"/Type /Page\n", b"/Type /Page\n/Nest " + nest + b"\n", 1)
    content = b"BT /F1 12 Tf 72 700 Td " + nest + b" TJ ET q" * rng.choice([1, 100_000])
    return _replace_first_stream(data, content, rng, compress=rng.random() < 0.5)


@cache
def _dictionary_body(keys: int) -> bytes:
    return b"".join(b"/K%d %d " % (n, n) for n in range(keys))


def _huge_dictionary(data: bytes, rng: random.Random) -> bytes:
    body = _dictionary_body(rng.choice(DICTIONARY_KEYS))
    where = rng.choice([b"/Type /Page\n", b"/Type /Catalog", b"/Type /Pages"])
    return data.replace(where, where + b"\n/Huge << " + body + b">>\n", 1)


@cache
def _bomb_payload(megabytes: int) -> bytes:
    """A Flate stream of a text operator followed by ``megabytes`` MiB of spaces (built once)."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [compressor.compress(b"BT /F1 12 Tf 72 712 Td (x) Tj ET\n")]
    parts += [compressor.compress(chunk) for _ in range(megabytes)]
    return b"".join(parts) + compressor.flush()


def _bomb(data: bytes, rng: random.Random) -> bytes:
    """A content stream that inflates to hundreds of MB or GBs, plain or layered."""
    packed = _bomb_payload(rng.choice(BOMB_MEGABYTES))
    layered = rng.random() < 0.4
    if layered:  # Flate of Flate: the file holds a few KB
        packed = zlib.compress(packed, 9)
    return _replace_first_stream(data, packed, rng, compress=False,
                                 filters=b"[/FlateDecode /FlateDecode]" if layered
                                 else b"/FlateDecode")


def _count(data: bytes, rng: random.Random) -> bytes:
    """Hostile page trees: /Count huge, negative or wrong; /Kids pointing back up."""
    if rng.random() < 0.7:
        value = rng.choice([0, -1, 1, 2, 999, 10_001, 999_999, 2**31 - 1, 2**31, 10**15])
        return re.sub(rb"/Count \d+", b"/Count %d" % value, data, count=1)
    pages = re.search(rb"(\d+) 0 obj\s*<<[^>]*?/Type /Pages", data)
    if pages is None:
        return data
    return re.sub(rb"/Kids \[(\d+)", b"/Kids [" + pages.group(1), data, count=1)


def _replace_first_stream(data: bytes, content: bytes, rng: random.Random, *, compress: bool,
                          filters: bytes | None = None) -> bytes:
    """``data`` with its first stream's bytes replaced (compressed when asked)."""
    match = _STREAM.search(data)
    if match is None:
        return data
    start, length = match.end(), int(match.group(1))
    head = data[: match.start()]
    cut = max(head.rfind(b"obj"), 0)
    head = head[:cut] + re.sub(rb"/Filter\s*/FlateDecode", b"", head[cut:], count=1)
    stream = zlib.compress(content) if compress else content
    if compress:
        filters = b"/FlateDecode"
    attributes = b"/Filter " + filters + b" " if filters else b""
    return (head + attributes + b"/Length %d >>\nstream\n" % len(stream) + stream
            + data[start + length :])


def warm() -> None:
    """Build the cached bomb payloads and huge dictionaries (seconds each) up front."""
    for megabytes in BOMB_MEGABYTES:
        _bomb_payload(megabytes)
    for keys in DICTIONARY_KEYS:
        _dictionary_body(keys)


MUTATIONS: dict[str, Mutation] = {
    "flip": _flip, "truncate": _truncate, "splice": _splice, "xref": _xref,
    "objstm": _objstm, "nesting": _nesting, "huge_dict": _huge_dictionary, "bomb": _bomb,
    "count": _count,
}
KINDS = tuple(MUTATIONS)


def mutate(corpus: tuple[bytes, ...], seed: int, number: int, kind: str) -> bytes:
    rng = random.Random(f"{seed}:{number}:{kind}")
    data = corpus[rng.randrange(len(corpus))]
    mutated = MUTATIONS[kind](data, rng)
    if rng.random() < 0.1:  # some cases carry two kinds of damage
        mutated = _flip(mutated, rng)
    return mutated
