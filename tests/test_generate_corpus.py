"""The synthetic corpus (`manage.py generate_corpus`): realistic proportions, every
database constraint kept, the same corpus for the same seed, and a removal that
takes all of it and nothing else. Small corpora: the load's speed is measured
by running the command, not here."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.test import Client

from claims import corpus
from claims.ingest.reference import load_reference_data
from claims.models import (
    SYMMETRIC_RELATION_KINDS,
    Claim,
    ClaimStatus,
    Document,
    Event,
    Figure,
    Place,
    Relation,
    RelationKind,
    Review,
    Source,
)
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
)

pytestmark = pytest.mark.django_db

CLAIMS = 2_000


def synthetic_claims():
    return Claim.objects.filter(document__slug__startswith=corpus.DOCUMENT_PREFIX)


def _generate(claims: int = CLAIMS, **options) -> corpus.CorpusSummary:
    summary = corpus.generate_corpus(claims=claims, **options)
    # Foreign keys are deferred, and a test never commits: check them now.
    connection.check_constraints()
    return summary


def test_rows_per_table_come_in_the_expected_ratios():
    summary = _generate()

    claims = synthetic_claims()
    assert claims.count() == CLAIMS
    assert Claim.objects.count() == CLAIMS
    assert Event.objects.count() == CLAIMS // corpus.CLAIMS_PER_EVENT
    assert Place.objects.filter(slug__startswith=corpus.PLACE_PREFIX).count() == 2_000
    assert Source.objects.count() >= corpus.MIN_SOURCES
    # One article-sized document per ~1,000 claims (whole events, so "about").
    assert Document.objects.filter(slug__startswith=corpus.DOCUMENT_PREFIX).count() == 2
    assert 1.1 <= Figure.objects.count() / CLAIMS <= 1.5
    assert 0.005 <= Relation.objects.count() / CLAIMS <= 0.05
    reviewed = claims.filter(reviews__isnull=False).distinct().count()
    assert 0.01 <= reviewed / CLAIMS <= 0.10
    assert summary.rows["claims_claim"] == CLAIMS
    assert summary.rows["claims_figure"] == Figure.objects.count()
    assert summary.rate > 0


def test_the_corpus_looks_like_reporting():
    _generate()
    claims = synthetic_claims()

    sources = Counter(claims.values_list("source__slug", flat=True))
    top, top_count = sources.most_common(1)[0]
    assert top == "sohr" and top_count / CLAIMS > 0.2  # one monitor dominates
    assert len(sources) > 30  # and the long tail speaks too
    statuses = Counter(claims.values_list("status", flat=True))
    assert statuses[ClaimStatus.UNVERIFIED] / CLAIMS > 0.85
    assert {ClaimStatus.DISPUTED, ClaimStatus.CORROBORATED} <= set(statuses)
    civilians = claims.filter(Q(text__icontains="civilians") | Q(excerpt__icontains="civilians"))
    assert 0.12 <= civilians.count() / CLAIMS <= 0.30

    events = Event.objects.annotate(
        n_places=Count("places", distinct=True), n_parties=Count("parties", distinct=True)
    )
    assert {event.n_places for event in events} <= {1, 2}
    assert {event.n_parties for event in events} <= {1, 2}
    years = {year for year in events.values_list("date__year", flat=True)}
    assert years <= set(range(2014, 2020)) and len(years) >= 5

    for claim in claims.select_related("document", "event"):
        # The span is the claim's sentence in its document's body.
        assert claim.document.body[claim.char_start : claim.char_end] == claim.excerpt
        assert claim.section
        if claim.event and claim.stated_on:
            assert claim.stated_on >= claim.event.date
    document = Document.objects.filter(slug__startswith=corpus.DOCUMENT_PREFIX).first()
    assert document.front_matter["synthetic"] is True


def test_statuses_are_latest_reviews_and_relations_are_stored_as_the_database_wants():
    _generate()
    claims = synthetic_claims()
    latest = Review.objects.filter(claim=OuterRef("pk")).order_by("-created_at", "-pk")
    reviewed = claims.filter(reviews__isnull=False).distinct()
    for status, latest_status in reviewed.annotate(
        latest_status=Subquery(latest.values("status")[:1])
    ).values_list("status", "latest_status"):
        assert status == latest_status
    assert set(claims.filter(reviews__isnull=True).values_list("status", flat=True)) == {
        ClaimStatus.UNVERIFIED
    }
    assert (
        not reviewed.annotate(last=Max("reviews__created_at"))
        .filter(updated_at__lt=F("last"))
        .exists()
    )
    assert Review.objects.values("reviewer__username").distinct().get() == {
        "reviewer__username": corpus.USERNAME
    }
    for relation in Relation.objects.all():
        assert relation.from_claim_id != relation.to_claim_id
        if relation.kind in SYMMETRIC_RELATION_KINDS:
            assert relation.from_claim_id < relation.to_claim_id
    kinds = set(Relation.objects.values_list("kind", flat=True))
    assert {RelationKind.CONTRADICTS, RelationKind.DENIES, RelationKind.CORROBORATES} <= kinds
    assert Claim.objects.contested().exists()


def _snapshot() -> list[tuple]:
    """The corpus's content without ids, which differ from one load to the next."""
    claims = list(
        synthetic_claims()
        .order_by("id")
        .values_list("id", "source__slug", "text", "excerpt", "status", "stated_on", "kind")
    )
    first = claims[0][0]
    relations = sorted(
        (from_id - first, to_id - first, kind, state)
        for from_id, to_id, kind, state in Relation.objects.values_list(
            "from_claim_id", "to_claim_id", "kind", "state"
        )
    )
    events = list(Event.objects.order_by("id").values_list("date", "title", "kind"))
    return [row[1:] for row in claims] + relations + events


def test_the_same_seed_makes_the_same_corpus():
    _generate(500)
    first = _snapshot()
    corpus.remove_corpus()
    _generate(500)
    assert _snapshot() == first
    corpus.remove_corpus()
    _generate(500, seed=7)
    assert _snapshot() != first


def test_remove_takes_all_and_only_the_synthetic_rows():
    load_reference_data(settings.SEEDS_DIR)  # real rows too; the load would add them
    editor = make_editor()
    party = make_party(slug="real-party")
    place = make_place(slug="real-place")
    source = make_source(slug="real-source")
    document = make_document(slug="real-article")
    event = make_event(places=[place], parties=[party], document=document)
    claim = make_claim(source=source, event=event, document=document)
    other = make_claim(source=source, event=event, document=document)
    make_figure(claim)
    make_relation(claim, other, kind=RelationKind.CONTRADICTS)
    make_review(claim, editor, status=ClaimStatus.DISPUTED)
    real_counts = {
        model: model.objects.count()
        for model in (Document, Event, Claim, Figure, Relation, Review, Place, Source)
    }

    _generate(500)
    synthetic = synthetic_claims().order_by("id")
    # An editor links a real claim to a synthetic one, and a real claim to a
    # synthetic event: removal deletes the link and unlinks the event.
    make_relation(other, synthetic[0], kind=RelationKind.DENIES)
    synthetic_event = Event.objects.filter(document__slug__startswith="synthetic").first()
    Claim.objects.filter(pk=other.pk).update(event=synthetic_event)

    removed = corpus.remove_corpus()
    connection.check_constraints()

    assert removed["claims_claim"] == 500
    for model, count in real_counts.items():
        assert model.objects.count() == count, model
    assert not Document.objects.filter(slug__startswith=corpus.DOCUMENT_PREFIX).exists()
    assert not Place.objects.filter(slug__startswith=corpus.PLACE_PREFIX).exists()
    assert not Source.objects.filter(slug__startswith=corpus.SOURCE_PREFIX).exists()
    assert not Event.places.through.objects.exclude(event=event).exists()
    assert Relation.objects.get().from_claim_id == claim.pk
    assert Review.objects.get().reviewer == editor
    other.refresh_from_db()
    assert other.event is None
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DISPUTED and claim.event == event
    assert not get_user_model().objects.filter(username=corpus.USERNAME).exists()
    assert Place.objects.filter(slug="hajin").exists()  # the reference lists stay


def test_a_second_corpus_is_refused_unless_replacing():
    _generate(200)
    with pytest.raises(corpus.CorpusExists):
        corpus.generate_corpus(claims=200)
    with pytest.raises(CommandError, match="--remove"):
        call_command("generate_corpus", claims=200, stdout=io.StringIO())

    call_command("generate_corpus", claims=300, replace=True, stdout=io.StringIO())
    assert synthetic_claims().count() == 300

    output = io.StringIO()
    call_command("generate_corpus", remove=True, stdout=output)
    assert "removed" in output.getvalue()
    assert not Claim.objects.exists()


def test_the_command_prints_rows_per_table_and_the_rate():
    output = io.StringIO()
    call_command("generate_corpus", claims=300, claims_per_document=100, stdout=output)
    printed = output.getvalue()
    assert "claims_claim" in printed and "claims_figure" in printed
    assert "300 claims in" in printed and "claims/s" in printed
    assert 2 <= corpus.synthetic_documents().count() <= 3
    with pytest.raises(CommandError, match="at least 1"):
        call_command("generate_corpus", claims=0, stdout=io.StringIO())


def test_the_api_serves_synthetic_claims():
    _generate()
    response = Client().get("/api/claims/", {"source": "sohr", "status": "disputed"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] > 0
    for row in body["results"]:
        assert row["source"]["slug"] == "sohr"
        assert row["status"] == "disputed"
        assert row["document"].startswith(corpus.DOCUMENT_PREFIX)


def test_text_search_hits_a_realistic_fraction():
    """ "civilians" is in about a fifth of claims (stemmed on PostgreSQL, where
    the stored search vector must have been filled for COPYed rows too)."""
    _generate()
    hits = Claim.objects.search("civilians").count()
    assert 0.12 <= hits / CLAIMS <= 0.30
