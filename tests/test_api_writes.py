"""The API's writes: who may make them, what they change, and that two editors
working at once never silently overwrite each other.

Real requests through Django's test client; the race runs two clients in two
threads against PostgreSQL.
"""

from __future__ import annotations

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token

from claims.models import (
    Claim,
    ClaimKind,
    ClaimStatus,
    Quantity,
    Relation,
    RelationKind,
    RelationOrigin,
    RelationState,
    Review,
)
from claims.services import relate_claims
from tests.factories import make_claim, make_editor, make_event, make_figure, make_source, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _generous_throttles(settings):
    """Throttling has its own tests below; elsewhere it must not interfere."""
    settings.API_ANON_RATE = "100000/minute"
    settings.API_USER_RATE = "100000/minute"
    settings.API_FAILED_AUTH_RATE = "100000/minute"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor():
    return make_editor("editor")


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def reader_client():
    """Signed in, but not an editor: reads like anyone, writes nothing."""
    client = Client()
    client.force_login(make_user("reader"))
    return client


@pytest.fixture
def claim():
    claim = make_claim(text="23 civilians were killed in Hajin")
    make_figure(claim, low=23, high=23)
    return claim


def etag_of(client: Client, claim: Claim) -> str:
    response = client.get(f"/api/claims/{claim.pk}/")
    assert response.status_code == 200
    assert response["ETag"] == f'"{response.json()["version"]}"'
    return response["ETag"]


def patch(client: Client, claim: Claim, body: dict, etag: str | None = None, **headers):
    if etag is not None:
        headers["HTTP_IF_MATCH"] = etag
    return client.patch(
        f"/api/claims/{claim.pk}/", body, content_type="application/json", **headers
    )


def post(client: Client, url: str, body: dict, **headers):
    return client.post(url, body, content_type="application/json", **headers)


# --- Permission matrix -----------------------------------------------------------


def _write_requests(claim: Claim, other: Claim, relation: Relation):
    """Every write the API offers, as (name, method, url, body)."""
    return [
        ("correct a claim", "patch", f"/api/claims/{claim.pk}/", {"text": "changed"}),
        (
            "review a claim",
            "post",
            f"/api/claims/{claim.pk}/reviews/",
            {"status": "disputed", "rationale": "Contradicted by the Coalition."},
        ),
        (
            "link two claims",
            "post",
            "/api/relations/",
            {"from_claim": claim.pk, "to_claim": other.pk, "kind": "corroborates"},
        ),
        ("accept a suggestion", "post", f"/api/relations/{relation.pk}/accept/", {}),
        ("reject a suggestion", "post", f"/api/relations/{relation.pk}/reject/", {}),
    ]


def _send(client: Client, method: str, url: str, body: dict, claim: Claim):
    headers = {}
    if method == "patch":
        headers["HTTP_IF_MATCH"] = etag_of(Client(), claim)
    return getattr(client, method)(url, body, content_type="application/json", **headers)


@pytest.mark.parametrize("who", ["anonymous", "bad token", "reader", "reader by token"])
def test_no_write_is_allowed_without_the_permission(who, claim):
    other = make_claim()
    relation = relate_claims(
        from_claim=other, to_claim=claim, kind=RelationKind.DENIES, origin=RelationOrigin.IMPORTER
    )
    client = Client()
    expected = 401
    if who == "bad token":
        client = Client(HTTP_AUTHORIZATION="Token not-a-real-token")
    elif who == "reader":
        client.force_login(make_user("reader"))
        expected = 403
    elif who == "reader by token":
        token = Token.objects.create(user=make_user("reader"))
        client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
        expected = 403
    before = (
        list(Claim.objects.values_list("text", "status").order_by("pk")),
        list(Relation.objects.values_list("state").order_by("pk")),
        Review.objects.count(),
    )

    for name, method, url, body in _write_requests(claim, other, relation):
        response = _send(client, method, url, body, claim)
        assert response.status_code == expected, (name, response.content)
        assert response.json()["detail"], name
        if expected == 401:
            assert response["WWW-Authenticate"].startswith("Token"), name

    after = (
        list(Claim.objects.values_list("text", "status").order_by("pk")),
        list(Relation.objects.values_list("state").order_by("pk")),
        Review.objects.count(),
    )
    assert after == before


@pytest.mark.parametrize("how", ["session", "token"])
def test_an_editor_can_make_every_write(how, editor, claim):
    other = make_claim()
    relation = relate_claims(
        from_claim=other, to_claim=claim, kind=RelationKind.DENIES, origin=RelationOrigin.IMPORTER
    )
    second = relate_claims(
        from_claim=claim,
        to_claim=make_claim(),
        kind=RelationKind.DENIES,
        origin=RelationOrigin.IMPORTER,
    )
    if how == "session":
        client = Client()
        client.force_login(editor)
    else:
        client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")

    requests = _write_requests(claim, other, relation)
    requests[-1] = ("reject a suggestion", "post", f"/api/relations/{second.pk}/reject/", {})
    expected = {
        "correct a claim": 200,
        "review a claim": 201,
        "link two claims": 201,
        "accept a suggestion": 200,
        "reject a suggestion": 200,
    }
    for name, method, url, body in requests:
        response = _send(client, method, url, body, claim)
        assert response.status_code == expected[name], (name, response.content)


def test_session_writes_need_the_csrf_token(editor, claim):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    body = {"status": "disputed", "rationale": "Contradicted."}

    refused = post(client, f"/api/claims/{claim.pk}/reviews/", body)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not Review.objects.exists()

    # The browsable API's pages set the cookie, as a browser session would have it.
    client.get("/api/claims/", HTTP_ACCEPT="text/html")
    accepted = post(
        client,
        f"/api/claims/{claim.pk}/reviews/",
        body,
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert accepted.status_code == 201


def test_token_created_by_the_management_command_authenticates(editor, claim):
    from django.core.management import call_command

    call_command("drf_create_token", editor.username, verbosity=0)
    key = Token.objects.get(user=editor).key
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    response = post(
        client,
        f"/api/claims/{claim.pk}/reviews/",
        {"status": "confirmed", "rationale": "Matches the Coalition's own report."},
    )
    assert response.status_code == 201


# --- Reviews -----------------------------------------------------------------------


def test_a_review_sets_the_status_and_joins_the_history(editor_client, editor, claim):
    response = post(
        editor_client,
        f"/api/claims/{claim.pk}/reviews/",
        {
            "status": "disputed",
            "rationale": "The Coalition denies any civilian casualties.",
            "evidence": ["https://example.org/coalition-statement"],
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "disputed"
    assert body["reviews"][0]["status"] == "disputed"
    assert body["reviews"][0]["reviewer"] == "editor"
    assert body["reviews"][0]["evidence"] == ["https://example.org/coalition-statement"]
    assert response["ETag"] == f'"{body["version"]}"'
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DISPUTED


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "maybe", "rationale": "Why not."}, "status"),
        ({"status": "disputed"}, "rationale"),
        ({"status": "disputed", "rationale": "   "}, "rationale"),
        ({"status": "disputed", "rationale": "x", "evidence": ["javascript:alert(1)"]}, "evidence"),
        ({"status": "disputed", "rationale": "x", "evidence": "https://a.example"}, "evidence"),
    ],
)
def test_a_bad_review_is_refused_and_changes_nothing(editor_client, claim, body, field):
    response = post(editor_client, f"/api/claims/{claim.pk}/reviews/", body)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Review.objects.exists()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.UNVERIFIED


def test_a_review_of_a_missing_claim_is_404(editor_client):
    response = post(
        editor_client, "/api/claims/999999/reviews/", {"status": "false", "rationale": "x"}
    )
    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_review_with_a_stale_if_match_is_refused(editor_client, claim):
    stale = etag_of(editor_client, claim)
    assert patch(editor_client, claim, {"text": "changed meanwhile"}, stale).status_code == 200

    response = post(
        editor_client,
        f"/api/claims/{claim.pk}/reviews/",
        {"status": "confirmed", "rationale": "Read the old text."},
        HTTP_IF_MATCH=stale,
    )
    assert response.status_code == 412
    assert not Review.objects.exists()


# --- Corrections (PATCH) ------------------------------------------------------------


def test_an_editor_corrects_text_source_event_kind_and_figures(editor_client, claim):
    source = make_source(slug="amaq", name="Amaq")
    event = make_event()
    response = patch(
        editor_client,
        claim,
        {
            "text": "25 civilians were killed in Hajin",
            "source": "amaq",
            "event": event.pk,
            "kind": "civilian_harm",
            "figures": [
                {"quantity": "killed", "subject": "civilians", "low": 25, "high": 25},
                {"quantity": "wounded", "subject": "civilians", "low": 40, "high": None},
            ],
        },
        etag_of(editor_client, claim),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["text"] == "25 civilians were killed in Hajin"
    assert body["source"]["slug"] == "amaq"
    assert body["event"]["id"] == event.pk
    assert body["kind"] == "civilian_harm"
    assert sorted((f["quantity"], f["low"]) for f in body["figures"]) == [
        ("killed", 25),
        ("wounded", 40),
    ]
    claim.refresh_from_db()
    assert (claim.source, claim.event, claim.kind) == (source, event, ClaimKind.CIVILIAN_HARM)
    assert claim.figures.get(quantity=Quantity.WOUNDED).high is None


def test_each_change_gives_a_new_etag(editor_client, claim):
    first = etag_of(editor_client, claim)
    response = patch(
        editor_client,
        claim,
        {"figures": [{"quantity": "killed", "subject": "civilians", "low": 30, "high": 30}]},
        first,
    )
    assert response.status_code == 200
    assert response["ETag"] != first
    assert response["ETag"] == etag_of(editor_client, claim)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "confirmed"}, "status"),
        ({"excerpt": "rewritten sentence"}, "excerpt"),
        ({"source": "no-such-source"}, "source"),
        ({"event": 999999}, "event"),
        ({"kind": "gossip"}, "kind"),
        ({"text": ""}, "text"),
        ({"figures": [{"quantity": "killed", "low": 9, "high": 3}]}, "figures"),
        ({"figures": [{"quantity": "killed", "low": -1}]}, "figures"),
        ({"figures": [{"quantity": "eaten", "low": 1}]}, "figures"),
    ],
)
def test_a_bad_correction_is_refused_and_changes_nothing(editor_client, claim, body, field):
    etag = etag_of(editor_client, claim)
    response = patch(editor_client, claim, body, etag)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert field in response.json()["detail"]
    claim.refresh_from_db()
    assert claim.text == "23 civilians were killed in Hajin"
    assert list(claim.figures.values_list("low", "high")) == [(23, 23)]
    assert etag_of(editor_client, claim) == etag


def test_a_correction_without_if_match_is_428(editor_client, claim):
    response = patch(editor_client, claim, {"text": "changed"})
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    claim.refresh_from_db()
    assert claim.text == "23 civilians were killed in Hajin"


def test_put_is_not_offered(editor_client, claim):
    response = editor_client.put(
        f"/api/claims/{claim.pk}/", {"text": "x"}, content_type="application/json"
    )
    assert response.status_code == 405


# --- No lost updates ----------------------------------------------------------------


def test_the_second_of_two_editors_with_the_same_version_gets_412(claim):
    first, second = Client(), Client()
    first.force_login(make_editor("first"))
    second.force_login(make_editor("second"))
    etag = etag_of(first, claim)
    assert etag_of(second, claim) == etag

    assert patch(first, claim, {"text": "first editor's fix"}, etag).status_code == 200
    late = patch(second, claim, {"text": "second editor's fix"}, etag)

    assert late.status_code == 412
    assert "changed since you read it" in late.json()["detail"]
    claim.refresh_from_db()
    assert claim.text == "first editor's fix"


@pytest.mark.django_db(transaction=True)
def test_two_editors_racing_on_one_claim_one_wins_one_gets_412():
    """Both read the same version, then send their corrections at the same
    moment. The row lock orders them: exactly one lands, the other is told.

    PostgreSQL only: the suite's SQLite database answers a concurrent write
    with "database table is locked" instead of waiting for the lock."""
    if connection.vendor == "sqlite":
        pytest.skip("needs a database with row locks (PostgreSQL)")
    cache.clear()
    claim = make_claim(text="original")
    editors = [make_editor("racer-a"), make_editor("racer-b")]
    clients = []
    for editor in editors:
        client = Client()
        client.force_login(editor)
        clients.append(client)
    etag = etag_of(clients[0], claim)
    start = threading.Barrier(len(clients))
    statuses: dict[str, int] = {}
    errors: list[BaseException] = []

    def correct(client: Client, text: str) -> None:
        try:
            start.wait()
            statuses[text] = patch(client, claim, {"text": text}, etag).status_code
        except BaseException as exc:  # reported below; a thread cannot raise into the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=correct, args=(client, f"fix by {editor.username}"))
        for client, editor in zip(clients, editors, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(statuses.values()) == [200, 412]
    winner = next(text for text, code in statuses.items() if code == 200)
    claim.refresh_from_db()
    assert claim.text == winner


# --- Relations ------------------------------------------------------------------------


def test_an_editor_links_two_claims(editor_client):
    later, earlier = make_claim(), make_claim()
    response = post(
        editor_client,
        "/api/relations/",
        {"from_claim": earlier.pk, "to_claim": later.pk, "kind": "contradicts", "note": "x"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "accepted"
    assert body["origin"] == "editor"
    assert body["created_by"] == "editor"
    # Symmetric kinds are stored lower id first, whichever way they were sent.
    assert body["from_claim"]["id"] < body["to_claim"]["id"]

    again = post(
        editor_client,
        "/api/relations/",
        {"from_claim": later.pk, "to_claim": earlier.pk, "kind": "contradicts"},
    )
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    assert Relation.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"from_claim": "self", "to_claim": "self", "kind": "contradicts"},
        {"from_claim": 999999, "to_claim": "other", "kind": "contradicts"},
        {"from_claim": "self", "to_claim": "other", "kind": "agrees-loosely"},
        {"from_claim": "self", "kind": "contradicts"},
    ],
)
def test_a_bad_link_is_refused(editor_client, body):
    claim, other = make_claim(), make_claim()
    ids = {"self": claim.pk, "other": other.pk}
    body = {key: ids.get(value, value) for key, value in body.items()}
    response = post(editor_client, "/api/relations/", body)
    assert response.status_code == 400
    assert response.json()["errors"]
    assert not Relation.objects.exists()


def test_an_editor_decides_on_a_suggestion(editor_client):
    suggestion = relate_claims(
        from_claim=make_claim(),
        to_claim=make_claim(),
        kind=RelationKind.DENIES,
        origin=RelationOrigin.IMPORTER,
    )
    response = post(
        editor_client, f"/api/relations/{suggestion.pk}/reject/", {"note": "Different strike."}
    )
    assert response.status_code == 200
    assert response.json()["state"] == "rejected"
    assert response.json()["decided_by"] == "editor"
    suggestion.refresh_from_db()
    assert suggestion.state == RelationState.REJECTED
    assert "Different strike." in suggestion.note

    assert post(editor_client, "/api/relations/999999/accept/", {}).status_code == 404


# --- Throttling -----------------------------------------------------------------------


def test_anonymous_reads_are_throttled(settings):
    settings.API_ANON_RATE = "3/minute"
    client = Client()
    codes = [client.get("/api/sources/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.get("/api/sources/")
    assert refused.json()["detail"]
    assert int(refused["Retry-After"]) > 0


def test_failed_token_logins_are_throttled_even_with_a_good_token_after(settings, editor, claim):
    settings.API_FAILED_AUTH_RATE = "3/minute"
    good = Token.objects.create(user=editor).key
    codes = [
        Client(HTTP_AUTHORIZATION=f"Token wrong-{n}").get("/api/claims/").status_code
        for n in range(3)
    ]
    assert codes == [401, 401, 401]

    locked = Client(HTTP_AUTHORIZATION=f"Token {good}").get("/api/claims/")
    assert locked.status_code == 429
    assert "failed logins" in locked.json()["detail"]
    # Anonymous reading without credentials is not affected.
    assert Client().get("/api/claims/").status_code == 200
