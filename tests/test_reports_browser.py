"""The HTML report in a real browser: Debian's chromium, headless, on a case with many findings.

Checks that the page paints (the screenshot is not blank and shows the severity colours),
that the browser logs no console message at all (the page has no script, so any message is a
CSP violation, a blocked resource or an error), and that the DOM chromium builds from hostile
text holds no script and no event handler. Skips when chromium is not installed (.ci/run
installs it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from scopegap.api import analyse
from scopegap.domain import DocumentScope, Evidence, Finding, Report, TextValue
from scopegap.extract.document import extract_path
from scopegap.ingest.stack import load_stack
from scopegap.report import render
from scopegap.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
CASE = ("kestrel.yaml", ["kestrel_27001_twocol.pdf", "kestrel_global_seal.pdf",
                         "kestrel_bsi_2013_expired.pdf", "kestrel_marketing_letter.pdf"])
HIGH_RED = (0xB4, 0x23, 0x18)  # --high in the stylesheet
BAR_GREEN = (0x12, 0xB7, 0x6A)  # .bar-valid in the timeline


def _chromium(page: Path, profile: Path, *mode: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
            "--hide-scrollbars", *mode, page.as_uri()]
    env = {**os.environ, "HOME": str(profile)}
    return subprocess.run(args, capture_output=True, text=True, timeout=120, env=env,
                          check=False)


def console_messages(stderr: str) -> list[str]:
    """Chromium logs every console message (errors, CSP violations) as ``INFO:CONSOLE``."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def _screenshot(page: Path, tmp_path: Path) -> tuple[Image.Image, list[str]]:
    shot = tmp_path / f"{page.stem}.png"
    for attempt in range(2):  # headless chromium now and then exits before writing
        result = _chromium(page, tmp_path / f"profile{attempt}", "--window-size=1280,1800",
                           f"--screenshot={shot}")
        if shot.is_file():
            break
    assert shot.is_file(), result.stderr[-2000:]
    return Image.open(shot).convert("RGB"), console_messages(result.stderr)


def _near(pixel: tuple[int, ...], colour: tuple[int, int, int], tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def _pixels(colours: Sequence[tuple[int, tuple[int, ...] | float]],
            wanted: Callable[[tuple[int, ...]], bool]) -> int:
    """How many pixels of a ``getcolors()`` histogram have a colour ``wanted`` accepts."""
    return sum(count for count, colour in colours if isinstance(colour, tuple) and wanted(colour))


@pytest.fixture(scope="module")
def kestrel_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    stack = load_stack(ROOT / "fixtures" / "stacks" / CASE[0])
    scopes = [extract_path(str(ROOT / "fixtures" / "pdf" / name)) for name in CASE[1]]
    report = analyse(scopes, stack, date(2026, 11, 22), Settings())
    assert len(report.findings) >= 8  # "many findings": every severity, several kinds
    page = tmp_path_factory.mktemp("browser") / "kestrel_report.html"
    page.write_text(render(report, "html", stack=stack), encoding="utf-8")
    return page


def test_report_paints_with_no_console_messages(kestrel_html: Path, tmp_path: Path) -> None:
    image, messages = _screenshot(kestrel_html, tmp_path)
    assert messages == []
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50, "the screenshot is (almost) one colour"
    assert _pixels(colours, lambda c: _near(c, HIGH_RED)) > 200  # counts, badges, borders
    assert _pixels(colours, lambda c: _near(c, BAR_GREEN)) > 500  # timeline bars
    header = image.crop((0, 0, image.width, 200)).getcolors(maxcolors=1 << 20) or []
    assert _pixels(header, lambda c: max(c) < 80) > 2000, "no text painted in the header"


def test_console_check_catches_errors_and_blocked_loads(tmp_path: Path) -> None:
    """The detector above is only worth something if it sees real problems."""
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" "
        "content=\"default-src 'none'\"></head><body><p>x</p>"
        "<img src=\"http://127.0.0.1:9/x.png\"></body></html>", encoding="utf-8")
    _, messages = _screenshot(page, tmp_path)
    assert messages and "Content Security Policy" in messages[0]


def test_hostile_text_builds_no_active_dom(tmp_path: Path) -> None:
    hostile = '<script>alert("x")</script> {{ 7*7 }} <img src=x onerror=alert(1)>'
    evidence = Evidence(1, hostile)
    document = DocumentScope(path=f"{tmp_path}/cert.pdf", sha256="0" * 64,
                             kind="iso27001_certificate", page_count=1,
                             scope_text=TextValue(hostile, evidence),
                             holder=TextValue(f"={hostile}", evidence))
    report = Report(date(2026, 11, 22), hostile, (document,),
                    findings=(Finding("holder_mismatch", "medium", "cert.pdf", hostile,
                                      document.path, 1, hostile),))
    page = tmp_path / "hostile.html"
    page.write_text(render(report, "html"), encoding="utf-8")
    result = _chromium(page, tmp_path / "profile", "--dump-dom")
    dom = _Dom()
    dom.feed(result.stdout)
    assert {"svg", "section", "article"} <= dom.tags  # the page was really built
    assert not dom.tags & {"script", "img", "iframe", "object"} and not dom.handlers
    assert hostile in " ".join(dom.text) and "{{ 7*7 }}" in result.stdout
    assert console_messages(result.stderr) == []


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.handlers: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)
