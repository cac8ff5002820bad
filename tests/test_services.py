"""The write services: reviews append history; relations are stored once and
decided by an editor."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from claims import services
from claims.models import (
    Claim,
    ClaimStatus,
    Relation,
    RelationKind,
    RelationOrigin,
    RelationState,
    Review,
)
from tests.factories import make_claim, make_user

pytestmark = pytest.mark.django_db


def test_review_appends_history_and_sets_current_status():
    claim = make_claim()
    first_editor, second_editor = make_user(), make_user()

    services.review_claim(
        claim=claim,
        status=ClaimStatus.DISPUTED,
        reviewer=first_editor,
        rationale="The Coalition denies it.",
        evidence=["https://example.org/statement"],
    )
    services.review_claim(
        claim=claim,
        status=ClaimStatus.CONFIRMED,
        reviewer=second_editor,
        rationale="Airwars matched the strike.",
    )

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CONFIRMED
    history = list(claim.reviews.order_by("created_at", "pk"))
    assert [(r.status, r.reviewer) for r in history] == [
        (ClaimStatus.DISPUTED, first_editor),
        (ClaimStatus.CONFIRMED, second_editor),
    ]
    assert history[0].rationale == "The Coalition denies it."
    assert history[0].evidence == ["https://example.org/statement"]


def test_review_updates_the_callers_claim_object():
    claim = make_claim()
    services.review_claim(
        claim=claim, status=ClaimStatus.FALSE, reviewer=make_user(), rationale="Shown wrong."
    )
    assert claim.status == ClaimStatus.FALSE


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"status": "probably"}, "status"),
        ({"rationale": "   "}, "rationale"),
        ({"evidence": ["not a url"]}, "evidence"),
        ({"evidence": ["ftp://example.org/file"]}, "evidence"),
        ({"reviewer": None}, "reviewer"),
    ],
)
def test_invalid_review_is_refused_and_changes_nothing(changes, field):
    claim = make_claim()
    arguments = {
        "claim": claim,
        "status": ClaimStatus.CONFIRMED,
        "reviewer": make_user(),
        "rationale": "Checked.",
        "evidence": [],
    } | changes
    with pytest.raises(ValidationError) as error:
        services.review_claim(**arguments)
    assert field in error.value.message_dict
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.UNVERIFIED
    assert not Review.objects.exists()


@pytest.mark.parametrize("kind", [RelationKind.CONTRADICTS, RelationKind.CORROBORATES])
def test_symmetric_relation_is_stored_once_whichever_way_it_is_entered(kind):
    first, second = make_claim(), make_claim()
    editor = make_user()
    stored = services.relate_claims(from_claim=second, to_claim=first, kind=kind, created_by=editor)
    again = services.relate_claims(from_claim=first, to_claim=second, kind=kind, created_by=editor)
    assert stored.pk == again.pk
    assert (stored.from_claim_id, stored.to_claim_id) == (first.pk, second.pk)
    assert Relation.objects.count() == 1


def test_directed_relation_keeps_its_direction():
    denial, allegation = make_claim(), make_claim()
    relation = services.relate_claims(
        from_claim=allegation, to_claim=denial, kind=RelationKind.DENIES, created_by=make_user()
    )
    assert (relation.from_claim, relation.to_claim) == (allegation, denial)


def test_editor_relation_is_accepted_and_importer_relation_is_suggested():
    first, second, third = make_claim(), make_claim(), make_claim()
    editor = make_user()
    by_editor = services.relate_claims(
        from_claim=first, to_claim=second, kind=RelationKind.CONTRADICTS, created_by=editor
    )
    by_importer = services.relate_claims(
        from_claim=first,
        to_claim=third,
        kind=RelationKind.CONTRADICTS,
        origin=RelationOrigin.IMPORTER,
    )
    assert (by_editor.state, by_editor.origin, by_editor.created_by) == (
        RelationState.ACCEPTED,
        RelationOrigin.EDITOR,
        editor,
    )
    assert (by_importer.state, by_importer.origin, by_importer.created_by) == (
        RelationState.SUGGESTED,
        RelationOrigin.IMPORTER,
        None,
    )


def test_editor_relating_a_suggested_pair_accepts_the_suggestion():
    first, second = make_claim(), make_claim()
    suggestion = services.relate_claims(
        from_claim=first,
        to_claim=second,
        kind=RelationKind.CONTRADICTS,
        origin=RelationOrigin.IMPORTER,
    )
    editor = make_user()
    relation = services.relate_claims(
        from_claim=second, to_claim=first, kind=RelationKind.CONTRADICTS, created_by=editor
    )
    assert relation.pk == suggestion.pk
    assert (relation.state, relation.decided_by) == (RelationState.ACCEPTED, editor)


def test_importer_suggesting_again_keeps_an_editors_rejection():
    first, second = make_claim(), make_claim()
    suggestion = services.relate_claims(
        from_claim=first, to_claim=second, kind=RelationKind.DENIES, origin=RelationOrigin.IMPORTER
    )
    services.decide_relation(
        relation=suggestion, state=RelationState.REJECTED, decided_by=make_user()
    )
    again = services.relate_claims(
        from_claim=first, to_claim=second, kind=RelationKind.DENIES, origin=RelationOrigin.IMPORTER
    )
    assert again.state == RelationState.REJECTED


def test_relation_to_itself_or_of_unknown_kind_is_refused():
    claim, other = make_claim(), make_claim()
    editor = make_user()
    with pytest.raises(ValidationError):
        services.relate_claims(
            from_claim=claim, to_claim=claim, kind=RelationKind.DENIES, created_by=editor
        )
    with pytest.raises(ValidationError):
        services.relate_claims(from_claim=claim, to_claim=other, kind="agrees", created_by=editor)
    with pytest.raises(ValidationError):
        services.relate_claims(from_claim=claim, to_claim=other, kind=RelationKind.DENIES)
    assert not Relation.objects.exists()


def test_decide_relation_records_who_and_when():
    first, second = make_claim(), make_claim()
    suggestion = services.relate_claims(
        from_claim=first,
        to_claim=second,
        kind=RelationKind.CONTRADICTS,
        origin=RelationOrigin.IMPORTER,
    )
    editor = make_user()
    decided = services.decide_relation(
        relation=suggestion, state=RelationState.ACCEPTED, decided_by=editor, note="Same strike."
    )
    decided.refresh_from_db()
    assert decided.state == RelationState.ACCEPTED
    assert decided.decided_by == editor
    assert decided.decided_at is not None
    assert "Same strike." in decided.note
    with pytest.raises(ValidationError):
        services.decide_relation(relation=decided, state=RelationState.SUGGESTED, decided_by=editor)


@pytest.mark.django_db(transaction=True)
def test_concurrent_reviews_are_both_kept():
    """Two editors reviewing the same claim at once: both reviews are kept and
    the claim's status is the one written last, serialised by the row lock.

    PostgreSQL only: the suite's in-memory SQLite database is shared between
    threads through SQLite's shared cache, which answers a concurrent write with
    "database table is locked" at once instead of waiting."""
    if connection.vendor == "sqlite":
        pytest.skip("needs a database with row locks (PostgreSQL)")
    claim = make_claim()
    editors = [make_user(), make_user()]
    statuses = [ClaimStatus.DISPUTED, ClaimStatus.CONFIRMED]
    errors: list[BaseException] = []

    def review(editor, status):
        try:
            services.review_claim(
                claim=Claim.objects.get(pk=claim.pk),
                status=status,
                reviewer=editor,
                rationale=f"{editor.username} decided {status}",
            )
        except BaseException as exc:  # reported below; a thread cannot raise into the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=review, args=pair) for pair in zip(editors, statuses, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    claim.refresh_from_db()
    history = list(Review.objects.filter(claim=claim).order_by("created_at", "pk"))
    assert len(history) == 2
    assert claim.status == history[-1].status


def test_bulk_suggestions_follow_the_same_rules_as_relate_claims():
    first, second, third = make_claim(), make_claim(), make_claim()
    rejected = services.relate_claims(
        from_claim=first, to_claim=third, kind=RelationKind.DENIES, origin=RelationOrigin.IMPORTER
    )
    services.decide_relation(
        relation=rejected, state=RelationState.REJECTED, decided_by=make_user()
    )

    relations = services.suggest_relations(
        suggestions=[
            (second, first, RelationKind.CONTRADICTS, "incompatible tolls"),
            (first, second, RelationKind.CONTRADICTS, "the same pair again"),
            (first, third, RelationKind.DENIES, "suggested again"),
            (first, first, RelationKind.CORROBORATES, "a claim and itself"),
        ]
    )

    assert len(relations) == 2
    contradiction = Relation.objects.get(kind=RelationKind.CONTRADICTS)
    assert (contradiction.from_claim, contradiction.to_claim) == (first, second)
    assert (contradiction.state, contradiction.origin) == (
        RelationState.SUGGESTED,
        RelationOrigin.IMPORTER,
    )
    assert contradiction.note == "incompatible tolls"
    rejected.refresh_from_db()
    assert rejected.state == RelationState.REJECTED  # an editor's decision stands
    assert Relation.objects.count() == 2


def test_bulk_suggestions_between_new_claims_look_nothing_up(django_assert_num_queries):
    """A new document's claims have no relations yet: the suggestions are
    inserted as they are (symmetric pairs once, a claim and itself never), and
    come back with their ids."""
    first, second, third = make_claim(), make_claim(), make_claim()
    # savepoint, insert, the claims' new version, release
    with django_assert_num_queries(4):
        relations = services.suggest_relations(
            suggestions=[
                (second, first, RelationKind.CONTRADICTS, "incompatible tolls"),
                (first, second, RelationKind.CONTRADICTS, "the same pair again"),
                (first, third, RelationKind.DENIES, "a denial"),
                (first, first, RelationKind.CORROBORATES, "a claim and itself"),
            ],
            new_claims=True,
        )

    assert sorted(relation.pk for relation in relations) == sorted(
        Relation.objects.values_list("pk", flat=True)
    )
    assert sorted(
        Relation.objects.values_list("from_claim", "to_claim", "kind", "note", "origin", "state")
    ) == sorted(
        [
            (
                first.pk,
                second.pk,
                RelationKind.CONTRADICTS,
                "incompatible tolls",
                RelationOrigin.IMPORTER,
                RelationState.SUGGESTED,
            ),
            (
                first.pk,
                third.pk,
                RelationKind.DENIES,
                "a denial",
                RelationOrigin.IMPORTER,
                RelationState.SUGGESTED,
            ),
        ]
    )


def test_bulk_suggestions_refuse_an_unknown_kind_and_write_nothing():
    first, second = make_claim(), make_claim()
    with pytest.raises(ValidationError):
        services.suggest_relations(
            suggestions=[
                (first, second, RelationKind.DENIES, ""),
                (second, first, "agrees", ""),
            ]
        )
    assert not Relation.objects.exists()
