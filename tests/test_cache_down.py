"""With the cache unreachable (a closed port), the site and the API serve from the database.

Before Helix's degrading backend, each of these was a 500: the API's throttle counter, the
cached counts and cards of the lists, allauth's rate limits on sign-in all raised. The same
walk against a real Redis stopped mid-test is tests/integration/test_redis_outage.py.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from projects.models import Comment, Vote
from tests.factories import PASSWORD, ProjectFactory, UserFactory

from .test_cache import cache_at, cache_down  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return ProjectFactory()


def test_pages_are_served_without_the_cache(cache_down, client, project):  # noqa: F811
    for url in (reverse("home"), reverse("projects:list"), project.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert project.title in response.content.decode()
    assert cache_down.health()["degraded_operations"] > 0  # the cache was asked, and missed


def test_sign_in_and_writes_through_the_site_without_the_cache(
    cache_down,  # noqa: F811
    client,
    project,
):
    person = UserFactory()
    signed_in = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert client.get(reverse("projects:list")).status_code == 200

    commented = client.post(reverse("projects:comment", args=[project.slug]), {"body": "Yes"})
    supported = client.post(reverse("projects:support", args=[project.slug]))

    assert commented.status_code < 500
    assert supported.status_code == 302
    assert Comment.objects.filter(project=project, author=person, body="Yes").exists()
    assert Vote.objects.filter(project=project, user=person).exists()


def test_the_api_reads_and_writes_without_the_cache(cache_down, project):  # noqa: F811
    """The throttle's counter cannot be reached: the request goes through, uncounted."""
    api = APIClient()
    for _ in range(3):
        assert api.get("/api/v1/projects/").status_code == 200

    person = UserFactory()
    api.force_authenticate(person)
    commented = api.post(f"/api/v1/projects/{project.slug}/comments/", {"body": "Through the API"})
    supported = api.post(f"/api/v1/projects/{project.slug}/support/")

    assert commented.status_code == 201
    assert supported.status_code == 200
    assert Comment.objects.filter(author=person, body="Through the API").exists()
    assert Vote.objects.filter(project=project, user=person).exists()
