"""The guard against request forgery: refused when saved, and again when sent."""

import socket

import pytest
from django.core.exceptions import ValidationError

from webhooks import safety, services, tasks
from webhooks.models import WebhookDelivery

from .factories import WebhookDeliveryFactory, WebhookEndpointFactory

pytestmark = pytest.mark.django_db

PUBLIC = "93.184.216.34"  # a literal public address: no DNS needed


def create(organisation, owner, url):
    return services.webhook_endpoint_create(
        organisation=organisation, url=url, events=["solution.submitted"], by=owner
    )


def url_error(organisation, owner, url) -> str:
    with pytest.raises(ValidationError) as caught:
        create(organisation, owner, url)
    return " ".join(caught.value.message_dict["url"])


@pytest.fixture
def resolves_to(monkeypatch):
    """Make every host name resolve to the given address."""

    def answer(address: str):
        family = socket.AF_INET6 if ":" in address else socket.AF_INET

        def getaddrinfo(host, port, *args, **kwargs):
            return [(family, socket.SOCK_STREAM, 6, "", (address, port or 80))]

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)

    return answer


def test_a_public_https_address_is_accepted(organisation, owner):
    endpoint = create(organisation, owner, f"https://{PUBLIC}/helix")

    assert endpoint.pk is not None
    assert endpoint.is_active
    assert len(endpoint.secret) >= 40


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org/hooks", "Only http and https"),
        ("file:///etc/passwd", "Only http and https"),
        ("http://127.0.0.1/hooks", "not a public internet address"),
        ("http://10.0.0.1/hooks", "not a public internet address"),
        ("http://192.168.1.20:8080/hooks", "not a public internet address"),
        ("http://169.254.169.254/latest/meta-data/", "not a public internet address"),
        ("http://[::1]/hooks", "not a public internet address"),
        ("http://[::ffff:10.0.0.1]/hooks", "not a public internet address"),
        ("http://[fe80::1]/hooks", "not a public internet address"),
        ("http://0.0.0.0/hooks", "not a public internet address"),
        ("http://224.0.0.1/hooks", "not a public internet address"),
        ("http://100.64.0.1/hooks", "not a public internet address"),
        (f"http://user:pass@{PUBLIC}/hooks", "user name or password"),
    ],
)
def test_unsafe_urls_are_refused_when_saved(organisation, owner, url, message):
    assert message in url_error(organisation, owner, url)


def test_a_host_name_resolving_to_a_private_address_is_refused(organisation, owner, resolves_to):
    resolves_to("10.1.2.3")

    assert "10.1.2.3 is not a public" in url_error(organisation, owner, "https://intranet.example/")


def test_a_host_name_that_does_not_resolve_is_refused_with_a_clear_message(
    organisation, owner, monkeypatch
):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)

    error = url_error(organisation, owner, "https://nowhere.invalid/hooks")
    assert "“nowhere.invalid” could not be found" in error


def test_loopback_passes_only_when_the_setting_allows_it(organisation, owner, settings):
    assert "not a public" in url_error(organisation, owner, "http://127.0.0.1:9/hooks")

    settings.HELIX_WEBHOOKS_ALLOW_LOOPBACK = True

    assert create(organisation, owner, "http://127.0.0.1:9/hooks").pk
    assert "not a public" in url_error(organisation, owner, "http://10.0.0.1/hooks")


def test_production_settings_leave_loopback_off():
    from helix import settings as production

    assert production.HELIX_WEBHOOKS_ALLOW_LOOPBACK is False


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/hooks",
        "http://169.254.169.254/latest/meta-data/",
        "ftp://example.org/hooks",
        "http://user:pass@127.0.0.1/hooks",
        "http://2130706433/hooks",  # 127.0.0.1 written as a number
        "http://0x7f.1/hooks",
    ],
)
def test_an_unsafe_url_saved_past_the_checks_is_refused_when_sending(url, monkeypatch):
    sent = []
    monkeypatch.setattr(
        safety.urllib3.PoolManager, "request", lambda *args, **kwargs: sent.append(args)
    )
    delivery = WebhookDeliveryFactory(endpoint=WebhookEndpointFactory(url=url))

    tasks.webhook_deliver.delay(delivery.pk)

    delivery.refresh_from_db()
    assert sent == []
    assert delivery.status == WebhookDelivery.Status.FAILED
    attempt = delivery.attempts.get()
    assert attempt.error.startswith("Refused:")
    assert attempt.response_status is None


def test_the_address_connected_to_is_checked_too(receiver, settings, monkeypatch):
    """DNS rebinding: the name looks public at the check, and is loopback at the connection."""
    settings.HELIX_WEBHOOKS_ALLOW_LOOPBACK = False
    delivery = WebhookDeliveryFactory(
        endpoint=WebhookEndpointFactory(url=f"http://localhost:{receiver.port}/helix/hooks")
    )
    monkeypatch.setattr(safety, "resolve", lambda host, port: [PUBLIC])

    tasks.webhook_deliver.delay(delivery.pk)

    delivery.refresh_from_db()
    assert receiver.requests == []
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert "127.0.0.1 is not a public" in delivery.attempts.get().error


def test_the_peer_check_lets_an_allowed_connection_through(receiver):
    status = safety.post(receiver.url, body=b"{}", headers={}, timeout=2)

    assert status == 401  # it arrived; the receiver refuses the missing signature


def test_proxies_from_the_environment_are_not_used(receiver, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:1")
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:1")

    assert safety.post(receiver.url, body=b"{}", headers={}, timeout=2) == 401
