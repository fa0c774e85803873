"""Subprocessors: inclusive subservice organisations cover, carve-outs are carved out, and a
subprocessor's own certificate or report covers its service."""

from __future__ import annotations

import pytest

from scopegap.domain import StackItem
from scopegap.match.coverage import decide
from scopegap.match.evaluate import document_from_scope

SOC = document_from_scope(
    "The system supporting the contact centre services of the service organisation.",
    kind="soc2_type2",
    subservice=[
        {"name": "Amazon Web Services, Inc. (AWS)", "method": "inclusive"},
        {"name": "Twilio Inc.", "method": "carve-out"},
    ],
)


@pytest.mark.parametrize(
    ("name", "status", "rule"),
    [
        ("Amazon Web Services", "covered", "inclusive method"),
        ("AWS", "covered", "inclusive method"),
        ("amazon web services inc", "covered", "inclusive method"),
        ("Twilio", "carved_out", "carve-out method"),
        ("TWILIO, INC.", "carved_out", "carve-out method"),
        ("Microsoft Azure", "uncovered", "no SOC report names 'Microsoft Azure'"),
        ("Amazon Connect", "uncovered", ""),
    ],
)
def test_subservice_organisations(name: str, status: str, rule: str) -> None:
    decision = decide(StackItem(name, "subprocessor", 1), [SOC])
    assert decision.status == status
    assert rule in decision.rule
    if status != "uncovered":
        assert decision.document == SOC.path and decision.evidence


def test_inclusive_in_one_report_beats_carve_out_in_another() -> None:
    carve = document_from_scope("Services.", path="b.pdf", kind="soc2_type2",
                                subservice=[{"name": "Amazon Web Services", "method": "carve-out"}])
    decision = decide(StackItem("AWS", "subprocessor", 1), [carve, SOC])
    assert decision.status == "covered"
    assert decision.document == SOC.path


@pytest.mark.parametrize(
    ("holder", "name", "status"),
    [
        ("LinguaBridge Translations Limited", "LinguaBridge Translations Ltd", "covered"),
        ("LINGUABRIDGE TRANSLATIONS LTD.", "LinguaBridge Translations Ltd", "covered"),
        ("LinguaBridge Holdings Ltd", "LinguaBridge Translations Ltd", "uncovered"),
    ],
)
def test_subprocessor_own_document(holder: str, name: str, status: str) -> None:
    document = document_from_scope("Translation services delivered from Leeds.", holder=holder)
    decision = decide(StackItem(name, "subprocessor", 1), [document])
    assert decision.status == status
    if status == "covered":
        assert decision.rule.startswith("holder: the subprocessor's own document")


def test_own_document_must_give_coverage() -> None:
    document = document_from_scope("Translation services.", holder="LinguaBridge Ltd",
                                   kind="iso_certificate")
    assert decide(StackItem("LinguaBridge Ltd", "subprocessor", 1), [document]).status == \
        "uncovered"
