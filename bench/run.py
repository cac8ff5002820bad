"""One benchmark run, from picking parameters to the written report; the
management command `benchmark` only parses its options and calls these."""

from __future__ import annotations

import json
import os
import re
import shlex
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from . import breakdown, datasette_row, environment, goals, harness, importing, load, plans, report
from .floor import ENCODER, Floor
from .scenarios import Scenario, pick_scenario

WORKER_CHOICE = (
    "Why 2 gthread workers of 2 threads (as `gunicorn.conf.py` serves in production): the "
    "machine has 2 cores, shared with wrk and PostgreSQL, and one worker per core keeps both "
    "busy. Threaded workers keep wrk's connections alive, where a sync worker closes each after "
    "one response and every request pays a loopback TCP handshake, as long as serving a cached "
    "claim page takes; the second thread overlaps one request's database round trip with "
    "another's Python work."
)


@dataclass(frozen=True)
class Options:
    requests: int = 200
    warmup: int = 10
    output: Path = Path("docs/benchmarks.md")
    skip_import: bool = False
    import_copies: int = 40
    seed: int = 0
    profile: bool = False
    only: tuple[str, ...] = ()


# Environment variables that change what a run measures, shown in its command.
_SHOWN_ENV = ("DATABASE_URL", "DJANGO_DEBUG", "DJANGO_ALLOWED_HOSTS", "DJANGO_CONN_MAX_AGE")


def reproduce(arguments: list[str]) -> str:
    """The command line that reruns this, with the database named (password and
    secret key hidden)."""
    env = []
    for name in _SHOWN_ENV:
        value = os.environ.get(name)
        if value is None:
            continue
        if name == "DATABASE_URL":
            parts = urlsplit(value)
            if parts.password:
                netloc = parts.netloc.replace(f":{parts.password}@", ":…@")
                value = urlunsplit(parts._replace(netloc=netloc))
        env.append(f"{name}={value}")
        if name == "DJANGO_DEBUG" and "DJANGO_SECRET_KEY" in os.environ:
            env.append("DJANGO_SECRET_KEY=…")
    return shlex.join([*env, ".venv/bin/python", "manage.py", "benchmark", *arguments]).replace(
        "'", ""
    )


def _collect_static_if_needed(log) -> None:
    """Production settings serve static files through a manifest, which pages need
    (`{% static %}`): collect them first if that has not been done."""
    backend = settings.STORAGES.get("staticfiles", {}).get("BACKEND", "")
    root = settings.STATIC_ROOT
    if "Manifest" in backend and root and not (Path(root) / "staticfiles.json").exists():
        log("collecting static files (production settings need their manifest) …")
        call_command("collectstatic", interactive=False, verbosity=0)


def differences(api, floor, where: str = "$", other: str = "floor") -> tuple[list[str], list[str]]:
    """Where the floor's JSON differs from the API's, and the fields the API has
    that the floor does not make (the API may add fields; the floor is then
    behind, which the report says rather than hiding). `other` names the floor's
    side in the lines (Datasette's page is compared the same way)."""
    if isinstance(api, dict) and isinstance(floor, dict):
        found, extra = [], [f"{where}.{key}" for key in api if key not in floor]
        found += [f"{where}.{key}: not in the API" for key in floor if key not in api]
        for key in api:
            if key in floor:
                more, more_extra = differences(api[key], floor[key], f"{where}.{key}", other)
                found += more
                extra += more_extra
        return found, extra
    if isinstance(api, list) and isinstance(floor, list):
        if len(api) != len(floor):
            return [f"{where}: {len(api)} items in the API, {len(floor)} in the {other}"], []
        found, extra = [], []
        for index, (left, right) in enumerate(zip(api, floor, strict=True)):
            more, more_extra = differences(left, right, f"{where}[{index}]", other)
            found += more
            extra += more_extra
        return found, sorted(set(extra), key=extra.index)
    if api != floor or type(api) is not type(floor):
        return [f"{where}: API {api!r}, {other} {floor!r}"], []
    return [], []


def check_floor(name: str, api_body: bytes, floor_body: bytes) -> tuple[bool, str]:
    """Whether the floor returns the API's rows and fields, and a line saying so.
    A list's count may differ only where the API says it is an estimate."""
    api, floor = json.loads(api_body), json.loads(floor_body)
    notes = []
    if isinstance(api, dict) and api.get("count_is_estimate") and "count" in floor:
        if api["count"] != floor["count"]:
            notes.append(
                f"the API's count is an estimate ({api['count']:,}, exact {floor['count']:,})"
            )
        floor["count"] = api["count"]
        for link in ("next", "previous"):
            floor[link] = api.get(link)
    found, extra = differences(api, floor)
    extra = [re.sub(r"\[\d+\]", "[]", path) for path in extra]
    extra = sorted(set(extra), key=extra.index)
    if extra:
        notes.append("fields the floor does not make: " + ", ".join(f"`{path}`" for path in extra))
    if found:
        shown = "; ".join(found[:3]) + (f"; … {len(found) - 3} more" if len(found) > 3 else "")
        return False, f"**the floor differs from the API** for `{name}`: {shown}"
    note = f" ({'; '.join(notes)})" if notes else ""
    return True, f"floor for `{name}`: the API's rows and fields (JSON parsed and compared){note}"


def _note(name: str, body: bytes, scenario: Scenario, total_claims: int) -> str:
    if name == "api claim 304":
        return "If-None-Match: the claim's ETag; 304, no body (the framework's fixed cost)"
    if not name.startswith("api claims"):
        return ""
    count = json.loads(body)["count"]
    share = f" ({count / total_claims:.2%} of claims)" if total_claims else ""
    return f"{count:,} matches{share}"


def run_latency(options: Options, arguments: list[str], log=print) -> report.Report:
    _collect_static_if_needed(log)
    scenario = pick_scenario()
    host = harness.benchmark_host()
    started = time.monotonic()
    with harness.production_like(host):
        client = harness.InProcessClient(host)
        floor = Floor(connection.settings_dict, host)
        comparison = None
        try:
            requests = [
                request
                for request in scenario.requests()
                if not options.only or request.name in options.only
            ]
            calls = {
                request.name: client.caller(request.path, request.kind, request.conditional)
                for request in requests
            }
            floors = {
                name: call for name, call in floor.requests(scenario).items() if name in calls
            }
            first = {name: call() for name, call in calls.items()}

            checks = [_persistent_connection(next(iter(calls.values())), log)]
            for name, floor_call in floors.items():
                same, line = check_floor(name, first[name], floor_call())
                checks.append(line)
                if not same:
                    log(f"warning: {line}")

            all_calls = {**calls, **{f"floor: {name}": call for name, call in floors.items()}}
            datasette_unmeasured = _datasette_unmeasured(calls)
            if datasette_unmeasured is None:
                comparison = datasette_row.Comparison(log)
                datasette_path = datasette_row.path(scenario.source, scenario.status)
                datasette_call = comparison.server.caller(datasette_path)
                same, line = check_datasette(first[datasette_row.ROW], datasette_call())
                checks.append(line)
                if not same:
                    log(f"warning: {line}")
                    datasette_unmeasured = "Datasette's rows differ from the API's"
                all_calls[datasette_row.NAME] = datasette_call
            progress = _progress(log, options.warmup, options.requests, len(all_calls))
            samples = harness.run_interleaved(
                all_calls,
                rounds=options.requests,
                warmup=options.warmup,
                seed=options.seed,
                progress=progress,
            )

            total_claims = dict(environment.data_size())["claims"]
            rows = []
            for request in requests:
                queries, sql_ms = harness.count_queries(calls[request.name])
                floor_samples = samples.get(f"floor: {request.name}")
                rows.append(
                    report.Row(
                        name=request.name,
                        path=request.path,
                        p50=harness.median_ms(samples[request.name]),
                        p95=harness.percentile(samples[request.name], 0.95),
                        queries=queries,
                        sql_ms=sql_ms,
                        floor_p50=harness.median_ms(floor_samples) if floor_samples else None,
                        note=_note(request.name, first[request.name], scenario, total_claims),
                    )
                )
            for name, call in floors.items():
                call()
                rows.append(
                    report.Row(
                        name=f"floor: {name}",
                        path=next(r.path for r in requests if r.name == name),
                        p50=harness.median_ms(samples[f"floor: {name}"]),
                        p95=harness.percentile(samples[f"floor: {name}"], 0.95),
                        queries=floor.queries,
                        note=f"{floor.driver} + {ENCODER}",
                    )
                )
            if comparison is not None:
                rows.append(
                    report.Row(
                        name=datasette_row.NAME,
                        path=datasette_path,
                        p50=harness.median_ms(samples[datasette_row.NAME]),
                        p95=harness.percentile(samples[datasette_row.NAME], 0.95),
                        note=f"Datasette {comparison.version}, SQLite "
                        f"{sqlite3.sqlite_version}: a canned query on a copy",
                    )
                )
            seconds = time.monotonic() - started
            env = environment.describe(floor.driver, ENCODER)
            paths = {request.name: request.path for request in scenario.requests()}
            breakdowns, query_plans = [], []
            if options.profile:
                log("profiling each request and explaining its slowest statement …")
                breakdowns = [breakdown.profile(name, call) for name, call in calls.items()]
                query_plans = plans.plans(calls)
        finally:
            floor.close()
            if comparison is not None:
                comparison.close()

        import_rows, import_note = [], "Skipped (`--skip-import`)."
        if not options.skip_import:
            log(f"import throughput: a corpus of {options.import_copies} article files …")
            import_rows, output = importing.measure_import(options.import_copies)
            first_line = output.splitlines()[0] if output else ""
            import_note = (
                f"Measured by `manage.py benchmark_import --copies {options.import_copies} "
                f"--repeat {importing.REPEAT}` (writes rolled back; {first_line})."
            )
            if not import_rows:
                import_note += f" Its output was not understood:\n\n```\n{output}\n```"
        found_goals = goals.goals(rows, client, paths, import_rows, datasette_unmeasured)

    return report.Report(
        command=reproduce(arguments),
        environment=env,
        requests=options.requests,
        warmup=options.warmup,
        rows=rows,
        parameters=scenario.describe(),
        checks=checks,
        import_rows=import_rows,
        import_note=import_note,
        datasette_note=_datasette_note(comparison, datasette_unmeasured),
        seconds=seconds,
        breakdowns=breakdowns,
        plans=query_plans,
        goals=found_goals,
    )


def _persistent_connection(call, log) -> str:
    """Whether requests reuse one database connection (CONN_MAX_AGE > 0), as
    production should: a reconnect per request would dominate small reads."""
    call()
    before = id(connection.connection)
    call()
    reused = connection.connection is not None and id(connection.connection) == before
    max_age = connection.settings_dict.get("CONN_MAX_AGE")
    if reused:
        return f"requests reuse one database connection (CONN_MAX_AGE={max_age})"
    log(f"warning: every request opens a new database connection (CONN_MAX_AGE={max_age})")
    return f"**every request opens a new database connection** (CONN_MAX_AGE={max_age})"


def _datasette_unmeasured(calls: dict) -> str | None:
    """Why this run does not time Datasette, or None when it does."""
    if not datasette_row.available():
        return "Datasette is not installed"
    if datasette_row.ROW not in calls:
        return f"`{datasette_row.ROW}` is not in this run"
    return None


def check_datasette(api_body: bytes, datasette_body: bytes) -> tuple[bool, str]:
    """Whether Datasette returns the API's page (claim ids in order, count, and
    every field it makes), and a line saying so."""
    api, served = json.loads(api_body), datasette_row.as_api_page(datasette_body)
    if api.get("count_is_estimate"):
        served["count"] = api["count"]
    found, extra = differences(api, served, other="Datasette")
    extra = sorted({re.sub(r"\[\d+\]", "[]", path) for path in extra})
    name = datasette_row.ROW
    if found:
        shown = "; ".join(found[:3]) + (f"; … {len(found) - 3} more" if len(found) > 3 else "")
        return False, f"**Datasette differs from the API** for `{name}`: {shown}"
    ids = ", ".join(str(claim["id"]) for claim in api["results"][:3])
    return True, (
        f"Datasette for `{name}`: the API's {len(api['results'])} claims in its order "
        f"({ids}, …), its count and fields (JSON parsed and compared; fields it does not make: "
        + ", ".join(f"`{path}`" for path in extra)
        + ")"
    )


def _datasette_note(comparison: datasette_row.Comparison | None, unmeasured: str | None) -> str:
    reference = "the issue's reference figure: ≈ 4.4 ms p50 over HTTP for the filtered list"
    if comparison is None:
        if not datasette_row.available():
            return (
                "Not compared: `datasette` is not installed in this environment, so the optional "
                f"comparison was skipped ({reference} from SQLite). Install it to compare: "
                "`.venv/bin/pip install datasette`."
            )
        return f"Not compared: {unmeasured}."
    tables = ", ".join(f"`{table.name}`" for table in datasette_row.TABLES)
    return (
        f"Datasette {comparison.version} (SQLite {sqlite3.sqlite_version}) served "
        f"`{datasette_row.ROW}` from a SQLite copy of what that query reads, made by this run "
        f"from the configured database in {comparison.build_seconds:.1f} s "
        f"({comparison.size_mb:,.0f} MB: {tables}, the columns the list shows), indexed for the "
        "query (source and status, source slug, event parties, relations both ways, figures by "
        "claim), analysed, opened immutable, and deleted after the run. The same query is a "
        "canned query: the floor's statement written for SQLite (the page of 50 in id order, the "
        "total count in a scalar subquery, the joins, `self_interested`, `contradiction_count` "
        "and the figures as a JSON array), returned as JSON objects, checked before timing to "
        "return the API's claims, count and fields. Its application is called in process through "
        "ASGI on one event loop until the body is sent, as the API's is through WSGI: no HTTP "
        "(Datasette runs the SQL on its own thread pool, as it does when serving; "
        f"{reference} from SQLite)."
        + (f" **{unmeasured}**: the goal is not judged." if unmeasured else "")
    )


def _progress(log, warmup: int, rounds: int, calls: int):
    state = {"started": time.monotonic(), "last": -1}

    def report_progress(done: int, total: int) -> None:
        if done == warmup and warmup:
            elapsed = time.monotonic() - state["started"]
            estimate = elapsed / warmup * rounds
            log(
                f"warm-up: {warmup} rounds of {calls} requests in {elapsed:.1f} s; "
                f"timed run ≈ {estimate:.0f} s"
            )
        tenth = (done - warmup) * 10 // max(1, rounds)
        if done > warmup and tenth != state["last"] and tenth > 0:
            state["last"] = tenth
            log(f"  {done - warmup}/{rounds} rounds")

    return report_progress


def run_latency_and_write(options: Options, arguments: list[str], log=print) -> report.Report:
    result = run_latency(options, arguments, log=log)
    log(report.text_table(result.rows))
    for line in result.checks:
        log(f"check: {line}")
    for row in result.import_rows:
        log(
            f"import: {row.label}: {row.mb_per_s:.2f} MB/s, {row.claims_per_s:.0f} claims/s "
            f"({row.megabytes:.3f} MB in {row.seconds:.3f} s)"
        )
    if not result.import_rows:
        log(f"import: {result.import_note}")
    log(f"datasette: {result.datasette_note}")
    for goal in result.goals:
        log(f"goal: {goal.goal}: {goal.measured} — {goal.verdict.replace('**', '')}")
    report.write_latency(options.output, report.markdown(result))
    log(f"wrote {options.output}")
    return result


def run_load_and_write(
    *,
    output: Path,
    arguments: list[str],
    duration: int,
    workers: int,
    worker_class: str,
    threads: int,
    connections: int,
    wrk_threads: int,
    warmup: int,
    log=print,
) -> list[load.WrkResult]:
    scenario = pick_scenario()
    paths = {request.name: request.path for request in scenario.requests()}
    targets = [
        ("page claim", paths["page claim"]),
        ("api claims source+status", paths["api claims source+status"]),
    ]
    results, info = load.run_load(
        targets,
        duration=duration,
        workers=workers,
        worker_class=worker_class,
        threads=threads,
        connections=connections,
        wrk_threads=wrk_threads,
        warmup=warmup,
        log=log,
    )
    for result in results:
        log(
            f"load: {result.name}: {result.requests_per_s:,.0f} requests/s, "
            f"{result.requests:,} requests, p50 {result.latency.get('p50', '?')}, "
            f"p99 {result.latency.get('p99', '?')}, non-2xx/3xx {result.non_2xx_3xx}, "
            f"socket errors {result.socket_errors or 'none'}"
        )
    why = WORKER_CHOICE
    if (workers, worker_class, threads) != (2, "gthread", 2):
        threads_note = f", {threads} threads each" if worker_class == "gthread" else ""
        why = f"Workers: {workers} × {worker_class}{threads_note}, chosen on the command line."
    page = next(result for result in results if result.name == "page claim")
    met = page.requests_per_s >= 1500 and page.errors == 0
    why += (
        f"\n\nThe issue's goal, claim page under load ≥ 1,500 requests/s with 0 errors: "
        f"{page.requests_per_s:,.0f} requests/s, {page.errors} errors — "
        f"{'met' if met else '**not met**'}."
    )
    date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    text = report.load_markdown(
        date=date, command=reproduce(arguments), results=results, info=info, why=why
    )
    report.write_load(output, text)
    log(f"wrote the load run to {output}")
    return results
