"""PostgreSQL keeps a plan for the claim list's rows: one statement for every
page (the page's ids its one parameter), prepared after a few runs on a
connection, so that one generic plan serves every request instead of planning
each afresh."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection

from tests.factories import make_claim, make_relation, make_source

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
    ),
]

# The list's figures aggregate appears in its rows statement and nowhere else.
ROWS_STATEMENTS = """
    SELECT parameter_types::text[], generic_plans, custom_plans, statement
    FROM pg_prepared_statements
    WHERE statement LIKE '%%JSONB_AGG%%'
"""


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    settings.API_ANON_RATE = "100000/minute"
    cache.clear()


def _rows_statements() -> list[tuple[list[str], int, int, str]]:
    with connection.cursor() as cursor:
        cursor.execute(ROWS_STATEMENTS)
        return cursor.fetchall()


def test_every_list_reads_its_rows_with_one_prepared_statement_and_plan(client):
    sohr = make_source(slug="sohr")
    disputed = [make_claim(source=sohr, status="disputed") for _ in range(12)]
    for claim in disputed:
        make_relation(claim, make_claim(), kind="contradicts")
    # PostgreSQL keeps the generic plan when it looks no dearer than planning
    # for the values: for a page of a dozen ids or more (it guesses ten).
    # psycopg prepares a statement on its sixth run; PostgreSQL plans a prepared
    # statement's first five runs with their values, then keeps one plan.
    for _ in range(5):
        for query in ("source=sohr&status=disputed", "", "contested=true", "page_size=20"):
            assert client.get(f"/api/claims/?{query}").status_code == 200

    [(types, generic_plans, custom_plans, statement)] = _rows_statements()
    # The page's ids alone: the statement's own constants (the relation kinds
    # and states of the contradiction count) are written in, so that the plan
    # can use the partial indexes whose conditions name them.
    assert types == ["bigint[]"]
    assert "'rejected'" in statement
    assert (custom_plans, generic_plans) == (5, 10)


def test_lists_answer_the_same_once_their_statements_are_prepared(client):
    make_claim(source=make_source(slug="sohr"), status="disputed")
    first = client.get("/api/claims/?source=sohr").json()
    for _ in range(7):
        again = client.get("/api/claims/?source=sohr").json()
    assert again == first
    assert again["count"] == 1
