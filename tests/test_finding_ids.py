"""Stable finding ids (SPEC findings[].id): the same while a finding means the same thing,
whatever the document's layout, wording, dates format or file name; different as soon as
the vendor, the kind, the subject or the document family differs."""

from __future__ import annotations

import dataclasses
import re
import sys
from datetime import date
from pathlib import Path

import pytest

from scopegap.api import analyse, read_document
from scopegap.domain import DocumentScope, Evidence, Finding, Stack, TextValue
from scopegap.ingest.stack import load_stack
from scopegap.match.catalog import load_catalog
from scopegap.rules.ids import assign_ids, document_family, entity_identity, finding_id
from scopegap.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # fixtures/ is not an installed package
    sys.path.insert(0, str(ROOT))

from fixtures.generate import DOCS, Doc, render  # noqa: E402

AS_OF = date(2026, 11, 22)
STACK = ROOT / "fixtures" / "stacks" / "kestrel.yaml"
BASE = next(d for d in DOCS if d.stem == "kestrel_27001_twocol")
# Two "seeds" of one vendor's certificate: same meaning, different layout, date format,
# holder spelling (legal-form variant), certificate number and file name.
SEED_A = dataclasses.replace(BASE, stem="kestrel_cert_2025")
SEED_B = dataclasses.replace(BASE, stem="KO renewed certificate (final)", layout="label_table",
                             date_format="d MMMM yyyy", holder="Kestrel Outsourcing Pvt Ltd",
                             cert_no="IQR/ISMS/2026/0999")


def _scope(doc: Doc, folder: Path) -> DocumentScope:
    path = folder / f"{doc.stem}.pdf"
    path.write_bytes(bytes(render(doc).output()))
    return read_document(str(path))


def _ids(scope: DocumentScope, stack: Stack | None = None) -> dict[tuple[str, str], str]:
    report = analyse([scope], stack or load_stack(STACK), AS_OF, Settings())
    return {(f.kind, "<document>" if f.subject == scope.file_name else f.subject): f.id
            for f in report.findings}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> tuple[DocumentScope, DocumentScope]:
    folder = tmp_path_factory.mktemp("seeds")
    return _scope(SEED_A, folder), _scope(SEED_B, folder)


def test_ids_are_the_same_across_two_seeds_of_one_vendor(
        seeds: tuple[DocumentScope, DocumentScope]) -> None:
    first, second = seeds
    assert first.file_name != second.file_name
    assert first.holder and second.holder and first.holder.value != second.holder.value
    ids_a, ids_b = _ids(first), _ids(second)
    assert ids_a == ids_b
    kinds = {kind for kind, _ in ids_a}
    # item findings, an item finding decided by the document, and a document finding
    assert {"uncovered_tool", "excluded", "expires_before_contract_end"} <= kinds
    assert all(re.fullmatch(r"sg-[0-9a-f]{10}", i) for i in ids_a.values())
    assert len(set(ids_a.values())) == len(ids_a)


def test_ids_differ_when_the_meaning_differs(
        seeds: tuple[DocumentScope, DocumentScope], tmp_path: Path) -> None:
    first, _ = seeds
    ids = _ids(first)
    stack = load_stack(STACK)
    other_vendor = _ids(first, dataclasses.replace(stack, vendor="Heron Contact Centres Ltd"))
    assert not set(ids.values()) & set(other_vendor.values())
    sister = _scope(dataclasses.replace(SEED_A, stem="sister",
                                        holder="Kestrel Global Services Pte. Ltd."), tmp_path)
    other_holder = _ids(sister)
    key = ("expires_before_contract_end", "<document>")
    assert other_holder[key] != ids[key]  # another entity's certificate: another family
    assert other_holder[("uncovered_tool", "Five9")] == ids[("uncovered_tool", "Five9")]


def test_subject_identity_goes_through_the_catalog() -> None:
    catalog = load_catalog()
    assert entity_identity("Plivo Inc", catalog) == entity_identity("Plivo Inc.", catalog)
    assert entity_identity("ACME Limited", catalog) == entity_identity("Acme Ltd", catalog)
    assert entity_identity("PureCloud by Genesys", catalog) == \
        entity_identity("Genesys Cloud CX", catalog)
    assert entity_identity("Plivo Inc", catalog) != entity_identity("Twilio Inc.", catalog)
    finding = Finding("uncovered_subprocessor", "high", "Plivo Inc", "m")
    assert finding_id(finding, "Northwind Ltd", [], catalog) == finding_id(
        dataclasses.replace(finding, subject="Plivo Inc.", message="other words"),
        "NORTHWIND LIMITED", [], catalog)
    assert finding_id(finding, "Northwind Ltd", [], catalog) != finding_id(
        dataclasses.replace(finding, kind="uncovered_tool"), "Northwind Ltd", [], catalog)


def test_document_family_ignores_path_and_page() -> None:
    catalog = load_catalog()
    scope = DocumentScope(path="a/x.pdf", sha256="1", kind="soc2_type2", page_count=3,
                          holder=TextValue("Tidewell Inc.", Evidence(1, "x")))
    renamed = dataclasses.replace(scope, path="b/y.pdf", sha256="2", kind="soc2_type1",
                                  holder=TextValue("TIDEWELL, INC", Evidence(1, "x")))
    assert document_family(scope, catalog) == document_family(renamed, catalog)
    one = Finding("stale_report", "high", "x.pdf", "m", "a/x.pdf", 1)
    two = Finding("stale_report", "high", "y.pdf", "other", "b/y.pdf", 9)
    assert finding_id(one, "V", [scope], catalog) == finding_id(two, "V", [renamed], catalog)


def test_two_findings_that_would_share_an_id_stay_distinct() -> None:
    catalog = load_catalog()
    item = Finding("uncovered_tool", "high", "Five9", "m")
    ids = [f.id for f in assign_ids([item, item], "V", [], catalog)]
    assert ids[1] == ids[0] + "-2"


def test_stack_item_names_are_the_subjects() -> None:
    # A stack item renamed only in its legal form keeps its findings' ids.
    catalog = load_catalog()
    a = Finding("uncovered_subprocessor", "high", "LinguaBridge Translations Ltd", "m")
    b = dataclasses.replace(a, subject="LinguaBridge Translations Limited")
    assert finding_id(a, "V", [], catalog) == finding_id(b, "V", [], catalog)
