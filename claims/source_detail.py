"""A source's track record, as its page and its API resource show it.

A big source has hundreds of thousands of claims (SOHR holds a third of a
million-claim corpus), so everything counted is counted in one pass over its
claims: per status, per kind, contradicted, corroborated, self-interested.
The relation tests are `IN` a set read once from the (small) relations table,
and self-interest is `event IN` the events its party took part in, rather than
a lookup per claim or a pass over every claim in the database.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q

from .models import (
    Claim,
    ClaimKind,
    ClaimStatus,
    Event,
    Party,
    Relation,
    RelationKind,
    Source,
)


def _either_end(relations) -> Q:
    return Q(pk__in=relations.values("from_claim")) | Q(pk__in=relations.values("to_claim"))


def source_record(source: Source) -> dict[str, int]:
    """`claim_count`, `count_<status>`, `kind_<kind>`, `contradicted`,
    `corroborated_by_others` and `self_interested` for `source`, in one query."""
    counts = {
        "claim_count": Count("pk"),
        **{f"count_{status}": Count("pk", filter=Q(status=status)) for status in ClaimStatus},
        **{f"kind_{kind}": Count("pk", filter=Q(kind=kind)) for kind in ClaimKind},
        "contradicted": Count("pk", filter=_either_end(Relation.objects.contesting())),
        "corroborated_by_others": Count(
            "pk",
            filter=_either_end(Relation.objects.live().filter(kind=RelationKind.CORROBORATES)),
        ),
    }
    if source.party_id is not None:
        involved = Event.parties.through.objects.filter(party_id=source.party_id)
        counts["self_interested"] = Count("pk", filter=Q(event_id__in=involved.values("event_id")))
    record = Claim.objects.filter(source=source).order_by().aggregate(**counts)
    record.setdefault("self_interested", 0)
    return record


def source_claims(source: Source):
    """Its claims as the page lists them (claims/includes/claim_item.html), by id."""
    return (
        Claim.objects.filter(source=source)
        .select_related("source", "event")
        .only(
            "text",
            "verb",
            "status",
            "stated_on",
            "source__slug",
            "source__name",
            "source__party",
            "event__date",
            "event__date_precision",
            "event__date_end",
        )
        .prefetch_related(Prefetch("event__parties", queryset=Party.objects.only("pk")))
        .with_contradiction_count()
        .order_by("id")
    )
