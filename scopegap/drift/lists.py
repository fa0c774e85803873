"""Year on year: the third parties added to, removed from or changed in a subprocessor list.

Each third party is one party however many rows name it ("AWS" and "Amazon Web Services"
in one list, Google LLC for three purposes) and whatever the spelling of its legal form, by
``match.parties.same_party``. A party's locations are the union of its rows'; a location
change is any difference in those countries or groups. A purpose counts as changed only when the new
wording shares no word with the old ("payment processor, billing" → "Billing platform" is a
rewording, not a change), because vendors reword their lists every year.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, utils

from scopegap.domain import SubprocessorRef
from scopegap.match.catalog import Catalog
from scopegap.match.parties import same_party

ListChangeType = Literal["added", "removed", "changed"]
PURPOSE_SAME = 60.0  # token-set similarity at or above which two purposes are one purpose
_WORD = re.compile(r"[a-z0-9]{3,}")


@dataclass(frozen=True)
class Party:
    """One third party of a list: the name first printed, and every row that names it."""

    name: str
    rows: tuple[SubprocessorRef, ...]

    @property
    def locations(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for row in self.rows for c in row.locations))

    @property
    def areas(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for row in self.rows for a in row.areas))

    @property
    def purposes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(row.purpose for row in self.rows if row.purpose))

    def where(self) -> str:
        places = [*self.locations, *self.areas]
        return ", ".join(places) if places else "no location given"


@dataclass(frozen=True)
class ListChange:
    change: ListChangeType
    subject: str
    old: Party | None
    new: Party | None
    aspects: tuple[str, ...] = ()  # "purpose", "location" for a change


def parties(entries: Sequence[SubprocessorRef], catalog: Catalog) -> list[Party]:
    groups: list[list[SubprocessorRef]] = []
    for entry in entries:
        home = next((g for g in groups if any(same_party(entry.name, other.name, catalog)
                                              for other in g)), None)
        if home is None:
            groups.append([entry])
        else:
            home.append(entry)
    return [Party(group[0].name, tuple(group)) for group in groups]


def same_purpose(old: Sequence[str], new: Sequence[str]) -> bool:
    """Whether two sets of purpose wordings say the same thing (see the module docstring)."""
    if not old or not new:
        return True  # a purpose printed on one side only is no change of purpose
    old_text, new_text = " ".join(old), " ".join(new)
    if set(_WORD.findall(old_text.lower())) & set(_WORD.findall(new_text.lower())):
        return True
    score = fuzz.token_set_ratio(old_text, new_text, processor=utils.default_process,
                                 score_cutoff=PURPOSE_SAME)
    return score >= PURPOSE_SAME


def diff_lists(old: Sequence[SubprocessorRef], new: Sequence[SubprocessorRef],
               catalog: Catalog) -> list[ListChange]:
    """Added, removed and changed parties, in the new list's order then the old one's."""
    old_parties = parties(old, catalog)
    new_parties = parties(new, catalog)
    changes: list[ListChange] = []
    matched: set[int] = set()
    for party in new_parties:
        index = next((i for i, o in enumerate(old_parties) if i not in matched and any(
            same_party(a.name, b.name, catalog) for a in party.rows for b in o.rows)), None)
        if index is None:
            changes.append(ListChange("added", party.name, None, party))
            continue
        matched.add(index)
        before = old_parties[index]
        aspects = []
        if (set(before.locations) != set(party.locations)
                or set(before.areas) != set(party.areas)):
            aspects.append("location")
        if not same_purpose(before.purposes, party.purposes):
            aspects.append("purpose")
        if aspects:
            changes.append(ListChange("changed", party.name, before, party, tuple(aspects)))
    for i, party in enumerate(old_parties):
        if i not in matched:
            changes.append(ListChange("removed", party.name, party, None))
    return changes
