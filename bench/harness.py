"""Server-side latency, measured in process.

Each request goes through Django's WSGI handler exactly as gunicorn calls it
(request_started and request_finished included, so persistent connections and
their health checks behave as in production), with DEBUG off, and is timed
around the handler call and the reading of its body with `perf_counter_ns`. No
HTTP, no client: what is left is the server's own time.

Measurements are interleaved: every round makes one request of each kind, in a
shuffled order, so that drift (other load, caches, autovacuum) hits all alike.
"""

from __future__ import annotations

import contextlib
import io
import math
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

# Far above anything a benchmark sends: throttling must not answer 429 mid-run.
UNTHROTTLED = "1000000000/second"


def benchmark_host() -> str:
    """A host name the settings allow (the first that is not a pattern)."""
    for host in settings.ALLOWED_HOSTS:
        if host and not host.startswith(".") and "*" not in host:
            return host.strip("[]") if host.startswith("[") else host
    return "127.0.0.1"


@contextlib.contextmanager
def production_like(host: str) -> Iterator[None]:
    """DEBUG off (with it on Django records every query), throttles out of the
    way, `host` allowed, and an empty cache (no throttle history left over)."""
    allowed = list(settings.ALLOWED_HOSTS)
    if host not in allowed and "*" not in allowed:
        allowed.append(host)
    with override_settings(
        DEBUG=False,
        ALLOWED_HOSTS=allowed,
        API_ANON_RATE=UNTHROTTLED,
        API_USER_RATE=UNTHROTTLED,
        API_FAILED_AUTH_RATE=UNTHROTTLED,
    ):
        for cache in caches.all():
            cache.clear()
        yield
        for cache in caches.all():
            cache.clear()


class InProcessClient:
    """GET requests through a WSGIHandler, over HTTPS as a TLS proxy would hand
    them on (so SECURE_SSL_REDIRECT, if on, does not answer with redirects).
    Create it inside `production_like`: middleware reads settings when built."""

    def __init__(self, host: str):
        self.host = host
        self.handler = WSGIHandler()
        self._status = ""
        self._headers: list[tuple[str, str]] = []

    def _environ(self, path: str, accept: str) -> dict:
        path, _, query = path.partition("?")
        return {
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": self.host,
            "SERVER_PORT": "443",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": self.host,
            "HTTP_ACCEPT": accept,
            "HTTP_X_FORWARDED_PROTO": "https",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "https",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }

    def _start_response(self, status, headers, exc_info=None):
        self._status = status
        self._headers = headers

    def get(
        self, path: str, accept: str = "application/json", extra: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        environ = {**self._environ(path, accept), **extra} if extra else self._environ(path, accept)
        response = self.handler(environ, self._start_response)
        try:
            body = b"".join(response)
        finally:
            response.close()
        return int(self._status.split(" ", 1)[0]), body

    def request(
        self, path: str, accept: str, extra: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """An untimed GET with extra environ entries; its status, headers (names in
        lower case) and body."""
        environ = {**self._environ(path, accept), **(extra or {})}
        response = self.handler(environ, self._start_response)
        try:
            body = b"".join(response)
        finally:
            response.close()
        headers = {name.lower(): value for name, value in self._headers}
        return int(self._status.split(" ", 1)[0]), headers, body

    def caller(self, path: str, kind: str, conditional: bool = False) -> Callable[[], bytes]:
        """A function that requests `path`, returns the body, and raises on
        anything but 200 (a benchmark of error pages measures nothing).

        `conditional`: with the ETag of a first (untimed) answer as If-None-Match,
        expecting 304 and an empty body."""
        accept = "application/json" if kind == "api" else "text/html"
        expected, extra = 200, {}
        if conditional:
            status, headers, body = self.request(path, accept)
            if status != 200 or "etag" not in headers:
                raise RuntimeError(f"GET {path} answered {status} without an ETag: {body[:300]!r}")
            expected, extra = 304, {"HTTP_IF_NONE_MATCH": headers["etag"]}

        def call() -> bytes:
            status, body = self.get(path, accept, extra)
            if status != expected:
                raise RuntimeError(f"GET {path} answered {status}: {body[:300]!r}")
            return body

        return call


def run_interleaved(
    calls: dict[str, Callable[[], object]],
    *,
    rounds: int,
    warmup: int,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, list[int]]:
    """`warmup` untimed rounds, then `rounds` timed ones; each round calls every
    function once, in a fresh random order. Returns nanoseconds per call, by name."""
    rng = random.Random(seed)
    names = list(calls)
    samples: dict[str, list[int]] = {name: [] for name in names}
    clock = time.perf_counter_ns
    for number in range(warmup + rounds):
        rng.shuffle(names)
        for name in names:
            call = calls[name]
            started = clock()
            call()
            elapsed = clock() - started
            if number >= warmup:
                samples[name].append(elapsed)
        if progress is not None:
            progress(number + 1, warmup + rounds)
    return samples


def count_queries(call: Callable[[], object], repeat: int = 3) -> tuple[int, float]:
    """SQL statements one call runs (captured as Django's tests do), and the median
    over `repeat` calls of their summed execution time in milliseconds, timed
    around each statement's execute (on SQLite rows are read after it)."""
    counts, times = [], []
    spent: list[int] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter_ns()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(time.perf_counter_ns() - started)

    for _ in range(repeat):
        spent.clear()
        with CaptureQueriesContext(connection) as context, connection.execute_wrapper(timed):
            call()
        counts.append(len(context.captured_queries))
        times.append(sum(spent) / 1e6)
    return max(counts), statistics.median(times)


def percentile(samples: list[int], share: float) -> float:
    """The nearest-rank percentile of nanosecond samples, in milliseconds."""
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), math.ceil(round(share * len(ordered), 6))))
    return ordered[rank - 1] / 1e6


def median_ms(samples: list[int]) -> float:
    return statistics.median(samples) / 1e6
