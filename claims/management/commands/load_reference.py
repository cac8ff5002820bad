from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.ingest.reference import ReferenceDataError, load_reference_data


class Command(BaseCommand):
    help = (
        "Load parties, sources (with aliases) and places from the reference lists in "
        "seeds/. Idempotent; an editor's change to a loaded row is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seeds-dir",
            type=Path,
            default=None,
            help="Folder holding sources.yaml and places.yaml (default: settings.SEEDS_DIR).",
        )

    def handle(self, *args, seeds_dir: Path | None, **options):
        seeds_dir = seeds_dir or settings.SEEDS_DIR
        try:
            report = load_reference_data(seeds_dir)
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"parties: {report.parties}")
        self.stdout.write(f"sources: {report.sources}")
        self.stdout.write(f"places: {report.places}")
        kept = (
            report.parties.kept_editor_changes
            + report.sources.kept_editor_changes
            + report.places.kept_editor_changes
        )
        if kept:
            self.stdout.write(f"kept editors' changes to: {', '.join(kept)}")
