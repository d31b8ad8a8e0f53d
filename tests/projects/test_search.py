"""Full-text search on PostgreSQL reads the stored `search_vector` (migrations 0006 and 0008:
folded, so that diacritics do not matter; tests/projects/test_search_accents.py has the table)."""

import pytest
from django.db import connection

from projects import selectors
from projects.models import Project
from tests.conftest import require
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgresql():
    require(connection.vendor == "postgresql", "DATABASE_URL does not point at PostgreSQL")


def _found(words: str) -> set[str]:
    projects = selectors.search_projects(Project.objects.all(), words)
    return set(projects.values_list("title", flat=True))


def test_title_summary_and_description_are_searched_with_web_syntax(postgresql):
    ProjectFactory(title="Flood sensors", summary="For ward 3", description="Cảm biến mực nước")
    ProjectFactory(title="Bus lanes", summary="Flood-free routes", description="Traffic")
    ProjectFactory(title="Solar roofs", summary="Schools", description="Energy")

    assert _found("flood") == {"Flood sensors", "Bus lanes"}
    assert _found("flood -bus") == {"Flood sensors"}
    assert _found('"mực nước"') == {"Flood sensors"}
    assert _found("roofs schools energy") == {"Solar roofs"}


def test_an_edit_is_searchable_at_once(postgresql):
    project = ProjectFactory(title="Flood sensors", description="Sensors")

    Project.objects.filter(pk=project.pk).update(description="Canal dredging")

    assert _found("canal") == {"Flood sensors"}
    assert _found("sensors") == {"Flood sensors"}  # still in the title
    assert _found("dredging -flood") == set()


@pytest.mark.parametrize("words", ["flood", "ngập lụt", "Thu Dau Mot -đường"])
def test_the_search_can_be_served_by_the_gin_index(postgresql, words):
    ProjectFactory.create_batch(3)
    projects = selectors.search_projects(Project.objects.all(), words)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a table of three rows: force the plan
        plan = projects.explain()

    assert "projects_project_search_vector_gin" in plan


def test_the_stored_vector_and_the_query_are_folded(postgresql):
    ProjectFactory(title="Chống ngập lụt", summary="Thủ Dầu Một", description="Đường 30/4")
    ProjectFactory(title="Ngap lut", summary="typed bare", description="Duong 30/4")

    assert _found("ngập lụt") == {"Chống ngập lụt", "Ngap lut"}
    assert _found('"ngap lut" -bare') == {"Chống ngập lụt"}
    assert _found("thu dau mot") == {"Chống ngập lụt"}
    assert _found("ĐƯỜNG") == {"Chống ngập lụt", "Ngap lut"}
