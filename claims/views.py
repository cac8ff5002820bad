"""Public pages, readable without an account.

Each page reads what it shows in a fixed number of queries (joins and
prefetches, never one query per row), and the lists filter with the same
FilterSets as the API, so `/claims/?source=sohr&status=disputed` means what
`/api/claims/?source=sohr&status=disputed` means.
"""

from __future__ import annotations

import itertools
from abc import ABC, abstractmethod

from django import forms
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.generic import DetailView, TemplateView, View

from .api.pagination import EstimatingPaginator, PagedInTwoSteps
from .claim_detail import claim_version, read_claim_detail
from .event_detail import event_detail_queryset, event_version
from .filters import ClaimFilterSet, EventFilterSet
from .forms import SlugInput
from .markup import render_document
from .models import (
    CONTESTING_RELATION_KINDS,
    Claim,
    ClaimKind,
    ClaimStatus,
    Document,
    Event,
    RelationKind,
    RelationState,
    Review,
    Source,
    contesting_claim_ids,
    with_status_counts,
)
from .page_context import (
    NEEDS_WHOLE_BODY,
    claim_review_json_ld,
    paragraph_around,
    paragraph_in_window,
)
from .representations import conditional_response
from .source_detail import source_claims, source_record

CLAIMS_PER_PAGE = 50
EVENTS_PER_PAGE = 100
SOURCES_PER_PAGE = 100


def _page(request, rows, per_page: int, paginator_class: type[Paginator] = Paginator):
    """The requested page of `rows`; a page number that is not one is a 404."""
    paginator = paginator_class(rows, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as exc:
        raise Http404(str(exc)) from None


# The filter forms as readers see them: plain labels (the API's help texts speak
# of slugs and repetition), date pickers, and the most used filters first.
_READER_LABELS = {
    "q": "Search text",
    "source": "Source",
    "party": "Party of the source",
    "status": "Status",
    "kind": "Kind of claim",
    "document": "Document",
    "event": "Event number",
    "place": "Place",
    "date_after": "Events from",
    "date_before": "Events until",
    "contested": "Contradicted or denied",
    "self_interested": "Source's party involved",
    "ordering": "Sort by",
}
PRIMARY_FILTERS = ("q", "source", "status", "place", "date_after", "date_before")
# Filters over thousands of rows: typed, with suggestions, rather than a select.
SLUG_INPUTS = ("place", "document")


def _for_readers(filterset):
    form = filterset.form
    for name, field in form.fields.items():
        field.label = _READER_LABELS.get(name, field.label)
        field.help_text = ""
        if isinstance(field, forms.DateField):
            field.widget = forms.DateInput(attrs={"type": "date"})
        elif name in SLUG_INPUTS:
            model = field.queryset.model
            label = "title" if model is Document else "name"
            field.widget = SlugInput(field.queryset, label=label)
            field.widget.attrs["placeholder"] = "Any"
        elif isinstance(field, forms.ModelChoiceField):
            if not isinstance(field, forms.ModelMultipleChoiceField):
                field.empty_label = "Any"
        elif isinstance(field, forms.ChoiceField) and not isinstance(
            field, forms.MultipleChoiceField
        ):
            # Every single choice needs a "no filter" first, or the browser
            # submits the first real option (contested=true) with the form.
            choices = [choice for choice in field.choices if choice[0] not in ("", None)]
            field.choices = [("", "Any"), *choices]
    if "kind" in form.fields and filterset.__class__ is EventFilterSet:
        form.fields["kind"].label = "Kind of event"
    if "q" in form.fields:
        form.fields["q"].widget = forms.TextInput(attrs={"type": "search"})
    filterset.primary_fields = [form[name] for name in PRIMARY_FILTERS if name in form.fields]
    filterset.more_fields = [form[name] for name in form.fields if name not in PRIMARY_FILTERS]
    return filterset


def _query_without_page(request) -> str:
    """The current filters as a query string, for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _count(rows) -> tuple[int, bool]:
    """How many `rows`, and whether that is PostgreSQL's estimate (for a whole big
    table, as the lists give it) rather than an exact count."""
    paginator = EstimatingPaginator(rows, 1)
    return paginator.count, paginator.is_estimate


class HomeView(TemplateView):
    template_name = "claims/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        claims, claims_estimated = _count(Claim.objects.all())
        events, events_estimated = _count(Event.objects.all())
        reviewed = [status for status in ClaimStatus.values if status != ClaimStatus.UNVERIFIED]
        # The reviewed few, from claim_status_idx alone (NOT unverified would read
        # them all; COUNT(id) would read each claim's row for its id, not indexed).
        statuses = Claim.objects.filter(status__in=reviewed).aggregate(
            reviewed=Count("status"),
            disputed=Count("status", filter=Q(status=ClaimStatus.DISPUTED)),
        )
        context["totals"] = {
            "claims": claims,
            "claims_estimated": claims_estimated,
            **statuses,
            # Every end of a relation is a claim (a foreign key): count the ids alone.
            "contested": contesting_claim_ids().count(),
            "events": events,
            "events_estimated": events_estimated,
            "sources": Source.objects.count(),
            "documents": Document.objects.count(),
        }
        context["most_contested"] = self.most_contested(6)
        context["latest_reviews"] = Review.objects.select_related(
            "claim__source", "reviewer"
        ).order_by("-created_at", "-pk")[:8]
        return context

    def most_contested(self, limit: int) -> list[Event]:
        """The events with most contested claims, from the contested claims (a few
        thousand) rather than from every event's claims: two queries and the
        events' places."""
        ranking = list(
            Claim.objects.contested()
            .filter(event__isnull=False)
            .values("event_id")
            .annotate(contested_claims=Count("pk"))
            .order_by("-contested_claims", "event__date", "event_id")[:limit]
        )
        events = (
            Event.objects.with_claim_stats()
            .prefetch_related("places")
            .in_bulk([row["event_id"] for row in ranking])
        )
        ranked = []
        for row in ranking:
            event = events[row["event_id"]]
            event.contested_claims = row["contested_claims"]
            ranked.append(event)
        return ranked


class FilteredListView(ABC, TemplateView):
    """A page of rows narrowed by a FilterSet shown as a form; a bad filter value
    is the form with its errors and a 400."""

    filterset_class: type
    per_page: int

    @abstractmethod
    def rows(self):
        """The rows the filters narrow, in the order the page lists them: only what
        filtering, counting and ordering need."""

    @abstractmethod
    def show(self, ids):
        """What the page shows of the rows whose ids are `ids` (one page of them)."""

    def refuse(self, request, filterset):
        """The form with its errors, and a 400."""
        context = self.get_context_data(filterset=filterset, page=None, query="")
        return render(request, self.template_name, context, status=400)

    def page_context(self, page) -> dict:
        """What the template needs beyond the page itself."""
        return {}

    def get(self, request, *args, **kwargs):
        filterset = _for_readers(
            self.filterset_class(request.GET or None, queryset=self.rows(), request=request)
        )
        if filterset.is_bound and not filterset.is_valid():
            return self.refuse(request, filterset)
        matching = filterset.qs
        order = matching.query.order_by
        # A slug that names nothing finds nothing: the filters leave checking it
        # to an empty list (claims.filters.SlugsField).
        try:
            page = _page(
                request,
                PagedInTwoSteps(matching, read=lambda ids: self.show(ids).order_by(*order)),
                self.per_page,
                # An unfiltered list of a big table: the planner's row count, not COUNT(*).
                paginator_class=EstimatingPaginator,
            )
        except Http404:
            if not filterset.check_rows():  # no such page of nothing: the slug first
                return self.refuse(request, filterset)
            raise
        if not page.object_list and not filterset.check_rows():
            return self.refuse(request, filterset)
        context = self.get_context_data(
            filterset=filterset,
            page=page,
            query=_query_without_page(request),
            **self.page_context(page),
        )
        return self.render_to_response(context)


class ClaimListView(FilteredListView):
    template_name = "claims/claim_list.html"
    filterset_class = ClaimFilterSet
    per_page = CLAIMS_PER_PAGE

    def rows(self):
        return Claim.objects.order_by("id")

    def show(self, ids):
        return Claim.objects.for_list().filter(pk__in=ids)


class VersionedPageView(ABC, View):
    """A page served under its object's version: If-None-Match with the page's
    ETag is a 304 after the one statement that reads the version, and the
    rendered page is cached under it (`claims.representations`). Editors get a
    variant of their own (it has an "Edit in admin" link)."""

    cache_name: str
    edit_permission: str
    not_found: str

    @staticmethod
    @abstractmethod
    def version_of(pk: int) -> str | None:
        """The object's version (None when there is no such object)."""

    @abstractmethod
    def render(self, request, pk: int) -> tuple[str, bytes]:
        """The page, read and rendered: (the version it shows, its bytes)."""

    def get(self, request, pk: int):
        version = self.version_of(pk)
        if version is None:
            raise Http404(self.not_found)
        variant = "editor" if request.user.has_perm(self.edit_permission) else "reader"
        return conditional_response(
            request,
            (self.cache_name, pk),
            version,
            lambda: self.render(request, pk),
            lambda: self.version_of(pk),
            variant=variant,
        )


class ClaimDetailView(VersionedPageView):
    """A claim's page, served under the claim's version (`claims.freshness`):
    If-None-Match with the page's ETag is a 304 after one primary-key lookup,
    and the rendered page is cached under the version, so it is read and
    rendered once per version (per worker process).

    Editors see an "Edit in admin" link, so the page comes in two variants,
    each with an ETag and a cache entry of its own, and varies by Cookie. Nothing
    else on it depends on who reads it: keep it so, or key the cache by user.
    """

    template_name = "claims/claim_detail.html"
    cache_name = "page-claim"
    edit_permission = "claims.change_claim"
    not_found = "No such claim."

    @staticmethod
    def version_of(pk: int) -> str | None:
        return claim_version(pk)

    def render(self, request, pk: int) -> tuple[str, bytes]:
        detail = read_claim_detail(pk, with_context=True)
        if detail is None:
            raise Http404("No such claim.")
        claim = detail.claim
        live = [row for row in detail.relations if row[0].state != RelationState.REJECTED]
        related = [(relation, other) for relation, _, other in live]
        context = {
            "claim": claim,
            "self_interested": claim.self_interested,
            "figures": detail.figures,
            "reviews": detail.reviews,
            "contesting": [pair for pair in related if pair[0].kind in CONTESTING_RELATION_KINDS],
            "corroborating": [
                pair for pair in related if pair[0].kind == RelationKind.CORROBORATES
            ],
            "other_relations": [
                pair
                for pair in related
                if pair[0].kind not in CONTESTING_RELATION_KINDS
                and pair[0].kind != RelationKind.CORROBORATES
            ],
        }
        if claim.document is not None:
            context["paragraph"] = _paragraph(claim)
        if detail.reviews:
            context["json_ld"] = claim_review_json_ld(
                claim, detail.reviews[0], request.build_absolute_uri(claim.get_absolute_url())
            )
        return detail.version, render_to_string(self.template_name, context, request).encode()


def _paragraph(claim: Claim):
    """The paragraph around the claim's sentence, from the slice of the document
    read with the claim; the whole body only when the paragraph may be longer."""
    paragraph = paragraph_in_window(
        claim.context_window or "",
        claim.context_offset or 0,
        claim.context_length or 0,
        claim.char_start,
        claim.char_end,
    )
    if paragraph is NEEDS_WHOLE_BODY:
        body = Document.objects.filter(pk=claim.document_id).values_list("body", flat=True)[0]
        paragraph = paragraph_around(body, claim.char_start, claim.char_end)
    return paragraph


class EventListView(FilteredListView):
    """The timeline: events by month, with their claim counts and contested marks."""

    template_name = "claims/event_list.html"
    filterset_class = EventFilterSet
    per_page = EVENTS_PER_PAGE

    def rows(self):
        return Event.objects.order_by("date", "position", "pk")

    def show(self, ids):
        return Event.objects.filter(pk__in=ids).with_claim_stats().prefetch_related("places")

    def refuse(self, request, filterset):
        """The form with its errors, and a 400."""
        context = self.get_context_data(filterset=filterset, page=None, query="")
        return render(request, self.template_name, context, status=400)

    def page_context(self, page) -> dict:
        months = itertools.groupby(
            page.object_list,
            key=lambda event: event.date.replace(day=1) if event.date else None,
        )
        return {"months": [(month, list(events)) for month, events in months]}


class EventDetailView(VersionedPageView):
    """An event's page, conditional and cached like a claim's (ClaimDetailView),
    under the event's version (`claims.event_detail`)."""

    template_name = "claims/event_detail.html"
    cache_name = "page-event"
    edit_permission = "claims.change_event"
    not_found = "No such event."

    @staticmethod
    def version_of(pk: int) -> str | None:
        return event_version(pk)

    def render(self, request, pk: int) -> tuple[str, bytes]:
        # The version first: what is read after it is as new or newer, so the
        # body is never older than the version it is stored under.
        version = event_version(pk)
        event = get_object_or_404(event_detail_queryset(), pk=pk)
        context = {"event": event, "figures_by_quantity": event.figures_by_quantity()}
        return version, render_to_string(self.template_name, context, request).encode()


class SourceListView(TemplateView):
    template_name = "claims/source_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sources = with_status_counts(Source.objects.select_related("party").order_by("name", "pk"))
        # Most claims first; sorted is stable, so ties keep the database's name order.
        sources = sorted(sources, key=lambda source: -source.claim_count)
        context["page"] = _page(self.request, sources, SOURCES_PER_PAGE)
        context["statuses"] = ClaimStatus.choices
        return context


class SourceDetailView(TemplateView):
    template_name = "claims/source_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        source = get_object_or_404(Source.objects.select_related("party"), slug=kwargs["slug"])
        record = source_record(source)
        source.claim_count = record["claim_count"]
        context["source"] = source
        context["record"] = record
        context["status_counts"] = [
            (value, label, record[f"count_{value}"]) for value, label in ClaimStatus.choices
        ]
        context["kind_counts"] = [
            (label, record[f"kind_{value}"])
            for value, label in ClaimKind.choices
            if record[f"kind_{value}"]
        ]
        # The record has counted the claims: the paginator need not count again.
        paginator = Paginator(source_claims(source), CLAIMS_PER_PAGE)
        paginator.count = record["claim_count"]
        try:
            context["page"] = paginator.page(self.request.GET.get("page") or 1)
        except InvalidPage as exc:
            raise Http404(str(exc)) from None
        return context


class DocumentListView(TemplateView):
    template_name = "claims/document_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        documents = list(Document.objects.defer("body", "front_matter").order_by("title", "pk"))
        # One GROUP BY over claim_document_position_idx, not a count per document.
        counts = dict(Claim.objects.order_by().values_list("document_id").annotate(n=Count("*")))
        for document in documents:
            document.claim_count = counts.get(document.pk, 0)
        context["documents"] = documents
        return context


class DocumentDetailView(DetailView):
    """The article as written, every claim highlighted and linked, events marked."""

    template_name = "claims/document_detail.html"
    context_object_name = "document"
    slug_field = "slug"

    def get_queryset(self):
        return Document.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        claims = (
            Claim.objects.filter(document=document, char_start__isnull=False)
            .select_related("source")
            .order_by("char_start", "pk")
        )
        events = Event.objects.filter(document=document, position__isnull=False).order_by(
            "position", "pk"
        )
        context["rendered"] = render_document(
            document.body,
            claims,
            events,
        )
        context["claim_count"] = len(claims)  # evaluated above: no extra query
        return context
