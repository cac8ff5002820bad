"""Stage 2 of the article importer: cut a Markdown body into sentences.

The body is read line by line: headings set the section path, runs of text
lines form paragraphs, and paragraphs are split into sentences. Every sentence
keeps exact character offsets into the body (`body[s.start:s.end] == s.text`),
because claims are stored and highlighted by offset.

Skipped: image lines, code blocks, tables, thematic breaks, export junk
("[object Object]"), and the back matter — everything from the first "See also",
"References" (or similar) heading to the end, since Wikipedia-style articles put
only link lists and citations there.

Sentence boundaries are ". ", "! ", "? " (optionally followed by closing quotes
or brackets) before an uppercase letter, a digit or an opening quote, except
after abbreviations ("U.S.", "Col.", "mi.", initials) and inside a quotation
that closes later in the same paragraph. The work is linear in the body's length.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from .read import JUNK

# --- Markdown blocks --------------------------------------------------------------------------

# ATX heading: up to three spaces, 1-6 "#", then a space or the end of the line.
HEADING = re.compile(r"^ {0,3}(#{1,6})(?=[ \t]|$)(.*)$")
# Optional closing sequence of an ATX heading ("## Title ##").
HEADING_CLOSER = re.compile(r"[ \t]+#+[ \t]*$|^#+[ \t]*$")
# A line that is an image (possibly wrapped in a link): "![alt](url)" or "[![alt](url)](url)".
IMAGE_LINE = re.compile(r"^\s*\[?!\[")
THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
CODE_FENCE = re.compile(r"^ {0,3}(```|~~~)")
TABLE_ROW = re.compile(r"^\s*\|")
# A list item starts its own paragraph; its marker is not part of any sentence.
LIST_MARKER = re.compile(r"^\s*(?:[-*+]|(?P<number>\d{1,9})[.)])[ \t]+(?=\S)")

# Headings that open the back matter (compared case-insensitively, trailing ":" ignored).
BACK_MATTER_TITLES = frozenset(
    {
        "see also",
        "references",
        "notes",
        "footnotes",
        "citations",
        "external links",
        "further reading",
        "bibliography",
    }
)

# --- Sentence boundaries ----------------------------------------------------------------------

# Terminal punctuation, any closing quotes/brackets/emphasis glued to it, then whitespace.
# Whether it really ends a sentence is decided in `_is_boundary`.
BOUNDARY_CANDIDATE = re.compile(r"([.!?]+)([\"'”’)\]*_]*)\s+")
# Markdown that may open the next sentence before its first letter ("**Operation", "[SOHR]").
SENTENCE_OPENING_MARKUP = re.compile(r"[*_\[]*")
NEXT_WORD = re.compile(r"\w+")
OPENING_QUOTES = frozenset("\"“‘'")
# Characters that may wrap the word before a period: "(U.S." → "U.S.".
WORD_WRAPPERS = "([\"'“‘*_"
HAS_WORD = re.compile(r"\w")

# Abbreviations after which a period never ends a sentence: titles and words that
# are always followed by what they qualify ("Col. Sean Ryan", "No. 5", "approx. 300").
NEVER_ENDS_SENTENCE = frozenset(
    {
        # ranks and titles
        "Col.", "Lt.", "Maj.", "Gen.", "Brig.", "Capt.", "Cmdr.", "Adm.", "Sgt.", "Cpl.", "Pvt.",
        "Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "Gov.", "Sen.", "Rep.", "Pres.", "Rev.", "St.",
        # qualifiers
        "No.", "Nos.", "vs.", "approx.", "est.", "e.g.", "i.e.", "cf.", "ca.", "Fig.", "Vol.",
        # months ("Oct. 5")
        "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.",
        "Dec.",
    }
)  # fmt: skip

# Abbreviations that usually sit inside a sentence but can also end one ("... with
# the help of the U.S. The men were ..."). After these a period is a boundary only
# when the next word is a typical sentence opener or a quote. Dotted initialisms
# ("U.S.", "U.K.", "U.N.", see `DOTTED_INITIALISM`) and single initials ("E.", which
# may also be "World War I.") are treated the same way.
# "etc." is deliberately absent: it is an ordinary word that ends a sentence before
# a capital and never splits before a lowercase word anyway.
MAY_END_SENTENCE = frozenset(
    {"Jr.", "Sr.", "a.m.", "p.m.", "mi.", "km.", "Inc.", "Ltd.", "Co.", "Bros."}
)
DOTTED_INITIALISM = re.compile(r"^(?:[^\W\d_]\.){2,}$")
SENTENCE_OPENERS = frozenset(
    {
        "The", "On", "In", "At", "By", "For", "From", "It", "Its", "He", "She", "They", "We",
        "This", "That", "These", "Those", "There", "Their", "His", "Her", "However", "Meanwhile",
        "According", "After", "Before", "During", "Later", "Also", "Despite", "Following",
        "Since", "When", "While", "As", "Some", "Many", "Most", "Several", "Both", "Other",
        "Another", "Such", "Yet", "Still", "Then", "Thus",
    }
)  # fmt: skip

# --- Plain text -------------------------------------------------------------------------------

# Link targets may contain one level of parentheses (Wikipedia file names do).
_LINK_TARGET = r"\((?:[^()\s]|\([^()\s]*\))*\)"
INLINE_IMAGE = re.compile(r"!\[[^\]]*\]" + _LINK_TARGET)
INLINE_LINK = re.compile(r"\[([^\]]*)\]" + _LINK_TARGET)
REFERENCE_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
INLINE_CODE = re.compile(r"`([^`]+)`")
STAR_EMPHASIS = re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1")
# Underscores only at word edges: "snake_case_name" is not emphasis.
UNDERSCORE_EMPHASIS = re.compile(r"(?<!\w)(_{1,3})(?=\S)(.+?)(?<=\S)\1(?!\w)")


def plain_text(markdown: str) -> str:
    """Inline Markdown reduced to its words: no emphasis, links as their text, one space."""
    # Each rule runs only if the character it needs is there: most sentences
    # have no link, code or emphasis.
    text = JUNK.sub(" ", markdown) if "[object" in markdown else markdown
    if "[" in text:
        text = INLINE_IMAGE.sub("", text)
        text = INLINE_LINK.sub(r"\1", text)
        text = REFERENCE_LINK.sub(r"\1", text)
    if "<" in text:
        text = AUTOLINK.sub(r"\1", text)
    if "`" in text:
        text = INLINE_CODE.sub(r"\1", text)
    for _ in range(3):  # nested emphasis ("**a *b* c**") peels one layer per pass
        if "*" not in text and "_" not in text:
            break
        unwrapped = UNDERSCORE_EMPHASIS.sub(r"\2", STAR_EMPHASIS.sub(r"\2", text))
        if unwrapped == text:
            break
        text = unwrapped
    # Splitting on whitespace and joining with one space is what collapsing `\s+`
    # and stripping do (both use the same notion of whitespace), without a regex.
    return " ".join(text.split())


# --- Results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    section: tuple[str, ...]
    paragraph_start: int
    paragraph_end: int
    index: int

    # Every stage reads it, persist too: worked out once per sentence.
    @functools.cached_property
    def plain(self) -> str:
        return plain_text(self.text)


@dataclass(frozen=True)
class Section:
    path: tuple[str, ...]
    start: int


@dataclass(frozen=True)
class _Paragraph:
    start: int
    end: int
    section: tuple[str, ...]


def segment(body: str) -> list[Sentence]:
    """The body's sentences in order, with offsets, section path and paragraph."""
    sentences: list[Sentence] = []
    for block in _blocks(body):
        if not isinstance(block, _Paragraph):
            continue
        for start, end in _paragraph_sentences(body, block.start, block.end):
            sentences.append(
                Sentence(
                    text=body[start:end],
                    start=start,
                    end=end,
                    section=block.section,
                    paragraph_start=block.start,
                    paragraph_end=block.end,
                    index=len(sentences),
                )
            )
    return sentences


def sections(body: str) -> list[Section]:
    """The headings whose content `segment` reads (the back matter is left out), in order."""
    return [block for block in _blocks(body) if isinstance(block, Section)]


# --- Blocks: headings and paragraphs ----------------------------------------------------------


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


def _blocks(body: str) -> Iterator[Section | _Paragraph]:
    """Headings (as Sections) and paragraphs, in document order, up to the back matter."""
    levels: list[tuple[int, str]] = []  # the open headings: (level, title)
    paragraph: list[int] | None = None  # [start, end] of the paragraph being read
    in_list = False  # the paragraph being read is a list item
    in_code = False

    def finish() -> Iterator[_Paragraph]:
        nonlocal paragraph
        if paragraph is not None:
            yield _Paragraph(paragraph[0], paragraph[1], tuple(title for _, title in levels))
            paragraph = None

    for start, end in _lines(body):
        line = body[start:end]
        if CODE_FENCE.match(line):
            in_code = not in_code
            yield from finish()
            continue
        if in_code:
            continue
        heading = HEADING.match(line)
        if heading:
            yield from finish()
            level, title = len(heading.group(1)), _heading_title(heading.group(2))
            if title.rstrip(":").casefold() in BACK_MATTER_TITLES:
                return  # the rest of the document is link lists and citations
            while levels and levels[-1][0] >= level:
                levels.pop()
            levels.append((level, title))
            yield Section(tuple(t for _, t in levels), start)
            continue
        if _is_skipped_line(line):
            yield from finish()
            continue
        content_start, content_end = _content_span(body, start, end)
        marker = _list_marker(line, in_prose=paragraph is not None and not in_list)
        if marker is not None:
            yield from finish()
            content_start, in_list = start + marker.end(), True
        elif paragraph is None:
            in_list = False
        if paragraph is None:
            paragraph = [content_start, content_end]
        else:
            paragraph[1] = content_end
    yield from finish()


def _list_marker(line: str, in_prose: bool) -> re.Match[str] | None:
    """The list-item marker that starts `line`, if it starts a list item.

    As in CommonMark, a numbered line continues a running paragraph unless it is
    numbered 1: a soft-wrapped line may well begin "2019. The SDF ...".
    """
    marker = LIST_MARKER.match(line)
    if marker and in_prose and marker.group("number") not in (None, "1"):
        return None
    return marker


def _heading_title(raw: str) -> str:
    return plain_text(HEADING_CLOSER.sub("", JUNK.sub("", raw)))


def _is_skipped_line(line: str) -> bool:
    """Blank, junk-only, image, table and rule lines: they end a paragraph and hold no prose."""
    return (
        not JUNK.sub("", line).strip()
        or IMAGE_LINE.match(line) is not None
        or TABLE_ROW.match(line) is not None
        or THEMATIC_BREAK.match(line) is not None
    )


def _content_span(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


# --- Sentences --------------------------------------------------------------------------------


def _paragraph_sentences(body: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of the paragraph body[start:end]."""
    quotes = _QuoteSpans(body, start, end)
    # Junk inside a paragraph is a hard break: no sentence may contain it.
    piece_start = start
    for junk in JUNK.finditer(body, start, end):
        yield from _piece_sentences(body, piece_start, junk.start(), quotes)
        piece_start = junk.end()
    yield from _piece_sentences(body, piece_start, end, quotes)


def _piece_sentences(
    body: str, start: int, end: int, quotes: _QuoteSpans
) -> Iterator[tuple[int, int]]:
    start, end = _content_span(body, start, end)
    sentence_start = start
    for candidate in BOUNDARY_CANDIDATE.finditer(body, start, end):
        cut, next_start = candidate.end(2), candidate.end()
        if next_start >= end or not _is_boundary(body, candidate, start, end, quotes):
            continue
        if HAS_WORD.search(body, sentence_start, cut):
            yield sentence_start, cut
        sentence_start = next_start
    if sentence_start < end and HAS_WORD.search(body, sentence_start, end):
        yield sentence_start, end


def _is_boundary(
    body: str, candidate: re.Match[str], piece_start: int, piece_end: int, quotes: _QuoteSpans
) -> bool:
    """Whether the punctuation `candidate` found really ends a sentence."""
    first = SENTENCE_OPENING_MARKUP.match(body, candidate.end(), piece_end).end()
    if first >= piece_end:
        return False
    letter = body[first]
    if not (letter.isupper() or letter.isdigit() or letter in OPENING_QUOTES):
        return False
    if quotes.inside(candidate.end(2)):
        return False  # a quotation that goes on: "We won. They fled," he said.
    if candidate.group(1) != ".":
        return True  # "!", "?", "..." are not abbreviations
    word = _word_before(body, candidate.start(1), piece_start)
    return _period_ends_sentence(word, body, first)


def _word_before(body: str, period: int, floor: int) -> str:
    """The word the period at `period` closes, with the period: "(U.S." → "U.S."."""
    start = period
    # Each candidate's whitespace bounds the next candidate's word, so this stays linear.
    while start > floor and not body[start - 1].isspace():
        start -= 1
    return body[start:period].lstrip(WORD_WRAPPERS) + "."


def _period_ends_sentence(word: str, body: str, next_start: int) -> bool:
    if word in NEVER_ENDS_SENTENCE:
        return False
    is_initial = len(word) == 2 and word[0].isupper()  # "Paul E. Funk", "Abu A. Hassan"
    if is_initial or word in MAY_END_SENTENCE or DOTTED_INITIALISM.match(word):
        if body[next_start] in OPENING_QUOTES:
            return True
        next_word = NEXT_WORD.match(body, next_start)
        return next_word is not None and next_word.group() in SENTENCE_OPENERS
    return True


class _QuoteSpans:
    """The double-quoted stretches of one paragraph, to tell whether a point is inside one.

    Straight quotes alternate open/close; curly quotes say which they are. A quote
    left open at the paragraph's end is ignored, so that one stray mark cannot glue
    the rest of the paragraph into one sentence.
    """

    QUOTE = re.compile(r"[\"“”]")

    def __init__(self, body: str, start: int, end: int) -> None:
        self.opens: list[int] = []
        self.closes: list[int] = []
        opened: int | None = None
        for mark in self.QUOTE.finditer(body, start, end):
            char, position = mark.group(), mark.start()
            if opened is None and char != "”":
                opened = position
            elif opened is not None and char != "“":
                self.opens.append(opened)
                self.closes.append(position)
                opened = None

    def inside(self, position: int) -> bool:
        """True when `position` lies after an opening quote and at or before its closing one."""
        index = bisect_right(self.opens, position - 1) - 1
        return index >= 0 and position <= self.closes[index]
