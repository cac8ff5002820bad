"""Linking: claims to the events they are about, and the relations between
claims that the importer suggests for editors to accept or reject.

The importer proposes, never decides: every relation made here is a
suggestion. A denial answers the nearest earlier claim of another source about
the same happening; two independent sources giving figures for the same event
and quantity corroborate each other when the figures can both be true, and
contradict each other when they cannot.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..models import ClaimKind, EventKind, RelationKind
from .attribute import DENIAL_VERBS, Attribution
from .dates import DateValue
from .figures import FigureMention, extract_figures
from .literals import ScreenedPattern
from .lowercase import LowercasePattern
from .segment import Sentence

# How far back (in sentences) a denial or a same-day claim looks for its match.
DENIAL_REACH = 4
EVENT_REACH = 12


@dataclass
class ExtractedEvent:
    key: str
    sentence: Sentence
    date: DateValue | None
    title: str
    summary: str
    kind: str
    places: list[str]
    parties: list[str]


@dataclass
class ExtractedClaim:
    key: str
    sentence: Sentence
    attribution: Attribution
    source: str | None  # slug, or None for a speaker the reference lists do not know
    speaker: str
    text: str
    kind: str
    event_date: DateValue | None
    stated: DateValue | None
    figures: list[FigureMention]
    places: list[str]
    parties: list[str]
    event_key: str | None = None


@dataclass(frozen=True)
class SuggestedRelation:
    from_key: str
    to_key: str
    kind: str
    note: str


@dataclass
class Extraction:
    events: list[ExtractedEvent] = field(default_factory=list)
    claims: list[ExtractedClaim] = field(default_factory=list)
    relations: list[SuggestedRelation] = field(default_factory=list)


_EVENT_KIND_WORDS: list[tuple[str, LowercasePattern]] = [
    (
        EventKind.AIRSTRIKE,
        LowercasePattern(
            r"\bair ?(?:strikes?|raids?)\b|\bbomb(?:ed|ing|ardment)\b"
            r"|(?<!-)\b(?:jets?|warplanes?|aircraft|drones?|bombers?)\b"
        ),
    ),
    (EventKind.SURRENDER, LowercasePattern(r"\bsurrender")),
    (EventKind.EVACUATION, LowercasePattern(r"\bevacuat|\bcorridor\b|\bfled\b|\bflee")),
    (EventKind.COUNTERATTACK, LowercasePattern(r"\bcounter-?attack")),
    (EventKind.ATTACK, LowercasePattern(r"\battack|\bambush|\bcar bomb|\bvbied|\bsuicide")),
    (EventKind.SHELLING, LowercasePattern(r"\bshell(?:ed|ing)\b|\bartillery\b|\bmissile")),
    (
        EventKind.CAPTURE,
        LowercasePattern(r"\bcaptur|\bseiz|\btook (?:control|over)|\bliberat|\bfell\b"),
    ),
    (EventKind.ADVANCE, LowercasePattern(r"\badvanc|\bpushed\b|\bentered\b|\breached\b")),
    (EventKind.CLASH, LowercasePattern(r"\bclash|\bfighting\b|\bbattle\b")),
    (EventKind.KILLING, LowercasePattern(r"\bkill|\bexecut|\bdeath")),
    (EventKind.ARREST, LowercasePattern(r"\barrest|\bdetain")),
    (EventKind.ANNOUNCEMENT, LowercasePattern(r"\bannounc|\blaunch")),
]

# In order: the first that matches is the claim's kind. The fate of named
# commanders or hostages is about persons even when they were killed.
_CLAIM_KIND_WORDS: list[tuple[str, LowercasePattern]] = [
    (ClaimKind.PERSON, LowercasePattern(r"\b(?:commanders?|leaders?|emirs?|hostages?)\b")),
    (
        ClaimKind.CIVILIAN_HARM,
        LowercasePattern(r"\bcivilian|\bchildren\b|\bwomen\b|\bhospital|\bmosque|\bfamil"),
    ),
    (
        ClaimKind.CASUALTIES,
        LowercasePattern(
            r"\bkill|\bwound|\binjur|\bdead\b|\bdeaths?\b|\bcasualt|\bcaptured (?:at least )?\d"
        ),
    ),
    (ClaimKind.PERSON, LowercasePattern(r"\bspokes")),
    (
        ClaimKind.TERRITORY,
        LowercasePattern(
            r"\bcaptur|\bcontrol|\bseiz|\badvanc|\btook\b|\btaken\b|\bentered\b|\bpocket\b"
            r"|\brecaptur|\bcleared\b"
        ),
    ),
]


@functools.lru_cache(maxsize=4096)  # the same sentence is asked again when linking
def event_kind(text: str) -> str:
    for kind, pattern in _EVENT_KIND_WORDS:
        if pattern.occurs_in(text):
            return kind
    return EventKind.OTHER


def claim_kind(attribution: Attribution, text: str) -> str:
    if attribution.is_denial:
        return ClaimKind.DENIAL
    for kind, pattern in _CLAIM_KIND_WORDS:
        if pattern.occurs_in(text):
            return kind
    return ClaimKind.OTHER


def title_for(text: str, limit: int = 120) -> str:
    text = " ".join(text.split()).rstrip(".")
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def link_claims_to_events(extraction: Extraction, make_event) -> None:
    """Each claim to the event it is about: the event of its own sentence; else
    the nearest earlier event of the same date sharing a place; else the nearest
    earlier event of the same date in the same paragraph; else a new event made
    from the claim's sentence (`make_event(claim)`), so that every dated claim
    is about some event."""
    by_sentence = {event.sentence.index: event for event in extraction.events}
    # Events by their date, so that a claim looks only at the events of its day.
    by_day: dict[tuple, list[ExtractedEvent]] = {}
    for event in extraction.events:
        if event.date is not None:
            by_day.setdefault(_day_key(event.date), []).append(event)
    for claim in extraction.claims:
        event = by_sentence.get(claim.sentence.index)
        if event is None and claim.event_date is not None:
            event = _nearest_event(by_day.get(_day_key(claim.event_date), []), claim)
        if event is None and claim.event_date is not None:
            event = make_event(claim)
            extraction.events.append(event)
            by_sentence[claim.sentence.index] = event
            by_day.setdefault(_day_key(claim.event_date), []).append(event)
        claim.event_key = event.key if event else None


def _day_key(value: DateValue) -> tuple:
    return value.start, value.precision


def _nearest_event(same_day: list[ExtractedEvent], claim: ExtractedClaim) -> ExtractedEvent | None:
    earlier = [
        event
        for event in same_day
        if 0 <= claim.sentence.index - event.sentence.index <= EVENT_REACH
    ]
    earlier.sort(key=lambda event: -event.sentence.index)
    for event in earlier:
        if set(event.places) & set(claim.places):
            return event
    # Without a shared place, the same paragraph and date is the same happening
    # only if it is the same kind of happening: an airstrike's toll claimed on
    # the day of a village's capture is about the airstrike.
    kind = event_kind(claim.text)
    for event in earlier:
        if event.sentence.paragraph_start == claim.sentence.paragraph_start and _alike(
            kind, event.kind
        ):
            return event
    return None


# Kinds of happening that can be one event told twice; across families they cannot.
_KIND_FAMILIES = {
    EventKind.AIRSTRIKE: "from the air",
    EventKind.SHELLING: "from the air",
    EventKind.BOMBING: "from the air",
    EventKind.EVACUATION: "people moving",
    EventKind.DISPLACEMENT: "people moving",
}


def _alike(first: str, second: str) -> bool:
    if EventKind.OTHER in (first, second):
        return True
    return _KIND_FAMILIES.get(first, "on the ground") == _KIND_FAMILIES.get(second, "on the ground")


def forget() -> None:
    """Drop per-text caches between documents (see NameIndex.forget)."""
    _control_actor_in.cache_clear()
    event_kind.cache_clear()
    _verb_that_denies.cache_clear()
    _stem.cache_clear()


def suggest_relations(extraction: Extraction, party_of) -> None:
    """Suggest the relations the text makes evident, at most one per pair of claims:

    * a denial `denies` the claim it answers: the nearest earlier claim of another
      side that it names, refers back to ("denied these charges") or shares a
      topic with;
    * a later claim that asserts what an earlier denial denied `contradicts` it
      ("X denied negotiating …, but Y confirmed that negotiations …");
    * one statement attributed to independent sources at once ("according to
      both SOHR and local activists") `corroborates` across them;
    * a confirmation `corroborates` the earlier claim of another side it confirms;
    * figures for the same event, quantity and subject from independent sources
      `corroborates` when both can be true, else `contradicts`;
    * independent claims that the same place was taken `corroborates`; opposite
      sides claiming the same place on the same day `contradicts`;
    * a denial that "also" denies what another side denied `corroborates` that denial;
    * "had no indication that …" `denies` the claim it answers, as a denial would;
    * a figure set "far below those given by X and Y" `contradicts` their figures;
    * a bare toll ("it put the toll at 85") counts what the figure it revises counts;
    * a denial tied by the linker to the event of the claim told just before it
      answers that claim even in other words (the first telling, not a
      confirmation of it); a denial of "the accusations" answers every account of
      that event just told; a denial read on the very words another side said in
      its sentence ("…at more than 30, a figure the YPG disputed") answers them;
    * a statement negating ("no civilians had been inside") what another side said
      of its event just before `denies` it;
    * "the same share", or a confirmation of "the figure", `corroborates` the claim
      just before it; so does a confirmation, or a claim "also" told sharing a
      topic word, of the event told just before;
    * shares of a place held that cannot both be true (about 40 percent / no more
      than a fifth) `contradicts`; a place "cleared" or "pulled out of" counts as taken.

    Claims of one side (same source, or sources of the same party) are never
    related: a party agreeing with itself corroborates nothing.
    """
    claims = extraction.claims
    related: set[frozenset[str]] = set()
    events = {event.key: event for event in extraction.events}

    def places(claim: ExtractedClaim) -> list[str]:
        """The places a claim names, else those of the event it is about ("the oilfield")."""
        event = events.get(claim.event_key or "")
        return claim.places or (event.places if event else [])

    def add(first: ExtractedClaim, second: ExtractedClaim, kind: str, note: str) -> None:
        pair = frozenset((first.key, second.key))
        if first.key == second.key or pair in related:
            return
        related.add(pair)
        extraction.relations.append(SuggestedRelation(first.key, second.key, kind, note))

    figures = _figures_by_claim(claims)
    denials = [_is_denial(claim) for claim in claims]
    answers: dict[str, list[str]] = {}  # denial key → keys of the claims it answers
    for position, claim in enumerate(claims):
        if not denials[position]:
            continue
        answered = _answered_claims(claims[:position], claim, events=events)
        answers[claim.key] = [target.key for target in answered]
        kind = _denial_kind(claim)
        for target in answered:
            add(claim, target, kind, f"{claim.speaker} {_denial_verb(claim)}")
        for earlier in _agreeing_denials(claims[:position], claim, answers, party_of):
            add(claim, earlier, RelationKind.CORROBORATES, f"{claim.speaker} also denies it")

    for position, claim in enumerate(claims):
        if denials[position]:
            continue
        for target in _disavowed_claims(claims[:position], claim):
            add(claim, target, RelationKind.DENIES, f"{claim.speaker}: {_disavowal(claim)}")
        for denial in _disputed_denials(claims[:position], claim, party_of):
            add(claim, denial, RelationKind.CONTRADICTS, f"{claim.speaker} asserts what was denied")
        for target in _compared_figures(claims[:position], claim, figures):
            add(claim, target, RelationKind.CONTRADICTS, f"{claim.speaker} sets its figure apart")
        for target in _gainsaid_claims(claims[:position], claim, party_of, events):
            add(claim, target, RelationKind.DENIES, f"{claim.speaker} says it was not so")
        for target in _endorsed_claims(claims[:position], claim, party_of):
            add(claim, target, RelationKind.CORROBORATES, f"{claim.speaker}: {_endorsement(claim)}")

    shares = _shares_by_claim(claims, party_of)
    for position, first in enumerate(claims):
        if denials[position]:
            continue
        for later, second in enumerate(claims[position + 1 :], start=position + 1):
            if second.sentence.index - first.sentence.index > EVENT_REACH:
                break
            if denials[later] or not _independent(first, second, party_of):
                continue
            verdict = (
                _joint_statement(first, second)
                or _confirmation(first, second, events)
                or _seconding(first, second, events)
                or _compare_figures(first, second, figures[first.key], figures[second.key])
                or _compare_control(first, second, places(first), places(second))
                or _compare_shares(first, second, shares)
            )
            if verdict is not None:
                kind, note = verdict
                add(first, second, kind, note)


def _same_source(first: ExtractedClaim, second: ExtractedClaim) -> bool:
    if first.source is not None or second.source is not None:
        return first.source == second.source
    return first.speaker.casefold() == second.speaker.casefold()


def _independent(first: ExtractedClaim, second: ExtractedClaim, party_of) -> bool:
    """Two claims from different sides: different sources, not of one party."""
    if first.source == second.source and first.speaker == second.speaker:
        return False
    if first.source is not None and first.source == second.source:
        return False
    first_party, second_party = party_of(first.source), party_of(second.source)
    return first_party is None or second_party is None or first_party != second_party


# --- denials and disputes -------------------------------------------------------

# "denied these charges", "rejected the allegations", "dismissed the statement",
# "disputed his account": the denial points back at the claim it answers.
_ANAPHORIC = re.compile(
    r"^(?:(?:these|this|those|that|the|his|her|its|their|such)\s+(?:\w+\s+){0,2}?"
    r"(?:charges?|allegations?|accusations?|claims?|statements?|reports?|account|accounts"
    r"|comparison|figures?|assertions?|version|remarks?|estimates?|numbers?|toll|assessments?)\b"
    r"|(?:this|these)\b(?!\s+(?:was|were|is|are|had|has)\b))",
    re.IGNORECASE,
)
_WHAT_WAS_SAID_ATTACHED = (
    r"(?:statements?|claims?|figures?|reports?|accounts?|allegations?|assertions?|tolls?"
    r"|estimates?|versions?)"
)
# Verbs that dispute without flatly denying: the answer contradicts.
_DISPUTING_VERBS = {"downplayed", "countered", "questioned"}
# A denial about someone's figure contradicts the figure.
_ABOUT_A_FIGURE = ScreenedPattern(r"\b(?:figures?|tolls?|estimates?|numbers?|counts?)\b", re.I)


def _after_verb(claim: ExtractedClaim) -> str:
    """The words right after the cue: "rejected that assessment …" → "that assessment …",
    where the attribution read "that" as introducing what was said."""
    text, verb = claim.sentence.text, claim.attribution.verb
    start = claim.attribution.cue_start
    if text[start : start + len(verb)].lower() != verb.lower():
        return ""
    return text[start + len(verb) :].lstrip()


def _denial_verb(claim: ExtractedClaim) -> str:
    """The verb that denies: the attribution's, or a denial verb just before its
    cue ("rejected reports of a deal", where "reports" was read as the cue)."""
    attribution = claim.attribution
    return _verb_that_denies(claim.sentence.text, attribution.cue_start, attribution.verb)


@functools.lru_cache(maxsize=4096)  # asked again for every pair of claims
def _verb_that_denies(sentence: str, cue_start: int, verb: str) -> str:
    if verb.lower() not in DENIAL_VERBS:
        before = _last_word(sentence[:cue_start])
        if before.lower() in DENIAL_VERBS:
            return before
    return verb


def _last_word(text: str) -> str:
    """The word `text` ends with before its trailing spaces ("… rejected " →
    "rejected"); "" if it ends with no space or no word."""
    stripped = text.rstrip()
    if len(stripped) == len(text):
        return ""
    start = len(stripped)
    while start > 0 and (stripped[start - 1].isalnum() or stripped[start - 1] == "_"):
        start -= 1
    return stripped[start:]


def _is_denial(claim: ExtractedClaim) -> bool:
    return claim.kind == ClaimKind.DENIAL or _denial_verb(claim).lower() in DENIAL_VERBS


def _explicit(denial: ExtractedClaim) -> bool:
    """Denied by its verb ("denied that …"), not only by a negation in what it says."""
    return _denial_verb(denial).lower() in DENIAL_VERBS


def _denial_kind(denial: ExtractedClaim) -> str:
    verb = _denial_verb(denial).lower()
    if verb in _DISPUTING_VERBS:
        return RelationKind.CONTRADICTS
    if verb not in DENIAL_VERBS and _ABOUT_A_FIGURE.search(denial.text):
        return RelationKind.CONTRADICTS  # "… told reporters that the SOHR figure was not credible"
    return RelationKind.DENIES


def _answered_claims(
    earlier: list[ExtractedClaim],
    denial: ExtractedClaim,
    whole: bool | None = None,
    events: dict[str, ExtractedEvent] | None = None,
) -> list[ExtractedClaim]:
    """The claim a denial answers, with every other source of that same statement
    ("Both SANA and the Foreign Ministry claimed …" → both). A statement that another
    source later confirmed ("…, a figure later confirmed by SOHR") is answered in
    its first speaker's words. A denial told of the statement just before it in
    its sentence ("…, a statement that SOHR disputed") answers that statement.
    What a denial is about is all it says when it is `whole` (by default: when its
    verb denies), else what its negations bear on ("fired shots but did not strike
    it" answers nothing said of a convoy)."""
    candidates = [
        claim
        for claim in reversed(earlier)
        if denial.sentence.index - claim.sentence.index <= DENIAL_REACH
        and not _is_denial(claim)
        and not _same_source(claim, denial)
    ]
    named = [claim for claim in candidates if _names_speaker_of(denial, claim)]
    anaphoric = _ANAPHORIC.match(denial.text) or _ANAPHORIC.match(_after_verb(denial))
    attached = [
        claim
        for claim in candidates
        if _attached_to(denial, claim) or _same_words_disputed(denial, claim)
    ]
    if named:
        target = named[0]
    elif attached:
        target = attached[0]
    elif anaphoric and candidates:
        target = candidates[0]
    elif _explicit(denial) if whole is None else whole:
        target = next((c for c in candidates if _same_happening(denial, c)), None)
        if target is None and candidates and _told_just_before(candidates[0], denial, events):
            target = _first_telling(candidates)
    else:
        denied = _negated_clause_words(denial) - _COMMON_STEMS
        target = next(
            (c for c in candidates if denied & _topic_words(c.text) - _place_words(denial, c)),
            None,
        )
    if target is None:
        return []
    same_words = [
        claim
        for claim in candidates
        if claim.sentence.index == target.sentence.index
        and claim.attribution.content_start == target.attribution.content_start
    ]
    first_cue = min(claim.attribution.cue_start for claim in same_words)
    found = [claim for claim in same_words if claim.attribution.cue_start == first_cue]
    if anaphoric and not (named or attached) and _PLURAL_BACK.match(anaphoric.group(0)):
        # "rejected the accusations": every account of that event told just before
        found += [
            claim
            for claim in candidates
            if claim not in same_words
            and claim.event_key is not None
            and claim.event_key == target.event_key
            and claim.sentence.paragraph_start == target.sentence.paragraph_start
            and not any(_same_source(claim, other) for other in found)
        ]
    return found


# "the accusations", "these charges": more than one thing said before.
_PLURAL_BACK = re.compile(
    r"^(?:the|these|those|such)\s+(?:\w+\s+){0,2}?(?:accusations|allegations|charges|claims)\b",
    re.IGNORECASE,
)


def _told_just_before(
    claim: ExtractedClaim, later: ExtractedClaim, events: dict[str, ExtractedEvent] | None
) -> bool:
    """The claim is told in the sentence just before the later one in its paragraph,
    and the later one was linked to the event of an earlier sentence that the claim
    is about too: "CENTCOM stated that the strikes had destroyed two tanks. Amaq
    denied that any of the group's armour had been hit" (other words, one happening)."""
    event = (events or {}).get(later.event_key or "")
    return (
        event is not None
        and event.sentence.index < later.sentence.index
        and claim.event_key == later.event_key
        and later.sentence.index - claim.sentence.index == 1
        and claim.sentence.paragraph_start == later.sentence.paragraph_start
    )


def _first_telling(candidates: list[ExtractedClaim]) -> ExtractedClaim:
    """The nearest candidate, or when it only confirms, the claim of its event and
    paragraph it confirms: a denial that the town fell answers the announcement of
    its fall, not the confirmation of it that followed."""
    nearest = candidates[0]
    if nearest.attribution.verb.lower() not in _CONFIRMING_VERBS:
        return nearest
    confirmed = (
        claim
        for claim in candidates[1:]
        if claim.event_key == nearest.event_key
        and claim.sentence.paragraph_start == nearest.sentence.paragraph_start
        and claim.sentence.index < nearest.sentence.index
    )
    return next(confirmed, nearest)


_NEGATOR = re.compile(r"\b(?:not|no|none|never|neither|nor)\b", re.IGNORECASE)
_CLAUSE_BOUNDARY = re.compile(
    r"[,;]|\b(?:that|and|but|while|whereas|although|because)\b", re.IGNORECASE
)


def _negated_clause_words(denial: ExtractedClaim) -> set[str]:
    """The words of the clauses a statement negates: "the hospital was not bombed"
    → hospital, bombed; "fired shots near the convoy but did not strike it" → strike."""
    text = denial.text
    words: set[str] = set()
    for negator in _NEGATOR.finditer(text):
        starts = [b.end() for b in _CLAUSE_BOUNDARY.finditer(text, 0, negator.start())]
        after = _CLAUSE_BOUNDARY.search(text, negator.end())
        words |= _topic_words(text[max(starts, default=0) : after.start() if after else len(text)])
    return words


# "…had killed 25 fighters, a statement that SOHR disputed": the denial is told
# of the statement just before it in its own sentence.
_ATTACHED = re.compile(
    r"^[\s,;\"“”’']*(?:(?:a|an|the)\s+(?:\w+\s+)?" + _WHAT_WAS_SAID_ATTACHED + r"\s*,?\s*)?"
    r"(?:that|which)\s+[^,;.]*$",
    re.IGNORECASE,
)


def _attached_to(denial: ExtractedClaim, claim: ExtractedClaim) -> bool:
    if claim.sentence.index != denial.sentence.index:
        return False
    end, cue = claim.attribution.content_end, denial.attribution.cue_start
    return end <= cue and _ATTACHED.match(denial.sentence.text[end:cue]) is not None


def _same_words_disputed(denial: ExtractedClaim, claim: ExtractedClaim) -> bool:
    """ "Amaq put the losses at more than 30, a figure the YPG disputed": the denial
    was read as bearing on the very words another speaker said before it."""
    a, b = claim.attribution, denial.attribution
    return (
        claim.sentence.index == denial.sentence.index
        and (a.content_start, a.content_end) == (b.content_start, b.content_end)
        and a.cue_start < b.cue_start
    )


# "It also denied that …": agreeing with an earlier denial of the same claim.
_ALSO = ScreenedPattern(r"\balso\s+$", re.IGNORECASE)


def _agreeing_denials(
    earlier: list[ExtractedClaim], denial: ExtractedClaim, answers: dict[str, list[str]], party_of
) -> list[ExtractedClaim]:
    """Earlier denials by another side of a claim this denial "also" denies."""
    if not _ALSO.search(denial.sentence.text[: denial.attribution.cue_start]):
        return []
    mine = set(answers.get(denial.key, []))
    return [
        other
        for other in reversed(earlier)
        if denial.sentence.index - other.sentence.index <= DENIAL_REACH
        and mine & set(answers.get(other.key, []))
        and _independent(other, denial, party_of)
    ]


# "had no indication that civilians had been harmed": not a denial, but it answers.
_DISAVOWAL = ScreenedPattern(
    r"\b(?:(?:had|has|have|found|saw|seen)\s+no\s+(?:indication|evidence|sign|record|knowledge)"
    r"|(?:was|were)\s+not\s+aware|(?:was|were)\s+unaware)\b",
    re.IGNORECASE,
)


def _disavowal(claim: ExtractedClaim) -> str:
    match = _DISAVOWAL.search(claim.text)
    return match.group(0) if match else ""


def _disavowed_claims(earlier: list[ExtractedClaim], claim: ExtractedClaim) -> list[ExtractedClaim]:
    """A statement that the speaker has no indication of what another side had
    said denies it, as a denial answering it would."""
    if not _DISAVOWAL.search(claim.text):
        return []
    return _answered_claims(earlier, claim, whole=True)


_WHAT_WAS_SAID = (
    r"(?:figures?|claims?|reports?|accounts?|statements?|tolls?|allegations?|accusations?"
    r"|estimates?|numbers?|version)"
)


def _names_speaker_of(denial: ExtractedClaim, claim: ExtractedClaim) -> bool:
    """'the SOHR figure was not credible', 'SOHR's claims', 'the report by SOHR':
    the denial names the source whose words it answers (not merely the actor of
    what it denies: "denied that the Coalition had bombed …")."""
    return _speaker_words_pattern(claim.speaker).search(denial.text) is not None


@functools.lru_cache(maxsize=256)
def _speaker_words_pattern(speaker: str) -> re.Pattern[str]:
    # Compiled once per speaker: a document has few speakers and many claims.
    name = re.escape(speaker)
    return re.compile(
        rf"\b{name}(?:'s|’s)?\s+(?:\w+\s+)?{_WHAT_WAS_SAID}\b"
        rf"|\b{_WHAT_WAS_SAID}\s+(?:by|of|from)\s+(?:the\s+)?{name}\b"
    )


# What a statement says is not so: "no negotiations", "was not bombed".
_NEGATION = re.compile(
    r"\b(?:not|no|none|never|neither|nor)\s+"
    r"(?P<denied>(?:(?!(?:with|to|of|in|on|at|for|by|from|and|or|but|that)\b)[\w'’-]+\s*){1,4})",
    re.IGNORECASE,
)


def _denied_words(denial: ExtractedClaim) -> set[str]:
    """The topic of a denial: all it says when the verb denies ("denied that they
    were negotiating"), else the words its negations bear on ("We confirm there
    are no negotiations" → negotiations)."""
    if _explicit(denial):
        return _topic_words(denial.text)
    words: set[str] = set()
    for match in _NEGATION.finditer(denial.text):
        words |= _topic_words(match.group("denied"))
    return words


def _repeats_another(claim: ExtractedClaim, earlier: list[ExtractedClaim]) -> bool:
    """Whether the claim carries words first said by another speaker of its sentence."""
    return any(
        other.sentence.index == claim.sentence.index
        and other.attribution.content_start == claim.attribution.content_start
        and other.attribution.cue_start < claim.attribution.cue_start
        for other in earlier
    )


_BOUND = re.compile(r"(?:more|fewer|less|later|earlier|longer|greater)\s+than\b", re.I)


def _gainsaid_claims(
    earlier: list[ExtractedClaim], claim: ExtractedClaim, party_of, events=None
) -> list[ExtractedClaim]:
    """A statement that negates what another side said of the same event in the
    sentence just before denies it: "SOHR reported that a strike had killed four
    civilians. CENTCOM maintained that no civilians had been inside"."""
    negated = set()
    for match in _NEGATION.finditer(claim.text):
        if not _BOUND.match(match.group("denied")):  # "no more than 23": a figure
            negated |= _topic_words(match.group("denied"))
    negated -= _COMMON_STEMS
    if not negated:
        return []
    return [
        other
        for other in earlier
        if _told_just_before(other, claim, events)
        and not _is_denial(other)
        and _independent(other, claim, party_of)
        and negated & _topic_words(other.text) - _place_words(claim, other)
    ]


def _disputed_denials(
    earlier: list[ExtractedClaim], claim: ExtractedClaim, party_of
) -> list[ExtractedClaim]:
    """Earlier denials, by another side, of what this claim asserts: "SDF officials
    denied that they were negotiating …, but the Coalition confirmed that
    negotiations were taking place". The claim must share a word with what the
    denial denies; a confirmation reaches further back than a plain statement."""
    confirms = claim.attribution.verb.lower() in _CONFIRMING_VERBS
    found = []
    for denial in reversed(earlier):
        distance = claim.sentence.index - denial.sentence.index
        if distance > (DISPUTE_REACH if confirms else DENIAL_REACH):
            break
        if not _is_denial(denial) or not _independent(claim, denial, party_of):
            continue
        if distance > DENIAL_REACH and _repeats_another(claim, earlier):
            continue  # "…, a figure later confirmed by SOHR" confirms its own sentence
        if _ANAPHORIC.match(denial.text):
            continue  # "denied these charges": what it denies is the earlier claim
        # What was denied, not where: "SDF units entered Tell Ahmar" does not
        # contradict a denial that aircraft struck Tell Ahmar.
        shared = _topic_words(claim.text) & _denied_words(denial)
        if shared - _COMMON_STEMS - _place_words(claim, denial):
            found.append(denial)
    return found


# --- topics -----------------------------------------------------------------------

_STOPWORDS = {
    "a", "about", "above", "after", "again", "against", "all", "also", "although", "among", "an",
    "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "between", "both",
    "but", "by", "can", "could", "did", "do", "does", "during", "each", "even", "every", "few",
    "for", "from", "had", "has", "have", "having", "he", "her", "here", "him", "his", "how",
    "however", "if", "in", "into", "is", "it", "its", "itself", "just", "least", "less", "many",
    "may", "might", "more", "most", "much", "must", "no", "nor", "not", "now", "of", "off", "on",
    "once", "only", "or", "other", "our", "out", "over", "own", "same", "several", "she", "should",
    "since", "so", "some", "still", "such", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "though", "through", "to", "too", "under", "until",
    "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
    "why", "will", "with", "within", "without", "would", "yet", "you", "according", "reported",
    "reports", "said", "says", "stated", "claimed", "confirmed", "denied", "added", "including",
    "around", "approximately", "nearly", "per", "day", "days", "week", "weeks", "month", "months",
    "year", "years", "january", "february", "march", "april", "june", "july", "august",
    "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday"
}  # fmt: skip
# Names and nouns so common in war reporting that sharing them says nothing.
_COMMON = {
    "isil", "isis", "daesh", "islamic", "state", "sdf", "coalition", "force", "fighter",
    "militant", "jihadist", "syria", "syrian", "government", "pro-government", "army", "troop",
    "unit", "town", "village", "city", "area", "people", "kill", "killed", "dead", "death", "died",
    "attack", "clash", "fighting", "battle", "operation"
}  # fmt: skip
# "negotiations", "negotiating" → "negotiat"; "commanders", "command" → "command".
# Past forms that share no stem with their verb: "struck a school", "the strike". Used
# only to find what a denial answers: asserting a strike does not assert what was
# denied of another strike.
_IRREGULAR = {"struck": "strike", "stricken": "strike", "fled": "flee"}
_SUFFIXES = ("ions", "ion", "ings", "ing", "ers", "er", "ies", "es", "ed", "s")


@functools.lru_cache(maxsize=8192)  # the same words recur all through an article
def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def _topic_words(text: str, irregular: bool = False) -> set[str]:
    words = set()
    for word in re.findall(r"[A-Za-z][A-Za-z'’-]*", text):
        word = re.sub(r"['’]s$", "", word.lower()).strip("'’-")
        if irregular:
            word = _IRREGULAR.get(word, word)
        if len(word) < 3 or word in _STOPWORDS:
            continue
        words.add(_stem(word))
    return words


_COMMON_STEMS = {_stem(word) for word in _COMMON}


def _place_words(*claims: ExtractedClaim) -> set[str]:
    """The words of the places the claims name: where, not what."""
    return {_stem(part) for claim in claims for slug in claim.places for part in slug.split("-")}


def _shared_topic(first: ExtractedClaim, second: ExtractedClaim) -> bool:
    """Whether two statements share a word that is neither common to all war
    reporting nor the name of a place."""
    shared = _topic_words(first.text, True) & _topic_words(second.text, True) - _COMMON_STEMS
    return bool(shared - _place_words(first, second))


def _same_happening(first: ExtractedClaim, second: ExtractedClaim) -> bool:
    """Whether two statements tell of the same thing: they share a topic word, or
    the same kind of happening at the same place ("its aircraft had struck Tell
    Ahmar" and "an airstrike on Tell Ahmar killed 14"; not "shelled the hospital
    in Baghuz" and "opened a corridor out of Baghuz")."""
    if _shared_topic(first, second):
        return True
    kind = event_kind(first.text)
    return (
        bool(set(first.places) & set(second.places))
        and kind != EventKind.OTHER
        and kind == event_kind(second.text)
    )


# --- agreement ----------------------------------------------------------------------

_CONFIRMING_VERBS = {"confirmed", "confirms", "confirming", "acknowledged", "acknowledges"}
# How far back a confirmation reaches for an earlier denial of the same thing.
DISPUTE_REACH = 25
# How far back a confirmation reaches for the claim it confirms.
CONFIRM_REACH = 4


# Verbs of an act done together rather than a fact seen by each.
_JOINT_ACTS = {"announced", "announces", "declared", "declares", "released", "published"}


def _joint_statement(first: ExtractedClaim, second: ExtractedClaim) -> tuple[str, str] | None:
    """One statement attributed to two independent sources at once."""
    a, b = first.attribution, second.attribution
    if first.sentence.index != second.sentence.index or a.cue_start != b.cue_start:
        return None
    if (a.content_start, a.content_end) != (b.content_start, b.content_end):
        return None
    if a.verb.lower() in _JOINT_ACTS:
        return None  # "The SDF and the Coalition announced …": one act, not two witnesses
    return RelationKind.CORROBORATES, f"{first.speaker} and {second.speaker} state it together"


def _confirmation(
    first: ExtractedClaim, second: ExtractedClaim, events=None
) -> tuple[str, str] | None:
    """A later confirmation of what another side had said: "the Pentagon confirmed
    that the US is providing MRAPs" after a YPG account posted images of MRAPs; or
    of the same event told just before it ("Amaq claimed that a bundle had come
    down in its territory. The Pentagon acknowledged that one had drifted")."""
    if second.attribution.verb.lower() not in _CONFIRMING_VERBS:
        return None
    if not 0 < second.sentence.index - first.sentence.index <= CONFIRM_REACH:
        return None
    if not (_distinctive_shared(first, second) or _told_just_before(first, second, events)):
        return None
    return RelationKind.CORROBORATES, f"{second.speaker} {second.attribution.verb} it"


# "SOHR estimated the same share", "Turkey confirmed the figure": what another
# side had just said, taken up as it stands.
_ENDORSEMENT = re.compile(
    r"^(?:the\s+same|the|this|that|these|those)\s+"
    r"(?:figures?|shares?|numbers?|tolls?|estimates?|counts?|percentages?|reports?|accounts?"
    r"|assessments?)\b",
    re.IGNORECASE,
)


def _endorsement(claim: ExtractedClaim) -> str:
    match = _ENDORSEMENT.match(claim.text)
    return match.group(0) if match else ""


def _endorsed_claims(
    earlier: list[ExtractedClaim], claim: ExtractedClaim, party_of
) -> list[ExtractedClaim]:
    """A claim that is only "the same figure", or that confirms "the figure" or "the
    report", corroborates the nearest earlier claim of another side in its own or
    the previous sentence of its paragraph."""
    match = _ENDORSEMENT.match(claim.text)
    if match is None:
        return []
    if not match.group(0).lower().startswith("the same") and (
        claim.attribution.verb.lower() not in _CONFIRMING_VERBS
    ):
        return []
    for other in reversed(earlier):
        if not 0 <= claim.sentence.index - other.sentence.index <= 1:
            break
        if other.sentence.paragraph_start != claim.sentence.paragraph_start:
            break
        if _is_denial(other) or not _independent(other, claim, party_of):
            continue
        return [other]
    return []


def _seconding(
    first: ExtractedClaim, second: ExtractedClaim, events=None
) -> tuple[str, str] | None:
    """ "Activists also told Reuters that …" just after another side's account of the
    same event, sharing a topic word with it: the later source says it too."""
    if not _ALSO.search(second.sentence.text[: second.attribution.cue_start]):
        return None
    if not (_told_just_before(first, second, events) and _shared_topic(first, second)):
        return None
    return RelationKind.CORROBORATES, f"{second.speaker} also says so"


def _distinctive_shared(first: ExtractedClaim, second: ExtractedClaim) -> bool:
    """A shared uncommon term: a capitalised word that is not a sentence start, a
    side, a month or a place ("MRAPs"). Places are left to the control rule: two
    statements about one town need not agree."""
    place_words = {part for slug in [*first.places, *second.places] for part in slug.split("-")}

    def terms(text: str) -> set[str]:
        return {
            _stem(word.lower())
            for word in re.findall(r"(?<=[\s(\"“])[A-Z][A-Za-z-]{2,}", " " + text)
            if word.lower() not in _STOPWORDS
            and word.lower() not in place_words
            and _stem(word.lower()) not in _COMMON_STEMS
        }

    return bool(terms(first.text) & terms(second.text))


def _subject_words(subject: str) -> set[str]:
    return {word.lower().rstrip("s") for word in re.findall(r"[A-Za-z]+", subject)}


def _subject_parts(subject: str) -> tuple[str, set[str]]:
    """The head noun ("fighter") and the capitalised qualifiers ({"isil"}) of a subject."""
    words = re.findall(r"[A-Za-z][A-Za-z-]*", subject)
    if not words:
        return "", set()
    head = words[-1].lower().rstrip("s")
    return head, {word.lower() for word in words[:-1] if word[0].isupper()}


def _comparable_subjects(a: FigureMention, b: FigureMention) -> bool:
    """Whether two figures count the same people or things: "ISIL fighters" and
    "most hardened ISIL fighters" yes, "ISIL fighters" and "SDF fighters" no."""
    a_head, a_qualifiers = _subject_parts(a.subject)
    b_head, b_qualifiers = _subject_parts(b.subject)
    if not a_head or not b_head:
        return False
    if a_qualifiers and b_qualifiers and not a_qualifiers & b_qualifiers:
        return False
    if a.quantity == "other":
        return a_head == b_head  # a bare count ("3,000 fighters") needs the same noun
    return a_head == b_head or bool(_subject_words(a.subject) & _subject_words(b.subject))


def _compare_figures(
    first: ExtractedClaim,
    second: ExtractedClaim,
    first_figures: list[FigureMention] | None = None,
    second_figures: list[FigureMention] | None = None,
) -> tuple[str, str] | None:
    """Figures for the same event, quantity and subject: compatible or not. Claims
    in consecutive sentences of one paragraph that name no different places count
    as about the same thing even when their dates differ, if they count the very
    same noun ("A toll of 1,873 civilians killed between June and October was
    reported by SOHR on 10 April. The Coalition maintained that its strikes had
    killed no more than 23 civilians")."""
    same_event = first.event_key is not None and first.event_key == second.event_key
    adjacent = (
        second.sentence.index - first.sentence.index <= 1
        and first.sentence.paragraph_start == second.sentence.paragraph_start
        and not (first.places and second.places and not set(first.places) & set(second.places))
    )
    if not (same_event or adjacent):
        return None
    first_figures = first.figures if first_figures is None else first_figures
    second_figures = second.figures if second_figures is None else second_figures
    for a in first_figures:
        for b in second_figures:
            if a.quantity != b.quantity or not _comparable_subjects(a, b):
                continue
            if not same_event and _subject_parts(a.subject)[0] != _subject_parts(b.subject)[0]:
                continue
            if (a.low is None and a.high is None) or (b.low is None and b.high is None):
                continue
            a_low, a_high = a.low or 0, a.high if a.high is not None else float("inf")
            b_low, b_high = b.low or 0, b.high if b.high is not None else float("inf")
            overlap = a_low <= b_high and b_low <= a_high
            what = f"{a.quantity} {a.subject}"
            if overlap and a.high is None and b.high is None and not _close(a_low, b_low):
                continue  # "more than 120" and "at least 73": both can be true, neither agrees
            if overlap:
                return (
                    RelationKind.CORROBORATES,
                    f"Both give {what}: {a.as_written} / {b.as_written}",
                )
            return RelationKind.CONTRADICTS, f"Incompatible {what}: {a.as_written} / {b.as_written}"
    return None


# Two open-ended minimums agree only when they are about the same number.
MINIMUMS_AGREE = 1.25


def _close(first: int, second: int) -> bool:
    low, high = sorted((first, second))
    return high <= low * MINIMUMS_AGREE


# A claim that is only a number: "it put the toll at 85", "put the number of bodies at about 2,500".
_BARE_FIGURE = re.compile(
    r"^\W*(?:(?:at least|more than|over|about|around|nearly|some|roughly|approximately"
    r"|up to|as many as)\s+)?\d[\d,]*\W*$",
    re.IGNORECASE,
)


def _figures_by_claim(claims: list[ExtractedClaim]) -> dict[str, list[FigureMention]]:
    """The figures of each claim; a claim that is a bare number counts what the
    nearest figure of its own or the previous sentence in its paragraph counts
    ("SOHR said that 56 civilians had been killed. Two days later, it put the toll
    at 85"), preferring one whose noun its verb names ("put the number of bodies
    … at"). When that figure was its own source's, the new toll replaces it."""
    found = {claim.key: claim.figures for claim in claims}
    for position, claim in enumerate(claims):
        if claim.figures or not _BARE_FIGURE.match(claim.text):
            continue
        donors = [
            mention
            for earlier in reversed(claims[:position])
            if 0 <= claim.sentence.index - earlier.sentence.index <= 1
            and earlier.sentence.paragraph_start == claim.sentence.paragraph_start
            for mention in earlier.figures
            if mention.subject
        ]
        if not donors:
            continue
        verb_words = _subject_words(claim.attribution.verb)
        # "put the YPG's losses at": not a count of ISIL or Kurdish fighters.
        whose = {w.lower() for w in re.findall(r"\b[A-Z][A-Za-z-]+", claim.attribution.verb)}
        donors = [d for d in donors if not (whose and _subject_parts(d.subject)[1] - whose)]
        if not donors:
            continue
        named = [d for d in donors if _subject_parts(d.subject)[0] in verb_words]
        donor = (named or donors)[0]
        read = extract_figures(f"{claim.text.strip(' .')} {donor.subject}")
        if len(read) == 1 and (read[0].low is not None or read[0].high is not None):
            for earlier in claims[:position]:
                if _same_source(earlier, claim) and donor in earlier.figures:
                    # a source's new toll replaces the one it revises
                    found[earlier.key] = [m for m in found[earlier.key] if m is not donor]
            found[claim.key] = [
                FigureMention(
                    donor.quantity, donor.subject, read[0].low, read[0].high,
                    read[0].as_written, 0, len(claim.text),
                )
            ]  # fmt: skip
    return found


# "a figure far below those given by SOHR and Human Rights Watch"
_SET_APART = ScreenedPattern(
    r"\b(?:figures?|tolls?|estimates?|numbers?|counts?)\s+(?:(?:far|well|much|considerably)\s+)?"
    r"(?:below|above|lower than|higher than|short of|different from)\s+"
    r"(?:those|that|the (?:figures?|tolls?|estimates?|numbers?|counts?))\s+"
    r"(?:given|reported|cited|published|put forward)\s+by\s+(?P<names>[^.;]+)",
    re.IGNORECASE,
)


def _compared_figures(
    earlier: list[ExtractedClaim], claim: ExtractedClaim, figures: dict, party_of=None
) -> list[ExtractedClaim]:
    """A figure the text sets apart from those of named sources contradicts the
    latest incompatible figure of each for the same quantity and subject, however
    far back, preferring one told of the same thing."""
    match = _SET_APART.search(claim.text)
    if match is None:
        return []
    names = match.group("names")
    about = (
        _topic_words(claim.text[: match.start()])
        - _COMMON_STEMS
        - {
            _stem(word)
            for mention in figures[claim.key]
            for word in _subject_words(mention.subject)
        }
    )
    sides = {
        (other.source, other.speaker.casefold() if other.source is None else "")
        for other in earlier
        if len(other.speaker) > 2
        and re.search(rf"\b{re.escape(other.speaker)}\b", names)
        and not _same_source(other, claim)
    }
    found = []
    for side in sides:
        figured = [
            other
            for other in reversed(earlier)
            if (other.source, other.speaker.casefold() if other.source is None else "") == side
            and any(
                a.quantity == b.quantity and _comparable_subjects(a, b) and _incompatible(a, b)
                for a in figures[claim.key]
                for b in figures[other.key]
            )
        ]
        # The latest such figure, told of the same thing if one is: a word of the claim
        # in its sentence or its section's heading ("Tokhar airstrikes").
        told_of = [
            other
            for other in figured
            if about & _topic_words(" ".join([other.sentence.text, *other.sentence.section]))
        ]
        found.extend((told_of or figured)[:1])
    return found


def _incompatible(a: FigureMention, b: FigureMention) -> bool:
    if (a.low is None and a.high is None) or (b.low is None and b.high is None):
        return False
    a_low, a_high = a.low or 0, a.high if a.high is not None else float("inf")
    b_low, b_high = b.low or 0, b.high if b.high is not None else float("inf")
    return not (a_low <= b_high and b_low <= a_high)


# --- shares of a place held -------------------------------------------------------

_FRACTIONS = {
    "a tenth": 10, "a fifth": 20, "a quarter": 25, "a third": 33, "one-third": 33,
    "half": 50, "one-half": 50, "two-thirds": 67, "three-quarters": 75,
}  # fmt: skip
# "held about 40 percent of", "controlled no more than a fifth of"
_SHARE_HELD = ScreenedPattern(
    r"\b(?:held|holds|hold|controlled|controls|control|occupied|occupies)\s+"
    r"(?P<bound>about|around|roughly|some|nearly|almost|no more than|not more than|at most"
    r"|less than|under|up to|more than|over|at least)?\s*"
    r"(?P<amount>\d+(?:\.\d+)?\s*(?:percent|per cent|%)|"
    + "|".join(re.escape(name) for name in _FRACTIONS)
    + r")\s+of\b",
    re.IGNORECASE,
)


def _share_held(text: str) -> tuple[float, float] | None:
    """The share of a place a statement says is held, as a range of percentages."""
    match = _SHARE_HELD.search(text)
    if match is None:
        return None
    amount = match.group("amount").lower()
    value = float(re.match(r"[\d.]+", amount).group(0)) if amount[0].isdigit() else None
    value = _FRACTIONS[amount] if value is None else value
    bound = (match.group("bound") or "").lower()
    if bound in ("no more than", "not more than", "at most", "less than", "under", "up to"):
        return 0.0, value
    if bound in ("more than", "over", "at least"):
        return value, 100.0
    if bound:
        return value * 0.85, value * 1.15
    return value, value


def _shares_by_claim(claims: list[ExtractedClaim], party_of) -> dict[str, tuple[float, float]]:
    """The share held that each claim gives; "the same share" gives that of the claim
    it takes up."""
    shares: dict[str, tuple[float, float]] = {}
    for position, claim in enumerate(claims):
        share = _share_held(claim.text)
        if share is None and _ENDORSEMENT.match(claim.text):
            taken_up = _endorsed_claims(claims[:position], claim, party_of)
            share = shares.get(taken_up[0].key) if taken_up else None
        if share is not None:
            shares[claim.key] = share
    return shares


def _compare_shares(
    first: ExtractedClaim, second: ExtractedClaim, shares: dict[str, tuple[float, float]]
) -> tuple[str, str] | None:
    """Shares of one event's place held that cannot both be true contradict: "ISIL
    held about 40 percent of the town" and "the militants controlled no more than
    a fifth of it"."""
    a, b = shares.get(first.key), shares.get(second.key)
    if a is None or b is None or first.event_key is None or first.event_key != second.event_key:
        return None
    if a[0] <= b[1] and b[0] <= a[1]:
        return None  # agreement is left to "the same share"
    return RelationKind.CONTRADICTS, "Incompatible shares held"


# --- control of places ------------------------------------------------------------

# "the SDF had captured X", "their forces had pushed into X", "pushed ISIL out of X".
_TAKEN = ScreenedPattern(
    r"(?P<actor>\b[\w'’-]+(?:\s+[\w'’-]+)?)\s+(?:had\s+|has\s+|have\s+)?"
    r"(?:(?:already|fully|finally|indeed|reportedly|now)\s+)?"
    r"(?:captured|recaptured|seized|took|taken|entered|liberated|overran|overrun"
    r"|pushed\s+(?:into|\w+\s+out\s+of)|broken\s+into|broke\s+into|advanced\s+(?:on|into)"
    r"|(?:taken|took|seized|gained)\s+(?:full\s+)?control\s+of)\b",
    re.IGNORECASE,
)
CONTROL_DAYS = 7


def _control_actor(claim: ExtractedClaim) -> str | None:
    """'' when the claim says a place was taken by an unnamed or pronoun actor, the
    actor's capitalised name when it names one, None when it says nothing of control."""
    return _control_actor_in(claim.text)


# "X had been (completely) cleared", "the group had pulled out of X": taken, by someone unnamed.
_TAKEN_FROM = re.compile(
    r"\b(?:had|has|have)\s+been\s+(?:\w+ly\s+)?(?:captured|recaptured|seized|taken"
    r"|liberated|cleared|overrun)\b"
    r"|\b(?:pulled|pulling|withdrew|withdrawn)\s+(?:out\s+of|from)\s+[A-Z]",
)


@functools.lru_cache(maxsize=1024)  # every pair of nearby claims asks about both
def _control_actor_in(text: str) -> str | None:
    match = _TAKEN.search(text)
    if match is None:
        return "" if _TAKEN_FROM.search(text) else None
    names = [
        word.lower()
        for word in re.findall(r"\b[A-Z][A-Za-z-]+\b", match.group("actor"))
        if word.lower() not in _STOPWORDS  # "They", "The"
    ]
    return names[-1] if names else ""


def _compare_control(
    first: ExtractedClaim, second: ExtractedClaim, first_places: list[str], second_places: list[str]
) -> tuple[str, str] | None:
    """Two sides saying that the same place was taken: the same taker within a
    week corroborates; different takers on the same day contradict."""
    a_actor, b_actor = _control_actor(first), _control_actor(second)
    if a_actor is None or b_actor is None:
        return None
    shared = [place for place in first_places if place in second_places]
    if not shared or first.event_date is None or second.event_date is None:
        return None
    days = abs((second.event_date.start - first.event_date.start).days)
    if a_actor and b_actor and a_actor != b_actor:
        if days == 0:
            return RelationKind.CONTRADICTS, f"Opposite control claims for {shared[0]}"
        return None
    if days <= CONTROL_DAYS:
        return RelationKind.CORROBORATES, f"Both say {shared[0]} was taken"
    return None
