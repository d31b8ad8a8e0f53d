"""Throttling per anonymous address, per signed-in person and per API key.

Rates come from settings.HELIX_API_THROTTLE_RATES, read on each request (DRF's own classes
read theirs once at import), so a deployment or a test can change them. A request over the
limit gets 429 with Retry-After. A key's requests count against that key alone, not against
its organisation's API account (which all of the organisation's keys share).

Requests are counted with a sliding-window counter (as Cloudflare and most gateways do): one
atomic increment of this window's count, plus the previous window's count weighted by how much
of it still overlaps the last minute. DRF's own SimpleRateThrottle keeps the time of every
request in the window and writes the list back whole: its cost grows with the rate (at 1,200 a
minute, a 10 kB read and write per request), and simultaneous requests overwrite each other's
entries, so a burst from several workers is under-counted.

While the cache cannot be reached, Helix's cache backend (core/cache.py) answers the counter's
increment as for a new window: the request is let through, uncounted, rather than refused or
failed; the backend logs the outage and counts each such operation (shown by /readyz/).
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from core.client_ip import client_address

from .models import ApiKey


class SlidingWindowCounter(SimpleRateThrottle):
    """Allow at most `num_requests` per `duration`, estimated over a sliding window."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window, self.elapsed = divmod(self.now, self.duration)
        current = f"{self.key}:{int(window)}"
        self.count = self._increment(current)
        self.before = self.cache.get(f"{self.key}:{int(window) - 1}", 0)
        weight = 1 - self.elapsed / self.duration
        if self.before * weight + self.count <= self.num_requests:
            return True
        self.cache.decr(current)  # a refused request does not count
        self.count -= 1
        return False

    def _increment(self, key: str) -> int:
        try:
            return self.cache.incr(key)
        except ValueError:  # the window's first request (or it just expired)
            if self.cache.add(key, 1, 2 * self.duration):  # read as "previous" next window
                return 1
            return self.cache.incr(key)

    def wait(self) -> float:
        """Seconds until one more request would be allowed, if no other arrives."""
        room = self.num_requests - 1  # what the others may weigh when it arrives
        if self.count > room:  # the current window alone is full: wait into the next one
            return (self.duration - self.elapsed) + self.duration * (1 - room / self.count)
        # The previous window still weighs too much: wait until enough of it has slid out.
        return self.duration * (1 - (room - self.count) / self.before) - self.elapsed


def _api_key(request) -> ApiKey | None:
    return request.auth if isinstance(request.auth, ApiKey) else None


class AnonThrottle(SlidingWindowCounter, AnonRateThrottle):
    def get_rate(self):
        return settings.HELIX_API_THROTTLE_RATES[self.scope]

    def get_ident(self, request):
        # Not DRF's: it believes any X-Forwarded-For (core/client_ip.py).
        return client_address(request)


class UserThrottle(SlidingWindowCounter, UserRateThrottle):
    def get_rate(self):
        return settings.HELIX_API_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        if _api_key(request) is not None or not request.user.is_authenticated:
            return None  # keys are counted per key below, visitors per address above
        return super().get_cache_key(request, view)


class KeyThrottle(SlidingWindowCounter):
    scope = "key"

    def get_rate(self):
        return settings.HELIX_API_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        api_key = _api_key(request)
        if api_key is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": api_key.pk}
