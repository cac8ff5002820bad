"""Page-number pagination that refuses what DRF's would quietly replace: a
`page_size` that is not a whole number from 1 to the maximum, and a `page` that
is not a whole number, are 400s naming the parameter.

An unfiltered list of a big table gives PostgreSQL's row estimate as its
`count` (and says so with `count_is_estimate`) instead of counting: an exact
COUNT(*) reads every row, tens of milliseconds per request at a million claims.
Filtered lists are always counted exactly; the indexes keep that cheap.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 1000

# Below this many rows an exact count is cheap enough, and exact.
ESTIMATE_ABOVE = 100_000


def estimated_rows(queryset) -> int | None:
    """PostgreSQL's estimate of the rows `queryset` returns, when it is the whole
    table (no WHERE, no DISTINCT) and the table has been analysed; else None."""
    connection = connections[queryset.db]
    query = queryset.query
    if connection.vendor != "postgresql" or query.where or query.distinct or query.combinator:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
            [queryset.model._meta.db_table],
        )
        row = cursor.fetchone()
    # -1 (or 0) until the table is first analysed: then count exactly.
    return row[0] if row and row[0] > 0 else None


class PagedInTwoSteps:
    """A list paged in two steps: `matching` (filtered and ordered) says how many
    rows there are and which ids a page holds; `read(ids)` then reads what the
    page shows for those rows alone, in the same order.

    In one query the joins and per-row subqueries of what a row shows would run
    for every matching row before the sort picks a page (all 16,000 claims about
    a month of events, joined and annotated, to show 50 of them).
    """

    def __init__(self, matching: QuerySet, read: Callable[[QuerySet], QuerySet]):
        self.matching = matching
        self.read = read
        self.ordered = matching.ordered

    def count(self) -> int:
        return self.matching.count()

    def __getitem__(self, index: slice) -> QuerySet:
        return self.read(self.matching.values("pk")[index])


class EstimatingPaginator(Paginator):
    is_estimate = False

    @cached_property
    def count(self) -> int:
        estimate = estimated_rows(getattr(self.object_list, "matching", self.object_list))
        if estimate is not None and estimate > ESTIMATE_ABOVE:
            self.is_estimate = True
            return estimate
        return super().count


class StrictPageNumberPagination(PageNumberPagination):
    django_paginator_class = EstimatingPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {"page_size": [f"A whole number from 1 to {self.max_page_size}, not {raw!r}."]}
            )
        return int(raw)

    def check_parameters(self, request) -> None:
        """Refuse a bad `page` or `page_size` (also for responses that are not
        paginated, such as the CSV export, so that no bad value is ignored)."""
        self.get_page_size(request)
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and raw != "last" and not (raw.isdigit() and int(raw) >= 1):
            raise ValidationError({"page": [f"A whole number from 1, not {raw!r}."]})

    def paginate_queryset(self, queryset, request, view=None):
        self.check_parameters(request)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_is_estimate"] = self.page.paginator.is_estimate
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count"]["description"] = (
            "Rows matching the filters; an estimate when count_is_estimate is true."
        )
        schema["properties"]["count_is_estimate"] = {
            "type": "boolean",
            "description": f"True for an unfiltered list of more than {ESTIMATE_ABOVE:,} rows "
            "on PostgreSQL: count is then the planner's estimate, and the last pages may be "
            "short or empty.",
        }
        schema["required"] = [*schema.get("required", []), "count_is_estimate"]
        return schema

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
                parameter["description"] = (
                    f"Results per page: 1 to {self.max_page_size}; default {self.page_size}."
                )
        return parameters
