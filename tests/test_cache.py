"""core.cache.DegradingRedisCache: while Redis cannot be reached, the cache answers as an empty
one and nothing raises; one failure stops the attempts for a few seconds; writes lost in the
outage cannot leave a stale entry once Redis is back.

These run everywhere: "down" is a closed port on 127.0.0.1, or a fake client that fails.
"""

import fnmatch
import logging
import subprocess
import sys

import pytest
import redis
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCacheClient

from core import cache as core_cache
from core.cache import DegradingRedisCache, cache_health
from projects import selectors
from tests.factories import ProjectFactory
from tests.integration.conftest import BASE_DIR, free_port


@pytest.fixture
def cache_at(settings):
    """Point the default cache at `url` with Helix's production backend."""

    def point(url: str) -> DegradingRedisCache:
        settings.CACHES = {
            "default": {
                "BACKEND": "core.cache.DegradingRedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "helix",
            }
        }
        core_cache.reset_cache_health()
        return caches["default"]

    yield point
    core_cache.reset_cache_health()


@pytest.fixture
def cache_down(cache_at) -> DegradingRedisCache:
    return cache_at(f"redis://127.0.0.1:{free_port()}/0")


class FlakyRedis(RedisCacheClient):
    """Django's Redis client over a dict, that raises ConnectionError while `down`."""

    def __init__(self):
        self.data: dict = {}
        self.down = False
        self.calls = 0

    def _check(self):
        self.calls += 1
        if self.down:
            raise redis.ConnectionError("Connection refused")

    def get_client(self, key=None, *, write=False):
        return self

    def ping(self):
        self._check()
        return True

    def add(self, key, value, timeout):
        self._check()
        return self.data.setdefault(key, value) is value

    def get(self, key, default):
        self._check()
        return self.data.get(key, default)

    def set(self, key, value, timeout):
        self._check()
        self.data[key] = value

    def has_key(self, key):
        self._check()
        return key in self.data

    def delete(self, key):
        self._check()
        return self.data.pop(key, None) is not None

    def get_many(self, keys):
        self._check()
        return {key: self.data[key] for key in keys if key in self.data}

    def incr(self, key, delta):
        self._check()
        if key not in self.data:
            raise ValueError(f"Key '{key}' not found.")
        self.data[key] += delta
        return self.data[key]

    def set_many(self, data, timeout):
        self._check()
        self.data.update(data)

    def delete_many(self, keys):
        self._check()
        for key in keys:
            self.data.pop(key, None)

    def scan_iter(self, match, count):
        self._check()
        return [key for key in list(self.data) if fnmatch.fnmatchcase(key, match)]


@pytest.fixture
def flaky(cache_at) -> FlakyRedis:
    backend = cache_at(f"redis://127.0.0.1:{free_port()}/0")
    client = FlakyRedis()
    backend.__dict__["_cache"] = client  # the cached_property Django's backend reads
    return client


def test_every_operation_answers_as_an_empty_cache_while_redis_is_down(cache_down):
    assert cache.get("a") is None
    assert cache.get("a", 7) == 7
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("a") is False
    assert cache.get_or_set("a", 3) == 3  # computed, as on a miss
    assert cache.set("a", 1) is None
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]  # the keys not stored
    assert cache.delete("a") is False
    assert cache.delete_many(["a", "b"]) is None
    assert cache.touch("a") is False
    # As for a key that did not exist: a lock is granted, a counter starts afresh.
    assert cache.add("lock", True) is True
    assert cache.incr("n") == 1
    assert cache.decr("n") == -1
    assert cache.clear() is False

    health = cache_down.health()
    assert health == {"available": False, "degraded_operations": 16, "outages": 1}


def test_an_outage_costs_one_attempt_then_the_breaker_skips_redis(flaky, caplog):
    flaky.down = True
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        for _ in range(50):
            cache.get("a")
            cache.set("a", 1)

    assert flaky.calls == 1
    assert cache_health()  # counted
    [record] = caplog.records  # logged once, not once per operation
    assert "unavailable" in record.getMessage()


def test_the_cache_is_used_again_when_redis_is_back(flaky, caplog):
    flaky.down = True
    assert cache.get("a") is None
    flaky.down = False
    caches["default"]._health.open_until = 0  # the pause is over

    with caplog.at_level(logging.WARNING, logger="core.cache"):
        cache.set("a", 1)
    assert cache.get("a") == 1
    assert caches["default"].health()["available"] is True
    assert "available again" in caplog.records[-1].getMessage()


def test_a_write_lost_in_the_outage_cannot_leave_a_stale_entry(db, flaky):
    """Redis cut off, not restarted: it comes back with its data. The entry that a lost write
    would have replaced (the public counts' token here) is deleted before any read."""
    ProjectFactory()
    queryset = selectors.Project.objects.all()
    assert selectors.public_project_count(queryset, filters={}) == 1
    assert selectors.public_project_count(queryset, filters={}) == 1  # cached

    flaky.down = True
    ProjectFactory()  # its save cannot replace the token
    assert selectors.public_project_count(queryset, filters={}) == 2  # from the database
    flaky.down = False
    caches["default"]._health.open_until = 0

    assert selectors.public_project_count(queryset, filters={}) == 2


def test_more_lost_writes_than_remembered_empty_the_cache_on_recovery(flaky, monkeypatch):
    """Every card rendered during a long outage is a lost write: past the limit, the entries
    are all deleted (the cache's own keys only: a broker may share its Redis database)."""
    monkeypatch.setattr(core_cache, "MAX_LOST_KEYS", 2)
    cache.set("token", "old")
    flaky.data["_kombu.binding.celery"] = "the broker's"
    flaky.down = True
    cache.set_many({"card-1": "a", "card-2": "b"})
    cache.set("token", "new")  # not remembered: too many
    flaky.down = False
    caches["default"]._health.open_until = 0

    assert cache.get("token") is None
    assert list(flaky.data) == ["_kombu.binding.celery"]


def test_an_error_that_is_not_an_outage_degrades_without_tripping_the_breaker(flaky):
    def refuse(*args):
        raise redis.ResponseError("OOM command not allowed")

    flaky.set = refuse
    assert cache.set("a", 1) is None
    assert cache.get("b", 5) == 5
    assert caches["default"].health()["available"] is True


def test_a_missing_counter_still_raises_value_error_as_django_documents(flaky):
    with pytest.raises(ValueError, match="not found"):
        cache.incr("missing")


def test_short_timeouts_and_no_retries_by_default(cache_down):
    options = cache_down._options
    assert options["socket_connect_timeout"] <= 1
    assert options["socket_timeout"] <= 1
    assert options["retry"].get_retries() == 0


def _settings_with(env: dict) -> str:
    code = (
        "from django.conf import settings as s;"
        "print(s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION'),"
        " s.CELERY_BROKER_URL, s.SESSION_ENGINE)"
    )
    environment = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "helix.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()


def test_settings_use_the_degrading_cache_on_its_own_url_and_sessions_through_it():
    shared = _settings_with({"REDIS_URL": "redis://r:6379/0"})
    assert shared == [
        "core.cache.DegradingRedisCache",
        "redis://r:6379/0",
        "redis://r:6379/0",
        "core.sessions",  # rows in the database, read through the cache (core/sessions.py)
    ]
    # Without Redis the cache is per process: a session signed out in one would live on in
    # the others, so sessions are read from the database alone.
    assert _settings_with({})[3] == "django.contrib.sessions.backends.db"
    apart = _settings_with(
        {"REDIS_URL": "redis://broker:6379/0", "CACHE_URL": "redis://cache:6379/0"}
    )
    assert apart[1:3] == ["redis://cache:6379/0", "redis://broker:6379/0"]


def test_the_outage_is_logged_without_the_password(cache_at, caplog):
    cache_at(f"redis://:s3cret@127.0.0.1:{free_port()}/0")
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        cache.get("a")

    [record] = caplog.records
    assert "s3cret" not in record.getMessage()
    assert "127.0.0.1:" in record.getMessage()
