"""Throttling per anonymous address, per signed-in person and per API key.

Rates come from settings.HELIX_API_THROTTLE_RATES, read on each request (DRF's own classes
read theirs once at import), so a deployment or a test can change them. A request over the
limit gets 429 with Retry-After. A key's requests count against that key alone, not against
its organisation's API account (which all of the organisation's keys share).
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from .models import ApiKey


def _api_key(request) -> ApiKey | None:
    return request.auth if isinstance(request.auth, ApiKey) else None


class AnonThrottle(AnonRateThrottle):
    def get_rate(self):
        return settings.HELIX_API_THROTTLE_RATES[self.scope]


class UserThrottle(UserRateThrottle):
    def get_rate(self):
        return settings.HELIX_API_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        if _api_key(request) is not None or not request.user.is_authenticated:
            return None  # keys are counted per key below, visitors per address above
        return super().get_cache_key(request, view)


class KeyThrottle(SimpleRateThrottle):
    scope = "key"

    def get_rate(self):
        return settings.HELIX_API_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        api_key = _api_key(request)
        if api_key is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": api_key.pk}
