"""The API's resource shapes. Field names are a contract other programs rely
on: add fields, never rename or remove them.

Every serializer here reads only what its view's queryset has already joined or
prefetched, so a page costs the same few queries whatever its size.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.postgres.aggregates import JSONBAgg
from django.db import connections, transaction
from django.db.models import (
    BigIntegerField,
    CharField,
    Expression,
    Func,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat, JSONArray
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from ..claim_detail import ClaimDetail
from ..models import (
    Claim,
    ClaimKind,
    ClaimStatus,
    DatePrecision,
    Document,
    Event,
    Figure,
    Literal,
    Party,
    Place,
    Quantity,
    Relation,
    RelationKind,
    Review,
    Source,
    source_party_involved,
)
from .concurrency import claim_version

User = get_user_model()


class PartyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Party
        fields = ["slug", "name"]


class SourceRefSerializer(serializers.ModelSerializer):
    party = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Source
        fields = ["slug", "name", "kind", "party"]


class EventRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["id", "date", "date_precision", "date_end", "title"]


class PlaceRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Place
        fields = ["slug", "name"]


class FigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Figure
        fields = ["quantity", "subject", "low", "high", "as_written"]

    def validate(self, attrs):
        low, high = attrs.get("low"), attrs.get("high")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"high": "Must not be below low."})
        return attrs


class ClaimSerializer(serializers.ModelSerializer):
    """A claim as lists show it."""

    url = serializers.HyperlinkedIdentityField(view_name="api:claim-detail")
    page_url = serializers.SerializerMethodField(help_text="The claim's public page.")
    document = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    source = SourceRefSerializer(read_only=True)
    event = EventRefSerializer(read_only=True, allow_null=True)
    figures = FigureSerializer(many=True, read_only=True)
    self_interested = serializers.BooleanField(
        source="is_self_interested",
        read_only=True,
        help_text="The source belongs to a party involved in the event.",
    )
    contradiction_count = serializers.IntegerField(
        read_only=True,
        help_text="Live (suggested or accepted) contradictions and denials, either way.",
    )
    version = serializers.SerializerMethodField(
        help_text="The claim's version, also sent as its ETag: send it back as If-Match "
        "when changing the claim."
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "url",
            "page_url",
            "text",
            "excerpt",
            "kind",
            "status",
            "verb",
            "stated_on",
            "stated_on_precision",
            "document",
            "section",
            "char_start",
            "char_end",
            "source",
            "event",
            "figures",
            "self_interested",
            "contradiction_count",
            "created_at",
            "updated_at",
            "version",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, claim: Claim) -> str:
        request = self.context.get("request")
        path = claim.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def get_version(self, claim: Claim) -> str:
        return claim_version(claim)


class ClaimListRows:
    """ClaimSerializer's output for a page of claims, built from plain column values.

    The same keys in the same order with the same values (tests compare the two),
    without a model instance per row and per related row or a serializer field
    call per value: at 50 rows a page, those were most of a list's time. Columns
    come from `queryset()`, one query, with the figures: on PostgreSQL in it (a
    JSON array per row), elsewhere in one more.
    """

    FIGURE_COLUMNS = ("quantity", "subject", "low", "high", "as_written")

    COLUMNS = (
        "id",
        "text",
        "excerpt",
        "kind",
        "status",
        "verb",
        "stated_on",
        "stated_on_precision",
        "document__slug",
        "section",
        "char_start",
        "char_end",
        "source__slug",
        "source__name",
        "source__kind",
        "source__party__slug",
        "event_id",
        "event__date",
        "event__date_precision",
        "event__date_end",
        "event__title",
        "self_interested",
        "contradiction_count",
        "created_at",
        "updated_at",
    )

    def __init__(self, request, format: str | None = None):
        # Every row's links differ only in the id: build them once around a marker.
        marker = 987654321987654321
        url = request.build_absolute_uri(
            reverse("api:claim-detail", kwargs={"pk": marker}, format=format)
        )
        page_url = request.build_absolute_uri(Claim(pk=marker).get_absolute_url())
        self.url = url.split(str(marker))
        self.page_url = page_url.split(str(marker))
        self.timezone = timezone.get_current_timezone()

    @classmethod
    def queryset(cls, claims: QuerySet, written_in_utc: bool = False) -> QuerySet:
        """`claims` (filtered and ordered) as tuples of COLUMNS, and on PostgreSQL
        the claim's figures (FIGURE_COLUMNS each, in Figure's order) last.

        `written_in_utc` (PostgreSQL): created_at and updated_at as the API
        writes them in UTC, and the claim's version after them, made by the
        database: reading a hundred timestamps into datetimes and writing them
        out again was a tenth of an unfiltered list's time."""
        rows = claims.with_contradiction_count().annotate(self_interested=source_party_involved())
        if connections[claims.db].vendor != "postgresql":
            return rows.values_list(*cls.COLUMNS)
        figures = (
            Figure.objects.filter(claim_id=OuterRef("pk"))
            .order_by()
            .values("claim_id")
            .annotate(figures=JSONBAgg(JSONArray(*cls.FIGURE_COLUMNS), order_by=("quantity", "id")))
            .values("figures")
        )
        rows = rows.annotate(figure_rows=Subquery(figures))
        if not written_in_utc:
            return rows.values_list(*cls.COLUMNS, "figure_rows")
        rows = rows.annotate(
            created_text=UTCTimestamp("created_at"),
            updated_text=UTCTimestamp("updated_at"),
            version_text=Concat(
                Cast("pk", CharField()),
                Literal("."),
                Cast(EpochMicroseconds("updated_at"), CharField()),
                output_field=CharField(),
            ),
        )
        timestamps = cls.COLUMNS.index("created_at")
        assert cls.COLUMNS[timestamps:] == ("created_at", "updated_at")
        return rows.values_list(
            *cls.COLUMNS[:timestamps], "created_text", "updated_text", "version_text", "figure_rows"
        )

    @classmethod
    def read(
        cls, ids: QuerySet, order: tuple, total: Expression, matching: QuerySet | None = None
    ) -> list[tuple]:
        """The rows of the claims `ids` (a page of ids of `matching`, as a sliced
        queryset) in `order`, each with `total` (a scalar expression: the list's
        count) last."""
        if connections[ids.db].vendor == "postgresql":
            statement = cls.page_statement(ids, order, total, matching)
            return statement.read(ids.query.low_mark, ids.query.high_mark)
        claims = Claim.objects.filter(pk__in=ids).order_by(*order)
        return list(cls.queryset(claims).annotate(matching_total=total))

    @classmethod
    def page_statement(
        cls, ids: QuerySet, order: tuple, total: Expression, matching: QuerySet | None = None
    ) -> PageStatement:
        """On PostgreSQL, the statements that read a page of `ids` (sliced or not:
        the page is given to PageStatement.read) in `order`, with `total`."""
        using = ids.db
        connection = connections[using]
        query = ids.query.chain()
        query.clear_limits()
        compiler = query.get_compiler(using=using)
        matches = matching.full_text_matches() if matching is not None else None
        if matches is not None and order == ("id",):
            matches_sql, params = matches.query.get_compiler(using=using).as_sql()
            head = (
                f"WITH matches AS MATERIALIZED ({matches_sql}) "
                "SELECT ARRAY(SELECT id FROM matches ORDER BY id"
            )
            tail = "), (SELECT count(*) FROM matches)"
        else:
            ids_sql, ids_params = compiler.as_sql()
            total = total.resolve_expression(query)
            total_sql, total_params = total.as_sql(compiler, connection)
            head, tail = f"SELECT ARRAY({ids_sql}", f"), ({total_sql})"
            params = (*ids_params, *total_params)
        return PageStatement(using, order, head, tail, tuple(params))

    def _datetime(self, value: dt.datetime) -> str:
        text = value.astimezone(self.timezone).isoformat()  # as DRF's DateTimeField
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    def rows(self, page: list[tuple]) -> list[dict]:
        if page and len(page[0]) > len(self.COLUMNS):  # the figures came with the rows
            figures = {row[0]: _figures_of(row[-1]) for row in page}
        else:
            figures = _figures_by_claim([row[0] for row in page])
        url_head, url_tail = self.url
        page_head, page_tail = self.page_url
        results = []
        for (
            claim_id,
            text,
            excerpt,
            kind,
            status,
            verb,
            stated_on,
            stated_on_precision,
            document,
            section,
            char_start,
            char_end,
            source_slug,
            source_name,
            source_kind,
            party,
            event_id,
            event_date,
            date_precision,
            date_end,
            event_title,
            self_interested,
            contradiction_count,
            created_at,
            updated_at,
            *rest,  # the version (written_in_utc) and the figures, when they came
        ) in page:
            if type(updated_at) is str:  # written by the database (written_in_utc)
                version = rest[0]
            else:
                version = claim_version(_Versioned(claim_id, updated_at))
                created_at, updated_at = self._datetime(created_at), self._datetime(updated_at)
            results.append(
                {
                    "id": claim_id,
                    "url": f"{url_head}{claim_id}{url_tail}",
                    "page_url": f"{page_head}{claim_id}{page_tail}",
                    "text": text,
                    "excerpt": excerpt,
                    "kind": kind,
                    "status": status,
                    "verb": verb,
                    "stated_on": stated_on.isoformat() if stated_on else None,
                    "stated_on_precision": stated_on_precision,
                    "document": document,
                    "section": section,
                    "char_start": char_start,
                    "char_end": char_end,
                    "source": {
                        "slug": source_slug,
                        "name": source_name,
                        "kind": source_kind,
                        "party": party,
                    },
                    "event": None
                    if event_id is None
                    else {
                        "id": event_id,
                        "date": event_date.isoformat() if event_date else None,
                        "date_precision": date_precision,
                        "date_end": date_end.isoformat() if date_end else None,
                        "title": event_title,
                    },
                    "figures": figures[claim_id],
                    "self_interested": bool(self_interested),
                    "contradiction_count": contradiction_count,
                    "created_at": created_at,
                    "updated_at": updated_at,
                    "version": version,
                }
            )
        return results


class UTCTimestamp(Func):
    """A timestamp as DRF writes a datetime in UTC (`isoformat()`, 'Z' for
    +00:00): microseconds only when there are any."""

    template = (
        "CASE WHEN to_char(%(expressions)s AT TIME ZONE 'UTC', 'US') = '000000' "
        """THEN to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') """
        """ELSE to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END"""
    )
    output_field = CharField()


class EpochMicroseconds(Func):
    """Microseconds since 1970 (as concurrency.version_of counts them), exact:
    whole minutes (exact in a double) plus the minute's microseconds."""

    template = (
        "(EXTRACT(EPOCH FROM date_trunc('minute', %(expressions)s))::bigint * 1000000 "
        "+ EXTRACT(MICROSECONDS FROM %(expressions)s)::bigint)"
    )
    output_field = BigIntegerField()


class _Versioned(NamedTuple):
    """What claim_version reads of a claim."""

    pk: int
    updated_at: dt.datetime


class PageStatement(NamedTuple):
    """ClaimListRows' reading of a list's pages on PostgreSQL, compiled: give it a
    page (`read`) and it runs two statements, the page's ids with the count,
    then the rows of those ids.

    The rows statement is the same for every page in an order (`_rows_statement`,
    compiled once), so a connection prepares it and PostgreSQL keeps its plan:
    as one statement with the filters inside, it was planned afresh for every
    request (over a millisecond, more than the extra round trip). The first is
    small and planned for its values.

    A full-text search in id order (the default) is counted and paged from one
    scan of the index: its matches, materialized once. Otherwise the count and
    the page would each scan it.

    It holds SQL and parameters only, no row: a list answers the same filters
    with it again (claims.api.list_statements).
    """

    using: str
    order: tuple
    head: str  # up to the page's LIMIT
    tail: str  # after it
    params: tuple

    def read(self, low: int, high: int) -> list[tuple]:
        """Rows low to high (exclusive) as ClaimListRows.queryset's columns, each
        with the number of matching claims last; none past the end."""
        sql = f"{self.head} LIMIT {high - low} OFFSET {low}{self.tail}"
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, self.params)
            page_ids, matching_total = cursor.fetchone()
            if not page_ids:
                return []
            # As an array's text, of one type whatever the ids' size: a list
            # would go as smallint[], int[] or bigint[] by its largest id, each a
            # statement of its own to prepare and plan.
            page = "{" + ",".join(map(str, page_ids)) + "}"
            # The API writes times in the current time zone: UTC unless a
            # request chose another, which then gets datetimes to write.
            utc = timezone.get_current_timezone_name() == "UTC"
            cursor.execute(_rows_statement(self.using, self.order, utc), [page])
            rows = cursor.fetchall()
        # jsonb arrives as text (Django's loader), as a JSONField decodes it.
        loads = json.loads
        return [
            (*row[:-1], loads(row[-1]) if isinstance(row[-1], str) else row[-1], matching_total)
            for row in rows
        ]


_IDS = "SELECT NULL /* the page's ids */"


@functools.lru_cache(maxsize=64)  # one per ordering (and time zone) asked for
def _rows_statement(using: str, order: tuple, written_in_utc: bool) -> str:
    """ClaimListRows' statement for the rows of a page of ids (its one parameter,
    an array) in `order`, compiled with its constants written in.

    Only the ids are a parameter, so that one generic plan serves every page:
    with the statement's own constants (the relation kinds and states of the
    contradiction count, the figures' casts) as parameters, that plan could not
    use the partial indexes whose conditions name them."""
    claims = Claim.objects.using(using).filter(pk__in=RawSQL(_IDS, ())).order_by(*order)
    rows = ClaimListRows.queryset(claims, written_in_utc)
    sql, params = rows.query.get_compiler(using=using).as_sql()
    literal = connections[using].ops.compose_sql(sql, params).replace("%", "%%")
    ids = f"IN ({_IDS})"
    if literal.count(ids) != 1:
        raise AssertionError(f"The page's ids are not where they were expected: {literal}")
    return literal.replace(ids, "= ANY(%s::bigint[])")


def _figures_of(rows: list[list] | None) -> list[dict]:
    """FigureSerializer's output for a claim's figures as ClaimListRows reads
    them on PostgreSQL (NULL when it has none)."""
    return [
        {"quantity": quantity, "subject": subject, "low": low, "high": high, "as_written": written}
        for quantity, subject, low, high, written in rows or ()
    ]


def _figures_by_claim(claim_ids: list[int]) -> dict[int, list[dict]]:
    """FigureSerializer's output for the figures of `claim_ids`, in one query."""
    figures: dict[int, list[dict]] = {claim_id: [] for claim_id in claim_ids}
    if not claim_ids:
        return figures
    rows = (
        Figure.objects.filter(claim_id__in=claim_ids)
        .order_by(*Figure._meta.ordering)
        .values_list("claim_id", "quantity", "subject", "low", "high", "as_written")
    )
    for claim_id, quantity, subject, low, high, as_written in rows:
        figures[claim_id].append(
            {
                "quantity": quantity,
                "subject": subject,
                "low": low,
                "high": high,
                "as_written": as_written,
            }
        )
    return figures


class ClaimSummarySerializer(serializers.ModelSerializer):
    """The other end of a relation, or a claim inside an event."""

    url = serializers.HyperlinkedIdentityField(view_name="api:claim-detail")
    source = SourceRefSerializer(read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "url", "text", "status", "verb", "stated_on", "source"]


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Review
        fields = ["id", "status", "rationale", "evidence", "reviewer", "created_at"]


class ClaimRelationSerializer(serializers.Serializer):
    """A relation seen from one claim: which way it points and the other claim."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=RelationKind.choices)
    direction = serializers.ChoiceField(
        choices=[("outgoing", "outgoing"), ("incoming", "incoming")],
        help_text="outgoing: this claim → other_claim (e.g. this claim denies it).",
    )
    state = serializers.CharField()
    origin = serializers.CharField()
    note = serializers.CharField()
    other_claim = ClaimSummarySerializer()


class ClaimDetailSerializer(ClaimSerializer):
    """A claim with its relations, both ways, and its review history."""

    relations = serializers.SerializerMethodField()
    reviews = ReviewSerializer(many=True, read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "relations", "reviews"]

    @extend_schema_field(ClaimRelationSerializer(many=True))
    def get_relations(self, claim: Claim) -> list[dict]:
        rows = [(relation, "outgoing", relation.to_claim) for relation in claim.relations_out.all()]
        rows += [
            (relation, "incoming", relation.from_claim) for relation in claim.relations_in.all()
        ]
        rows.sort(key=lambda row: row[0].pk)
        return ClaimRelationSerializer(
            [
                {
                    "id": relation.pk,
                    "kind": relation.kind,
                    "direction": direction,
                    "state": relation.state,
                    "origin": relation.origin,
                    "note": relation.note,
                    "other_claim": other,
                }
                for relation, direction, other in rows
            ],
            many=True,
            context=self.context,
        ).data


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _datetime(value: dt.datetime) -> str:
    """As DRF's DateTimeField writes it: ISO 8601 in the current time zone, UTC as Z."""
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _source_ref(source: Source) -> dict:
    party = source.party
    return {
        "slug": source.slug,
        "name": source.name,
        "kind": source.kind,
        "party": None if party is None else party.slug,
    }


def claim_detail_representation(detail: ClaimDetail, request) -> dict:
    """What ClaimDetailSerializer makes of the claim, built straight from the
    lean read: the same keys in the same order, the same value formats (a test
    compares the two). DRF's field machinery costs milliseconds per claim; the
    OpenAPI schema still comes from ClaimDetailSerializer, which stays the
    declaration of this shape."""
    claim = detail.claim
    event = claim.event
    document = claim.document

    def api_url(pk: int) -> str:
        return request.build_absolute_uri(reverse("api:claim-detail", kwargs={"pk": pk}))

    return {
        "id": claim.pk,
        "url": api_url(claim.pk),
        "page_url": request.build_absolute_uri(claim.get_absolute_url()),
        "text": claim.text,
        "excerpt": claim.excerpt,
        "kind": claim.kind,
        "status": claim.status,
        "verb": claim.verb,
        "stated_on": _date(claim.stated_on),
        "stated_on_precision": claim.stated_on_precision,
        "document": None if document is None else document.slug,
        "section": claim.section,
        "char_start": claim.char_start,
        "char_end": claim.char_end,
        "source": _source_ref(claim.source),
        "event": None
        if event is None
        else {
            "id": event.pk,
            "date": _date(event.date),
            "date_precision": event.date_precision,
            "date_end": _date(event.date_end),
            "title": event.title,
        },
        "figures": [
            {
                "quantity": figure.quantity,
                "subject": figure.subject,
                "low": figure.low,
                "high": figure.high,
                "as_written": figure.as_written,
            }
            for figure in detail.figures
        ],
        "self_interested": bool(claim.self_interested),
        "contradiction_count": claim.contradiction_count,
        "created_at": _datetime(claim.created_at),
        "updated_at": _datetime(claim.updated_at),
        "version": detail.version,
        "relations": [
            {
                "id": relation.pk,
                "kind": relation.kind,
                "direction": direction,
                "state": relation.state,
                "origin": relation.origin,
                "note": relation.note,
                "other_claim": {
                    "id": other.pk,
                    "url": api_url(other.pk),
                    "text": other.text,
                    "status": other.status,
                    "verb": other.verb,
                    "stated_on": _date(other.stated_on),
                    "source": _source_ref(other.source),
                },
            }
            for relation, direction, other in detail.relations
        ],
        "reviews": [
            {
                "id": review.pk,
                "status": review.status,
                "rationale": review.rationale,
                "evidence": review.evidence,
                "reviewer": review.reviewer.username,
                "created_at": _datetime(review.created_at),
            }
            for review in detail.reviews
        ],
    }


class ClaimUpdateSerializer(serializers.ModelSerializer):
    """An editor's correction. Status is not here: it changes through reviews."""

    source = serializers.SlugRelatedField(slug_field="slug", queryset=Source.objects.all())
    event = serializers.PrimaryKeyRelatedField(queryset=Event.objects.all(), allow_null=True)
    figures = FigureSerializer(
        many=True, required=False, help_text="Replaces all of the claim's figures."
    )
    kind = serializers.ChoiceField(choices=ClaimKind.choices)
    stated_on_precision = serializers.ChoiceField(choices=DatePrecision.choices)

    class Meta:
        model = Claim
        fields = [
            "text",
            "source",
            "event",
            "kind",
            "verb",
            "stated_on",
            "stated_on_precision",
            "figures",
        ]
        extra_kwargs = {"text": {"allow_blank": False}}

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                hint = {
                    "status": "Status changes through POST /api/claims/{id}/reviews/.",
                }
                raise serializers.ValidationError(
                    {
                        name: [hint.get(name, "Not a field an editor can change.")]
                        for name in unknown
                    }
                )
        return super().to_internal_value(data)

    @transaction.atomic
    def update(self, claim: Claim, validated_data: dict) -> Claim:
        figures = validated_data.pop("figures", None)
        claim = super().update(claim, validated_data)
        if figures is not None:
            claim.figures.all().delete()
            Figure.objects.bulk_create(Figure(claim=claim, **figure) for figure in figures)
            # The figures belong to the claim's version: a figure-only change
            # must still make earlier ETags stale.
            claim.save(update_fields=["updated_at"])
        return claim


class ReviewCreateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ClaimStatus.choices)
    rationale = serializers.CharField(max_length=5000, help_text="Why: required.")
    evidence = serializers.ListField(
        child=serializers.URLField(max_length=2000),
        required=False,
        default=list,
        max_length=50,
        help_text="Evidence URLs (http or https).",
    )


class RelationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:relation-detail")
    from_claim = ClaimSummarySerializer(read_only=True)
    to_claim = ClaimSummarySerializer(read_only=True)
    created_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    decided_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = Relation
        fields = [
            "id",
            "url",
            "from_claim",
            "to_claim",
            "kind",
            "note",
            "origin",
            "state",
            "created_by",
            "created_at",
            "decided_by",
            "decided_at",
        ]


class RelationCreateSerializer(serializers.Serializer):
    from_claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    to_claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    kind = serializers.ChoiceField(choices=RelationKind.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)

    def validate(self, attrs):
        if attrs["from_claim"].pk == attrs["to_claim"].pk:
            raise serializers.ValidationError({"to_claim": ["A claim cannot relate to itself."]})
        return attrs


class RelationDecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class EventSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:event-detail")
    places = PlaceRefSerializer(many=True, read_only=True)
    parties = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    document = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    claim_count = serializers.IntegerField(read_only=True)
    contested = serializers.BooleanField(
        read_only=True, help_text="A claim about it has a live contradiction or denial."
    )

    class Meta:
        model = Event
        fields = [
            "id",
            "url",
            "date",
            "date_precision",
            "date_end",
            "title",
            "summary",
            "kind",
            "places",
            "parties",
            "document",
            "position",
            "claim_count",
            "contested",
        ]


class EventClaimSerializer(ClaimSummarySerializer):
    figures = FigureSerializer(many=True, read_only=True)
    self_interested = serializers.BooleanField(source="is_self_interested", read_only=True)
    contradiction_count = serializers.IntegerField(read_only=True)

    class Meta(ClaimSummarySerializer.Meta):
        fields = [
            *ClaimSummarySerializer.Meta.fields,
            "kind",
            "excerpt",
            "figures",
            "self_interested",
            "contradiction_count",
        ]


class SourceFigureSerializer(serializers.Serializer):
    source = SourceRefSerializer()
    claim = serializers.IntegerField(help_text="The claim that gives the figure.")
    claim_status = serializers.ChoiceField(choices=ClaimStatus.choices)
    subject = serializers.CharField()
    low = serializers.IntegerField(allow_null=True)
    high = serializers.IntegerField(allow_null=True)
    as_written = serializers.CharField()


class QuantityFiguresSerializer(serializers.Serializer):
    quantity = serializers.ChoiceField(choices=Quantity.choices)
    figures = SourceFigureSerializer(many=True)


class EventDetailSerializer(EventSerializer):
    """An event with every claim about it and, per quantity, each source's figures
    side by side ("killed: SOHR 23 civilians; Coalition 0")."""

    claims = EventClaimSerializer(many=True, read_only=True)
    figures_by_quantity = serializers.SerializerMethodField()

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "claims", "figures_by_quantity"]

    @extend_schema_field(QuantityFiguresSerializer(many=True))
    def get_figures_by_quantity(self, event: Event) -> list[dict]:
        return QuantityFiguresSerializer(
            [
                {
                    "quantity": quantity,
                    "figures": [
                        {
                            "source": claim.source,
                            "claim": claim.pk,
                            "claim_status": claim.status,
                            "subject": figure.subject,
                            "low": figure.low,
                            "high": figure.high,
                            "as_written": figure.as_written,
                        }
                        for claim, figure in rows
                    ],
                }
                for quantity, rows in event.figures_by_quantity()
            ],
            many=True,
            context=self.context,
        ).data


def _status_counts(row) -> dict[str, int]:
    return {status: getattr(row, f"count_{status}") for status in ClaimStatus.values}


class StatusCountsSerializer(serializers.Serializer):
    """Claims per confirmation status."""

    unverified = serializers.IntegerField()
    corroborated = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    disputed = serializers.IntegerField()
    false = serializers.IntegerField()
    retracted = serializers.IntegerField()


class SourceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail", lookup_field="slug")
    party = PartyRefSerializer(read_only=True, allow_null=True)
    claim_count = serializers.IntegerField(read_only=True)
    status_counts = serializers.SerializerMethodField()

    class Meta:
        model = Source
        fields = [
            "slug",
            "url",
            "name",
            "kind",
            "party",
            "aliases",
            "needs_review",
            "claim_count",
            "status_counts",
        ]

    @extend_schema_field(StatusCountsSerializer)
    def get_status_counts(self, source: Source) -> dict[str, int]:
        return _status_counts(source)


class SourceDetailSerializer(SourceSerializer):
    kind_counts = serializers.SerializerMethodField(help_text="Claims per kind.")
    self_interested_count = serializers.IntegerField(
        read_only=True,
        help_text="Claims about events its party was involved in (each claim in the "
        "claim list says whether it is: `self_interested`).",
    )
    claims_url = serializers.SerializerMethodField(help_text="Its claims, in the claim list.")

    class Meta(SourceSerializer.Meta):
        fields = [
            *SourceSerializer.Meta.fields,
            "description",
            "kind_counts",
            "self_interested_count",
            "claims_url",
        ]

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "integer"}})
    def get_kind_counts(self, source: Source) -> dict[str, int]:
        return {kind: getattr(source, f"kind_{kind}") for kind in ClaimKind.values}

    @extend_schema_field(OpenApiTypes.URI)
    def get_claims_url(self, source: Source) -> str:
        request = self.context.get("request")
        path = f"/api/claims/?source={source.slug}"
        return request.build_absolute_uri(path) if request else path


class PlaceSerializer(serializers.ModelSerializer):
    event_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Place
        fields = [
            "slug",
            "name",
            "aliases",
            "governorate",
            "country",
            "latitude",
            "longitude",
            "event_count",
        ]


class DocumentSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:document-detail", lookup_field="slug")
    claim_count = serializers.IntegerField(read_only=True)
    event_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Document
        fields = [
            "slug",
            "url",
            "title",
            "description",
            "author",
            "published_at",
            "tags",
            "sha256",
            "imported_at",
            "claim_count",
            "event_count",
        ]


class DocumentDetailSerializer(DocumentSerializer):
    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "front_matter", "body"]
