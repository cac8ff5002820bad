"""bulk_insert: new rows written in one statement per table, ids known before.

Run on both databases: COPY on PostgreSQL, executemany on SQLite. Rows written
here must read back through the ORM exactly as rows made by `create` do.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from claims.ingest.bulk_insert import insert_rows
from claims.models import (
    Claim,
    ClaimKind,
    ClaimStatus,
    DatePrecision,
    Event,
    Figure,
    Quantity,
)
from tests.factories import make_claim, make_document, make_event, make_place, make_source

pytestmark = pytest.mark.django_db


def _event_row(document, number: int, **fields) -> dict:
    return {
        "document_id": document.pk,
        "import_key": f"key-{number}",
        "title": f"Event {number}",
        "date": dt.date(2018, 12, number),
        "date_end": None,
        "import_snapshot": {"title": f"Event {number}", "places": [1, 2]},
        **fields,
    }


def test_rows_read_back_as_written_with_defaults_and_timestamps():
    document = make_document()
    before = make_event(title="made before")
    ids = insert_rows(Event, [_event_row(document, 1), _event_row(document, 2)])

    assert len(ids) == 2 and ids[0] < ids[1] and before.pk < ids[0]
    first, second = Event.objects.filter(pk__in=ids).order_by("pk")
    assert (first.title, first.date, first.date_end) == ("Event 1", dt.date(2018, 12, 1), None)
    assert first.import_snapshot == {"title": "Event 1", "places": [1, 2]}
    assert first.document == document and second.import_key == "key-2"
    # Left out: the field's default, and the time of the call for auto_now(_add).
    assert first.kind == "other" and first.date_precision == DatePrecision.DAY
    assert first.position is None
    assert first.created_at is not None and first.updated_at == first.created_at


def test_ids_are_not_given_again_to_rows_made_afterwards():
    document = make_document()
    ids = insert_rows(Event, [_event_row(document, number) for number in range(1, 4)])
    after = make_event(title="made after")
    assert after.pk > max(ids)
    more = insert_rows(Event, [_event_row(document, 9)])
    assert more[0] > after.pk


def test_rows_refer_to_rows_inserted_just_before():
    source = make_source()
    document = make_document()
    (claim_id,) = insert_rows(
        Claim,
        [
            {
                "document_id": document.pk,
                "source_id": source.pk,
                "text": "23 civilians were killed",
                "kind": ClaimKind.CASUALTIES,
                "stated_on": dt.date(2018, 12, 3),
            }
        ],
    )
    written = insert_rows(
        Figure,
        [
            {"claim_id": claim_id, "quantity": Quantity.KILLED, "low": 23, "high": 23},
            {"claim_id": claim_id, "quantity": Quantity.WOUNDED, "low": None, "high": 40},
        ],
        with_ids=False,
    )
    assert written == []
    claim = Claim.objects.get(pk=claim_id)
    assert claim.status == ClaimStatus.UNVERIFIED and claim.stated_on == dt.date(2018, 12, 3)
    assert sorted((f.quantity, f.low, f.high) for f in claim.figures.all()) == [
        ("killed", 23, 23),
        ("wounded", None, 40),
    ]


def test_many_to_many_links():
    event = make_event()
    places = [make_place(), make_place()]
    insert_rows(
        Event.places.through,
        [{"event_id": event.pk, "place_id": place.pk} for place in places],
        with_ids=False,
    )
    assert set(event.places.all()) == set(places)


def test_nothing_to_insert_writes_nothing():
    with CaptureQueriesContext(connection) as queries:
        assert insert_rows(Event, []) == []
    assert len(queries) == 0


def test_rows_must_name_the_same_known_fields():
    document = make_document()
    with pytest.raises(ValueError, match="same fields"):
        insert_rows(Event, [_event_row(document, 1), {"title": "no document"}])
    with pytest.raises(ValueError, match="no writable fields"):
        insert_rows(Event, [{"colour": "red"}])
    with pytest.raises(ValueError, match="no writable fields"):
        insert_rows(Event, [{"id": 5, "title": "chosen id"}])


def test_a_row_the_database_refuses_is_a_django_integrity_error():
    claim = make_claim()
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(
            Figure,
            [{"claim_id": claim.pk, "quantity": Quantity.KILLED, "low": 9, "high": 3}],
        )
    assert not claim.figures.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_postgresql_writes_with_copy_and_logs_it():
    document = make_document()
    with CaptureQueriesContext(connection) as queries:
        ids = insert_rows(Event, [_event_row(document, 1), _event_row(document, 2)])
    statements = [query["sql"] for query in queries.captured_queries]
    assert any("nextval" in sql for sql in statements)
    assert any(sql.startswith('COPY "claims_event"') for sql in statements)
    assert list(Event.objects.filter(pk__in=ids).values_list("title", flat=True).order_by("pk"))


def test_text_that_copy_must_escape():
    document = make_document()
    awkward = 'tab\there, newline\nthere, backslash \\N and "quotes", \u2019 and \\'
    (event_id,) = insert_rows(
        Event, [_event_row(document, 1, summary=awkward, import_snapshot={"s": awkward})]
    )
    event = Event.objects.get(pk=event_id)
    assert event.summary == awkward and event.import_snapshot == {"s": awkward}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="sqlite_sequence is SQLite's")
def test_sqlite_reserves_ids_on_a_table_that_never_had_a_row():
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_sequence WHERE name = 'claims_event'")
    document = make_document()
    assert insert_rows(Event, [_event_row(document, 1), _event_row(document, 2)]) == [1, 2]
    assert make_event().pk == 3
