"""Finding known names in text (claims/ingest/names.py): the NameIndex the
importer uses for sources, parties and places."""

import itertools

import pytest

from claims.ingest.names import NameIndex, NameMatch

ALIASES = [
    ("SDF", "sdf"),
    ("Syrian Democratic Forces", "sdf"),
    ("IS", "isil"),
    ("ISIL", "isil"),
    ("Islamic State", "isil"),
    ("SOHR", "sohr"),
    ("Syrian Observatory for Human Rights", "sohr"),
    ("AP", "ap"),
    ("U.S.", "us-government"),
    ("the U.S.", "us-government"),
    ("the U.S. military", "us-dod"),
    ("SDF official media wing", "sdf-press-office"),
    ("Deir ez-Zor", "deir-ez-zor"),
    ("Deir ez-Zor Military Council", "deir-ez-zor-military-council"),
    ("Raqqa", "raqqa"),
]


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex(ALIASES)


def found(index: NameIndex, text: str) -> list[tuple[str, str]]:
    """(as written, key) for each match, in order."""
    return [(match.text, match.key) for match in index.find(text)]


# --- short acronyms match case-sensitively --------------------------------------


def test_a_short_acronym_matches_as_written(index):
    assert found(index, "SDF and IS fighters clashed") == [("SDF", "sdf"), ("IS", "isil")]


def test_a_short_acronym_never_matches_an_ordinary_word(index):
    # "is", "ap", "sdf" in running text are not the acronyms.
    assert found(index, "this is what it is") == []
    assert found(index, "an ap photo; sdf in lower case") == []
    assert found(index, "Is this the town?") == []


def test_an_acronym_inside_a_longer_capital_word_is_not_a_match(index):
    # "ISIS" is not an alias here: neither "IS" nor "ISIL" may be read inside it.
    assert found(index, "ISIS and SOHRX") == []


def test_acronym_at_sentence_end_and_in_brackets_or_quotes(index):
    assert found(index, "according to AP.") == [("AP", "ap")]
    assert found(index, '(SDF) and "SOHR"') == [("SDF", "sdf"), ("SOHR", "sohr")]


# --- longer aliases match whatever the case ---------------------------------------


def test_a_longer_alias_matches_case_insensitively_and_keeps_the_text_as_written(index):
    assert found(index, "the syrian observatory for human rights said") == [
        ("syrian observatory for human rights", "sohr")
    ]
    assert found(index, "ISLAMIC STATE fighters") == [("ISLAMIC STATE", "isil")]
    assert found(index, "RAQQA and raqqa") == [("RAQQA", "raqqa"), ("raqqa", "raqqa")]


def test_a_match_has_its_offsets_into_the_text(index):
    text = "Fighting near Raqqa, SOHR said."
    matches = index.find(text)
    assert matches == [
        NameMatch(text.index("Raqqa"), text.index("Raqqa") + 5, "raqqa", "Raqqa"),
        NameMatch(text.index("SOHR"), text.index("SOHR") + 4, "sohr", "SOHR"),
    ]
    for match in matches:
        assert text[match.start : match.end] == match.text


def test_whitespace_inside_an_alias_or_the_text_is_folded(index):
    assert found(index, "the Syrian  Democratic\nForces") == [("Syrian  Democratic\nForces", "sdf")]
    messy = NameIndex([("  Islamic   State ", "isil")])
    assert found(messy, "Islamic State") == [("Islamic State", "isil")]


# --- the longest of overlapping matches wins --------------------------------------


def test_the_longest_overlapping_alias_wins(index):
    assert found(index, "The U.S. military said") == [("The U.S. military", "us-dod")]
    assert found(index, "The U.S. said") == [("The U.S.", "us-government")]
    assert found(index, "struck by U.S. jets") == [("U.S.", "us-government")]


def test_a_longer_name_that_contains_a_place_is_the_organisation(index):
    text = "the Deir ez-Zor Military Council entered Deir ez-Zor"
    assert found(index, text) == [
        ("Deir ez-Zor Military Council", "deir-ez-zor-military-council"),
        ("Deir ez-Zor", "deir-ez-zor"),
    ]


def test_matches_do_not_overlap_and_come_in_text_order(index):
    matches = index.find("ISIL, the U.S. military, SOHR and the SDF")
    assert [m.key for m in matches] == ["isil", "us-dod", "sohr", "sdf"]
    for earlier, later in itertools.pairwise(matches):
        assert earlier.end <= later.start


# --- possessives ------------------------------------------------------------------


def test_a_possessive_inside_a_several_word_alias_still_matches(index):
    assert found(index, "SDF's official media wing reported") == [
        ("SDF's official media wing", "sdf-press-office")
    ]
    assert found(index, "SDF’s official media wing reported") == [
        ("SDF’s official media wing", "sdf-press-office")
    ]


def test_a_possessive_after_a_name_leaves_the_name(index):
    assert found(index, "The SDF's fighters") == [("SDF", "sdf")]
    assert found(index, "Islamic State's last pocket") == [("Islamic State", "isil")]
    assert found(index, "Raqqa’s mayor") == [("Raqqa", "raqqa")]


# --- no match inside words or before a hyphen ------------------------------------


def test_no_match_inside_a_word(index):
    assert found(index, "Raqqawi families and proSDF posts") == []
    assert found(index, "this isn't it") == []


def test_no_match_before_or_after_a_hyphen(index):
    assert found(index, "U.S.-led strikes") == []
    assert found(index, "the SDF-held town") == []
    assert found(index, "an IS-claimed attack") == []
    assert found(index, "anti-SDF protests") == []


# --- key_for ------------------------------------------------------------------------


def test_key_for_resolves_an_alias_as_written(index):
    assert index.key_for("SDF") == "sdf"
    assert index.key_for("Syrian Democratic Forces") == "sdf"
    assert index.key_for("syrian democratic forces") == "sdf"
    assert index.key_for("The U.S. military") == "us-dod"


def test_key_for_keeps_acronyms_case_sensitive(index):
    assert index.key_for("IS") == "isil"
    assert index.key_for("is") is None
    assert index.key_for("sdf") is None


def test_key_for_ignores_a_possessive_and_extra_whitespace(index):
    assert index.key_for("SDF's official media wing") == "sdf-press-office"
    assert index.key_for("  Islamic \n State ") == "isil"


def test_key_for_an_unknown_name_is_none(index):
    assert index.key_for("Raqqa Civil Council") is None
    assert index.key_for("") is None


def test_an_empty_index_finds_nothing():
    empty = NameIndex([])
    assert empty.find("SDF and SOHR") == []
    assert empty.key_for("SDF") is None


def test_blank_aliases_are_ignored():
    index = NameIndex([("", "nobody"), ("   ", "nobody"), ("SOHR", "sohr")])
    assert found(index, "SOHR said") == [("SOHR", "sohr")]


def test_the_longest_alias_wins_when_aliases_differ_in_case():
    # "Al-Hasakah" and "al-Hasakah countryside": the longer is found whatever
    # the capitals of either alias or of the text.
    index = NameIndex([("Al-Hasakah", "hasakah"), ("al-Hasakah countryside", "governorate")])
    assert found(index, "the southeastern al-Hasakah countryside") == [
        ("al-Hasakah countryside", "governorate")
    ]
    assert found(index, "in AL-HASAKAH city") == [("AL-HASAKAH", "hasakah")]


def test_a_text_that_lower_casing_lengthens_keeps_its_offsets(index):
    # "İ" lower-cases to two characters; offsets must still point into the text.
    text = "İdlib and Raqqa, SOHR said"
    assert found(index, text) == [("Raqqa", "raqqa"), ("SOHR", "sohr")]
    for match in index.find(text):
        assert text[match.start : match.end] == match.text


# --- indexes scanned together ---------------------------------------------------------


def test_indexes_made_together_each_find_their_own_names():
    sources, places = NameIndex.together(
        [("Deir ez-Zor Military Council", "dzmc"), ("SDF", "sdf"), ("SDF Press Office", "press")],
        [("Deir ez-Zor", "deir-ez-zor"), ("Raqqa", "raqqa"), ("sdf press", "not-a-place")],
    )
    text = "The Deir ez-Zor Military Council and the SDF Press Office met in Raqqa"
    assert found(sources, text) == [
        ("Deir ez-Zor Military Council", "dzmc"),
        ("SDF Press Office", "press"),
    ]
    # A place name inside a longer source name is still the place, as an index
    # of places alone would find it.
    assert found(places, text) == [
        ("Deir ez-Zor", "deir-ez-zor"),
        ("SDF Press", "not-a-place"),
        ("Raqqa", "raqqa"),
    ]
    alone = NameIndex(
        [("Deir ez-Zor", "deir-ez-zor"), ("Raqqa", "raqqa"), ("sdf press", "not-a-place")]
    )
    assert alone.find(text) == places.find(text)


def test_an_acronym_of_one_index_is_found_where_another_has_a_longer_name():
    people, units = NameIndex.together([("Sdf Unit", "unit")], [("SDF", "sdf")])
    assert found(units, "the SDF Unit said") == [("SDF", "sdf")]
    assert found(people, "the SDF Unit said") == [("SDF Unit", "unit")]
