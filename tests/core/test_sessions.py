"""Sessions read through the cache (core/sessions.py): a signed-in request reads its session
without a query, a cache outage signs nobody out, and a session signed out while the cache could
not be told is refused again at once by the process that lost the write, and everywhere within
HELIX_SESSION_CACHE_SECONDS."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches
from django.core.cache.backends import locmem
from django.urls import reverse

from core.sessions import SessionStore
from tests.factories import UserFactory
from tests.test_cache import cache_at, cache_down, flaky  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/supports/"  # answers 401 to visitors, 200 to a signed-in person


@pytest.fixture(autouse=True)
def cached_sessions(settings):
    settings.SESSION_ENGINE = "core.sessions"
    settings.HELIX_SESSION_CACHE_SECONDS = 60


def signed_in(client) -> str:
    client.force_login(UserFactory())
    assert client.get(ME).status_code == 200
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_a_saved_session_is_read_from_the_cache_without_a_query(django_assert_num_queries):
    session = SessionStore()
    session[SESSION_KEY] = "7"
    session.create()

    with django_assert_num_queries(0):
        assert SessionStore(session.session_key).load() == {SESSION_KEY: "7"}


def test_a_miss_reads_the_row_and_caches_it(django_assert_num_queries):
    session = SessionStore()
    session["a"] = 1
    session.create()
    cache.clear()

    with django_assert_num_queries(1):
        assert SessionStore(session.session_key).load() == {"a": 1}
    with django_assert_num_queries(0):
        assert SessionStore(session.session_key).load() == {"a": 1}


def test_a_cache_outage_signs_nobody_out(cache_down, client):  # noqa: F811
    client.force_login(UserFactory())

    assert client.get(ME).status_code == 200
    assert client.get(ME).status_code == 200
    assert cache_down.health()["degraded_operations"] > 0


def test_signed_out_in_an_outage_the_process_that_lost_the_delete_refuses_it_at_once(
    client,
    flaky,  # noqa: F811
):
    """Redis cut off, not restarted: it comes back with the session's old entry."""
    old = signed_in(client)
    assert any(old in key for key in flaky.data)  # read through the cache
    flaky.down = True
    assert client.post(reverse("account_logout")).status_code == 302
    flaky.down = False
    caches["default"]._health.open_until = 0  # Redis answers again

    client.cookies[settings.SESSION_COOKIE_NAME] = old  # a copy of the old cookie
    assert client.get(ME).status_code == 401
    assert not any(old in key for key in flaky.data)


def test_an_entry_a_sign_out_could_not_delete_lives_a_minute_at_most(client, monkeypatch):
    """Another process signed the session out while the cache could not be told (or a miss
    raced its sign-out and put the entry back): the entry outlives the row for a minute at
    most, however long the session itself would last."""
    assert settings.SESSION_COOKIE_AGE > 3600
    old = signed_in(client)
    Session.objects.filter(session_key=old).delete()  # the row only: the cache was not told
    assert client.get(ME).status_code == 200  # within the minute: the documented bound

    now = locmem.time.time()
    monkeypatch.setattr(locmem.time, "time", lambda: now + 61)
    assert client.get(ME).status_code == 401
