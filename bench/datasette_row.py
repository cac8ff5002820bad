"""The optional Datasette row: the filtered claim list served by Datasette, timed
in the same interleaved run as the API and its floor.

Datasette serves SQLite, so the run first copies what the filtered list reads
(claims with the columns the list shows, their sources, parties, documents,
events, event parties, figures and relations) from the configured database
into a SQLite file in a temporary directory, with the indexes a careful
Datasette user would add for this query, then ANALYZE. The copy is made once
per run and deleted after it.

"The same query" is a canned query: the floor's statement (bench/floor.py)
written for SQLite, one statement with the total count as a scalar subquery,
the source, party, document and event joined, `self_interested` and
`contradiction_count` as the API means them, and each claim's figures as a JSON
array, so that Datasette returns the API's rows and fields for the page of 50
(checked before timing). Datasette's table view cannot join, so it would
return less than the API does.

Datasette's ASGI application is called in process, as the API's WSGI handler
is (no HTTP, no client), on one event loop, until the body has been sent.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib.util
import json
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.db import connection, transaction

from .floor import PAGE_SIZE

# The API row Datasette is compared with, and its own row's name.
ROW = "api claims source+status"
NAME = f"datasette: {ROW}"
DATABASE = "claims"
QUERY = "claims_by_source_and_status"
# Rows read from the configured database and written to SQLite at a time.
BATCH = 20_000


def available() -> bool:
    """Whether datasette can be imported (it is optional: not in requirements)."""
    return importlib.util.find_spec("datasette") is not None


@dataclass(frozen=True)
class Table:
    name: str
    columns: str  # SQLite column definitions
    select: str  # the same columns from the configured database
    dates: tuple[int, ...] = ()  # positions of date columns
    datetimes: tuple[int, ...] = ()  # positions of timestamp columns


# What the filtered list reads, under the configured database's table names so
# that the query reads like the floor's.
TABLES = (
    Table("claims_party", "id INTEGER PRIMARY KEY, slug TEXT NOT NULL", "SELECT id, slug"),
    Table(
        "claims_source",
        "id INTEGER PRIMARY KEY, slug TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, "
        "party_id INTEGER REFERENCES claims_party (id)",
        "SELECT id, slug, name, kind, party_id",
    ),
    Table("claims_document", "id INTEGER PRIMARY KEY, slug TEXT NOT NULL", "SELECT id, slug"),
    Table(
        "claims_event",
        "id INTEGER PRIMARY KEY, date TEXT, date_precision TEXT NOT NULL, date_end TEXT, "
        "title TEXT NOT NULL",
        "SELECT id, date, date_precision, date_end, title",
        dates=(1, 3),
    ),
    Table(
        "claims_event_parties",
        "event_id INTEGER NOT NULL REFERENCES claims_event (id), "
        "party_id INTEGER NOT NULL REFERENCES claims_party (id)",
        "SELECT event_id, party_id",
    ),
    Table(
        "claims_claim",
        "id INTEGER PRIMARY KEY, text TEXT NOT NULL, excerpt TEXT NOT NULL, kind TEXT NOT NULL, "
        "status TEXT NOT NULL, verb TEXT NOT NULL, stated_on TEXT, "
        "stated_on_precision TEXT NOT NULL, document_id INTEGER REFERENCES claims_document (id), "
        "section TEXT NOT NULL, char_start INTEGER, char_end INTEGER, "
        "source_id INTEGER NOT NULL REFERENCES claims_source (id), "
        "event_id INTEGER REFERENCES claims_event (id), created_at TEXT NOT NULL, "
        "updated_at TEXT NOT NULL",
        "SELECT id, text, excerpt, kind, status, verb, stated_on, stated_on_precision, "
        "document_id, section, char_start, char_end, source_id, event_id, created_at, updated_at",
        dates=(6,),
        datetimes=(14, 15),
    ),
    Table(
        "claims_figure",
        "id INTEGER PRIMARY KEY, claim_id INTEGER NOT NULL REFERENCES claims_claim (id), "
        "quantity TEXT NOT NULL, subject TEXT NOT NULL, low INTEGER, high INTEGER, "
        "as_written TEXT NOT NULL",
        "SELECT id, claim_id, quantity, subject, low, high, as_written",
    ),
    Table(
        "claims_relation",
        "id INTEGER PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL, "
        "from_claim_id INTEGER NOT NULL REFERENCES claims_claim (id), "
        "to_claim_id INTEGER NOT NULL REFERENCES claims_claim (id)",
        "SELECT id, kind, state, from_claim_id, to_claim_id",
    ),
)

# Each index names the part of the query it serves. A rowid table's index ends
# with the rowid, so (source_id, status) also gives the page in id order.
INDEXES = (
    # the filter, the count and the page's order: WHERE source_id = … AND status = … ORDER BY id
    "CREATE INDEX claim_source_status_idx ON claims_claim (source_id, status)",
    # the source by its slug
    "CREATE UNIQUE INDEX source_slug_idx ON claims_source (slug)",
    # self_interested: is the source's party among the event's parties
    "CREATE INDEX event_parties_idx ON claims_event_parties (event_id, party_id)",
    # contradiction_count, both directions
    "CREATE INDEX relation_from_idx ON claims_relation (from_claim_id)",
    "CREATE INDEX relation_to_idx ON claims_relation (to_claim_id)",
    # a claim's figures in the API's order (quantity, then id)
    "CREATE INDEX figure_claim_idx ON claims_figure (claim_id, quantity)",
)

_SAME_FILTER = (
    "{t}.source_id = (SELECT id FROM claims_source WHERE slug = :source) AND {t}.status = :status"
)

# The floor's statement (bench/floor.py, Floor.filtered_list) for SQLite, its
# columns named as the API names its fields, and the figures folded in.
SQL = f"""
SELECT (SELECT count(*) FROM claims_claim cc WHERE {_SAME_FILTER.format(t="cc")}) AS count,
       c.id, c.text, c.excerpt, c.kind, c.status, c.verb, c.stated_on, c.stated_on_precision,
       d.slug AS document, c.section, c.char_start, c.char_end,
       s.slug AS source_slug, s.name AS source_name, s.kind AS source_kind,
       p.slug AS source_party,
       e.id AS event_id, e.date AS event_date, e.date_precision AS event_date_precision,
       e.date_end AS event_date_end, e.title AS event_title,
       (SELECT json_group_array(json_object('quantity', f.quantity, 'subject', f.subject,
                                            'low', f.low, 'high', f.high,
                                            'as_written', f.as_written))
        FROM (SELECT * FROM claims_figure ff WHERE ff.claim_id = c.id
              ORDER BY ff.quantity, ff.id) f) AS figures,
       EXISTS (SELECT 1 FROM claims_event_parties ep
               WHERE ep.event_id = c.event_id AND ep.party_id = s.party_id) AS self_interested,
       (SELECT count(*) FROM claims_relation r
        WHERE r.kind IN ('contradicts', 'denies') AND r.state <> 'rejected'
          AND (r.from_claim_id = c.id OR r.to_claim_id = c.id)) AS contradiction_count,
       c.created_at, c.updated_at
FROM claims_claim c
JOIN claims_source s ON s.id = c.source_id
LEFT JOIN claims_party p ON p.id = s.party_id
LEFT JOIN claims_event e ON e.id = c.event_id
LEFT JOIN claims_document d ON d.id = c.document_id
WHERE {_SAME_FILTER.format(t="c")}
ORDER BY c.id
LIMIT {PAGE_SIZE}
"""


def path(source: str, status: str) -> str:
    """The canned query's JSON, rows as objects and the figures as JSON, not text."""
    query = {"source": source, "status": status, "_shape": "objects", "_json": "figures"}
    return f"/{DATABASE}/{QUERY}.json?{urlencode(query)}"


# The copy -----------------------------------------------------------------


def _iso_utc(value) -> str:
    """A timestamp as the API writes it (ISO 8601, UTC as Z); SQLite stores UTC
    without an offset (read as text or, through Django, as a naive datetime)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    elif value.utcoffset():
        value = value.astimezone(dt.UTC)
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _converted(rows: Sequence[tuple], table: Table) -> Iterable[Sequence]:
    if not table.dates and not table.datetimes:
        return rows
    converted = []
    for row in rows:
        row = list(row)
        for index in table.dates:
            value = row[index]
            if value is not None and not isinstance(value, str):
                row[index] = value.isoformat()
        for index in table.datetimes:
            row[index] = _iso_utc(row[index])
        converted.append(row)
    return converted


def _batches(sql: str) -> Iterator[list[tuple]]:
    """The rows of `sql` on the configured database, BATCH at a time. On
    PostgreSQL from a server-side cursor (a million rows are not held at once)
    in binary format, which psycopg reads about three times faster than text
    (timestamps above all)."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql)
            while rows := cursor.fetchmany(BATCH):
                yield rows
        return
    import psycopg

    connection.ensure_connection()
    with (
        transaction.atomic(),
        psycopg.ServerCursor(connection.connection, "bench_datasette_copy") as cursor,
    ):
        cursor.execute(sql, binary=True)
        while rows := cursor.fetchmany(BATCH):
            yield rows


def build_copy(directory: Path, log: Callable[[str], None] = print) -> tuple[Path, float]:
    """Copy what the filtered list reads from the configured database into
    `directory`/claims.db, index it and ANALYZE it. Returns the file and the
    seconds it took."""
    started = time.monotonic()
    target = directory / f"{DATABASE}.db"
    copy = sqlite3.connect(target)
    try:
        copy.execute("PRAGMA journal_mode = OFF")
        copy.execute("PRAGMA synchronous = OFF")
        for table in TABLES:
            copy.execute(f"CREATE TABLE {table.name} ({table.columns})")
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM {table.name}")
                total = cursor.fetchone()[0]
            placeholders = ", ".join("?" * (table.select.count(",") + 1))
            insert = f"INSERT INTO {table.name} VALUES ({placeholders})"
            done, shown = 0, 0
            for rows in _batches(f"{table.select} FROM {table.name} ORDER BY 1"):
                copy.executemany(insert, _converted(rows, table))
                done += len(rows)
                if done - shown >= 250_000:
                    shown = done
                    log(f"  {table.name}: {done:,}/{total:,} rows")
            copy.commit()
            log(f"  {table.name}: {done:,} rows ({time.monotonic() - started:.1f} s)")
        for index in INDEXES:
            copy.execute(index)
        copy.execute("ANALYZE")
        copy.commit()
    finally:
        copy.close()
    seconds = time.monotonic() - started
    log(f"  indexed and analysed: {seconds:.1f} s, {target.stat().st_size / 1e6:,.0f} MB")
    return target, seconds


# Serving ------------------------------------------------------------------


class Server:
    """Datasette serving the copy, read-only (immutable: no locking, as a careful
    user serves a file that does not change), with the canned query and
    otherwise Datasette's default settings. `get` calls its ASGI application."""

    def __init__(self, database: Path):
        import datasette
        from datasette.app import Datasette

        self.version = datasette.__version__
        self.loop = asyncio.new_event_loop()
        self.datasette = Datasette(
            immutables=[str(database)],
            metadata={"databases": {DATABASE: {"queries": {QUERY: {"sql": SQL}}}}},
        )
        self.loop.run_until_complete(self.datasette.invoke_startup())
        self.app = self.datasette.app()

    async def _get(self, path: str) -> tuple[int, bytes]:
        route, _, query = path.partition("?")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": route,
            "raw_path": route.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": [(b"host", b"localhost"), (b"accept", b"application/json")],
            "client": ("127.0.0.1", 0),
            "server": ("localhost", 80),
        }
        status, body = 0, []

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                body.append(message.get("body", b""))

        await self.app(scope, receive, send)
        return status, b"".join(body)

    def get(self, path: str) -> tuple[int, bytes]:
        return self.loop.run_until_complete(self._get(path))

    def caller(self, path: str) -> Callable[[], bytes]:
        """A function that requests `path`, returns the body, and raises on
        anything but 200."""

        def call() -> bytes:
            status, body = self.get(path)
            if status != 200:
                raise RuntimeError(f"Datasette: GET {path} answered {status}: {body[:300]!r}")
            return body

        return call

    def close(self) -> None:
        if self.datasette.executor is not None:
            self.datasette.executor.shutdown(wait=True)
        self.loop.close()


def as_api_page(body: bytes) -> dict:
    """Datasette's rows in the API's shape (`count` and `results`), to compare
    them with the API's page."""
    rows = json.loads(body)["rows"]
    results = []
    for row in rows:
        results.append(
            {
                "id": row["id"],
                "text": row["text"],
                "excerpt": row["excerpt"],
                "kind": row["kind"],
                "status": row["status"],
                "verb": row["verb"],
                "stated_on": row["stated_on"],
                "stated_on_precision": row["stated_on_precision"],
                "document": row["document"],
                "section": row["section"],
                "char_start": row["char_start"],
                "char_end": row["char_end"],
                "source": {
                    "slug": row["source_slug"],
                    "name": row["source_name"],
                    "kind": row["source_kind"],
                    "party": row["source_party"],
                },
                "event": None
                if row["event_id"] is None
                else {
                    "id": row["event_id"],
                    "date": row["event_date"],
                    "date_precision": row["event_date_precision"],
                    "date_end": row["event_date_end"],
                    "title": row["event_title"],
                },
                "figures": row["figures"],
                "self_interested": bool(row["self_interested"]),
                "contradiction_count": row["contradiction_count"],
                "created_at": row["created_at"],
                "updated_at": row["updated_at"],
            }
        )
    return {"count": rows[0]["count"] if rows else 0, "results": results}


class Comparison:
    """The copy and the server for one run; `close` stops the server and deletes
    the copy."""

    def __init__(self, log: Callable[[str], None] = print):
        self.directory = Path(tempfile.mkdtemp(prefix="bench-datasette-"))
        self.server = None
        try:
            log(f"datasette: copying what the filtered list reads to SQLite in {self.directory} …")
            self.database, self.build_seconds = build_copy(self.directory, log)
            self.size_mb = self.database.stat().st_size / 1e6
            self.server = Server(self.database)
            self.version = self.server.version
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        shutil.rmtree(self.directory, ignore_errors=True)
