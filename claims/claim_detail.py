"""One claim as its page and its API resource show it, read lean.

Four small statements, each reading only the columns shown (never a
document's body, front matter or import snapshots): the claim with its source,
party, event and document; its figures; its relations both ways with the other
claim; its reviews. `self_interested` is an EXISTS in the first statement
instead of a prefetch of the event's parties.

`claim_version` reads the validator alone (one primary-key lookup), so a
conditional GET or a cached representation costs that one statement; see
`claims.freshness` for why the version covers everything shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connections, router
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Greatest, Substr
from django.utils import timezone

from .api.concurrency import version_of
from .models import Claim, Event, Figure, Relation, Review

# Characters of the document read on either side of the claim's sentence for
# the page's "in context" paragraph; a longer paragraph reads the whole body.
CONTEXT_WINDOW = 4000

_CLAIM_FIELDS = (
    "id",
    "text",
    "excerpt",
    "section",
    "char_start",
    "char_end",
    "verb",
    "stated_on",
    "stated_on_precision",
    "kind",
    "status",
    "created_at",
    "updated_at",
    "source__slug",
    "source__name",
    "source__kind",
    "source__party__slug",
    "source__party__name",
    "event__date",
    "event__date_precision",
    "event__date_end",
    "event__title",
    "document__slug",
    "document__title",
)
_OTHER_CLAIM_FIELDS = (
    "id",
    "text",
    "status",
    "verb",
    "stated_on",
    "source__slug",
    "source__name",
    "source__kind",
    "source__party__slug",
)


@dataclass
class ClaimDetail:
    claim: Claim  # annotated: self_interested, contradiction_count (+ context window)
    figures: list[Figure]
    # (relation, "outgoing" or "incoming", the other claim), in the order of the relations' ids.
    relations: list[tuple[Relation, str, Claim]]
    reviews: list[Review]  # newest first

    @property
    def version(self) -> str:
        return version_of(self.claim.pk, self.claim.updated_at)


_VERSION_SQL = "SELECT {updated_at} FROM {table} WHERE {pk} = %s"


def claim_version(pk: int) -> str | None:
    """The claim's current version, or None when there is no such claim.

    Every conditional GET and every cached claim page or resource runs this and
    nothing else, so it is one fixed statement on a cursor: the ORM would spend
    longer composing it than the database spends answering it."""
    connection = connections[router.db_for_read(Claim)]
    meta = Claim._meta
    sql = _VERSION_SQL.format(
        updated_at=connection.ops.quote_name(meta.get_field("updated_at").column),
        table=connection.ops.quote_name(meta.db_table),
        pk=connection.ops.quote_name(meta.pk.column),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    updated_at = row[0]
    if isinstance(updated_at, str):  # SQLite without its converters
        updated_at = dt.datetime.fromisoformat(updated_at)
    if timezone.is_naive(updated_at):  # SQLite stores UTC without an offset
        updated_at = updated_at.replace(tzinfo=dt.UTC)
    return version_of(pk, updated_at)


def _source_party_involved() -> Exists:
    return Exists(
        Event.parties.through.objects.filter(
            event_id=OuterRef("event_id"), party_id=OuterRef("source__party_id")
        )
    )


def read_claim_detail(pk: int, *, with_context: bool = False) -> ClaimDetail | None:
    """The claim `pk` with what its detail shows, or None. `with_context` also
    reads the document's text around the sentence (`context_window`, starting at
    `context_offset`) for `page_context.paragraph_in_window`."""
    claims = (
        Claim.objects.filter(pk=pk)
        .select_related("source__party", "event", "document")
        .only(*_CLAIM_FIELDS)
        .with_contradiction_count()
        .annotate(self_interested=_source_party_involved())
    )
    if with_context:
        offset = Greatest(F("char_start") - CONTEXT_WINDOW, Value(0))
        claims = claims.annotate(
            context_offset=offset,
            # SQL counts from 1; the window runs CONTEXT_WINDOW past the sentence's end.
            context_window=Substr(
                "document__body",
                offset + 1,
                F("char_end") - offset + CONTEXT_WINDOW,
            ),
            context_length=F("char_end") - offset + CONTEXT_WINDOW,
        )
    claim = next(iter(claims.order_by()), None)
    if claim is None:
        return None
    figures = list(
        Figure.objects.filter(claim_id=pk).only(
            "claim_id", "quantity", "subject", "low", "high", "as_written"
        )
    )
    relations = []
    for relation in (
        Relation.objects.filter(Q(from_claim_id=pk) | Q(to_claim_id=pk))
        .select_related("from_claim__source__party", "to_claim__source__party")
        .only(
            "kind",
            "state",
            "origin",
            "note",
            *(f"from_claim__{name}" for name in _OTHER_CLAIM_FIELDS),
            *(f"to_claim__{name}" for name in _OTHER_CLAIM_FIELDS),
        )
        .order_by("pk")
    ):
        if relation.from_claim_id == pk:
            relations.append((relation, "outgoing", relation.to_claim))
        else:
            relations.append((relation, "incoming", relation.from_claim))
    reviews = list(
        Review.objects.filter(claim_id=pk)
        .select_related("reviewer")
        .only("claim_id", "status", "rationale", "evidence", "created_at", "reviewer__username")
    )
    return ClaimDetail(claim=claim, figures=figures, relations=relations, reviews=reviews)
