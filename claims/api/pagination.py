"""Page-number pagination that refuses what DRF's would quietly replace: a
`page_size` that is not a whole number from 1 to the maximum, and a `page` that
is not a whole number, are 400s naming the parameter.

An unfiltered list of a big table gives PostgreSQL's row estimate as its
`count` (and says so with `count_is_estimate`) instead of counting: an exact
COUNT(*) reads every row, tens of milliseconds per request at a million claims.
Filtered lists are always counted exactly; the indexes keep that cheap.

A list that reads its page as rows of values (the API's) gets its count in the
same statement, as a scalar subquery beside the page's columns: one round trip
and one query to compile fewer per request.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import BigIntegerField, Expression, Func, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 1000

# Below this many rows an exact count is cheap enough, and exact.
ESTIMATE_ABOVE = 100_000


ESTIMATE_SQL = "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass"


def is_estimable(queryset) -> bool:
    """Whether `queryset` is a whole table (no WHERE, no DISTINCT) on PostgreSQL,
    whose size the planner's statistics give."""
    query = queryset.query
    return connections[queryset.db].vendor == "postgresql" and not (
        query.where or query.distinct or query.combinator
    )


def estimated_rows(queryset) -> int | None:
    """PostgreSQL's estimate of the rows `queryset` returns, when it is the whole
    table (no WHERE, no DISTINCT) and the table has been analysed; else None."""
    if not is_estimable(queryset):
        return None
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(ESTIMATE_SQL, [queryset.model._meta.db_table])
        row = cursor.fetchone()
    # -1 (or 0) until the table is first analysed: then count exactly.
    return row[0] if row and row[0] > 0 else None


class RowCount(Func):
    """COUNT(*) of the query it is selected in, without the GROUP BY an aggregate
    would add: `SELECT COUNT(*) FROM … WHERE …` as a scalar subquery."""

    template = "COUNT(*)"
    contains_aggregate = False
    output_field = BigIntegerField()


class PagedInTwoSteps:
    """A list paged in two steps: `matching` (filtered and ordered) says how many
    rows there are and which ids a page holds; `read(ids)` then reads what the
    page shows for those rows alone, in the same order.

    In one query the joins and per-row subqueries of what a row shows would run
    for every matching row before the sort picks a page (all 16,000 claims about
    a month of events, joined and annotated, to show 50 of them).

    With `read_counted(ids, total)`, which reads the page's rows as tuples with
    the scalar expression `total` last, the paginator asks for the page and the
    count together (`page_and_total`).
    """

    def __init__(
        self,
        matching: QuerySet,
        read: Callable[[QuerySet], QuerySet],
        read_counted: Callable[[QuerySet, Expression], list[tuple]] | None = None,
    ):
        self.matching = matching
        self.read = read
        self.read_counted = read_counted
        self.ordered = matching.ordered

    def count(self) -> int:
        return self.matching.count()

    def _page_ids(self) -> QuerySet:
        page_ids = getattr(self.matching, "page_ids", None)
        return page_ids() if page_ids is not None else self.matching.values("pk")

    def __getitem__(self, index: slice) -> QuerySet:
        return self.read(self._page_ids()[index])

    def is_estimable(self) -> bool:
        return is_estimable(self.matching)

    def can_count_with_page(self) -> bool:
        """Whether COUNT(*) of `matching` as it stands is its number of rows
        (not so with DISTINCT or GROUP BY, which Django's count() wraps)."""
        query = self.matching.query
        return (
            self.read_counted is not None
            and not query.distinct
            and not query.combinator
            and query.group_by is None
            and not query.annotations
        )

    def page_and_total(self, index: slice, estimate: bool) -> tuple[list[tuple], int | None]:
        """The page's rows and, from the same statement, the number of matching
        rows: PostgreSQL's estimate of the table's size with `estimate`, else an
        exact count. None as the total when the page is empty."""
        if estimate:
            total = RawSQL(ESTIMATE_SQL, [self.matching.model._meta.db_table])
        else:
            total = Subquery(self.matching.order_by().annotate(n=RowCount()).values("n"))
        rows = self.read_counted(self._page_ids()[index], total)
        if not rows:
            return [], None
        return [row[:-1] for row in rows], rows[0][-1]


class PagedFromStatement(PagedInTwoSteps):
    """A list whose filters were compiled into a statement before: its pages are
    read with `statement` (a PageStatement), and the filtered queryset is made
    by `filtered` only where it is asked for (past the last page, and to check
    the slugs of a list that found nothing)."""

    def __init__(
        self,
        statement,
        estimable: bool,
        filtered: Callable[[], QuerySet],
        read: Callable[[QuerySet], QuerySet],
    ):
        self.statement = statement
        self.estimable = estimable
        self._filtered = filtered
        self.read = read
        self.read_counted = None
        self.ordered = True

    @cached_property
    def matching(self) -> QuerySet:
        return self._filtered()

    def is_estimable(self) -> bool:
        return self.estimable

    def can_count_with_page(self) -> bool:
        return True

    def page_and_total(self, index: slice, estimate: bool) -> tuple[list[tuple], int | None]:
        rows = self.statement.read(index.start, index.stop)
        if not rows:
            return [], None
        return [row[:-1] for row in rows], rows[0][-1]


class EstimatingPaginator(Paginator):
    is_estimate = False

    @cached_property
    def count(self) -> int:
        estimate = estimated_rows(getattr(self.object_list, "matching", self.object_list))
        if estimate is not None and estimate > ESTIMATE_ABOVE:
            self.is_estimate = True
            return estimate
        return super().count

    def page(self, number):
        """The page, counted in the statement that reads it where the list allows
        (PagedInTwoSteps.page_and_total); else as Django pages."""
        pages = self.object_list
        counted = "count" in self.__dict__
        if counted or self.orphans or not isinstance(pages, PagedInTwoSteps):
            return super().page(number)
        if not pages.can_count_with_page():
            return super().page(number)
        try:
            first = (int(number) - 1) * self.per_page
        except (TypeError, ValueError):
            return super().page(number)  # refused there, as ever
        if first < 0:
            return super().page(number)
        estimate = pages.is_estimable()
        rows, total = pages.page_and_total(slice(first, first + self.per_page), estimate)
        if total is None:
            if first or estimate:
                return super().page(number)  # past the end: counted, and refused, there
            total = 0  # nothing on the first page: nothing matches
        if estimate and total <= ESTIMATE_ABOVE:
            # A small (or never analysed) table: counted exactly, as always.
            total = pages.count()
        elif estimate:
            self.is_estimate = True
        self.__dict__["count"] = total
        return self._get_page(rows, self.validate_number(number), self)


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
