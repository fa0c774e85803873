"""Decompression bombs: a compressed stream that inflates to gigabytes is refused before
PDFium or pdfminer inflate it whole into memory (neither caps what a stream may inflate to).

Each stream's data is inflated here in bounded chunks and thrown away, counting bytes, so
checking costs time (zlib runs at hundreds of MB/s) but no memory. Chained filters are
followed: Flate inside Flate, and Flate under an ASCIIHex or ASCII85 layer.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterator

MAX_INFLATED_STREAM = 256 * 1024 * 1024  # a 600 dpi A3 colour scan is about 200 MB
MAX_LAYERS = 4  # Flate in Flate in Flate...: each layer multiplies the ratio by up to ~1000
_CHUNK = 1 << 16
_STREAM = re.compile(rb"stream\r?\n")
_END = b"endstream"
_HEX = re.compile(rb"[0-9A-Fa-f\s]{16}")
_NOT_HEX = re.compile(rb"[^0-9A-Fa-f]")


def oversized_stream(data: bytes, limit: int = MAX_INFLATED_STREAM) -> int | None:
    """The byte offset of the first stream that inflates past ``limit``, else None."""
    for start, raw in _streams(data):
        if _inflates_past(raw, limit):
            return start
    return None


def _streams(data: bytes) -> Iterator[tuple[int, memoryview]]:
    """Each stream's raw bytes: from "stream" + EOL to the next "endstream" (or the end).

    The /Length is not trusted: a hostile or damaged file lies about it, and PDFium itself
    falls back to searching for endstream.
    """
    view = memoryview(data)
    position = 0
    while True:
        match = _STREAM.search(data, position)
        if match is None:
            return
        end = data.find(_END, match.end())
        stop = end if end >= 0 else len(data)
        if not data[max(match.start() - 3, 0) : match.start()].endswith(b"end"):
            yield match.start(), view[match.end() : stop]
        position = max(stop, match.end())


def _inflates_past(raw: memoryview, limit: int) -> bool:
    """Whether the stream, decoded like a chain of Flate filters, exceeds ``limit`` bytes."""
    if not raw:
        return False
    if raw[0] == 0x78:  # a zlib header: the usual FlateDecode
        chunks: Iterator[bytes] = _chunks(raw)
    elif _HEX.match(raw[:16]):  # ASCIIHexDecode then FlateDecode (decoded size is half)
        chunks = _hex_chunks(raw)
    elif bytes(raw[:2]) == b"<~" or _looks_ascii85(raw):
        try:
            chunks = iter([_a85(raw)])
        except ValueError:
            return False
    else:
        return False
    layers = _Layers(limit)
    return any(layers.feed(0, chunk) for chunk in chunks)


class _Layers:
    """zlib layers in a pipeline: each layer's output feeds the next when it looks like zlib.

    Every layer counts what it produces; the stream is a bomb when any count passes the limit.
    A layer that turns out not to be zlib after all just stops (its parent is still counted).
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.inflaters = [zlib.decompressobj()]
        self.counts = [0]
        self.alive = [True]

    def feed(self, level: int, data: bytes) -> bool:
        inflater = self.inflaters[level]
        while data and self.alive[level] and not inflater.eof:
            try:
                out = inflater.decompress(data, _CHUNK)
            except zlib.error:
                self.alive[level] = False  # corrupt: PDFium stops there too
                return False
            data = inflater.unconsumed_tail
            first = self.counts[level] == 0
            self.counts[level] += len(out)
            if self.counts[level] > self.limit:
                return True
            if first and out and level + 1 < MAX_LAYERS and _zlib_header(out[:2]):
                self.inflaters.append(zlib.decompressobj())
                self.counts.append(0)
                self.alive.append(True)
            if out and level + 1 < len(self.inflaters) and self.feed(level + 1, out):
                return True
        return False


def _chunks(raw: memoryview) -> Iterator[bytes]:
    for offset in range(0, len(raw), _CHUNK):
        yield bytes(raw[offset : offset + _CHUNK])


def _hex_chunks(raw: memoryview) -> Iterator[bytes]:
    pending = b""
    for chunk in _chunks(raw):
        digits = pending + _NOT_HEX.sub(b"", chunk)
        even = len(digits) - len(digits) % 2
        pending = digits[even:]
        yield binascii.unhexlify(digits[:even])


def _looks_ascii85(raw: memoryview) -> bool:
    head = bytes(raw[:16])
    return len(head) == 16 and all(33 <= byte <= 117 or byte in b" \r\n\tz~" for byte in head)


def _a85(raw: memoryview) -> bytes:
    text = bytes(raw).split(b"~>")[0].removeprefix(b"<~")
    return base64.a85decode(text, ignorechars=b" \t\r\n\x0b\x0c")


def _zlib_header(head: bytes) -> bool:
    return len(head) == 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0
