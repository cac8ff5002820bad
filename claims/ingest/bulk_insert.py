"""Inserting many new rows of one table at once, with their ids known before
they are written.

`bulk_create` builds a model instance for every row and prepares each value
through its field; for the hundreds of events, claims and figures one article
yields, that was most of the time it took to write the article. Here a row is
a plain mapping of field names to values, only the few columns whose values
the database driver cannot take as they are (dates, JSON, timestamps) go
through their field, and the rows go in one statement per table: PostgreSQL's
COPY, or `executemany` on SQLite.

Ids come from the table's own sequence (`nextval` on PostgreSQL, SQLite's
`sqlite_sequence`), taken before the rows are written, so that rows which
refer to each other (a claim's figures, an event's places) are written
without reading anything back, and the ids follow the order of the rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from typing import Any

from django.db import DEFAULT_DB_ALIAS, NotSupportedError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model
from django.utils import timezone

# Field types whose Python values (str, int, bool, None) both drivers take
# unchanged; every other type is prepared by its field.
_TAKEN_AS_THEY_ARE = frozenset(
    {
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "ForeignKey",
        "IntegerField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
    }
)


def insert_rows(
    model: type[Model], rows: Sequence[Mapping[str, Any]], *, with_ids: bool = True
) -> list[int]:
    """Insert `rows` as new rows of `model` and return their ids, in order.

    Each row maps field names (attnames: `claim_id`, not `claim`) to values as
    the model takes them; all rows name the same fields. A field the rows leave
    out takes its default; `auto_now` and `auto_now_add` fields the time of the
    call. Constraints are the database's, as with any insert. With
    `with_ids=False` the database numbers the rows and nothing is returned (for
    rows nothing refers to, such as many-to-many links).
    """
    if not rows:
        return []
    names = list(rows[0])
    first = rows[0].keys()
    if any(row.keys() != first for row in rows):
        raise ValueError("every row must name the same fields")
    fields = {field.attname: field for field in model._meta.concrete_fields}
    unknown = [name for name in names if name not in fields or fields[name].primary_key]
    if unknown:
        raise ValueError(f"{model.__name__} has no writable fields {unknown}")

    # The connection itself: the `connection` proxy costs a lookup on every use.
    db = connections[DEFAULT_DB_ALIAS]
    now = timezone.now()
    # Fields the rows leave out: one value for all of them.
    constant = {
        field.attname: field.get_db_prep_save(_default(field, now), db)
        for field in model._meta.concrete_fields
        if not field.primary_key and field.attname not in names
    }
    columns = [fields[name].column for name in names] + [fields[name].column for name in constant]
    values = [[row[name] for name in names] + list(constant.values()) for row in rows]
    # Only the few columns the driver cannot take as they are go through their field.
    for position, name in enumerate(names):
        field = fields[name]
        if field.get_internal_type() not in _TAKEN_AS_THEY_ARE:
            for row_values in values:
                row_values[position] = field.get_db_prep_save(row_values[position], db)
    ids: list[int] = []
    if with_ids:
        primary_key = model._meta.pk
        ids = _allocate_ids(db, model, len(rows))
        columns.insert(0, primary_key.column)
        for row_id, row_values in zip(ids, values, strict=True):
            row_values.insert(0, row_id)
    _write(db, model._meta.db_table, columns, values)
    return ids


def _default(field: Field, now) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()


def _allocate_ids(db: BaseDatabaseWrapper, model: type[Model], count: int) -> list[int]:
    """`count` ids nobody else will be given, in increasing order."""
    table = model._meta.db_table
    column = model._meta.pk.column
    quote = db.ops.quote_name
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), column, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        if db.vendor == "sqlite":
            # An AUTOINCREMENT table's last id given is its sqlite_sequence row;
            # moving it on reserves the ids, as nextval does (and takes the
            # write lock, so no other connection can be given them meanwhile).
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = seq + %s WHERE name = %s", [count, table]
            )
            if cursor.rowcount:
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                last = cursor.fetchone()[0]
            else:  # no row yet: the table has never had one
                cursor.execute(f"SELECT COALESCE(MAX({quote(column)}), 0) FROM {quote(table)}")
                last = cursor.fetchone()[0] + count
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, last]
                )
            return list(range(last - count + 1, last + 1))
    raise NotSupportedError(f"ids are reserved on SQLite and PostgreSQL only, not {db.vendor}")


def _write(
    db: BaseDatabaseWrapper, table: str, columns: list[str], values: list[list[Any]]
) -> None:
    quote = db.ops.quote_name
    column_list = ", ".join(quote(column) for column in columns)
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            sql = f"COPY {quote(table)} ({column_list}) FROM STDIN"
            # COPY is not one of the statements Django's cursor logs or
            # translates errors for: do both here, as for any other query.
            logged = cursor.debug_sql(sql) if hasattr(cursor, "debug_sql") else nullcontext()
            with logged, db.wrap_database_errors, cursor.copy(sql) as copy:
                for row in values:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {quote(table)} ({column_list}) VALUES ({placeholders})", values
        )
