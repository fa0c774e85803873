"""Catalog data and lookups: renames, near-miss families, generic words, regions, places, bodies.

A false "covered" is the worst bug scopegap can have, so most tables here pin what must NOT
match: families kept apart, generic words without their vendor, codes that collide across
providers, names two cities share.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from scopegap.errors import UsageError
from scopegap.match.catalog import (
    CATALOG_FILES,
    Catalog,
    build_catalog,
    fold,
    load_catalog,
    load_catalog_from,
    normalise_name,
)
from scopegap.resources import load_yaml


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def raw_documents() -> dict[str, Any]:
    """A private copy of the shipped YAML documents, safe to break in a test."""
    return {name: copy.deepcopy(load_yaml(f"catalog/{name}.yaml")) for name in CATALOG_FILES}


# --- tools -----------------------------------------------------------------------------------

# Every canonical name in DOMAIN.md §4's table (64 rows).
DOMAIN_TOOLS = [
    "Genesys Cloud CX", "Genesys Multicloud CX", "Genesys PureConnect", "NICE CXone Mpower",
    "Five9", "Talkdesk", "Amazon Connect", "Avaya Experience Platform", "Avaya Aura",
    "Webex Contact Center", "Cisco Unified Contact Center", "8x8 Contact Center",
    "Vonage Contact Center", "Zoom Contact Center", "RingCentral Contact Center", "Twilio Flex",
    "UJET", "Dialpad Contact Center", "Alvaria", "Mitel MiContact Center", "Content Guru storm",
    "Puzzel Contact Centre", "Sprinklr Service", "LivePerson Conversational Cloud",
    "Dynamics 365 Contact Center", "Salesforce Service Cloud", "Zendesk Suite", "Zendesk WFM",
    "ServiceNow CSM", "Freshdesk", "Dynamics 365 Customer Service", "Oracle B2C Service",
    "SAP Service Cloud", "HubSpot Service Hub", "Pega Customer Service", "Gladly", "Kustomer",
    "Intercom", "Jira Service Management", "NICE WFM", "Verint Workforce Engagement",
    "Calabrio ONE", "Playvox", "Genesys Cloud WEM", "Avaya IX Workforce Engagement", "Assembled",
    "Observe.AI", "CallMiner Eureka", "NICE Nexidia", "NICE Mattersight", "NICE Engage",
    "Microsoft Entra ID", "Okta Workforce Identity", "Ping Identity", "Microsoft 365",
    "Microsoft Teams", "Slack", "Google Workspace", "Zoom Workplace", "SharePoint / OneDrive",
    "Confluence", "Guru", "CXone Expert", "eGain Knowledge",
]  # fmt: skip
# Canonical names that are ordinary words: alone they name nothing.
GENERIC_CANONICAL = {"Guru", "Assembled"}


def test_catalog_has_every_domain_tool(catalog: Catalog) -> None:
    assert len(DOMAIN_TOOLS) == 64
    assert len(catalog.tools) >= 64
    names = {tool.name for tool in catalog.tools}
    assert set(DOMAIN_TOOLS) <= names


@pytest.mark.parametrize("name", sorted(set(DOMAIN_TOOLS) - GENERIC_CANONICAL))
def test_canonical_name_resolves_to_itself(catalog: Catalog, name: str) -> None:
    tool = catalog.tool_by_alias(name)
    assert tool is not None and tool.name == name


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("PureCloud", "Genesys Cloud CX"),
        ("PureCloud by Genesys", "Genesys Cloud CX"),
        ("inContact", "NICE CXone Mpower"),
        ("NICE inContact", "NICE CXone Mpower"),
        ("Azure AD", "Microsoft Entra ID"),
        ("Azure Active Directory", "Microsoft Entra ID"),
        ("AAD", "Microsoft Entra ID"),
        ("Office 365", "Microsoft 365"),
        ("O365", "Microsoft 365"),
        ("G Suite", "Google Workspace"),
        ("Google Apps", "Google Workspace"),
        ("IEX", "NICE WFM"),
        ("IEX TotalView", "NICE WFM"),
        ("Teleopti", "Calabrio ONE"),
        ("RightNow", "Oracle B2C Service"),
        ("Oracle Service Cloud", "Oracle B2C Service"),
        ("PureEngage", "Genesys Multicloud CX"),
        ("Interactive Intelligence", "Genesys PureConnect"),
        ("NewVoiceMedia", "Vonage Contact Center"),
        ("Tymeshift", "Zendesk WFM"),
        ("Jira Service Desk", "Jira Service Management"),
        ("Witness Systems", "Verint Workforce Engagement"),
        ("MindTouch", "CXone Expert"),
        ("Agentforce Service", "Salesforce Service Cloud"),
        ("ShoreTel", "Mitel MiContact Center"),
        ("Noble Systems", "Alvaria"),
        ("WxCC", "Webex Contact Center"),
        ("UCCX", "Cisco Unified Contact Center"),
        ("RingCX", "RingCentral Contact Center"),
        ("Contact Lens", "Amazon Connect"),
        ("AWS Connect", "Amazon Connect"),
        # a vendor token may wrap any alias
        ("NICE IEX", "NICE WFM"),
        ("Microsoft Azure AD", "Microsoft Entra ID"),
        ("Microsoft Dynamics 365", "Dynamics 365 Customer Service"),
    ],
)
def test_renames_and_aliases_resolve(catalog: Catalog, alias: str, canonical: str) -> None:
    tool = catalog.tool_by_alias(alias)
    assert tool is not None and tool.name == canonical


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Genesys PureConnect", "Genesys Cloud CX"),
        ("PureConnect", "Genesys Cloud"),
        ("Genesys PureConnect", "Genesys Multicloud CX"),
        ("Dynamics 365 Customer Service", "Microsoft 365"),
        ("Dynamics 365 Contact Center", "Microsoft 365"),
        ("Dynamics 365", "Microsoft 365"),
        ("Amazon Connect", "Amazon Web Services"),
        ("AWS Connect", "AWS"),
        ("Salesforce Marketing Cloud", "Salesforce Service Cloud"),
        ("Zendesk Sell", "Zendesk Suite"),
        ("Zendesk Sell", "Zendesk"),
        ("Microsoft Entra ID", "Microsoft Azure"),
        ("Google Workspace", "Google Cloud"),
        ("Twilio Flex", "Twilio"),
        ("Content Guru storm", "getguru"),
        ("Oracle B2C Service", "Oracle Cloud Infrastructure"),
    ],
)
def test_near_miss_families_stay_apart(catalog: Catalog, left: str, right: str) -> None:
    a = catalog.tool_by_alias(left)
    b = catalog.tool_by_alias(right)
    assert a is not None and b is not None
    assert a.id != b.id


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("genesys-pureconnect", "genesys-cloud-cx"),
        ("dynamics-365-customer-service", "microsoft-365"),
        ("dynamics-365-contact-center", "microsoft-365"),
        ("amazon-connect", "amazon-web-services"),
        ("salesforce-marketing-cloud", "salesforce-service-cloud"),
        ("zendesk-sell", "zendesk-suite"),
    ],
)
def test_distinct_from_is_recorded_both_ways(catalog: Catalog, left: str, right: str) -> None:
    a = catalog.tool_by_id(left)
    b = catalog.tool_by_id(right)
    assert a is not None and b is not None
    assert right in a.distinct_from and left in b.distinct_from


@pytest.mark.parametrize(
    ("trap", "not_id"),
    [
        ("Dynamics 365", "microsoft-365"),
        ("AWS", "amazon-connect"),
        ("Genesys Cloud", "genesys-pureconnect"),
        ("Service Cloud", "oracle-b2c-service"),
        ("Microsoft 365", "dynamics-365-customer-service"),
    ],
)
def test_aliases_are_no_substring_trap(catalog: Catalog, trap: str, not_id: str) -> None:
    tool = catalog.tool_by_alias(trap)
    assert tool is None or tool.id != not_id
    target = catalog.tool_by_id(not_id)
    assert target is not None
    keys = {catalog.normalise_name(name) for name in target.names}
    assert catalog.normalise_name(trap) not in keys


@pytest.mark.parametrize(
    "word",
    ["Teams", "Connect", "Flex", "Guru", "Expert", "Aura", "storm", "Fin", "Service Cloud",
     "Marketing Cloud", "Dynamics", "Office", "VCC", "SNOW", "CIC", "Aspect", "NiCE",
     "Assembled", "Customer Interaction Center"],
)  # fmt: skip
def test_generic_word_alone_names_no_tool(catalog: Catalog, word: str) -> None:
    assert catalog.tool_by_alias(word) is None
    assert catalog.tool_by_alias(word, context="We use it daily for everything.") is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Microsoft Teams", "microsoft-teams"),
        ("MS Teams", "microsoft-teams"),
        ("Teams (Microsoft)", "microsoft-teams"),
        ("Microsoft's Teams", "microsoft-teams"),
        ("Flex by Twilio", "twilio-flex"),
        ("Amazon Connect", "amazon-connect"),
        ("AWS Connect", "amazon-connect"),
        ("NICE Expert", "cxone-expert"),
        ("Avaya Aura", "avaya-aura"),
        ("Intercom Fin", "intercom"),
        ("Content Guru storm", "content-guru-storm"),
        ("Salesforce Service Cloud", "salesforce-service-cloud"),
        ("ServiceNow SNOW", "servicenow-csm"),
        ("Guru Technologies Guru", "guru"),
    ],
)
def test_generic_word_with_vendor_token_resolves(
    catalog: Catalog, name: str, expected: str
) -> None:
    tool = catalog.tool_by_alias(name)
    assert tool is not None and tool.id == expected


@pytest.mark.parametrize(
    ("word", "sentence", "expected"),
    [
        ("Teams", "Agents chat on Microsoft Teams and Teams meetings.", "microsoft-teams"),
        ("Connect", "Calls are routed by AWS Connect instances.", "amazon-connect"),
        ("Flex", "The Twilio contact centre runs Flex.", "twilio-flex"),
        ("Teams", "Agents work in teams of twelve.", None),
        ("Connect", "Agents connect through a VPN.", None),
    ],
)
def test_generic_word_counts_with_vendor_in_context(
    catalog: Catalog, word: str, sentence: str, expected: str | None
) -> None:
    tool = catalog.tool_by_alias(word, context=sentence)
    assert (tool.id if tool else None) == expected


def test_no_alias_is_shared_between_tools(catalog: Catalog) -> None:
    owners: dict[str, str] = {}
    for entry in catalog.alias_entries():
        assert owners.setdefault(entry.key, entry.tool_id) == entry.tool_id, entry


def test_former_names_are_aliases(catalog: Catalog) -> None:
    for tool in catalog.tools:
        assert set(tool.former_names) <= set(tool.aliases) | set(tool.generic_aliases)


_PUNCTUATION = ["", " ", '"', "'", "(", ")", ".", ",", ":", ";", "*", "-", "\u201c", "\u201d"]
_SUFFIXES = ["", " Inc.", ", Inc.", " Inc", " Ltd", " Ltd.", ", Ltd", " Limited", " LLC", " GmbH"]
_MARKS = ["", "\u00ae", "\u2122", "\u00a9"]


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(DOMAIN_TOOLS),
    flips=st.lists(st.booleans(), min_size=40, max_size=40),
    before=st.sampled_from(_PUNCTUATION),
    after=st.sampled_from(_PUNCTUATION),
    mark=st.sampled_from(_MARKS),
    mark_at=st.integers(min_value=0, max_value=5),
    suffix=st.sampled_from(_SUFFIXES),
)
def test_tool_by_alias_ignores_case_punctuation_marks_and_legal_forms(
    name: str,
    flips: list[bool],
    before: str,
    after: str,
    mark: str,
    mark_at: int,
    suffix: str,
) -> None:
    catalog = load_catalog()
    expected = catalog.tool_by_alias(name)
    cased = "".join(ch.swapcase() if flips[i % len(flips)] else ch for i, ch in enumerate(name))
    words = cased.split(" ")
    position = min(mark_at, len(words) - 1)
    words[position] = words[position] + mark
    variant = f"{before}{' '.join(words)}{suffix}{after}"
    assert catalog.tool_by_alias(variant) == expected
    if name not in GENERIC_CANONICAL:
        assert expected is not None and expected.name == name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Five9, Inc.", "five9"),
        ("Genesys® Cloud™ CX", "genesys cloud cx"),
        ("BSI Assurance UK Ltd", "bsi assurance uk"),
        ("Acme Services Pvt. Ltd.", "acme services"),
        ("Acme Services Private Limited", "acme services"),
        ("Northwind S.A.", "northwind"),
        ("Northwind B.V.", "northwind"),
        ("Contoso Sp. z o.o.", "contoso"),
        ("Ernst & Young LLP", "ernst young"),
        ("  TÜV   SÜD  ", "tuv sud"),
        ("Limited", "limited"),
        ("Incorporated Society of Testers", "incorporated society of testers"),
    ],
)
def test_normalise_name(text: str, expected: str) -> None:
    assert normalise_name(text) == expected


# --- regions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "provider", "code", "country"),
    [
        # AWS: code, prefixed, colon form, console display name, AZ suffix
        ("AWS eu-west-2", "aws", "eu-west-2", "GB"),
        ("aws:eu-west-2", "aws", "eu-west-2", "GB"),
        ("eu-west-2", "aws", "eu-west-2", "GB"),
        ("Amazon Web Services (AWS) eu-west-2", "aws", "eu-west-2", "GB"),
        ("eu-west-2 (AWS)", "aws", "eu-west-2", "GB"),
        ("AWS region eu-west-2", "aws", "eu-west-2", "GB"),
        ("Europe (London)", "aws", "eu-west-2", "GB"),
        ("US East (N. Virginia)", "aws", "us-east-1", "US"),
        ("Canada (Central)", "aws", "ca-central-1", "CA"),
        ("us-east-1a", "aws", "us-east-1", "US"),
        ("AWS us-gov-west-1", "aws", "us-gov-west-1", "US"),
        ("cn-north-1", "aws", "cn-north-1", "CN"),
        ("AWS London", "aws", "eu-west-2", "GB"),
        # Azure: programmatic name, display name, with and without the provider
        ("azure:uksouth", "azure", "uksouth", "GB"),
        ("uksouth", "azure", "uksouth", "GB"),
        ("Azure UK South", "azure", "uksouth", "GB"),
        ("UK South", "azure", "uksouth", "GB"),
        ("Microsoft Azure West Europe", "azure", "westeurope", "NL"),
        ("Canada Central", "azure", "canadacentral", "CA"),
        ("South Africa North", "azure", "southafricanorth", "ZA"),
        # Google Cloud: code, zone suffix, code with city
        ("Google Cloud europe-west2", "gcp", "europe-west2", "GB"),
        ("GCP europe-west2-b", "gcp", "europe-west2", "GB"),
        ("europe-west2-a", "gcp", "europe-west2", "GB"),
        ("europe-west2 (London)", "gcp", "europe-west2", "GB"),
        ("gcp:asia-southeast1", "gcp", "asia-southeast1", "SG"),
        ("Google Cloud Platform southamerica-east1", "gcp", "southamerica-east1", "BR"),
        # Oracle OCI: identifier, three-letter key, display name
        ("OCI uk-london-1", "oci", "uk-london-1", "GB"),
        ("OCI LHR", "oci", "uk-london-1", "GB"),
        ("Oracle Cloud Infrastructure JNB", "oci", "af-johannesburg-1", "ZA"),
        ("UK South (London)", "oci", "uk-london-1", "GB"),
        ("OCI UK South", "oci", "uk-london-1", "GB"),
        ("oci:uk-london-1-ad-1", "oci", "uk-london-1", "GB"),
        ("uk-gov-london-1", "oci", "uk-gov-london-1", "GB"),
    ],
)
def test_parse_region(catalog: Catalog, text: str, provider: str, code: str, country: str) -> None:
    region = catalog.parse_region(text)
    assert region is not None, text
    assert (region.provider, region.code, region.country) == (provider, code, country)


@pytest.mark.parametrize(
    ("text", "provider", "country"),
    [
        ("me-central-1", "aws", "AE"),
        ("me-central1", "gcp", "QA"),
        ("AWS me-central-1", "aws", "AE"),
        ("GCP me-central1", "gcp", "QA"),
        ("GCP me-central1-a", "gcp", "QA"),
        ("me-central-1b", "aws", "AE"),
    ],
)
def test_me_central_never_confused(
    catalog: Catalog, text: str, provider: str, country: str
) -> None:
    region = catalog.parse_region(text)
    assert region is not None and (region.provider, region.country) == (provider, country)


@pytest.mark.parametrize(
    "text",
    [
        "AWS me-central1",  # the GCP code under the wrong provider
        "GCP me-central-1",
        "Azure eu-west-2",
        "LHR",  # a bare OCI key is just an airport
        "London",  # three providers have a London region
        "OCI London",  # uk-london-1 and uk-gov-london-1
        "West Europe",  # plain geography without its provider
        "East Asia",
        "AWS",
        "",
        "eu-west-9",
        "Azure AD",
    ],
)
def test_parse_region_answers_none_when_unsure(catalog: Catalog, text: str) -> None:
    assert catalog.parse_region(text) is None


def test_region_counts_and_keys(catalog: Catalog) -> None:
    per_provider: dict[str, int] = {}
    for region in catalog.regions:
        per_provider[region.provider] = per_provider.get(region.provider, 0) + 1
        assert catalog.region(region.provider, region.code) is region
    assert per_provider == {"aws": 36, "azure": 36, "gcp": 41, "oci": 25}
    assert all(r.partition for r in catalog.regions if r.provider == "aws")
    assert all(r.key for r in catalog.regions if r.provider == "oci")


def test_every_region_city_is_in_the_city_table(catalog: Catalog) -> None:
    for region in catalog.regions:
        if region.city is not None:
            city = catalog.city(region.city, country=region.country)
            assert city is not None, region.id


@pytest.mark.parametrize(
    ("text", "provider"),
    [("AWS", "aws"), ("Amazon Web Services", "aws"), ("Microsoft Azure", "azure"),
     ("GCP", "gcp"), ("Google Cloud Platform", "gcp"), ("Oracle Cloud", "oci"),
     ("Oracle Cloud Infrastructure", "oci"), ("OCI", "oci"), ("Salesforce", None)],
)  # fmt: skip
def test_provider_id(catalog: Catalog, text: str, provider: str | None) -> None:
    assert catalog.provider_id(text) == provider


# --- countries, cities, jurisdictions ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("United Kingdom", "GB"), ("UK", "GB"), ("U.K.", "GB"), ("Great Britain", "GB"),
        ("England", "GB"), ("British", "GB"), ("United States", "US"), ("USA", "US"),
        ("U.S.", "US"), ("the United States of America", "US"), ("Philippines", "PH"),
        ("the Philippines", "PH"), ("Filipino", "PH"), ("Türkiye", "TR"), ("Turkey", "TR"),
        ("Turkiye", "TR"), ("Brasil", "BR"), ("Brazil", "BR"), ("México", "MX"),
        ("Mexico", "MX"), ("Viet Nam", "VN"), ("Vietnam", "VN"), ("Côte d'Ivoire", "CI"),
        ("Ivory Coast", "CI"), ("Czech Republic", "CZ"), ("UAE", "AE"), ("Korea", "KR"),
        ("Norway", "NO"), ("NO", "NO"), ("GB", "GB"), ("PH", "PH"),
    ],
)  # fmt: skip
def test_country_code(catalog: Catalog, text: str, code: str) -> None:
    assert catalog.country_code(text) == code


@pytest.mark.parametrize("text", ["Congo", "in", "Atlantis", "", "Europe"])
def test_country_code_unknown_or_ambiguous(catalog: Catalog, text: str) -> None:
    assert catalog.country_code(text) is None


def test_country_table_covers_regions_and_bpo_countries(catalog: Catalog) -> None:
    bpo = "PH IN ZA MX CO CR JM EG MA PL RO BG MY VN KE GH NG PK LK BD NI GT SV HN DO AR BR PE UY"
    bpo += " PT ES IE GR TR HR RS UA BA GE AM"
    assert set(bpo.split()) <= set(catalog.countries)
    assert {region.country for region in catalog.regions} <= set(catalog.countries)


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Manila", "Manila", "PH"), ("Makati", "Makati", "PH"), ("Taguig", "Taguig", "PH"),
        ("Quezon City", "Quezon City", "PH"), ("Pasig", "Pasig", "PH"), ("Cebu", "Cebu City", "PH"),
        ("Bangalore", "Bengaluru", "IN"), ("Bengaluru", "Bengaluru", "IN"),
        ("Bombay", "Mumbai", "IN"), ("Gurgaon", "Gurugram", "IN"), ("Calcutta", "Kolkata", "IN"),
        ("Cape Town", "Cape Town", "ZA"), ("Krakow", "Kraków", "PL"), ("KRAKÓW", "Kraków", "PL"),
        ("Lodz", "Łódź", "PL"), ("Iasi", "Iași", "RO"), ("Bogota", "Bogotá", "CO"),
        ("Medellin", "Medellín", "CO"), ("Ho Chi Minh City", "Ho Chi Minh City", "VN"),
        ("Saigon", "Ho Chi Minh City", "VN"), ("Kiev", "Kyiv", "UA"),
        ("Penang", "George Town", "MY"),
        ("Montego Bay", "Montego Bay", "JM"), ("Newcastle", "Newcastle upon Tyne", "GB"),
        ("Manila, Philippines", "Manila", "PH"), ("Hyderabad, India", "Hyderabad", "IN"),
        ("San Jose, Costa Rica", "San José", "CR"),
    ],
)  # fmt: skip
def test_city_lookup(catalog: Catalog, text: str, name: str, country: str) -> None:
    city = catalog.city(text)
    assert city is not None and (city.name, city.country) == (name, country)


def test_metro_manila_cities(catalog: Catalog) -> None:
    for name in ("Makati", "Taguig", "Quezon City", "Pasig", "Manila"):
        city = catalog.city(name)
        assert city is not None and city.metro == "Metro Manila"


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [("Hyderabad", None, None), ("Hyderabad", "IN", "IN"), ("Hyderabad", "Pakistan", "PK"),
     ("San José", None, None), ("San José", "CR", "CR"), ("Atlantis", None, None),
     ("Manila", "GB", None)],
)  # fmt: skip
def test_city_ambiguity_needs_a_country(
    catalog: Catalog, text: str, country: str | None, expected: str | None
) -> None:
    city = catalog.city(text, country=country)
    assert (city.country if city else None) == expected


def test_city_table_size_and_capitals(catalog: Catalog) -> None:
    assert len(catalog.cities) >= 300
    capitals = {city.country for city in catalog.cities if city.capital}
    assert {"GB", "PH", "IN", "US", "ZA", "CR", "GE", "AM", "BA"} <= capitals


@pytest.mark.parametrize(
    ("text", "jid", "size"),
    [
        ("EU", "EU", 27), ("the EU", "EU", 27), ("European Union", "EU", 27),
        ("EU/EEA", "EEA", 30), ("European Economic Area", "EEA", 30), ("EEA", "EEA", 30),
        ("UK", "UK", 1), ("US", "US", 1), ("APAC", "APAC", None), ("LATAM", "LATAM", None),
        ("MEA", "MEA", None), ("EMEA", "EMEA", None),
    ],
)  # fmt: skip
def test_jurisdiction(catalog: Catalog, text: str, jid: str, size: int | None) -> None:
    group = catalog.jurisdiction(text)
    assert group is not None and group.id == jid
    if size is not None:
        assert len(group.countries) == size


def test_jurisdiction_membership(catalog: Catalog) -> None:
    eu = catalog.jurisdiction("EU")
    eea = catalog.jurisdiction("EEA")
    emea = catalog.jurisdiction("EMEA")
    assert eu is not None and eea is not None and emea is not None
    assert "DE" in eu and "GB" not in eu and "NO" not in eu
    assert eu.countries < eea.countries and {"IS", "LI", "NO"} <= eea.countries
    assert eea.countries <= emea.countries and {"ZA", "AE", "GB", "TR"} <= emea.countries


# --- bodies ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bid", "kind"),
    [
        ("BSI", "bsi", "certification_body"),
        ("BSI Assurance UK Ltd", "bsi", "certification_body"),
        ("DNV GL Business Assurance", "dnv", "certification_body"),
        ("TUV SUD", "tuv-sud", "certification_body"),
        ("TÜV Rheinland", "tuv-rheinland", "certification_body"),
        ("Schellman & Company, LLC", "schellman", "certification_body"),
        ("A-LIGN Compliance and Security, Inc.", "a-lign", "certification_body"),
        ("Ernst & Young LLP", "ey", "audit_firm"),
        ("PricewaterhouseCoopers LLP", "pwc", "audit_firm"),
        ("Prescient Assurance LLC", "prescient-assurance", "audit_firm"),
        ("UKAS", "ukas", "accreditation_body"),
        ("ANSI National Accreditation Board", "anab", "accreditation_body"),
    ],
)
def test_body_lookup(catalog: Catalog, text: str, bid: str, kind: str) -> None:
    body = catalog.body(text)
    assert body is not None and (body.id, body.kind) == (bid, kind)


@pytest.mark.parametrize(
    ("bid", "order"),
    [("anab", "MDY"), ("aicpa", "MDY"), ("ukas", "DMY"), ("dakks", "DMY"),
     ("cofrac", "DMY"), ("jas-anz", "DMY")],
)  # fmt: skip
def test_date_order_hints(catalog: Catalog, bid: str, order: str) -> None:
    body = next(b for b in catalog.bodies if b.id == bid)
    assert body.date_order == order


def test_schellman_is_both_kinds(catalog: Catalog) -> None:
    body = catalog.body("Schellman")
    assert body is not None and set(body.kinds) == {"certification_body", "audit_firm"}


# --- validation ------------------------------------------------------------------------------


def _tool(docs: dict[str, Any], tool_id: str) -> dict[str, Any]:
    return next(t for t in docs["tools"]["tools"] if t["id"] == tool_id)


def _break_missing_id(docs: dict[str, Any]) -> None:
    del docs["tools"]["tools"][0]["id"]


def _break_duplicate_id(docs: dict[str, Any]) -> None:
    docs["tools"]["tools"].append(dict(docs["tools"]["tools"][0], aliases=[], former_names=[]))


def _break_shared_alias(docs: dict[str, Any]) -> None:
    _tool(docs, "genesys-pureconnect")["aliases"].append("GENESYS  cloud®")


def _break_distinct_from(docs: dict[str, Any]) -> None:
    _tool(docs, "zendesk-sell")["distinct_from"] = ["zendesk-everything"]


def _break_region_country(docs: dict[str, Any]) -> None:
    docs["regions"]["regions"][0]["country"] = "XX"


def _break_region_provider(docs: dict[str, Any]) -> None:
    docs["regions"]["regions"][0]["provider"] = "aws-moon"


def _break_city_country(docs: dict[str, Any]) -> None:
    docs["cities"]["cities"].append({"name": "Atlantis", "country": "ZZ"})


def _break_unquoted_norway(docs: dict[str, Any]) -> None:
    docs["cities"]["cities"].append({"name": "Bergen", "country": False})


def _break_duplicate_region(docs: dict[str, Any]) -> None:
    docs["regions"]["regions"].append(dict(docs["regions"]["regions"][0], display_names=[]))


def _break_jurisdiction(docs: dict[str, Any]) -> None:
    docs["countries"]["jurisdictions"]["EU"]["countries"].append("QQ")


def _break_body_kind(docs: dict[str, Any]) -> None:
    docs["bodies"]["bodies"][0]["kind"] = "fortune_teller"


def _break_category(docs: dict[str, Any]) -> None:
    _tool(docs, "five9")["category"] = "astrology"


def _break_region_statement(docs: dict[str, Any]) -> None:
    docs["regions"]["jurisdiction_statement"]["between"] = "(unclosed"


def _drop_region_statement(docs: dict[str, Any]) -> None:
    del docs["regions"]["jurisdiction_statement"]


@pytest.mark.parametrize(
    ("breaker", "file", "fragment"),
    [
        (_break_missing_id, "tools.yaml", "missing 'id'"),
        (_break_duplicate_id, "tools.yaml", "duplicate id"),
        (_break_shared_alias, "tools.yaml", "genesys cloud"),
        (_break_distinct_from, "tools.yaml", "zendesk-everything"),
        (_break_region_country, "regions.yaml", "unknown country code 'XX'"),
        (_break_region_provider, "regions.yaml", "unknown provider 'aws-moon'"),
        (_break_city_country, "cities.yaml", "unknown country code 'ZZ'"),
        (_break_unquoted_norway, "cities.yaml", "boolean"),
        (_break_duplicate_region, "regions.yaml", "duplicate (provider, code)"),
        (_break_jurisdiction, "countries.yaml", "'QQ'"),
        (_break_body_kind, "bodies.yaml", "kind must be"),
        (_break_category, "tools.yaml", "astrology"),
        (_break_region_statement, "regions.yaml", "jurisdiction_statement: bad pattern"),
        (_drop_region_statement, "regions.yaml", "jurisdiction_statement: expected a mapping"),
    ],
)
def test_build_catalog_rejects_broken_data(breaker: Any, file: str, fragment: str) -> None:
    docs = raw_documents()
    breaker(docs)
    with pytest.raises(UsageError) as caught:
        build_catalog(origin="broken", **docs)
    message = str(caught.value)
    assert f"broken/{file}" in message
    assert fragment in message


def test_error_names_the_entry(tmp_path: Path) -> None:
    docs = raw_documents()
    _break_shared_alias(docs)
    for name, document in docs.items():
        (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        load_catalog_from(tmp_path)
    message = str(caught.value)
    assert str(tmp_path / "tools.yaml") in message
    assert "'genesys-pureconnect'" in message and "'genesys-cloud-cx'" in message


def test_loading_a_copy_of_the_shipped_data(tmp_path: Path) -> None:
    for name, document in raw_documents().items():
        (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    copy_catalog = load_catalog_from(tmp_path)
    assert len(copy_catalog.tools) == len(load_catalog().tools)
    assert copy_catalog.parse_region("OCI LHR") is not None


def test_missing_catalog_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read catalog"):
        load_catalog_from(tmp_path)


def test_load_catalog_is_cached() -> None:
    assert load_catalog() is load_catalog()


def test_fold_keeps_words_apart() -> None:
    assert fold("Observe.AI") == "observe ai"
    assert fold("SharePoint / OneDrive") == "sharepoint onedrive"


# --- helpers the extractors, rules and spaCy patterns use ----------------------------------


@pytest.mark.parametrize(
    ("text", "city", "country"),
    [
        ("Manila, Philippines", "Manila", "PH"),
        ("Makati City, Metro Manila, Philippines", "Makati", "PH"),
        ("123 High Street, Leeds, UK", "Leeds", "GB"),
        ("Philippines", None, "PH"),
        ("Singapore", "Singapore", "SG"),
        ("1 Raffles Place, Singapore", "Singapore", "SG"),
        # a city-state as the country line: the "postcode town" before it is the site's town
        ("418 Park Avenue, 70358 Jurong West, Singapore", "Jurong West", "SG"),
        ("Hyderabad", "Hyderabad", None),
        ("Hyderabad, India", "Hyderabad", "IN"),
        ("Springfield, USA", "Springfield", "US"),
        ("Bangalore, Karnataka, India", "Bengaluru", "IN"),
        # a postcode before or after the town is not part of its name
        ("10115 Berlin, Germany", "Berlin", "DE"),
        ("Friedrichstrasse 68, 10117 Berlin, Germany", "Berlin", "DE"),
        ("London EC2A 4BX, United Kingdom", "London", "GB"),
        ("75008 Paris, France", "Paris", "FR"),
        ("10115 Unknownstadt, Germany", "Unknownstadt", "DE"),
    ],
)
def test_parse_site(catalog: Catalog, text: str, city: str | None, country: str | None) -> None:
    assert catalog.parse_site(text) == (city, country)


def test_parse_site_uses_the_given_country(catalog: Catalog) -> None:
    assert catalog.parse_site("Cape Town", "ZA") == ("Cape Town", "ZA")
    assert catalog.parse_site("Hyderabad", "Pakistan") == ("Hyderabad", "PK")


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [("Bangalore", "Bengaluru", True), ("Newcastle", "Newcastle upon Tyne", True),
     ("KRAKOW", "Kraków", True), ("Makati", "Manila", False), ("Leeds", "Leicester", False)],
)  # fmt: skip
def test_same_city(catalog: Catalog, left: str, right: str, same: bool) -> None:
    assert catalog.same_city(left, right) is same


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        ("Northwind Contact Services Ltd", "NORTHWIND CONTACT SERVICES LIMITED", True),
        ("Kestrel Outsourcing Pvt. Ltd.", "Kestrel Outsourcing Private Limited", True),
        ("Amazon Web Services, Inc. (AWS)", "AWS", True),
        ("Amazon Web Services", "AWS", True),
        ("BSI", "British Standards Institution", True),
        ("Kestrel Global Services Pte. Ltd.", "Kestrel Outsourcing Private Limited", False),
        ("Amazon Connect", "Amazon Web Services", False),
        ("Genesys Cloud", "Genesys PureConnect", False),
    ],
)
def test_same_entity(catalog: Catalog, left: str, right: str, same: bool) -> None:
    assert catalog.same_entity(left, right) is same


@pytest.mark.parametrize(
    ("name", "text", "conflict"),
    [
        ("Genesys Cloud", "Operations of Genesys Cloud WEM for clients", True),
        ("Genesys Cloud", "Genesys Cloud WEM and Genesys Cloud", False),
        ("Dynamics 365", "Microsoft Dynamics 365 Contact Center services", True),
        ("Dynamics 365", "Microsoft Dynamics 365 services", False),
        ("Zendesk", "Zendesk Sell CRM", True),
        ("Microsoft 365", "delivered with Microsoft 365", False),
    ],
)
def test_tool_in_text_conflicts(catalog: Catalog, name: str, text: str, conflict: bool) -> None:
    assert catalog.tool_in_text_conflicts(name, text) is conflict


def test_find_body_in_text_prefers_the_issuer(catalog: Catalog) -> None:
    text = "Accredited by UKAS. Certificate issued by BSI Assurance UK Limited. bsi"
    found = catalog.find_body_in_text(text)
    assert found is not None
    body, start, end = found
    assert body.id == "bsi" and text[start:end] == "BSI Assurance UK"
    assert catalog.find_body_in_text("Accredited by UKAS only.") is None
    assert catalog.find_body_in_text("we found the bsi mark") is None  # acronyms in capitals


def test_countries_in_running_text(catalog: Catalog) -> None:
    text = "Sites in Manila, Philippines and Ohio, USA. Contact us. Papua New Guinea; Georgia."
    assert catalog.countries_in(text) == ["PH", "US", "PG"]


def test_provider_helpers(catalog: Catalog) -> None:
    assert catalog.provider_in("data hosted in Amazon Web Services (AWS) region") == "aws"
    assert catalog.provider_in("hosted on Google Cloud in") == "gcp"
    assert catalog.provider_in("hosted on premises") is None
    assert catalog.provider_label("gcp") == "Google Cloud"
    assert catalog.provider_label("aws") == "AWS"
    assert catalog.country_name("PH") == "Philippines"
    assert catalog.jurisdiction_countries("EU") == catalog.jurisdiction_countries("the EU")
    assert catalog.jurisdiction_countries("Narnia") == frozenset()


def test_is_generic_alias(catalog: Catalog) -> None:
    teams = catalog.tool("microsoft-teams")
    assert teams is not None
    assert catalog.is_generic_alias(teams, "Teams")
    assert not catalog.is_generic_alias(teams, "Microsoft Teams")


def test_phrase_patterns(catalog: Catalog) -> None:
    rows = catalog.phrase_patterns()
    by_key = {(label, key): phrases for label, key, phrases in rows}
    assert {label for label, _, _ in rows} == {
        "TOOL", "REGION", "PROVIDER", "CITY", "COUNTRY", "JURISDICTION"
    }  # fmt: skip
    assert "Teams" in by_key[("TOOL", "microsoft-teams")]  # the component checks the vendor
    assert "Azure Central India" in by_key[("REGION", "azure:centralindia")]
    assert "Central India" not in by_key[("REGION", "azure:centralindia")]
    assert "UK South" in by_key[("REGION", "azure:uksouth")]
    assert "Google" not in by_key[("PROVIDER", "gcp")]
    assert "Bogota" in by_key[("CITY", "CO:Bogotá")]
    assert "US" not in by_key[("COUNTRY", "US")] and "USA" in by_key[("COUNTRY", "US")]
    assert ("CITY", "GB:Reading") not in by_key
    assert all(phrases for _, _, phrases in rows)


@pytest.mark.parametrize(
    ("name", "tool_id"),
    [
        ("Guru", "guru"),
        ("Teams", "microsoft-teams"),
        ("Connect", "amazon-connect"),
        ("Flex", "twilio-flex"),
        ("Microsoft Teams", "microsoft-teams"),
        ("PureCloud", "genesys-cloud-cx"),
        ("Frobnicator", None),
    ],
)
def test_declared_tool_takes_generic_words_at_their_word(
    catalog: Catalog, name: str, tool_id: str | None
) -> None:
    """A contract's "Teams" means the product; a document's "teams" needs its vendor."""
    found = catalog.declared_tool(name)
    assert (found.id if found else None) == tool_id
    if name in {"Guru", "Teams", "Connect", "Flex"}:
        assert catalog.tool_by_alias(name) is None


@pytest.mark.parametrize(
    ("between", "after", "statement"),
    [
        (" regions in the ", "", True),
        (" regions in ", "", True),
        ("'s regions within the ", "", True),
        (" data centres located in the ", "", True),
        (" data centers in ", "", True),
        (" cloud regions across the ", "", True),
        (" ", " regions.", True),
        (" ", " data centres", True),
        (" is used for email; data is processed in the ", "", False),
        (" eu-west-2 and in Microsoft Azure regions in the ", "", False),
        (" ", " customers", False),
        (" regions outside the ", "", False),
    ],
)
def test_is_region_statement(catalog: Catalog, between: str, after: str, statement: bool) -> None:
    assert catalog.is_region_statement(between, after) is statement


@pytest.mark.parametrize("mark", ["(R)", "(r)", "(TM)", " (tm)", "(SM)", "®", "™"])
def test_typed_trademarks_fold_away(catalog: Catalog, mark: str) -> None:
    assert catalog.normalise(f"Five9{mark}") == "five9"
    found = catalog.tool_by_alias(f"Five9{mark}")
    assert found is not None and found.id == "five9"
