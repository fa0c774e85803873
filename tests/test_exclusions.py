"""The exclusion component (ConText-style): which entities a trigger takes out of scope.

Every phrasing of the issue is here, with the entities it must reach and the ones it must not,
so a change to ``models/patterns/exclusions.yaml`` that widens or narrows a reach shows up.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scopegap.match.catalog import load_catalog
from scopegap.nlp.pipeline import analyse


def _excluded(text: str) -> tuple[set[str], set[str]]:
    doc = analyse(text, load_catalog())
    out = {e.text for e in doc.ents if e._.excluded_by}
    kept = {e.text for e in doc.ents if not e._.excluded_by}
    return out, kept


@pytest.mark.parametrize(
    ("text", "excluded", "kept"),
    [
        ("Services from Manila, excluding Cebu.", {"Cebu"}, {"Manila"}),
        ("Services from Manila, with the exception of Cebu.", {"Cebu"}, {"Manila"}),
        ("Services from Manila. Cebu is excluded from the scope.", {"Cebu"}, {"Manila"}),
        ("Services from Manila. Cebu is out of scope.", {"Cebu"}, {"Manila"}),
        ("All sites in the Philippines other than Cebu.", {"Cebu"}, {"Philippines"}),
        ("The scope covers Leeds. It does not include Belfast.", {"Belfast"}, {"Leeds"}),
        ("Delivery from Manila, excluding the Cebu and Davao sites.", {"Cebu", "Davao"},
         {"Manila"}),
        ("Delivery from Manila, excluding Cebu, Davao and Iloilo.", {"Cebu", "Davao", "Iloilo"},
         {"Manila"}),
        ("Services on Zendesk Support (not in scope) and Five9.", {"Zendesk Support"},
         {"Five9"}),
        ("Services on Five9 except for Talkdesk.", {"Talkdesk"}, {"Five9"}),
        ("Microsoft Dynamics 365 is out of scope.", {"Dynamics 365"}, set()),
        ("Hosting in AWS eu-west-2, excluding AWS us-east-1.", {"us-east-1"}, {"eu-west-2"}),
        ("Services from Leeds. Belfast falls outside the scope.", {"Belfast"}, {"Leeds"}),
        ("Services from Leeds. Belfast is not part of the scope.", {"Belfast"}, {"Leeds"}),
        # what the certification stops short of, is not yet in, or has left
        ("Services on Five9. The certification does not extend to Zendesk Suite.",
         {"Zendesk Suite"}, {"Five9"}),
        ("Services on Five9. Migration to Zendesk Suite is planned for 2027.",
         {"Zendesk Suite"}, {"Five9"}),
        ("Services on Five9. Zendesk Suite is being evaluated.", {"Zendesk Suite"}, {"Five9"}),
        ("Services on Five9 (Zendesk Suite pending inclusion).", {"Zendesk Suite"}, {"Five9"}),
        ("Services on Five9. Zendesk Suite will be included from 2027.", {"Zendesk Suite"},
         {"Five9"}),
        ("Services from Manila. Cebu operations are not certified.", {"Cebu"}, {"Manila"}),
        ("Services from Manila. Certification of Cebu is in progress.", {"Cebu"}, {"Manila"}),
        ("Services from Manila, with support from a partner in Cebu.", {"Cebu"}, {"Manila"}),
        ("Services from Manila; a recovery site in Cebu is operated by a third party.",
         {"Cebu"}, {"Manila"}),
        ("Services from Manila, formerly from Cebu.", {"Cebu"}, {"Manila"}),
        ("Services from Manila, previously delivered from Cebu.", {"Cebu"}, {"Manila"}),
        # a move still to come, a customer's optional integration, a trial, turned down
        ("Services on Five9. Acme will move its contact centre to Zendesk Suite after the "
         "period.", {"Zendesk Suite"}, {"Five9"}),
        ("Services on Five9. Acme plans to migrate its telephony to Talkdesk in 2027.",
         {"Talkdesk"}, {"Five9"}),
        ("Services on Five9. User entities may integrate Zendesk Suite with the system.",
         {"Zendesk Suite"}, {"Five9"}),
        ("Services on Five9. A pilot of Talkdesk with ten agents ran outside the production "
         "environment.", {"Talkdesk"}, {"Five9"}),
        ("Services on Five9. Acme evaluated Talkdesk during the period but did not adopt it.",
         {"Talkdesk"}, {"Five9"}),
        ("Services from Manila. A new site in Cebu will open in 2027.", {"Cebu"}, {"Manila"}),
        # a move's origin is gone, its destination stays
        ("During the period the Company migrated from Five9 to Zendesk Suite.", {"Five9"},
         {"Zendesk Suite"}),
        ("The support team moved from Cebu into the Manila office.", {"Cebu"}, {"Manila"}),
        ("Services on Five9. Zendesk Suite was migrated to Talkdesk during the period.",
         {"Zendesk Suite"}, {"Talkdesk", "Five9"}),
        ("Services on Five9. Zendesk Suite is being phased out.", {"Zendesk Suite"},
         {"Five9"}),
        ("Hosting moved away from AWS us-west-2 to AWS us-east-1.", {"us-west-2"},
         {"us-east-1"}),
        # a negation contracted onto its verb, straight or curly apostrophe
        ("Services on Five9. The certificate doesn't cover Talkdesk.", {"Talkdesk"}, {"Five9"}),
        ("Services on Five9. Talkdesk isn’t in scope.", {"Talkdesk"}, {"Five9"}),
        ("Services from Manila. Cebu and Davao aren't part of the ISMS.", {"Cebu", "Davao"},
         {"Manila"}),
        ("Services on Five9. The ISMS doesn’t extend to Talkdesk.", {"Talkdesk"}, {"Five9"}),
        # a footnote excluding what carries its mark
        ("Services on Five9 and Talkdesk* from Manila.\n* Excluded from the scope.",
         {"Talkdesk"}, {"Five9", "Manila"}),
        ("Services on Five9 and Talkdesk¹ from Manila.\n¹ Not in scope.", {"Talkdesk"},
         {"Five9", "Manila"}),
        # the boundary of the ISMS, a tool run by someone else, a bracketed "n/a"
        ("Services on Five9. Talkdesk is not within the boundaries of the ISMS.", {"Talkdesk"},
         {"Five9"}),
        ("Services on Five9. Talkdesk is used by the client and is not operated by Acme.",
         {"Talkdesk"}, {"Five9"}),
        ("Services on Five9. Telephony: Talkdesk (N/A).", {"Talkdesk"}, {"Five9"}),
        ("Services on Five9. No ISMS controls are applied to Talkdesk.", {"Talkdesk"},
         {"Five9"}),
        # a region a customer may pick, a development region, one given up or still weighed
        ("Hosting in AWS us-east-1. Customers may choose to deploy in us-west-2.",
         {"us-west-2"}, {"us-east-1"}),
        ("Regions: us-east-1 (production), us-west-2 (development only)", {"us-west-2"},
         {"us-east-1"}),
        ("Hosting in AWS us-east-1. Use of us-west-2 ceased in March 2024.", {"us-west-2"},
         {"us-east-1"}),
        ("Hosting in AWS us-east-1; Acme is evaluating us-west-2 for future use.",
         {"us-west-2"}, {"us-east-1"}),
        ("Hosting in AWS us-east-1. Logs are exported to us-west-2 at their option.",
         {"us-west-2"}, {"us-east-1"}),
        # a combined certificate: a site certified to another standard only
        ("Services from Manila and Cebu. The Cebu site is certified to ISO 9001 only.",
         {"Cebu"}, {"Manila"}),
        ("Services from Manila. Davao (ISO 14001 only).", {"Davao"}, {"Manila"}),
    ],
)
def test_exclusion_phrasings(text: str, excluded: set[str], kept: set[str]) -> None:
    out, remaining = _excluded(text)
    assert excluded <= out
    assert kept <= remaining
    assert not kept & out


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # A terminator ends the reach: what follows "including" is in scope.
        ("Services excluding Cebu, including Manila and Davao.", {"Manila", "Davao"}),
        # A sentence ends the reach: the next bullet is not excluded.
        ("Exclusions: Cebu.\n• Manila delivery centre", {"Manila"}),
        # A backward trigger does not reach across a semicolon.
        ("Services from Manila; Cebu is excluded.", {"Manila"}),
    ],
)
def test_reach_stops(text: str, kept: set[str]) -> None:
    out, remaining = _excluded(text)
    assert kept <= remaining
    assert not kept & out


def test_each_trigger_is_recorded_with_its_reach() -> None:
    doc = analyse("Services from Manila, excluding the Cebu and Davao sites.", load_catalog())
    hits = [(h.trigger.text, h.reach.text) for h in doc._.exclusions]
    assert hits == [("excluding", "the Cebu and Davao sites.")]


def test_conservative_when_a_clause_precedes_a_backward_trigger() -> None:
    """"X, Y, and Z are excluded" must take out the whole list, so a backward trigger reaches
    to the sentence start (or a terminator): an earlier clause may be taken too, which costs
    a reviewer a look but never claims coverage."""
    out, _ = _excluded("Delivery centres in Cebu, Davao, and Iloilo are excluded.")
    assert {"Cebu", "Davao", "Iloilo"} <= out


def test_no_trigger_no_exclusion() -> None:
    out, kept = _excluded("Contact centre services from Manila and Cebu on Genesys Cloud CX.")
    assert out == set()
    assert {"Manila", "Cebu", "Genesys Cloud CX"} <= kept


def test_pipeline_survives_to_disk_and_spacy_load(tmp_path: Path) -> None:
    """The components come back by their entry-point names with their exclusion phrases
    (read from the saved config, not the rule file); the catalog is handed in again."""
    import spacy

    from scopegap.nlp.pipeline import pipeline, unwrap, use_catalog

    catalog = load_catalog()
    target = tmp_path / "nlp"
    pipeline(catalog).to_disk(target)
    loaded = spacy.load(target)
    assert loaded.pipe_names == ["sentencizer", "scopegap_lines", "scopegap_entities",
                                 "scopegap_exclusions"]
    assert "excluding" in loaded.config["components"]["scopegap_exclusions"]["forward"]
    use_catalog(loaded, catalog)
    doc = loaded(unwrap("Services from Manila, excluding the Cebu site."))
    assert [hit.trigger.text for hit in doc._.exclusions] == ["excluding"]
    assert {e.text for e in doc.ents if e._.excluded_by} == {"Cebu"}
    assert {e.text for e in doc.ents if not e._.excluded_by} == {"Manila"}


def test_exclusion_phrases_come_from_the_component_config(tmp_path: Path) -> None:
    """A phrase given in the config (not in exclusions.yaml) is a trigger, also after a
    to_disk/spacy.load round trip."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("scopegap_exclusions", config={
        "forward": ["leaving aside"], "backward": ["set aside"], "terminators": ["but"]})
    target = tmp_path / "custom"
    nlp.to_disk(target)
    doc = spacy.load(target)("All offices, leaving aside the Leeds office but not Hull.")
    assert [(h.trigger.text, h.reach.text) for h in doc._.exclusions] == [
        ("leaving aside", "the Leeds office")]


@pytest.mark.parametrize("text", [
    "Kundenservice mit Five9. Zendesk Suite ist nicht Bestandteil des Geltungsbereichs.",
    "Kundenservice mit Five9; Zendesk Suite ist nicht im Geltungsbereich enthalten.",
    "Kundenservice mit Five9, nicht jedoch Zendesk Suite.",
    "Service client avec Five9. Zendesk Suite n'est pas couvert par la certification.",
    "Service client avec Five9. Zendesk Suite ne fait pas partie du périmètre.",
    "Atención al cliente con Five9. Zendesk Suite no está incluido en el alcance.",
    "Atención al cliente con Five9. Zendesk Suite no forma parte del alcance.",
    "Atendimento ao cliente com Five9. Zendesk Suite não está incluído no escopo.",
    "Atendimento ao cliente com Five9. Zendesk Suite não faz parte do escopo.",
    "Assistenza clienti con Five9. Zendesk Suite non è incluso nel campo di applicazione.",
    "Assistenza clienti con Five9. Zendesk Suite non rientra nel campo di applicazione.",
    "Klantenservice met Five9. Zendesk Suite valt buiten de scope.",
    "Klantenservice met Five9. Zendesk Suite is niet inbegrepen.",
    "Customer service with Five9. Zendesk Suite isn't in scope.",
    "Customer service with Five9. Zendesk Suite is not within scope.",
    "Customer service with Five9. Zendesk Suite does not form part of the scope.",
    "Customer service with Five9. Zendesk Suite has been excluded.",
    "Customer service with Five9. Zendesk Suite remains outside the certified scope.",
    "Customer service with Five9. Zendesk Suite is not subject to this certification.",
    "Customer service with Five9. Zendesk Suite was not assessed.",
    "Customer service with Five9. Zendesk Suite was not audited.",
    "Customer service with Five9. No certification is given for Zendesk Suite.",
    "Customer service with Five9. Neither Zendesk Suite nor its add-ons are in scope.",
    "Customer service with Five9, with the exclusion of Zendesk Suite.",
    "Obsługa klienta z Five9, z wyłączeniem Zendesk Suite.",
    "Zákaznický servis s Five9, s výjimkou Zendesk Suite.",
    "Servicii clienți cu Five9, cu excepția Zendesk Suite.",
    "Kundtjänst med Five9, med undantag av Zendesk Suite.",
    "Layanan pelanggan dengan Five9, kecuali Zendesk Suite.",
    "Five9 ile müşteri hizmetleri. Zendesk Suite hariç.",
    "Обслужване на клиенти с Five9, с изключение на Zendesk Suite.",
    "Обслуживание клиентов с Five9, за исключением Zendesk Suite.",
    "Обслуживание клиентов с Five9. Zendesk Suite не входит в область сертификации.",
    "Εξυπηρέτηση πελατών με Five9. Zendesk Suite δεν περιλαμβάνεται.",
    "Kundenservice mit Five9, ohne Zendesk Suite.",
])
def test_a_negated_scope_in_any_of_the_languages(text: str) -> None:
    """Each wording left the excluded product covered before it was data."""
    out, remaining = _excluded(text)
    assert "Zendesk Suite" in out and "Five9" in remaining


@pytest.mark.parametrize(("text", "excluded"), [
    ("Services from Manila. The Cebu site is covered by a separate certificate.", "Cebu"),
    ("Services from Manila and Cebu. Activities at the Cebu site are not part of the ISMS.",
     "Cebu"),
    ("Services from Manila. Five9 is managed by the client and is outside the ISMS.", "Five9"),
    ("Services from Manila. Tools such as Five9 are the responsibility of the client.",
     "Five9"),
    ("Services from Manila. Support from Cebu is provided by a subcontractor.", "Cebu"),
    ("Services from Manila. Five9: not applicable.", "Five9"),
    ("Services from Manila; Cebu will be audited in 2027.", "Cebu"),
    ("Services from Manila. The Cebu site has been suspended.", "Cebu"),
    ("Services from Manila. Cebu: certification suspended.", "Cebu"),
    ("Services from Manila. The Cebu office was closed in 2025.", "Cebu"),
    ("Services from Manila. Five9 is to be implemented next year.", "Five9"),
    ("Services from Manila; recovery in Cebu is provided by the client.", "Cebu"),
    ("Services from Manila, not Cebu.", "Cebu"),
    ("Services from Manila, without Cebu.", "Cebu"),
    ("Services from Manila rather than Cebu.", "Cebu"),
    ("Services from Manila instead of Cebu.", "Cebu"),
    ("Services from Manila only. Cebu operations are reported separately.", "Cebu"),
    ("Services from Manila. Cebu is certified under certificate AB 999.", "Cebu"),
    ("Services from Manila. Cebu site: see certificate AB 999.", "Cebu"),
    ("Services from Manila and, subject to a successful audit, Cebu.", "Cebu"),
])
def test_another_certificate_the_client_or_a_later_date_takes_a_name_out(
        text: str, excluded: str) -> None:
    """Each wording made its place or tool covered before it was data."""
    out, remaining = _excluded(text)
    assert excluded in out and "Manila" in remaining


@pytest.mark.parametrize(("text", "excluded"), [
    ("Services from Manila with a site in Cebu (not certified).", "Cebu"),
    ("Services from Manila with a site in Cebu (under certification).", "Cebu"),
    ("Services from Manila; a site in Cebu (certification expected in 2027).", "Cebu"),
    ("Services from Manila with disaster recovery in Cebu (not certified).", "Cebu"),
    ("Services from Manila with the Cebu site (decommissioned).", "Cebu"),
    ("Services from Manila. Cebu (site closed in 2025).", "Cebu"),
    ("Services from Manila with a new site in Cebu (planned).", "Cebu"),
    ("Services from Manila. Regional office in Cebu (sales only, not within scope).", "Cebu"),
    ("Services from Manila with a site in Cebu (excluded).", "Cebu"),
    ("Services from Manila. Data centre in Cebu (colocation, excluded).", "Cebu"),
])
def test_a_bracket_after_a_name_takes_out_that_name_only(text: str, excluded: str) -> None:
    """A status in a bracket qualifies the name just before it: Manila, earlier in the same
    sentence, stays in scope."""
    out, remaining = _excluded(text)
    assert excluded in out and "Manila" in remaining


def test_a_bracket_after_a_list_takes_out_the_whole_list() -> None:
    """"Manila, Davao and Cebu (not certified)" may say it of all three: none is covered."""
    out, remaining = _excluded("Services in Leeds with sites in Manila, Davao and Cebu "
                               "(not certified).")
    assert {"Manila", "Davao", "Cebu"} <= out and "Leeds" in remaining


@pytest.mark.parametrize("text", [
    "Services on Five9; changes to Five9 are planned and approved by management.",
    "Services on Five9 with pending tickets reviewed daily.",
    "Services on Five9 (the planned platform since 2024).",
])
def test_a_status_word_outside_a_bracket_opening_says_nothing_of_scope(text: str) -> None:
    out, _ = _excluded(text)
    assert "Five9" not in out


@pytest.mark.parametrize("sentence", [
    "The system description does not address Zendesk Suite.",
    "The Company's Zendesk Suite environment was not subject to examination.",
    "Zendesk Suite is not within the boundaries of the system.",
    "Zendesk Suite falls outside of the system boundary.",
    "Zendesk Suite is beyond the scope of this report.",
    "Zendesk Suite is out-of-scope.",
    "Zendesk Suite was outside the period under examination.",
    "Zendesk Suite was implemented after the end of the examination period.",
    "The report covers Five9 only; Zendesk Suite is reported on separately.",
    "Zendesk Suite is covered by a separate SOC 2 report.",
    "Zendesk Suite is the subject of a separate report.",
    "Zendesk Suite was sunset in March.",
    "Zendesk Suite was phased out in March.",
])
def test_what_an_examination_left_out_or_reported_elsewhere(sentence: str) -> None:
    """SOC report wordings that left the product covered before they were data."""
    out, remaining = _excluded(f"Services on Five9. {sentence}")
    assert "Zendesk Suite" in out and "Five9" in remaining


def test_a_colon_trigger_after_its_subject_takes_the_subject_out() -> None:
    """"The Okta platform is excluded from the scope:" (a scan's full stop read as a colon,
    fresh scan 7320): the subject before it is out, not only the line after it."""
    out, remaining = _excluded("Services on Five9. The Okta platform is excluded from the "
                               "scope:\nCertificate number: IS 707439")
    assert "Okta" in out and "Five9" in remaining

