"""Issue 12, families 5-7, one table per extractor: certificate layouts (holder among
distracting phrases, issuer acronyms, spaced numbers, standalone extensions), places (US
states, signing places, the certification body's own address, market areas) and languages
(labels and exclusions in Spanish, German, French, Portuguese and Italian)."""

from __future__ import annotations

import pytest

from scopegap.domain import Evidence, SiteRef, StackItem, TextValue
from scopegap.extract.classify import classify_certificate
from scopegap.extract.iso.acronyms import expand_acronym, is_acronym
from scopegap.extract.iso.foreign_places import not_a_site
from scopegap.extract.iso.numbers import certificate_number
from scopegap.extract.iso.parties import holder, issuer
from scopegap.extract.iso.site_lists import unwrapped_address_lines as _unwrapped
from scopegap.extract.iso.standards import find_standards
from scopegap.extract.patterns import certificate_patterns
from scopegap.extract.places import cities_in, state_qualified_cities
from scopegap.ingest.pdf import TextPage
from scopegap.match.catalog import load_catalog
from scopegap.match.coverage import decide
from scopegap.match.evaluate import document_from_scope


def _page(text: str, number: int = 1) -> TextPage:
    return TextPage(number=number, text=text, width=595.0, height=842.0, has_text=True)


# --- family 5: certificate layouts ----------------------------------------------------------
HOLDERS = [
    # a bilingual lead phrase: the English translation is not the holder
    ("CERTIFICAT / CERTIFICATE\nNous certifions que / This is to certify that\n"
     "Foxglove Data Technologies S.A.\n116 Market Square, 31246 Charleroi, Belgium",
     "Foxglove Data Technologies S.A."),
    # standard first, its title line ends "Requirements", the holder comes after the cue
    ("CERTIFICATE\nISO/IEC 27001:2022\nInformation security, cybersecurity and privacy "
     "protection - Information security management systems - Requirements\n"
     "The requirements of the following standard are met by\nNorthgate Support Holdings Srl\n"
     "12 High Street, Milan", "Northgate Support Holdings Srl"),
    ("CERTIFICADO\nISO 27001:2022\nLos requisitos de la norma indicada son cumplidos por\n"
     "Larchmont Care Partners S.L.\nCalle Mayor 5, Madrid", "Larchmont Care Partners S.L."),
    # a label grid in another language under a "confirms that" sentence
    ("CERTIFICATE\nABC confirms that the management system of the organisation below has been "
     "audited and found to conform with the requirements of ISO/IEC 27001:2022.\n"
     "Organizzazione / Organisation Caldera Connect Operations S.r.l.\nAddress 5 Via Roma",
     "Caldera Connect Operations S.r.l."),
]


@pytest.mark.parametrize(("text", "expected"), HOLDERS)
def test_holder_among_distracting_phrases(text: str, expected: str) -> None:
    found = holder([_page(text)], load_catalog(), None)
    assert found is not None
    assert load_catalog().same_entity(found.value, expected), found.value


ISSUERS = [
    # acronym by the seal, legal name only in the footer
    ("CQI\nFor and on behalf of CQI\nCoppergate Quality International Oyj - 350 Lake Shore "
     "Drive, San Jose, California 92193", "Coppergate Quality International Oyj"),
    ("For and on behalf of BCE. The validity of this certificate can be verified at "
     "https://www.bce.example/verify.\nBCE is a trading name of Birchwood Conformity Europe "
     "S.L.U., 392 Victoria Quay, 54350 León, Mexico", "Birchwood Conformity Europe S.L.U."),
    # a connector word that gives a letter: Centre for Assessment
    ("On behalf of HCFA\nHarbour Centre for Assessment Ltd, 5 Quay Street, Leeds",
     "Harbour Centre for Assessment Ltd"),
    # the trailing verification sentence is cut, a legal form's period is not
    ("Issued by Indus Quality Registrar Pvt. Ltd. The validity can be checked online.",
     "Indus Quality Registrar Pvt. Ltd."),
]


@pytest.mark.parametrize(("text", "expected"), ISSUERS)
def test_issuer_legal_name(text: str, expected: str) -> None:
    found = issuer([_page(text)], load_catalog())
    assert found is not None and found.value.rstrip(".") == expected.rstrip(".")


@pytest.mark.parametrize(("acronym", "text", "expected"), [
    ("ABC", "Alpha Beta Certification GmbH, Hauptstr. 5", "Alpha Beta Certification GmbH"),
    ("ABC", "Alpha Beta Certification - Bern", "Alpha Beta Certification"),
    ("ABC", "alpha beta certification GmbH", None),  # initials must be capitals
    ("ABC", "ABC is here", None),  # the acronym alone spells nothing
    ("Kiwa", "Kiwa Nederland B.V.", None),  # not an acronym
])
def test_expand_acronym(acronym: str, text: str, expected: str | None) -> None:
    assert expand_acronym(acronym, [_page(text)], load_catalog()) == expected


@pytest.mark.parametrize(("name", "acronym"), [
    ("CQI", True), ("A-LIGN", True), ("BSI", True), ("DNV GL", False), ("Kiwa", False)])
def test_is_acronym(name: str, acronym: bool) -> None:
    assert is_acronym(name) is acronym


NUMBERS = [
    ("Certificate number: RC 27 104417\n", "RC 27 104417"),
    ("Certificado n.º: XW 27 414596\nNo. 103\n", "XW 27 414596"),
    ("Número de certificado / Certificate number\nMC 9405 480\n", "MC 9405 480"),
    ("Certificato n. IT 27 500116\n", "IT 27 500116"),
    ("Zertifikat-Nr.: 153856-2025-AIS-VMD\n", "153856-2025-AIS-VMD"),
    ("Certificate No: IS 612345 Issue date 12.03.2024\n", "IS 612345"),
    ("Certificate number 12345 13.12.2023\n", "12345"),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_certificate_number_with_spaces_and_labels(text: str, expected: str) -> None:
    found = certificate_number([_page(text)])
    assert found is not None and found.value == expected


@pytest.mark.parametrize(("text", "standards", "kind"), [
    ("CERTIFICATE\nISO/IEC 27017:2015\nThis certificate is valid only in conjunction with "
     "ISO/IEC 27001:2013 certificate IS 1234.\nCertificate number: C 5\nhas been assessed",
     ["ISO/IEC 27017:2015"], "iso_certificate"),
    ("CERTIFICATE\nISO/IEC 27701:2019\nExtension to ISO/IEC 27001 and ISO/IEC 27002 for "
     "privacy\nCertificate number: C 5\ncertifies that", ["ISO/IEC 27701:2019"],
     "iso_certificate"),
    ("CERTIFICATE\nISO/IEC 27001:2022 including the controls of ISO/IEC 27017:2015\n"
     "Certificate number: C 5\ncertifies that", ["ISO/IEC 27001:2022", "ISO/IEC 27017:2015"],
     "iso27001_certificate"),
    # a standard in a row of dates dates an approval; its date is no edition
    ("CERTIFICATE\nThis is to certify that X has been approved to the following standards:\n"
     "ISO/IEC 27701:2019\nin conjunction with ISO/IEC "
     "27001:2022\nOriginal approval(s):\nISO/IEC 27001 – 2016-10-26\nApproval number: C 5",
     ["ISO/IEC 27701:2019"], "iso_certificate"),
    ("CERTIFICATE\nThis is to certify that X has been approved to the following standards:\n"
     "ISO/IEC 27001:2022\nOriginal approval(s): "
     "ISO/IEC 27001 – 1 January 2019\nApproval number: C 5", ["ISO/IEC 27001:2022"],
     "iso27001_certificate"),
    # OCR's stray marks inside the cue ("conjunction ‘with:") keep the parent a mention
    ("CERTIFICATE\nISO/IEC 27701 :2019\nThis certificate i is valid: only it in conjunction "
     "‘with:ISO/IEC- 27001: 2013 certificate NR 81.\nThe requirements are met by X\n"
     "Certificate number: C 5", ["ISO/IEC 27701:2019"], "iso_certificate"),
    # a 27001 the certificate names as another certificate's, or as not covered, is no 27001
    ("CERTIFICATE\nThis is to certify that X conforms to ISO 9001:2015\nThe organisation also "
     "holds ISO/IEC 27001:2022 certification under certificate IS 5.\nCertificate number: Q 5",
     ["ISO 9001:2015"], "iso_certificate"),
    ("CERTIFICATE\nThis is to certify that X meets ISO 9001:2015\nThis certificate does not "
     "cover ISO/IEC 27001:2022.\nCertificate number: Q 5", ["ISO 9001:2015"], "iso_certificate"),
    ("CERTIFICATE\nThis is to certify that X meets ISO/IEC 20000-1:2018\nIntegrated with the "
     "ISMS certified to ISO/IEC 27001:2022 (certificate IS 5)\nCertificate number: Q 5",
     ["ISO/IEC 20000-1:2018"], "iso_certificate"),
    ("CERTIFICATE\nThis is to certify that X meets ISO/IEC 42001:2023\nCertificate number: Q 5"
     "\nThe AIMS is operated alongside the organisation's ISO/IEC 27001:2022 ISMS.",
     ["ISO/IEC 42001:2023"], "iso_certificate"),
    ("CERTIFICATE\nThis is to certify that X meets ISO 9001:2015 and ISO/IEC 27001:2022\n"
     "Certificate number: Q 5", ["ISO 9001:2015", "ISO/IEC 27001:2022"], "iso27001_certificate"),
    ("CERTIFICATE\nThis is to certify that X is certified to ISO/IEC 27001 - 2022\n"
     "Certificate number: C 5", ["ISO/IEC 27001:2022"],
     "iso27001_certificate"),
])
def test_standalone_extensions(text: str, standards: list[str], kind: str) -> None:
    found = find_standards((_page(text),))
    assert [s.label for s in found.certified] == standards
    assert classify_certificate(text, found.certified, has_number=True, has_issuer=False,
                                has_dates=False).kind == kind


# --- family 6: places -----------------------------------------------------------------------
@pytest.mark.parametrize(("text", "parsed"), [
    ("Phoenix, AZ", ("Phoenix", "US")),  # Arizona, not Azerbaijan
    ("Boston, MA", ("Boston", "US")),  # Massachusetts, not Morocco
    ("Austin, Texas", ("Austin", "US")),
    ("Baku, AZ", ("Baku", "AZ")),  # Baku is in Azerbaijan: AZ stays the country
    ("Casablanca, MA", ("Casablanca", "MA")),
])
def test_parse_site_with_state(text: str, parsed: tuple[str, str]) -> None:
    assert load_catalog().parse_site(text) == parsed


@pytest.mark.parametrize(("text", "cities"), [
    ("254 Riverside Drive, Phoenix, AZ 85004", [("Phoenix", "US")]),
    ("1200 Congress Avenue, Austin, Texas 78701", [("Austin", "US")]),
    ("5 Station Road, 1234 Baku, Azerbaijan", [("Baku", "AZ")]),
    ("Paso, Texas 17819", []),  # the tail of a wrapped line is not a town
])
def test_cities_in_us_addresses(text: str, cities: list[tuple[str, str]]) -> None:
    assert cities_in(text, load_catalog()) == cities


def test_state_qualified_cities_in_running_text() -> None:
    found = state_qualified_cities("Offices in Columbus, OH and Portland, Oregon.",
                                   load_catalog())
    assert [(c, cc) for c, cc, _, _ in found] == [("Columbus", "US"), ("Portland", "US")]


@pytest.mark.parametrize(("scope", "site", "status"), [
    ("Services delivered from 254 Riverside Drive, Phoenix, AZ 85004.", "Phoenix, Arizona",
     "covered"),
    ("Services delivered from 254 Riverside Drive, Phoenix, AZ 85004.", "Baku, Azerbaijan",
     "uncovered"),
    ("Services delivered from Austin, Texas.", "Austin, TX", "covered"),
    ("Services delivered from Austin, Texas.", "Austin, Minnesota", "uncovered"),
])
def test_state_qualified_sites_are_matched(scope: str, site: str, status: str) -> None:
    item = StackItem(name=site, type="site", line=1)
    assert decide(item, [document_from_scope(scope)]).status == status


@pytest.mark.parametrize(("line", "signing"), [
    ("Place and date: Northampton, 2024-04-11", True),
    ("Luogo e data / Place and date: Catania, 16.11.2020", True),
    ("Lugar y fecha: Bogotá, 5 de marzo de 2024", True),
    ("Berlin, den 3. März 2025", True),
    ("London, March 5, 2024", True),
    ("Paris, 18-Feb-2026", True),
    # a cell OCR joined after " | " does not make it another line
    ("Астана, 23 февраля 2025 г. | \"Чину, -", True),
    ("Leeds LS1 4BT | Head office", False),
    ("5 Linger eo Rice and date: Tripoli, 23 février 2024", True),
    # a seal's words OCR joined after the date
    ("Madrid, 04/09/2024 MANAGEMENT SYSTEMS", True),
    ("Madrid, 04/09/2024 Unit 4, 18-20 Dock Road", False),
    # a speck after the date read as a letter and marks
    ("Пловдив, 24 евгуєт 2024 г. з\"", True),
    ("Λευκωσία, 30.07.2023 .", True),
    ("Madrid, 04/09/2024 Unit", False),
    ("Адрес: ул. Раковски 5, 1000 София", False),
    ("Main Street 5, 1000 Sofia", False),
    ("Lyon 69003 | 14 rue de la République", False),
    ("Head office: 5 Station Road, Leeds LS1 4BT", False),
    ("Unit 4, 18-20 Dock Road, Paris", False),
    ("12 High Street, Leeds LS1 4BT", False),
    ("Manila, Philippines", False),
    ("Head office: 5 Road, Leeds", False),
])
def test_signing_place_lines(line: str, signing: bool) -> None:
    assert bool(certificate_patterns().signing_place.search(line)) is signing


@pytest.mark.parametrize(("evidence", "issuer_name", "dropped"), [
    ("Place and date: Leeds, 12 March 2025", None, True),
    ("Issued by Acme Certification Ltd, 5 High Street, Leeds", "Acme Certification Ltd", True),
    ("1 | Leeds | 5 High Street, Leeds", "Acme Certification Ltd", False),
])
def test_never_sites(evidence: str, issuer_name: str | None, dropped: bool) -> None:
    site = SiteRef(name="Leeds, United Kingdom", city="Leeds", country="GB",
                   evidence=Evidence(1, evidence), kind="site")
    body = TextValue(issuer_name, Evidence(1, issuer_name)) if issuer_name else None
    assert not_a_site(site, body, load_catalog()) is dropped


def test_wrapped_annex_lines_are_joined() -> None:
    lines = ["Preston", "448 Market Square, 87695 Preston,", "United Kingdom", "Leeds",
             "68 Mill Lane, 4368 Leeds, United", "Kingdom", "Louisville",
             "77 Central Avenue, Louisville,", "KY 40202"]
    assert _unwrapped(lines, load_catalog()) == [
        "Preston", "448 Market Square, 87695 Preston, United Kingdom", "Leeds",
        "68 Mill Lane, 4368 Leeds, United Kingdom", "Louisville",
        "77 Central Avenue, Louisville, KY 40202"]


# --- family 7: languages --------------------------------------------------------------------
@pytest.mark.parametrize(("scope", "item", "item_type", "status"), [
    ("Atención al cliente mediante Five9, excepto el centro de Bogotá, excepto Zendesk.",
     "Bogotá", "site", "excluded"),
    ("Atención al cliente mediante Five9, excepto el centro de Bogotá, excepto Zendesk.",
     "Zendesk Suite", "tool", "excluded"),
    ("Atención al cliente mediante Five9, excepto el centro de Bogotá, excepto Zendesk.",
     "Five9", "tool", "covered"),
    ("Kundenservice mit Five9, ausgenommen der Standort Köln.", "Köln", "site", "excluded"),
    ("Services avec Five9, à l'exclusion du site de Lyon.", "Lyon", "site", "excluded"),
    ("Serviços com Five9, exceto o centro de Braga.", "Braga", "site", "excluded"),
    ("Servizi con Five9, escluso il sito di Torino.", "Turin", "site", "excluded"),
    ("Customer care with Five9, excluding the Preston site.", "Preston, United Kingdom",
     "site", "excluded"),
    # a town's name inside the product an exclusion names takes no town out (Nice, a plain
    # word, is no site of running text either: uncovered, never excluded)
    ("Services avec Five9 depuis Nice, à l'exclusion de NICE Engage.", "Nice", "site",
     "uncovered"),
    ("Services avec Five9 depuis Nice, à l'exclusion de NICE Engage.", "NICE Engage", "tool",
     "excluded"),
])
def test_exclusions_in_five_languages(scope: str, item: str, item_type: str,
                                      status: str) -> None:
    decision = decide(StackItem(name=item, type=item_type, line=1),  # type: ignore[arg-type]
                      [document_from_scope(scope)])
    assert decision.status == status, decision.rule
