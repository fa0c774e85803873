"""The file before PDFium sees it: what it is, and what damage its structure shows.

Vendors' files pass through e-mail gateways, portals and scanners: some arrive with junk
before ``%PDF-``, a cross-reference table that points nowhere, or no ``%%EOF``. Viewers open
those (PDFium rebuilds the table by scanning the objects), so scopegap reads them too, but the
rebuild may silently lose pages or later revisions: the damage found here becomes a document
warning, and the page count PDFium reads is compared with the one the page tree declares.
Anything that is not a PDF at all is refused here with a reason the user can act on.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass

from scopegap.errors import DocumentError

HEADER_WINDOW = 1024  # PDFium looks for %PDF- this far into the file, as viewers do
TAIL_BYTES = 2048  # where %%EOF and startxref must be found in a complete file
XREF_SLACK = 16  # files whose line ends were rewritten are a few bytes off; PDFium reads those
MAX_PAGE_TREE_NODES = 10_000  # page-tree dictionaries looked at for a declared /Count
_NODE_WINDOW = 4096  # bytes around "/Type /Pages" searched for its /Count

_OTHER_FORMAT = re.compile(
    rb"\x1f\x8b|PK\x03\x04|\x89PNG|\xff\xd8\xff|GIF8|(?i:<!doctype html|<html)"
)
_STARTXREF = re.compile(rb"startxref\s+(\d{1,20})")
_XREF_START = re.compile(rb"(?<![a-z])xref|(?<![\d.])\d+\s+\d+\s+obj\b")  # table or stream
_PAGES_TYPE = re.compile(rb"/Type\s*/Pages(?![A-Za-z0-9])")
_COUNT = re.compile(rb"/Count\s+(\d{1,12})(?![\d.])")
_DICT_EDGE = re.compile(rb"endobj|\bobj\b")
_PAGE_TYPE = re.compile(rb"/Type\s*/Page(?![A-Za-z0-9])")
_HIDDEN_OBJECTS = re.compile(rb"/ObjStm|/Prev\s")  # object streams, incremental updates


@dataclass(frozen=True)
class Damage:
    """What the bytes show before parsing: junk before the header, a cut, a broken table."""

    header_offset: int = 0
    truncated: bool = False
    xref_problem: str | None = None  # why the cross-reference table cannot be used as written

    @property
    def needs_rebuild(self) -> bool:
        return self.truncated or self.xref_problem is not None

    def reason(self) -> str:
        """The damage in words (empty when there is none)."""
        parts = []
        if self.truncated:
            parts.append("the end-of-file marker is missing, the file was cut short")
        if self.xref_problem:
            parts.append(self.xref_problem)
        return "; ".join(parts)


def read_file_bytes(path: str, max_bytes: int, *, what: str = "file") -> bytes:
    """The bytes of a regular file within the size limit; a missing, linked-away,
    unreadable, special or oversized file is refused with its reason (every document
    reader, PDF or list, goes through here)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        # A dangling symbolic link is "not found" too, but say what it is.
        reason = "broken symbolic link" if os.path.islink(path) else "file not found"
        raise DocumentError(path, reason) from None
    except OSError as error:
        raise DocumentError(path, _os_reason(error)) from None
    if stat.S_ISDIR(info.st_mode):
        raise DocumentError(path, f"is a directory, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise DocumentError(path, "is not a regular file (a device, pipe or socket)")
    if info.st_size > max_bytes:
        raise DocumentError(path, f"file is {info.st_size / 2**20:.0f} MiB, over the "
                                  f"{max_bytes / 2**20:.0f} MiB limit for one document")
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise DocumentError(path, _os_reason(error)) from None
    if len(data) > max_bytes:
        raise DocumentError(path, f"file is over the {max_bytes / 2**20:.0f} MiB limit")
    return data


def read_checked(path: str, max_bytes: int) -> bytes:
    """The file's bytes; refuses what is not a readable PDF file, with a reason."""
    data = read_file_bytes(path, max_bytes, what="PDF file")
    if not data:
        raise DocumentError(path, "empty file (0 bytes), not a PDF")
    head = data[:HEADER_WINDOW].lstrip()
    # A known other format wins even when a PDF sits inside it (a PDF zipped uncompressed).
    if _OTHER_FORMAT.match(head) or b"%PDF-" not in data[:HEADER_WINDOW]:
        raise DocumentError(path, f"not a PDF ({_describe(head)})")
    return data


def _os_reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "is a symbolic link loop, not a file"
    if error.errno == errno.EACCES:
        return "cannot be read: permission denied"
    return f"cannot be read: {error.strerror or error}"


def _describe(head: bytes) -> str:
    """Name what a non-PDF file really is, so the user knows what they were sent."""
    lowered = head[:200].lower()
    if head.startswith(b"\x1f\x8b"):
        return "gzip-compressed data"
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP archive or Office document"
    if b"<html" in lowered or b"<!doctype html" in lowered:
        return "an HTML page"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "an image file"
    try:
        head.decode("utf-8")
        return "a text file"
    except UnicodeDecodeError:
        return "unknown binary data"


def inspect_structure(data: bytes) -> Damage:
    """A complete PDF ends with %%EOF after a startxref that points at its cross-references.

    Offsets count from the ``%PDF-`` header, as PDFium counts them, so junk before the header
    alone is no damage to the table.
    """
    header = data.find(b"%PDF-", 0, HEADER_WINDOW)
    header = max(header, 0)
    tail = data[-TAIL_BYTES:]
    truncated = b"%%EOF" not in tail
    found = _STARTXREF.findall(tail)
    problem: str | None
    if not found:
        problem = "no cross-reference table, startxref missing"
    else:
        offset = int(found[-1]) + header
        window = data[max(offset - XREF_SLACK, 0) : offset + XREF_SLACK] \
            if offset < len(data) else b""
        problem = None if _XREF_START.search(window) else (
            f"broken cross-reference table, startxref points to byte {offset - header} where "
            "there is none")
    return Damage(header_offset=header, truncated=truncated, xref_problem=problem)


def declared_page_count(data: bytes) -> int | None:
    """The /Count of the page tree's root as written in the file, when it can be read cheaply.

    The root holds the largest /Count of all page-tree nodes. Nodes inside compressed object
    streams are not visible in the bytes: then the answer is None, not a guess.
    """
    best: int | None = None
    for number, match in enumerate(_PAGES_TYPE.finditer(data)):
        if number >= MAX_PAGE_TREE_NODES:
            break
        start, end = _dictionary_window(data, match.start(), match.end())
        for count in _COUNT.findall(data, start, end):
            value = int(count)
            best = value if best is None else max(best, value)
    return best


def _dictionary_window(data: bytes, start: int, end: int) -> tuple[int, int]:
    """The bytes of the object around one "/Type /Pages", bounded by its obj/endobj."""
    low = max(start - _NODE_WINDOW, 0)
    before = [m.end() for m in _DICT_EDGE.finditer(data, low, start)]
    after = _DICT_EDGE.search(data, end, end + _NODE_WINDOW)
    return (before[-1] if before else low), (after.start() if after else end + _NODE_WINDOW)


def page_objects_in_file(data: bytes) -> int | None:
    """How many page objects the bytes hold, when that is countable without parsing.

    Only for a single-revision file without object streams: otherwise pages may be hidden
    in compressed streams or repeated by later revisions, and the answer is None.
    """
    if _HIDDEN_OBJECTS.search(data) or data.count(b"%%EOF") > 1:
        return None
    return sum(1 for _ in _PAGE_TYPE.finditer(data))
