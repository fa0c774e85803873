"""Reading subprocessor lists saved as HTML, Markdown and CSV: blocks with line evidence, and
refusal of files whose bytes are not what their suffix says."""

from __future__ import annotations

from pathlib import Path

import pytest

from scopegap.errors import DocumentError
from scopegap.extract.subprocessors import read_list_path
from scopegap.ingest.lists import csv_blocks, html_blocks, markdown_blocks, read_list
from scopegap.match.catalog import load_catalog

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML_PAGE = "<!DOCTYPE html><html><body><h1>Subprocessors</h1><p>None yet.</p></body></html>"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("list.html", PDF_BYTES, "holds a PDF document"),
        ("list.htm", b"PK\x03\x04zipped", "ZIP archive"),
        ("list.html", b"Just some words\nand more words\n", "no HTML markup"),
        ("list.md", HTML_PAGE.encode(), "holds an HTML page"),
        ("list.csv", HTML_PAGE.encode(), "holds an HTML page"),
        ("list.csv", b"\x89PNG\r\n\x1a\nimage", "image file"),
        ("list.md", b"# Title\x00\x01\x02 binary", "binary data"),
        ("list.csv", b"   \n\n", "empty file"),
        ("list.csv", b"only one column\nrow\n", "no header row"),
        ("list.txt", b"Name,Purpose\nAWS,Hosting\n", "expected .html, .htm, .md or .csv"),
    ],
)
def test_content_must_agree_with_suffix(tmp_path: Path, name: str, content: bytes,
                                        reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=reason) as caught:
        read_list(path)
    assert str(path) in str(caught.value)


def test_missing_file_and_directory_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="file not found"):
        read_list(tmp_path / "absent.html")
    folder = tmp_path / "folder.md"
    folder.mkdir()
    with pytest.raises(DocumentError, match="is a directory"):
        read_list(folder)


def test_html_blocks_skip_scripts_and_menus_and_keep_lines() -> None:
    page = "\n".join([
        "<html><head><script>var x = '<li>Fake Vendor</li>';</script></head><body>",
        "<nav><ul><li>Home</li></ul></nav>",
        "<h2>Sub-processors</h2>",
        "<p>Last updated: <em>June 8, 2023</em></p>",
        "<ul><li><strong>Acme Cloud Ltd</strong> - Hosting (Germany)</li>",
        "<li>Beta Mail Inc. Email.</li></ul>",
        "<dl><dt>Gamma GmbH</dt><dd>Purpose: Support</dd><dd>Location: Austria</dd></dl>",
        "<table><thead><tr><th>Name</th><th>Location</th></tr></thead>",
        "<tbody><tr><td>Delta SA</td><td>Belgium<br>Netherlands</td></tr></tbody></table>",
        "</body></html>",
    ])
    blocks = html_blocks(page)
    kinds = [(b.kind, b.line) for b in blocks]
    assert kinds == [("heading", 3), ("paragraph", 4), ("item", 5), ("item", 6), ("item", 7),
                     ("table", 8)]
    assert blocks[1].text == "Last updated: June 8, 2023"
    assert blocks[2].term == "Acme Cloud Ltd"
    assert blocks[3].term is None
    assert blocks[4].text == "Gamma GmbH\nPurpose: Support\nLocation: Austria"
    table = blocks[5]
    assert table.header_rows == 1
    assert table.rows[1].cells == ("Delta SA", "Belgium\nNetherlands")
    assert table.rows[1].line == 9


def test_markdown_blocks_keep_file_lines_after_front_matter() -> None:
    text = "\n".join([
        "---", "title: X", "---", "", "# Subprocessors", "",
        "* [Acme Cloud Ltd](https://acme.example). Hosting.", "* Beta Mail Inc. Email.", "",
        "| Name | Location |", "|---|---|", "| Delta SA | Belgium |", "",
    ])
    blocks = markdown_blocks(text)
    assert [(b.kind, b.line) for b in blocks] == [("heading", 5), ("item", 7), ("item", 8),
                                                   ("table", 10)]
    assert blocks[1].term == "Acme Cloud Ltd"
    assert blocks[1].text == "Acme Cloud Ltd. Hosting."
    assert blocks[3].header_rows == 1
    assert blocks[3].rows[1] .cells == ("Delta SA", "Belgium")
    assert blocks[3].rows[1].line == 12


def test_csv_blocks_sniff_the_delimiter_and_keep_a_title_line() -> None:
    blocks = csv_blocks("x.csv", "Our subprocessors\nVendor;Service;Country\nAcme;Hosting;Spain\n")
    assert [b.kind for b in blocks] == ["paragraph", "table"]
    assert blocks[1].rows[1].cells == ("Acme", "Hosting", "Spain")
    assert blocks[1].rows[1].line == 3


def test_a_page_with_no_entries_is_an_error_not_an_empty_list(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    with pytest.raises(DocumentError, match="no subprocessor entries found"):
        read_list_path(str(path), load_catalog())


def test_windows_1252_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes("Name,Location\nCaf\xe9 Cloud SARL,Fran\xe7e\n".encode("cp1252"))
    source = read_list(path)
    assert source.blocks[-1].rows[1].cells[0] == "Café Cloud SARL"
