"""PostgreSQL's `unaccent`, and `helix_unaccent(text)`: the same, declared IMMUTABLE.

`unaccent(text)` is only STABLE (it reads its dictionary through the search path), so neither a
generated column nor an index may call it. The wrapper names the schema-qualified dictionary, so
its result cannot change with the search path, which makes IMMUTABLE true. `core.folding.Fold`
reads it; SQLite folds in Python instead (`core.folding.fold`). Nothing happens on SQLite.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION helix_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public")
    schema_editor.execute(FUNCTION)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: dropping it could break another user of the database.
    schema_editor.execute("DROP FUNCTION IF EXISTS helix_unaccent(text)")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(forwards, backwards)]
