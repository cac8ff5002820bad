"""Rendered detail representations, cached under the version they show.

A claim's version moves whenever anything its page or API resource shows
changes (`claims.freshness`), so a body stored under (what, where, version) is
never stale: once the version moves, the entry is simply no longer asked for
and ages out. A request then costs the one statement that reads the version.

The cache is Django's `representations` cache (settings.CACHES): per worker
process by default; point it at a shared cache to share the work between
processes, or at DummyCache to measure without it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from django.core.cache import caches
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from .api.concurrency import not_modified

CACHE = "representations"
# The largest primary key the database stores (bigint): anything above is no row.
_MAX_PK = 2**63 - 1


def primary_key(value) -> int | None:
    """A URL's id as a primary key, or None when it cannot be one (a 404)."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk <= _MAX_PK and str(value).isdigit() else None


def cached_representation(
    what: tuple[Hashable, ...],
    version: str,
    build: Callable[[], tuple[str, bytes]],
    current_version: Callable[[], str | None],
) -> tuple[str, bytes]:
    """The body of `what` at `version` and that version: from the cache, or from
    `build()`, which returns the version it read (newer than `version` when a
    write landed in between) with the body.

    A built body is stored only if `current_version()` still names its version
    afterwards: a write that landed while it was being read may have mixed
    newer rows into it, and such a body must not be kept under the older
    version (which, for an event that regains its earlier claims, can return)."""
    cache = caches[CACHE]
    body = cache.get(_key(what, version))
    if body is not None:
        return version, body
    version, body = build()
    if current_version() == version:
        cache.set(_key(what, version), body)
    return version, body


def _key(what: tuple[Hashable, ...], version: str) -> str:
    return ":".join(map(str, (*what, version)))


def conditional_response(
    request,
    what: tuple[Hashable, ...],
    version: str,
    build: Callable[[], tuple[str, bytes]],
    current_version: Callable[[], str | None],
    *,
    variant: str = "",
    content_type: str | None = None,
) -> HttpResponse:
    """A 304 when the request's If-None-Match names the current ETag, else the
    body of `what` at `version` (cached, or built: see cached_representation).
    The ETag is the version, with `variant` appended for representations that
    differ by who reads them (which then vary by Cookie). Absolute URLs in a
    body depend on the scheme and host asked for, so the cache keys by them too."""

    def etag(version: str) -> str:
        return f'"{version}.{variant}"' if variant else f'"{version}"'

    if not_modified(request, etag(version)):
        response = HttpResponseNotModified()
    else:
        version, body = cached_representation(
            (*what, request.build_absolute_uri("/"), variant), version, build, current_version
        )
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag(version)
    if variant:
        patch_vary_headers(response, ("Cookie",))
    return response
