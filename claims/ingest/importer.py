"""Importing article files: each through read → extract → persist, one
transaction per document. A file that cannot be read, or whose document cannot
be written, is reported with its name and the reason and writes nothing; the
other files still import."""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from ..models import Party, Place, Source
from .link import Extraction
from .persist import PersistReport, is_unchanged, persist
from .pipeline import extract
from .read import ArticleFile, MalformedFile, read_article
from .reference import load_reference_data
from .reference_index import ReferenceIndex

ARTICLE_SUFFIXES = (".md", ".markdown")


@dataclass
class FileFailure:
    path: Path
    reason: str


@dataclass
class ImportSummary:
    reports: list[PersistReport] = field(default_factory=list)
    failures: list[FileFailure] = field(default_factory=list)
    bytes_read: int = 0
    seconds: float = 0.0

    @property
    def imported(self) -> list[PersistReport]:
        return [report for report in self.reports if not report.unchanged]

    def total(self, name: str) -> int:
        return sum(getattr(report, name) for report in self.imported)

    @property
    def new_sources(self) -> list[str]:
        return [name for report in self.imported for name in report.new_sources or []]


def article_files(paths: Iterable[Path]) -> list[Path]:
    """Files named on the command line, and the articles inside folders named;
    a file named twice (or inside two folders named) is listed once."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                child
                for child in path.rglob("*")
                if child.is_file() and child.suffix.lower() in ARTICLE_SUFFIXES
            )
        else:
            found.append(path)
    seen: set[Path] = set()
    unique = []
    for path in found:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append(path)
    return unique


def _reason(error: Exception) -> str:
    """An unexpected error in one line: its class and the first line of its message
    (database errors add DETAIL and HINT lines)."""
    message = str(error).strip().splitlines()
    return f"{type(error).__name__}: {message[0]}" if message else type(error).__name__


# Extraction is pure computation; with several files it runs in worker
# processes (one per core by default) while this process writes the documents
# already extracted, in the order of the files. Left to choose, small runs stay
# in this process: starting workers costs more than they save.
PARALLEL_MIN_BYTES = 256 * 1024
# Extractions submitted ahead of the document being written, per worker: enough
# to keep every worker busy while a long article is written.
EXTRACTIONS_AHEAD_PER_WORKER = 4
_worker_reference: ReferenceIndex | None = None


def default_workers() -> int:
    """The cores this process may run on (fewer than the machine's, in a container
    or under taskset)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _ExtractionFailed(Exception):
    """An extraction that raised in a worker, reported by the parent as if it had
    raised there: the error itself may not survive pickling, its reason does."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _extract_in_worker(article: ArticleFile) -> Extraction | _ExtractionFailed:
    try:
        return extract(article, _worker_reference)
    except Exception as error:  # reported for this file by the parent
        return _ExtractionFailed(_reason(error))


def _extractions(
    pending: list[tuple[Path, ArticleFile]], reference: ReferenceIndex, workers: int | None
) -> Iterator[tuple[Path, ArticleFile, Extraction | Exception]]:
    """Each pending article with its extraction (or the error that stopped it), in order."""
    if workers is None:  # the default: every core, for a run large enough to gain
        small = sum(article.size for _, article in pending) < PARALLEL_MIN_BYTES
        workers = 1 if small else default_workers()
    workers = min(workers, len(pending))
    if workers < 2:
        for path, article in pending:
            try:
                yield path, article, extract(article, reference)
            except Exception as error:
                yield path, article, error
        return
    global _worker_reference
    _worker_reference = reference  # inherited by the forked workers, never pickled
    # fork: the workers inherit the loaded apps and the reference index. They
    # never touch the database connection they also inherit (extraction reads
    # nothing from the database), and they leave through os._exit, which does
    # not close it under this process. Frozen, the objects this process already
    # holds are never scanned by the workers' garbage collector (nor copied for
    # it, page by page).
    context = multiprocessing.get_context("fork")
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            # Only a few extractions ahead of the document being written: when
            # writing is the slower side, finished extractions would otherwise
            # pile up in this process's memory, the whole run's of them.
            queue = iter(pending)
            ahead: deque[tuple[Path, ArticleFile, Future]] = deque()

            def submit_next() -> None:
                for path, article in itertools.islice(queue, 1):
                    ahead.append((path, article, pool.submit(_extract_in_worker, article)))

            for _ in range(EXTRACTIONS_AHEAD_PER_WORKER * workers):
                submit_next()
            while ahead:
                path, article, future = ahead.popleft()
                submit_next()
                try:
                    extraction = future.result()
                except Exception as error:  # a worker that died
                    extraction = error
                yield path, article, extraction
    finally:
        gc.unfreeze()
        _worker_reference = None


def import_articles(
    paths: Iterable[Path],
    *,
    load_reference: bool = True,
    force: bool = False,
    workers: int | None = None,
    progress: Callable[[str], None] = lambda line: None,
    failure: Callable[[str], None] | None = None,
) -> ImportSummary:
    """Import every article under `paths`. Loads the reference lists first (so
    that an empty database just works) unless told not to.

    `workers`: how many processes extract the articles while this one writes
    them; 1 extracts in this process. By default one per core, for runs over
    PARALLEL_MIN_BYTES of changed files. The result is the same either way.

    Each failure is reported through `failure` (default: `progress`) with the
    file name and the reason, and recorded in the summary; the run goes on.
    """
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    started = time.perf_counter()
    failure = failure or progress
    if load_reference:
        load_reference_data(settings.SEEDS_DIR)
    # Only the reference lists' own sources (and those editors have reviewed):
    # a speaker they do not know stays unknown on every import, so that what
    # the importer extracts, and the keys it finds its claims by, do not depend
    # on which sources earlier imports created. persist reuses those by slug.
    reference = ReferenceIndex.from_database(include_unreviewed=False)
    source_ids = dict(Source.objects.values_list("slug", "pk"))
    summary = ImportSummary()
    slugs: dict[str, Path] = {}

    def fail(path: Path, reason: str) -> None:
        summary.failures.append(FileFailure(path, reason))
        failure(f"FAILED {path}: {reason}")

    pending: list[tuple[Path, ArticleFile]] = []
    for path in article_files(paths):
        try:
            article = read_article(path)
        except MalformedFile as error:
            fail(path, error.reason)
            continue
        except Exception as error:  # a bug in a stage must not stop the other files
            fail(path, f"could not be read: {_reason(error)}")
            continue
        other = slugs.setdefault(article.slug, path)
        if other != path:
            fail(
                path,
                f"same document slug {article.slug!r} as {other} in this run; "
                "rename one of the files",
            )
            continue
        summary.bytes_read += article.size
        if not force and is_unchanged(article):
            summary.reports.append(PersistReport(document=article.slug, unchanged=True))
            progress(f"unchanged {path.name}")
            continue
        pending.append((path, article))

    # Read once for all the documents to write (none when every file is unchanged).
    place_ids = dict(Place.objects.values_list("slug", "pk")) if pending else {}
    party_ids = dict(Party.objects.values_list("slug", "pk")) if pending else {}
    for path, article, extraction in _extractions(pending, reference, workers):
        try:
            if isinstance(extraction, Exception):
                raise extraction
            report = persist(
                article,
                extraction,
                source_ids,
                force=force,
                place_ids=place_ids,
                party_ids=party_ids,
            )
        except Exception as error:  # persist rolled the document back; go on with the others
            reason = error.reason if isinstance(error, _ExtractionFailed) else _reason(error)
            fail(path, f"not imported, nothing of it written: {reason}")
            continue
        summary.reports.append(report)
        progress(
            f"imported {path.name}: {report.events} events, {report.claims} claims, "
            f"{report.figures} figures, {report.suggested_relations} suggested relations"
        )
    summary.seconds = time.perf_counter() - started
    return summary
