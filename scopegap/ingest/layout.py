"""The layout pass: ruled tables on the few pages the fast text says need it, PDF opened once.

pdfplumber is 40–60× slower than pypdfium2 on real reports (ARCHITECTURE.md: a 226-page SOC 2
took about 44 s against 0.7 s). A SOC report's coverage facts sit in a handful of tables
(infrastructure, software, subservice organisations, locations), so a cheap triage of the
fast text picks those pages and pdfplumber never opens the rest: it is told the page list
when the file is opened, so it does not even build the other pages. Even there, pdfminer's
parse is most of the cost: pdfium_tables hands PDFium's data to the same table finder and
pdfplumber reads only the pages where that cannot be sure to give the same cells. The
caller may also ask for some pages' character boxes (a long report's fast pass keeps none):
they are read from the same load of the page, so no page is opened twice.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from scopegap.ingest.pdf import PDFIUM_LOCK, TextPage
from scopegap.ingest.pdf_file import inspect_structure
from scopegap.ingest.time_limit import TimeLimit, time_limit

# Seconds for the layout pass of one document: pdfplumber takes about 0.2 s a page on real
# reports, so this is a wide margin, but a hostile page cannot hold a batch for minutes.
LAYOUT_SECONDS_BASE = 10.0
LAYOUT_SECONDS_PER_PAGE = 2.0
# Where the time goes, and where to stop it (PDFium's own calls cannot be interrupted).
_SLOW_MODULES = ("pdfminer", "pdfplumber", "scopegap.ingest.pdfium_tables")

Table = list[list[str]]


@dataclass(frozen=True)
class LayoutResult:
    """Ruled tables per page number, the pages read, why any page could not be read, and
    the pages asked for with their character boxes (those PDFium could read with text)."""

    tables: dict[int, list[Table]] = field(default_factory=dict)
    pages_read: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()
    boxed: dict[int, TextPage] = field(default_factory=dict)


def triage(
    pages: Sequence[TextPage], candidates: Iterable[int], cue: re.Pattern[str] | None = None
) -> list[int]:
    """The candidate page numbers that have text and, when a cue is given, show it."""
    wanted = set(candidates)
    return [
        page.number
        for page in pages
        if page.number in wanted and page.has_text and (cue is None or cue.search(page.text))
    ]


def read_tables(
    path: str, page_numbers: Sequence[int], password: str | None = None,
    timeout: float | None = None, boxes_for: Collection[int] = (),
) -> LayoutResult:
    """Ruled tables of the given pages only, opening the PDF once (cells stripped, None → ''),
    and the pages of ``boxes_for`` (a subset of them) read with their character boxes.

    pdfminer parses in pure Python: a hostile object (a million-key dictionary) takes it
    minutes, so the pass has its own time limit; past it, the fast text stands.
    """
    numbers = sorted(set(page_numbers))
    if not numbers:
        return LayoutResult()
    if timeout is None:
        timeout = LAYOUT_SECONDS_BASE + LAYOUT_SECONDS_PER_PAGE * len(numbers)
    tables: dict[int, list[Table]] = {}
    boxed: dict[int, TextPage] = {}
    wanted = set(boxes_for) & set(numbers)
    pages = ", ".join(map(str, numbers))
    try:
        with time_limit(timeout, _SLOW_MODULES):
            with open(path, "rb") as handle:
                data = handle.read()
            source = _intact_copy(path, data, password, wanted, boxed)
            if isinstance(source, io.BytesIO):
                _read_with_pdfplumber(source, numbers, password, tables, {})
            else:
                with PDFIUM_LOCK:
                    _read_intact(path, data, numbers, password, tables, wanted, boxed)
    except TimeLimit:
        return LayoutResult(warnings=(f"tables on page(s) {pages} could not be read within "
                                      f"{timeout:g} s; used the plain text instead",))
    except Exception as error:  # pdfminer raises many types on odd files; the fast text stands
        return LayoutResult(
            warnings=(f"tables on page(s) {pages} could not be read "
                      f"({type(error).__name__}); used the plain text instead",),
        )
    return LayoutResult(tables=tables, pages_read=tuple(numbers), boxed=boxed)


def _read_intact(path: str, data: bytes, numbers: Sequence[int], password: str | None,
                 tables: dict[int, list[Table]], wanted: Collection[int],
                 boxed: dict[int, TextPage]) -> None:
    """Fill ``tables`` from PDFium's page data where that gives pdfplumber's cells for sure
    (an intact file: both parsers see the same pages), through pdfplumber for the rest; and
    the boxed pages asked for, from the same load of each page (a page left to pdfplumber
    stays loaded for it). The fast pass's document of these bytes is used when it is still
    open (``handoff``)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from scopegap.ingest.handoff import take
    from scopegap.ingest.pdfium_tables import loaded_page_tables

    document = take(data, password) or pdfium.PdfDocument(data, password=password)
    loaded: dict[int, Any] = {}  # PDFium pages still loaded, by number
    try:
        left = list(numbers)
        if numbers[-1] <= len(document):  # past the end: pdfplumber refuses it, as always
            left = []
            for number in numbers:
                page = pdfium_c.FPDF_LoadPage(document.raw, number - 1)
                if not page:
                    left.append(number)
                    continue
                loaded[number] = page
                found = loaded_page_tables(page)
                _keep_boxes(page, number, wanted, boxed)
                if found is None:
                    left.append(number)
                else:
                    tables[number] = _cells(found)
                    pdfium_c.FPDF_ClosePage(loaded.pop(number))
        if left:
            _read_with_pdfplumber(path, left, password, tables, loaded)
    finally:
        for page in loaded.values():
            pdfium_c.FPDF_ClosePage(page)
        document.close()


def _read_with_pdfplumber(source: str | io.BytesIO, numbers: Sequence[int],
                          password: str | None, tables: dict[int, list[Table]],
                          loaded: dict[int, Any]) -> None:
    """Fill ``tables`` for ``numbers`` through pdfplumber: from the ``loaded`` PDFium page
    still where pdfminer's page tree gives the media box PDFium could not, else from
    pdfminer."""
    import pdfplumber

    from scopegap.ingest.pdfium_tables import loaded_page_tables

    # The stream is ours, so pdfplumber's close (which would build every page of the
    # document to flush it) is never called; each page read is closed here instead.
    with source if isinstance(source, io.BytesIO) else open(source, "rb") as stream:
        pdf = pdfplumber.open(stream, password=password or "")
        for number, page in _wanted_pages(pdf, numbers):
            try:
                found = None
                if number in loaded and page.rotation == 0 \
                        and list(page.page_obj.mediabox) == [0, 0, page.width, page.height]:
                    found = loaded_page_tables(loaded[number], (page.width, page.height))
                tables[number] = _cells(found if found is not None else ruled_tables(page))
            finally:
                page.close()


def _cells(found: list[list[list[str | None]]]) -> list[Table]:
    return [[[_cell(cell) for cell in row] for row in table] for table in found]


def ruled_tables(page: Any) -> list[list[list[str | None]]]:
    """``page.extract_tables()`` with the default settings, the same cells, at a fraction of
    the cost: pdfplumber turns every character of the page into a dictionary (half its time
    on a page of prose around one small table), but ruled tables are found from the rules
    alone and read only the characters inside them. So the rules are converted first, the
    tables found, and only characters that touch a table are converted before reading it
    (a cell takes a character by its centre, which lies inside any box it touches).
    """
    from pdfminer.layout import LTChar, LTContainer
    from pdfplumber.table import TableSettings

    settings = TableSettings.resolve(None)
    if "text" in (settings.vertical_strategy, settings.horizontal_strategy) \
            or page.pdf.laparams is not None:
        return list(page.extract_tables())  # text strategies read every word: no shortcut
    leaves: list[Any] = []
    pending: list[Any] = list(reversed(page.layout._objs))
    while pending:  # pdfplumber's own walk (laparams=None): containers give their children
        item = pending.pop()
        if isinstance(item, LTContainer):
            pending.extend(reversed(item._objs))
        else:
            leaves.append(item)
    objects: dict[str, list[dict[str, Any]]] = {}
    for item in leaves:
        if not isinstance(item, LTChar):
            converted = page.process_object(item)
            if converted["object_type"] != "anno":
                objects.setdefault(converted["object_type"], []).append(converted)
    page._objects = objects
    tables = page.find_tables(settings)
    if not tables:
        return []
    height, (mb_x0, mb_top) = page.height, page.mediabox[:2]
    boxes = [table.bbox for table in tables]
    chars = [page.process_object(item) for item in leaves if isinstance(item, LTChar)
             and _touches(item.x0 + mb_x0, height - item.y1 + mb_top, item.x1 + mb_x0,
                          height - item.y0 + mb_top, boxes)]
    page._objects = {**objects, "char": chars} if chars else objects
    return [table.extract(**(settings.text_settings or {})) for table in tables]


def _touches(x0: float, top: float, x1: float, bottom: float,
             boxes: Sequence[tuple[float, float, float, float]]) -> bool:
    """Whether a character's box meets one of the tables' boxes (edges included, with a
    point to spare for rounding)."""
    return any(x0 <= bx1 + 1 and x1 >= bx0 - 1 and top <= bbottom + 1 and bottom >= btop - 1
               for bx0, btop, bx1, bbottom in boxes)


def _keep_boxes(page: Any, number: int, wanted: Collection[int],
                boxed: dict[int, TextPage]) -> None:
    """Add loaded page ``number`` to ``boxed``, read with its boxes, when it is wanted and
    PDFium reads text on it (else the caller does without, as without the layout pass)."""
    import pypdfium2 as pdfium

    from scopegap.ingest.pdf import loaded_page_with_boxes

    if number not in wanted:
        return
    try:
        read = loaded_page_with_boxes(page, number)
    except pdfium.PdfiumError:
        return
    if read.boxes is not None and read.has_text:
        boxed[number] = read


def _intact_copy(path: str, data: bytes, password: str | None, wanted: Collection[int],
                 boxed: dict[int, TextPage]) -> str | io.BytesIO:
    """The file itself, or PDFium's rebuilt copy when it is damaged or has junk before its
    header: pdfminer's own recovery differs from PDFium's and would read other pages. The
    copy is made from PDFium's reading, so the ``wanted`` boxed pages are read from it then."""
    damage = inspect_structure(data)
    if not damage.needs_rebuild and not damage.header_offset:
        return path
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(data, password=password)
        try:
            for number in sorted(wanted):
                page = pdfium_c.FPDF_LoadPage(document.raw, number - 1)
                if page:
                    try:
                        _keep_boxes(page, number, wanted, boxed)
                    finally:
                        pdfium_c.FPDF_ClosePage(page)
            copy = io.BytesIO()
            document.save(copy)
        finally:
            document.close()
    copy.seek(0)
    return copy


def _wanted_pages(pdf: Any, numbers: Sequence[int]) -> Iterator[tuple[int, Any]]:
    """pdfplumber pages of ``numbers`` (sorted), as ``pdfplumber.open(pages=...)`` builds
    them, but the page tree is walked only up to the last wanted page: on a 200-page report
    whose tables sit in the system description, the walk over the tests section was half
    the cost of the layout pass."""
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    wanted, last = set(numbers), numbers[-1]
    doctop = 0.0
    for number, page_object in enumerate(PDFPage.create_pages(pdf.doc), 1):
        if number in wanted:
            page = Page(pdf, page_object, page_number=number, initial_doctop=doctop)
            doctop += page.height
            yield number, page
        if number >= last:
            return
    # Fewer pages than asked for: refused, as pdfplumber.open(pages=...) with zip(strict) did.
    raise IndexError(f"page {last} is past the end of the document")


def _cell(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""
