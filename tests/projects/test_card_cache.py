"""Project cards are cached; whatever they show that changes shows at once."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from projects import cards, services
from projects.models import Project
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return ProjectFactory(title="Cooler bus stops")


def page(client, language="en") -> str:
    return client.get("/projects/", HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_the_card_is_rendered_once_and_then_served_from_the_cache(client, project):
    cache.clear()
    page(client)
    keys = cache._cache.keys() if hasattr(cache, "_cache") else []

    assert any("project_card" in key for key in keys)
    assert "Cooler bus stops" in page(client)


def test_a_new_support_shows_on_the_card_at_once(client, project):
    page(client)
    services.vote_cast(subject=project, by=UserFactory())

    assert "1 support" in page(client)


def test_an_edit_shows_on_the_card_at_once(client, project):
    page(client)
    project.title = "Shaded bus stops"
    project.save()

    assert "Shaded bus stops" in page(client)


def test_a_renamed_organisation_shows_on_the_card_at_once(client, project):
    page(client)
    project.organisation.name = "Sở Giao thông Vận tải"
    project.organisation.save()

    assert "Sở Giao thông Vận tải" in page(client)


def test_each_language_has_its_own_card(client, project):
    assert "0 supports" in page(client, "en")
    assert "0 lượt ủng hộ" in page(client, "vi")


def test_a_page_of_cards_is_read_from_the_cache_in_one_round_trip(client, monkeypatch):
    ProjectFactory.create_batch(3)
    page(client)
    spy = mock.Mock(wraps=cards.cache)
    monkeypatch.setattr(cards, "cache", spy)

    page(client)

    assert spy.get_many.call_count == 1
    assert not spy.get.called
    assert not spy.set_many.called


def test_only_the_cards_missing_are_rendered_and_stored(client, project, monkeypatch):
    page(client)
    other = ProjectFactory(title="Rain gardens")
    spy = mock.Mock(wraps=cards.cache)
    monkeypatch.setattr(cards, "cache", spy)

    html = page(client)

    assert "Cooler bus stops" in html
    assert "Rain gardens" in html
    stored = spy.set_many.call_args.args[0]
    assert list(stored) == [cards.project_card_key(other, "en")]


def test_the_home_page_shows_the_cached_cards(client, project):
    page(client)

    assert "Cooler bus stops" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_new_tags_show_on_the_card_at_once(client, organisation, manager):
    project = ProjectFactory(organisation=organisation)
    services.project_update(project=project, by=manager, tags=["shade"])
    assert "<li>shade</li>" in page(client)

    services.project_update(project=project, by=manager, tags=["trees"])

    html = page(client)
    assert "<li>trees</li>" in html
    assert "<li>shade</li>" not in html


def test_a_page_of_cached_cards_reads_no_tags(client, project):
    project.tags.add("shade")
    page(client)

    with CaptureQueriesContext(connection) as captured:
        cached = page(client)

    assert "<li>shade</li>" in cached
    assert not [query for query in captured if "taggit" in query["sql"]]


def test_a_page_whose_cards_are_cached_reads_only_their_keys(client, project):
    page(client)
    with CaptureQueriesContext(connection) as captured:
        assert "Cooler bus stops" in page(client)

    [query] = captured.captured_queries  # the count is cached too
    assert '"summary"' not in query["sql"]
    assert '"modified"' in query["sql"]


def test_a_card_changed_or_gone_since_its_key_was_read_is_shown_as_it_is_now(project):
    """The page's rows were read, then the project was edited and another deleted before the
    missing cards were read: the edit is shown (and stored under its own key), the other not."""
    gone = ProjectFactory(title="Gone")
    rows = [
        tuple(cards.card_key_rows(Project.objects.all()).get(pk=pk)) for pk in (project.pk, gone.pk)
    ]
    Project.objects.filter(pk=project.pk).update(title="Shaded bus stops")
    project.refresh_from_db()
    gone.delete()

    with translation.override("vi"):
        html = cards.project_cards_by_keys(rows, queryset=Project.objects.all())

    assert "Shaded bus stops" in html
    assert "Gone" not in html
    assert "Shaded bus stops" in cache.get(cards.project_card_key(project, "vi"))
