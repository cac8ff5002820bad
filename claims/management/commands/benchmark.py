"""`manage.py benchmark`: server-side latency of the API and pages against the
raw-SQL floor, SQL queries per request and import throughput, in one interleaved
run on the configured database; `--load` runs gunicorn + wrk instead. Prints a
table and writes docs/benchmarks.md. The work is in the `bench` package."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bench import load, run
from bench.scenarios import ROW_NAMES


class Command(BaseCommand):
    help = (
        "Benchmark the API and pages against the raw-SQL floor on the configured database "
        "(prints a table, writes docs/benchmarks.md); --load runs gunicorn + wrk instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=200, help="Timed requests each.")
        parser.add_argument("--warmup", type=int, default=10, help="Untimed rounds first.")
        parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
        parser.add_argument("--skip-import", action="store_true", help="No import throughput.")
        parser.add_argument("--import-copies", type=int, default=40, help="Articles to import.")
        parser.add_argument("--seed", type=int, default=0, help="Seed of the request order.")
        parser.add_argument(
            "--only",
            default="",
            help="Comma-separated row names to measure (e.g. 'api claims,api claim'); "
            "floors and the Datasette row (when datasette is installed) follow their API "
            "rows. Default: all.",
        )
        parser.add_argument(
            "--profile",
            action="store_true",
            help="Also profile each request and EXPLAIN its slowest SQL statement.",
        )
        group = parser.add_argument_group("load run")
        group.add_argument("--load", action="store_true", help="gunicorn + wrk, not latency.")
        group.add_argument("--duration", type=int, default=60, help="Seconds per target.")
        group.add_argument("--workers", type=int, default=2)
        group.add_argument("--worker-class", choices=["sync", "gthread"], default="gthread")
        group.add_argument("--threads", type=int, default=2, help="Per gthread worker.")
        group.add_argument("--connections", type=int, default=8, help="wrk's open connections.")
        group.add_argument("--wrk-threads", type=int, default=1)
        group.add_argument("--load-warmup", type=int, default=3, help="Untimed seconds first.")

    def handle(self, *args, **options):
        if options["requests"] < 1 or options["warmup"] < 0:
            raise CommandError("--requests must be at least 1 and --warmup at least 0.")
        log = self.stdout.write
        try:
            if options["load"]:
                run.run_load_and_write(
                    output=options["output"],
                    arguments=self._load_arguments(options),
                    duration=options["duration"],
                    workers=options["workers"],
                    worker_class=options["worker_class"],
                    threads=options["threads"],
                    connections=options["connections"],
                    wrk_threads=options["wrk_threads"],
                    warmup=options["load_warmup"],
                    log=log,
                )
                return
            run.run_latency_and_write(
                run.Options(
                    requests=options["requests"],
                    warmup=options["warmup"],
                    output=options["output"],
                    skip_import=options["skip_import"],
                    import_copies=options["import_copies"],
                    seed=options["seed"],
                    profile=options["profile"],
                    only=self._only(options["only"]),
                ),
                self._latency_arguments(options),
                log=log,
            )
        except (LookupError, load.LoadRunError) as error:
            raise CommandError(str(error)) from error

    @staticmethod
    def _only(value: str) -> tuple[str, ...]:
        names = tuple(name.strip() for name in value.split(",") if name.strip())
        known = set(ROW_NAMES)
        unknown = [name for name in names if name not in known]
        if unknown:
            raise CommandError(
                f"Unknown rows for --only: {', '.join(unknown)}. Rows: {', '.join(ROW_NAMES)}."
            )
        return names

    @staticmethod
    def _latency_arguments(options) -> list[str]:
        arguments = ["--requests", str(options["requests"]), "--warmup", str(options["warmup"])]
        if options["skip_import"]:
            arguments.append("--skip-import")
        else:
            arguments += ["--import-copies", str(options["import_copies"])]
        if options["seed"]:
            arguments += ["--seed", str(options["seed"])]
        if options["profile"]:
            arguments.append("--profile")
        if options["only"]:
            arguments += ["--only", options["only"]]
        if options["output"] != Path("docs/benchmarks.md"):
            arguments += ["--output", str(options["output"])]
        return arguments

    @staticmethod
    def _load_arguments(options) -> list[str]:
        arguments = ["--load", "--duration", str(options["duration"])]
        arguments += ["--workers", str(options["workers"])]
        arguments += ["--worker-class", options["worker_class"]]
        if options["worker_class"] == "gthread":
            arguments += ["--threads", str(options["threads"])]
        arguments += ["--connections", str(options["connections"])]
        arguments += ["--wrk-threads", str(options["wrk_threads"])]
        if options["output"] != Path("docs/benchmarks.md"):
            arguments += ["--output", str(options["output"])]
        return arguments
