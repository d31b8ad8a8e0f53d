"""An organisation that loses its verification: its webhooks pause. Events are recorded and
held (pending, no attempt counted, never queued by the sweep) and sent, oldest first, once
staff verify it again. The pages and the staff desk say that it is paused and why."""

import pytest
from django.urls import reverse

from organisations.services import organisation_unverify, organisation_verify
from projects import services as project_services
from tests.factories import ProjectFactory, UserFactory
from webhooks import sending, services, tasks
from webhooks.models import WebhookDelivery

from .factories import WebhookDeliveryFactory, WebhookEndpointFactory

pytestmark = pytest.mark.django_db

Status = WebhookDelivery.Status


@pytest.fixture
def endpoint(receiver, organisation):
    endpoint = WebhookEndpointFactory(organisation=organisation, url=receiver.url)
    receiver.secret = endpoint.secret
    return endpoint


@pytest.fixture
def unverified(endpoint, staff):
    organisation_unverify(organisation=endpoint.organisation, by=staff)
    return endpoint.organisation


def comment(project, body, capture):
    with capture(execute=True):
        return project_services.comment_create(subject=project, by=UserFactory(), body=body)


def test_events_are_held_while_unverified_and_sent_in_order_once_verified_again(
    endpoint, receiver, unverified, staff, django_capture_on_commit_callbacks
):
    project = ProjectFactory(organisation=unverified)
    first = comment(project, "First.", django_capture_on_commit_callbacks)
    second = comment(project, "Second.", django_capture_on_commit_callbacks)

    assert receiver.requests == []
    held = list(WebhookDelivery.objects.order_by("pk"))
    assert [(d.status, d.attempt_count) for d in held] == [(Status.PENDING, 0)] * 2
    assert tasks.webhook_sweep() == 0  # the sweep leaves them alone

    with django_capture_on_commit_callbacks(execute=True):
        organisation_verify(organisation=unverified, by=staff)

    assert [r.json()["data"]["comment"]["id"] for r in receiver.requests] == [first.pk, second.pk]
    assert all(r.verified for r in receiver.requests)
    assert set(WebhookDelivery.objects.values_list("status", "attempt_count")) == {
        (Status.SUCCEEDED, 1)
    }


def test_a_retry_that_wakes_while_paused_makes_no_attempt(endpoint, receiver, unverified):
    delivery = WebhookDeliveryFactory(endpoint=endpoint)

    assert sending.webhook_deliver(delivery_id=delivery.pk) is None

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count, delivery.locked_until) == (
        Status.PENDING,
        0,
        None,
    )
    assert receiver.requests == []


def test_the_sweep_leaves_held_deliveries_until_verified_again(
    endpoint, unverified, staff, monkeypatch
):
    queued = []
    monkeypatch.setattr(tasks, "queue_deliveries", lambda ids, **kw: queued.extend(ids))
    held = WebhookDeliveryFactory(endpoint=endpoint)
    other = WebhookDeliveryFactory(endpoint=WebhookEndpointFactory())  # a verified organisation's

    assert tasks.webhook_sweep() == 1
    assert queued == [other.pk]

    organisation_verify(organisation=unverified, by=staff)
    queued.clear()
    assert tasks.webhook_sweep() == 2
    assert sorted(queued) == sorted([held.pk, other.pk])


def test_no_test_ping_while_paused(endpoint, unverified, owner):
    owner = owner

    with pytest.raises(services.ValidationError, match="Webhooks are paused"):
        services.webhook_ping(endpoint=endpoint, by=owner)

    assert not WebhookDelivery.objects.exists()


def test_the_endpoint_pages_say_it_is_paused_and_why(client, endpoint, unverified, owner):
    client.force_login(owner)
    WebhookDeliveryFactory(endpoint=endpoint)

    for url in (
        reverse("webhooks:list", args=[unverified.slug]),
        reverse("webhooks:detail", args=[unverified.slug, endpoint.pk]),
    ):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert f"Webhooks are paused: {unverified.name} is not verified." in page
        assert "Paused" in page
    assert "Send a test ping" not in page


def test_redelivering_while_paused_says_it_waits(client, endpoint, unverified, owner):
    client.force_login(owner)
    delivery = WebhookDeliveryFactory(endpoint=endpoint, status=Status.FAILED)

    response = client.post(
        reverse("webhooks:redeliver", args=[unverified.slug, endpoint.pk, delivery.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    assert "Webhooks are paused" in response.content.decode()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == (Status.PENDING, 0)


def test_the_staff_desk_shows_paused_endpoints_and_deliveries(client, endpoint, unverified):
    WebhookDeliveryFactory(endpoint=endpoint)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    for name in ("webhookendpoint", "webhookdelivery"):
        page = client.get(reverse(f"admin:webhooks_{name}_changelist"), HTTP_ACCEPT_LANGUAGE="en")
        assert "Paused: the organisation is not verified" in page.content.decode()
