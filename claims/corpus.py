"""A synthetic corpus for measuring the tracker at scale (`manage.py generate_corpus`).

The corpus looks like a monitor's record of a whole war: the real parties and
sources from `seeds/` (plus a few synthetic sources when the lists are short),
2,000 synthetic places, one event per five claims over 2014–2019, claims with
figures, and a few percent of them linked by relations and reviewed. Texts are
built from templates and word lists so that a text search hits a realistic
fraction of rows (a place name about 1%, "civilians" about 20%).

Everything it writes hangs from synthetic Documents (slug `synthetic-corpus-…`,
front matter `synthetic: true`), plus the places and sources whose slugs start
with `synthetic-` and the user `synthetic-editor`, so `remove_corpus` can
delete it with a handful of set-based statements and leave real data alone.

Speed: rows are plain tuples written in batches of about 20,000 claims — COPY on
PostgreSQL, `executemany` on SQLite — with ids reserved from each table's
sequence up front, so claims can name their events (and relations their claims)
without a round trip per row. The same seed gives the same corpus.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import random
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connection, models, transaction
from django.utils.text import slugify

from .ingest.reference import (
    PLACES_FILE,
    SOURCES_FILE,
    load_reference_data,
    parse_places_file,
    parse_sources_file,
)
from .models import (
    Claim,
    ClaimKind,
    ClaimStatus,
    DatePrecision,
    Document,
    Event,
    EventKind,
    Figure,
    Party,
    Place,
    Quantity,
    Relation,
    RelationKind,
    RelationOrigin,
    RelationState,
    Review,
    Source,
    SourceKind,
)

DEFAULT_SEED = 20170909  # the day the SDF launched the Deir ez-Zor campaign
DOCUMENT_PREFIX = "synthetic-corpus"
PLACE_PREFIX = "synthetic-"
SOURCE_PREFIX = "synthetic-"
USERNAME = "synthetic-editor"
SYNTHETIC_PLACES = 2_000
MIN_SOURCES = 60
CLAIMS_PER_EVENT = 5
# A document is an article-sized run of claims (a ~110 kB body). Claim pages and
# API rows select their document's whole body, so 100,000-claim documents (11 MB)
# would measure the body, not the page: at 100,000 claims the claim page's p50
# went from 25 ms to 129 ms with them.
DEFAULT_CLAIMS_PER_DOCUMENT = 1_000
# Claims per write batch: large enough that per-statement costs vanish, small
# enough that a batch's tuples stay in the tens of megabytes.
BATCH_CLAIMS = 20_000

# Fixed, so that the same seed writes the same rows whenever it runs.
CREATED_FROM = dt.datetime(2024, 1, 1)
CREATED_SPAN = dt.timedelta(days=365)

Progress = Callable[[str], None]


class CorpusExists(Exception):
    """A synthetic corpus is already loaded; remove it first (or replace it)."""


@dataclass
class CorpusSummary:
    claims: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    table_seconds: dict[str, float] = field(default_factory=dict)  # writing each table
    phase_seconds: dict[str, float] = field(default_factory=dict)  # the other work

    @property
    def rate(self) -> float:
        return self.claims / self.seconds if self.seconds else 0.0


# --- Picking at random with weights -------------------------------------------------------


class _Picker:
    """A weighted choice by bisecting cumulative weights: several times faster
    than `random.choices` for one pick, and the loop picks millions."""

    def __init__(self, values: Sequence[Any], weights: Sequence[float]):
        if not values or len(values) != len(weights):
            raise ValueError("a picker needs values and one weight for each")
        self.values = list(values)
        self.cumulative = list(_accumulate(weights))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> Any:
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.total)]

    @classmethod
    def of(cls, weighted: dict[Any, float]) -> _Picker:
        return cls(list(weighted), list(weighted.values()))


def _accumulate(weights: Iterable[float]) -> Iterator[float]:
    total = 0.0
    for weight in weights:
        total += weight
        yield total


# --- Word lists ---------------------------------------------------------------------------

# How often each source speaks, relative to a weight of 1; sources not named
# here get TAIL_SOURCE_WEIGHT. SOHR reports nearly every incident; belligerents'
# press offices and the big agencies follow; most sources speak rarely.
SOURCE_WEIGHTS = {
    "sohr": 30,
    "sdf": 8,
    "amaq": 7,
    "cjtf-oir": 6,
    "sana": 6,
    "deirezzor-24": 4,
    "anha": 3,
    "sdf-press-office": 3,
    "russian-mod": 3,
    "syrian-military": 2,
    "reuters": 2,
    "afp": 2,
    "local-activists": 2,
    "isw": 1.5,
    "hrw": 1,
    "ap": 1,
    "al-masdar-news": 1,
}
TAIL_SOURCE_WEIGHT = 0.3

# Which sides appear in events, and how often.
PARTY_WEIGHTS = {
    "sdf": 10,
    "isil": 12,
    "coalition": 6,
    "syrian-government": 6,
    "russia": 3,
    "turkey": 2,
    "iraq": 1.5,
    "iran": 1,
    "syrian-opposition": 1.5,
}

# (noun phrase, adjective, its fighters) per party, as reports name them.
PARTY_WORDS = {
    "sdf": ("the SDF", "SDF", "SDF fighters"),
    "isil": ("ISIL", "ISIL", "ISIL militants"),
    "coalition": ("the Coalition", "Coalition", "Coalition troops"),
    "syrian-government": ("the Syrian Army", "Syrian government", "Syrian Army soldiers"),
    "russia": ("Russian forces", "Russian", "Russian soldiers"),
    "iraq": ("Iraqi forces", "Iraqi", "Iraqi soldiers"),
    "turkey": ("the Turkish Army", "Turkish", "Turkish soldiers"),
    "iran": ("Iranian-backed militias", "Iranian", "Iranian-backed militiamen"),
    "syrian-opposition": ("rebel groups", "rebel", "rebel fighters"),
}

EVENT_KIND_WEIGHTS = {
    EventKind.AIRSTRIKE: 14,
    EventKind.CLASH: 14,
    EventKind.ATTACK: 12,
    EventKind.CAPTURE: 10,
    EventKind.SHELLING: 9,
    EventKind.ADVANCE: 7,
    EventKind.COUNTERATTACK: 5,
    EventKind.BOMBING: 5,
    EventKind.KILLING: 5,
    EventKind.SURRENDER: 3,
    EventKind.EVACUATION: 3,
    EventKind.DISPLACEMENT: 3,
    EventKind.ARREST: 3,
    EventKind.ANNOUNCEMENT: 3,
    EventKind.SIEGE: 2,
    EventKind.OTHER: 2,
}

# The sentence that narrates an event (after "On 3 December 2018, "), and its
# title; {a} acts on {b} at {place}.
EVENT_SENTENCES = {
    EventKind.CAPTURE: ("{a} captured {place} from {b}.", "Capture of {place}"),
    EventKind.ADVANCE: ("{a} advanced towards {place}.", "Advance on {place}"),
    EventKind.ATTACK: ("{a} attacked {b} positions in {place}.", "Attack in {place}"),
    EventKind.COUNTERATTACK: (
        "{a} launched a counterattack against {b} near {place}.",
        "Counterattack near {place}",
    ),
    EventKind.AIRSTRIKE: ("{A_adj} airstrikes hit {place}.", "Airstrikes on {place}"),
    EventKind.SHELLING: ("{a} shelled {place}.", "Shelling of {place}"),
    EventKind.BOMBING: ("a car bomb exploded in {place}.", "Bombing in {place}"),
    EventKind.CLASH: ("{a} and {b} clashed in {place}.", "Clashes in {place}"),
    EventKind.SIEGE: ("{a} besieged {place}.", "Siege of {place}"),
    EventKind.SURRENDER: (
        "{B_fighters} in {place} surrendered to {a}.",
        "Surrender at {place}",
    ),
    EventKind.EVACUATION: ("residents were evacuated from {place}.", "Evacuation of {place}"),
    EventKind.KILLING: ("{B_fighters} were killed in {place}.", "Killings in {place}"),
    EventKind.ARREST: ("{a} arrested a {b_adj} commander in {place}.", "Arrest in {place}"),
    EventKind.ANNOUNCEMENT: (
        "{a} announced a new phase of operations around {place}.",
        "Announcement on {place}",
    ),
    EventKind.DISPLACEMENT: ("families fled {place}.", "Displacement from {place}"),
    EventKind.OTHER: ("fighting was reported around {place}.", "Fighting around {place}"),
}

# Which kinds of claim an event draws: fighting over ground draws territory
# claims; strikes and killings draw casualty and civilian-harm claims.
_TERRITORIAL = {
    EventKind.CAPTURE,
    EventKind.ADVANCE,
    EventKind.SIEGE,
    EventKind.SURRENDER,
    EventKind.COUNTERATTACK,
}
_DISPLACING = {
    EventKind.EVACUATION,
    EventKind.DISPLACEMENT,
    EventKind.ARREST,
    EventKind.ANNOUNCEMENT,
    EventKind.OTHER,
}
CLAIM_KINDS_TERRITORIAL = {
    ClaimKind.TERRITORY: 45,
    ClaimKind.CASUALTIES: 30,
    ClaimKind.CIVILIAN_HARM: 4,
    ClaimKind.DENIAL: 8,
    ClaimKind.PERSON: 5,
    ClaimKind.OTHER: 6,
}
CLAIM_KINDS_VIOLENT = {
    ClaimKind.CASUALTIES: 48,
    ClaimKind.CIVILIAN_HARM: 18,
    ClaimKind.TERRITORY: 5,
    ClaimKind.DENIAL: 9,
    ClaimKind.PERSON: 8,
    ClaimKind.OTHER: 9,
}
CLAIM_KINDS_OTHER = {
    ClaimKind.OTHER: 45,
    ClaimKind.CASUALTIES: 20,
    ClaimKind.CIVILIAN_HARM: 8,
    ClaimKind.PERSON: 12,
    ClaimKind.TERRITORY: 5,
    ClaimKind.DENIAL: 8,
}
VERBS = {
    ClaimKind.CASUALTIES: ("stated", "reported", "said", "claimed"),
    ClaimKind.CIVILIAN_HARM: ("reported", "stated", "documented", "said"),
    ClaimKind.TERRITORY: ("announced", "claimed", "stated", "reported"),
    ClaimKind.DENIAL: ("denied", "rejected reports", "dismissed claims"),
    ClaimKind.PERSON: ("reported", "announced", "confirmed", "said"),
    ClaimKind.OTHER: ("stated", "said", "reported", "claimed"),
}
HOW_KILLED = {
    EventKind.AIRSTRIKE: "in {A_adj} airstrikes",
    EventKind.SHELLING: "by {A_adj} shelling",
    EventKind.CLASH: "in clashes with {a}",
    EventKind.ATTACK: "in an attack by {a}",
    EventKind.COUNTERATTACK: "in a counterattack by {a}",
    EventKind.BOMBING: "in a car bomb attack",
    EventKind.KILLING: "by {a}",
}
WEAPONS = ("airstrikes", "artillery shells", "rockets", "drone strikes", "barrel bombs")
CHILD_WORDS = ("children", "women", "members of one family")
FAMILIES = ("families", "people", "residents")
NOM_DE_GUERRE = (
    "Abu Muhammad",
    "Abu Omar",
    "Abu Hassan",
    "Abu Khaled",
    "Abu Bakr",
    "Abu Hamza",
    "Abu Yusuf",
    "Abu Ali",
    "Abu Musab",
    "Abu Layla",
    "Abu Dujana",
    "Abu Talha",
)
NISBA = (
    "al-Iraqi",
    "al-Shami",
    "al-Ansari",
    "al-Tunisi",
    "al-Masri",
    "al-Jazrawi",
    "al-Furati",
    "al-Kurdi",
    "al-Hashimi",
    "al-Baghdadi",
    "al-Ruwaishdi",
    "al-Muhajir",
)
REVIEW_RATIONALES = {
    ClaimStatus.UNVERIFIED: "Reopened: the earlier decision rested on a single report.",
    ClaimStatus.CORROBORATED: "An independent source reports the same figures for this event.",
    ClaimStatus.CONFIRMED: "Verified against satellite imagery and hospital records.",
    ClaimStatus.DISPUTED: "Another credible source gives contradicting figures.",
    ClaimStatus.FALSE: "Footage and local testimony show the claim is wrong.",
    ClaimStatus.RETRACTED: "The source withdrew the statement.",
}
# The status a reviewed claim ends with; earlier reviews in its history are drawn
# from the same list.
FINAL_STATUS_WEIGHTS = {
    ClaimStatus.DISPUTED: 35,
    ClaimStatus.CORROBORATED: 25,
    ClaimStatus.CONFIRMED: 15,
    ClaimStatus.FALSE: 10,
    ClaimStatus.RETRACTED: 5,
    ClaimStatus.UNVERIFIED: 10,
}
RELATION_KIND_WEIGHTS = {
    RelationKind.CONTRADICTS: 45,
    RelationKind.CORROBORATES: 35,
    RelationKind.DENIES: 15,
    RelationKind.SUPERSEDES: 5,
}
SYNTHETIC_SOURCE_NAMES = (
    ("Euphrates Post", SourceKind.LOCAL),
    ("Jazira Observer", SourceKind.PRESS),
    ("Badia Monitor", SourceKind.MONITOR),
    ("Khabur Network", SourceKind.LOCAL),
    ("Levant Conflict Watch", SourceKind.NGO),
    ("Valley Voices", SourceKind.LOCAL),
)
# Syllables and prefixes for place names no word list or real gazetteer has,
# so that searching one finds exactly its place's claims.
PLACE_PREFIXES = ("Tell", "Khirbet", "Ain", "Jisr", "Kafr", "Bir", "Umm", "Marj", "Hawi", "Qasr")
PLACE_SYLLABLES = (
    "qa", "ra", "ma", "sha", "ba", "da", "ha", "ja", "ka", "na", "sa", "ta", "za", "mi",
    "bi", "di", "ri", "si", "ku", "mu", "ru", "su", "zu", "fa", "wa", "ghu", "kha", "dhi",
)  # fmt: skip
PLACE_ENDINGS = ("iyah", "an", "at", "un", "ah", "in", "a", "ani", "ur")
# (governorate, country, (lat min, lat max), (lon min, lon max), weight)
GOVERNORATES = (
    ("Deir ez-Zor", "Syria", (34.4, 35.9), (39.5, 41.2), 40),
    ("Raqqa", "Syria", (35.6, 36.6), (38.3, 39.9), 15),
    ("Al-Hasakah", "Syria", (35.9, 37.2), (40.0, 42.3), 15),
    ("Aleppo", "Syria", (35.8, 36.8), (36.6, 38.5), 10),
    ("Homs", "Syria", (33.9, 35.0), (36.5, 38.8), 6),
    ("Idlib", "Syria", (35.5, 36.2), (36.2, 36.9), 4),
    ("Al Anbar", "Iraq", (33.4, 34.6), (40.5, 42.5), 6),
    ("Nineveh", "Iraq", (35.8, 36.7), (41.6, 43.3), 4),
)
YEAR_WEIGHTS = {2014: 1.0, 2015: 1.2, 2016: 1.3, 2017: 2.0, 2018: 2.5, 2019: 1.5}
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip


# --- The world the corpus is about --------------------------------------------------------


@dataclass
class _Party:
    id: int
    slug: str
    noun: str
    adjective: str
    fighters: str


@dataclass
class _World:
    """The rows every claim draws on, loaded or created once, ordered by slug so
    the random stream does not depend on ids or on what else is in the database."""

    parties: list[_Party]
    party_picker: _Picker
    source_picker: _Picker  # of (id, name as texts call it)
    place_picker: _Picker  # of (id, name)
    user_id: int


def _party_words(party: Party) -> _Party:
    noun, adjective, fighters = PARTY_WORDS.get(
        party.slug, (party.name, party.name, f"{party.name} fighters")
    )
    return _Party(party.pk, party.slug, noun, adjective, fighters)


def _load_world(rng: random.Random, progress: Progress) -> tuple[_World, dict[str, int]]:
    """The reference parties and sources, topped up with synthetic sources and
    places, and the synthetic reviewer. Returns the world and rows created."""
    parties_file, sources_file = parse_sources_file(settings.SEEDS_DIR / SOURCES_FILE)
    party_slugs = sorted(entry["slug"] for entry in parties_file)
    parties = [_party_words(p) for p in Party.objects.filter(slug__in=party_slugs).order_by("slug")]
    party_picker = _Picker(parties, [PARTY_WEIGHTS.get(p.slug, 1.0) for p in parties])

    created: dict[str, int] = {}
    source_slugs = {entry["slug"] for entry in sources_file}
    created[Source._meta.db_table] = _create_synthetic_sources(MIN_SOURCES - len(source_slugs))
    sources = list(
        Source.objects.filter(
            models.Q(slug__in=source_slugs) | models.Q(slug__startswith=SOURCE_PREFIX)
        ).order_by("slug")
    )
    source_picker = _Picker(
        [(source.pk, _speaker(source)) for source in sources],
        [SOURCE_WEIGHTS.get(source.slug, TAIL_SOURCE_WEIGHT) for source in sources],
    )

    created[Place._meta.db_table] = _create_synthetic_places(rng)
    place_slugs = {entry["slug"] for entry in parse_places_file(settings.SEEDS_DIR / PLACES_FILE)}
    real = list(Place.objects.filter(slug__in=place_slugs).order_by("slug"))
    synthetic = list(Place.objects.filter(slug__startswith=PLACE_PREFIX).order_by("slug"))
    rng.shuffle(real)
    rng.shuffle(synthetic)
    # Zipf-like with an offset: the most reported place is in ~1% of events, the
    # least in ~0.02%. Real places come first, as a real war's reports would have it.
    ranked = real + synthetic
    place_picker = _Picker(
        [(place.pk, place.name) for place in ranked],
        [1 / (rank + 20) for rank in range(len(ranked))],
    )

    # Inactive, without a password: it signs the synthetic reviews, nobody logs in as it.
    user, made = get_user_model().objects.get_or_create(
        username=USERNAME, defaults={"is_active": False, "password": "!"}
    )
    created[user._meta.db_table] = int(made)
    progress(f"world: {len(parties)} parties, {len(sources)} sources, {len(ranked)} places")
    return _World(parties, party_picker, source_picker, place_picker, user.pk), created


def _speaker(source: Source) -> str:
    """How a sentence names the source: a short alias ("SOHR") when it has one."""
    short = [alias for alias in source.aliases or [] if len(alias) <= 12]
    return short[0] if short else source.name


def _create_synthetic_sources(count: int) -> int:
    """Top the sources up to MIN_SOURCES; returns how many were created."""
    rows = []
    for index in range(count):
        name, kind = SYNTHETIC_SOURCE_NAMES[index % len(SYNTHETIC_SOURCE_NAMES)]
        if index >= len(SYNTHETIC_SOURCE_NAMES):
            name = f"{name} {index // len(SYNTHETIC_SOURCE_NAMES) + 1}"
        rows.append(
            Source(
                slug=f"{SOURCE_PREFIX}{slugify(name)}",
                name=name,
                kind=kind,
                description="Synthetic source made by generate_corpus; not a real outlet.",
            )
        )
    # A synthetic source a real claim still used survived the last removal: keep it.
    existing = set(
        Source.objects.filter(slug__startswith=SOURCE_PREFIX).values_list("slug", flat=True)
    )
    Source.objects.bulk_create([row for row in rows if row.slug not in existing])
    return len([row for row in rows if row.slug not in existing])


def _place_names(rng: random.Random, count: int) -> list[str]:
    """`count` distinct made-up names ("Tell Qaramiyah", "al-Sukuun"), each with a
    root word no other name shares."""
    roots: set[str] = set()
    names = []
    while len(names) < count:
        syllables = rng.choice((2, 2, 3))
        root = "".join(rng.choice(PLACE_SYLLABLES) for _ in range(syllables))
        root = (root + rng.choice(PLACE_ENDINGS)).capitalize()
        if root in roots:
            continue
        roots.add(root)
        form = rng.random()
        if form < 0.35:
            names.append(f"{rng.choice(PLACE_PREFIXES)} {root}")
        elif form < 0.65:
            names.append(f"al-{root}")
        else:
            names.append(root)
    return names


def _create_synthetic_places(rng: random.Random) -> int:
    governorate = _Picker(GOVERNORATES, [row[-1] for row in GOVERNORATES])
    rows = []
    for name in _place_names(rng, SYNTHETIC_PLACES):
        gov, country, (lat_low, lat_high), (lon_low, lon_high), _ = governorate(rng)
        rows.append(
            Place(
                slug=f"{PLACE_PREFIX}{slugify(name)}",
                name=name,
                governorate=gov,
                country=country,
                latitude=f"{rng.uniform(lat_low, lat_high):.4f}",
                longitude=f"{rng.uniform(lon_low, lon_high):.4f}",
            )
        )
    Place.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


# --- Events ---------------------------------------------------------------------------------


@dataclass(slots=True)  # slots: a million-claim corpus plans 200,000 of these
class _Event:
    date: dt.date
    precision: str
    date_end: dt.date | None
    kind: str
    places: list[tuple[int, str]]
    parties: list[_Party]
    claims: int  # how many claims are about it
    id: int = 0  # reserved when its batch is made
    title: str = ""
    first_claim: int = 0  # the ordinal of its first claim


def _plan_events(rng: random.Random, world: _World, claims: int) -> list[_Event]:
    """One event per CLAIMS_PER_EVENT claims, in date order, with claim counts
    that add up to `claims`: most events draw a few claims, some draw dozens."""
    count = max(1, claims // CLAIMS_PER_EVENT)
    year = _Picker.of(YEAR_WEIGHTS)
    kind = _Picker.of(EVENT_KIND_WEIGHTS)
    events = []
    for _ in range(count):
        start = dt.date(year(rng), 1, 1)
        date = start + dt.timedelta(days=rng.randrange(365))
        roll = rng.random()
        precision, date_end = DatePrecision.DAY, None
        if roll < 0.10:
            precision, date = DatePrecision.MONTH, date.replace(day=1)
        elif roll < 0.12:
            precision, date = DatePrecision.YEAR, date.replace(month=1, day=1)
        elif roll < 0.17:
            date_end = date + dt.timedelta(days=rng.randint(1, 3))
        places = [world.place_picker(rng)]
        if rng.random() < 0.35:
            other = world.place_picker(rng)
            if other != places[0]:
                places.append(other)
        parties = [world.party_picker(rng)]
        if rng.random() < 0.65:
            other = world.party_picker(rng)
            if other is not parties[0]:
                parties.append(other)
        # Exponential: a mean of CLAIMS_PER_EVENT with a long tail.
        weight = 1 + int(rng.expovariate(1 / (CLAIMS_PER_EVENT - 0.5)))
        events.append(_Event(date, precision, date_end, kind(rng), places, parties, weight))
    _fit_total(rng, events, claims)
    events.sort(key=lambda event: event.date)
    return events


def _fit_total(rng: random.Random, events: list[_Event], claims: int) -> None:
    """Nudge the claim counts (each at least 1) until they add up to `claims`."""
    total = sum(event.claims for event in events)
    while total != claims:
        event = events[rng.randrange(len(events))]
        if total < claims:
            event.claims += 1
            total += 1
        elif event.claims > 1:
            event.claims -= 1
            total -= 1


# --- Claims ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Claim:
    source_id: int
    event: _Event | None
    kind: str
    verb: str
    text: str
    excerpt: str
    stated_on: dt.date | None
    precision: str
    figures: list[tuple[str, str, int | None, int | None, str]]
    id: int = 0
    index: int = 0  # ordinal in the corpus, from 0
    status: str = ClaimStatus.UNVERIFIED
    reviews: list[str] = field(default_factory=list)  # statuses, oldest first
    char_start: int = 0
    char_end: int = 0
    section: str = ""


class _Composer:
    """Writes one claim's sentence and figures from templates and word lists."""

    def __init__(self, rng: random.Random, world: _World):
        self.rng = rng
        self.world = world
        self.kinds = {
            "territorial": _Picker.of(CLAIM_KINDS_TERRITORIAL),
            "violent": _Picker.of(CLAIM_KINDS_VIOLENT),
            "other": _Picker.of(CLAIM_KINDS_OTHER),
        }

    def sides(self, event: _Event | None) -> tuple[_Party, _Party]:
        """The acting side and the side acted on."""
        parties = event.parties if event else [self.world.party_picker(self.rng)]
        actor = parties[0]
        if len(parties) > 1:
            return actor, parties[1]
        other = self.world.party_picker(self.rng)
        if other is actor:
            other = next(p for p in self.world.parties if p is not actor)
        return actor, other

    def number(self) -> tuple[str, int | None, int | None]:
        """A figure as reports give it: "23", "at least 23", "up to 80", "50-70",
        "about 20", or "dozens of" — (as written, low, high)."""
        rng = self.rng
        # At least 2: the templates count in plurals.
        n = min(2000, 2 + int(rng.lognormvariate(2.0, 1.1)))
        roll = rng.random()
        if roll < 0.55:
            return str(n), n, n
        if roll < 0.70:
            return f"at least {n}", n, None
        if roll < 0.77:
            return f"up to {n}", None, n
        if roll < 0.90:
            high = n + 1 + int(n * rng.uniform(0.1, 0.8))
            return f"{n}-{high}", n, high
        if roll < 0.95:
            rounded = max(10, round(n, -1))
            return f"about {rounded}", rounded, rounded
        return rng.choice(("dozens of", "scores of", "several")), None, None

    def compose(self, event: _Event | None) -> _Claim:
        """A claim about `event` (or about no known event): its kind follows the
        event's, its place is one of the event's, its source is drawn by weight."""
        rng = self.rng
        actor, target = self.sides(event)
        if event is None or event.kind in _DISPLACING:
            kind = self.kinds["other"](rng)
        elif event.kind in _TERRITORIAL:
            kind = self.kinds["territorial"](rng)
        else:
            kind = self.kinds["violent"](rng)
        place = (event.places[rng.randrange(len(event.places))] if event else None) or (
            self.world.place_picker(rng)
        )
        words = {
            "a": actor.noun,
            "A_adj": actor.adjective,
            "b": target.noun,
            "b_adj": target.adjective,
            "B_fighters": target.fighters,
            "place": place[1],
        }
        figures: list[tuple[str, str, int | None, int | None, str]] = []
        text = getattr(self, f"_{kind}")(event, words, figures)
        source_id, speaker = self.world.source_picker(rng)
        verb = rng.choice(VERBS[kind])
        stated_on, precision = self._stated_on(event)
        excerpt = self._sentence(speaker, verb, text, stated_on, precision)
        return _Claim(source_id, event, kind, verb, text, excerpt, stated_on, precision, figures)

    def _figure(self, figures: list, quantity: str, subject: str) -> str:
        written, low, high = self.number()
        figures.append((quantity, subject, low, high, written))
        return f"{written} {subject}"

    def _casualties(self, event, words, figures) -> str:
        how = HOW_KILLED.get(event.kind if event else "", "in fighting").format(**words)
        civilians = self.rng.random() < 0.12
        subject = "civilians" if civilians else words["B_fighters"]
        text = f"{self._figure(figures, Quantity.KILLED, subject)} were killed {how}"
        text += f" in {words['place']}"
        if self.rng.random() < 0.75:
            written, low, high = self.number()
            figures.append((Quantity.WOUNDED, subject, low, high, written))
            text += f", and {written} others were wounded"
        return text

    def _civilian_harm(self, event, words, figures) -> str:
        rng = self.rng
        weapon = rng.choice(WEAPONS)
        if rng.random() < 0.5:
            text = (
                f"{words['A_adj']} {weapon} on {words['place']} killed "
                f"{self._figure(figures, Quantity.KILLED, 'civilians')}"
            )
        else:
            text = (
                f"{self._figure(figures, Quantity.CASUALTIES, 'civilians')} were killed or "
                f"wounded when {words['A_adj']} {weapon} hit {words['place']}"
            )
        if rng.random() < 0.6:
            text += f", including {self._figure(figures, Quantity.KILLED, rng.choice(CHILD_WORDS))}"
        return text

    def _territory(self, event, words, figures) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.4:
            text = f"{words['a']} had captured {words['place']} from {words['b']}"
            if rng.random() < 0.8:
                surrendered = self._figure(figures, Quantity.SURRENDERED, words["B_fighters"])
                text += f" after {surrendered} surrendered"
            return text
        if roll < 0.75:
            area = self._figure(figures, Quantity.AREA, "square kilometres")
            return f"{words['a']} had taken control of {area} around {words['place']}"
        captured = self._figure(figures, Quantity.CAPTURED, words["B_fighters"])
        return f"{words['a']} advanced into {words['place']} and captured {captured}"

    def _denial(self, event, words, figures) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.2:
            return f"its forces had targeted civilians in {words['place']}"
        if roll < 0.45:
            return f"{words['b']} had retaken {words['place']}"
        killed = self._figure(figures, Quantity.KILLED, words["B_fighters"])
        return f"{killed} had been killed in {words['place']}"

    def _person(self, event, words, figures) -> str:
        rng = self.rng
        name = f"{rng.choice(NOM_DE_GUERRE)} {rng.choice(NISBA)}"
        if rng.random() < 0.5:
            text = f"{words['b_adj']} commander {name} was killed in {words['place']}"
            if rng.random() < 0.6:
                text += f" along with {self._figure(figures, Quantity.KILLED, 'of his aides')}"
            return text
        text = f"{words['a']} had arrested {words['b_adj']} official {name} in {words['place']}"
        if rng.random() < 0.6:
            text += f" with {self._figure(figures, Quantity.DETAINED, 'others')}"
        return text

    def _other(self, event, words, figures) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.35:
            fled = self._figure(figures, Quantity.FLED, rng.choice(FAMILIES))
            return f"{fled} fled {words['place']} as fighting approached"
        if roll < 0.55:
            displaced = self._figure(figures, Quantity.DISPLACED, "people")
            return f"{displaced} were displaced from {words['place']}"
        if roll < 0.75:
            detained = self._figure(figures, Quantity.DETAINED, words["B_fighters"])
            return f"{detained} were detained near {words['place']}"
        if roll < 0.85:
            evacuated = self._figure(figures, Quantity.EVACUATED, "civilians")
            return f"{evacuated} were evacuated from {words['place']}"
        sent = self._figure(figures, Quantity.OTHER, "reinforcements")
        return f"{words['a']} had sent {sent} to {words['place']}"

    def _stated_on(self, event: _Event | None) -> tuple[dt.date | None, str]:
        """When the source spoke: a few days after its event, as precisely as the
        event's date is known; claims about no event often have no date."""
        rng = self.rng
        if event is None:
            if rng.random() < 0.5:
                return None, DatePrecision.DAY
            year = rng.choice(tuple(YEAR_WEIGHTS))
            return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365)), DatePrecision.DAY
        if event.precision != DatePrecision.DAY:
            return event.date, event.precision
        lag = min(int(rng.expovariate(0.8)), 30)
        return (event.date_end or event.date) + dt.timedelta(days=lag), DatePrecision.DAY

    def _sentence(
        self, speaker: str, verb: str, text: str, stated_on: dt.date | None, precision: str
    ) -> str:
        roll = self.rng.random()
        if stated_on and precision == DatePrecision.DAY and roll < 0.45:
            when = f"{stated_on.day} {MONTHS[stated_on.month - 1]} {stated_on.year}"
            return f"On {when}, {speaker} {verb} that {text}."
        if stated_on and precision == DatePrecision.MONTH and roll < 0.45:
            return (
                f"In {MONTHS[stated_on.month - 1]} {stated_on.year}, {speaker} {verb} that {text}."
            )
        if roll < 0.75 or verb not in ("stated", "reported", "said"):
            return f"{speaker} {verb} that {text}."
        return f"According to {speaker}, {text}."


# --- Relations and reviews ----------------------------------------------------------------


@dataclass
class _Relation:
    from_claim: _Claim
    to_claim: _Claim
    kind: str
    origin: str
    state: str
    note: str


def _relate(rng: random.Random, claims: list[_Claim], pickers: dict) -> list[_Relation]:
    """Links between claims about one event: about one event in ten gets one (a
    few two), so about 2% of claims in number. Pairs are stored as the database
    wants them: symmetric kinds lower id first, a denial from the denying claim."""
    if len(claims) < 2 or rng.random() >= 0.10:
        return []
    relations: list[_Relation] = []
    seen: set[tuple[int, int, str]] = set()
    for _ in range(1 if rng.random() < 0.8 else 2):
        first, second = rng.sample(range(len(claims)), 2)
        a, b = claims[min(first, second)], claims[max(first, second)]
        if b.kind == ClaimKind.DENIAL or a.kind == ClaimKind.DENIAL:
            kind = RelationKind.DENIES
        else:
            kind = pickers["kind"](rng)
        if kind == RelationKind.DENIES and a.kind == ClaimKind.DENIAL:
            pair = (a, b)
        elif kind in (RelationKind.DENIES, RelationKind.SUPERSEDES):
            pair = (b, a)  # the later statement denies or supersedes the earlier one
        else:
            pair = (a, b)
        key = (pair[0].id, pair[1].id, kind)
        if key in seen:
            continue
        seen.add(key)
        if rng.random() < 0.65:
            origin = RelationOrigin.IMPORTER
            state = pickers["importer_state"](rng)
            note = f"Suggested by the importer: the sentence says '{pair[0].verb}'."
        else:
            origin, state = RelationOrigin.EDITOR, RelationState.ACCEPTED
            note = "Figures for the same event differ." if kind != RelationKind.CORROBORATES else ""
        relations.append(_Relation(pair[0], pair[1], kind, origin, state, note))
    return relations


def _review_history(rng: random.Random, contested: bool, pickers: dict) -> list[str]:
    """The statuses of a claim's reviews, oldest first (empty: never reviewed).
    About 4% of claims are reviewed; a third of the contested ones are."""
    if rng.random() >= (0.33 if contested else 0.035):
        return []
    count = 1 if rng.random() < 0.7 else 2 if rng.random() < 0.75 else 3
    history = [pickers["status"](rng) for _ in range(count)]
    if contested and rng.random() < 0.5:
        history[-1] = ClaimStatus.DISPUTED
    return history


# --- Writers ------------------------------------------------------------------------------


class _Writer(ABC):
    """Writes tuples into a table, filling columns it is not given from their
    model defaults (so a column added later does not break the load), and
    reserves ids so rows can reference each other before they exist."""

    def __init__(self, connection):
        self.connection = connection
        self.seconds: dict[str, float] = {}
        self.rows: dict[str, int] = {}

    def columns(self, model: type[models.Model], names: Sequence[str]) -> tuple[list[str], tuple]:
        """(column names, values for the columns not in `names`) for `model`."""
        given = [model._meta.get_field(name).column for name in names]
        extra_columns, extra_values = [], []
        for model_field in model._meta.concrete_fields:
            if model_field.column in given or model_field.primary_key:
                continue
            if getattr(model_field, "generated", False):
                continue
            if model_field.has_default():
                value = model_field.get_db_prep_save(
                    model_field.get_default(), connection=self.connection
                )
            elif model_field.null:
                continue
            else:
                raise RuntimeError(
                    f"generate_corpus does not know how to fill {model._meta.db_table}."
                    f"{model_field.column}: add it to claims/corpus.py"
                )
            extra_columns.append(model_field.column)
            extra_values.append(value)
        return given + extra_columns, tuple(extra_values)

    def write(self, model: type[models.Model], names: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        columns, tail = self.columns(model, names)
        if tail:
            rows = [row + tail for row in rows]
        started = time.perf_counter()
        self._write(model._meta.db_table, columns, rows)
        self.count(model, len(rows), time.perf_counter() - started)

    def count(self, model: type[models.Model], rows: int, seconds: float) -> None:
        table = model._meta.db_table
        self.seconds[table] = self.seconds.get(table, 0.0) + seconds
        self.rows[table] = self.rows.get(table, 0) + rows

    def busy_seconds(self) -> float:
        return sum(self.seconds.values())

    @abstractmethod
    def timestamp(self, moment: dt.datetime) -> Any:
        """One per database: see the writers below."""

    @abstractmethod
    def _write(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        """One per database: see the writers below."""

    def begin(self, models_: Sequence[type[models.Model]]) -> None:
        """Prepare the load's transaction; `models_` are those whose ids are reserved.
        Nothing to do by default."""
        return

    def end(self) -> None:
        """Undo what `begin` changed on the connection, once the load is committed.
        Nothing to do by default."""
        return

    @abstractmethod
    def reserve_ids(self, model: type[models.Model], count: int) -> int:
        """Reserve `count` consecutive ids in `model`'s table; returns the first."""

    @abstractmethod
    def analyze(self, models_: Sequence[type[models.Model]]) -> None:
        """One per database: see the writers below."""


class _PostgresWriter(_Writer):
    def timestamp(self, moment: dt.datetime) -> str:
        # Naive UTC times, marked as UTC: COPY parses text, whatever the session zone.
        return f"{moment.isoformat(' ')}+00"

    def _write(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        quoted = ", ".join(self.connection.ops.quote_name(column) for column in columns)
        with self.connection.cursor() as cursor:  # noqa: SIM117 (the COPY needs the cursor)
            with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)

    def begin(self, models_: Sequence[type[models.Model]]) -> None:
        # SHARE ROW EXCLUSIVE: readers go on; another writer waits, so nobody can
        # take a sequence value inside a block reserved below until this commits.
        tables = ", ".join(model._meta.db_table for model in models_)
        with self.connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")

    def reserve_ids(self, model: type[models.Model], count: int) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_get_serial_sequence(%s, %s)",
                [model._meta.db_table, model._meta.pk.column],
            )
            (sequence,) = cursor.fetchone()
            cursor.execute("SELECT nextval(%s)", [sequence])
            (first,) = cursor.fetchone()
            cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
        return first

    def analyze(self, models_: Sequence[type[models.Model]]) -> None:
        tables = ", ".join(model._meta.db_table for model in models_)
        with self.connection.cursor() as cursor:
            if self.connection.in_atomic_block:
                cursor.execute(f"ANALYZE {tables}")
            else:
                # VACUUM as well: it sets the visibility map, without which every
                # COUNT and index-only scan visits the heap for freshly loaded rows.
                cursor.execute(f"VACUUM (ANALYZE) {tables}")


class _SqliteWriter(_Writer):
    cache_size: int | None = None  # the connection's, while the load changes it

    def timestamp(self, moment: dt.datetime) -> str:
        # The format Django's SQLite backend stores: naive UTC, space-separated.
        return moment.isoformat(" ")

    def _write(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        quoted = ", ".join(self.connection.ops.quote_name(column) for column in columns)
        marks = ", ".join(["%s"] * len(columns))
        with self.connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)

    def begin(self, models_: Sequence[type[models.Model]]) -> None:
        # No lock to take (the first write takes SQLite's only one), but a page
        # cache to grow: at the default 2 MB the claims' indexes spill to disk on
        # every batch, and the load takes nearly twice as long.
        with self.connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            (self.cache_size,) = cursor.fetchone()
            cursor.execute("PRAGMA cache_size = -262144")  # in KiB: 256 MB

    def end(self) -> None:
        if self.cache_size is not None:
            with self.connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(self.cache_size)}")

    def reserve_ids(self, model: type[models.Model], count: int) -> int:
        # Inside the load's transaction SQLite lets no other writer in, and
        # AUTOINCREMENT moves its counter past explicit ids by itself.
        table = model._meta.db_table
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            (highest,) = cursor.fetchone()
            cursor.execute(
                "SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s", [table]
            )
            (counter,) = cursor.fetchone()
        return max(highest, counter) + 1

    def analyze(self, models_: Sequence[type[models.Model]]) -> None:
        with self.connection.cursor() as cursor:
            for model in models_:
                cursor.execute(f"ANALYZE {model._meta.db_table}")


def _writer_for(connection) -> _Writer:
    if connection.vendor == "postgresql":
        return _PostgresWriter(connection)
    if connection.vendor == "sqlite":
        return _SqliteWriter(connection)
    raise CommandError(f"generate_corpus supports PostgreSQL and SQLite, not {connection.vendor}")


EVENT_COLUMNS = (
    "id", "date", "date_precision", "date_end", "title", "summary", "kind", "document",
    "position", "import_key", "import_snapshot", "created_at", "updated_at",
)  # fmt: skip
CLAIM_COLUMNS = (
    "id", "source", "event", "document", "text", "excerpt", "section", "char_start", "char_end",
    "verb", "stated_on", "stated_on_precision", "kind", "import_key", "import_snapshot",
    "status", "created_at", "updated_at",
)  # fmt: skip
FIGURE_COLUMNS = ("claim", "quantity", "subject", "low", "high", "as_written")
RELATION_COLUMNS = (
    "from_claim", "to_claim", "kind", "note", "origin", "state", "created_by", "created_at",
    "decided_by", "decided_at",
)  # fmt: skip
REVIEW_COLUMNS = ("claim", "status", "rationale", "evidence", "reviewer", "created_at")
CORPUS_MODELS = (
    Document,
    Event,
    Event.places.through,
    Event.parties.through,
    Claim,
    Figure,
    Relation,
    Review,
    Place,
)


@dataclass
class _Rows:
    """One batch's rows, as tuples in the order of the *_COLUMNS above."""

    events: list[tuple] = field(default_factory=list)
    places: list[tuple] = field(default_factory=list)
    parties: list[tuple] = field(default_factory=list)
    claims: list[tuple] = field(default_factory=list)
    figures: list[tuple] = field(default_factory=list)
    relations: list[tuple] = field(default_factory=list)
    reviews: list[tuple] = field(default_factory=list)

    def write(self, writer: _Writer) -> None:
        # Parents first: both databases check these foreign keys at commit, but
        # this order would suit immediate checks too.
        writer.write(Event, EVENT_COLUMNS, self.events)
        writer.write(Event.places.through, ("event", "place"), self.places)
        writer.write(Event.parties.through, ("event", "party"), self.parties)
        writer.write(Claim, CLAIM_COLUMNS, self.claims)
        writer.write(Figure, FIGURE_COLUMNS, self.figures)
        writer.write(Relation, RELATION_COLUMNS, self.relations)
        writer.write(Review, REVIEW_COLUMNS, self.reviews)


# --- Documents and batches ----------------------------------------------------------------


@dataclass
class _Part:
    """One synthetic document: a run of events in date order and their claims."""

    number: int
    events: list[_Event]
    claims: list[_Claim] = field(default_factory=list)
    relations: list[_Relation] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)  # each event's sentence
    body: str = ""
    positions: list[int] = field(default_factory=list)  # each event's sentence offset


def _parts(events: list[_Event], claims_per_document: int) -> Iterator[list[_Event]]:
    """Consecutive runs of events holding about `claims_per_document` claims each."""
    run: list[_Event] = []
    claims = 0
    for event in events:
        run.append(event)
        claims += event.claims
        if claims >= claims_per_document:
            yield run
            run, claims = [], 0
    if run:
        yield run


def _layout(part: _Part, parts: int, seed: int) -> None:
    """Lay the part out as a Markdown article — a heading per year and month, a
    paragraph per event (its narrating sentence, then each claim's sentence) —
    and record each event's and claim's character offsets in it."""
    chunks = [
        f"# Synthetic corpus, part {part.number} of {parts}\n\n",
        "Synthetic text made by `manage.py generate_corpus` (seed "
        f"{seed}) to measure the tracker at scale. None of it is real reporting.\n\n",
    ]
    offset = sum(len(chunk) for chunk in chunks)
    year = month = None
    claims = iter(part.claims)
    for event, summary in zip(part.events, part.summaries, strict=True):
        if event.date.year != year:
            year, month = event.date.year, None
            heading = f"## {year}\n\n"
            chunks.append(heading)
            offset += len(heading)
        if event.date.month != month:
            month = event.date.month
            heading = f"### {MONTHS[month - 1]}\n\n"
            chunks.append(heading)
            offset += len(heading)
        section = f"{year} > {MONTHS[month - 1]}"
        part.positions.append(offset)
        chunks.append(summary)
        offset += len(summary)
        for _ in range(event.claims):
            claim = next(claims)
            claim.section = section
            claim.char_start = offset + 1
            claim.char_end = claim.char_start + len(claim.excerpt)
            chunks.append(" ")
            chunks.append(claim.excerpt)
            offset = claim.char_end
        chunks.append("\n\n")
        offset += 2
    part.body = "".join(chunks)


class _Generator:
    """Makes the corpus batch by batch and hands each batch to the writer."""

    def __init__(
        self,
        *,
        rng: random.Random,
        world: _World,
        writer: _Writer,
        claims: int,
        seed: int,
        parts: int,
    ):
        self.rng = rng
        self.world = world
        self.writer = writer
        self.total_claims = claims
        self.seed = seed
        self.parts = parts
        self.composer = _Composer(rng, world)
        self.pickers = {
            "kind": _Picker.of(RELATION_KIND_WEIGHTS),
            "importer_state": _Picker.of(
                {
                    RelationState.SUGGESTED: 70,
                    RelationState.ACCEPTED: 20,
                    RelationState.REJECTED: 10,
                }
            ),
            "status": _Picker.of(FINAL_STATUS_WEIGHTS),
        }
        self.claims_done = 0
        self.generate_seconds = 0.0

    def created_at(self, index: int) -> dt.datetime:
        """When the claim with ordinal `index` was "imported": over a year, in id order."""
        return CREATED_FROM + CREATED_SPAN * (index / self.total_claims)

    def batch(self, runs: list[list[_Event]], first_number: int) -> None:
        """Make the documents for `runs` (one per run) and write them."""
        started, writing = time.perf_counter(), self.writer.busy_seconds()
        events = [event for run in runs for event in run]
        first_event = self.writer.reserve_ids(Event, len(events))
        next_claim = self.writer.reserve_ids(Claim, sum(event.claims for event in events))
        for offset, event in enumerate(events):
            event.id = first_event + offset
        parts = []
        for number, run in enumerate(runs, start=first_number):
            part = _Part(number, run)
            for event in run:
                event.first_claim = self.claims_done
                group = []
                for _ in range(event.claims):
                    # About 3% of claims are about no event the tracker knows.
                    claim = self.composer.compose(event if self.rng.random() >= 0.03 else None)
                    claim.id, claim.index = next_claim, self.claims_done
                    next_claim += 1
                    self.claims_done += 1
                    group.append(claim)
                part.relations += _relate(self.rng, group, self.pickers)
                part.claims += group
            self._review(part)
            part.summaries = [self._event_sentence(event) for event in run]
            _layout(part, self.parts, self.seed)
            parts.append(part)
        self._write(parts)
        # Everything but the database's share: composing, laying out, building tuples.
        writing = self.writer.busy_seconds() - writing
        self.generate_seconds += time.perf_counter() - started - writing

    def _review(self, part: _Part) -> None:
        """Draw each claim's review history; its status is the latest review's."""
        contested = {
            claim.id
            for relation in part.relations
            if relation.kind in (RelationKind.CONTRADICTS, RelationKind.DENIES)
            and relation.state != RelationState.REJECTED
            for claim in (relation.from_claim, relation.to_claim)
        }
        for claim in part.claims:
            claim.reviews = _review_history(self.rng, claim.id in contested, self.pickers)
            if claim.reviews:
                claim.status = claim.reviews[-1]

    def _event_sentence(self, event: _Event) -> str:
        """The sentence that narrates `event` (and its title, set on it)."""
        actor, target = self.composer.sides(event)
        words = {
            "a": actor.noun,
            "A_adj": actor.adjective,
            "b": target.noun,
            "b_adj": target.adjective,
            "B_fighters": target.fighters,
            "place": event.places[0][1],
        }
        sentence, title = EVENT_SENTENCES[event.kind]
        event.title = title.format(**words)
        month = MONTHS[event.date.month - 1]
        if event.precision == DatePrecision.DAY:
            when = f"On {event.date.day} {month} {event.date.year}"
        elif event.precision == DatePrecision.MONTH:
            when = f"In {month} {event.date.year}"
        else:
            when = f"In {event.date.year}"
        return f"{when}, {sentence.format(**words)}"

    def _write(self, parts: list[_Part]) -> None:
        started = time.perf_counter()
        documents = Document.objects.bulk_create([self._document(part) for part in parts])
        self.writer.count(Document, len(documents), time.perf_counter() - started)
        rows = _Rows()
        for part, document in zip(parts, documents, strict=True):
            for event, position, summary in zip(
                part.events, part.positions, part.summaries, strict=True
            ):
                self._add_event(rows, event, document.pk, position, summary)
            for claim in part.claims:
                self._add_claim(rows, claim, document.pk)
            rows.relations += [self._relation_row(relation) for relation in part.relations]
        rows.write(self.writer)

    def _add_event(
        self, rows: _Rows, event: _Event, document_id: int, position: int, summary: str
    ) -> None:
        created = self.writer.timestamp(self.created_at(event.first_claim))
        rows.events.append(
            (
                event.id,
                event.date.isoformat(),
                event.precision,
                event.date_end.isoformat() if event.date_end else None,
                event.title,
                summary,
                event.kind,
                document_id,
                position,
                "",
                "{}",
                created,
                created,
            )
        )
        rows.places += [(event.id, place_id) for place_id, _ in event.places]
        rows.parties += [(event.id, party.id) for party in event.parties]

    def _add_claim(self, rows: _Rows, claim: _Claim, document_id: int) -> None:
        """The claim, its figures and its reviews; reviews come days apart after
        the claim, and the claim was last updated by the latest of them."""
        stamp = self.writer.timestamp
        created = updated = self.created_at(claim.index)
        for status in claim.reviews:
            updated += dt.timedelta(days=self.rng.uniform(1, 40))
            evidence = _evidence(claim.id) if status == ClaimStatus.CONFIRMED else "[]"
            rows.reviews.append(
                (
                    claim.id,
                    status,
                    REVIEW_RATIONALES[status],
                    evidence,
                    self.world.user_id,
                    stamp(updated),
                )
            )
        rows.claims.append(
            (
                claim.id,
                claim.source_id,
                claim.event.id if claim.event else None,
                document_id,
                claim.text,
                claim.excerpt,
                claim.section,
                claim.char_start,
                claim.char_end,
                claim.verb,
                claim.stated_on.isoformat() if claim.stated_on else None,
                claim.precision,
                claim.kind,
                "",
                "{}",
                claim.status,
                stamp(created),
                stamp(updated),
            )
        )
        rows.figures += [(claim.id, *figure) for figure in claim.figures]

    def _relation_row(self, relation: _Relation) -> tuple:
        """An editor's link is accepted as made; the importer's accepted or
        rejected ones were decided (by the synthetic editor) three days later."""
        stamp = self.writer.timestamp
        created = self.created_at(max(relation.from_claim.index, relation.to_claim.index))
        editor = relation.origin == RelationOrigin.EDITOR
        decided = not editor and relation.state != RelationState.SUGGESTED
        user = self.world.user_id
        return (
            relation.from_claim.id,
            relation.to_claim.id,
            relation.kind,
            relation.note,
            relation.origin,
            relation.state,
            user if editor else None,
            stamp(created),
            user if decided else None,
            stamp(created + dt.timedelta(days=3)) if decided else None,
        )

    def _document(self, part: _Part) -> Document:
        return Document(
            slug=f"{DOCUMENT_PREFIX}-{part.number:04d}",
            title=f"Synthetic corpus, part {part.number} of {self.parts}",
            description="Synthetic claims for benchmarking; not real reporting.",
            author="generate_corpus",
            tags=["synthetic"],
            front_matter={
                "synthetic": True,
                "generator": "claims.corpus",
                "seed": self.seed,
                "part": part.number,
                "parts": self.parts,
                "claims": len(part.claims),
                "from": part.events[0].date.isoformat(),
                "to": part.events[-1].date.isoformat(),
            },
            body=part.body,
            sha256=hashlib.sha256(part.body.encode()).hexdigest(),
        )


def _evidence(claim_id: int) -> str:
    return json.dumps([f"https://example.org/synthetic/evidence/{claim_id}"])


# --- Entry points -------------------------------------------------------------------------


def synthetic_documents() -> models.QuerySet:
    return Document.objects.filter(slug__startswith=DOCUMENT_PREFIX)


def corpus_exists() -> bool:
    return synthetic_documents().exists()


def generate_corpus(
    *,
    claims: int,
    seed: int = DEFAULT_SEED,
    claims_per_document: int = DEFAULT_CLAIMS_PER_DOCUMENT,
    replace: bool = False,
    progress: Progress | None = None,
) -> CorpusSummary:
    """Load a synthetic corpus of `claims` claims (see the module docstring).

    Raises CorpusExists when one is loaded already, unless `replace`. The load
    is one transaction: it lands whole or not at all.
    """
    if claims < 1:
        raise ValueError("claims must be at least 1")
    if claims_per_document < 1:
        raise ValueError("claims_per_document must be at least 1")
    progress = progress or (lambda message: None)
    if replace:
        removing = time.perf_counter()
        removed = remove_corpus()
        seconds = time.perf_counter() - removing
        progress(f"removed the previous corpus: {sum(removed.values()):,} rows in {seconds:.1f} s")
    elif corpus_exists():
        raise CorpusExists(
            "A synthetic corpus is already loaded: remove it first (--remove) or use --replace."
        )
    started = time.perf_counter()  # the load's time, without removing the last one
    load_reference_data(settings.SEEDS_DIR)
    writer = _writer_for(connection)
    try:
        with transaction.atomic():
            writer.begin([Event, Claim])
            generator, created = _load(writer, claims, seed, claims_per_document, progress, started)
            committing = time.perf_counter()
        # PostgreSQL checks the deferred foreign keys of every row here.
        phases = {
            "generate (Python)": generator.generate_seconds,
            "commit": time.perf_counter() - committing,
        }
    finally:
        writer.end()
    analyzing = time.perf_counter()
    writer.analyze(CORPUS_MODELS)
    phases["analyze"] = time.perf_counter() - analyzing
    return CorpusSummary(
        claims=claims,
        rows={**created, **writer.rows},
        seconds=time.perf_counter() - started,
        table_seconds=writer.seconds,
        phase_seconds=phases,
    )


def _load(
    writer: _Writer,
    claims: int,
    seed: int,
    claims_per_document: int,
    progress: Progress,
    started: float,
) -> tuple[_Generator, dict[str, int]]:
    """Write the corpus, in batches of whole documents; returns the generator
    (for its timings) and the rows created before the batches."""
    rng = random.Random(seed)
    world, created = _load_world(rng, progress)
    events = _plan_events(rng, world, claims)
    runs = list(_parts(events, claims_per_document))
    progress(f"plan: {len(events)} events in {len(runs)} documents")
    generator = _Generator(
        rng=rng, world=world, writer=writer, claims=claims, seed=seed, parts=len(runs)
    )
    batch: list[list[_Event]] = []
    batch_claims = 0
    number = 1
    for run in runs:
        batch.append(run)
        batch_claims += sum(event.claims for event in run)
        if batch_claims >= BATCH_CLAIMS or run is runs[-1]:
            generator.batch(batch, number)
            # With DEBUG on, Django keeps the SQL of recent queries, documents'
            # bodies included: at a million claims that held 100+ MB for nothing.
            connection.queries_log.clear()
            number += len(batch)
            batch, batch_claims = [], 0
            elapsed = time.perf_counter() - started
            progress(
                f"{generator.claims_done:>10,} claims  {elapsed:7.1f} s  "
                f"{generator.claims_done / elapsed:9,.0f} claims/s"
            )
    return generator, created


def remove_corpus() -> dict[str, int]:
    """Delete every synthetic document and everything hanging from it, the
    synthetic places and sources, and the synthetic user; rows per table.

    Set-based: one DELETE per table with a subquery naming the synthetic rows,
    children first, rather than Django's collector, which would load a million
    claims into memory to cascade. Real rows that point at synthetic ones
    (an editor's relation to a synthetic claim) go too, as the cascade would;
    a real claim linked to a synthetic event keeps the claim, as SET_NULL would.
    """
    quote = connection.ops.quote_name
    document = Document._meta.db_table
    claim = Claim._meta.db_table
    event = Event._meta.db_table
    documents = f"SELECT id FROM {document} WHERE slug LIKE %s"
    claims = f"SELECT id FROM {claim} WHERE document_id IN ({documents})"
    events = f"SELECT id FROM {event} WHERE document_id IN ({documents})"
    places = f"SELECT id FROM {Place._meta.db_table} WHERE slug LIKE %s"
    document_like = f"{DOCUMENT_PREFIX}%"
    place_like = f"{PLACE_PREFIX}%"
    steps = [
        (Review, f"claim_id IN ({claims})", [document_like]),
        (Relation, f"from_claim_id IN ({claims})", [document_like]),
        (Relation, f"to_claim_id IN ({claims})", [document_like]),
        (Figure, f"claim_id IN ({claims})", [document_like]),
        (Claim, f"document_id IN ({documents})", [document_like]),
        (Event.places.through, f"event_id IN ({events})", [document_like]),
        (Event.places.through, f"place_id IN ({places})", [place_like]),
        (Event.parties.through, f"event_id IN ({events})", [document_like]),
        (Event, f"document_id IN ({documents})", [document_like]),
        (Document, "slug LIKE %s", [document_like]),
        (Place, "slug LIKE %s", [place_like]),
        (
            Source,
            # A synthetic source a real claim now uses stays, with that claim.
            f"slug LIKE %s AND NOT EXISTS "
            f"(SELECT 1 FROM {claim} WHERE source_id = {quote(Source._meta.db_table)}.id)",
            [f"{SOURCE_PREFIX}%"],
        ),
    ]
    removed: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        # As on_delete=SET_NULL would: a real claim outlives a synthetic event.
        cursor.execute(
            f"UPDATE {claim} SET event_id = NULL WHERE event_id IN ({events}) "
            f"AND (document_id IS NULL OR document_id NOT IN ({documents}))",
            [document_like, document_like],
        )
        for model, where, params in steps:
            table = model._meta.db_table
            cursor.execute(f"DELETE FROM {table} WHERE {where}", params)
            removed[table] = removed.get(table, 0) + max(cursor.rowcount, 0)
        user_model = get_user_model()
        users = user_model.objects.filter(username=USERNAME)
        # The user goes only if nothing real still names it (PROTECT on reviews).
        if not (
            Review.objects.filter(reviewer__in=users).exists()
            or Relation.objects.filter(
                models.Q(created_by__in=users) | models.Q(decided_by__in=users)
            ).exists()
        ):
            removed[user_model._meta.db_table] = users.delete()[1].get(user_model._meta.label, 0)
    return removed
