"""A claim's version covers everything its page and its API resource show.

The claim's `updated_at` (its version, `pk.updated_at_µs`, and its ETag) is the
one validator for conditional GET and for the representation cache: a reader
holding an ETag gets 304 Not Modified, and a cached body is served, only while
the version is unchanged. So the version must move whenever anything those
representations show changes, not only the claim's own row:

- its figures, reviews and relations (either way);
- the other claim of each relation (text, status, verb, date, source);
- its source and the source's party, and the other claims' sources and parties;
- its event (title, dates, the parties involved: `self_interested`);
- its document (slug, title, the paragraph around the sentence);
- the username of a reviewer.

An event's version (`claims.event_detail`) is its own `updated_at` with the
newest version of its claims, so the receivers below also touch the events
whose places, parties or document change.

Writes through `claims.services` touch what they change explicitly (they use
bulk statements that send no signals). Every other write — the admin, the
importer, the reference loader, a shell — saves rows one by one, and the
receivers below touch the claims that show the saved row. That costs one
UPDATE per saved row, and for the rare edit of a source or party one UPDATE of
every claim of it (tens of thousands at a million claims): cheap next to
reading the whole of every claim's representation on every request to compare.

Statements that bypass model saves entirely (`QuerySet.update`, raw SQL) must
call `touch_claims` themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from .models import Claim, Document, Event, Figure, Party, Place, Relation, Review, Source

# What a claim shows of the other claim of each of its relations: a save that
# changes none of these leaves the related claims' representations as they were.
_SHOWN_BY_RELATED_CLAIMS = {"text", "status", "verb", "stated_on", "source", "source_id"}


def touch_claims(claims: QuerySet[Claim] | Iterable[int]) -> int:
    """Give `claims` (a queryset or ids) a new version; returns how many."""
    if not isinstance(claims, QuerySet):
        claims = Claim.objects.filter(pk__in=list(claims))
    return claims.update(updated_at=timezone.now())


def related_claims(claims: QuerySet[Claim] | Iterable[int]) -> QuerySet[Claim]:
    """The claims related (either way) to `claims` (a queryset or ids)."""
    ids = claims.values("pk") if isinstance(claims, QuerySet) else list(claims)
    return Claim.objects.filter(
        Q(pk__in=Relation.objects.filter(from_claim__in=ids).values("to_claim_id"))
        | Q(pk__in=Relation.objects.filter(to_claim__in=ids).values("from_claim_id"))
    )


def touch_claims_and_related(claims: QuerySet[Claim] | Iterable[int]) -> int:
    """`claims` and the claims that show them as the other end of a relation."""
    ids = claims.values("pk") if isinstance(claims, QuerySet) else list(claims)
    return touch_claims(
        Claim.objects.filter(Q(pk__in=ids) | Q(pk__in=related_claims(ids).values("pk")))
    )


def _claim_saved(sender, instance: Claim, created: bool, update_fields=None, **kwargs) -> None:
    if created:
        return  # a new claim has no relations yet
    if update_fields is not None and not set(update_fields) & _SHOWN_BY_RELATED_CLAIMS:
        return
    touch_claims(related_claims([instance.pk]))


def _figure_changed(sender, instance: Figure, **kwargs) -> None:
    touch_claims([instance.claim_id])


def _relation_changed(sender, instance: Relation, **kwargs) -> None:
    touch_claims([instance.from_claim_id, instance.to_claim_id])


def _review_deleted(sender, instance: Review, **kwargs) -> None:
    # Reviews are appended through services.review_claim, which touches the claim;
    # only an administrator's deletion arrives here.
    touch_claims([instance.claim_id])


def _event_changed(sender, instance: Event, **kwargs) -> None:
    # pre_delete for deletions: the claims still point at the event then.
    touch_claims(Claim.objects.filter(event_id=instance.pk))


def touch_events(events: QuerySet[Event]) -> int:
    """Give `events` a new `updated_at`: an event's version (its page and API
    resource, `claims.event_detail`) starts from it."""
    return events.update(updated_at=timezone.now())


def _events_of_m2m(through, instance, action: str, reverse: bool, pk_set, column: str):
    """The events whose places or parties a m2m change changes, or None."""
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            return Event.objects.filter(pk=instance.pk)
        return None
    # place.events.add(...): the events are in pk_set, or on clear all of the place's.
    if action in ("post_add", "post_remove"):
        return Event.objects.filter(pk__in=pk_set)
    if action == "pre_clear":
        return Event.objects.filter(pk__in=_event_ids(through, **{column: instance.pk}))
    return None


def _event_parties_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs):
    events = _events_of_m2m(sender, instance, action, reverse, pk_set, "party_id")
    if events is not None:
        # The event shows its parties; its claims show whether they are self-interested.
        touch_claims(Claim.objects.filter(event_id__in=events.values("pk")))
        touch_events(events)


def _event_places_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs):
    events = _events_of_m2m(sender, instance, action, reverse, pk_set, "place_id")
    if events is not None:
        touch_events(events)


def _place_changed(sender, instance: Place, created: bool, **kwargs) -> None:
    if _shown_changed(instance, created):
        touch_events(
            Event.objects.filter(pk__in=_event_ids(Event.places.through, place_id=instance.pk))
        )


def _event_ids(through, **link) -> QuerySet:
    return through.objects.filter(**link).values("event_id")


# What the claims and events that show these rows show of them (a document's
# paragraph comes from its body). Editing anything else of such a row — an
# alias, a description, or an admin's save with no change at all — leaves the
# versions of the claims and events that show it as they were: for a big
# source, that is hundreds of thousands of rows not rewritten.
_SHOWN_FIELDS = {
    Document: ("slug", "title", "body"),
    Source: ("slug", "name", "kind", "party_id"),
    Party: ("slug", "name"),
    Place: ("slug", "name"),
}


def _compare_shown_fields(sender, instance, **kwargs) -> None:
    if instance._state.adding:
        return
    names = _SHOWN_FIELDS[sender]
    stored = sender.objects.filter(pk=instance.pk).values_list(*names).first()
    instance._shown_changed = stored != tuple(getattr(instance, name) for name in names)


def _shown_changed(instance, created: bool) -> bool:
    return not created and getattr(instance, "_shown_changed", True)


def _document_changed(sender, instance: Document, created: bool, **kwargs) -> None:
    if not _shown_changed(instance, created):
        return
    touch_claims(Claim.objects.filter(document_id=instance.pk))
    touch_events(Event.objects.filter(document_id=instance.pk))


def _source_changed(sender, instance: Source, created: bool, **kwargs) -> None:
    if _shown_changed(instance, created):
        touch_claims_and_related(Claim.objects.filter(source_id=instance.pk))


def _party_changed(sender, instance: Party, created: bool, **kwargs) -> None:
    if _shown_changed(instance, created):
        touch_claims_and_related(
            Claim.objects.filter(
                source_id__in=Source.objects.filter(party_id=instance.pk).values("pk")
            )
        )
        # Events show the names of the parties involved.
        touch_events(
            Event.objects.filter(pk__in=_event_ids(Event.parties.through, party_id=instance.pk))
        )


def _user_saved(sender, instance, created: bool, update_fields=None, **kwargs) -> None:
    # Logging in saves last_login only; the pages show a reviewer's username.
    if created or (update_fields is not None and "username" not in update_fields):
        return
    touch_claims(
        Claim.objects.filter(
            pk__in=Review.objects.filter(reviewer_id=instance.pk).values("claim_id")
        )
    )


def connect() -> None:
    """Connect the receivers (ClaimsConfig.ready)."""
    uid = "claims.freshness"
    post_save.connect(_claim_saved, sender=Claim, dispatch_uid=f"{uid}.claim")
    post_save.connect(_figure_changed, sender=Figure, dispatch_uid=f"{uid}.figure")
    post_delete.connect(_figure_changed, sender=Figure, dispatch_uid=f"{uid}.figure")
    post_save.connect(_relation_changed, sender=Relation, dispatch_uid=f"{uid}.relation")
    post_delete.connect(_relation_changed, sender=Relation, dispatch_uid=f"{uid}.relation")
    post_delete.connect(_review_deleted, sender=Review, dispatch_uid=f"{uid}.review")
    post_save.connect(_event_changed, sender=Event, dispatch_uid=f"{uid}.event")
    pre_delete.connect(_event_changed, sender=Event, dispatch_uid=f"{uid}.event")
    m2m_changed.connect(
        _event_parties_changed, sender=Event.parties.through, dispatch_uid=f"{uid}.parties"
    )
    m2m_changed.connect(
        _event_places_changed, sender=Event.places.through, dispatch_uid=f"{uid}.places"
    )
    post_save.connect(_place_changed, sender=Place, dispatch_uid=f"{uid}.place")
    for model in _SHOWN_FIELDS:
        pre_save.connect(_compare_shown_fields, sender=model, dispatch_uid=f"{uid}.shown")
    post_save.connect(_document_changed, sender=Document, dispatch_uid=f"{uid}.document")
    post_save.connect(_source_changed, sender=Source, dispatch_uid=f"{uid}.source")
    post_save.connect(_party_changed, sender=Party, dispatch_uid=f"{uid}.party")
    post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid=f"{uid}.user")
