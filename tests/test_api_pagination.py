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


def _paged_ids(client, query: str, page_size: int) -> tuple[list[int], set[int]]:
    """Every id of the list `query`, page after page, and the counts the pages gave."""
    ids: list[int] = []
    counts = set()
    number = 1
    while True:
        response = client.get(f"/api/claims/?{query}&page_size={page_size}&page={number}")
        assert response.status_code == 200, response.content[:300]
        page = response.json()
        ids += [row["id"] for row in page["results"]]
        counts.add(page["count"])
        if page["next"] is None:
            return ids, counts
        number += 1


def test_a_search_combined_with_other_filters_is_counted_exactly(client):
    """The count is taken in the page's own statement, and for a search on the
    filters alone (not through the index-ordered subquery the page uses): it
    must still be the number of rows the pages hold, whatever else narrows them."""
    sohr = make_source(slug="sohr")
    other = make_source(slug="other")
    expected = []
    for index in range(7):
        match = make_claim(source=sohr, text=f"Shelling of the bridge, report {index}")
        expected.append(match.pk)
        make_claim(source=other, text=f"Shelling of the market, report {index}")
        make_claim(source=sohr, text=f"A convoy passed, report {index}")
    for page_size in (1, 3, 50):
        ids, counts = _paged_ids(client, "q=shelling&source=sohr", page_size)
        assert ids == expected
        assert counts == {7}
    ids, counts = _paged_ids(client, "q=shelling&ordering=-id", 4)
    assert len(ids) == 14 and ids == sorted(ids, reverse=True)
    assert counts == {14}


def test_an_empty_list_counts_zero_and_a_page_past_the_end_is_refused(client):
    make_claim(text="The bridge was shelled")
    empty = client.get("/api/claims/?q=zeppelin").json()
    assert (empty["count"], empty["results"], empty["next"]) == (0, [], None)
    assert client.get("/api/claims/?q=bridge&page=2").status_code == 404
    assert client.get("/api/claims/?page=2").status_code == 404
    last = client.get("/api/claims/?q=bridge&page=last").json()
    assert last["count"] == 1 and len(last["results"]) == 1
