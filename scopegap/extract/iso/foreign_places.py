"""Towns a certificate prints that are no site of the holder (DOMAIN.md §1.2): the
certification body's address (above its label, beside its signature or under its name), the
place and date of signing, and another entity's address (a client, a subcontractor, the
accreditation body). Read with the lines around each candidate site."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from scopegap.domain import SiteRef, TextValue
from scopegap.extract.iso.ocr_cues import ocr_names_issuer
from scopegap.extract.legal_forms import legal_form_in_line
from scopegap.extract.patterns import certificate_patterns
from scopegap.ingest.pdf import ReadPdf
from scopegap.ingest.text import lines_of, squash

if TYPE_CHECKING:
    from scopegap.match.catalog import Catalog  # the type only: stages are handed it


def not_a_site(site: SiteRef, issuer: TextValue | None, catalog: Catalog,
                holder: TextValue | None = None) -> bool:
    """Lines that name a town but never a site of the holder (DOMAIN.md §1.2): where the
    certificate was signed, a registered agent's address, and the certification body's own
    address (its name is on the line: "Issued by Acme Certification Ltd, 5 High Street,
    Leeds")."""
    text = site.evidence.text
    patterns = certificate_patterns()
    if (patterns.signing_place.search(text) or patterns.registered_agent.search(text)
            or patterns.other_party_line.search(text)):
        return True
    if _another_entity_first(text, holder, catalog):
        return True
    if issuer is None or site.kind == "country":
        return False
    name = catalog.normalise(issuer.value)
    return len(name) >= 3 and re.search(
        rf"(?<!\w){re.escape(name)}(?!\w)", catalog.normalise(text)) is not None


def under_issuer(site: SiteRef, issuer: TextValue | None, pdf: ReadPdf,
                  catalog: Catalog, holder: TextValue | None = None) -> bool:
    """"Орган по сертификации: ООО «X»" then "Адрес: 121351, г. Москва, …" on the next line:
    an address printed right under the line naming the certification body, or under a line
    that introduces it ("Certified by:", "Орган по сертификации:") when its name was not
    read, is the body's."""
    if site.kind == "country" or not 1 <= site.evidence.page <= len(pdf.pages):
        return False
    name = catalog.normalise(issuer.value) if issuer is not None else ""
    if pdf.pages[site.evidence.page - 1].source == "ocr" and ocr_names_issuer(
            name, catalog.normalise(site.evidence.text)):
        return True  # the body's own address, its name read a letter apart by OCR
    patterns = certificate_patterns()
    cue = patterns.issuer_after
    text = pdf.pages[site.evidence.page - 1].text
    lines = [line.clean for line in lines_of(text) if line.clean.strip()]
    # the evidence's start or end: OCR's second reading of a line may differ in between
    quote = squash(site.evidence.text)
    ends = [part for part in (quote[:30].strip(), quote[-16:].strip()) if len(part) >= 8]
    ends = ends[:1] + [part for part in ends[1:] if re.search(r"\d", part)]  # a postcode
    # the line holding the whole evidence if one does: a street's end the holder's address
    # shares ("пр-т Мира, д. 2" in "…, д. 22") must not stand in for it
    whole = [index for index, line in enumerate(lines[1:], start=1) if quote in squash(line)]
    for index, line in enumerate(lines[1:], start=1):
        if (index in whole) if whole else any(part in squash(line) for part in ends):
            above = lines[index - 1]
            wrapped = f"{lines[index - 2]} {above}" if index >= 2 else above  # "… & CO." / "KG"
            if _names_holder(above, holder, catalog) or _names_holder(wrapped, holder, catalog):
                return False
            if cue.search(above) or _body_entity(above) or _labelled_entity(above) or \
                    _quoted_under_label(above) or _legal_entity_in(above) or (
                    len(name) >= 3 and re.search(rf"(?<!\w){re.escape(name)}(?!\w)",
                                                 catalog.normalise(above))):
                return True
            if not _names_holder(line, holder, catalog) and (
                    _body_follows(lines[index + 1 : index + 1 + _BODY_AFTER])
                    or _signed_there(lines[index + 1 : index + 2], site, catalog)):
                return True
    return False


# Lines after an address within which the body's label may follow it (a signing line may
# stand between) when OCR read the body's block bottom up.
_BODY_AFTER = 2


def _body_follows(after: Sequence[str]) -> bool:
    """"Адреса: …, м. Київ" / "Київ, 16 березня 2025 р." / "Орган з сертифікації: ТОВ …":
    the address right before a line that opens with the label of the certification body (a
    scan's OCR put the body's address above its label) is the body's, never the holder's
    (ruled out first, by the line above). A footer naming the body ("DQS is a trading name
    of …") or a signing block ("For and on behalf of") under a list's last site is no label."""
    label = certificate_patterns().issuer_label
    return any(label.match(_LEAD_MARKS.sub("", line)) for line in after)


_LEAD_MARKS = re.compile(r"^[\W_]+")  # marks OCR read before a line's first word


def _signed_there(after: Sequence[str], site: SiteRef, catalog: Catalog) -> bool:
    """"Адрес: …, гр. София" / "София, 20 септември 2025 г.": an address right above the
    line where the certificate was signed, in the same town, ends the body's block (its
    label lost to OCR: a false "covered" on fresh Bulgarian scan 5517)."""
    if not site.city or not after:
        return False
    town = catalog.normalise(site.city)
    return certificate_patterns().signing_place.search(after[0]) is not None and any(
        catalog.normalise(city.name) == town for name in cities_named_in(after[0], catalog)
        for city in catalog.cities_named(name))


# A name in quotes or guillemets ("ООО «Сарант»"): on the line above an address, once the
# holder's own line is ruled out, another entity's (OCR may have garbled its label).
_QUOTED_NAME = re.compile(r"[«„“\"][^\W\d_][^«»„“”\"]{1,60}[»“”\"]")


def _quoted_under_label(line: str) -> bool:
    """"Орган по сертифи…ции: ООО «Сарант»" however garbled: a label that is no address's,
    then a quoted name (a street in quotes, "ул. „Шипка“", is no entity)."""
    label, colon, rest = line.partition(":")
    patterns = certificate_patterns()
    return bool(colon) and _QUOTED_NAME.search(rest) is not None and \
        patterns.address.search(label) is None and \
        patterns.site_labels.search(f"{label}:") is None


def _labelled_entity(line: str) -> bool:
    """"Φορέας πιστοποίησης: ΕΥΡΩΠΑΪΚΗ Α.Ε.": a label, then another legal entity's name alone
    (the holder's own line was ruled out first), whatever OCR made of the label."""
    label, colon, rest = line.rpartition(":")
    name = rest.strip(" '’᾽\"»“”;,")
    return bool(colon and label.strip() and name) and not re.search(r"\d", name) and \
        certificate_patterns().legal_form.search(name) is not None


def _legal_entity_in(line: str) -> bool:
    """A line holding a legal form ("… ЕООД", "… GmbH") that is not the holder's (ruled out
    first): the address under it is that entity's, however OCR garbled its name and label
    ("сортире рые ЕООД" for a body's „РегистърСерт“ ЕООД). A form a postcode follows is a
    state's code in an address ("Denver, CO 62437"), no entity's."""
    return any(not re.match(r"\s+\d", line[found.end():])
               for found in legal_form_in_line().finditer(line))


def _names_holder(line: str, holder: TextValue | None, catalog: Catalog) -> bool:
    """Whether ``line`` names the holder: the name in its quotes («Альфа», „Алфа Софт“) or
    the whole name, whatever legal form or grammatical case is printed around it."""
    if holder is None:
        return False
    quoted = re.search(r"[«„“\"]([^«»„“”\"]{2,})[»“”\"]", holder.value)
    core = catalog.normalise(quoted.group(1) if quoted else holder.value)
    return len(core) >= 2 and re.search(rf"(?<!\w){re.escape(core)}(?!\w)",
                                        catalog.normalise(line)) is not None


def _body_entity(line: str) -> bool:
    """A line naming a certification body's legal entity ("… Сертификация" ЕООД"), whatever
    OCR made of the words before it."""
    patterns = certificate_patterns()
    return patterns.body_line.search(line) is not None and bool(
        patterns.legal_form.search(line) or re.search(r"[«„“\"][^\W\d_]", line))


def _another_entity_first(text: str, holder: TextValue | None, catalog: Catalog) -> bool:
    """"Acme Certification SAS - 5 High Street, Leeds": a line that opens with another legal
    entity's name (a footer's certification body, whose name was not recognised as the
    issuer) gives that entity's address, not a site of the holder. A full stop before the
    street number ends the name too: a scan read "Registrars Pvt., 57 Congress Avenue" as
    "Registrars Pvt.. 57 Congress Avenue" (its "Issued by" misread), and the body's town
    passed for a site."""
    first = re.split(r"\s+[-–—]\s+|,|\.\s+(?=\d)", text, maxsplit=1)[0].strip()
    if re.search(r"\d", first) or not certificate_patterns().legal_form.search(first):
        return False
    if holder is None:
        return True
    # the holder under another legal form ("Acme Ltd" / "ACME LIMITED") is still the holder
    return catalog.normalise(first) != catalog.normalise(holder.value)


def cities_named_in(text: str, catalog: Catalog) -> list[str]:
    """Catalogued cities an exclusion's own words name, including names too ambiguous to spot
    in running text ("excluding the Preston site"): the exclusion bounds where to look. A
    word that is part of a product's name there is no town ("excluding NICE Engage")."""
    words = re.findall(r"[^\W\d_][\w'’.\-]*", text)
    found: list[str] = []
    for size in (3, 2, 1):
        for first in range(len(words) - size + 1):
            name = " ".join(words[first : first + size])
            if name[:1].isupper() and catalog.cities_named(name) and name not in found \
                    and not catalog.tool_in_text_conflicts(name, text):  # "NICE Engage"
                found.append(name)
    return found
