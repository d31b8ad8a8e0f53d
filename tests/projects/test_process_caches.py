"""What each process keeps for itself needs no invalidation across processes: it holds nothing
that the database (which every process shares) can change. Whatever can change lives in the
shared cache (projects/cards.py, selectors.public_project_count). And templates read nothing:
the views hand them what they show."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.template import Context
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from projects.api.views import public_project_rows
from projects.filters import ProjectFilter
from projects.models import Project
from projects.templatetags import project_tags
from tests.factories import OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _fields() -> dict[tuple[str, str | None], str]:
    project_tags._project_filter_field.cache_clear()
    values = {"theme": "health", "district": None, "status": "open", "seeks": "academia"}
    values |= {"sort": "deadline", "q": "bus stops"}
    return {
        (name, value): project_tags._project_filter_field(language, name, value)
        for name, value in values.items()
        for language in ("en", "vi")
    }


def test_a_filter_fields_html_depends_on_the_code_only():
    """The per-process LRU of rendered filter fields (project_tags): the same HTML whatever the
    database holds, so another process's writes cannot make it stale."""
    before = _fields()
    ProjectFactory.create_batch(2, organisation=OrganisationFactory(name="New organisation"))
    Tag.objects.create(name="shade", slug="shade")
    Project.objects.update(theme="energy", status="in_review")

    assert _fields() == before
    for name in ("theme", "district", "status", "seeks", "sort"):
        assert isinstance(ProjectFilter.base_filters[name].extra["choices"], list)


def test_the_visitors_rows_cached_per_process_are_a_query_not_its_results():
    """public_project_rows (projects/api/views) keeps a resolved query: every use reads the
    database again, so a change made by another process shows at once."""
    first = ProjectFactory(title="Cooler bus stops")
    assert [row["title"] for row in public_project_rows().all()] == ["Cooler bus stops"]

    Project.objects.filter(pk=first.pk).update(title="Shaded bus stops")
    second = ProjectFactory(title="Rain gardens")
    second.tags.add("water")
    draft = ProjectFactory(status="draft", published_at=None)

    rows = {row["title"]: row for row in public_project_rows().all()}
    assert set(rows) == {"Shaded bus stops", "Rain gardens"}
    assert rows["Rain gardens"]["tag_names"] == ["water"]
    assert draft.title not in rows
    # The one value it holds, the tags' content type, is the one Django itself keeps per process.
    assert (
        ContentType.objects.get_for_model(Project).pk
        == ContentType.objects.get(app_label="projects", model="project").pk
    )


@pytest.mark.parametrize("url", ["/projects/", "/", "/projects/?theme=health"])
def test_the_pages_templates_read_nothing(client, url):
    ProjectFactory.create_batch(3)
    response = client.get(url)
    template = response.templates[0]
    context = response.context[0].flatten()
    cache.clear()  # cold cards: the view has rendered them already, the template reads none

    with CaptureQueriesContext(connection) as queries:
        template.render(Context(context))

    assert [query["sql"] for query in queries] == []
