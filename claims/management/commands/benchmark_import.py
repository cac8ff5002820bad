"""Import throughput, end to end (read → extract → persist), on the configured
database. Prints figures; asserts nothing. Everything it writes is rolled back
(and on PostgreSQL vacuumed away).

Besides the wall-clock time it prints the CPU time the import took (this
process and the worker processes it started; not the database server's): on a
machine shared with other work, that is the figure to compare between runs."""

import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from claims.ingest.importer import default_workers, import_articles
from claims.ingest.pipeline import extract
from claims.ingest.read import read_article
from claims.ingest.reference import load_reference_data
from claims.ingest.reference_index import ReferenceIndex
from claims.models import Claim, Document, Event, Figure, Relation, Source

ARTICLES = [
    settings.SEEDS_DIR / "deir-ez-zor-campaign-2017-2019.md",
    settings.BASE_DIR / "tests" / "data" / "articles" / "raqqa-aftermath-2018.md",
]


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Measure import throughput (MB/s of article text, claims/s) for the seed article and "
        "for a corpus of many articles, on the configured database. Writes are rolled back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--copies", type=int, default=40, help="Corpus size in articles.")
        parser.add_argument("--repeat", type=int, default=3, help="Runs per measurement (best).")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Extracting processes, as for import_seeds (default: one per core).",
        )

    def handle(self, *args, copies: int, repeat: int, workers: int | None, **options):
        load_reference_data(settings.SEEDS_DIR)
        articles = [path for path in ARTICLES if path.exists()]
        rows = []
        with tempfile.TemporaryDirectory() as folder:
            seed_dir = Path(folder) / "seed"
            corpus_dir = Path(folder) / "corpus"
            seed_dir.mkdir()
            corpus_dir.mkdir()
            shutil.copy(articles[0], seed_dir / "benchmark-seed.md")
            for number in range(copies):
                source = articles[number % len(articles)]
                shutil.copy(source, corpus_dir / f"benchmark-{number:04d}-{source.name}")

            rows.append(
                ("extract only, seed (no database)", *self._extract_only(articles[0], repeat))
            )
            rows.append(("seed article, end to end", *self._import(seed_dir, repeat, workers)))
            rows.append(
                (
                    f"corpus of {copies} articles, end to end",
                    *self._import(corpus_dir, 1, workers),
                )
            )

        _vacuum_what_was_rolled_back()
        self.stdout.write(
            f"database: {connection.vendor} {connection.Database.__name__}; python "
            f"{platform.python_version()}; {platform.machine()}; best of {repeat} for the seed; "
            f"workers: {workers or f'default, {default_workers()} cores'}"
        )
        self.stdout.write(
            f"{'measurement':42} {'MB':>7} {'seconds':>8} {'MB/s':>7} {'claims/s':>9} {'CPU s':>7}"
        )
        for label, megabytes, seconds, claims, cpu in rows:
            self.stdout.write(
                f"{label:42} {megabytes:7.3f} {seconds:8.3f} {megabytes / seconds:7.2f} "
                f"{claims / seconds:9.0f} {cpu:7.3f}"
            )

    def _extract_only(self, path: Path, repeat: int) -> tuple[float, float, int, float]:
        reference = ReferenceIndex.from_database()
        best, best_cpu = float("inf"), float("inf")
        for _ in range(repeat):
            started, cpu_started = time.perf_counter(), _cpu_seconds()
            article = read_article(path)
            extraction = extract(article, reference)
            best = min(best, time.perf_counter() - started)
            best_cpu = min(best_cpu, _cpu_seconds() - cpu_started)
        return article.size / 1e6, best, len(extraction.claims), best_cpu

    def _import(
        self, folder: Path, repeat: int, workers: int | None
    ) -> tuple[float, float, int, float]:
        best, best_cpu, megabytes, claims = float("inf"), float("inf"), 0.0, 0
        for _ in range(repeat):
            cpu_started = _cpu_seconds()
            try:
                with transaction.atomic():
                    # load_reference=False: the reference lists are loaded once, above.
                    summary = import_articles([folder], load_reference=False, workers=workers)
                    if summary.failures:
                        failure = summary.failures[0]
                        raise CommandError(f"{failure.path.name}: {failure.reason}")
                    raise _Rollback
            except _Rollback:
                pass
            best = min(best, summary.seconds)
            best_cpu = min(best_cpu, _cpu_seconds() - cpu_started)
            megabytes = summary.bytes_read / 1e6
            claims = summary.total("claims")
        return megabytes, best, claims, best_cpu


def _vacuum_what_was_rolled_back() -> None:
    """On PostgreSQL, VACUUM the tables the rolled-back imports wrote to. Their
    rows are gone but not their traces: dead tuples, and entries in the claims'
    search index's pending list (a GIN index takes new entries there first),
    which every text search scans until a VACUUM. After a benchmark run at a
    million claims a search took half as long again (9 ms → 15 ms for the raw
    floor) until autovacuum came by. Not inside a transaction (a test's), where
    VACUUM cannot run and nothing was committed either."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    written = {Claim, Document, Event, Figure, Relation, Source}
    tables = [model._meta.db_table for model in written]
    tables += [
        field.remote_field.through._meta.db_table
        for model in written
        for field in model._meta.local_many_to_many
    ]
    with connection.cursor() as cursor:
        for table in sorted(set(tables)):
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")


def _cpu_seconds() -> float:
    """CPU time of this process and of the worker processes it has waited for."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system
