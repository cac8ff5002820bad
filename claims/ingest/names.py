"""Finding known names in text: sources, parties and places by their aliases.

One NameIndex per kind of name. Short all-capital aliases ("SDF", "SOHR", "AP",
"IS") match case-sensitively, so that "is" or "ap" in running text never reads
as a source; every other alias matches case-insensitively. Where matches
overlap the longest wins ("Deir ez-Zor Military Council" over "Deir ez-Zor").
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from typing import NamedTuple

from .literals import LowerText
from .trie_pattern import trie_pattern

# Letters that may continue a word: a match must not start or end inside one.
_WORD_CHAR = r"[\w'’-]"
_ACRONYM = re.compile(r"^[A-Z0-9&–-]{2,5}$")
_POSSESSIVE_SPACE = r"(?:'s|’s)?\s+"
_POSSESSIVE = re.compile(r"(?:'s|’s)(?=\s)")


class NameMatch(NamedTuple):
    # A tuple rather than a dataclass: a long article makes thousands, and a
    # tuple is several times quicker to make.
    start: int
    end: int
    key: str  # the slug the name resolves to
    text: str  # as written


def _alternation(names: Iterable[str]) -> str:
    # A prefix tree, which matches the longest alias at each position and is
    # many times faster than a flat alternation. Any word of a several-word
    # name may carry a possessive: "SDF's official media wing" is the alias
    # "SDF official media wing".
    return trie_pattern(set(names), space=_POSSESSIVE_SPACE)


def _overlapping(alternation: str) -> str:
    # Not followed by a hyphen either: "U.S.-led" is not the U.S.
    return rf"(?<!{_WORD_CHAR})(?=(?P<name>{alternation})(?![\w-]))"


class NameIndex:
    """Aliases → keys. `find(text)` returns non-overlapping matches in order.

    Indexes made `together` (sources, parties and places) share one scan of a
    text: the aliases of all of them are looked for in one pass, and each index
    takes the matches that are its own names."""

    def __init__(self, names: Iterable[tuple[str, str]]):
        """`names`: (alias, key) pairs; an alias names exactly one key."""
        # Acronyms by their exact spelling; every other alias by its casefold.
        self._exact: dict[str, str] = {}
        self._folded: dict[str, str] = {}
        self._folded_aliases: set[str] = set()  # as spelled, for the scan
        for alias, key in names:
            alias = " ".join(alias.split())
            if not alias:
                continue
            if _ACRONYM.match(alias):
                self._exact[alias] = key
            else:
                self._folded[alias.casefold()] = key
                self._folded_aliases.add(alias)
        self._scan = _Scan([self])
        self._slot = 0

    @classmethod
    def together(cls, *kinds: Iterable[tuple[str, str]]) -> list[NameIndex]:
        """One index per kind of name, all finding their names in one scan."""
        indexes = [cls(names) for names in kinds]
        scan = _Scan(indexes)
        for slot, index in enumerate(indexes):
            index._scan, index._slot = scan, slot
        return indexes

    def key_for(self, alias: str) -> str | None:
        for candidate in _spellings(alias):
            key = self._exact.get(candidate) or self._folded.get(candidate.casefold())
            if key:
                return key
        return None

    def find(self, text: str) -> list[NameMatch]:
        """Non-overlapping matches in reading order."""
        return list(self._scan.find(text)[self._slot])

    @classmethod
    def forget(cls) -> None:
        """Drop cached answers (between documents: sentences rarely repeat across
        them, and a benchmark over copies of one article must not look faster)."""
        _Scan.find.cache_clear()
        _Scan._owners.cache_clear()


class _Scan:
    """The aliases of several indexes, found in a text in one pass."""

    def __init__(self, indexes: list[NameIndex]):
        self._count = len(indexes)
        # Each alias → the indexes it belongs to: (index's place, key).
        self._folded_owners: dict[str, list[tuple[int, str]]] = {}
        self._exact_owners: dict[str, list[tuple[int, str]]] = {}
        for slot, index in enumerate(indexes):
            for alias, key in index._folded.items():
                self._folded_owners.setdefault(alias, []).append((slot, key))
            for alias, key in index._exact.items():
                self._exact_owners.setdefault(alias, []).append((slot, key))
        folded = {alias for index in indexes for alias in index._folded_aliases}
        exact = set(self._exact_owners)
        # Inside a lookahead, so that finditer tries every position: names that
        # overlap are all found, and the longest is chosen in `find`. The
        # case-insensitive names are looked for in the lower-cased text, which
        # is several times faster than an IGNORECASE pattern (and, unlike a
        # prefix tree of the names as spelled, finds "al-Hasakah countryside"
        # as well as "Al-Hasakah"); a text whose length lower-casing changes
        # (rare letters such as "İ") takes the IGNORECASE pattern, so that
        # offsets stay those of the text.
        lowered = {alias.lower() for alias in folded}
        self._folded = re.compile(_overlapping(_alternation(lowered))) if folded else None
        self._folded_any_case = (
            re.compile(_overlapping(f"(?i:{_alternation(folded)})")) if folded else None
        )
        self._exact = re.compile(_overlapping(_alternation(exact))) if exact else None

    # Stages ask about the same sentence more than once (speakers, then parties),
    # so answers are cached; enough for every sentence of a long article.
    @functools.lru_cache(maxsize=4096)  # noqa: B019 - scans are few and long-lived
    def find(self, text: str) -> tuple[tuple[NameMatch, ...], ...]:
        """Each index's matches in `text`, in the order of the indexes."""
        # Where names start: the longest case-insensitive and acronym match there.
        # (Group 1 is the name.)
        folded: dict[int, int] = {}
        if self._folded is not None:
            lowered = LowerText.of(text)
            if len(lowered) == len(text):
                matches = self._folded.finditer(lowered)
            else:
                matches = self._folded_any_case.finditer(text)
            for match in matches:
                folded[match.start()] = match.end(1)
        exact: dict[int, int] = {}
        if self._exact is not None:
            for match in self._exact.finditer(text):
                exact[match.start()] = match.end(1)
        found: list[list[NameMatch]] = [[] for _ in range(self._count)]
        for start in folded.keys() | exact.keys():
            folded_end, exact_end = folded.get(start), exact.get(start)
            if exact_end is None:
                end, folded_length, exact_length = folded_end, folded_end - start, None
            elif folded_end is None:
                end, folded_length, exact_length = exact_end, None, exact_end - start
            else:
                end = max(folded_end, exact_end)
                folded_length, exact_length = folded_end - start, exact_end - start
            for slot, length, key in self._owners(text[start:end], folded_length, exact_length):
                stop = start + length
                found[slot].append(NameMatch(start, stop, key, text[start:stop]))
        return tuple(
            _without_overlaps(matches) if len(matches) > 1 else tuple(matches) for matches in found
        )

    # The same names recur all through an article ("the SDF"): worked out once each.
    @functools.lru_cache(maxsize=4096)  # noqa: B019 - scans are few and long-lived
    def _owners(
        self, written: str, folded_length: int | None, exact_length: int | None
    ) -> tuple[tuple[int, int, str], ...]:
        """Each index's longest name at the start of `written` (index, length, key),
        given the longest case-insensitive and acronym match of all indexes there.

        An index's own names there are that match or a part of it up to a word's
        end; as in a scan of that index alone, a case-insensitive name goes
        before an acronym, and the longest first."""
        owners: dict[int, tuple[int, str]] = {}
        for length, aliases, fold in (
            (folded_length, self._folded_owners, True),
            (exact_length, self._exact_owners, False),
        ):
            if length is None:
                continue
            for stop in _ends(written, 0, length):
                for candidate in _spellings(written[:stop]):
                    for slot, key in aliases.get(candidate.casefold() if fold else candidate, ()):
                        owners.setdefault(slot, (stop, key))
                if len(owners) == self._count:
                    break
            if len(owners) == self._count:
                break
        return tuple((slot, stop, key) for slot, (stop, key) in owners.items())


def _spellings(written: str) -> tuple[str, ...]:
    """An alias as written, then without its possessives, whitespace folded."""
    alias = " ".join(written.split())
    if "s" in alias and ("'s" in alias or "’s" in alias):
        return (alias, _POSSESSIVE.sub("", alias))
    return (alias,)


def _start(match: NameMatch) -> int:
    return match.start


# Where a name may end: after a character that is not a space, before one that
# does not continue a word.
_NAME_END = re.compile(r"(?<=\S)(?![\w-])")
_ONE_WORD = re.compile(r"[\w-]+")


def _ends(text: str, start: int, end: int) -> list[int]:
    """Where a name starting at `start` may end, up to `end`, longest first."""
    if _ONE_WORD.fullmatch(text, start, end):
        return [end]
    inner = [match.start() for match in _NAME_END.finditer(text, start + 1, end)]
    return [end, *reversed([stop for stop in inner if stop < end])]


def _without_overlaps(candidates: list[NameMatch]) -> tuple[NameMatch, ...]:
    # Of overlapping matches the longest wins ("The U.S. military" is the
    # U.S. military, not "the U.S."), then the earliest.
    if len(candidates) < 2:
        return tuple(candidates)
    in_order = sorted(candidates, key=_start)
    if all(first.end <= second.start for first, second in itertools.pairwise(in_order)):
        return tuple(in_order)  # none overlaps: all are kept (the usual case)
    ordered = sorted(candidates, key=lambda m: (-(m.end - m.start), m.start))
    kept: list[NameMatch] = []
    for candidate in ordered:
        if any(candidate.start < other.end and other.start < candidate.end for other in kept):
            continue
        kept.append(candidate)
    return tuple(sorted(kept, key=lambda m: m.start))
