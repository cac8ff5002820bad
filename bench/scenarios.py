"""What the benchmark requests, with parameters picked from the data: a source and
status with claims, a month of events, the place with most events, a word in
about 1% of claims, a claim with relations and figures, and its event."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Max, Min

from claims.models import Claim, ClaimStatus, Event, Figure, Place, Source

# Share of claims the search word should appear in.
SEARCH_SHARE = 0.01
# Claims read to estimate how often each word appears.
WORD_SAMPLE = 3000
_WORDS = re.compile(r"[a-z]{4,}")
# Words too common in claims to say anything about a search.
_STOP = {
    "that",
    "with",
    "from",
    "were",
    "have",
    "been",
    "this",
    "they",
    "their",
    "said",
    "stated",
    "which",
    "after",
    "into",
    "also",
    "than",
    "there",
    "according",
    "reported",
}


# The rows of the table, in order (Scenario.requests makes one of each).
ROW_NAMES = (
    "api claims",
    "api claims source+status",
    "api claims date range",
    "api claims contested",
    "api claims place",
    "api claims q",
    "api claim",
    "api claim 304",
    "api event",
    "api sources",
    "page /claims/",
    "page /events/",
    "page home",
    "page claim",
    "page event",
)


@dataclass(frozen=True)
class Request:
    """One thing to measure: `name` in the table, `path` with its query string,
    `kind` "api" or "page"; `conditional`: sent with the ETag of a first answer
    as If-None-Match, answered 304 (what a request costs the framework with
    next to no work: one primary-key statement, no body)."""

    name: str
    path: str
    kind: str
    conditional: bool = False


@dataclass(frozen=True)
class Scenario:
    source: str
    status: str
    date_after: dt.date
    date_before: dt.date
    place: str
    word: str
    claim_id: int
    event_id: int

    def requests(self) -> list[Request]:
        def api(name: str, path: str, **query) -> Request:
            return Request(name, f"{path}?{urlencode(query)}" if query else path, "api")

        return [
            api("api claims", "/api/claims/"),
            api("api claims source+status", "/api/claims/", source=self.source, status=self.status),
            api(
                "api claims date range",
                "/api/claims/",
                date_after=self.date_after.isoformat(),
                date_before=self.date_before.isoformat(),
            ),
            api("api claims contested", "/api/claims/", contested="true"),
            api("api claims place", "/api/claims/", place=self.place),
            api("api claims q", "/api/claims/", q=self.word),
            api("api claim", f"/api/claims/{self.claim_id}/"),
            Request("api claim 304", f"/api/claims/{self.claim_id}/", "api", conditional=True),
            api("api event", f"/api/events/{self.event_id}/"),
            api("api sources", "/api/sources/"),
            Request("page /claims/", "/claims/", "page"),
            Request("page /events/", "/events/", "page"),
            Request("page home", "/", "page"),
            Request("page claim", f"/claims/{self.claim_id}/", "page"),
            Request("page event", f"/events/{self.event_id}/", "page"),
        ]

    def describe(self) -> list[tuple[str, str]]:
        return [
            ("source + status", f"source={self.source}&status={self.status}"),
            ("date range", f"{self.date_after} to {self.date_before} (event date)"),
            ("place", self.place),
            ("search word", self.word),
            ("claim", str(self.claim_id)),
            ("event", str(self.event_id)),
        ]


def pick_scenario() -> Scenario:
    """Parameters that exist in the configured database. Raises LookupError when
    there are no claims to benchmark."""
    if not Claim.objects.exists():
        raise LookupError("There are no claims: generate a corpus or import the seeds first.")
    source, status = _source_and_status()
    date_after, date_before = _date_range()
    claim_id = _rich_claim()
    event_id = (
        Claim.objects.filter(pk=claim_id).values_list("event_id", flat=True).first()
        or Event.objects.order_by("pk").values_list("pk", flat=True).first()
    )
    if event_id is None:
        raise LookupError("There are no events to benchmark.")
    return Scenario(
        source=source,
        status=status,
        date_after=date_after,
        date_before=date_before,
        place=_busiest_place(),
        word=_search_word(),
        claim_id=claim_id,
        event_id=event_id,
    )


def _source_and_status() -> tuple[str, str]:
    """SOHR's disputed claims, as in the issue, when there are any; else the
    disputed claims of the source with most of them; else the largest
    (source, status) pair."""
    disputed = (
        Claim.objects.filter(status=ClaimStatus.DISPUTED)
        .values("source__slug")
        .annotate(n=Count("pk"))
        .order_by("-n", "source__slug")
    )
    sohr = next((row for row in disputed if row["source__slug"] == "sohr"), None)
    if sohr is not None:
        return "sohr", ClaimStatus.DISPUTED
    if disputed:
        return disputed[0]["source__slug"], ClaimStatus.DISPUTED
    row = (
        Claim.objects.values("source_id", "status")
        .annotate(n=Count("pk"))
        .order_by("-n", "source_id", "status")
        .first()
    )
    return Source.objects.get(pk=row["source_id"]).slug, row["status"]


def _date_range() -> tuple[dt.date, dt.date]:
    """Thirty days from the median event date."""
    dated = Event.objects.filter(date__isnull=False)
    total = dated.count()
    if not total:
        return dt.date(2018, 1, 1), dt.date(2018, 1, 30)
    median = dated.order_by("date", "pk").values_list("date", flat=True)[total // 2]
    return median, median + dt.timedelta(days=29)


def _busiest_place() -> str:
    place = (
        Place.objects.annotate(n=Count("events"))
        .filter(n__gt=0)
        .order_by("-n", "slug")
        .values_list("slug", flat=True)
        .first()
    )
    return place or Place.objects.order_by("slug").values_list("slug", flat=True).first() or ""


def _rich_claim() -> int:
    """A claim with an event, figures, and relations, as a claim page at its fullest,
    from the middle of the ids (the corpus rather than the first imported article);
    the middle claim when none has all of these."""
    bounds = Claim.objects.aggregate(first=Min("pk"), last=Max("pk"))
    middle = (bounds["first"] + bounds["last"]) // 2
    rich = Claim.objects.contested().filter(
        event__isnull=False, pk__in=Figure.objects.values("claim_id")
    )
    found = (
        rich.filter(pk__gte=middle).order_by("pk").values_list("pk", flat=True).first()
        or rich.order_by("pk").values_list("pk", flat=True).first()
    )
    if found is not None:
        return found
    return Claim.objects.filter(pk__gte=middle).order_by("pk").values_list("pk", flat=True)[0]


def _search_word() -> str:
    """A word in about SEARCH_SHARE of the claims (text or sentence), estimated on
    a sample spread over the ids; a place name when one is close enough."""
    bounds = Claim.objects.aggregate(first=Min("pk"), last=Max("pk"))
    span = bounds["last"] - bounds["first"] + 1
    step = max(1, span // WORD_SAMPLE)
    ids = range(bounds["first"], bounds["last"] + 1, step)
    texts = Claim.objects.filter(pk__in=list(ids)[:WORD_SAMPLE]).values_list("text", "excerpt")
    frequency: Counter[str] = Counter()
    sampled = 0
    for text, excerpt in texts:
        sampled += 1
        frequency.update(set(_WORDS.findall(f"{text} {excerpt}".lower())) - _STOP)
    if not frequency:
        return "civilians"
    place_words = {
        word
        for name in Place.objects.values_list("name", flat=True)
        for word in _WORDS.findall(name.lower())
    }

    def distance(word: str) -> float:
        return abs(frequency[word] / sampled - SEARCH_SHARE)

    places = [word for word in frequency if word in place_words]
    best_place = min(places, key=lambda word: (distance(word), word), default=None)
    if best_place is not None and distance(best_place) <= SEARCH_SHARE / 2:
        return best_place
    return min(frequency, key=lambda word: (distance(word), word))
