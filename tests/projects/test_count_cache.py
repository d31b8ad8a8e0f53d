"""A visitor's count of projects is cached per filters; any change to a project shows at once."""

import pytest
from django.core.cache import cache

from projects import selectors, services
from projects.models import Project
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def count(client, query="") -> str:
    html = client.get(f"/projects/{query}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    start = html.index('<p class="muted" aria-live="polite">')
    return html[start : html.index("</p>", start)].rsplit(">", 1)[1].strip()


def test_the_count_is_read_from_the_cache_the_second_time(client, django_assert_num_queries):
    ProjectFactory.create_batch(2)
    assert count(client) == "2 projects"

    with django_assert_num_queries(1):  # the page, not the count
        assert count(client) == "2 projects"


def test_each_filter_has_its_own_count(client):
    ProjectFactory(theme="energy", seeks_community=True)
    ProjectFactory(theme="health")

    assert count(client, "?theme=energy") == "1 project"
    assert count(client, "?theme=energy&sort=supported&page=1") == "1 project"
    assert count(client, "?seeks=community") == "1 project"
    assert count(client, "?seeks=government") == "0 projects"
    assert count(client, "?theme=nowhere") == "2 projects"  # an invalid value filters nothing
    assert count(client) == "2 projects"


def test_a_new_project_counts_at_once(client):
    ProjectFactory()
    count(client)

    ProjectFactory()

    assert count(client) == "2 projects"


def test_a_project_moved_or_deleted_counts_at_once(client, organisation, owner):
    project = ProjectFactory(organisation=organisation)
    ProjectFactory(organisation=organisation)
    assert count(client, "?status=open") == "2 projects"

    services.project_transition(project=project, to="in_review", by=owner)
    assert count(client, "?status=open") == "1 project"

    project.delete()
    assert count(client) == "1 project"


def test_members_count_their_drafts_and_visitors_do_not(client, organisation, owner):
    ProjectFactory(organisation=organisation)
    ProjectFactory(organisation=organisation, status="draft", published_at=None)
    assert count(client) == "1 project"

    client.force_login(owner)

    assert count(client) == "2 projects"


def test_a_change_invalidates_again_once_committed(django_capture_on_commit_callbacks):
    project = ProjectFactory()
    before = cache.get(selectors.COUNTS_TOKEN_KEY)

    with django_capture_on_commit_callbacks(execute=True):
        project.save()
        saved = cache.get(selectors.COUNTS_TOKEN_KEY)

    assert before != saved != cache.get(selectors.COUNTS_TOKEN_KEY)


def test_a_forgotten_token_makes_every_count_afresh(client):
    project = ProjectFactory()
    count(client)
    Project.objects.filter(pk=project.pk).update(status="draft")  # no signal

    cache.delete(selectors.COUNTS_TOKEN_KEY)

    assert count(client) == "0 projects"
