"""Matching on public scope texts from ../shared/realdocs (skipped when absent).

The texts are read at run time, never copied: a provider-headed region list (bare codes under
"AWS regions" / "Google Cloud regions" / "Azure regions" headings) and an ISMS scope statement
with an exclusions section.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scopegap.domain import DocumentScope, StackItem
from scopegap.match.coverage import decide
from scopegap.match.evaluate import document_from_scope


def _sections(path: Path, first: int, last: int) -> str:
    parts = path.read_text(encoding="utf-8").split("\n## ")
    return "\n## ".join(parts[first:last])


@pytest.fixture
def region_list(realdocs: Path) -> DocumentScope:
    # The AWS, Google Cloud and Azure sections; the compliance lists after them are left out.
    return document_from_scope(_sections(realdocs / "clickhouse_cloud_regions_compliance.md.txt",
                                         1, 4))


@pytest.mark.parametrize(
    ("region", "status"),
    [
        ("AWS eu-west-2", "covered"),
        ("AWS il-central-1", "covered"),
        ("Google Cloud europe-west2", "covered"),
        ("GCP northamerica-northeast1", "covered"),
        ("azure:germanywestcentral", "covered"),
        ("Azure West US 3", "covered"),
        # Same city, other provider; and the code collision across providers.
        ("Azure uksouth", "uncovered"),
        ("OCI uk-london-1", "uncovered"),
        ("AWS me-central-1", "uncovered"),
        ("Google Cloud me-central1", "uncovered"),
        ("AWS eu-west-3", "uncovered"),
    ],
)
def test_provider_headed_region_list(region_list: DocumentScope, region: str,
                                     status: str) -> None:
    decision = decide(StackItem(region, "region", 1), [region_list])
    assert decision.status == status, decision.rule
    if status == "covered":
        assert decision.rule.startswith("region code:")


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("GitLab Dedicated", "covered"),
        ("GitLab Self-Managed", "uncovered"),
        ("Zendesk Suite", "uncovered"),
        ("Amazon Web Services", "uncovered"),
    ],
)
def test_isms_scope_statement(realdocs: Path, name: str, status: str) -> None:
    text = (realdocs / "gitlab_isms_scope_excerpt.md.txt").read_text(encoding="utf-8")
    scope = text[text.index("## Scope") : text.index("### Organizational Units")]
    decision = decide(StackItem(name, "tool", 1), [document_from_scope(scope)])
    assert decision.status == status, decision.rule
