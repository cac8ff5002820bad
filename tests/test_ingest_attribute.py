"""Stage 4 of the importer (claims/ingest/attribute.py): the statements a sentence
attributes to a speaker, who the speaker is, the stance verb and the claimed
content. The sentences are invented for these tests; the names resolve through a
small NameIndex built here, not through the seeds."""

import pytest

from claims.ingest.attribute import Attribution, Attributor
from claims.ingest.names import NameIndex

SOURCES = NameIndex(
    [
        ("SDF", "sdf"),
        ("Syrian Democratic Forces", "sdf"),
        ("Mustafa Bali", "sdf"),
        ("SDF official media wing", "sdf-press-office"),
        ("SOHR", "sohr"),
        ("Syrian Observatory for Human Rights", "sohr"),
        ("Rami Abdulrahman", "sohr"),
        ("ISIL", "isil"),
        ("Amaq", "amaq"),
        ("Coalition", "cjtf-oir"),
        ("Coalition sources", "cjtf-oir"),
        ("Sean Ryan", "cjtf-oir"),
        ("U.S. Central Command", "centcom"),
        ("pro-Kurdish sources", "pro-kurdish-sources"),
        ("pro-coalition sources", "pro-coalition-sources"),
        ("local activists", "local-activists"),
        ("SANA", "sana"),
        ("Reuters", "reuters"),
        ("Government of Freedonia", "freedonia-government"),
        ("Freedonian government", "freedonia-government"),
        ("US government", "us-government"),
    ]
)


@pytest.fixture
def attributor() -> Attributor:
    return Attributor(SOURCES)


def speakers(attributions: list[Attribution]) -> list[tuple[str | None, str]]:
    return [(a.source, a.speaker) for a in attributions]


def one(attributor: Attributor, sentence: str) -> Attribution:
    found = attributor.attribute(sentence)
    assert len(found) == 1, found
    return found[0]


# --- "X <verb> that …" ----------------------------------------------------------------


@pytest.mark.parametrize(
    "verb",
    [
        "stated",
        "said",
        "reported",
        "announced",
        "claimed",
        "denied",
        "confirmed",
        "acknowledged",
        "estimated",
        "warned",
        "added",
        "declared",
    ],
)
def test_each_reporting_verb_attributes_the_statement(attributor, verb):
    sentence = f"SOHR {verb} that a water tower near the silo had collapsed."
    attribution = one(attributor, sentence)
    assert attribution.source == "sohr"
    assert attribution.speaker == "SOHR"
    assert attribution.verb == verb
    assert attribution.content == "a water tower near the silo had collapsed"


def test_the_content_excludes_the_cue_and_that_and_has_its_offsets(attributor):
    sentence = "The SDF announced that the grain silos were back under its control."
    attribution = one(attributor, sentence)
    assert attribution.content == "the grain silos were back under its control"
    assert sentence[attribution.content_start : attribution.content_end].startswith(
        "the grain silos"
    )
    assert sentence[attribution.cue_start :].startswith("announced")


def test_the_verb_is_kept_as_written(attributor):
    assert one(attributor, "SOHR says that the ferry sank.").verb == "says"
    assert one(attributor, "The SDF responded by stating that the ferry sank.").verb == (
        "responded by stating"
    )
    toll = one(attributor, "The SDF put the death toll at 14.")
    assert toll.verb == "put the death toll at"
    assert toll.content == "14"


def test_a_capitalised_verb_word_is_a_name_not_a_verb(attributor):
    # Lower case only: "the United States" does not "state" anything.
    assert attributor.attribute("The United States Army entered the town.") == []


def test_a_statement_without_that(attributor):
    attribution = one(attributor, "Amaq claimed its snipers had pinned down a whole company.")
    assert attribution.source == "amaq"
    assert attribution.content == "its snipers had pinned down a whole company"


def test_a_date_or_medium_between_verb_and_content_is_not_content(attributor):
    attribution = one(attributor, "SANA claimed on 3 May that 30 farmers were arrested.")
    assert attribution.content == "30 farmers were arrested"
    attribution = one(attributor, "The SDF said the next morning that two scouts were missing.")
    assert attribution.content == "two scouts were missing"


def test_a_denial_is_marked(attributor):
    denial = one(attributor, "The Coalition denied that its drones had struck the market.")
    assert denial.is_denial
    assert denial.content == "its drones had struck the market"
    plain = one(attributor, "The Coalition stated that its drones had struck the depot.")
    assert not plain.is_denial


@pytest.mark.parametrize(
    "sentence",
    [
        "The SDF stated that the bridge was not damaged.",
        "The Coalition said that its aircraft did not fire on the convoy.",
        "The SDF said there were no talks with the tribes.",
        "A Coalition spokesman told reporters that the SOHR figure was not credible.",
    ],
)
def test_a_statement_that_something_is_not_so_reads_as_a_denial(attributor, sentence):
    assert one(attributor, sentence).is_denial


def test_a_belief_is_not_a_denial(attributor):
    assert not one(attributor, "SOHR said that it did not expect the truce to hold.").is_denial


# --- "according to X", "per X", "was reported by X" -----------------------------


def test_according_to_before_the_content(attributor):
    attribution = one(attributor, "According to SOHR, nine shepherds were killed by a mine.")
    assert (attribution.source, attribution.verb) == ("sohr", "according to")
    assert attribution.content == "nine shepherds were killed by a mine"


def test_according_to_after_the_content(attributor):
    attribution = one(attributor, "Nine shepherds were killed by a mine, according to SOHR.")
    assert attribution.source == "sohr"
    assert attribution.content == "Nine shepherds were killed by a mine"


def test_according_to_a_full_name_with_the(attributor):
    attribution = one(
        attributor, "According to the Syrian Observatory for Human Rights, the ferry sank."
    )
    assert attribution.source == "sohr"
    assert attribution.content == "the ferry sank"


def test_per_and_as_per(attributor):
    attribution = one(attributor, "Forty families left the camp, per SOHR.")
    assert (attribution.source, attribution.verb, attribution.content) == (
        "sohr",
        "per",
        "Forty families left the camp",
    )
    assert one(attributor, "The fighters gave up in their hundreds (as per SOHR).").source == (
        "sohr"
    )


def test_passive_reported_by(attributor):
    attribution = one(attributor, "The death of the emir was reported by SOHR on 4 May.")
    assert attribution.source == "sohr"
    assert attribution.verb == "reported"
    assert attribution.content == "The death of the emir"


def test_as_reported_by_before_the_content(attributor):
    attribution = one(attributor, "As reported by SOHR, the emir died in the raid.")
    assert attribution.content == "the emir died in the raid"


def test_reports_by_a_source_that(attributor):
    attribution = one(
        attributor, "There were also reports by pro-Kurdish sources that the dam had been mined."
    )
    assert attribution.source == "pro-kurdish-sources"
    assert attribution.content == "the dam had been mined"


def test_reports_emerged_from_a_source(attributor):
    sentence = (
        "On the same day, reports emerged – notably from SOHR – that the SDF had entered "
        "the port, but this was not confirmed by the Coalition."
    )
    attribution = one(attributor, sentence)
    assert attribution.source == "sohr"
    assert attribution.content == "the SDF had entered the port"
    assert not attribution.is_denial


def test_a_source_citing_another(attributor):
    found = attributor.attribute("SOHR, citing local activists, said that the bridge fell.")
    assert [(a.source, a.verb, a.content) for a in found] == [
        ("local-activists", "citing", "the bridge fell"),
        ("sohr", "said", "the bridge fell"),
    ]


def test_an_arrest_on_accusations_is_the_arresting_side_s_claim(attributor):
    sentence = "A tribal elder was detained by SDF police on charges of smuggling fuel to ISIL."
    attribution = one(attributor, sentence)
    assert attribution.source == "sdf"
    assert attribution.content == "smuggling fuel to ISIL"
    assert attributor.attribute("A tribal elder was detained by gunmen on charges of theft.") == []


# --- roles, media wings, spokespeople ------------------------------------------------


def test_a_media_wing_with_a_possessive(attributor):
    attribution = one(attributor, "The SDF's official media wing reported that the ferry sank.")
    assert attribution.source == "sdf-press-office"
    assert attribution.content == "the ferry sank"


def test_a_body_s_media_wing_speaks_for_it(attributor):
    attribution = one(attributor, "ISIL's media wing reported that its fighters held the ridge.")
    assert attribution.source == "isil"


def test_told_reuters_keeps_the_speaker_not_the_medium(attributor):
    attribution = one(attributor, "Mustafa Bali told Reuters that the last pocket would fall soon.")
    assert (attribution.source, attribution.speaker) == ("sdf", "Mustafa Bali")
    assert attribution.verb == "told"
    assert attribution.content == "the last pocket would fall soon"


def test_told_reporters_is_not_content(attributor):
    attribution = one(attributor, "The SDF told reporters that the checkpoint had reopened.")
    assert attribution.content == "the checkpoint had reopened"


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("SDF spokesman Mustafa Bali said that the assault had resumed.", "sdf"),
        ("An SDF spokesman said that the assault had resumed.", "sdf"),
        ("Coalition spokesman Col. Sean Ryan stated that no civilians were harmed.", "cjtf-oir"),
        ("SOHR director Rami Abdulrahman said that the assault had resumed.", "sohr"),
        ("The commander of U.S. Central Command said that the assault had resumed.", "centcom"),
    ],
)
def test_spokespeople_and_commanders_speak_for_their_organisation(attributor, sentence, source):
    assert one(attributor, sentence).source == source


def test_an_aside_between_speaker_and_verb(attributor):
    assert one(attributor, "The SDF, backed by the Coalition, said that the town fell.").source == (
        "sdf"
    )
    assert one(attributor, "SOHR, for its part, said that the town fell.").source == "sohr"


# --- released figures / images vs released prisoners ------------------------------


def test_released_figures_or_images_is_a_claim(attributor):
    figures = one(attributor, "The SDF released figures showing 40 ISIL fighters surrendered.")
    assert (figures.source, figures.verb) == ("sdf", "released")
    assert "40 ISIL fighters surrendered" in figures.content
    images = one(attributor, "Amaq released images of the burning tanks.")
    assert images.source == "amaq"


def test_released_prisoners_is_not_a_claim(attributor):
    assert attributor.attribute("The SDF released 400 prisoners to their tribes.") == []
    assert attributor.attribute("The Coalition released the detained journalist.") == []


# --- several speakers ---------------------------------------------------------------------


def test_joint_attribution_gives_one_attribution_per_source(attributor):
    found = attributor.attribute(
        "Pro-Kurdish and pro-coalition sources stated that the airfield had fallen."
    )
    assert sorted(a.source for a in found) == ["pro-coalition-sources", "pro-kurdish-sources"]
    assert {a.content for a in found} == {"the airfield had fallen"}


def test_joint_adjectives_resolve_through_their_own_alias(attributor):
    found = attributor.attribute("Pro-Kurdish and Coalition sources stated that the dam held.")
    assert sorted(a.source for a in found) == ["cjtf-oir", "pro-kurdish-sources"]


def test_according_to_both(attributor):
    found = attributor.attribute("According to both SOHR and local activists, the bakery burned.")
    assert speakers(found) == [("sohr", "SOHR"), ("local-activists", "local activists")]
    assert {a.content for a in found} == {"the bakery burned"}


def test_two_named_subjects_of_one_verb(attributor):
    found = attributor.attribute("The SDF and SOHR estimated that 600 fighters remained.")
    assert sorted(a.source for a in found) == ["sdf", "sohr"]


def test_two_speakers_each_with_their_own_content(attributor):
    found = attributor.attribute(
        "SOHR reported that 12 civilians died in the shelling, while ISIL stated that "
        "30 SDF fighters were killed."
    )
    assert [(a.source, a.verb, a.content) for a in found] == [
        ("sohr", "reported", "12 civilians died in the shelling"),
        ("isil", "stated", "30 SDF fighters were killed"),
    ]


def test_a_run_on_second_statement_after_a_comma(attributor):
    found = attributor.attribute(
        "Hours later, the SDF stated they retook the hill, Some local activists stated that "
        "jets hit the convoy."
    )
    assert [(a.source, a.content) for a in found] == [
        ("sdf", "they retook the hill"),
        ("local-activists", "jets hit the convoy"),
    ]


def test_a_rejection_of_an_allegation_in_the_same_sentence(attributor):
    found = attributor.attribute(
        "On 2 May, SANA alleged that the SDF shot prisoners, an accusation the SDF rejected."
    )
    assert [(a.source, a.verb, a.content) for a in found] == [
        ("sana", "alleged", "the SDF shot prisoners"),
        ("sdf", "rejected", "the SDF shot prisoners"),
    ]
    assert found[1].is_denial


def test_an_account_another_source_rejected(attributor):
    found = attributor.attribute("The SDF said the shell missed, an account that SOHR rejected.")
    assert [(a.source, a.content) for a in found] == [
        ("sdf", "the shell missed"),
        ("sohr", "the shell missed"),
    ]


def test_reported_speech_inside_a_claim_is_not_a_second_claim(attributor):
    found = attributor.attribute("SOHR said that the SDF denied the raid.")
    assert speakers(found) == [("sohr", "SOHR")]


def test_the_same_speaker_twice_in_a_sentence_is_one_attribution(attributor):
    found = attributor.attribute("SOHR reported that 12 civilians died, and added that 30 fled.")
    assert speakers(found) == [("sohr", "SOHR")]


def test_a_second_verb_of_the_same_subject_is_not_someone_else_s(attributor):
    # "… and criticized the SDF of denying …": the SDF is the object, and "of denying"
    # is no statement of its own.
    found = attributor.attribute(
        "SOHR denied these charges, and criticized the SDF of denying the families any aid."
    )
    assert speakers(found) == [("sohr", "SOHR")]


# --- quotations ---------------------------------------------------------------------------


def test_inverted_quote_with_said_before_the_speaker(attributor):
    attribution = one(attributor, '"We will not leave the town," said Mustafa Bali.')
    assert (attribution.source, attribution.verb) == ("sdf", "said")
    assert attribution.content == "We will not leave the town"


def test_inverted_quote_with_the_speaker_before_said(attributor):
    attribution = one(attributor, '"The road is open again," the SDF said.')
    assert attribution.source == "sdf"
    assert attribution.content == "The road is open again"


def test_inverted_quote_with_an_article_before_the_speaker(attributor):
    attribution = one(attributor, '"There is no truce," said an SDF commander.')
    assert attribution.source == "sdf"
    assert attribution.content == "There is no truce"


def test_inverted_quote_by_an_unnamed_speaker(attributor):
    attribution = one(attributor, '"We hold the bridge," said one fighter.')
    assert (attribution.source, attribution.speaker) == (None, "one fighter")


def test_a_quotation_continued_in_the_next_sentence(attributor):
    attributor.attribute('"The city is safe now," said Mustafa Bali.')
    carried = one(attributor, '"Families can come back."')
    assert (carried.source, carried.speaker) == ("sdf", "Mustafa Bali")
    assert carried.content == "Families can come back"


def test_a_quotation_with_its_own_speaker_is_not_carried_on(attributor):
    attributor.attribute("SOHR said that the ferry sank.")
    found = attributor.attribute('"Nobody warned us," said one fisherman.')
    assert speakers(found) == [(None, "one fisherman")]


def test_names_inside_a_quotation_are_not_the_speaker(attributor):
    attributor.attribute("Mustafa Bali said that the offensive would resume.")
    attribution = one(attributor, '"There are no talks with ISIL," he added.')
    assert attribution.source == "sdf"
    assert attribution.verb == "added"


def test_a_speaker_s_own_quoted_words_are_not_a_new_claim(attributor):
    found = attributor.attribute('SOHR quoted a resident: "the emir said we must stay," she said.')
    assert "emir" not in [a.speaker for a in found]


# --- follow-on sentences ----------------------------------------------------------------------


def test_it_added_continues_the_previous_speaker(attributor):
    attributor.attribute("SOHR reported that the bakery was bombed.")
    follow_on = one(attributor, "It added that two children were among the dead.")
    assert (follow_on.source, follow_on.speaker, follow_on.verb) == ("sohr", "SOHR", "added")
    assert follow_on.content == "two children were among the dead"


def test_he_said_continues_the_previous_speaker(attributor):
    attributor.attribute("Sean Ryan said that the strike was precise.")
    assert one(attributor, "He later said that a review was under way.").source == "cjtf-oir"


def test_a_pronoun_does_not_reach_back_into_an_earlier_paragraph(attributor):
    attributor.attribute("SOHR reported that the bakery was bombed.")
    attributor.new_paragraph()
    assert attributor.attribute("It added that the road was closed.") == []


def test_a_quotation_does_not_continue_across_paragraphs(attributor):
    attributor.attribute('"The city is safe now," said Mustafa Bali.')
    attributor.new_paragraph()
    assert attributor.attribute('"Families can come back."') == []


def test_a_pronoun_with_no_earlier_speaker_is_not_attributed(attributor):
    assert attributor.attribute("It added that the road was closed.") == []


# --- speakers the reference list does not know --------------------------------------------


def test_an_unknown_speaker_is_kept_as_written(attributor):
    attribution = one(
        attributor, "The Raqqa Civil Council said that the water network would be repaired."
    )
    assert attribution.source is None
    assert attribution.speaker == "Raqqa Civil Council"
    assert attribution.content == "the water network would be repaired"


def test_the_council_later_is_the_same_unknown_speaker(attributor):
    attributor.attribute("The Raqqa Civil Council said that the water network would be repaired.")
    attributor.new_paragraph()
    later = one(attributor, "Later, the council insisted that the repairs were on schedule.")
    assert (later.source, later.speaker, later.verb) == (None, "Raqqa Civil Council", "insisted")


def test_an_unknown_speaker_with_an_adverb_before_the_verb(attributor):
    found = attributor.attribute(
        "Coalition officials said that 900 residents had come back, a figure that the "
        "Raqqa Civil Council also gave."
    )
    assert speakers(found) == [("cjtf-oir", "Coalition"), (None, "Raqqa Civil Council")]
    assert found[1].verb == "gave"
    assert found[1].content == "900 residents had come back"


def test_an_unknown_speaker_is_never_guessed_into_a_known_source(attributor):
    attribution = one(attributor, "The Manbij Military Council said that the bridge held.")
    assert attribution.source is None
    assert attribution.speaker == "Manbij Military Council"


def test_generic_speakers(attributor):
    assert speakers(attributor.attribute("Frontline reports said that the ridge fell.")) == [
        (None, "Frontline reports")
    ]
    assert speakers(attributor.attribute("The ridge fell, according to media reports.")) == [
        (None, "media reports")
    ]


def test_showed_only_for_a_known_source(attributor):
    found = attributor.attribute("Pro-Kurdish sources showed the flag over the town hall.")
    assert speakers(found) == [("pro-kurdish-sources", "Pro-Kurdish sources")]
    assert attributor.attribute("Pictures from the town showed flags on the roofs.") == []


# --- what is not a claim -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The SDF captured the village.",
        "SOHR was founded in 2006.",
        "SOHR, which was founded in 2006, is based in Coventry.",
        "It was reported that the bridge had collapsed.",
        "It was announced that the offensive would resume.",
        "The capture of the hill was announced on Monday.",
        "The stated aim of the offensive was to reach the border.",
        "The capture of the hill was not confirmed by the SDF.",
        "The raid was never confirmed by the Coalition.",
        "The attack claimed the lives of 5 civilians.",
        "The blast claimed the life of a nurse.",
        "Reuters journalists visited the town.",
        "The SDF reportedly captured the village.",
        "The ISIL-claimed bombing killed four.",
        "The SDF released 400 prisoners to their tribes.",
        "A report by SOHR was published on 12 June.",
        "",
    ],
)
def test_not_a_claim(attributor, sentence):
    assert attributor.attribute(sentence) == []


def test_an_active_progressive_verb_still_reports(attributor):
    attribution = one(attributor, "SOHR was reporting that the bridge had collapsed.")
    assert attribution.source == "sohr"
    assert attribution.content == "the bridge had collapsed"
    # Without "that", the last speaker is the one who reports.
    found = attributor.attribute("The SDF was reporting heavy losses, SOHR said.")
    assert [(a.source, a.content) for a in found] == [
        ("sohr", "The SDF was reporting heavy losses")
    ]


def test_accusing_keeps_the_accused_in_the_content(attributor):
    attribution = one(attributor, "Shelling resumed, with the SDF accusing ISIL of using shields.")
    assert attribution.source == "sdf"
    assert attribution.content == "ISIL of using shields"


def test_attributions_are_frozen(attributor):
    attribution = one(attributor, "SOHR said that the ferry sank.")
    with pytest.raises(AttributeError):
        attribution.source = "sdf"  # type: ignore[misc]


def test_a_subject_with_two_verbs_speaks_with_the_second(attributor):
    found = one(
        attributor,
        "After a week of street fighting near the river, the SDF stormed the last district "
        "of the town on 4 May and declared the town free of militants.",
    )
    assert (found.source, found.verb) == ("sdf", "declared")
    assert found.content == "the town free of militants"


def test_unnamed_people_with_a_specific_statement_are_speakers(attributor):
    found = one(
        attributor,
        "Around forty interviewed residents described how the checkpoints were run.",
    )
    assert (found.source, found.speaker) == (None, "interviewed residents")


def test_a_narrative_sentence_with_two_verbs_is_not_a_claim(attributor):
    assert attributor.attribute("The SDF stormed the district and captured the bridge.") == []


# --- titles, appositions, relative clauses and asides -----------------------------------


@pytest.mark.parametrize(
    ("sentence", "speaker", "content"),
    [
        ("Amaq put the SDF's losses at 50.", "amaq", "50"),
        ("SOHR put the militants' dead at 12 and the SDF's at 2.", "sohr", "12 and the SDF's at 2"),
    ],
)
def test_a_toll_with_a_possessor_is_put_at_a_figure(attributor, sentence, speaker, content):
    attribution = one(attributor, sentence)
    assert attribution.source == speaker
    assert attribution.content == content


def test_a_leading_according_to_ends_where_another_speaker_begins(attributor):
    found = attributor.attribute(
        "According to SOHR, 12 fighters died near the silo, while Amaq put the toll at 40."
    )
    assert [(a.source, a.content) for a in found] == [
        ("sohr", "12 fighters died near the silo"),
        ("amaq", "40"),
    ]


def test_a_name_in_commas_after_a_title_is_the_speaker(attributor):
    found = one(
        attributor,
        "The UN envoy for Ruritania, Jane Roe de Vries, warned on 3 May that the camp was full.",
    )
    assert (found.source, found.speaker) == (None, "Jane Roe de Vries")
    assert found.content == "the camp was full"


@pytest.mark.parametrize(
    "sentence",
    [
        "Freedonia's deputy prime minister, John Doe, said on 2 May that 900 people had crossed.",
        "Visiting the capital, US Vice President John Doe said that 900 people had crossed.",
    ],
)
def test_a_countrys_minister_or_president_speaks_for_its_government(attributor, sentence):
    found = one(attributor, sentence)
    assert found.source in ("freedonia-government", "us-government")
    assert found.content == "900 people had crossed"


def test_an_unknown_countrys_minister_is_not_guessed_into_a_source(attributor):
    found = one(attributor, "Ruritania's foreign minister, John Doe, said the border was shut.")
    assert (found.source, found.speaker) == (None, "John Doe")


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ('"We sent nobody," said John Doe, the Freedonian government spokesman, on 3 May.',
         "freedonia-government"),
        ('"We hold the bridge," said Jane Roe, an SDF spokeswoman.', "sdf"),
    ],
)  # fmt: skip
def test_an_inverted_speaker_with_a_title_speaks_for_its_body(attributor, sentence, source):
    found = one(attributor, sentence)
    assert found.source == source


def test_an_inverted_speaker_followed_by_a_participle_clause_stays_unnamed(attributor):
    found = one(
        attributor, '"We waited for days," said one driver, referring to the ISIL commander.'
    )
    assert (found.source, found.speaker) == (None, "one driver")


def test_a_place_after_in_locates_the_speaker(attributor):
    found = one(attributor, "The Ministry of Water in Capital City said that the pumps had failed.")
    assert (found.source, found.speaker) == (None, "Ministry of Water")
    assert attributor.attribute("Fighters in Capital City said that the pumps had failed.") == []


def test_a_sources_media_office_is_its_media_source_when_listed():
    attributor = Attributor(
        NameIndex([("Freedonian Army", "fla"), ("Freedonian Army official media", "fla-media")])
    )
    sentence = "The Freedonian Army's media office in the north said that the attack failed."
    assert one(attributor, sentence).source == "fla-media"
    # Without a media source of its own, the body speaks for itself.
    attributor = Attributor(NameIndex([("Freedonian Army", "fla")]))
    assert one(attributor, sentence).source == "fla"


def test_warning_shots_are_not_a_warning(attributor):
    assert attributor.attribute("Coalition jets fired warning shots over the convoy.") == []


def test_the_speaker_is_the_one_a_relative_clause_describes(attributor):
    found = one(
        attributor, "A local resident who returned in May told Reuters that the bakery had closed."
    )
    assert (found.source, found.speaker) == (None, "A local resident")
    assert found.content == "the bakery had closed"
    # A named speaker inside the relative clause is the one who speaks.
    assert one(attributor, "Civilians who SOHR said had died were buried.").source == "sohr"


def test_a_verbless_while_aside_does_not_break_the_clause(attributor):
    found = one(
        attributor,
        "SOHR, while at a meeting of donors that had funded the camps, predicted that the dam "
        "would fail.",
    )
    assert found.source == "sohr"
    assert found.content == "the dam would fail"
