"""Redis stops, with the README's production set-up (one URL for the cache and the broker).

A redis-server of the test's own serves both; the caches are warmed, then it is stopped. The
site and the API keep answering, with no 5xx, and the writes are saved; their notifications and
webhook deliveries wait in the outboxes. When Redis is back on the same port, the existing
sweeps queue them and a worker's run delivers each once: none lost, none doubled.
"""

from collections import Counter

import pytest
import redis
from django.urls import reverse
from rest_framework.test import APIClient

from core.queueing import broker_breaker
from helix.celery import app as celery_app
from notifications import tasks as notification_tasks
from notifications.models import Event, Notification
from projects.models import Comment, Vote
from tests.factories import PASSWORD
from tests.notifications.conftest import world  # noqa: F401 - fixture
from tests.notifications.test_broker_down import QUEUE, _forget_connections
from tests.webhooks.conftest import receiver  # noqa: F401 - fixture
from tests.webhooks.factories import WebhookEndpointFactory
from webhooks import tasks as webhook_tasks
from webhooks.models import WebhookDelivery

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture
def redis_server(own_redis_cache):
    """Cache and broker on one redis-server of the test's own; Celery not eager."""
    server = own_redis_cache
    overrides = {"task_always_eager": False, "broker_url": server.url, "task_default_queue": QUEUE}
    saved = {key: celery_app.conf[key] for key in overrides}
    celery_app.conf.update(overrides)
    _forget_connections()
    broker_breaker.reset()
    try:
        yield server
    finally:
        celery_app.conf.update(saved)
        _forget_connections()
        broker_breaker.reset()


class Walk:
    """Every answer during the outage, by status."""

    def __init__(self):
        self.statuses: Counter = Counter()
        self.failures: list[str] = []

    def __call__(self, what: str, response):
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            self.failures.append(f"{what}: {response.status_code}")
        return response


def test_the_site_serves_through_a_redis_outage_and_delivers_once_it_is_back(
    world,  # noqa: F811
    receiver,  # noqa: F811
    redis_server,
    client,
    capsys,
    django_capture_on_commit_callbacks,
):
    project = world.project
    endpoint = WebhookEndpointFactory(organisation=world.organisation, url=receiver.url)
    receiver.secret = endpoint.secret
    pages = [reverse("home"), reverse("projects:list"), project.get_absolute_url()]
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")

    # Given warm caches (cards, counts, throttle counters) in Redis
    for url in pages:
        assert client.get(url).status_code == 200
    assert api.get("/api/v1/projects/").status_code == 200
    with redis.Redis.from_url(redis_server.url) as server:
        assert server.keys("helix:*"), "nothing was cached"

    # When Redis stops
    redis_server.stop()
    walk = Walk()
    for _round in range(5):
        for url in pages:
            walk(url, client.get(url))
        walk("API list", api.get("/api/v1/projects/"))
        walk("API project", api.get(f"/api/v1/projects/{project.slug}/"))
    walk("readyz", client.get("/readyz/"))
    assert client.get("/readyz/").json()["status"] == "degraded"

    credentials = {"login": world.stranger.email, "password": PASSWORD}
    signed_in = walk("sign-in", client.post(reverse("account_login"), credentials))
    assert signed_in.status_code == 302
    for url in pages:
        walk(f"{url} signed in", client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        walk(
            "web comment",
            client.post(reverse("projects:comment", args=[project.slug]), {"body": "By the web"}),
        )
    with django_capture_on_commit_callbacks(execute=True):
        walk("web support", client.post(reverse("projects:support", args=[project.slug])))
    api.force_authenticate(world.follower)
    with django_capture_on_commit_callbacks(execute=True):
        walk(
            "API comment",
            api.post(f"/api/v1/projects/{project.slug}/comments/", {"body": "By the API"}),
        )
    walk("API list signed in", api.get("/api/v1/projects/"))

    # Then nothing failed, and the writes were saved
    requests = sum(walk.statuses.values())
    with capsys.disabled():
        print(
            f"\nRedis outage: {requests} requests, {len(walk.failures)} with a 5xx "
            f"(statuses {dict(sorted(walk.statuses.items()))})"
        )
    assert walk.failures == []
    web_comment = Comment.objects.get(project=project, author=world.stranger, body="By the web")
    api_comment = Comment.objects.get(project=project, author=world.follower, body="By the API")
    assert Vote.objects.filter(project=project, user=world.stranger).exists()
    # and what they cause waits in the outboxes
    events = list(Event.objects.filter(type=Event.Type.COMMENT_CREATED).order_by("pk"))
    assert len(events) == 2
    assert all(event.processed_at is None for event in events)
    assert not Notification.objects.exists()
    deliveries = WebhookDelivery.objects.filter(event_type="comment.created")
    assert deliveries.count() == 2
    assert receiver.requests == []

    # When Redis is back on the same port, beat runs the sweeps and a worker what they queue
    redis_server.start()
    queued = notification_tasks.notifications_sweep(older_than_seconds=0)
    queued += webhook_tasks.webhook_sweep()
    assert queued == 4
    ran = Counter()
    while tasks := redis_server.take():
        for name, args, kwargs in tasks:
            with django_capture_on_commit_callbacks(execute=True):
                celery_app.tasks[name](*args, **kwargs)
            ran[name] += 1

    # Then every follower is told of each comment once, and each delivery arrives once
    assert not Event.objects.filter(processed_at__isnull=True).exists()
    told = Counter(Notification.objects.values_list("recipient", "event"))
    assert set(told.values()) == {1}
    for event, writer in ((events[0], world.stranger), (events[1], world.follower)):
        recipients = set(
            Notification.objects.filter(event=event).values_list("recipient", flat=True)
        )
        assert world.author.pk in recipients  # a follower
        assert writer.pk not in recipients  # nobody is told of their own comment
    assert {d.status for d in deliveries} == {WebhookDelivery.Status.SUCCEEDED}
    sent = Counter(request.json()["data"]["comment"]["id"] for request in receiver.requests)
    assert sent == {web_comment.pk: 1, api_comment.pk: 1}
    assert all(request.verified for request in receiver.requests)
    assert ran["webhooks.tasks.webhook_deliver"] == 2
    # and a later sweep finds nothing left
    assert notification_tasks.notifications_sweep(older_than_seconds=0) == 0
    assert webhook_tasks.webhook_sweep() == 0
    assert redis_server.take() == []
