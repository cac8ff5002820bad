"""Persist: re-importing a file changes only what the importer owns.

An unchanged file writes nothing. An edited file (a sentence reworded, a
paragraph added, a paragraph deleted) updates the importer's rows and keeps
every editor's review, relation, decision and correction. Real database, no
mocks: articles are written into tmp_path and imported with the command.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import (
    Claim,
    ClaimKind,
    ClaimStatus,
    Document,
    Event,
    Figure,
    Party,
    Place,
    Quantity,
    Relation,
    RelationKind,
    RelationOrigin,
    RelationState,
    Review,
    Source,
)
from tests.factories import make_editor

pytestmark = pytest.mark.django_db

SEED = Path(settings.SEEDS_DIR) / "deir-ez-zor-campaign-2017-2019.md"

FRONT_MATTER = """---
subject: Battle for the Khabur villages (test fixture)
author: Test fixture
pubDate: 2018-03-01
date:
  - |-
    First phase:
    1 December 2017 – 31 March 2018
---

"""

HAJIN = (
    "On 3 December 2017, the SDF captured the village of Hajin after heavy fighting. "
    "SOHR stated that 23 civilians had been killed by airstrikes in Hajin. "
    "SDF spokesman Mustafa Bali said that 50-70 ISIL fighters had been killed in Hajin. "
    "The Coalition denied that any civilians had been killed by its airstrikes in Hajin."
)
BAHRAH = (
    "On 5 December, the SDF advanced towards al-Bahrah. "
    "The Raqqa Civil Council said that at least 12 civilians had been killed by mines. "
    "DeirEzzor 24 reported that 30 families had fled al-Bahrah."
)
GHARANIJ = (
    "On 9 December, the SDF entered Gharanij. "
    "Amaq stated that 15 SDF fighters had been killed by a car bomb in Gharanij. "
    "ISIL stated that it had killed 20 SDF fighters and captured 12 others in Gharanij."
)
SUSA = (
    "On 11 December, the SDF shelled Susa. "
    "SANA stated that the SDF had killed 9 civilians and wounded 4 others in Susa."
)
WITHDRAWAL = (
    "On 7 December, ISIL fighters withdrew from Al-Kahawi. "
    "SOHR reported that the SDF had killed 2 ISIL fighters and captured 5 others in Al-Kahawi."
)
COUNTERATTACK = (
    "On 13 December, ISIL attacked al-Bahrah. "
    "SOHR stated that ISIL had killed 6 SDF fighters and captured 3 others in al-Bahrah."
)


def text(*paragraphs: str) -> str:
    return FRONT_MATTER + "## December\n\n" + "\n\n".join(paragraphs) + "\n"


V1 = text(HAJIN, BAHRAH, WITHDRAWAL, GHARANIJ, SUSA, COUNTERATTACK)

# The edited file: a new paragraph first (every later offset moves), a reworded
# figure in an untouched claim, rewordings of a corrected and of a reviewed
# claim, the al-Bahrah and Al-Kahawi paragraphs deleted, and a number changed
# in a claim whose figures are not listed in the database's order.
NEW_PARAGRAPH = (
    "On 1 December 2017, the SDF launched an assault on Hajin. "
    "SOHR reported that 8 SDF fighters had been wounded near Hajin."
)
V2 = text(
    NEW_PARAGRAPH,
    HAJIN.replace("50-70 ISIL fighters", "50-75 ISIL fighters"),
    GHARANIJ.replace("by a car bomb", "by a suicide car bomb"),
    SUSA.replace("4 others in Susa", "4 others in the village of Susa"),
    COUNTERATTACK.replace("captured 3 others", "captured 4 others"),
)


def write(path: Path, content: str) -> Path:
    path.write_text(content, encoding="utf-8")
    return path


def import_seeds(*paths: Path, force: bool = False) -> str:
    out = StringIO()
    call_command("import_seeds", *map(str, paths), force=force, stdout=out, stderr=StringIO())
    return out.getvalue()


def claim_saying(fragment: str) -> Claim:
    return Claim.objects.select_related("source").get(excerpt__contains=fragment)


def event_saying(fragment: str) -> Event:
    return Event.objects.get(summary__contains=fragment)


def all_rows() -> dict[str, list[dict]]:
    """Every row of every table the importer or the reference loader writes."""
    models = [Document, Event, Claim, Figure, Relation, Review, Source, Party, Place]
    through = [Event.places.through, Event.parties.through]
    return {
        model._meta.db_table: list(model.objects.order_by("pk").values())
        for model in models + through
    }


WRITES = ("INSERT", "UPDATE", "DELETE")


def writes_in(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith(WRITES)]


# --- 2. an unchanged file ------------------------------------------------------------------


@pytest.fixture
def both_imported(tmp_path) -> Path:
    """The small article and the real seed, imported once, in one folder."""
    write(tmp_path / "khabur.md", V1)
    shutil.copy(SEED, tmp_path / SEED.name)
    import_seeds(tmp_path)
    return tmp_path


def test_unchanged_reimport_leaves_every_row_as_it_was(both_imported):
    """Same ids, same values, same updated_at: nothing was rewritten."""
    before = all_rows()
    import_seeds(both_imported)
    assert all_rows() == before
    assert len(before["claims_claim"]) > 150


def test_unchanged_reimport_issues_no_write_at_all(both_imported):
    with CaptureQueriesContext(connection) as queries:
        import_seeds(both_imported)
    assert writes_in(queries) == []


def test_unchanged_reimport_says_unchanged(both_imported):
    out = import_seeds(both_imported)
    assert "unchanged khabur.md" in out.splitlines()
    assert "unchanged deir-ez-zor-campaign-2017-2019.md" in out.splitlines()
    assert out.splitlines()[-1].startswith("0 imported, 2 unchanged, 0 failed")


def test_unchanged_fast_path_costs_a_few_queries_whatever_the_size(
    both_imported, django_assert_max_num_queries
):
    """Checksum first: neither extraction nor per-row queries for an unchanged
    file, so the seed (~200 claims) costs what the small article costs."""
    with django_assert_max_num_queries(12):
        import_seeds(both_imported / SEED.name)
    with CaptureQueriesContext(connection) as seed_queries:
        import_seeds(both_imported / SEED.name)
    with CaptureQueriesContext(connection) as small_queries:
        import_seeds(both_imported / "khabur.md")
    assert len(seed_queries) == len(small_queries)


def test_forced_reimport_of_an_unchanged_file_rewrites_only_the_document(both_imported):
    """--force runs the whole pipeline again; rows whose values do not change are
    not written (their updated_at stays)."""
    before = all_rows()
    import_seeds(both_imported / "khabur.md", force=True)
    after = all_rows()
    for table in before:
        if table != "claims_document":
            assert after[table] == before[table], table


# --- 3. an edited file ---------------------------------------------------------------------


@pytest.fixture
def edited(tmp_path) -> SimpleNamespace:
    """V1 imported, editors at work on it, then V2 imported over it."""
    path = write(tmp_path / "khabur.md", V1)
    import_seeds(path)
    editor = make_editor()
    ns = SimpleNamespace(editor=editor, path=path)

    # Reviews: one on a sentence the file keeps, one on a sentence it rewords,
    # one on a sentence it deletes.
    ns.reviewed = claim_saying("SOHR stated that 23 civilians")
    for status in (ClaimStatus.DISPUTED, ClaimStatus.CONFIRMED):
        services.review_claim(
            claim=ns.reviewed, status=status, reviewer=editor, rationale=f"Checked: {status}."
        )
    ns.reviewed_reworded = claim_saying("SANA stated")
    services.review_claim(
        claim=ns.reviewed_reworded,
        status=ClaimStatus.FALSE,
        reviewer=editor,
        rationale="No casualties in Susa that day.",
    )
    ns.reviewed_deleted = claim_saying("DeirEzzor 24 reported")
    services.review_claim(
        claim=ns.reviewed_deleted,
        status=ClaimStatus.CORROBORATED,
        reviewer=editor,
        rationale="Matches the UN figures.",
    )

    # An editor's relation, and a decision on the importer's suggestion.
    ns.amaq = claim_saying("Amaq stated")
    ns.editor_relation = services.relate_claims(
        from_claim=ns.reviewed,
        to_claim=ns.amaq,
        kind=RelationKind.CONTRADICTS,
        created_by=editor,
        note="Different tolls for the same week.",
    )
    ns.suggestion = (
        Relation.objects.filter(from_claim=claim_saying("The Coalition denied"))
        .filter(origin=RelationOrigin.IMPORTER, state=RelationState.SUGGESTED)
        .order_by("pk")
        .first()
    )
    assert ns.suggestion is not None, "the importer should suggest what the denial answers"
    services.decide_relation(
        relation=ns.suggestion, state=RelationState.REJECTED, decided_by=editor
    )

    # Corrections: a claim's text, kind and source; an event's date; figures.
    ns.amaq.text = "15 SDF fighters had been killed by a car bomb near Gharanij"
    ns.amaq.kind = ClaimKind.OTHER
    ns.amaq.source = Source.objects.get(slug="isil-affiliated-media")
    ns.amaq.save()
    ns.redated = event_saying("the SDF entered Gharanij")
    ns.redated.date = dt.date(2017, 12, 10)
    ns.redated.save()
    ns.refigured = claim_saying("ISIL stated that it had killed 20")
    ns.refigured.figures.filter(quantity=Quantity.KILLED).update(low=25, high=25)

    # Claims nobody touches.
    ns.untouched_reworded = claim_saying("Mustafa Bali said")
    ns.untouched_deleted = claim_saying("Raqqa Civil Council said")
    ns.untouched_deleted_event = event_saying("ISIL fighters withdrew from Al-Kahawi")
    ns.untouched_deleted_figures = claim_saying("SOHR reported that the SDF had killed 2")
    ns.out_of_order = claim_saying("SOHR stated that ISIL had killed 6")

    write(path, V2)
    ns.out = import_seeds(path)
    ns.document = Document.objects.get(slug="khabur")
    return ns


def test_a_review_survives_and_the_claim_keeps_its_status(edited):
    claim = Claim.objects.get(pk=edited.reviewed.pk)
    assert claim.status == ClaimStatus.CONFIRMED
    assert list(claim.reviews.order_by("pk").values_list("status", flat=True)) == [
        ClaimStatus.DISPUTED,
        ClaimStatus.CONFIRMED,
    ]


def test_a_reviewed_claim_whose_sentence_is_reworded_is_the_same_claim(edited):
    """A light rewording is the same statement: the claim follows the new wording
    and keeps its history, rather than being replaced by an unreviewed copy."""
    claim = Claim.objects.get(pk=edited.reviewed_reworded.pk)
    assert (
        claim.text == "the SDF had killed 9 civilians and wounded 4 others in the village of Susa"
    )
    assert claim.status == ClaimStatus.FALSE
    assert claim.reviews.count() == 1
    assert Claim.objects.filter(source__slug="sana").count() == 1


def test_an_editors_relation_survives(edited):
    relation = Relation.objects.get(pk=edited.editor_relation.pk)
    assert (relation.from_claim_id, relation.to_claim_id) == (
        edited.reviewed.pk,
        edited.amaq.pk,
    )
    assert (relation.origin, relation.state) == (RelationOrigin.EDITOR, RelationState.ACCEPTED)


def test_a_rejected_suggestion_stays_rejected_and_is_not_suggested_again(edited):
    relation = Relation.objects.get(pk=edited.suggestion.pk)
    assert relation.state == RelationState.REJECTED
    assert relation.decided_by == edited.editor
    assert not Relation.objects.filter(
        from_claim=relation.from_claim, to_claim=relation.to_claim, state="suggested"
    ).exists()


def test_an_editors_correction_of_text_kind_and_source_survives(edited):
    """The file rewords the sentence; the editor's values win, while the sentence
    itself (provenance) follows the file."""
    claim = Claim.objects.get(pk=edited.amaq.pk)
    assert claim.text == "15 SDF fighters had been killed by a car bomb near Gharanij"
    assert claim.kind == ClaimKind.OTHER
    assert claim.source.slug == "isil-affiliated-media"
    assert claim.excerpt == (
        "Amaq stated that 15 SDF fighters had been killed by a suicide car bomb in Gharanij."
    )
    assert re.search(r"^kept [1-9]\d* editor corrections$", edited.out, re.MULTILINE)


def test_an_untouched_claim_follows_the_file(edited):
    """Same row, new wording and new figures."""
    claim = Claim.objects.get(pk=edited.untouched_reworded.pk)
    assert claim.text == "50-75 ISIL fighters had been killed in Hajin"
    assert list(claim.figures.values_list("low", "high")) == [(50, 75)]


def test_figures_follow_the_file_whatever_order_they_are_listed_in(edited):
    """ "killed 6 … captured 4": the database lists figures by quantity (captured
    first), the file in reading order; that is not an editor's correction."""
    claim = Claim.objects.get(pk=edited.out_of_order.pk)
    assert set(claim.figures.values_list("quantity", "low")) == {
        (Quantity.KILLED, 6),
        (Quantity.CAPTURED, 4),
    }


def test_an_editors_change_of_an_event_date_survives(edited):
    event = Event.objects.get(pk=edited.redated.pk)
    assert event.date == dt.date(2017, 12, 10)


def test_figures_an_editor_changed_survive(edited):
    figures = Figure.objects.filter(claim=edited.refigured.pk)
    assert set(figures.values_list("quantity", "low", "high")) == {
        (Quantity.KILLED, 25, 25),
        (Quantity.CAPTURED, 12, 12),
    }


def test_a_new_paragraph_brings_its_claim(edited):
    claim = claim_saying("8 SDF fighters had been wounded")
    assert claim.source.slug == "sohr"
    assert claim.event.date == dt.date(2017, 12, 1)


def test_a_deleted_sentence_takes_its_untouched_claim_and_event_with_it(edited):
    """Including a claim whose figures ("killed 2 … captured 5") the database
    lists in another order than the file: that is not an editor's correction."""
    assert not Claim.objects.filter(pk=edited.untouched_deleted.pk).exists()
    assert not Claim.objects.filter(pk=edited.untouched_deleted_figures.pk).exists()
    assert not Event.objects.filter(pk=edited.untouched_deleted_event.pk).exists()


def test_a_deleted_sentence_keeps_its_reviewed_claim_without_a_span(edited):
    """The review stands; the claim no longer points into the body, since its
    sentence is not there any more."""
    claim = Claim.objects.get(pk=edited.reviewed_deleted.pk)
    assert claim.status == ClaimStatus.CORROBORATED
    assert claim.excerpt == "DeirEzzor 24 reported that 30 families had fled al-Bahrah."
    assert (claim.char_start, claim.char_end) == (None, None)
    assert claim.event.summary.startswith("On 5 December, the SDF advanced"), (
        "the event the kept claim is about stays with it"
    )
    assert "kept 2 claims or events the files no longer yield" in edited.out


def test_offsets_of_kept_claims_follow_the_new_body(edited):
    """A paragraph was added before them: every span moved with its sentence."""
    body = edited.document.body
    expected = {
        edited.reviewed.pk: "SOHR stated that 23 civilians had been killed by airstrikes in Hajin.",
        edited.untouched_reworded.pk: "SDF spokesman Mustafa Bali said that 50-75 ISIL "
        "fighters had been killed in Hajin.",
        edited.amaq.pk: "Amaq stated that 15 SDF fighters had been killed by a suicide car "
        "bomb in Gharanij.",
        edited.reviewed_reworded.pk: "SANA stated that the SDF had killed 9 civilians and "
        "wounded 4 others in the village of Susa.",
    }
    for pk, sentence in expected.items():
        claim = Claim.objects.get(pk=pk)
        assert body[claim.char_start : claim.char_end] == sentence
    for claim in edited.document.claims.exclude(char_start=None):
        assert body[claim.char_start : claim.char_end] == claim.excerpt


def test_a_claim_by_an_unknown_speaker_keeps_its_row_across_imports(tmp_path):
    """The first import creates a source for the unknown speaker; the next one
    must still find the claim it made, not replace it with a copy."""
    path = write(tmp_path / "khabur.md", V1)
    import_seeds(path)
    claim = claim_saying("Raqqa Civil Council said")
    write(path, V1.replace("On 11 December", "On 12 December"))
    import_seeds(path)
    assert claim_saying("Raqqa Civil Council said").pk == claim.pk


def test_editing_the_seed_keeps_every_claims_sentence_under_its_span(tmp_path):
    """The real seed, edited: a paragraph inserted near the top and another
    deleted. Every claim that survives still spans the same sentence."""
    path = tmp_path / SEED.name
    shutil.copy(SEED, path)
    import_seeds(path)
    before = {
        claim.pk: claim.document.body[claim.char_start : claim.char_end]
        for claim in Claim.objects.select_related("document")
    }
    reviewed = claim_saying("SOHR meanwhile stated that 23 civilians")
    services.review_claim(
        claim=reviewed, status=ClaimStatus.CONFIRMED, reviewer=make_editor(), rationale="Ok."
    )
    original = SEED.read_text(encoding="utf-8")
    deleted = next(
        p
        for p in original.split("\n\n")
        if p.startswith("The SDF's Deir Ezzor Military Council reported on 12 December")
    )
    assert "SOHR meanwhile stated" in deleted
    edited = original.replace("## Prelude\n", "## Prelude\n" + NEW_PARAGRAPH + "\n\n").replace(
        deleted + "\n\n", ""
    )
    write(path, edited)

    import_seeds(path)

    body = Document.objects.get(slug=SEED.stem).body
    survivors = Claim.objects.filter(pk__in=before).exclude(char_start=None)
    assert survivors.count() >= len(before) - 10
    for claim in survivors:
        assert body[claim.char_start : claim.char_end] == before[claim.pk]
    kept = Claim.objects.get(pk=reviewed.pk)
    assert (kept.status, kept.char_start) == (ClaimStatus.CONFIRMED, None)
