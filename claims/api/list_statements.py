"""The claim list answers filters it has answered before with the statements it
compiled for them then (PostgreSQL).

Building the FilterSet (its form, every value cleaned) and compiling the
filtered queries took about a third of a filtered list's time at a million
claims, more than the database. What they produce, a PageStatement, is SQL and
parameters and depends on nothing but the query string when every filter named
means the same whatever the rows: a source slug (looked up inside the
statement), a status, a kind, an event id, dates, a word, `contested`,
`self_interested`, an ordering. Such lists are keyed by their filters (paging
aside) and kept per process, the most recently used first.

Not kept: the party, document and place filters, which look their slug up
while validating (a renamed slug must stop matching at once), and several
sources, which are checked against the rows at once. Those lists are compiled
every time, as is everything on SQLite. No row is kept: every request reads
the data afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import NamedTuple

from .serializers import PageStatement

# Filters whose meaning depends on the query string alone.
REUSABLE = frozenset(
    {
        "source",
        "status",
        "kind",
        "event",
        "date_after",
        "date_before",
        "contested",
        "self_interested",
        "q",
        "ordering",
    }
)
# Parameters of the page rather than of the list: checked on every request.
PAGING = frozenset({"page", "page_size", "format"})
MAX_LISTS = 512


class CompiledList(NamedTuple):
    statement: PageStatement
    # Whether the count is PostgreSQL's estimate of the table (no filter).
    estimable: bool


def key(query_params, using: str) -> tuple | None:
    """What identifies a list's statements: the database and the filters with
    their values as sent; None when a filter named is not REUSABLE."""
    filters = []
    for name, values in query_params.lists():
        if name in PAGING:
            continue
        if name not in REUSABLE or (name == "source" and len(values) != 1):
            return None
        filters.append((name, tuple(values)))
    return (using, *sorted(filters))


class CompiledLists:
    """At most `size` lists' statements, the least recently used dropped first;
    safe to share between a worker's threads."""

    def __init__(self, size: int = MAX_LISTS):
        self.size = size
        self._lists: OrderedDict[tuple, CompiledList] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> CompiledList | None:
        with self._lock:
            found = self._lists.get(key)
            if found is not None:
                self._lists.move_to_end(key)
            return found

    def put(self, key: tuple, compiled: CompiledList) -> None:
        with self._lock:
            self._lists[key] = compiled
            self._lists.move_to_end(key)
            while len(self._lists) > self.size:
                self._lists.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._lists.clear()


COMPILED = CompiledLists()
