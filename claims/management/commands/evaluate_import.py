from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.ingest.evaluate import GoldFileError, evaluate
from claims.ingest.pipeline import extract
from claims.ingest.read import MalformedFile, read_article
from claims.ingest.reference import ReferenceDataError, load_reference_data
from claims.ingest.reference_index import ReferenceIndex

GOLD_DIR = settings.BASE_DIR / "tests" / "data" / "gold"
ARTICLE_DIRS = [settings.SEEDS_DIR, settings.BASE_DIR / "tests" / "data" / "articles"]


class Command(BaseCommand):
    help = (
        "Measure the importer against hand-made gold files (tests/data/gold/): precision and "
        "recall of claims, event-date and stated-on accuracy, suggested relations. Runs the "
        "same extraction import_seeds persists, with the reference lists from seeds/; "
        "writes nothing but the reference lists."
    )

    def add_arguments(self, parser):
        parser.add_argument("gold", nargs="*", type=Path, help="Gold files (default: all).")
        parser.add_argument(
            "--articles",
            type=Path,
            action="append",
            help="Folder holding the articles (default: seeds/, tests/data/articles/).",
        )
        parser.add_argument(
            "--show",
            choices=["missed", "extra", "dates"],
            action="append",
            default=[],
            help="Also list missed claims, extra claims or wrong dates.",
        )

    def handle(self, *args, gold: list[Path], articles: list[Path] | None, show, **options):
        gold_files = gold or sorted(GOLD_DIR.glob("*.yaml"))
        if not gold_files:
            raise CommandError(f"No gold files in {GOLD_DIR}")
        try:
            load_reference_data(settings.SEEDS_DIR)
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from None
        # Unknown speakers that earlier imports recorded are left out: the gold
        # files measure what the reference lists alone resolve.
        reference = ReferenceIndex.from_database(include_unreviewed=False)
        for gold_path in gold_files:
            article_path = self._article_for(gold_path, articles or ARTICLE_DIRS)
            try:
                article = read_article(article_path)
                result = evaluate(extract(article, reference), gold_path, article.body)
            except (MalformedFile, GoldFileError) as exc:
                raise CommandError(str(exc)) from None
            self._print(result, article_path, show, article.body)

    def _article_for(self, gold_path: Path, folders: list[Path]) -> Path:
        for folder in folders:
            for suffix in (".md", ".markdown"):
                candidate = folder / f"{gold_path.stem}{suffix}"
                if candidate.exists():
                    return candidate
        raise CommandError(f"{gold_path.name}: no article {gold_path.stem}.md in {folders}")

    def _print(self, result, article_path: Path, show: list[str], body: str) -> None:
        write = self.stdout.write
        claims = result.claims
        write(f"{result.document} ({article_path})")
        write(
            f"  claims     precision {claims.precision:.3f}  recall {claims.recall:.3f}"
            f"  ({claims.matched} matched, {claims.found} found, {claims.expected} in gold)"
        )
        write(
            f"  event date accuracy {result.dates_strict.recall:.3f} strict, "
            f"{result.dates_lenient.recall:.3f} lenient  ({result.dates_strict.expected} dated)"
        )
        write(
            f"  stated-on  accuracy {result.stated_on.recall:.3f}"
            f"  ({result.stated_on.expected} in gold)"
        )
        for label, score in (
            ("relations ", result.relations),
            ("  lenient ", result.relations_lenient),
        ):
            write(
                f"  {label} precision {score.precision:.3f}  recall {score.recall:.3f}"
                f"  ({score.matched} matched, {score.found} suggested, {score.expected} in gold)"
            )
        if "missed" in show:
            for gold in result.missed:
                write(f"    missed [{gold.source or gold.speaker}] {_around(body, gold.offset)}")
        if "extra" in show:
            for claim in result.extra:
                write(f"    extra [{claim.source or claim.speaker}] {claim.sentence.plain[:140]}")
        if "dates" in show:
            for gold, found in result.wrong_dates:
                write(
                    f"    date gold {gold.event_date} found {found}: {_around(body, gold.offset)}"
                )


def _around(body: str, offset: int) -> str:
    return " ".join(body[offset : offset + 120].split())
