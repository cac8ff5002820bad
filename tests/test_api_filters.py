"""The API's filters, through real HTTP requests: each one narrows the list to
exactly the rows it should (on data where it makes a difference), and every
value it cannot use is a 400 naming the parameter — never a 500, never
silently ignored.

The world below: three events (Hajin capture, Hajin shelling, Baghouz strike),
seven claims by four sources, contradictions and denials between some.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from claims.models import (
    ClaimKind,
    ClaimStatus,
    EventKind,
    RelationKind,
    RelationOrigin,
    RelationState,
    SourceKind,
)
from tests.factories import (
    make_claim,
    make_document,
    make_event,
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
    """The test client is one address: lift the anonymous rate for this file (and
    hash the reviewers' passwords quickly)."""
    settings.API_ANON_RATE = "100000/minute"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()


@pytest.fixture
def w():
    sdf = make_party(slug="sdf")
    isil = make_party(slug="isil")
    coalition = make_party(slug="coalition")
    hajin = make_place(slug="hajin")
    baghouz = make_place(slug="baghouz")
    campaign = make_document(slug="campaign")
    aftermath = make_document(slug="aftermath")
    sohr = make_source(slug="sohr", kind=SourceKind.MONITOR)
    sdf_press = make_source(slug="sdf-press", kind=SourceKind.BELLIGERENT, party=sdf)
    amaq = make_source(slug="amaq", kind=SourceKind.MILITANT_MEDIA, party=isil)
    cjtf = make_source(slug="cjtf", kind=SourceKind.BELLIGERENT, party=coalition)

    capture = make_event(
        date=dt.date(2018, 12, 3),
        kind=EventKind.CAPTURE,
        places=[hajin],
        parties=[sdf, isil],
        document=campaign,
    )
    shelling = make_event(
        date=dt.date(2018, 11, 20), kind=EventKind.SHELLING, places=[hajin], document=aftermath
    )
    strike = make_event(
        date=dt.date(2019, 3, 1),
        kind=EventKind.AIRSTRIKE,
        places=[baghouz],
        parties=[coalition, isil],
        document=aftermath,
    )

    def claim(source, event, kind, document, text, **fields):
        return make_claim(
            source=source, event=event, kind=kind, document=document, text=text, **fields
        )

    c1 = claim(
        sohr,
        capture,
        ClaimKind.CASUALTIES,
        campaign,
        "The minaret of the Hajin mosque collapsed, killing 12 civilians",
        stated_on=dt.date(2018, 12, 5),
    )
    c2 = claim(
        sdf_press,
        capture,
        ClaimKind.TERRITORY,
        campaign,
        "SDF fighters took the town centre",
        stated_on=dt.date(2018, 12, 3),
    )
    c3 = claim(amaq, capture, ClaimKind.CASUALTIES, campaign, "Fifty SDF fighters died")
    c4 = claim(
        cjtf,
        strike,
        ClaimKind.DENIAL,
        aftermath,
        "No one was harmed in the strike",
        excerpt="The coalition said that no ambulance was hit.",
        stated_on=dt.date(2019, 3, 2),
    )
    c5 = claim(
        sohr, strike, ClaimKind.CIVILIAN_HARM, aftermath, "Civilians died when the strike hit"
    )
    c6 = claim(
        sohr, shelling, ClaimKind.CASUALTIES, aftermath, "Shelling killed 3 civilians in Hajin"
    )
    c7 = claim(amaq, None, ClaimKind.OTHER, None, "A statement about nothing dated")

    editor = make_user()
    for target, status in [
        (c1, ClaimStatus.DISPUTED),
        (c2, ClaimStatus.CONFIRMED),
        (c4, ClaimStatus.FALSE),
        (c5, ClaimStatus.CORROBORATED),
        (c7, ClaimStatus.RETRACTED),
    ]:
        make_review(target, editor, status=status)

    # Contested: c1 and c3 (accepted contradiction), c4 and c5 (suggested denial).
    # Not contested: a corroboration, and a rejected contradiction, between c2 and c6.
    r_contradicts = make_relation(c1, c3, kind=RelationKind.CONTRADICTS)
    r_denies = make_relation(
        c4,
        c5,
        kind=RelationKind.DENIES,
        origin=RelationOrigin.IMPORTER,
        state=RelationState.SUGGESTED,
    )
    r_corroborates = make_relation(c2, c6, kind=RelationKind.CORROBORATES)
    r_rejected = make_relation(c2, c6, kind=RelationKind.CONTRADICTS, state=RelationState.REJECTED)
    return SimpleNamespace(**locals())


def results(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:500])
    return response.json()["results"]


def claim_ids(client, query: str) -> list[int]:
    return [row["id"] for row in results(client, f"/api/claims/?{query}")]


def ids_of(*rows) -> list[int]:
    return sorted(row.pk for row in rows)


# --- claims -----------------------------------------------------------------------------


def test_claims_unfiltered_are_in_id_order(client, w):
    assert claim_ids(client, "") == ids_of(w.c1, w.c2, w.c3, w.c4, w.c5, w.c6, w.c7)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("source=sohr", ["c1", "c5", "c6"]),
        ("source=sohr&source=amaq", ["c1", "c3", "c5", "c6", "c7"]),
        ("party=isil", ["c3", "c7"]),
        ("party=sdf", ["c2"]),
        ("status=disputed", ["c1"]),
        ("status=disputed&status=false", ["c1", "c4"]),
        ("status=unverified", ["c3", "c6"]),
        ("kind=casualties", ["c1", "c3", "c6"]),
        ("document=campaign", ["c1", "c2", "c3"]),
        ("place=hajin", ["c1", "c2", "c3", "c6"]),
        ("place=baghouz", ["c4", "c5"]),
        ("date_after=2018-12-01", ["c1", "c2", "c3", "c4", "c5"]),
        ("date_before=2018-12-03", ["c1", "c2", "c3", "c6"]),
        ("date_after=2018-12-03&date_before=2018-12-03", ["c1", "c2", "c3"]),
        ("contested=true", ["c1", "c3", "c4", "c5"]),
        ("contested=false", ["c2", "c6", "c7"]),
        ("self_interested=true", ["c2", "c3", "c4"]),
        ("self_interested=false", ["c1", "c5", "c6", "c7"]),
        ("source=sohr&contested=true&date_after=2018-12-01", ["c1", "c5"]),
        ("party=isil&self_interested=false", ["c7"]),
    ],
)
def test_claim_filter_narrows_to_exactly_the_matching_claims(client, w, query, expected):
    assert claim_ids(client, query) == ids_of(*(getattr(w, name) for name in expected))


def test_claim_event_filter(client, w):
    assert claim_ids(client, f"event={w.capture.pk}") == ids_of(w.c1, w.c2, w.c3)
    assert claim_ids(client, f"event={w.shelling.pk}") == ids_of(w.c6)
    assert claim_ids(client, "event=999999") == []


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("minaret", ["c1"]),  # in one claim's text only
        ("MINARET", ["c1"]),  # whatever the case
        ("ambulance", ["c4"]),  # in one claim's sentence (excerpt) only
        ("civilians Hajin", ["c1", "c6"]),  # every word must match
        ("zeppelin", []),
    ],
)
def test_claim_text_search(client, w, q, expected):
    """Holds on PostgreSQL's full-text search and on SQLite's fallback alike."""
    assert claim_ids(client, f"q={q}") == ids_of(*(getattr(w, name) for name in expected))


def test_claim_text_search_combines_with_other_filters(client, w):
    assert claim_ids(client, "q=civilians&source=sohr&place=hajin") == ids_of(w.c1, w.c6)


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        # By event date; ties by id; claims without an event last, either way.
        ("date", ["c6", "c1", "c2", "c3", "c4", "c5", "c7"]),
        ("-date", ["c4", "c5", "c1", "c2", "c3", "c6", "c7"]),
        ("date,-id", ["c6", "c3", "c2", "c1", "c5", "c4", "c7"]),
        ("stated_on", ["c2", "c1", "c4", "c3", "c5", "c6", "c7"]),
        ("-stated_on", ["c4", "c1", "c2", "c3", "c5", "c6", "c7"]),
        ("status", ["c2", "c5", "c1", "c4", "c7", "c3", "c6"]),
        ("-status", ["c3", "c6", "c7", "c4", "c1", "c5", "c2"]),
        ("id", ["c1", "c2", "c3", "c4", "c5", "c6", "c7"]),
        ("-id", ["c7", "c6", "c5", "c4", "c3", "c2", "c1"]),
    ],
)
def test_claim_ordering(client, w, ordering, expected):
    assert claim_ids(client, f"ordering={ordering}") == [getattr(w, name).pk for name in expected]


def test_claim_ordering_by_creation_and_update(client, w):
    created = [w.c1, w.c2, w.c3, w.c4, w.c5, w.c6, w.c7]
    assert claim_ids(client, "ordering=created") == [c.pk for c in created]
    assert claim_ids(client, "ordering=-created") == [c.pk for c in reversed(created)]
    # The reviews touched c1, c2, c4, c5, c7 in that order; then each relation touched
    # both its claims at once (ties by id): c1 and c3, c4 and c5, c2 and c6 (twice).
    updated = [w.c7, w.c1, w.c3, w.c4, w.c5, w.c2, w.c6]
    assert claim_ids(client, "ordering=updated") == [c.pk for c in updated]


def test_paging_through_an_ordering_with_ties_returns_every_claim_once(client, w):
    """Ties are broken by id, so consecutive pages neither overlap nor skip."""
    paged = [
        claim_id
        for number in range(1, 5)
        for claim_id in claim_ids(client, f"ordering=-date&page_size=2&page={number}")
    ]
    assert paged == claim_ids(client, "ordering=-date&page_size=10")
    assert sorted(paged) == ids_of(w.c1, w.c2, w.c3, w.c4, w.c5, w.c6, w.c7)


# --- events -----------------------------------------------------------------------------


def event_ids(client, query: str) -> list[int]:
    return [row["id"] for row in results(client, f"/api/events/?{query}")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["shelling", "capture", "strike"]),  # by date
        ("date_after=2018-12-01", ["capture", "strike"]),
        ("date_before=2018-12-03", ["shelling", "capture"]),
        ("date_after=2018-12-01&date_before=2018-12-31", ["capture"]),
        ("place=hajin", ["shelling", "capture"]),
        ("kind=airstrike", ["strike"]),
        ("document=aftermath", ["shelling", "strike"]),
        ("party=isil", ["capture", "strike"]),
        ("party=sdf", ["capture"]),
        ("contested=true", ["capture", "strike"]),
        ("contested=false", ["shelling"]),
        ("ordering=-date", ["strike", "capture", "shelling"]),
        ("place=hajin&contested=false", ["shelling"]),
    ],
)
def test_event_filter_narrows_to_exactly_the_matching_events(client, w, query, expected):
    assert event_ids(client, query) == [getattr(w, name).pk for name in expected]


def test_an_event_stops_being_contested_when_its_contradiction_is_rejected(client, w):
    w.r_contradicts.state = RelationState.REJECTED
    w.r_contradicts.save()
    assert event_ids(client, "contested=true") == [w.strike.pk]


# --- relations and sources ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["r_contradicts", "r_denies", "r_corroborates", "r_rejected"]),
        ("kind=denies", ["r_denies"]),
        ("kind=contradicts", ["r_contradicts", "r_rejected"]),
        ("state=suggested", ["r_denies"]),
        ("state=rejected", ["r_rejected"]),
        ("state=accepted", ["r_contradicts", "r_corroborates"]),
        ("origin=importer", ["r_denies"]),
        ("origin=editor", ["r_contradicts", "r_corroborates", "r_rejected"]),
        ("kind=contradicts&state=accepted", ["r_contradicts"]),
    ],
)
def test_relation_filter(client, w, query, expected):
    rows = results(client, f"/api/relations/?{query}")
    assert [row["id"] for row in rows] == [getattr(w, name).pk for name in expected]


def test_relation_claim_filter_finds_relations_either_way(client, w):
    def relation_ids(claim) -> list[int]:
        return [row["id"] for row in results(client, f"/api/relations/?claim={claim.pk}")]

    assert relation_ids(w.c1) == [w.r_contradicts.pk]  # c1 is the from_claim
    assert relation_ids(w.c3) == [w.r_contradicts.pk]  # c3 is the to_claim
    assert relation_ids(w.c6) == [w.r_corroborates.pk, w.r_rejected.pk]
    assert relation_ids(w.c7) == []


def test_source_filters(client, w):
    make_source(slug="unknown-outlet", needs_review=True)

    def slugs(query: str) -> list[str]:
        return sorted(row["slug"] for row in results(client, f"/api/sources/?{query}"))

    assert slugs("party=sdf") == ["sdf-press"]
    assert slugs("party=isil") == ["amaq"]
    assert slugs("needs_review=true") == ["unknown-outlet"]
    assert slugs("needs_review=false") == ["amaq", "cjtf", "sdf-press", "sohr"]


# --- invalid values: 400 naming the parameter ------------------------------------------


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/claims/?source=no-such-source", "source"),
        ("/api/claims/?source=sohr&source=no-such-source", "source"),
        ("/api/claims/?party=no-such-party", "party"),
        ("/api/claims/?document=no-such-document", "document"),
        ("/api/claims/?place=no-such-place", "place"),
        ("/api/claims/?status=maybe", "status"),
        ("/api/claims/?status=disputed&status=maybe", "status"),
        ("/api/claims/?kind=rumour", "kind"),
        ("/api/claims/?contested=yes", "contested"),
        ("/api/claims/?contested=1", "contested"),
        ("/api/claims/?self_interested=yes", "self_interested"),
        ("/api/claims/?date_after=2018-13-01", "date_after"),
        ("/api/claims/?date_before=2018-02-30", "date_before"),
        ("/api/claims/?date_before=yesterday", "date_before"),
        ("/api/claims/?event=abc", "event"),
        ("/api/claims/?event=0", "event"),
        ("/api/claims/?event=-3", "event"),
        ("/api/claims/?event=1.5", "event"),
        ("/api/claims/?event=99999999999999999999", "event"),
        ("/api/claims/?q=" + "x" * 201, "q"),
        ("/api/claims/?q=%00", "q"),
        ("/api/claims/?ordering=popularity", "ordering"),
        ("/api/claims/?ordering=date,kind", "ordering"),
        ("/api/claims/?page_size=0", "page_size"),
        ("/api/claims/?page_size=1001", "page_size"),
        ("/api/claims/?page_size=abc", "page_size"),
        ("/api/claims/?page_size=-1", "page_size"),
        ("/api/claims/?page=abc", "page"),
        ("/api/claims/?page=0", "page"),
        ("/api/claims/?sorce=sohr", "sorce"),
        ("/api/events/?date_after=2018-13-01", "date_after"),
        ("/api/events/?date_before=2018-02-30", "date_before"),
        ("/api/events/?place=no-such-place", "place"),
        ("/api/events/?kind=rumour", "kind"),
        ("/api/events/?document=no-such-document", "document"),
        ("/api/events/?party=no-such-party", "party"),
        ("/api/events/?contested=maybe", "contested"),
        ("/api/events/?ordering=title", "ordering"),
        ("/api/events/?page_size=1001", "page_size"),
        ("/api/events/?source=sohr", "source"),
        ("/api/relations/?claim=abc", "claim"),
        ("/api/relations/?claim=0", "claim"),
        ("/api/relations/?claim=99999999999999999999", "claim"),
        ("/api/relations/?kind=likes", "kind"),
        ("/api/relations/?state=pending", "state"),
        ("/api/relations/?origin=robot", "origin"),
        ("/api/sources/?party=no-such-party", "party"),
        ("/api/sources/?needs_review=yes", "needs_review"),
        ("/api/sources/?q=sohr", "q"),
        ("/api/places/?q=hajin", "q"),
        ("/api/places/?page_size=0", "page_size"),
        ("/api/documents/?page=abc", "page"),
        ("/api/documents/?slug=campaign", "slug"),
    ],
)
def test_an_invalid_parameter_is_a_400_naming_it(client, w, url, parameter):
    response = client.get(url)
    assert response.status_code == 400, (url, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert parameter in body["errors"], body
    assert parameter in body["detail"], body


def test_an_unknown_parameter_on_a_detail_endpoint_is_a_400(client, w):
    response = client.get(f"/api/claims/{w.c1.pk}/?sorce=sohr")
    assert response.status_code == 400
    assert "sorce" in response.json()["errors"]


def test_every_bad_parameter_is_named_at_once(client, w):
    response = client.get("/api/claims/?status=maybe&kind=rumour&date_after=soon")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"status", "kind", "date_after"}
