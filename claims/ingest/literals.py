"""Words a pattern's every match contains, tested before the pattern is searched.

Most cue patterns are tried on every sentence and found in few ("denied these
charges", "put the toll at", "pushed into"). Python's `re` tries such a pattern
at every position of the text -- one that begins with `\\b`, a lookaround or a
group of words has no first character to skip to -- at some 20 ns a character,
while `"toll" in text` takes about one. When a pattern cannot match without one
of a few words, looking for those words first answers most sentences at once.

The words are read from the parsed pattern, so they follow it when it changes:
a sequence needs what any of its parts needs (the longest part is taken), an
alternation needs one of what each branch needs, and an optional or
zero-width part needs nothing. They are looked for in the lower-cased text,
so they serve case-sensitive and case-insensitive patterns alike.
"""

from __future__ import annotations

import re

# The parser `re` itself uses; a pattern it cannot read is simply not screened.
from re import _constants as sre_constants
from re import _parser as sre_parser

# Characters that a case-insensitive pattern matches to an ASCII letter but that
# lower-case to something else ("ſ" is an "s" to `re`, and stays "ſ"): in a text
# holding one, a word may match without its lower-cased spelling being there.
CASE_FOLD_TRAPS = frozenset("\u0130\u0131\u017f\u212a")
# Beyond this many words, testing each costs about what the search saves.
MAX_WORDS = 12

_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)


def required_words(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lower-case ASCII strings one of which every match of `pattern` contains,
    or None when no such few can be named."""
    try:
        parsed = sre_parser.parse(pattern, flags)
    except re.error:
        return None
    words = _needs(parsed.data)
    if not words or len(words) > MAX_WORDS:
        return None
    return words


def contains_any(text: str, words: frozenset[str]) -> bool:
    """Whether `text` holds one of `words`."""
    for word in words:  # noqa: SIM110 - a plain loop: any() over a generator costs more
        if word in text:
            return True
    return False


def _needs(items) -> frozenset[str] | None:
    """What a sequence of parsed items needs: the strongest of its parts' needs."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            candidates.append(frozenset({"".join(run)}))
            run.clear()

    for op, argument in items:
        if op is sre_constants.LITERAL and argument < 128:
            run.append(chr(argument).lower())
            continue
        close_run()
        needs = None
        if op is sre_constants.SUBPATTERN:
            needs = _needs(argument[-1].data)
        elif op is sre_constants.ATOMIC_GROUP:
            needs = _needs(argument.data)
        elif op is sre_constants.BRANCH:
            branches = [_needs(branch.data) for branch in argument[1]]
            if all(branches):
                needs = _minimal(frozenset().union(*branches))
        elif op in _REPEATS:
            low, _high, body = argument
            if low >= 1:
                needs = _needs(body.data)
        if needs:
            candidates.append(needs)
    close_run()
    if not candidates:
        return None
    return max(candidates, key=_strength)


def _minimal(words: frozenset[str]) -> frozenset[str]:
    # "recaptured" is there whenever "captured" is: only the shorter is needed.
    return frozenset(word for word in words if not any(o != word and o in word for o in words))


def _strength(words: frozenset[str]) -> tuple[int, int]:
    # Longer words are rarer; fewer of them are quicker to test.
    return min(len(word) for word in words), -len(words)


class LowerText:
    """Texts lower-cased once for all the patterns asked about them: every stage
    asks many patterns about a sentence, its claims and pieces of them in turn.
    The last few hundred texts are kept (within one document)."""

    _KEEP = 256
    _known: dict[str, tuple[str, bool]] = {}

    @classmethod
    def of(cls, text: str) -> str:
        """`text` lower-cased."""
        known = cls._known.get(text)
        if known is None:
            known = cls._remember(text)
        return known[0]

    @classmethod
    def trusted(cls, text: str) -> str | None:
        """`text` lower-cased, or None when a case-insensitive pattern might match
        in it what its lower-cased words do not show."""
        known = cls._known.get(text)
        if known is None:
            known = cls._remember(text)
        return known[0] if known[1] else None

    @classmethod
    def forget(cls) -> None:
        """Drop the texts kept (between documents, like the other per-text caches)."""
        cls._known.clear()

    @classmethod
    def _remember(cls, text: str) -> tuple[str, bool]:
        lowered = text.lower()
        trusted = text.isascii() or (
            len(lowered) == len(text) and not any(trap in text for trap in CASE_FOLD_TRAPS)
        )
        if len(cls._known) >= cls._KEEP:
            cls._known.clear()
        known = cls._known[text] = (lowered, trusted)
        return known


class ScreenedPattern:
    """A compiled pattern that is searched only in texts holding one of the words
    every match needs. Offers the `re.Pattern` methods the stages use, with the
    same results."""

    def __init__(self, pattern: str, flags: int = 0):
        self.regex = re.compile(pattern, flags)
        self.pattern = self.regex.pattern
        self.flags = self.regex.flags
        self.words = required_words(pattern, flags)

    def may_match(self, text: str) -> bool:
        words = self.words
        if words is None:
            return True
        lowered = LowerText.trusted(text)
        if lowered is None:
            return True
        return contains_any(lowered, words)

    def search(self, text: str, *span: int) -> re.Match[str] | None:
        return self.regex.search(text, *span) if self.may_match(text) else None

    def match(self, text: str, *span: int) -> re.Match[str] | None:
        return self.regex.match(text, *span) if self.may_match(text) else None

    def fullmatch(self, text: str, *span: int) -> re.Match[str] | None:
        return self.regex.fullmatch(text, *span) if self.may_match(text) else None

    def finditer(self, text: str, *span: int):
        return self.regex.finditer(text, *span) if self.may_match(text) else iter(())

    def findall(self, text: str, *span: int) -> list:
        return self.regex.findall(text, *span) if self.may_match(text) else []

    def sub(self, replacement, text: str, count: int = 0) -> str:
        return self.regex.sub(replacement, text, count) if self.may_match(text) else text
