"""The document page's body: Markdown rendered safely, claims highlighted, events marked.

Every rendering is parsed back with `html.parser` and must be well-formed: tags balanced,
no mark inside a mark, no link inside a link, no block element inside a mark.
"""

from __future__ import annotations

import random
from collections import Counter
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.conf import settings
from markdown_it import MarkdownIt

from claims.ingest.importer import import_articles
from claims.markup import ClaimSpan, EventMark, render_document
from claims.models import Claim, Document, Event

VOID_ELEMENTS = frozenset({"br", "hr", "img", "input", "wbr"})
BLOCK_ELEMENTS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "pre"})


class _Structure(HTMLParser):
    """Checks nesting while parsing and records ids, links and marks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.ids: Counter[str] = Counter()
        self.hrefs: list[str] = []
        self.marks: list[dict[str, str | None]] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a" and "a" in self.open:
            self.problems.append("a link inside a link")
        if tag == "mark" and "mark" in self.open:
            self.problems.append("a mark inside a mark")
        if tag in BLOCK_ELEMENTS and "mark" in self.open:
            self.problems.append(f"<{tag}> inside a mark")
        if attributes.get("id"):
            self.ids[attributes["id"]] += 1
        if tag == "a":
            self.hrefs.append(attributes.get("href") or "")
        if tag == "mark":
            self.marks.append(attributes)
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID_ELEMENTS:
            self.problems.append(f"<{tag} /> is not a void element")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
            return
        self.open.pop()


def parsed(html: str) -> _Structure:
    structure = _Structure()
    structure.feed(html)
    structure.close()
    assert not structure.problems, structure.problems
    assert not structure.open, f"left open: {structure.open}"
    return structure


def claim(pk: int, start: int, end: int, status: str = "unverified", source: str = "SOHR"):
    return ClaimSpan(pk, start, end, f"/claims/{pk}/", source, status)


def span_of(body: str, text: str) -> tuple[int, int]:
    start = body.index(text)
    return start, start + len(text)


# --- Plain Markdown and safety ----------------------------------------------------------------


def test_no_claims_renders_the_plain_markdown():
    body = "# Title\n\nSome *emphasis* and **strong** text.\n\n- one\n- two\n\n> quoted\n"

    html = render_document(body, [], [])

    assert html == MarkdownIt("commonmark", {"html": False}).render(body)
    parsed(html)


def test_raw_html_in_the_body_is_escaped():
    body = 'Hello <script>alert("x")</script> and <img src=x onerror="alert(1)">.\n'

    html = render_document(body, [claim(1, 0, len(body) - 1)], [])

    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    parsed(html)


def test_javascript_links_are_not_links():
    body = "Click [here](javascript:alert(1)) or [there](JaVaScRiPt:alert(2)).\n"

    html = render_document(body, [claim(1, 0, len(body) - 1)], [])

    assert "javascript:" not in "".join(parsed(html).hrefs).lower()
    assert parsed(html).hrefs == ["/claims/1/"]


def test_article_links_are_marked_as_not_endorsed():
    html = render_document("See [the report](https://example.org/r).", [], [])

    assert '<a href="https://example.org/r" rel="nofollow ugc noopener">' in html


def test_claim_and_event_fields_are_escaped():
    body = "A sentence.\n"
    hostile = ClaimSpan(1, 0, 11, '/c/1/" onclick="x', "<b>SOHR</b>", 'x" onmouseover="y')
    event = EventMark(2, 0, "<i>2018</i>", '"><script>', url="javascript:void(0)")

    html = render_document(body, [hostile], [event])

    assert "<b>" not in html and "<i>" not in html and "<script" not in html
    assert 'onclick="' not in html and 'onmouseover="' not in html
    parsed(html)


def test_private_use_characters_in_the_body_cannot_forge_a_placeholder():
    """The body's own private-use characters become U+FFFD, so a crafted article cannot
    trigger or displace the insertion of a claim's tags."""
    forged = "\ue000\ue001\ue001"
    body = f"First {forged} sentence. Second sentence.\n"
    second = span_of(body, "Second sentence.")

    html = render_document(body, [claim(1, *second)], [])

    assert "\ue000" not in html
    assert "\ufffd" * 3 in html
    assert html.index("<mark") > html.index("\ufffd")
    parsed(html)


# --- Highlights -------------------------------------------------------------------------------


def test_a_claim_is_highlighted_and_linked_with_its_source_and_status():
    body = "Before. SOHR stated that 23 civilians were killed. After.\n"
    start, end = span_of(body, "SOHR stated that 23 civilians were killed.")

    html = render_document(body, [ClaimSpan(7, start, end, "/claims/7/", "SOHR", "disputed")], [])

    assert (
        '<mark class="claim claim--disputed" data-claims="7">'
        "SOHR stated that 23 civilians were killed.</mark>"
    ) in html
    assert (
        '<a class="claim-ref claim-ref--disputed" id="claim-7" href="/claims/7/"'
        ' title="SOHR — disputed" aria-label="SOHR claim, disputed">SOHR</a>'
    ) in html
    assert html.startswith("<p>Before. <mark")
    assert parsed(html).ids == {"claim-7": 1}


def test_claims_sharing_a_sentence_share_one_mark_with_a_link_each():
    body = "SOHR and the SDF both reported the attack. Next.\n"
    start, end = span_of(body, "SOHR and the SDF both reported the attack.")
    claims = [claim(1, start, end, "disputed"), claim(2, start, end, "confirmed", "SDF")]

    structure = parsed(html := render_document(body, claims, []))

    assert len(structure.marks) == 1
    assert structure.marks[0]["class"] == "claim claim--disputed claim--confirmed claim--multiple"
    assert structure.marks[0]["data-claims"] == "1 2"
    assert structure.ids == {"claim-1": 1, "claim-2": 1}
    assert html.index('id="claim-1"') < html.index('id="claim-2"')


def test_overlapping_claims_do_not_nest_marks():
    body = "One two three four five six.\n"
    first = claim(1, *span_of(body, "One two three four"))
    second = claim(2, *span_of(body, "three four five six."))

    structure = parsed(render_document(body, [first, second], []))

    assert [mark["data-claims"] for mark in structure.marks] == ["1", "1 2", "2"]
    assert structure.ids == {"claim-1": 1, "claim-2": 1}


def test_a_span_across_a_paragraph_break_is_closed_and_reopened():
    body = "First paragraph ends here.\n\nSecond paragraph goes on.\n"
    start = body.index("ends")
    end = body.index(" goes")

    html = render_document(body, [claim(1, start, end)], [])

    structure = parsed(html)
    assert [mark["data-claims"] for mark in structure.marks] == ["1", "1"]
    assert "<p>First paragraph <mark" in html
    assert "<p><mark" in html
    assert structure.ids == {"claim-1": 1}


def test_a_span_crossing_emphasis_stays_balanced():
    body = "It was *a long. Night for* the town.\n"
    start, end = span_of(body, "Night for* the town.")

    html = render_document(body, [claim(1, start, end)], [])

    assert parsed(html).ids == {"claim-1": 1}
    assert "<em>a long. <mark" in html
    assert "</mark></em><mark" in html


def test_a_span_starting_inside_a_link_target_takes_the_link_whole():
    """An offset inside `(url)` would put a placeholder into the href: it moves to the
    link's edge, and the article's link keeps its target."""
    body = "Read [the report](https://example.org/a-report) now. Then more.\n"
    start = body.index("example")
    end = body.index("now.") + 4

    html = render_document(body, [claim(1, start, end)], [])

    structure = parsed(html)
    assert structure.hrefs == ["https://example.org/a-report", "/claims/1/"]
    assert structure.ids == {"claim-1": 1}
    assert "<mark" in html


def test_a_span_ending_inside_link_text_puts_its_link_after_the_article_link():
    """The mark closes inside the article's link, which is closed and reopened around it
    (two anchors, same target); the claim's link waits until the article's link ends."""
    body = "Read [the long report](https://example.org/r) now.\n"
    end = body.index(" report")

    html = render_document(body, [claim(1, 0, end)], [])

    structure = parsed(html)  # no link inside a link
    assert structure.hrefs == ["https://example.org/r", "https://example.org/r", "/claims/1/"]
    assert '">the long</a></mark><a href="https://example.org/r"' in html
    assert 'report</a><span class="claim-refs">' in html


def test_a_span_within_an_image_keeps_its_link_and_loads_no_image():
    body = "Text before.\n\n![A photo of Hajin](https://example.org/hajin.jpg)\n\nText after.\n"
    start, end = span_of(body, "photo")

    html = render_document(body, [claim(1, start, end)], [])

    structure = parsed(html)
    assert "<img" not in html and "hajin.jpg" not in html
    assert structure.ids == {"claim-1": 1}
    assert not structure.marks


def test_an_inline_image_becomes_its_alt_text():
    html = render_document("A map ![Hajin & around](https://x.org/m.png) here.", [], [])

    assert '<span class="document-image">Image: Hajin &amp; around</span>' in html
    assert "<img" not in html


def test_offsets_at_the_very_start_and_end_of_the_body():
    body = "Whole body sentence. Another one."
    events = [EventMark(3, 0, "2018-12-03", "Start")]

    html = render_document(body, [claim(1, 0, len(body))], events)

    assert html.startswith('<p><span class="event-mark" id="event-3">')
    assert f"{body}</mark>" in html
    assert parsed(html).ids == {"claim-1": 1, "event-3": 1}
    with_newline = render_document(body + "\n", [claim(1, 0, len(body) + 1)], events)
    assert parsed(with_newline).ids == {"claim-1": 1, "event-3": 1}


def test_out_of_range_offsets_are_clamped():
    body = "Short.\n"

    structure = parsed(render_document(body, [claim(1, 0, 999)], [EventMark(2, 500, "x", "y")]))

    assert structure.ids == {"claim-1": 1, "event-2": 1}


def test_headings_and_list_markers_keep_their_structure():
    body = "## The campaign ##\n\n- SOHR said 5 died.\n1. The SDF said 7 died.\n"
    heading = claim(1, 0, len("## The campaign ##"))
    item = claim(2, 0 + body.index("- SOHR"), body.index(" died.") + 6)
    numbered = claim(3, body.index("1. The"), len(body))

    html = render_document(body, [heading, item, numbered], [])

    assert html.startswith('<h2><mark class="claim claim--unverified" data-claims="1">The campaign')
    assert '<li><mark class="claim claim--unverified" data-claims="2">SOHR said 5 died.' in html
    assert "<ol>" in html
    assert parsed(html).ids == {"claim-1": 1, "claim-2": 1, "claim-3": 1}


def test_underscore_emphasis_at_a_span_edge_still_renders():
    """A placeholder right outside "__" would stop it opening or closing: spans start
    and end inside emphasis delimiters."""
    body = "__Operation Roundup__ began. Then __more__.\n"
    start, end = span_of(body, "__Operation Roundup__ began.")

    html = render_document(body, [claim(1, start, end)], [])

    assert '<strong><mark class="claim claim--unverified" data-claims="1">Operation Roundup' in html
    assert "<strong>more</strong>" in html
    assert "__" not in html
    parsed(html)


def test_a_span_with_no_text_of_its_own_still_lists_its_claim():
    body = "Text.\n\n---\n\nMore text.\n"
    rule_start, rule_end = span_of(body, "---")

    html = render_document(body, [claim(1, rule_start, rule_end)], [])

    structure = parsed(html)
    assert structure.ids == {"claim-1": 1}
    assert "<hr />" in html


def test_a_body_with_no_text_lists_the_claims_at_the_end():
    html = render_document(
        "![only an image](x.png)\n", [claim(1, 0, 5)], [EventMark(2, 0, "d", "t")]
    )

    assert html.startswith('<p class="marks-unplaced">')
    assert parsed(html).ids == {"claim-1": 1, "event-2": 1}


# --- Events -----------------------------------------------------------------------------------


def test_events_are_marked_before_their_sentence_and_outside_its_highlight():
    body = "Intro. On 3 December the SDF captured Hajin. End.\n"
    start, end = span_of(body, "On 3 December the SDF captured Hajin.")
    events = [
        EventMark(5, start, "2018-12-03", "Capture of Hajin", "/events/5/"),
        EventMark(6, start, "2018-12-03", "Second event"),
    ]

    html = render_document(body, [claim(1, start, end)], events)

    assert (
        '<span class="event-mark" id="event-5"><a class="event-mark__link" href="/events/5/"'
        ' title="Event: 2018-12-03 — Capture of Hajin"'
        ' aria-label="Event: 2018-12-03 — Capture of Hajin">2018-12-03</a></span>'
        '<span class="event-mark" id="event-6"><span class="event-mark__label"'
        ' title="Event: 2018-12-03 — Second event">2018-12-03</span></span>'
        '<mark class="claim claim--unverified" data-claims="1">On 3 December'
    ) in html
    assert parsed(html).ids == {"claim-1": 1, "event-5": 1, "event-6": 1}


def test_model_like_objects_are_accepted_and_those_without_offsets_skipped():
    body = "The SDF captured Hajin.\n"
    source = SimpleNamespace(name="SDF")
    placed = SimpleNamespace(
        pk=1,
        char_start=0,
        char_end=len(body) - 1,
        status="confirmed",
        source=source,
        get_status_display=lambda: "Confirmed",
        get_absolute_url=lambda: "/claims/1/",
    )
    editor_claim = SimpleNamespace(pk=2, char_start=None, char_end=None)
    event = SimpleNamespace(pk=3, position=0, date_label="2018-12", title="Capture")
    unplaced_event = SimpleNamespace(pk=4, position=None)

    html = render_document(body, [placed, editor_claim], [event, unplaced_event])

    assert parsed(html).ids == {"claim-1": 1, "event-3": 1}
    assert 'title="SDF — Confirmed" aria-label="SDF claim, confirmed"' in html
    assert '<span class="event-mark__label" title="Event: 2018-12 — Capture">' in html


# --- Junk and back matter ---------------------------------------------------------------------


def test_export_junk_and_empty_back_matter_are_left_out():
    body = (
        "Text [object Object]here.\n\n## See also\n * Battle of Marawi\n\n"
        "## References\n## References[object Object]\n[object Object]\n[object Object]\n"
    )

    html = render_document(body, [], [])

    assert "object Object" not in html
    assert "References" not in html
    assert "<p>Text here.</p>" in html
    assert "<h2>See also</h2>" in html and "<li>Battle of Marawi</li>" in html


# --- Any spans at all -------------------------------------------------------------------------

TRICKY_BODY = (
    "# Title with *emphasis* ##\n\nIntro **bold. Second** sentence, __under__, `code *x*`.\r\n"
    'A [link *text*](https://example.org/a_(b) "t"), <https://auto.example/x>, &amp; \\* esc.\n'
    "![img alt](https://x.org/i.png)\n"
    "Setext\n======\n\n> quoted *text\n> more* text.\n\n- item [ref link][r]\n  - nested **b**\n"
    "1. first\n2. second <script>alert(1)</script>\n\n```py\ncode <b> here\n```\n\n"
    '    indented code\n\n***\n\n[r]: https://ref.example/ "T"\n\n'
    "Hard break  \nnext [object Object] line. [x](javascript:y)\nLast _emph [a](b)_ end\n\n"
    '***x*** and _a_b_ and **"q"**, __x__. *a*b* _"c"_.\n\n> - **list in quote.** _done_'
)


class _TextAndBlocks(HTMLParser):
    """The text a reader sees, without our inserted links and marks, and the block tags."""

    BLOCKS = frozenset({"p", "h1", "ul", "ol", "li", "pre", "blockquote", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inserted: list[bool] = []  # per open element: is it one of ours
        self.text: list[str] = []
        self.blocks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.blocks.append(tag)
        if tag not in VOID_ELEMENTS:
            ours = dict(attrs).get("class") in ("claim-refs", "event-mark")
            self.inserted.append(ours or any(self.inserted))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.inserted.pop()

    def handle_data(self, data: str) -> None:
        if not any(self.inserted):
            self.text.append(data)


def text_and_blocks(html: str) -> tuple[str, list[str]]:
    reader = _TextAndBlocks()
    reader.feed(html)
    return "".join(reader.text), reader.blocks


def test_random_spans_keep_the_html_well_formed_and_the_article_intact():
    """Whatever the offsets, over every kind of Markdown syntax: balanced HTML, each claim
    and event exactly once, the article's links untouched, and the same text and blocks as
    the article rendered with nothing marked."""
    plain = render_document(TRICKY_BODY)
    article_links = set(parsed(plain).hrefs)
    length = len(TRICKY_BODY)
    for seed in range(300):
        rng = random.Random(seed)
        claims = []
        for pk in range(1, rng.randint(2, 30)):
            start = rng.randint(0, length)
            end = start + rng.randint(1, 40) if rng.random() < 0.7 else rng.randint(0, length)
            claims.append(claim(pk, start, max(end, start + 1), rng.choice(["false", "confirmed"])))
        events = [
            EventMark(pk, rng.randint(0, length), "2018", "t", rng.choice(["", f"/events/{pk}/"]))
            for pk in range(1, rng.randint(2, 15))
        ]

        html = render_document(TRICKY_BODY, claims, events)

        structure = parsed(html)
        expected_ids = {f"claim-{c.pk}" for c in claims} | {f"event-{e.pk}" for e in events}
        assert structure.ids == dict.fromkeys(expected_ids, 1), seed
        ours = {c.url for c in claims} | {e.url for e in events}
        assert set(structure.hrefs) - ours <= article_links, seed
        assert "<script" not in html and "\ue000" not in html, seed
        assert text_and_blocks(html) == text_and_blocks(plain), seed


# --- The seed article -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_seed_article_renders_every_claim_and_event_once():
    summary = import_articles([settings.SEEDS_DIR])
    assert not summary.failures
    document = Document.objects.get()
    claims = list(Claim.objects.filter(document=document).select_related("source"))
    events = list(Event.objects.filter(document=document))
    assert len(claims) > 100 and len(events) > 100

    html = render_document(document.body, claims, events)

    structure = parsed(html)
    assert "<script" not in html
    assert "object Object" not in html
    assert "marks-unplaced" not in html
    assert all(structure.ids[f"claim-{claim.pk}"] == 1 for claim in claims)
    assert all(structure.ids[f"event-{event.pk}"] == 1 for event in events if event.position)
    links = Counter(structure.hrefs)
    assert all(links[claim.get_absolute_url()] == 1 for claim in claims)
    highlighted = {pk for mark in structure.marks for pk in mark["data-claims"].split()}
    assert highlighted == {str(claim.pk) for claim in claims}
