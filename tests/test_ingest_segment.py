"""Stage 2 of the importer: sections, paragraphs and sentences with exact offsets."""

import re
from pathlib import Path

import pytest

from claims.ingest.read import read_article
from claims.ingest.segment import Section, Sentence, plain_text, sections, segment

SEED = Path(__file__).resolve().parent.parent / "seeds" / "deir-ez-zor-campaign-2017-2019.md"

# Pinned so that a change in segmentation is noticed; update deliberately.
SEED_SENTENCE_COUNT = 377


def texts(body: str) -> list[str]:
    return [sentence.text for sentence in segment(body)]


def assert_offsets_exact(body: str, sentences: list[Sentence]) -> None:
    for number, sentence in enumerate(sentences):
        assert body[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        assert sentence.paragraph_start <= sentence.start < sentence.end <= sentence.paragraph_end
        assert sentence.index == number


# --- sections ---------------------------------------------------------------------------------

NESTED = """Lead sentence.

## The campaign
Campaign sentence.

### Third phase
Phase sentence.

#### Battle of Hajin
Battle sentence.

### Aftermath of the phase
Sibling sentence.

## Later
Later sentence.

#### Deep without a middle level
Deep sentence.
"""


def test_heading_levels_set_the_section_path():
    sections_by_text = {s.text: s.section for s in segment(NESTED)}
    assert sections_by_text == {
        "Lead sentence.": (),
        "Campaign sentence.": ("The campaign",),
        "Phase sentence.": ("The campaign", "Third phase"),
        "Battle sentence.": ("The campaign", "Third phase", "Battle of Hajin"),
        "Sibling sentence.": ("The campaign", "Aftermath of the phase"),
        "Later sentence.": ("Later",),
        "Deep sentence.": ("Later", "Deep without a middle level"),
    }


def test_sections_lists_headings_with_their_offsets():
    found = sections(NESTED)
    assert [s.path for s in found] == [
        ("The campaign",),
        ("The campaign", "Third phase"),
        ("The campaign", "Third phase", "Battle of Hajin"),
        ("The campaign", "Aftermath of the phase"),
        ("Later",),
        ("Later", "Deep without a middle level"),
    ]
    assert found[0] == Section(("The campaign",), NESTED.index("## The campaign"))
    assert all(NESTED[s.start] == "#" for s in found)


def test_heading_markup_and_closing_hashes_are_dropped():
    body = "## The **SDF** advance ##\nText here.\n"
    assert segment(body)[0].section == ("The SDF advance",)


def test_hash_without_space_is_not_a_heading():
    assert texts("#Hashtag text here.\n") == ["#Hashtag text here."]


# --- what is skipped --------------------------------------------------------------------------


def test_images_and_blank_lines_are_skipped_and_separate_paragraphs():
    body = (
        "First paragraph.\n"
        "![Map of Hajin](https://example.org/Hajin_(2018).svg?)\n"
        "[![Photo](https://example.org/a.jpg)](https://example.org)\n"
        "\n\n"
        "Second paragraph.\n"
    )
    first, second = segment(body)
    assert (first.text, second.text) == ("First paragraph.", "Second paragraph.")
    assert first.paragraph_end == body.index("\n")
    assert second.paragraph_start == body.index("Second")


@pytest.mark.parametrize("heading", ["## See also", "## References", "### Notes", "## References:"])
def test_back_matter_and_everything_after_it_is_skipped(heading):
    body = (
        f"## Aftermath\nKept.\n\n{heading}\n * Battle of Raqqa\nNot kept.\n\n## Later\nNot kept.\n"
    )
    assert texts(body) == ["Kept."]
    assert [s.path for s in sections(body)] == [("Aftermath",)]


def test_back_matter_under_a_subsection_ends_the_document_too():
    body = "## Aftermath\n### See also\nNot kept.\n## Legacy\nNot kept either.\n"
    assert texts(body) == []


def test_junk_lines_and_junk_glued_to_a_heading_are_skipped():
    body = (
        "Kept sentence.\n[object Object]\n[object Object]\n\n"
        "## References[object Object]\n[object Object]\nCited work.\n"
    )
    sentences = segment(body)
    assert [s.text for s in sentences] == ["Kept sentence."]
    assert sentences[0].paragraph_end == body.index("\n")


def test_junk_glued_to_a_content_heading_is_removed_from_the_title():
    assert segment("## Aftermath[object Object]\nText.\n")[0].section == ("Aftermath",)


def test_junk_inside_a_paragraph_breaks_the_sentence_and_is_never_included():
    body = "The SDF advanced [object Object] on Hajin. ISIL withdrew.\n"
    assert texts(body) == ["The SDF advanced", "on Hajin.", "ISIL withdrew."]


def test_code_blocks_tables_and_rules_are_skipped():
    body = (
        "Before.\n\n```\nnot. Prose.\n```\n\n| a | b |\n|---|---|\n| Not. | Prose. |\n\n"
        "---\n\nAfter.\n"
    )
    assert texts(body) == ["Before.", "After."]


def test_list_items_are_paragraphs_without_their_markers():
    body = "Intro line.\n* First item.\n* Second item\n  continued.\n1. Numbered item.\n"
    sentences = segment(body)
    assert [s.text for s in sentences] == [
        "Intro line.",
        "First item.",
        "Second item\n  continued.",
        "Numbered item.",
    ]
    assert len({s.paragraph_start for s in sentences}) == 4


def test_a_wrapped_line_starting_with_a_number_continues_the_paragraph():
    body = "The campaign lasted until March\n2019. The SDF won.\n"
    assert texts(body) == ["The campaign lasted until March\n2019.", "The SDF won."]


def test_numbered_list_after_prose_starts_at_one():
    body = "Phases:\n1. First phase.\n2. Second phase.\n"
    assert texts(body) == ["Phases:", "First phase.", "Second phase."]


# --- paragraphs and offsets -------------------------------------------------------------------


def test_paragraph_is_a_run_of_text_lines_and_sentences_may_cross_lines():
    body = "  First line of a sentence\ncontinues here. Second one.\n\nNext paragraph.\n"
    sentences = segment(body)
    assert [s.text for s in sentences] == [
        "First line of a sentence\ncontinues here.",
        "Second one.",
        "Next paragraph.",
    ]
    assert sentences[0].paragraph_start == 2
    assert sentences[1].paragraph_end == body.index("\n\n")
    assert sentences[2].paragraph_start == body.index("Next")
    assert_offsets_exact(body, sentences)


def test_crlf_body_has_exact_offsets():
    body = "## Heading\r\nOne sentence. Two sentence.\r\n\r\nThree.\r\n"
    sentences = segment(body)
    assert [s.text for s in sentences] == ["One sentence.", "Two sentence.", "Three."]
    assert_offsets_exact(body, sentences)


def test_empty_and_blank_bodies():
    assert segment("") == []
    assert segment("\n \n\t\n") == []
    assert sections("") == []


def test_punctuation_only_fragments_are_not_sentences():
    assert texts("— . Real sentence.") == ["Real sentence."]


# --- sentence boundaries ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The SDF advanced. ISIL withdrew.", ["The SDF advanced.", "ISIL withdrew."]),
        ("Was it taken? It was.", ["Was it taken?", "It was."]),
        ("It fell! The town was free.", ["It fell!", "The town was free."]),
        (
            "It ended in 2019. 283 Syrians were freed.",
            ["It ended in 2019.", "283 Syrians were freed."],
        ),
        ('He left. "We won," he said.', ["He left.", '"We won," he said.']),
        ('He said "it is over." The next day', ['He said "it is over."', "The next day"]),
        (
            "It was captured (on 3 May.) Then it fell.",
            ["It was captured (on 3 May.)", "Then it fell."],
        ),
        (
            "It was taken. **Operation Roundup** began.",
            ["It was taken.", "**Operation Roundup** began."],
        ),
        ("Wait... The SDF came.", ["Wait...", "The SDF came."]),
        ("Was it? Yes!! No.", ["Was it?", "Yes!!", "No."]),
        ("It fell. Ösküdar held.", ["It fell.", "Ösküdar held."]),
    ],
)
def test_sentence_boundaries(body, expected):
    assert texts(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "The town fell. and then nothing.",  # lowercase: not a new sentence
        "It cost 4.5 million dollars.",
        "See section 3.2 for details.",
        "It was taken.The next town fell.",  # no space: left alone
    ],
)
def test_no_boundary(body):
    assert texts(body) == [body]


@pytest.mark.parametrize(
    "body",
    [
        "Col. Sean Ryan stated that the hospital was not bombed.",
        "Maj. Adrian Rankine-Galloway said the pause was operational.",
        "SDF forces advanced about 8 km (4.97 mi.) from the town.",
        "The U.K. Defence Ministry and the U.N. Security Council met.",
        "Lt. Gen. Paul E. Funk II said it.",
        "Lt Gen Paul E. Funk II said it.",
        "Capt. Smith and Sgt. Jones met Dr. Khalil, Mr. Bali and Mrs. Ahmed.",
        "They met at St. Louis with Martin Luther King Jr. Foundation staff.",
        "Unit No. 5 was hit.",
        "It was SDF vs. ISIL.",
        "They counted approx. 300 fighters and est. 5,000 civilians.",
        "Towns, e.g. Hajin, and villages, i.e. Susah, fell.",
        "Tanks, trucks, etc. were destroyed.",
        "It began at 5 a.m. Syrian time and ended at 6 p.m. Damascus time.",
        "Commander Abu A. Hassan was killed.",
        "The U.S. DoD announced it.",
        "The strike was on Oct. 5 near Hajin.",
    ],
)
def test_abbreviations_do_not_split(body):
    assert texts(body) == [body]


def test_us_dod_example_splits_only_before_the_new_sentence():
    body = "The U.S. DoD announced in February that X. The YPG declared victory."
    assert texts(body) == [
        "The U.S. DoD announced in February that X.",
        "The YPG declared victory.",
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "They flew back with the help of the U.S. The men were arrested.",
            ["They flew back with the help of the U.S.", "The men were arrested."],
        ),
        ("Tanks, trucks, etc. The SDF won.", ["Tanks, trucks, etc.", "The SDF won."]),
        ("It began at 5 a.m. The SDF attacked.", ["It began at 5 a.m.", "The SDF attacked."]),
        ("It was World War I. The war ended.", ["It was World War I.", "The war ended."]),
    ],
)
def test_abbreviations_that_can_end_a_sentence_do_before_a_typical_opener(body, expected):
    assert texts(body) == expected


def test_no_split_inside_a_quotation_that_continues_the_sentence():
    body = (
        '"I wanted to stay. It is an Islamic State. It is land of Islam," she added. '
        "Later, she left."
    )
    assert texts(body) == [
        '"I wanted to stay. It is an Islamic State. It is land of Islam," she added.',
        "Later, she left.",
    ]


def test_curly_quotes_are_quotations_too():
    body = "He said “We won. They fled,” and left. Then it ended."
    assert texts(body) == ["He said “We won. They fled,” and left.", "Then it ended."]


def test_an_unclosed_quote_does_not_glue_the_paragraph():
    body = 'He said "we won. The SDF advanced. ISIL fled.'
    assert texts(body) == ['He said "we won.', "The SDF advanced.", "ISIL fled."]


def test_apostrophes_are_not_quotes():
    body = "The soldiers' families fled. ISIL's fighters stayed. 'Ard Al-Zir fell."
    assert texts(body) == [
        "The soldiers' families fled.",
        "ISIL's fighters stayed.",
        "'Ard Al-Zir fell.",
    ]


# --- plain text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        (
            "The **Deir ez-Zor campaign**, the *al-Jazeera Storm*.",
            "The Deir ez-Zor campaign, the al-Jazeera Storm.",
        ),
        ("Told *The Times* and __Reuters__ and _AFP_.", "Told The Times and Reuters and AFP."),
        ("***Both*** and **bold *nested* inside**.", "Both and bold nested inside."),
        ("See [SOHR](https://www.syriahr.com/en/(x)) and [ANHA][1].", "See SOHR and ANHA."),
        ("A snake_case_name stays.", "A snake_case_name stays."),
        ("Line one\n  and   two.", "Line one and two."),
        ("An ![image](a.png) inline and `code`.", "An inline and code."),
        ("2 * 3 * 4 = 24", "2 * 3 * 4 = 24"),
    ],
)
def test_plain_text(markdown, plain):
    assert plain_text(markdown) == plain


def test_sentence_plain_property():
    sentence = segment("Pro-ISIL *Wafa Media* announced it.")[0]
    assert sentence.plain == "Pro-ISIL Wafa Media announced it."


# --- the seed article -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def body() -> str:
    return read_article(SEED).body


@pytest.fixture(scope="module")
def seed_sentences(body) -> list[Sentence]:
    return segment(body)


def sentence_starting(sentences: list[Sentence], prefix: str) -> Sentence:
    (match,) = [s for s in sentences if s.text.startswith(prefix)]
    return match


def containing(sentences: list[Sentence], offset: int) -> Sentence:
    (match,) = [s for s in sentences if s.start <= offset < s.end]
    return match


def test_seed_sentence_count(seed_sentences):
    assert len(seed_sentences) == SEED_SENTENCE_COUNT


def test_seed_offsets_are_exact(body, seed_sentences):
    assert_offsets_exact(body, seed_sentences)


def test_seed_sentences_start_lowercase_only_where_the_paragraph_does(seed_sentences):
    for sentence in seed_sentences:
        if sentence.text[0].islower():
            assert sentence.start == sentence.paragraph_start, sentence.text


def test_seed_sample_of_sentence_starts(seed_sentences):
    starts = [s.text[:30] for s in seed_sentences[::25]]
    assert all(not text[0].islower() for text in starts), starts


def test_seed_has_no_junk(seed_sentences):
    assert not any("[object Object]" in s.text for s in seed_sentences)


def test_seed_back_matter_is_skipped(body, seed_sentences):
    see_also = body.index("## See also")
    assert all(s.end <= see_also for s in seed_sentences)
    assert not any("See also" in s.section or "References" in s.section for s in seed_sentences)
    assert sections(body)[-1].path == ("Aftermath", "ISIL suspects and detainees")


@pytest.mark.parametrize("abbreviation", ["U.S.", "Col.", "Maj.", "mi.", "Lt"])
def test_seed_abbreviations_stay_inside_their_sentence(body, seed_sentences, abbreviation):
    content = body[: body.index("## See also")]
    occurrences = [m.start() for m in re.finditer(re.escape(abbreviation), content)]
    if abbreviation != "Lt":  # "Lt" does not occur in the seed; the rule is tested above
        assert occurrences
    for offset in occurrences:
        line = body[body.rfind("\n", 0, offset) + 1 : body.find("\n", offset)]
        if line.startswith("!["):
            continue  # image captions are skipped
        sentence = containing(seed_sentences, offset)
        assert sentence.end > offset + len(abbreviation), sentence.text


def test_seed_abbreviation_sentences_are_whole(seed_sentences):
    col = sentence_starting(seed_sentences, "On 11 December, Coalition spokesman Col. Sean Ryan")
    assert col.text.endswith("due to its strategic location.")
    maj = sentence_starting(seed_sentences, "The vehicle was previously unauthorized")
    assert "Marine Maj. Adrian Rankine-Galloway confirmed to *Military Times*" in maj.text
    mi = sentence_starting(seed_sentences, "On 3 May, Syriac Military Council")
    assert "8 kilometers (4.97 mi.) into ISIL territory" in mi.text
    assert mi.text.endswith("near the Euphrates river valley.")


def test_seed_us_dod_sentence_boundary(seed_sentences):
    dod = sentence_starting(seed_sentences, "The United States Department of Defense (U.S. DoD)")
    assert dod.text.endswith("killed in an airstrike on Hajin on 27 November.")
    following = seed_sentences[dod.index + 1]
    assert following.text.startswith("The YPG declared on 3 December")


def test_seed_quotation_kept_with_its_attribution(seed_sentences):
    quote = sentence_starting(seed_sentences, '"I wanted to stay.')
    assert (
        quote.text == '"I wanted to stay. It is an Islamic State. It is land of Islam," she added.'
    )


@pytest.mark.parametrize(
    ("prefix", "section"),
    [
        ("The **Deir ez-Zor campaign**, codenamed", ()),
        ("On 25 August 2017, around 800 fighters", ("Prelude",)),
        (
            "The SDF launched their ground operation on 8 September",
            ("The campaign", "Initial phase"),
        ),
        (
            "On 11 December, Coalition spokesman Col. Sean Ryan",
            ("The campaign", "Third phase", "Battle of Hajin"),
        ),
        (
            "By 28 January, ISIL was reported to have parts of al-Marashidah",
            ("The campaign", "Third phase", "ISIL's last stand", "Civilian exodus"),
        ),
        (
            "On 23 March, the SDF announced full liberation",
            ("The campaign", "Third phase", "ISIL's last stand", "Final assault"),
        ),
        ("On 29 April 2018, the Syrian Army launched", ("SDF-Syrian government clashes",)),
        ("On 20 April 2019, Kosovo repatriated", ("Aftermath", "ISIL suspects and detainees")),
    ],
)
def test_seed_section_paths(seed_sentences, prefix, section):
    assert sentence_starting(seed_sentences, prefix).section == section


def test_seed_plain_text(seed_sentences):
    assert seed_sentences[0].plain.startswith(
        "The Deir ez-Zor campaign, codenamed the al-Jazeera Storm"
    )


def test_a_large_body_segments_like_its_parts(body):
    """Forty copies of the seed's content (about 2.8 MB) give forty times its
    sentences. (Speed is measured by `manage.py benchmark_import`, not here.)"""
    content = body[: body.index("## See also")]
    sentences = segment(content * 40)
    assert len(sentences) == SEED_SENTENCE_COUNT * 40
