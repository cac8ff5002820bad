"""Ingest stage 3, dates: every sentence's event date, statement date and date mentions."""

import datetime
import re

import pytest

from claims.ingest.dates import (
    DateResolver,
    DateValue,
    SentenceDates,
    parse_phases,
)
from claims.models import DatePrecision

SEED_FRONT_MATTER_DATE = [
    "First phase:\n8 September 2017 – 5 March 2018\n\nSecond phase:\n1 May – 4 August 2018"
    "\n\nThird phase:\n10 September 2018 – 23 March 2019"
]
SEED_PHASES = parse_phases(SEED_FRONT_MATTER_DATE)


def day(iso: str) -> DateValue:
    return DateValue(datetime.date.fromisoformat(iso), "day")


def span(first: str, last: str) -> DateValue:
    return DateValue(datetime.date.fromisoformat(first), "day", datetime.date.fromisoformat(last))


def month(year_month: str) -> DateValue:
    return DateValue(datetime.date.fromisoformat(year_month + "-01"), "month")


def year(number: int) -> DateValue:
    return DateValue(datetime.date(number, 1, 1), "year")


def resolver_at(context: str, phases=SEED_PHASES) -> DateResolver:
    """A resolver whose running context has been set by a sentence such as "On 3 May 2018, ..."."""
    resolver = DateResolver(phases)
    resolver.resolve(context)
    return resolver


def texts(sentence: str, dates: SentenceDates) -> list[str]:
    return [sentence[mention.start : mention.end] for mention in dates.mentions]


# --------------------------------------------------------------------------- front matter


def test_parse_phases_of_the_seed_front_matter():
    phases = SEED_PHASES
    assert phases == [
        (datetime.date(2017, 9, 8), datetime.date(2018, 3, 5)),
        (datetime.date(2018, 5, 1), datetime.date(2018, 8, 4)),  # the start takes the end's year
        (datetime.date(2018, 9, 10), datetime.date(2019, 3, 23)),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("8 September 2017 – 5 March 2018", [("2017-09-08", "2018-03-05")]),
        ("12–20 October 2016", [("2016-10-12", "2016-10-20")]),
        ("28 December – 3 January 2018", [("2017-12-28", "2018-01-03")]),
        ("2017-09-08 – 2018-03-05", [("2017-09-08", "2018-03-05")]),
        ("2017–2019", [("2017-01-01", "2019-12-31")]),
        ("25 August 2017", [("2017-08-25", "2017-08-25")]),
        (datetime.date(2018, 5, 1), [("2018-05-01", "2018-05-01")]),
        (["1 May – 4 August 2018", None, "junk"], [("2018-05-01", "2018-08-04")]),
        (None, []),
        ("", []),
        ("Eastern Syria", []),
        ("1 May – 4 August", []),  # no year anywhere: nothing to go on
        (42, []),
    ],
)
def test_parse_phases_forms(value, expected):
    assert parse_phases(value) == [
        (datetime.date.fromisoformat(low), datetime.date.fromisoformat(high))
        for low, high in expected
    ]


def test_precision_values_are_the_models():
    assert {"day", "month", "year"} == set(DatePrecision.values)


# --------------------------------------------------------------------------- explicit dates


@pytest.mark.parametrize(
    ("sentence", "expected", "expression"),
    [
        ("On 3 December, the SDF advanced.", day("2017-12-03"), "3 December"),
        ("The SDF launched their ground operation on 8 September 2017.", day("2017-09-08"), None),
        ("By 14 May, the SDF were clearing mines.", day("2018-05-14"), "14 May"),
        ("Later on 29 December, the SDF captured four towns.", day("2017-12-29"), None),
        ("ISIL moved south in February 2018.", month("2018-02"), "February 2018"),
        ("By November 2017, the SDF had reached the outskirts.", month("2017-11"), None),
        ("The ground campaign was paused in early 2018.", year(2018), "early 2018"),
        ("The SDF declared victory in 2019.", year(2019), "2019"),
        ("The SDF took the oil field in early hours of 22 October.", day("2017-10-22"), None),
        (
            "On 12 and 13 September, the SDF captured the silos.",
            span("2017-09-12", "2017-09-13"),
            "12 and 13 September",
        ),
        (
            "Between 9 and 10 October, the SDF captured four villages.",
            span("2017-10-09", "2017-10-10"),
            "Between 9 and 10 October",
        ),
        (
            "Between 1 and 9 October, the SDF captured several more villages.",
            span("2017-10-01", "2017-10-09"),
            None,
        ),
        (
            "ISIL ambushed SDF fighters on 21 and 24 September.",
            span("2017-09-21", "2017-09-24"),
            "21 and 24 September",
        ),
        (
            "The siege lasted from 10 to 14 January.",
            span("2018-01-10", "2018-01-14"),
            "from 10 to 14 January",
        ),
        (
            "Fighting raged between 28 February and 2 March.",
            span("2018-02-28", "2018-03-02"),
            "between 28 February and 2 March",
        ),
        ("On 23–24 November, ISIL attempted a breakout.", span("2017-11-23", "2017-11-24"), None),
        ("The siege was lifted on 1 January 2018.", day("2018-01-01"), "1 January 2018"),
        ("The offensive began in September 2018.", month("2018-09"), "September 2018"),
        ("The lines were broken on September 13.", day("2017-09-13"), "September 13"),
        ("The SDF retreated on October 28, 2017.", day("2017-10-28"), "October 28, 2017"),
        ("On the evening of 9 February, the assault began.", day("2018-02-09"), "9 February"),
    ],
)
def test_explicit_dates(sentence, expected, expression):
    resolver = resolver_at("On 10 September 2017, the SDF entered the Industrial City.")
    dates = resolver.resolve(sentence)
    assert dates.event == expected
    assert dates.explicit
    assert dates.stated is None
    if expression:
        assert texts(sentence, dates) == [expression]
    assert resolver.context == expected


def test_mentions_have_offsets_into_the_sentence():
    sentence = "The SDF captured Al-Busayrah on 12 November and Tanak on the next day."
    dates = resolver_at("On 8 November 2017, the SDF captured Markadah.").resolve(sentence)
    assert texts(sentence, dates) == ["12 November", "the next day"]
    assert [mention.value for mention in dates.mentions] == [day("2017-11-12"), day("2017-11-13")]
    assert [mention.role for mention in dates.mentions] == ["event", "event"]
    assert dates.event == day("2017-11-12")
    assert dates.explicit


def test_precision_is_day_month_or_year_as_written():
    resolver = DateResolver(default_year=2018)
    assert resolver.resolve("On 3 May, the SDF advanced.").event.precision == "day"
    assert resolver.resolve("In June, it advanced again.").event.precision == "month"
    assert resolver.resolve("It was over in 2019.").event.precision == "year"


# --------------------------------------------------------------------------- relative dates


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("On the same day, Ahmad Abu Khawla announced an offensive.", day("2018-01-12")),
        ("SOHR stated on the same day that 12 civilians were killed.", day("2018-01-12")),
        ("Later on the same day, SDF captured the town of Khara'ij.", day("2018-01-12")),
        ("Later in the day, SOHR reported that the defenses had collapsed.", day("2018-01-12")),
        ("Several hours later, the SDF recaptured the villages.", day("2018-01-12")),
        ("The next day, ISIL conducted multiple SVBIED attacks.", day("2018-01-13")),
        ("The SDF captured the Tanak oil fields on the next day.", day("2018-01-13")),
        ("On the next day, the SDF announced the capture of three towns.", day("2018-01-13")),
        ("On the following day, the phase officially commenced.", day("2018-01-13")),
        ("By the next day, they had advanced within 15 km of the border.", day("2018-01-13")),
        ("Two days later, the counterattack was repelled.", day("2018-01-14")),
        ("A week later, the SDF entered the town.", day("2018-01-19")),
        ("The front remained fluid on the 26th as bombardment continued.", day("2018-01-26")),
        ("Local activist sources reported on the 28th that half the town fell.", day("2018-01-28")),
        (
            "Overnight clashes between the 26th and 27th killed 19.",
            span("2018-01-26", "2018-01-27"),
        ),
        ("By the end of the month, ISIL still held the village.", day("2018-01-31")),
        ("The SDF, later in the month, started advancing.", month("2018-01")),
        ("The following week, the SDF resumed the attack.", day("2018-01-19")),
        ("During the week, the SDF took over several towns.", day("2018-01-12")),
        (
            "During the course of the next two days, the SDF advanced.",
            span("2018-01-13", "2018-01-14"),
        ),
        ("The two had been caught a month earlier.", month("2017-12")),
        ("The previous day, ISIL had mined the bridge.", day("2018-01-11")),
    ],
)
def test_relative_dates(sentence, expected):
    resolver = resolver_at("On 12 January 2018, the SDF captured Gharanij.")
    dates = resolver.resolve(sentence)
    assert dates.event == expected
    assert dates.explicit


def test_relative_dates_chain_from_the_moving_context():
    resolver = resolver_at("On 12 November 2017, the SDF captured Al-Busayrah.")
    assert resolver.resolve("The SDF captured the Tanak oil fields on the next day.").event == day(
        "2017-11-13"
    )
    assert resolver.resolve("The next day, the SDF pushed south.").event == day("2017-11-14")
    assert resolver.resolve("On the same day, SOHR reported heavy clashes.").event == day(
        "2017-11-14"
    )


def test_a_coarser_relative_date_does_not_blur_the_context():
    resolver = resolver_at("On 22 October 2017, the SDF captured the al-Omar oil field.")
    dates = resolver.resolve("The SDF, later in the month, started advancing towards Abu Kamal.")
    assert dates.event == month("2017-10")
    assert resolver.context == day("2017-10-22")
    assert resolver.resolve("On the same day, ISIL counterattacked.").event == day("2017-10-22")


def test_same_day_after_a_range_is_the_range():
    resolver = resolver_at("Between 9 and 10 October 2017, the SDF captured four villages.")
    assert resolver.resolve("On the same day, ISIL withdrew.").event == span(
        "2017-10-09", "2017-10-10"
    )
    assert resolver.resolve("The next day, ISIL counterattacked.").event == day("2017-10-11")


def test_relative_dates_mean_nothing_without_a_context():
    dates = DateResolver().resolve("The next day, the SDF advanced.")
    assert dates.event is None
    assert not dates.explicit
    assert dates.mentions == ()


# --------------------------------------------------------------------------- carrying


def test_event_is_none_before_any_date_and_carried_afterwards():
    resolver = DateResolver(SEED_PHASES)
    first = resolver.resolve("Just before the start of the offensive, the SDF received weapons.")
    assert first == SentenceDates(event=None, stated=None, mentions=(), explicit=False)
    resolver.resolve("On 17 September 2017, the SDF captured a textile factory.")
    carried = resolver.resolve("Anti-ISIL forces also made further progress in the desert.")
    assert carried.event == day("2017-09-17")
    assert not carried.explicit
    assert carried.mentions == ()


# --------------------------------------------------------------------------- years


@pytest.mark.parametrize(
    ("context", "sentence", "expected"),
    [
        # A month earlier than the running month rolls over to the next year ...
        (
            "ISIL stated on 31 December 2017 that 20 SDF fighters had been wounded.",
            "On 3 January, the SDF captured Gharanij.",
            day("2018-01-03"),
        ),
        # ... but a recent day looks back rather than a year ahead.
        (
            "On 3 January 2018, the SDF captured three towns.",
            "SOHR said the SDF had entered the town on 29 December.",
            day("2017-12-29"),
        ),
        (
            "On 13 December 2017, the SDF captured Jurdi Al-Sharqi.",
            "ISIL counterattacked on 27 November.",
            day("2017-11-27"),
        ),
        # Phase 2 (May–August 2018): September is still 2018.
        (
            "On 4 August 2018, the SDF captured the border pocket.",
            "On 10 September, the SDF began to advance.",
            day("2018-09-10"),
        ),
        (
            "On 23 March 2019, the SDF announced full liberation.",
            "On 3 March, the SDF released 283 Syrians.",
            day("2019-03-03"),
        ),
        # An explicit year resets the running year.
        (
            "On 23 March 2019, the SDF announced full liberation.",
            "During the night of 7 February 2018, US forces attacked.",
            day("2018-02-07"),
        ),
    ],
)
def test_year_inference(context, sentence, expected):
    resolver = resolver_at(context)
    assert resolver.resolve(sentence).event == expected
    assert resolver.context == expected


def test_rollover_stays_inside_the_phases():
    phases = [(datetime.date(2017, 9, 1), datetime.date(2017, 12, 31))]
    resolver = resolver_at("On 20 December 2017, the SDF captured the town.", phases)
    # 2018 is outside every phase, so "3 January" cannot be the next year.
    assert resolver.resolve("On 3 January, the SDF opened the road.").event == day("2017-01-03")


def test_rollover_without_phases_always_happens():
    resolver = resolver_at("On 20 December 2017, the SDF captured the town.", ())
    assert resolver.resolve("On 3 January, the SDF opened the road.").event == day("2018-01-03")


def test_default_year_and_phases_give_the_first_year():
    assert DateResolver(default_year=2016).resolve("On 3 May, X.").event == day("2016-05-03")
    assert DateResolver(SEED_PHASES).resolve("On 3 December, X.").event == day("2017-12-03")
    assert DateResolver().resolve("On 3 December, X.").event is None


# --------------------------------------------------------------------------- sections


def test_phase_heading_moves_the_context_to_the_phase_start():
    resolver = resolver_at("On 4 August 2018, the SDF captured the border pocket.")
    resolver.enter_section(("The campaign", "Third phase"))
    assert resolver.context == day("2018-09-10")
    assert resolver.resolve("The SDF prepared the assault.").event == day("2018-09-10")
    # A subsection of the phase keeps the finer context.
    resolver.resolve("On 12 October, ISIL continued its counterattack.")
    resolver.enter_section(("The campaign", "Third phase", "ISIL breakout"))
    assert resolver.context == day("2018-10-12")


def test_resuming_heading_moves_to_the_next_phase():
    resolver = resolver_at("On 6 March 2018, the SDF shifted 1,700 members to Afrin.")
    resolver.enter_section(("The campaign", "The campaign resumes"))
    assert resolver.context == day("2018-05-01")
    resolver.resolve("On 17 May, the SDF captured border posts.")
    resolver.enter_section(("The campaign", "The campaign resumes", "Capturing the border"))
    assert resolver.context == day("2018-05-17")  # not the phase after


def test_year_heading_sets_the_year_and_headings_without_dates_change_nothing():
    resolver = resolver_at("On 20 December 2017, the SDF captured the town.", ())
    resolver.enter_section(("Aftermath",))
    assert resolver.context == day("2017-12-20")
    resolver.enter_section(("2019",))
    assert resolver.context == year(2019)
    assert resolver.resolve("On 9 March, the camp was emptied.").event == day("2019-03-09")
    resolver.enter_section(("Battle for the town (2019)",))
    assert resolver.context == day("2019-03-09")  # already in 2019: kept


def test_month_heading():
    resolver = DateResolver()
    resolver.enter_section(("Events of March 2018",))
    assert resolver.resolve("On 3 March, the SDF advanced.").event == day("2018-03-03")


# --------------------------------------------------------------------------- stated vs event


def test_later_announcement_keeps_its_own_date_and_leaves_the_context():
    resolver = resolver_at("On 25 November 2017, the SDF reached the Iraqi border.")
    sentence = (
        "The United States Department of Defense (U.S. DoD) announced in February 2018 that "
        "Shaykh Abu Anas al-Furati, a senior ISIL commander, was killed in an airstrike on Hajin "
        "on 27 November."
    )
    dates = resolver.resolve(sentence)
    assert dates.stated == month("2018-02")
    assert dates.event == day("2017-11-27")
    assert [
        (text, m.role) for text, m in zip(texts(sentence, dates), dates.mentions, strict=True)
    ] == [
        ("February 2018", "stated"),
        ("27 November", "event"),
    ]
    assert resolver.context == day("2017-11-27")

    declared = resolver.resolve(
        "The YPG declared on 3 December that it had completely captured the eastern countryside "
        "of Deir Ezzor."
    )
    assert declared.event == day("2017-12-03")
    assert declared.stated == day("2017-12-03")
    assert declared.explicit


def test_later_announcement_about_the_same_day():
    resolver = resolver_at(
        "SDF's official media wing reported capture of Jurdi Al-Sharqi on 13 December 2017."
    )
    dates = resolver.resolve(
        "The U.S. DoD announced in February that ISIL military commander Abd al Rahman "
        "Filipini, was killed near Hajin due to airstrikes on the same day."
    )
    assert dates.stated == month("2018-02")
    assert dates.event == day("2017-12-13")
    assert resolver.context == day("2017-12-13")
    assert resolver.resolve("On 16 December, the SDF captured Abu Hardub.").event == day(
        "2017-12-16"
    )


def test_later_announcement_without_a_content_date_is_carried():
    resolver = resolver_at("On 13 December 2017, the SDF captured Jurdi Al-Sharqi.")
    dates = resolver.resolve("The Pentagon announced in February that the commander was dead.")
    assert dates.stated == month("2018-02")
    assert dates.event == day("2017-12-13")
    assert not dates.explicit
    assert resolver.context == day("2017-12-13")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Syrian military reports said on 19 October that the SDF had let Russian troops in.",
            day("2017-10-19"),
        ),
        (
            "The SDF's Deir Ezzor Military Council reported on 12 October that it had captured "
            "several towns.",
            day("2017-10-12"),
        ),
        ("ISIL stated on 29 October that it had struck the SDF.", day("2017-10-29")),
        ("ISIL announced on 31 October that 20 SDF fighters had been wounded.", day("2017-10-31")),
        ("SOHR on the next day reported heavy fighting.", day("2017-10-16")),
        ("The army however later on 20 October confirmed the withdrawal.", day("2017-10-20")),
        (
            "Further Russian bombing was reported on 17 October, with 6 casualties.",
            day("2017-10-17"),
        ),
        (
            "On 18 October, Redur Khalil, an SDF commander, confirmed their forces had pushed in.",
            day("2017-10-18"),
        ),
        (
            "On 16 October, SDF commander Jiya Furat stated that the pocket was reduced.",
            day("2017-10-16"),
        ),
    ],
)
def test_statement_date_is_also_the_event_when_the_content_has_none(sentence, expected):
    resolver = resolver_at("On 15 October 2017, ISIL attacked SDF checkpoints.")
    dates = resolver.resolve(sentence)
    assert dates.stated == expected
    assert dates.event == expected
    assert dates.explicit
    assert resolver.context == expected


def test_statement_framing_content_dates():
    resolver = resolver_at("By 7 December 2018 the SDF had taken about half of the town.")
    dates = resolver.resolve(
        "On 11 December, Coalition spokesman Col. Sean Ryan confirmed to Talk Media News that "
        "the Hajin hospital was not bombed on 7 December and that SDF units began receiving small "
        "arms fire from the facility on 8 December."
    )
    assert dates.stated == day("2018-12-11")
    assert dates.event == day("2018-12-07")
    # The story has reached the 8th: the next day is the 9th, not the day after the statement.
    assert resolver.resolve("The next day an explosion occurred at the building.").event == day(
        "2018-12-09"
    )


def test_statement_date_after_the_narrative_moves_the_story_on():
    resolver = DateResolver(SEED_PHASES)
    dates = resolver.resolve(
        "The SDF launched their ground operation on 8 September 2017 by attacking villages; on "
        "the next day, the campaign was officially announced."
    )
    assert dates.event == day("2017-09-08")
    assert resolver.context == day("2017-09-09")


def test_a_date_inside_the_subject_is_not_a_statement_date():
    resolver = resolver_at("On 25 January 2019, 150 ISIL fighters surrendered.")
    dates = resolver.resolve(
        "Overnight clashes between the 26th and 27th killed 19 ISIL and 11 SDF fighters, SOHR "
        "reported."
    )
    assert dates.stated is None
    assert dates.event == span("2019-01-26", "2019-01-27")


def test_reporting_verbs_without_dates_leave_stated_empty():
    resolver = resolver_at("On 13 December 2017, the SDF captured the town.")
    for sentence in (
        "SOHR meanwhile stated that 23 civilians had been killed by airstrikes.",
        "The Coalition denied civilian casualties in their airstrikes.",
        "SDF spokesman Mustafa Bali told Reuters that ISIL was finished.",
    ):
        dates = resolver.resolve(sentence)
        assert dates.stated is None
        assert dates.event == day("2017-12-13")
        assert not dates.explicit


def test_a_statement_date_opening_the_sentence_moves_the_story_on_even_when_far():
    resolver = resolver_at("On 2 March 2021, the militia shelled the port.", ())
    dates = resolver.resolve(
        "On 14 June 2021, the harbour authority announced that the docks had reopened."
    )
    assert dates.event == dates.stated == day("2021-06-14")
    assert dates.explicit
    assert resolver.context == day("2021-06-14")
    # Without a year, and written as a month: the story still moves on.
    dates = resolver.resolve("In September, the ministry announced that it would fund new schools.")
    assert dates.event == dates.stated == month("2021-09")
    assert resolver.context == month("2021-09")
    dates = resolver.resolve("On 2 November, the governor said the roads were open again.")
    assert dates.event == dates.stated == day("2021-11-02")
    assert resolver.context == day("2021-11-02")


def test_counted_shifts_after_an_opening_statement_date():
    resolver = resolver_at("On 17 May 2021, the ministry announced that the grant was cut.", ())
    dates = resolver.resolve("Three days later, the union warned that the clinics would close.")
    assert dates.event == dates.stated == day("2021-05-20")
    assert resolver.resolve("A week later, the mayor said the cut was reversed.").event == day(
        "2021-05-27"
    )


def test_an_opening_date_long_before_or_looking_back_does_not_move_the_context():
    resolver = resolver_at("On 9 March 2021, the army entered the town.", ())
    dates = resolver.resolve("In 2014, the group declared that the town was its capital.")
    assert dates.event == dates.stated == year(2014)
    assert resolver.context == day("2021-03-09")
    dates = resolver.resolve("In February, the mayor said that the bridge was unsafe.")
    assert dates.event == month("2021-02")
    assert resolver.context == day("2021-03-09")


def test_a_relative_statement_date_after_the_verb_leaves_the_event_on_the_context():
    resolver = resolver_at("On 4 June 2021, a bomb exploded at the market.", ())
    dates = resolver.resolve("The militia claimed responsibility for the attack the following day.")
    assert dates.stated == day("2021-06-05")
    assert dates.event == day("2021-06-04")  # the attack, not the claim
    assert not dates.explicit
    assert resolver.context == day("2021-06-05")

    resolver = resolver_at("On 4 June 2021, a bomb exploded at the market.", ())
    dates = resolver.resolve("Officials said the next morning that nine people had died.")
    assert dates.stated == day("2021-06-05")
    assert dates.event == day("2021-06-04")


def test_a_denial_is_dated_by_what_it_denies():
    resolver = resolver_at("On 3 March 2021, the monitor reported that a school was shelled.", ())
    dates = resolver.resolve("The army however later on 6 March rejected the accusations.")
    assert dates.stated == day("2021-03-06")
    assert dates.event == day("2021-03-03")
    assert resolver.context == day("2021-03-06")
    dates = resolver.resolve("The ministry dismissed these reports the same day.")
    assert dates.stated == day("2021-03-06")
    assert dates.event == day("2021-03-06")


def test_reported_content_does_not_lie_after_its_statement():
    resolver = resolver_at("On 1 April 2021, the council reopened the market.", ())
    # "September" nearest to April would be the coming one; what was claimed had happened.
    dates = resolver.resolve(
        "The rebels claimed on 3 April that the army had executed prisoners in September."
    )
    assert dates.stated == day("2021-04-03")
    assert dates.event == month("2020-09")  # the content's date, not the statement's
    assert resolver.context == day("2021-04-03")
    # A prediction may lie ahead.
    dates = resolver.resolve(
        "The ministry announced on 5 April that the bridge would reopen in September."
    )
    assert dates.stated == day("2021-04-05")
    assert dates.event == day("2021-04-05")
    assert [mention.value for mention in dates.mentions] == [day("2021-04-05"), month("2021-09")]


def test_a_coarse_content_date_before_a_passive_statement_is_the_event():
    resolver = resolver_at("On 20 January 2021, the council began the count.", ())
    sentence = (
        "A toll of 300 deaths between March and July 2020 was reported by the monitor "
        "on 2 February."
    )
    dates = resolver.resolve(sentence)
    assert texts(sentence, dates) == ["between March and July 2020", "2 February"]
    assert dates.event == DateValue(datetime.date(2020, 3, 1), "month", datetime.date(2020, 7, 31))
    assert dates.stated == day("2021-02-02")
    assert resolver.context == day("2021-02-02")
    # Asked for the next sentence: the story is at the statement.
    assert resolver.resolve("Aid groups said the toll was too low.").event == day("2021-02-02")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The drought lasted from May to August.", ("2021-05-01", "2021-08-31")),
        ("Prices rose between November and February.", ("2020-11-01", "2021-02-28")),
        (
            "Most of the fighting came between June 2019 and March 2020.",
            ("2019-06-01", "2020-03-31"),
        ),
    ],
)
def test_ranges_of_months(sentence, expected):
    resolver = resolver_at("On 10 March 2021, the council met.", ())
    low, high = (datetime.date.fromisoformat(value) for value in expected)
    assert resolver.resolve(sentence).event == DateValue(low, "month", high)


def test_months_joined_by_and_without_between_are_two_dates():
    resolver = resolver_at("On 10 March 2021, the council met.", ())
    dates = resolver.resolve("The roads were closed in June and October.")
    assert [mention.value for mention in dates.mentions] == [month("2021-06"), month("2021-10")]


@pytest.mark.parametrize(
    ("context", "sentence", "expected"),
    [
        (
            "On 10 March 2021, the ferry resumed.",
            "Some 3,000 families had returned by the end of March.",
            day("2021-03-31"),
        ),
        (
            "On 10 March 2024, the ferry resumed.",
            "The camp was emptied by the end of February 2024.",
            day("2024-02-29"),
        ),
        (
            "In May 2021, the clinic opened.",
            "By the end of the month, it had treated 400 patients.",
            day("2021-05-31"),
        ),
        (
            "On 28 May 2021, the clinic opened.",
            "It had treated 400 patients at the end of that month.",
            day("2021-05-31"),
        ),
    ],
)
def test_the_end_of_a_month_is_its_last_day(context, sentence, expected):
    resolver = resolver_at(context, ())
    assert resolver.resolve(sentence).event == expected
    assert resolver.context == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The monitor said that 1,200 people had fled the valley since 2 May.",
        "Dozens of families had by now left the camp since early May.",
    ],
)
def test_a_count_since_a_date_is_the_period_up_to_the_context(sentence):
    resolver = resolver_at("On 9 May 2021, the army reached the river.", ())
    expected_start = "2021-05-02" if "2 May" in sentence else "2021-05-01"
    dates = resolver.resolve(sentence)
    assert dates.event == span(expected_start, "2021-05-09")
    assert resolver.context == day("2021-05-09")


def test_a_count_since_a_date_runs_up_to_its_statement():
    resolver = resolver_at("On 2 April 2021, the council reopened the market.", ())
    dates = resolver.resolve(
        "On 19 June, the agency said that 150 people had been hurt since January."
    )
    assert dates.event == span("2021-01-01", "2021-06-19")
    assert dates.stated == day("2021-06-19")
    assert resolver.context == day("2021-06-19")


def test_a_count_and_a_narrative_date_the_first_is_the_event():
    resolver = resolver_at("On 8 May 2021, the army reached the river.", ())
    dates = resolver.resolve("The monitor said 900 had fled since 2 May, 300 on 8 May alone.")
    assert dates.event == span("2021-05-02", "2021-05-08")
    dates = resolver.resolve("The army took the bridge by 25 May; 5,000 had fled since 19 May.")
    assert dates.event == day("2021-05-25")
    assert resolver.context == day("2021-05-25")


def test_recent_weeks_put_the_sentence_at_the_context():
    resolver = resolver_at("By 22 March 2021, the rebels had lost the ridge.", ())
    dates = resolver.resolve(
        "Their commander credited the gains in recent weeks to tactics adopted after the front "
        "collapsed in late November 2020."
    )
    assert dates.event == day("2021-03-22")
    assert dates.explicit
    assert resolver.context == day("2021-03-22")


def test_relative_dates_inside_a_quotation_count_from_the_speaker_not_the_story():
    resolver = resolver_at("On 4 June 2021, the deminers entered the old town.", ())
    sentence = (
        '"Every time we clear a road, the next day they mine it again," a deminer told the BBC '
        "on 9 June."
    )
    dates = resolver.resolve(sentence)
    assert texts(sentence, dates) == ["9 June"]
    assert dates.event == dates.stated == day("2021-06-09")


@pytest.mark.parametrize(
    "sentence",
    [
        "The toll was reported by Amnesty International on 9 June.",
        "A deminer told Reuters on 9 June that the roads were clear.",
        "The ministry said in a statement on 9 June that the roads were clear.",
        "The army said in a press release issued on 9 June that the roads were clear.",
        "The two parties announced the end of the truce on 9 June.",
        "On 9 June, the council, backed by the governor and in coordination with the tribal "
        "elders, announced a curfew.",
        "On 9 June, the governor – after touring the flooded districts – said aid was coming.",
        "On 9 June, the monitor posted images of the flooded districts.",
        "The ministry dismissed these reports on 9 June.",
    ],
)
def test_statement_dates_after_objects_names_and_asides(sentence):
    resolver = resolver_at("On 4 June 2021, the deminers entered the old town.", ())
    assert resolver.resolve(sentence).stated == day("2021-06-09")


@pytest.mark.parametrize(
    "sentence",
    [
        "State radio stated a drone strike on 9 June destroyed the bridge.",
        "A flood claimed the lives of four people on 9 June.",
        "The rebels said they had taken the hill on 9 June.",
        "On 9 June 2021, rebels shelled the base of the militia with rockets, following an attack "
        "on their positions near the river, saying it was retaliation.",
    ],
)
def test_content_dates_are_not_statement_dates(sentence):
    resolver = resolver_at("On 4 June 2021, the deminers entered the old town.", ())
    dates = resolver.resolve(sentence)
    assert dates.stated is None
    assert dates.event == day("2021-06-09")


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ("On 14 June 2021, the monitor published its count.", span("2021-06-12", "2021-06-13")),
        ("On 12 June 2021, the monitor published its count.", span("2021-06-12", "2021-06-13")),
        ("On 16 June 2021, the monitor published its count.", span("2021-06-12", "2021-06-13")),
    ],
)
def test_the_weekend_is_the_saturday_and_sunday_at_or_before_the_context(context, expected):
    resolver = resolver_at(context, ())  # 14 June 2021 is a Monday
    dates = resolver.resolve("The monitor said 40 people died in the weekend shelling.")
    assert dates.event == expected


def test_a_weekend_needs_a_day():
    resolver = resolver_at("In June 2021, the monitor published its count.", ())
    assert resolver.resolve("Forty people died over the weekend.").event == month("2021-06")


def test_a_follow_on_keeps_the_statement_date():
    resolver = resolver_at("On 1 May 2021, the army entered the town.", ())
    resolver.resolve("The monitor reported on 4 May that 30 people had died.")
    assert resolver.resolve("It added that 12 of them were children.").stated == day("2021-05-04")
    resolver.resolve("Shelling continued in the north.")
    assert resolver.resolve("He added that the roads were mined.").stated is None


# --------------------------------------------------------------------------- not dates


@pytest.mark.parametrize(
    "sentence",
    [
        "SOHR stated that 23 civilians had been killed.",
        "ISIL stated 50-70 SDF fighters had been killed in the battle.",
        "The SDF captured the former Brigade 113 and al-Niran Battalion bases.",
        "The SDF seized six villages alongside the M7 highway.",
        "SDF forces had advanced 8 kilometers (4.97 mi.) into ISIL territory.",
        "After six days of fighting the town finally fell.",
        "Five ISIL child soldiers aged between 14 and 15 also surrendered.",
        "The Coalition released figures of 1,306 militants killed and 2,500 fighters left.",
        "A ground force of 2000 troops may have ended the battle.",
        "Capturing the town in three weeks was the goal, with 29 on Saturday alone.",
        "SDF units came under fire on the second and third floors.",
        "They fought over the following days.",
        "He described the 3rd Brigade and the 2018 offensive.",
        "The SDF subsequently began preparations for the third and final phase.",
    ],
)
def test_numbers_that_are_not_dates(sentence):
    resolver = resolver_at("On 14 May 2018, the SDF cleared mines.")
    dates = resolver.resolve(sentence)
    assert dates.mentions == ()
    assert dates.event == day("2018-05-14")
    assert not dates.explicit


def test_a_long_past_date_is_a_mention_that_does_not_move_the_context():
    resolver = resolver_at("ISIL stated on 31 December 2017 that it had struck the SDF.")
    sentence = (
        "On 1 January 2018, it was announced that the YPG/YPJ's Anti-Terror Units had killed "
        "ISIL commander Hisen Ayid el-Bilebil Ebu el-Walid, the mastermind of July 2016 "
        "Qamishli bombings, in al-Busayrah."
    )
    dates = resolver.resolve(sentence)
    assert dates.event == day("2018-01-01")
    assert texts(sentence, dates) == ["1 January 2018", "July 2016"]
    assert dates.mentions[1].value == month("2016-07")
    assert resolver.context == day("2018-01-01")

    aside = resolver.resolve("ISIL abducted these women when they entered Sinjar in 2014.")
    assert aside.event == year(2014)  # the only date: the sentence is about 2014
    assert resolver.context == day("2018-01-01")
    assert resolver.resolve("On the next day, the SDF advanced.").event == day("2018-01-02")


@pytest.mark.parametrize(
    "sentence",
    [
        "The garrison had held the old fort since 21 January.",
        "The militia had controlled the valley since early December 2018.",
        "The incident would not be revealed to the public until November 2021.",
        "The PMU seized border posts abandoned due to the 26 October ISIL counterattack.",
        "The Coalition stepped up airstrikes, with a 5 December press release detailing them.",
        "The road had stayed closed since the 27th.",
    ],
)
def test_period_edges_and_attributive_dates_are_not_the_event(sentence):
    resolver = resolver_at("By 28 January 2019, ISIL still held parts of four villages.")
    dates = resolver.resolve(sentence)
    assert dates.mentions  # found ...
    assert dates.event == day("2019-01-28")  # ... but the sentence happened at the context
    assert not dates.explicit
    assert resolver.context == day("2019-01-28")


def test_a_coarse_look_back_does_not_move_the_context():
    resolver = resolver_at("By 22 January 2019, the SDF had captured most of the village.")
    dates = resolver.resolve("Their frontlines collapsed in late October 2018, the SDF said.")
    assert dates.event == month("2018-10")
    assert resolver.context == day("2019-01-22")


def test_phase_named_in_a_sentence():
    resolver = resolver_at("On 23 March 2019, the SDF declared victory.")
    dates = resolver.resolve("The first phase of the campaign was concurrent with another one.")
    assert dates.event == span("2017-09-08", "2018-03-05")
    assert resolver.context == day("2019-03-23")
    explicit = resolver.resolve("The third phase began on 10 September 2018.")
    assert explicit.event == day("2018-09-10")


# --------------------------------------------------------------------------- a whole passage

PASSAGE_DATE = (
    "First phase:\n10 October 2016 – 28 February 2017\n\nSecond phase:\n15 May – 30 September 2017"
)

PASSAGE = """\
## Background
The river towns had been held by ISIL since 2014. The local monitoring network was founded in
2012 to document abuses.

## The offensive
### First phase
On 12 October 2016, the SDF opened the offensive from the north. Two villages fell on the
following day. The Kurdish Red Crescent said that 9 civilians were wounded by shelling.

Between 20 and 22 October, the alliance advanced 14 km along the river road. SOHR reported on
24 October that 31 fighters had died in the clashes. By the end of the month, the SDF had
reached the outskirts of the town.

On 28 December, the SDF captured the grain silos. The Coalition announced in March that an
airstrike on the silos had killed an ISIL emir on the same day. On 4 January, ISIL
counterattacked near the dam with two car bombs. Two days later, the counterattack was
repelled. Pro-ISIL media claimed on the 9th that 40 SDF fighters had been killed since the
4 January attack.

### Second phase
On 16 May, the SDF resumed its advance. The Coalition denied on 20 May that its aircraft had
struck a school on 17 May. The next day, fighting spread to the eastern districts.

In June, the SDF took the old city. SANA stated that the operation had killed 200 civilians, a
figure the SDF rejected. On the 21st, the last ISIL fighters surrendered.
"""

# (how the sentence starts, event, stated, explicit), in order.
PASSAGE_DATES = [
    ("The river towns", None, None, False),  # "since 2014" is the edge of a period
    ("The local monitoring", year(2012), None, True),  # long before: dated, context untouched
    ("On 12 October 2016", day("2016-10-12"), None, True),
    ("Two villages", day("2016-10-13"), None, True),
    ("The Kurdish Red Crescent", day("2016-10-13"), None, False),
    ("Between 20 and 22", span("2016-10-20", "2016-10-22"), None, True),
    ("SOHR reported", day("2016-10-24"), day("2016-10-24"), True),
    ("By the end of the month", day("2016-10-31"), None, True),
    ("On 28 December", day("2016-12-28"), None, True),
    ("The Coalition announced", day("2016-12-28"), month("2017-03"), True),
    ("On 4 January", day("2017-01-04"), None, True),  # rolls over into the next year
    ("Two days later", day("2017-01-06"), None, True),
    # A tally "since" a date runs from it up to the statement.
    ("Pro-ISIL media", span("2017-01-04", "2017-01-09"), day("2017-01-09"), True),
    ("On 16 May", day("2017-05-16"), None, True),  # the heading moved the context to phase 2
    ("The Coalition denied", day("2017-05-17"), day("2017-05-20"), True),
    ("The next day", day("2017-05-18"), None, True),
    ("In June", month("2017-06"), None, True),
    ("SANA stated", month("2017-06"), None, False),
    ("On the 21st", day("2017-06-21"), None, True),
]


def _read_passage(text: str):
    """(heading path, sentence) pairs of a small Markdown text, in order."""
    path: list[str] = []
    for block in text.split("\n\n"):
        lines = []
        for line in block.splitlines():
            if line.startswith("#"):
                level = len(line) - len(line.lstrip("#"))
                path = [*path[: level - 2], line.lstrip("# ")]
            else:
                lines.append(line)
        for sentence in re.split(r"(?<=\.)\s+(?=[A-Z])", " ".join(lines)):
            if sentence:
                yield tuple(path), sentence


def test_a_whole_passage_is_dated_like_a_careful_reader():
    resolver = DateResolver(parse_phases(PASSAGE_DATE))
    entered = None
    results = []
    for path, sentence in _read_passage(PASSAGE):
        if path != entered:
            resolver.enter_section(path)
            entered = path
        dates = resolver.resolve(sentence)
        results.append((sentence, dates.event, dates.stated, dates.explicit))

    assert len(results) == len(PASSAGE_DATES)
    for (sentence, *got), (opening, *expected) in zip(results, PASSAGE_DATES, strict=True):
        assert sentence.startswith(opening)
        assert (sentence, *got) == (sentence, *expected)


# --------------------------------------------------------------------------- statements: content


def test_a_forward_shift_after_the_verb_object_and_a_second_verb_is_a_statement_date():
    resolver = resolver_at("On 12 March 2022, the brigade's commander was wounded by a mine.", ())
    dates = resolver.resolve(
        "The brigade announced his death the following day and named a successor."
    )
    assert dates.stated == day("2022-03-13")
    assert dates.event == day("2022-03-12")  # the death, not the announcement
    assert resolver.context == day("2022-03-13")


@pytest.mark.parametrize(
    ("sentence", "event"),
    [
        # A state or stance on the speaker's day: the statement date is the event.
        ("A police spokesman said the next day that 400 rioters were still in the square.", "06"),
        ("The governor said the following day that he hoped the talks would resume.", "06"),
        ("The mayor stated the next day that the bridge remains closed.", "06"),
        # A past happening: the event stays on the day it happened.
        ("A police spokesman said the next day that 12 rioters had been arrested.", "05"),
        ("The governor said the following day that the army killed three gunmen.", "05"),
        ("Officials said the next day that two guards were wounded in the attack.", "05"),
    ],
)
def test_the_tense_of_the_content_decides_a_forward_shifted_statement(sentence, event):
    resolver = resolver_at("On 5 October 2022, protesters occupied the main square.", ())
    dates = resolver.resolve(sentence)
    assert dates.stated == day("2022-10-06")
    assert dates.event == day(f"2022-10-{event}")
    assert resolver.context == day("2022-10-06")


def test_a_report_early_in_the_next_month_is_the_story_s_next_step():
    resolver = resolver_at("On 29 April 2022, the rebels attacked the airport.", ())
    dates = resolver.resolve("The fall of the airport was reported by Radio Sawa in early May.")
    assert dates.stated == dates.event == month("2022-05")
    assert resolver.context == month("2022-05")
    dates = resolver.resolve(
        "The army denied the report, saying the runway was still in its hands."
    )
    assert dates.event == month("2022-05")

    # A month further off is still a later, retrospective announcement.
    resolver = resolver_at("On 12 April 2022, the rebels attacked the airport.", ())
    dates = resolver.resolve("The fall of the airport was reported by Radio Sawa in June.")
    assert dates.stated == month("2022-06")
    assert dates.event == day("2022-04-12")
    assert resolver.context == day("2022-04-12")


def test_the_date_of_a_report_named_before_the_speaker_is_its_statement_date():
    resolver = resolver_at("On 21 September 2020, a convoy was shelled near the river.", ())
    dates = resolver.resolve(
        "In a study published in March 2021, Amnesty said that the shelling of 19–20 September"
        " had killed 14 people."
    )
    assert dates.stated == month("2021-03")
    assert dates.event == span("2020-09-19", "2020-09-20")
    dates = resolver.resolve("By the end of September, the convoys had stopped.")
    assert dates.event == day("2020-09-30")  # the story did not jump to 2021


def test_an_attributive_date_as_the_subject_of_reported_content_is_the_event():
    resolver = resolver_at("On 14 August 2019, the ministry issued new figures.", ())
    dates = resolver.resolve("The monitor alleged that the 11 August raid had killed nine farmers.")
    assert dates.event == day("2019-08-11")
    assert resolver.context == day("2019-08-14")  # a name, not a move of the story

    # Deeper in the clause it only names another happening: the event is carried.
    resolver = resolver_at("On 14 August 2019, the ministry issued new figures.", ())
    dates = resolver.resolve(
        "The monitor alleged that the army had left posts abandoned after the 11 August raid."
    )
    assert dates.event == day("2019-08-14")

    # In narrative it stays a reference.
    resolver = resolver_at("On 14 August 2019, the ministry issued new figures.", ())
    dates = resolver.resolve("Families returned to the houses damaged in the 11 August raid.")
    assert dates.event == day("2019-08-14")


def test_a_revised_toll_and_the_reports_after_it_stay_on_the_happening():
    resolver = resolver_at("On 3 February 2021, a car bomb exploded outside the bakery.", ())
    dates = resolver.resolve("The health office said that 14 people had been killed.")
    assert dates.event == day("2021-02-03")
    dates = resolver.resolve("Three days later, it put the toll at 31.")
    assert dates.stated == day("2021-02-06")
    assert dates.event == day("2021-02-03")
    assert resolver.context == day("2021-02-06")
    dates = resolver.resolve("Witnesses told the BBC that the victims were mostly children.")
    assert dates.event == day("2021-02-03")
    # A statement dated in the narrative moves the story on again.
    dates = resolver.resolve("On 8 February, the governor announced a curfew.")
    assert dates.event == day("2021-02-08")
    dates = resolver.resolve("The police said that the curfew was respected.")
    assert dates.event == day("2021-02-08")


def test_counter_figures_after_a_dated_look_back_are_about_the_earlier_period():
    resolver = resolver_at("On 1 March 2020, the city council met for the first time.", ())
    dates = resolver.resolve(
        "A toll of 640 civilians killed between May and August 2019 was reported by Airwars on"
        " 6 March."
    )
    assert dates.stated == day("2020-03-06")
    period = DateValue(datetime.date(2019, 5, 1), "month", datetime.date(2019, 8, 31))
    assert dates.event == period
    dates = resolver.resolve("The army maintained that its shelling had killed no more than 30.")
    assert dates.event == period
    dates = resolver.resolve("Amnesty alleged that the army had ignored its requests.")
    assert dates.event == day("2020-03-06")  # no figure: on the running date
    dates = resolver.resolve(
        "Two weeks later, the army acknowledged that it had killed 95 civilians."
    )
    assert dates.stated == day("2020-03-20")
    assert dates.event == period
    dates = resolver.resolve("It rejected the allegations, saying that it had answered them.")
    assert dates.event == day("2020-03-20")


def test_the_same_period_is_the_previous_sentence_s_span():
    resolver = resolver_at("On 20 June 2023, the offensive was declared over.", ())
    dates = resolver.resolve("On 22 June, the monitor said that 210 people had died since 2 May.")
    assert dates.event == span("2023-05-02", "2023-06-22")
    dates = resolver.resolve("The army put its own losses over the same period at 45 soldiers.")
    assert dates.event == span("2023-05-02", "2023-06-22")


def test_a_statement_date_after_the_speaker_s_title_between_commas():
    resolver = resolver_at("On 2 May 2021, the talks began.", ())
    sentence = '"We are ready," said Lina Haddad, a negotiator for the opposition, on 4 May.'
    dates = resolver.resolve(sentence)
    assert dates.stated == dates.event == day("2021-05-04")


def test_a_day_of_the_month_ahead_stays_in_the_context_s_month():
    resolver = resolver_at("On 30 April 2022, the relief convoy left the port.", ())
    resolver.resolve("The agency said the next day that the trucks had reached the camp.")
    assert resolver.context == day("2022-05-01")
    # Not the 27 April just behind: the day the month the story is in has not reached yet.
    dates = resolver.resolve("On the 27th, a second convoy was turned back at the checkpoint.")
    assert dates.event == day("2022-05-27")
    # A day already passed still takes the nearest month.
    resolver = resolver_at("On 30 April 2022, the relief convoy left the port.", ())
    assert resolver.resolve("On the 2nd, the convoy arrived.").event == day("2022-05-02")


def test_a_forward_shift_before_a_report_of_what_had_happened_keeps_the_happening():
    resolver = resolver_at("On 8 March 2022, helicopters dropped food sacks over the valley.", ())
    dates = resolver.resolve(
        "The following day, the rebels claimed that one of the sacks had landed in their camp."
    )
    assert dates.stated == day("2022-03-09")
    assert dates.event == day("2022-03-08")  # the drop, not the claim
    assert resolver.context == day("2022-03-09")
    # A second report a few days on, still about the drop.
    dates = resolver.resolve(
        "Three days later, the air force acknowledged that a sack had drifted."
    )
    assert dates.event == day("2022-03-08")
    # A condition described on the speaker's day ("had been destroyed") is dated by the statement.
    resolver = resolver_at("On 8 March 2022, the army declared the district secured.", ())
    dates = resolver.resolve(
        'The next day, the opposition alleged that the district had been "ruined, not secured".'
    )
    assert dates.event == day("2022-03-09")


def test_undated_sentences_after_a_coarser_date_containing_the_context_take_it():
    resolver = resolver_at("On 4 March 2022, the siege of the port began.", ())
    dates = resolver.resolve("In mid-March, the navy said that it held half of the harbour.")
    assert dates.event == month("2022-03")
    assert resolver.context == day("2022-03-04")  # relative dates still count from the day
    dates = resolver.resolve("The dockworkers' union insisted that the navy held far less.")
    assert dates.event == month("2022-03")
    # A date of its own ends it.
    resolver.resolve("On 20 March, the navy took the lighthouse.")
    assert resolver.resolve("The union denied that it had.").event == day("2022-03-20")


def test_a_named_happening_timing_reported_content_is_its_event():
    resolver = resolver_at("In September 2022, the new governor took office.", ())
    dates = resolver.resolve(
        "The farmers' union stated in September 2022 that soldiers had burned crops near the "
        "river after the May floods, which it said was a reprisal."
    )
    assert dates.stated == month("2022-09")
    assert dates.event == month("2022-05")
    assert resolver.context == month("2022-09")


def test_a_confirmation_of_an_earlier_figure_is_about_that_figure():
    resolver = resolver_at("On 2 May 2022, the floods reached the plain.", ())
    dates = resolver.resolve("The aid office said on 9 May that 800 families had fled since 2 May.")
    assert dates.event == span("2022-05-02", "2022-05-09")
    dates = resolver.resolve("The provincial government confirmed the figure the same day.")
    assert dates.stated == day("2022-05-09")
    assert dates.event == span("2022-05-02", "2022-05-09")


def test_a_tally_in_a_second_reported_clause_does_not_date_the_sentence():
    resolver = resolver_at("On 11 May 2022, the engineers finished the bridge.", ())
    dates = resolver.resolve(
        "The council announced on 12 May that the road had reopened and estimated that 300 "
        "trucks had crossed the border since 2 May."
    )
    assert dates.stated == dates.event == day("2022-05-12")
    # In the first reported clause it is the tally.
    dates = resolver.resolve(
        "The customs office said on 13 May that 350 trucks had crossed since 2 May."
    )
    assert dates.event == span("2022-05-02", "2022-05-13")


def test_a_statement_date_after_a_demonstrative_object():
    resolver = resolver_at("On 6 April 2022, the minister warned that the dam would fail.", ())
    dates = resolver.resolve(
        "The engineers rejected that forecast the following day, stating that the dam still held."
    )
    assert dates.stated == dates.event == day("2022-04-07")  # a state on the speaker's day


def test_an_ongoing_state_in_the_reported_clause_is_on_the_speaker_s_day():
    resolver = resolver_at("On 14 April 2022, the first medical team crossed the border.", ())
    dates = resolver.resolve(
        "The health ministry said the next day that its doctors had set up a clinic and were "
        "treating the wounded."
    )
    assert dates.stated == dates.event == day("2022-04-15")


def test_statement_dates_of_videos_and_of_speakers_with_accented_names():
    resolver = resolver_at("On 2 May 2022, the militia left the town.", ())
    dates = resolver.resolve(
        "In a video published on 5 May, a militia commander acknowledged that his men had "
        "withdrawn."
    )
    assert dates.stated == day("2022-05-05")
    sentence = '"Nobody crossed here," said Barış Koç, the border governor, on 6 May.'
    assert resolver.resolve(sentence).stated == day("2022-05-06")


def test_reported_content_long_before_the_story_does_not_take_it_back():
    resolver = resolver_at("On 10 June 2022, the new council met.", ())
    dates = resolver.resolve(
        "In May 2022, the air force acknowledged that its strikes on 3 August 2021 had killed 12."
    )
    assert dates.event == day("2021-08-03")
    assert resolver.context == day("2022-06-10")
    assert resolver.resolve("In July, the council reopened the school.").event == month("2022-07")


def test_a_standalone_number_is_found_as_the_plain_pattern_finds_it():
    """The count pattern starts at a digit (for speed); it must find exactly the
    numbers the plain form finds: not preceded by a letter, digit, point or comma,
    not running on into one."""
    import random
    import re

    from claims.ingest.dates import _COUNT_NUMBER

    plain = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?!\w)|(?<![\w.,])\d+(?![\w.,]?\d|\w)")
    pieces = [*"0123456789,.a -x_", "٣", "’"]
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        assert bool(_COUNT_NUMBER.search(text)) == bool(plain.search(text)), text
