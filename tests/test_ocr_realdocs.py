"""OCR of real scanned certificates (../shared/realdocs; skipped without them or Tesseract).

Each cell is one field of one scan as a reviewer reads it off the page image (MANIFEST.tsv):
the Turkish and Russian labels, names printed over several lines and bilingual layouts are
read by `scopegap extract --ocr --ocr-lang ...`, and every value says it came from OCR.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scopegap.cli import main
from scopegap.domain import DocumentScope
from scopegap.extract.document import extract_path
from scopegap.extract.iso.numbers import certificate_number
from scopegap.extract.iso.parties import holder
from scopegap.extract.iso.standards import find_standards
from scopegap.extract.iso.windows import find_window
from scopegap.ingest.ocr import ocr_unavailable
from scopegap.ingest.pdf import TextPage
from scopegap.match.catalog import load_catalog
from scopegap.settings import Settings

REALDOCS = Path(__file__).resolve().parent.parent.parent / "shared" / "realdocs"

# file: (Tesseract languages, kind, standards, holder as printed, certificate number, expiry)
SCANS: dict[str, tuple[str, str, list[str], str, str | None, str]] = {
    "mcsistem_iso-27001-en.pdf": (
        "eng", "iso27001_certificate", ["ISO/IEC 27001:2022"],
        "MC Sistem Elektronik Elektrik Mühendislik İnşaat Taahhüt Sanayi ve Ticaret A.Ş.",
        "BG-78408", "2026-07-06"),
    "mcsistem_iso-27001-tr.pdf": (
        "tur+eng", "iso27001_certificate", ["ISO/IEC 27001:2022"],
        "MC Sistem Elektronik Elektrik Mühendislik İnşaat Taahhüt Sanayi ve Ticaret A.Ş.",
        "BG-78408", "2026-07-06"),
    "transline_ISO27001.pdf": (
        "rus+eng", "iso27001_certificate", ["ISO/IEC 27001:2013"],
        "ТОО «Транслайн»",  # printed in the dative under its long form: reported short
        "РОСС RU.ОШ01.ОС09.СМК.00525", "2024-10-14"),
    "noval_aeroethics_iso-9001.pdf": (
        "eng", "iso_certificate", ["ISO 9001:2015"], "Noval Aeroethics", "26DQPL18",
        "2029-02-12"),
    # Prints the nonexistent edition 2023: reported as printed, with a warning.
    "kismetplastik_ISO27001.pdf": (
        "tur+eng", "iso27001_certificate", ["ISO/IEC 27001:2023"],
        "Kismet Plastik Kozmetik Ambalaj ve Kalıp Sanayi Ticaret Limited Şirketi",
        "A1600957", "2027-03-19"),
}
# Tesseract misreads this number on the page image (mixed Latin/Cyrillic "RU.ОШ01"): the number
# must then be left out, never cut short or guessed.
NUMBER_MISREAD = {"transline_ISO27001.pdf"}

_SCOPES: dict[str, DocumentScope] = {}


def _scan(name: str) -> DocumentScope:
    """The document read with --ocr, once per test run (OCR takes seconds a page)."""
    languages = SCANS[name][0]
    if not (REALDOCS / name).is_file():
        pytest.skip("../shared/realdocs is not present")
    unavailable = ocr_unavailable(languages)
    if unavailable:
        pytest.skip(unavailable)
    if name not in _SCOPES:
        settings = Settings(ocr=True, ocr_languages=languages)
        _SCOPES[name] = extract_path(REALDOCS / name, settings=settings)
    return _SCOPES[name]


@pytest.mark.parametrize("name", SCANS)
def test_kind_and_standards(name: str) -> None:
    _, kind, standards, *_ = SCANS[name]
    scope = _scan(name)
    assert scope.kind == kind
    assert [s.label for s in scope.standards] == standards
    assert all(s.evidence.source == "ocr" for s in scope.standards)


# The English MC Sistem scan's holder, once read as its last line only ("SANAYI VE TICARET
# A-.S."), comes out whole since the OCR line cut and re-reading fixes of issue 12 family 8.
@pytest.mark.parametrize("name", SCANS)
def test_holder(name: str) -> None:
    expected = SCANS[name][3]
    scope = _scan(name)
    catalog = load_catalog()
    assert scope.holder is not None
    assert catalog.normalise(scope.holder.value) == catalog.normalise(expected)
    assert scope.holder.evidence.source == "ocr"


@pytest.mark.parametrize("name", sorted(set(SCANS) - NUMBER_MISREAD))
def test_certificate_number(name: str) -> None:
    scope = _scan(name)
    assert scope.certificate_number is not None
    assert scope.certificate_number.value == SCANS[name][4]
    assert scope.certificate_number.evidence.source == "ocr"


@pytest.mark.parametrize("name", sorted(NUMBER_MISREAD))
def test_misread_number_is_left_out_not_cut_short(name: str) -> None:
    number = _scan(name).certificate_number
    assert number is None or number.value == SCANS[name][4]


@pytest.mark.parametrize("name", SCANS)
def test_expiry(name: str) -> None:
    scope = _scan(name)
    assert scope.window_end is not None
    assert scope.window_end.value.isoformat() == SCANS[name][5]
    assert scope.window_end.evidence.source == "ocr"


def test_cli_reports_the_printed_nonexistent_edition_with_its_warning() -> None:
    name = "kismetplastik_ISO27001.pdf"
    scope = _scan(name)  # skips without the document or Tesseract's Turkish
    assert scope.kind == "iso27001_certificate"
    result = CliRunner().invoke(main, [
        "extract", "--ocr", "--ocr-lang", "tur+eng", "--format", "json", "--fail-on", "never",
        str(REALDOCS / name)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)["documents"][0]
    assert document["standards"] == ["ISO/IEC 27001:2023"]
    assert document["certificate_number"] == "A1600957"
    assert document["window"]["end"] == "2027-03-19"
    assert any("no edition 2023 of ISO/IEC 27001 exists" in w for w in document["warnings"])
    assert any("read by OCR" in w for w in document["warnings"])


# Invented certificates in the layouts of the scans above, so the multilingual cues are tested
# where the real documents or Tesseract are absent.
# text: (holder, certificate number, standards, expiry)
LAYOUTS: list[tuple[str, tuple[str | None, str | None, list[str], str | None]]] = [
    ("ISO 27001 : 2022\n\nANADOLU VERİ HİZMETLERİ\nBİLİŞİM SANAYİ VE TİCARET A.Ş.\n\n"
     "Atatürk Mahallesi Lale Sk. No: 7 Kadıköy İSTANBUL\n\n"
     "Bu sertifika yukarıdaki kuruluşa ait bilgi güvenliği yönetim sistemini onaylar.\n\n"
     "Sertifika No : TR-5521\nTescil Tarihi : 01.02.2025\nGeçerlilik Tarihi : 31.01.2028\n",
     ("ANADOLU VERİ HİZMETLERİ BİLİŞİM SANAYİ VE TİCARET A.Ş.", "TR-5521",
      ["ISO/IEC 27001:2022"], "2028-01-31")),
    ("CERTIFICATE\n\nDENİZ AMBALAJ\nTİCARET LİMİTED ŞİRKETİ\n\nORGANİZE SANAYİ MAH. 3 BLOK\n"
     "TUZLA/ İSTANBUL\n\nKuruluşunun “AMBALAJ ÜRETİMİ” Kapsamı için\n\n"
     "ISO/TEC 27001:2013\n\n"
     "Sertifika Numarası / Certificate Number : B7700123\n"
     "Sertifika Yayın Tarihi / Certificate Issue Date : 02.05.2024\n"
     "Sertifika Geçerlilik Tarihi / Certificate Validity Date : 01.05.2027\n",
     ("DENİZ AMBALAJ TİCARET LİMİTED ŞİRKETİ", "B7700123", ["ISO/IEC 27001:2013"],
      "2027-05-01")),
    ("СЕРТИФИКАТ СООТВЕТСТВИЯ\n№ РОСС RU.АБ01.ОС02.СМК.00123\n\n"
     "Выдан: Обществу с ограниченной ответственностью\n«Север-Логистик»\n\n"
     "Адрес: 101000, г. Москва, ул. Лесная, дом 5\n"
     "соответствует требованиям\n\nГОСТ Р ИСО/МЭК 27001-2021\n\n"
     "Выдан 01.03.2023 г. Действителен до 28.02.2026 г.\n",
     ("ООО «Север-Логистик»",  # the long form in the dative, reported short
      "РОСС RU.АБ01.ОС02.СМК.00123", ["ISO/IEC 27001:2013"], "2026-02-28")),
    # An OCR misread that cuts the number's token short: no number rather than half of one.
    ("Сертификат соответствия № РОСС RU.АБ01.ОС02.СМК.о0123\nСрок действия до 14 октября "
     "2024 г.\nISO/IEC 27001-2013\n",
     (None, None, ["ISO/IEC 27001:2013"], "2024-10-14")),
]


@pytest.mark.parametrize(("text", "expected"), LAYOUTS)
def test_multilingual_layouts(
    text: str, expected: tuple[str | None, str | None, list[str], str | None]
) -> None:
    pages = (TextPage(number=1, text=text, width=595.0, height=842.0, has_text=True),)
    name, number, standards, expiry = expected
    found = holder(pages, load_catalog(), None)
    assert (found.value if found else None) == name
    cert = certificate_number(pages)
    assert (cert.value if cert else None) == number
    assert [s.label for s in find_standards(pages).certified] == standards
    window = find_window(pages, None)
    assert (window.end.value.isoformat() if window.end else None) == expiry
