"""Persist: write one document's extraction in one transaction.

Re-importing an unchanged file changes nothing (its checksum is the fast
path). Re-importing an edited file updates what the importer owns and keeps
what editors did:

* A claim or event is found again by its key (the sentence's words); a
  sentence whose wording changed a little (same source, same section, most of
  its words) is taken to be the same sentence, so the same row is updated
  rather than replaced.
* Provenance (excerpt, section, character span, document position) always
  follows the file: editors cannot change it and it must point into the body.
* Every field an editor can correct (a claim's source, event, text, kind,
  verb, stated-on date, figures; an event's date, title, summary, kind,
  places, parties) follows the file only while it still holds what the
  importer wrote last time (`import_snapshot`); an editor's correction wins.
* A claim or event the new text no longer yields is deleted only if nobody
  touched it: a claim with a review, an editor's relation or decision, or a
  correction is kept, and its character span is moved to where its sentence
  now is, or cleared if the sentence is gone.
* Suggested relations are re-proposed; decisions on them (accepted, rejected)
  stand; suggestions nobody decided that the text no longer supports go.
* Only rows whose values change are written, and only the fields that change
  (a claim's status belongs to `services.review_claim`, never to the importer).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from .. import services
from ..models import (
    Claim,
    Document,
    Event,
    Figure,
    Party,
    Place,
    Relation,
    RelationOrigin,
    RelationState,
    Source,
    SourceKind,
)
from .bulk_insert import insert_rows
from .dates import DateValue
from .figures import FigureMention
from .link import ExtractedClaim, ExtractedEvent, Extraction
from .merge import fields_to_follow
from .read import ArticleFile

# How alike (Dice coefficient of their word sets) a new sentence must be to one
# the file no longer has for the two to count as one sentence reworded.
REWORDED_SIMILARITY = 0.8


@dataclass
class PersistReport:
    document: str
    unchanged: bool = False
    created: bool = False
    events: int = 0
    claims: int = 0
    figures: int = 0
    suggested_relations: int = 0
    new_sources: list[str] = field(default_factory=list)
    kept_editor_changes: int = 0
    kept_stale: int = 0


def is_unchanged(article: ArticleFile) -> bool:
    """Whether the file was imported before exactly as it is now (one query)."""
    return Document.objects.filter(slug=article.slug, sha256=article.sha256).exists()


def _date_fields(value: DateValue | None, prefix: str) -> dict[str, Any]:
    if prefix == "date":
        return {
            "date": value.start if value else None,
            "date_precision": value.precision if value else "day",
            "date_end": value.end if value and value.end and value.end != value.start else None,
        }
    return {
        "stated_on": value.start if value else None,
        "stated_on_precision": value.precision if value else "day",
    }


def _json(value: Any) -> Any:
    """A field value as the snapshot stores it (JSON)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json(item) for item in value]
    return value


def _figure_rows(figures: Iterable[Any]) -> list[list[Any]]:
    return [[f.quantity, f.subject, f.low, f.high, f.as_written] for f in figures]


def _same_figures(first: list[list[Any]], second: list[list[Any]]) -> bool:
    """Figures compare as a set: the database returns them ordered by quantity,
    the file lists them in reading order."""
    return sorted(first, key=repr) == sorted(second, key=repr)


def _current_figures(claim: Claim) -> list[list[Any]]:
    return _figure_rows(claim.figures.all())


class _Merge:
    """Apply the file's values to a row, field by field, keeping editors' changes."""

    def __init__(self, report: PersistReport):
        self.report = report

    def apply(self, row, wanted: dict[str, Any]) -> list[str]:
        """Set on `row` the fields the file changes and the editors did not;
        return their names. `row.import_snapshot` holds what the importer wrote
        last."""
        changed, kept = fields_to_follow(
            current={name: _json(getattr(row, name)) for name in wanted},
            wanted={name: _json(value) for name, value in wanted.items()},
            snapshot=row.import_snapshot or {},
        )
        self.report.kept_editor_changes += len(kept)
        for name in changed:
            setattr(row, name, wanted[name])
        return changed


def _first_per_key(items: list) -> list:
    """The extraction without repeated keys, the first of each kept: a key names
    one row (the database holds it unique per document)."""
    first: dict[str, Any] = {}
    for item in items:
        first.setdefault(item.key, item)
    return list(first.values())


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text.casefold()))


def _match_reworded(
    new: list[tuple[str, frozenset[str], Hashable]],
    old: list[tuple[Any, frozenset[str], set[Hashable]]],
) -> dict[str, Any]:
    """Pair new sentences (key, words, group) with rows the file no longer yields
    (row, words, groups) when they share a group and most of their words; the
    most alike pairs first, each side used once."""
    pairs = []
    for i, (_, words, group) in enumerate(new):
        for j, (_, old_words, groups) in enumerate(old):
            if group not in groups or not words or not old_words:
                continue
            score = 2 * len(words & old_words) / (len(words) + len(old_words))
            if score >= REWORDED_SIMILARITY:
                pairs.append((-score, i, j))
    matched: dict[str, Any] = {}
    used: set[int] = set()
    for _, i, j in sorted(pairs):
        key = new[i][0]
        if key not in matched and j not in used:
            matched[key] = old[j][0]
            used.add(j)
    return matched


def persist(
    article: ArticleFile,
    extraction: Extraction,
    source_ids: dict[str, int],
    *,
    force: bool = False,
    place_ids: dict[str, int] | None = None,
    party_ids: dict[str, int] | None = None,
) -> PersistReport:
    """Write `extraction` as the document `article`. `source_ids`, and
    `place_ids` and `party_ids` when given (the importer reads them once per
    run; persist writes no place or party), map the reference lists' slugs to
    ids."""
    report = PersistReport(document=article.slug)
    document = Document.objects.filter(slug=article.slug).first()
    if document is not None and document.sha256 == article.sha256 and not force:
        report.unchanged = True
        return report

    with transaction.atomic():
        report.created = document is None
        old_body = document.body if document is not None else ""
        document = _save_document(document, article)
        source_ids = dict(source_ids) | _unknown_sources(extraction, report)
        merge = _Merge(report)
        if place_ids is None:
            place_ids = dict(Place.objects.values_list("slug", "pk"))
        if party_ids is None:
            party_ids = dict(Party.objects.values_list("slug", "pk"))
        event_ids = _save_events(
            document, extraction.events, merge, report, place_ids=place_ids, party_ids=party_ids
        )
        claim_ids = _save_claims(document, extraction.claims, source_ids, event_ids, merge, report)
        _save_relations(document, extraction, claim_ids, report)
        if not report.created:
            _remove_stale(document, old_body, event_ids, claim_ids, report)
    return report


def _save_document(document: Document | None, article: ArticleFile) -> Document:
    fields = {
        "title": article.title[:500],
        "description": article.description,
        "author": article.author[:200],
        "published_at": article.published_at,
        "tags": article.tags,
        "front_matter": article.front_matter,
        "body": article.body,
        "sha256": article.sha256,
    }
    if document is None:
        return Document.objects.create(slug=article.slug, **fields)
    for name, value in fields.items():
        setattr(document, name, value)
    document.save()
    return document


def _unknown_sources(extraction: Extraction, report: PersistReport) -> dict[str, int]:
    """A speaker the reference lists do not know becomes a source of kind
    "other", marked as needing review; the same name reuses it."""
    slugs: dict[str, str] = {}  # each unknown speaker, in reading order, and its slug
    for claim in extraction.claims:
        if claim.source is None and claim.speaker not in slugs:
            slugs[claim.speaker] = slugify(claim.speaker)[:100] or "unknown-speaker"
    if not slugs:
        return {}
    # One query for the speakers earlier documents met already (most of them).
    known = dict(Source.objects.filter(slug__in=set(slugs.values())).values_list("slug", "pk"))
    ids: dict[str, int] = {}
    created = []
    for speaker, slug in slugs.items():
        if slug in known:
            ids[speaker] = known[slug]
            continue
        source, was_created = Source.objects.get_or_create(
            slug=slug,
            defaults={
                "name": speaker[:200],
                "kind": SourceKind.OTHER,
                "needs_review": True,
                "description": "A speaker the importer met that the reference lists do not know.",
            },
        )
        ids[speaker] = known[slug] = source.pk
        if was_created:
            created.append(source.name)
    report.new_sources = created
    return ids


def _save_events(
    document: Document,
    extracted: list[ExtractedEvent],
    merge: _Merge,
    report: PersistReport,
    *,
    place_ids: dict[str, int],
    party_ids: dict[str, int],
) -> dict[str, int]:
    """Write the document's events; return their ids by key."""
    existing: dict[str, Event] = {}
    if not report.created:  # a new document has no rows to find, match or remove
        rows = document.events.exclude(import_key="").prefetch_related("places", "parties")
        existing = {event.import_key: event for event in rows}
    extracted = _first_per_key(extracted)
    keys = {item.key for item in extracted}
    # Rows the file no longer yields; a new sentence may be one of them reworded.
    gone = [event for key, event in existing.items() if key not in keys]
    reworded = (
        _match_reworded(
            [
                (item.key, _words(item.summary), None)
                for item in extracted
                if item.key not in existing
            ],
            [
                (event, _words(event.import_snapshot.get("summary", event.summary)), {None})
                for event in gone
            ],
        )
        if gone
        else {}
    )
    saved: dict[str, int] = {}
    # (key, row, place ids, party ids) of the events written for the first time
    new_events: list[tuple[str, dict[str, Any], list[int], list[int]]] = []
    for item in extracted:
        wanted = {
            **_date_fields(item.date, "date"),
            "title": item.title[:300],
            "summary": item.summary,
            "kind": item.kind,
        }
        places = sorted({place_ids[slug] for slug in item.places if slug in place_ids})
        parties = sorted({party_ids[slug] for slug in item.parties if slug in party_ids})
        snapshot = {name: _json(value) for name, value in wanted.items()}
        snapshot |= {"places": places, "parties": parties}
        event = existing.get(item.key) or reworded.get(item.key)
        if event is None:
            new_events.append(
                (
                    item.key,
                    {
                        "document_id": document.pk,
                        "import_key": item.key,
                        "position": item.sentence.start,
                        "import_snapshot": snapshot,
                        **wanted,
                    },
                    places,
                    parties,
                )
            )
        else:
            previous = event.import_snapshot or {}
            changed = merge.apply(event, wanted)
            for name, value in (
                ("import_key", item.key),
                ("position", item.sentence.start),
                ("import_snapshot", snapshot),
            ):
                if getattr(event, name) != value:
                    setattr(event, name, value)
                    changed.append(name)
            if changed:
                event.save(update_fields=[*changed, "updated_at"])
            for relation, ids in (("places", places), ("parties", parties)):
                manager = getattr(event, relation)
                current_ids = sorted(row.pk for row in manager.all())
                if current_ids == ids:
                    continue
                if current_ids != previous.get(relation, current_ids):
                    report.kept_editor_changes += 1
                    continue
                manager.set(ids)
            saved[item.key] = event.pk
    new_ids = insert_rows(Event, [row for _, row, _, _ in new_events])
    for (key, _, _, _), event_id in zip(new_events, new_ids, strict=True):
        saved[key] = event_id
    insert_rows(
        Event.places.through,
        [
            {"event_id": event_id, "place_id": place}
            for (_, _, places, _), event_id in zip(new_events, new_ids, strict=True)
            for place in places
        ],
        with_ids=False,
    )
    insert_rows(
        Event.parties.through,
        [
            {"event_id": event_id, "party_id": party}
            for (_, _, _, parties), event_id in zip(new_events, new_ids, strict=True)
            for party in parties
        ],
        with_ids=False,
    )
    report.events = len(saved)
    return saved


def _claim_fields(item: ExtractedClaim, source_ids, event_ids: dict[str, int]) -> dict[str, Any]:
    source_id = source_ids[item.source] if item.source else source_ids[item.speaker]
    return {
        "source_id": source_id,
        "event_id": event_ids.get(item.event_key) if item.event_key else None,
        "text": item.text,
        "verb": item.attribution.verb[:50],
        "kind": item.kind,
        **_date_fields(item.stated, "stated"),
    }


def _provenance(item: ExtractedClaim) -> dict[str, Any]:
    return {
        "excerpt": item.sentence.plain,
        "section": " › ".join(item.sentence.section)[:500],
        "char_start": item.sentence.start,
        "char_end": item.sentence.end,
    }


def _save_claims(
    document: Document,
    extracted: list[ExtractedClaim],
    source_ids: dict[str, int],
    event_ids: dict[str, int],
    merge: _Merge,
    report: PersistReport,
) -> dict[str, int]:
    """Write the document's claims and their figures; return their ids by key."""
    existing: dict[str, Claim] = {}
    if not report.created:  # a new document has no rows to find, match or remove
        rows = document.claims.exclude(import_key="").prefetch_related("figures")
        existing = {claim.import_key: claim for claim in rows}
    extracted = _first_per_key(extracted)
    keys = {item.key for item in extracted}
    wanted_by_key = {item.key: _claim_fields(item, source_ids, event_ids) for item in extracted}
    gone = [claim for key, claim in existing.items() if key not in keys]
    reworded = (
        _match_reworded(
            [
                (
                    item.key,
                    _words(item.sentence.plain),
                    (wanted_by_key[item.key]["source_id"], _provenance(item)["section"]),
                )
                for item in extracted
                if item.key not in existing
            ],
            [
                (
                    claim,
                    _words(claim.excerpt),
                    {
                        (claim.source_id, claim.section),
                        (claim.import_snapshot.get("source_id"), claim.section),
                    },
                )
                for claim in gone
            ],
        )
        if gone
        else {}
    )
    saved: dict[str, int] = {}
    # (key, row, figures) of the claims written for the first time
    new_claims: list[tuple[str, dict[str, Any], list[FigureMention]]] = []
    for item in extracted:
        wanted = wanted_by_key[item.key]
        figures = _figure_rows(item.figures)
        snapshot = {name: _json(value) for name, value in wanted.items()} | {"figures": figures}
        claim = existing.get(item.key) or reworded.get(item.key)
        if claim is None:
            row = {
                "document_id": document.pk,
                "import_key": item.key,
                "import_snapshot": snapshot,
                **wanted,
                **_provenance(item),
            }
            new_claims.append((item.key, row, item.figures))
        else:
            previous_figures = claim.import_snapshot.get("figures")
            changed = merge.apply(claim, wanted)
            for name, value in (
                *_provenance(item).items(),
                ("import_key", item.key),
                ("import_snapshot", snapshot),
            ):
                if getattr(claim, name) != value:
                    setattr(claim, name, value)
                    changed.append(name)
            current_figures = _current_figures(claim)
            if not _same_figures(current_figures, figures):
                if previous_figures is None or _same_figures(current_figures, previous_figures):
                    claim.figures.all().delete()
                    insert_rows(Figure, _figures(claim.pk, item.figures), with_ids=False)
                else:
                    report.kept_editor_changes += 1
            if changed:
                claim.save(update_fields=[*changed, "updated_at"])
            saved[item.key] = claim.pk
    new_ids = insert_rows(Claim, [row for _, row, _ in new_claims])
    for (key, _, _), claim_id in zip(new_claims, new_ids, strict=True):
        saved[key] = claim_id
    insert_rows(
        Figure,
        [
            figure
            for (_, _, mentions), claim_id in zip(new_claims, new_ids, strict=True)
            for figure in _figures(claim_id, mentions)
        ],
        with_ids=False,
    )
    report.claims = len(saved)
    report.figures = sum(len(item.figures) for item in extracted)
    return saved


def _figures(claim_id: int, mentions: list[FigureMention]) -> list[dict[str, Any]]:
    return [
        {
            "claim_id": claim_id,
            "quantity": mention.quantity,
            "subject": mention.subject[:200],
            "low": mention.low,
            "high": mention.high,
            "as_written": mention.as_written[:200],
        }
        for mention in mentions
    ]


def _save_relations(
    document: Document, extraction: Extraction, claim_ids: dict[str, int], report: PersistReport
) -> None:
    relations = services.suggest_relations(
        suggestions=[
            (
                Claim(pk=claim_ids[suggestion.from_key]),
                Claim(pk=claim_ids[suggestion.to_key]),
                suggestion.kind,
                suggestion.note,
            )
            for suggestion in extraction.relations
            if suggestion.from_key in claim_ids and suggestion.to_key in claim_ids
        ],
        new_claims=report.created,
    )
    wanted = {relation.pk for relation in relations}
    report.suggested_relations = len(wanted)
    if report.created:
        return  # every relation of a new document's claims is one just suggested
    # Suggestions nobody decided on that the text no longer supports, including
    # those between claims it no longer yields.
    ids = document.claims.values("pk")
    Relation.objects.filter(
        Q(from_claim_id__in=ids) | Q(to_claim_id__in=ids),
        origin=RelationOrigin.IMPORTER,
        state=RelationState.SUGGESTED,
    ).exclude(pk__in=wanted).delete()


def _relocate(old_body: str, new_body: str, start: int | None, end: int | None):
    """Where the text at old_body[start:end] is in the new body (the occurrence
    nearest its old place), or (None, None) if it is gone."""
    if start is None or end is None or end <= start:
        return None, None
    text = old_body[start:end]
    if not text.strip():
        return None, None
    best = None
    found = new_body.find(text)
    while found != -1:
        if best is None or abs(found - start) < abs(best - start):
            best = found
        found = new_body.find(text, found + 1)
    if best is None:
        return None, None
    return best, best + len(text)


def _remove_stale(
    document: Document,
    old_body: str,
    event_ids: dict[str, int],
    claim_ids: dict[str, int],
    report: PersistReport,
) -> None:
    """Claims and events the text no longer yields go, unless editors touched
    them; those kept point to where their sentence now is, or nowhere."""
    stale_claims = (
        document.claims.exclude(import_key="")
        .exclude(import_key__in=list(claim_ids))
        .prefetch_related("figures")
    )
    for claim in stale_claims:
        touched = (
            claim.reviews.exists()
            or Relation.objects.involving(claim)
            .filter(Q(origin=RelationOrigin.EDITOR) | ~Q(state=RelationState.SUGGESTED))
            .exists()
            or _edited(claim)
        )
        if not touched:
            claim.delete()
            continue
        report.kept_stale += 1
        span = _relocate(old_body, document.body, claim.char_start, claim.char_end)
        if span != (claim.char_start, claim.char_end):
            claim.char_start, claim.char_end = span
            claim.save(update_fields=["char_start", "char_end", "updated_at"])
    stale_events = document.events.exclude(import_key="").exclude(import_key__in=list(event_ids))
    for event in stale_events:
        if not (event.claims.exists() or _edited(event)):
            event.delete()
            continue
        report.kept_stale += 1
        summary = event.import_snapshot.get("summary") or event.summary
        found = document.body.find(summary) if summary else -1
        position = found if found != -1 else None
        if position != event.position:
            event.position = position
            event.save(update_fields=["position", "updated_at"])


def _edited(row: Claim | Event) -> bool:
    snapshot = row.import_snapshot or {}
    for name, value in snapshot.items():
        if name in ("figures", "places", "parties"):
            continue
        if _json(getattr(row, name)) != value:
            return True
    if isinstance(row, Claim) and "figures" in snapshot:
        return not _same_figures(_current_figures(row), snapshot["figures"])
    if isinstance(row, Event):
        for relation in ("places", "parties"):
            if relation in snapshot:
                current = sorted(item.pk for item in getattr(row, relation).all())
                if current != snapshot[relation]:
                    return True
    return False
