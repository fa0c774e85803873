"""Sites and cloud regions, end to end: scope sentence → extraction → coverage decision.

Country-wide statements cover a city in the country, an HQ covers its own city only, and
regions are keyed on (provider, code) so that AWS me-central-1 (UAE) never meets Google Cloud
me-central1 (Doha). Each row pins a status a reviewer expects and, where it matters, the rule.
"""

from __future__ import annotations

import pytest

from scopegap.domain import StackItem
from scopegap.match.coverage import Decision, decide
from scopegap.match.evaluate import document_from_scope


def judge(scope: str, name: str, item_type: str, country: str | None = None,
          **document: object) -> Decision:
    item = StackItem(name=name, type=item_type, line=1, country=country)  # type: ignore[arg-type]
    return decide(item, [document_from_scope(scope, **document)])  # type: ignore[arg-type]


# --- sites -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scope", "site", "status", "rule"),
    [
        ("Contact centre services from all delivery centres in the Philippines.",
         "Cebu City, Philippines", "covered", "country statement: 'Philippines (all sites)'"),
        ("Contact centre services from all delivery centres in the Philippines.",
         "Davao", "covered", "country statement"),
        ("Contact centre services from all delivery centres in the Philippines.",
         "Philippines", "covered", "takes in every site in Philippines"),
        ("Contact centre services from all delivery centres in the Philippines.",
         "Bengaluru, India", "uncovered", "no document lists a site in Bengaluru"),
        # A service or market area is not a statement about the organisation's own sites
        # (DOMAIN.md §1.2): it never covers a declared site.
        ("Customer support provided throughout the United Kingdom.", "Leeds, UK", "uncovered",
         ""),
        ("Software development for clients throughout the UK and European Union.",
         "Manchester", "uncovered", ""),
        ("Help-desk services to customers across Germany and neighbouring markets.",
         "Berlin, Germany", "uncovered", ""),
        ("Servicios de soporte para clientes en todo el territorio de España.",
         "Madrid, Spain", "uncovered", ""),
        ("Outsourcing services from all sites of the organisation located in Spain.",
         "Madrid, Spain", "covered", "country statement"),
        ("Services from all of its delivery centres in India, the Philippines and Colombia.",
         "Bogotá, Colombia", "covered", "country statement"),
        ("Servicios de atención al cliente desde todos los centros ubicados en Colombia.",
         "Medellín", "covered", "country statement"),
        ("All offices in Ireland support clients in France.", "Paris, France", "uncovered", ""),
        ("Back-office services from all sites in the EU.", "Lisbon, Portugal", "covered",
         "country statement: 'EU (all sites)'"),
        ("Back-office services from all sites in the EU.", "London, UK", "uncovered", ""),
        # A country named without a statement covers no city.
        ("Contact centre services provided from the Philippines.", "Manila, Philippines",
         "uncovered", ""),
        # Cities listed in the scope cover those cities only, never the whole country.
        ("Contact centre services from Manila and Quezon City, Philippines.", "Quezon City",
         "covered", "site: the document lists a site in this city"),
        ("Contact centre services from Manila and Quezon City, Philippines.", "Makati",
         "uncovered", ""),
        ("Contact centre services from Manila and Quezon City, Philippines.", "Philippines",
         "uncovered", "is a whole country"),
        ("Software support from Bangalore, India.", "Bengaluru", "covered", "site:"),
        ("Contact centre services from San José, Costa Rica.", "San José, Costa Rica",
         "covered", "site:"),
        ("Contact centre services from San José, Costa Rica.", "San Jose, United States",
         "uncovered", ""),
        ("Delivery from Paris, France.", "Paris, Texas", "uncovered", "does not say 'Texas'"),
        # Every place of a market list is a market, not only the first one.
        ("Contact centre services for clients in Manila, Philippines and Cebu, Philippines "
         "from the head office in Dublin, Ireland.", "Cebu, Philippines", "uncovered", ""),
        ("Support for customers in Germany, Austria and Zurich, Switzerland.", "Zurich",
         "uncovered", ""),
        # A site the scope names only as leaving it, or joining it later, is not in it now.
        ("Contact centre services at Dublin, Ireland. The Manila, Philippines site will be "
         "added at the next surveillance audit.", "Manila, Philippines", "excluded", ""),
        ("Contact centre services at Dublin, Ireland. The Manila, Philippines site was removed "
         "from scope in 2025.", "Manila, Philippines", "excluded", ""),
        ("Contact centre services at Dublin, Ireland. The Manila, Philippines site is no longer "
         "in scope.", "Manila", "excluded", ""),
        # An exclusion word at a line's end reaches the next line.
        ("Prestação de serviços com Playvox QM, exceto\no centro de Goiânia.", "Goiânia, Brazil",
         "excluded", ""),
        ("Contact centre services from Manila and Cebu, excluding\nthe Cebu site.",
         "Cebu, Philippines", "excluded", ""),
        # An exclusion of "Manila, Philippines" takes out Manila, not every Philippine site.
        ("Contact centre services at Dublin, Ireland, and Cebu, Philippines; the Manila, "
         "Philippines team is not in scope.", "Cebu, Philippines", "covered", "site:"),
        ("Contact centre services at Dublin, Ireland, and Cebu, Philippines; the Manila, "
         "Philippines team is not in scope.", "Manila, Philippines", "excluded", ""),
        ("Delivery from Quezon City, Philippines.", "Quezon City, Metro Manila, Philippines",
         "covered", "site:"),
        # a town's metropolitan area in its address is no site of the area's main city
        ("Delivery from Quezon City, Metro Manila, Philippines.", "Manila, Philippines",
         "uncovered", ""),
        ("Delivery from Quezon City, Metro Manila, Philippines.", "Quezon City",
         "covered", "site:"),
        ("Delivery centres in Metro Manila, Philippines.", "Manila", "covered", "site:"),
    ],
)
def test_sites(scope: str, site: str, status: str, rule: str) -> None:
    decision = judge(scope, site, "site")
    assert decision.status == status, decision.rule
    assert rule in decision.rule


def test_site_country_given_in_the_stack_mapping() -> None:
    scope = "Contact centre services from all delivery centres in South Africa."
    assert judge(scope, "Cape Town", "site", country="ZA").status == "covered"
    assert judge(scope, "Cape Town", "site", country="US").status == "uncovered"


@pytest.mark.parametrize(
    ("site", "status"),
    [
        ("London, United Kingdom", "covered"),
        ("London", "covered"),
        ("Manchester, United Kingdom", "uncovered"),
        ("United Kingdom", "uncovered"),
    ],
)
def test_hq_covers_its_own_city_only(site: str, status: str) -> None:
    decision = judge("The provision of contact centre services.", site, "site",
                     hq=["1 King Street, London, United Kingdom"])
    assert decision.status == status
    if status == "covered":
        assert "HQ" in decision.rule
    elif site.startswith("Manchester"):
        assert "an HQ covers its own city only" in decision.rule


@pytest.mark.parametrize(
    ("scope", "site", "status"),
    [
        ("All delivery centres in the Philippines with the exception of Iloilo.", "Iloilo City",
         "excluded"),
        ("All delivery centres in the Philippines with the exception of Iloilo.", "Manila",
         "covered"),
        ("Back-office services from all sites in India other than Chennai.", "Chennai, India",
         "excluded"),
        ("Back-office services from all sites in India other than Chennai.", "Pune", "covered"),
        ("Operations at Manila, Cebu and Davao, excluding the Cebu and Davao sites.",
         "Davao City", "excluded"),
        ("Operations at Manila, Cebu and Davao, excluding the Cebu and Davao sites.",
         "Manila, Philippines", "covered"),
        ("Services from Manila and Cebu. The Cebu site is excluded from the scope.", "Cebu",
         "excluded"),
        ("Support from Leeds and Glasgow. It does not include the Belfast office.", "Belfast",
         "excluded"),
        ("Customer care from Manila and Pune, excluding all operations in India.", "Pune, India",
         "excluded"),
    ],
)
def test_an_exclusion_beats_a_broader_statement(scope: str, site: str, status: str) -> None:
    assert judge(scope, site, "site").status == status


def test_site_named_in_a_document_entry() -> None:
    document = document_from_scope("Contact centre services from Ortigas Delivery Centre, Pasig.")
    entry = next(s for s in document.sites)
    assert entry.city == "Pasig"
    decision = decide(StackItem("Ortigas Delivery Centre", "site", 1), [document])
    assert decision.status == "covered"
    assert decision.rule.startswith("site name:")


# --- regions ---------------------------------------------------------------------------------

ALL_PROVIDERS = ("Hosting in AWS eu-west-2, Microsoft Azure UK South, Google Cloud "
                 "europe-west2-b and OCI uk-london-1.")


@pytest.mark.parametrize(
    ("scope", "region", "status", "rule"),
    [
        (ALL_PROVIDERS, "AWS eu-west-2", "covered", "region code: aws:eu-west-2"),
        (ALL_PROVIDERS, "aws:eu-west-2", "covered", "region code: aws:eu-west-2"),
        (ALL_PROVIDERS, "azure:uksouth", "covered", "region code: azure:uksouth"),
        (ALL_PROVIDERS, "Azure UK South", "covered", "region code: azure:uksouth"),
        (ALL_PROVIDERS, "Google Cloud europe-west2", "covered", "region code: gcp:europe-west2"),
        (ALL_PROVIDERS, "GCP europe-west2", "covered", "region code: gcp:europe-west2"),
        (ALL_PROVIDERS, "OCI uk-london-1", "covered", "region code: oci:uk-london-1"),
        (ALL_PROVIDERS, "AWS eu-west-1", "uncovered", "no document names aws:eu-west-1"),
        (ALL_PROVIDERS, "Azure ukwest", "uncovered", ""),
        (ALL_PROVIDERS, "Google Cloud europe-west1", "uncovered", ""),
        ("Hosted in AWS Europe (London).", "AWS eu-west-2", "covered", "region code"),
        ("Hosted in AWS US East (N. Virginia).", "AWS us-east-1", "covered", "region code"),
        ("Hosted in AWS us-east-1a.", "AWS us-east-1", "covered", "region code"),
        ("Hosted in GCP asia-southeast1-b.", "Google Cloud asia-southeast1", "covered", ""),
        ("Hosted in AWS eu-west-2.", "AWS eu-west-9", "uncovered",
         "is not one (provider, region)"),
        # A name two regions share names neither: "US East" is N. Virginia and Ohio.
        ("Hosted on AWS US East.", "AWS us-east-1", "uncovered", ""),
        ("Hosted on AWS US East.", "AWS us-east-2", "uncovered", ""),
        ("Hosted on AWS US East (Ohio).", "AWS us-east-2", "covered", "region code"),
        # Regions listed after one, without the provider's name again.
        ("Hosted on Microsoft Azure West Europe and North Europe.", "azure:northeurope",
         "covered", "region code"),
        ("Hosted in Azure UK South, UK West and West Europe regions.", "azure:ukwest",
         "covered", "region code"),
        ("Hosted in AWS eu-west-2 and Frankfurt offices.", "AWS eu-central-1", "uncovered", ""),
        # A city where a named provider hosts is its region there, never the holder's site.
        ("Services from Dublin, Ireland, hosted on AWS in the Frankfurt region.",
         "AWS eu-central-1", "covered", "region code"),
        ("Hosted in Microsoft Azure (Amsterdam and Dublin data centres).", "azure:northeurope",
         "covered", "region code"),
        ("Data is stored in GCP's London data centres.", "Google Cloud europe-west2", "covered",
         "region code"),
        ("Services from our London office using AWS and our Frankfurt data centre.",
         "AWS eu-central-1", "uncovered", ""),
        ("Hosted in AWS Sydney and Oracle Cloud Sydney.", "AWS ap-southeast-2", "uncovered", ""),
    ],
)
def test_regions(scope: str, region: str, status: str, rule: str) -> None:
    decision = judge(scope, region, "region")
    assert decision.status == status, decision.rule
    assert rule in decision.rule


@pytest.mark.parametrize(
    ("scope", "region", "status"),
    [
        ("Data is hosted in Google Cloud me-central1.", "AWS me-central-1", "uncovered"),
        ("Data is hosted in Google Cloud me-central1.", "Google Cloud me-central1", "covered"),
        ("Data is hosted in AWS me-central-1.", "Google Cloud me-central1", "uncovered"),
        ("Data is hosted in AWS me-central-1.", "AWS me-central-1", "covered"),
        ("Data is hosted in AWS me-central-1.", "gcp:me-central1", "uncovered"),
    ],
)
def test_me_central_collision(scope: str, region: str, status: str) -> None:
    decision = judge(scope, region, "region")
    assert decision.status == status
    if status == "uncovered":
        assert "another provider's region" in decision.rule


@pytest.mark.parametrize(
    ("scope", "region", "status"),
    [
        ("Customer data is stored in all AWS regions in the EU.", "AWS eu-central-1", "covered"),
        ("Customer data is stored in all AWS regions in the EU.", "AWS eu-west-1", "covered"),
        ("Customer data is stored in all AWS regions in the EU.", "AWS eu-north-1", "covered"),
        ("Customer data is stored in all AWS regions in the EU.", "AWS eu-west-2", "uncovered"),
        ("Customer data is stored in all AWS regions in the EU.", "Azure westeurope",
         "uncovered"),
        ("Customer data is stored in all AWS regions in the EU.", "Google Cloud europe-west3",
         "uncovered"),
        ("Customer data is stored in AWS EU regions.", "AWS eu-south-1", "covered"),
        ("Data stays in Amazon Web Services regions within the European Union.",
         "AWS eu-west-3", "covered"),
        ("Data stays in Microsoft Azure regions in the EU/EEA.", "Azure norwayeast", "covered"),
        ("Client data is held in Microsoft Azure data centres located in the United Kingdom.",
         "azure:uksouth", "covered"),
        ("Client data is held in Microsoft Azure data centres located in the United Kingdom.",
         "AWS eu-west-2", "uncovered"),
        # One provider's statement never covers another provider's region.
        ("Hosted in AWS eu-west-2 and in Microsoft Azure regions in the EU.", "AWS eu-central-1",
         "uncovered"),
        ("Hosted in AWS eu-west-2 and in Microsoft Azure regions in the EU.", "Azure westeurope",
         "covered"),
        # A place the statement excludes is not covered by it.
        ("Hosted in AWS regions in the UK, excluding London.", "AWS eu-west-2", "uncovered"),
        # Words between provider and place must read as a statement about its regions.
        ("AWS is used for email; data is processed in the EU.", "AWS eu-west-1", "uncovered"),
    ],
)
def test_jurisdiction_statements(scope: str, region: str, status: str) -> None:
    decision = judge(scope, region, "region")
    assert decision.status == status, decision.rule
    if status == "covered":
        assert "statement" in decision.rule


@pytest.mark.parametrize(
    ("scope", "site", "status"),
    [
        ("Services from Dublin, Ireland, hosted on AWS in the Frankfurt region.",
         "Frankfurt, Germany", "uncovered"),
        ("Hosted in Microsoft Azure (Amsterdam and Dublin data centres).", "Amsterdam",
         "uncovered"),
        ("Services from our London office using AWS and our Frankfurt data centre.",
         "Frankfurt, Germany", "covered"),
        ("Hosted on AWS in London, with support staff in Manila and Dublin.", "Dublin",
         "covered"),
    ],
)
def test_a_cloud_providers_city_is_not_a_site(scope: str, site: str, status: str) -> None:
    assert judge(scope, site, "site").status == status


def test_region_exclusion() -> None:
    scope = "Data hosted in AWS eu-west-1 and AWS eu-west-2, excluding AWS us-east-1."
    assert judge(scope, "aws:us-east-1", "region").status == "excluded"
    assert judge(scope, "AWS eu-west-2", "region").status == "covered"


def test_a_site_name_is_never_read_across_a_comma() -> None:
    """"Station Road East, Kalwadi" lists Kalwadi; it does not name a town "East Kalwadi"."""
    document = document_from_scope("Recycling services from Plot 62, Station Road East, Pasig "
                                   "City, Metro Manila.")
    assert decide(StackItem("East Pasig City", "site", 1), [document]).status == "uncovered"
