"""`manage.py benchmark` on tiny data: it runs, prints every row, checks that its
raw-SQL floor returns the API's rows and fields, and writes its Markdown. Speed
is what the command prints, never an assertion here.

The floor reads on a connection of its own, which sees only committed rows:
hence `transactional_db`.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from bench import datasette_row, harness, importing, load, report
from bench.floor import Floor
from bench.run import check_datasette, check_floor
from bench.scenarios import pick_scenario
from claims.models import Claim, ClaimKind, ClaimStatus, Quantity, RelationKind, SourceKind
from tests.factories import (
    make_claim,
    make_document,
    make_event,
    make_figure,
    make_party,
    make_place,
    make_relation,
    make_review,
    make_source,
    make_user,
)

ROWS = [
    "api claims",
    "api claims source+status",
    "api claims date range",
    "api claims contested",
    "api claims place",
    "api claims q",
    "api claim",
    "api claim 304",
    "api event",
    "api sources",
    "page /claims/",
    "page /events/",
    "page home",
    "page claim",
    "page event",
    "floor: api claims",
    "floor: api claims source+status",
    "floor: api claims q",
    "floor: api claim",
]


@pytest.fixture
def corpus(transactional_db, settings):
    """A dozen claims about three events by three sources, with figures, a denial,
    a contradiction and reviews: every benchmark row has something to find."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    sdf = make_party(slug="sdf", name="Syrian Democratic Forces")
    hajin = make_place(slug="hajin", name="Hajin")
    susah = make_place(slug="al-susah", name="al-Susah")
    document = make_document(slug="deir-ez-zor", title="Deir ez-Zor campaign")
    sohr = make_source(slug="sohr", name="SOHR", kind=SourceKind.MONITOR)
    sdf_press = make_source(
        slug="sdf-press", name="SDF Press Office", kind=SourceKind.BELLIGERENT, party=sdf
    )
    amaq = make_source(slug="amaq", name="Amaq", kind=SourceKind.MILITANT_MEDIA)
    events = [
        make_event(
            title=f"Fighting at {place.name}",
            date=dt.date(2018, 12, 1) + dt.timedelta(days=10 * number),
            places=[place],
            parties=[sdf],
            document=document,
            position=number * 100,
        )
        for number, place in enumerate([hajin, susah, hajin])
    ]
    editor = make_user("amira")
    claims = []
    for number in range(12):
        event = events[number % 3]
        source = [sohr, sdf_press, amaq][number % 3]
        claim = make_claim(
            source=source,
            event=event,
            document=document,
            text=f"{number + 20} civilians were killed in {event.places.first().name}",
            excerpt=f"{source.name} stated that {number + 20} civilians were killed.",
            char_start=number * 100,
            char_end=number * 100 + 50,
            verb="stated",
            stated_on=event.date,
            kind=ClaimKind.CASUALTIES,
        )
        make_figure(claim, quantity=Quantity.KILLED, subject="civilians", low=number + 20)
        claims.append(claim)
    make_relation(claims[1], claims[0], kind=RelationKind.DENIES, note="Denied")
    make_relation(claims[0], claims[3], kind=RelationKind.CONTRADICTS)
    make_review(claims[0], editor, status=ClaimStatus.DISPUTED, rationale="Contradicted.")
    make_review(claims[3], editor, status=ClaimStatus.DISPUTED, rationale="Also contradicted.")
    return claims


def test_the_command_prints_every_row_and_writes_markdown(corpus, tmp_path):
    output = tmp_path / "benchmarks.md"
    out = io.StringIO()

    call_command(
        "benchmark",
        requests=3,
        warmup=1,
        skip_import=True,
        profile=True,
        output=output,
        stdout=out,
    )

    printed = out.getvalue()
    table = printed[printed.index("name ") :]
    for name in ROWS:
        assert f"\n{name} " in table, name
    assert "differs" not in printed
    text = output.read_text()
    for name in ROWS:
        assert f"| {name} |" in text, name
    for words in ("p50 ms", "floor p50 ms", "ratio", "CPU", "cores", "Python", "Django"):
        assert words in text, words
    assert connection.vendor in text
    assert ("| shared_buffers |" in text) is (connection.vendor == "postgresql")
    assert "| prepared statements |" in text
    assert "| claims | 12 |" in text
    assert "manage.py benchmark --requests 3 --warmup 1 --skip-import --profile" in text
    assert "Where the time goes" in text and "EXPLAIN" in text
    assert "The issue's goals" in text and "conditional GET" in text
    # The 304 row is timed as a 304 (its caller refuses anything else) and
    # named as the framework's fixed cost in the filtered list's verdict.
    assert "304, no body" in text
    assert "framework's fixed cost, `api claim 304`" in text
    assert "requests reuse one database connection" in text
    assert "Import throughput" in text and "Skipped" in text
    assert "datasette" in text.lower()


def test_the_floor_returns_the_apis_rows_and_fields(corpus):
    scenario = pick_scenario()
    host = harness.benchmark_host()
    with harness.production_like(host):
        client = harness.InProcessClient(host)
        paths = {request.name: request.path for request in scenario.requests()}
        floor = Floor(connection.settings_dict, host)
        try:
            for name, call in floor.requests(scenario).items():
                api_body = client.caller(paths[name], "api")()
                same, line = check_floor(name, api_body, call())
                assert same, line
        finally:
            floor.close()
    # The scenario found rows for the filtered list and the search.
    assert scenario.source == "sohr" and scenario.status == ClaimStatus.DISPUTED
    assert json.loads(client.caller(paths["api claims q"], "api")())["count"] >= 1


def test_a_floor_that_differs_is_reported():
    api = json.dumps({"count": 1, "results": [{"id": 1, "text": "a", "new": 1}]}).encode()
    floor = json.dumps({"count": 1, "results": [{"id": 1, "text": "b"}]}).encode()

    same, line = check_floor("api claims", api, floor)

    assert not same
    assert "$.results[0].text" in line


def test_the_latency_and_load_runs_keep_each_others_sections(tmp_path):
    path = tmp_path / "benchmarks.md"
    report.write_latency(path, "# Benchmarks\n\nlatency one\n")
    report.write_load(path, "## Load run\n\nload one\n")
    report.write_latency(path, "# Benchmarks\n\nlatency two\n")
    text = path.read_text()
    assert "latency two" in text and "load one" in text and "latency one" not in text
    report.write_load(path, "## Load run\n\nload two\n")
    text = path.read_text()
    assert "latency two" in text and "load two" in text and "load one" not in text


WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8001/claims/1/
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.31ms    1.20ms  20.00ms   80.00%
    Req/Sec     1.51k   100.00     1.70k    70.00%
  Latency Distribution
     50%    5.00ms
     75%    5.50ms
     90%    6.50ms
     99%   10.00ms
  15070 requests in 10.00s, 50.00MB read
  Socket errors: connect 0, read 3, write 0, timeout 1
  Non-2xx or 3xx responses: 12
Requests/sec:   1506.50
Transfer/sec:      5.00MB
"""


def test_wrk_output_is_read():
    result = load.parse_wrk("page claim", "http://127.0.0.1:8001/claims/1/", WRK_OUTPUT)

    assert result.requests == 15070
    assert result.seconds == 10.0
    assert result.requests_per_s == 1506.5
    assert result.non_2xx_3xx == 12
    assert result.socket_errors == {"connect": 0, "read": 3, "write": 0, "timeout": 1}
    assert result.errors == 16
    assert result.latency == {"p50": "5.00ms", "p75": "5.50ms", "p90": "6.50ms", "p99": "10.00ms"}


@pytest.mark.django_db(transaction=True)
def test_import_throughput_is_read_back_from_benchmark_import():
    rows, output = importing.measure_import(copies=2)

    labels = [row.label for row in rows]
    assert any(label.startswith("corpus of 2 articles") for label in labels), output
    assert len(rows) == len(output.splitlines()) - 2  # all but the header lines
    for row in rows:
        assert row.megabytes > 0 and row.seconds > 0 and row.mb_per_s > 0
        assert row.cpu_seconds is not None and row.cpu_seconds > 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM is PostgreSQL's")
def test_benchmark_import_vacuums_what_it_rolled_back():
    """Rolled-back imports leave dead rows and pending search-index entries that
    would slow the text searches measured next."""

    def vacuumed() -> dict[str, object]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, last_vacuum FROM pg_stat_user_tables "
                "WHERE relname IN ('claims_claim', 'claims_figure', 'claims_event_places')"
            )
            return dict(cursor.fetchall())

    before = vacuumed()
    importing.measure_import(copies=1)
    after = vacuumed()
    assert set(after) == {"claims_claim", "claims_figure", "claims_event_places"}
    for table, when in after.items():
        assert when is not None and (before[table] is None or when > before[table]), table
    assert not Claim.objects.exists()  # and nothing it wrote stays


needs_datasette = pytest.mark.skipif(
    not datasette_row.available(), reason="datasette is optional and not installed"
)


@needs_datasette
def test_datasette_serves_the_apis_page_from_a_copy_it_deletes(corpus):
    scenario = pick_scenario()
    host = harness.benchmark_host()
    lines = []
    with harness.production_like(host):
        client = harness.InProcessClient(host)
        api_body = client.caller(
            next(r.path for r in scenario.requests() if r.name == datasette_row.ROW), "api"
        )()
        comparison = datasette_row.Comparison(lines.append)
        try:
            body = comparison.server.caller(datasette_row.path(scenario.source, scenario.status))()
            assert comparison.database.exists()
        finally:
            comparison.close()

    same, line = check_datasette(api_body, body)
    assert same, line
    served = datasette_row.as_api_page(body)
    assert [claim["id"] for claim in served["results"]] == [
        claim["id"] for claim in json.loads(api_body)["results"]
    ]
    assert served["count"] == 2  # the two SOHR claims reviewed as disputed
    assert any(claim["contradiction_count"] for claim in served["results"])
    assert all(claim["figures"] for claim in served["results"])
    assert not comparison.directory.exists()
    assert any("claims_claim: 12 rows" in line for line in lines)


@needs_datasette
def test_the_command_times_datasette_after_the_filtered_list(corpus, tmp_path):
    output = tmp_path / "benchmarks.md"
    out = io.StringIO()

    call_command(
        "benchmark",
        requests=3,
        warmup=1,
        skip_import=True,
        only="api claims source+status",
        output=output,
        stdout=out,
    )

    printed = out.getvalue()
    assert f"\n{datasette_row.NAME} " in printed
    assert "Datasette for `api claims source+status`: the API's 2 claims" in printed
    text = output.read_text()
    assert f"| {datasette_row.NAME} |" in text
    assert f"`/claims/{datasette_row.QUERY}.json?source=sohr&status=disputed" in text
    assert "a SQLite copy of what that query reads" in text
    goal = next(line for line in text.splitlines() if "below Datasette's time" in line)
    assert "vs Datasette" in goal and "not measured" not in goal


@pytest.mark.parametrize(
    ("installed", "only", "said"),
    [
        (False, "api claims source+status", "`datasette` is not installed"),
        (True, "api claims", "`api claims source+status` is not in this run"),
    ],
)
def test_datasette_is_not_timed_when_missing_or_left_out(
    corpus, tmp_path, monkeypatch, installed, only, said
):
    """CI does not install datasette: the run must say so and judge nothing."""
    monkeypatch.setattr(datasette_row, "available", lambda: installed)
    monkeypatch.setattr(
        datasette_row, "Comparison", lambda log: pytest.fail("no copy should be made")
    )
    output = tmp_path / "benchmarks.md"

    call_command(
        "benchmark",
        requests=2,
        warmup=0,
        skip_import=True,
        only=only,
        output=output,
        stdout=io.StringIO(),
    )

    text = output.read_text()
    assert datasette_row.NAME not in text
    assert said in text
    goal = next(line for line in text.splitlines() if "below Datasette's time" in line)
    assert "not measured here" in goal


def test_a_datasette_page_that_differs_is_reported():
    columns = [
        "id",
        "text",
        "excerpt",
        "kind",
        "status",
        "verb",
        "stated_on",
        "stated_on_precision",
        "document",
        "section",
        "char_start",
        "char_end",
        "source_slug",
        "source_name",
        "source_kind",
        "source_party",
        "event_id",
        "figures",
        "self_interested",
        "contradiction_count",
        "created_at",
        "updated_at",
        "count",
    ]
    row = {**dict.fromkeys(columns), "id": 7, "count": 1, "text": "12 killed", "figures": []}
    api = {**datasette_row.as_api_page(json.dumps({"rows": [row]}).encode()), "next": None}
    served = {"rows": [{**row, "text": "12 wounded"}]}

    same, line = check_datasette(json.dumps(api).encode(), json.dumps(served).encode())

    assert not same
    assert "Datasette differs from the API" in line and "$.results[0].text" in line
