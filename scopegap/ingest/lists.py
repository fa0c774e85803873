"""Read a vendor's subprocessor list saved as HTML, Markdown or CSV into neutral blocks.

The extractor (``scopegap.extract.subprocessors``) reads headings, paragraphs, list items and
tables the same way whatever the format was, so each reader here only turns its format into
``Block`` values in document order, each with the source line it starts on (the evidence a
reviewer looks up). PDF lists get the same blocks from ``scopegap.ingest.list_pdf``.

HTML is parsed with Beautiful Soup over the standard library's ``html.parser``: a well-kept,
typed library that copes with the tag soup browsers save, needs no compiled extension, and
records each tag's source line (selectolax is faster but gives no line numbers, and speed
does not matter for a page of a few hundred rows). Markdown is parsed with markdown-it-py
(CommonMark plus GFM tables), whose tokens carry line ranges; CSV with the standard ``csv``
module. The suffix decides the reader, and the bytes must agree with it: a ``.html`` that
holds a PDF, a ``.csv`` that holds HTML, or binary data in any of them is refused.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from scopegap.errors import DocumentError
from scopegap.ingest.pdf_file import read_file_bytes

ListFormat = Literal["html", "markdown", "csv", "pdf"]
BlockKind = Literal["heading", "paragraph", "item", "table"]

SUFFIXES: dict[str, ListFormat] = {".html": "html", ".htm": "html", ".md": "markdown",
                                   ".markdown": "markdown", ".csv": "csv"}
MAX_BYTES = 20 * 2**20

_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(rb"<(?:table|div|p|ul|ol|li|h[1-6]|section|main|dl|span|a)\b", re.IGNORECASE)
_BINARY_HEADS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x89PNG", "an image file"),
    (b"\xff\xd8\xff", "an image file"),
    (b"GIF8", "an image file"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office document"),
)


@dataclass(frozen=True)
class Row:
    """One table row: its cells' text (line breaks inside a cell kept as "\\n")."""

    cells: tuple[str, ...]
    line: int | None
    page: int | None = None


@dataclass(frozen=True)
class Block:
    """A heading, paragraph, list item or table, where it starts in the source.

    ``term`` is the part of an item its markup sets apart (a definition list's term, a
    leading bold or link text): the name, when the vendor marked it. ``header_rows`` counts
    the rows of a table that the markup marks as its header (``<th>``, a Markdown table's
    first row); 0 when the markup does not say.
    """

    kind: BlockKind
    text: str = ""
    line: int | None = None
    page: int | None = None
    level: int = 0
    term: str | None = None
    rows: tuple[Row, ...] = ()
    header_rows: int = 0


@dataclass(frozen=True)
class ListSource:
    """A list document read into blocks: the file, its digest and format, and the blocks."""

    path: str
    sha256: str
    format: ListFormat
    blocks: tuple[Block, ...]
    page_count: int = 1
    warnings: tuple[str, ...] = field(default=())


def list_format(path: str | Path) -> ListFormat | None:
    """The list format a file name's suffix promises, or None for any other suffix."""
    return SUFFIXES.get(Path(path).suffix.lower())


def read_list(path: str | Path, max_bytes: int = MAX_BYTES) -> ListSource:
    """Read an HTML, Markdown or CSV list (DocumentError when it cannot be read as one)."""
    name = str(path)
    fmt = list_format(name)
    if fmt is None or fmt == "pdf":
        raise DocumentError(name, "not a subprocessor list (expected .html, .htm, .md or .csv)")
    data = _read_bytes(name, max_bytes)
    text = _decode(name, data, fmt)
    digest = hashlib.sha256(data).hexdigest()
    if fmt == "html":
        blocks = html_blocks(text)
    elif fmt == "markdown":
        blocks = markdown_blocks(text)
    else:
        blocks = csv_blocks(name, text)
    return ListSource(path=name, sha256=digest, format=fmt, blocks=tuple(blocks))


# --------------------------------------------------------------------------- sniffing


def _read_bytes(path: str, max_bytes: int) -> bytes:
    data = read_file_bytes(path, max_bytes)
    if not data.strip():
        raise DocumentError(path, "empty file: no subprocessor list in it")
    return data


def sniff(data: bytes) -> str:
    """What the bytes are: "html", "text", or a description of a binary format."""
    head = data[:2048]
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    for magic, what in _BINARY_HEADS:
        if stripped.startswith(magic):
            return what
    if b"%PDF-" in head[:1024]:
        return "a PDF document"
    if b"\x00" in head:
        return "unknown binary data"
    if _HTML_START.match(head):
        return "html"
    return "text"


_NAMES = {"html": "an HTML page", "markdown": "Markdown", "csv": "CSV"}


def _decode(path: str, data: bytes, fmt: ListFormat) -> str:
    """The file's text, once the bytes are shown to be what the suffix promises."""
    what = sniff(data)
    if what not in ("html", "text"):
        raise DocumentError(path, f"not {_NAMES[fmt]}: the file holds {what}")
    if fmt == "html" and what != "html" and len(_TAG.findall(data[:65536])) < 2:
        raise DocumentError(path, "not an HTML page: no HTML markup in it (a text file)")
    if fmt in ("markdown", "csv") and what == "html":
        raise DocumentError(path, f"not {_NAMES[fmt]}: the file holds an HTML page "
                                  "(save it as .html)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")  # what older Windows tools save
    except UnicodeDecodeError:
        raise DocumentError(path, "not a text file: neither UTF-8 nor Windows-1252") from None


# --------------------------------------------------------------------------- HTML

_SKIP_TAGS = ("script", "style", "noscript", "template", "svg", "nav", "button", "form",
              "iframe", "select")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCK_TAGS = frozenset({"p", "div", "section", "article", "main", "header", "footer", "aside",
                         "body", "html", "blockquote", "figure", "center", "details",
                         "summary", "caption", "address", "pre", "form"})
_BREAK = "\n"


def html_blocks(text: str) -> list[Block]:
    """Headings, paragraphs, list items and tables of an HTML page, in document order."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup.find_all(_SKIP_TAGS):
        tag.decompose()
    blocks: list[Block] = []
    _walk(soup, blocks)
    return blocks


def _walk(node: Any, out: list[Block]) -> None:
    """Depth-first over block structure; inline runs become paragraphs."""
    from bs4.element import NavigableString, Tag

    inline: list[str] = []
    inline_line: list[int | None] = [None]

    def flush() -> None:
        joined = " ".join(" ".join(inline).split())
        if joined:
            out.append(Block("paragraph", joined, inline_line[0]))
        inline.clear()
        inline_line[0] = None

    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child).__name__ in ("Comment", "Doctype", "Declaration",
                                        "ProcessingInstruction", "CData"):
                continue
            if str(child).strip():
                inline.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name in _HEADINGS:
            flush()
            heading = _text(child)
            if heading:
                out.append(Block("heading", heading, child.sourceline, level=_HEADINGS[name]))
        elif name == "table":
            flush()
            out.append(_html_table(child))
        elif name in ("ul", "ol"):
            flush()
            _html_list(child, out)
        elif name == "dl":
            flush()
            _html_definitions(child, out)
        elif name == "br":
            flush()
        elif name in _BLOCK_TAGS or child.find(["p", "div", "table", "ul", "ol", "dl", "h1",
                                                "h2", "h3", "h4", "h5", "h6"]) is not None:
            flush()
            _walk(child, out)
        else:
            if inline_line[0] is None:
                inline_line[0] = child.sourceline
            inline.append(_text(child))
    flush()


def _text(tag: Any) -> str:
    return " ".join(tag.get_text(" ").split())


def _cell_text(tag: Any) -> str:
    """A cell's text, line breaks (<br>, paragraphs, list items) kept as "\\n"."""
    for br in tag.find_all("br"):
        br.replace_with(_BREAK)
    for inner in tag.find_all(["p", "li", "div"]):
        inner.insert_after(_BREAK)
    lines = [" ".join(part.split()) for part in tag.get_text("").split(_BREAK)]
    return _BREAK.join(line for line in lines if line)


def _html_table(table: Any) -> Block:
    rows: list[Row] = []
    header_rows = 0
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue  # a table inside a cell belongs to that cell
        cells = tr.find_all(["th", "td"], recursive=False)
        if not cells:
            continue
        in_head = tr.find_parent("thead") is not None
        all_th = all(cell.name == "th" for cell in cells)
        if (in_head or all_th) and len(rows) == header_rows:
            header_rows += 1
        rows.append(Row(tuple(_cell_text(cell) for cell in cells), tr.sourceline))
    return Block("table", line=table.sourceline, rows=tuple(rows), header_rows=header_rows)


def _lead(item: Any) -> str | None:
    """The name an item's markup sets apart: a leading <strong>/<b>/<a>/<em>."""
    from bs4.element import NavigableString, Tag

    for child in item.children:
        if isinstance(child, NavigableString):
            if str(child).strip():
                return None
            continue
        if isinstance(child, Tag):
            if child.name in ("strong", "b", "a", "em", "span", "code") and _text(child):
                return _text(child)
            if child.name in ("p", "div"):
                return _lead(child)
            return None
    return None


def _html_list(node: Any, out: list[Block]) -> None:
    for item in node.find_all("li", recursive=False):
        nested = [sub.extract() for sub in item.find_all(["ul", "ol"])]
        text = _text(item)
        if text:
            out.append(Block("item", text, item.sourceline, term=_lead(item)))
        for sub in nested:
            _html_list(sub, out)


def _html_definitions(node: Any, out: list[Block]) -> None:
    term: Any = None
    details: list[str] = []

    def emit() -> None:
        if term is not None and _text(term):
            out.append(Block("item", "\n".join([_text(term), *details]), term.sourceline,
                             term=_text(term)))

    for child in node.find_all(["dt", "dd"]):
        if child.name == "dt":
            emit()
            term, details = child, []
        elif term is not None and _text(child):
            details.append(_text(child))
    emit()


# --------------------------------------------------------------------------- Markdown

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*\n", re.DOTALL)


def markdown_blocks(text: str) -> list[Block]:
    """Headings, paragraphs, list items and tables of a Markdown file (front matter skipped,
    its lines kept blank so line numbers stay the file's own)."""
    from markdown_it import MarkdownIt

    front = _FRONT_MATTER.match(text)
    if front is not None:
        text = "\n" * front.group(0).count("\n") + text[front.end():]
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks: list[Block] = []
    item_depth = 0
    item_line: list[int | None] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        line = token.map[0] + 1 if token.map else None
        if token.type == "heading_open":
            blocks.append(Block("heading", _inline_text(tokens[i + 1]), line,
                                level=int(token.tag[1:])))
            i += 3
            continue
        if token.type == "list_item_open":
            item_depth += 1
            item_line.append(line)
        elif token.type == "list_item_close":
            item_depth -= 1
            item_line.pop()
        elif token.type == "inline" and tokens[i - 1].type == "paragraph_open":
            text_value = _inline_text(token)
            if item_depth:
                blocks.append(Block("item", text_value, item_line[-1] or line,
                                    term=_inline_lead(token)))
            elif text_value:
                blocks.append(Block("paragraph", text_value, line))
        elif token.type == "table_open":
            block, i = _md_table(tokens, i)
            blocks.append(block)
            continue
        i += 1
    return blocks


def _inline_text(token: Any) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "html_inline" and child.content.lower().startswith("<br"):
            parts.append("\n")
    lines = ["".join(line).strip() for line in "".join(parts).split("\n")]
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def _inline_lead(token: Any) -> str | None:
    """Text of a leading link or strong/emphasis run: the name the item marks."""
    children = list(token.children or [])
    if not children or children[0].type not in ("link_open", "strong_open", "em_open"):
        return None
    closing = children[0].type.replace("_open", "_close")
    parts: list[str] = []
    for child in children[1:]:
        if child.type == closing:
            break
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
    lead = " ".join("".join(parts).split())
    return lead or None


def _md_table(tokens: Sequence[Any], start: int) -> tuple[Block, int]:
    rows: list[Row] = []
    header_rows = 0
    cells: list[str] = []
    line: int | None = None
    i = start
    in_head = False
    while i < len(tokens) and tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            cells = []
            line = token.map[0] + 1 if token.map else None
        elif token.type == "inline":
            cells.append(_inline_text(token))
        elif token.type == "tr_close":
            rows.append(Row(tuple(cells), line))
            header_rows += in_head
        i += 1
    table_line = tokens[start].map[0] + 1 if tokens[start].map else None
    return Block("table", line=table_line, rows=tuple(rows), header_rows=header_rows), i + 1


# --------------------------------------------------------------------------- CSV


def csv_blocks(path: str, text: str) -> list[Block]:
    """One table: the first row with two or more filled cells is the header; single-cell
    rows before it (a title, a "Last updated" line) are paragraphs."""
    delimiter = _delimiter(text)
    blocks: list[Block] = []
    rows: list[Row] = []
    try:
        reader = csv.reader(text.splitlines(), delimiter=delimiter)
        for record in _numbered(reader):
            number, cells = record
            filled = [c.strip() for c in cells]
            if not any(filled):
                continue
            if not rows and sum(1 for c in filled if c) < 2:
                blocks.append(Block("paragraph", " ".join(c for c in filled if c), number))
                continue
            rows.append(Row(tuple(filled), number))
    except csv.Error as error:
        raise DocumentError(path, f"not readable as CSV: {error}") from None
    if len(rows) < 2 or len(rows[0].cells) < 2:
        raise DocumentError(path, "not a subprocessor list: the CSV has no header row with "
                                  "at least two columns and rows under it")
    blocks.append(Block("table", line=rows[0].line, rows=tuple(rows), header_rows=1))
    return blocks


def _delimiter(text: str) -> str:
    """The delimiter that splits most of the first lines into the same number (>= 2) of
    cells; "," when none does (csv.Sniffer guesses wrong with a title line above the table)."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", 0
    for candidate in (",", ";", "\t", "|"):
        widths = [len(cells) for cells in csv.reader(lines, delimiter=candidate)]
        common = max(set(widths), key=widths.count) if widths else 1
        score = widths.count(common) if common >= 2 else 0
        if score > best_score:
            best, best_score = candidate, score
    return best


def _numbered(reader: Any) -> Iterator[tuple[int, list[str]]]:
    for cells in reader:
        yield reader.line_num, cells
