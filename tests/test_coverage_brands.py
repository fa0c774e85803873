"""A vendor's product declared under the vendor's brand, judged on the vendor's own document.

Contracts write "Rocket.Chat Appstore" where the certificate of ROCKETCHAT TECNOLOGIA LTDA
says "Software development, hosting, Appstore". Only the holder's own brand may be set aside,
and the rest must be printed word for word: a near word, another company's document or a
different product of the vendor stays uncovered.
"""

from __future__ import annotations

import pytest

from scopegap.domain import StackItem
from scopegap.match.coverage import decide
from scopegap.match.evaluate import document_from_scope

CASES = [
    # (holder, scope, declared tool, expected status)
    ("ROCKETCHAT TECNOLOGIA LTDA", "Software development, hosting, Appstore",
     "Rocket.Chat Appstore", "covered"),
    ("Tembo Data Systems, Inc.", "Managed Postgres hosting including Stacks and backups",
     "Tembo Stacks", "covered"),
    ("Quillon Networks GmbH", "Operation of the messaging gateway and number porting",
     "Quillon Messaging Gateway", "covered"),
    ("Quillon Networks GmbH", "Operation of the messaging gateway and number porting",
     "Quillon Networks Messaging Gateway", "covered"),
    # the rest of the name is not printed word for word
    ("Quillon Networks GmbH", "Operation of the messaging gateway and number porting",
     "Quillon Voice Gateway", "uncovered"),
    ("ROCKETCHAT TECNOLOGIA LTDA", "Software development, hosting, Appstore",
     "Rocket.Chat Marketplace", "uncovered"),
    # another company's brand: its product words in this scope prove nothing
    ("ROCKETCHAT TECNOLOGIA LTDA", "Software development, hosting, Appstore",
     "Mattermost Appstore", "uncovered"),
    # a brand shorter than a company name is not set aside
    ("AB Services Ltd", "Hosting and payroll", "AB Payroll", "uncovered"),
    # the brand alone is no product
    ("Quillon Networks GmbH", "Operation of the messaging gateway", "Quillon", "uncovered"),
    # a delivery word set aside when the rest is a whole item of the scope's list
    ("ROCKETCHAT TECNOLOGIA LTDA", "Software development, hosting, Appstore",
     "Rocket.Chat Cloud hosting", "covered"),
    ("Quillon Networks GmbH", "Payroll and hosting", "Quillon SaaS payroll", "covered"),
    # ... but not when the rest is only part of a longer item
    ("Quillon Networks GmbH", "Operation of the contact center server",
     "Quillon Cloud contact center", "uncovered"),
    # ... nor when the delivery word is all there is
    ("ROCKETCHAT TECNOLOGIA LTDA", "Software development, cloud, Appstore",
     "Rocket.Chat Cloud", "covered"),
    ("ROCKETCHAT TECNOLOGIA LTDA", "Software development, hosting, Appstore",
     "Rocket.Chat Cloud", "uncovered"),
    # ... nor on another company's document
    ("ROCKETCHAT TECNOLOGIA LTDA", "Software development, hosting, Appstore",
     "Mattermost Cloud hosting", "uncovered"),
    # excluded under its short name
    ("Quillon Networks GmbH", "Operation of the messaging gateway. The Quillon Analytics "
     "portal is excluded; Analytics is not in scope.", "Quillon Analytics", "excluded"),
]


@pytest.mark.parametrize(("holder", "scope", "tool", "expected"), CASES,
                         ids=[c[2] + "/" + c[0] for c in CASES])
def test_a_branded_product_on_the_holders_own_document(holder: str, scope: str, tool: str,
                                                       expected: str) -> None:
    document = document_from_scope(scope, holder=holder)
    decision = decide(StackItem(tool, "tool", 1), [document])
    assert decision.status == expected, decision.rule


def test_a_branded_product_needs_a_holder() -> None:
    document = document_from_scope("Software development, hosting, Appstore")
    assert decide(StackItem("Rocket.Chat Appstore", "tool", 1), [document]).status == "uncovered"


def test_the_evidence_names_the_brand_and_the_scope() -> None:
    document = document_from_scope("Software development, hosting, Appstore",
                                   holder="ROCKETCHAT TECNOLOGIA LTDA")
    decision = decide(StackItem("Rocket.Chat Appstore", "tool", 1), [document])
    assert "Rocket Chat" in decision.rule or "rocket chat" in decision.rule
    assert decision.evidence is not None and "Appstore" in decision.evidence
