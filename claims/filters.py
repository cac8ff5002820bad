"""The filters readers and programs narrow claims and events with.

One FilterSet per resource, shared by the REST API and the public pages, so a
query means the same thing in both places. Every value is validated: a bad one
is an error naming its parameter, never silently dropped (which is why the
booleans are choice filters: django-filter's BooleanFilter reads "maybe" as
"no filter").
"""

from __future__ import annotations

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet, Subquery
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django_filters import rest_framework as filters
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import ModelMultipleChoiceField
from drf_spectacular.utils import extend_schema_field

from .models import (
    Claim,
    ClaimKind,
    ClaimStatus,
    Document,
    Event,
    EventKind,
    Party,
    Place,
    Relation,
    RelationKind,
    RelationOrigin,
    RelationState,
    Source,
)

TRUE_OR_FALSE = [("true", "true"), ("false", "false")]


def _document(filter_: filters.Filter, schema: dict) -> None:
    """Give the OpenAPI schema `schema` for `filter_`'s parameter (with its help
    text) instead of what drf-spectacular would guess."""
    extend_schema_field({**schema, "description": filter_.extra.get("help_text", "")})(filter_)


def _true_or_false(value: str) -> bool:
    return value == "true"


class TrueFalseFilter(filters.TypedChoiceFilter):
    """`true` or `false` and nothing else; calls `method(queryset, name, bool)`.

    The form field makes the bool: a filter with a `method` hands the method the
    cleaned value and never calls the filter's own `filter()`, so converting
    there would give the method the string "false", which is truthy.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", TRUE_OR_FALSE)
        kwargs.setdefault("coerce", _true_or_false)
        kwargs.setdefault("empty_value", None)
        super().__init__(*args, **kwargs)
        # A query-string boolean; without this the schema said "a boolean, one of
        # the strings 'true' and 'false'", which no value satisfies.
        _document(self, {"type": "boolean"})


# Ids are 64-bit (BigAutoField): a larger number names nothing, and SQLite
# cannot even bind it as a parameter (OverflowError, a 500).
MAX_ID = 2**63 - 1


class IdFilter(filters.NumberFilter):
    """A row id: a whole number from 1 to MAX_ID (django-filter's NumberFilter
    accepts "1.5")."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)
        _document(self, {"type": "integer", "minimum": 1, "maximum": MAX_ID})


class SlugsField(ModelMultipleChoiceField):
    """Slugs of rows, cleaned without reading the rows: `clean` gives the distinct
    slugs, and whether one slug names a row is left to `check_rows`, which the
    list asks only when it found nothing. A slug that names no row matches
    nothing, so a list with rows cannot hold one; an unknown slug among known
    ones can, so several slugs are checked here, at once."""

    def clean(self, value):
        value = self.prepare_value(value)
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if not value:
            return []
        if not isinstance(value, (list, tuple)):
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        try:
            slugs = frozenset(value)
        except TypeError:  # a list of lists
            raise ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        for slug in slugs:
            self.validate_no_null_characters(slug)
        if len(slugs) > 1:
            self.check_rows(slugs)
        self.run_validators(value)
        return sorted(slugs)

    def check_rows(self, slugs) -> None:
        """Raise Django's error for the first slug that names no row (one query)."""
        self._check_values(slugs)


class SlugsFilter(filters.ModelMultipleChoiceFilter):
    """Several rows named by slug; filters on their ids, looked up by slug in the
    list's own statement (`source_id = (SELECT id … WHERE slug = …)`, which the
    indexes serve) rather than in a query of its own beforehand."""

    field_class = SlugsField

    def filter(self, qs: QuerySet, value: list[str]) -> QuerySet:
        if not value:
            return qs
        rows = self.queryset.filter(**{f"{self.field.to_field_name}__in": value}).values("pk")
        if len(value) == 1:
            # One slug names at most one row (slugs are unique): as a scalar
            # subquery PostgreSQL runs it first and reads the claims for that one
            # id in order from claim_source_status_idx; as `IN (SELECT …)` it
            # joins and sorts every match (1.4 ms rather than 0.1 for sohr's).
            predicate = {self.field_name: Subquery(rows)}
        else:
            predicate = {f"{self.field_name}__in": rows}
        qs = self.get_method(qs)(**predicate)
        return qs.distinct() if self.distinct else qs


class SlugCheckingForm(forms.Form):
    """A filter form whose slug fields (SlugsField) may leave a slug unchecked;
    `check_rows` checks it. A form with errors checks at once, so that every bad
    parameter is named in one answer."""

    def clean(self):
        cleaned_data = super().clean()
        if self._errors:
            self.check_rows()
        return cleaned_data

    def check_rows(self) -> bool:
        """Whether every slug names a row; if not, the error is the field's."""
        for name, field in self.fields.items():
            slugs = self.cleaned_data.get(name) if isinstance(field, SlugsField) else None
            if slugs:
                try:
                    field.check_rows(slugs)
                except ValidationError as error:
                    self.add_error(name, error)
        # In the fields' order, as when the field itself raised it.
        errors = {name: self._errors[name] for name in self.fields if name in self._errors}
        errors.update(self._errors)
        self._errors = ErrorDict(errors)
        return not self._errors


class StableOrderingFilter(filters.OrderingFilter):
    """`ordering` that pages reliably and means the same on every database.

    Ties are broken by id: rows that compare equal (claims about one event, of
    one status) otherwise come back in whatever order the database likes, which
    may differ from one page's query to the next's, repeating some rows and
    skipping others. Rows without a value (a claim with no event, an undated
    event) come last in both directions: PostgreSQL and SQLite disagree on where
    NULLs go, and each puts them first one way round.
    """

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        param = param.removeprefix("-")
        column = F(self.param_map.get(param, param))
        return column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)

    def filter(self, qs, value):
        params = [param for param in value or () if param not in EMPTY_VALUES]
        if not params:
            return qs
        ordering = [self.get_ordering_value(param) for param in params]
        if not any(self.param_map.get(param.removeprefix("-")) == "id" for param in params):
            ordering.append(F("id").asc())
        return qs.order_by(*ordering)


class FilterSet(filters.FilterSet):
    """A FilterSet whose form class is made once per FilterSet class, and whose
    filters are shallow copies of the class's.

    django-filter makes the form class anew for every request, asking every
    filter for a new form field; the fields depend on nothing but the filters'
    declarations here (no queryset depends on the request), and each form still
    works on copies of them, as Django's forms do.

    It also deep-copies every filter (and its form field) for every FilterSet,
    a fifth of the filters' time in a filtered list. A shallow copy is enough:
    per FilterSet django-filter sets attributes on its filters (`parent`,
    `model`, a range filter's `lookup_expr`), which land in the copy's own
    `__dict__`, and changes nothing in place but `extra["queryset"]`
    (QuerySetRequestMixin.field, which writes back the queryset it read there:
    the copy gets its own `extra` anyway). The one thing bound to the filter
    itself is a `method` filter's FilterMethod, which finds the FilterSet
    through its filter's `parent`: each copy gets its own.
    """

    _form_classes: dict[type, type] = {}

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django-filter's, but for the copies.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = type(self.base_filters)(
            (name, self._copy_filter(filter_)) for name, filter_ in self.base_filters.items()
        )
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self

    @staticmethod
    def _copy_filter(filter_: filters.Filter) -> filters.Filter:
        copied = copy.copy(filter_)
        copied.extra = filter_.extra.copy()
        if filter_.method is not None:
            copied.method = filter_.method  # a FilterMethod of the copy's own
        return copied

    def get_form_class(self):
        form_class = self._form_classes.get(type(self))
        if form_class is None:
            # The class's filters' fields, which their copies then share
            # (`Filter.field` is made once per filter).
            fields = {name: filter_.field for name, filter_ in self.base_filters.items()}
            form_class = type(f"{type(self).__name__}Form", (SlugCheckingForm,), fields)
            self._form_classes[type(self)] = form_class
        return form_class

    def check_rows(self) -> bool:
        """Whether every slug the (valid) form names is a row's; if not, the form
        has the error. Lists ask this when they found nothing (SlugsField)."""
        return not self.is_bound or (self.is_valid() and self.form.check_rows())


def _slug_choice(model, field_name: str, help_text: str, **kwargs) -> filters.ModelChoiceFilter:
    return filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=model.objects.all(),
        to_field_name="slug",
        help_text=help_text,
        **kwargs,
    )


class ClaimFilterSet(FilterSet):
    source = SlugsFilter(
        field_name="source",
        queryset=Source.objects.all(),
        to_field_name="slug",
        # Each claim has one source: no duplicate rows, so no DISTINCT to pay for.
        distinct=False,
        help_text="Source slug; repeat for several sources (`source=sohr&source=sdf`).",
    )
    party = _slug_choice(Party, "source__party", "Party slug: claims by that party's sources.")
    status = filters.MultipleChoiceFilter(
        choices=ClaimStatus.choices,
        distinct=False,
        help_text="Confirmation status; repeat for several.",
    )
    kind = filters.ChoiceFilter(choices=ClaimKind.choices, help_text="Kind of claim.")
    document = _slug_choice(Document, "document", "Document slug.")
    event = IdFilter(field_name="event_id", help_text="Event id.")
    place = _slug_choice(
        Place,
        "event__places",
        "Place slug: claims about events at that place.",
        method="filter_place",
    )
    date_after = filters.DateFilter(
        field_name="event__date",
        lookup_expr="gte",
        method="filter_date_after",
        help_text="Claims about events on or after this date (YYYY-MM-DD).",
    )
    date_before = filters.DateFilter(
        field_name="event__date",
        lookup_expr="lte",
        method="filter_date_before",
        help_text="Claims about events on or before this date (YYYY-MM-DD).",
    )
    contested = TrueFalseFilter(
        method="filter_contested",
        help_text="`true`: claims with a live (suggested or accepted) contradiction or "
        "denial; `false`: claims without one.",
    )
    self_interested = TrueFalseFilter(
        method="filter_self_interested",
        help_text="`true`: claims whose source belongs to a party involved in the event.",
    )
    q = filters.CharFilter(
        method="filter_text",
        max_length=200,
        help_text="Text search in the claim and its sentence. On PostgreSQL full-text "
        '(English stemming; "quoted phrases", `or`, `-word`); on SQLite every word must '
        "appear.",
    )
    ordering = StableOrderingFilter(
        fields=(
            ("event__date", "date"),
            ("stated_on", "stated_on"),
            ("created_at", "created"),
            ("updated_at", "updated"),
            ("status", "status"),
            ("id", "id"),
        ),
        help_text="Sort by date (of the event), stated_on, created, updated, status or id; "
        "prefix with `-` for descending; several, comma-separated. Ties are sorted by id, "
        "claims without a value last. Default: id.",
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def filter_contested(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.contested() if value else queryset.uncontested()

    # Place and event dates narrow the events first and then take their claims
    # (ClaimQuerySet.about_events). Both date bounds go into that one subquery:
    # each on its own would list half the events to intersect them afterwards.

    def filter_place(self, queryset: QuerySet, name: str, place: Place) -> QuerySet:
        return queryset.about_events(
            Event.places.through.objects.filter(place=place).values("event_id")
        )

    def filter_date_after(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.about_events(Event.objects.filter(**self._event_date_bounds()))

    def filter_date_before(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if self.form.cleaned_data.get("date_after") is not None:
            return queryset  # filter_date_after took both bounds
        return queryset.about_events(Event.objects.filter(**self._event_date_bounds()))

    def _event_date_bounds(self) -> dict:
        after = self.form.cleaned_data.get("date_after")
        before = self.form.cleaned_data.get("date_before")
        bounds = {}
        if after is not None:
            bounds["date__gte"] = after
        if before is not None:
            bounds["date__lte"] = before
        return bounds

    def filter_self_interested(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.self_interested() if value else queryset.exclude_self_interested()

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value)


class EventFilterSet(FilterSet):
    date_after = filters.DateFilter(
        field_name="date", lookup_expr="gte", help_text="Events on or after (YYYY-MM-DD)."
    )
    date_before = filters.DateFilter(
        field_name="date", lookup_expr="lte", help_text="Events on or before (YYYY-MM-DD)."
    )
    place = _slug_choice(Place, "places", "Place slug.")
    party = _slug_choice(Party, "parties", "Party slug: events that party was involved in.")
    kind = filters.ChoiceFilter(choices=EventKind.choices, help_text="Kind of event.")
    document = _slug_choice(Document, "document", "Document slug.")
    contested = TrueFalseFilter(
        method="filter_contested",
        help_text="`true`: events with a contested claim; `false`: events without one.",
    )
    ordering = StableOrderingFilter(
        fields=(("date", "date"), ("id", "id")),
        help_text="Sort by date or id; prefix with `-` for descending. Ties are sorted by id, "
        "undated events last. Default: date.",
    )

    class Meta:
        model = Event
        fields: list[str] = []

    def filter_contested(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.contested() if value else queryset.uncontested()


class RelationFilterSet(FilterSet):
    claim = IdFilter(method="filter_claim", help_text="Relations of this claim, either way.")
    kind = filters.ChoiceFilter(choices=RelationKind.choices)
    state = filters.ChoiceFilter(choices=RelationState.choices)
    origin = filters.ChoiceFilter(choices=RelationOrigin.choices)

    class Meta:
        model = Relation
        fields: list[str] = []

    def filter_claim(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.involving(value)


class SourceFilterSet(FilterSet):
    party = _slug_choice(Party, "party", "Party slug.")
    needs_review = TrueFalseFilter(
        method="filter_needs_review",
        help_text="`true`: sources the importer met but the reference lists do not know.",
    )

    class Meta:
        model = Source
        fields: list[str] = []

    def filter_needs_review(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(needs_review=value)
