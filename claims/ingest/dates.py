"""Ingest stage 3, dates: give every sentence the date a careful reader would give it.

A document is read sentence by sentence, in order, keeping a *running context*: the date the
narrative has reached. Each sentence gets

* `event` — when the narrated happening took place: from an expression in the sentence
  ("On 3 December", "Between 9 and 10 October", "The next day", "On the 28th", "in February
  2018") or, when the sentence has none, carried from the context;
* `stated` — when a speaker made the statement, if the sentence says so ("SOHR stated on 29
  December that ...", "The U.S. DoD announced in February 2018 that ...");
* every date expression found (`mentions`), with character offsets and its role.

How the reader's judgement is modelled (all rules are general; none names a document):

* A date without a year takes the year that puts it closest to the context, where looking
  forward costs half as much as looking back (narratives move forward): in December 2017,
  "On 3 January" is 2018 and "On 27 November" is 2017. A year other than the context's is only
  taken when it keeps the date inside the front matter's phases (when they are known).
* A date attached to a reporting verb is a *statement date*: right after it ("announced in
  February 2018 that", "was reported by SOHR on 10 April", "told Reuters on 22 June", "said in
  a statement on 3 January", "announced the restart of the offensive on 11 November.") or
  before it ("SOHR on the next day reported", "On 6 December, X, an SDF commander, confirmed
  ..."; asides between commas or dashes do not count). When the content has a date of its own,
  that is the event; otherwise the statement date usually is, and it moves the context:
  - A statement date that opens the sentence ("On 1 April 2018, X announced ...", "In
    December, Y said ...") is narrative progression, however far from the context -- unless
    it lies long before the narrative or is a coarser look back (then an aside, see below).
  - One written after the verb at month or year precision and far from the context ("announced
    in February 2018 that ...", in late 2017) is a retrospective announcement: the event is
    carried and the context does not move.
    But one in the month that begins right after a day context ("was reported by X in early
    July" at 28 June) is the story's next step: it is the event and moves the context. The
    date of a report named before the speaker ("In a report published in May 2020, X alleged
    ...") stands after its own verb and is read like "said in a report published in ...".
  - One given as a forward shift after the verb ("Amaq claimed responsibility for the bombing
    the following day", "officials said the next morning that nine people had died", "X
    confirmed his death the following day and ...") dates only the statement: the event stays
    on the context, the context moves to the statement -- unless the reported clause is a state
    on the speaker's day ("said the next day that 500 fighters were inside", "that he hoped
    ..."): then the statement date is the event. A forward shift before the verb that revises a
    figure ("Two days later, it put the toll at 60") also leaves the event on the happening.
  - While only such statement dates have moved the context, an undated report is still about
    the happening ("... the raid. Two days later, SOHR put the toll at 60. Activists said that
    the dead were farmers." -- the raid's day). After a dated statement about an earlier
    period ("A toll of 900 killed between May and July was reported by X on 2 March"), an
    undated or forward-shifted counter-figure ("Y maintained that its strikes had killed no
    more than 40") is about that period.
  - A denial of something earlier ("later on 15 January denied the allegations", "dismissed
    the statement") is about what it denies: the event is carried, the context moves.
* What a speaker reports had happened by the time of the statement, so a yearless content date
  does not fall after the statement date ("claimed on 20 February that ... in October" is the
  October before) unless the sentence looks ahead ("would", "will", "plans to"); a date after
  the statement in such a sentence is an aside, not the event.
* A coarse content date before the context ("between June and October 2017 ... was reported by
  SOHR on 10 April") is the event of a dated statement, which still moves the context.
  - A forward shift that opens the sentence before a report of what had happened ("The
    following day, X claimed that a sack had landed in its camp"; not a condition on the
    speaker's day: "that the city had been "destroyed"") also dates only the statement.
  - A reported clause with an ongoing state ("that its men had set up guns and were not taking
    part", "that the defenders still held ...") is on the speaker's day.
  - A confirmation of the previous report ("The government confirmed the figure the same day")
    is about what that report was about: the previous sentence's event.
  - A statement date also stands after a demonstrative object ("rejected that assessment the
    following day") and in "In a video published on 30 May, X said ...".
* Reported content long before the context ("In April 2021, X acknowledged that its strikes on
  3 May 2020 had killed 20" in May 2021) is the event but does not take the story back.
* A sentence without its own statement date that continues the previous one ("It added that
  ...") keeps that sentence's statement date.
* Dates that do not say when the sentence happened never move the context and are never its
  event: the start or end of a period ("since 9 January", "until November 2021") and
  attributive dates ("the 26 October ISIL counterattack", "a 5 December press release") --
  except as the subject of a reported clause ("HRW alleged that the 18 July strikes had killed
  ..."), where it names the happening the claim is about: the event unless a narrative date
  dates the sentence, ahead of the statement date, without moving the context. So does one
  timing the reported clause ("stated in October that fighters had razed homes after the June
  fighting"; not "posts abandoned after the 26 October attack", which only names it).
  But a count since a date ("4,900 people had fled since 21 January") is a tally: its event
  is the period from that date up to the context (or the statement date), unless a narrative
  date comes first in the sentence or it stands in a second reported clause ("confirmed that
  the town had fallen and estimated that 700 strikes had been flown since May").
* Asides move no context but are the sentence's event when it has no other date: a date far
  before the campaign ("in 2014", "July 2016 Qamishli bombings"), a coarser look back ("in
  late October 2018" while the narrative is in January 2019) and a named phase ("The first
  phase of the campaign was ...", when phases are known). A vague span up to now ("in recent
  weeks") puts the sentence at the context, ahead of asides.
* Relative dates inside a quotation ("... and the next day somebody finds another device,")
  count from the speaker's day, not the story's, and are ignored.
* Of several narrative dates the first is the event and the latest becomes the context, so
  "... not bombed on 7 December and ... on 8 December. The next day ..." is 9 December. A
  statement date after the narrative ones moves the story on too ("... on 8 September; on the
  next day, the campaign was announced").
* "over the same period" in an undated sentence is the previous sentence's span ("... killed
  since 3 May. X put its own losses over the same period at 120.").
* Section headings set the context when they name a phase ("Third phase": its start),
  a resumption ("The campaign resumes": the next phase) or a year or month ("2019").
* A coarser date that contains the context ("later in the month") does not blur it for the
  dates that count from it, but the undated sentences after it take it ("In mid-October, X
  said ... . Y insisted ..." -- October).
* "On the 29th" is in the context's month when that day is still ahead (on 1 November: 29
  November); otherwise the nearest month.

Choices where the text is vague: "by the end of the month" and "by the end of November" are
the month's last day (day precision); "the following week" is the context plus seven days (day
precision); "during the week" is the context itself; "the next day" after a month-precision
context stays that month; "the weekend" is the Saturday and Sunday at or before a day context;
"between June and October 2017" is a month-precision range (first day of June to last day of
October). Weekday names ("on Saturday"), spans of years ("2017–2019") and other vague spans
("the previous two days") are not resolved.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from .literals import LowerText, ScreenedPattern, contains_any
from .lowercase import LowercasePattern, is_lowercase_pattern
from .trie_pattern import trie_pattern

# The values of claims.models.DatePrecision, as plain strings so the stage needs no Django.
DAY = "day"
MONTH = "month"
YEAR = "year"
_COARSENESS = {DAY: 0, MONTH: 1, YEAR: 2}

# Mention roles.
EVENT = "event"
STATED = "stated"

# Looking back for a year costs this many times as much as looking forward.
_BACKWARD_COST = 2
# A statement date further than this from the context is a separate (later) announcement.
_NEAR_STATEMENT = datetime.timedelta(days=31)
# A coarser statement date starting no further than this after the context continues the story.
_NEXT_STEP = datetime.timedelta(days=7)
# How far outside the phases a narrative still reaches (a prelude, an aftermath): a date ending
# further before the first phase is background; a yearless date is not placed further out.
_PHASE_MARGIN = datetime.timedelta(days=60)
# Without phases, a date ending this long before the context is background.
_BEFORE_CONTEXT = datetime.timedelta(days=366)


@dataclass(frozen=True)
class DateValue:
    start: datetime.date  # first day (for month precision: the 1st; year: 1 Jan)
    precision: str  # "day" | "month" | "year"
    end: datetime.date | None = None  # last day of a range, else None

    @property
    def last(self) -> datetime.date:
        """The last day the value covers: the range's end, or the month's or year's last day."""
        if self.end is not None:
            return self.end
        if self.precision == MONTH:
            return _month_end(self.start.year, self.start.month)
        if self.precision == YEAR:
            return datetime.date(self.start.year, 12, 31)
        return self.start

    def covers(self, other: DateValue) -> bool:
        return self.start <= other.start and other.last <= self.last


@dataclass(frozen=True)
class DateMention:
    start: int  # character offsets of the expression within the sentence
    end: int
    value: DateValue
    role: str  # "event" or "stated"


@dataclass(frozen=True)
class SentenceDates:
    event: DateValue | None  # when the narrated happening took place
    stated: DateValue | None  # when the speaker made the statement, if the sentence says so
    mentions: tuple[DateMention, ...]
    explicit: bool  # True when the event date came from an expression in this sentence


# --------------------------------------------------------------------------- calendar helpers


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _date_or_none(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:  # 31 September, 29 February in a common year, year 0 ...
        return None


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _cost(candidate: tuple[datetime.date, datetime.date], anchor: DateValue) -> int:
    """How far a candidate interval is from the anchor; looking back costs more."""
    low, high = candidate
    if high < anchor.start:
        return _BACKWARD_COST * (anchor.start - high).days
    if low > anchor.last:
        return (low - anchor.last).days
    return 0


def _overlaps(
    interval: tuple[datetime.date, datetime.date], span: tuple[datetime.date, datetime.date]
) -> bool:
    return interval[0] <= span[1] and span[0] <= interval[1]


def _coarser(value: DateValue, than: DateValue) -> bool:
    return _COARSENESS[value.precision] > _COARSENESS[than.precision]


# --------------------------------------------------------------------------- expressions

_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_NUMBER = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

# Month names are matched capitalised only, so "may" (the verb) is never a month.
_MONTH = "(?:" + "|".join(_MONTH_NAMES) + ")"
# A day number that is not part of a larger number ("1,306", "4.97", "113").
_DAY = r"(?<![\w.,])(?:3[01]|[12][0-9]|0?[1-9])(?![\d.,]\d|\d)"
_ORDINAL_SUFFIX = r"(?:st|nd|rd|th)"
_YEAR = r"(?<![\w.,])(?:1[89][0-9]{2}|20[0-9]{2})(?!\w|[.,]\d)"
_QUALIFIER = r"(?:(?P<q>early|mid|late)(?:-|\s+))"
# "between" or "from" before a range belongs to it (matched separately: regexes that start with
# a digit are scanned several times faster).
_RANGE_INTRO = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)
# "–", "-", "and", "to", "until", "through" between the two ends of a range.
_RANGE_SEP = r"\s*(?:[–—-]|\b(?i:and|to|until|through)\b)\s*"
_NUMBER = r"(?:\d{1,2}|" + "|".join(_NUMBER_WORDS) + ")"

# Words that introduce a bare month, year or US-style date, so "in February", "by 2019" and
# "on September 13" are dates while "the 2017 offensive" or "Brigade 113" are not.
_DATE_PREPOSITION = re.compile(
    r"\b(?:in|on|by|during|since|until|till|from|through|throughout|before|after|of|and"
    r"|between|to)\s+$",
    re.IGNORECASE,
)
# A bare year needs a stricter introduction: "of 2000 fighters" is a count.
_YEAR_PREPOSITION = re.compile(
    r"\b(?:in|by|during|since|until|till|from|through|throughout|before|after)\s+$",
    re.IGNORECASE,
)
# A bare month after a temporal preposition and a determiner: "during the March offensive".
_NAMED_BY_MONTH = re.compile(
    r"\b(?:during|after|following|amid|in|before|since)\s+(?:the|its|their)\s+$", re.IGNORECASE
)
# An ordinal like "the 3rd" is a day only when followed by a pause or a non-noun word.
_ORDINAL_NOUN_AFTER = re.compile(
    r"^\s+(?:[A-Z]|(?:floor|floors|century|anniversary|birthday|brigade|division|battalion"
    r"|regiment|corps|army|place|round|time|times|day|week|month|year|edition|session"
    r"|congress|district|street)\b)"
)


Resolve = Callable[["DateResolver", DateValue | None], DateValue | None]


@dataclass(frozen=True)
class _Expression:
    start: int
    end: int
    kind: str  # _ABSOLUTE, _RELATIVE, _PHASE or _PRESENT
    resolve: Resolve


_ABSOLUTE = "absolute"
_RELATIVE = "relative"
_PHASE = "phase"
_PRESENT = "present"  # a vague span up to now ("in recent weeks")


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBER_WORDS[text.lower()]


def _optional_int(text: str | None) -> int | None:
    return int(text) if text else None


def _preceded_by_preposition(sentence: str, start: int) -> bool:
    return bool(_DATE_PREPOSITION.search(sentence[:start]))


# Each maker turns a regex match into a resolver function, or None when the match is not a
# date after all (an impossible day, a number that is not introduced like a date).


def _make_day_month(match: re.Match[str], sentence: str) -> Resolve | None:
    day, month = int(match["d"]), _MONTH_NUMBER[match["m"]]
    if _date_or_none(2000, month, day) is None:  # 2000 is a leap year: 29 February is valid
        return None
    return partial(_resolve_absolute, month=month, day=day, year=_optional_int(match["y"]))


def _make_month_day(match: re.Match[str], sentence: str) -> Resolve | None:
    year = match["y"] or match["y2"]
    if not year and not _preceded_by_preposition(sentence, match.start()):
        return None
    day, month = int(match["d"]), _MONTH_NUMBER[match["m"]]
    if _date_or_none(2000, month, day) is None:
        return None
    return partial(_resolve_absolute, month=month, day=day, year=_optional_int(year))


def _make_month_year(match: re.Match[str], sentence: str) -> Resolve | None:
    return partial(
        _resolve_absolute, month=_MONTH_NUMBER[match["m"]], day=None, year=int(match["y"])
    )


def _make_month(match: re.Match[str], sentence: str) -> Resolve | None:
    # "in June", or a month naming a happening that times a clause: "after the June fighting".
    named = _NAMED_BY_MONTH.search(sentence[: match.start()]) and re.match(
        r"\s+[a-z]", sentence[match.end() :]
    )
    if not _preceded_by_preposition(sentence, match.start()) and not named:
        return None
    return partial(_resolve_absolute, month=_MONTH_NUMBER[match["m"]], day=None, year=None)


def _make_year(match: re.Match[str], sentence: str) -> Resolve | None:
    if not match["q"] and not _YEAR_PREPOSITION.search(sentence[: match.start()]):
        return None
    if re.match(r"\s*[–—-]\s*\d", sentence[match.end() :]):  # a span of years: not handled
        return None
    return partial(_resolve_year, year=int(match["y"]))


def _make_month_range(match: re.Match[str], sentence: str) -> Resolve | None:
    # "between June and October 2017", "from March to May": "and" needs its "between".
    separator = match["sep"].strip().lower()
    if separator == "and" and not _RANGE_INTRO.search(sentence[: match.start()]):
        return None
    first, last = _MONTH_NUMBER[match["m1"]], _MONTH_NUMBER[match["m2"]]
    if first == last and not match["y1"]:
        return None
    return partial(
        _resolve_month_range,
        first=(first, _optional_int(match["y1"])),
        last=(last, _optional_int(match["y2"])),
    )


def _make_end_of_named_month(match: re.Match[str], sentence: str) -> Resolve | None:
    return partial(
        _resolve_end_of_named_month, month=_MONTH_NUMBER[match["m"]], year=_optional_int(match["y"])
    )


def _make_range(match: re.Match[str], sentence: str) -> Resolve | None:
    # "21 and 24 September" is a range by convention; "between 28 February and 2 March" needs
    # its "between", else "on 3 May and 5 June" would become one long range.
    separator = match["sep"].strip().lower()
    month2 = _MONTH_NUMBER[match["m2"]]
    month1 = _MONTH_NUMBER[match["m1"]] if match.groupdict().get("m1") else month2
    if (
        separator == "and"
        and month1 != month2
        and not _RANGE_INTRO.search(sentence[: match.start()])
    ):
        return None
    day1, day2 = int(match["d1"]), int(match["d2"])
    if _date_or_none(2000, month1, day1) is None or _date_or_none(2000, month2, day2) is None:
        return None
    if month1 == month2 and day1 >= day2 and not match.groupdict().get("y1"):
        return None
    return partial(
        _resolve_range,
        first=(day1, month1, _optional_int(match.groupdict().get("y1"))),
        last=(day2, month2, _optional_int(match["y2"])),
    )


def _make_ordinal(match: re.Match[str], sentence: str) -> Resolve | None:
    paused = re.match(r"\s*(?:[.,;:)]|$)", sentence[match.end() :])
    if not paused and (
        _ORDINAL_NOUN_AFTER.match(sentence[match.end() :])
        or not _preceded_by_preposition(sentence, match.start())
    ):
        return None
    return partial(_resolve_ordinal, days=(int(match["d"]),))


def _make_ordinal_range(match: re.Match[str], sentence: str) -> Resolve | None:
    day1, day2 = int(match["d1"]), int(match["d2"])
    if day1 >= day2:
        return None
    return partial(_resolve_ordinal, days=(day1, day2))


def _make_day_shift(days: int) -> Callable[[re.Match[str], str], Resolve]:
    return lambda match, sentence: partial(_resolve_day_shift, days=days)


def _make_counted_shift(unit_days: int, sign: int) -> Callable[[re.Match[str], str], Resolve]:
    return lambda match, sentence: partial(
        _resolve_day_shift, days=sign * unit_days * _number(match["n"])
    )


def _make_next_days(match: re.Match[str], sentence: str) -> Resolve:
    return partial(_resolve_next_days, count=_number(match["n"]))


def _make_month_shift(months: int | None) -> Callable[[re.Match[str], str], Resolve]:
    def make(match: re.Match[str], sentence: str) -> Resolve:
        count = months
        if count is None:  # "two months later" / "three months earlier"
            sign = -1 if match["dir"].lower() == "earlier" else 1
            count = sign * _number(match["n"])
        return partial(_resolve_month_shift, months=count)

    return make


def _make_year_shift(years: int) -> Callable[[re.Match[str], str], Resolve]:
    return lambda match, sentence: partial(_resolve_year_shift, years=years)


def _make_end_of(unit: str) -> Callable[[re.Match[str], str], Resolve]:
    return lambda match, sentence: partial(_resolve_end_of, unit=unit)


def _make_present(match: re.Match[str], sentence: str) -> Resolve:
    return _resolve_present


_PHASE_ORDINALS = {
    "first": 0,
    "initial": 0,
    "second": 1,
    "third": 2,
    "fourth": 3,
    "fifth": 4,
    "sixth": 5,
    "final": -1,
    "last": -1,
}
_PHASE_NAME = (
    r"(?P<ord>first|initial|second|third|fourth|fifth|sixth|final|last)"
    r"(?:\s+and\s+(?:final|last))?\s+phase\b"
)
# A phase spoken of ahead of time ("preparations for the third phase") is not the sentence's date.
_PROSPECTIVE = re.compile(r"\b(?:for|towards?|toward|before|ahead\s+of|into)\s+$", re.I)


def _make_phase(match: re.Match[str], sentence: str) -> Resolve | None:
    if _PROSPECTIVE.search(sentence[: match.start()]):
        return None
    return partial(_resolve_phase, index=_PHASE_ORDINALS[match["ord"].lower()])


@dataclass(frozen=True)
class _Pattern:
    name: str
    # What the lowercased sentence must contain before the regex is tried: most sentences hold
    # no date, and this quick test is far cheaper than the full scan.
    needs: _Substrings | re.Pattern[str]
    regex: re.Pattern[str]
    kind: str
    make: Callable[[re.Match[str], str], Resolve | None]
    intro: re.Pattern[str] | None  # a word right before the match that belongs to the expression
    # A case-insensitive pattern compiled without the flag, for the lower-cased sentence: several
    # times faster, and what its makers read of a match does not depend on case.
    lowercase: re.Pattern[str] | None


def _pattern(
    name: str,
    needs: _Substrings | re.Pattern[str],
    regex: str,
    kind: str,
    make: Callable[[re.Match[str], str], Resolve | None],
    flags: int = 0,
    *,
    intro: re.Pattern[str] | None = None,
) -> _Pattern:
    lowercase = None
    if flags & re.IGNORECASE:
        if not is_lowercase_pattern(regex):
            raise ValueError(f"a case-insensitive date pattern is written in lower case: {name}")
        lowercase = re.compile(regex, flags & ~re.IGNORECASE)
    return _Pattern(name, needs, re.compile(regex, flags), kind, make, intro, lowercase)


_I = re.IGNORECASE


class _Substrings:
    """The key words a lowercased sentence must contain (one of) before a date
    pattern is tried: a substring test is far cheaper than a regex search.
    `cased` words are looked for as written, in the sentence itself."""

    def __init__(self, *words: str, cased: bool = False):
        self.words = frozenset(words)
        self.cased = cased


def _words(*words: str) -> _Substrings:
    return _Substrings(*words)


# Month names are matched capitalised only: "may" (the verb) or "marched" let no month pattern run.
_MONTH_WORDS = _Substrings(*_MONTH_NAMES, cased=True)
_LOWER_MONTH = "(?:" + "|".join(name.lower() for name in _MONTH_NAMES) + ")"
# What the patterns with a day before the month need ("3 December", "22nd of October", "9 and
# 10 October"), and those with a number after it ("September 13", "February 2018"): looked for
# once per sentence, in the lower-cased text, by a pattern that starts at a digit or a month's
# first letter rather than at every position.
_DAY_BEFORE_MONTH = re.compile(rf"[0-9](?:st|nd|rd|th)?\s+(?:of\s+)?{_LOWER_MONTH}")
# ... a range across months has two ("28 February and 2 March"), and a range of days a day, a
# separator and a day before its month ("9 and 10 October", "23–24 November").
_TWO_DAYS_BEFORE_MONTHS = re.compile(
    rf"[0-9](?:st|nd|rd|th)?\s+{_LOWER_MONTH}[\s\S]*?[0-9](?:st|nd|rd|th)?\s+{_LOWER_MONTH}"
)
_DAYS_BEFORE_MONTH = re.compile(
    r"[0-9](?:st|nd|rd|th)?\s*(?:[–—-]|and|to|until|through)\s*"
    rf"[0-9]+(?:st|nd|rd|th)?\s+{_LOWER_MONTH}"
)
_NUMBER_AFTER_MONTH = re.compile(rf"{_LOWER_MONTH},?\s+[0-9]")
# A range of months names two ("between June and October"); "the end of November" names one
# after "end of".
_TWO_MONTHS = re.compile(rf"{_LOWER_MONTH}[\s\S]*?{_LOWER_MONTH}")
_END_OF_MONTH = re.compile(rf"end\s+of\s+{_LOWER_MONTH}")
_ORDINAL_DIGITS = re.compile(r"\d(?:st|nd|rd|th)")
_PATTERNS: tuple[_Pattern, ...] = (
    # "between 28 February and 2 March", "8 September 2017 – 5 March 2018", "1 May – 4 August"
    _pattern(
        "range_across_months",
        _TWO_DAYS_BEFORE_MONTHS,
        rf"(?=\d)(?P<d1>{_DAY}){_ORDINAL_SUFFIX}?\s+(?P<m1>{_MONTH})"
        rf"(?:,?\s+(?P<y1>{_YEAR}))?(?P<sep>{_RANGE_SEP})(?P<d2>{_DAY}){_ORDINAL_SUFFIX}?"
        rf"\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y2>{_YEAR}))?",
        _ABSOLUTE,
        _make_range,
        intro=_RANGE_INTRO,
    ),
    # "Between 9 and 10 October", "on 21 and 24 September", "23–24 November", "from 10 to 14"
    _pattern(
        "range_of_days",
        _DAYS_BEFORE_MONTH,
        rf"(?=\d)(?P<d1>{_DAY}){_ORDINAL_SUFFIX}?(?P<sep>{_RANGE_SEP})"
        rf"(?P<d2>{_DAY}){_ORDINAL_SUFFIX}?\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y2>{_YEAR}))?",
        _ABSOLUTE,
        _make_range,
        intro=_RANGE_INTRO,
    ),
    # "between the 26th and 27th"
    _pattern(
        "range_of_ordinals",
        _ORDINAL_DIGITS,
        rf"(?=[Tt])\b[Tt]he\s+(?P<d1>{_DAY}){_ORDINAL_SUFFIX}{_RANGE_SEP}"
        rf"(?:the\s+)?(?P<d2>{_DAY}){_ORDINAL_SUFFIX}\b",
        _ABSOLUTE,
        _make_ordinal_range,
        intro=_RANGE_INTRO,
    ),
    # "between June and October 2017", "from March to May 2018"
    _pattern(
        "range_of_months",
        _TWO_MONTHS,
        rf"(?=[A-Z])\b(?P<m1>{_MONTH})(?:,?\s+(?P<y1>{_YEAR}))?(?P<sep>{_RANGE_SEP})"
        rf"(?P<m2>{_MONTH})\b(?:,?\s+(?P<y2>{_YEAR}))?",
        _ABSOLUTE,
        _make_month_range,
        intro=_RANGE_INTRO,
    ),
    # "by the end of November", "at the end of July 2018": the month's last day
    _pattern(
        "end_of_named_month",
        _END_OF_MONTH,
        rf"(?=[Tt])\b[Tt]he\s+end\s+of\s+(?P<m>{_MONTH})\b(?:,?\s+(?P<y>{_YEAR}))?",
        _ABSOLUTE,
        _make_end_of_named_month,
    ),
    # "3 December", "8 September 2017", "22nd of October"
    _pattern(
        "day_month",
        _DAY_BEFORE_MONTH,
        rf"(?=\d)(?P<d>{_DAY}){_ORDINAL_SUFFIX}?\s+(?:of\s+)?(?P<m>{_MONTH})\b"
        rf"(?:,?\s+(?P<y>{_YEAR}))?",
        _ABSOLUTE,
        _make_day_month,
    ),
    # "on September 13", "October 28, 2018"
    _pattern(
        "month_day",
        _NUMBER_AFTER_MONTH,
        rf"(?=[A-Z])\b(?P<m>{_MONTH})\s+(?P<d>{_DAY}){_ORDINAL_SUFFIX}?\b"
        rf"(?:,\s*(?P<y>{_YEAR})|\s+(?P<y2>{_YEAR}))?",
        _ABSOLUTE,
        _make_month_day,
    ),
    # "February 2018", "late October 2018"
    _pattern(
        "month_year",
        _NUMBER_AFTER_MONTH,
        rf"(?=[A-Za-z])\b{_QUALIFIER}?(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})",
        _ABSOLUTE,
        _make_month_year,
    ),
    # "in February", "by late February"
    _pattern(
        "month",
        _MONTH_WORDS,
        rf"(?=[A-Za-z])\b{_QUALIFIER}?(?P<m>{_MONTH})\b",
        _ABSOLUTE,
        _make_month,
    ),
    # "in 2019", "in early 2018"
    _pattern(
        "year",
        _words("19", "20"),
        rf"(?=[\dEeMmLl])\b{_QUALIFIER}?(?P<y>{_YEAR})",
        _ABSOLUTE,
        _make_year,
    ),
    # "On the 28th"
    _pattern(
        "ordinal_day",
        _ORDINAL_DIGITS,
        rf"(?=[Tt])\b[Tt]he\s+(?P<d>{_DAY}){_ORDINAL_SUFFIX}\b",
        _ABSOLUTE,
        _make_ordinal,
    ),
    # Relative to the context.
    _pattern(
        "same_day",
        _words("day", "night", "evening", "morning", "date", "hours"),
        r"\b(?:the\s+same|that(?:\s+same)?)\s+(?:day|night|evening|morning|date)\b"
        r"|\b(?:later|earlier)\s+(?:in\s+the|that)\s+day\b"
        rf"|\b(?:several|a\s+few|{_NUMBER})\s+hours\s+later\b",
        _RELATIVE,
        _make_day_shift(0),
        _I,
    ),
    _pattern(
        "next_day",
        _words("day", "morning", "evening", "night"),
        r"\b(?:the\s+)?(?:next|following|subsequent)\s+(?:day|morning|evening|night)\b"
        r"|\ba\s+day\s+later\b"
        r"|\bthe\s+day\s+after(?=\s*[,.;])",
        _RELATIVE,
        _make_day_shift(1),
        _I,
    ),
    _pattern(
        "previous_day",
        _words("day"),
        r"\bthe\s+(?:previous|preceding)\s+day\b|\ba\s+day\s+earlier\b"
        r"|\bthe\s+day\s+before(?=\s*[,.;])",
        _RELATIVE,
        _make_day_shift(-1),
        _I,
    ),
    _pattern(
        "days_later",
        _words("later"),
        rf"\b(?P<n>{_NUMBER})\s+days?\s+later\b",
        _RELATIVE,
        _make_counted_shift(1, 1),
        _I,
    ),
    _pattern(
        "days_earlier",
        _words("earlier"),
        rf"\b(?P<n>{_NUMBER})\s+days?\s+earlier\b",
        _RELATIVE,
        _make_counted_shift(1, -1),
        _I,
    ),
    _pattern(
        "next_days",
        _words("days"),
        rf"\bthe\s+(?:next|following)\s+(?P<n>{_NUMBER})\s+days\b",
        _RELATIVE,
        _make_next_days,
        _I,
    ),
    _pattern(
        "following_week",
        _words("week"),
        r"\b(?:the\s+)?(?:following|next)\s+week\b|\ba\s+week\s+later\b",
        _RELATIVE,
        _make_day_shift(7),
        _I,
    ),
    _pattern(
        "weeks_later",
        _words("later"),
        rf"\b(?P<n>{_NUMBER})\s+weeks?\s+later\b",
        _RELATIVE,
        _make_counted_shift(7, 1),
        _I,
    ),
    _pattern(
        "same_week",
        _words("week"),
        r"\bduring\s+the\s+week\b|\b(?:that|the\s+same)\s+week\b"
        r"|\b(?:later|earlier)\s+(?:in\s+the|that)\s+week\b",
        _RELATIVE,
        _make_day_shift(0),
        _I,
    ),
    _pattern(
        "weekend",
        _words("weekend"),
        r"\b(?:the|that|last|this)\s+weekend\b",
        _RELATIVE,
        lambda match, sentence: _resolve_weekend,
        _I,
    ),
    _pattern(
        "end_of_month",
        _words("end"),
        r"\bthe\s+end\s+of\s+(?:the|that)\s+month\b",
        _RELATIVE,
        _make_end_of(MONTH),
        _I,
    ),
    _pattern(
        "end_of_year",
        _words("end"),
        r"\bthe\s+end\s+of\s+(?:the|that)\s+year\b",
        _RELATIVE,
        _make_end_of(YEAR),
        _I,
    ),
    _pattern(
        "same_month",
        _words("month"),
        r"\b(?:later|earlier)\s+(?:in\s+the|that)\s+month\b|\b(?:that|the\s+same)\s+month\b",
        _RELATIVE,
        _make_month_shift(0),
        _I,
    ),
    _pattern(
        "next_month",
        _words("month"),
        r"\b(?:the\s+)?(?:following|next)\s+month\b|\ba\s+month\s+later\b",
        _RELATIVE,
        _make_month_shift(1),
        _I,
    ),
    _pattern(
        "previous_month",
        _words("month"),
        r"\bthe\s+(?:previous|preceding)\s+month\b|\ba\s+month\s+earlier\b",
        _RELATIVE,
        _make_month_shift(-1),
        _I,
    ),
    _pattern(
        "months_apart",
        _words("months"),
        rf"\b(?P<n>{_NUMBER})\s+months\s+(?P<dir>later|earlier)\b",
        _RELATIVE,
        _make_month_shift(None),
        _I,
    ),
    _pattern(
        "same_year",
        _words("year"),
        r"\b(?:later|earlier)\s+(?:in\s+the|that)\s+year\b|\b(?:that|the\s+same)\s+year\b",
        _RELATIVE,
        _make_year_shift(0),
        _I,
    ),
    _pattern(
        "next_year",
        _words("year"),
        r"\b(?:the\s+)?(?:following|next)\s+year\b|\ba\s+year\s+later\b",
        _RELATIVE,
        _make_year_shift(1),
        _I,
    ),
    # "in recent weeks", "over the past few days": up to now, so the sentence is about the context
    _pattern(
        "recent_span",
        _words("recent", "past", "last"),
        r"\b(?:in|over|during|within)\s+(?:the\s+)?(?:recent|past|last)\s+"
        r"(?:(?:few|several|couple\s+of)\s+)?(?:days|weeks|months)\b",
        _PRESENT,
        _make_present,
        _I,
    ),
    _pattern("phase", _words("phase"), rf"\b(?:the\s+)?{_PHASE_NAME}", _PHASE, _make_phase, _I),
)


_KEY_WORDS = frozenset(
    word
    for pattern in _PATTERNS
    if isinstance(pattern.needs, _Substrings) and not pattern.needs.cased
    for word in pattern.needs.words
)


def _find_expressions(sentence: str) -> list[_Expression]:
    """Every date expression in the sentence, left to right, longest first where they overlap."""
    found: list[_Expression] = []
    lowered = LowerText.of(sentence)
    # Each key word is looked for once; a pattern runs only if one of its is there.
    present = {word for word in _KEY_WORDS if word in lowered}
    searched: dict[object, bool] = {}
    for pattern in _PATTERNS:
        needs = pattern.needs
        if isinstance(needs, _Substrings) and not needs.cased:
            if present.isdisjoint(needs.words):
                continue
        else:  # month names as written, or a pattern no key word can stand for ("3rd", "28th")
            if needs not in searched:
                if isinstance(needs, _Substrings):
                    searched[needs] = contains_any(sentence, needs.words)
                else:
                    searched[needs] = needs.search(lowered) is not None
            if not searched[needs]:
                continue
        regex, text = pattern.regex, sentence
        if pattern.lowercase is not None:
            trusted = LowerText.trusted(sentence)
            if trusted is not None:
                regex, text = pattern.lowercase, trusted
        for match in regex.finditer(text):
            resolve = pattern.make(match, sentence)
            if resolve is None:
                continue
            start = match.start()
            if pattern.intro is not None:
                intro = pattern.intro.search(sentence, 0, start)
                start = intro.start() if intro else start
            found.append(_Expression(start, match.end(), pattern.kind, resolve))
    found.sort(key=lambda expression: (expression.start, expression.start - expression.end))
    chosen: list[_Expression] = []
    for expression in found:
        if not chosen or expression.start >= chosen[-1].end:
            chosen.append(expression)
    return chosen


# --------------------------------------------------------------------------- resolution


Interval = Callable[[int], "tuple[datetime.date, datetime.date] | None"]


def _bounds_in_year(
    resolver: DateResolver, anchor: DateValue | None, interval: Interval, year: int | None
) -> tuple[datetime.date, datetime.date] | None:
    """`interval` in `year`, or, when the text gives no year, in the year the
    resolver judges nearest the context."""
    if year is None:
        year = resolver._choose_year(interval, anchor)
        if year is None:
            return None
    return interval(year)


def _resolve_absolute(
    resolver: DateResolver,
    anchor: DateValue | None,
    *,
    month: int,
    day: int | None,
    year: int | None,
) -> DateValue | None:
    def interval(candidate: int) -> tuple[datetime.date, datetime.date] | None:
        if day is None:
            return datetime.date(candidate, month, 1), _month_end(candidate, month)
        found = _date_or_none(candidate, month, day)
        return (found, found) if found else None

    bounds = _bounds_in_year(resolver, anchor, interval, year)
    return DateValue(bounds[0], DAY if day is not None else MONTH) if bounds else None


def _resolve_year(
    resolver: DateResolver, anchor: DateValue | None, *, year: int
) -> DateValue | None:
    return DateValue(datetime.date(year, 1, 1), YEAR)


def _resolve_range(
    resolver: DateResolver,
    anchor: DateValue | None,
    *,
    first: tuple[int, int, int | None],
    last: tuple[int, int, int | None],
) -> DateValue | None:
    (day1, month1, year1), (day2, month2, year2) = first, last
    wraps = (month1, day1) > (month2, day2)  # "28 December – 3 January": the start is a year back

    def interval(candidate: int) -> tuple[datetime.date, datetime.date] | None:
        start_year = year1 if year1 is not None else candidate - 1 if wraps else candidate
        low = _date_or_none(start_year, month1, day1)
        high = _date_or_none(candidate, month2, day2)
        return (low, high) if low and high and low <= high else None

    bounds = _bounds_in_year(resolver, anchor, interval, year2)
    return DateValue(bounds[0], DAY, bounds[1]) if bounds else None


def _resolve_month_range(
    resolver: DateResolver,
    anchor: DateValue | None,
    *,
    first: tuple[int, int | None],
    last: tuple[int, int | None],
) -> DateValue | None:
    (month1, year1), (month2, year2) = first, last
    wraps = month1 > month2  # "between November and February": the start is a year back

    def interval(candidate: int) -> tuple[datetime.date, datetime.date] | None:
        start_year = year1 if year1 is not None else candidate - 1 if wraps else candidate
        low = datetime.date(start_year, month1, 1)
        high = _month_end(candidate, month2)
        return (low, high) if low <= high else None

    bounds = _bounds_in_year(resolver, anchor, interval, year2)
    return DateValue(bounds[0], MONTH, bounds[1]) if bounds else None


def _resolve_end_of_named_month(
    resolver: DateResolver, anchor: DateValue | None, *, month: int, year: int | None
) -> DateValue | None:
    def interval(candidate: int) -> tuple[datetime.date, datetime.date]:
        return datetime.date(candidate, month, 1), _month_end(candidate, month)

    bounds = _bounds_in_year(resolver, anchor, interval, year)
    return DateValue(bounds[1], DAY) if bounds else None


def _resolve_present(resolver: DateResolver, anchor: DateValue | None) -> DateValue | None:
    return anchor


def _resolve_ordinal(
    resolver: DateResolver, anchor: DateValue | None, *, days: tuple[int, ...]
) -> DateValue | None:
    """A day of the month ("On the 28th"): in the context's month, or a neighbouring one."""
    if anchor is None or anchor.precision == YEAR:
        return None
    # The day of the month the narrative is in, when it has not passed yet: on 1 November,
    # "On the 29th" is 29 November, not the 29 October just behind.
    low = _date_or_none(anchor.last.year, anchor.last.month, days[0])
    high = _date_or_none(anchor.last.year, anchor.last.month, days[-1])
    if low is not None and high is not None and low >= anchor.start:
        return DateValue(low, DAY, high if high != low else None)
    best: tuple[int, DateValue] | None = None
    for shift in (0, 1, -1):
        year, month = _add_months(anchor.last.year, anchor.last.month, shift)
        low = _date_or_none(year, month, days[0])
        high = _date_or_none(year, month, days[-1])
        if low is None or high is None:
            continue
        cost = _cost((low, high), anchor)
        if best is None or cost < best[0]:
            best = (cost, DateValue(low, DAY, high if high != low else None))
    return best[1] if best else None


def _resolve_day_shift(
    resolver: DateResolver, anchor: DateValue | None, *, days: int
) -> DateValue | None:
    if anchor is None:
        return None
    if days == 0 or anchor.precision != DAY:
        # "On the same day" keeps the context whole (a range stays a range); "the next day"
        # after "in February" can only say "February".
        return anchor
    base = anchor.last if days > 0 else anchor.start
    return DateValue(base + datetime.timedelta(days=days), DAY)


def _resolve_weekend(resolver: DateResolver, anchor: DateValue | None) -> DateValue | None:
    """The Saturday and Sunday at or just before a day ("the weekend fighting", said on Monday)."""
    if anchor is None or anchor.precision != DAY or anchor.end not in (None, anchor.start):
        return None
    today = anchor.start
    if today.weekday() == calendar.SATURDAY:
        saturday = today
    else:
        saturday = today - datetime.timedelta(days=(today.weekday() - calendar.SATURDAY) % 7)
    return DateValue(saturday, DAY, saturday + datetime.timedelta(days=1))


def _resolve_next_days(
    resolver: DateResolver, anchor: DateValue | None, *, count: int
) -> DateValue | None:
    if anchor is None or anchor.precision != DAY:
        return anchor
    return DateValue(
        anchor.last + datetime.timedelta(days=1), DAY, anchor.last + datetime.timedelta(days=count)
    )


def _resolve_month_shift(
    resolver: DateResolver, anchor: DateValue | None, *, months: int
) -> DateValue | None:
    if anchor is None or anchor.precision == YEAR:
        return anchor
    year, month = _add_months(anchor.last.year, anchor.last.month, months)
    return DateValue(datetime.date(year, month, 1), MONTH)


def _resolve_year_shift(
    resolver: DateResolver, anchor: DateValue | None, *, years: int
) -> DateValue | None:
    if anchor is None:
        return None
    return DateValue(datetime.date(anchor.last.year + years, 1, 1), YEAR)


def _resolve_end_of(
    resolver: DateResolver, anchor: DateValue | None, *, unit: str
) -> DateValue | None:
    if anchor is None:
        return None
    if unit == YEAR:
        return DateValue(datetime.date(anchor.last.year, 12, 31), DAY)
    if anchor.precision == YEAR:
        return None
    return DateValue(_month_end(anchor.last.year, anchor.last.month), DAY)


def _resolve_phase(
    resolver: DateResolver, anchor: DateValue | None, *, index: int
) -> DateValue | None:
    phases = resolver.phases
    if not phases or index >= len(phases):
        return None
    start, end = phases[index]
    return DateValue(start, DAY, end if end != start else None)


# --------------------------------------------------------------------------- statements

# As a prefix tree (see trie_pattern): a flat alternation of sixty verbs was
# tried verb by verb at every word of every sentence.
_REPORTING_WORDS = [
    "stated", "stating", "said", "saying", "says", "reported", "reporting", "announced",
    "announcing", "claiming", "declared", "declaring", "denied", "denying", "confirmed",
    "confirming", "acknowledged", "acknowledging", "estimated", "estimating", "warned", "warning",
    "added", "adding", "told", "telling", "released", "releasing", "alleged", "alleging",
    "insisted", "insisting", "maintained", "maintaining", "urged", "urging", "disputed",
    "disputing", "rejected", "rejecting", "dismissed", "dismissing", "argued", "arguing",
    "suggested", "suggesting", "commented", "commenting", "predicted", "predicting", "posted",
    "posting", "determined", "threatened", "attributed", "described", "downplayed", "emphasised",
    "emphasized",
]  # fmt: skip
_REPORTING_VERB = re.compile(
    rf"\b(?<!\ban\s)(?:{trie_pattern(_REPORTING_WORDS)}|claimed(?!\s+(?:the\s+)?lives)"
    r"|(?<=put\s)(?:the|its|their)\s+(?:own\s+)?(?:death\s+)?(?:toll|losses|figure))\b"
)
# "put the toll at 60", "raised its toll to 90": a count of an earlier happening.
_TOLL = ScreenedPattern(
    r"\b(?:put|raised|revised|updated)\s+(?:the|its|their)\s+(?:own\s+)?(?:death\s+)?"
    r"(?:toll|losses|figure)\b",
    re.IGNORECASE,
)
# Between a reporting verb and the date it carries: "announced in February", "stated later on",
# "was reported by SOHR on", "told Reuters on", "said in a statement released on".
_GAP_AFTER_VERB = re.compile(
    r"\s+(?:(?:later|also|again|publicly|officially|separately|first|then|formally|only)\s+)*"
    r"(?:(?:(?:by|to)\s+)?(?:the\s+)?(?-i:[A-Z][\w'’.&-]*)(?:\s+(?-i:[A-Z][\w'’.&-]*)){0,3}\s+)?"
    r"(?:(?:in|at|during|via)\s+(?:a|an|the|its|their|his|her)\s+(?:[\w-]+\s+)?"
    r"(?:statement|press\s+release|(?:press|news)\s+conference|report|briefing|interview"
    r"|communiqu[eé]|video|message|post|tweet|broadcast)\s+"
    r"(?:(?:released|issued|published|posted|given)\s+)?)?"
    r"(?:(?:on|in|by|during|at)\s+)?(?:(?:a|an|the|its|their|his|her)\s+)?",
    re.IGNORECASE,
)
# The speaker's title between commas after an inverted verb: '"...," said Ali Omar, an adviser
# to the council, on 3 May' -- a noun phrase without a verb of its own.
_SPEAKER_APPOSITION = re.compile(
    r"(?<=[^\W\d_]),\s+(?:a|an|the)\s+(?:(?![\w'’]*ed\b)(?!(?:that|who|which|had|has|was"
    r"|were|is|are)\b)[\w'’–-]+\s+){0,8}?(?:[\w'’–-]+),\s+(?=(?:on|in)\s)",
    re.IGNORECASE,
)
# Between a date and the reporting verb right after it: "SOHR on the next day reported".
_GAP_BEFORE_VERB = re.compile(
    r"\s+(?:(?:also|later|then|meanwhile|however|again|separately|officially|publicly|first"
    r"|only)\s+)*",
    re.IGNORECASE,
)
# A date may also follow the verb's object: "X rejected the comparison the same day", "Y
# claimed responsibility for the attack the following day", "Z announced the restart of the
# offensive on 3 May" -- a short noun phrase, not a reported clause ("said it had taken X on").
_OBJECT_MAX_WORDS = 6
_NOT_IN_OBJECT = re.compile(
    r"[,;:(\"“”]|\b(?:it|they|he|she|we|i|you|had|has|have|was|were|is|are|been|be|would|will"
    r"|could|can|may|might|should|must|did|does|do)\b|\b\w+ed\b",
    re.IGNORECASE,
)
# "that assessment" as the whole object: a demonstrative, not the start of a reported clause.
_DEMONSTRATIVE_OBJECT = re.compile(r"^\s+that\s+(?=[a-z]+\s+(?:on\s+)?$)")
# What may follow a date after the verb's object: the end of the clause, a reported clause ("said
# the next day that ..."), or a second verb of the same subject ("confirmed his death the
# following day and renamed ...").
_ENDS_OBJECT = re.compile(r"\s*(?:[.,;:)]|$|(?:that|and)\s)", re.IGNORECASE)
# "a report published in", "a statement issued on": a date the statement carries in a framing
# phrase before the speaker.
_PUBLISHED_ON = ScreenedPattern(
    r"^\s*(?:in|on)\s+(?:a|an|the|its|their|his|her)\s+(?:[\w-]+\s+)?(?:report|statement"
    r"|press\s+release|communiqu[eé]|study|assessment|review|letter|briefing|video|recording"
    r"|audio\s+message|message|interview)\s+"
    r"(?:published|issued|released|dated|made\s+public)\s+(?:in|on)\s+$",
    re.IGNORECASE,
)
# Words that show the verb belongs to another clause than the date opening the sentence.
_CLAUSE_BREAK = re.compile(
    r"[;:\"“”]|\b(?:that|which|who|whom|whose|after|when|while|because|as|where|before|until)\b",
    re.IGNORECASE,
)
# Words that may stand before a date framing a clause: "Later on", "In the early morning of".
_FRAMING_WORDS = frozenset(
    {
        "on",
        "by",
        "in",
        "of",
        "at",
        "during",
        "from",
        "between",
        "later",
        "earlier",
        "also",
        "meanwhile",
        "however",
        "then",
        "late",
        "early",
        "the",
        "morning",
        "evening",
        "night",
        "afternoon",
        "dawn",
        "hours",
        "and",
        "but",
    }
)
_FRAME_MAX_WORDS_TO_VERB = 12
_FRAME_MAX_WORDS_WITH_ASIDES = 30
_DASHED_ASIDE = re.compile(r"\s[–—-]\s[^–—]*?\s[–—-]\s")


# Where a statement date stands: before the reporting verb (it frames the sentence and moves the
# story on) or after it.
_BEFORE_VERB = "before"
_AFTER_VERB = "after"


def _statement_position(
    sentence: str, expression: _Expression, expressions: Sequence[_Expression]
) -> str | None:
    """Is this the date a speaker made the statement, rather than a date in its content?

    Returns where it stands relative to the reporting verb, or None.
    """
    if _PUBLISHED_ON.search(sentence[: expression.start]) and any(
        verb.start() >= expression.end for verb in _REPORTING_VERB.finditer(sentence)
    ):
        # "In a report published in January 2017, HRW alleged ...": the date of the statement,
        # written after its own verb ("published") like "said in a report released on ...".
        return _AFTER_VERB
    for verb in _REPORTING_VERB.finditer(sentence):
        if verb.end() <= expression.start:
            gap = sentence[verb.end() : expression.start]
            # "rejected that assessment the following day": a demonstrative, not a clause.
            object_gap = _DEMONSTRATIVE_OBJECT.sub(" the ", gap)
            if _GAP_AFTER_VERB.fullmatch(gap) or _GAP_AFTER_VERB.fullmatch(
                _SPEAKER_APPOSITION.sub(" ", gap)
            ):
                return _AFTER_VERB
            if (
                (expression.kind == _RELATIVE or re.search(r"\son\s+$", gap))
                and _ENDS_OBJECT.match(sentence[expression.end :])
                and not _CLAUSE_BREAK.search(object_gap)
                and not _NOT_IN_OBJECT.search(object_gap)
                and len(gap.split()) <= _OBJECT_MAX_WORDS
            ):
                return _AFTER_VERB
        elif verb.start() >= expression.end:
            gap = sentence[expression.end : verb.start()]
            if _GAP_BEFORE_VERB.fullmatch(gap) or _opens_reported_clause(
                sentence, expression, expressions, verb.start()
            ):
                return _BEFORE_VERB
            return None
    return None


def _opens_reported_clause(
    sentence: str, expression: _Expression, expressions: Sequence[_Expression], verb_start: int
) -> bool:
    """Does the date frame a clause whose main verb is the reporting verb?

    As in "On 6 December, Redur Khalil, an SDF commander, confirmed ...".
    """
    clause_start = max(sentence.rfind(mark, 0, expression.start) for mark in ",;") + 1
    words = re.findall(r"[\w']+", sentence[clause_start : expression.start].lower())
    if not set(words) <= _FRAMING_WORDS:  # "Overnight clashes between the 26th ...": a subject
        return False
    if any(expression.end <= other.start < verb_start for other in expressions):
        return False
    # Asides between dashes or commas do not count: "On 3 May, the SDF - after taking X -
    # said ...", "On 4 May, the council, backed by Y and in coordination with Z, announced ...".
    gap = _DASHED_ASIDE.sub(" ", sentence[expression.end : verb_start])
    if _CLAUSE_BREAK.search(gap) or len(gap.split()) > _FRAME_MAX_WORDS_WITH_ASIDES:
        return False
    if len(gap.split()) <= _FRAME_MAX_WORDS_TO_VERB:
        return True
    # Longer: a short subject, then asides between commas, none with a verb of its own.
    core = gap.strip().lstrip(",").strip()
    if not core.endswith(","):
        return False
    subject = core.split(",")[0]
    return len(subject.split()) <= _FRAME_MAX_WORDS_TO_VERB and not _NOT_IN_OBJECT.search(subject)


# --------------------------------------------------------------------------- asides

# "since 9 January", "until November 2021": the edge of a period, not when the sentence happened.
_PERIOD_EDGE = ScreenedPattern(r"\b(?:since|until|till)\b", re.IGNORECASE)
_PERIOD_EDGE_MAX_WORDS = 12
# "the 26 October ISIL counterattack", "a 5 December press release": a date naming a thing.
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|its|their|his|her|this)\s+$", re.IGNORECASE)
_WORD_AFTER = re.compile(r"\s+(?!(?:and|or|to|that|when|as)\b)[A-Za-z]")


def _period_edge(sentence: str, start: int) -> str | None:
    """The word ("since", "until") that makes the date the edge of a period, if any."""
    before = sentence[:start]
    edges = list(_PERIOD_EDGE.finditer(before))
    if not edges:
        return None
    between = before[edges[-1].end() :]
    if re.search(r"[,;:()]", between) or len(between.split()) > _PERIOD_EDGE_MAX_WORDS:
        return None
    return edges[-1].group().lower()


# A count ("4,900 people", "dozens of families") makes "since <date>" a tally up to the running
# date; without one ("held by ISIL since 2014") it is a state and the date only its edge.
# A number standing alone ("4,900", "60"; not "113th" or "4.5"), written to start at its first
# digit -- the lookbehind after it is the one before it -- so that `re` skips from digit to digit
# instead of trying every position; the words apart, as a cue screened by its words.
_COUNT_NUMBER = re.compile(r"\d(?<![\w.,]\d)(?:\d{0,2}(?:,\d{3})+(?!\w)|\d*(?![\w.,]?\d|\w))")
_COUNT_WORD = LowercasePattern(r"\b(?:dozens|hundreds|thousands|scores)\b")


def _counts(sentence: str, expressions: Sequence[_Expression]) -> bool:
    """Does the sentence count something, outside its date expressions?"""
    pieces, position = [], 0
    for expression in expressions:
        pieces.append(sentence[position : expression.start])
        pieces.append(" " * (expression.end - expression.start))
        position = max(position, expression.end)
    pieces.append(sentence[position:])
    text = "".join(pieces)
    # (On the lower-cased text, as the words are: what stands before a digit is read the same.)
    return _COUNT_NUMBER.search(LowerText.of(text)) is not None or _COUNT_WORD.occurs_in(text)


def _in_reported_clause(sentence: str, expression: _Expression) -> bool:
    """Does the date stand in the subject of a reported clause ("said that the 3 May raid ...")?

    Deeper in the clause ("... seized posts abandoned due to the 26 October attack") it only
    names a happening the content refers to.
    """
    for verb in _REPORTING_VERB.finditer(sentence, 0, expression.start):
        gap = sentence[verb.end() : expression.start]
        if re.fullmatch(r"\s+that\s+(?:the|a|an|its|their|his|her|this)\s+", gap, re.IGNORECASE):
            return True
        if re.search(r"\bthat\s", gap, re.IGNORECASE) and _TIMED_BY_HAPPENING.search(gap):
            # "alleged that fighters had razed homes after the June fighting": the happening
            # that times the content.
            return not re.search(r"[;:]", gap)
    return False


# "during the June fighting", "after the 3 May raid": a named happening that times a clause
# (not one after a participle: "posts abandoned after the 3 May raid" only names it).
_TIMED_BY_HAPPENING = re.compile(
    r"(?<!ed)\s(?:during|after|following|amid|in)\s+(?:the|its|their)\s+$", re.IGNORECASE
)


# "... and estimated that": a second reported clause of the same speaker.
_SECOND_REPORTED_CLAUSE = re.compile(
    r"\b(?:and|but)\s+(?:also\s+)?(?:" + _REPORTING_VERB.pattern + r")\s+that\s"
)


def _in_second_reported_clause(sentence: str, start: int) -> bool:
    """Does `start` lie in a reported clause coordinated after a first one ("said that ... and
    estimated that ...")?"""
    first = re.search(r"\bthat\s", sentence[:start], re.IGNORECASE)
    if first is None or _REPORTING_VERB.search(sentence, 0, first.start()) is None:
        return False
    return _SECOND_REPORTED_CLAUSE.search(sentence, first.end(), start) is not None


# A casualty figure: "had killed no more than 40 civilians", "90 people had died".
_KILLING = ScreenedPattern(r"\b(?:killed|killing|died|dead|deaths|toll)\b", re.IGNORECASE)


def _counter_figure(sentence: str, expressions: Sequence[_Expression]) -> bool:
    """Does the sentence give a casualty figure (a count of the dead)?"""
    return _KILLING.search(sentence) is not None and _counts(sentence, expressions)


def _is_attributive(sentence: str, expression: _Expression) -> bool:
    return bool(
        expression.kind == _ABSOLUTE
        and _DETERMINER_BEFORE.search(sentence[: expression.start])
        and _WORD_AFTER.match(sentence[expression.end :])
    )


# --------------------------------------------------------------------------- the resolver

# How a resolved expression counts for the sentence.
_NARRATIVE = "narrative"  # when it happened: the event, and it moves the context
_STATEMENT = "statement"  # a statement date that is also the event if the content has none
_STATEMENT_ONLY = "statement only"  # a statement date that moves the context but is no event
_LATER_STATEMENT = "later statement"  # a statement date far from the context
_TALLY = "tally"  # "since 21 January" in a count: the period up to now is the event
_LOOK_BACK = "look back"  # a coarse look back: an aside that beats a statement date
_PRESENT = "present"  # "in recent weeks": the context, ahead of asides; never moves it
_ASIDE = "aside"  # the event only if nothing else dates the sentence; never moves the context
_REFERENCE = "reference"  # never the event, never moves the context
# An attributive date in reported content: the event unless a narrative date dates the sentence,
# ahead of the statement date; never moves the context.
_NAMED_HAPPENING = "named happening"
_MOVES = frozenset({_NARRATIVE, _STATEMENT, _STATEMENT_ONLY})
_KEEPS_STORY = frozenset({_STATEMENT_ONLY, _LATER_STATEMENT})  # keep the story where it is


@dataclass(frozen=True)
class _Found:
    expression: _Expression
    value: DateValue
    position: str | None  # where a statement date stands relative to its verb; None: no statement
    status: str
    span: DateValue | None = None  # a tally's period, from its "since" date up to the context


# "X denied the allegations", "Y dismissed the statement": a denial is about what it denies.
_DENIAL_OF_EARLIER = LowercasePattern(
    r"\b(?:denied|denying|rejected|rejecting|dismissed|dismissing|disputed|disputing|refuted"
    r"|refuting)\s+(?:the|these|those|this|such|his|her|its|their)\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?:allegations?|claims?|accusations?|charges?|reports?|statements?|comparisons?"
    r"|accounts?|assertions?|figures?)\b",
)
# "X confirmed the figure", "Y corroborated these reports": a confirmation is about what it
# confirms, like a denial.
_CONFIRMATION_OF_EARLIER = LowercasePattern(
    r"\b(?:confirmed|confirming|corroborated|corroborating|endorsed|endorsing|echoed|echoing)"
    r"\s+(?:the|these|those|this|that|his|her|its|their)\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?:allegations?|claims?|reports?|statements?|accounts?|figures?|tolls?|estimates?"
    r"|numbers?)\b",
)
# Content about the future may lie after the statement date; otherwise it cannot.
_FUTURE = LowercasePattern(
    r"\b(?:will|would|shall|going\s+to|plans?\s+to|planned\s+to|intends?\s+to|intended\s+to"
    r"|expects?\s+to|expected\s+to|scheduled)\b",
)
# The first verb of a reported clause: a state or stance of the speaker's day ("said the next day
# that 500 fighters were inside", "that he hoped ...") rather than a past happening ("that nine
# people had died", "that the militia killed ...", "that two men were arrested").
_REPORTED_CLAUSE = re.compile(
    r"\s*(?:,\s*(?:stating|saying|insisting|maintaining|arguing|adding)\s+)?that\s+(?P<content>.*)",
    re.IGNORECASE | re.DOTALL,
)
# "that the defenders still held ...": a state that lasts up to the speaker's day.
# "that its men were not taking part": an ongoing state on the speaker's day.
_STILL = re.compile(
    r"^[^;:]*?\b(?:(?:still|no\s+longer)\s+\w+|(?:is|are|was|were)\s+(?:not\s+|still\s+)?"
    r"(?!being\b)\w+ing\b)",
    re.IGNORECASE,
)
_FIRST_VERB = re.compile(
    r"\b(?P<verb>is|are|was|were|remains?|remained|hopes?|hoped|wants?|wanted|wishes|wished"
    r"|believes?|believed|fears?|feared|expects?|expected|has|have|had|\w+ed)\b"
    r"(?P<rest>\s+(?:still\s+|not\s+|now\s+)*\w+)?",
    re.IGNORECASE,
)
_STATE_VERBS = frozenset(
    {"is", "are", "was", "were", "remain", "remains", "remained", "hope", "hopes", "hoped"}
    | {"want", "wants", "wanted", "wishes", "wished", "believe", "believes", "believed"}
    | {"fear", "fears", "feared", "expect", "expects", "expected"}
)


def _reports_a_state(after_date: str) -> bool:
    """Does the reported clause after a statement date describe a state on the speaker's day?"""
    clause = _REPORTED_CLAUSE.match(after_date)
    if clause is None:
        return False  # "claimed responsibility for the attack the following day."
    if _STILL.match(clause["content"]):
        return True
    verb = _FIRST_VERB.search(clause["content"])
    if verb is None or verb["verb"].lower() not in _STATE_VERBS:
        return False  # "had died", "has killed", "captured": a happening before the statement
    rest = (verb["rest"] or "").split()
    # "were killed", "was taken": a passive happening, not a state.
    return not (
        rest
        and re.fullmatch(r"\w+(?:ed|en)", rest[-1])
        and verb["verb"].lower() in {"is", "are", "was", "were"}
    )


# "The following day", "Two days later": a step forward from the happening (not "by the end of
# the month", which reaches a new point of the story).
_FORWARD_SHIFT = re.compile(r"\b(?:next|following|later)\b", re.IGNORECASE)
# "that the convoy had been ambushed", "that one bundle had drifted": a happening before the
# statement -- not a resulting condition ("that the city had been "destroyed"").
_PAST_PERFECT = re.compile(
    r"\s*that\s+[^,;:]*?\bhad\s+(?:not\s+|never\s+)?(?!been\s+[\"“]?\w+(?:ed|en)\b)\w+",
    re.IGNORECASE,
)


def _reports_earlier_happening(sentence: str, start: int) -> bool:
    """Is the reporting verb after `start` followed by a past-perfect clause ("that ... had
    come down")?"""
    verb = _REPORTING_VERB.search(sentence, start)
    if verb is None:
        return False
    after = sentence[verb.end() :]
    return _PAST_PERFECT.match(after) is not None and not _reports_a_state(after)


# "over the same period": the period the previous sentence spanned.
_SAME_PERIOD = LowercasePattern(
    r"\b(?:over|during|in|for|across)\s+(?:the\s+)?same\s+(?:period|time\s+span|span)\b",
)
# A follow-on that continues the previous sentence's statement: "It added that ...".
_CONTINUES_STATEMENT = LowercasePattern(r"\b(?:added|adding|went\s+on\s+to\s+say)\b")
_QUOTATION = re.compile(r"“[^”]*”?|\"[^\"]*\"?")


def _quoted(sentence: str) -> list[tuple[int, int]]:
    return [(match.start(), match.end()) for match in _QUOTATION.finditer(sentence)]


_HEADING_PHASE = re.compile(_PHASE_NAME, re.IGNORECASE)
_HEADING_RESUMES = re.compile(r"\b(?:resum\w*|restart\w*|renew\w*|relaunch\w*)\b", re.IGNORECASE)
_HEADING_MONTH_YEAR = re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<y>{_YEAR})")
_HEADING_YEAR = re.compile(_YEAR)


class DateResolver:
    """The running date context of one document; call `resolve` once per sentence, in order."""

    def __init__(
        self,
        phases: Sequence[tuple[datetime.date, datetime.date]] = (),
        default_year: int | None = None,
    ) -> None:
        self.phases: tuple[tuple[datetime.date, datetime.date], ...] = tuple(
            sorted((start, end) for start, end in phases)
        )
        self._span = (self.phases[0][0], max(end for _, end in self.phases)) if phases else None
        self._default_year = default_year
        self._context: DateValue | None = None
        self._section: tuple[str, ...] = ()
        # While a sentence is resolved: the statement date its content cannot be later than.
        self._not_after: datetime.date | None = None
        self._previous_stated: DateValue | None = None  # the statement date of the last sentence
        # The happening that later statements are about, while only statement dates (not
        # happenings) have moved the context since: "... the raid. Two days later, SOHR put the
        # toll at 85. Activists said that the dead were farmers." -- the raid's day.
        self._happening: DateValue | None = None
        self._previous_event: DateValue | None = None  # the event date of the last sentence
        self._previous_reports = False  # whether the last sentence reported a statement
        # The happening a dated statement's content looked back to ("A toll of 900 killed
        # between May and July was reported by X on 2 March"): later undated counter-figures
        # ("X maintained that its strikes had killed no more than 40") are about it too.
        self._background: DateValue | None = None
        # A coarser date containing the context ("In mid-October" on 10 October): the date of
        # the undated sentences after it, while the finer context stays for relative dates.
        self._blurred: DateValue | None = None

    @property
    def context(self) -> DateValue | None:
        """The date the narrative has reached."""
        return self._context

    # ---------------------------------------------------------------- sections

    def enter_section(self, heading_path: tuple[str, ...]) -> None:
        """Use what the newly entered headings say about the date ("Third phase", "2019")."""
        path = tuple(heading_path)
        shared = 0
        while shared < min(len(path), len(self._section)) and path[shared] == self._section[shared]:
            shared += 1
        self._section = path
        self._previous_stated = None
        self._happening = None
        self._previous_event = None
        self._previous_reports = False
        self._background = None
        for heading in path[shared:]:
            value = self._heading_date(heading)
            if value is not None:
                self._context = value
                self._blurred = None

    def _heading_date(self, heading: str) -> DateValue | None:
        context = self._context
        phase = _HEADING_PHASE.search(heading)
        if phase and self.phases:
            index = _PHASE_ORDINALS[phase["ord"].lower()]
            if index >= len(self.phases):
                return None
            start, end = self.phases[index]
            if context is not None and start <= context.start <= end:
                return None  # already inside that phase: keep the finer context
            return DateValue(start, DAY)
        if _HEADING_RESUMES.search(heading) and self.phases:
            # "The campaign resumes": the next phase after the one the context is in.
            after = context.last if context else self.phases[0][0]
            upcoming = [start for start, _ in self.phases if start > after]
            return DateValue(upcoming[0], DAY) if upcoming else None
        month_year = _HEADING_MONTH_YEAR.search(heading)
        if month_year:
            value = DateValue(
                datetime.date(int(month_year["y"]), _MONTH_NUMBER[month_year["m"]], 1), MONTH
            )
            return None if context and value.covers(context) else value
        years = {int(year) for year in _HEADING_YEAR.findall(heading)}
        if len(years) == 1:
            value = DateValue(datetime.date(years.pop(), 1, 1), YEAR)
            return None if context and value.covers(context) else value
        return None

    # ---------------------------------------------------------------- sentences

    def resolve(self, sentence: str) -> SentenceDates:
        """The sentence's dates; moves the running context on."""
        reports = _REPORTING_VERB.search(sentence) is not None
        dates = self._resolve(sentence, reports)
        self._previous_event = dates.event
        self._previous_reports = reports
        return dates

    def _resolve(self, sentence: str, reports: bool) -> SentenceDates:
        expressions = _find_expressions(sentence)
        denial = _DENIAL_OF_EARLIER.occurs_in(sentence)
        confirmation = _CONFIRMATION_OF_EARLIER.occurs_in(sentence)
        # Only the sentence's own dates are read in the light of these.
        quoted, looks_ahead, tally = [], False, False
        if expressions:
            quoted = _quoted(sentence)
            looks_ahead = _FUTURE.occurs_in(sentence)
            tally = _counts(sentence, expressions)
        carried = anchor = self._context
        statement: DateValue | None = None  # the sentence's first statement date, once seen
        found: list[_Found] = []
        try:
            for expression in expressions:
                if expression.kind in (_RELATIVE, _PRESENT) and any(
                    low < expression.start < high for low, high in quoted
                ):
                    continue  # "the next day" in a quotation counts from the speaker's day
                value = expression.resolve(self, anchor)
                if value is None:
                    continue
                position = _statement_position(sentence, expression, expressions)
                status = self._status(
                    sentence, expression, value, anchor, position, denial or confirmation, tally
                )
                if looks_ahead and statement is not None and value.start > statement.last:
                    status = _ASIDE  # "announced on 5 April that it would reopen in May"
                if position is not None and statement is None:
                    statement = value
                span = None
                if status == _TALLY and anchor is not None:
                    # "4,900 people had fled since 21 January": from then up to now.
                    span = DateValue(value.start, DAY, anchor.last)
                found.append(_Found(expression, value, position, status, span))
                if position is not None and not looks_ahead:
                    # What the speaker reports had happened by then: "Amaq claimed on 20
                    # February that ... in October" is the October before.
                    self._not_after = value.last
                if status in _MOVES:
                    anchor = value  # later expressions in the sentence count from this one
        finally:
            self._not_after = None

        mentions = tuple(
            DateMention(
                item.expression.start,
                item.expression.end,
                item.value,
                STATED if item.position is not None else EVENT,
            )
            for item in found
        )
        stated_value = next((item.value for item in found if item.position is not None), None)
        if stated_value is None and _CONTINUES_STATEMENT.occurs_in(sentence):
            stated_value = self._previous_stated  # "It added that ...": the same statement
        self._previous_stated = stated_value
        event, movers = self._choose_event(found, carried)
        if movers:
            only_statements = all(item.status == _STATEMENT_ONLY for item in found)
            happening = self._happening if self._happening is not None else carried
            # (While a background happening is known, later reports return to it only with a
            # figure of their own.)
            self._happening = happening if only_statements and self._background is None else None
            if any(item.status == _LOOK_BACK and item.value == event for item in found):
                self._background = event  # a statement dated now about a happening back then
            elif any(item.status not in _KEEPS_STORY for item in found if item.value in movers):
                self._background = None  # the story itself has moved on
            self._move_context(max(movers, key=lambda value: (value.start, value.last)))
        if event is None:
            previous = self._previous_event
            if (
                not found
                and previous is not None
                and previous.end is not None
                and _SAME_PERIOD.occurs_in(sentence)
            ):
                # "... killed since 3 May. X put its losses over the same period at 120."
                return SentenceDates(previous, stated_value, mentions, explicit=False)
            if (
                previous is not None
                and confirmation
                and self._previous_reports
                and all(item.status == _STATEMENT_ONLY for item in found)
            ):
                # "UNHCR said that 900 had crossed since 3 May. The government confirmed the
                # figure the same day." -- about what the previous sentence reported.
                return SentenceDates(previous, stated_value, mentions, explicit=False)
            if (
                self._happening is not None
                and reports
                and not denial
                and all(item.status == _STATEMENT_ONLY for item in found)
            ):
                # "... the airdrop. The following day, X claimed that a bundle had drifted. Two
                # days later, Y acknowledged that it had." -- both about the airdrop.
                return SentenceDates(self._happening, stated_value, mentions, explicit=False)
            background = self._background
            if (
                background is not None
                and reports
                and all(item.status == _STATEMENT_ONLY for item in found)
                and _counter_figure(sentence, expressions)
            ):
                return SentenceDates(background, stated_value, mentions, explicit=False)
            if not found and self._blurred is not None:
                return SentenceDates(self._blurred, stated_value, mentions, explicit=False)
            return SentenceDates(carried, stated_value, mentions, explicit=False)
        return SentenceDates(event, stated_value, mentions, explicit=True)

    def _status(
        self,
        sentence: str,
        expression: _Expression,
        value: DateValue,
        anchor: DateValue | None,
        position: str | None,
        denial: bool,
        tally: bool,
    ) -> str:
        if position == _BEFORE_VERB:
            if self._long_before(value, anchor):
                return _ASIDE  # "In 2014, the group declared ...": background
            if anchor is not None and _coarser(value, anchor) and value.last < anchor.start:
                return _LOOK_BACK
            if (
                expression.kind == _RELATIVE
                and anchor is not None
                and value.start > anchor.last
                and (
                    _TOLL.search(sentence, expression.end)
                    or (self._background is not None and _counter_figure(sentence, [expression]))
                )
            ):
                # "Two days later, it put the toll at 60", "A week later, X acknowledged that
                # its strikes had killed 50": a figure for the happening, not a new one.
                return _STATEMENT_ONLY
            if (
                expression.kind == _RELATIVE
                and anchor is not None
                and value.start > anchor.last
                and _FORWARD_SHIFT.search(sentence, expression.start, expression.end)
                and _reports_earlier_happening(sentence, expression.end)
            ):
                # "The following day, X claimed that the convoy had been ambushed": what had
                # happened before the statement, i.e. the happening the story is at.
                return _STATEMENT_ONLY
            # "On 1 April, X announced ...", "In December, Y said ...": the story moves on.
            return _STATEMENT_ONLY if denial else _STATEMENT
        if position == _AFTER_VERB:
            if value.precision != DAY and not self._near(value, anchor):
                return _LATER_STATEMENT  # "announced in February 2018 that ...": a look back
            if denial:
                return _STATEMENT_ONLY
            if (
                expression.kind == _RELATIVE
                and anchor is not None
                and value.start > anchor.last
                and not _reports_a_state(sentence[expression.end :])
            ):
                return _STATEMENT_ONLY  # "Amaq claimed it the following day": after the event
            return _STATEMENT
        edge = _period_edge(sentence, expression.start)
        if edge == "since" and tally and anchor is not None and value.start <= anchor.last:
            if _in_second_reported_clause(sentence, expression.start):
                # "X confirmed that the town had fallen and estimated that 700 strikes had been
                # flown since May": the count is a second claim; the first one dates the sentence.
                return _REFERENCE
            return _TALLY
        if edge:
            return _REFERENCE
        if _is_attributive(sentence, expression):
            # "HRW alleged that the 18 July strikes had killed 73": in reported content the
            # happening the claim is about; in narrative only a name.
            return _NAMED_HAPPENING if _in_reported_clause(sentence, expression) else _REFERENCE
        if expression.kind == _PRESENT:
            return _PRESENT
        if expression.kind == _PHASE or self._long_before(value, anchor):
            return _ASIDE
        if anchor is not None and _coarser(value, anchor) and value.last < anchor.start:
            return _LOOK_BACK
        return _NARRATIVE

    @staticmethod
    def _choose_event(
        found: Sequence[_Found], context: DateValue | None = None
    ) -> tuple[DateValue | None, list[DateValue]]:
        """The sentence's event date (None: carried) and the values that move the context."""
        narrative = [item for item in found if item.status == _NARRATIVE]
        statements = [item for item in found if item.status in (_STATEMENT, _STATEMENT_ONLY)]
        tally = next((item for item in found if item.span is not None), None)
        if (
            tally is not None
            and tally.span is not None
            and (not narrative or tally.expression.start < narrative[0].expression.start)
        ):
            # "X said 900 had fled since 3 May, 200 on 9 May alone": the count's period.
            return tally.span, [item.value for item in narrative + statements[:1]]
        if narrative:
            # A statement date after the narrative moves the story on ("X captured Y on 8
            # September; on the next day, the campaign was announced"); one before it frames
            # the content ("On 11 December, X confirmed that ... on 7 December").
            last = narrative[-1].expression.start
            # Reported content long before the story's date is a look back and does not take
            # the story back: "In April 2021, X acknowledged that its strikes on 3 May 2020 had
            # killed 20" while the story is in May 2021.
            said = any(item.position is not None for item in found)
            movers = [
                item.value
                for item in narrative
                if not said or context is None or item.value.last + _NEAR_STATEMENT >= context.start
            ] + [item.value for item in statements if item.expression.start > last]
            return narrative[0].value, movers
        present = [item.value for item in found if item.status == _PRESENT]
        look_back = [item.value for item in found if item.status in (_LOOK_BACK, _NAMED_HAPPENING)]
        if statements:
            first = statements[0].value
            if look_back and not present:
                # "On 2 May, X claimed that ... in March": the statement is dated, the content
                # happened in March.
                return look_back[0], [first]
            event = next((item.value for item in statements if item.status == _STATEMENT), None)
            return event, [first]
        if present:
            return present[0], []
        aside = [
            item.value for item in found if item.status in (_NAMED_HAPPENING, _ASIDE, _LOOK_BACK)
        ]
        if aside:
            return aside[0], []
        return None, []

    def _move_context(self, value: DateValue) -> None:
        context = self._context
        if context is not None and _coarser(value, context) and value.covers(context):
            # "later in the month" must not blur "22 October" into "October" for the dates
            # that count from it; but the undated sentences after it are in "October".
            self._blurred = value
            return
        self._blurred = None
        self._context = value

    @staticmethod
    def _near(value: DateValue, anchor: DateValue | None) -> bool:
        """Is a statement date close enough to the narrative to date the event too?"""
        if anchor is None:
            return True
        if value.start > anchor.last + _NEAR_STATEMENT:
            return False
        if value.last < anchor.start - _NEAR_STATEMENT:
            return False
        # "announced in February" while the narrative is in January: a later, coarser summary --
        # unless the month begins right where the narrative stands ("reported in early July"
        # while it is at 28 June): then it is the narrative's next step.
        return not (_coarser(value, anchor) and value.start > anchor.last + _NEXT_STEP)

    def _long_before(self, value: DateValue, anchor: DateValue | None) -> bool:
        """A date from long before the narrative ("in 2014", "the July 2016 bombings")."""
        if self._span is not None and value.last < self._span[0] - _PHASE_MARGIN:
            return True
        return (
            self._span is None
            and anchor is not None
            and value.last < anchor.start - _BEFORE_CONTEXT
        )

    # ---------------------------------------------------------------- year inference

    def _choose_year(
        self,
        interval: Callable[[int], tuple[datetime.date, datetime.date] | None],
        anchor: DateValue | None,
    ) -> int | None:
        """The year for a date written without one."""
        if anchor is None:
            if self._default_year is not None:
                return self._default_year
            if self._span is not None:
                for year in range(self._span[0].year, self._span[1].year + 1):
                    bounds = interval(year)
                    if bounds and _overlaps(bounds, self._span):
                        return year
            return None
        base = anchor.last.year
        best: tuple[tuple[bool, int], int] | None = None
        for year in (base, base + 1, base - 1):
            bounds = interval(year)
            if bounds is None or not self._believable(year == base, bounds):
                continue
            # A reported happening does not start after the statement that reports it.
            after_statement = self._not_after is not None and bounds[0] > self._not_after
            rank = (after_statement, _cost(bounds, anchor))
            if best is None or rank < best[0]:
                best = (rank, year)
        return best[1] if best else base

    def _believable(self, same_year: bool, bounds: tuple[datetime.date, datetime.date]) -> bool:
        """Can a date without a year fall here, given the campaign's phases?

        Crossing into another year is only believable inside the phases; staying in the
        context's year also allows a little before or after them (a prelude, an aftermath).
        """
        if self._span is None:
            return True
        if not same_year:
            return _overlaps(bounds, self._span)
        low, high = self._span
        return _overlaps(bounds, (low - _PHASE_MARGIN, high + _PHASE_MARGIN))


# --------------------------------------------------------------------------- front matter

_ISO_RANGE = re.compile(
    r"(?P<a>\d{4}-\d{2}-\d{2})\s*(?:[–—-]|to)\s*(?P<b>\d{4}-\d{2}-\d{2})", re.IGNORECASE
)
_YEAR_RANGE = re.compile(rf"(?P<a>{_YEAR})\s*[–—-]\s*(?P<b>{_YEAR})")


def parse_phases(front_matter_date: object) -> list[tuple[datetime.date, datetime.date]]:
    """The date ranges of a front matter `date` value (a string, a list of them, or a date).

    "1 May – 4 August 2018" takes its start year from its end. Returns [] when nothing parses.
    """
    phases: list[tuple[datetime.date, datetime.date]] = []
    for item in _flatten(front_matter_date):
        if isinstance(item, datetime.datetime):
            phases.append((item.date(), item.date()))
        elif isinstance(item, datetime.date):
            phases.append((item, item))
        elif isinstance(item, str):
            phases.extend(_phases_in_text(item))
    return phases


def _flatten(value: object) -> Iterable[object]:
    if isinstance(value, list | tuple):
        for item in value:
            yield from _flatten(item)
    elif value is not None:
        yield value


def _phases_in_text(text: str) -> list[tuple[datetime.date, datetime.date]]:
    found: list[tuple[int, tuple[datetime.date, datetime.date]]] = []
    for match in _ISO_RANGE.finditer(text):
        try:
            low = datetime.date.fromisoformat(match["a"])
            high = datetime.date.fromisoformat(match["b"])
        except ValueError:
            continue
        found.append((match.start(), (low, high)))
    for match in _YEAR_RANGE.finditer(text):
        low, high = int(match["a"]), int(match["b"])
        found.append((match.start(), (datetime.date(low, 1, 1), datetime.date(high, 12, 31))))
    bare = DateResolver()  # no context, no default year: only dates that carry their year
    offset = 0
    for line in text.splitlines(keepends=True):
        for expression in _find_expressions(line):
            if expression.kind != _ABSOLUTE:
                continue
            value = expression.resolve(bare, None)
            if value is not None and value.precision == DAY:
                found.append((offset + expression.start, (value.start, value.last)))
        offset += len(line)
    found.sort(key=lambda pair: pair[0])
    return [bounds for _, bounds in found if bounds[0] <= bounds[1]]
