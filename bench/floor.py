"""The raw-SQL floor: the API's rows and fields straight from the database driver.

psycopg (PostgreSQL) or sqlite3, on a connection of its own, with no Django ORM,
no DRF and no HTTP: SQL in, JSON bytes out (orjson when installed, else the
standard library's json). What the API costs above this is the framework's share.

Each function returns the JSON body the API returns for the same request (the
benchmark checks that they agree before timing anything), so the comparison is
of equal work: same rows, same fields, same order (the API's default ordering,
`ClaimViewSet.get_queryset`: by id), a page of 50 with its total count.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Callable, Sequence
from urllib.parse import urlencode

from claims.api.pagination import ESTIMATE_ABOVE

try:
    import orjson
except ImportError:  # pragma: no cover - depends on the environment
    orjson = None

PAGE_SIZE = 50

if orjson is not None:
    ENCODER = f"orjson {orjson.__version__}"

    def dumps(data) -> bytes:
        return orjson.dumps(data)

else:  # pragma: no cover - depends on the environment
    ENCODER = "json (standard library)"

    def dumps(data) -> bytes:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

# The columns of a claim as the list shows it (claims.api.serializers.ClaimSerializer).
# self_interested and contradiction_count mean what ClaimQuerySet means by them.
CLAIM_COLUMNS = """
c.id, c.text, c.excerpt, c.kind, c.status, c.verb, c.stated_on, c.stated_on_precision,
       d.slug, c.section, c.char_start, c.char_end,
       s.slug, s.name, s.kind, p.slug,
       e.id, e.date, e.date_precision, e.date_end, e.title,
       EXISTS (SELECT 1 FROM claims_event_parties ep
               WHERE ep.event_id = c.event_id AND ep.party_id = s.party_id),
       (SELECT count(*) FROM claims_relation r
        WHERE r.kind IN ('contradicts', 'denies') AND r.state <> 'rejected'
          AND (r.from_claim_id = c.id OR r.to_claim_id = c.id)),
       c.created_at, c.updated_at
"""
CLAIM_FROM = """
JOIN claims_source s ON s.id = c.source_id
LEFT JOIN claims_party p ON p.id = s.party_id
LEFT JOIN claims_event e ON e.id = c.event_id
LEFT JOIN claims_document d ON d.id = c.document_id
"""

# What claim_search_idx indexes: the stored column `search_vector` (migration
# 0004), or before it this expression (migration 0003) written out, since the
# planner uses an expression index only for that very expression.
SEARCH_COLUMN = "cc.search_vector"
SEARCH_EXPRESSION = (
    "to_tsvector('english'::regconfig, "
    "(COALESCE(cc.text, ''::text) || ' '::text) || COALESCE(cc.excerpt, ''::text))"
)
# How the API splits a search into words on SQLite (claims.models._WORD).
_WORD = re.compile(r'[^\s"]+')


class Floor:
    """A connection of its own to the configured database and the four floor
    requests. `queries` counts the statements the last call ran."""

    def __init__(self, settings_dict: dict, host: str):
        self.vendor = "postgresql" if "postgresql" in settings_dict["ENGINE"] else "sqlite"
        self.base = f"https://{host}"
        self.queries = 0
        if self.vendor == "postgresql":
            import psycopg

            self.connection = psycopg.connect(
                dbname=settings_dict["NAME"],
                user=settings_dict.get("USER") or None,
                password=settings_dict.get("PASSWORD") or None,
                host=settings_dict.get("HOST") or None,
                port=settings_dict.get("PORT") or None,
                autocommit=True,
                options="-c TimeZone=UTC",
            )
            self.placeholder = "%s"
            self.driver = f"psycopg {psycopg.__version__}"
            stored = self.connection.execute(
                "SELECT 1 FROM information_schema.columns "
                "WHERE table_name = 'claims_claim' AND column_name = 'search_vector'"
            ).fetchone()
            self.search_vector = SEARCH_COLUMN if stored else SEARCH_EXPRESSION
        else:
            name = str(settings_dict["NAME"])
            self.connection = sqlite3.connect(
                name, uri=name.startswith("file:"), check_same_thread=False
            )
            self.placeholder = "?"
            self.driver = f"sqlite3 (SQLite {sqlite3.sqlite_version})"

    def close(self) -> None:
        self.connection.close()

    # Running SQL -----------------------------------------------------------

    def _rows(self, sql: str, params: Sequence = ()) -> list[tuple]:
        self.queries += 1
        if self.placeholder != "%s":
            sql = sql.replace("%s", self.placeholder)
        return self.connection.execute(sql, params).fetchall()

    def _in(self, ids: Sequence[int]) -> tuple[str, list]:
        """`= ANY(%s)` with one array parameter on PostgreSQL, `IN (?, …)` on SQLite."""
        if self.vendor == "postgresql":
            return "= ANY(%s)", [list(ids)]
        return f"IN ({', '.join(['%s'] * len(ids))})", list(ids)

    # Values as DRF writes them ---------------------------------------------

    def _date(self, value) -> str | None:
        if value is None or isinstance(value, str):
            return value
        return value.isoformat()

    def _datetime(self, value) -> tuple[str, int]:
        """The ISO form DRF writes (UTC as Z) and microseconds since the epoch."""
        if isinstance(value, str):  # SQLite stores UTC without an offset
            value = dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
        value = value.astimezone(dt.UTC)
        text = value.isoformat()
        if text.endswith("+00:00"):
            text = text[:-6] + "Z"
        return text, (value - _EPOCH) // dt.timedelta(microseconds=1)

    def _figures(self, ids: Sequence[int]) -> dict[int, list[dict]]:
        by_claim: dict[int, list[dict]] = {claim_id: [] for claim_id in ids}
        if not ids:
            return by_claim
        condition, params = self._in(ids)
        for claim_id, quantity, subject, low, high, as_written in self._rows(
            "SELECT claim_id, quantity, subject, low, high, as_written FROM claims_figure "
            f"WHERE claim_id {condition} ORDER BY claim_id, quantity, id",
            params,
        ):
            by_claim[claim_id].append(
                {
                    "quantity": quantity,
                    "subject": subject,
                    "low": low,
                    "high": high,
                    "as_written": as_written,
                }
            )
        return by_claim

    def _claim(self, row: Sequence, figures: list[dict]) -> dict:
        (claim_id, text, excerpt, kind, status, verb, stated_on, stated_on_precision) = row[:8]
        document, section, char_start, char_end = row[8:12]
        source_slug, source_name, source_kind, party = row[12:16]
        event_id, event_date, date_precision, date_end, title = row[16:21]
        self_interested, contradiction_count, created_at, updated_at = row[21:25]
        created, _ = self._datetime(created_at)
        updated, version = self._datetime(updated_at)
        return {
            "id": claim_id,
            "url": f"{self.base}/api/claims/{claim_id}/",
            "page_url": f"{self.base}/claims/{claim_id}/",
            "text": text,
            "excerpt": excerpt,
            "kind": kind,
            "status": status,
            "verb": verb,
            "stated_on": self._date(stated_on),
            "stated_on_precision": stated_on_precision,
            "document": document,
            "section": section,
            "char_start": char_start,
            "char_end": char_end,
            "source": {
                "slug": source_slug,
                "name": source_name,
                "kind": source_kind,
                "party": party,
            },
            "event": None
            if event_id is None
            else {
                "id": event_id,
                "date": self._date(event_date),
                "date_precision": date_precision,
                "date_end": self._date(date_end),
                "title": title,
            },
            "figures": figures,
            "self_interested": bool(self_interested),
            "contradiction_count": contradiction_count,
            "created_at": created,
            "updated_at": updated,
            "version": f"{claim_id}.{version}",
        }

    def _page(self, rows: list[tuple], count: int, params: dict) -> bytes:
        """`{count, next, previous, results}` for page 1, links as DRF builds them
        (query parameters sorted)."""
        figures = self._figures([row[0] for row in rows])
        next_url = None
        if count > PAGE_SIZE:
            query = urlencode(sorted({**params, "page": "2"}.items()))
            next_url = f"{self.base}/api/claims/?{query}"
        return dumps(
            {
                "count": count,
                "next": next_url,
                "previous": None,
                "results": [self._claim(row, figures[row[0]]) for row in rows],
            }
        )

    def _list(self, where: str, params: list, query: dict) -> bytes:
        """One statement: the page and, in a scalar subquery, the total count (an
        empty first page means a count of 0). `where` names the claim table `{t}`."""
        rows = self._rows(
            f"SELECT (SELECT count(*) FROM claims_claim cc WHERE {where.format(t='cc')}), "
            f"{CLAIM_COLUMNS} FROM claims_claim c {CLAIM_FROM} WHERE {where.format(t='c')} "
            f"ORDER BY c.id LIMIT {PAGE_SIZE}",
            params + params,
        )
        count = rows[0][0] if rows else 0
        return self._page([row[1:] for row in rows], count, query)

    # The four floor requests -----------------------------------------------

    def claim_list(self) -> bytes:
        """GET /api/claims/: on PostgreSQL, past ESTIMATE_ABOVE claims, the planner's
        row estimate as the count, as the API gives it (claims.api.pagination),
        rather than counting a million rows the API does not count."""
        self.queries = 0
        if self.vendor == "postgresql":
            rows = self._rows(
                "SELECT (SELECT reltuples::bigint FROM pg_class "
                "WHERE oid = 'claims_claim'::regclass), "
                f"{CLAIM_COLUMNS} FROM claims_claim c {CLAIM_FROM} ORDER BY c.id LIMIT {PAGE_SIZE}"
            )
            if rows and rows[0][0] > ESTIMATE_ABOVE:
                return self._page([row[1:] for row in rows], rows[0][0], {})
        return self._list("1 = 1", [], {})

    def filtered_list(self, source: str, status: str) -> bytes:
        """GET /api/claims/?source=…&status=…"""
        self.queries = 0
        return self._list(
            "{t}.source_id = (SELECT id FROM claims_source WHERE slug = %s) AND {t}.status = %s",
            [source, status],
            {"source": source, "status": status},
        )

    def search(self, text: str) -> bytes:
        """GET /api/claims/?q=…: PostgreSQL full-text search shaped so that the
        planner serves it from the GIN index (the matches first, materialized,
        counted, and the page's ids picked from them before any join); on SQLite
        every word in the text or the sentence, as the API does there."""
        self.queries = 0
        if self.vendor != "postgresql":
            words = _WORD.findall(text.strip())
            pattern = " AND ".join(
                "({t}.text LIKE %s ESCAPE '\\' OR {t}.excerpt LIKE %s ESCAPE '\\')" for _ in words
            )
            params = [value for word in words for value in (f"%{_escape_like(word)}%",) * 2]
            return self._list(pattern or "1 = 1", params, {"q": text})
        rows = self._rows(
            "WITH m AS MATERIALIZED (SELECT cc.id FROM claims_claim cc "
            f"WHERE {self.search_vector} @@ websearch_to_tsquery('english'::regconfig, %s)), "
            f"page AS (SELECT id FROM m ORDER BY id LIMIT {PAGE_SIZE}) "
            f"SELECT (SELECT count(*) FROM m), {CLAIM_COLUMNS} "
            f"FROM page JOIN claims_claim c ON c.id = page.id {CLAIM_FROM} "
            "ORDER BY c.id",
            [text],
        )
        count = rows[0][0] if rows else 0
        return self._page([row[1:] for row in rows], count, {"q": text})

    def claim_detail(self, claim_id: int) -> bytes:
        """GET /api/claims/{id}/: the claim, its figures, its relations both ways
        with the other claim, and its review history."""
        self.queries = 0
        rows = self._rows(
            f"SELECT {CLAIM_COLUMNS} FROM claims_claim c {CLAIM_FROM} WHERE c.id = %s", [claim_id]
        )
        if not rows:
            raise LookupError(f"no claim {claim_id}")
        claim = self._claim(rows[0], self._figures([claim_id])[claim_id])
        relations = []
        for row in self._rows(
            "SELECT r.id, r.kind, r.from_claim_id = %s, r.state, r.origin, r.note, "
            "o.id, o.text, o.status, o.verb, o.stated_on, os.slug, os.name, os.kind, op.slug "
            "FROM claims_relation r "
            "JOIN claims_claim o ON o.id = CASE WHEN r.from_claim_id = %s "
            "THEN r.to_claim_id ELSE r.from_claim_id END "
            "JOIN claims_source os ON os.id = o.source_id "
            "LEFT JOIN claims_party op ON op.id = os.party_id "
            "WHERE r.from_claim_id = %s OR r.to_claim_id = %s ORDER BY r.id",
            [claim_id] * 4,
        ):
            relations.append(
                {
                    "id": row[0],
                    "kind": row[1],
                    "direction": "outgoing" if row[2] else "incoming",
                    "state": row[3],
                    "origin": row[4],
                    "note": row[5],
                    "other_claim": {
                        "id": row[6],
                        "url": f"{self.base}/api/claims/{row[6]}/",
                        "text": row[7],
                        "status": row[8],
                        "verb": row[9],
                        "stated_on": self._date(row[10]),
                        "source": {
                            "slug": row[11],
                            "name": row[12],
                            "kind": row[13],
                            "party": row[14],
                        },
                    },
                }
            )
        reviews = []
        for review_id, status, rationale, evidence, reviewer, created_at in self._rows(
            "SELECT rv.id, rv.status, rv.rationale, rv.evidence, u.username, rv.created_at "
            "FROM claims_review rv JOIN auth_user u ON u.id = rv.reviewer_id "
            "WHERE rv.claim_id = %s ORDER BY rv.created_at DESC, rv.id DESC",
            [claim_id],
        ):
            reviews.append(
                {
                    "id": review_id,
                    "status": status,
                    "rationale": rationale,
                    "evidence": json.loads(evidence) if isinstance(evidence, str) else evidence,
                    "reviewer": reviewer,
                    "created_at": self._datetime(created_at)[0],
                }
            )
        claim["relations"] = relations
        claim["reviews"] = reviews
        return dumps(claim)

    def requests(self, scenario) -> dict[str, Callable[[], bytes]]:
        """The floor requests for `scenario`'s parameters, by the API row they match."""
        return {
            "api claims": self.claim_list,
            "api claims source+status": lambda: self.filtered_list(
                scenario.source, scenario.status
            ),
            "api claims q": lambda: self.search(scenario.word),
            "api claim": lambda: self.claim_detail(scenario.claim_id),
        }


def _escape_like(word: str) -> str:
    """What Django's icontains escapes in a LIKE pattern."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
