"""One event as its page and its API resource show it, read lean: the event
with its document's slug and title (never the body), places, parties, and its
claims with their sources and figures. Each claim's `event` is the event
itself (the prefetch sets it), whose parties are already read, so
`is_self_interested` costs no query.

Its version covers everything shown: the event's own `updated_at` (moved by
its saves, and by changes to its places, parties and document, see
`claims.freshness`), and the newest version of its claims with their number
(each claim's version covers its source, figures and relations; a claim that
leaves lowers the number, one that arrives is the newest).
"""

from __future__ import annotations

import datetime as dt

from django.db import connections, router
from django.db.models import F, Prefetch
from django.utils import timezone

from .api.concurrency import version_of
from .models import Claim, Event, Figure

_VERSION_SQL = (
    "SELECT e.updated_at, (SELECT MAX(c.updated_at) FROM {claims} c WHERE c.event_id = e.id), "
    "(SELECT COUNT(*) FROM {claims} c WHERE c.event_id = e.id) FROM {events} e WHERE e.id = %s"
)


def _aware(value):
    if isinstance(value, str):  # SQLite hands an aggregate back as text
        value = dt.datetime.fromisoformat(value)
    if timezone.is_naive(value):  # SQLite stores UTC without an offset
        value = value.replace(tzinfo=dt.UTC)
    return value


def event_version(pk: int) -> str | None:
    """The event's current version, or None when there is no such event: one
    statement on a cursor, like `claim_detail.claim_version`."""
    connection = connections[router.db_for_read(Event)]
    sql = _VERSION_SQL.format(
        claims=connection.ops.quote_name(Claim._meta.db_table),
        events=connection.ops.quote_name(Event._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    updated_at, newest_claim, claims = row
    newest = max(_aware(updated_at), _aware(newest_claim) if newest_claim else _aware(updated_at))
    return f"{version_of(pk, newest)}.{claims}"


_CLAIM_FIELDS = (
    "event",
    "text",
    "excerpt",
    "kind",
    "status",
    "verb",
    "stated_on",
    "char_start",
    "source__slug",
    "source__name",
    "source__kind",
    "source__party__slug",
    "source__party__name",
)


def event_detail_queryset():
    """Events with `claim_count`, `contested`, places, parties and their claims
    (with `contradiction_count` and figures), in five queries whatever the
    number of claims."""
    claims = (
        Claim.objects.select_related("source__party")
        .only(*_CLAIM_FIELDS)
        .with_contradiction_count()
        .prefetch_related(
            Prefetch(
                "figures",
                queryset=Figure.objects.only(
                    "claim_id", "quantity", "subject", "low", "high", "as_written"
                ),
            )
        )
        .order_by(F("char_start").asc(nulls_last=True), "id")
    )
    return (
        Event.objects.select_related("document")
        .defer("import_key", "import_snapshot")
        .defer(*(f"document__{name}" for name in _DOCUMENT_NOT_SHOWN))
        .with_claim_stats()
        .prefetch_related("places", "parties", Prefetch("claims", queryset=claims))
    )


# What an event's detail never shows of its document (the body alone is ~100 kB).
_DOCUMENT_NOT_SHOWN = (
    "body",
    "front_matter",
    "description",
    "author",
    "published_at",
    "tags",
    "sha256",
    "imported_at",
)
