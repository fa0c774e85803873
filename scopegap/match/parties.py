"""Which printed names are one third party (subprocessor lists, subservice organisations).

The catalog's ``same_entity`` folds legal forms away, which is right for "Zendesk, Inc." /
"Zendesk Inc" and for a catalogued alias ("AWS" / "Amazon Web Services EMEA SARL"), but
would make one party of a group's affiliates that a vendor lists one by one ("GitLab BV",
"GitLab GmbH", "GitLab Pty Ltd"). So two names the catalog equates only by their bare words
are one party when their legal forms are spellings of one form (models/patterns/
subprocessors.yaml: legal_form_synonyms) or one of them prints none.
"""

from __future__ import annotations

from functools import cache

from scopegap.extract.subprocessors import PATTERNS_FILE, ListPatternsFile
from scopegap.extract.subprocessors_names import name_identities
from scopegap.match.catalog import Catalog, fold
from scopegap.resources import load_model


@cache
def _synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in load_model(PATTERNS_FILE, ListPatternsFile).legal_form_synonyms:
        keys = [_key(str(spelling)) for spelling in group]
        for key in keys:
            table[key] = keys[0]
    return table


def _key(form: str) -> str:
    return fold(form).replace(" ", "")


def legal_form(name: str, catalog: Catalog) -> str:
    """The legal form a name ends with, as one key ("" when it prints none)."""
    folded = fold(name)
    core = catalog.normalise_name(name)
    if not core or not folded.startswith(core):
        return ""
    key = _key(folded[len(core):])
    return _synonyms().get(key, key)


def same_party(left: str, right: str, catalog: Catalog) -> bool:
    """Whether two printed names are one third party (see the module docstring); a name
    that carries several ("A d/b/a B", "Parent (Brand)", "X (and affiliates)") is each."""
    return any(_same_name(one, other, catalog) for one in name_identities(left)
               for other in name_identities(right))


def _same_name(left: str, right: str, catalog: Catalog) -> bool:
    if not catalog.same_entity(left, right):
        return False
    tool_left, tool_right = catalog.tool_by_alias(left), catalog.tool_by_alias(right)
    if tool_left is not None and tool_right is not None and tool_left.id == tool_right.id:
        return True  # a catalogued alias: one party whatever its contracting entity
    form_left, form_right = legal_form(left, catalog), legal_form(right, catalog)
    return not form_left or not form_right or form_left == form_right
