"""The admin review desk, driven through the Django test client as an editor.

Editors are staff users in the Editors group (claims.roles), not superusers, so
these tests go through the same permission checks a real editor meets. Only the
smoke test at the end logs in as a superuser.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.db.models.signals import pre_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.models import (
    Claim,
    ClaimKind,
    ClaimStatus,
    DatePrecision,
    Document,
    Event,
    EventKind,
    Figure,
    Party,
    Place,
    Quantity,
    Relation,
    RelationKind,
    RelationOrigin,
    RelationState,
    Review,
    Source,
    SourceKind,
)
from tests.factories import (
    make_claim,
    make_document,
    make_editor,
    make_event,
    make_figure,
    make_party,
    make_place,
    make_source,
    make_user,
)

pytestmark = pytest.mark.django_db


# --- Helpers -------------------------------------------------------------------


def changelist_url(model_name: str) -> str:
    return reverse(f"admin:claims_{model_name}_changelist")


def change_url(obj) -> str:
    return reverse(f"admin:claims_{obj._meta.model_name}_change", args=[obj.pk])


def count_queries(client, url: str) -> tuple[int, list[str]]:
    """GET `url` twice and return the second request's query count and SQL.

    The first request warms the process-wide caches (content types, the site's
    app list), which would otherwise make whichever page is loaded first look
    more expensive.
    """
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), [query["sql"] for query in queries.captured_queries]


def _submitted(form) -> dict:
    """What the browser would post for `form` as rendered (unchecked boxes and
    empty values are not sent)."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        data[bound.html_name] = "on" if value is True else value
    return data


def change_form_data(response, **changes) -> dict:
    """The POST data of a rendered admin change form (main form, every inline
    formset and its management form) with `changes` applied: "save it as is"."""
    data = _submitted(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data.update(_submitted(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(_submitted(form))
    data["_save"] = "Save"
    data.update(changes)
    return data


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def result_set(response) -> set[Claim]:
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


@dataclass
class World:
    """A small conflict: parties, their sources (and a monitor with no party),
    two documents and dated events, enough for claims that look like the seeds'."""

    sdf: Party
    isil: Party
    coalition: Party
    sohr: Source
    sdf_press: Source
    amaq: Source
    cjtf: Source
    deir_ez_zor: Document
    raqqa: Document
    hajin_airstrike: Event
    hajin_capture: Event
    raqqa_siege: Event
    sources: list[Source] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def make_world() -> World:
    sdf = make_party(slug="sdf", name="Syrian Democratic Forces")
    isil = make_party(slug="isil", name="Islamic State")
    coalition = make_party(slug="coalition", name="CJTF–OIR coalition")
    sohr = make_source(slug="sohr", name="Syrian Observatory for Human Rights")
    sdf_press = make_source(
        slug="sdf-press", name="SDF media centre", kind=SourceKind.BELLIGERENT, party=sdf
    )
    amaq = make_source(slug="amaq", name="Amaq", kind=SourceKind.MILITANT_MEDIA, party=isil)
    cjtf = make_source(
        slug="cjtf-oir", name="CJTF-OIR", kind=SourceKind.GOVERNMENT, party=coalition
    )
    deir_ez_zor = make_document(slug="deir-ez-zor", title="Deir ez-Zor campaign (2017–2019)")
    raqqa = make_document(slug="raqqa", title="Battle of Raqqa (2017)")
    hajin = make_place(slug="hajin", name="Hajin", aliases=["Haijan"])
    raqqa_city = make_place(slug="raqqa", name="Raqqa")
    hajin_airstrike = make_event(
        title="Airstrikes on Hajin",
        date=dt.date(2018, 12, 3),
        kind=EventKind.AIRSTRIKE,
        document=deir_ez_zor,
        parties=[coalition, isil],
        places=[hajin],
    )
    hajin_capture = make_event(
        title="SDF capture Hajin",
        date=dt.date(2018, 12, 14),
        kind=EventKind.CAPTURE,
        document=deir_ez_zor,
        parties=[sdf, isil],
        places=[hajin],
    )
    raqqa_siege = make_event(
        title="Siege of Raqqa",
        date=dt.date(2017, 10, 1),
        date_precision=DatePrecision.MONTH,
        kind=EventKind.SIEGE,
        document=raqqa,
        parties=[sdf, isil, coalition],
        places=[raqqa_city],
    )
    return World(
        sdf=sdf,
        isil=isil,
        coalition=coalition,
        sohr=sohr,
        sdf_press=sdf_press,
        amaq=amaq,
        cjtf=cjtf,
        deir_ez_zor=deir_ez_zor,
        raqqa=raqqa,
        hajin_airstrike=hajin_airstrike,
        hajin_capture=hajin_capture,
        raqqa_siege=raqqa_siege,
        sources=[sohr, sdf_press, amaq, cjtf],
        events=[hajin_airstrike, hajin_capture, raqqa_siege],
    )


def add_claims(world: World, count: int, reviewer) -> list[Claim]:
    """`count` claims spread over the world's sources, events and documents:
    most about an event, every other one with figures, every third contradicting
    the one before it, every fourth reviewed (every eighth twice). The first
    claim has an event, figures and a review."""
    claims = []
    for i in range(count):
        event = world.events[i % len(world.events)] if i % 5 != 4 else None
        claim = make_claim(
            source=world.sources[i % len(world.sources)],
            event=event,
            document=event.document if event else world.deir_ez_zor,
            text=f"{10 + i} fighters were killed near Hajin (report {i})",
            excerpt=f"The source stated that {10 + i} fighters had been killed near Hajin.",
            kind=[ClaimKind.CASUALTIES, ClaimKind.TERRITORY, ClaimKind.DENIAL][i % 3],
            verb="stated",
        )
        if i % 2 == 0:
            make_figure(claim, quantity=Quantity.KILLED, subject="fighters", low=10 + i)
            make_figure(claim, quantity=Quantity.WOUNDED, subject="civilians", low=2, high=5)
        if i % 3 == 2:
            services.relate_claims(
                from_claim=claim,
                to_claim=claims[-1],
                kind=RelationKind.CONTRADICTS,
                created_by=reviewer,
            )
        if i % 4 == 0:
            services.review_claim(
                claim=claim, status=ClaimStatus.DISPUTED, reviewer=reviewer, rationale="Denied."
            )
        if i % 8 == 4:  # a second review: a history of two rows
            services.review_claim(
                claim=claim, status=ClaimStatus.CONFIRMED, reviewer=reviewer, rationale="Seen."
            )
        claims.append(claim)
    return claims


# --- Fixtures ------------------------------------------------------------------


@pytest.fixture
def editor():
    return make_editor("editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def world() -> World:
    return make_world()


# --- 1. Query counts -----------------------------------------------------------

# The claims changelist runs a fixed set of queries whatever the number of
# claims: 12, on SQLite and on PostgreSQL alike.
#    1. the session                     2. the logged-in user
#    3. the user's own permissions      4. the permissions of the user's groups
#    5-7. the choices of the party, source and document filters
#    8. count of the filtered claims    9. count of all claims ("N total")
#   10. the page of claims, with source, party and event joined and the
#       contradiction count as a correlated subquery (no query per row)
#   11. the date hierarchy's first and last event date
#   12. the date hierarchy's distinct years


def test_changelist_query_count_does_not_grow_with_claims(editor_client, editor, world):
    add_claims(world, 1, editor)
    with_one, _ = count_queries(editor_client, changelist_url("claim"))

    add_claims(world, 199, editor)
    assert Claim.objects.count() == 200
    with_many, sql = count_queries(editor_client, changelist_url("claim"))

    assert with_many == with_one, "\n".join(sql)


# A claim's change page runs 13 queries, however many claims, figures,
# relations and reviews there are:
#    1. the session    2. the user    3. the claim (with its contradiction count)
#    4-5. the user's own and group permissions
#    6. the review history, reviewers joined
#    7. the figures
#    8-9. the relations from and to the claim, the other claim and its source joined
#   10. the claim's source, for the page title (str(claim))
#   11. the source again, for the selected option of its autocomplete widget
#   12. the event, for the selected option of its autocomplete widget
#   13. the document (a read-only field)


def test_change_page_query_count_does_not_grow_with_other_claims(editor_client, editor, world):
    """The change page of one claim (two figures, a relation each way, two
    reviews) costs the same when 200 other claims, some linked to it, exist."""
    before, after = add_claims(world, 2, editor)
    claim = make_claim(
        source=world.sohr,
        event=world.hajin_airstrike,
        document=world.deir_ez_zor,
        text="23 civilians were killed by Coalition airstrikes",
        excerpt="SOHR stated that 23 civilians had been killed by Coalition airstrikes.",
    )
    make_figure(claim, quantity=Quantity.KILLED, subject="civilians", low=23, high=23)
    make_figure(claim, quantity=Quantity.WOUNDED, subject="civilians", low=10)
    services.relate_claims(
        from_claim=claim, to_claim=before, kind=RelationKind.DENIES, created_by=editor
    )
    services.relate_claims(
        from_claim=after, to_claim=claim, kind=RelationKind.DENIES, created_by=editor
    )
    for status in (ClaimStatus.DISPUTED, ClaimStatus.CORROBORATED):
        services.review_claim(claim=claim, status=status, reviewer=editor, rationale="Checked.")
    baseline, _ = count_queries(editor_client, change_url(claim))

    others = add_claims(world, 200, editor)
    # More rows in each inline: a query per row would show here.
    services.relate_claims(
        from_claim=claim, to_claim=others[0], kind=RelationKind.SUPERSEDES, created_by=editor
    )
    services.relate_claims(
        from_claim=others[1], to_claim=claim, kind=RelationKind.DENIES, created_by=editor
    )
    services.review_claim(
        claim=claim, status=ClaimStatus.FALSE, reviewer=make_editor(), rationale="Shown wrong."
    )
    with_many, sql = count_queries(editor_client, change_url(claim))

    assert with_many == baseline, "\n".join(sql)


# --- 2. Filters and search -------------------------------------------------------


@pytest.fixture
def desk(world, editor) -> dict[str, Claim]:
    """Four claims that differ in every filtered field:

    - sohr: SOHR (no party), Hajin airstrike 2018-12-03, casualties, disputed
    - denial: CJTF-OIR (coalition), same event, denial, denies `sohr`
    - capture: SDF media centre (sdf), Hajin capture 2018-12-14, territory, confirmed
    - amaq: Amaq (isil), Raqqa siege 2017-10, casualties, Raqqa document; its
      contradiction with `capture` was rejected, so neither is contested by it
    """
    claims = {
        "sohr": make_claim(
            source=world.sohr,
            event=world.hajin_airstrike,
            document=world.deir_ez_zor,
            kind=ClaimKind.CASUALTIES,
            text="23 civilians were killed by Coalition airstrikes on al-Susah",
            excerpt="SOHR stated that 23 civilians had been killed by Coalition airstrikes.",
        ),
        "denial": make_claim(
            source=world.cjtf,
            event=world.hajin_airstrike,
            document=world.deir_ez_zor,
            kind=ClaimKind.DENIAL,
            text="No civilians were harmed in the strikes",
            excerpt="The Coalition denied civilian casualties.",
        ),
        "capture": make_claim(
            source=world.sdf_press,
            event=world.hajin_capture,
            document=world.deir_ez_zor,
            kind=ClaimKind.TERRITORY,
            text="Hajin was fully captured",
            excerpt="SDF spokesman Mustafa Bali told Reuters that Hajin had been captured.",
        ),
        "amaq": make_claim(
            source=world.amaq,
            event=world.raqqa_siege,
            document=world.raqqa,
            kind=ClaimKind.CASUALTIES,
            text="Dozens of SDF fighters were killed in Raqqa",
            excerpt="Amaq stated that its fighters had repelled the assault.",
        ),
    }
    services.review_claim(
        claim=claims["sohr"], status=ClaimStatus.DISPUTED, reviewer=editor, rationale="Denied."
    )
    services.review_claim(
        claim=claims["capture"], status=ClaimStatus.CONFIRMED, reviewer=editor, rationale="Seen."
    )
    services.relate_claims(
        from_claim=claims["denial"],
        to_claim=claims["sohr"],
        kind=RelationKind.DENIES,
        created_by=editor,
    )
    rejected = services.relate_claims(
        from_claim=claims["capture"],
        to_claim=claims["amaq"],
        kind=RelationKind.CONTRADICTS,
        origin=RelationOrigin.IMPORTER,
    )
    services.decide_relation(relation=rejected, state=RelationState.REJECTED, decided_by=editor)
    return claims


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (lambda w: {"status__exact": "disputed"}, {"sohr"}),
        (lambda w: {"status__exact": "unverified"}, {"denial", "amaq"}),
        (lambda w: {"kind__exact": "casualties"}, {"sohr", "amaq"}),
        (lambda w: {"source__id__exact": w.amaq.pk}, {"amaq"}),
        (lambda w: {"source__party__id__exact": w.coalition.pk}, {"denial"}),
        (lambda w: {"source__party__id__exact": w.sdf.pk}, {"capture"}),
        (lambda w: {"document__id__exact": w.raqqa.pk}, {"amaq"}),
        (lambda w: {"document__id__exact": w.deir_ez_zor.pk}, {"sohr", "denial", "capture"}),
        (lambda w: {"contested": "yes"}, {"sohr", "denial"}),
        (lambda w: {"contested": "no"}, {"capture", "amaq"}),
        (lambda w: {"event__date__year": 2018}, {"sohr", "denial", "capture"}),
        (
            lambda w: {"event__date__year": 2018, "event__date__month": 12, "event__date__day": 3},
            {"sohr", "denial"},
        ),
        (lambda w: {"event__date__year": 2017, "event__date__month": 10}, {"amaq"}),
        (lambda w: {"contested": "yes", "kind__exact": "denial"}, {"denial"}),
    ],
    ids=[
        "status",
        "status-default",
        "kind",
        "source",
        "party",
        "party-other",
        "document",
        "document-other",
        "contested-yes",
        "contested-no-ignores-rejected",
        "event-year",
        "event-day",
        "event-month",
        "combined",
    ],
)
def test_changelist_filter(editor_client, world, desk, params, expected):
    response = editor_client.get(changelist_url("claim"), params(world))

    assert result_set(response) == {desk[name] for name in expected}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("al-Susah", {"sohr"}),  # in the text
        ("Mustafa Bali", {"capture"}),  # in the excerpt only
        ("repelled", {"amaq"}),  # in the excerpt only
        ("Observatory", {"sohr"}),  # in the source's name only
        ("CJTF", {"denial"}),  # in the source's name only
        ("killed", {"sohr", "amaq"}),
    ],
)
def test_changelist_search(editor_client, desk, query, expected):
    response = editor_client.get(changelist_url("claim"), {"q": query})

    assert result_set(response) == {desk[name] for name in expected}


# --- 3. Bulk review actions ------------------------------------------------------

MARK_ACTIONS = {
    "mark_corroborated": ClaimStatus.CORROBORATED,
    "mark_confirmed": ClaimStatus.CONFIRMED,
    "mark_disputed": ClaimStatus.DISPUTED,
    "mark_false": ClaimStatus.FALSE,
    "mark_retracted": ClaimStatus.RETRACTED,
}


def choose_action(client, action: str, claims, **extra):
    """POST the changelist's action form, as the "Go" button does."""
    data = {"action": action, "_selected_action": [c.pk for c in claims], "index": "0"}
    return client.post(changelist_url("claim"), {**data, **extra})


def apply_action(client, action: str, claims, *, query: str = "", **fields):
    """POST the intermediate page's form, as its "Mark as …" button does (to the
    changelist URL it was shown at, filters included)."""
    data = {
        "action": action,
        "_selected_action": [c.pk for c in claims],
        "status": MARK_ACTIONS[action],
        "rationale": "Two independent monitors report the same toll.",
        "evidence": "",
        "apply": "Mark",
    }
    return client.post(changelist_url("claim") + query, {**data, **fields})


def test_bulk_action_first_asks_for_a_rationale(editor_client, desk):
    selected = [desk["sohr"], desk["amaq"]]

    response = choose_action(editor_client, "mark_disputed", selected)

    assert response.status_code == 200
    assert "admin/claims/claim/review_action.html" in [t.name for t in response.templates]
    assert set(response.context["claims"]) == set(selected)
    assert "rationale" in response.context["form"].fields
    assert Review.objects.filter(claim__in=selected).count() == 1  # sohr's earlier review only
    assert Claim.objects.get(pk=desk["amaq"].pk).status == ClaimStatus.UNVERIFIED


@pytest.mark.parametrize(("action", "status"), MARK_ACTIONS.items())
def test_bulk_action_records_one_review_per_claim(editor_client, editor, desk, action, status):
    selected = [desk["denial"], desk["amaq"]]

    response = apply_action(
        editor_client,
        action,
        selected,
        evidence="https://example.org/report\nhttps://example.org/video",
    )

    assert response.status_code == 302
    for claim in selected:
        review = Review.objects.get(claim=claim)
        assert review.status == status
        assert review.reviewer == editor
        assert review.rationale == "Two independent monitors report the same toll."
        assert review.evidence == ["https://example.org/report", "https://example.org/video"]
        assert Claim.objects.get(pk=claim.pk).status == status
    # Claims that were not selected are left alone.
    assert Claim.objects.get(pk=desk["sohr"].pk).status == ClaimStatus.DISPUTED


def test_bulk_action_reports_how_many_claims_it_marked(editor_client, desk):
    """Shown on a changelist filtered on "unverified", the claims no longer
    match the filter once marked; the message still counts them."""
    selected = [desk["denial"], desk["amaq"]]

    response = apply_action(
        editor_client, "mark_confirmed", selected, query="?status__exact=unverified"
    )

    assert response.status_code == 302
    assert messages_of(response) == ["Marked 2 claims as confirmed."]


def test_bulk_action_keeps_earlier_reviews(editor_client, desk):
    claim = desk["sohr"]  # already reviewed once: disputed

    apply_action(editor_client, "mark_false", [claim])

    statuses = list(Review.objects.filter(claim=claim).order_by("pk").values_list("status"))
    assert statuses == [(ClaimStatus.DISPUTED,), (ClaimStatus.FALSE,)]
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.FALSE


def test_bulk_action_without_rationale_shows_the_form_again(editor_client, desk):
    selected = [desk["denial"], desk["amaq"]]

    response = apply_action(editor_client, "mark_confirmed", selected, rationale="   ")

    assert response.status_code == 200
    assert "rationale" in response.context["form"].errors
    assert set(response.context["claims"]) == set(selected)  # ready to submit again
    assert not Review.objects.filter(claim__in=selected).exists()
    assert set(Claim.objects.filter(pk__in=[c.pk for c in selected]).values_list("status")) == {
        (ClaimStatus.UNVERIFIED,)
    }


def test_bulk_action_refuses_a_bad_evidence_url(editor_client, desk):
    selected = [desk["denial"], desk["amaq"]]

    response = apply_action(
        editor_client,
        "mark_confirmed",
        selected,
        evidence="https://example.org/ok\njavascript:alert(1)",
    )

    assert response.status_code == 200
    assert "evidence" in response.context["form"].errors
    assert not Review.objects.filter(claim__in=selected).exists()


@pytest.fixture
def claim_changer(client):
    """Staff who may view, change and delete claims, but not review them."""
    user = make_user(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="claims",
            codename__in=["view_claim", "change_claim", "delete_claim"],
        )
    )
    client.force_login(user)
    return client


def test_bulk_actions_need_the_review_permission(claim_changer, desk):
    response = claim_changer.get(changelist_url("claim"))

    assert response.status_code == 200
    offered = {name for name, _ in response.context["action_form"].fields["action"].choices}
    assert "delete_selected" in offered
    assert not offered & set(MARK_ACTIONS)


def test_bulk_action_posted_without_the_review_permission_records_nothing(claim_changer, desk):
    apply_action(claim_changer, "mark_confirmed", [desk["amaq"]])

    assert not Review.objects.filter(claim=desk["amaq"]).exists()
    assert Claim.objects.get(pk=desk["amaq"].pk).status == ClaimStatus.UNVERIFIED


# --- 4. Reviewing from the claim's change form -----------------------------------


@pytest.fixture
def disputed_claim(world):
    """A claim another editor has already marked disputed."""
    claim = make_claim(
        source=world.sohr,
        event=world.hajin_airstrike,
        document=world.deir_ez_zor,
        text="23 civilians were killed by Coalition airstrikes",
    )
    make_figure(claim, quantity=Quantity.KILLED, subject="civilians", low=23, high=23)
    services.review_claim(
        claim=claim,
        status=ClaimStatus.DISPUTED,
        reviewer=make_editor("first-editor"),
        rationale="The Coalition denies it.",
    )
    return claim


def post_change_form(client, claim, **changes):
    page = client.get(change_url(claim))
    assert page.status_code == 200
    return client.post(change_url(claim), change_form_data(page, **changes))


def test_change_form_status_change_records_a_review(editor_client, editor, disputed_claim):
    response = post_change_form(
        editor_client,
        disputed_claim,
        new_status=ClaimStatus.CONFIRMED,
        review_rationale="Geolocated footage of the strike site.",
        review_evidence="https://example.org/footage",
    )

    assert response.status_code == 302
    review = Review.objects.filter(claim=disputed_claim).latest("pk")
    assert review.status == ClaimStatus.CONFIRMED
    assert review.reviewer == editor
    assert review.rationale == "Geolocated footage of the strike site."
    assert review.evidence == ["https://example.org/footage"]
    assert Claim.objects.get(pk=disputed_claim.pk).status == ClaimStatus.CONFIRMED


def test_change_form_status_change_keeps_the_history(editor_client, disputed_claim):
    earlier = Review.objects.get(claim=disputed_claim)

    post_change_form(
        editor_client,
        disputed_claim,
        new_status=ClaimStatus.CONFIRMED,
        review_rationale="Geolocated footage of the strike site.",
    )

    history = list(Review.objects.filter(claim=disputed_claim).order_by("pk"))
    assert [review.status for review in history] == [
        ClaimStatus.DISPUTED,
        ClaimStatus.CONFIRMED,
    ]
    assert history[0].rationale == earlier.rationale
    assert history[0].reviewer == earlier.reviewer


def test_change_form_status_change_needs_a_rationale(editor_client, disputed_claim):
    response = post_change_form(
        editor_client, disputed_claim, new_status=ClaimStatus.CONFIRMED, review_rationale=" "
    )

    assert response.status_code == 200
    assert "review_rationale" in response.context["adminform"].form.errors
    assert Review.objects.filter(claim=disputed_claim).count() == 1
    assert Claim.objects.get(pk=disputed_claim.pk).status == ClaimStatus.DISPUTED


def test_change_form_refuses_a_bad_evidence_url(editor_client, disputed_claim):
    response = post_change_form(
        editor_client,
        disputed_claim,
        new_status=ClaimStatus.CONFIRMED,
        review_rationale="Footage.",
        review_evidence="ftp://example.org/footage",
    )

    assert response.status_code == 200
    assert "review_evidence" in response.context["adminform"].form.errors
    assert Review.objects.filter(claim=disputed_claim).count() == 1


def test_change_form_without_a_status_records_no_review(editor_client, disputed_claim):
    """Correcting a claim's text is not a review: the status stays as the last
    review left it (the model's default would be "unverified")."""
    response = post_change_form(
        editor_client,
        disputed_claim,
        text="23 civilians were killed by Coalition airstrikes on al-Susah",
        review_rationale="Only fixing the text.",
    )

    assert response.status_code == 302
    claim = Claim.objects.get(pk=disputed_claim.pk)
    assert claim.text == "23 civilians were killed by Coalition airstrikes on al-Susah"
    assert claim.status == ClaimStatus.DISPUTED
    assert Review.objects.filter(claim=claim).count() == 1


def test_saving_the_form_keeps_a_review_recorded_meanwhile(editor_client, disputed_claim):
    """The admin reads the claim at the start of the request. A review another
    editor records before the form's save (here from a pre_save receiver, to hit
    that window deterministically) must stay the claim's status: saving the
    claim's own fields does not write back the status read earlier."""
    page = editor_client.get(change_url(disputed_claim))
    other_editor = make_editor()

    def review_meanwhile(sender, instance, **kwargs):
        services.review_claim(
            claim=Claim.objects.get(pk=instance.pk),
            status=ClaimStatus.FALSE,
            reviewer=other_editor,
            rationale="Shown wrong by satellite imagery.",
        )

    pre_save.connect(review_meanwhile, sender=Claim, dispatch_uid="review_meanwhile")
    try:
        response = editor_client.post(
            change_url(disputed_claim), change_form_data(page, text="23 civilians killed")
        )
    finally:
        pre_save.disconnect(sender=Claim, dispatch_uid="review_meanwhile")

    assert response.status_code == 302
    claim = Claim.objects.get(pk=disputed_claim.pk)
    assert claim.text == "23 civilians killed"
    assert claim.status == Review.objects.filter(claim=claim).latest("pk").status
    assert claim.status == ClaimStatus.FALSE


# --- 5. Relations ---------------------------------------------------------------


@pytest.fixture
def pair(world):
    """Two claims about the same airstrike, `lower` created (and numbered) first."""
    lower = make_claim(source=world.sohr, event=world.hajin_airstrike, text="23 civilians killed")
    higher = make_claim(source=world.cjtf, event=world.hajin_airstrike, text="No civilians hurt")
    assert lower.pk < higher.pk
    return lower, higher


def add_relation(client, from_claim, to_claim, kind=RelationKind.CONTRADICTS):
    return client.post(
        reverse("admin:claims_relation_add"),
        {
            "from_claim": from_claim.pk,
            "kind": kind,
            "to_claim": to_claim.pk,
            "note": "Same strike, incompatible tolls.",
            "_save": "Save",
        },
    )


def test_add_symmetric_relation_is_stored_lower_id_first(editor_client, editor, pair):
    lower, higher = pair

    response = add_relation(editor_client, higher, lower)

    assert response.status_code == 302
    relation = Relation.objects.get()
    assert (relation.from_claim, relation.to_claim) == (lower, higher)
    assert relation.kind == RelationKind.CONTRADICTS
    assert relation.created_by == editor
    assert relation.origin == RelationOrigin.EDITOR
    assert relation.state == RelationState.ACCEPTED
    assert relation.note == "Same strike, incompatible tolls."


@pytest.mark.parametrize("reverse_order", [False, True], ids=["same-order", "other-order"])
def test_add_existing_relation_again_is_a_form_error(editor_client, editor, pair, reverse_order):
    lower, higher = pair
    services.relate_claims(
        from_claim=lower, to_claim=higher, kind=RelationKind.CONTRADICTS, created_by=editor
    )
    first, second = (higher, lower) if reverse_order else (lower, higher)

    response = add_relation(editor_client, first, second)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Relation.objects.count() == 1


def test_adding_a_pair_the_importer_suggested_accepts_the_suggestion(editor_client, editor, pair):
    """An editor who links a pair the importer had suggested is deciding it:
    the suggestion becomes accepted, by them, and no second row appears."""
    lower, higher = pair
    suggestion = services.relate_claims(
        from_claim=lower,
        to_claim=higher,
        kind=RelationKind.CONTRADICTS,
        origin=RelationOrigin.IMPORTER,
    )

    response = add_relation(editor_client, higher, lower)

    assert response.status_code == 302
    relation = Relation.objects.get()
    assert relation.pk == suggestion.pk
    assert relation.state == RelationState.ACCEPTED
    assert relation.decided_by == editor
    assert relation.origin == RelationOrigin.IMPORTER


def test_add_relation_to_itself_is_refused_clearly(editor_client, pair):
    claim, _ = pair

    response = add_relation(editor_client, claim, claim)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    messages = [error.message for field_errors in errors.values() for error in field_errors]
    assert "A claim cannot be related to itself." in messages
    # Only that message: not the database constraints' generic ones as well.
    assert len(messages) == 1, messages
    assert not Relation.objects.exists()


@pytest.mark.parametrize(
    ("action", "state"),
    [("accept", RelationState.ACCEPTED), ("reject", RelationState.REJECTED)],
)
def test_decide_suggested_relation(editor_client, editor, pair, action, state):
    lower, higher = pair
    suggestion = services.relate_claims(
        from_claim=higher,
        to_claim=lower,
        kind=RelationKind.DENIES,
        origin=RelationOrigin.IMPORTER,
    )
    assert suggestion.state == RelationState.SUGGESTED

    response = editor_client.post(
        changelist_url("relation"),
        {"action": action, "_selected_action": [suggestion.pk], "index": "0"},
    )

    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.state == state
    assert suggestion.decided_by == editor
    assert suggestion.decided_at is not None
    assert suggestion.origin == RelationOrigin.IMPORTER


def test_decide_reports_how_many_relations_it_decided(editor_client, pair):
    """Filtered on "suggested", the decided relations no longer match the
    changelist's query; the message counts them anyway."""
    lower, higher = pair
    suggestion = services.relate_claims(
        from_claim=higher, to_claim=lower, kind=RelationKind.DENIES, origin=RelationOrigin.IMPORTER
    )

    response = editor_client.post(
        changelist_url("relation") + "?state__exact=suggested",
        {"action": "accept", "_selected_action": [suggestion.pk], "index": "0"},
    )

    assert response.status_code == 302
    assert messages_of(response) == ["1 relation(s) accepted."]


# --- 6. Reviews -----------------------------------------------------------------


@pytest.fixture
def review(world, editor):
    claim = make_claim(source=world.sohr, event=world.hajin_airstrike)
    return services.review_claim(
        claim=claim,
        status=ClaimStatus.DISPUTED,
        reviewer=editor,
        rationale="The Coalition denies it.",
        evidence=["https://example.org/denial"],
    )


def review_post_data(review, **fields):
    return {
        "claim": review.claim_id,
        "status": ClaimStatus.FALSE,
        "rationale": "Rewritten history.",
        "evidence": "",
        "_save": "Save",
        **fields,
    }


@pytest.mark.parametrize("who", ["editor_client", "admin_client"])
def test_review_change_page_is_read_only(request, review, who):
    client = request.getfixturevalue(who)

    page = client.get(change_url(review))
    response = client.post(change_url(review), review_post_data(review))

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert response.status_code == 403
    stored = Review.objects.get(pk=review.pk)
    assert (stored.status, stored.rationale) == (ClaimStatus.DISPUTED, "The Coalition denies it.")


@pytest.mark.parametrize("who", ["editor_client", "admin_client"])
def test_review_cannot_be_deleted(request, review, who):
    client = request.getfixturevalue(who)
    delete_url = reverse("admin:claims_review_delete", args=[review.pk])

    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Review.objects.filter(pk=review.pk).exists()


def test_add_review_goes_through_the_service_as_the_editor(editor_client, editor, review):
    someone_else = make_editor()

    response = editor_client.post(
        reverse("admin:claims_review_add"),
        review_post_data(
            review,
            status=ClaimStatus.CONFIRMED,
            rationale="Geolocated footage.",
            evidence="https://example.org/footage",
            reviewer=someone_else.pk,  # not a form field: ignored
        ),
    )

    assert response.status_code == 302
    added = Review.objects.latest("pk")
    assert added.pk != review.pk
    assert added.reviewer == editor
    assert added.status == ClaimStatus.CONFIRMED
    assert added.evidence == ["https://example.org/footage"]
    # The service also moved the claim's status, and kept the earlier review.
    assert Claim.objects.get(pk=review.claim_id).status == ClaimStatus.CONFIRMED
    assert Review.objects.filter(claim_id=review.claim_id).count() == 2
    # The admin's history names the review as stored.
    entry = LogEntry.objects.get(object_id=str(added.pk), action_flag=ADDITION)
    assert entry.object_repr.startswith("Confirmed by editor on ")


# --- 7. The Editors group -------------------------------------------------------


def test_editor_can_open_claims_changelist_and_change_page(editor_client, world):
    claim = make_claim(source=world.sohr, event=world.hajin_airstrike)

    assert editor_client.get(changelist_url("claim")).status_code == 200
    assert editor_client.get(change_url(claim)).status_code == 200


def test_editor_cannot_delete_claims(editor_client, world):
    claim = make_claim(source=world.sohr)
    delete_url = reverse("admin:claims_claim_delete", args=[claim.pk])

    assert editor_client.get(delete_url).status_code == 403
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_editor_cannot_see_users(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_staff_without_a_group_cannot_see_claims(client, world):
    make_claim(source=world.sohr)
    client.force_login(make_user(is_staff=True))

    assert client.get(changelist_url("claim")).status_code == 403


# --- 8. Smoke test: every claims admin page --------------------------------------


@pytest.fixture
def populated(world, admin_user):
    add_claims(world, 6, admin_user)


@pytest.mark.parametrize(
    "model_name",
    ["document", "party", "source", "place", "event", "claim", "figure", "relation", "review"],
)
@pytest.mark.parametrize("page", ["changelist", "add"])
def test_superuser_can_open_every_admin_page(admin_client, populated, model_name, page):
    response = admin_client.get(reverse(f"admin:claims_{model_name}_{page}"))

    # Documents come only from the importer: there is no add page for them.
    expected = 403 if (model_name, page) == ("document", "add") else 200
    assert response.status_code == expected
    if page == "changelist":
        assert response.context["cl"].result_count > 0


@pytest.mark.parametrize(
    "model",
    [Document, Party, Source, Place, Event, Claim, Figure, Relation, Review],
    ids=lambda model: model._meta.model_name,
)
def test_superuser_can_open_a_change_page_of_every_model(admin_client, populated, model):
    response = admin_client.get(change_url(model.objects.first()))

    assert response.status_code == 200
