"""The `import_seeds` command end to end: files in, rows out, on a real database.

Articles are small Markdown files with YAML front matter written into tmp_path,
the real seed article, and the malformed corpus in tests/data/malformed/.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tracemalloc
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from claims.ingest.read import MAX_FILE_BYTES, MalformedFile, read_article
from claims.ingest.reference import load_reference_data
from claims.models import (
    Claim,
    DatePrecision,
    Document,
    Event,
    Figure,
    Party,
    Place,
    Quantity,
    Relation,
    Source,
    SourceKind,
)

pytestmark = pytest.mark.django_db

SEED = Path(settings.SEEDS_DIR) / "deir-ez-zor-campaign-2017-2019.md"
MALFORMED = Path(__file__).parent / "data" / "malformed"
ARTICLES = Path(__file__).parent / "data" / "articles"

ARTICLE = (
    """---
subject: Battle for Hajin (test fixture)
description: An invented account written for the importer's tests.
author: Test fixture
pubDate: 2018-03-01 10:30
tags:
  - Test fixture
  - Hajin
date:
  - |-
    First phase:
    1 December 2017 – 31 March 2018
---

## December

"""
    "On 3 December 2017, the SDF captured the village of Hajin after heavy fighting. "
    "SOHR stated that 23 civilians had been killed by airstrikes in Hajin. "
    "SDF spokesman Mustafa Bali said that 50-70 ISIL fighters had been killed in Hajin.\n"
    "\n"
    "On 5 December, the SDF advanced towards al-Bahrah. "
    "The Raqqa Civil Council said that at least 12 civilians had been killed by mines.\n"
)


def article(folder: Path, name: str = "hajin.md", text: str = ARTICLE) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def import_seeds(*paths: Path) -> tuple[str, str]:
    """Run the command; return (stdout, stderr). Raises CommandError on failure."""
    out, err = StringIO(), StringIO()
    call_command("import_seeds", *map(str, paths), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def import_seeds_failing(*paths: Path) -> tuple[str, str, CommandError]:
    """Run the command expecting it to fail; return (stdout, stderr, error)."""
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_seeds", *map(str, paths), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), caught.value


def claim_saying(fragment: str) -> Claim:
    return Claim.objects.select_related("source").get(excerpt__contains=fragment)


# --- 1. an article into an empty database --------------------------------------------------


@pytest.fixture
def imported(tmp_path) -> str:
    """The small article imported into an empty database; the command's stdout."""
    assert not Source.objects.exists(), "the database should start empty"
    out, _ = import_seeds(article(tmp_path))
    return out


def test_import_into_empty_database_loads_the_reference_lists_first(imported):
    """The command loads sources, parties and places from seeds/ before the
    articles, so that importing into a fresh database just works."""
    assert Source.objects.filter(slug="sohr", needs_review=False).exists()
    assert Party.objects.filter(slug="sdf").exists()
    assert Place.objects.filter(slug="hajin").exists()


def test_import_keeps_the_front_matter_on_the_document(imported, tmp_path):
    document = Document.objects.get(slug="hajin")
    assert document.title == "Battle for Hajin (test fixture)"
    assert document.description == "An invented account written for the importer's tests."
    assert document.author == "Test fixture"
    assert document.published_at == dt.datetime(2018, 3, 1, 10, 30, tzinfo=dt.UTC)
    assert document.tags == ["Test fixture", "Hajin"]
    assert document.front_matter["date"] == ["First phase:\n1 December 2017 – 31 March 2018"]
    assert document.body == read_article(tmp_path / "hajin.md").body
    assert document.sha256 == read_article(tmp_path / "hajin.md").sha256


def test_narrative_sentences_become_dated_events_with_places(imported):
    capture = Event.objects.get(summary__startswith="On 3 December 2017, the SDF captured")
    assert (capture.date, capture.date_precision) == (dt.date(2017, 12, 3), DatePrecision.DAY)
    assert list(capture.places.values_list("slug", flat=True)) == ["hajin"]
    advance = Event.objects.get(summary__startswith="On 5 December, the SDF advanced")
    assert advance.date == dt.date(2017, 12, 5), "the year carries over from the last sentence"


def test_speakers_resolve_to_sources_through_the_alias_list(imported):
    """ "SOHR stated" is SOHR; a spokesman speaks for his organisation."""
    assert claim_saying("SOHR stated").source.slug == "sohr"
    assert claim_saying("Mustafa Bali said").source.slug == "sdf"


def test_claims_keep_the_claimed_content_the_verb_and_the_sentence(imported):
    claim = claim_saying("SOHR stated")
    assert claim.text == "23 civilians had been killed by airstrikes in Hajin"
    assert claim.verb == "stated"
    assert claim.excerpt == "SOHR stated that 23 civilians had been killed by airstrikes in Hajin."
    assert claim.document.body[claim.char_start : claim.char_end] == claim.excerpt
    assert claim.event.date == dt.date(2017, 12, 3)


def test_claims_carry_their_figures(imported):
    rows = Figure.objects.filter(claim__document__slug="hajin").values_list(
        "claim__source__slug", "quantity", "subject", "low", "high"
    )
    assert set(rows) == {
        ("sohr", Quantity.KILLED, "civilians", 23, 23),
        ("sdf", Quantity.KILLED, "ISIL fighters", 50, 70),
        ("raqqa-civil-council", Quantity.KILLED, "civilians", 12, None),
    }


def test_an_unknown_speaker_becomes_a_new_source_that_needs_review(imported):
    """Never dropped and never guessed into a known source."""
    source = claim_saying("Raqqa Civil Council said").source
    assert (source.slug, source.name) == ("raqqa-civil-council", "Raqqa Civil Council")
    assert source.kind == SourceKind.OTHER
    assert source.needs_review is True
    assert source.party is None


def test_command_prints_progress_per_file_and_a_summary(imported):
    lines = imported.splitlines()
    assert "imported hajin.md: 2 events, 3 claims, 3 figures, 0 suggested relations" in lines
    assert lines[-1] == (
        "1 imported, 0 unchanged, 0 failed — 2 events, 3 claims, 3 figures, "
        "0 suggested relations, 1 unknown sources (Raqqa Civil Council)"
    )


def test_the_seed_article_imports_into_an_empty_database():
    """The real seed: its claims, sources, figures and suggested relations arrive."""
    out, _ = import_seeds(SEED)
    document = Document.objects.get(slug="deir-ez-zor-campaign-2017-2019")
    assert document.title == "Deir ez-Zor campaign (2017–2019)"
    assert document.claims.count() >= 150
    assert document.events.count() >= 150
    assert Relation.objects.suggested().exists()
    ranged = Figure.objects.get(claim__source__slug="isil", low=50, high=70)
    assert (ranged.quantity, ranged.subject) == (Quantity.KILLED, "SDF fighters")
    sohr = claim_saying("SOHR meanwhile stated that 23 civilians")
    assert sohr.source.slug == "sohr"
    assert sohr.event.date == dt.date(2017, 12, 13)
    for claim in document.claims.all():
        assert 0 <= claim.char_start < claim.char_end <= len(document.body), claim.excerpt
    assert "imported deir-ez-zor-campaign-2017-2019.md:" in out


def test_a_folder_imports_every_article_in_it(tmp_path):
    article(tmp_path, "first.md")
    article(tmp_path, "second.md")
    (tmp_path / "notes.txt").write_text("not an article")
    out, _ = import_seeds(tmp_path)
    assert set(Document.objects.values_list("slug", flat=True)) == {"first", "second"}
    assert out.splitlines()[-1].startswith("2 imported, 0 unchanged, 0 failed")


# --- 4. malformed files --------------------------------------------------------------------


def _reason(path: Path) -> str:
    with pytest.raises(MalformedFile) as caught:
        read_article(path)
    return caught.value.reason


def test_malformed_files_are_reported_and_write_nothing_while_good_files_import(tmp_path):
    """Every file of the malformed corpus fails with its name and reason, none of
    it reaches the database, and the good files in the same run are imported."""
    for path in MALFORMED.iterdir():
        shutil.copy(path, tmp_path / path.name)
    article(tmp_path, "aaa-good.md")
    article(tmp_path, "zzz-good.md")
    bad = sorted(path.name for path in MALFORMED.iterdir())
    assert len(bad) >= 20

    _, err, error = import_seeds_failing(tmp_path)

    assert set(Document.objects.values_list("slug", flat=True)) == {"aaa-good", "zzz-good"}
    assert not Claim.objects.exclude(document__slug__in=["aaa-good", "zzz-good"]).exists()
    assert not Event.objects.exclude(document__slug__in=["aaa-good", "zzz-good"]).exists()
    for name in bad:
        assert f"{name}: {_reason(tmp_path / name)}" in err, name
    assert str(error) == f"{len(bad)} file(s) failed; nothing of them written."


def test_a_file_too_large_is_refused_without_being_read(tmp_path):
    """A 50 MB file (sparse: it takes no disk space) is refused on its size; the
    import never holds it in memory."""
    huge = tmp_path / "huge.md"
    with open(huge, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    assert huge.stat().st_size > MAX_FILE_BYTES

    tracemalloc.start()
    try:
        _, err, error = import_seeds_failing(huge)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert "huge.md: file is too large: 52428800 bytes" in err
    assert str(error) == "1 file(s) failed; nothing of them written."
    assert peak < 10 * 1024 * 1024, f"peak Python memory {peak} bytes: was the file read?"
    assert not Document.objects.exists()


def test_a_path_that_does_not_exist_is_a_clear_error(tmp_path):
    missing = tmp_path / "no-such-article.md"
    with pytest.raises(CommandError, match=f"No such file or folder: {missing}"):
        import_seeds(missing)
    assert not Document.objects.exists()


def test_two_files_with_the_same_slug_in_one_run_are_not_merged(tmp_path):
    """a/hajin.md and b/hajin.md would be the same document: the second is
    reported instead of silently replacing the first."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = article(tmp_path / "a")
    second = article(tmp_path / "b", text=ARTICLE.replace("23 civilians", "24 civilians"))

    _, err, error = import_seeds_failing(first, second)

    assert f"{second}: same document slug 'hajin' as {first}" in err
    assert str(error) == "1 file(s) failed; nothing of them written."
    assert Figure.objects.filter(low=23, subject="civilians").exists()
    assert not Figure.objects.filter(low=24).exists()


# --- 5. one transaction per document -------------------------------------------------------

POISON = 987_654

_TRIGGERS = {
    "sqlite": [
        f"""CREATE TRIGGER test_refuse_figure BEFORE INSERT ON claims_figure
            WHEN NEW.low = {POISON}
            BEGIN SELECT RAISE(ABORT, 'figure refused by the test trigger'); END""",
    ],
    "postgresql": [
        f"""CREATE FUNCTION test_refuse_figure() RETURNS trigger AS $$
            BEGIN
                IF NEW.low = {POISON} THEN
                    RAISE EXCEPTION 'figure refused by the test trigger';
                END IF;
                RETURN NEW;
            END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER test_refuse_figure BEFORE INSERT ON claims_figure
            FOR EACH ROW EXECUTE FUNCTION test_refuse_figure()""",
    ],
}


@pytest.fixture
def figure_refusing_database():
    """A database that refuses one figure value, the way a real constraint refuses
    bad data. No mock: a trigger on claims_figure, created inside the test's
    transaction (DDL is transactional on SQLite and PostgreSQL), so it is gone
    when the test rolls back. Figures are the last rows persist writes, so a
    document failing here has already written its document, events and claims."""
    with connection.cursor() as cursor:
        for statement in _TRIGGERS[connection.vendor]:
            cursor.execute(statement)


def test_a_document_failing_half_way_writes_nothing_and_the_run_goes_on(
    tmp_path, figure_refusing_database
):
    article(tmp_path, "a-first.md")
    poisoned = ARTICLE.replace("23 civilians", f"{POISON:,} civilians").replace(
        "The Raqqa Civil Council", "The Hajin Tribal Council"
    )
    article(tmp_path, "b-poisoned.md", poisoned)
    article(tmp_path, "c-last.md")

    out, err, error = import_seeds_failing(tmp_path)

    assert set(Document.objects.values_list("slug", flat=True)) == {"a-first", "c-last"}
    assert Claim.objects.count() == 2 * Claim.objects.filter(document__slug="a-first").count()
    assert not Event.objects.exclude(document__slug__in=["a-first", "c-last"]).exists()
    assert not Source.objects.filter(slug="hajin-tribal-council").exists(), (
        "the unknown source the failed document created went with it"
    )
    assert "b-poisoned.md: not imported, nothing of it written:" in err
    assert "figure refused by the test trigger" in err
    assert "imported c-last.md" in out
    assert str(error) == "1 file(s) failed; nothing of them written."


def test_a_failed_document_imports_once_the_database_accepts_it(tmp_path, figure_refusing_database):
    """Nothing half-written is left to trip up the next run."""
    path = article(tmp_path, text=ARTICLE.replace("23 civilians", f"{POISON:,} civilians"))
    import_seeds_failing(path)
    path.write_text(ARTICLE, encoding="utf-8")
    out, _ = import_seeds(path)
    assert "imported hajin.md: 2 events, 3 claims" in out


# --- 6. query counts -----------------------------------------------------------------------


def _queries_to_import(path: Path) -> int:
    with CaptureQueriesContext(connection) as queries:
        import_seeds(path)
    return len(queries)


def test_queries_to_import_an_article_do_not_grow_with_the_database(tmp_path):
    """Importing the same small article as a new document costs the same number
    of queries into a database without documents as into one already holding
    the seed's ~200 claims and ~250 events. (The reference lists are loaded
    beforehand in both cases: their first load inserts every source and place.)"""
    load_reference_data(settings.SEEDS_DIR)
    first = _queries_to_import(article(tmp_path, "empty-first.md"))
    second = _queries_to_import(article(tmp_path, "empty-second.md"))

    import_seeds(SEED)
    assert Claim.objects.count() > 150
    seeded = _queries_to_import(article(tmp_path, "seeded.md"))

    # The first import also creates the unknown speaker's source; later ones reuse it.
    assert first > second
    assert seeded == second, f"empty: {first}, {second}; holding the seed: {seeded}"
    assert seeded <= 40


def test_a_large_run_extracts_in_worker_processes_and_imports_every_file(tmp_path):
    """Over PARALLEL_MIN_BYTES of changed articles, extraction runs in forked
    workers while this process writes: every document must still arrive whole,
    and this process's database connection must survive the workers."""
    from claims.ingest.importer import PARALLEL_MIN_BYTES

    copies = PARALLEL_MIN_BYTES // SEED.stat().st_size + 2
    for number in range(copies):
        shutil.copy(SEED, tmp_path / f"copy-{number}.md")
    single = tmp_path.parent / f"{tmp_path.name}-single"
    single.mkdir()
    shutil.copy(SEED, single / "alone.md")

    import_seeds(single)
    claims_in_one = Claim.objects.filter(document__slug="alone").count()
    stdout, _ = import_seeds(tmp_path)

    assert stdout.count("imported copy-") == copies
    for number in range(copies):
        assert Claim.objects.filter(document__slug=f"copy-{number}").count() == claims_in_one
    with connection.cursor() as cursor:  # the connection still works after the workers
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


# --- 7. extraction in worker processes -----------------------------------------------------


class _Rollback(Exception):
    pass


IDS = {"event_id", "source_id"}


def _everything_written() -> dict[str, list]:
    """Every row an import writes, by what names it rather than its id, in the
    order the rows were written."""
    return {
        "documents": list(Document.objects.order_by("pk").values_list("slug", "sha256", "title")),
        "sources": list(
            Source.objects.order_by("pk").values_list("slug", "name", "kind", "needs_review")
        ),
        "events": list(
            Event.objects.order_by("pk").values_list(
                "document__slug",
                "import_key",
                "date",
                "date_precision",
                "date_end",
                "title",
                "summary",
                "kind",
                "position",
                "import_snapshot",
            )
        ),
        "event places": list(
            Event.places.through.objects.order_by("event_id", "place__slug").values_list(
                "event__import_key", "place__slug"
            )
        ),
        "event parties": list(
            Event.parties.through.objects.order_by("event_id", "party__slug").values_list(
                "event__import_key", "party__slug"
            )
        ),
        "claims": [
            # The snapshot's ids are left out (a sequence is not rolled back, so an
            # unknown speaker's source or an event has another id each time); the
            # source's slug and the event's key stand for them.
            (*row[:-1], {name: value for name, value in row[-1].items() if name not in IDS})
            for row in Claim.objects.order_by("pk").values_list(
                "document__slug",
                "import_key",
                "source__slug",
                "event__import_key",
                "text",
                "excerpt",
                "section",
                "char_start",
                "char_end",
                "verb",
                "kind",
                "stated_on",
                "stated_on_precision",
                "status",
                "import_snapshot",
            )
        ],
        "figures": list(
            Figure.objects.order_by("claim_id", "quantity", "low", "subject").values_list(
                "claim__import_key", "quantity", "subject", "low", "high", "as_written"
            )
        ),
        "relations": list(
            Relation.objects.order_by("pk").values_list(
                "from_claim__import_key", "to_claim__import_key", "kind", "note", "origin", "state"
            )
        ),
    }


def _import_with(workers: int, *paths: Path) -> tuple[str, str, str | None, dict[str, list]]:
    """Import with `workers` processes and roll it back; return the command's
    stdout, stderr, error (or None) and everything it wrote."""
    out, err = StringIO(), StringIO()
    error = None
    try:
        with transaction.atomic():
            try:
                call_command(
                    "import_seeds",
                    *map(str, paths),
                    f"--workers={workers}",
                    stdout=out,
                    stderr=err,
                )
            except CommandError as failed:
                error = str(failed)
            written = _everything_written()
            raise _Rollback
    except _Rollback:
        pass
    assert not Document.objects.exists()
    return out.getvalue(), err.getvalue(), error, written


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Several articles: two copies of the seed, the Raqqa article and the small one."""
    load_reference_data(settings.SEEDS_DIR)
    shutil.copy(SEED, tmp_path / "a-seed.md")
    shutil.copy(ARTICLES / "raqqa-aftermath-2018.md", tmp_path / "b-raqqa.md")
    article(tmp_path, "c-hajin.md")
    shutil.copy(SEED, tmp_path / "d-seed-again.md")
    return tmp_path


def test_extraction_in_worker_processes_writes_what_one_process_writes(corpus):
    serial = _import_with(1, corpus)
    parallel = _import_with(2, corpus)

    out, err, error, written = parallel
    assert error is None, err
    assert out.splitlines()[-1].startswith("4 imported, 0 unchanged, 0 failed")
    assert [row[0] for row in written["documents"]] == [
        "a-seed",
        "b-raqqa",
        "c-hajin",
        "d-seed-again",
    ]
    assert len(written["claims"]) > 400
    assert parallel == serial


def test_more_files_than_the_workers_take_ahead_arrive_whole_and_in_order(tmp_path):
    """Extractions are submitted a few at a time as documents are written: every
    file still arrives, once, in order."""
    from claims.ingest.importer import EXTRACTIONS_AHEAD_PER_WORKER

    load_reference_data(settings.SEEDS_DIR)
    names = [f"hajin-{number:02d}" for number in range(EXTRACTIONS_AHEAD_PER_WORKER * 2 + 5)]
    for number, name in enumerate(names):
        article(tmp_path, f"{name}.md", ARTICLE.replace("23 civilians", f"{number + 1} civilians"))

    serial = _import_with(1, tmp_path)
    parallel = _import_with(2, tmp_path)

    out, err, error, written = parallel
    assert error is None, err
    assert [row[0] for row in written["documents"]] == names
    assert [line.split(":")[0] for line in out.splitlines()[:-1]] == [
        f"imported {name}.md" for name in names
    ]
    assert parallel == serial


def test_a_malformed_file_among_good_ones_fails_alike_with_worker_processes(corpus):
    """The malformed file is reported with the same reason and writes nothing;
    the good files on either side of it import as they do in one process."""
    shutil.copy(MALFORMED / "bad-yaml.md", corpus / "b-bad-yaml.md")
    shutil.copy(MALFORMED / "not-utf8.md", corpus / "e-not-utf8.md")

    serial = _import_with(1, corpus)
    parallel = _import_with(2, corpus)

    out, err, error, written = parallel
    assert error == "2 file(s) failed; nothing of them written."
    assert out.splitlines()[-1].startswith("4 imported, 0 unchanged, 2 failed")
    assert f"b-bad-yaml.md: {_reason(corpus / 'b-bad-yaml.md')}" in err
    assert f"e-not-utf8.md: {_reason(corpus / 'e-not-utf8.md')}" in err
    assert [row[0] for row in written["documents"]] == [
        "a-seed",
        "b-raqqa",
        "c-hajin",
        "d-seed-again",
    ]
    assert parallel == serial


def test_an_extraction_that_fails_in_a_worker_is_reported_as_in_one_process(corpus, monkeypatch):
    """A bug in a stage stops only its file, with the same reason either way
    (the worker's exception does not cross to this process; its reason does)."""
    from claims.ingest import importer

    def extract(article, reference):
        if article.slug == "b-raqqa":
            raise KeyError("no such rule")
        return real_extract(article, reference)

    real_extract = importer.extract
    monkeypatch.setattr(importer, "extract", extract)

    serial = _import_with(1, corpus)
    parallel = _import_with(2, corpus)

    out, err, error, written = parallel
    assert "b-raqqa.md: not imported, nothing of it written: KeyError: 'no such rule'" in err
    assert "imported d-seed-again.md" in out
    assert error == "1 file(s) failed; nothing of them written."
    assert [row[0] for row in written["documents"]] == ["a-seed", "c-hajin", "d-seed-again"]
    assert parallel == serial


def test_a_document_the_database_refuses_fails_alike_with_worker_processes(
    corpus, figure_refusing_database
):
    poisoned = ARTICLE.replace("23 civilians", f"{POISON:,} civilians")
    article(corpus, "c-hajin.md", poisoned)

    serial = _import_with(1, corpus)
    parallel = _import_with(2, corpus)

    out, err, error, written = parallel
    assert "c-hajin.md: not imported, nothing of it written:" in err
    assert "figure refused by the test trigger" in err
    assert error == "1 file(s) failed; nothing of them written."
    assert "imported d-seed-again.md" in out
    assert [row[0] for row in written["documents"]] == ["a-seed", "b-raqqa", "d-seed-again"]
    assert parallel == serial


def test_workers_must_be_at_least_one(tmp_path):
    with pytest.raises(CommandError, match="--workers must be at least 1"):
        call_command("import_seeds", str(article(tmp_path)), "--workers=0")
    assert not Document.objects.exists()


def test_extraction_reads_nothing_from_the_database(django_assert_num_queries):
    """Worker processes extract without a database connection of their own (they
    must not use the one they inherit): extraction takes everything it needs
    from the reference index read beforehand."""
    from claims.ingest.pipeline import extract
    from claims.ingest.reference_index import ReferenceIndex

    load_reference_data(settings.SEEDS_DIR)
    reference = ReferenceIndex.from_database(include_unreviewed=False)
    article = read_article(SEED)
    with django_assert_num_queries(0):
        extraction = extract(article, reference)
    assert len(extraction.claims) > 150
