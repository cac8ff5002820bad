"""Claims filtered by source slug: the slug is looked up inside the list's own
statement, and checked on its own only when the list comes back empty (or
names several), so an unknown slug is still a 400 naming it, on the API and
on the claims page alike."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from claims.models import ClaimStatus
from tests.factories import make_claim, make_source

pytestmark = pytest.mark.django_db

UNKNOWN = "Select a valid choice. no-such-source is not one of the available choices."


@pytest.fixture(autouse=True)
def _unthrottled(settings):
    settings.API_ANON_RATE = "100000/minute"
    cache.clear()


@pytest.fixture
def sources():
    sohr = make_source(slug="sohr")
    quiet = make_source(slug="quiet")  # a source with no claims
    for _ in range(3):
        make_claim(source=sohr, status=ClaimStatus.DISPUTED)
    make_claim(source=sohr)
    make_claim(source=make_source(slug="amaq"))
    return sohr, quiet


def refused(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 400, (url, response.status_code)
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.mark.parametrize(
    "query",
    [
        "source=no-such-source",
        "source=no-such-source&page=2",
        "source=no-such-source&page=last",
        "source=sohr&source=no-such-source",
        "source=no-such-source&source=sohr&status=disputed",
    ],
)
def test_an_unknown_source_is_a_400_naming_it(client, sources, query):
    assert refused(client, f"/api/claims/?{query}") == {
        "detail": f"Invalid source: {UNKNOWN}",
        "errors": {"source": [UNKNOWN]},
    }


def test_an_unknown_source_is_named_with_the_other_bad_parameters_in_order(client, sources):
    body = refused(client, "/api/claims/?status=maybe&source=no-such-source")
    assert list(body["errors"]) == ["source", "status"]
    assert body["detail"].startswith(f"Invalid source: {UNKNOWN} Invalid status: ")


def test_an_unknown_source_is_a_400_where_nothing_is_paged(client, sources):
    """The export streams, and a detail is one row: both check before reading."""
    claim = sources[0].claims.first()
    for url in ["/api/claims.csv", f"/api/claims/{claim.pk}/"]:
        body = refused(client, f"{url}?source=no-such-source")
        assert body["errors"] == {"source": [UNKNOWN]}, url


def test_a_known_source_without_claims_is_an_empty_list(client, sources):
    body = client.get("/api/claims/?source=quiet").json()
    assert (body["count"], body["results"]) == (0, [])


def test_a_page_beyond_nothing_for_a_known_source_is_a_404(client, sources):
    assert client.get("/api/claims/?source=quiet&page=2").status_code == 404


def test_a_renamed_source_is_found_by_its_new_slug_at_once(client, sources):
    sohr, _ = sources
    assert client.get("/api/claims/?source=sohr").json()["count"] == 4
    sohr.slug = "syrian-observatory"
    sohr.save()
    assert client.get("/api/claims/?source=syrian-observatory").json()["count"] == 4
    assert refused(client, "/api/claims/?source=sohr")["errors"] == {
        "source": ["Select a valid choice. sohr is not one of the available choices."]
    }


@pytest.mark.parametrize("page_size", [1, 2, 1000])
def test_a_filtered_list_is_one_statement_at_any_page_size(
    client, sources, django_assert_num_queries, page_size
):
    # PostgreSQL: 1. the page's ids (the source through its slug, in a subquery)
    # and the count; 2. their rows with their figures.
    # SQLite: 1. the page's rows with the count; 2. their figures.
    # No query of its own for the slug.
    url = f"/api/claims/?source=sohr&status=disputed&page_size={page_size}"
    with django_assert_num_queries(2):
        body = client.get(url).json()
    assert body["count"] == 3


def test_an_empty_filtered_list_checks_its_source(client, sources, django_assert_num_queries):
    # 1. the page (empty) and its count; 2. the source's slug, which names a row.
    with django_assert_num_queries(2):
        body = client.get("/api/claims/?source=quiet&status=disputed").json()
    assert body["count"] == 0


# --- The claims page -------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["source=no-such-source", "source=no-such-source&page=2", "source=sohr&source=no-such-source"],
)
def test_the_claims_page_refuses_an_unknown_source(client, sources, query):
    response = client.get(f"/claims/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Some filters are not valid" in html
    assert "<li>source:" in html


def test_the_claims_page_lists_nothing_for_a_known_source_without_claims(client, sources):
    assert client.get("/claims/?source=quiet").status_code == 200
    assert client.get("/claims/?source=quiet&page=2").status_code == 404
