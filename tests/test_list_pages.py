"""The list pages at scale: place and document are typed with suggestions (not a
select of every row), big unfiltered lists say their count is approximate, and
the home page ranks events by their contested claims."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from claims.api import pagination
from claims.models import RelationKind, RelationState
from tests.factories import make_claim, make_document, make_event, make_place, make_relation
from tests.test_views import World, make_world, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def test_place_and_document_are_typed_with_suggestions(client, world):
    make_place(slug="baghouz", name="Baghouz")
    html = page(client, "/claims/")
    assert '<select name="place"' not in html and '<select name="document"' not in html
    assert 'name="place"' in html and 'list="id_place-choices"' in html
    assert '<datalist id="id_place-choices"><option value="baghouz">Baghouz</option>' in html
    assert '<option value="deir-ez-zor">Deir ez-Zor campaign</option>' in html
    make_place(slug="x", name='<script>"&')
    assert '<option value="x">&lt;script&gt;&quot;&amp;</option>' in page(client, "/claims/")
    # The timeline's form too.
    assert 'list="id_place-choices"' in page(client, "/events/")


def test_a_typed_place_filters_and_an_unknown_one_is_a_400(client, world):
    html = page(client, "/claims/?place=hajin")
    assert world.sohr_claim.get_absolute_url() in html
    assert 'value="hajin"' in html  # the typed value stays in the box
    html = page(client, "/claims/?place=atlantis", status=400)
    assert "<li>place:" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row estimates are PostgreSQL's")
def test_an_unfiltered_big_list_page_says_its_count_is_approximate(client, world, monkeypatch):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    monkeypatch.setattr(pagination, "ESTIMATE_ABOVE", 0)
    assert "About 2 claims." in page(client, "/claims/")
    assert "1 claim." in page(client, "/claims/?source=sohr&status=disputed")


def test_home_ranks_events_by_contested_claims(client):
    """Ranked from the contested claims: a rejected relation does not count, and
    ties go to the earlier event."""
    busy = make_event(title="Busy", date=dt.date(2019, 1, 5))
    early = make_event(title="Early", date=dt.date(2018, 1, 5))
    late = make_event(title="Late", date=dt.date(2018, 6, 5))
    quiet = make_event(title="Quiet", date=dt.date(2017, 1, 5))
    a, b, c = (make_claim(event=busy) for _ in range(3))
    make_relation(a, b, kind=RelationKind.CONTRADICTS)
    make_relation(c, a, kind=RelationKind.DENIES)
    make_relation(make_claim(event=late), make_claim(event=None), kind=RelationKind.DENIES)
    make_relation(make_claim(event=early), make_claim(), kind=RelationKind.CONTRADICTS)
    make_relation(
        make_claim(event=quiet),
        make_claim(),
        kind=RelationKind.CONTRADICTS,
        state=RelationState.REJECTED,
    )
    make_document()

    html = page(client, "/")
    ranking = html.split('id="contested"', 1)[1].split("</section>", 1)[0]
    positions = [ranking.find(title) for title in ("Busy", "Early", "Late")]
    assert -1 not in positions and positions == sorted(positions)
    assert "Quiet" not in ranking
    assert "3 contested claims of 3" in ranking
    assert "<strong>7</strong> contested" in html  # a, b, c and both ends of the other two
