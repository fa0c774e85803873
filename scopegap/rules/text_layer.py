"""A page without a text layer could hold the scope or a site list: nothing on it could be
verified, and the report must say so rather than treat it as empty."""

from __future__ import annotations

from scopegap.domain import Finding
from scopegap.rules.base import RuleInput, finding


def text_layer_findings(data: RuleInput) -> list[Finding]:
    found: list[Finding] = []
    for document in data.documents:
        if not document.no_text_pages:
            continue
        name = document.file_name
        pages = ", ".join(str(n) for n in document.no_text_pages)
        if not document.text_pages:
            message = (f"{name} has no extractable text on any page (an image-only scan?): "
                       "nothing in it could be verified")
        else:
            message = (f"{name}: page(s) {pages} have no extractable text; what they show "
                       "(scope, sites) could not be verified")
        found.append(finding(data.settings, "no_text_layer", name, message, document,
                             document.no_text_pages[0], None))
    return found
