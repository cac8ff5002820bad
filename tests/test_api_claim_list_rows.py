"""The claim list builds its rows from plain column values (ClaimListRows) rather
than through ClaimSerializer, and filters contested claims, dates and places
through sets of ids. These tests hold both to what they replace: the same JSON
as the serializer, and the same rows as the filters' plain meaning, in every
direction and corner (a relation either way, a rejected one, an event range)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.db.models import F
from django.test import RequestFactory
from rest_framework.request import Request

from claims.api.serializers import ClaimListRows, ClaimSerializer
from claims.models import (
    Claim,
    ClaimStatus,
    DatePrecision,
    Event,
    Quantity,
    RelationKind,
    RelationState,
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


@pytest.fixture(autouse=True)
def _unthrottled(settings):
    settings.API_ANON_RATE = "100000/minute"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()


def _varied_claims() -> list[Claim]:
    """Claims covering every shape a row can take: with and without event, date,
    date range, document, party, figures (several, open-ended), stated_on."""
    party = make_party(slug="sdf")
    partisan = make_source(slug="sdf-press", party=party)
    monitor = make_source(slug="sohr")
    document = make_document(slug="campaign", body="x" * 5000)
    ranged = make_event(
        date=dt.date(2018, 10, 9),
        date_end=dt.date(2018, 10, 10),
        title="Two days of fighting",
        parties=[party],
        document=document,
    )
    monthly = make_event(
        date=dt.date(2018, 11, 1), date_precision=DatePrecision.MONTH, title="November"
    )
    undated = make_event(date=None, title="Some time")
    claims = [
        make_claim(
            source=partisan,
            event=ranged,
            document=document,
            text="Fighters “took” the town — all of it",
            excerpt="Line\u2028separated, with <markup> & quotes\"'",
            section="A > B",
            char_start=10,
            char_end=20,
            stated_on=dt.date(2018, 10, 11),
            verb="stated",
        ),
        make_claim(source=monitor, event=monthly, stated_on_precision=DatePrecision.MONTH),
        make_claim(source=monitor, event=undated),
        make_claim(source=monitor, event=None, document=None),
    ]
    make_figure(claims[0], quantity=Quantity.KILLED, subject="civilians", low=3, high=5)
    make_figure(claims[0], quantity=Quantity.CAPTURED, subject="", low=None, high=7)
    make_figure(claims[1], quantity=Quantity.KILLED, as_written="dozens", low=None, high=None)
    make_relation(claims[1], claims[0], kind=RelationKind.DENIES)
    make_review(claims[2], make_user(), status=ClaimStatus.DISPUTED)
    return claims


def _serializer_rows(request) -> list[dict]:
    """What ClaimSerializer makes of the list's claims, read as before."""
    claims = Claim.objects.with_related().with_contradiction_count().order_by("id")
    context = {"request": Request(request), "format": None}
    return json.loads(json.dumps(ClaimSerializer(claims, many=True, context=context).data))


def test_list_rows_are_the_serializers_output_key_for_key(client):
    _varied_claims()
    request = RequestFactory().get("/api/claims/")
    expected = _serializer_rows(request)

    response = client.get("/api/claims/")
    assert response.status_code == 200
    rows = response.json()["results"]

    assert rows == expected
    assert [list(row) for row in rows] == [list(row) for row in expected]  # same key order
    assert len(rows) == 4


@pytest.mark.parametrize(
    ("ordering", "order_by"),
    [
        ("-date", (F("event__date").desc(nulls_last=True), F("id").asc())),
        ("stated_on,-id", (F("stated_on").asc(nulls_last=True), F("id").desc(nulls_last=True))),
        ("status", (F("status").asc(nulls_last=True), F("id").asc())),
    ],
)
def test_list_rows_in_any_order_are_the_serializers_output(client, ordering, order_by):
    """On PostgreSQL the page's statement is compiled once per ordering and
    reused: each ordering must still read its own rows, in its own order."""
    _varied_claims()
    request = RequestFactory().get("/api/claims/")
    by_id = {row["id"]: row for row in _serializer_rows(request)}
    expected_ids = list(Claim.objects.order_by(*order_by).values_list("id", flat=True))
    for _ in range(2):  # compiled, then reused
        rows = client.get(f"/api/claims/?ordering={ordering}").json()["results"]
        assert [row["id"] for row in rows] == expected_ids
        assert rows == [by_id[claim_id] for claim_id in expected_ids]
    searched = client.get(f"/api/claims/?ordering={ordering}&q=town").json()
    assert searched["count"] == Claim.objects.search("town").count() == 1


def test_list_rows_link_with_the_requested_format_suffix(client):
    """`/api/claims.json` links each claim as `/api/claims/<id>.json`, as DRF's
    hyperlinked fields do."""
    claim = make_claim()
    row = client.get("/api/claims.json").json()["results"][0]
    assert row["url"] == f"http://testserver/api/claims/{claim.pk}.json"
    assert row["page_url"] == f"http://testserver/claims/{claim.pk}/"


@pytest.mark.parametrize("time_zone", ["UTC", "Asia/Damascus"])
def test_list_timestamps_and_versions_are_the_serializers_to_the_microsecond(
    client, settings, time_zone
):
    """On PostgreSQL the database writes the timestamps and versions when the
    API writes times in UTC; elsewhere, and in another time zone, Python does."""
    settings.TIME_ZONE = time_zone
    moments = [
        dt.datetime(2018, 10, 9, 12, 0, 0, tzinfo=dt.UTC),  # no microseconds
        dt.datetime(2018, 10, 9, 12, 0, 0, 500, tzinfo=dt.UTC),
        dt.datetime(1969, 12, 31, 23, 59, 30, 123456, tzinfo=dt.UTC),  # before 1970
        dt.datetime(2026, 2, 28, 23, 59, 59, 999999, tzinfo=dt.UTC),
    ]
    for moment in moments:
        claim = make_claim()
        Claim.objects.filter(pk=claim.pk).update(created_at=moment, updated_at=moment)
    request = RequestFactory().get("/api/claims/")
    expected = _serializer_rows(request)

    rows = client.get("/api/claims/").json()["results"]

    assert rows == expected
    assert [row["updated_at"] for row in rows][:2] == (
        ["2018-10-09T12:00:00Z", "2018-10-09T12:00:00.000500Z"]
        if time_zone == "UTC"
        else ["2018-10-09T15:00:00+03:00", "2018-10-09T15:00:00.000500+03:00"]
    )
    for row in rows:
        etag = client.get(f"/api/claims/{row['id']}/").headers["ETag"]
        assert f'"{row["version"]}"' == etag


def test_list_version_is_the_claims_etag(client):
    claim = make_claim()
    row = client.get("/api/claims/").json()["results"][0]
    etag = client.get(f"/api/claims/{claim.pk}/").headers["ETag"]
    assert f'"{row["version"]}"' == etag


def test_rows_helper_reads_nothing_for_an_empty_page(django_assert_num_queries):
    request = Request(RequestFactory().get("/api/claims/"))
    with django_assert_num_queries(0):
        assert ClaimListRows(request).rows([]) == []


# --- contested: either direction, live relations only ------------------------------------


@pytest.fixture
def pairs():
    """Three pairs of claims: contradicted one way, denied the other way, and a
    rejected contradiction plus a corroboration (neither contests)."""
    a, b, c, d, e, f = (make_claim(text=name) for name in "abcdef")
    make_relation(a, b, kind=RelationKind.CONTRADICTS, state=RelationState.SUGGESTED)
    make_relation(d, c, kind=RelationKind.DENIES)  # c is contested from its incoming side
    make_relation(e, f, kind=RelationKind.CONTRADICTS, state=RelationState.REJECTED)
    make_relation(e, f, kind=RelationKind.CORROBORATES)
    return dict(zip("abcdef", (a, b, c, d, e, f), strict=True))


def _ids(client, query: str) -> list[int]:
    response = client.get(f"/api/claims/?{query}")
    assert response.status_code == 200, response.content[:300]
    return [row["id"] for row in response.json()["results"]]


def test_contested_through_either_end_of_a_live_relation(client, pairs):
    contested = sorted(pairs[name].pk for name in "abcd")
    assert _ids(client, "contested=true") == contested
    assert _ids(client, "contested=false") == sorted(pairs[name].pk for name in "ef")
    assert sorted(Claim.objects.contested().values_list("pk", flat=True)) == contested


def test_rejected_relations_neither_contest_nor_count(client, pairs):
    rows = {row["id"]: row for row in client.get("/api/claims/").json()["results"]}
    assert rows[pairs["e"].pk]["contradiction_count"] == 0
    assert rows[pairs["f"].pk]["contradiction_count"] == 0
    assert rows[pairs["c"].pk]["contradiction_count"] == 1
    assert rows[pairs["d"].pk]["contradiction_count"] == 1


def test_a_claim_stops_being_contested_when_its_relation_is_rejected(client, pairs):
    pairs["a"].relations_out.update(state=RelationState.REJECTED)
    assert _ids(client, "contested=true") == sorted(pairs[name].pk for name in "cd")


def test_events_are_contested_through_either_end(client, pairs):
    incoming_only = make_event(title="denied")
    pairs["c"].event = incoming_only
    pairs["c"].save()
    rejected_only = make_event(title="rejected")
    pairs["e"].event = rejected_only
    pairs["e"].save()

    assert list(Event.objects.contested()) == [incoming_only]
    assert list(Event.objects.uncontested()) == [rejected_only]
    rows = {row["id"]: row for row in client.get("/api/events/").json()["results"]}
    assert rows[incoming_only.pk]["contested"] is True
    assert rows[rejected_only.pk]["contested"] is False


# --- event dates and places ---------------------------------------------------------------


@pytest.fixture
def dated():
    """Events on 1, 10 and 20 March 2019, one from 28 February to 2 March, one
    undated; a claim about each, and one about no event."""
    hajin = make_place(slug="hajin")
    events = {
        "first": make_event(date=dt.date(2019, 3, 1), places=[hajin]),
        "tenth": make_event(date=dt.date(2019, 3, 10)),
        "twentieth": make_event(date=dt.date(2019, 3, 20), places=[hajin]),
        "straddling": make_event(date=dt.date(2019, 2, 28), date_end=dt.date(2019, 3, 2)),
        "undated": make_event(date=None, places=[hajin]),
    }
    claims = {name: make_claim(event=event, text=name) for name, event in events.items()}
    claims["none"] = make_claim(event=None, text="none")
    return claims


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("date_after=2019-03-01&date_before=2019-03-10", ["first", "tenth"]),
        # The event's (first) date decides: a range that starts before the bounds
        # is not in them, even if it ends inside.
        ("date_after=2019-03-01", ["first", "tenth", "twentieth"]),
        ("date_before=2019-03-01", ["first", "straddling"]),
        ("date_after=2019-03-02&date_before=2019-03-02", []),
        ("date_after=2019-03-11&date_before=2019-03-09", []),
        ("place=hajin", ["first", "twentieth", "undated"]),
        ("place=hajin&date_after=2019-03-05", ["twentieth"]),
    ],
)
def test_event_dates_and_places_select_claims_by_their_event(client, dated, query, expected):
    assert _ids(client, query) == sorted(dated[name].pk for name in expected)


def test_dates_and_places_keep_the_requested_order(client, dated):
    query = "date_after=2019-01-01&ordering=-date"
    expected = [dated[name].pk for name in ("twentieth", "tenth", "first", "straddling")]
    assert _ids(client, query) == expected
