"""Load the reference lists in `seeds/` — parties, sources and their aliases, and
the gazetteer of places — into the database.

Loading is idempotent and respects editors: a row is created when its slug is
new; on a later load a field follows the file only while it still holds what
the file said last time (`ReferenceRow.reference_snapshot`), so an editor's
correction in the admin is never overwritten. Rows are never deleted here.

The files are validated whole before anything is written; a problem is raised
as ReferenceDataError naming the file, the entry and the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.db.models import QuerySet

from ..models import Party, Place, ReferenceRow, Source, SourceKind
from .merge import fields_to_follow

SOURCES_FILE = "sources.yaml"
PLACES_FILE = "places.yaml"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ReferenceDataError(ValueError):
    """A reference file that cannot be loaded; the message names file and entry."""


@dataclass
class LoadCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_editor_changes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class LoadReport:
    parties: LoadCounts
    sources: LoadCounts
    places: LoadCounts


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReferenceDataError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise ReferenceDataError(f"{path}: not UTF-8 text ({exc.reason})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ReferenceDataError(f"{path}: invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ReferenceDataError(f"{path}: expected a mapping at the top level")
    return data


class _EntryReader:
    """Typed access to one entry of a reference list, with errors that say where."""

    def __init__(self, path: Path, section: str, index: int, entry: Any):
        self.where = f"{path}: {section}[{index}]"
        if not isinstance(entry, dict):
            raise ReferenceDataError(
                f"{self.where}: expected a mapping, got {type(entry).__name__}"
            )
        self.entry = entry
        slug = entry.get("slug")
        if isinstance(slug, str):
            self.where += f" ({slug})"

    def error(self, message: str) -> ReferenceDataError:
        return ReferenceDataError(f"{self.where}: {message}")

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.entry.get(key)
        if value is None:
            if required:
                raise self.error(f"'{key}' is required")
            return ""
        if not isinstance(value, str):
            raise self.error(f"'{key}' must be text, not {type(value).__name__}")
        value = value.strip()
        if required and not value:
            raise self.error(f"'{key}' must not be empty")
        return value

    def slug(self) -> str:
        slug = self.text("slug", required=True)
        if not _SLUG.match(slug):
            raise self.error(f"slug {slug!r} must be lowercase letters, digits and hyphens")
        return slug

    def aliases(self) -> list[str]:
        value = self.entry.get("aliases") or []
        if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
            raise self.error("'aliases' must be a list of non-empty strings")
        return [alias.strip() for alias in value]

    def coordinate(self, key: str, limit: int) -> str | None:
        value = self.entry.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise self.error(f"'{key}' must be a number")
        try:
            number = Decimal(str(value)).quantize(Decimal("0.0001"))
        except InvalidOperation:
            raise self.error(f"'{key}' must be a number, not {value!r}") from None
        if not -limit <= number <= limit:
            raise self.error(f"'{key}' {number} is out of range")
        return str(number)

    def unknown_keys(self, allowed: set[str]) -> None:
        extra = set(self.entry) - allowed
        if extra:
            raise self.error(f"unknown keys: {', '.join(sorted(extra))}")


def _entries(path: Path, data: dict[str, Any], section: str) -> list[Any]:
    entries = data.get(section)
    if not isinstance(entries, list):
        raise ReferenceDataError(f"{path}: '{section}' must be a list")
    return entries


def _check_unique(path: Path, section: str, rows: list[dict[str, Any]]) -> None:
    """Slugs are unique, and no name or alias points at two rows (case-insensitive):
    the importer resolves a name to exactly one row or to none."""
    slugs: set[str] = set()
    names: dict[str, str] = {}
    for row in rows:
        if row["slug"] in slugs:
            raise ReferenceDataError(f"{path}: {section}: slug {row['slug']!r} appears twice")
        slugs.add(row["slug"])
        for name in {row["name"].casefold(), *(alias.casefold() for alias in row["aliases"])}:
            owner = names.setdefault(name, row["slug"])
            if owner != row["slug"]:
                raise ReferenceDataError(
                    f"{path}: {section}: the name {name!r} "
                    f"belongs to both {owner!r} and {row['slug']!r}"
                )


def parse_sources_file(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Validate `sources.yaml`; return (parties, sources) as plain field dicts."""
    data = _read_yaml(path)
    parties = []
    for index, entry in enumerate(_entries(path, data, "parties")):
        reader = _EntryReader(path, "parties", index, entry)
        reader.unknown_keys({"slug", "name", "aliases", "description"})
        parties.append(
            {
                "slug": reader.slug(),
                "name": reader.text("name", required=True),
                "aliases": reader.aliases(),
                "description": reader.text("description"),
            }
        )
    _check_unique(path, "parties", parties)
    party_slugs = {party["slug"] for party in parties}

    sources = []
    for index, entry in enumerate(_entries(path, data, "sources")):
        reader = _EntryReader(path, "sources", index, entry)
        reader.unknown_keys({"slug", "name", "kind", "party", "aliases", "description"})
        kind = reader.text("kind", required=True)
        if kind not in SourceKind.values:
            raise reader.error(f"kind {kind!r} is not one of {', '.join(SourceKind.values)}")
        party = reader.text("party") or None
        if party is not None and party not in party_slugs:
            raise reader.error(f"party {party!r} is not listed under 'parties'")
        sources.append(
            {
                "slug": reader.slug(),
                "name": reader.text("name", required=True),
                "kind": kind,
                "party": party,
                "aliases": reader.aliases(),
                "description": reader.text("description"),
            }
        )
    _check_unique(path, "sources", sources)
    return parties, sources


def parse_places_file(path: Path) -> list[dict[str, Any]]:
    """Validate `places.yaml`; return the places as plain field dicts."""
    data = _read_yaml(path)
    places = []
    for index, entry in enumerate(_entries(path, data, "places")):
        reader = _EntryReader(path, "places", index, entry)
        reader.unknown_keys(
            {"slug", "name", "aliases", "governorate", "country", "latitude", "longitude"}
        )
        latitude = reader.coordinate("latitude", 90)
        longitude = reader.coordinate("longitude", 180)
        if (latitude is None) != (longitude is None):
            raise reader.error("give both latitude and longitude, or neither")
        places.append(
            {
                "slug": reader.slug(),
                "name": reader.text("name", required=True),
                "aliases": reader.aliases(),
                "governorate": reader.text("governorate"),
                "country": reader.text("country"),
                "latitude": latitude,
                "longitude": longitude,
            }
        )
    _check_unique(path, "places", places)
    return places


def _current_value(row: ReferenceRow, name: str) -> Any:
    """A field's value as it appears in the reference file (party by slug,
    coordinates as text), so that it compares with the file and the snapshot."""
    if name == "party":
        return row.party.slug if row.party_id else None
    value = getattr(row, name)
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.0001")))
    return value


def _upsert(
    queryset: QuerySet,
    entries: list[dict[str, Any]],
    counts: LoadCounts,
    to_model: Callable[[dict[str, Any]], dict[str, Any]] = dict,
) -> None:
    """Create or update the rows of `queryset` from the file's `entries`.
    `to_model` turns file values into model field values (a party slug into its id)."""
    existing = {row.slug: row for row in queryset}
    for entry in entries:
        fields = {name: value for name, value in entry.items() if name != "slug"}
        row = existing.get(entry["slug"])
        if row is None:
            queryset.model.objects.create(
                slug=entry["slug"], reference_snapshot=fields, **to_model(fields)
            )
            counts.created += 1
            continue
        follow, kept = fields_to_follow(
            current={name: _current_value(row, name) for name in fields},
            wanted=fields,
            snapshot=row.reference_snapshot,
        )
        counts.kept_editor_changes += [f"{entry['slug']}.{name}" for name in kept]
        changes = {name: fields[name] for name in follow}
        if not changes and row.reference_snapshot == fields:
            counts.unchanged += 1
            continue
        for name, value in to_model(changes).items():
            setattr(row, name, value)
        row.reference_snapshot = fields
        row.save()
        if changes:
            counts.updated += 1
        else:
            counts.unchanged += 1


def load_reference_data(seeds_dir: Path) -> LoadReport:
    """Validate both reference files, then load them in one transaction."""
    parties, sources = parse_sources_file(seeds_dir / SOURCES_FILE)
    places = parse_places_file(seeds_dir / PLACES_FILE)
    report = LoadReport(LoadCounts(), LoadCounts(), LoadCounts())
    with transaction.atomic():
        _upsert(Party.objects.all(), parties, report.parties)
        party_ids = dict(Party.objects.values_list("slug", "pk"))

        def resolve_party(values: dict[str, Any]) -> dict[str, Any]:
            values = dict(values)
            if "party" in values:
                values["party_id"] = party_ids.get(values.pop("party"))
            return values

        _upsert(Source.objects.select_related("party"), sources, report.sources, resolve_party)
        _upsert(Place.objects.all(), places, report.places)
    return report
