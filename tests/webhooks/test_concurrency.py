"""Two workers running the same delivery at the same instant send it once (PostgreSQL)."""

import pytest
from django.db import connection

from tests.conftest import require
from tests.projects.test_concurrency import run_together
from webhooks import sending
from webhooks.models import WebhookDelivery

from .factories import WebhookDeliveryFactory, WebhookEndpointFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_simultaneous_runs_of_one_delivery_send_it_once(receiver, settings):
    require(connection.vendor == "postgresql", "DATABASE_URL does not point at PostgreSQL")
    # A failure leaves it pending, so only the claim (held, then not due) stops a second send.
    receiver.then = 500
    settings.HELIX_WEBHOOK_BACKOFF_SECONDS = 60
    endpoint = WebhookEndpointFactory(url=receiver.url)
    receiver.secret = endpoint.secret
    delivery = WebhookDeliveryFactory(endpoint=endpoint)

    errors = run_together(lambda: sending.webhook_deliver(delivery_id=delivery.pk), times=4)

    assert errors == []
    assert len(receiver.requests) == 1
    delivery = WebhookDelivery.objects.get(pk=delivery.pk)
    assert delivery.attempt_count == 1
    assert delivery.attempts.count() == 1
