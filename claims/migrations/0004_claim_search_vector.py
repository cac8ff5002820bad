"""A stored search vector for claims, kept by PostgreSQL, indexed for search.

Migration 0003 indexed the expression `to_tsvector(text || excerpt)`. At a
million claims the planner, ordering by id with a LIMIT, prefers to walk the
primary key and recompute that expression for every row it passes; a stored
column has its own statistics and costs nothing to read. A trigger fills it on
every insert and on every change of text or excerpt (COPY and bulk inserts
included), and `claim_search_idx` now indexes the column.

On SQLite the column exists and stays NULL: search there falls back to
matching words (ClaimQuerySet.search).
"""

import django.contrib.postgres.search
from django.db import migrations

DOCUMENT = "coalesce(NEW.text, '') || ' ' || coalesce(NEW.excerpt, '')"

CREATE_TRIGGER = f"""
CREATE FUNCTION claims_claim_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector := to_tsvector('english'::regconfig, {DOCUMENT});
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER claims_claim_search_vector_update
    BEFORE INSERT OR UPDATE OF text, excerpt ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_claim_search_vector_update();
"""

FILL = """
UPDATE claims_claim
SET search_vector = to_tsvector(
    'english'::regconfig, coalesce(text, '') || ' ' || coalesce(excerpt, '')
)
"""

DROP_TRIGGER = """
DROP TRIGGER IF EXISTS claims_claim_search_vector_update ON claims_claim;
DROP FUNCTION IF EXISTS claims_claim_search_vector_update();
"""

EXPRESSION_INDEX = """
CREATE INDEX claim_search_idx ON claims_claim USING gin (
    to_tsvector('english'::regconfig, COALESCE(text, '') || ' ' || COALESCE(excerpt, ''))
)
"""


def store_and_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS claim_search_idx")
    schema_editor.execute(CREATE_TRIGGER)
    schema_editor.execute(FILL)
    schema_editor.execute(
        "CREATE INDEX claim_search_idx ON claims_claim USING gin (search_vector)"
    )


def back_to_the_expression_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS claim_search_idx")
    schema_editor.execute(DROP_TRIGGER)
    schema_editor.execute(EXPRESSION_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_claim_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(store_and_index, back_to_the_expression_index),
    ]
