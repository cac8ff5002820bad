"""Words a pattern's every match needs, and patterns screened by them."""

import re
import sys

import pytest

from claims.ingest.literals import (
    CASE_FOLD_TRAPS,
    LowerText,
    ScreenedPattern,
    required_words,
)


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"\bput\s+the\s+toll\b", {"toll"}),
        (r"\b(?:denied|rejected)\s+the\b", {"denied", "rejected"}),
        (r"\b(?:recaptured|captured)\b", {"captured"}),
        (r"(?P<actor>\w+)\s+(?:seized|took)\s+control", {"control"}),
        (r"SDF\s+fighters?", {"fighter"}),
        (r"(?:Raqqa)+ city", {"raqqa"}),
        (r"[Tt]he\s+end", {"end"}),
    ],
)
def test_words_every_match_needs(pattern, words):
    assert required_words(pattern) == words


@pytest.mark.parametrize(
    "pattern",
    [
        r"\d+",  # no word at all
        r"(?:killed)?\s+\d+",  # an optional word is not needed
        r"(?=toll)\w+",  # nor a word a lookaround looks for
        r"\b(?:killed|\d+)\b",  # a branch without a word
        r"[Tt]\d",  # a character class
        r"\b(?:apple|berry|cherry|damson|elder|fig|grape|hazel|kiwi|lemon|mango|olive|peach)\b",
    ],
)
def test_no_words_when_a_match_needs_none(pattern):
    assert required_words(pattern) is None


def test_screened_pattern_answers_as_the_pattern_does():
    plain = re.compile(r"\b(?P<verb>denied|rejected)\s+(?:the\s+)?(?P<what>\w+)", re.IGNORECASE)
    screened = ScreenedPattern(plain.pattern, plain.flags)
    texts = [
        "The SDF DENIED the reports.",
        "Nothing to see here.",
        "It rejected claims, and denied the charges",
        "",
    ]
    for text in texts:
        assert repr(screened.search(text)) == repr(plain.search(text))
        assert repr(screened.match(text)) == repr(plain.match(text))
        assert repr(screened.fullmatch(text)) == repr(plain.fullmatch(text))
        assert [m.span() for m in screened.finditer(text, 2)] == [
            m.span() for m in plain.finditer(text, 2)
        ]
        assert screened.findall(text) == plain.findall(text)
        assert screened.sub("-", text) == plain.sub("-", text)


def test_a_case_fold_trap_is_searched_anyway():
    # "ſ" (long s) is an "s" to a case-insensitive pattern but lower-cases to itself.
    screened = ScreenedPattern(r"\bsaid\b", re.IGNORECASE)
    assert screened.search("he ſaid so") is not None


def test_the_case_fold_traps_are_all_there():
    """Every character that a case-insensitive pattern matches to an ASCII letter
    while its lower case is not that letter."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    patterns = {letter: re.compile(letter, re.IGNORECASE) for letter in letters}
    traps = set()
    for code in range(128, sys.maxunicode + 1):
        character = chr(code)
        if not character.isalpha():
            continue
        for letter in letters:
            if patterns[letter].fullmatch(character) and character.lower() != letter:
                traps.add(character)
    assert traps <= CASE_FOLD_TRAPS


def test_lower_text_is_worked_out_once_per_text():
    text = "Hello World " * 3
    assert LowerText.of(text) == text.lower()
    assert LowerText.of(text) is LowerText.of(text[:6] + text[6:])
    assert LowerText.trusted("Straße İstanbul") is None
    assert LowerText.trusted("Straße") == "straße"
