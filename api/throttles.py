"""Throttling per anonymous address and per signed-in user.

Rates come from settings.HELIX_API_THROTTLE_RATES, read on each request (DRF's own classes
read theirs once at import), so a deployment or a test can change them. A request over the
limit gets 429 with Retry-After. Per-API-key throttling will be a third class with scope
"key", keyed on the key's id.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonThrottle(AnonRateThrottle):
    def get_rate(self):
        return settings.HELIX_API_THROTTLE_RATES[self.scope]


class UserThrottle(UserRateThrottle):
    def get_rate(self):
        return settings.HELIX_API_THROTTLE_RATES[self.scope]
