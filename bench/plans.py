"""The query plan of each request's slowest SQL statement: EXPLAIN ANALYZE on
PostgreSQL (it runs the statement), EXPLAIN QUERY PLAN on SQLite."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class Plan:
    name: str
    statements: int
    sql_ms: float
    slowest_ms: float
    sql: str
    plan: str


def slowest_statement(call: Callable[[], object]) -> tuple[int, float, float, str]:
    """Run `call` once: its statement count, their summed time, and the slowest
    one's time and SQL (as sent, parameters interpolated)."""
    spent: list[int] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter_ns()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(time.perf_counter_ns() - started)

    with CaptureQueriesContext(connection) as context, connection.execute_wrapper(timed):
        call()
    queries = context.captured_queries
    if not queries:
        return 0, 0.0, 0.0, ""
    slowest = max(range(len(queries)), key=lambda index: spent[index])
    return len(queries), sum(spent) / 1e6, spent[slowest] / 1e6, queries[slowest]["sql"]


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        rows = cursor.fetchall()
    return "\n".join(" | ".join(str(cell) for cell in row) for row in rows)


def plans(calls: dict[str, Callable[[], object]]) -> list[Plan]:
    found = []
    for name, call in calls.items():
        statements, sql_ms, slowest_ms, sql = slowest_statement(call)
        found.append(
            Plan(
                name=name,
                statements=statements,
                sql_ms=sql_ms,
                slowest_ms=slowest_ms,
                sql=sql,
                plan=explain(sql) if sql else "",
            )
        )
    return found
