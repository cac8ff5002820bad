"""Writes that touch several rows. The admin, the API and the importer all go
through these; nothing else changes a claim's status or a relation's state."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from .freshness import related_claims, touch_claims
from .models import (
    Claim,
    ClaimStatus,
    Relation,
    RelationKind,
    RelationOrigin,
    RelationState,
    Review,
)

_validate_url = URLValidator(schemes=["http", "https"])


def _clean_evidence(evidence: Iterable[str]) -> list[str]:
    urls = [url.strip() for url in evidence if url and url.strip()]
    for url in urls:
        try:
            _validate_url(url)
        except ValidationError:
            raise ValidationError({"evidence": f"Not an http(s) URL: {url!r}"}) from None
    return urls


def review_claim(
    *,
    claim: Claim,
    status: str,
    reviewer: AbstractBaseUser,
    rationale: str,
    evidence: Iterable[str] = (),
) -> Review:
    """Record a confirmation decision on `claim` and make it the claim's status.

    Appends a Review (earlier ones are kept as history) and updates the claim's
    current status in the same transaction; the claim row is locked so that two
    editors reviewing at once leave a history in the order it was written.
    """
    if status not in ClaimStatus.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    rationale = (rationale or "").strip()
    if not rationale:
        raise ValidationError({"rationale": "Say why: a review needs a rationale."})
    if reviewer is None or not reviewer.is_authenticated:
        raise ValidationError({"reviewer": "A review needs the editor who made it."})
    urls = _clean_evidence(evidence)

    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        review = Review.objects.create(
            claim=locked, status=status, rationale=rationale, evidence=urls, reviewer=reviewer
        )
        Claim.objects.filter(pk=locked.pk).update(status=status, updated_at=timezone.now())
        # The claims related to it show its status: their versions move too.
        touch_claims(related_claims([locked.pk]))
    claim.status = status
    return review


def relate_claims(
    *,
    from_claim: Claim,
    to_claim: Claim,
    kind: str,
    created_by: AbstractBaseUser | None = None,
    note: str = "",
    origin: str = RelationOrigin.EDITOR,
) -> Relation:
    """Link two claims. An editor's link is accepted at once; the importer's is a
    suggestion for editors to decide on. (Saving the relation gives both claims a
    new version: `claims.freshness`.)

    Symmetric kinds are stored once whichever way they are entered. Linking a
    pair that is already linked returns the existing relation; when an editor
    links a pair the importer had suggested, that counts as accepting it.
    """
    if kind not in RelationKind.values:
        raise ValidationError({"kind": f"Unknown relation kind {kind!r}."})
    if from_claim.pk == to_claim.pk:
        raise ValidationError("A claim cannot be related to itself.")
    if origin == RelationOrigin.EDITOR and (created_by is None or not created_by.is_authenticated):
        raise ValidationError({"created_by": "An editor's relation needs the editor who made it."})
    from_claim, to_claim = Relation.ordered_pair(from_claim, to_claim, kind)

    with transaction.atomic():
        relation, created = Relation.objects.select_for_update().get_or_create(
            from_claim=from_claim,
            to_claim=to_claim,
            kind=kind,
            defaults={
                "note": note,
                "origin": origin,
                "created_by": created_by,
                "state": (
                    RelationState.ACCEPTED
                    if origin == RelationOrigin.EDITOR
                    else RelationState.SUGGESTED
                ),
            },
        )
        if (
            not created
            and origin == RelationOrigin.EDITOR
            and relation.state != RelationState.ACCEPTED
        ):
            relation = decide_relation(
                relation=relation, state=RelationState.ACCEPTED, decided_by=created_by, note=note
            )
    return relation


def decide_relation(
    *,
    relation: Relation,
    state: str,
    decided_by: AbstractBaseUser,
    note: str = "",
) -> Relation:
    """Accept or reject a relation (usually one the importer suggested)."""
    if state not in (RelationState.ACCEPTED, RelationState.REJECTED):
        raise ValidationError({"state": "A relation is decided by accepting or rejecting it."})
    if decided_by is None or not decided_by.is_authenticated:
        raise ValidationError({"decided_by": "A decision needs the editor who made it."})
    with transaction.atomic():
        locked = Relation.objects.select_for_update().get(pk=relation.pk)
        locked.state = state
        locked.decided_by = decided_by
        locked.decided_at = timezone.now()
        if note.strip():
            locked.note = f"{locked.note}\n{note.strip()}".strip()
        locked.save(update_fields=["state", "decided_by", "decided_at", "note"])
    return locked


def suggest_relations(
    *, suggestions: Iterable[tuple[Claim, Claim, str, str]], new_claims: bool = False
) -> list[Relation]:
    """The importer's suggestions in bulk: (from_claim, to_claim, kind, note).

    The same rules as `relate_claims` for an importer's link — a suggestion,
    symmetric pairs stored once — in a few queries instead of several per pair.
    A pair already linked with that kind keeps its row, and with it any
    editor's decision. Returns the relations for all the suggestions.

    `new_claims`: every claim named was created in the current transaction (a
    new document's), so none has a relation stored yet; the relations are
    inserted without looking for any (two queries fewer).
    """
    wanted: dict[tuple[int, int, str], str] = {}
    for from_claim, to_claim, kind, note in suggestions:
        if kind not in RelationKind.values:
            raise ValidationError({"kind": f"Unknown relation kind {kind!r}."})
        if from_claim.pk == to_claim.pk:
            continue
        first, second = Relation.ordered_pair(from_claim, to_claim, kind)
        wanted.setdefault((first.pk, second.pk, kind), note)
    if not wanted:
        return []

    def stored() -> list[Relation]:
        candidates = Relation.objects.filter(
            from_claim_id__in={first for first, _, _ in wanted},
            to_claim_id__in={second for _, second, _ in wanted},
        )
        return [
            relation
            for relation in candidates
            if (relation.from_claim_id, relation.to_claim_id, relation.kind) in wanted
        ]

    def rows(new: dict[tuple[int, int, str], str]) -> list[Relation]:
        return [
            Relation(
                from_claim_id=first,
                to_claim_id=second,
                kind=kind,
                note=note,
                origin=RelationOrigin.IMPORTER,
                state=RelationState.SUGGESTED,
            )
            for (first, second, kind), note in new.items()
        ]

    def touch(new: dict[tuple[int, int, str], str]) -> None:
        # bulk_create sends no signals: the newly linked claims' versions move here
        # (a re-import that suggests nothing new leaves every version as it was).
        touch_claims({claim_id for first, second, _ in new for claim_id in (first, second)})

    with transaction.atomic():
        if new_claims:
            # Nothing to conflict with: the rows come back with their ids.
            created = Relation.objects.bulk_create(rows(wanted))
            touch(wanted)
            return created
        found = stored()
        existing = {
            (relation.from_claim_id, relation.to_claim_id, relation.kind) for relation in found
        }
        new = {key: note for key, note in wanted.items() if key not in existing}
        if not new:
            return found
        # ignore_conflicts: a pair linked meanwhile keeps its row.
        Relation.objects.bulk_create(rows(new), ignore_conflicts=True)
        touch(new)
        return stored()
