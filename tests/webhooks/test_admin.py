"""Webhooks in the staff desk: staff see the log; endpoints are checked as on the site."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

from .factories import WebhookDeliveryFactory, WebhookEndpointFactory

pytestmark = pytest.mark.django_db

DELIVERIES = reverse("admin:webhooks_webhookdelivery_changelist")
ENDPOINTS = reverse("admin:webhooks_webhookendpoint_changelist")
ADD_ENDPOINT = reverse("admin:webhooks_webhookendpoint_add")


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_government_staff_may_view_endpoints_deliveries_and_attempts(government_staff_group):
    codenames = set(
        government_staff_group.permissions.filter(content_type__app_label="webhooks").values_list(
            "codename", flat=True
        )
    )

    assert codenames == {"view_webhookendpoint", "view_webhookdelivery", "view_webhookattempt"}


def test_staff_see_the_log_with_attempts_but_not_the_secrets(client, staff):
    delivery = WebhookDeliveryFactory(status=WebhookDelivery.Status.FAILED)
    WebhookAttempt.objects.create(
        delivery=delivery, number=1, started_at=delivery.created, duration_ms=40,
        response_status=500, error="The receiver answered 500.",
    )  # fmt: skip
    client.force_login(staff)

    listing = client.get(DELIVERIES, {"status__exact": "failed"})
    detail = client.get(reverse("admin:webhooks_webhookdelivery_change", args=[delivery.pk]))
    endpoints = client.get(ENDPOINTS)
    endpoint_page = client.get(
        reverse("admin:webhooks_webhookendpoint_change", args=[delivery.endpoint.pk])
    )

    assert listing.status_code == detail.status_code == endpoints.status_code == 200
    assert str(delivery.endpoint) in listing.content.decode()
    assert "The receiver answered 500." in detail.content.decode()
    for page in (endpoints, endpoint_page):
        assert delivery.endpoint.secret not in page.content.decode()


def test_staff_cannot_add_endpoints_nor_redeliver(client, staff):
    delivery = WebhookDeliveryFactory(status=WebhookDelivery.Status.FAILED)
    client.force_login(staff)

    assert client.get(ADD_ENDPOINT).status_code == 403
    response = client.post(
        DELIVERIES, {"action": "redeliver", "_selected_action": [delivery.pk]}, follow=True
    )

    assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED


def test_the_redeliver_action_sends_the_selected_deliveries_again(
    client, superuser, receiver, django_capture_on_commit_callbacks
):
    endpoint = WebhookEndpointFactory(url=receiver.url)
    receiver.secret = endpoint.secret
    failed = [
        WebhookDeliveryFactory(endpoint=endpoint, status=WebhookDelivery.Status.FAILED)
        for _ in range(2)
    ]
    client.force_login(superuser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            DELIVERIES,
            {"action": "redeliver", "_selected_action": [d.pk for d in failed]},
            follow=True,
        )

    assert "2 deliveries queued to be sent again." in response.content.decode()
    assert len(receiver.requests) == 2
    assert all(r.verified for r in receiver.requests)
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"succeeded"}


def test_the_admin_refuses_a_private_url_with_a_field_error(client, superuser, organisation):
    client.force_login(superuser)

    response = client.post(
        ADD_ENDPOINT,
        {
            "organisation": organisation.pk,
            "url": "http://10.0.0.1/hooks",
            "events": ["comment.created"],
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert "not a public internet address" in " ".join(
        response.context["adminform"].form.errors["url"]
    )
    assert not WebhookEndpoint.objects.exists()


def test_the_admin_adds_an_endpoint_through_the_service(client, superuser, organisation):
    client.force_login(superuser)

    response = client.post(
        ADD_ENDPOINT,
        {
            "organisation": organisation.pk,
            "url": "https://93.184.216.34/hooks",
            "events": ["comment.created", "project.published"],
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.created_by == superuser
    assert endpoint.events == ["comment.created", "project.published"]
    assert len(endpoint.secret) >= 40


def test_staff_filter_deliveries_by_organisation_status_and_event(client, staff):
    mine = WebhookDeliveryFactory(
        status=WebhookDelivery.Status.FAILED, event_type="comment.created"
    )
    WebhookDeliveryFactory(status=WebhookDelivery.Status.FAILED, event_type="comment.created")
    WebhookDeliveryFactory(endpoint=mine.endpoint, status=WebhookDelivery.Status.SUCCEEDED)
    client.force_login(staff)

    response = client.get(
        DELIVERIES,
        {
            "endpoint__organisation__id__exact": mine.endpoint.organisation_id,
            "status__exact": "failed",
            "event_type__exact": "comment.created",
        },
    )

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [mine]
