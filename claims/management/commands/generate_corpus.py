"""Load (or remove) a synthetic corpus for measuring the tracker at scale.

The generator lives in `claims.corpus`; this command parses arguments and prints.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from claims.corpus import (
    DEFAULT_CLAIMS_PER_DOCUMENT,
    DEFAULT_SEED,
    CorpusExists,
    generate_corpus,
    remove_corpus,
)


class Command(BaseCommand):
    help = (
        "Load N synthetic claims (with events, places, figures, relations and reviews) for "
        "benchmarking, all under synthetic documents `synthetic-corpus-…`; or remove them."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--claims", type=int, help="How many claims to generate.")
        action.add_argument(
            "--remove",
            action="store_true",
            help="Delete the synthetic corpus (documents, everything hanging from them, "
            "synthetic places, sources and user); real data is left alone.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="With --claims: remove an existing synthetic corpus first.",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"Random seed (default {DEFAULT_SEED})."
        )
        parser.add_argument(
            "--claims-per-document",
            type=int,
            default=DEFAULT_CLAIMS_PER_DOCUMENT,
            help=f"Claims per synthetic document (default {DEFAULT_CLAIMS_PER_DOCUMENT}, "
            "an article-sized body).",
        )

    def handle(self, *args, claims, remove, replace, seed, claims_per_document, **options):
        verbose = options["verbosity"] >= 1
        if remove:
            self._remove()
            return
        if claims < 1:
            raise CommandError("--claims must be at least 1.")
        database = f"{connection.vendor} ({connection.settings_dict['NAME']})"
        self.stdout.write(f"generating {claims:,} claims on {database}, seed {seed}")
        try:
            summary = generate_corpus(
                claims=claims,
                seed=seed,
                claims_per_document=claims_per_document,
                replace=replace,
                progress=self.stdout.write if verbose else None,
            )
        except (CorpusExists, ValueError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{'table':28} {'rows':>12} {'seconds':>9}")
        for table, rows in summary.rows.items():
            seconds = summary.table_seconds.get(table)
            shown = f"{seconds:9.2f}" if seconds is not None else f"{'':9}"
            self.stdout.write(f"{table:28} {rows:>12,} {shown}")
        for phase, seconds in summary.phase_seconds.items():
            self.stdout.write(f"{phase:28} {'':>12} {seconds:9.2f}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.claims:,} claims in {summary.seconds:.1f} s: "
                f"{summary.rate:,.0f} claims/s"
            )
        )

    def _remove(self):
        started = time.perf_counter()
        removed = remove_corpus()
        for table, rows in removed.items():
            self.stdout.write(f"{table:28} {rows:>12,} deleted")
        self.stdout.write(
            self.style.SUCCESS(
                f"removed {sum(removed.values()):,} rows in {time.perf_counter() - started:.1f} s"
            )
        )
