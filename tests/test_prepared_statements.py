"""PostgreSQL keeps a plan for the claim list's page statement: prepared after
a few runs on a connection, with only the request's values as parameters, so
that one generic plan serves every request instead of planning each afresh."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection

from tests.factories import make_claim, make_source

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
    ),
]

# The list's figures aggregate appears in its page statement and nowhere else.
PAGE_STATEMENTS = """
    SELECT parameter_types::text[], generic_plans, custom_plans
    FROM pg_prepared_statements
    WHERE statement LIKE '%%JSONB_AGG%%' AND statement LIKE %s
"""


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    settings.API_ANON_RATE = "100000/minute"
    cache.clear()


def _page_statements(containing: str) -> list[tuple[list[str], int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(PAGE_STATEMENTS, [f"%{containing}%"])
        return cursor.fetchall()


def test_the_list_page_statement_is_prepared_with_only_the_requests_values(client):
    sohr = make_source(slug="sohr")
    make_claim(source=sohr, status="disputed")
    make_claim()
    # psycopg prepares a statement on its sixth run; PostgreSQL plans a prepared
    # statement's first five runs with their values, then keeps one plan.
    for _ in range(14):
        assert client.get("/api/claims/?source=sohr&status=disputed").status_code == 200
        assert client.get("/api/claims/").status_code == 200

    filtered = _page_statements('"claims_claim"."status" = $')
    # The slug and the status, once for the count and once for the page's ids:
    # the statement's own constants (relation kinds and states) are written in.
    assert [types for types, _, _ in filtered] == [["text", "text", "text", "text"]]

    unfiltered = _page_statements("reltuples")
    assert len(unfiltered) == 1
    types, generic_plans, custom_plans = unfiltered[0]
    assert types == ["regclass"]
    assert (custom_plans, generic_plans) == (5, 4)


def test_lists_answer_the_same_once_their_statements_are_prepared(client):
    make_claim(source=make_source(slug="sohr"), status="disputed")
    first = client.get("/api/claims/?source=sohr").json()
    for _ in range(7):
        again = client.get("/api/claims/?source=sohr").json()
    assert again == first
    assert again["count"] == 1
