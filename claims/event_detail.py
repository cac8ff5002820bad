"""One event as its page and its API resource show it, read lean: the event
with its document's slug and title (never the body), places, parties, and its
claims with their sources and figures. Each claim's `event` is the event
itself (the prefetch sets it), whose parties are already read, so
`is_self_interested` costs no query."""

from __future__ import annotations

from django.db.models import F, Prefetch

from .models import Claim, Event, Figure

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
