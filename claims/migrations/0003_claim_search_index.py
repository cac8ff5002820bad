"""Full-text search index for claims, on PostgreSQL only.

SQLite has no GIN indexes (its search falls back to substring matching), so the
index is not in Claim.Meta.indexes: that would make the migration fail there.
Migration 0004 replaces this expression index with a stored, indexed column.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "claim_search_idx"


def _index():
    return GinIndex(SearchVector("text", "excerpt", config="english"), name=INDEX_NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("claims", "Claim"), _index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("claims", "Claim"), _index())


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_importer_keys")]

    operations = [migrations.RunPython(create_index, drop_index)]
