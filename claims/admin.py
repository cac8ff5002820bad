"""The editors' review desk.

Status changes and relation decisions go through `claims.services` from here as
from everywhere else: the claim form's review fields, the bulk "mark as …"
actions (which ask for a rationale first) and the relation accept/reject
actions all record the acting editor.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from . import services
from .forms import EvidenceField, ReviewDecisionForm
from .models import (
    Claim,
    ClaimStatus,
    Document,
    Event,
    Figure,
    Party,
    Place,
    Relation,
    RelationState,
    Review,
    Source,
)

REVIEW_PERMISSION = "claims.add_review"


def _admin_link(obj, text: str | None = None) -> str:
    url = reverse(f"admin:claims_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, text or str(obj))


def _become(obj, stored) -> None:
    """Make the admin's unsaved form instance `obj` the row that a service stored
    in its place, so that what the admin does after `save_model` (log entry,
    message, redirect) describes what is in the database."""
    for field in stored._meta.concrete_fields:
        # Setting a foreign key's id drops a related object cached for another id.
        setattr(obj, field.attname, getattr(stored, field.attname))
        if field.is_relation and field.is_cached(stored):
            field.set_cached_value(obj, field.get_cached_value(stored))
    obj._state.adding = False


# --- Reference rows ----------------------------------------------------------


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "source_count"]
    search_fields = ["name", "slug", "aliases"]
    readonly_fields = ["reference_snapshot"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(source_count=Count("sources"))

    @admin.display(description="sources", ordering="source_count")
    def source_count(self, party: Party) -> int:
        return party.source_count


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "party", "needs_review", "claim_count"]
    list_filter = ["kind", "party", "needs_review"]
    list_select_related = ["party"]
    search_fields = ["name", "slug", "aliases"]
    autocomplete_fields = ["party"]
    readonly_fields = ["reference_snapshot"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, source: Source) -> int:
        return source.claim_count


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "governorate", "country", "latitude", "longitude"]
    list_filter = ["country", "governorate"]
    search_fields = ["name", "slug", "aliases"]
    readonly_fields = ["reference_snapshot"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "author", "published_at", "imported_at"]
    search_fields = ["title", "slug"]
    # Documents are what the importer read; correcting them means re-importing.
    readonly_fields = [
        "slug",
        "title",
        "description",
        "author",
        "published_at",
        "tags",
        "front_matter",
        "body",
        "sha256",
        "imported_at",
    ]

    def has_add_permission(self, request) -> bool:
        # Documents come from `manage.py import_seeds`, which also makes their
        # events and claims; an empty one typed into the admin means nothing.
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["date_label", "title", "kind", "document", "claim_count"]
    list_filter = ["kind", "date_precision", "document"]
    list_select_related = ["document"]
    search_fields = ["title", "summary"]
    date_hierarchy = "date"
    autocomplete_fields = ["places", "parties", "document"]
    readonly_fields = ["position", "created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description="date", ordering="date")
    def date_label(self, event: Event) -> str:
        return event.date_label

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, event: Event) -> int:
        return event.claim_count


# --- Claims ------------------------------------------------------------------


class FigureInline(admin.TabularInline):
    model = Figure
    extra = 0
    fields = ["quantity", "subject", "low", "high", "as_written"]


class _RelationInline(admin.TabularInline):
    """Relations are shown here and made or decided on the Relation pages, where
    they go through the relation services (pair order, suggestion decisions)."""

    model = Relation
    extra = 0
    can_delete = False
    show_change_link = True
    other_side: str

    def get_fields(self, request, obj=None):
        return ["kind", "other_claim", "state", "origin", "note"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(f"{self.other_side}__source")

    @admin.display(description="other claim")
    def other_claim(self, relation: Relation) -> str:
        return _admin_link(getattr(relation, self.other_side))


class RelationsFromInline(_RelationInline):
    fk_name = "from_claim"
    other_side = "to_claim"
    verbose_name = "relation from this claim"
    verbose_name_plural = "relations from this claim"


class RelationsToInline(_RelationInline):
    fk_name = "to_claim"
    other_side = "from_claim"
    verbose_name = "relation to this claim"
    verbose_name_plural = "relations to this claim"


class ReviewInline(admin.TabularInline):
    """The claim's review history, newest first. Append-only: nothing here edits it."""

    model = Review
    extra = 0
    can_delete = False
    fields = ["created_at", "status", "reviewer", "rationale", "evidence"]
    readonly_fields = fields
    verbose_name_plural = "review history"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewer")


class ContestedFilter(admin.SimpleListFilter):
    title = "contested"
    parameter_name = "contested"

    def lookups(self, request, model_admin):
        return [("yes", "Yes: contradicted or denied"), ("no", "No")]

    def queryset(self, request, queryset: QuerySet[Claim]):
        if self.value() == "yes":
            return queryset.contested()
        if self.value() == "no":
            return queryset.uncontested()
        return queryset


_CLAIM_FIELDS_SAVED_BY_FORM = [
    field.name
    for field in Claim._meta.concrete_fields
    if not field.primary_key and field.name != "status"
]


class ClaimAdminForm(forms.ModelForm):
    """The claim's own fields, plus an optional review: choosing a new status
    records a Review (with this rationale and evidence) when the claim is saved."""

    new_status = forms.ChoiceField(
        choices=[("", "— keep the current status —"), *ClaimStatus.choices],
        required=False,
        label="Change status to",
    )
    review_rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Rationale",
        help_text="Required with a status change; kept in the review history.",
    )
    review_evidence = EvidenceField(label="Evidence")

    class Meta:
        model = Claim
        fields = [
            "source",
            "event",
            "text",
            "verb",
            "kind",
            "stated_on",
            "stated_on_precision",
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_status") and not (cleaned.get("review_rationale") or "").strip():
            self.add_error("review_rationale", "Say why the status changes.")
        return cleaned


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    form = ClaimAdminForm
    list_display = [
        "short_text",
        "source",
        "party",
        "event_date",
        "status",
        "kind",
        "contradiction_count",
    ]
    list_filter = [
        "status",
        "kind",
        ContestedFilter,
        ("source__party", admin.RelatedFieldListFilter),
        "source",
        "document",
    ]
    list_select_related = ["source__party", "event"]
    search_fields = ["text", "excerpt", "source__name"]
    date_hierarchy = "event__date"
    autocomplete_fields = ["source", "event"]
    readonly_fields = [
        "status",
        "document",
        "section",
        "char_start",
        "char_end",
        "excerpt",
        "created_at",
        "updated_at",
    ]
    inlines = [FigureInline, RelationsFromInline, RelationsToInline, ReviewInline]

    class Media:
        css = {"all": ["claims/admin.css"]}

    actions = [
        "mark_corroborated",
        "mark_confirmed",
        "mark_disputed",
        "mark_false",
        "mark_retracted",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_contradiction_count()

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["source", "event", "text", "verb", "kind"]}),
            ("When it was said", {"fields": ["stated_on", "stated_on_precision"]}),
            (
                "Provenance",
                {
                    "fields": [
                        "document",
                        "section",
                        "excerpt",
                        "char_start",
                        "char_end",
                        "created_at",
                        "updated_at",
                    ]
                },
            ),
        ]
        if self.has_review_permission(request):
            fieldsets.insert(
                1,
                (
                    "Confirmation status",
                    {"fields": ["status", "new_status", "review_rationale", "review_evidence"]},
                ),
            )
        else:
            fieldsets.insert(1, ("Confirmation status", {"fields": ["status"]}))
        return fieldsets

    def save_model(self, request, obj: Claim, form, change: bool) -> None:
        with transaction.atomic():
            if change:
                # `status` is written by services.review_claim only: saving the
                # claim's own fields must not write back the status read at the
                # start of the request over a review recorded since.
                obj.save(update_fields=_CLAIM_FIELDS_SAVED_BY_FORM)
            else:
                super().save_model(request, obj, form, change)
            new_status = form.cleaned_data.get("new_status")
            if new_status and self.has_review_permission(request):
                services.review_claim(
                    claim=obj,
                    status=new_status,
                    reviewer=request.user,
                    rationale=form.cleaned_data["review_rationale"],
                    evidence=form.cleaned_data["review_evidence"],
                )

    def has_review_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REVIEW_PERMISSION)

    @admin.display(description="claim", ordering="text")
    def short_text(self, claim: Claim) -> str:
        return Truncator(claim.text).chars(90)

    @admin.display(description="party", ordering="source__party__name")
    def party(self, claim: Claim) -> str:
        return claim.source.party.name if claim.source.party else "—"

    @admin.display(description="event date", ordering="event__date")
    def event_date(self, claim: Claim) -> str:
        return claim.event.date_label if claim.event else "—"

    @admin.display(description="contradictions", ordering="contradiction_count")
    def contradiction_count(self, claim: Claim) -> int:
        return claim.contradiction_count

    # Bulk review actions: each asks for a rationale (and evidence) on an
    # intermediate page, then records one Review per claim by the acting editor.

    def _mark(self, request: HttpRequest, queryset: QuerySet[Claim], status: str):
        label = ClaimStatus(status).label.lower()
        if "apply" in request.POST:
            form = ReviewDecisionForm(request.POST)
            if form.is_valid() and form.cleaned_data["status"] == status:
                try:
                    with transaction.atomic():
                        for claim in queryset:
                            services.review_claim(
                                claim=claim,
                                status=status,
                                reviewer=request.user,
                                rationale=form.cleaned_data["rationale"],
                                evidence=form.cleaned_data["evidence"],
                            )
                except ValidationError as exc:
                    self.message_user(request, " ".join(exc.messages), messages.ERROR)
                    return None
                count = queryset.count()
                self.message_user(
                    request,
                    f"Marked {count} claim{'s' if count != 1 else ''} as {label}.",
                    messages.SUCCESS,
                )
                return None
        else:
            form = ReviewDecisionForm(initial={"status": status})
        form.fields["status"].widget = forms.HiddenInput()
        count = queryset.count()
        context = {
            **self.admin_site.each_context(request),
            "title": f"Mark {count} claim{pluralize(count)} as {label}",
            "opts": self.model._meta,
            "claims": queryset.select_related("source"),
            "form": form,
            "action": request.POST.get("action"),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "status_label": label,
        }
        return TemplateResponse(request, "admin/claims/claim/review_action.html", context)

    @admin.action(description="Mark selected claims as corroborated", permissions=["review"])
    def mark_corroborated(self, request, queryset) -> HttpResponse | None:
        return self._mark(request, queryset, ClaimStatus.CORROBORATED)

    @admin.action(description="Mark selected claims as confirmed", permissions=["review"])
    def mark_confirmed(self, request, queryset) -> HttpResponse | None:
        return self._mark(request, queryset, ClaimStatus.CONFIRMED)

    @admin.action(description="Mark selected claims as disputed", permissions=["review"])
    def mark_disputed(self, request, queryset) -> HttpResponse | None:
        return self._mark(request, queryset, ClaimStatus.DISPUTED)

    @admin.action(description="Mark selected claims as false", permissions=["review"])
    def mark_false(self, request, queryset) -> HttpResponse | None:
        return self._mark(request, queryset, ClaimStatus.FALSE)

    @admin.action(description="Mark selected claims as retracted", permissions=["review"])
    def mark_retracted(self, request, queryset) -> HttpResponse | None:
        return self._mark(request, queryset, ClaimStatus.RETRACTED)


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = ["__str__", "quantity", "subject", "low", "high", "claim"]
    list_filter = ["quantity"]
    list_select_related = ["claim__source"]
    search_fields = ["subject", "as_written", "claim__text"]
    autocomplete_fields = ["claim"]


# --- Relations and reviews ---------------------------------------------------


class RelationAdminForm(forms.ModelForm):
    class Meta:
        model = Relation
        fields = ["from_claim", "kind", "to_claim", "note"]

    def clean(self):
        cleaned = super().clean()
        from_claim, to_claim, kind = (cleaned.get(k) for k in ("from_claim", "to_claim", "kind"))
        if from_claim and to_claim and kind:
            if from_claim == to_claim:
                # On the field, so that model validation leaves out the database
                # constraints on it, which would only add their generic messages
                # ("Constraint “relation_not_to_itself” is violated.").
                self.add_error("to_claim", "A claim cannot be related to itself.")
                return cleaned
            # Store a symmetric pair in its one order before the uniqueness check.
            cleaned["from_claim"], cleaned["to_claim"] = Relation.ordered_pair(
                from_claim, to_claim, kind
            )
            self.undecided = (
                Relation.objects.filter(
                    from_claim=cleaned["from_claim"], to_claim=cleaned["to_claim"], kind=kind
                )
                .exclude(state=RelationState.ACCEPTED)
                .first()
            )
        return cleaned

    undecided: Relation | None = None

    def _get_validation_exclusions(self) -> set[str]:
        # An editor linking a pair the importer suggested (or that was rejected)
        # is deciding it: relate_claims accepts the existing row, so the pair's
        # uniqueness (a constraint that includes `kind`) must not refuse it.
        exclusions = super()._get_validation_exclusions()
        if self.undecided is not None:
            exclusions.add("kind")
        return exclusions


@admin.register(Relation)
class RelationAdmin(admin.ModelAdmin):
    form = RelationAdminForm
    list_display = ["from_link", "kind", "to_link", "state", "origin", "created_by", "created_at"]
    list_filter = ["state", "kind", "origin"]
    list_select_related = ["from_claim__source", "to_claim__source", "created_by"]
    search_fields = ["from_claim__text", "to_claim__text", "note"]
    autocomplete_fields = ["from_claim", "to_claim"]
    actions = ["accept", "reject"]

    def get_readonly_fields(self, request, obj=None):
        provenance = ["state", "origin", "created_by", "created_at", "decided_by", "decided_at"]
        if obj is None:
            return provenance
        # The pair and kind identify a relation; a different link is a new relation.
        return ["from_claim", "kind", "to_claim", *provenance]

    def save_model(self, request, obj: Relation, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        relation = services.relate_claims(
            from_claim=form.cleaned_data["from_claim"],
            to_claim=form.cleaned_data["to_claim"],
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data.get("note", ""),
            created_by=request.user,
        )
        # The admin redirects to (and logs) the relation actually stored, which may
        # be an existing one, or the same pair in its stored order.
        _become(obj, relation)

    @admin.display(description="claim", ordering="from_claim__text")
    def from_link(self, relation: Relation) -> str:
        return _admin_link(relation.from_claim)

    @admin.display(description="other claim", ordering="to_claim__text")
    def to_link(self, relation: Relation) -> str:
        return _admin_link(relation.to_claim)

    def _decide(self, request, queryset: QuerySet[Relation], state: str) -> None:
        with transaction.atomic():
            for relation in queryset:
                services.decide_relation(relation=relation, state=state, decided_by=request.user)
        self.message_user(request, f"{queryset.count()} relation(s) {state}.", messages.SUCCESS)

    @admin.action(description="Accept selected relations", permissions=["change"])
    def accept(self, request, queryset) -> None:
        self._decide(request, queryset, RelationState.ACCEPTED)

    @admin.action(description="Reject selected relations", permissions=["change"])
    def reject(self, request, queryset) -> None:
        self._decide(request, queryset, RelationState.REJECTED)


class ReviewAdminForm(forms.ModelForm):
    evidence = EvidenceField()

    class Meta:
        model = Review
        fields = ["claim", "status", "rationale", "evidence"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """The history of every decision. A review is added (through the review
    service, as the logged-in editor) and never changed or deleted."""

    form = ReviewAdminForm
    list_display = ["created_at", "claim_link", "status", "reviewer"]
    list_filter = ["status"]
    list_select_related = ["claim__source", "reviewer"]
    search_fields = ["rationale", "claim__text"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["claim"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["claim", "status", "rationale", "evidence", "reviewer", "created_at"]

    def has_change_permission(self, request, obj=None) -> bool:
        # Viewing a saved review is allowed; the form is read-only for it.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj: Review, form, change: bool) -> None:
        review = services.review_claim(
            claim=form.cleaned_data["claim"],
            status=form.cleaned_data["status"],
            reviewer=request.user,
            rationale=form.cleaned_data["rationale"],
            evidence=form.cleaned_data["evidence"],
        )
        # The admin then logs and names `obj` ("The review “…” was added"), which
        # reads the reviewer and the date: make it the review actually stored.
        _become(obj, review)

    @admin.display(description="claim", ordering="claim__text")
    def claim_link(self, review: Review) -> str:
        return _admin_link(review.claim)
