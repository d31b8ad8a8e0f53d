"""Sending: signed POSTs to a receiver on 127.0.0.1, retries, the log, redelivery, the sweep."""

from datetime import timedelta

import pytest
from django.utils import timezone

from projects import services as project_services
from tests.factories import ProjectFactory, UserFactory
from webhooks import sending, services, tasks
from webhooks.models import WebhookDelivery

from .conftest import verify_signature
from .factories import WebhookDeliveryFactory, WebhookEndpointFactory

pytestmark = pytest.mark.django_db

Status = WebhookDelivery.Status


@pytest.fixture
def endpoint(receiver, organisation):
    endpoint = WebhookEndpointFactory(organisation=organisation, url=receiver.url)
    receiver.secret = endpoint.secret
    return endpoint


@pytest.fixture
def three_attempts(settings):
    settings.HELIX_WEBHOOK_MAX_ATTEMPTS = 3


def fresh(obj):
    obj.refresh_from_db()
    return obj


def attempts(delivery) -> list[tuple]:
    return list(
        delivery.attempts.order_by("number").values_list("number", "response_status", "succeeded")
    )


def test_a_solution_proposed_is_delivered_signed_after_the_commit(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    project = ProjectFactory(organisation=endpoint.organisation)

    with django_capture_on_commit_callbacks(execute=True):
        solution = project_services.solution_propose(
            project=project, by=UserFactory(), title="Sensors", summary="S.", description="D."
        )
        assert receiver.requests == []  # nothing leaves before the commit

    [request] = receiver.requests
    delivery = WebhookDelivery.objects.get()
    assert request.verified
    assert request.headers["Helix-Webhook-Id"] == str(delivery.event_id)
    assert request.headers["User-Agent"] == "Helix-Webhooks/1"
    assert request.headers["Content-Type"] == "application/json"
    assert request.json()["type"] == "solution.submitted"
    assert request.json()["data"]["solution"]["id"] == solution.pk
    assert delivery.status == Status.SUCCEEDED
    assert attempts(delivery) == [(1, 200, True)]


def test_the_test_verifier_refuses_a_forged_or_stale_signature(endpoint, receiver):
    delivery = WebhookDeliveryFactory(endpoint=endpoint)
    body = delivery.body()
    now = 1_900_000_000
    headers = sending.signed_headers(delivery, body, now)

    assert verify_signature(endpoint.secret, headers, body, now=now)
    assert not verify_signature("another secret", headers, body, now=now)
    assert not verify_signature(endpoint.secret, headers, body + b" ", now=now)
    assert not verify_signature(endpoint.secret, headers, body, now=now + 301)


def test_a_receiver_answering_500_gets_every_retry_then_the_delivery_fails(
    endpoint, receiver, three_attempts
):
    receiver.then = 500
    delivery = WebhookDeliveryFactory(endpoint=endpoint)

    tasks.webhook_deliver.delay(delivery.pk)

    assert len(receiver.requests) == 3
    assert all(request.verified for request in receiver.requests)
    assert fresh(delivery).status == Status.FAILED
    assert delivery.attempt_count == 3
    assert delivery.next_attempt_at is None
    assert attempts(delivery) == [(1, 500, False), (2, 500, False), (3, 500, False)]
    assert all("500" in attempt.error for attempt in delivery.attempts.all())


def test_a_failed_delivery_redelivered_to_a_mended_receiver_succeeds(
    endpoint, receiver, three_attempts, owner, django_capture_on_commit_callbacks
):
    receiver.then = 500
    delivery = WebhookDeliveryFactory(endpoint=endpoint)
    tasks.webhook_deliver.delay(delivery.pk)
    assert fresh(delivery).status == Status.FAILED

    receiver.then = 200
    with django_capture_on_commit_callbacks(execute=True):
        services.webhook_redeliver(delivery=delivery, by=owner)

    assert fresh(delivery).status == Status.SUCCEEDED
    assert attempts(delivery)[-1] == (4, 200, True)
    assert len({r.headers["Helix-Webhook-Id"] for r in receiver.requests}) == 1  # same event


def test_a_receiver_that_times_out_gets_every_retry_and_each_is_logged(
    endpoint, receiver, settings
):
    settings.HELIX_WEBHOOK_TIMEOUT = 0.3
    settings.HELIX_WEBHOOK_MAX_ATTEMPTS = 2
    receiver.then = "timeout"
    delivery = WebhookDeliveryFactory(endpoint=endpoint)

    tasks.webhook_deliver.delay(delivery.pk)

    assert fresh(delivery).status == Status.FAILED
    logged = list(delivery.attempts.order_by("number"))
    assert [a.number for a in logged] == [1, 2]
    assert all(a.response_status is None and not a.succeeded for a in logged)
    assert all("0.3 seconds" in a.error for a in logged)
    assert all(250 <= a.duration_ms < 2000 for a in logged)


def test_success_after_a_failure(endpoint, receiver):
    receiver.answers = [503]
    delivery = WebhookDeliveryFactory(endpoint=endpoint)

    tasks.webhook_deliver.delay(delivery.pk)

    assert fresh(delivery).status == Status.SUCCEEDED
    assert attempts(delivery) == [(1, 503, False), (2, 200, True)]


def test_a_redirect_is_not_followed_and_counts_as_a_failure(endpoint, receiver, three_attempts):
    receiver.answers = [302]
    delivery = WebhookDeliveryFactory(endpoint=endpoint)

    tasks.webhook_deliver.delay(delivery.pk)

    assert attempts(delivery)[0] == (1, 302, False)
    assert [r.path for r in receiver.requests] == ["/helix/hooks", "/helix/hooks"]


def test_running_the_task_twice_sends_once(endpoint, receiver):
    delivery = WebhookDeliveryFactory(endpoint=endpoint)

    tasks.webhook_deliver.delay(delivery.pk)
    tasks.webhook_deliver.delay(delivery.pk)

    assert len(receiver.requests) == 1
    assert attempts(fresh(delivery)) == [(1, 200, True)]


def test_a_delivery_held_by_another_worker_is_not_sent(endpoint, receiver):
    delivery = WebhookDeliveryFactory(
        endpoint=endpoint, locked_until=timezone.now() + timedelta(minutes=1)
    )

    tasks.webhook_deliver.delay(delivery.pk)

    assert receiver.requests == []
    assert fresh(delivery).attempt_count == 0


def test_after_a_failure_the_next_attempt_waits_for_the_backoff(endpoint, receiver, settings):
    settings.HELIX_WEBHOOK_BACKOFF_SECONDS = 60
    receiver.then = 500
    delivery = WebhookDeliveryFactory(endpoint=endpoint)
    before = timezone.now()

    # Eagerly, the re-queued task runs at once: it finds the delivery not yet due and stops.
    tasks.webhook_deliver.delay(delivery.pk)

    assert len(receiver.requests) == 1
    assert fresh(delivery).status == Status.PENDING
    assert before + timedelta(seconds=59) < delivery.next_attempt_at
    assert delivery.next_attempt_at < timezone.now() + timedelta(seconds=61)


def test_the_backoff_doubles_up_to_a_ceiling(settings):
    settings.HELIX_WEBHOOK_BACKOFF_SECONDS = 60

    assert [sending.backoff(n).total_seconds() for n in (1, 2, 3, 4, 8)] == [
        60,
        120,
        240,
        480,
        7680,
    ]
    assert sending.backoff(20) == timedelta(hours=6)


def test_a_delivery_to_a_disabled_endpoint_fails_without_a_request(endpoint, receiver):
    delivery = WebhookDeliveryFactory(endpoint=endpoint)
    endpoint.is_active = False
    endpoint.save()

    tasks.webhook_deliver.delay(delivery.pk)

    assert receiver.requests == []
    assert fresh(delivery).status == Status.FAILED
    assert "disabled" in delivery.attempts.get().error


def test_a_broker_outage_leaves_the_delivery_pending_and_the_sweep_sends_it(
    endpoint, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    with monkeypatch.context() as patch:
        patch.setattr(tasks.webhook_deliver, "apply_async", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            project_services.solution_propose(
                project=ProjectFactory(organisation=endpoint.organisation),
                by=UserFactory(),
                title="Sensors",
                summary="S.",
                description="D.",
            )
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.PENDING
    assert receiver.requests == []

    assert tasks.webhook_sweep.delay().get() == 1

    assert fresh(delivery).status == Status.SUCCEEDED
    assert len(receiver.requests) == 1


def test_the_sweep_leaves_deliveries_not_due_held_or_done(endpoint, receiver):
    now = timezone.now()
    WebhookDeliveryFactory(endpoint=endpoint, next_attempt_at=now + timedelta(minutes=5))
    WebhookDeliveryFactory(endpoint=endpoint, locked_until=now + timedelta(minutes=1))
    WebhookDeliveryFactory(endpoint=endpoint, status=Status.SUCCEEDED, next_attempt_at=None)
    WebhookDeliveryFactory(endpoint=endpoint, status=Status.FAILED, next_attempt_at=None)
    due = WebhookDeliveryFactory(endpoint=endpoint, next_attempt_at=now - timedelta(minutes=1))

    assert tasks.webhook_sweep() == 1

    assert [r.headers["Helix-Webhook-Id"] for r in receiver.requests] == [str(due.event_id)]
    assert fresh(due).status == Status.SUCCEEDED


def test_the_sweep_runs_every_minute_on_beat(settings):
    [entry] = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "webhooks.tasks.webhook_sweep"
    ]
    assert entry["schedule"] == 60.0
    assert tasks.webhook_sweep.name == "webhooks.tasks.webhook_sweep"


def test_a_comment_hidden_before_its_delivery_is_sent_without_its_text(
    endpoint, receiver, staff, django_capture_on_commit_callbacks, monkeypatch
):
    project = ProjectFactory(organisation=endpoint.organisation)
    with monkeypatch.context() as patch:
        patch.setattr("webhooks.tasks.queue_deliveries", lambda ids: None)  # the worker lags
        comment = project_services.comment_create(
            subject=project, by=UserFactory(), body="Call 0909 123 456 at night."
        )
    project_services.comment_hide(comment=comment, by=staff, reason="Personal data.")
    delivery = WebhookDelivery.objects.get()

    tasks.webhook_deliver.delay(delivery.pk)

    [request] = receiver.requests
    sent = request.json()["data"]["comment"]
    assert sent["id"] == comment.pk
    assert sent["body"] is None
    assert sent["body_html"] is None
    assert sent["hidden"] is True
    assert sent["hidden_reason"] == "Personal data."
    assert b"0909" not in request.body
    assert fresh(delivery).payload["data"]["comment"]["body"] is None


def test_a_broker_outage_leaves_deliveries_pending_and_trips_the_breaker(
    endpoint, monkeypatch, django_capture_on_commit_callbacks
):
    """The event is saved and its delivery waits for the sweep; the request does not fail, and
    the next events do not wait on the broker again while the breaker is open."""
    from kombu.exceptions import OperationalError

    from core.queueing import broker_breaker

    tried = []

    def broker_down(*args, **kwargs):
        tried.append(args)
        raise OperationalError("Connection refused")

    broker_breaker.reset()
    monkeypatch.setattr(tasks.webhook_deliver, "apply_async", broker_down)
    project = ProjectFactory(organisation=endpoint.organisation)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            project_services.comment_create(subject=project, by=UserFactory(), body="One")
        with django_capture_on_commit_callbacks(execute=True):
            project_services.comment_create(subject=project, by=UserFactory(), body="Two")

        assert len(tried) == 1
        assert broker_breaker.is_open()
        assert WebhookDelivery.objects.filter(status="pending").count() == 2
    finally:
        broker_breaker.reset()
