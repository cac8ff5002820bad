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
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import timezone

from .models import Claim, Document, Event, Figure, Party, Relation, Review, Source

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


def _event_parties_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs):
    if reverse:  # party.events.add(...): the events are in pk_set, or all the party's
        if action in ("post_add", "post_remove"):
            touch_claims(Claim.objects.filter(event_id__in=pk_set))
        elif action == "pre_clear":
            events = Event.parties.through.objects.filter(party_id=instance.pk).values("event_id")
            touch_claims(Claim.objects.filter(event_id__in=events))
    elif action in ("post_add", "post_remove", "post_clear"):
        touch_claims(Claim.objects.filter(event_id=instance.pk))


def _document_changed(sender, instance: Document, **kwargs) -> None:
    touch_claims(Claim.objects.filter(document_id=instance.pk))


def _source_changed(sender, instance: Source, created: bool = False, **kwargs) -> None:
    if not created:
        touch_claims_and_related(Claim.objects.filter(source_id=instance.pk))


def _party_changed(sender, instance: Party, created: bool = False, **kwargs) -> None:
    if not created:
        touch_claims_and_related(
            Claim.objects.filter(
                source_id__in=Source.objects.filter(party_id=instance.pk).values("pk")
            )
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
    post_save.connect(_document_changed, sender=Document, dispatch_uid=f"{uid}.document")
    post_save.connect(_source_changed, sender=Source, dispatch_uid=f"{uid}.source")
    post_save.connect(_party_changed, sender=Party, dispatch_uid=f"{uid}.party")
    post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid=f"{uid}.user")
