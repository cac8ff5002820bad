"""LowercasePattern: case-insensitive cue words, run on lower-cased text."""

import pytest

from claims.ingest.lowercase import LowercasePattern


def test_occurs_whatever_the_case_of_the_text():
    killed = LowercasePattern(r"\bkill(?:ed|ing)\b")
    assert killed.occurs_in("Airstrikes KILLED 23")
    assert killed.occurs_in("the Killing of")
    assert not killed.occurs_in("skilled workers")


def test_escapes_lookarounds_and_group_names_are_allowed():
    pattern = LowercasePattern(r"(?<!-)\b(?P<word>jets?)\S*(?=\s|$)(?!\W\W)")
    assert pattern.occurs_in("Coalition JETS struck")
    assert not pattern.occurs_in("anti-jet guns")


@pytest.mark.parametrize("pattern", [r"\bVBIED", r"[A-Z]\w+", r"(?i)kill", r"(?-i:SDF)"])
def test_a_pattern_that_depends_on_case_is_refused(pattern):
    with pytest.raises(ValueError, match="no capitals or inline flags"):
        LowercasePattern(pattern)
