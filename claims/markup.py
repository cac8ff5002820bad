"""An imported document's Markdown body as safe HTML, its claims highlighted and its events marked.

The body is untrusted (anyone's article can be imported), so the HTML comes from markdown-it-py
with raw HTML off (a `<script>` in the article is shown as text) and its link validation on
(`javascript:`, `vbscript:`, `file:` and `data:` links stay text). Highlights are added without
ever parsing the article's text as HTML:

1. Each claim span and event position is moved to the nearest *safe insertion point*: a place
   in the Markdown where a placeholder cannot change the structure (not inside a heading or
   list marker, a link target, an image, an entity, a blank line…). See `_InsertionPoints`.
2. A placeholder token made of private-use characters goes in at each point. Private-use
   characters already in the body are first replaced by U+FFFD, one for one, so the tokens are
   unambiguous and the offsets still hold.
3. markdown-it renders the result.
4. The HTML is walked tag by tag and each token found in text becomes our elements. A highlight
   is a run of `<mark>` fragments: a fragment is closed before any tag that would cross it (the
   end of its paragraph, the end of an emphasis it started inside) and reopened after, so the
   output is well-formed whatever the spans are. A token that did not come out as text (it
   fell into an image's alt text, say) is detected, and its claim or event is still listed.

What is emitted, for styling (status values are `ClaimStatus` values):

- `<mark class="claim claim--{status} [claim--multiple]" data-claims="{pk} {pk}…">` around the
  text of a highlighted sentence (possibly in several fragments); one status class per distinct
  status of the claims on it, `claim--multiple` when several claims share the highlight. Marks
  never nest: where spans overlap, the overlap is its own fragment with every claim's classes.
- After the sentence, `<span class="claim-refs">` holding one
  `<a class="claim-ref claim-ref--{status}" id="claim-{pk}" href="{url}" title="SOHR — Disputed"
  aria-label="SOHR claim, disputed">SOHR</a>` per claim. The id sits on the link, not on the
  mark, because a mark may be split and a sentence may carry several claims: ids stay unique.
- Before an event's sentence, `<span class="event-mark" id="event-{pk}">` holding
  `<a class="event-mark__link" href="{url}" title=… aria-label="Event: 2018-12-03 — title">
  2018-12-03</a>` (a `<span class="event-mark__label">` when the event has no URL).
- Claims and events that cannot be placed in the text at all go, in order, in a final
  `<p class="marks-unplaced">`.
- Images are never loaded (a remote image in an untrusted article is a tracker, and the pages
  work offline): an inline image becomes `<span class="document-image">Image: {alt}</span>`,
  and image-only lines are dropped, as the importer skips them.

What is left out, like the importer: the export junk "[object Object]", and back-matter
sections ("References", "Notes", …) that are empty once the junk is gone. A back-matter section
with content ("See also" and its list) is kept: it is part of what the article says, and
nothing is highlighted in it since the importer reads no claims there.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import escape as html_escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from .ingest.read import JUNK
from .ingest.segment import BACK_MATTER_TITLES, HEADING, HEADING_CLOSER, IMAGE_LINE, plain_text

# --- Inputs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimSpan:
    """One claim to highlight: `body[start:end]` is the sentence it comes from."""

    pk: int
    start: int
    end: int
    url: str
    source: str  # the link's visible text, e.g. "SOHR"
    status: str  # a ClaimStatus value, used in class names
    status_label: str = ""  # e.g. "Disputed"; the status value when empty

    @classmethod
    def from_claim(cls, claim: Any) -> ClaimSpan | None:
        """The span of a `Claim`, or None when it has no offsets (an editor's claim).

        Reads `claim.source`: select_related("source") when converting many."""
        if claim.char_start is None or claim.char_end is None:
            return None
        return cls(
            pk=claim.pk,
            start=claim.char_start,
            end=claim.char_end,
            url=claim.get_absolute_url(),
            source=claim.source.name,
            status=claim.status,
            status_label=str(claim.get_status_display()),
        )


@dataclass(frozen=True)
class EventMark:
    """One event to mark at `position`, the offset of the sentence that narrates it."""

    pk: int
    position: int
    date_label: str  # e.g. "2018-12-03", "2018-12", "undated"
    title: str
    url: str = ""  # empty: the mark is not a link

    @classmethod
    def from_event(cls, event: Any, url: str | None = None) -> EventMark | None:
        """The mark of an `Event`, or None when it has no position in its document.

        `url` defaults to `event.get_absolute_url()` where the model has one."""
        if event.position is None:
            return None
        if url is None:
            get_url = getattr(event, "get_absolute_url", None)
            url = get_url() if get_url is not None else ""
        return cls(
            pk=event.pk,
            position=event.position,
            date_label=event.date_label,
            title=event.title,
            url=url,
        )


def render_document(
    body: str, claims: Iterable[ClaimSpan | Any] = (), events: Iterable[EventMark | Any] = ()
) -> SafeString:
    """`body` (Markdown) as HTML with `claims` highlighted and linked and `events` marked.

    `claims` and `events` may be `ClaimSpan`/`EventMark` or `Claim`/`Event` instances (see
    `from_claim` and `from_event`); those without offsets are left out. Offsets outside the
    body are clamped to it."""
    claim_spans = [span for span in map(_as_claim_span, claims) if span is not None]
    event_marks = [mark for mark in map(_as_event_mark, events) if mark is not None]
    body = _PRIVATE_USE.sub("\ufffd", body)
    points = _InsertionPoints(body)
    plan = _plan(points, claim_spans, event_marks)
    source = _source_with_tokens(body, points.removed, plan.slots)
    html = _MARKDOWN.render(source)
    # Safe: markdown-it escapes the article's text, and `_escape` every value of ours.
    return mark_safe(_HtmlWeaver(plan).weave(html))


def _as_claim_span(item: ClaimSpan | Any) -> ClaimSpan | None:
    return item if isinstance(item, ClaimSpan) else ClaimSpan.from_claim(item)


def _as_event_mark(item: EventMark | Any) -> EventMark | None:
    return item if isinstance(item, EventMark) else EventMark.from_event(item)


# --- Markdown ---------------------------------------------------------------------------------


def _render_image_as_text(renderer: Any, tokens: list, index: int, options: Any, env: Any) -> str:
    alt = renderer.renderInlineAsText(tokens[index].children or [], options, env)
    return f'<span class="document-image">Image: {escapeHtml(alt)}</span>'


def _render_link_open(renderer: Any, tokens: list, index: int, options: Any, env: Any) -> str:
    # The article's links lead elsewhere and are not endorsed by the tracker.
    tokens[index].attrSet("rel", "nofollow ugc noopener")
    return renderer.renderToken(tokens, index, options, env)


# CommonMark (no tables: the seed has none) with raw HTML off. markdown-it's default
# validateLink stays: it refuses javascript:, vbscript:, file: and non-image data: URLs.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})
_MARKDOWN.add_render_rule("image", _render_image_as_text)
_MARKDOWN.add_render_rule("link_open", _render_link_open)


# --- Safe insertion points --------------------------------------------------------------------

_UNSAFE, _SAFE, _INSIDE_SYNTAX = 0, 1, 2

# What a line starts with that a placeholder must not precede: indentation, blockquote
# markers, list markers and heading markers, in any nesting ("> - ## Title").
_LINE_PREFIX = re.compile(
    r"(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)|#{1,6}(?=[ \t]|$)))*[ \t]*"
)
# Lines a placeholder would break or vanish in: rules and setext underlines, code fences,
# link reference definitions.
_STRUCTURAL_LINE = re.compile(
    r" {0,3}(?:([-*_])(?:[ \t]*\1){2,}[ \t]*|=+[ \t]*|-+[ \t]*|(?:```|~~~).*|\[[^\]]+\]:.*)$"
)
_CODE_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")

# Inline syntax a placeholder must not fall inside. An offset inside one moves to its edge,
# so that a highlight takes such syntax whole or not at all.
_LINK_TARGET = r"(?:\((?:[^()\\\n]|\\.|\([^()\n]*\))*\)|\[[^\]\n]*\])"
_INLINE_ATOMS = re.compile(
    "|".join(
        (
            # an image, whole: its alt text becomes an attribute
            r"!\[(?:[^\[\]\\\n]|\\.|\[[^\[\]\n]*\])*\]" + _LINK_TARGET + "?",
            # a link's target (its text may hold a highlight): "](url "title")" or "][ref]"
            r"\]" + _LINK_TARGET,
            # autolinks
            r"<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\s]*>",
            r"<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+>",
            # entities and backslash escapes
            r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});",
            r"\\[!-/:-@\[-`{-~]",
        )
    )
)
_WHITESPACE = frozenset(" \t\r\n")
# Emphasis delimiters. A placeholder is letter-like to the parser: right outside a run
# ("X__bold__", '**"a"**X,') it can stop the run opening or closing; right inside it
# ("__Xbold__") it usually changes nothing, so that is where it goes.
_DELIMITERS = frozenset("*_")
# How far (in characters) a placeholder may move to keep off a delimiter run's outside.
_DELIMITER_SEARCH = 6


class _InsertionPoints:
    """Where in `body` a placeholder may go, and what the renderer leaves out.

    `state[p]` says whether a placeholder may go before `body[p]`: _SAFE, _UNSAFE (a line
    prefix, a blank or structural line, left-out text), or _INSIDE_SYNTAX (inside one of
    `_INLINE_ATOMS`, whose (start, end) ranges are kept merged and sorted).
    """

    def __init__(self, body: str) -> None:
        self.body = body
        self.state = bytearray(len(body) + 1)  # all _UNSAFE until a line says otherwise
        self.removed: list[tuple[int, int]] = []
        self._mark_lines()
        self._atom_starts: list[int] = []
        self._atom_ends: list[int] = []
        self._mark_inline_atoms()
        for start, end in self.removed:
            self.state[start + 1 : end] = bytes(max(0, end - start - 1))
        self.removed = _merged(self.removed)

    def _mark_lines(self) -> None:
        body, state = self.body, self.state
        fence: str | None = None  # the opening fence of the code block being read
        back_matter_start: int | None = None  # a back-matter heading with nothing after yet
        for start, end in _lines(body):
            line = body[start:end]
            opening = _CODE_FENCE.match(line)
            if fence is not None:
                if (
                    opening
                    and opening.group(1)[0] == fence[0]
                    and len(opening.group(1)) >= len(fence)
                ):
                    fence = None
                else:
                    # Code is shown as written: a highlight inside it is fine.
                    state[start : end + 1] = _safe_run(end + 1 - start)
                continue
            if opening:
                fence = opening.group(1)
            heading = HEADING.match(line)
            if back_matter_start is not None and heading:
                # Nothing but junk since the back-matter heading: drop the section.
                self.removed.append((back_matter_start, start))
            if heading or JUNK.sub("", line).strip():
                back_matter_start = None
            if heading and _is_back_matter(heading.group(2)):
                back_matter_start = start
            for junk in JUNK.finditer(line):
                self.removed.append((start + junk.start(), start + junk.end()))
            if IMAGE_LINE.match(line):
                # Dropped, like the importer does; its line break stays, so it still ends
                # the paragraph before it.
                self.removed.append((start, end))
                continue
            if not JUNK.sub("", line).strip() or _STRUCTURAL_LINE.match(line):
                continue
            content_start = start + _LINE_PREFIX.match(line).end()
            content_end = end
            if heading:
                closer = HEADING_CLOSER.search(line)
                if closer and closer.start() > 0:
                    content_end = start + closer.start()
            state[content_start : content_end + 1] = _safe_run(content_end + 1 - content_start)
        if back_matter_start is not None:
            self.removed.append((back_matter_start, len(body)))

    def _mark_inline_atoms(self) -> None:
        atoms = _merged([match.span() for match in _INLINE_ATOMS.finditer(self.body)])
        for start, end in atoms:
            self.state[start + 1 : end] = bytes([_INSIDE_SYNTAX]) * max(0, end - start - 1)
            self._atom_starts.append(start)
            self._atom_ends.append(end)

    def _atom_at(self, position: int) -> tuple[int, int]:
        index = bisect_right(self._atom_starts, position) - 1
        return self._atom_starts[index], self._atom_ends[index]

    def start_point(self, offset: int) -> int | None:
        """Where a highlight (or an event mark) starting at `offset` can start: at `offset`
        or after it (only emphasis delimiters and the inline atom it would cut can be taken
        in before it). None when there is no such point."""
        body, state, length = self.body, self.state, len(self.body)
        position = min(max(offset, 0), length)
        while True:  # every pass that does not return moves forward
            while position < length and body[position] in _WHITESPACE:
                position += 1
            inside = self._inside_delimiters(position, forward=True)
            if state[inside] == _SAFE:
                return inside
            if state[position] == _SAFE:
                return position
            if state[position] == _INSIDE_SYNTAX:
                atom_start, atom_end = self._atom_at(position)
                if state[atom_start] == _SAFE:
                    return atom_start
                position = atom_end
                continue
            position = state.find(_SAFE, position)
            if position < 0:
                return None

    def _inside_delimiters(self, position: int, forward: bool) -> int:
        """A safe point near `position` where a placeholder leaves every emphasis delimiter
        run around it able to open and close as before (see `_harmless`), or `position`.

        Tried in order: just inside the run next to it (past it for a start, before it for
        an end), `position` itself, then a few characters on, then a few back."""
        body, state, length = self.body, self.state, len(self.body)
        step = 1 if forward else -1
        inside = position
        if forward:
            while inside < length and body[inside] in _DELIMITERS:
                inside += 1
        else:
            while inside > 0 and body[inside - 1] in _DELIMITERS:
                inside -= 1
        nearby = range(1, _DELIMITER_SEARCH + 1)
        candidates = (
            inside,
            position,
            *(position + step * distance for distance in nearby),
            *(position - step * distance for distance in nearby),
        )
        for candidate in candidates:
            if 0 <= candidate <= length and state[candidate] == _SAFE and self._harmless(candidate):
                return candidate
        return position

    def _harmless(self, position: int) -> bool:
        """Whether a letter-like placeholder at `position` leaves the delimiter runs that
        touch it with the same power to open and close emphasis."""
        body, length = self.body, len(self.body)
        if 0 < position < length and body[position - 1] == body[position] in _DELIMITERS:
            return False  # it would split a run in two
        if position > 0 and body[position - 1] in _DELIMITERS:
            start = position - 1
            while start > 0 and body[start - 1] == body[position - 1]:
                start -= 1
            if _run_roles(body, start, position) != _run_roles(body, start, position, after="x"):
                return False
        if position < length and body[position] in _DELIMITERS:
            end = position + 1
            while end < length and body[end] == body[position]:
                end += 1
            if _run_roles(body, position, end) != _run_roles(body, position, end, before="x"):
                return False
        return True

    def end_point(self, offset: int) -> int | None:
        """Where a highlight ending at `offset` can end: at `offset` or before it (only
        emphasis delimiters and the inline atom it would cut can be taken in after it).
        None when there is no such point."""
        body, state = self.body, self.state
        position = min(max(offset, 0), len(body))
        while True:  # every pass that does not return moves backward
            while position > 0 and body[position - 1] in _WHITESPACE:
                position -= 1
            inside = self._inside_delimiters(position, forward=False)
            if state[inside] == _SAFE:
                return inside
            if state[position] == _SAFE:
                return position
            if state[position] == _INSIDE_SYNTAX:
                atom_start, atom_end = self._atom_at(position)
                if state[atom_end] == _SAFE:
                    return atom_end
                position = atom_start
                continue
            position = state.rfind(_SAFE, 0, position)
            if position < 0:
                return None


def _safe_run(length: int) -> bytes:
    return bytes([_SAFE]) * length


def _run_roles(
    body: str, start: int, end: int, before: str | None = None, after: str | None = None
) -> tuple[bool, bool]:
    """(can open, can close) of the delimiter run body[start:end], by CommonMark's rules,
    with its neighbours replaced by `before` / `after` when given."""
    if before is None:
        before = body[start - 1] if start > 0 else " "
    if after is None:
        after = body[end] if end < len(body) else " "
    before_space, after_space = before.isspace(), after.isspace()
    before_punct, after_punct = _is_punctuation(before), _is_punctuation(after)
    left_flanking = not after_space and (not after_punct or before_space or before_punct)
    right_flanking = not before_space and (not before_punct or after_space or after_punct)
    if body[start] == "*":
        return left_flanking, right_flanking
    # "_" does not open or close inside a word.
    return (
        left_flanking and (not right_flanking or before_punct),
        right_flanking and (not left_flanking or after_punct),
    )


def _is_punctuation(character: str) -> bool:
    # As markdown-it-py decides it: Unicode punctuation and symbols.
    return unicodedata.category(character).startswith(("P", "S"))


def _lines(body: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line, without its line break ("\\n" or "\\r\\n")."""
    position, length = 0, len(body)
    while position <= length:
        newline = body.find("\n", position)
        if newline == -1:
            newline = length
        end = newline - 1 if newline > position and body[newline - 1] == "\r" else newline
        yield position, end
        position = newline + 1


def _is_back_matter(raw_title: str) -> bool:
    title = plain_text(HEADING_CLOSER.sub("", JUNK.sub("", raw_title)))
    return title.rstrip(":").casefold() in BACK_MATTER_TITLES


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or nested (start, end) ranges as disjoint ones, sorted."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


# --- Plan: what goes where --------------------------------------------------------------------


@dataclass(eq=False)
class _Highlight:
    """The claims whose spans resolve to the same safe (start, end)."""

    start: int
    end: int
    claims: list[ClaimSpan] = field(default_factory=list)


@dataclass
class _Slot:
    """Everything that happens at one insertion point, in this order: highlights end (and
    their claim links follow them), event marks, highlights start."""

    position: int
    closing: list[_Highlight] = field(default_factory=list)
    events: list[EventMark] = field(default_factory=list)
    opening: list[_Highlight] = field(default_factory=list)


@dataclass
class _Plan:
    slots: list[_Slot]
    # Which slot opens and closes each highlight (the same slot when it has no text).
    opened_at: dict[int, int]  # id(highlight) → slot number
    closed_at: dict[int, int]
    unplaced: list[str]  # HTML of links and marks with no point in the text


def _plan(points: _InsertionPoints, claims: list[ClaimSpan], events: list[EventMark]) -> _Plan:
    highlights: dict[tuple[int, int], _Highlight] = {}
    unplaced_claims: list[ClaimSpan] = []
    for claim in sorted(claims, key=lambda claim: (claim.start, claim.end, claim.pk)):
        start = points.start_point(claim.start)
        end = points.end_point(max(claim.end, claim.start))
        if start is None and end is None:
            unplaced_claims.append(claim)
            continue
        if start is None or end is None or start >= end:
            # No text of its own left to highlight (it was all syntax or left-out text):
            # its links still go at the nearest point, after the text before it.
            start = end = end if end is not None else start
        highlights.setdefault((start, end), _Highlight(start, end)).claims.append(claim)

    slots: dict[int, _Slot] = {}

    def slot_at(position: int) -> _Slot:
        return slots.setdefault(position, _Slot(position))

    for highlight in highlights.values():
        slot_at(highlight.end).closing.append(highlight)
        if highlight.start < highlight.end:
            slot_at(highlight.start).opening.append(highlight)
    unplaced_events: list[EventMark] = []
    for event in sorted(events, key=lambda event: (event.position, event.pk)):
        position = points.start_point(event.position)
        if position is None:
            position = points.end_point(event.position)
        if position is None:
            unplaced_events.append(event)
        else:
            slot_at(position).events.append(event)

    ordered = [slots[position] for position in sorted(slots)]
    opened_at: dict[int, int] = {}
    closed_at: dict[int, int] = {}
    for number, slot in enumerate(ordered):
        for highlight in slot.opening:
            opened_at[id(highlight)] = number
        for highlight in slot.closing:
            closed_at[id(highlight)] = number
            opened_at.setdefault(id(highlight), number)
    unplaced = [_claim_links([claim]) for claim in unplaced_claims]
    unplaced += [_event_mark(event) for event in unplaced_events]
    return _Plan(ordered, opened_at, closed_at, unplaced)


# --- Placeholder tokens -----------------------------------------------------------------------

# A token is a lead character and two base-4096 digits, all private-use: letter-like to the
# Markdown parser, so they change no emphasis or block structure where they are put.
_TOKEN_LEAD = "\ue000"
_DIGIT_ZERO = 0xE001
_RADIX = 4096
_TOKEN = re.compile("\ue000([\ue001-\uf000]{2})")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
# A token that went into a link target comes out percent-encoded (UTF-8 of U+E000–U+F000).
_ENCODED_TOKEN_CHARACTER = re.compile(r"%EE%[89AB][0-9A-F]%[89AB][0-9A-F]|%EF%80%80", re.I)


def _token(number: int) -> str:
    high, low = divmod(number, _RADIX)
    return _TOKEN_LEAD + chr(_DIGIT_ZERO + high) + chr(_DIGIT_ZERO + low)


def _token_number(digits: str) -> int:
    return (ord(digits[0]) - _DIGIT_ZERO) * _RADIX + ord(digits[1]) - _DIGIT_ZERO


def _source_with_tokens(body: str, removed: list[tuple[int, int]], slots: list[_Slot]) -> str:
    """The body with the left-out ranges cut and each slot's token at its position."""
    cuts = [(start, 0, end) for start, end in removed]
    cuts += [(slot.position, 1, number) for number, slot in enumerate(slots)]
    pieces: list[str] = []
    cursor = 0
    for position, kind, value in sorted(cuts):
        if position > cursor:
            pieces.append(body[cursor:position])
            cursor = position
        if kind == 0:
            cursor = max(cursor, value)
        else:
            pieces.append(_token(value))
    pieces.append(body[cursor:])
    return "".join(pieces)


# --- HTML -------------------------------------------------------------------------------------

_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
# Elements a <mark> may not contain or sit directly in (markdown-it's block output).
_BLOCK_TAGS = frozenset(
    [
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_VOID_TAGS = frozenset({"br", "hr", "img", "input", "wbr"})
_CLASS_UNSAFE = re.compile(r"[^a-z0-9_-]+")


class _HtmlWeaver:
    """Replaces the tokens in markdown-it's HTML with marks, claim links and event marks."""

    def __init__(self, plan: _Plan) -> None:
        self.plan = plan
        self.out: list[str] = []
        self.active: list[_Highlight] = []
        self.closed: set[int] = set()
        self.fragment_open = False
        # Start tags (name, tag) emitted inside the open fragment and not yet closed.
        self.inside_fragment: list[tuple[str, str]] = []
        self.link_depth = 0
        self.after_link: list[str] = []  # links and marks waiting for the link they fell in
        self.seen: set[int] = set()

    def weave(self, html: str) -> str:
        parts = _TAG.split(html)
        self._drop_what_lost_its_place(parts)
        for index, part in enumerate(parts):
            if index % 2:
                self._tag(part)
            else:
                self._text(part)
        self._close_fragment()
        self.out.extend(self.after_link)
        if self.plan.unplaced:
            self.out.append('<p class="marks-unplaced">')
            self.out.extend(self.plan.unplaced)
            self.out.append("</p>")
        return "".join(self.out)

    def _drop_what_lost_its_place(self, parts: list[str]) -> None:
        """Rearrange the plan for tokens that did not come out as text (in an attribute, or
        dropped with what they were in): a highlight needs both ends in the text, and a link
        or mark without its slot is listed at the end."""
        found: set[int] = set()
        for text in parts[::2]:
            found.update(_token_number(match.group(1)) for match in _TOKEN.finditer(text))
        plan = self.plan
        # A highlight whose start was lost is simply never switched on: its links still
        # come at its end.
        for slot in plan.slots:
            for highlight in slot.closing[:]:
                closed_at, opened_at = plan.closed_at[id(highlight)], plan.opened_at[id(highlight)]
                if closed_at in found:
                    continue
                # Its end was lost: no highlight, and its links go where it began.
                slot.closing.remove(highlight)
                if highlight in plan.slots[opened_at].opening:
                    plan.slots[opened_at].opening.remove(highlight)
                if opened_at in found:
                    plan.slots[opened_at].closing.append(highlight)
                else:
                    plan.unplaced.append(_claim_links(highlight.claims))
        for number, slot in enumerate(plan.slots):
            if number not in found:
                plan.unplaced.extend(_event_mark(event) for event in slot.events)

    def _text(self, text: str) -> None:
        position = 0
        for match in _TOKEN.finditer(text):
            self._plain_text(text[position : match.start()])
            number = _token_number(match.group(1))
            if number not in self.seen and number < len(self.plan.slots):
                self.seen.add(number)
                self._slot(self.plan.slots[number])
            position = match.end()
        self._plain_text(text[position:])

    def _plain_text(self, text: str) -> None:
        if not text:
            return
        if self.active and not self.fragment_open and not text.isspace():
            self._open_fragment()
        self.out.append(text)

    def _tag(self, tag: str) -> None:
        if _TOKEN_LEAD in tag:
            tag = _TOKEN.sub("", tag)
        if "%" in tag:
            tag = _ENCODED_TOKEN_CHARACTER.sub("", tag)
        name_match = _TAG_NAME.match(tag)
        if name_match is None:  # markdown-it writes no comments or doctypes; keep as is
            self.out.append(tag)
            return
        is_end, name = bool(name_match.group(1)), name_match.group(2).lower()
        if is_end:
            if self.fragment_open:
                if self.inside_fragment:
                    self.inside_fragment.pop()
                else:  # it closes what the fragment is in
                    self._close_fragment()
            self.out.append(tag)
            if name == "a":
                self.link_depth -= 1
                if self.link_depth == 0 and self.after_link:
                    self._close_fragment()
                    self.out.extend(self.after_link)
                    self.after_link.clear()
            return
        if name in _BLOCK_TAGS:
            self._close_fragment()
            self.out.append(tag)
            return
        if self.active and not self.fragment_open:
            self._open_fragment()
        self.out.append(tag)
        is_void = name in _VOID_TAGS or tag.endswith("/>")
        if self.fragment_open and not is_void:
            self.inside_fragment.append((name, tag))
        if name == "a" and not is_void:
            self.link_depth += 1

    def _slot(self, slot: _Slot) -> None:
        # What is highlighted changes here, or something is inserted: end the fragment.
        self._close_fragment()
        inserted: list[str] = []
        for highlight in slot.closing:
            if highlight in self.active:
                self.active.remove(highlight)
            self.closed.add(id(highlight))
            inserted.append(_claim_links(highlight.claims))
        inserted.extend(_event_mark(event) for event in slot.events)
        for highlight in slot.opening:
            if id(highlight) not in self.closed:
                self.active.append(highlight)
        if self.link_depth:  # a link inside a link is not allowed: wait for its end
            self.after_link.extend(inserted)
        else:
            self.out.extend(inserted)

    def _open_fragment(self) -> None:
        claims = [claim for highlight in self.active for claim in highlight.claims]
        statuses = dict.fromkeys(_class_part(claim.status) for claim in claims)
        classes = ["claim", *(f"claim--{status}" for status in statuses)]
        if len(claims) > 1:
            classes.append("claim--multiple")
        pks = _escape(" ".join(str(claim.pk) for claim in claims))
        self.out.append(f'<mark class="{" ".join(classes)}" data-claims="{pks}">')
        self.fragment_open = True

    def _close_fragment(self) -> None:
        """End the open fragment; elements opened inside it are closed first and reopened
        after it, so that nothing crosses."""
        if not self.fragment_open:
            return
        self.out.extend(f"</{name}>" for name, _ in reversed(self.inside_fragment))
        self.out.append("</mark>")
        self.out.extend(tag for _, tag in self.inside_fragment)
        self.inside_fragment.clear()
        self.fragment_open = False


def _class_part(value: str) -> str:
    return _CLASS_UNSAFE.sub("-", str(value).lower()) or "unknown"


def _escape(value: object) -> str:
    """`value` as HTML text or attribute value: what `django.utils.html.escape` does (it
    calls `html.escape`), without its lazy-string wrapper, which costs a third of the
    render time over the seed's ~900 values."""
    return html_escape(str(value))


def _claim_links(claims: list[ClaimSpan]) -> str:
    links = []
    for claim in claims:
        status_label = claim.status_label or claim.status
        title = _escape(f"{claim.source} — {status_label}")
        label = _escape(f"{claim.source} claim, {status_label.lower()}")
        links.append(
            f'<a class="claim-ref claim-ref--{_class_part(claim.status)}"'
            f' id="claim-{_escape(claim.pk)}" href="{_escape(claim.url)}" title="{title}"'
            f' aria-label="{label}">{_escape(claim.source)}</a>'
        )
    return '<span class="claim-refs">' + "".join(links) + "</span>"


def _event_mark(event: EventMark) -> str:
    description = _escape(f"Event: {event.date_label} — {event.title}")
    date_label = _escape(event.date_label)
    if event.url:
        inner = (
            f'<a class="event-mark__link" href="{_escape(event.url)}" title="{description}"'
            f' aria-label="{description}">{date_label}</a>'
        )
    else:
        inner = f'<span class="event-mark__label" title="{description}">{date_label}</span>'
    return f'<span class="event-mark" id="event-{_escape(event.pk)}">{inner}</span>'
