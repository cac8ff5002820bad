from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.ingest.importer import import_articles
from claims.ingest.reference import ReferenceDataError


class Command(BaseCommand):
    help = (
        "Import seed articles (Markdown with YAML front matter): documents, events, "
        "attributed claims, figures and suggested relations. Files or folders; default "
        "seeds/. Re-importing an unchanged file changes nothing; an edited file keeps "
        "every editor's review, decision and correction. Exits non-zero if a file failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Re-import files even when their checksum is unchanged.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=(
                "Processes extracting articles while this one writes them; 1 extracts in "
                "this process (default: one per core, for runs over 256 KB of changed files)."
            ),
        )

    def handle(self, *args, paths: list[Path], force: bool, workers: int | None, **options):
        paths = paths or [settings.SEEDS_DIR]
        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}")
        if workers is not None and workers < 1:
            raise CommandError("--workers must be at least 1.")
        try:
            summary = import_articles(
                paths,
                force=force,
                workers=workers,
                progress=self.stdout.write,
                failure=lambda line: self.stderr.write(self.style.ERROR(line)),
            )
        except ReferenceDataError as exc:
            raise CommandError(f"Reference lists: {exc}") from None

        self.stdout.write(
            f"{len(summary.imported)} imported, "
            f"{len(summary.reports) - len(summary.imported)} unchanged, "
            f"{len(summary.failures)} failed — "
            f"{summary.total('events')} events, {summary.total('claims')} claims, "
            f"{summary.total('figures')} figures, "
            f"{summary.total('suggested_relations')} suggested relations, "
            f"{len(summary.new_sources)} unknown sources"
            + (f" ({', '.join(summary.new_sources)})" if summary.new_sources else "")
        )
        kept = summary.total("kept_editor_changes")
        if kept:
            self.stdout.write(f"kept {kept} editor corrections")
        stale = summary.total("kept_stale")
        if stale:
            self.stdout.write(
                f"kept {stale} claims or events the files no longer yield, because editors "
                "reviewed, linked or corrected them"
            )
        if summary.failures:
            # Each failure was reported above with its file name and reason.
            raise CommandError(f"{len(summary.failures)} file(s) failed; nothing of them written.")
