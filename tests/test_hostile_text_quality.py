"""Garbled text layers (a scanner's own poor OCR) are judged not language and never read."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from fpdf import FPDF
from hypothesis import given
from hypothesis import strategies as st

from scopegap.cli import main
from scopegap.extract.document import extract_path
from scopegap.ingest.pdf import read_pdf
from scopegap.ingest.text_quality import SAMPLE_CHARS, judge_text, quality_rules

LANGUAGE = [
    ("english", "This is to certify that the information security management system of "
     "Harrowgate Contact Services Ltd has been assessed and found to conform to the "
     "requirements of ISO/IEC 27001:2022 for the provision of contact centre services."),
    ("turkish", "Bu belge, kuruluşun bilgi güvenliği yönetim sisteminin aşağıdaki standardın "
     "şartlarını karşıladığını ve yıllık gözetim denetimlerinden geçtiğini doğrulamaktadır."),
    ("russian", "Настоящий сертификат удостоверяет, что система менеджмента информационной "
     "безопасности организации соответствует требованиям стандарта и проверяется ежегодно."),
    ("german", "Hiermit wird bescheinigt, dass das Managementsystem für Informationssicherheit "
     "der Firma die Anforderungen der Norm erfüllt und jährlich überwacht wird."),
    ("codes and acronyms", "Certificate No: IS 707439 CNC ISMS SoA v2.0 AWS eu-west-2 "
     "Azure uksouth GitHub PureCloud SuccessFactors APIs CUECs www.example.com "
     "info@example.com 01/02/2026 the services are delivered from London and Manila."),
    # scripts without letter case, alone or beside English (PDFium may give RTL words reversed)
    ("bilingual arabic", "CERTIFICATE / شهادة دهشن بأن نظام إدارة نمأ المعلومات ةكرشل This is "
     "to certify that the Information Security Management System of Nile Contact Solutions "
     "ةكرش لينلا لحلول الاتصال ش.م.م Certificate No. / الشهادة مقر EG-ISMS-40217 خيرات"),
    ("hebrew", "תעודה זו מאשרת כי מערכת ניהול אבטחת המידע של החברה עומדת בדרישות התקן "
     "ומבוקרת מדי שנה על ידי גוף ההסמכה"),
    ("chinese", "兹证明 该组织的信息安全管理体系 符合 标准要求 "
     "认证范围 客户联络中心服务 证书编号 有效期至"),
    ("a site table", "Location Registered Activities 8 Devonshire Square London EC2M 4PL "
     "United Kingdom Software consultancy and development services throughout the UK"),
]
GARBAGE = [
    ("scanner noise", "BeIgelendirme cenİlıcqıe Nambef SPooNs BAcS ctrvnNı yöxrriıvı sisrrıvıi "
     "INT,ORMATION Cefıırtcak lş§ue Daıe Valİdııy Dote Peıioıl dffi yftlfuM qğ.M oödğft,ne "
     "ntmn fu.lİ€lğ BJ b3lr€m dıüoyd h.İk aft difuktr Aı«)(»57 ıLRS lLAS_]VI5"),
    ("caesar-shifted font", "Wklv lv wr fhuwlib wkdw wkh lqirupdwlrq vhfxulwb pdqdjhphqw "
     "vbvwhp ri wkh frpsdqb kdv ehhq dvvhvvhg dqg irxqg wr frqirup zlwk wkh vwdqgdug"),
    ("symbol soup", "¤¦ §¶ •÷ ×± ¢£ ¥¬ ^~ {} <> |¦ ¤¤ §§ ¶¶ •• ÷÷ ×× ±± ¢¢ ££ ¥¥ ¬¬ ^^ ~~ "
     "{{ }} << >> || ¦¦ ¤¦ §¶ •÷ ×± ab"),
    ("mixed case noise", "tHe sCoPe oF tHiS cErTiFiCaTe CoVeRs ThE pRoViSiOn Of CoNtAcT "
     "cEnTrE sErViCeS fRoM mAnIlA aNd CaPe ToWn UsInG gEnEsYs ClOuD cX pLaTfOrM"),
]


@pytest.mark.parametrize(("label", "text"), LANGUAGE, ids=[x[0] for x in LANGUAGE])
def test_language_is_kept(label: str, text: str) -> None:
    quality = judge_text(text)
    assert not quality.garbage, (label, quality)


@pytest.mark.parametrize(("label", "text"), GARBAGE, ids=[x[0] for x in GARBAGE])
def test_garbage_is_recognised(label: str, text: str) -> None:
    assert judge_text(text).garbage, label


def test_too_few_words_are_not_judged() -> None:
    quality = judge_text("BAcS oF SPooNs")
    assert quality.word_share is None and not quality.garbage


@given(st.text(max_size=2000))
def test_judging_any_text_never_fails(text: str) -> None:
    quality = judge_text(text)
    assert quality.word_share is None or 0.0 <= quality.word_share <= 1.0
    assert 0.0 <= quality.symbol_share <= 1.0


@given(st.lists(st.sampled_from([t for _, t in LANGUAGE]), min_size=1, max_size=4))
def test_joined_language_stays_language(texts: list[str]) -> None:
    assert not judge_text("\n".join(texts)).garbage


def _pdf(path: Path, text: str) -> Path:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 7, text)
    path.write_bytes(bytes(pdf.output()))
    return path


def test_garbled_page_is_not_read_and_gets_a_finding(tmp_path: Path) -> None:
    noise = ("Certiflcate No: Aı)(57 Explry Dote: 19.o3.2021 ISO/IEC 2700|z2023 "
             "cenIlıcqıe Nambef SPooNs BAcS ctrvnNı sisrrıvıi Cefıırtcak lş Daıe Valİdııy "
             "Peıioıl dffi yftlfuM qğM oödğftne ntmn BJ dıüoyd hİk aft difuktr ıLRS BeIge")
    target = _pdf(tmp_path / "scan.pdf", noise.encode("latin-1", "replace").decode("latin-1"))
    page = read_pdf(target).pages[0]
    assert page.quality == "garbled" and page.text == "" and not page.has_text
    scope = extract_path(target)
    assert scope.kind == "unknown" and scope.window_end is None
    assert any("garbled text layer" in w for w in scope.warnings)
    result = CliRunner().invoke(main, ["extract", str(target), "--format", "json",
                                       "--as-of", "2026-01-01"])
    finding = json.loads(result.stdout)["findings"][0]
    assert finding["kind"] == "no_text_layer" and finding["severity"] == "high"
    assert "--ocr" in finding["message"]


def test_realdocs_garbled_layer_and_clean_layers(realdocs: Path) -> None:
    """The one scan with a garbled layer is caught; no real text page is mistaken for one."""
    garbled = read_pdf(realdocs / "kismetplastik_ISO27001.pdf").pages[0]
    assert garbled.layer == "garbled"
    for path in sorted(realdocs.glob("*.pdf")):
        if path.name == "kismetplastik_ISO27001.pdf":
            continue
        for page in read_pdf(path).pages:
            assert page.layer != "garbled", (path.name, page.number)


def test_thresholds_come_from_the_data_file() -> None:
    rules = quality_rules()
    assert 0 < rules.min_word_share < 1 and rules.min_words > 0


def test_a_hyphen_that_ends_a_line_stays_a_hyphen(tmp_path: Path) -> None:
    """PDFium reports "AIS-" at a line end as U+FFFE: a number broken in a narrow cell is
    read whole, with its hyphen, and the page offsets still match the characters."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    pdf.text(20, 20, "Certificate number 165976-2020-AIS-")
    pdf.text(20, 25, "ZUZ valid until 2027")
    path = tmp_path / "hyphen.pdf"
    pdf.output(str(path))
    page = read_pdf(str(path)).pages[0]
    assert "165976-2020-AIS-ZUZ" in page.text
    assert "\ufffe" not in page.text


def _shares_by_character(text: str) -> float:
    """The symbol share counted character by character (str.isspace, str.isalnum): what the
    regex count in judge_text must equal."""
    punctuation = quality_rules().punctuation
    sample = text[:SAMPLE_CHARS]
    visible = sum(1 for char in sample if not char.isspace())
    symbols = sum(1 for char in sample if not char.isspace() and not char.isalnum()
                  and char not in punctuation)
    return round(symbols / visible, 4) if visible else 0.0


def test_symbol_share_counts_every_code_point_as_str_methods_do() -> None:
    every = "".join(chr(code) for code in range(sys.maxunicode + 1))
    for start in range(0, len(every), SAMPLE_CHARS):
        chunk = every[start : start + SAMPLE_CHARS]
        assert judge_text(chunk).symbol_share == _shares_by_character(chunk), hex(start)
    for text in ("Scope: ISMS_core v2 — 100 %", "a\u00a0b\u2009c\u3000d __ !!", ""):
        assert judge_text(text).symbol_share == _shares_by_character(text)
