"""Finding known names in text: sources, parties and places by their aliases.

One NameIndex per kind of name. Short all-capital aliases ("SDF", "SOHR", "AP",
"IS") match case-sensitively, so that "is" or "ap" in running text never reads
as a source; every other alias matches case-insensitively. Where matches
overlap the longest wins ("Deir ez-Zor Military Council" over "Deir ez-Zor").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .trie_pattern import trie_pattern

# Letters that may continue a word: a match must not start or end inside one.
_WORD_CHAR = r"[\w'’-]"
_ACRONYM = re.compile(r"^[A-Z0-9&–-]{2,5}$")
_POSSESSIVE_SPACE = r"(?:'s|’s)?\s+"
_POSSESSIVE = re.compile(r"(?:'s|’s)(?=\s)")


@dataclass(frozen=True)
class NameMatch:
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
    """Aliases → keys. `find(text)` returns non-overlapping matches in order."""

    def __init__(self, names: Iterable[tuple[str, str]]):
        """`names`: (alias, key) pairs; an alias names exactly one key."""
        self._keys: dict[str, str] = {}
        exact, folded = [], []
        for alias, key in names:
            alias = " ".join(alias.split())
            if not alias:
                continue
            if _ACRONYM.match(alias):
                self._keys[alias] = key
                exact.append(alias)
            else:
                self._keys[alias.casefold()] = key
                folded.append(alias)
        # Inside a lookahead, so that finditer tries every position: overlapping
        # names are all found, and the longest is chosen in `find`.
        # One pattern, one pass. Where both could match at one position the
        # case-insensitive names go first: they are the longer ("SDF Press
        # Office" before the acronym "SDF").
        branches = []
        if folded:
            branches.append(f"(?i:{_alternation(folded)})")
        if exact:
            branches.append(f"(?:{_alternation(exact)})")
        self._pattern = re.compile(_overlapping("|".join(branches))) if branches else None

    def key_for(self, alias: str) -> str | None:
        alias = " ".join(alias.split())
        for candidate in (alias, _POSSESSIVE.sub("", alias)):
            key = self._keys.get(candidate) or self._keys.get(candidate.casefold())
            if key:
                return key
        return None

    def find(self, text: str) -> list[NameMatch]:
        """Non-overlapping matches in reading order. Stages ask about the same
        sentence more than once (speakers, then parties), so answers are cached."""
        return list(self._find_cached(text))

    # Enough for every sentence of a long article (a smaller cache thrashes).
    @functools.lru_cache(maxsize=4096)  # noqa: B019 - indexes are few and long-lived
    def _find_cached(self, text: str) -> tuple[NameMatch, ...]:
        return tuple(self._find(text))

    @classmethod
    def forget(cls) -> None:
        """Drop cached answers (between documents: sentences rarely repeat across
        them, and a benchmark over copies of one article must not look faster)."""
        cls._find_cached.cache_clear()

    def _find(self, text: str) -> list[NameMatch]:
        if self._pattern is None:
            return []
        candidates: list[NameMatch] = []
        for match in self._pattern.finditer(text):
            written = match.group("name")
            key = self.key_for(written)
            if key is not None:
                candidates.append(NameMatch(match.start(), match.end("name"), key, written))
        # Of overlapping matches the longest wins ("The U.S. military" is the
        # U.S. military, not "the U.S."), then the earliest.
        candidates.sort(key=lambda m: (-(m.end - m.start), m.start))
        kept: list[NameMatch] = []
        for candidate in candidates:
            if any(candidate.start < other.end and other.start < candidate.end for other in kept):
                continue
            kept.append(candidate)
        return sorted(kept, key=lambda m: m.start)
