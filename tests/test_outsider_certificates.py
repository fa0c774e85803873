"""Outsider certificates (issue 12, family 5): layouts our other generators never drew
(fixtures/generate_certs_outsider.py) and the readings they needed. The generator is checked
against itself (deterministic, every feature drawn, the truth printed); the extractor reads
every field of development seeds and never takes a trap city (the certification body's
footer, the accreditation body's block beside the holder, the signing place, a site added
only from a later date) for a site. Table-driven rows pin each reading on its own."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import yaml

from scopegap.extract.document import extract_path
from scopegap.extract.iso.later_sites import added_later
from scopegap.extract.iso.numbers import certificate_number
from scopegap.extract.iso.parties import holder, issuer, short_form
from scopegap.extract.iso.windows import find_window
from scopegap.ingest.pdf import TextPage
from scopegap.match.catalog import load_catalog

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # fixtures/ is not an installed package
    sys.path.insert(0, str(ROOT))

from fixtures.generate_certs_outsider import generate  # noqa: E402
from fixtures.outsider.render import render  # noqa: E402
from fixtures.outsider.spec import build  # noqa: E402

# Development seeds: a future site and an excluded tool with a 4-column grid (0), two
# countries and the scope list's last item alone on page 2 (1), a 2013 edition with ordinal
# dates (9), three countries and month-first dates (10), US sites (29).
SEEDS = [0, 1, 9, 10, 29]


def _pages(text: str) -> list[TextPage]:
    return [TextPage(number=1, text=text, width=595.0, height=842.0, has_text=True)]


def _text(data: bytes) -> str:
    doc = pdfium.PdfDocument(data)
    try:
        return " ".join(" ".join(doc[i].get_textpage().get_text_range().split())
                        for i in range(len(doc)))
    finally:
        doc.close()


def test_seeds_draw_every_feature() -> None:
    specs = [build(seed) for seed in range(40)]
    assert {s.columns for s in specs} == {3, 4}
    assert len({s.lang for s in specs}) >= 4
    assert any(s.future for s in specs) and any(not s.future for s in specs)
    assert any(s.excluded_tool for s in specs)
    assert any("/" in s.cert_no for s in specs) and any("." in s.cert_no for s in specs)
    assert any("trading name of" in s.holder_line for s in specs)
    assert any(len({site.city.country for site in s.sites}) >= 2 for s in specs)
    assert any(s.split < len(s.items) - 1 for s in specs)  # the list runs onto page 2


@pytest.mark.parametrize("seed", SEEDS)
def test_the_truth_is_printed(seed: int) -> None:
    spec = build(seed)
    data = bytes(render(spec).output())
    assert data == bytes(render(build(seed)).output())
    text = _text(data)
    for printed in (spec.cert_no, spec.trading, spec.legal, spec.body_legal, spec.ab_name,
                    spec.fmt(spec.issue), spec.fmt(spec.expiry)):
        assert printed in text
    for site in spec.sites:
        assert site.city.name in text
    for _, printed in spec.tools:
        assert printed in text
    assert set(spec.traps).isdisjoint(site.city.name for site in spec.sites)


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("outsider")
    generate(out, SEEDS)
    return out


def _case(root: Path, seed: int) -> tuple[Path, dict[str, Any]]:
    folder = root / f"outsider_{seed:05d}"
    case = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    return folder / f"outsider_{seed:05d}.pdf", case


@pytest.mark.parametrize("seed", SEEDS)
def test_every_field_of_an_outsider_certificate(cases: Path, seed: int) -> None:
    pdf, case = _case(cases, seed)
    want = case["expect"]["documents"][pdf.name]
    got = extract_path(pdf)
    assert got.kind == want["kind"]
    assert [s.label for s in got.standards] == want["standards"]
    assert got.holder is not None and got.holder.value == want["holder"]
    assert got.issuer is not None and got.issuer.value == want["issuer"]
    assert got.certificate_number is not None
    assert got.certificate_number.value == want["certificate_number"]
    assert got.window_start is not None and got.window_start.value == want["window"]["start"]
    assert got.window_end is not None and got.window_end.value == want["window"]["end"]
    assert sorted(s.city or "" for s in got.sites) == sorted(want["sites"])
    assert sorted(s.name for s in got.systems) == sorted(want["systems"])
    spec = build(seed)
    assert set(spec.traps).isdisjoint(s.city for s in got.sites)
    if spec.future:  # the site added later is named in a warning, with its wording
        town = spec.future[0].name
        assert any(town in w and "later date" in w for w in got.warnings)


LATER = [
    # text, town, issue date, dated (not covered) or not
    ("and, from February 2027, the Genoa delivery centre", "Genoa", date(2024, 7, 31), True),
    ("the Kyiv site is included from 01.09.2027", "Kyiv", date(2026, 6, 2), True),
    ("extension to Casablanca from May 2027", "Casablanca", date(2026, 6, 2), True),
    ("contact centres in Manila and, from 1 March 2027, Cebu", "Cebu", date(2026, 6, 2), True),
    # the list's first town is not dated by its second's start
    ("contact centres in Manila and, from 1 March 2027, Cebu", "Manila", date(2026, 6, 2),
     False),
    ("contact centres in Manila and Cebu from 1 March 2027", "Manila", date(2026, 6, 2), False),
    # a start on or before the issue date: in scope now
    ("contact centres in Manila and Cebu from 1 March 2020", "Cebu", date(2026, 6, 2), False),
    # a dated start with no issue date read: the safe side
    ("Cebu from 1 March 2027", "Cebu", None, True),
    # a window sentence after the site is not the site's start
    ("operations in Leeds. This certificate is valid from 1 March 2027 until 28 February "
     "2030", "Leeds", date(2026, 6, 2), False),
    ("Cebu (from 1. März 2027)", "Cebu", date(2026, 6, 2), True),
    # a year alone: later only when after the issue year
    ("Cebu City, Philippines (from 2027)", "Cebu City", date(2026, 6, 2), True),
    ("Cebu City, Philippines (from 2026)", "Cebu City", date(2026, 6, 2), False),
    ("Cebu City, Philippines (from 2019)", "Cebu City", date(2026, 6, 2), False),
]


@pytest.mark.parametrize(("text", "town", "issued", "dated"), LATER)
def test_sites_added_from_a_later_date(text: str, town: str, issued: date | None,
                                       dated: bool) -> None:
    assert (added_later(text, town, issued) is not None) is dated


def test_a_later_site_is_dropped_under_the_spelling_the_scope_prints() -> None:
    from scopegap.domain import Evidence, SiteRef
    from scopegap.extract.iso.contents import _drop_later_sites

    text = "contact centres in Manila and, from 1 March 2027, Cebu"
    sites = (SiteRef("Manila, Philippines", Evidence(1, text), "Manila", "PH"),
             SiteRef("Cebu City, Philippines", Evidence(1, text), "Cebu City", "PH"))
    kept, warnings = _drop_later_sites(sites, date(2026, 6, 2), load_catalog())
    assert [site.name for site in kept] == ["Manila, Philippines"]
    assert len(warnings) == 1 and "Cebu City" in warnings[0]


WINDOWS = [
    # dates above their labels, each on its own line
    ("4 sites, see the annex\nFebruary 28, 2026\nCurrent issue date\nFebruary 28, 2029\n"
     "Expiry date\nPlace and date: Dallas, February 28, 2026", "2026-02-28", "2029-02-28"),
    ("28.02.2026\nDate of issue:\n27.02.2029\nExpiry date:\n", "2026-02-28", "2029-02-27"),
    # values under wrapped labels: a date after a label's last line is that label's
    ("Fecha de\ncertificación\ninicial\n24/09/2023\nFecha de emisión\n24/09/2023\nFecha de\n"
     "caducidad\n23/09/2026", "2023-09-24", "2026-09-23"),
    ("Issue date\n15 March 2024\nExpiry date\n14 March 2027", "2024-03-15", "2027-03-14"),
    # validity in prose
    ("This certificate is valid from 12th March 2025 until 11th March 2028, subject to "
     "surveillance.", "2025-03-12", "2028-03-11"),
    ("Validity: from 2024-07-31 until 2027-07-27 provided that the system is maintained.",
     "2024-07-31", "2027-07-27"),
]


@pytest.mark.parametrize(("text", "start", "end"), WINDOWS)
def test_windows(text: str, start: str, end: str) -> None:
    window = find_window(_pages(text), None)
    assert window.start is not None and window.start.value.isoformat() == start
    assert window.end is not None and window.end.value.isoformat() == end


NUMBERS = [
    ("Número de certificado / Certificate number XA 27 860328 \nFecha", "XA 27 860328"),
    ("Registriernummer Registration no. CERT-2025/0412.01\n", "CERT-2025/0412.01"),
    ("N° de certificat Certificate No. BJX 05058/ISMS\n", "BJX 05058/ISMS"),
    ("Certificaatnummer Certificate number IS 825385\n", "IS 825385"),
    ("Certificate number: ISMS/826/22.1541\n", "ISMS/826/22.1541"),
    # a revision letter after a number whose groups are joined by marks
    ("Registriernummer Registration no. WD-69.586.9847 A\n", "WD-69.586.9847 A"),
    ("Certificate number: 123456 A\n", "123456"),
]


@pytest.mark.parametrize(("text", "number"), NUMBERS)
def test_certificate_numbers(text: str, number: str) -> None:
    found = certificate_number(_pages(text))
    assert found is not None and found.value == number


@pytest.mark.parametrize(("printed", "legal"), [
    ("Zephyr Outsourcing Services S.à r.l., trading as Zephyr Outsourcing",
     "Zephyr Outsourcing Services S.à r.l."),
    ("Marlowe Digital Technologies Inc t/a Marlowedigital", "Marlowe Digital Technologies Inc"),
    ("Ironbark Technologies (a trading name of Ironbark Data Technologies S.A.C.)",
     "Ironbark Data Technologies S.A.C."),
    ('Acme Contact Ltd (trading as "Acme Connect")', "Acme Contact Ltd"),
    ("Vantage Service Partners Private Limited, trading", "Vantage Service Partners Private "
     "Limited"),  # "as Vantage Service" wrapped onto the next line
    ("Acme Contact Ltd", "Acme Contact Ltd"),
    ("Zhejiang Foo Trading Co., Ltd.", "Zhejiang Foo Trading Co., Ltd."),
])
def test_the_legal_name_is_the_holder(printed: str, legal: str) -> None:
    assert short_form(printed) == legal


def test_an_acronym_known_only_as_an_accreditation_body_is_spelled_out() -> None:
    text = ("SAS — Silverbirch Audit Services Ltd.\nCERTIFICADO\nSe certifica que\nQuarry Hill "
            "Contact Technologies L.L.P.\nSigned for SAS\nSilverbirch Audit Services Ltd., 46 "
            "Station Road, 36846 Cartagena, Colombia. www.sas-cert.example")
    found = issuer(_pages(text), load_catalog())
    assert found is not None and found.value == "Silverbirch Audit Services Ltd."


@pytest.mark.parametrize(("text", "name"), [
    ("ZERTIFIKAT / CERTIFICATE\nOrganisation / Organisation ACME DATA SERVICES LTD\nAdresse\n"
     "12 High Street, 5219 Graz, Austria", "ACME DATA SERVICES LTD"),
    ("Titulaire / Holder\nAcme Contact SAS, trading as Acme Connect\n12 rue Haute\n"
     "75001 Paris", "Acme Contact SAS"),
])
def test_holder_under_a_bilingual_label(text: str, name: str) -> None:
    found = holder(_pages(text), load_catalog(), None)
    assert found is not None and found.value == name
