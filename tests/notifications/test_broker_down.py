"""An event that happens while the broker is down is delivered once the broker is back.

The test runs its own redis-server on a free port as Celery's broker, stops it, acts, and sees
the event wait in the outbox; then it starts the broker again and lets the sweep queue the
fan-out. The tasks are taken from the broker and run here, as a worker would, until none is
left: the person is told once, emailed once.
"""

import base64
import json
import shutil
import time

import pytest
import redis

from core.queueing import broker_breaker
from helix.celery import app as celery_app
from notifications import tasks
from notifications.models import Event, Notification
from projects import services
from tests.conftest import require
from tests.factories import CommentFactory
from tests.integration.conftest import free_port, start_process, stop_process, wait_until

pytestmark = pytest.mark.services

QUEUE = "helix-broker-down-test"


class Broker:
    """A redis-server of the test's own, that it can stop and start again on the same port."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = tmp_path / "redis.log"
        self.process = None

    def start(self) -> None:
        self.process = start_process(
            [
                "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
            ],
            env={"PATH": "/usr/bin:/bin"},
            log=self.log,
        )  # fmt: skip
        wait_until(
            self.answers, timeout=10, what="redis-server did not start", process=self.process
        )

    def stop(self) -> None:
        stop_process(self.process)
        wait_until(lambda: not self.answers(), timeout=10, what="redis-server did not stop")

    def answers(self) -> bool:
        try:
            with redis.Redis.from_url(self.url, socket_connect_timeout=1) as client:
                return bool(client.ping())
        except (redis.RedisError, OSError):
            return False

    def take(self) -> list[tuple[str, list, dict]]:
        """Pop every queued task: (name, args, kwargs), in order."""
        taken = []
        with redis.Redis.from_url(self.url) as client:
            while raw := client.rpop(QUEUE):
                message = json.loads(raw)
                args, kwargs, _embed = json.loads(base64.b64decode(message["body"]))
                taken.append((message["headers"]["task"], args, kwargs))
        return taken


@pytest.fixture
def broker(tmp_path):
    require(bool(shutil.which("redis-server")), "redis-server is not installed")
    broker = Broker(tmp_path)
    broker.start()
    overrides = {"task_always_eager": False, "broker_url": broker.url, "task_default_queue": QUEUE}
    saved = {key: celery_app.conf[key] for key in overrides}
    celery_app.conf.update(overrides)
    _forget_connections()
    broker_breaker.reset()
    try:
        yield broker
    finally:
        celery_app.conf.update(saved)
        _forget_connections()
        broker_breaker.reset()
        stop_process(broker.process)


def _forget_connections() -> None:
    celery_app._pool = None
    celery_app.__dict__.pop("amqp", None)


def test_an_event_during_a_broker_outage_is_delivered_once_when_it_is_back(
    world, broker, django_capture_on_commit_callbacks, mailoutbox
):
    parent = CommentFactory(project=world.project, author=world.author)
    broker.stop()

    # When someone replies while the broker is down: the reply is saved, nothing fails
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(subject=world.project, by=world.stranger, body="Yes", parent=parent)
    # and the next change does not wait for the broker again (redis-py retries for seconds)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        services.follow(project=world.project, by=world.stranger)
        services.project_transition(project=world.project, to="in_review", by=world.project_owner)
    assert time.monotonic() - started < 1, "the second change waited for the broker"

    # Then the events wait in the outbox, unprocessed, and nobody is told yet
    event, status_event = Event.objects.order_by("pk")
    assert event.type == Event.Type.COMMENT_CREATED
    assert status_event.type == Event.Type.PROJECT_STATUS_CHANGED
    assert [event.processed_at, status_event.processed_at] == [None, None]
    assert not Notification.objects.exists()
    assert mailoutbox == []

    # When the broker is back and beat runs the sweep
    broker.start()
    assert tasks.notifications_sweep(older_than_seconds=0) == 2
    queued = broker.take()
    assert queued == [
        ("notifications.tasks.notifications_fan_out", [event.pk], {}),
        ("notifications.tasks.notifications_fan_out", [status_event.pk], {}),
    ]

    # and a worker runs what is queued (the fan-out, then the instant email it queues)
    ran = []
    while queued:
        for name, args, kwargs in queued:
            with django_capture_on_commit_callbacks(execute=True):
                celery_app.tasks[name](*args, **kwargs)
            ran.append(name)
        queued = broker.take()
    assert ran == [
        "notifications.tasks.notifications_fan_out",
        "notifications.tasks.notifications_fan_out",
        "notifications.tasks.notification_send_email",
    ]

    # Then the author is told of the reply once and emailed once; the status change reached
    # the followers (in the app; emailed in tomorrow's digest); a later sweep finds nothing
    assert not Event.objects.filter(processed_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=world.author, event=event).count() == 1
    assert [m.to for m in mailoutbox] == [[world.author.email]]
    # its followers: the author, the follower, the lead, and the stranger who just followed
    assert Notification.objects.filter(event=status_event).count() == 4
    assert tasks.notifications_sweep(older_than_seconds=0) == 0
    assert broker.take() == []
