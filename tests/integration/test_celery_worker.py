"""A real Celery worker on Redis sends the email that a web request queued after commit."""

import email
import os
import re
import uuid
from dataclasses import dataclass
from email import policy
from pathlib import Path

import pytest
import redis

from helix.celery import app as celery_app

from .conftest import (
    BASE_DIR,
    VENV_BIN,
    attach_log,
    start_process,
    stop_process,
    wait_until,
    with_path,
)

pytestmark = [pytest.mark.services, pytest.mark.slow]

# A Redis database of its own, so that a development worker on db 0 never takes these tasks.
WORKER_REDIS_DB = 15
FILE_BACKEND_SEPARATOR = b"\n" + b"-" * 79 + b"\n"


@dataclass
class Worker:
    broker_url: str
    queue: str


@pytest.fixture
def mail_dir(tmp_path: Path) -> Path:
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def celery_worker(request, redis_url: str, mail_dir: Path, tmp_path: Path):
    """`celery -A helix worker` on its own queue, its mail written to files in `mail_dir`."""
    token = uuid.uuid4().hex[:12]
    worker = Worker(
        broker_url=with_path(redis_url, str(WORKER_REDIS_DB)), queue=f"helix-test-{token}"
    )
    log = tmp_path / "worker.log"
    attach_log(request, "the Celery worker", log)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.integration.worker_settings",
        "PYTHONPATH": str(BASE_DIR),
        "REDIS_URL": worker.broker_url,
        "HELIX_TEST_EMAIL_DIR": str(mail_dir),
        "PYTHONUNBUFFERED": "1",
    }
    process = start_process(
        [
            str(VENV_BIN / "celery"),
            "-A",
            "helix",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            worker.queue,
            "-n",
            f"{worker.queue}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ],
        env=env,
        log=log,
    )
    try:
        wait_until(
            lambda: b" ready." in log.read_bytes(),
            timeout=20,
            what="the Celery worker did not report ready",
            process=process,
        )
        yield worker
    finally:
        stop_process(process)
        _delete_keys(worker.broker_url, f"*{token}*")


@pytest.fixture
def tasks_go_to(celery_worker: Worker):
    """Make this process publish tasks to the worker's broker and queue instead of running them."""
    overrides = {
        "task_always_eager": False,
        "broker_url": celery_worker.broker_url,
        "task_default_queue": celery_worker.queue,
    }
    saved = {key: celery_app.conf[key] for key in overrides}
    celery_app.conf.update(overrides)
    _forget_broker_connections()
    try:
        yield celery_worker
    finally:
        _forget_broker_connections()
        celery_app.conf.update(saved)


def _forget_broker_connections() -> None:
    # The app caches its connection pool, and its queues, router and producer pool on `amqp`:
    # drop them so that they are built again from the configuration in force. Only drop: the
    # pools themselves live on in kombu's registry, keyed by broker URL, for later tests to use.
    celery_app._pool = None
    celery_app.__dict__.pop("amqp", None)


def _delete_keys(url: str, pattern: str) -> None:
    """Remove the queue and its bindings from the worker's Redis database, and nothing else."""
    with redis.Redis.from_url(url) as client:
        keys = list(client.scan_iter(match=pattern))
        if keys:
            client.delete(*keys)


def _read_emails(folder: Path) -> list[email.message.EmailMessage]:
    """Messages the file backend has finished writing (each ends with its separator line)."""
    messages = []
    for path in sorted(folder.iterdir()):
        content = path.read_bytes()
        for raw in content.split(FILE_BACKEND_SEPARATOR):
            if raw.strip() and content.endswith(FILE_BACKEND_SEPARATOR):
                messages.append(email.message_from_bytes(raw, policy=policy.default))
    return messages


def test_signup_confirmation_email_is_sent_by_the_worker(
    redis_url, tasks_go_to, mail_dir, client, db, django_capture_on_commit_callbacks, mailoutbox
):
    # Given a worker consuming Helix's tasks from Redis
    # When a person signs up through the web and the request's transaction commits
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            "/accounts/signup/",
            {
                "email": "lan.nguyen@example.org",
                "display_name": "Nguyễn Thị Lan",
                "password1": "a-Strong-pass-123",
                "password2": "a-Strong-pass-123",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert callbacks, "the signup queued nothing on commit"

    # Then the worker, not the web process, sends the confirmation email
    messages = wait_until(
        lambda: _read_emails(mail_dir),
        timeout=20,
        what="the worker wrote no email",
    )
    assert mailoutbox == []
    assert len(messages) == 1
    message = messages[0]
    assert message["To"] == "lan.nguyen@example.org"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert re.search(r"https?://\S+/accounts/confirm-email/[-:\w]+/", body), body
