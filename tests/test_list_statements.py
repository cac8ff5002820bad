"""A claim list asked for with filters it answered before reuses the statements
compiled then (on PostgreSQL), and answers exactly as if it had compiled them
again: fresh rows and counts, the same errors, and slugs that are looked up
while validating (party, document, place) never kept."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict

from claims.api import list_statements
from claims.models import ClaimStatus
from tests.factories import make_claim, make_party, make_source

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def _unthrottled_and_uncompiled(settings):
    settings.API_ANON_RATE = "100000/minute"
    cache.clear()
    list_statements.COMPILED.clear()


@pytest.fixture
def sohr():
    sohr = make_source(slug="sohr", party=make_party(slug="observers"))
    for _ in range(5):
        make_claim(source=sohr, status=ClaimStatus.DISPUTED)
    make_claim(source=sohr)
    make_claim(source=make_source(slug="amaq"), status=ClaimStatus.DISPUTED)
    return sohr


def _ids(client, url: str) -> tuple[int, list[int]]:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    return body["count"], [row["id"] for row in body["results"]]


def _kept(query: str) -> bool:
    found = list_statements.key(QueryDict(query), "default")
    return found is not None and list_statements.COMPILED.get(found) is not None


@pytest.mark.parametrize(
    "query",
    [
        "source=sohr&status=disputed",
        "status=disputed&ordering=-id",
        "contested=false&ordering=status",
        "q=civilians",
        "",
    ],
)
def test_a_list_asked_again_answers_the_same_page_by_page(client, sohr, query):
    def pages() -> list[tuple[int, list[int]]]:
        count, _ = _ids(client, f"/api/claims/?{query}&page_size=2")
        return [
            _ids(client, f"/api/claims/?{query}&page_size=2&page={number}")
            for number in range(1, (count + 1) // 2 + 1)
        ]

    first = pages()
    assert len(first) >= 2
    assert _kept(query) is ON_POSTGRESQL
    assert pages() == first
    # The whole list at once: the same claims in the same order.
    assert _ids(client, f"/api/claims/?{query}&page_size=1000")[1] == [
        claim for _, page in first for claim in page
    ]


def test_kept_statements_read_the_rows_as_they_are_now(client, sohr):
    url = "/api/claims/?source=sohr&status=disputed"
    count, ids = _ids(client, url)
    added = make_claim(source=sohr, status=ClaimStatus.DISPUTED)
    sohr.claims.filter(pk=ids[0]).update(status=ClaimStatus.CONFIRMED)
    assert _ids(client, url) == (count, [*ids[1:], added.pk])


def test_the_order_of_parameters_does_not_matter_but_the_paging_is_the_pages(client, sohr):
    _ids(client, "/api/claims/?source=sohr&status=disputed&page_size=2")
    assert _kept("status=disputed&source=sohr") is ON_POSTGRESQL
    assert _kept("status=disputed&source=sohr&page=3&format=json") is ON_POSTGRESQL
    assert _ids(client, "/api/claims/?status=disputed&source=sohr&page_size=1")[0] == 5


def test_an_unknown_source_is_refused_every_time(client, sohr):
    for _ in range(3):
        response = client.get("/api/claims/?source=no-such-source&status=disputed")
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["source"]


def test_a_page_past_the_end_is_a_404_every_time(client, sohr):
    _ids(client, "/api/claims/?source=sohr")
    for _ in range(2):
        assert client.get("/api/claims/?source=sohr&page=9").status_code == 404


def test_slugs_looked_up_while_validating_are_never_kept(client, sohr):
    party = sohr.party
    assert _ids(client, "/api/claims/?party=observers")[0] == 6
    assert not _kept("party=observers")
    party.slug = "monitors"
    party.save()
    assert client.get("/api/claims/?party=observers").status_code == 400
    assert _ids(client, "/api/claims/?party=monitors")[0] == 6
    # Several sources are checked against the rows at once: not kept either.
    assert _ids(client, "/api/claims/?source=sohr&source=amaq")[0] == 7
    assert not _kept("source=sohr&source=amaq")
    assert client.get("/api/claims/?source=sohr&source=no-such-source").status_code == 400


def test_only_the_most_recently_used_lists_are_kept():
    kept = list_statements.CompiledLists(size=2)
    for name in ("a", "b"):
        kept.put((name,), name)
    assert kept.get(("a",)) == "a"  # now the most recent
    kept.put(("c",), "c")
    assert kept.get(("b",)) is None
    assert (kept.get(("a",)), kept.get(("c",))) == ("a", "c")
