"""A reader's path through the public pages, in a real browser.

Debian's Chromium, driven by Playwright, against the tracker served by a live
server with the seed article imported: land on the home page, search, filter
the claims to SOHR's disputed ones, open one, follow a contradiction to the
other claim, open that claim's event and read the figures table — on a desktop
and at a phone's 390 px width. `make test` installs Chromium when missing.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect, sync_playwright

from claims.ingest.importer import import_articles
from claims.models import Claim, ClaimStatus, Figure, Relation
from claims.services import review_claim
from tests.factories import make_user

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def chromium():
    """Debian's Chromium, headless and off the network, through Playwright.

    Start it only after the test's database work: Playwright runs an event
    loop in this thread, and Django refuses database calls from such a thread.
    """
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def _seed_with_a_disputed_sohr_claim() -> tuple[Claim, Claim]:
    """Import the seed article and mark disputed a SOHR claim that another
    source contradicts, where that other claim's event has figures. Returns
    (the SOHR claim, the contradicting claim)."""
    summary = import_articles([settings.SEEDS_DIR])
    assert not summary.failures
    for claim in Claim.objects.filter(source__slug="sohr").contested().order_by("pk"):
        for relation in Relation.objects.contesting().involving(claim).order_by("pk"):
            other = relation.to_claim if relation.from_claim_id == claim.pk else relation.from_claim
            if other.event_id and Figure.objects.filter(claim__event=other.event_id).exists():
                review_claim(
                    claim=claim,
                    status=ClaimStatus.DISPUTED,
                    reviewer=make_user("amira"),
                    rationale="Contradicted by the Coalition's own figures.",
                )
                return claim, other
    pytest.fail("the seed article has no contested SOHR claim whose other side has figures")


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_a_reader_follows_a_contradiction_to_the_figures(live_server, width):
    disputed, contradicting = _seed_with_a_disputed_sohr_claim()
    event = contradicting.event
    sohr_name = disputed.source.name

    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.set_default_timeout(10_000)

        # Home: what the tracker holds, and a search box.
        page.goto(live_server.url + "/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Who claimed what")
        page.get_by_role("searchbox", name="Search claims").fill("civilians")
        page.get_by_role("button", name="Search").click()
        expect(page).to_have_url(live_server.url + "/claims/?q=civilians")
        expect(page.get_by_role("status")).to_contain_text("claims")

        # Filter to SOHR's disputed claims with the form.
        page.get_by_label("Search text").fill("")
        page.get_by_label("Source", exact=True).select_option(label=sohr_name)
        page.get_by_label("Status", exact=True).select_option(label="Disputed")
        page.get_by_role("button", name="Apply filters").click()
        expect(page.get_by_role("status")).to_have_text("1 claim.")
        page.get_by_role("link", name=disputed.text[:40], exact=False).click()

        # The claim page: its status, and the claim that contradicts it.
        expect(page).to_have_url(live_server.url + disputed.get_absolute_url())
        expect(page.locator(".kicker .badge")).to_have_text("Disputed")
        against = page.locator("section", has=page.get_by_role("heading", name="Contradicted"))
        against.locator(f'a[href="{contradicting.get_absolute_url()}"]').click()

        # The other claim, then its event with every source's figures side by side.
        expect(page).to_have_url(live_server.url + contradicting.get_absolute_url())
        page.locator(f'dd a[href="{event.get_absolute_url()}"]').click()
        expect(page).to_have_url(live_server.url + event.get_absolute_url())
        table = page.get_by_role("table")
        expect(table).to_be_visible()
        expect(table.locator("caption")).to_have_text("What each source says, per quantity")
        assert table.locator("tbody tr").count() >= 1

        # Nothing overflows the viewport sideways (the table scrolls in its box).
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow


# Every control has a label, every page one h1 and the landmarks a screen
# reader navigates by, and every image a text alternative.
ACCESSIBILITY_PROBLEMS = """() => {
  const problems = [];
  if (!document.documentElement.lang) problems.push("no lang on <html>");
  if (document.querySelectorAll("h1").length !== 1) problems.push("not exactly one h1");
  for (const landmark of ["header", "nav", "main", "footer"]) {
    if (!document.querySelector(landmark)) problems.push("no " + landmark);
  }
  for (const control of document.querySelectorAll("input, select, textarea")) {
    const labelled = control.labels?.length || control.getAttribute("aria-label");
    if (!labelled && control.type !== "hidden") problems.push("unlabelled " + control.name);
  }
  for (const image of document.querySelectorAll("img")) {
    if (!image.hasAttribute("alt")) problems.push("image without alt");
  }
  return problems;
}"""


def test_pages_are_labelled_and_keyboard_reachable(live_server):
    disputed, contradicting = _seed_with_a_disputed_sohr_claim()
    paths = [
        "/",
        "/claims/",
        disputed.get_absolute_url(),
        "/events/",
        contradicting.event.get_absolute_url(),
        "/sources/",
        disputed.source.get_absolute_url(),
        "/documents/",
        disputed.document.get_absolute_url(),
    ]
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 800})
        for path in paths:
            page.goto(live_server.url + path)
            assert page.evaluate(ACCESSIBILITY_PROBLEMS) == [], path

        # The first Tab reaches "Skip to content", which moves focus to the page's main.
        page.goto(live_server.url + "/claims/")
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.locator("main")).to_be_focused()
