"""The tracker's domain: who claimed what, about which event, and whether it holds up.

Documents are narrated as Events; statements in them attributed to a Source are
Claims, with the numbers they assert as Figures. Editors link claims through
Relations and decide a claim's confirmation status through Reviews, an
append-only history whose latest entry is the claim's current status.

Integrity lives in the database (named unique and check constraints), reads
live on the QuerySets below, and writes that touch several rows live in
`claims.services`.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connections, models
from django.db.models import Exists, F, Func, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import Truncator


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class SourceKind(models.TextChoices):
    MONITOR = "monitor", "Monitor"
    BELLIGERENT = "belligerent", "Belligerent"
    MILITANT_MEDIA = "militant_media", "Militant media"
    STATE_MEDIA = "state_media", "State media"
    GOVERNMENT = "government", "Government"
    NGO = "ngo", "NGO"
    PRESS = "press", "Press"
    LOCAL = "local", "Local / activist"
    OTHER = "other", "Other"


class EventKind(models.TextChoices):
    CAPTURE = "capture", "Capture"
    ADVANCE = "advance", "Advance"
    ATTACK = "attack", "Attack"
    COUNTERATTACK = "counterattack", "Counter-attack"
    AIRSTRIKE = "airstrike", "Airstrike"
    SHELLING = "shelling", "Shelling"
    BOMBING = "bombing", "Bombing"
    CLASH = "clash", "Clash"
    SIEGE = "siege", "Siege"
    SURRENDER = "surrender", "Surrender"
    EVACUATION = "evacuation", "Evacuation"
    KILLING = "killing", "Killing"
    ARREST = "arrest", "Arrest / capture of a person"
    ANNOUNCEMENT = "announcement", "Announcement"
    DISPLACEMENT = "displacement", "Displacement"
    OTHER = "other", "Other"


class ClaimKind(models.TextChoices):
    CASUALTIES = "casualties", "Casualties"
    CIVILIAN_HARM = "civilian_harm", "Civilian harm"
    TERRITORY = "territory", "Territory"
    DENIAL = "denial", "Denial"
    PERSON = "person", "Person"
    OTHER = "other", "Other"


class ClaimStatus(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    CORROBORATED = "corroborated", "Corroborated"
    CONFIRMED = "confirmed", "Confirmed"
    DISPUTED = "disputed", "Disputed"
    FALSE = "false", "False"
    RETRACTED = "retracted", "Retracted"


class Quantity(models.TextChoices):
    KILLED = "killed", "Killed"
    WOUNDED = "wounded", "Wounded"
    CASUALTIES = "casualties", "Casualties (killed or wounded)"
    CAPTURED = "captured", "Captured"
    SURRENDERED = "surrendered", "Surrendered"
    FLED = "fled", "Fled"
    EVACUATED = "evacuated", "Evacuated"
    DISPLACED = "displaced", "Displaced"
    MISSING = "missing", "Missing"
    DETAINED = "detained", "Detained"
    RELEASED = "released", "Released"
    AREA = "area", "Area"
    OTHER = "other", "Other"


class RelationKind(models.TextChoices):
    CONTRADICTS = "contradicts", "Contradicts"
    CORROBORATES = "corroborates", "Corroborates"
    DENIES = "denies", "Denies"
    SUPERSEDES = "supersedes", "Supersedes"


# Kinds that read the same both ways: stored once, lower claim id first.
SYMMETRIC_RELATION_KINDS = (RelationKind.CONTRADICTS, RelationKind.CORROBORATES)
# Kinds that make a claim contested.
CONTESTING_RELATION_KINDS = (RelationKind.CONTRADICTS, RelationKind.DENIES)


class RelationOrigin(models.TextChoices):
    EDITOR = "editor", "Editor"
    IMPORTER = "importer", "Importer"


class RelationState(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


def _choices_check(
    field: str, choices: type[models.TextChoices], name: str
) -> models.CheckConstraint:
    """A database check that `field` holds one of `choices`: writes that skip
    model validation (bulk inserts, raw SQL, other programs) cannot store junk."""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


class ReferenceRow(models.Model):
    """A row loaded from the reference lists in `seeds/` (parties, sources, places).

    `reference_snapshot` holds the values the loader last wrote. On a re-load the
    loader updates a field only while it still holds that value, so an editor's
    change to a loaded row survives every later load.
    """

    reference_snapshot = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True


class Document(models.Model):
    """An imported source text: one seed file, its front matter kept whole."""

    slug = models.SlugField(max_length=200)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    author = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    tags = models.JSONField(default=list, blank=True)
    front_matter = models.JSONField(default=dict, blank=True)
    body = models.TextField()
    sha256 = models.CharField("SHA-256 of the file", max_length=64)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="document_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("claims:document-detail", kwargs={"slug": self.slug})


class Party(ReferenceRow):
    """A side in the conflict. A claim by a source of a party involved in the
    event it is about is self-interested."""

    slug = models.SlugField(max_length=100)
    name = models.CharField(max_length=200)
    aliases = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="party_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class SourceQuerySet(models.QuerySet):
    def with_status_counts(self) -> SourceQuerySet:
        """Annotate `claim_count` and `count_<status>` for every confirmation status,
        in the one query that reads the sources."""
        per_status = {
            f"count_{status}": models.Count("claims", filter=Q(claims__status=status))
            for status in ClaimStatus.values
        }
        return self.annotate(claim_count=models.Count("claims"), **per_status)


def with_status_counts(sources) -> list[Source]:
    """`sources` with `claim_count` and `count_<status>` set, as
    SourceQuerySet.with_status_counts annotates them, counted in one
    `GROUP BY source_id, status` over their claims (claim_source_status_idx)
    instead of joining every claim to its source. Two queries."""
    sources = list(sources)
    counts = Claim.objects.filter(
        source__in=[source.pk for source in sources]
    ).counts_by_source_and_status()
    for source in sources:
        by_status = counts.get(source.pk, dict.fromkeys(ClaimStatus.values, 0))
        source.claim_count = sum(by_status.values())
        for status, count in by_status.items():
            setattr(source, f"count_{status}", count)
    return sources


class Source(ReferenceRow):
    """Who makes claims: a monitor, a belligerent's press office, a news agency."""

    slug = models.SlugField(max_length=100)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.OTHER)
    # PROTECT: removing a party must not silently turn its sources neutral.
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="sources"
    )
    aliases = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    # Set on a source the importer met but the reference lists do not know.
    needs_review = models.BooleanField(default=False)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="source_slug_unique"),
            _choices_check("kind", SourceKind, "source_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("claims:source-detail", kwargs={"slug": self.slug})

    def is_party_to(self, event: Event | None) -> bool:
        """Whether this source belongs to a party involved in `event`, which makes
        its claims about that event self-interested.

        Reads `event.parties`: prefetch it (`ClaimQuerySet.with_related`) when
        calling this for many claims, or it costs one query each.
        """
        if event is None or self.party_id is None:
            return False
        return any(party.pk == self.party_id for party in event.parties.all())


class Place(ReferenceRow):
    """A gazetteer entry; `aliases` holds the spelling variants that fold to it."""

    slug = models.SlugField(max_length=100)
    name = models.CharField(max_length=200)
    aliases = models.JSONField(default=list, blank=True)
    governorate = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True)
    latitude = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    longitude = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="place_slug_unique"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="place_coordinates_paired",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EventQuerySet(models.QuerySet):
    def contested(self) -> EventQuerySet:
        """Events with a claim that has a live contradiction or denial."""
        return self.filter(pk__in=_contested_event_ids())

    def uncontested(self) -> EventQuerySet:
        return self.exclude(pk__in=_contested_event_ids())

    def with_claim_stats(self) -> EventQuerySet:
        """Annotate `claim_count` and `contested` (a claim about it has a live
        contradiction or denial) without multiplying the query's rows."""
        return self.annotate(
            claim_count=count_of(Claim, event="pk"),
            contested=_has_contested_claim(),
        )


def count_of(model: type[models.Model], **outer: str) -> Coalesce:
    """A correlated COUNT of `model` rows per row of the outer query, e.g.
    `count_of(Claim, document="pk")` for claims per document: one number each,
    without the outer query joining (and multiplying) the counted rows."""
    rows = (
        model.objects.filter(**{key: OuterRef(value) for key, value in outer.items()})
        .order_by()
        .values(*outer)
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return Coalesce(models.Subquery(rows, output_field=models.IntegerField()), 0)


def _has_contested_claim() -> Exists:
    """Per event: one of its claims has a live contradiction or denial, probed
    claim by claim through the relations' partial indexes. Cheap for a page of
    events (a few claims each); ClaimQuerySet.contested() reads every contesting
    relation instead, which suits filtering among all claims."""
    return Exists(Claim.objects.filter(_has_contesting_relation(), event=OuterRef("pk")))


def _has_contesting_relation() -> Exists:
    return Exists(
        Relation.objects.contesting().filter(
            Q(from_claim=OuterRef("pk")) | Q(to_claim=OuterRef("pk"))
        )
    )


def _contested_event_ids() -> models.QuerySet:
    # Not NULL: `NOT IN` a set holding a NULL is never true, which would leave
    # `uncontested()` empty.
    return Claim.objects.contested().filter(event__isnull=False).values("event_id")


def contesting_claim_ids() -> models.QuerySet:
    """Ids of the claims at either end of a live contradiction or denial, as one
    `SELECT from_claim_id … UNION SELECT to_claim_id …` over the few thousand
    contesting relations (each side read from its partial index).

    Filtering claims by membership in this set reads the relations once per
    query; a correlated EXISTS per claim probed both relation indexes for every
    one of a million claims to find the 2% that are contested."""
    contesting = Relation.objects.contesting().order_by()
    return contesting.values("from_claim_id").union(contesting.values("to_claim_id"))


class InSubquery(models.Expression):
    """`column IN (subquery)`; on PostgreSQL `column = ANY(ARRAY(subquery))`.

    The same rows either way. The ARRAY form hides the subquery's size from the
    planner, which then expects few matches, reads them through `column`'s index
    and sorts them. Given the real size it walks the whole table in id order
    instead, hoping to meet a page of matches early; claims are stored roughly in
    event order, so the claims of one month or one place sit together and that
    walk can read half the table first. Reading the matches costs what counting
    them (which every filtered list does) costs anyway.
    """

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, column: str, subquery: models.QuerySet):
        super().__init__(output_field=models.BooleanField())
        self.column = F(column)
        self.subquery = models.Subquery(subquery)

    def get_source_expressions(self):
        return [self.column, self.subquery]

    def set_source_expressions(self, expressions):
        self.column, self.subquery = expressions

    def as_sql(self, compiler, connection, template="%(column)s IN %(subquery)s"):
        column_sql, column_params = compiler.compile(self.column)
        subquery_sql, subquery_params = compiler.compile(self.subquery)
        sql = template % {"column": column_sql, "subquery": subquery_sql}
        return sql, (*column_params, *subquery_params)

    def as_postgresql(self, compiler, connection):
        return self.as_sql(compiler, connection, template="%(column)s = ANY(ARRAY%(subquery)s)")


class Event(models.Model):
    """A dated happening a document narrates (or an editor records)."""

    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    # Set for a range ("Between 9 and 10 October"): the last day it covers.
    date_end = models.DateField(null=True, blank=True)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.OTHER)
    places = models.ManyToManyField(Place, blank=True, related_name="events")
    parties = models.ManyToManyField(
        Party, blank=True, related_name="events", help_text="Parties involved in the event."
    )
    # PROTECT: a document is removed deliberately, after what was made of it.
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        db_index=False,  # event_document_position_idx leads with it
    )
    # Character offset of the narrating sentence in the document body.
    position = models.PositiveIntegerField(null=True, blank=True)
    # Set on events the importer made: which sentence (by its words), and the
    # values it last wrote, so a re-import keeps what editors changed since.
    import_key = models.CharField(max_length=40, blank=True, editable=False)
    import_snapshot = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["date", "position", "pk"]
        indexes = [
            # Timeline and claim filters date_after / date_before, ordering by event date.
            models.Index(fields=["date"], name="event_date_idx"),
            # Event list filtered by kind.
            models.Index(fields=["kind", "date"], name="event_kind_date_idx"),
            # A document's events in reading order.
            models.Index(fields=["document", "position"], name="event_document_position_idx"),
        ]
        constraints = [
            _choices_check("date_precision", DatePrecision, "event_date_precision_valid"),
            _choices_check("kind", EventKind, "event_kind_valid"),
            models.CheckConstraint(
                condition=Q(date_end__isnull=True) | Q(date__isnull=False, date_end__gte=F("date")),
                name="event_date_range_ordered",
            ),
            models.UniqueConstraint(
                fields=["document", "import_key"],
                condition=~Q(import_key=""),
                name="event_import_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date_label} — {self.title}" if self.date else self.title

    def get_absolute_url(self) -> str:
        return reverse("claims:event-detail", kwargs={"pk": self.pk})

    def figures_by_quantity(self) -> list[tuple[str, list[tuple[Claim, Figure]]]]:
        """Every source's figures about this event, side by side per quantity, in
        the order of `Quantity`: [("killed", [(claim, figure), …]), …].

        Reads `self.claims` and their figures: prefetch both when calling this."""
        by_quantity: dict[str, list[tuple[Claim, Figure]]] = {}
        for claim in self.claims.all():
            for figure in claim.figures.all():
                by_quantity.setdefault(figure.quantity, []).append((claim, figure))
        order = {quantity: index for index, quantity in enumerate(Quantity.values)}
        return sorted(by_quantity.items(), key=lambda item: order.get(item[0], len(order)))

    @property
    def date_label(self) -> str:
        """The date as precisely as it is known: "2018-12", "2018-12-03 – 2018-12-04"."""
        if self.date is None:
            return "undated"
        if self.date_precision == DatePrecision.YEAR:
            label = f"{self.date:%Y}"
        elif self.date_precision == DatePrecision.MONTH:
            label = f"{self.date:%Y-%m}"
        else:
            label = self.date.isoformat()
        if self.date_end and self.date_end != self.date:
            label += f" – {self.date_end.isoformat()}"
        return label


class ClaimQuerySet(models.QuerySet):
    # Set by search() and kept by every queryset made from it: see matches_first().
    _full_text = False

    def _clone(self):
        clone = super()._clone()
        clone._full_text = self._full_text
        return clone

    def matches_first(self) -> ClaimQuerySet:
        """These claims, shaped to be read in their order a page (or a stream) at
        a time.

        After a full-text search the matches are found in the GIN index first and
        only then ordered (InSubquery): on the filter alone, a query with a LIMIT
        (or a cursor) is planned as a walk along the primary key testing every
        claim until enough matches turn up (a million claims for a rare word).
        Counting is left to the filter alone, which the index serves without
        visiting each match twice.
        """
        if not self._full_text:
            return self
        ordered = Claim.objects.filter(InSubquery("pk", self.order_by().values("pk")))
        if self.query.order_by or not self.query.default_ordering:
            ordered = ordered.order_by(*self.query.order_by)
        return ordered

    def full_text_matches(self) -> models.QuerySet | None:
        """After a full-text search, the ids of these claims, unordered (one scan
        of the index to count them and pick a page from); else None."""
        return self.order_by().values_list("id", flat=True) if self._full_text else None

    def page_ids(self) -> models.QuerySet:
        """These claims' ids in their order, to be sliced into a page."""
        return self.matches_first().values("pk")

    def with_related(self) -> ClaimQuerySet:
        """Everything a list row shows, in a constant number of queries: source and
        party, event, document (joined); figures and the event's parties (one
        prefetch query each, whatever the number of rows)."""
        return self.select_related("source__party", "event", "document").prefetch_related(
            "figures", "event__parties"
        )

    def with_contradiction_count(self) -> ClaimQuerySet:
        """Annotate `contradiction_count`: live (suggested or accepted) contradicting
        or denying relations in either direction."""
        contradictions = (
            Relation.objects.contesting()
            .filter(Q(from_claim=OuterRef("pk")) | Q(to_claim=OuterRef("pk")))
            .order_by()
            .annotate(count=Func(F("pk"), function="COUNT"))
            .values("count")
        )
        return self.annotate(contradiction_count=models.Subquery(contradictions))

    def for_list(self) -> ClaimQuerySet:
        """What a list row shows, in a constant number of queries: source and party,
        event and document joined, without the columns no list shows (a document's
        body is tens of kilobytes, and a join repeats it on every one of its claims);
        the event's parties prefetched, and the contradiction count."""
        return (
            self.select_related("source__party", "event", "document")
            .defer(
                "import_snapshot",
                "event__summary",
                "event__import_snapshot",
                "document__body",
                "document__front_matter",
                "document__description",
                "document__tags",
            )
            .prefetch_related("event__parties")
            .with_contradiction_count()
        )

    def contested(self) -> ClaimQuerySet:
        """Claims with a suggested or accepted contradiction or denial, either way."""
        return self.filter(InSubquery("pk", contesting_claim_ids()))

    def uncontested(self) -> ClaimQuerySet:
        # NOT IN, hashed once: the ARRAY form would be searched from end to end
        # for each of a million claims.
        return self.exclude(pk__in=contesting_claim_ids())

    def about_events(self, events: models.QuerySet) -> ClaimQuerySet:
        """Claims about one of `events` (a queryset of Event or of its ids), read
        through the claims' event index whatever the events' number (InSubquery)."""
        if events.model is Event and not events.query.values_select:
            events = events.values("pk")
        return self.filter(InSubquery("event_id", events.order_by()))

    def counts_by_source_and_status(self) -> dict[int, dict[str, int]]:
        """{source id: {status: claims}}, every status present (0 where none), for
        the sources these claims come from: one `GROUP BY source_id, status`, which
        claim_source_status_idx serves without reading the table."""
        counts: dict[int, dict[str, int]] = {}
        rows = self.order_by().values_list("source_id", "status").annotate(n=models.Count("*"))
        for source_id, status, n in rows:
            counts.setdefault(source_id, dict.fromkeys(ClaimStatus.values, 0))[status] = n
        return counts

    def by_party(self, slug: str) -> ClaimQuerySet:
        """Claims made by sources of the party `slug`."""
        return self.filter(source__party__slug=slug)

    def self_interested(self) -> ClaimQuerySet:
        """Claims whose source belongs to a party involved in the event they are about."""
        return self.filter(source_party_involved())

    def exclude_self_interested(self) -> ClaimQuerySet:
        return self.filter(~source_party_involved())

    def search(self, text: str) -> ClaimQuerySet:
        """Claims whose text or sentence matches `text`.

        PostgreSQL: full-text search in English (stemmed, web-search syntax) on
        the stored `search_vector`, served by its GIN index `claim_search_idx`
        (read them through matches_first(): ordered and sliced on the filter
        alone, the planner would walk the primary key testing every claim).
        SQLite has no full-text search here: every word must appear.
        """
        text = text.strip()
        if not text:
            return self
        if connections[self.db].vendor == "postgresql":
            query = SearchQuery(text, search_type="websearch", config="english")
            searched = self.filter(search_vector=query)
            searched._full_text = True
            return searched
        matches = self
        for word in _WORD.findall(text):
            matches = matches.filter(Q(text__icontains=word) | Q(excerpt__icontains=word))
        return matches


_WORD = re.compile(r"[^\s\"]+")


class ClaimManager(models.Manager.from_queryset(ClaimQuerySet)):
    def get_queryset(self) -> ClaimQuerySet:
        # The search vector is for the database's index, never for display:
        # don't carry it to Python with every claim read.
        return super().get_queryset().defer("search_vector")


def source_party_involved() -> Exists:
    return Exists(
        Event.parties.through.objects.filter(
            event_id=OuterRef("event_id"), party_id=OuterRef("source__party_id")
        )
    )


class Claim(models.Model):
    """One attributed statement: `source` said `text` about `event`."""

    # PROTECT: deleting a source must never take its claims (and their reviews) with it.
    # Indexed by claim_source_status_idx (source first), so no index of its own.
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="claims", db_index=False
    )
    # SET_NULL: a claim outlives a wrongly made event; editors re-link it.
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claims",
        db_index=False,  # claim_event_source_idx leads with it
    )
    # PROTECT: a document is removed deliberately, after what was made of it.
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        db_index=False,  # claim_document_position_idx leads with it
    )
    text = models.TextField(help_text="The claimed content.")
    excerpt = models.TextField(blank=True, help_text="The whole sentence as written.")
    section = models.CharField(
        max_length=500, blank=True, help_text="Heading path in the document."
    )
    char_start = models.PositiveIntegerField(null=True, blank=True)
    char_end = models.PositiveIntegerField(null=True, blank=True)
    verb = models.CharField(
        "attribution verb", max_length=50, blank=True, help_text="stated, denied, reported, …"
    )
    stated_on = models.DateField(null=True, blank=True, help_text="When the source said it.")
    stated_on_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    kind = models.CharField(max_length=20, choices=ClaimKind.choices, default=ClaimKind.OTHER)
    # Set on claims the importer made; see Event.import_key.
    import_key = models.CharField(max_length=40, blank=True, editable=False)
    import_snapshot = models.JSONField(default=dict, blank=True, editable=False)
    # The latest review's status. Written only by services.review_claim.
    status = models.CharField(
        max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.UNVERIFIED, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # PostgreSQL keeps this up to date itself (a trigger on text and excerpt,
    # migration 0004) and indexes it for `ClaimQuerySet.search`; NULL on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ClaimManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # Claims by source, narrowed by status (`?source=sohr&status=disputed`),
            # already in the lists' id order (no sort); the sources' counts per status.
            models.Index(fields=["source", "status", "id"], name="claim_source_status_idx"),
            # Claims by status alone (`?status=disputed`, home page counts).
            models.Index(fields=["status"], name="claim_status_idx"),
            # Claims by kind (`?kind=casualties`).
            models.Index(fields=["kind"], name="claim_kind_idx"),
            # A document's claims in reading order (document page, `?document=`).
            models.Index(fields=["document", "char_start"], name="claim_document_position_idx"),
            # Claims by event (`?event=`, event page). Dates and places select
            # events and then their claims here (`about_events`); with the id the
            # ids of a page of those come from the index alone, unread table rows.
            models.Index(fields=["event", "source", "id"], name="claim_event_source_idx"),
            # The events of given claims (the contested ones: the home page's
            # ranking, events `?contested=`) without reading each claim's row.
            models.Index(fields=["id", "event"], name="claim_id_event_idx"),
        ]
        constraints = [
            _choices_check("status", ClaimStatus, "claim_status_valid"),
            _choices_check("kind", ClaimKind, "claim_kind_valid"),
            _choices_check("stated_on_precision", DatePrecision, "claim_stated_on_precision_valid"),
            models.UniqueConstraint(
                fields=["document", "import_key"],
                condition=~Q(import_key=""),
                name="claim_import_key_unique",
            ),
            models.CheckConstraint(
                condition=Q(char_start__isnull=True, char_end__isnull=True)
                # NULL compares as unknown, which a check lets pass: test both ends.
                | Q(char_start__isnull=False, char_end__isnull=False, char_end__gt=F("char_start")),
                name="claim_char_span_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.name}: {Truncator(self.text).chars(80)}"

    def get_absolute_url(self) -> str:
        return reverse("claims:claim-detail", kwargs={"pk": self.pk})

    @property
    def is_self_interested(self) -> bool:
        """See Source.is_party_to: needs `event__parties` prefetched for lists."""
        return self.source.is_party_to(self.event)


class Figure(models.Model):
    """A number a claim asserts: "50-70 SDF fighters killed" is killed, SDF
    fighters, 50, 70. "At least 47" has no high; "up to 80" has no low; "dozens"
    has neither and keeps the words in `as_written`."""

    # CASCADE: a figure is part of its claim's content.
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="figures")
    quantity = models.CharField(max_length=20, choices=Quantity.choices)
    subject = models.CharField(max_length=200, blank=True, help_text='Who is counted: "civilians".')
    low = models.PositiveIntegerField(null=True, blank=True)
    high = models.PositiveIntegerField(null=True, blank=True)
    as_written = models.CharField(max_length=200, blank=True, help_text='"at least 47", "dozens".')

    class Meta:
        # claim_id, not claim: ordering by the relation would join claims for nothing.
        ordering = ["claim_id", "quantity", "pk"]
        constraints = [
            _choices_check("quantity", Quantity, "figure_quantity_valid"),
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(low__lte=F("high")),
                name="figure_low_not_above_high",
            ),
            # PositiveIntegerField checks this on PostgreSQL only; say it everywhere.
            models.CheckConstraint(
                condition=(Q(low__isnull=True) | Q(low__gte=0))
                & (Q(high__isnull=True) | Q(high__gte=0)),
                name="figure_not_negative",
            ),
        ]

    def __str__(self) -> str:
        if self.low is not None and self.high is not None and self.low != self.high:
            number = f"{self.low}–{self.high}"
        elif self.low is not None or self.high is not None:
            number = str(self.low if self.low is not None else self.high)
        else:
            number = self.as_written or "?"
        return f"{number} {self.subject} {self.get_quantity_display().lower()}".replace("  ", " ")


# Live (not rejected) contradictions and denials, as RelationQuerySet.contesting()
# writes them, so that the planner matches the partial indexes below to its queries.
CONTESTING_LIVE = ~Q(state=RelationState.REJECTED) & Q(kind__in=CONTESTING_RELATION_KINDS)


class Literal(models.Value):
    """A constant of the code written into PostgreSQL's SQL as a literal rather
    than passed as a parameter (as it is with server-side binding).

    The planner matches a partial index's condition only against literals: a
    prepared statement's generic plan, made for any parameter value, could not
    use the contesting indexes below, and PostgreSQL would keep it when its
    estimate looked no worse (the contested list ran a fifth slower so)."""

    def as_sql(self, compiler, connection):
        sql, params = super().as_sql(compiler, connection)
        if connection.vendor != "postgresql" or not params:
            return sql, params
        return connection.ops.compose_sql(sql, params).replace("%", "%%"), ()


class RelationQuerySet(models.QuerySet):
    def live(self) -> RelationQuerySet:
        """Suggested or accepted: everything an editor has not rejected."""
        return self.exclude(state=Literal(RelationState.REJECTED.value))

    def contesting(self) -> RelationQuerySet:
        return self.live().filter(
            kind__in=[Literal(kind.value) for kind in CONTESTING_RELATION_KINDS]
        )

    def suggested(self) -> RelationQuerySet:
        return self.filter(state=RelationState.SUGGESTED)

    def involving(self, claim: Claim) -> RelationQuerySet:
        return self.filter(Q(from_claim=claim) | Q(to_claim=claim))


class Relation(models.Model):
    """An editor's link between two claims, or the importer's suggestion of one.

    Symmetric kinds (contradicts, corroborates) are stored once, lower claim id
    first; `services.relate_claims` orders the pair and the database refuses the
    other order, so the same pair cannot be stored twice.
    """

    # CASCADE: a relation means nothing without both of its claims.
    from_claim = models.ForeignKey(
        Claim,
        on_delete=models.CASCADE,
        related_name="relations_out",
        db_index=False,  # relation_pair_kind_unique leads with it
    )
    to_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(max_length=20, choices=RelationKind.choices)
    note = models.TextField(blank=True)
    origin = models.CharField(
        max_length=10, choices=RelationOrigin.choices, default=RelationOrigin.EDITOR
    )
    state = models.CharField(
        max_length=10, choices=RelationState.choices, default=RelationState.ACCEPTED
    )
    # PROTECT: who made or decided a link is history; deactivate users instead.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = RelationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # A claim's relations arriving at it (the other direction is the unique
            # constraint's leading column).
            models.Index(fields=["to_claim", "kind"], name="relation_to_claim_kind_idx"),
            # The editors' queue of suggestions.
            models.Index(fields=["state", "kind"], name="relation_state_kind_idx"),
            # Contested claims (`contesting_claim_ids`) and their contradiction counts:
            # each end of the live contradictions and denials, a few percent of all.
            models.Index(
                fields=["from_claim"],
                condition=CONTESTING_LIVE,
                name="relation_contesting_from_idx",
            ),
            models.Index(
                fields=["to_claim"], condition=CONTESTING_LIVE, name="relation_contesting_to_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["from_claim", "to_claim", "kind"], name="relation_pair_kind_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_claim=F("to_claim")), name="relation_not_to_itself"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=SYMMETRIC_RELATION_KINDS) | Q(from_claim__lt=F("to_claim")),
                name="relation_symmetric_pair_ordered",
            ),
            _choices_check("kind", RelationKind, "relation_kind_valid"),
            _choices_check("origin", RelationOrigin, "relation_origin_valid"),
            _choices_check("state", RelationState, "relation_state_valid"),
        ]

    def __str__(self) -> str:
        return f"claim {self.from_claim_id} {self.kind} claim {self.to_claim_id} ({self.state})"

    @staticmethod
    def ordered_pair(from_claim: Claim, to_claim: Claim, kind: str) -> tuple[Claim, Claim]:
        """The pair in the order it is stored: lower id first for symmetric kinds."""
        if kind in SYMMETRIC_RELATION_KINDS and from_claim.pk > to_claim.pk:
            return to_claim, from_claim
        return from_claim, to_claim


class Review(models.Model):
    """One confirmation decision on a claim. Append-only: a new decision is a new
    row (`services.review_claim`), never an edit of an old one."""

    # CASCADE: the history belongs to its claim and goes only if the claim goes.
    claim = models.ForeignKey(
        Claim,
        on_delete=models.CASCADE,
        related_name="reviews",
        db_index=False,  # review_claim_created_idx leads with it
    )
    status = models.CharField(max_length=20, choices=ClaimStatus.choices)
    rationale = models.TextField()
    evidence = models.JSONField(default=list, blank=True, help_text="Evidence URLs.")
    # PROTECT: who decided is part of the record; deactivate users instead.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claim_reviews"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # A claim's history, newest first; also the home page's latest reviews.
            models.Index(fields=["claim", "-created_at"], name="review_claim_created_idx"),
            models.Index(fields=["-created_at"], name="review_created_idx"),
        ]
        constraints = [
            _choices_check("status", ClaimStatus, "review_status_valid"),
            models.CheckConstraint(condition=~Q(rationale=""), name="review_rationale_required"),
        ]

    def __str__(self) -> str:
        reviewer = self.reviewer if self.reviewer_id else "?"
        when = f" on {self.created_at:%Y-%m-%d}" if self.created_at else ""
        return f"{self.get_status_display()} by {reviewer}{when}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValueError("Reviews are append-only: record a new review instead.")
        super().save(*args, **kwargs)
