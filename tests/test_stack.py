"""Tests for reading the contract stack YAML (SPEC: "The contract stack file")."""

from __future__ import annotations

import string
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scopegap.domain import Stack, StackItem
from scopegap.errors import StackError, UsageError
from scopegap.ingest.stack import MAX_STACK_BYTES, load_stack, parse_stack

SPEC_EXAMPLE = """\
vendor: Northwind Contact Services Ltd   # legal entity that signs the contract
contract:
  reference: NW-2025-014                  # optional
  start: 2025-04-01
  end: 2028-03-31
tools:                                    # systems used to deliver the contract
  - Genesys Cloud CX
  - name: Salesforce Service Cloud
    purpose: CRM                          # any extra keys are kept and shown
sites:                                    # delivery locations
  - Manila, Philippines
  - name: Cape Town
    country: ZA
regions:                                  # where contract data is hosted
  - AWS eu-west-2
  - azure:uksouth
  - Google Cloud europe-west2
subprocessors:                            # third parties touching contract data
  - Amazon Web Services
"""


def _stack_error(text: str) -> StackError:
    with pytest.raises(StackError) as caught:
        parse_stack(text, "stack.yaml")
    return caught.value


# --- the SPEC example ----------------------------------------------------------------------


def test_spec_example_parses_into_the_exact_stack() -> None:
    expected = Stack(
        vendor="Northwind Contact Services Ltd",
        path="stack.yaml",
        contract_reference="NW-2025-014",
        contract_start=date(2025, 4, 1),
        contract_end=date(2028, 3, 31),
        tools=(
            StackItem("Genesys Cloud CX", "tool", 7),
            StackItem("Salesforce Service Cloud", "tool", 8, extra=(("purpose", "CRM"),)),
        ),
        sites=(
            StackItem("Manila, Philippines", "site", 11),
            StackItem("Cape Town", "site", 12, extra=(("country", "ZA"),), country="ZA"),
        ),
        regions=(
            StackItem("AWS eu-west-2", "region", 15),
            StackItem("azure:uksouth", "region", 16),
            StackItem("Google Cloud europe-west2", "region", 17),
        ),
        subprocessors=(StackItem("Amazon Web Services", "subprocessor", 19),),
    )
    assert parse_stack(SPEC_EXAMPLE, "stack.yaml") == expected


def test_load_stack_reads_the_spec_example_from_disk(tmp_path: Path) -> None:
    file = tmp_path / "stack.yaml"
    file.write_text(SPEC_EXAMPLE, encoding="utf-8")
    stack = load_stack(file)
    assert stack.path == str(file)
    assert [item.name for item in stack.items][:3] == [
        "Genesys Cloud CX",
        "Salesforce Service Cloud",
        "Manila, Philippines",
    ]


def test_utf8_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    file = tmp_path / "stack.yaml"
    file.write_bytes(b"\xef\xbb\xbfvendor: Acme\r\ntools:\r\n  - S\xc3\xa3o Paulo CRM\r\n")
    stack = load_stack(str(file))
    assert stack.vendor == "Acme"
    assert stack.tools == (StackItem("São Paulo CRM", "tool", 3),)


# --- items ---------------------------------------------------------------------------------


def test_minimal_stack_has_empty_lists_and_no_contract() -> None:
    stack = parse_stack("vendor: Acme Ltd\n", "s.yaml")
    assert stack == Stack(vendor="Acme Ltd", path="s.yaml")


def test_null_lists_and_null_contract_are_empty() -> None:
    text = "vendor: Acme\ncontract:\ntools:\nsites: ~\nregions: []\nsubprocessors: null\n"
    stack = parse_stack(text, "s.yaml")
    assert stack.items == ()
    assert stack.contract_start is None and stack.contract_reference is None


def test_string_and_mapping_items_keep_lines_and_type() -> None:
    text = "vendor: Acme\nsubprocessors:\n  - Twilio\n  -\n    name: Stripe\n"
    stack = parse_stack(text, "s.yaml")
    assert stack.subprocessors == (
        StackItem("Twilio", "subprocessor", 3),
        StackItem("Stripe", "subprocessor", 5),
    )


def test_extras_keep_file_order_and_plain_values() -> None:
    text = """\
vendor: Acme
tools:
  - zeta: last-alphabetically-but-first
    name: Five9
    seats: 120
    share: 0.5
    critical: true
    since: 2024-01-15
    modules: [IVR, WFM]
    owner: {team: CX, tier: 1}
    note:
"""
    (tool,) = parse_stack(text, "s.yaml").tools
    assert tool.name == "Five9"
    assert tool.extra == (
        ("zeta", "last-alphabetically-but-first"),
        ("seats", 120),
        ("share", 0.5),
        ("critical", True),
        ("since", "2024-01-15"),
        ("modules", ["IVR", "WFM"]),
        ("owner", {"team": "CX", "tier": 1}),
        ("note", None),
    )
    assert tool.country is None


@pytest.mark.parametrize(
    ("written", "country"),
    [
        ("ZA", "ZA"),
        ("za", "ZA"),
        ('"gb"', "GB"),
        ("NO", "NO"),  # Norway: YAML 1.1 would read a bare NO as false
        ("South Africa", "South Africa"),
        ("", None),
    ],
)
def test_site_country(written: str, country: str | None) -> None:
    text = f"vendor: Acme\nsites:\n  - name: Site A\n    country: {written}\n"
    (site,) = parse_stack(text, "s.yaml").sites
    assert site.country == country
    assert site.extra[0][0] == "country"


def test_country_on_a_region_is_only_an_extra() -> None:
    text = "vendor: Acme\nregions:\n  - name: AWS af-south-1\n    country: ZA\n"
    (region,) = parse_stack(text, "s.yaml").regions
    assert region.country is None
    assert region.extra == (("country", "ZA"),)


def test_names_are_kept_exactly_as_written() -> None:
    text = (
        "vendor: Acme\ntools:\n"
        '  - "  Padded  "\n'
        "  - 'Five9 v2: IVR'\n"
        '  - "5"\n'
        "  - genesys cloud cx\n"
        "  - Genesys Cloud CX\n"
    )
    names = [item.name for item in parse_stack(text, "s.yaml").tools]
    assert names == ["  Padded  ", "Five9 v2: IVR", "5", "genesys cloud cx", "Genesys Cloud CX"]


def test_same_name_in_different_lists_is_allowed() -> None:
    text = "vendor: Acme\ntools: [Amazon Web Services]\nsubprocessors: [Amazon Web Services]\n"
    stack = parse_stack(text, "s.yaml")
    assert len(stack.items) == 2


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2025-04-01", "2028-03-31", (date(2025, 4, 1), date(2028, 3, 31))),
        ('"2025-04-01"', "'2028-03-31'", (date(2025, 4, 1), date(2028, 3, 31))),
        ("2025-04-01", "2025-04-01", (date(2025, 4, 1), date(2025, 4, 1))),
        ("2024-02-29", "", (date(2024, 2, 29), None)),
    ],
)
def test_contract_dates(start: str, end: str, expected: tuple[date, date | None]) -> None:
    text = f"vendor: Acme\ncontract:\n  start: {start}\n  end: {end}\n"
    stack = parse_stack(text, "s.yaml")
    assert (stack.contract_start, stack.contract_end) == expected


def test_contract_reference_is_kept_as_written() -> None:
    text = "vendor: Acme\ncontract:\n  reference: 0014\n"
    assert parse_stack(text, "s.yaml").contract_reference == "0014"


# --- every error: exit 2, the line, and a phrase the user can act on -----------------------

ERROR_CASES: list[tuple[str, str, int | None, str]] = [
    ("syntax", "vendor: Acme\ntools:\n  - a\n b: [\n", 4, "not valid YAML"),
    ("unclosed flow", "vendor: Acme\ntools: [a, b\n", 3, "not valid YAML"),
    ("tab indent", "vendor: Acme\ntools:\n\t- a\n", 3, "not tabs"),
    ("colon in value", "vendor: Acme\ntools:\n  - name: a: b\n", 3, "must be put in quotes"),
    ("two documents", "vendor: Acme\n---\nvendor: B\n", 2, "single document"),
    ("control char", "vendor: Acme\ntools:\n  - a\x01b\n", 3, "character YAML does not allow"),
    ("alias", "vendor: &v Acme\ntools:\n  - *v\n", 1, "anchors and aliases"),
    ("alias only", "vendor: Acme\ntools:\n  - *v\n", 3, "anchors and aliases"),
    ("anchor on list", "vendor: Acme\ntools: &t\n  - a\n", 2, "anchors and aliases"),
    (
        "alias bomb",
        "vendor: Acme\na: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n",
        2,
        "anchors and aliases",
    ),
    ("merge key", "vendor: Acme\ntools:\n  - name: a\n    <<: {x: 1}\n", 4, "merge keys"),
    ("too deep", "vendor: Acme\ntools:\n  - " + "[" * 200 + "]" * 200 + "\n", 3, "levels deep"),
    ("python tag", "vendor: !!python/object:os.system Acme\n", 1, "unsupported YAML tag"),
    ("custom tag", "vendor: Acme\ntools:\n  - !secret a\n", 3, "unsupported YAML tag"),
    ("binary", "vendor: !!binary QWNtZQ==\n", 1, "!!binary"),
    ("empty file", "", None, "file is empty"),
    ("only comments", "# nothing yet\n", None, "file is empty"),
    ("top-level list", "- vendor: Acme\n", 1, "top level must be a mapping"),
    ("top-level text", "Acme Ltd\n", 1, "top level must be a mapping"),
    ("document marker only", "---\n...\n", None, "file is empty"),
    ("unknown key", "vendor: Acme\n\ntool:\n  - a\n", 3, "unknown top-level key 'tool'"),
    (
        "unknown key lists expected",
        "vendor: Acme\nvendors: x\n",
        2,
        "expected one of: vendor, contract, tools, sites, regions, subprocessors",
    ),
    ("numeric key", "vendor: Acme\n5: x\n", 2, "keys must be plain words"),
    ("duplicate top key", "vendor: Acme\ntools: [a]\ntools: [b]\n", 3, "duplicate key 'tools'"),
    ("missing vendor", "tools:\n  - a\n", None, "missing 'vendor:'"),
    ("null vendor", "tools: [a]\nvendor:\n", 2, "vendor is empty"),
    ("blank vendor", 'vendor: "   "\n', 1, "vendor is empty"),
    ("numeric vendor", "vendor: 3\n", 1, 'put it in quotes ("3")'),
    ("list vendor", "vendor:\n  - Acme\n", 2, "vendor must be text"),
    ("contract not mapping", "vendor: Acme\ncontract: NW-1\n", 2, "contract must be a mapping"),
    (
        "unknown contract key",
        "vendor: Acme\ncontract:\n  start: 2025-01-01\n  renewal: 2026-01-01\n",
        4,
        "unknown key 'contract.renewal' (expected one of: reference, start, end)",
    ),
    ("reference list", "vendor: Acme\ncontract:\n  reference: [a]\n", 3, "must be text"),
    ("impossible date", "vendor: Acme\ncontract:\n  start: 2025-02-30\n", 3, "not a real"),
    (
        "impossible quoted date",
        "vendor: Acme\ncontract:\n  end: '2025-13-01'\n",
        3,
        "contract.end 2025-13-01 is not a real calendar date",
    ),
    ("not a date", "vendor: Acme\ncontract:\n  start: April 2025\n", 3, "YYYY-MM-DD"),
    ("date as number", "vendor: Acme\ncontract:\n  start: 20250401\n", 3, "is not a date"),
    ("date with time", "vendor: Acme\ncontract:\n  start: 2025-04-01 10:00\n", 3, "not a date"),
    (
        "end before start",
        "vendor: Acme\ncontract:\n  start: 2025-04-01\n  end: 2024-01-01\n",
        4,
        "contract.end 2024-01-01 is before contract.start 2025-04-01",
    ),
    (
        "end before start, end first",
        "vendor: Acme\ncontract:\n  end: 2024-01-01\n  start: 2025-04-01\n",
        3,
        "is before contract.start",
    ),
    ("tools is text", "vendor: Acme\ntools: Genesys\n", 2,
     "tools must be a list (one '- name' line per tool), not the text 'Genesys'"),
    ("sites is mapping", "vendor: Acme\nsites:\n  Manila: PH\n", 2, "sites must be a list"),
    ("tools is a set", "vendor: Acme\ntools: !!set {a, b}\n", 2, "tools must be a list"),
    ("int name", "vendor: Acme\ntools:\n  - Genesys\n  - 5\n", 4, 'put it in quotes ("5")'),
    ("float name", "vendor: Acme\nregions:\n  - 1.5\n", 3, "read as a number"),
    ("bool name", "vendor: Acme\ntools:\n  - yes\n", 3, "read as true/false"),
    ("date name", "vendor: Acme\ntools:\n  - 2025-01-01\n", 3, "read as a date"),
    ("sexagesimal name", "vendor: Acme\ntools:\n  - 1:20\n", 3, 'quotes ("1:20")'),
    ("int name in mapping", "vendor: Acme\ntools:\n  - name: 42\n", 3, "put it in quotes"),
    ("empty item", "vendor: Acme\ntools:\n  - a\n  - \n  - b\n", 4, "empty tool name"),
    ("blank name", "vendor: Acme\ntools:\n  - name: '  '\n", 3, "empty tool name"),
    ("null name", "vendor: Acme\ntools:\n  - name:\n    purpose: x\n", 3, "empty tool name"),
    ("nested list item", "vendor: Acme\ntools:\n  - [a, b]\n", 3, "must be a name or a mapping"),
    ("mapping without name", "vendor: Acme\nsites:\n  - city: Manila\n", 3, "has no 'name:'"),
    ("list name", "vendor: Acme\nsites:\n  - name: [Manila]\n", 3, "must be text"),
    (
        "duplicate name",
        "vendor: Acme\ntools:\n  - Genesys\n  - Five9\n  - name: Genesys\n",
        5,
        "duplicate tool 'Genesys' in tools (first on line 3)",
    ),
    ("duplicate item key", "vendor: Acme\ntools:\n  - name: a\n    name: b\n", 4, "duplicate key"),
    ("numeric item key", "vendor: Acme\ntools:\n  - name: a\n    1: b\n", 4, "plain words"),
    ("country list", "vendor: Acme\nsites:\n  - name: a\n    country: [ZA]\n", 4, "must be text"),
    ("country number", "vendor: Acme\nsites:\n  - name: a\n    country: 27\n", 4, "ISO code"),
    ("bad date in extra", "vendor: Acme\ntools:\n  - name: a\n    since: 2025-02-30\n", 4, "day"),
    ("huge int in extra", "vendor: Acme\ntools:\n  - name: a\n    n: " + "9" * 5000, 4, "cannot"),
]


@pytest.mark.parametrize(
    ("text", "line", "phrase"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_stack_errors(text: str, line: int | None, phrase: str) -> None:
    error = _stack_error(text)
    assert isinstance(error, UsageError)
    assert error.exit_code == 2
    assert error.line == line
    assert phrase in error.reason
    where = f"stack.yaml:{line}" if line is not None else "stack.yaml"
    assert str(error) == f"{where}: {error.reason}"
    assert "\n" not in str(error)
    assert len(str(error)) < 300


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StackError) as caught:
        load_stack(tmp_path / "nope.yaml")
    assert caught.value.exit_code == 2
    assert caught.value.reason == "file not found"
    assert caught.value.line is None


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(StackError) as caught:
        load_stack(tmp_path)
    assert caught.value.exit_code == 2
    assert caught.value.reason == "is a directory"


def test_not_utf8_names_the_encoding_and_line(tmp_path: Path) -> None:
    file = tmp_path / "stack.yaml"
    file.write_bytes("vendor: Acme\ntools:\n  - Société Générale\n".encode("latin-1"))
    with pytest.raises(StackError) as caught:
        load_stack(file)
    assert caught.value.exit_code == 2
    assert caught.value.line == 3
    assert "not UTF-8" in caught.value.reason


def test_utf16_file_is_not_utf8(tmp_path: Path) -> None:
    file = tmp_path / "stack.yaml"
    file.write_bytes("vendor: Acme\n".encode("utf-16"))
    with pytest.raises(StackError) as caught:
        load_stack(file)
    assert "not UTF-8" in caught.value.reason


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    file = tmp_path / "stack.yaml"
    file.write_bytes(b"vendor: Acme\n" + b"# padding\n" * (MAX_STACK_BYTES // 10 + 1))
    with pytest.raises(StackError) as caught:
        load_stack(file)
    assert caught.value.exit_code == 2
    assert "larger than 1 MiB" in caught.value.reason


def test_text_over_the_size_limit() -> None:
    error = _stack_error("vendor: Acme\n" + "#" * MAX_STACK_BYTES)
    assert "larger than" in error.reason


def test_file_just_under_the_limit_is_read(tmp_path: Path) -> None:
    file = tmp_path / "stack.yaml"
    head = b"vendor: Acme\n"
    file.write_bytes(head + b"#" * (MAX_STACK_BYTES - len(head) - 1) + b"\n")
    assert load_stack(file).vendor == "Acme"


# --- properties ----------------------------------------------------------------------------

_PRINTABLE_NAME = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="\ufeff"
    )
    | st.sampled_from(string.punctuation + " "),
    min_size=1,
    max_size=40,
).filter(lambda name: name.strip() != "")


@given(names=st.lists(_PRINTABLE_NAME, unique=True, max_size=15))
@settings(max_examples=300)
def test_dumped_names_round_trip_in_order(names: list[str]) -> None:
    text = yaml.safe_dump({"vendor": "Acme", "tools": names}, allow_unicode=True)
    stack = parse_stack(text, "s.yaml")
    assert [item.name for item in stack.tools] == names
    assert all(item.type == "tool" for item in stack.tools)
    lines = [item.line for item in stack.tools]
    assert lines == sorted(lines)


@given(names=st.lists(_PRINTABLE_NAME, unique=True, max_size=10))
def test_mapping_items_round_trip_too(names: list[str]) -> None:
    document = {"vendor": "Acme", "sites": [{"name": name, "note": name} for name in names]}
    stack = parse_stack(yaml.safe_dump(document), "s.yaml")
    assert [(item.name, item.extra) for item in stack.sites] == [
        (name, (("note", name),)) for name in names
    ]


def _parse_or_stack_error(text: str) -> None:
    try:
        result = parse_stack(text, "s.yaml")
    except StackError as error:
        assert error.exit_code == 2
        assert "\n" not in str(error)
    else:
        assert isinstance(result, Stack)


@given(st.text())
@settings(max_examples=500)
def test_arbitrary_text_raises_only_stack_error(text: str) -> None:
    _parse_or_stack_error(text)


@given(
    st.text(
        alphabet=st.sampled_from(list("vendor:tols-[]{}&*!<>|'\"#?,\n \t.0123456789eYN~")),
        max_size=80,
    )
)
@settings(max_examples=500)
def test_yaml_punctuation_soup_raises_only_stack_error(text: str) -> None:
    _parse_or_stack_error(text)


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.dates()
    | st.sampled_from(["vendor", "tools", "name", "country", "2025-02-30", "NO", "5"])
)
_VALUES = st.recursive(
    _SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=10) | st.integers(), children, max_size=4)
    ),
    max_leaves=20,
)
_KEYS = st.sampled_from(["vendor", "contract", "tools", "sites", "regions", "subprocessors"])
_STACK_SHAPED = st.dictionaries(
    _KEYS,
    _VALUES
    | st.lists(
        _SCALARS
        | st.fixed_dictionaries(
            {"name": _SCALARS}, optional={"country": _SCALARS, "extra": _VALUES}
        ),
        max_size=4,
    )
    | st.fixed_dictionaries(
        {}, optional={"reference": _SCALARS, "start": _SCALARS, "end": _SCALARS}
    ),
    max_size=6,
)


@given(_VALUES | _STACK_SHAPED)
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_arbitrary_yaml_structures_raise_only_stack_error(document: Any) -> None:
    _parse_or_stack_error(yaml.safe_dump(document, allow_unicode=True))
