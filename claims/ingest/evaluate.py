"""Measuring the importer against a hand-made gold file (tests/data/gold/).

A found claim matches a gold claim when its sentence contains the gold quote's
start and its source is the gold source (or, for a speaker the reference lists
do not know, the speaker's name is the gold speaker's). Matching is one to one.
See tests/data/gold/README.md for the format and the guidelines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..models import RelationKind
from .dates import DateValue
from .link import ExtractedClaim, Extraction


class GoldFileError(ValueError):
    pass


@dataclass(frozen=True)
class GoldClaim:
    index: int
    offset: int  # of the quote in the body
    source: str | None
    speaker: str
    event_date: str | None
    stated_on: str | None


@dataclass
class Score:
    matched: int = 0
    found: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0


@dataclass
class Evaluation:
    document: str
    claims: Score = field(default_factory=Score)
    dates_strict: Score = field(default_factory=Score)
    dates_lenient: Score = field(default_factory=Score)
    stated_on: Score = field(default_factory=Score)
    relations: Score = field(default_factory=Score)
    relations_lenient: Score = field(default_factory=Score)
    missed: list[GoldClaim] = field(default_factory=list)
    extra: list[ExtractedClaim] = field(default_factory=list)
    wrong_dates: list[tuple[GoldClaim, str | None]] = field(default_factory=list)


def load_gold(path: Path, body: str) -> tuple[str, list[GoldClaim], list[dict[str, Any]]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GoldFileError(f"{path}: {exc}") from None
    claims = []
    for index, entry in enumerate(data.get("claims") or []):
        offset = body.find(entry["quote"])
        if offset == -1:
            raise GoldFileError(
                f"{path}: claim {index}: quote not in the article: {entry['quote']!r}"
            )
        claims.append(
            GoldClaim(
                index=index,
                offset=offset,
                source=entry.get("source"),
                speaker=str(entry.get("speaker") or ""),
                event_date=_text(entry.get("event_date")),
                stated_on=_text(entry.get("stated_on")),
            )
        )
    return str(data["document"]), claims, list(data.get("relations") or [])


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _name(text: str) -> str:
    text = text.strip().casefold()
    return text[4:] if text.startswith("the ") else text


def _same_source(claim: ExtractedClaim, gold_source: str | None, gold_speaker: str) -> bool:
    if gold_source is not None:
        return claim.source == gold_source
    return claim.source is None and _name(claim.speaker) == _name(gold_speaker)


def date_label(value: DateValue | None) -> str | None:
    if value is None:
        return None
    if value.end is not None and value.end != value.start:
        if value.precision == "month":
            return f"{value.start:%Y-%m}/{value.end:%Y-%m}"
        return f"{value.start.isoformat()}/{value.end.isoformat()}"
    if value.precision == "year":
        return f"{value.start:%Y}"
    if value.precision == "month":
        return f"{value.start:%Y-%m}"
    return value.start.isoformat()


def _lenient_date_match(found: str | None, gold: str) -> bool:
    """A gold month or year contains the found date; a found range lies inside a gold range."""
    if found is None:
        return False
    if found == gold:
        return True
    found_start, _, found_end = found.partition("/")
    gold_start, _, gold_end = gold.partition("/")
    found_end = found_end or found_start
    if not gold_end:
        return found_start.startswith(gold_start) and found_end.startswith(gold_start)
    return gold_start <= found_start and found_end <= gold_end


def evaluate(extraction: Extraction, gold_path: Path, body: str) -> Evaluation:
    document, gold_claims, gold_relations = load_gold(gold_path, body)
    result = Evaluation(document=document)
    result.claims.found = len(extraction.claims)
    result.claims.expected = len(gold_claims)

    gold_for: dict[str, GoldClaim] = {}  # found claim key → gold claim
    unmatched_gold = list(gold_claims)
    for claim in extraction.claims:
        for gold in unmatched_gold:
            inside = claim.sentence.start <= gold.offset < claim.sentence.end
            if inside and _same_source(claim, gold.source, gold.speaker):
                gold_for[claim.key] = gold
                unmatched_gold.remove(gold)
                break
        else:
            result.extra.append(claim)
    result.claims.matched = len(gold_for)
    result.missed = unmatched_gold

    claims_by_key = {claim.key: claim for claim in extraction.claims}
    for key, gold in gold_for.items():
        found = claims_by_key[key]
        if gold.event_date is not None:
            label = date_label(found.event_date)
            result.dates_strict.expected += 1
            result.dates_lenient.expected += 1
            result.dates_strict.matched += label == gold.event_date
            result.dates_lenient.matched += _lenient_date_match(label, gold.event_date)
            if label != gold.event_date:
                result.wrong_dates.append((gold, label))
        if gold.stated_on is not None:
            result.stated_on.expected += 1
            result.stated_on.matched += date_label(found.stated) == gold.stated_on
    result.dates_strict.found = result.dates_strict.expected
    result.dates_lenient.found = result.dates_lenient.expected
    result.stated_on.found = result.stated_on.expected

    _score_relations(result, extraction, gold_for, gold_claims, gold_relations, body)
    return result


def _score_relations(result, extraction, gold_for, gold_claims, gold_relations, body) -> None:
    def gold_index(end: dict[str, Any]) -> int | None:
        offset = body.find(end["quote"])
        for gold in gold_claims:
            same_sentence_quote = gold.offset == offset or (gold.offset <= offset < gold.offset + 1)
            if (
                same_sentence_quote
                and gold.source == end.get("source")
                and (
                    end.get("source") is not None
                    or _name(gold.speaker) == _name(end.get("speaker", ""))
                )
            ):
                return gold.index
        return None

    def normalise(first: int, second: int, kind: str, lenient: bool) -> tuple:
        if lenient and kind == RelationKind.DENIES:
            kind = RelationKind.CONTRADICTS
        if kind in (RelationKind.CONTRADICTS, RelationKind.CORROBORATES):
            first, second = sorted((first, second))
        return first, second, kind

    expected = []
    for relation in gold_relations:
        first, second = gold_index(relation["from"]), gold_index(relation["to"])
        if first is not None and second is not None:
            expected.append((first, second, relation["kind"]))
    found = []
    for relation in extraction.relations:
        first, second = gold_for.get(relation.from_key), gold_for.get(relation.to_key)
        found.append((first.index if first else -1, second.index if second else -1, relation.kind))
    for score, lenient in ((result.relations, False), (result.relations_lenient, True)):
        wanted = {normalise(*item, lenient) for item in expected}
        got = [normalise(*item, lenient) for item in found]
        score.expected = len(wanted)
        score.found = len(got)
        score.matched = len(wanted & set(got))
