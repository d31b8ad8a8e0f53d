"""The client address of throttles and lockouts (core/client_ip.py): X-Forwarded-For is
believed only from the proxies HELIX_TRUSTED_PROXIES names."""

import pytest
from django.test import RequestFactory

from core.client_ip import client_address

PROJECTS = "/api/v1/projects/"


@pytest.fixture
def three_a_minute(settings):
    settings.HELIX_API_THROTTLE_RATES = {"anon": "3/min", "user": "600/min", "key": "600/min"}


def address(remote: str, xff: str | None = None) -> str:
    headers = {"HTTP_X_FORWARDED_FOR": xff} if xff is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


@pytest.mark.django_db
def test_a_forged_header_from_an_untrusted_peer_does_not_reset_the_anonymous_limit(
    api, three_a_minute
):
    codes = [
        api.get(
            PROJECTS, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}"
        ).status_code
        for i in range(5)
    ]

    assert codes == [200, 200, 200, 429, 429]


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_right_most_untrusted_address_is_the_client(
    api, three_a_minute, settings
):
    settings.HELIX_TRUSTED_PROXIES = ["10.0.0.0/8"]

    def ask(xff: str) -> int:
        return api.get(PROJECTS, REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR=xff).status_code

    # The client forges the left-hand entries; the proxies append what they saw.
    codes = [ask(f"1.1.1.{i}, 203.0.113.9, 10.0.0.5") for i in range(4)]
    assert codes == [200, 200, 200, 429]
    assert ask("203.0.113.10, 10.0.0.5") == 200  # another client behind the same proxy


def test_the_rule():
    assert address("198.51.100.7") == "198.51.100.7"
    assert address("198.51.100.7", "203.0.113.1") == "198.51.100.7"  # untrusted peer
    assert address("10.0.0.1", "203.0.113.1") == "10.0.0.1"  # no proxy trusted by default


def test_the_rule_with_trusted_proxies(settings):
    settings.HELIX_TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::1"]

    assert address("10.0.0.1", "evil, 203.0.113.1, 10.9.9.9") == "203.0.113.1"
    assert address("10.0.0.1", "203.0.113.1:4711") == "203.0.113.1"
    assert address("2001:db8::1", "[2001:db8::42]:443") == "2001:db8::42"
    assert address("::ffff:10.0.0.1", "203.0.113.1") == "203.0.113.1"
    assert address("10.0.0.1", "10.0.0.2") == "10.0.0.2"  # only proxies: the farthest one
    assert address("10.0.0.1", "") == "10.0.0.1"  # no header: the proxy itself
    # Garbage where a proxy of ours would have written the client: the last hop we trust.
    assert address("10.0.0.1", "203.0.113.1, not-an-address") == "10.0.0.1"
