"""The home page's cached body (helix/home.py) stays correct across web processes: a change
seen by another process (its signal replaces the token in the shared Redis) shows at once in
this one, which still holds the old body."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import Follow, Project
from tests.factories import ProjectFactory, UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db]

BASE = Path(__file__).resolve().parents[2]


def in_another_process(code: str, redis_url: str) -> None:
    """Run `code` in a fresh Python process with production's settings and this test's Redis:
    another web process, whose signal receivers this one never hears."""
    subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE,
        env={
            **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CACHE_URL")},
            "DJANGO_SETTINGS_MODULE": "helix.settings",  # production's: the cache from the URL
            "REDIS_URL": redis_url,
        },
        check=True,
        timeout=60,
    )


def test_a_change_told_by_another_process_shows_here_at_once(client, own_redis_cache):
    project = ProjectFactory(title="Cooler bus stops")
    assert "Cooler bus stops" in client.get(reverse("home")).content.decode()
    # Written as another process would, whose signal this process does not receive.
    Project.objects.filter(pk=project.pk).update(title="Shaded bus stops", modified=timezone.now())
    assert "Cooler bus stops" in client.get(reverse("home")).content.decode()  # still cached

    in_another_process("from helix.home import forget_home; forget_home()", own_redis_cache.url)

    assert "Shaded bus stops" in client.get(reverse("home")).content.decode()


def test_a_project_page_kept_for_visitors_follows_another_process_at_once(client, own_redis_cache):
    """The same for a visitor's project page (projects/page_cache.py): another process's
    receiver replaces the project's token in the shared Redis."""
    project = ProjectFactory(title="Cooler bus stops")
    assert "Cooler bus stops" in client.get(project.get_absolute_url()).content.decode()
    Project.objects.filter(pk=project.pk).update(
        description_html="<p>Forty stops on route 61.</p>", modified=timezone.now()
    )
    assert "Forty stops" not in client.get(project.get_absolute_url()).content.decode()

    in_another_process(
        f"from projects.page_cache import forget_project_page; forget_project_page({project.pk})",
        own_redis_cache.url,
    )

    assert "Forty stops" in client.get(project.get_absolute_url()).content.decode()


def test_my_helix_kept_for_a_person_follows_another_process_at_once(client, own_redis_cache):
    """The same for a person's kept My Helix (helix/my_helix_cache.py): another process's
    receiver replaces the person's token in the shared Redis."""
    person = UserFactory()
    client.force_login(person)
    url = reverse("accounts:dashboard")
    project = ProjectFactory(title="Shaded bus stops")
    client.get(url)  # built and kept
    Follow.objects.bulk_create([Follow(user=person, project=project)])  # no signal here
    assert "Shaded bus stops" not in client.get(url).content.decode()

    in_another_process(
        f"from accounts.home_tokens import forget_people; forget_people({person.pk})",
        own_redis_cache.url,
    )

    assert "Shaded bus stops" in client.get(url).content.decode()
