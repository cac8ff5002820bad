"""The claim list as CSV, for the desks that work in spreadsheets.

Streamed row by row (the whole filtered list, not one page), reading the
database in chunks, so a large export neither waits nor fills memory.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from rest_framework.renderers import BaseRenderer

from ..models import Claim

CHUNK_SIZE = 2000

COLUMNS = [
    "id",
    "source",
    "source_name",
    "party",
    "kind",
    "status",
    "verb",
    "text",
    "excerpt",
    "event_id",
    "event_date",
    "event_date_precision",
    "event_title",
    "stated_on",
    "figures",
    "self_interested",
    "contradiction_count",
    "document",
    "section",
    "char_start",
    "char_end",
    "url",
]


class CSVRenderer(BaseRenderer):
    """Lets content negotiation pick CSV (`?format=csv`, `.csv`, `Accept:
    text/csv`); the claim list then streams it itself (`stream_claims_csv`)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Never used for content: the list streams its CSV itself, and errors
        # switch to JSON (claims.api.errors).
        return b""


# A cell starting with one of these is a formula to a spreadsheet; an article
# sentence must never run as one (CSV injection), so such cells get a leading '.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_START) else text


class _Echo:
    """A file-like object that hands back what csv.writer writes."""

    def write(self, value: str) -> str:
        return value


def _figures(claim: Claim) -> str:
    return "; ".join(
        f"{figure.quantity}: {_number(figure)} {figure.subject}".strip()
        for figure in claim.figures.all()
    )


def _number(figure) -> str:
    if figure.low is not None and figure.high is not None and figure.low != figure.high:
        return f"{figure.low}-{figure.high}"
    if figure.low is not None or figure.high is not None:
        prefix = "at least " if figure.high is None else "up to " if figure.low is None else ""
        return f"{prefix}{figure.low if figure.low is not None else figure.high}"
    return figure.as_written


def _rows(claims: QuerySet, build_url) -> Iterator[list]:
    yield COLUMNS
    for claim in claims.iterator(chunk_size=CHUNK_SIZE):
        event = claim.event
        party = claim.source.party
        yield [
            claim.pk,
            claim.source.slug,
            _cell(claim.source.name),
            party.slug if party else "",
            claim.kind,
            claim.status,
            _cell(claim.verb),
            _cell(claim.text),
            _cell(claim.excerpt),
            event.pk if event else "",
            event.date.isoformat() if event and event.date else "",
            event.date_precision if event else "",
            _cell(event.title if event else ""),
            claim.stated_on.isoformat() if claim.stated_on else "",
            _cell(_figures(claim)),
            "true" if claim.is_self_interested else "false",
            claim.contradiction_count,
            claim.document.slug if claim.document else "",
            _cell(claim.section),
            "" if claim.char_start is None else claim.char_start,
            "" if claim.char_end is None else claim.char_end,
            build_url(claim),
        ]


def stream_claims_csv(claims: QuerySet, build_url, filename: str = "claims.csv"):
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in _rows(claims, build_url)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
