"""No lost updates: optimistic concurrency on claims.

A claim's version changes whenever the claim is written (its `updated_at`,
to the microsecond). Responses carry it as the `ETag` header and as `version`;
a client changing the claim sends it back as `If-Match`. The write locks the
claim row, compares, and refuses with 412 when someone else's change landed in
between — instead of silently overwriting it.
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


def claim_version(claim: Claim) -> str:
    microseconds = (claim.updated_at - _EPOCH) // dt.timedelta(microseconds=1)
    return f"{claim.pk}.{microseconds}"


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
