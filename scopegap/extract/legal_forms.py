"""Legal-form patterns built from models/catalog/legal_forms.yaml, the one home of the forms.

The catalog strips these forms from names before comparing them; the extractors need the
same forms as regular expressions, to tell a legal entity's line ("… Pvt. Ltd.") and to
complete a printed name with its form ("GitHub" → "GitHub, Inc."). Pattern files write
``{legal_forms}`` where the alternation belongs, or ``{abbreviated_legal_forms}`` for the
forms printed with a final period that belongs to the name ("Inc.", "S.A.")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from scopegap.resources import load_model


@dataclass(frozen=True)
class LegalFormsFile:
    legal_forms: tuple[str, ...]


def _form_pattern(form: str) -> str:
    """A printed form as a regex tolerant of its dots and spacing: "S.A." → S\\.?\\s*A\\.?"""
    parts = [p for p in re.split(r"[.\s]+", form) if p]
    return r"\.?\s*".join(re.escape(p) for p in parts)


@cache
def _forms() -> tuple[str, ...]:
    return load_model("catalog/legal_forms.yaml", LegalFormsFile).legal_forms


@cache
def legal_form_alternation() -> str:
    """Every form, longest first, each ending at a word boundary with an optional period."""
    patterns = {_form_pattern(form) for form in _forms()}
    ordered = sorted(patterns, key=lambda p: (-len(p), p))
    return "|".join(rf"{p}\b\.?" for p in ordered)


@cache
def abbreviated_form_alternation() -> str:
    """The forms printed with a final period ("Inc.", "S.A."), without that period."""
    stems = {re.escape(form.rstrip(".")) for form in _forms() if form.endswith(".")}
    return "|".join(sorted(stems, key=lambda p: (-len(p), p)))


def fill_legal_forms(pattern: str) -> str:
    """``pattern`` with its legal-form placeholders filled in."""
    return (pattern.replace("{legal_forms}", legal_form_alternation())
            .replace("{abbreviated_legal_forms}", abbreviated_form_alternation()))


@cache
def legal_form_in_line() -> re.Pattern[str]:
    """A legal form anywhere in a line, as the catalog prints it or in capitals ("ЕООД",
    "GmbH", "LTD"): case kept, so the words "as", "co" and "sa" of a sentence are no form."""
    forms = {variant for form in _forms() for variant in (form, form.upper())}
    patterns = sorted({_form_pattern(form) for form in forms}, key=lambda p: (-len(p), p))
    return re.compile(r"(?<!\w)(?:" + "|".join(rf"{p}(?!\w)" for p in patterns) + ")")
