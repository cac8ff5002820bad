"""The REST API's endpoints. Reads are open; writes go through `claims.services`
(the same rules as the admin) and need the model permissions each view lists in
`write_permissions`."""

from __future__ import annotations

from django.db import connections, transaction
from django.db.models import F, Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings

from .. import services
from ..claim_detail import claim_version, read_claim_detail
from ..event_detail import event_detail_queryset, event_version
from ..filters import ClaimFilterSet, EventFilterSet, RelationFilterSet, SourceFilterSet
from ..models import (
    Claim,
    Document,
    Event,
    Place,
    Relation,
    RelationState,
    Review,
    Source,
    count_of,
    with_status_counts,
)
from ..representations import conditional_response, primary_key
from ..source_detail import source_record
from . import list_statements
from . import serializers as api
from .concurrency import check_if_match, claim_etag
from .export import CSVRenderer, stream_claims_csv
from .filtering import check_rows
from .pagination import PagedFromStatement, PagedInTwoSteps, is_estimable
from .renderers import FastJSONRenderer

ErrorSerializer = inline_serializer(
    "Error",
    {
        "detail": serializers.CharField(),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()), required=False
        ),
    },
)

READ_ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="A parameter's value is not valid."),
    401: OpenApiResponse(ErrorSerializer, description="Credentials were sent and are wrong."),
    404: OpenApiResponse(ErrorSerializer, description="No such page (beyond the last)."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests; retry later."),
}
DETAIL_ERRORS = {**READ_ERRORS, 404: OpenApiResponse(ErrorSerializer, description="Not found.")}
WRITE_ERRORS = {
    **DETAIL_ERRORS,
    401: OpenApiResponse(ErrorSerializer, description="Not signed in (session or token)."),
    403: OpenApiResponse(ErrorSerializer, description="Signed in without the permission."),
    415: OpenApiResponse(ErrorSerializer, description="A body that cannot be read as sent."),
}
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The claim's ETag as last read.",
)
SLUG_PATTERN = "[-a-zA-Z0-9_]+"
SLUG = OpenApiParameter(
    "slug",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    pattern=f"^{SLUG_PATTERN}$",
    description="Letters, digits, hyphens and underscores.",
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description="The claim's version: send it back as If-Match to change the claim.",
)


def _plain_json_read(request) -> bool:
    """Whether a detail GET can be answered from its version: JSON, and no query
    parameters. The browsable API renders HTML, and a query parameter goes
    through the filters as DRF applies them to a detail (an unknown one is a
    400, a filter the object fails is a 404), which the slower path keeps."""
    renderer = request.accepted_renderer
    extra = set(request.query_params) - {api_settings.URL_FORMAT_OVERRIDE}
    return isinstance(renderer, JSONRenderer) and renderer.format == "json" and not extra


@extend_schema_view(
    list=extend_schema(
        summary="List claims",
        description="Filterable, paginated. `?format=csv` (or `/api/claims.csv`) streams the "
        "whole filtered list as CSV instead.",
        responses={200: api.ClaimSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A claim with its relations and review history",
        parameters=[ETAG],
        responses={200: api.ClaimDetailSerializer, **DETAIL_ERRORS},
    ),
)
class ClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filterset_class = ClaimFilterSet
    write_permissions = {
        "partial_update": ("claims.change_claim",),
        "reviews": ("claims.add_review",),
    }

    def get_queryset(self):
        if self.action == "list":
            # Filtered here, then read as plain columns (list) or rows (CSV).
            return Claim.objects.order_by("id")
        claims = Claim.objects.with_related().with_contradiction_count().order_by("id")
        if self.action in ("retrieve", "partial_update", "reviews"):
            claims = claims.prefetch_related(
                Prefetch(
                    "relations_out",
                    queryset=Relation.objects.select_related("to_claim__source__party"),
                ),
                Prefetch(
                    "relations_in",
                    queryset=Relation.objects.select_related("from_claim__source__party"),
                ),
                Prefetch("reviews", queryset=Review.objects.select_related("reviewer")),
            )
        return claims

    def get_serializer_class(self):
        if self.action == "list":
            return api.ClaimSerializer
        if self.action == "partial_update":
            return api.ClaimUpdateSerializer
        if self.action == "reviews":
            return api.ReviewCreateSerializer
        return api.ClaimDetailSerializer

    def get_renderers(self):
        renderers = [FastJSONRenderer(), BrowsableAPIRenderer()]
        if self.action == "list":
            renderers.append(CSVRenderer())
        return renderers

    @property
    def checks_rows_later(self) -> bool:
        """Whether the filters leave an unknown slug to `list`, which asks only when
        the page is empty (claims.api.filtering); the CSV export streams at once,
        so it has it checked first."""
        return self.action == "list" and self.request.accepted_renderer.format != "csv"

    def list(self, request, *args, **kwargs):
        # Queries: the page's ids (the sources through their slugs in it) with
        # the count (an estimate for an unfiltered list of a big table); their
        # rows with their figures (on SQLite: the rows with the count; their
        # figures); an empty page, the slugs it names, to refuse an unknown one.
        if request.accepted_renderer.format == "csv":
            claims = self.filter_queryset(self.get_queryset())
            return stream_claims_csv(
                claims.matches_first().for_list().prefetch_related("figures"),
                lambda claim: request.build_absolute_uri(claim.get_absolute_url()),
            )
        rows = api.ClaimListRows(request, format=self.format_kwarg)
        key = self._list_key()
        pages = self._compiled_pages(rows, key) or self._pages(rows, key)
        try:
            page = self.paginate_queryset(pages)
        except NotFound:
            self._check_slugs()  # no such page of nothing: an unknown slug first
            raise
        if not page:
            self._check_slugs()
        return self.get_paginated_response(rows.rows(page))

    def _check_slugs(self) -> None:
        """Refuse a slug that names no row, which a list that found nothing may
        be about. The FilterSet checks it; a list read with kept statements
        has not made one yet, so it is made here."""
        if not hasattr(self, "filterset"):
            self.filter_queryset(self.get_queryset())
        check_rows(self)

    def _list_key(self) -> tuple | None:
        """The key of this JSON list's compiled statements (list_statements), if
        it can have any."""
        if self.request.accepted_renderer.format != "json":
            return None
        using = Claim.objects.db
        if connections[using].vendor != "postgresql":
            return None
        return list_statements.key(self.request.query_params, using)

    def _compiled_pages(self, rows, key: tuple | None) -> PagedFromStatement | None:
        """The list's pages from the statements compiled when the same filters
        (`key`) were asked for before, if they were."""
        compiled = list_statements.COMPILED.get(key) if key is not None else None
        if compiled is None:
            return None
        order = compiled.statement.order
        return PagedFromStatement(
            compiled.statement,
            compiled.estimable,
            filtered=lambda: self.filter_queryset(self.get_queryset()),
            read=lambda ids: rows.queryset(Claim.objects.filter(pk__in=ids).order_by(*order)),
        )

    def _pages(self, rows, key: tuple | None) -> PagedInTwoSteps:
        """The list's pages, filtered here; their statements kept under `key`
        for the next request with the same filters where there is one."""
        claims = self.filter_queryset(self.get_queryset())
        order = claims.query.order_by

        def read_counted(ids, total):
            if key is None:
                return rows.read(ids, order, total, matching=claims)
            statement = rows.page_statement(ids, order, total, matching=claims)
            list_statements.COMPILED.put(
                key, list_statements.CompiledList(statement, is_estimable(claims))
            )
            return statement.read(ids.query.low_mark, ids.query.high_mark)

        return PagedInTwoSteps(
            claims,
            read=lambda ids: rows.queryset(Claim.objects.filter(pk__in=ids).order_by(*order)),
            read_counted=read_counted,
        )

    def retrieve(self, request, *args, **kwargs):
        """The claim's version is its ETag and covers everything shown
        (`claims.freshness`): a matching If-None-Match is a 304 after one
        primary-key lookup, and the JSON body is cached under the version, so
        it is read and built once per version (per worker process)."""
        pk = primary_key(kwargs[self.lookup_field])
        version = None if pk is None else claim_version(pk)
        if version is None:
            raise NotFound()
        renderer = request.accepted_renderer
        if not _plain_json_read(request):
            return self._detail_response(self.get_object())

        def build() -> tuple[str, bytes]:
            detail = read_claim_detail(pk)
            if detail is None:
                raise NotFound()
            data = api.claim_detail_representation(detail, request)
            return detail.version, renderer.render(data)

        return conditional_response(
            request,
            ("api-claim", pk),
            version,
            build,
            lambda: claim_version(pk),
            content_type=renderer.media_type,
        )

    def _detail_response(self, claim: Claim, status_code: int = status.HTTP_200_OK) -> Response:
        data = api.ClaimDetailSerializer(claim, context=self.get_serializer_context()).data
        return Response(data, status=status_code, headers={"ETag": claim_etag(claim)})

    def _fresh(self, pk: int) -> Claim:
        return self.get_queryset().get(pk=pk)

    @extend_schema(
        summary="Correct a claim",
        description="Change what the importer got wrong: text, source (slug), event (id), "
        "kind, verb, stated_on, figures (the list replaces the claim's figures). Needs the "
        "claim's ETag as If-Match; status changes through reviews.",
        parameters=[IF_MATCH, ETAG],
        request=api.ClaimUpdateSerializer,
        responses={
            200: api.ClaimDetailSerializer,
            **WRITE_ERRORS,
            412: OpenApiResponse(ErrorSerializer, description="Changed since you read it."),
            428: OpenApiResponse(ErrorSerializer, description="If-Match is missing."),
        },
    )
    def partial_update(self, request, *args, **kwargs):
        claim = self.get_object()
        with transaction.atomic():
            locked = Claim.objects.select_for_update().get(pk=claim.pk)
            check_if_match(request, locked, required=True)
            serializer = api.ClaimUpdateSerializer(
                locked, data=request.data, partial=True, context=self.get_serializer_context()
            )
            serializer.is_valid(raise_exception=True)
            serializer.save()
        return self._detail_response(self._fresh(claim.pk))

    @extend_schema(
        summary="Review a claim: set its confirmation status",
        description="Appends a review (status, rationale, evidence URLs) to the claim's "
        "history and makes it the claim's status. If-Match is optional here: reviews never "
        "overwrite each other, but with it a review based on a stale reading is refused.",
        parameters=[IF_MATCH, ETAG],
        request=api.ReviewCreateSerializer,
        responses={
            201: api.ClaimDetailSerializer,
            **WRITE_ERRORS,
            412: OpenApiResponse(ErrorSerializer, description="Changed since you read it."),
        },
    )
    @action(detail=True, methods=["post"])
    def reviews(self, request, *args, **kwargs):
        claim = self.get_object()
        serializer = api.ReviewCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            locked = Claim.objects.select_for_update().get(pk=claim.pk)
            check_if_match(request, locked, required=False)
            services.review_claim(claim=locked, reviewer=request.user, **serializer.validated_data)
        return self._detail_response(self._fresh(claim.pk), status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="List events", responses={200: api.EventSerializer(many=True), **READ_ERRORS}
    ),
    retrieve=extend_schema(
        summary="An event with every claim about it and the figures side by side",
        responses={200: api.EventDetailSerializer, **DETAIL_ERRORS},
    ),
)
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = EventFilterSet

    def get_queryset(self):
        if self.action == "retrieve":
            return event_detail_queryset()
        events = (
            Event.objects.select_related("document")
            .prefetch_related("places", "parties")
            .with_claim_stats()
            # Undated events last on every database (SQLite puts NULLs first).
            .order_by(F("date").asc(nulls_last=True), F("position").asc(nulls_last=True), "id")
        )
        return events

    def get_serializer_class(self):
        return api.EventDetailSerializer if self.action == "retrieve" else api.EventSerializer

    def retrieve(self, request, *args, **kwargs):
        """Conditional and cached like a claim (ClaimViewSet.retrieve), under the
        event's version (`claims.event_detail`)."""
        pk = primary_key(kwargs[self.lookup_field])
        version = None if pk is None else event_version(pk)
        if version is None:
            raise NotFound()
        renderer = request.accepted_renderer
        if not _plain_json_read(request):
            return super().retrieve(request, *args, **kwargs)

        def build() -> tuple[str, bytes]:
            # Read after `version`, so never older than the version it is stored under.
            event = self.get_object()
            return version, renderer.render(self.get_serializer(event).data)

        return conditional_response(
            request,
            ("api-event", pk),
            version,
            build,
            lambda: event_version(pk),
            content_type=renderer.media_type,
        )


@extend_schema_view(
    list=extend_schema(
        summary="List sources with their claims per status",
        responses={200: api.SourceSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A source's track record",
        parameters=[SLUG],
        responses={200: api.SourceDetailSerializer, **DETAIL_ERRORS},
    ),
)
class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    filterset_class = SourceFilterSet

    def get_queryset(self):
        if self.action == "retrieve":
            # Its track record is counted in `retrieve`, in one pass over its claims.
            return Source.objects.select_related("party")
        # Counted per page in `list`, not joined to every claim here.
        return Source.objects.select_related("party").order_by("name", "id")

    def get_serializer_class(self):
        return api.SourceDetailSerializer if self.action == "retrieve" else api.SourceSerializer

    def list(self, request, *args, **kwargs):
        # Queries: the count of sources, the page, its sources' claims per status.
        sources = with_status_counts(
            self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        )
        return self.get_paginated_response(self.get_serializer(sources, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        source = self.get_object()
        for name, count in source_record(source).items():
            setattr(source, name, count)
        source.self_interested_count = source.self_interested
        return Response(self.get_serializer(source).data)


@extend_schema_view(
    list=extend_schema(
        summary="List places", responses={200: api.PlaceSerializer(many=True), **READ_ERRORS}
    ),
    retrieve=extend_schema(
        summary="A place", responses={200: api.PlaceSerializer, **DETAIL_ERRORS}
    ),
)
class PlaceViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    serializer_class = api.PlaceSerializer

    def get_queryset(self):
        return Place.objects.annotate(
            event_count=count_of(Event.places.through, place="pk")
        ).order_by("name", "id")


@extend_schema_view(
    list=extend_schema(
        summary="List documents", responses={200: api.DocumentSerializer(many=True), **READ_ERRORS}
    ),
    retrieve=extend_schema(
        summary="A document with its front matter and text",
        parameters=[SLUG],
        responses={200: api.DocumentDetailSerializer, **DETAIL_ERRORS},
    ),
)
class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self):
        documents = Document.objects.annotate(
            claim_count=count_of(Claim, document="pk"),
            event_count=count_of(Event, document="pk"),
        ).order_by("title", "id")
        if self.action == "list":
            # A list shows neither body nor front matter: don't read them.
            documents = documents.defer("body", "front_matter")
        return documents

    def get_serializer_class(self):
        return api.DocumentDetailSerializer if self.action == "retrieve" else api.DocumentSerializer


@extend_schema_view(
    list=extend_schema(
        summary="List relations between claims",
        responses={200: api.RelationSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A relation", responses={200: api.RelationSerializer, **DETAIL_ERRORS}
    ),
)
class RelationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    filterset_class = RelationFilterSet
    write_permissions = {
        "create": ("claims.add_relation",),
        "accept": ("claims.change_relation",),
        "reject": ("claims.change_relation",),
    }

    def get_queryset(self):
        return Relation.objects.select_related(
            "from_claim__source__party", "to_claim__source__party", "created_by", "decided_by"
        ).order_by("id")

    def get_serializer_class(self):
        if self.action == "create":
            return api.RelationCreateSerializer
        if self.action in ("accept", "reject"):
            return api.RelationDecisionSerializer
        return api.RelationSerializer

    def _relation_response(self, pk: int, status_code: int) -> Response:
        relation = self.get_queryset().get(pk=pk)
        data = api.RelationSerializer(relation, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    @extend_schema(
        summary="Link two claims",
        description="An editor's link is accepted at once. Symmetric kinds (contradicts, "
        "corroborates) are stored once whichever way round they are sent. Linking a pair "
        "that is already linked returns that relation (200), accepting it if the importer "
        "had only suggested it.",
        request=api.RelationCreateSerializer,
        responses={
            201: api.RelationSerializer,
            200: api.RelationSerializer,
            **WRITE_ERRORS,
        },
    )
    def create(self, request, *args, **kwargs):
        serializer = api.RelationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        first, second = Relation.ordered_pair(data["from_claim"], data["to_claim"], data["kind"])
        existed = Relation.objects.filter(
            from_claim=first, to_claim=second, kind=data["kind"]
        ).exists()
        relation = services.relate_claims(created_by=request.user, **data)
        return self._relation_response(
            relation.pk, status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )

    def _decide(self, request, state: str) -> Response:
        relation = self.get_object()
        serializer = api.RelationDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.decide_relation(
            relation=relation,
            state=state,
            decided_by=request.user,
            note=serializer.validated_data["note"],
        )
        return self._relation_response(relation.pk, status.HTTP_200_OK)

    @extend_schema(
        summary="Accept a (suggested) relation",
        request=api.RelationDecisionSerializer,
        responses={200: api.RelationSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, *args, **kwargs):
        return self._decide(request, RelationState.ACCEPTED)

    @extend_schema(
        summary="Reject a (suggested) relation",
        request=api.RelationDecisionSerializer,
        responses={200: api.RelationSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, *args, **kwargs):
        return self._decide(request, RelationState.REJECTED)
