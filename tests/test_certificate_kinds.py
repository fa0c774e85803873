"""Issue 12, families 5, 6 and 8: date grids, registration dates, displaced scopes, district
addresses, registered agents, companies and platforms named by a scope, sites on a referred
page, blank back pages, the issuer only in a footer graphic, and when OCR supplements a page.
Each kind is also drawn by fixtures/varied (extras.py) and checked end to end below."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image

from scopegap.domain import Evidence, SiteRef, TextValue
from scopegap.extract.document import extract_document
from scopegap.extract.iso.foreign_places import not_a_site
from scopegap.extract.iso.parties import issuer
from scopegap.extract.iso.scope_text import scope_blocks
from scopegap.extract.iso.windows import find_window
from scopegap.extract.places import address_city, cities_in
from scopegap.ingest.ocr import recognise
from scopegap.ingest.ocr_supplement import pages_to_supplement
from scopegap.ingest.page_image import blank_pages
from scopegap.ingest.pdf import TextPage, read_pdf
from scopegap.match.catalog import load_catalog

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # fixtures/ is not an installed package
    sys.path.insert(0, str(ROOT))

from fixtures.varied.layouts import render  # noqa: E402
from fixtures.varied.spec import build  # noqa: E402


def _page(text: str, number: int = 1) -> TextPage:
    return TextPage(number=number, text=text, width=595.0, height=842.0, has_text=True)


# --- dates -------------------------------------------------------------------------------------
def test_a_label_overlapping_another_is_retried() -> None:
    """"registration Date" must not swallow "Date of this Certificate" after the original
    label took "registration"."""
    text = ("17 September 2018 08 September 2021\n"
            "Date of initial registration Date of this Certificate Recertification Due\n"
            "16 September 2024")
    window = find_window([_page(text)], None)
    assert window.end is not None and window.end.value == date(2024, 9, 16)
    # without boxes the grid values cannot be placed: what is read is never a wrong role
    assert window.start is None or window.start.value == date(2021, 9, 8)


def test_registration_date_is_the_original_and_the_start_without_an_issue_date() -> None:
    alone = find_window([_page("Registration date: 06 May 2022\nExpiry date: 05 May 2025")],
                        None)
    assert alone.original is not None and alone.original.value == date(2022, 5, 6)
    assert alone.start is not None and alone.start.value == date(2022, 5, 6)
    both = find_window([_page("Registration date: 06 May 2019\nIssue date: 06 May 2022\n"
                              "Expiry date: 05 May 2025")], None)
    assert both.original is not None and both.original.value == date(2019, 5, 6)
    assert both.start is not None and both.start.value == date(2022, 5, 6)


def test_a_sentence_end_parts_a_label_from_a_later_date() -> None:
    text = ("Original certification date: 02 March 2019\nsurveillance audit not conducted, "
            "this certificate shall be cancelled.\n04 March 2022\nExpiry date: 03 March 2025")
    window = find_window([_page(text)], None)
    assert window.original is not None and window.original.value == date(2019, 3, 2)


def test_validity_of_a_sentence_is_no_expiry_label() -> None:
    text = ("Validity of this certificate is subject to surveillance.\n01 June 2020\n"
            "Issue date: 02 June 2023\nExpiry date: 01 June 2026")
    window = find_window([_page(text)], None)
    assert window.end is not None and window.end.value == date(2026, 6, 1)


# --- scope, places, parties ------------------------------------------------------------------
def test_scope_printed_below_other_fields() -> None:
    text = ("For the Scope of activities described below:\nCertificate No.: AB 123\nDirector\n"
            "HEAD OFFICE: 12 Station Road, Andheri (E), Pune 411001\nMAHARASHTRA, INDIA\n"
            "RECORDS STORAGE & SECURE SHREDDING SERVICES\n"
            "Validity of this certificate is subject to surveillance.")
    blocks = scope_blocks([_page(text)])
    assert [b.flat for b in blocks] == ["RECORDS STORAGE & SECURE SHREDDING SERVICES"]


def test_displaced_scope_read_by_ocr() -> None:
    """OCR parts paragraphs with blank lines, reads a stamp as "= NA", and wraps the last
    word of the scope onto a line of its own."""
    text = ("For the scope of activities described below:\n\nCertificate No.: 98-AIS\n\n= NA\n"
            "\nDirector\n\nCLAIMS ADMINISTRATION & RECORDS STORAGE\n\nThe operation of "
            "customer services delivered with Genesys Cloud CX and\nAPIs).\n\nValidity of this "
            "certificate is subject to surveillance.")
    (block,) = scope_blocks([_page(text)])
    assert block.flat == ("CLAIMS ADMINISTRATION & RECORDS STORAGE The operation of customer "
                          "services delivered with Genesys Cloud CX and APIs).")


def test_no_displaced_scope_when_none_is_printed() -> None:
    text = ("For the Scope of activities described below:\nCertificate No.: AB 123\n"
            "Validity of this certificate is subject to surveillance.")
    assert scope_blocks([_page(text)]) == []


@pytest.mark.parametrize(("line", "town"), [
    ("Plot 3, Gandhi Chowk, Kalwadi (E) District Ranmal - 401207 Maharashtra, India",
     ("Kalwadi", "IN")),
    ("SATIVALI ROAD, KHOPOLI (W) DIST. RAIGAD - 410203 MAHARASHTRA, INDIA", ("Khopoli", "IN")),
])
def test_town_before_a_district(line: str, town: tuple[str, str]) -> None:
    assert address_city(line, load_catalog()) == town


def test_a_street_named_after_a_town_is_no_town() -> None:
    found = cities_in("115 Washington Boulevard, Suite 342, Phoenix, Arizona 60541",
                      load_catalog())
    assert found == [("Phoenix", "US")]


@pytest.mark.parametrize(("evidence", "holder_name", "dropped"), [
    ("251 Little Falls Drive, Wilmington, Delaware 19808", "Acme Inc.", True),
    ("c/o Harvard Business Services Inc., 16192 Coastal Highway, Lewes, Delaware", "Acme", True),
    ("Registered agent: Acme Agents LLC, 1000 N West Street, Wilmington, DE", "Acme Inc.", True),
    ("XYZ is a trading name of Xylo Zeta Registrars Ltd, 4 Market Square, Leeds", "Acme", True),
    ("Bluewater Assurance Services SAS - 299 Innovation Way, Cambridge", "Acme Ltd", True),
    ("Acme Limited - 12 High Street, Leeds, United Kingdom", "ACME LTD", False),
    ("68 Mill Lane, 4368 Leeds, United Kingdom", "Acme Ltd", False),
    # a town and a date alone: the signing place, its label lost to OCR, its year cut
    ("Zaragoza 2.07.2", "Acme Ltd", True),
    ("Zaragoza, 12.07.2026", "Acme Ltd", True),
    ("Leeds 14 March 2026", "Acme Ltd", True),
    # a postcode is no date
    ("Zaragoza 50001", "Acme Ltd", False),
])
def test_other_parties_addresses_are_no_sites(evidence: str, holder_name: str,
                                              dropped: bool) -> None:
    site = SiteRef(name="X", city="X", country="GB", evidence=Evidence(1, evidence), kind="site")
    holder = TextValue(holder_name, Evidence(1, holder_name))
    assert not_a_site(site, None, load_catalog(), holder) is dropped


def test_issuer_property_sentence_and_spelled_acronym() -> None:
    text = ("QUALITY ASSESSMENT NETWORK LLP\n"
            "This Certificate is the property of QAN LLP and shall be returned.")
    found = issuer([_page(text)], load_catalog())
    assert found is not None and found.value == "QUALITY ASSESSMENT NETWORK LLP"


# --- pages -------------------------------------------------------------------------------------
def _pdf_with_blank_second_page(path: Path) -> None:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.text(20, 20, "Certificate of registration ISO/IEC 27001:2022 for Acme Ltd, Leeds")
    pdf.add_page()
    pdf.add_page()
    pdf.rect(20, 20, 80, 40, style="F")  # a graphic only: no text, yet not blank
    pdf.output(str(path))


def test_blank_pages_are_told_from_image_pages(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    _pdf_with_blank_second_page(path)
    assert blank_pages(str(path), [2, 3]) == {2}
    assert blank_pages(str(tmp_path / "missing.pdf"), [2]) == set()


def test_a_blank_back_page_earns_no_no_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    _pdf_with_blank_second_page(path)
    scope = extract_document(read_pdf(str(path)))
    assert scope.no_text_pages == (3,) and scope.blank_pages == (2,)
    not_read = [w for w in scope.warnings if "no text layer" in w]
    assert not_read and all("page(s) 3:" in w for w in not_read)  # the graphic page only


def test_ocr_reads_nothing_on_a_blank_image_without_tesseract() -> None:
    result = recognise(Image.new("RGB", (400, 600), "white"), scale=1.0, page_height=600.0,
                       languages="eng", timeout=5)
    assert result.text == "" and result.confidence is None


@pytest.mark.parametrize(("texts", "supplemented"), [
    (["Subprocessors\nAmazon Web Services, Inc. | Hosting | US"], False),
    (["ISO/IEC 27001:2022\nThis certificate remains the property of Acme Certification Ltd"],
     False),
    (["ISO/IEC 27001:2022\nCertificate of registration for Birchwood Data Ltd"], True),
    (["Certificate of registration for Birchwood Data Ltd\nIssued by Acme Registrars Ltd"],
     True),
])
def test_when_ocr_supplements_typed_pages(texts: list[str], supplemented: bool) -> None:
    pages = [_page(t, i) for i, t in enumerate(texts, 1)]
    assert bool(pages_to_supplement(pages)) is supplemented


# --- the generator's kinds, end to end ---------------------------------------------------------
def _extract(seed: int, tmp_path: Path) -> tuple[object, dict[str, object]]:
    spec = build(seed)
    path = tmp_path / f"{spec.stem}.pdf"
    path.write_bytes(bytes(render(spec).output()))
    scope = extract_document(read_pdf(str(path)))
    return spec, {
        "window": (scope.window_start.value if scope.window_start else None,
                   scope.window_end.value if scope.window_end else None),
        "original": scope.original_date.value if scope.original_date else None,
        "sites": {s.city for s in scope.sites},
        "systems": {s.name for s in scope.systems},
        "scope": scope.scope_text.value if scope.scope_text else "",
        "no_text": scope.no_text_pages,
    }


# dev seeds that draw each kind (fixtures/varied/extras.py): grids below/above/squashed,
# designed covers, district towns, registered agents with a blank page
KIND_SEEDS = [4, 5, 10, 17, 31, 46, 54, 57]


@pytest.mark.parametrize("seed", KIND_SEEDS)
def test_generated_kinds_are_read(seed: int, tmp_path: Path) -> None:
    spec, got = _extract(seed, tmp_path)
    assert got["window"] == (spec.issue, spec.expiry)  # type: ignore[attr-defined]
    if spec.original:  # type: ignore[attr-defined]
        assert got["original"] == spec.original  # type: ignore[attr-defined]
    extras = spec.extras  # type: ignore[attr-defined]
    sites = got["sites"]
    assert isinstance(sites, set)
    assert {s.city.name for s in spec.sites[:2]} <= sites  # type: ignore[attr-defined]
    if extras.agent:
        assert extras.agent.city.split(",")[0] not in sites
        assert extras.platform in got["systems"]  # type: ignore[operator]
        assert got["no_text"] == ()
    for service in extras.services:
        assert service.upper() in str(got["scope"]).upper()


def test_the_kinds_are_drawn() -> None:
    specs = [build(seed) for seed in KIND_SEEDS]
    assert {s.extras.date_grid for s in specs} >= {"below", "above", "squashed"}
    assert any(s.layout == "designed" for s in specs)
    assert any(s.extras.agent for s in specs)
    assert any(s.extras.district_towns for s in specs)


# --- what OCR does to these kinds ----------------------------------------------------------
def test_a_signing_line_after_a_seal_glyph_is_no_site() -> None:
    site = SiteRef(name="Quezon City, Philippines", city="Quezon City", country="PH",
                   evidence=Evidence(1, "* Place and date: Quezon City, 26.09.2023"), kind="site")
    assert not_a_site(site, None, load_catalog(), None)


def test_an_exclusion_whose_accent_ocr_lost_still_excludes() -> None:
    from scopegap.nlp.pipeline import analyse

    doc = analyse("Prestation de services avec NICE Perform, a l'exclusion de SAP Service "
                  "Cloud.", load_catalog())
    excluded = {e.text for e in doc.ents if e._.excluded_by}
    assert "SAP Service Cloud" in excluded and "NICE Perform" not in excluded


def test_a_grid_header_row_takes_values_from_under_each_label() -> None:
    """OCR of a two-column grid: "Date d'émission _ Date d'expiration" over both values;
    the expiry label must not take the first column's date just below and left of it."""
    from array import array

    text = "Date d'émission _ Date d'expiration\n13 juillet 2023 13 juillet 2026"
    boxes = array("f")
    line1, line2 = text.split("\n")
    for i, _ in enumerate(line1):  # labels: issue from x 60, expiry from x 300 (top-down y 600)
        x = 60 + i * 5 if i < 17 else 300 + (i - 17) * 5
        boxes.extend((x, 842 - 608, x + 4, 842 - 600))
    boxes.extend((0.0, 0.0, 0.0, 0.0))  # the line break
    for i, _ in enumerate(line2):  # values: first column from x 60, second from x 300
        x = 60 + i * 5 if i < 16 else 300 + (i - 16) * 5
        boxes.extend((x, 842 - 622, x + 4, 842 - 614))
    page = TextPage(number=1, text=text, width=595.0, height=842.0, has_text=True, boxes=boxes)
    window = find_window([page], None)
    assert window.start is not None and window.start.value == date(2023, 7, 13)
    assert window.end is not None and window.end.value == date(2026, 7, 13)
