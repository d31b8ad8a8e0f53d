"""The sliding-window counter behind the API's throttling (api/throttles.py)."""

import os
import threading
import uuid

import pytest
from rest_framework.test import APIRequestFactory

from api.throttles import AnonThrottle
from tests.conftest import require

MINUTE = 60.0


class Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(settings):
    settings.HELIX_API_THROTTLE_RATES = {"anon": "3/min", "user": "600/min", "key": "600/min"}
    return Clock(1_000 * MINUTE)  # the start of a window


def ask(clock: Clock, address: str = "198.51.100.7") -> AnonThrottle:
    request = APIRequestFactory().get("/api/v1/projects/", REMOTE_ADDR=address)
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    throttle = AnonThrottle()
    throttle.timer = clock
    throttle.allowed = throttle.allow_request(request, view=None)
    return throttle


def test_the_rate_holds_within_a_window_and_refusals_do_not_count(clock):
    assert [ask(clock).allowed for _ in range(3)] == [True, True, True]
    refused = ask(clock)
    assert not refused.allowed
    # A new request would weigh 3 of the previous window plus itself: wait until a third of
    # that window's weight has slid out, i.e. 60 s to the next window and 20 s into it.
    assert refused.wait() == pytest.approx(MINUTE + 20)

    clock.now += MINUTE + 21  # the refused request did not count: 3 * 39/60 + 1 ≤ 3
    assert ask(clock).allowed


def test_requests_just_before_a_window_ends_still_count_just_after(clock):
    clock.now += MINUTE - 1
    assert [ask(clock).allowed for _ in range(3)] == [True, True, True]

    clock.now += 2  # a fixed window would start counting afresh here
    assert not ask(clock).allowed

    clock.now += 40  # the previous window now weighs 3 * 19/60 = 0.95
    assert ask(clock).allowed


def test_each_address_has_its_own_count(clock):
    assert [ask(clock).allowed for _ in range(4)] == [True, True, True, False]
    assert ask(clock, address="203.0.113.9").allowed


def test_simultaneous_requests_are_all_counted_on_redis(settings):
    """DRF's own throttle reads and rewrites a list: workers racing each other lose entries.
    The counter is one atomic increment, so exactly the rate gets through."""
    redis_url = os.environ.get("REDIS_URL", "")
    require(bool(redis_url), "REDIS_URL is not set: no Redis to test against")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"helix-test-throttle-{uuid.uuid4().hex}",
        }
    }
    settings.HELIX_API_THROTTLE_RATES = {"anon": "25/min", "user": "600/min", "key": "600/min"}
    clock = Clock(2_000 * MINUTE + 1)
    allowed = []
    start = threading.Barrier(10)

    def burst():
        start.wait()
        allowed.extend(ask(clock).allowed for _ in range(10))

    threads = [threading.Thread(target=burst) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert allowed.count(True) == 25
