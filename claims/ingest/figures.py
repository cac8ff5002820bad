"""Stage 5 of the ingest pipeline: the figures a statement asserts.

`extract_figures(text)` finds the numbers in a claimed statement and, for each,
what it counts: the *quantity* (killed, wounded, captured, …; a `Quantity`
value) and the *subject* (who or what is counted, as written but tidied).

    "ISIL stated 50-70 SDF fighters had been killed"
        -> killed, "SDF fighters", low 50, high 70, as_written "50-70"

How a figure is read
--------------------
1. **Number phrases.** Numerals ("23", "1,306", "1.5 million"), ranges ("50-70",
   "50–70", "50 to 70", "two or three", "between 14 and 15"), exact number words
   ("six", "twenty-one", "a hundred", "two thousand", "a dozen" = 12, "half a
   dozen" = 6) and vague quantifiers ("dozens", "hundreds", "scores of",
   "several", "many", "numerous", "a few"), each with an optional hedge before it.
2. **Hedges** decide low/high and stay in `as_written`:
   - "at least", "more than", "over", "upwards of" … -> low = N, high = None.
     "over 200" is strictly more than 200; we store low = 200 rather than invent
     201, and the words say the rest.
   - "up to", "as many as", "at most", "fewer than", "less than" -> low = None,
     high = N.
   - "around", "about", "approximately", "nearly", "almost", "some", "roughly",
     "an estimated" -> low = high = N: the hedge is kept in the words, not
     turned into an invented interval.
   - vague quantifiers -> low = high = None, words kept ("dozens"); never an
     invented number. A vague figure is only reported when the text says what
     happened to those counted (a quantity other than "other"): "several
     villages" or "many of whom" carry nothing a reader could check.
3. **Not figures**: dates ("3 December", "October 28", "9–10 February", "21 and
   24 September"), years (a bare 4-digit 1800–2100 unless people follow it),
   ordinals ("the 28th"), identifiers ("Brigade 113", "M7", "F-15E"), measures
   (distances, durations, weights, money, times of day, percentages: a share
   without its base is not a count), ages ("aged 12, 30, and 40"), hyphenated
   compounds ("ten-day pause", "300-strong"), decimals without "million".
4. **Subject**: the noun phrase after the number ("SDF fighters", "women and
   children", "members of the pro-government forces"), cut before verbs,
   prepositions and clauses; "10 of their own fighters" -> "fighters". A bare
   number borrows the subject of the figure before it in the same clause
   ("killed 3 SDF fighters and wounded 7" -> 7 SDF fighters); "19 ISIL and 11
   SDF fighters" -> "ISIL fighters" and "SDF fighters".
5. **Quantity**, first rule that answers wins:
   a. the unit says area ("10 square km") -> area;
   b. the subject is a place or an object ("villages", "points", "vehicles") ->
      other: capture/killing verbs are about people, a captured village is a
      territorial claim, not a prisoner count;
   c. the noun phrase itself names the quantity ("6 civilian casualties",
      "four civilian deaths", "11 dead", "30 wounded"), and is then dropped
      from the subject ("civilian" -> "civilians");
   d. a verb right after the phrase ("23 civilians had been killed", "520
      captured");
   e. a verb or noun right before it ("killing 6", "the deaths of 15", "killed
      up to 80", "freed three prisoners");
   f. "including 64 women and children", "of whom 41 civilians", "50 of them":
      the quantity of the figure it is part of;
   g. coordinated figures share a verb ("killed 19 ISIL and 11 SDF fighters",
      "20 SDF fighters and 50 others had been wounded");
   h. the nearest cue in the same clause, forward first (a subject's verb)
      then backward, never across a verb that is not a cue (so "rescued 11 SDF
      fighters encircled by ISIL" stays other);
   i. the subject's role ("prisoners" -> captured, "detainees" -> detained) or
      a participle in it ("internally displaced persons" -> displaced);
   j. otherwise other.
   Two loss cues at once ("killed or injured", "killing and capturing", "dead
   and wounded") -> casualties. "lost"/"losing" N people -> casualties (killed
   or wounded: the text does not say which).

`start`/`end` cover the whole figure phrase: hedge, number and the subject's
noun phrase when it is written there (a borrowed subject adds nothing).

A bare number that says neither who nor what happened ("out of the 400") is
not reported.

Limits: the reading is lexical, not a parse. A figure whose verb sits far
away or beyond a non-cue verb is "other"; years written as bare 4-digit counts
("1500 fighters") need people to follow them to be counted.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from ..models import Quantity
from .literals import LowerText, ScreenedPattern, contains_any, required_words

# ---------------------------------------------------------------------------
# The public result


@dataclass(frozen=True)
class FigureMention:
    quantity: str  # a Quantity value
    subject: str  # who/what is counted, as written but tidied ("SDF fighters")
    low: int | None
    high: int | None
    as_written: str  # the number phrase as written: "50-70", "at least 47", "dozens"
    start: int  # character offsets of the whole figure phrase within the text
    end: int


# ---------------------------------------------------------------------------
# Vocabulary


def _word_list(text: str) -> list[str]:
    """Words written as running text, in order (vocabularies read better so)."""
    return text.split()


def _words(text: str) -> frozenset[str]:
    return frozenset(_word_list(text))


_UNIT_WORDS = {
    word: value
    for value, word in enumerate(
        _word_list(
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen"
        ),
        start=1,
    )
}
_TENS_WORDS = {
    word: 10 * tens
    for tens, word in enumerate(
        _word_list("twenty thirty forty fifty sixty seventy eighty ninety"), start=2
    )
}
_SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 10**9}

_UNITS_ALT = "|".join(sorted(_UNIT_WORDS, key=len, reverse=True))
_UNITS9_ALT = "one|two|three|four|five|six|seven|eight|nine"
_TENS_ALT = "|".join(_TENS_WORDS)
_SMALL_WORD = rf"(?:(?:{_TENS_ALT})(?:[-\s](?:{_UNITS9_ALT})\b)?|(?:{_UNITS_ALT}))"
_WORD_NUMBER = (
    rf"(?:(?:an?|{_SMALL_WORD})\s+(?:hundred|thousand|million)(?:\s+(?:and\s+)?{_SMALL_WORD})?"
    rf"|half\s+a\s+dozen|(?:a|{_SMALL_WORD})\s+dozen|{_SMALL_WORD})"
)
_NUMERAL = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)"
_NUMBER = rf"(?:{_NUMERAL}|\b{_WORD_NUMBER})"
_VAGUE = (
    r"(?:(?:tens|hundreds|dozens)\s+of\s+(?:thousands|millions)"
    r"|several\s+(?:dozen|hundred|thousand)"
    r"|dozens|hundreds|thousands|millions|scores(?=\s+of\b)|several|numerous"
    # "as many as 80" is a hedge, "how many" a question.
    r"|(?<!\bas\s)(?<!\bhow\s)(?<!\btoo\s)(?<!\bso\s)many(?!\s+as\b)"
    r"|a\s+few|a\s+handful)"
)

# The number core. Letters, hyphens, slashes, currency signs or a decimal point
# right before a numeral make it part of something else ("M7", "F-15E", "$5");
# a letter or a hyphenated word right after it makes it an ordinal, an
# identifier or a compound adjective ("28th", "15E", "ten-day", "300-strong").
_CORE_RE = re.compile(
    rf"""
    (?<![\w.\-–—/$£€#])
    (?:
        between\s+(?P<b_low>{_NUMBER})\s+and\s+(?P<b_high>{_NUMBER})
      | (?P<low>{_NUMBER})(?:(?P<sep>\s*[-–—]\s*|\s+(?:to|or)\s+)(?P<high>{_NUMBER}))?
      | \b(?P<vague>{_VAGUE})
    )
    (?:\s+(?P<mult>million|billion)\b)?
    (?![\w]|[-–]\w)
    """,
    re.IGNORECASE | re.VERBOSE,
)

# "a dozen", "a hundred", "a few": the only numbers that start with an article.
_ARTICLE_NUMBER_RE = re.compile(r"\s+(?:dozen|hundred|thousand|million|few|handful)\b", re.I)
# The words a number phrase can start with (the pattern above says the rest).
_NUMBER_START_WORDS = (
    set(_UNIT_WORDS)
    | set(_TENS_WORDS)
    | _words("a an half between tens hundreds dozens thousands millions several scores many")
    | {"numerous"}
)

_LOWER_HEDGES = (
    r"at\s+least|more\s+than|no\s+(?:fewer|less)\s+than|upwards\s+of|in\s+excess\s+of"
    r"|(?:well\s+|just\s+)?over"
)
_UPPER_HEDGES = r"up\s+to|as\s+many\s+as|at\s+most|fewer\s+than|less\s+than|no\s+more\s+than"
_APPROX_HEDGES = (
    r"around|about|approximately|approx\.|nearly|almost|some|roughly|an\s+estimated"
    r"|circa|close\s+to"
)
_HEDGE_BEFORE_RE = re.compile(
    rf"\b(?:(?P<lower>{_LOWER_HEDGES})|(?P<upper>{_UPPER_HEDGES})|(?P<approx>{_APPROX_HEDGES}))"
    r"\s+$",
    re.IGNORECASE,
)
# "control over 1 square kilometre", "handed over 13 nationals": a preposition or a
# particle, not a hedge.
_OVER_AS_PREPOSITION_RE = re.compile(
    r"\b(?:control|authority|power|sovereignty|disputes?|fighting|clash(?:es)?|battles?"
    r"|struggle|rule|influence|hold|grip|command|concerns?"
    r"|hand(?:s|ed|ing)?|turn(?:s|ed|ing)?|t(?:ake|akes|ook|aken|aking)|w(?:in|ins|on)"
    r"|pass(?:es|ed|ing)?|sign(?:s|ed|ing)?)\s+over\s+$",
    re.IGNORECASE,
)

_MONTHS = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?"
)
# "3 December", "21 and 24 September", "9–10 February", "the 5th of May".
_DATE_AFTER_RE = re.compile(
    rf"(?:\s*(?:,|and|or|to|until|till|through|[-–—])\s*\d{{1,2}}(?:st|nd|rd|th)?)*"
    rf"\s*(?:of\s+)?{_MONTHS}",
    re.IGNORECASE,
)
_MONTH_BEFORE_RE = re.compile(rf"{_MONTHS}\s+$", re.IGNORECASE)

_AREA_AFTER_RE = re.compile(
    r"\s*(?P<unit>square\s+(?:kilomet(?:er|re)s?|km|miles?|mi|met(?:er|re)s?)|sq\.?\s*(?:km|mi)\b"
    r"|km²|km2\b|hectares?\b|acres?\b|dunams?\b)",
    re.IGNORECASE,
)
# Measures that are not counts of anything an editor could tally.
_MEASURE_AFTER_RE = re.compile(
    r"\s*(?:"
    r"(?:km|kms|kilomet(?:er|re)s?|mi|miles?|m|met(?:er|re)s?|ft|feet|foot|yards?|yds?|cm|mm"
    r"|inch(?:es)?|nautical\s+miles?|nmi)\b"
    r"|(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?|yrs?"
    r"|decades?|centuries|century|times)\b"
    r"|(?:kg|kilo(?:gram)?s?|tons?|tonnes?|pounds|lbs?)\b"
    r"|(?:dollars|euros|USD|EUR|SYP|liras?)\b"
    r"|%|per\s*cent\b|percent\b"
    r"|:\d|[ap]\.?m\.?(?!\w)|GMT\b|UTC\b|o'clock\b"
    r")",
    re.IGNORECASE,
)
_MEASURE_OF_RE = re.compile(
    r"\s+of\s+(?:seconds|minutes|hours|days|nights|weeks|months|years|kilomet(?:er|re)s|miles)\b",
    re.IGNORECASE,
)
_CURRENCY_BEFORE_RE = re.compile(r"(?:[$€£]|\bUS\$?|\bUSD|\bEUR)\s*$")
# Numbers that name something rather than count it: "Brigade 113", "Route 4".
_IDENTIFIER_BEFORE_RE = re.compile(
    r"\b(?:brigade|division|regiment|battalion|corps|unit|route|highway|road|camp|base"
    r"|resolution|article|phase|flight|squadron|platoon|hill|checkpoint|station|sector|zone"
    r"|block|gate|number|level|chapter|section|page|vol|volume|mark|mk|model|type"
    r"|building|room|floor|exit|junction|paragraph|item|grade|class)\.?\s*$"
    r"|\bnos?\.\s*$",
    re.IGNORECASE,
)
_AGE_RE = ScreenedPattern(
    rf"\b(?:aged?|ages)\s+(?:of\s+)?(?:between\s+)?{_NUMERAL}"
    rf"(?:\s*(?:,|and|or|to|[-–])\s*(?:and\s+)?{_NUMERAL})*(?:\s+years?(?:\s+old)?)?",
    re.IGNORECASE,
)
_BRACKETED_RE = re.compile(r"[\[(]\s*\d+\s*[\])]")

# ---------------------------------------------------------------------------
# Quantity cues: the verbs and nouns that say what happened to those counted.
# Killed comes before casualties so that "lost their lives" is not read as "lost".

_CUES: dict[str, str] = {
    Quantity.KILLED: (
        r"death\s+toll|kill(?:ed|ing|ings|s)?|died|dies|dying|die|deaths?|dead"
        r"|execut(?:ed|es|e|ing|ions?)|fatalit(?:y|ies)|slain|slaughtered|massacred"
        r"|perished|lost\s+their\s+lives|claim(?:ed|ing|s)?\s+the\s+lives\s+of|beheaded"
    ),
    Quantity.CASUALTIES: r"casualt(?:y|ies)|los(?:t|ing|ses)",
    Quantity.WOUNDED: r"wound(?:ed|ing|s)?|injur(?:ed|ing|ies|y|es|e)|maimed",
    Quantity.CAPTURED: (
        r"captur(?:ed|es|e|ing)|caught|taken\s+prisoner|t(?:ook|aking)\s+(?:\w+\s+)?prisoners?"
        r"|abduct(?:ed|ing|ion)|kidnapp?(?:ed|ing)|seized"
    ),
    Quantity.SURRENDERED: (
        r"surrender(?:ed|ing|s)?|gave\s+themselves\s+up|turned\s+themselves\s+in"
        r"|handed\s+themselves\s+over"
    ),
    Quantity.FLED: (
        r"fle(?:d|e|es|eing)|escap(?:ed|es|e|ing)|(?:stream|flow|pour)(?:ed|ing|s)?\s+out"
    ),
    Quantity.EVACUATED: (
        r"evacuat(?:ed|es|e|ing|ions?)|bus(?:s)?ed\s+out|departures?"
        r"|(?:left|leaving|leaves?)\s+the\s+(?:[\w-]+\s+){0,2}?"
        r"(?:pocket|enclave|area|town|city|village|region|zone|camp)"
    ),
    Quantity.DISPLACED: r"displac(?:ed|ement|ing)|uprooted|made\s+homeless",
    Quantity.MISSING: r"missing|unaccounted\s+for|disappeared",
    Quantity.DETAINED: (
        r"detain(?:ed|ing|ees?|s)?|detention|arrest(?:ed|ing|s)?|round(?:ed|ing)?\s+up"
        r"|imprisoned|jailed"
    ),
    # Lower case only: "the Free Syrian Army" frees no one.
    Quantity.RELEASED: r"releas(?:ed|es|e|ing)|freed|(?-i:free(?:s|ing)?)|set\s+free|pardoned",
}
_CUE_ANY = "|".join(f"(?:{pattern})" for pattern in _CUES.values())
_CUE_NAMED_RE = re.compile(
    "|".join(rf"\b(?P<{name}>{pattern})\b" for name, pattern in _CUES.items()),
    re.IGNORECASE,
)
_CUE_CHAIN = rf"\b(?:{_CUE_ANY})\b(?:\s*(?:,|and/or|and|or|&)\s*\b(?:{_CUE_ANY})\b)*"
_CUE_CHAIN_AT_RE = re.compile(_CUE_CHAIN, re.IGNORECASE)
# A cue right before the phrase: "killing 6", "the deaths of 15", "casualties at 11".
_CUE_BEFORE_RE = re.compile(
    rf"(?P<chain>{_CUE_CHAIN})"
    r"(?:\s+(?:of|at|a|an|the|another|further|additional|total|only|all|reportedly"
    r"|allegedly))*\s*$",
    re.IGNORECASE,
)
# The figure is part of the one before it: "including 64 women and children".
_PART_OF_BEFORE_RE = re.compile(
    r"(?:\bincluding|\bamong\s+(?:them|whom|which)|\bof\s+(?:whom|which)(?:\s+(?:were|was|are))?"
    r"|\bconsisting\s+of|\bcomprising|\bmostly|\bmainly|\bamong\s+them)\s*[,:]?\s*$",
    re.IGNORECASE,
)
# Coordinated figures: "19 ISIL and 11 SDF fighters", "12 Iraqi families, 14 ...".
_COORDINATION_RE = re.compile(r"\s*(?:,\s*)?(?:(?:and|or|as\s+well\s+as|plus)\s+)?", re.IGNORECASE)

# Nouns that are the quantity itself rather than who is counted.
_QUANTITY_NOUNS: dict[str, str] = {
    "casualties": Quantity.CASUALTIES,
    "casualty": Quantity.CASUALTIES,
    "losses": Quantity.CASUALTIES,
    "deaths": Quantity.KILLED,
    "death": Quantity.KILLED,
    "dead": Quantity.KILLED,
    "fatalities": Quantity.KILLED,
    "killed": Quantity.KILLED,
    "injuries": Quantity.WOUNDED,
    "injured": Quantity.WOUNDED,
    "wounded": Quantity.WOUNDED,
}
# Who is counted, when nothing else says what happened to them.
_ROLE_NOUNS: dict[str, str] = {
    "prisoner": Quantity.CAPTURED,
    "pow": Quantity.CAPTURED,
    "captive": Quantity.CAPTURED,
    "hostage": Quantity.CAPTURED,
    "detainee": Quantity.DETAINED,
    "refugee": Quantity.DISPLACED,
    "idp": Quantity.DISPLACED,
    "evacuee": Quantity.EVACUATED,
    "body": Quantity.KILLED,
    "corpse": Quantity.KILLED,
}
# Places and objects: counted, but never killed, captured or freed.
_NON_PERSON_HEADS = _words(
    """
    village town city settlement site position location point post checkpoint outpost base
    field oilfield well hospital building house home school mosque tunnel compound road bridge
    vehicle car truck tank motorbike motorcycle mortar cache weapon gun rocket missile shell
    drone aircraft plane jet helicopter airstrike strike raid attack assault bombing front axis
    pincer massacre corridor area district neighborhood neighbourhood region hamlet farm mine
    ied svbied vbied ammunition round image video photo statement report operation offensive
    battle clash counterattack counter-attack target camp factory station market silo
    crossing border line tunnel trench bunker depot warehouse office headquarters hq
    province governorate territory kilometer kilometre mile km square
    """
)
_PERSON_HEADS = _words(
    """
    fighter militant civilian soldier people person troop member child children woman women
    man men gunman gunmen jihadist combatant non-combatant family families prisoner commander
    leader officer recruit volunteer resident refugee detainee hostage captive deserter
    defector personnel guard police policeman militiaman mercenary worker journalist doctor
    kurd arab syrian iraqi other others
    """
)
_KNOWN_HEADS = _NON_PERSON_HEADS | _PERSON_HEADS | set(_ROLE_NOUNS)
_SUBJECT_NOUN_FOR = {"civilian": "civilians"}
# Losses of people: two of them named at once ("killed or injured") are casualties.
_LOSSES = frozenset(
    {Quantity.KILLED, Quantity.WOUNDED, Quantity.CASUALTIES, Quantity.CAPTURED, Quantity.MISSING}
)

# Words a noun phrase never runs through.
_STOP_WORDS = _words(
    """
    a an the of in on at from to by with for near during after before since into onto upon
    across against along alongside among amongst amid amidst around between beside besides
    opposite past through throughout toward towards
    under over within without via per as than like including excluding despite inside outside
    behind beyond off out up down about according following
    and or but nor while whereas because though although if when where that which who whom
    whose what whether
    it its they them their theirs themselves itself he him his she her hers we our us you your
    this these those there here
    be is are was were been being am have has had having do does did done will would shall
    should can could may might must
    also still only reportedly allegedly all both each every any such same so too very just
    even already again alone later earlier ago then now far away back respectively not no
    another aged own almost consisting comprising
    """
)
# Verbs that do not end in -ed/-ing; a noun phrase stops at them.
_IRREGULAR_VERBS = _words(
    """
    took take takes taken made make makes left leave leaves fled flee flees fought fight
    fights held hold holds kept keep keeps lost lose loses saw see sees gave give gives ran run
    runs became become becomes came come comes went go goes began begin begins begun got get
    gets stood fell fall falls remain remains continue continues said say says told tell tells
    met meet meets hit put set sent send sends brought bring brings won win wins struck sought
    seek caught bore die dies died
    """
)
_ED_NOT_VERBS = {"hundred", "sacred", "kindred", "naked", "wicked", "ragged", "speed", "breed"}
_ING_NOT_VERBS = _words(
    """
    during including according following regarding concerning building buildings morning
    evening king ring wing string spring thing things nothing something anything everything
    offspring ceiling clothing housing bombing shelling uprising landing meeting hearing wedding
    sibling siblings consisting comprising
    """
)
# Words that may sit between a figure and the verb that governs it:
# "23 civilians had (also|reportedly|so far) been (reported to have been) killed".
_TRANSPARENT_AFTER = _words(
    """
    be is are was were been being have has had also reportedly allegedly reported said believed
    thought feared estimated confirmed later subsequently eventually all both so far by now
    then already still only officially respectively to continued continue continues began
    begun started managed themselves went gone remain remains remained
    """
)
# Leading words that add nothing to a subject: "34,000 total civilians", "two more hospitals".
_SUBJECT_LEADING_NOISE = {"total", "more", "additional", "further", "other"}
_POSSESSIVES = {"the", "their", "its", "his", "her", "our", "these", "those", "your", "my"}
_PARTITIVE_PRONOUNS = {"them", "whom", "which", "us", "these", "those"}
# After a bare number word these are idiom, not a count: "at one point", "on one side".
_IDIOM_NOUNS = _words(
    "point side sides way hand another time moment stage occasion instance thing reason day"
)
_SENTENCE_BREAK_RE = re.compile(r"[.!?;]\s")
_CLAUSE_BREAK_RE = re.compile(r"[;:.!?]|\b(?:while|whereas|but|meanwhile)\b", re.IGNORECASE)
_CLAUSE_BOUNDARY_WORDS = {"while", "whereas", "but", "meanwhile", "where", "although"}
_CLAUSE_BOUNDARY_MARKS = {";", ":", ".", "!", "?"}
_QUOTES = {'"', "“", "”", "'", "‘", "’", "*"}
# Heads whose "of" belongs to them: "members of the pro-government forces".
_OF_HEADS = _words(
    "members families relatives wives residents supporters personnel remnants elements"
)
# Words that grade the next one and count nothing: "2,500 of the most hardened fighters".
_DEGREE_WORDS = {"most", "more", "less", "least", "very", "highly", "well"}
_LY_NOT_ADVERBS = {"family", "elderly", "ally", "italy", "july", "assembly", "supply", "rally"}
_MAX_NP_WORDS = 8
_SCAN_WORDS = 20

_TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S., U.K.
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*(?:[-–][^\W_]+(?:['’][^\W\d_]+)*)*"  # words, al-Bahrah
    r"|\d+(?:[.,]\d+)*"
    r"|\S"
)


# ---------------------------------------------------------------------------
# Internal structures


class _Token(NamedTuple):
    text: str
    start: int
    end: int
    lower: str
    is_word: bool


@dataclass
class _NounPhrase:
    first: int  # token indices, [first, last)
    last: int
    end: int  # character end of the phrase as written (0 when empty)
    kind: str  # "np", "participle" (only "30 wounded"), "unspecified" ("of their own"), "none"
    partitive: bool = False  # "N of …"
    partitive_of_pronoun: bool = False  # "50 of them"


@dataclass
class _Candidate:
    start: int
    core_start: int
    core_end: int
    low: int | None
    high: int | None
    as_written: str
    vague: bool
    word_number: bool
    area_unit: str | None = None
    np: _NounPhrase | None = None
    subject: str = ""
    subject_kind: str = "none"
    head: str = ""
    own_quantity: str | None = None
    modifier_cue: str | None = None  # "internally displaced persons"
    before_cue: str | None = None
    after_cue: str | None = None
    forward_blocked: bool = False
    parent: int | None = None
    is_part: bool = False  # said to be part of the figure before ("including …")
    coordinated_with_previous: bool = False
    quantity: str | None = None

    @property
    def end(self) -> int:
        np_end = self.np.end if self.np and self.np.end else 0
        return max(self.core_end, np_end)


# ---------------------------------------------------------------------------
# Public entry point


def extract_figures(text: str) -> list[FigureMention]:
    """The figures `text` asserts, in reading order."""
    if not _may_hold_a_number(text):
        return []
    tokens = _tokenize(text)
    starts = [token.start for token in tokens]
    excluded_spans = [m.span() for m in _AGE_RE.finditer(text)]
    candidates = _find_candidates(text, tokens, excluded_spans)
    for candidate in candidates:
        candidate.np = _noun_phrase(tokens, bisect_left(starts, candidate.core_end))
        _read_subject(text, tokens, candidate)
    candidates = [c for c in candidates if not _is_misread(text, tokens, c)]

    owner = _token_owners(starts, candidates, excluded_spans)
    _link_structure(text, candidates)
    _borrow_heads(candidates)
    for candidate in candidates:
        _read_local_cues(text, tokens, starts, owner, candidate)
    for index in range(len(candidates)):
        quantity = _resolve_quantity(text, tokens, starts, owner, candidates, index)
        candidates[index].quantity = quantity
    _carry_subjects(text, candidates)
    return [_bounded(_mention(c)) for c in candidates if _worth_reporting(c)]


# The largest count a figure column holds (a 32-bit integer on PostgreSQL).
MAX_COUNT = 2_147_483_647


def _bounded(mention: FigureMention) -> FigureMention:
    """A number past any real head count ("3,000,000,000 civilians") keeps its
    words and no number, rather than failing the document's import."""
    if any(value is not None and value > MAX_COUNT for value in (mention.low, mention.high)):
        return dataclasses.replace(mention, low=None, high=None)
    return mention


# ---------------------------------------------------------------------------
# Finding number phrases


# A number phrase starts at a token that starts with a digit, or whose first part
# is a number word ("twenty-five"), or at "a"/"an" before one of a few words ("a
# dozen"). Half the claims hold none of these, and telling so takes a tenth of
# the time that tokenizing them does.
_LETTER_RUN = re.compile(r"[^\W\d_]+")  # as a word token starts: letters between non-letters
_WORDS_AFTER_ARTICLE = required_words(_ARTICLE_NUMBER_RE.pattern, _ARTICLE_NUMBER_RE.flags)
_NUMBER_WORDS_WITHOUT_ARTICLE = frozenset(_NUMBER_START_WORDS - {"a", "an"})


def _may_hold_a_number(text: str) -> bool:
    if any(map(str.isdigit, text)):
        return True
    lowered = LowerText.trusted(text)
    if lowered is None or _WORDS_AFTER_ARTICLE is None:
        return True
    if contains_any(lowered, _WORDS_AFTER_ARTICLE):
        return True
    return not _NUMBER_WORDS_WITHOUT_ARTICLE.isdisjoint(_LETTER_RUN.findall(lowered))


def _tokenize(text: str) -> list[_Token]:
    return [
        _Token(word, m.start(), m.end(), word.lower(), word[0].isalpha())
        for m in _TOKEN_RE.finditer(text)
        for word in (m.group(),)
    ]


def _find_candidates(
    text: str, tokens: list[_Token], excluded_spans: list[tuple[int, int]]
) -> list[_Candidate]:
    candidates = []
    matched_to = 0
    # Trying the number pattern only where a number can start keeps this stage fast.
    for token in tokens:
        if token.start < matched_to:
            continue
        if not (token.text[0].isdigit() or token.lower.split("-")[0] in _NUMBER_START_WORDS):
            continue
        if token.lower in ("a", "an") and not _ARTICLE_NUMBER_RE.match(text, token.end):
            continue
        match = _CORE_RE.match(text, token.start)
        if match is None:
            continue
        matched_to = match.end()
        if any(start <= match.start() < end for start, end in excluded_spans):
            continue
        candidate = _candidate_from_match(text, match)
        if candidate is not None:
            candidates.append(candidate)
    return candidates


def _candidate_from_match(text: str, match: re.Match[str]) -> _Candidate | None:
    core_start, core_end = match.span()
    low_text = match.group("b_low") or match.group("low")
    high_text = match.group("b_high") or match.group("high")
    vague = match.group("vague")
    if _is_not_a_count(text, match, low_text, high_text):
        return None

    low = high = None
    if not vague:
        multiplier = _SCALE_WORDS[match.group("mult").lower()] if match.group("mult") else 1
        low = _parse_number(low_text, multiplier)
        high = _parse_number(high_text, multiplier) if high_text else low
        if high < low:
            return None  # "5 to 3" is a score or a change, not a range

    start = core_start
    hedge = _hedge_before(text, core_start)
    if hedge:
        start = hedge.start()
        if hedge.group("lower"):
            high = None
        elif hedge.group("upper"):
            low = None

    area = _AREA_AFTER_RE.match(text, core_end)
    return _Candidate(
        start=start,
        core_start=core_start,
        core_end=core_end,
        low=low,
        high=high,
        as_written=_tidy(text[start:core_end]),
        vague=bool(vague),
        word_number=not vague and not low_text[0].isdigit(),
        area_unit=_tidy(area.group("unit")) if area else None,
    )


def _hedge_before(text: str, core_start: int) -> re.Match[str] | None:
    hedge = _HEDGE_BEFORE_RE.search(text, max(0, core_start - 30), core_start)
    if (
        hedge
        and hedge.group("lower")
        and _OVER_AS_PREPOSITION_RE.search(text, max(0, core_start - 40), core_start)
    ):
        return None
    return hedge


def _is_not_a_count(
    text: str, match: re.Match[str], low_text: str | None, high_text: str | None
) -> bool:
    """Dates, years, identifiers, measures, decimals: numbers that count nothing."""
    core_start, core_end = match.span()
    before = max(0, core_start - 40)
    numerals = [t for t in (low_text, high_text) if t and t[0].isdigit()]
    could_be_day = bool(numerals) and all(
        int(t.replace(",", "").split(".")[0]) <= 31 for t in numerals
    )
    # Most numbers in a dated narrative are days of the month: rule them out first.
    if could_be_day and _DATE_AFTER_RE.match(text, core_end):
        return True
    if _AREA_AFTER_RE.match(text, core_end):
        return False
    if _MEASURE_AFTER_RE.match(text, core_end) or _MEASURE_OF_RE.match(text, core_end):
        return True
    if any("." in t for t in numerals) and not match.group("mult"):
        return True  # "4.97 mi", "1.5": a measure, not a head count
    if core_start > 0 and _BRACKETED_RE.match(text, core_start - 1):
        return True
    return bool(
        (could_be_day and _MONTH_BEFORE_RE.search(text, before, core_start))
        or _CURRENCY_BEFORE_RE.search(text, before, core_start)
        or _IDENTIFIER_BEFORE_RE.search(text, before, core_start)
    )


def _parse_number(written: str, multiplier: int = 1) -> int:
    written = written.strip().lower()
    if written[0].isdigit():
        # Decimal, not float: "99999999999999999999" must not turn into 1e20.
        return round(Decimal(written.replace(",", "")) * multiplier)
    return _parse_number_words(written) * multiplier


def _parse_number_words(written: str) -> int:
    """'twenty-one' -> 21, 'a hundred and fifty' -> 150, 'half a dozen' -> 6."""
    if written.startswith("half"):
        return 6
    total = 0
    current = 0
    for word in re.split(r"[\s-]+", written):
        if word in ("a", "an"):
            current = 1
        elif word in _UNIT_WORDS:
            current += _UNIT_WORDS[word]
        elif word in _TENS_WORDS:
            current += _TENS_WORDS[word]
        elif word == "dozen":
            current = (current or 1) * 12
        elif word in _SCALE_WORDS:
            total += (current or 1) * _SCALE_WORDS[word]
            current = 0
    return total + current


# ---------------------------------------------------------------------------
# The noun phrase after the number: who or what is counted


def _is_verbish(token: _Token) -> bool:
    """A verb, as far as spelling tells: irregular forms, -ed and -ing words."""
    word = token.lower
    if not token.is_word or "-" in word or "–" in word:
        return False
    if word in _IRREGULAR_VERBS or word in {"is", "are", "was", "were", "be", "been", "being"}:
        return True
    if word in {"have", "has", "had", "will", "would", "could", "can", "may", "might", "must"}:
        return True
    if len(word) >= 5 and word.endswith("ed") and word not in _ED_NOT_VERBS:
        return True
    return len(word) >= 5 and word.endswith("ing") and word not in _ING_NOT_VERBS


def _is_participle(token: _Token) -> bool:
    word = token.lower
    return (
        token.is_word
        and "-" not in word
        and len(word) >= 5
        and (
            (word.endswith("ed") and word not in _ED_NOT_VERBS)
            or (word.endswith("ing") and word not in _ING_NOT_VERBS)
        )
    )


def _is_np_word(token: _Token) -> bool:
    if _is_acronym(token):
        return True  # "IS fighters", "US troops": not the words "is" and "us"
    word = token.lower
    return token.is_word and word not in _STOP_WORDS and word not in _IRREGULAR_VERBS


def _is_acronym(token: _Token) -> bool:
    return len(token.text) >= 2 and token.text.isupper() and token.is_word


def _noun_phrase(tokens: list[_Token], i: int) -> _NounPhrase:
    """The noun phrase starting at token i ("SDF fighters", "of their own fighters")."""
    if i < len(tokens) and tokens[i].lower == "of":
        phrase = _partitive(tokens, i + 1)
        phrase.partitive = True
        return phrase
    return _plain_noun_phrase(tokens, i)


def _partitive(tokens: list[_Token], i: int) -> _NounPhrase:
    """After "N of": "the pro-government forces", "their own fighters", "them"."""
    if i < len(tokens) and tokens[i].lower in _PARTITIVE_PRONOUNS:
        return _NounPhrase(i, i, tokens[i].end, "unspecified", partitive_of_pronoun=True)
    if i < len(tokens) and tokens[i].lower in _POSSESSIVES:
        i += 1
    if i < len(tokens) and tokens[i].lower == "own":
        i += 1
    phrase = _plain_noun_phrase(tokens, i)
    if phrase.kind == "none":
        end = tokens[i - 1].end if i > 0 else 0
        return _NounPhrase(i, i, end, "unspecified")
    return phrase


def _plain_noun_phrase(tokens: list[_Token], i: int) -> _NounPhrase:
    first = i
    last_kept = i  # one past the last token worth keeping
    seen_noun = False
    words = 0
    while i < len(tokens) and words < _MAX_NP_WORDS:
        token = tokens[i]
        if token.text in _QUOTES:
            i += 1
            continue
        if token.lower in ("and", "or") and seen_noun:
            resume = _coordinated_noun(tokens, i + 1, tokens[last_kept - 1])
            if resume is None:
                break
            if tokens[resume].lower in _QUANTITY_NOUNS:  # "dead and wounded"
                i = last_kept = resume + 1
                words += 1
                continue
            i = resume
            continue
        if token.lower == "of" and seen_noun and _takes_of(tokens[last_kept - 1]):
            i += 1
            while i < len(tokens) and tokens[i].lower in _POSSESSIVES:
                i += 1
            continue
        if not _is_np_word(token):
            break
        if _is_participle(token) and not _participle_modifies(tokens, i, seen_noun):
            if i == first and _CUE_CHAIN_AT_RE.fullmatch(token.text):
                i += 1  # "520 captured", "30 wounded": the figure's own verb
            break
        if seen_noun and _is_adverb(token):
            break
        words += 1
        i += 1
        if not _is_participle(token) and not _is_degree_word(token):
            seen_noun = True
            last_kept = i
    if not seen_noun:
        if i > first and all(_is_participle(t) for t in tokens[first:i] if t.is_word):
            return _NounPhrase(first, i, tokens[i - 1].end, "participle")
        return _NounPhrase(first, first, 0, "none")
    return _NounPhrase(first, last_kept, tokens[last_kept - 1].end, "np")


def _is_adverb(token: _Token) -> bool:
    return token.lower.endswith("ly") and token.lower not in _LY_NOT_ADVERBS


def _is_degree_word(token: _Token) -> bool:
    return token.lower in _DEGREE_WORDS or _is_adverb(token)


def _next_word_index(tokens: list[_Token], i: int) -> int | None:
    """The index of the next token that is not a quotation mark."""
    while i < len(tokens) and tokens[i].text in _QUOTES:
        i += 1
    return i if i < len(tokens) else None


def _next_word(tokens: list[_Token], i: int) -> _Token | None:
    index = _next_word_index(tokens, i)
    return None if index is None else tokens[index]


def _participle_modifies(tokens: list[_Token], i: int, seen_noun: bool) -> bool:
    """Whether the -ed/-ing word at i modifies the noun after it rather than
    being the verb: "surrendered ISIL fighters", "fortified border posts",
    "booby trapped vehicles", but "fighters killed in …", "SVBIEDs targeted SDF
    positions", "militants remained unrepentant", "many arriving barefoot"."""
    following_index = _next_word_index(tokens, i + 1)
    if following_index is None:
        return False
    following = tokens[following_index]
    if not _is_np_word(following):
        return False
    if _is_participle(following):
        return not seen_noun  # "wounded displaced civilians"
    if _is_verbish(following):
        return False
    if seen_noun:  # after a noun, only a lowercase plural can follow a modifier
        word = following.lower
        return following.text[0].islower() and (word.endswith("s") or word in _PERSON_HEADS)
    if following.text[0].isupper() or following.lower.endswith("s"):
        return True
    if following.lower in _PERSON_HEADS:
        return True
    after = _next_word(tokens, following_index + 1)
    return after is not None and _is_np_word(after) and not _is_verbish(after)


def _coordinated_noun(tokens: list[_Token], i: int, previous: _Token) -> int | None:
    """Where the phrase resumes after "and"/"or", or None when "and" ends it:
    "women and children" and "fighters and their family members" go on; "fighters
    and 50 others", "fighters and wounded 7" stop. "dead and wounded" goes on."""
    if i < len(tokens) and previous.lower in _QUANTITY_NOUNS and tokens[i].lower in _QUANTITY_NOUNS:
        return i
    while i < len(tokens) and tokens[i].lower in _POSSESSIVES - {"the"}:
        i += 1
    if i >= len(tokens):
        return None
    token = tokens[i]
    if not _is_np_word(token) or _is_verbish(token) or _CORE_RE.match(token.text):
        return None
    return i


def _takes_of(token: _Token) -> bool:
    """Heads whose "of" belongs to them: "members of the pro-government forces"."""
    return token.lower in _OF_HEADS


def _read_subject(text: str, tokens: list[_Token], candidate: _Candidate) -> None:
    """Set the subject, its head word and any quantity the phrase names itself."""
    phrase = candidate.np
    if candidate.area_unit:
        candidate.subject, candidate.subject_kind = candidate.area_unit, "np"
        return
    if phrase is None or phrase.kind in ("none", "unspecified"):
        candidate.subject_kind = phrase.kind if phrase else "none"
        return
    words = [t for t in tokens[phrase.first : phrase.last] if t.text not in _QUOTES]
    if phrase.kind == "participle":
        # "520 captured", "30 wounded": the participle is the verb of the figure.
        candidate.subject_kind = "participle"
        candidate.own_quantity = _quantity_of_chain(text[words[0].start : phrase.end])
        return
    # "6 civilian casualties", "11 dead and 61 injured", "dead and wounded".
    named: list[str] = []
    while words and words[-1].lower in _QUANTITY_NOUNS:
        named.append(_QUANTITY_NOUNS[words.pop().lower])
        if (
            len(words) >= 2
            and words[-1].lower in ("and", "or")
            and words[-2].lower in _QUANTITY_NOUNS
        ):
            words.pop()
    if len(words) >= 2 and words[-1].lower == "prisoner":
        words.pop()  # "took 300 rebels prisoner"
        named.append(Quantity.CAPTURED)
    if named:
        candidate.own_quantity = _combine(named)
    while words and words[0].lower in _SUBJECT_LEADING_NOISE and len(words) > 1:
        words.pop(0)
    if not words:
        candidate.subject_kind = "quantity-noun"
        return
    subject = _tidy(text[words[0].start : words[-1].end])
    subject = _SUBJECT_NOUN_FOR.get(subject.lower(), subject)
    candidate.subject = subject
    candidate.subject_kind = "np"
    candidate.head = _singular(words[-1].lower)
    modifiers = [w for w in words[:-1] if _is_participle(w)]
    if modifiers:
        candidate.modifier_cue = _quantity_of_chain(" ".join(w.text for w in modifiers))


def _is_misread(text: str, tokens: list[_Token], candidate: _Candidate) -> bool:
    """Years, bare number words and idioms that the number pattern alone cannot rule out."""
    written = text[candidate.core_start : candidate.core_end]
    if re.fullmatch(r"1[89]\d\d|20\d\d", written) or re.fullmatch(
        r"(?:1[89]\d\d|20\d\d)\s*[-–—]\s*(?:1[89]\d\d|20\d\d|\d\d)", written
    ):
        return not (candidate.subject_kind == "np" and candidate.head in _PERSON_HEADS)
    if candidate.word_number or candidate.vague:
        phrase = candidate.np
        if phrase and phrase.kind == "np":
            first_word = tokens[phrase.first].lower
            if first_word in _IDIOM_NOUNS:
                return True
        if candidate.low == 1 and candidate.subject_kind not in ("np", "unspecified"):
            return True  # "the one", "one another"
        if candidate.low == 1 and candidate.high == 1 and phrase and phrase.partitive:
            return True  # "one of the most important sources": singles out, counts nothing
        before = text[max(0, candidate.start - 4) : candidate.start].lower()
        if candidate.low == 1 and re.search(r"\bno\s+$", before):
            return True
    return False


# ---------------------------------------------------------------------------
# Structure between figures: parts, coordination, shared heads


def _token_owners(
    starts: list[int], candidates: list[_Candidate], excluded_spans: list[tuple[int, int]]
) -> list[int]:
    """For each token: the candidate whose phrase it belongs to, -2 for an
    excluded span (an age list), -1 for free text. Scans for cues skip over
    other figures, so that a verb is found past a list of them."""
    owner = [-1] * len(starts)
    spans = [(c.start, c.end, index) for index, c in enumerate(candidates)]
    spans += [(start, end, -2) for start, end in excluded_spans]
    for start, end, index in spans:
        for t in range(bisect_left(starts, start), bisect_left(starts, end)):
            owner[t] = index
    return owner


def _link_structure(text: str, candidates: list[_Candidate]) -> None:
    for index, candidate in enumerate(candidates):
        if index == 0:
            continue
        previous = candidates[index - 1]
        if _SENTENCE_BREAK_RE.search(text, previous.end, candidate.start):
            continue
        window_start = max(previous.end, candidate.start - 40)
        if _PART_OF_BEFORE_RE.search(text, window_start, candidate.start) or (
            candidate.np and candidate.np.partitive_of_pronoun  # "60 fighters – 50 of them –"
        ):
            candidate.parent = index - 1
            candidate.is_part = True
        gap = _COORDINATION_RE.fullmatch(text, previous.end, candidate.start)
        if gap and text[previous.end : candidate.start].strip():
            candidate.coordinated_with_previous = True
            if candidate.parent is None and previous.parent is not None:
                candidate.parent = previous.parent


def _borrow_heads(candidates: list[_Candidate]) -> None:
    """ "19 ISIL and 11 SDF fighters": the first subject is a modifier only and
    takes the head noun of the figure it is coordinated with."""
    for index in range(len(candidates) - 2, -1, -1):
        candidate, following = candidates[index], candidates[index + 1]
        if not following.coordinated_with_previous or candidate.subject_kind != "np":
            continue
        if " " in candidate.subject or not _is_modifier_only(candidate.subject):
            continue
        head_words = following.subject.split()
        if len(head_words) >= 2:
            candidate.subject = f"{candidate.subject} {head_words[-1]}"
            candidate.head = following.head


def _is_modifier_only(word: str) -> bool:
    """An acronym or adjective that cannot count anything by itself."""
    if word.isupper() and len(word) >= 2:
        return True
    if word.lower().endswith("s"):
        return False
    return "-" in word or word[0].isupper() or word.lower().endswith(("an", "ese", "ish", "i"))


# ---------------------------------------------------------------------------
# Quantity


def _read_local_cues(
    text: str, tokens: list[_Token], starts: list[int], owner: list[int], candidate: _Candidate
) -> None:
    """The cues right before and right after the figure phrase."""
    before = _CUE_BEFORE_RE.search(text, max(0, candidate.start - 120), candidate.start)
    if before:
        candidate.before_cue = _quantity_of_chain(before.group("chain"))
    i = bisect_left(starts, candidate.end)
    while i < len(tokens):
        token = tokens[i]
        skippable = token.lower in _TRANSPARENT_AFTER or _is_adverb(token)
        if owner[i] == -2 or token.text in _QUOTES or skippable:
            i += 1
        else:
            break
    if i >= len(tokens):
        return
    cue = _CUE_CHAIN_AT_RE.match(text, tokens[i].start)
    if cue:
        candidate.after_cue = _quantity_of_chain(cue.group())
    elif _is_verbish(tokens[i]):
        candidate.forward_blocked = True  # "500 ISIL fighters took advantage of …"


def _resolve_quantity(
    text: str,
    tokens: list[_Token],
    starts: list[int],
    owner: list[int],
    candidates: list[_Candidate],
    index: int,
) -> str:
    candidate = candidates[index]
    if candidate.area_unit:
        return Quantity.AREA
    if candidate.head in _NON_PERSON_HEADS:
        return Quantity.OTHER
    own = candidate.own_quantity or candidate.after_cue or candidate.before_cue
    if own:
        return own
    if candidate.parent is not None:
        parent_quantity = candidates[candidate.parent].quantity
        if parent_quantity and parent_quantity != Quantity.OTHER:
            return parent_quantity
    shared = _group_cue(candidates, index)
    if shared:
        return shared
    found = _scan_for_cue(text, tokens, starts, owner, candidate, index)
    if found:
        return found
    return _ROLE_NOUNS.get(candidate.head) or candidate.modifier_cue or Quantity.OTHER


def _group_cue(candidates: list[_Candidate], index: int) -> str | None:
    """The verb coordinated figures share: the first one's before, the last one's after."""
    first = index
    while first > 0 and candidates[first].coordinated_with_previous:
        first -= 1
    last = index
    while last + 1 < len(candidates) and candidates[last + 1].coordinated_with_previous:
        last += 1
    if first == last:
        return None
    return candidates[first].before_cue or candidates[last].after_cue


def _scan_for_cue(
    text: str,
    tokens: list[_Token],
    starts: list[int],
    owner: list[int],
    candidate: _Candidate,
    index: int,
) -> str | None:
    """The nearest cue in the clause: forward (the verb of a subject), then backward."""
    if not candidate.forward_blocked:
        found = _scan(text, tokens, owner, index, bisect_left(starts, candidate.end), +1)
        if found:
            return found
    return _scan(text, tokens, owner, index, bisect_left(starts, candidate.start) - 1, -1)


def _scan(
    text: str, tokens: list[_Token], owner: list[int], index: int, i: int, step: int
) -> str | None:
    words = 0
    while 0 <= i < len(tokens) and words < _SCAN_WORDS:
        token = tokens[i]
        if owner[i] not in (-1, index) or not token.is_word:
            if token.text in _CLAUSE_BOUNDARY_MARKS:
                return None
            i += step
            continue
        if token.lower in _CLAUSE_BOUNDARY_WORDS:
            return None
        cue = _cue_at(text, token, step)
        if cue:
            return cue
        if _is_verbish(token):
            if step > 0 and token.lower in _TRANSPARENT_AFTER:
                pass  # "had", "were" on the way to the verb
            elif step < 0 and _is_reduced_relative(tokens, i):
                pass  # "Syrians linked to ISIL"
            else:
                return None
        words += 1
        i += step
    return None


def _cue_at(text: str, token: _Token, step: int) -> str | None:
    if step > 0:
        cue = _CUE_CHAIN_AT_RE.match(text, token.start)
        return _quantity_of_chain(cue.group()) if cue else None
    cue = _CUE_NAMED_RE.match(text, token.start)
    if cue and cue.end() >= token.end:
        return cue.lastgroup
    return None


def _is_reduced_relative(tokens: list[_Token], i: int) -> bool:
    following = tokens[i + 1].lower if i + 1 < len(tokens) else ""
    return tokens[i].lower.endswith("ed") and following in {"to", "by", "with", "from"}


def _quantity_of_chain(chain: str) -> str | None:
    return _combine([m.lastgroup for m in _CUE_NAMED_RE.finditer(chain) if m.lastgroup])


def _combine(quantities: list[str]) -> str | None:
    """One quantity for a chain of cues: two kinds of loss at once are casualties."""
    distinct = list(dict.fromkeys(quantities))
    if not distinct:
        return None
    if len(distinct) == 1:
        return distinct[0]
    if all(q in _LOSSES for q in distinct):
        return Quantity.CASUALTIES
    return distinct[0]


# ---------------------------------------------------------------------------
# Subjects carried between figures, and the result


def _carry_subjects(text: str, candidates: list[_Candidate]) -> None:
    """A bare number counts what the figure before it in the clause counts:
    "killed 3 SDF fighters and wounded 7", "50 of them"."""
    for index, candidate in enumerate(candidates):
        if candidate.np and candidate.np.partitive_of_pronoun and candidate.parent is not None:
            candidate.subject = candidates[candidate.parent].subject
            continue
        if candidate.subject_kind not in ("none", "participle"):
            continue  # has its own, or says it is unspecified ("two of their own")
        for previous_index in range(index - 1, -1, -1):
            previous = candidates[previous_index]
            between = text[previous.end : candidate.start]
            if _CLAUSE_BREAK_RE.search(between):
                break
            if previous.is_part or not previous.subject:
                continue
            if previous.head in _NON_PERSON_HEADS or previous.quantity == Quantity.AREA:
                break
            candidate.subject = previous.subject
            break


def _worth_reporting(candidate: _Candidate) -> bool:
    """A vague or subjectless figure is worth something only with a quantity."""
    says_nothing = candidate.vague or not candidate.subject
    return not (candidate.quantity == Quantity.OTHER and says_nothing)


def _mention(candidate: _Candidate) -> FigureMention:
    return FigureMention(
        quantity=str(candidate.quantity),
        subject=candidate.subject,
        low=candidate.low,
        high=candidate.high,
        as_written=candidate.as_written,
        start=candidate.start,
        end=candidate.end,
    )


def _tidy(written: str) -> str:
    for quote in _QUOTES - {"'", "’"}:
        written = written.replace(quote, "")
    return re.sub(r"\s+", " ", written).strip(" '’")


def _singular(word: str) -> str:
    """The singular of a head noun the vocabularies know ("villages" -> "village")."""
    if word in _KNOWN_HEADS:
        return word
    for suffix, replacement in (("ies", "y"), ("ses", "s"), ("es", ""), ("s", "")):
        singular = word[: -len(suffix)] + replacement
        if word.endswith(suffix) and singular in _KNOWN_HEADS:
            return singular
    return word
