"""The REST API's read side, through real HTTP requests: every read endpoint's
shape (the field names are a contract other programs rely on), JSON 404s,
pagination, a constant number of SQL queries per request whatever the number
of rows, the OpenAPI schema and its docs page served without a CDN, and (on
PostgreSQL) the text search served by its GIN index.

Filters and their 400s are in test_api_filters.py, the CSV export in
test_api_export.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from claims.models import (
    Claim,
    ClaimKind,
    ClaimStatus,
    EventKind,
    Quantity,
    RelationKind,
    RelationOrigin,
    RelationState,
    SourceKind,
)
from tests.factories import (
    make_claim,
    make_document,
    make_event,
    make_figure,
    make_party,
    make_place,
    make_relation,
    make_review,
    make_source,
    make_user,
)

pytestmark = pytest.mark.django_db

ON_POSTGRES = connection.vendor == "postgresql"

# DESIGN.md, "REST API": fields other programs rely on; more may be added.
CLAIM_CONTRACT = {
    "id",
    "url",
    "text",
    "excerpt",
    "kind",
    "status",
    "stated_on",
    "document",
    "section",
    "char_start",
    "char_end",
    "source",
    "event",
    "figures",
}


@pytest.fixture(autouse=True)
def _unthrottled(settings):
    """The test client is one address: lift the anonymous rate for this file (and
    hash the reviewers' passwords quickly)."""
    settings.API_ANON_RATE = "100000/minute"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()


def get_json(client: Client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return response.json()


# --- shapes -----------------------------------------------------------------------------


@pytest.fixture
def hajin():
    """One event told by two sources: SOHR (neutral) and the SDF (a party to it)."""
    sdf = make_party(slug="sdf", name="Syrian Democratic Forces")
    isil = make_party(slug="isil", name="ISIL")
    place = make_place(slug="hajin", name="Hajin", governorate="Deir ez-Zor")
    document = make_document(slug="deir-ez-zor", title="Deir ez-Zor campaign")
    event = make_event(
        title="Battle of Hajin",
        date=dt.date(2018, 12, 3),
        kind=EventKind.CAPTURE,
        places=[place],
        parties=[sdf, isil],
        document=document,
        position=10,
    )
    sohr = make_source(slug="sohr", name="SOHR", kind=SourceKind.MONITOR)
    sdf_press = make_source(
        slug="sdf-press", name="SDF Press Office", kind=SourceKind.BELLIGERENT, party=sdf
    )
    sohr_claim = make_claim(
        source=sohr,
        event=event,
        document=document,
        text="23 civilians were killed in Hajin",
        excerpt="SOHR stated that 23 civilians were killed in Hajin.",
        section="December 2018 > Hajin",
        char_start=100,
        char_end=150,
        verb="stated",
        stated_on=dt.date(2018, 12, 4),
        kind=ClaimKind.CIVILIAN_HARM,
    )
    make_figure(sohr_claim, quantity=Quantity.KILLED, subject="civilians", low=23, high=23)
    make_figure(sohr_claim, quantity=Quantity.WOUNDED, subject="civilians", low=40, high=None)
    sdf_claim = make_claim(
        source=sdf_press,
        event=event,
        document=document,
        text="No civilians were harmed in the operation",
        char_start=200,
        char_end=240,
        verb="denied",
        kind=ClaimKind.DENIAL,
    )
    make_figure(sdf_claim, quantity=Quantity.KILLED, subject="civilians", low=0, high=0)
    relation = make_relation(sdf_claim, sohr_claim, kind=RelationKind.DENIES, note="Flat denial")
    editor = make_user("amira")
    make_review(sohr_claim, editor, status=ClaimStatus.CORROBORATED, rationale="Two witnesses.")
    make_review(
        sohr_claim,
        editor,
        status=ClaimStatus.DISPUTED,
        rationale="The SDF denies it.",
        evidence=["https://example.org/sdf"],
    )
    return {
        "sdf": sdf,
        "place": place,
        "document": document,
        "event": event,
        "sohr": sohr,
        "sdf_press": sdf_press,
        "sohr_claim": sohr_claim,
        "sdf_claim": sdf_claim,
        "relation": relation,
    }


def test_api_root_links_every_resource(client):
    root = get_json(client, "/api/")
    assert set(root) >= {"claims", "events", "sources", "places", "documents", "relations"}
    assert root["claims"] == "http://testserver/api/claims/"
    for url in root.values():
        assert client.get(url).status_code == 200, url


def test_claim_list_rows_carry_the_contract_fields(client, hajin):
    page = get_json(client, "/api/claims/")

    assert set(page) == {"count", "count_is_estimate", "next", "previous", "results"}
    assert page["count"] == 2
    row = next(r for r in page["results"] if r["id"] == hajin["sohr_claim"].pk)
    assert set(row) >= CLAIM_CONTRACT
    claim = hajin["sohr_claim"]
    assert row["url"] == f"http://testserver/api/claims/{claim.pk}/"
    assert row["text"] == "23 civilians were killed in Hajin"
    assert row["excerpt"] == "SOHR stated that 23 civilians were killed in Hajin."
    assert row["kind"] == "civilian_harm"
    assert row["status"] == "disputed"  # the latest review's
    assert row["stated_on"] == "2018-12-04"
    assert row["document"] == "deir-ez-zor"
    assert row["section"] == "December 2018 > Hajin"
    assert (row["char_start"], row["char_end"]) == (100, 150)
    assert row["source"] == {"slug": "sohr", "name": "SOHR", "kind": "monitor", "party": None}
    assert row["event"]["id"] == hajin["event"].pk
    assert {k: row["event"][k] for k in ("date", "date_precision", "title")} == {
        "date": "2018-12-03",
        "date_precision": "day",
        "title": "Battle of Hajin",
    }
    assert [{k: f[k] for k in ("quantity", "subject", "low", "high")} for f in row["figures"]] == [
        {"quantity": "killed", "subject": "civilians", "low": 23, "high": 23},
        {"quantity": "wounded", "subject": "civilians", "low": 40, "high": None},
    ]
    # The serializer's extras.
    assert row["page_url"] == f"http://testserver/claims/{claim.pk}/"
    assert row["verb"] == "stated"
    assert row["self_interested"] is False
    assert row["contradiction_count"] == 1
    assert row["version"].startswith(f"{claim.pk}.")


def test_claim_of_a_party_to_its_event_is_self_interested(client, hajin):
    row = get_json(client, f"/api/claims/{hajin['sdf_claim'].pk}/")
    assert row["source"]["party"] == "sdf"
    assert row["self_interested"] is True


def test_claim_without_event_or_document_has_nulls(client):
    claim = make_claim(text="Undated rumour")
    row = get_json(client, "/api/claims/")["results"][0]
    assert row["id"] == claim.pk
    assert row["event"] is None
    assert row["document"] is None
    assert row["figures"] == []
    assert row["self_interested"] is False


def test_claim_detail_shows_relations_both_ways_and_the_review_history(client, hajin):
    sohr_claim, sdf_claim = hajin["sohr_claim"], hajin["sdf_claim"]
    response = client.get(f"/api/claims/{sohr_claim.pk}/")
    detail = response.json()

    assert response.status_code == 200
    assert response["ETag"] == f'"{detail["version"]}"'
    assert CLAIM_CONTRACT | {"relations", "reviews"} <= set(detail)
    [incoming] = detail["relations"]
    assert incoming["id"] == hajin["relation"].pk
    assert incoming["kind"] == "denies"
    assert incoming["direction"] == "incoming"
    assert incoming["state"] == "accepted"
    assert incoming["note"] == "Flat denial"
    assert incoming["other_claim"]["id"] == sdf_claim.pk
    assert incoming["other_claim"]["text"] == "No civilians were harmed in the operation"
    assert incoming["other_claim"]["source"]["slug"] == "sdf-press"
    assert incoming["other_claim"]["source"]["party"] == "sdf"
    # Newest first: the latest review is the claim's status.
    assert [(r["status"], r["rationale"], r["reviewer"]) for r in detail["reviews"]] == [
        ("disputed", "The SDF denies it.", "amira"),
        ("corroborated", "Two witnesses.", "amira"),
    ]
    assert detail["reviews"][0]["evidence"] == ["https://example.org/sdf"]

    other = get_json(client, f"/api/claims/{sdf_claim.pk}/")
    [outgoing] = other["relations"]
    assert (outgoing["direction"], outgoing["kind"]) == ("outgoing", "denies")
    assert outgoing["other_claim"]["id"] == sohr_claim.pk
    assert outgoing["other_claim"]["source"]["slug"] == "sohr"
    assert other["reviews"] == []


def test_event_list_rows(client, hajin):
    page = get_json(client, "/api/events/")
    [row] = page["results"]
    assert row["id"] == hajin["event"].pk
    assert row["url"] == f"http://testserver/api/events/{hajin['event'].pk}/"
    assert row["date"] == "2018-12-03"
    assert row["date_precision"] == "day"
    assert row["title"] == "Battle of Hajin"
    assert row["kind"] == "capture"
    assert row["places"] == [{"slug": "hajin", "name": "Hajin"}]
    assert sorted(row["parties"]) == ["isil", "sdf"]
    assert row["document"] == "deir-ez-zor"
    assert row["claim_count"] == 2
    assert row["contested"] is True


def test_event_detail_shows_its_claims_and_each_sources_figures_side_by_side(client, hajin):
    detail = get_json(client, f"/api/events/{hajin['event'].pk}/")

    assert [c["id"] for c in detail["claims"]] == [hajin["sohr_claim"].pk, hajin["sdf_claim"].pk]
    sdf_row = detail["claims"][1]
    assert sdf_row["source"]["slug"] == "sdf-press"
    assert sdf_row["self_interested"] is True
    assert sdf_row["figures"][0]["low"] == 0
    side_by_side = {
        entry["quantity"]: [(f["source"]["slug"], f["low"], f["high"]) for f in entry["figures"]]
        for entry in detail["figures_by_quantity"]
    }
    assert side_by_side == {
        "killed": [("sohr", 23, 23), ("sdf-press", 0, 0)],
        "wounded": [("sohr", 40, None)],
    }
    assert [e["quantity"] for e in detail["figures_by_quantity"]] == ["killed", "wounded"]
    killed = detail["figures_by_quantity"][0]["figures"]
    assert killed[0]["claim"] == hajin["sohr_claim"].pk
    assert killed[0]["claim_status"] == "disputed"
    assert killed[0]["subject"] == "civilians"


def test_source_list_counts_claims_per_status(client, hajin):
    rows = {row["slug"]: row for row in get_json(client, "/api/sources/")["results"]}
    assert set(rows) == {"sohr", "sdf-press"}
    sohr = rows["sohr"]
    assert sohr["url"] == "http://testserver/api/sources/sohr/"
    assert sohr["name"] == "SOHR"
    assert sohr["kind"] == "monitor"
    assert sohr["party"] is None
    assert sohr["claim_count"] == 1
    assert sohr["status_counts"] == {
        "unverified": 0,
        "corroborated": 0,
        "confirmed": 0,
        "disputed": 1,
        "false": 0,
        "retracted": 0,
    }
    assert rows["sdf-press"]["party"] == {"slug": "sdf", "name": "Syrian Democratic Forces"}
    assert rows["sdf-press"]["status_counts"]["unverified"] == 1


def test_source_detail_is_its_track_record(client, hajin):
    # A second SDF claim, about an event the SDF was not party to.
    make_claim(
        source=hajin["sdf_press"],
        event=make_event(parties=[make_party()]),
        kind=ClaimKind.TERRITORY,
    )
    detail = get_json(client, "/api/sources/sdf-press/")

    assert detail["party"] == {"slug": "sdf", "name": "Syrian Democratic Forces"}
    assert detail["claim_count"] == 2
    assert detail["status_counts"]["unverified"] == 2
    assert detail["kind_counts"] == {
        "casualties": 0,
        "civilian_harm": 0,
        "territory": 1,
        "denial": 1,
        "person": 0,
        "other": 0,
    }
    assert detail["self_interested_count"] == 1
    assert detail["claims_url"] == "http://testserver/api/claims/?source=sdf-press"
    assert get_json(client, "/api/sources/sohr/")["self_interested_count"] == 0


def test_place_list_and_detail(client, hajin):
    [row] = get_json(client, "/api/places/")["results"]
    assert row["slug"] == "hajin"
    assert row["name"] == "Hajin"
    assert row["governorate"] == "Deir ez-Zor"
    assert row["event_count"] == 1
    assert get_json(client, "/api/places/hajin/") == row


def test_document_list_leaves_out_the_body_and_the_detail_has_it(client, hajin):
    [row] = get_json(client, "/api/documents/")["results"]
    assert row["slug"] == "deir-ez-zor"
    assert row["url"] == "http://testserver/api/documents/deir-ez-zor/"
    assert row["title"] == "Deir ez-Zor campaign"
    assert (row["claim_count"], row["event_count"]) == (2, 1)
    assert "body" not in row

    detail = get_json(client, "/api/documents/deir-ez-zor/")
    assert detail["body"] == hajin["document"].body
    assert detail["front_matter"] == {}


def test_relation_list_and_detail(client, hajin):
    [row] = get_json(client, "/api/relations/")["results"]
    relation = hajin["relation"]
    assert row["id"] == relation.pk
    assert row["url"] == f"http://testserver/api/relations/{relation.pk}/"
    assert row["from_claim"]["id"] == hajin["sdf_claim"].pk
    assert row["from_claim"]["source"]["slug"] == "sdf-press"
    assert row["to_claim"]["id"] == hajin["sohr_claim"].pk
    assert row["to_claim"]["text"] == "23 civilians were killed in Hajin"
    assert (row["kind"], row["origin"], row["state"]) == ("denies", "editor", "accepted")
    assert get_json(client, f"/api/relations/{relation.pk}/") == row


@pytest.mark.parametrize(
    "url",
    [
        "/api/claims/999999/",
        "/api/claims/abc/",
        "/api/claims/99999999999999999999/",
        "/api/events/999999/",
        "/api/sources/no-such-source/",
        "/api/places/no-such-place/",
        "/api/documents/no-such-document/",
        "/api/relations/999999/",
    ],
)
def test_a_missing_id_or_slug_is_a_json_404(client, url):
    body = get_json(client, url, status=404)
    assert body["detail"]


@pytest.mark.parametrize("resource", ["sources", "places", "documents", "claims", "events"])
def test_a_slug_or_id_with_a_nul_character_is_a_json_404(client, resource):
    """PostgreSQL refuses NUL in text: it must never reach a query (a 500)."""
    get_json(client, f"/api/{resource}/a%00b/", status=404)


# --- pagination -------------------------------------------------------------------------


def test_lists_come_in_pages_of_50_with_links_and_a_count(client):
    source = make_source()
    claims = [make_claim(source=source) for _ in range(55)]
    ids = sorted(claim.pk for claim in claims)

    first = get_json(client, "/api/claims/")
    assert first["count"] == 55
    assert [row["id"] for row in first["results"]] == ids[:50]
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/claims/?page=2"

    second = get_json(client, first["next"])
    assert [row["id"] for row in second["results"]] == ids[50:]
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/claims/"


def test_page_size_chooses_the_page_length_and_links_keep_it_and_the_filters(client):
    source = make_source(slug="sohr")
    ids = [make_claim(source=source).pk for _ in range(7)]
    make_claim()  # another source's

    page = get_json(client, "/api/claims/?source=sohr&page_size=3&page=2")
    assert page["count"] == 7
    assert [row["id"] for row in page["results"]] == ids[3:6]
    assert page["next"] == "http://testserver/api/claims/?page=3&page_size=3&source=sohr"
    assert page["previous"] == "http://testserver/api/claims/?page_size=3&source=sohr"
    last = get_json(client, "/api/claims/?source=sohr&page_size=3&page=last")
    assert [row["id"] for row in last["results"]] == ids[6:]


def test_page_size_of_1000_is_allowed(client):
    source = make_source()
    Claim.objects.bulk_create(Claim(source=source, text=f"claim {i}") for i in range(1001))
    page = get_json(client, "/api/claims/?page_size=1000")
    assert page["count"] == 1001
    assert len(page["results"]) == 1000
    assert page["next"] == "http://testserver/api/claims/?page=2&page_size=1000"


@pytest.mark.parametrize("endpoint", ["claims", "events", "sources", "relations"])
def test_a_page_past_the_end_is_a_json_404(client, endpoint):
    body = get_json(client, f"/api/{endpoint}/?page=2", status=404)
    assert "page" in body["detail"].lower()


# --- a constant number of queries -------------------------------------------------------


@dataclass
class Hub:
    """One of each row, which every story below adds to."""

    party: object
    source: object
    place: object
    document: object
    event: object
    claim: object
    reviewer: object
    relations: list = field(default_factory=list)


def make_hub() -> Hub:
    party = make_party()
    place = make_place(latitude="34.9000", longitude="40.6000")
    document = make_document(front_matter={"title": "Hub"}, tags=["hub"])
    event = make_event(places=[place], parties=[party], document=document, position=1)
    source = make_source(party=party, kind=SourceKind.BELLIGERENT)
    claim = make_claim(source=source, event=event, document=document, char_start=1, char_end=9)
    make_figure(claim, low=1, high=3)
    reviewer = make_user()
    make_review(claim, reviewer, status=ClaimStatus.CORROBORATED)
    return Hub(party, source, place, document, event, claim, reviewer)


def add_stories(hub: Hub, count: int) -> None:
    """Each story is a new party, source, place and document, an event they are
    about, two claims with figures, two relations with the hub's claim (one each
    way) and a review: every list and every hub detail grows by a row or more."""
    for index in range(count):
        party = make_party()
        source = make_source(party=party, kind=SourceKind.STATE_MEDIA)
        place = make_place()
        document = make_document()
        event = make_event(
            places=[hub.place, place],
            parties=[hub.party, party],
            document=document,
            date=dt.date(2018, 1, 1) + dt.timedelta(days=index),
        )
        claim = make_claim(source=source, event=event, document=document, stated_on=event.date)
        make_figure(claim, low=index, high=index + 10)
        make_figure(claim, quantity=Quantity.WOUNDED, low=index)
        about_hub = make_claim(source=hub.source, event=hub.event, document=hub.document)
        make_figure(about_hub, quantity=Quantity.CAPTURED, low=index)
        hub.relations.append(make_relation(claim, hub.claim, kind=RelationKind.DENIES))
        hub.relations.append(
            make_relation(
                hub.claim,
                about_hub,
                kind=RelationKind.CONTRADICTS,
                origin=RelationOrigin.IMPORTER,
                state=RelationState.SUGGESTED,
            )
        )
        make_review(hub.claim, hub.reviewer, status=ClaimStatus.DISPUTED)
        make_review(claim, hub.reviewer, status=ClaimStatus.FALSE)


def count_queries(client: Client, url: str) -> tuple[int, dict | bytes]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, (url, body[:500])
    if response["Content-Type"].startswith("application/json"):
        body = json.loads(body)
    return len(queries), body


def list_urls(hub: Hub) -> list[str]:
    return [
        "/api/claims/?page_size=1000",
        "/api/events/?page_size=1000",
        "/api/sources/?page_size=1000",
        "/api/places/?page_size=1000",
        "/api/documents/?page_size=1000",
        "/api/relations/?page_size=1000",
        f"/api/claims/?page_size=1000&place={hub.place.slug}&contested=true&ordering=-date",
        f"/api/events/?page_size=1000&party={hub.party.slug}&contested=true",
        f"/api/relations/?page_size=1000&claim={hub.claim.pk}",
        "/api/claims.csv",
    ]


def detail_urls(hub: Hub) -> list[str]:
    return [
        f"/api/claims/{hub.claim.pk}/",
        f"/api/events/{hub.event.pk}/",
        f"/api/sources/{hub.source.slug}/",
        f"/api/places/{hub.place.slug}/",
        f"/api/documents/{hub.document.slug}/",
        f"/api/relations/{hub.relations[0].pk}/",
    ]


def test_list_endpoints_run_as_many_queries_for_60_rows_as_for_one(client):
    hub = make_hub()
    add_stories(hub, 1)
    few = {url: count_queries(client, url)[0] for url in list_urls(hub)}

    add_stories(hub, 59)
    many = {}
    for url in list_urls(hub):
        many[url], body = count_queries(client, url)
        if isinstance(body, dict):
            assert len(body["results"]) >= 60, url  # every row on the one page
        else:
            assert body.count(b"\n") == 1 + 121, url  # header and every claim

    assert many == few


def test_detail_endpoints_run_as_many_queries_for_60_related_rows_as_for_one(client):
    hub = make_hub()
    add_stories(hub, 1)
    few = {url: count_queries(client, url)[0] for url in detail_urls(hub)}

    add_stories(hub, 59)
    many = {url: count_queries(client, url) for url in detail_urls(hub)}
    claim = many[f"/api/claims/{hub.claim.pk}/"][1]
    assert (len(claim["relations"]), len(claim["reviews"])) == (120, 61)
    event = many[f"/api/events/{hub.event.pk}/"][1]
    assert len(event["claims"]) == 61
    assert many[f"/api/sources/{hub.source.slug}/"][1]["claim_count"] == 61
    assert many[f"/api/places/{hub.place.slug}/"][1]["event_count"] == 61

    assert {url: count for url, (count, _) in many.items()} == few


# --- OpenAPI schema and docs ------------------------------------------------------------


def test_openapi_schema_loads_and_lists_the_read_endpoints(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in [
        "/api/claims/",
        "/api/claims/{id}/",
        "/api/events/",
        "/api/events/{id}/",
        "/api/sources/",
        "/api/sources/{slug}/",
        "/api/places/",
        "/api/documents/",
        "/api/documents/{slug}/",
        "/api/relations/",
    ]:
        assert "get" in paths[path], path
    claim_parameters = {p["name"] for p in paths["/api/claims/"]["get"]["parameters"]}
    assert claim_parameters >= {
        "source",
        "party",
        "status",
        "kind",
        "document",
        "event",
        "place",
        "date_after",
        "date_before",
        "contested",
        "self_interested",
        "q",
        "ordering",
        "page",
        "page_size",
    }
    assert client.get("/api/schema/").status_code == 200  # YAML, the default


JSON_TYPES = {"string": str, "boolean": bool, "integer": int, "number": (int, float)}


def test_schema_query_parameters_can_be_satisfied(client):
    """An enum whose values are not of the parameter's type admits no value at all
    (the true/false filters were once "a boolean, one of 'true' and 'false'")."""
    schema = json.loads(client.get("/api/schema/?format=json").content)
    checked = 0
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                spec = parameter["schema"]
                spec = spec.get("items", spec)
                for value in spec.get("enum", []):
                    assert isinstance(value, JSON_TYPES[spec["type"]]), (path, parameter)
                    checked += 1
    assert checked > 0
    claim_parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/claims/"]["get"]["parameters"]
    }
    assert claim_parameters["contested"]["type"] == "boolean"
    assert claim_parameters["self_interested"]["type"] == "boolean"
    assert claim_parameters["event"]["type"] == "integer"
    assert claim_parameters["event"]["minimum"] == 1


def _asset_urls(html: str) -> list[str]:
    return re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', html)


def test_swagger_docs_load_their_assets_from_the_tracker_only(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()

    assets = _asset_urls(html)
    assert any(url.endswith("swagger-ui-bundle.js") for url in assets)
    assert any(url.endswith("swagger-ui.css") for url in assets)
    assert re.findall(r"https?://", html) == []
    for url in assets:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), url


def test_swagger_docs_assets_are_served_by_the_tracker(settings):
    """As under `make run` (DEBUG on): WhiteNoise serves them from the apps. The
    test runner turns DEBUG off, and WhiteNoise reads it when the client's
    middleware is built, so a fresh client after switching it on."""
    settings.DEBUG = True
    client = Client()
    html = client.get("/api/docs/").content.decode()
    for url in _asset_urls(html):
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body, url


# --- PostgreSQL full-text index ---------------------------------------------------------


@pytest.mark.skipif(
    not ON_POSTGRES,
    reason="claim_search_idx is a PostgreSQL GIN index; SQLite searches without one",
)
def test_text_search_is_served_by_the_gin_index():
    """The stored search vector (filled by the trigger of migration 0004) is what
    the query filters on and what the index covers."""
    source = make_source()
    for index in range(20):
        make_claim(source=source, text=f"Claim {index} about shelling", excerpt="A sentence.")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Claim.objects.search("shelling").explain()
    assert "claim_search_idx" in plan, plan
