"""Stage 5 of the importer: the figures a claimed statement asserts — the numbers,
their hedges and ranges, what they count (quantity) and who (subject)."""

import dataclasses
import re
from pathlib import Path

import pytest

from claims.ingest.figures import FigureMention, extract_figures
from claims.models import Quantity

SEED = Path(__file__).resolve().parent.parent / "seeds" / "deir-ez-zor-campaign-2017-2019.md"

K, W, CAS = Quantity.KILLED, Quantity.WOUNDED, Quantity.CASUALTIES
CAP, SUR, FLED = Quantity.CAPTURED, Quantity.SURRENDERED, Quantity.FLED
OTHER = Quantity.OTHER


def read(text: str) -> list[tuple]:
    """The figures as (quantity, subject, low, high, as_written)."""
    return [(f.quantity, f.subject, f.low, f.high, f.as_written) for f in extract_figures(text)]


def only(text: str) -> FigureMention:
    figures = extract_figures(text)
    assert len(figures) == 1, figures
    return figures[0]


# --- the basics --------------------------------------------------------------


def test_a_plain_figure_with_its_subject_quantity_and_span():
    text = "SOHR meanwhile stated that 23 civilians had been killed by airstrikes."
    figure = only(text)
    assert figure == FigureMention(
        quantity=K,
        subject="civilians",
        low=23,
        high=23,
        as_written="23",
        start=text.index("23"),
        end=text.index("civilians") + len("civilians"),
    )
    assert text[figure.start : figure.end] == "23 civilians"


def test_a_mention_is_frozen_and_its_quantity_is_a_quantity_value():
    figure = only("killing 6 SDF fighters")
    with pytest.raises(dataclasses.FrozenInstanceError):
        figure.low = 7  # type: ignore[misc]
    assert figure.quantity in Quantity.values


def test_no_numbers_no_figures():
    assert extract_figures("") == []
    assert extract_figures("The Coalition denied civilian casualties.") == []


# --- ranges and hedges -------------------------------------------------------


@pytest.mark.parametrize(
    "written", ["50-70", "50–70", "50 — 70", "50 to 70", "between 50 and 70", "fifty to seventy"]
)
def test_ranges(written):
    figure = only(f"ISIL stated {written} SDF fighters had been killed in the battle.")
    assert (figure.quantity, figure.subject, figure.low, figure.high) == (K, "SDF fighters", 50, 70)
    assert figure.as_written == written


@pytest.mark.parametrize(
    ("phrase", "low", "high", "as_written"),
    [
        ("killing at least 47 SDF soldiers", 47, None, "at least 47"),
        # "over 200" is more than 200: the bound is stored, the words keep the rest.
        ("had killed over 200 people", 200, None, "over 200"),
        ("more than 200 people were killed", 200, None, "more than 200"),
        ("up to 80 people were killed", None, 80, "up to 80"),
        ("as many as 80 people were killed", None, 80, "as many as 80"),
        ("fewer than 10 people were killed", None, 10, "fewer than 10"),
        ("around 800 fighters were killed", 800, 800, "around 800"),
        ("about 1,500 fighters were killed", 1500, 1500, "about 1,500"),
        ("nearly 300 fighters were killed", 300, 300, "nearly 300"),
        ("approximately 40 fighters were killed", 40, 40, "approximately 40"),
        ("some 2,000 people were killed", 2000, 2000, "some 2,000"),
        ("an estimated 1,000 fighters were killed", 1000, 1000, "an estimated 1,000"),
        ("around 1,000–1,500 fighters were killed", 1000, 1500, "around 1,000–1,500"),
        ("about 1.2 million people were killed", 1_200_000, 1_200_000, "about 1.2 million"),
    ],
)
def test_hedges_set_the_bounds_and_stay_in_the_words(phrase, low, high, as_written):
    figure = only(phrase)
    assert (figure.quantity, figure.low, figure.high, figure.as_written) == (
        K,
        low,
        high,
        as_written,
    )


def test_over_after_control_is_a_preposition_not_a_hedge():
    figure = only("ISIL only had control over 1 square kilometer of territory.")
    assert (figure.quantity, figure.low, figure.high, figure.as_written) == (
        Quantity.AREA,
        1,
        1,
        "1",
    )


def test_up_to_80_including_64_women_and_children():
    assert read("Up to 80 people were killed, including 64 women and children.") == [
        (K, "people", None, 80, "Up to 80"),
        (K, "women and children", 64, 64, "64"),
    ]
    # As the seed writes it: no subject for the 80, and none is invented.
    assert read("An airstrike on a crowd killed up to 80, including 64 women and children.") == [
        (K, "", None, 80, "up to 80"),
        (K, "women and children", 64, 64, "64"),
    ]


# --- number words and vague quantities ---------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("six", 6),
        ("Twenty-one", 21),
        ("a hundred", 100),
        ("two thousand", 2000),
        ("a hundred and fifty", 150),
        ("a dozen", 12),
        ("two dozen", 24),
        ("half a dozen", 6),
    ],
)
def test_exact_number_words_become_numbers(written, value):
    figure = only(f"{written} SDF fighters were killed.")
    assert (figure.low, figure.high, figure.as_written) == (value, value, written)


def test_around_a_dozen_is_twelve_with_the_hedge_kept():
    figure = only("Around a dozen SDF fighters were executed after ISIL recaptured the oilfield.")
    assert (figure.quantity, figure.subject, figure.low, figure.high, figure.as_written) == (
        K,
        "SDF fighters",
        12,
        12,
        "Around a dozen",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("resulting in dozens of dead and wounded", (CAS, "", None, None, "dozens")),
        ("hundreds of civilians fled the town", (FLED, "civilians", None, None, "hundreds")),
        ("causing several casualties", (CAS, "", None, None, "several")),
        (
            "killing and injuring scores of SDF-affiliated Kurdish fighters",
            (CAS, "SDF-affiliated Kurdish fighters", None, None, "scores"),
        ),
        ("Many SDF fighters were killed and executed.", (K, "SDF fighters", None, None, "Many")),
        ("Thousands were displaced.", (Quantity.DISPLACED, "", None, None, "Thousands")),
    ],
)
def test_vague_quantities_keep_their_words_and_invent_no_number(text, expected):
    assert read(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The SDF captured several villages.",  # a vague count of places says nothing checkable
        "The SDF met many of them.",
        "How many were there?",
        "civilians, many of whom were wives or children of fighters",
    ],
)
def test_vague_quantities_that_count_nothing_that_happened_are_left_out(text):
    assert extract_figures(text) == []


# --- the quantity: what happened to those counted ----------------------------


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("23 civilians had been killed", K),
        ("5 soldiers died in the attack", K),
        ("12 prisoners were executed", K),
        ("the deaths of 15 SDF fighters", K),
        ("The death toll rose to 45.", K),
        ("a bombing that claimed the lives of four Americans", K),
        ("7 fighters were wounded", W),
        ("injuring six SDF fighters", W),
        ("30 people were injured", W),
        ("10 casualties were reported", CAS),
        ("an attack that killed or injured 20 SDF fighters", CAS),
        ("the SDF captured 8 fighters", CAP),
        ("8 fighters were taken prisoner", CAP),
        ("150 ISIL fighters surrendered to the SDF", SUR),
        ("2,500 civilians had by now fled towards SDF territory", FLED),
        ("200 people escaped", FLED),
        ("34,000 civilians were evacuated", Quantity.EVACUATED),
        ("with hundreds leaving the pocket", Quantity.EVACUATED),
        ("10,000 people were displaced", Quantity.DISPLACED),
        ("Two dozen soldiers went missing after the ambush.", Quantity.MISSING),
        ("police detained 15 suspects", Quantity.DETAINED),
        ("the SDF had rounded up 262 ISIL militants", Quantity.DETAINED),
        ("SDF units had freed three Yazidi prisoners", Quantity.RELEASED),
        ("The SDF released 283 Syrians that were held for ISIL affiliation.", Quantity.RELEASED),
        ("ISIL held only 10 square km of territory", Quantity.AREA),
        ("a pocket of 4 km²", Quantity.AREA),
        ("around 800 fighters from the Elite Forces defected to the SDF", OTHER),
    ],
)
def test_the_governing_verb_or_noun_gives_the_quantity(text, quantity):
    assert only(text).quantity == quantity


def test_two_verbs_two_figures_and_the_subject_carried():
    assert read("It stated to have so far killed 3 SDF fighters and wounded 7 in the battle.") == [
        (K, "SDF fighters", 3, 3, "3"),
        (W, "SDF fighters", 7, 7, "7"),
    ]


def test_the_verb_after_coordinated_figures_governs_them_all():
    text = (
        "ISIL stated on 31 December that 20 SDF fighters and 50 others had been wounded in a car "
        "bombing."
    )
    assert read(text) == [(W, "SDF fighters", 20, 20, "20"), (W, "others", 50, 50, "50")]


def test_the_verb_before_coordinated_figures_governs_them_all_and_heads_are_shared():
    assert read(
        "Overnight clashes between the 26th and 27th killed 19 ISIL and 11 SDF fighters."
    ) == [
        (K, "ISIL fighters", 19, 19, "19"),
        (K, "SDF fighters", 11, 11, "11"),
    ]
    assert read("nine pro-government and six SDF-affiliated fighters were killed") == [
        (K, "pro-government fighters", 9, 9, "nine"),
        (K, "SDF-affiliated fighters", 6, 6, "six"),
    ]


def test_a_list_of_subjects_takes_the_verb_after_it():
    text = (
        "On 6 February, 12 Iraqi families, 14 Syrian families, four Azerbaijani families, and two "
        "Canadian women surrendered themselves to the SDF."
    )
    assert [(q, s, low) for q, s, low, _, _ in read(text)] == [
        (SUR, "Iraqi families", 12),
        (SUR, "Syrian families", 14),
        (SUR, "Azerbaijani families", 4),
        (SUR, "Canadian women", 2),
    ]


def test_participles_and_quantity_nouns_name_the_quantity_themselves():
    assert read("In turn, they put their casualties at 11 dead and 61 injured.") == [
        (K, "", 11, 11, "11"),
        (W, "", 61, 61, "61"),
    ]
    assert read("with the SOHR stating 6 civilian casualties in Marat") == [
        (CAS, "civilians", 6, 6, "6")
    ]
    assert read("only officially confirmed four civilian deaths") == [
        (K, "civilians", 4, 4, "four")
    ]
    assert read("1,306 ISIL militants killed, and 520 captured in operations.") == [
        (K, "ISIL militants", 1306, 1306, "1,306"),
        (CAP, "ISIL militants", 520, 520, "520"),
    ]


def test_parts_take_the_quantity_of_the_whole():
    text = (
        "SOHR added that 922 ISIL gunmen, 539 SDF fighters, and 324 civilians – of which were 113 "
        "children and 72 women – had died in the fighting."
    )
    assert [(q, s, low) for q, s, low, _, _ in read(text)] == [
        (K, "ISIL gunmen", 922),
        (K, "SDF fighters", 539),
        (K, "civilians", 324),
        (K, "children", 113),
        (K, "women", 72),
    ]


def test_a_bare_number_after_a_part_counts_what_the_whole_counts():
    text = (
        "SOHR reported that 4,900 people – including 470 surrendered ISIL fighters – had fled the "
        "enclave since 21 January, 3,500 on 22 January alone."
    )
    assert read(text) == [
        (FLED, "people", 4900, 4900, "4,900"),
        (FLED, "surrendered ISIL fighters", 470, 470, "470"),
        (FLED, "people", 3500, 3500, "3,500"),
    ]


def test_of_them_borrows_the_subject_and_quantity_of_the_whole():
    assert read("Police arrested 15 suspects and released 3 of them.") == [
        (Quantity.DETAINED, "suspects", 15, 15, "15"),
        (Quantity.RELEASED, "suspects", 3, 3, "3"),
    ]


def test_a_subject_whose_verb_is_no_cue_is_not_given_a_far_away_one():
    text = (
        "On 23–24 November, around 500 ISIL fighters took advantage of foggy weather to attempt a "
        "breakout, killing at least 47 SDF soldiers - 29 on Saturday alone – in the assaults."
    )
    assert read(text) == [
        (OTHER, "ISIL fighters", 500, 500, "around 500"),
        (K, "SDF soldiers", 47, None, "at least 47"),
        (K, "SDF soldiers", 29, 29, "29"),
    ]
    rescued = "their forces had rescued 11 SDF fighters encircled by ISIL near the border."
    assert read(rescued) == [(OTHER, "SDF fighters", 11, 11, "11")]


def test_lost_is_casualties_and_of_their_own_names_no_one():
    text = (
        "The SDF reported that 88 ISIL fighters had been killed, while they lost 10 of their own "
        "fighters with an additional 30 wounded, only losing two of their own the day before."
    )
    assert read(text) == [
        (K, "ISIL fighters", 88, 88, "88"),
        (CAS, "fighters", 10, 10, "10"),
        (W, "fighters", 30, 30, "30"),
        (CAS, "", 2, 2, "two"),
    ]


def test_phrasings_beyond_the_seed():
    assert read("Government forces took around 300 rebels prisoner and 12 more went missing.") == [
        (CAP, "rebels", 300, 300, "around 300"),
        (Quantity.MISSING, "rebels", 12, 12, "12"),
    ]
    assert read("At least 30 civilians lost their lives in the raid.") == [
        (K, "civilians", 30, None, "At least 30")
    ]
    assert read("Over 2,000 IS fighters surrendered and 3,000 more were arrested.") == [
        (SUR, "IS fighters", 2000, None, "Over 2,000"),
        (Quantity.DETAINED, "IS fighters", 3000, 3000, "3,000"),
    ]
    # "over" after "handed" is a particle, not a hedge.
    assert read("The SDF handed over 13 French nationals to Iraq.") == [
        (OTHER, "French nationals", 13, 13, "13")
    ]
    assert read("A suicide bombing in Manbij left 19 dead, including four Americans.") == [
        (K, "", 19, 19, "19"),
        (K, "Americans", 4, 4, "four"),
    ]


# --- places and objects are counted, but nothing happens to them as to people


@pytest.mark.parametrize(
    ("text", "subject", "value"),
    [
        ("Between 9 and 10 October, the SDF captured four villages.", "villages", 4),
        (
            "the SDF opened a second front and seized six villages alongside the highway",
            "villages",
            6,
        ),
        ("capturing 32 new points on a secondary front line", "new points", 32),
        ("ISIL detonated 5 booby trapped vehicles", "booby trapped vehicles", 5),
        ("capturing two more hospitals in the process", "hospitals", 2),
        ("Rebels destroyed 4 tanks.", "tanks", 4),
    ],
)
def test_counts_of_places_and_objects_are_other(text, subject, value):
    figure = only(text)
    assert (figure.quantity, figure.subject, figure.low, figure.high) == (
        OTHER,
        subject,
        value,
        value,
    )


# --- subjects ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Syrian warplanes killed 14 Syrian Army soldiers by mistake.", "Syrian Army soldiers"),
        ("ANHA reported that 150 foreign fighters surrendered.", "foreign fighters"),
        (
            "US officials estimated that more than 100 members of the pro-government forces were "
            "killed.",
            "members of the pro-government forces",
        ),
        (
            "29,600 ISIL fighters and their family members surrendered",
            "ISIL fighters and their family members",
        ),
        ("killed 20 fighters from the Syrian Democratic Forces", "fighters"),
        ('2,500 of the "most hardened" ISIL fighters were killed', "most hardened ISIL fighters"),
        ("34,000 total civilians evacuated", "civilians"),
        (
            "Five ISIL child soldiers aged between 14 and 15 also surrendered.",
            "ISIL child soldiers",
        ),
    ],
)
def test_the_subject_is_the_noun_phrase_tidied(text, subject):
    assert only(text).subject == subject


# --- numbers that are not figures --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "On 3 December, the SDF entered the town.",
        "The SDF launched their ground operation on 8 September 2017.",
        "The campaign stalled in early 2018.",
        "the SDF retreated on October 28, effectively ending the offensive",
        "On March 12, 2019, the SDF entered the town.",
        "Between 9 and 10 October, the SDF advanced.",
        "Between 9–10 February, the SDF advanced.",
        "ISIL raids on 21 and 24 September",
        "with a 5 December press release",
        "Local activist sources reported on the 28th that the SDF advanced.",
        "the former Brigade 113 and al-Niran Battalion bases",
        "alongside the M7 highway",
        "a U.S. F-15E airstrike called in by Task Force 9",
        "a roundabout 7 km from Deir ez-Zor city",
        "where it advanced 60 km",
        "SDF forces had advanced 8 kilometers (4.97 mi.) into ISIL territory",
        "SDF fighters advanced 1.5 km",
        "after six days of fighting the town finally fell",
        "after a ten-day pause for civilian evacuations",
        "within the previous 24 hours",
        "for the third time in three weeks",
        "the SDF had managed to capture 75 percent of the town",
        "the SDF controlled 80% of Baghuz",
        "a contract worth $5 million",
        "the attack began at 10:30",
        "a 300-strong force",
        "one of the most important sources of income",
        "On 16 February, one week into the battle, the pocket shrank.",
        "clashes continued between the two sides",
        "SOHR was founded in 2006.",
        "the mastermind of July 2016 Qamishli bombings",
        "the Deir ez-Zor campaign (2017–2019)",
        "see note [12]",
    ],
)
def test_dates_years_ordinals_identifiers_and_measures_are_not_figures(text):
    assert extract_figures(text) == []


def test_ages_are_not_figures():
    text = "SDF units had freed three Yazidi prisoners from ISIL – aged 12, 30, and 40 – on Sunday."
    assert read(text) == [(Quantity.RELEASED, "Yazidi prisoners", 3, 3, "three")]


# --- the seed article --------------------------------------------------------

SEED_SENTENCES = [
    (
        "The next day reportedly Syrian or Russian aircraft bombed SDF positions on the eastern "
        "bank of the Euphrates, injuring six SDF fighters.",
        [(W, "SDF fighters", 6, 6, "six")],
    ),
    (
        "During the clashes, it was struck by a car bomb in a village, with Amaq News Agency "
        "stating deaths of 15 SDF fighters.",
        [(K, "SDF fighters", 15, 15, "15")],
    ),
    (
        "Meanwhile, pro-Kurdish and Coalition sources stated 100 ISIL fighters had been killed "
        "during the overall battle for the town, while ISIL stated 50-70 SDF fighters had been "
        "killed in the battle.",
        [(K, "ISIL fighters", 100, 100, "100"), (K, "SDF fighters", 50, 70, "50-70")],
    ),
    (
        "The Coalition later stated that 145-150 militants were killed in US airstrikes on an ISIL "
        "headquarters near al-Shafaah on the same day.",
        [(K, "militants", 145, 150, "145-150")],
    ),
    (
        "SOHR reported on 10 January that SDF had released more than 400 Syrian ISIL members in "
        "Deir Ezzor.",
        [(Quantity.RELEASED, "Syrian ISIL members", 400, None, "more than 400")],
    ),
    (
        "Syria's state-run news agency SANA stated US airstrikes killed 16 people in al-Bahrah on "
        "19 February and 12 in Hajin on 21 February.",
        [(K, "people", 16, 16, "16"), (K, "people", 12, 12, "12")],
    ),
    (
        "On 20 October, The Syrian Observatory for Human Rights stated that the international "
        'Coalition had carried out two "massacres" via airstrikes in al-Susah, resulting in the '
        "deaths of 58, including 41 civilians, with ISIL only receiving 11–17 casualties in the "
        "strikes; 10 children were also reported to have been killed.",
        [
            (OTHER, "massacres", 2, 2, "two"),
            (K, "", 58, 58, "58"),
            (K, "civilians", 41, 41, "41"),
            (CAS, "", 11, 17, "11–17"),
            (K, "children", 10, 10, "10"),
        ],
    ),
    (
        "By 7 December the SDF had taken about half of the town and had also opened a humanitarian "
        "corridor for Hajin, allowing over 1,000 civilians – mostly women and children – to flee "
        "ISIL's embattled capital.",
        [(FLED, "civilians", 1000, None, "over 1,000")],
    ),
    (
        "During ISIL's attempted breakout, Syrian Arab Army units that had deployed across the "
        "river targeted the Islamic State's poorly established positions at the town as well, "
        "indirectly assisting the Kurds. 35 ISIL fighters were killed and another 21 captured "
        "during the failed breakout attempt; in turn, 16 SDF fighters were killed and at least 30 "
        "were injured.",
        [
            (K, "ISIL fighters", 35, 35, "35"),
            (CAP, "ISIL fighters", 21, 21, "21"),
            (K, "SDF fighters", 16, 16, "16"),
            (W, "SDF fighters", 30, None, "at least 30"),
        ],
    ),
    (
        "On 17 March, the SDF released their figures on the operation since 9 January: 34,000 "
        "total civilians evacuated, 29,600 ISIL fighters and their family members surrendered, "
        "including more than 5,000 fighters, 1,306 ISIL militants killed, and 520 captured in "
        "operations.",
        [
            (Quantity.EVACUATED, "civilians", 34000, 34000, "34,000"),
            (SUR, "ISIL fighters and their family members", 29600, 29600, "29,600"),
            (SUR, "fighters", 5000, None, "more than 5,000"),
            (K, "ISIL militants", 1306, 1306, "1,306"),
            (CAP, "ISIL militants", 520, 520, "520"),
        ],
    ),
    (
        "Reports also emerged that an ISIL commander named Bashar Al-Mughbel was killed in "
        "Coalition airstrikes in Baghuz Fawqani as SOHR reported that Coalition air raids and "
        "short-range missile strikes on hamlets and other civilian areas had killed 42 people in "
        "the pocket in recent days, including 13 civilians consisting of seven Syrians linked to "
        "ISIL – including three children from the same family – and six Iraqi non-combatants.",
        [
            (K, "people", 42, 42, "42"),
            (K, "civilians", 13, 13, "13"),
            (K, "Syrians", 7, 7, "seven"),
            (K, "children", 3, 3, "three"),
            (K, "Iraqi non-combatants", 6, 6, "six"),
        ],
    ),
    (
        "Morale among remaining jihadist fighters hit an all-time low, with the fighters "
        "surrendering in the dozens (as per ANHA) to hundreds (as per SOHR) with reportedly "
        "over 60 fighters – 50 of them foreign – surrendering to the SDF in recent days.",
        [
            (SUR, "", None, None, "dozens"),
            (SUR, "", None, None, "hundreds"),
            (SUR, "fighters", 60, None, "over 60"),
            (SUR, "fighters", 50, 50, "50"),
        ],
    ),
]


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def _normalised(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("sentence", "expected"), SEED_SENTENCES)
def test_sentences_of_the_seed(seed_text, sentence, expected):
    assert sentence in _normalised(seed_text)
    assert read(sentence) == expected
    for figure in extract_figures(sentence):
        assert sentence[figure.start : figure.end].startswith(figure.as_written.split()[0])


def test_the_whole_seed_gives_well_formed_figures_and_no_dates(seed_text):
    figures = extract_figures(seed_text)
    assert len(figures) > 150
    month = re.compile(
        r"\s*(January|February|March|April|May|June|July|August|September|"
        r"October|November|December)"
    )
    for figure in figures:
        assert figure.quantity in Quantity.values
        assert figure.low is None or figure.high is None or figure.low <= figure.high
        assert 0 <= figure.start < figure.end <= len(seed_text)
        written = _normalised(seed_text[figure.start : figure.end])
        assert written.startswith(figure.as_written), (written, figure)
        assert not month.match(seed_text, figure.start + len(figure.as_written)), figure
        assert not re.fullmatch(r"(19|20)\d\d", figure.as_written), figure


def test_a_number_past_any_head_count_keeps_its_words_but_no_number():
    """Guards an import failure: PostgreSQL's integer column refused
    "3,000,000,000 civilians" and the whole document failed to import."""
    (figure,) = extract_figures("The ministry said 3,000,000,000 civilians had been killed.")
    assert (figure.low, figure.high) == (None, None)
    assert figure.as_written.startswith("3,000,000,000")


def test_long_numerals_are_exact():
    (figure,) = extract_figures("It said 1,234,567 people had fled.")
    assert figure.low == figure.high == 1_234_567


def test_number_start_words_are_single_runs_of_letters():
    """The quick test for a number in a text looks for these among the text's runs of
    letters: a word with a hyphen, digit or apostrophe would never be found."""
    from claims.ingest.figures import _LETTER_RUN, _NUMBER_WORDS_WITHOUT_ARTICLE

    for word in _NUMBER_WORDS_WITHOUT_ARTICLE:
        assert _LETTER_RUN.fullmatch(word) and word == word.lower()


@pytest.mark.parametrize(
    "text",
    ["Twenty-five were killed", "a dozen civilians", "Hundreds of civilians fled", "٣ men"],
)
def test_a_number_in_words_or_any_digit_is_still_read(text):
    assert extract_figures(text)
