"""Database integrity: each constraint refuses what it must, each on_delete does
what it says, and the chainable QuerySet reads return the right rows."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from claims.models import (
    Claim,
    ClaimStatus,
    Event,
    Figure,
    Party,
    Place,
    Relation,
    RelationKind,
    RelationOrigin,
    RelationState,
    Review,
    Source,
)
from tests.factories import (
    make_claim,
    make_document,
    make_event,
    make_figure,
    make_party,
    make_place,
    make_source,
    make_user,
)

pytestmark = pytest.mark.django_db


def refuses(create) -> None:
    """Assert the database refuses the write, leaving the test transaction usable."""
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


# --- Unique constraints --------------------------------------------------------


def test_document_slug_is_unique():
    make_document(slug="deir-ez-zor")
    refuses(lambda: make_document(slug="deir-ez-zor"))


def test_source_slug_is_unique():
    make_source(slug="sohr")
    refuses(lambda: make_source(slug="sohr"))


def test_place_slug_is_unique():
    make_place(slug="hajin")
    refuses(lambda: make_place(slug="hajin"))


def test_party_slug_is_unique():
    make_party(slug="sdf")
    refuses(lambda: make_party(slug="sdf"))


def test_relation_pair_and_kind_is_unique():
    first, second = make_claim(), make_claim()
    Relation.objects.create(from_claim=first, to_claim=second, kind=RelationKind.DENIES)
    refuses(
        lambda: Relation.objects.create(from_claim=first, to_claim=second, kind=RelationKind.DENIES)
    )


def test_same_pair_may_hold_different_kinds():
    first, second = make_claim(), make_claim()
    Relation.objects.create(from_claim=first, to_claim=second, kind=RelationKind.DENIES)
    Relation.objects.create(from_claim=first, to_claim=second, kind=RelationKind.CONTRADICTS)
    assert Relation.objects.count() == 2


# --- Check constraints -----------------------------------------------------------


def test_figure_low_may_not_exceed_high():
    claim = make_claim()
    refuses(lambda: make_figure(claim, low=70, high=50))


def test_figure_open_ended_ranges_are_allowed():
    claim = make_claim()
    make_figure(claim, low=47, high=None, as_written="at least 47")
    make_figure(claim, low=None, high=80, as_written="up to 80")
    make_figure(claim, low=None, high=None, as_written="dozens")
    make_figure(claim, low=50, high=50)
    assert Figure.objects.count() == 4


def test_figure_may_not_be_negative():
    """PositiveIntegerField is only enforced by PostgreSQL's own column check;
    the named constraint makes SQLite refuse it too."""
    claim = make_claim()
    refuses(lambda: make_figure(claim, low=-1, high=5))
    refuses(lambda: make_figure(claim, low=None, high=-5))


def test_relation_cannot_link_a_claim_to_itself():
    claim = make_claim()
    refuses(
        lambda: Relation.objects.create(from_claim=claim, to_claim=claim, kind=RelationKind.DENIES)
    )


@pytest.mark.parametrize("kind", [RelationKind.CONTRADICTS, RelationKind.CORROBORATES])
def test_symmetric_relation_is_stored_in_one_order_only(kind):
    """contradicts/corroborates read the same both ways: the database accepts
    only lower id first, so (a, b) and (b, a) cannot both exist."""
    first, second = make_claim(), make_claim()
    refuses(lambda: Relation.objects.create(from_claim=second, to_claim=first, kind=kind))
    Relation.objects.create(from_claim=first, to_claim=second, kind=kind)


def test_directed_relations_may_go_either_way():
    first, second = make_claim(), make_claim()
    Relation.objects.create(from_claim=second, to_claim=first, kind=RelationKind.DENIES)
    Relation.objects.create(from_claim=first, to_claim=second, kind=RelationKind.DENIES)
    assert Relation.objects.count() == 2


@pytest.mark.parametrize(
    "field, value",
    [("status", "maybe"), ("kind", "rumour"), ("stated_on_precision", "week")],
)
def test_claim_choices_are_checked_by_the_database(field, value):
    claim = make_claim()
    refuses(lambda: Claim.objects.filter(pk=claim.pk).update(**{field: value}))


def test_claim_character_span_must_be_ordered():
    source = make_source()
    refuses(lambda: make_claim(source=source, char_start=10, char_end=5))
    refuses(lambda: make_claim(source=source, char_start=10, char_end=None))
    make_claim(source=source, char_start=10, char_end=50)


def test_event_date_range_must_be_ordered():
    refuses(lambda: make_event(date=dt.date(2018, 10, 10), date_end=dt.date(2018, 10, 9)))
    make_event(date=dt.date(2018, 10, 9), date_end=dt.date(2018, 10, 10))


def test_place_coordinates_are_in_range_and_paired():
    refuses(lambda: make_place(latitude=95, longitude=40))
    refuses(lambda: make_place(latitude=34.5, longitude=None))
    make_place(latitude="34.6928", longitude="40.8311")


def test_review_needs_a_rationale():
    claim = make_claim()
    reviewer = make_user()
    refuses(
        lambda: Review.objects.create(
            claim=claim, status=ClaimStatus.FALSE, rationale="", reviewer=reviewer
        )
    )


def test_review_cannot_be_edited_once_saved():
    review = Review.objects.create(
        claim=make_claim(), status=ClaimStatus.DISPUTED, rationale="r", reviewer=make_user()
    )
    review.rationale = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        review.save()


# --- on_delete ---------------------------------------------------------------------


def test_deleting_a_source_with_claims_is_refused():
    claim = make_claim()
    with pytest.raises(ProtectedError):
        claim.source.delete()
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_deleting_a_party_with_sources_is_refused():
    party = make_party()
    make_source(party=party)
    with pytest.raises(ProtectedError):
        party.delete()


def test_deleting_a_document_with_claims_or_events_is_refused():
    document = make_document()
    make_claim(document=document)
    with pytest.raises(ProtectedError):
        document.delete()
    other = make_document()
    make_event(document=other)
    with pytest.raises(ProtectedError):
        other.delete()


def test_deleting_an_event_keeps_its_claims_unlinked():
    event = make_event()
    claim = make_claim(event=event)
    event.delete()
    claim.refresh_from_db()
    assert claim.event is None


def test_deleting_a_claim_takes_its_figures_relations_and_reviews():
    claim, other = make_claim(), make_claim()
    make_figure(claim, low=23, high=23)
    Relation.objects.create(from_claim=claim, to_claim=other, kind=RelationKind.CONTRADICTS)
    Relation.objects.create(from_claim=other, to_claim=claim, kind=RelationKind.DENIES)
    Review.objects.create(
        claim=claim, status=ClaimStatus.FALSE, rationale="r", reviewer=make_user()
    )
    claim.delete()
    assert not Figure.objects.exists()
    assert not Relation.objects.exists()
    assert not Review.objects.exists()
    assert Claim.objects.filter(pk=other.pk).exists()


def test_deleting_a_reviewer_with_reviews_is_refused():
    reviewer = make_user()
    Review.objects.create(
        claim=make_claim(), status=ClaimStatus.CONFIRMED, rationale="r", reviewer=reviewer
    )
    with pytest.raises(ProtectedError):
        reviewer.delete()


def test_deleting_a_place_unlinks_it_from_events():
    place = make_place()
    event = make_event(places=[place])
    place.delete()
    assert list(event.places.all()) == []


# --- QuerySets ------------------------------------------------------------------------


def relate(first: Claim, second: Claim, kind: str, state=RelationState.ACCEPTED) -> Relation:
    first, second = Relation.ordered_pair(first, second, kind)
    return Relation.objects.create(
        from_claim=first, to_claim=second, kind=kind, state=state, origin=RelationOrigin.IMPORTER
    )


def test_contested_finds_contradictions_and_denials_in_either_direction():
    claim, contradicted_by, denier, rejected_against, corroborated, plain = (
        make_claim() for _ in range(6)
    )
    relate(claim, contradicted_by, RelationKind.CONTRADICTS, RelationState.SUGGESTED)
    relate(denier, claim, RelationKind.DENIES)
    relate(rejected_against, plain, RelationKind.CONTRADICTS, RelationState.REJECTED)
    relate(corroborated, plain, RelationKind.CORROBORATES)

    contested = set(Claim.objects.contested())
    assert contested == {claim, contradicted_by, denier}
    assert set(Claim.objects.uncontested()) == {rejected_against, corroborated, plain}


def test_contradiction_count_counts_live_contesting_relations_both_ways():
    claim, a, b, c, d = (make_claim() for _ in range(5))
    relate(claim, a, RelationKind.CONTRADICTS)
    relate(b, claim, RelationKind.DENIES, RelationState.SUGGESTED)
    relate(claim, c, RelationKind.CONTRADICTS, RelationState.REJECTED)
    relate(claim, d, RelationKind.CORROBORATES)
    counts = dict(Claim.objects.with_contradiction_count().values_list("pk", "contradiction_count"))
    assert counts[claim.pk] == 2
    assert counts[a.pk] == 1
    assert counts[c.pk] == 0
    assert counts[d.pk] == 0


def test_by_party_and_self_interested():
    sdf, isil = make_party(slug="sdf"), make_party(slug="isil")
    sdf_source = make_source(party=sdf)
    isil_source = make_source(party=isil)
    monitor = make_source(party=None)
    battle = make_event(parties=[sdf, isil])
    strike = make_event(parties=[isil])

    sdf_on_battle = make_claim(source=sdf_source, event=battle)
    sdf_on_strike = make_claim(source=sdf_source, event=strike)
    isil_on_strike = make_claim(source=isil_source, event=strike)
    monitor_on_battle = make_claim(source=monitor, event=battle)
    sdf_unlinked = make_claim(source=sdf_source)

    assert set(Claim.objects.by_party("sdf")) == {sdf_on_battle, sdf_on_strike, sdf_unlinked}
    assert set(Claim.objects.self_interested()) == {sdf_on_battle, isil_on_strike}
    assert sdf_source.is_party_to(battle)
    assert not sdf_source.is_party_to(strike)
    assert not monitor.is_party_to(battle)
    assert not sdf_source.is_party_to(None)
    assert not monitor_on_battle.is_self_interested


def test_querysets_chain():
    sdf = make_party(slug="sdf")
    source = make_source(party=sdf)
    contested, other = make_claim(source=source), make_claim(source=source)
    relate(contested, make_claim(), RelationKind.CONTRADICTS)
    result = list(Claim.objects.by_party("sdf").contested().with_related())
    assert result == [contested]
    assert other not in result


def test_with_related_loads_a_page_in_constant_queries(django_assert_num_queries):
    """One query for claims with source, party, event and document joined, one
    for their figures, one for their events' parties: 3, whatever the page size."""
    party = make_party()
    for index in range(30):
        event = make_event(parties=[party])
        claim = make_claim(source=make_source(party=party), event=event, document=make_document())
        make_figure(claim, low=index, high=index + 1)
    with django_assert_num_queries(3):
        rows = list(Claim.objects.with_related())
        for claim in rows:
            assert claim.source.party.name
            assert claim.event.title
            assert claim.document.title
            assert [str(figure) for figure in claim.figures.all()]
            assert claim.is_self_interested


def test_readable_str_and_urls():
    claim = make_claim(source=make_source(name="SOHR"), text="23 civilians were killed")
    figure = make_figure(claim, low=50, high=70, subject="SDF fighters")
    event = make_event(date=dt.date(2018, 12, 1), date_precision="month", title="Hajin battle")
    assert str(claim) == "SOHR: 23 civilians were killed"
    assert str(figure) == "50–70 SDF fighters killed"
    assert str(event) == "2018-12 — Hajin battle"
    assert claim.get_absolute_url() == f"/claims/{claim.pk}/"


def test_every_model_has_ordering():
    for model in (Claim, Event, Figure, Party, Place, Relation, Review, Source):
        assert model._meta.ordering, model


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the search vector is kept by a PostgreSQL trigger"
)
def test_the_search_vector_follows_every_write_of_text_and_excerpt():
    created = make_claim(text="Shelling of the market", excerpt="Amaq said so.")
    bulk = Claim.objects.bulk_create(
        [Claim(source=created.source, text="Drone strike on the bridge", excerpt="")]
    )[0]
    assert set(Claim.objects.search("shelled")) == {created}  # stemmed: shelled ~ shelling
    assert set(Claim.objects.search("bridge")) == {bulk}

    created.text = "Evacuation of the hospital"
    created.save()
    Claim.objects.filter(pk=bulk.pk).update(excerpt="The SDF reported a ferry crossing.")
    assert not Claim.objects.search("shelling").exists()
    assert set(Claim.objects.search("hospital")) == {created}
    assert set(Claim.objects.search("ferry")) == {bulk}
