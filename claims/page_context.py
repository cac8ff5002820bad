"""What the public pages compute from a claim beyond its fields: the paragraph
its sentence sits in, and the schema.org ClaimReview that search engines and
fact-check aggregators read."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .models import Claim, ClaimStatus, Review

# Markdown a reader should not see as syntax in a plain-text paragraph: links
# `[text](url)` keep their text; emphasis markers go.
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def _plain(markdown: str) -> str:
    return _EMPHASIS.sub(r"\2", _MARKDOWN_LINK.sub(r"\1", markdown))


@dataclass(frozen=True)
class Paragraph:
    before: str
    sentence: str
    after: str

    def as_html(self) -> SafeString:
        """The paragraph, escaped, with the claim's sentence in a <mark>."""
        return format_html(
            '{}<mark class="claim-sentence">{}</mark>{}',
            _plain(self.before),
            _plain(self.sentence),
            _plain(self.after),
        )


# Lines that are blocks of their own in Markdown, not part of a paragraph:
# headings, images, list items, quotes, tables.
_OWN_BLOCK = re.compile(r"^\s*(#{1,6}\s|!\[|[-*+]\s|\d+[.)]\s|>|\|)")


_LIST_MARKER = re.compile(r"^([-*+]|\d+[.)])\s+")


def _is_break(line: str) -> bool:
    return not line.strip() or bool(_OWN_BLOCK.match(line))


def _paragraph_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    """Where the paragraph holding start..end begins and ends in `body`."""
    paragraph_start = body.rfind("\n", 0, start) + 1
    while paragraph_start > 0 and not _OWN_BLOCK.match(body[paragraph_start:start]):
        previous = body.rfind("\n", 0, paragraph_start - 1) + 1
        if _is_break(body[previous : paragraph_start - 1]):
            break
        paragraph_start = previous
    paragraph_end = body.find("\n", end)
    paragraph_end = len(body) if paragraph_end < 0 else paragraph_end
    while paragraph_end < len(body):
        following = body.find("\n", paragraph_end + 1)
        following = len(body) if following < 0 else following
        if _is_break(body[paragraph_end + 1 : following]):
            break
        paragraph_end = following
    return paragraph_start, paragraph_end


def _split(body: str, bounds: tuple[int, int], start: int, end: int) -> Paragraph:
    paragraph_start, paragraph_end = bounds
    return Paragraph(
        before=_LIST_MARKER.sub("", body[paragraph_start:start].lstrip()),
        sentence=body[start:end],
        after=body[end:paragraph_end].rstrip(),
    )


def paragraph_around(body: str, start: int | None, end: int | None) -> Paragraph | None:
    """The paragraph of `body` that holds the span start..end, split around it.

    A paragraph is a run of lines ended by a blank line or by a line that is a
    block of its own (a heading or an image line often sits directly above the
    text, with no blank line between)."""
    if start is None or end is None or not 0 <= start < end <= len(body):
        return None
    return _split(body, _paragraph_bounds(body, start, end), start, end)


# paragraph_in_window could not tell from its window alone: read the whole body.
NEEDS_WHOLE_BODY = object()


def paragraph_in_window(
    window: str, offset: int, requested: int, start: int | None, end: int | None
):
    """`paragraph_around` for a slice of the body: `window` is the body from
    `offset`, `requested` characters asked for (fewer came: it reaches the
    body's end). The same paragraph, or NEEDS_WHOLE_BODY when it may run past
    the window (only lines seen whole inside it are trusted as its limits)."""
    if start is None or end is None:
        return None
    start, end = start - offset, end - offset
    reaches_end = len(window) < requested
    if not 0 <= start < end <= len(window):
        # The window holds the sentence's whole span unless the body ends first.
        return None if reaches_end or start >= end else NEEDS_WHOLE_BODY
    paragraph_start, paragraph_end = _paragraph_bounds(window, start, end)
    starts_inside = offset == 0 or (
        paragraph_start > 0 and window.rfind("\n", 0, paragraph_start - 1) >= 0
    )
    ends_inside = reaches_end or (
        paragraph_end < len(window) and window.find("\n", paragraph_end + 1) >= 0
    )
    if not (starts_inside and ends_inside):
        return NEEDS_WHOLE_BODY
    return _split(window, (paragraph_start, paragraph_end), start, end)


# How each status reads as a rating, worst (1) to best (5): the scale most
# fact-check publishers use in ClaimReview. `alternateName` carries the status.
_RATING = {
    ClaimStatus.FALSE: 1,
    ClaimStatus.RETRACTED: 1,
    ClaimStatus.DISPUTED: 2,
    ClaimStatus.UNVERIFIED: 3,
    ClaimStatus.CORROBORATED: 4,
    ClaimStatus.CONFIRMED: 5,
}


def claim_review_json_ld(claim: Claim, latest: Review, page_url: str) -> SafeString:
    """A schema.org ClaimReview for a reviewed claim, ready for a
    `<script type="application/ld+json">` element."""
    claim_date = claim.stated_on or (claim.event.date if claim.event else None)
    item = {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": claim.source.name},
        "text": claim.text,
    }
    if claim_date:
        item["datePublished"] = claim_date.isoformat()
    if claim.document is not None:
        item["appearance"] = {"@type": "CreativeWork", "name": claim.document.title}
    data = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": page_url,
        "claimReviewed": claim.text,
        "datePublished": latest.created_at.date().isoformat(),
        "author": {"@type": "Organization", "name": "Claim tracker"},
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": _RATING[latest.status],
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": latest.get_status_display(),
        },
    }
    text = json.dumps(data, ensure_ascii=False)
    # Inside <script>, "</script>" or "<!--" in a claim's text would end the
    # element: escape the characters that can start either, as json_script does.
    for char, escaped in (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return mark_safe(text)
