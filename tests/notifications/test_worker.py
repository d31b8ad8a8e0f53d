"""A real Celery worker on Redis tells a project's follower, by email, of a solution proposed
through the web.

The worker is a separate process, so it reads the test's PostgreSQL database (committed rows:
a transactional test) and writes its mail to files the test reads.
"""

import os
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from helix.celery import app as celery_app
from notifications import services as notification_services
from notifications.models import Channel, Kind, Notification
from projects.models import Follow
from tests.factories import ProjectFactory, UserFactory
from tests.integration.conftest import (  # noqa: F401  (fixtures)
    VENV_BIN,
    attach_log,
    postgres_url,
    redis_url,
    start_process,
    stop_process,
    wait_until,
    with_path,
)
from tests.integration.test_celery_worker import (
    _delete_keys,
    _forget_broker_connections,
    _read_emails,
)

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(request, postgres_url, redis_url, tmp_path: Path):  # noqa: F811
    """`celery -A helix worker` on the test's database and a queue of its own; this process
    publishes to that queue instead of running tasks eagerly."""
    queue = f"helix-notify-test-{uuid.uuid4().hex[:12]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    log = tmp_path / "worker.log"
    attach_log(request, "the Celery worker", log)
    test_database = connection.settings_dict["NAME"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.integration.worker_settings",
        "DATABASE_URL": with_path(postgres_url, test_database),
        "REDIS_URL": redis_url,
        "HELIX_TEST_EMAIL_DIR": str(mail_dir),
        "HELIX_SITE_URL": "https://helix.example.org",
        "PYTHONUNBUFFERED": "1",
    }
    process = start_process(
        [
            str(VENV_BIN / "celery"), "-A", "helix", "worker", "--pool=solo",
            "--concurrency=1", "-Q", queue, "-n", f"{queue}@%h", "--without-gossip",
            "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
        ],
        env=env,
        log=log,
    )  # fmt: skip
    overrides = {"task_always_eager": False, "broker_url": redis_url, "task_default_queue": queue}
    saved = {key: celery_app.conf[key] for key in overrides}
    try:
        wait_until(
            lambda: b" ready." in log.read_bytes(),
            timeout=30,
            what="the Celery worker did not report ready",
            process=process,
        )
        celery_app.conf.update(overrides)
        _forget_broker_connections()
        yield mail_dir
    finally:
        celery_app.conf.update(saved)
        _forget_broker_connections()
        stop_process(process)
        _delete_keys(redis_url, f"*{queue}*")


def test_a_solution_proposed_through_the_web_is_emailed_to_a_follower(worker, client):
    # Given an open project followed by a person who wants new solutions at once
    project = ProjectFactory()
    follower = UserFactory(display_name="Trần Thị Mai")
    notification_services.preference_set(
        user=follower, kind=Kind.NEW_SOLUTION, channel=Channel.INSTANT
    )
    Follow.objects.create(project=project, user=follower)
    proposer = UserFactory(display_name="Lê Văn Nam")
    client.force_login(proposer)

    # When someone proposes a solution through the site
    response = client.post(
        reverse("projects:propose", args=[project.slug]),
        {
            "lead_organisation": "",
            "title": "Rain gauges on school roofs",
            "summary": "Forty gauges, one SMS alert.",
            "description": "Gauges report every five minutes.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    # Then the worker fans the event out and emails the follower
    messages = wait_until(
        lambda: _read_emails(worker), timeout=30, what="the worker wrote no email"
    )
    assert len(messages) == 1
    message = messages[0]
    assert message["To"] == follower.email
    assert "Lê Văn Nam proposed the solution “Rain gauges on school roofs”" in message["Subject"]
    assert (
        str(message["List-Unsubscribe"])
        .strip()
        .startswith("<https://helix.example.org/notifications/unsubscribe/")
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert f"https://helix.example.org{project.get_absolute_url()}solutions/" in text
    assert message.get_body(preferencelist=("html",)) is not None
    notification = Notification.objects.get(recipient=follower)
    assert notification.emailed_at is not None
    assert not Notification.objects.filter(recipient=proposer).exists()
