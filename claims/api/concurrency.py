"""No lost updates: optimistic concurrency on claims.

A claim's version changes whenever the claim is written (its `updated_at`,
to the microsecond), and whenever anything its representations show changes
(`claims.freshness`: its relations, reviews, figures, event, source, …).
Responses carry it as the `ETag` header and as `version`; a client changing
the claim sends it back as `If-Match`. The write locks the claim row, compares,
and refuses with 412 when someone else's change landed in between — instead of
silently overwriting it. Reads send it back as `If-None-Match` and get 304 Not
Modified while it is current (`not_modified`).
"""

from __future__ import annotations

import datetime as dt

from rest_framework import status
from rest_framework.exceptions import APIException

from ..models import Claim


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The claim changed since you read it (If-Match does not match its ETag). "
        "Fetch it again, reapply your change and retry."
    )
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        "Send the claim's ETag (from GET) as If-Match, so that a change made meanwhile "
        "by someone else is not overwritten."
    )
    default_code = "precondition_required"


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def version_of(pk: int, updated_at: dt.datetime) -> str:
    microseconds = (updated_at - _EPOCH) // dt.timedelta(microseconds=1)
    return f"{pk}.{microseconds}"


def claim_version(claim: Claim) -> str:
    return version_of(claim.pk, claim.updated_at)


def claim_etag(claim: Claim) -> str:
    return f'"{claim_version(claim)}"'


def _tags(header: str) -> set[str]:
    tags = set()
    for part in header.split(","):
        tag = part.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        tags.add(tag.strip('"'))
    return tags


def check_if_match(request, claim: Claim, *, required: bool) -> None:
    """Raise unless the request's If-Match names `claim`'s current version.

    Call with the claim row locked (select_for_update) so that nothing can
    change it between this check and the write.
    """
    header = request.headers.get("If-Match", "").strip()
    if not header:
        if required:
            raise PreconditionRequired()
        return
    if header == "*":
        return
    if claim_version(claim) not in _tags(header):
        raise PreconditionFailed()


def not_modified(request, etag: str) -> bool:
    """Whether a GET's If-None-Match names `etag` (weak comparison, as RFC 9110
    prescribes for If-None-Match; `*` matches any current representation)."""
    header = request.headers.get("If-None-Match", "").strip()
    if not header:
        return False
    return header == "*" or etag.strip('"') in _tags(header)
