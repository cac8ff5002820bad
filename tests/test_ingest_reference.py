"""Loading the reference lists (parties, sources, places) from seeds/."""

import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from claims.ingest.reference import ReferenceDataError, load_reference_data
from claims.models import Party, Place, Source, SourceKind

pytestmark = pytest.mark.django_db

SOURCES = """
parties:
  - slug: sdf
    name: Syrian Democratic Forces
    aliases: [SDF]
  - slug: coalition
    name: US-led Coalition
sources:
  - slug: sohr
    name: Syrian Observatory for Human Rights
    kind: monitor
    party: null
    aliases: [SOHR, Syrian Observatory]
  - slug: sdf
    name: Syrian Democratic Forces
    kind: belligerent
    party: sdf
    aliases: [SDF, Mustafa Bali]
"""

PLACES = """
places:
  - slug: hajin
    name: Hajin
    aliases: [Haijan]
    governorate: Deir ez-Zor
    country: Syria
    latitude: 34.6928
    longitude: 40.8311
  - slug: al-susah
    name: al-Susah
    aliases: [Susa, al-Sosa]
    governorate: Deir ez-Zor
    country: Syria
"""


def write_seeds(folder: Path, sources: str = SOURCES, places: str = PLACES) -> Path:
    (folder / "sources.yaml").write_text(textwrap.dedent(sources), encoding="utf-8")
    (folder / "places.yaml").write_text(textwrap.dedent(places), encoding="utf-8")
    return folder


def snapshot() -> list[tuple]:
    """Every loaded value, to compare before and after a load."""
    return [
        *Party.objects.values_list("slug", "name", "aliases").order_by("slug"),
        *Source.objects.values_list("slug", "name", "kind", "party__slug", "aliases").order_by(
            "slug"
        ),
        *Place.objects.values_list("slug", "name", "aliases", "latitude", "longitude").order_by(
            "slug"
        ),
    ]


def test_loads_parties_sources_and_places(tmp_path):
    report = load_reference_data(write_seeds(tmp_path))
    assert (report.parties.created, report.sources.created, report.places.created) == (2, 2, 2)
    sdf = Source.objects.get(slug="sdf")
    assert sdf.party.slug == "sdf"
    assert sdf.kind == SourceKind.BELLIGERENT
    assert "Mustafa Bali" in sdf.aliases
    assert Source.objects.get(slug="sohr").party is None
    hajin = Place.objects.get(slug="hajin")
    assert hajin.aliases == ["Haijan"]
    assert str(hajin.latitude) == "34.6928"
    assert Place.objects.get(slug="al-susah").latitude is None


def test_reloading_changes_nothing(tmp_path, django_assert_max_num_queries):
    seeds = write_seeds(tmp_path)
    load_reference_data(seeds)
    before = snapshot()
    report = load_reference_data(seeds)
    assert snapshot() == before
    assert (report.parties.unchanged, report.sources.unchanged, report.places.unchanged) == (
        2,
        2,
        2,
    )
    assert report.sources.created == report.sources.updated == 0


def test_reload_keeps_an_editors_change_and_takes_the_files_other_changes(tmp_path):
    seeds = write_seeds(tmp_path)
    load_reference_data(seeds)
    # An editor renames SOHR and corrects al-Susah's governorate in the admin.
    Source.objects.filter(slug="sohr").update(name="SOHR (UK-based monitor)")
    Place.objects.filter(slug="al-susah").update(governorate="Deir ez-Zor Governorate")

    # The file later changes SOHR's name and aliases, and Hajin's aliases.
    changed_sources = SOURCES.replace(
        "name: Syrian Observatory for Human Rights", "name: The Syrian Observatory"
    ).replace("[SOHR, Syrian Observatory]", "[SOHR, Syrian Observatory, the Observatory]")
    changed_places = PLACES.replace("[Haijan]", "[Haijan, Hajeen]")
    report = load_reference_data(write_seeds(tmp_path, changed_sources, changed_places))

    sohr = Source.objects.get(slug="sohr")
    assert sohr.name == "SOHR (UK-based monitor)"  # the editor's, kept
    assert sohr.aliases == ["SOHR", "Syrian Observatory", "the Observatory"]  # the file's
    assert Place.objects.get(slug="al-susah").governorate == "Deir ez-Zor Governorate"
    assert Place.objects.get(slug="hajin").aliases == ["Haijan", "Hajeen"]
    assert "sohr.name" in report.sources.kept_editor_changes

    # And a further reload still keeps it.
    load_reference_data(write_seeds(tmp_path, changed_sources, changed_places))
    assert Source.objects.get(slug="sohr").name == "SOHR (UK-based monitor)"


def test_editor_change_of_a_sources_party_is_kept(tmp_path):
    seeds = write_seeds(tmp_path)
    load_reference_data(seeds)
    Source.objects.filter(slug="sohr").update(party=Party.objects.get(slug="coalition"))
    load_reference_data(seeds)
    assert Source.objects.get(slug="sohr").party.slug == "coalition"


def test_new_rows_in_the_file_are_added_on_reload(tmp_path):
    load_reference_data(write_seeds(tmp_path))
    more_places = PLACES + textwrap.indent(
        textwrap.dedent(
            """\
            - slug: baghuz-fawqani
              name: Baghuz Fawqani
              aliases: [al-Baghuz Fawqani, Baghouz]
            """
        ),
        "  ",
    )
    report = load_reference_data(write_seeds(tmp_path, places=more_places))
    assert report.places.created == 1
    assert Place.objects.filter(slug="baghuz-fawqani").exists()


@pytest.mark.parametrize(
    "sources, places, message",
    [
        ("parties: [oops", PLACES, "invalid YAML"),
        ("- just a list", PLACES, "expected a mapping"),
        (SOURCES.replace("kind: monitor", "kind: oracle"), PLACES, "kind 'oracle'"),
        (SOURCES.replace("party: sdf", "party: ypg"), PLACES, "party 'ypg' is not listed"),
        (SOURCES.replace("slug: sohr", "slug: SOHR!"), PLACES, "slug 'SOHR!'"),
        (SOURCES.replace("[SDF, Mustafa Bali]", "[SDF, SOHR]"), PLACES, "'sohr' belongs to both"),
        (SOURCES.replace("aliases: [SOHR, Syrian Observatory]", "aliases: SOHR"), PLACES, "list"),
        (
            SOURCES.replace("    party: null\n", "    party: null\n    colour: red\n"),
            PLACES,
            "colour",
        ),
        (SOURCES, PLACES.replace("latitude: 34.6928", "latitude: 134.6"), "out of range"),
        (SOURCES, PLACES.replace("    longitude: 40.8311\n", ""), "both latitude and longitude"),
        (SOURCES, PLACES.replace("[Susa, al-Sosa]", "[Susa, Haijan]"), "'haijan' belongs to both"),
        (SOURCES, PLACES.replace("name: Hajin", "name: 12"), "'name' must be text"),
    ],
)
def test_malformed_reference_file_is_refused_and_writes_nothing(tmp_path, sources, places, message):
    with pytest.raises(ReferenceDataError, match=message) as error:
        load_reference_data(write_seeds(tmp_path, sources, places))
    assert str(tmp_path) in str(error.value)  # names the file
    assert not Party.objects.exists()
    assert not Source.objects.exists()
    assert not Place.objects.exists()


def test_non_utf8_and_missing_files_are_reported(tmp_path):
    write_seeds(tmp_path)
    (tmp_path / "places.yaml").write_bytes(b"places:\n  - slug: \xff\xfe\n")
    with pytest.raises(ReferenceDataError, match="not UTF-8"):
        load_reference_data(tmp_path)
    (tmp_path / "places.yaml").unlink()
    with pytest.raises(ReferenceDataError, match="file not found"):
        load_reference_data(tmp_path)
    assert not Source.objects.exists()


def test_command_loads_and_reports(tmp_path, capsys):
    call_command("load_reference", seeds_dir=write_seeds(tmp_path))
    out = capsys.readouterr().out
    assert "sources: 2 created, 0 updated, 0 unchanged" in out
    call_command("load_reference", seeds_dir=tmp_path)
    assert "sources: 0 created, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_command_fails_with_the_reason(tmp_path):
    write_seeds(tmp_path, sources="parties: [oops")
    with pytest.raises(CommandError, match=r"sources\.yaml: invalid YAML"):
        call_command("load_reference", seeds_dir=tmp_path)


def test_the_projects_own_reference_lists_load():
    """The shipped seeds/ lists are valid, and name the sources the importer
    must resolve, spokespeople folded into their organisation."""
    report = load_reference_data(settings.SEEDS_DIR)
    assert report.sources.created >= 30
    assert report.places.created >= 40

    def source_for(alias: str) -> str:
        folded = alias.casefold()
        matches = [
            source.slug
            for source in Source.objects.all()
            if folded in {name.casefold() for name in [source.name, *source.aliases]}
        ]
        assert len(matches) == 1, (alias, matches)
        return matches[0]

    assert source_for("SOHR") == "sohr"
    assert source_for("Mustafa Bali") == source_for("SDF")
    assert source_for("Amaq") == source_for("Amaq News Agency")
    assert Source.objects.get(slug=source_for("Amaq")).party.slug == "isil"
    assert Source.objects.get(slug=source_for("SANA")).party.slug == "syrian-government"

    def place_for(alias: str) -> str:
        folded = alias.casefold()
        matches = [
            place.slug
            for place in Place.objects.all()
            if folded in {name.casefold() for name in [place.name, *place.aliases]}
        ]
        assert len(matches) == 1, (alias, matches)
        return matches[0]

    assert place_for("Hajin") == place_for("Haijan")
    assert place_for("al-Susah") == place_for("Susa") == place_for("al-Sosa")
    assert place_for("Baghuz Fawqani") == place_for("Baghouz")
