"""Public pages (so far the claim page, which the admin links to as "view on site")."""

import pytest

from claims import services
from claims.models import ClaimStatus
from tests.factories import (
    make_claim,
    make_document,
    make_event,
    make_figure,
    make_party,
    make_source,
    make_user,
)

pytestmark = pytest.mark.django_db


def test_claim_page_shows_the_claim_its_source_and_history(client):
    sdf = make_party(name="Syrian Democratic Forces")
    claim = make_claim(
        source=make_source(name="SDF Press Office", party=sdf),
        event=make_event(title="Hajin offensive", parties=[sdf]),
        document=make_document(title="Deir ez-Zor campaign"),
        text="ISIL lost 50 fighters",
        verb="stated",
        excerpt="The SDF stated that ISIL lost 50 fighters.",
    )
    make_figure(claim, low=50, high=50, subject="ISIL fighters")
    services.review_claim(
        claim=claim,
        status=ClaimStatus.DISPUTED,
        reviewer=make_user("amira"),
        rationale="Amaq says otherwise.",
        evidence=["https://example.org/amaq"],
    )

    response = client.get(claim.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "SDF Press Office stated: ISIL lost 50 fighters" in page
    assert "self-interested" in page
    assert "Disputed" in page
    assert "Amaq says otherwise." in page
    assert 'href="https://example.org/amaq"' in page
    assert "50 ISIL fighters killed" in page


def test_claim_page_escapes_text(client):
    claim = make_claim(text="<script>alert(1)</script>")
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_unknown_claim_is_404(client):
    assert client.get("/claims/999999/").status_code == 404


def test_claim_page_queries_do_not_grow_with_history(client, django_assert_num_queries):
    """Claim with source, party, event and document (1), figures (1), event
    parties (1), reviews with reviewers (1): 4, however long the history."""
    claim = make_claim(event=make_event(parties=[make_party()]))
    editor = make_user()
    for index in range(20):
        make_figure(claim, low=index, high=index)
        services.review_claim(
            claim=claim, status=ClaimStatus.DISPUTED, reviewer=editor, rationale=f"r{index}"
        )
    with django_assert_num_queries(4):
        assert client.get(claim.get_absolute_url()).status_code == 200
