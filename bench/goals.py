"""The issue's goals, each set against what this run measured: met, not met, or
not measured here. Reported, never asserted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

from . import datasette_row
from .harness import InProcessClient


@dataclass(frozen=True)
class Goal:
    goal: str
    measured: str
    met: bool | None  # None: not measured by this run

    @property
    def verdict(self) -> str:
        return {True: "met", False: "**not met**", None: "not measured here"}[self.met]


def _p50(rows, name: str):
    return next((row for row in rows if row.name == name), None)


def _under(rows, name: str, limit_ms: float, goal: str) -> Goal:
    row = _p50(rows, name)
    if row is None:
        return Goal(goal, "", None)
    return Goal(goal, f"{row.p50:.2f} ms p50", row.p50 <= limit_ms)


def conditional_get(client: InProcessClient, path: str, accept: str) -> Goal:
    """GET, then GET again with If-None-Match: the ETag back; the goal wants a 304."""
    status, headers, _ = client.request(path, accept)
    etag = headers.get("etag")
    if status != 200 or not etag:
        return Goal(f"conditional GET on `{path}`", "no ETag header", False)
    status, _, _ = client.request(path, accept, {"HTTP_IF_NONE_MATCH": etag})
    return Goal(
        f"conditional GET on `{path}` (ETag → 304)",
        f"ETag {etag}; again with If-None-Match: {status}",
        status == 304,
    )


def _queries(call: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as context:
        call()
    return len(context.captured_queries)


def constant_queries(client: InProcessClient, paths: list[str]) -> Goal:
    """The same lists at page sizes 1, 50 and 1000: the same number of queries."""
    counts = {}
    for path in paths:
        joiner = "&" if "?" in path else "?"
        counts[path] = [
            _queries(client.caller(f"{path}{joiner}page_size={size}", "api"))
            for size in (1, 50, 1000)
        ]
    shown = "; ".join(f"`{path}`: {'/'.join(map(str, n))}" for path, n in counts.items())
    return Goal(
        "constant queries per request at any page size (page_size 1/50/1000)",
        shown,
        all(len(set(n)) == 1 for n in counts.values()),
    )


def below_datasette(rows, unmeasured: str | None) -> Goal:
    """The filtered list's p50 against Datasette's for the same query in the same
    run; `unmeasured` says why there is no fair figure to compare with."""
    goal = "filtered claim list below Datasette's time for the same query"
    filtered, served = _p50(rows, datasette_row.ROW), _p50(rows, datasette_row.NAME)
    if unmeasured or filtered is None or served is None:
        return Goal(goal, unmeasured or "", None)
    return Goal(
        goal,
        f"{filtered.p50:.2f} ms vs Datasette {served.p50:.2f} ms: {filtered.p50 / served.p50:.2f}×",
        filtered.p50 < served.p50,
    )


def goals(
    rows,
    client: InProcessClient,
    paths: dict[str, str],
    import_rows,
    datasette_unmeasured: str | None = "Datasette is not installed",
) -> list[Goal]:
    filtered = _p50(rows, "api claims source+status")
    fixed = _p50(rows, "api claim 304")
    fixed_cost = (
        f" (of which the framework's fixed cost, `api claim 304`, {fixed.p50:.2f} ms)"
        if fixed
        else ""
    )
    found = [
        Goal(
            "filtered claim list p50 ≤ 1.5× the raw floor",
            f"{filtered.p50:.2f} ms vs floor {filtered.floor_p50:.2f} ms: {filtered.ratio:.1f}×"
            f"{fixed_cost}"
            if filtered and filtered.floor_p50
            else "",
            filtered.ratio <= 1.5 if filtered and filtered.ratio else None,
        ),
        below_datasette(rows, datasette_unmeasured),
        _under(rows, "api claims", 5, "unfiltered list page p50 ≤ 5 ms"),
        _under(rows, "api claims q", 15, "full-text search p50 ≤ 15 ms"),
        _under(rows, "api claim", 2, "claim detail (API) p50 ≤ 2 ms"),
        _under(rows, "page claim", 2, "claim page p50 ≤ 2 ms"),
        conditional_get(client, paths["api claim"], "application/json"),
        conditional_get(client, paths["page claim"], "text/html"),
        constant_queries(
            client, [paths["api claims"], paths["api claims source+status"], paths["api claims q"]]
        ),
    ]
    corpus = next((row for row in import_rows if row.label.startswith("corpus")), None)
    found.append(
        Goal(
            "import ≥ 1 MB/s of article text end to end",
            f"{corpus.mb_per_s:.2f} MB/s ({corpus.label})" if corpus else "skipped",
            corpus.mb_per_s >= 1 if corpus else None,
        )
    )
    found.append(
        Goal("claim page under load ≥ 1,500 requests/s, 0 errors", "see the load run", None)
    )
    return found
