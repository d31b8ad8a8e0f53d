"""A GIN index for the project search, on PostgreSQL only (SQLite searches by substring).

The expression is exactly the one `projects.selectors.SEARCH_VECTOR` compiles to, so that
the planner can use the index.
"""

from django.db import migrations

INDEX = "projects_project_search_gin"
CREATE = f"""
CREATE INDEX IF NOT EXISTS {INDEX} ON projects_project USING gin ((
    to_tsvector('simple'::regconfig, COALESCE(title, '') || ' ' || COALESCE(summary, '')
        || ' ' || COALESCE(description, ''))
))
"""


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
