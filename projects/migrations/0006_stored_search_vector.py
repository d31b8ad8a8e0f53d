"""The search document as a stored generated column with a GIN index, on PostgreSQL only.

Migration 0002 indexed the expression, so every row the planner checks outside the index (a
search sorted by date, read along the date index until a page is full) had its text parsed
again. A stored `tsvector` is parsed once, when the row is written. The column is not a model
field: no other read loads it (`projects.selectors.search_projects` names it).
"""

from django.db import migrations

COLUMN = "search_vector"
INDEX = "projects_project_search_vector_gin"
OLD_INDEX = "projects_project_search_gin"
DOCUMENT = (
    "to_tsvector('simple'::regconfig, COALESCE(title, '') || ' ' || COALESCE(summary, '')"
    " || ' ' || COALESCE(description, ''))"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE projects_project ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({DOCUMENT}) STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON projects_project USING gin ({COLUMN})"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON projects_project USING gin (({DOCUMENT}))"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"ALTER TABLE projects_project DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0005_newest_page_index")]

    operations = [migrations.RunPython(forwards, backwards)]
