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
    what: tuple[Hashable, ...], version: str, build: Callable[[], tuple[str, bytes]]
) -> tuple[str, bytes]:
    """The body of `what` at `version` and that version: from the cache, or from
    `build()`, which returns the version it read (newer than `version` when a
    write landed in between) with the body, stored under that version."""
    cache = caches[CACHE]
    key = ":".join(map(str, (*what, version)))
    body = cache.get(key)
    if body is not None:
        return version, body
    version, body = build()
    cache.set(":".join(map(str, (*what, version))), body)
    return version, body
