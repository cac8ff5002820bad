"""The public pages: what a reader sees, what a bad filter gets, and that
every page costs the same number of queries with 1 claim or 100."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import (
    Claim,
    ClaimKind,
    ClaimStatus,
    Document,
    Event,
    RelationKind,
    RelationOrigin,
    Source,
)
from tests.factories import (
    make_claim,
    make_document,
    make_editor,
    make_event,
    make_figure,
    make_party,
    make_place,
    make_source,
    make_user,
)

pytestmark = pytest.mark.django_db

BODY = (
    "## Hajin\n\n"
    "Fighting went on around the town. SOHR stated that 23 civilians had been killed in a "
    "Coalition airstrike on Hajin. The Coalition denied that any civilians had been killed. "
    "Both sides dug in.\n\n"
    "A later paragraph.\n"
)


@dataclass
class World:
    coalition_party: object
    sohr: Source
    coalition: Source
    document: Document
    event: Event
    sohr_claim: Claim
    denial: Claim


def make_world() -> World:
    coalition_party = make_party(slug="coalition", name="US-led Coalition")
    sohr = make_source(slug="sohr", name="Syrian Observatory for Human Rights")
    coalition = make_source(slug="cjtf-oir", name="CJTF-OIR", party=coalition_party)
    document = make_document(slug="deir-ez-zor", title="Deir ez-Zor campaign", body=BODY)
    hajin = make_place(slug="hajin", name="Hajin")
    event = make_event(
        title="Airstrike on Hajin",
        date=dt.date(2018, 12, 3),
        places=[hajin],
        parties=[coalition_party],
        document=document,
        position=BODY.index("SOHR stated"),
        summary="A Coalition airstrike hit Hajin.",
    )
    sohr_start = BODY.index("SOHR stated")
    sohr_end = BODY.index("Hajin.", sohr_start) + len("Hajin.")
    sohr_claim = make_claim(
        source=sohr,
        event=event,
        document=document,
        text="23 civilians had been killed in a Coalition airstrike on Hajin",
        excerpt=BODY[sohr_start:sohr_end],
        verb="stated",
        kind=ClaimKind.CIVILIAN_HARM,
        char_start=sohr_start,
        char_end=sohr_end,
    )
    make_figure(sohr_claim, low=23, high=23, subject="civilians")
    denial_start = BODY.index("The Coalition denied")
    denial_end = BODY.index("killed.", denial_start) + len("killed.")
    denial = make_claim(
        source=coalition,
        event=event,
        document=document,
        text="any civilians had been killed",
        excerpt=BODY[denial_start:denial_end],
        verb="denied",
        kind=ClaimKind.DENIAL,
        char_start=denial_start,
        char_end=denial_end,
    )
    make_figure(denial, low=0, high=0, subject="civilians")
    services.relate_claims(
        from_claim=denial,
        to_claim=sohr_claim,
        kind=RelationKind.DENIES,
        origin=RelationOrigin.IMPORTER,
        note="The Coalition answers SOHR.",
    )
    services.review_claim(
        claim=sohr_claim,
        status=ClaimStatus.DISPUTED,
        reviewer=make_user("amira"),
        rationale="The Coalition denies it; no third source yet.",
        evidence=["https://example.org/cjtf-oir-release"],
    )
    return World(coalition_party, sohr, coalition, document, event, sohr_claim, denial)


@pytest.fixture
def world() -> World:
    return make_world()


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


# --- Home --------------------------------------------------------------------------


def test_home_shows_counts_the_most_contested_events_and_latest_reviews(client, world):
    html = page(client, "/")
    assert "<strong>2</strong> claims" in html
    assert "<strong>1</strong> disputed" in html
    assert world.event.get_absolute_url() in html
    assert "Airstrike on Hajin" in html
    assert "The Coalition denies it" not in html  # rationale stays on the claim page
    assert world.sohr_claim.get_absolute_url() in html
    assert 'action="/claims/"' in html and 'name="q"' in html
    assert '<main id="content"' in html


# --- Claims list ------------------------------------------------------------------------


def test_claims_list_filters_like_the_api(client, world):
    html = page(client, "/claims/?source=sohr&status=disputed")
    assert world.sohr_claim.get_absolute_url() in html
    assert world.denial.get_absolute_url() not in html
    assert "1 claim." in html

    html = page(client, "/claims/?contested=false")
    assert "0 claims." in html

    html = page(client, "/claims/?q=denied+civilians&source=cjtf-oir")
    assert world.denial.get_absolute_url() not in html or "1 claim." in html


def test_claims_list_rows_show_source_date_status_and_contradictions(client, world):
    html = page(client, "/claims/?source=sohr")
    assert "Syrian Observatory for Human Rights" in html
    assert "2018-12-03" in html
    assert 'class="badge badge--disputed">Disputed<' in html
    assert "1 contradiction<" in html


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("status=maybe", "status"),
        ("source=nobody", "source"),
        ("date_after=2018-13-01", "date_after"),
        ("contested=perhaps", "contested"),
        ("ordering=colour", "ordering"),
    ],
)
def test_a_bad_filter_is_a_400_that_names_it(client, world, query, parameter):
    html = page(client, f"/claims/?{query}", status=400)
    assert "Some filters are not valid" in html
    assert f"<li>{parameter}:" in html


def test_a_page_beyond_the_last_is_a_404(client, world):
    page(client, "/claims/?page=9", status=404)
    page(client, "/claims/?page=zero", status=404)


# --- Claim page ------------------------------------------------------------------------


def test_claim_page_shows_the_claim_in_context_with_what_contradicts_it(client, world):
    html = page(client, world.sohr_claim.get_absolute_url())
    assert "Syrian Observatory for Human Rights</a> stated: 23 civilians" in html
    assert "Disputed" in html
    # The sentence, highlighted inside its paragraph.
    assert "Fighting went on around the town." in html
    assert '<mark class="claim-sentence">SOHR stated that 23 civilians' in html
    assert "Both sides dug in." in html
    # The denial, side by side, with its source.
    assert "Contradicted or denied by" in html
    assert world.denial.get_absolute_url() in html
    assert "CJTF-OIR: any civilians had been killed" in html
    assert "suggested, not yet checked" in html
    # History with who, why and evidence; figures; the document position.
    assert "by amira" in html
    assert "no third source yet" in html
    assert 'href="https://example.org/cjtf-oir-release"' in html
    assert "23 civilians killed" in html
    assert f'{world.document.get_absolute_url()}#claim-{world.sohr_claim.pk}"' in html
    assert world.event.get_absolute_url() in html


def test_self_interested_claims_are_marked(client, world):
    html = page(client, world.denial.get_absolute_url())
    assert "Self-interested: US-led Coalition was involved in the event" in html
    assert "Self-interested" not in page(client, world.sohr_claim.get_absolute_url())


def _json_ld(html: str) -> dict | None:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1)) if match else None


def test_reviewed_claims_carry_a_claimreview_json_ld(client, world):
    data = _json_ld(page(client, world.sohr_claim.get_absolute_url()))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == world.sohr_claim.text
    assert data["url"].endswith(world.sohr_claim.get_absolute_url())
    assert data["itemReviewed"]["@type"] == "Claim"
    assert data["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "Syrian Observatory for Human Rights",
    }
    assert data["itemReviewed"]["datePublished"] == "2018-12-03"
    assert data["reviewRating"]["alternateName"] == "Disputed"
    assert data["reviewRating"]["worstRating"] <= data["reviewRating"]["ratingValue"]
    assert data["datePublished"] == dt.date.today().isoformat()


def test_unreviewed_claims_have_no_claimreview(client, world):
    assert _json_ld(page(client, world.denial.get_absolute_url())) is None


def test_the_json_ld_cannot_be_broken_out_of(client, world):
    claim = make_claim(text="</script><script>alert(1)</script>")
    services.review_claim(
        claim=claim, status=ClaimStatus.FALSE, reviewer=make_user(), rationale="Invented."
    )
    html = page(client, claim.get_absolute_url())
    assert "<script>alert(1)" not in html
    assert _json_ld(html)["claimReviewed"] == "</script><script>alert(1)</script>"


def test_only_editors_see_the_edit_in_admin_link(client, world):
    url = world.sohr_claim.get_absolute_url()
    admin_link = f"/admin/claims/claim/{world.sohr_claim.pk}/change/"
    assert admin_link not in page(client, url)

    client.force_login(make_user("reader"))
    assert admin_link not in page(client, url)

    client.force_login(make_editor("editor"))
    assert admin_link in page(client, url)


def test_a_missing_claim_is_a_404(client):
    page(client, "/claims/999999/", status=404)


# --- Events ----------------------------------------------------------------------------


def test_the_timeline_groups_events_by_month_with_counts_and_contested_marks(client, world):
    make_event(title="Quiet day in Susah", date=dt.date(2019, 1, 5))
    html = page(client, "/events/")
    assert "December 2018" in html and "January 2019" in html
    december = html[html.index("December 2018") : html.index("January 2019")]
    assert "Airstrike on Hajin" in december
    assert "2 claims" in december
    assert "contested" in december
    assert "Quiet day in Susah" in html[html.index("January 2019") :]


def test_the_timeline_filters_by_place(client, world):
    make_event(title="Quiet day in Susah", date=dt.date(2019, 1, 5))
    html = page(client, "/events/?place=hajin")
    assert "Airstrike on Hajin" in html
    assert "Quiet day in Susah" not in html
    page(client, "/events/?place=atlantis", status=400)


def test_event_page_shows_every_sources_figures_side_by_side(client, world):
    html = page(client, world.event.get_absolute_url())
    assert "Airstrike on Hajin" in html
    assert "A Coalition airstrike hit Hajin." in html
    table = html[html.index('<table class="figures">') : html.index("</table>")]
    assert "Killed" in table
    assert "Syrian Observatory for Human Rights" in table and "CJTF-OIR" in table
    assert ">23<" in table and ">0<" in table
    assert "self-interested" in table
    assert world.sohr_claim.get_absolute_url() in html
    assert world.denial.get_absolute_url() in html


# --- Sources and documents --------------------------------------------------------------


def test_sources_list_shows_counts_per_status(client, world):
    html = page(client, "/sources/")
    row = html[html.index("Syrian Observatory for Human Rights") :]
    row = row[: row.index("</tr>")]
    assert re.findall(r'<td class="number">(\d+)</td>', row) == ["1", "0", "0", "0", "1", "0", "0"]


def test_source_page_shows_its_track_record(client, world):
    html = page(client, world.coalition.get_absolute_url())
    assert "US-led Coalition" in html
    assert "1 of its claims is contradicted or denied" in html
    assert "1 is about events its own party was involved in" in html
    assert world.denial.get_absolute_url() in html
    page(client, "/sources/nobody/", status=404)


def test_document_page_highlights_every_claim_and_marks_events(client, world):
    html = page(client, world.document.get_absolute_url())
    for claim in (world.sohr_claim, world.denial):
        assert html.count(f'id="claim-{claim.pk}"') == 1
        assert claim.get_absolute_url() in html
    assert f'id="event-{world.event.pk}"' in html
    assert "2 claims highlighted" in html
    assert world.document.title in page(client, "/documents/")


def test_an_article_cannot_inject_markup_into_its_page(client):
    document = make_document(
        body="Intro.\n\n<script>alert('x')</script> and [a](javascript:alert(1))\n"
    )
    html = page(client, document.get_absolute_url())
    assert "<script>alert" not in html
    assert 'href="javascript:' not in html


# --- Constant queries --------------------------------------------------------------------


def _add_claims(world: World, count: int) -> None:
    for number in range(count):
        event = make_event(
            title=f"Clash {number}",
            date=dt.date(2018, 1 + number % 12, 1 + number % 28),
            parties=[world.coalition_party],
            places=[make_place()],
            document=world.document,
            position=number,
        )
        claim = make_claim(
            source=world.sohr if number % 2 else world.coalition,
            event=event,
            document=world.document,
            char_start=number,
            char_end=number + 5,
        )
        make_figure(claim, low=number, high=number + 3)
        if number % 3 == 0:
            services.relate_claims(
                from_claim=claim,
                to_claim=world.sohr_claim,
                kind=RelationKind.CONTRADICTS,
                origin=RelationOrigin.IMPORTER,
            )
            services.review_claim(
                claim=claim, status=ClaimStatus.FALSE, reviewer=make_user(), rationale="No."
            )


def _urls(world: World) -> list[str]:
    return [
        "/",
        "/claims/",
        "/claims/?source=sohr&status=disputed&status=false&contested=true",
        world.sohr_claim.get_absolute_url(),
        "/events/",
        world.event.get_absolute_url(),
        "/sources/",
        world.sohr.get_absolute_url(),
        "/documents/",
        world.document.get_absolute_url(),
    ]


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("who", ["reader", "editor"])
def test_every_page_costs_the_same_queries_with_1_claim_or_100(who, world):
    client = Client()
    if who == "editor":
        client.force_login(make_editor("editor"))
    small = {url: _queries(client, url) for url in _urls(world)}
    _add_claims(world, 100)
    large = {url: _queries(client, url) for url in _urls(world)}
    assert large == small
    assert max(small.values()) <= 12
