"""Hypothesis over the parsers that see untrusted text: dates, standards and the stack file.

Each must either parse or refuse with the documented error, and what it returns must point
back at the text it came from (a reviewer checks every value against the document).
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scopegap.errors import StackError
from scopegap.extract.dates import find_dates, parse_date, resolve_order
from scopegap.extract.iso.standards import find_standards
from scopegap.ingest.pdf import TextPage
from scopegap.ingest.stack import parse_stack

# Text a scan or a broken font produces: digits of other scripts, bidi marks, separators,
# month names, labels and codes, glued together in any order.
HOSTILE_PIECES = st.sampled_from([
    "12", "31", "2026", "1999", "0", "00", "９", "２０２６", "٢٠٢٦", "/", ".", "-", "–", " ", "\n",
    ",", "March", "MÄRZ", "Kasım", "févr.", "Sept", "\u202e", "\u200b", "\ufeff", "o3", "l9",
    "ISO", "IEC", "/IEC", "27001", ":2022", ":2013", "EN ", "27017", "9001", "20000-1", "Amd 1",
    "Expiry Date:", "valid until", "aligned with", "(", ")", "\x00", "§", "|",
])
DAY = st.integers(0, 32).map(str) | st.sampled_from(["o3", "l9", "０９"])
MONTH = st.integers(0, 13).map(lambda m: f"{m:02d}") | st.sampled_from(
    ["March", "Kasım", "MÄRZ", "févr.", "Sept"])
YEAR = st.integers(1990, 2035).map(str) | st.sampled_from(["26", "２０２６", "20 26", "1899"])
SEPARATOR = st.sampled_from(["/", ".", "-", " ", "–", ". ", "/ "])


@st.composite
def dateish(draw: st.DrawFn) -> str:
    """Day, month and year in one of the orders certificates use, some parts misread."""
    sep = draw(SEPARATOR)
    day, month, year = draw(DAY), draw(MONTH), draw(YEAR)
    order = draw(st.sampled_from([(day, month, year), (month, day, year), (year, month, day)]))
    return sep.join(order)


DATEISH = dateish()
STANDARDISH = st.tuples(
    st.sampled_from(["ISO", "ISO/IEC", "ISO /IEC", "EN ISO/IEC", "IS0", "ISO/TEC"]),
    st.sampled_from([" ", "", "  "]),
    st.sampled_from(["27001", "27017", "27018", "27701", "9001", "20000-1", "42001", "2700|"]),
    st.sampled_from(["", ":", ": ", "-", ":20"]),
    st.sampled_from(["", "2013", "2022", "2023", "2015", "2017", "1999"]),
).map("".join)
HOSTILE_TEXT = st.lists(HOSTILE_PIECES | DATEISH | STANDARDISH, max_size=30).map(" ".join)
ANY_TEXT = st.one_of(st.text(max_size=300), HOSTILE_TEXT)


@given(ANY_TEXT)
@settings(max_examples=400)
def test_dates_point_at_their_text(text: str) -> None:
    matches = find_dates(text)
    for match in matches:
        assert 0 <= match.start < match.end <= len(text)
        assert text[match.start : match.end] == match.text
        assert match.value is None or match.value in match.readings or not match.readings
    for resolved in resolve_order(matches):
        assert resolved.value is None or resolved.value in resolved.readings
    parsed = parse_date(text)
    assert parsed is None or any(parsed in m.readings or parsed == m.value for m in matches)


@given(ANY_TEXT)
@settings(max_examples=400)
def test_standards_are_well_formed_and_in_the_text(text: str) -> None:
    page = TextPage(number=1, text=text, width=595.0, height=842.0, has_text=True)
    found = find_standards((page,))
    for standard in (*found.certified, *found.mentioned):
        assert re.fullmatch(r"(ISO/IEC|ISO) [\d-]+(:\d{4})?", standard.label), standard.label
        assert standard.number in text
        assert standard.evidence.page == 1
        # an adoption (EN ISO/IEC 27001:2023) is reported as the ISO edition it adopts
        # (as_printed is quoted on one line, so compare whitespace-squashed text)
        assert standard.edition is None or standard.edition in text or (
            standard.as_printed and standard.as_printed in " ".join(text.split()))
    assert all("\n" not in warning for warning in found.warnings)


STACK = """\
vendor: Harrowgate Contact Services Ltd
contract:
  reference: HG-2026-001
  start: 2026-01-01
  end: 2028-12-31
tools:
  - Genesys Cloud CX
  - name: Salesforce Service Cloud
    purpose: CRM
sites:
  - Manila, Philippines
  - name: Cape Town
    country: ZA
regions:
  - AWS eu-west-2
subprocessors:
  - Amazon Web Services
"""
LINES = STACK.splitlines(keepends=True)
EDITS = st.sampled_from([
    "&a ", "*a", "!!python/object:os.system ", "!!binary ", "<<: ", ": ", "- ", "  ", "\t",
    "'", '"', "{", "}", "[", "]", "#", "%YAML 1.1\n", "---\n", "2026-02-30", "9999-99-99",
    "yes", "~", "null", "\x00", "\ud800", "\ufeff", "\u2028", "0x10", "1e309",
])


@st.composite
def mutated_stack(draw: st.DrawFn) -> str:
    """The example stack with lines dropped, repeated or edited with YAML's sharp edges."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "insert", "indent"]))
        if action == "drop":
            del lines[at]
        elif action == "repeat":
            lines.insert(at, lines[at])
        elif action == "indent":
            lines[at] = "  " + lines[at]
        else:
            line = lines[at]
            cut = draw(st.integers(0, len(line)))
            lines[at] = line[:cut] + draw(EDITS) + line[cut:]
        if not lines:
            lines = [""]
    return "".join(lines)


@given(mutated_stack())
@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
def test_mutated_stack_parses_or_names_the_line(text: str) -> None:
    try:
        stack = parse_stack(text, "stack.yaml")
    except StackError as error:
        message = str(error)
        assert message.startswith("stack.yaml") and "\n" not in message
        assert error.exit_code == 2
        if error.line is not None:
            assert 1 <= error.line <= text.count("\n") + 2
        return
    assert stack.vendor.strip()
    assert all(item.name.strip() for item in stack.items)
    if stack.contract_start and stack.contract_end:
        assert stack.contract_start <= stack.contract_end
