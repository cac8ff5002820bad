"""Counting big lists: an unfiltered list of a big PostgreSQL table answers with
the planner's row estimate (flagged), every filtered list with an exact count."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection

from claims.api import pagination
from tests.factories import make_claim, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    settings.API_ANON_RATE = "100000/minute"
    cache.clear()


def test_small_lists_are_counted_exactly(client):
    make_claim()
    page = client.get("/api/claims/").json()
    assert page["count"] == 1
    assert page["count_is_estimate"] is False


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row estimates are PostgreSQL's")
def test_an_unfiltered_big_table_is_estimated_and_a_filtered_one_counted(client, monkeypatch):
    sohr = make_source(slug="sohr")
    for _ in range(3):
        make_claim(source=sohr)
    make_claim()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    # Treat these four rows as "big": the estimate replaces the count.
    monkeypatch.setattr(pagination, "ESTIMATE_ABOVE", 0)

    unfiltered = client.get("/api/claims/").json()
    assert unfiltered["count_is_estimate"] is True
    assert unfiltered["count"] == 4  # ANALYZE of a tiny table reads every row

    filtered = client.get("/api/claims/?source=sohr").json()
    assert filtered["count_is_estimate"] is False
    assert filtered["count"] == 3
