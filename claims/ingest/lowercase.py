"""Case-insensitive cue patterns, run on lower-cased text.

Python's `re` is several times slower with IGNORECASE than without: it folds
every character as it compares it, and cannot skip a branch of an alternation
on its first letter. Many of the importer's cues are lower-case words looked
for in every sentence ("killed", "airstrikes", "denied these charges"), asked
only whether they occur; those are compiled without the flag and run on the
text lower-cased. The patterns must not depend on case themselves: no capital
letter, no inline flags.
"""

from __future__ import annotations

import re

from .literals import LowerText, contains_any, required_words

# What may stand in a pattern without naming a letter's case: escapes ("\S",
# "\b") and group names.
_NOT_LETTERS = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)")
_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux-]")


def is_lowercase_pattern(pattern: str) -> bool:
    """Whether `pattern` names no capital letter and sets no inline flag, so that
    run on a lower-cased text it finds what it would find IGNORECASE."""
    letters = _NOT_LETTERS.sub("", pattern)
    return not any(character.isupper() for character in letters) and not _INLINE_FLAGS.search(
        letters
    )


class LowercasePattern:
    """A pattern matched without regard to case; asks only whether it occurs."""

    def __init__(self, pattern: str):
        if not is_lowercase_pattern(pattern):
            raise ValueError(f"a lower-case pattern has no capitals or inline flags: {pattern!r}")
        self.pattern = pattern
        self._regex = re.compile(pattern)
        # Most sentences hold none of the words a match needs: testing for them
        # answers those without a search (the lower-cased text is the one the
        # pattern runs on, so the test is exact).
        self._words = required_words(pattern)

    def occurs_in(self, text: str) -> bool:
        lowered = LowerText.of(text)
        words = self._words
        if words is not None and not contains_any(lowered, words):
            return False
        return self._regex.search(lowered) is not None
