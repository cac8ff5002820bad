"""Small factories: each makes one valid row, with keyword overrides."""

from __future__ import annotations

import datetime as dt
import itertools

from django.contrib.auth import get_user_model

from claims import services
from claims.models import (
    Claim,
    ClaimKind,
    ClaimStatus,
    Document,
    Event,
    Figure,
    Party,
    Place,
    Quantity,
    Relation,
    RelationKind,
    Review,
    Source,
    SourceKind,
)
from claims.roles import sync_editors_group

_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


def make_party(**fields) -> Party:
    n = _n()
    fields.setdefault("slug", f"party-{n}")
    fields.setdefault("name", f"Party {n}")
    return Party.objects.create(**fields)


def make_source(**fields) -> Source:
    n = _n()
    fields.setdefault("slug", f"source-{n}")
    fields.setdefault("name", f"Source {n}")
    fields.setdefault("kind", SourceKind.MONITOR)
    return Source.objects.create(**fields)


def make_place(**fields) -> Place:
    n = _n()
    fields.setdefault("slug", f"place-{n}")
    fields.setdefault("name", f"Place {n}")
    return Place.objects.create(**fields)


def make_document(**fields) -> Document:
    n = _n()
    fields.setdefault("slug", f"document-{n}")
    fields.setdefault("title", f"Document {n}")
    fields.setdefault("body", "SOHR stated that 23 civilians had been killed.")
    fields.setdefault("sha256", f"{n:064x}")
    return Document.objects.create(**fields)


def make_event(*, parties=(), places=(), **fields) -> Event:
    n = _n()
    fields.setdefault("title", f"Event {n}")
    fields.setdefault("date", dt.date(2018, 12, 3))
    event = Event.objects.create(**fields)
    if parties:
        event.parties.set(parties)
    if places:
        event.places.set(places)
    return event


def make_claim(**fields) -> Claim:
    n = _n()
    if "source" not in fields:
        fields["source"] = make_source()
    fields.setdefault("text", f"Claim number {n}: 23 civilians were killed")
    fields.setdefault("kind", ClaimKind.CASUALTIES)
    return Claim.objects.create(**fields)


def make_figure(claim: Claim, **fields) -> Figure:
    fields.setdefault("quantity", Quantity.KILLED)
    fields.setdefault("subject", "civilians")
    return Figure.objects.create(claim=claim, **fields)


def make_user(username: str | None = None, **fields):
    username = username or f"user{_n()}"
    return get_user_model().objects.create_user(username=username, password="pw", **fields)


def make_editor(username: str | None = None):
    user = make_user(username, is_staff=True)
    user.groups.add(sync_editors_group())
    return user


def make_relation(from_claim: Claim, to_claim: Claim, **fields) -> Relation:
    """A relation stored as the database wants it: symmetric kinds lower id first."""
    fields.setdefault("kind", RelationKind.CONTRADICTS)
    first, second = Relation.ordered_pair(from_claim, to_claim, fields["kind"])
    return Relation.objects.create(from_claim=first, to_claim=second, **fields)


def make_review(claim: Claim, reviewer, **fields) -> Review:
    """A review through the service, so the claim's status follows it."""
    fields.setdefault("status", ClaimStatus.DISPUTED)
    fields.setdefault("rationale", f"Rationale {_n()}")
    return services.review_claim(claim=claim, reviewer=reviewer, **fields)
