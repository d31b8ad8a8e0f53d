"""The stored search document is built from folded text, so that a search ignores diacritics.

"ngap lut" finds "ngập lụt", and "ngập lụt" still does: the document and the query
(`projects.selectors.search_projects`) both go through `helix_unaccent` (core 0001), and the
`simple` configuration lowercases. A generated column's expression cannot be altered before
PostgreSQL 17, so the column and its GIN index are dropped and made again (one table rewrite).
"""

from django.db import migrations

COLUMN = "search_vector"
INDEX = "projects_project_search_vector_gin"


def _document(text: str) -> str:
    return f"to_tsvector('simple'::regconfig, {text})"


RAW = "COALESCE(title, '') || ' ' || COALESCE(summary, '') || ' ' || COALESCE(description, '')"
OLD_DOCUMENT = _document(RAW)
NEW_DOCUMENT = _document(f"helix_unaccent({RAW})")


def _rebuild(schema_editor, document: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"ALTER TABLE projects_project DROP COLUMN IF EXISTS {COLUMN}")
    schema_editor.execute(
        f"ALTER TABLE projects_project ADD COLUMN {COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({document}) STORED"
    )
    schema_editor.execute(f"CREATE INDEX {INDEX} ON projects_project USING gin ({COLUMN})")


def forwards(apps, schema_editor):
    _rebuild(schema_editor, NEW_DOCUMENT)


def backwards(apps, schema_editor):
    _rebuild(schema_editor, OLD_DOCUMENT)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_unaccent"),
        ("projects", "0007_public_keyset_index"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
