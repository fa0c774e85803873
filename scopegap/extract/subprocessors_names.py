"""Names in a subprocessor list: one cell naming two parties ("Amazon Web Services, OVH"),
"Vendor. Purpose." items, and the shape of a name."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING

from scopegap.extract.subprocessors_patterns import list_patterns

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it


_MARKS = "¹²³⁴⁵⁶⁷⁸⁹⁰†‡§"
_EDGE_MARK = re.compile(r"(?:\s*(?:\[\d{1,2}\]|\(\d{1,2}\)|\*+)\s*)+$")
_GLUED_MARK = re.compile(r"(?<=[^\s\[(])(?:\[\d{1,2}\]|\*+)(?=[\s,;:)]|$)")
_SPACE_BEFORE_COMMA = re.compile(r"\s+([,;])")
_LEAD_MARK = re.compile(r"^\s*(?:\[\d{1,2}\]|\*+)\s*")


def strip_marks(text: str) -> str:
    """A cell without its footnote markers: superscript digits, daggers, and a trailing
    "*", "[2]" or "(2)" ("Stripe, Inc.¹", "Ltd.*", "Germany[1]"). They are never part of
    a name or a place, and glued to it they hide a legal form ("Inc.¹") or a country."""
    bare = _GLUED_MARK.sub("", "".join(c for c in text if c not in _MARKS))
    lines = [_LEAD_MARK.sub("", _EDGE_MARK.sub("", line)) for line in bare.split("\n")]
    lines = [_SPACE_BEFORE_COMMA.sub(r"\1", line) for line in lines]
    return "\n".join(line.rstrip() for line in lines if line.strip())


def _legal_form(part: str, catalog: Catalog) -> bool:
    """Whether ``part`` is a legal form alone: the catalog strips it from the end of a name."""
    return bool(part.strip(" .,")) and catalog.normalise_name(f"name {part}") == "name"


_INITIALS = re.compile(r"(?:[^\W\d_]{1,2}\.){2,}")  # "S.A.U.", "s.r.o.": a form, not a name


def has_legal_form(name: str, catalog: Catalog) -> bool:
    """Whether one of a name's words (or two together) is a legal form: "Swisscom (Schweiz)
    AG", "Akenes SA (Exoscale)", "Adyen N.V.", "Atlassian Pty Ltd"."""
    words = [w.strip(",()") for w in name.split()[1:]]
    return any(_legal_form(w, catalog) or _INITIALS.fullmatch(w) for w in words if w) or any(
        _legal_form(f"{a} {b}", catalog) for a, b in pairwise(words))


def split_names(cell: str, catalog: Catalog) -> list[str]:
    """"Amazon Web Services, OVH" names two parties; "Stripe, Inc." and "Functional
    Software, Inc. d/b/a Sentry" one."""
    flat = " ".join(cell.split())
    parts = [p.strip() for p in list_patterns().name_joiners.split(flat) if p.strip()]
    if len(parts) < 2:
        return [flat] if flat else []
    for part in parts:
        first = part.split()[0]
        if (_legal_form(part, catalog) or _legal_form(first, catalog) or _INITIALS.fullmatch(part)
                or (not part[0].isupper()
                and not part[0].isdigit()) or first.lower() in ("d/b/a", "dba", "aka", "t/a")
                or len(part) < 2):
            return [flat]
    return parts


_SENTENCE_END = re.compile(r"\.\s+(?=\S)")


def split_item(text: str, catalog: Catalog) -> tuple[str, str]:
    """(name, rest) of "Vendor. Purpose.", "Vendor - purpose", "Vendor for purpose"."""
    flat = " ".join(text.split())
    stops = list(_SENTENCE_END.finditer(flat))
    after_form: list[int] = []
    for stop in stops:
        before = flat[: stop.start()].split()
        last = before[-1] if before else ""
        if _legal_form(last, catalog) or _legal_form(last + ".", catalog) or len(last) <= 1 \
                or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?", last):
            after_form.append(stop.end())
            continue
        head = flat[: stop.start()]
        separator = list_patterns().item_separators.search(head)
        if separator is None:
            return head.strip(), flat[stop.end():].strip()
        break
    separator = list_patterns().item_separators.search(flat)
    if separator is not None:
        return flat[: separator.start()].strip(), flat[separator.end():].strip()
    if after_form:
        cut = after_form[-1]
        return flat[:cut].strip(), flat[cut:].strip()
    return flat.rstrip(". "), ""


def trailing_brackets(text: str) -> tuple[int, str] | None:
    """(start, inner text) of a bracketed group that ends ``text``; nested brackets kept."""
    end = len(text.rstrip(" ."))
    if end == 0 or text[end - 1] != ")":
        return None
    depth = 0
    for position in range(end - 1, -1, -1):
        if text[position] == ")":
            depth += 1
        elif text[position] == "(":
            depth -= 1
            if depth == 0:
                return position, text[position + 1 : end - 1]
    return None


_NAME_SHAPE = re.compile(r"^[\w\"'(\[&@]")


def plausible_name(name: str) -> bool:
    """A third party's name, not a sentence: short, starting like a name."""
    words = name.split()
    return 0 < len(words) <= 10 and len(name) <= 100 and _NAME_SHAPE.match(name) is not None \
        and (name[0].isupper() or name[0].isdigit() or not name[0].isalpha())


def name_identities(name: str) -> tuple[str, ...]:
    """The names one printed name gives its party: itself, the legal and the trade name of
    "A d/b/a B", the parent and the brand of "Parent (Brand)", and "X" of "X (and
    affiliates)". A reader who declared any of them declared this party."""
    patterns = list_patterns()
    flat = " ".join(name.split())
    out = [flat]
    bare = patterns.group_suffix.sub("", flat).strip(" ,")
    if bare and bare != flat:
        out.append(bare)
    trade = patterns.trade_name.split(bare, maxsplit=1)
    if len(trade) == 2 and all(part.strip() for part in trade):
        out += [part.strip(" ,") for part in trade]
    bracket = trailing_brackets(bare)
    if bracket is not None and bare[: bracket[0]].strip():
        out += [bare[: bracket[0]].strip(" ,"), bracket[1].strip()]
    return tuple(dict.fromkeys(part for part in out if part))
