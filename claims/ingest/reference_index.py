"""The reference lists as the importer uses them: name indexes over the sources,
parties and places in the database, and what each source belongs to."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ..models import Party, Place, Source
from .names import NameIndex


@dataclass(frozen=True)
class SourceInfo:
    slug: str
    name: str
    party: str | None  # party slug


class ReferenceIndex:
    def __init__(
        self,
        sources: list[SourceInfo],
        source_names: list[tuple[str, str]],
        party_names: list[tuple[str, str]],
        place_names: list[tuple[str, str]],
    ):
        self.sources = {source.slug: source for source in sources}
        # One scan of a text finds the names of all three.
        self.source_index, self.party_index, self.place_index = NameIndex.together(
            source_names, party_names, place_names
        )

    @classmethod
    def from_database(cls, *, include_unreviewed: bool = True) -> ReferenceIndex:
        """Three queries: sources with their parties, parties, places.

        `include_unreviewed=False` leaves out the sources earlier imports created
        for unknown speakers, which is what the reference lists alone know."""
        sources, source_names = [], []
        rows = Source.objects.select_related("party").only("slug", "name", "aliases", "party__slug")
        if not include_unreviewed:
            rows = rows.filter(needs_review=False)
        for source in rows:
            sources.append(
                SourceInfo(source.slug, source.name, source.party.slug if source.party else None)
            )
            source_names += [(alias, source.slug) for alias in [source.name, *source.aliases]]
        party_names = [
            (alias, party.slug)
            for party in Party.objects.only("slug", "name", "aliases")
            for alias in [party.name, *party.aliases]
        ]
        place_names = [
            (alias, place.slug)
            for place in Place.objects.only("slug", "name", "aliases")
            for alias in [place.name, *place.aliases]
        ]
        return _cached_index(
            tuple(sources), tuple(source_names), tuple(party_names), tuple(place_names)
        )

    def party_of(self, source_slug: str | None) -> str | None:
        info = self.sources.get(source_slug) if source_slug else None
        return info.party if info else None

    def places_in(self, text: str) -> list[str]:
        return _unique(match.key for match in self.place_index.find(text))

    def parties_in(self, text: str) -> list[str]:
        """Parties named in the text, directly or through a source of theirs
        ("SDF fighters", "Amaq" → isil)."""
        parties = [match.key for match in self.party_index.find(text)]
        parties += [
            party
            for match in self.source_index.find(text)
            if (party := self.party_of(match.key)) is not None
        ]
        return _unique(parties)


@functools.lru_cache(maxsize=4)
def _cached_index(
    sources: tuple[SourceInfo, ...],
    source_names: tuple[tuple[str, str], ...],
    party_names: tuple[tuple[str, str], ...],
    place_names: tuple[tuple[str, str], ...],
) -> ReferenceIndex:
    # Compiling the name patterns is the costly part, and the lists rarely
    # change between imports: an index is reused while they are the same.
    return ReferenceIndex(list(sources), list(source_names), list(party_names), list(place_names))


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))
