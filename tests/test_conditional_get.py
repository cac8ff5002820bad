"""Conditional GET on a claim's page and API resource: 304 while nothing shown
has changed, 200 with a new ETag after any change that shows — the claim's
own fields, its figures, reviews and relations, the other claim of a relation,
its source, party, event and document, a reviewer's name — for anonymous
readers and signed-in editors alike. The cached bodies follow the same rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIRequestFactory

from claims import services
from claims.api.serializers import ClaimDetailSerializer, claim_detail_representation
from claims.claim_detail import read_claim_detail
from claims.models import (
    Claim,
    ClaimStatus,
    Figure,
    Relation,
    RelationKind,
    RelationOrigin,
    RelationState,
)
from claims.page_context import NEEDS_WHOLE_BODY, paragraph_around, paragraph_in_window
from tests.factories import (
    make_claim,
    make_document,
    make_editor,
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

BODY = (
    "# Heading\n\n"
    "Fighting went on around the town. SOHR stated that 23 civilians had been killed. "
    "Both sides dug in.\n\n"
    "A later paragraph.\n"
)


@pytest.fixture(autouse=True)
def _fresh_caches(settings):
    settings.API_ANON_RATE = "100000/minute"
    settings.API_USER_RATE = "100000/minute"
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def world():
    coalition = make_party(slug="coalition", name="US-led Coalition")
    sohr = make_source(slug="sohr", name="SOHR")
    cjtf = make_source(slug="cjtf-oir", name="CJTF-OIR", party=coalition)
    document = make_document(slug="deir-ez-zor", title="Deir ez-Zor campaign", body=BODY)
    event = make_event(title="Airstrike on Hajin", parties=[coalition], document=document)
    start = BODY.index("SOHR stated")
    claim = make_claim(
        source=sohr,
        event=event,
        document=document,
        text="23 civilians had been killed",
        char_start=start,
        char_end=BODY.index("killed.") + len("killed."),
    )
    make_figure(claim, low=23, high=23)
    denial = make_claim(source=cjtf, event=event, text="no civilians were killed")
    relation = make_relation(denial, claim, kind=RelationKind.DENIES)
    amira = make_user("amira")
    make_review(claim, amira, status=ClaimStatus.DISPUTED, rationale="Denied.")
    return {
        "claim": Claim.objects.get(pk=claim.pk),
        "denial": denial,
        "relation": relation,
        "sohr": sohr,
        "cjtf": cjtf,
        "coalition": coalition,
        "event": event,
        "document": document,
        "reviewer": amira,
    }


def _editor_client() -> Client:
    client = Client()
    client.force_login(make_editor())
    return client


URLS = {
    "api": lambda claim: f"/api/claims/{claim.pk}/",
    "page": lambda claim: claim.get_absolute_url(),
}


@pytest.mark.parametrize("kind", ["api", "page"])
@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_the_same_etag_back_is_a_304_without_a_body(world, kind, who):
    client = _editor_client() if who == "editor" else Client()
    url = URLS[kind](world["claim"])
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, HTTP_IF_NONE_MATCH='"1.2", ' + etag).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"1.2"').status_code == 200


def test_the_api_etag_is_the_version_whoever_reads(world):
    url = URLS["api"](world["claim"])
    anonymous, editor = Client().get(url), _editor_client().get(url)
    assert anonymous["ETag"] == editor["ETag"] == f'"{anonymous.json()["version"]}"'


def test_editors_and_readers_get_pages_with_etags_of_their_own(world):
    url = URLS["page"](world["claim"])
    reader, editor = Client().get(url), _editor_client().get(url)
    assert "Edit in admin" in editor.content.decode()
    assert "Edit in admin" not in reader.content.decode()
    assert reader["ETag"] != editor["ETag"]
    assert "Cookie" in reader["Vary"]
    # A reader's ETag does not get an editor a 304 (they would miss the link).
    assert _editor_client().get(url, HTTP_IF_NONE_MATCH=reader["ETag"]).status_code == 200


def _rename(row, **fields):
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()


def _both(text: str) -> dict[str, str]:
    return {"api": text, "page": text}


# Every kind of change a claim's page or resource shows: the change, and a text
# each then shows that it did not before (where it shows as text at all).
CHANGES = {
    "claim text": (lambda w: _rename(w["claim"], text="25 civilians"), _both("25 civilians")),
    "review": (
        lambda w: make_review(w["claim"], w["reviewer"], status=ClaimStatus.CONFIRMED),
        {"api": '"status":"confirmed"', "page": "Confirmed"},
    ),
    "figure added": (
        lambda w: make_figure(w["claim"], quantity="wounded", low=7),
        {"api": '"quantity":"wounded"', "page": "7 civilians wounded"},
    ),
    "figure removed": (lambda w: Figure.objects.filter(claim=w["claim"]).delete(), {}),
    "relation added": (
        lambda w: services.relate_claims(
            from_claim=make_claim(text="a third claim agrees"),
            to_claim=w["claim"],
            kind=RelationKind.CORROBORATES,
            created_by=w["reviewer"],
        ),
        _both("a third claim agrees"),
    ),
    "relation suggested": (
        lambda w: services.suggest_relations(
            suggestions=[
                (make_claim(text="a suggested one"), w["claim"], RelationKind.CONTRADICTS, "")
            ]
        ),
        _both("a suggested one"),
    ),
    "relation rejected": (
        lambda w: services.decide_relation(
            relation=w["relation"], state=RelationState.REJECTED, decided_by=w["reviewer"]
        ),
        {"api": '"state":"rejected"'},
    ),
    "relation deleted": (lambda w: Relation.objects.filter(pk=w["relation"].pk).delete(), {}),
    "other claim's text": (
        lambda w: _rename(w["denial"], text="no civilians at all"),
        _both("no civilians at all"),
    ),
    "other claim's status": (
        lambda w: make_review(w["denial"], w["reviewer"], status=ClaimStatus.FALSE),
        {"api": '"status":"false"'},
    ),
    "source renamed": (
        lambda w: _rename(w["sohr"], name="The Observatory"),
        _both("The Observatory"),
    ),
    "other claim's source renamed": (
        lambda w: _rename(w["cjtf"], name="Combined Joint Task Force"),
        _both("Combined Joint Task Force"),
    ),
    "party renamed": (
        lambda w: _rename(w["coalition"], slug="us-coalition", name="The Coalition"),
        {"api": '"party":"us-coalition"'},
    ),
    "event retitled": (
        lambda w: _rename(w["event"], title="Strike on Hajin"),
        _both("Strike on Hajin"),
    ),
    "event's parties": (
        lambda w: w["event"].parties.add(make_party(slug="sdf", name="SDF")),
        {},
    ),
    "document retitled": (
        lambda w: _rename(w["document"], title="The campaign"),
        {"page": "The campaign"},
    ),
    "reviewer renamed": (lambda w: _rename(w["reviewer"], username="amira-k"), _both("amira-k")),
}


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("kind", ["api", "page"])
@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_a_change_to_anything_shown_is_a_200_with_a_new_etag(world, change, kind, who):
    client = _editor_client() if who == "editor" else Client()
    url = URLS[kind](world["claim"])
    before = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304

    make_change, shown = CHANGES[change]
    make_change(world)

    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200, change
    assert after["ETag"] != before["ETag"]
    if kind in shown:  # and not the cached body of before
        assert shown[kind] not in before.content.decode()
        assert shown[kind] in after.content.decode()
    assert client.get(url, HTTP_IF_NONE_MATCH=after["ETag"]).status_code == 304


def test_a_change_that_shows_nowhere_keeps_the_etag(world):
    """Touching is for what shows: an unrelated claim's edit leaves this one's
    ETag (and its editors' If-Match) as it was."""
    url = URLS["api"](world["claim"])
    etag = Client().get(url)["ETag"]
    _rename(make_claim(text="unrelated"), text="still unrelated")
    world["sohr"].refresh_from_db()
    assert Client().get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_conditional_or_cached_read_costs_one_query(world):
    url = URLS["api"](world["claim"])
    client = Client()
    etag = client.get(url)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(queries) == 2, [q["sql"] for q in queries]
    # A body not cached yet: the version, the claim, figures, relations, reviews,
    # and the version again (cached_representation keeps only a body it can trust).
    caches["representations"].clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 6, [q["sql"] for q in queries]


def test_the_api_body_is_what_the_detail_serializer_makes(world):
    """The detail is built without DRF's serializers; ClaimDetailSerializer stays
    the declared shape (the OpenAPI schema), so the two must agree exactly."""
    claim = world["claim"]
    make_relation(claim, make_claim(text="later"), kind=RelationKind.SUPERSEDES, note="n")
    Relation.objects.filter(pk=world["relation"].pk).update(origin=RelationOrigin.IMPORTER)
    undated = make_claim(text="no event, no document", stated_on=dt.date(2018, 12, 4))
    request = APIRequestFactory().get("/")
    for pk in (claim.pk, world["denial"].pk, undated.pk):
        full = (
            Claim.objects.with_related()
            .with_contradiction_count()
            .prefetch_related("relations_out__to_claim__source__party")
            .prefetch_related("relations_in__from_claim__source__party", "reviews__reviewer")
            .get(pk=pk)
        )
        expected = ClaimDetailSerializer(full, context={"request": request}).data
        lean = claim_detail_representation(read_claim_detail(pk), request)
        assert lean == expected
        assert list(lean) == list(expected)


def test_the_page_reads_the_paragraph_from_a_slice_of_the_document():
    body = ("intro line\n" * 30) + "\n" + BODY + ("- item\n" * 20) + ("tail line\n" * 30)
    sentence = body.index("SOHR stated")
    end = body.index("killed.") + len("killed.")
    expected = paragraph_around(body, sentence, end)
    for before in range(0, 400, 7):
        for after in range(0, 400, 11):
            offset = max(sentence - before, 0)
            requested = end - offset + after
            window = body[offset : offset + requested]
            found = paragraph_in_window(window, offset, requested, sentence, end)
            assert found is NEEDS_WHOLE_BODY or found == expected, (before, after)
    # A window that holds the whole paragraph with a line to spare on each side.
    offset = body.index("# Heading")
    requested = body.index("A later") + 10 - offset
    window = body[offset : offset + requested]
    assert paragraph_in_window(window, offset, requested, sentence, end) == expected


# --- Events ------------------------------------------------------------------------------

EVENT_URLS = {
    "api": lambda event: f"/api/events/{event.pk}/",
    "page": lambda event: event.get_absolute_url(),
}

# Every kind of change an event's page or resource shows.
EVENT_CHANGES = {
    "event retitled": lambda w: _rename(w["event"], title="Strike on Hajin"),
    "claim text": lambda w: _rename(w["claim"], text="25 civilians"),
    "claim added": lambda w: make_claim(event=w["event"], text="a new claim"),
    "claim moved away": lambda w: _rename(w["denial"], event=make_event()),
    "claim reviewed": lambda w: make_review(w["denial"], w["reviewer"]),
    "figure added": lambda w: make_figure(w["denial"], low=3),
    "relation rejected": lambda w: services.decide_relation(
        relation=w["relation"], state=RelationState.REJECTED, decided_by=w["reviewer"]
    ),
    "source renamed": lambda w: _rename(w["sohr"], name="The Observatory"),
    "party renamed": lambda w: _rename(w["coalition"], slug="the-coalition", name="The Coalition"),
    "party added": lambda w: w["event"].parties.add(make_party()),
    "place added": lambda w: w["event"].places.add(make_place(name="Hajin")),
    "place renamed": lambda w: _rename(w["place"], name="Al-Susah"),
    "document retitled": lambda w: _rename(w["document"], slug="campaign", title="The campaign"),
}


@pytest.mark.parametrize("change", EVENT_CHANGES)
@pytest.mark.parametrize("kind", ["api", "page"])
def test_an_event_is_a_304_until_anything_it_shows_changes(world, change, kind):
    world["place"] = make_place(name="Susah")
    world["event"].places.add(world["place"])
    client = _editor_client() if kind == "page" else Client()
    url = EVENT_URLS[kind](world["event"])
    before = client.get(url)
    assert before.status_code == 200
    assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304

    EVENT_CHANGES[change](world)

    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200, change
    assert after["ETag"] != before["ETag"]
    assert after.content != before.content
    assert client.get(url, HTTP_IF_NONE_MATCH=after["ETag"]).status_code == 304


def test_a_body_read_while_a_write_lands_is_not_kept(world, monkeypatch):
    """A body built while its version moved may hold rows newer than the
    version it was asked under: it is served, but not cached under that version."""
    from claims import representations

    url = URLS["api"](world["claim"])
    real = representations.cached_representation

    def with_a_write_meanwhile(what, version, build, current_version):
        def build_then_write():
            built = build()
            _rename(world["claim"], text="changed while reading")
            return built

        return real(what, version, build_then_write, current_version)

    monkeypatch.setattr(representations, "cached_representation", with_a_write_meanwhile)
    first = Client().get(url)
    monkeypatch.setattr(representations, "cached_representation", real)
    assert "changed while reading" not in first.content.decode()
    assert "changed while reading" in Client().get(url).content.decode()


def test_saving_a_source_without_changing_what_shows_keeps_the_versions(world):
    """An admin's save of an unchanged row, or of an alias, must not rewrite every
    claim of the source (a third of a million for SOHR)."""
    url = URLS["api"](world["claim"])
    etag = Client().get(url)["ETag"]
    _rename(world["sohr"], aliases=["Syrian Observatory"], description="A monitor.")
    world["document"].save()
    assert Client().get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
