"""Project cards are cached; whatever they show that changes shows at once."""

import pytest
from django.core.cache import cache

from projects import services
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
