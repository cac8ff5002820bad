"""The importer's stages in order, from a read article to what persist writes.

read → segment → dates → attribute → figures → link. This module holds no rule
of its own: it walks the sentences, hands each stage what it needs, and gives
every event and claim a stable key (from the sentence's words, not its
position) so that a re-import finds what it made before.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from . import link
from .attribute import Attributor
from .dates import DateResolver, parse_phases
from .figures import extract_figures
from .link import (
    ExtractedClaim,
    ExtractedEvent,
    Extraction,
    claim_kind,
    event_kind,
    link_claims_to_events,
    suggest_relations,
    title_for,
)
from .literals import LowerText
from .lowercase import LowercasePattern
from .names import NameIndex
from .read import ArticleFile
from .reference_index import ReferenceIndex
from .segment import segment

# A narrative sentence becomes an event only when it tells of a happening.
_HAPPENING = LowercasePattern(
    r"\b(?:captur|seiz|took|taken|attack|counter-?attack|kill|execut|advanc|launch|bomb|strik|"
    r"struck|shell|clash|fight|fought|battl|withdr|retreat|surrender|evacuat|fled|flee|"
    r"besieg|encircl|ambush|recaptur|arrest|detain|releas|enter|reach|clear|repel|destroy|"
    r"halt|resum|restart|announc|declar|defect|deploy|infiltrat|push|overr|raid|storm|"
    r"cross|die|dead|death|injur|wound|lost|los[te]|won|fell|secur|took|opened)",
)


def _key(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]


def _words(plain: str) -> str:
    return " ".join(plain.lower().split())


def extract(article: ArticleFile, reference: ReferenceIndex) -> Extraction:
    # Caches keyed by text serve repeated lookups within one document only.
    NameIndex.forget()
    LowerText.forget()
    link.forget()
    extraction = Extraction()
    sentences = segment(article.body)
    resolver = DateResolver(parse_phases(article.phases))
    attributor = Attributor(reference.source_index)
    occurrences: Counter[str] = Counter()
    section: tuple[str, ...] | None = None
    paragraph: int | None = None

    for sentence in sentences:
        if sentence.section != section:
            section = sentence.section
            resolver.enter_section(section)
        if sentence.paragraph_start != paragraph:
            paragraph = sentence.paragraph_start
            attributor.new_paragraph()
        plain = sentence.plain
        words = _words(plain)
        occurrences[words] += 1
        identity = f"{words}#{occurrences[words]}"
        dates = resolver.resolve(plain)
        attributions = attributor.attribute(plain)

        if not attributions:
            if dates.event is not None and _HAPPENING.occurs_in(plain):
                extraction.events.append(
                    ExtractedEvent(
                        key=_key(article.slug, "event", identity),
                        sentence=sentence,
                        date=dates.event,
                        title=title_for(plain),
                        summary=plain,
                        kind=event_kind(plain),
                        places=reference.places_in(plain),
                        parties=reference.parties_in(plain),
                    )
                )
            continue

        for attribution in attributions:
            content = attribution.content
            extraction.claims.append(
                ExtractedClaim(
                    key=_key(
                        article.slug, "claim", identity, attribution.source or attribution.speaker
                    ),
                    sentence=sentence,
                    attribution=attribution,
                    source=attribution.source,
                    speaker=attribution.speaker,
                    text=content,
                    kind=claim_kind(attribution, content),
                    event_date=dates.event,
                    stated=dates.stated,
                    figures=extract_figures(content),
                    places=reference.places_in(content),
                    parties=reference.parties_in(plain),
                )
            )

    def event_from_claim(claim: ExtractedClaim) -> ExtractedEvent:
        return ExtractedEvent(
            key=_key(claim.key, "event"),
            sentence=claim.sentence,
            date=claim.event_date,
            title=title_for(claim.text[:1].upper() + claim.text[1:]),
            summary=claim.text,
            kind=event_kind(claim.text),
            places=claim.places,
            parties=claim.parties,
        )

    link_claims_to_events(extraction, event_from_claim)
    suggest_relations(extraction, reference.party_of)
    return extraction
