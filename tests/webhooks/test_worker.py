"""A real Celery worker on Redis delivers the webhook of a solution proposed through the API."""

import os
import uuid
from urllib.parse import urlsplit

import pytest
import redis
from django.db import connection
from rest_framework.test import APIClient

from helix.celery import app as celery_app
from tests.conftest import require
from tests.factories import ProjectFactory, UserFactory
from tests.integration.conftest import (
    BASE_DIR,
    POSTGRES_SCHEMES,
    VENV_BIN,
    attach_log,
    postgres_answers,
    redis_answers,
    start_process,
    stop_process,
    wait_until,
    with_path,
)
from webhooks.models import WebhookDelivery

from .factories import WebhookEndpointFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def webhook_worker(request, tmp_path):
    """`celery -A helix worker` on a queue of its own, on REDIS_URL's database, reading the
    test database (committed rows: this test uses real transactions) and allowed to reach the
    receiver on the loopback."""
    redis_url = os.environ.get("REDIS_URL", "")
    postgres_url = os.environ.get("DATABASE_URL", "")
    require(
        bool(redis_url) and redis_answers(redis_url),
        "REDIS_URL is not set or Redis does not answer",
    )
    require(
        urlsplit(postgres_url).scheme in POSTGRES_SCHEMES and postgres_answers(postgres_url),
        "DATABASE_URL is not an answering PostgreSQL: the worker must read the test database",
    )
    queue = f"helix-test-webhooks-{uuid.uuid4().hex[:12]}"
    log = tmp_path / "worker.log"
    attach_log(request, "the Celery worker", log)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helix.settings_test",
        "PYTHONPATH": str(BASE_DIR),
        "DATABASE_URL": with_path(postgres_url, connection.settings_dict["NAME"]),
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "HELIX_WEBHOOKS_ALLOW_LOOPBACK": "true",
        "PYTHONUNBUFFERED": "1",
    }
    process = start_process(
        [
            str(VENV_BIN / "celery"),
            "-A",
            "helix",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ],
        env=env,
        log=log,
    )
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
        celery_app._pool = None
        celery_app.__dict__.pop("amqp", None)
        yield process
    finally:
        celery_app._pool = None
        celery_app.__dict__.pop("amqp", None)
        celery_app.conf.update(saved)
        stop_process(process)
        with redis.Redis.from_url(redis_url) as client:
            keys = list(client.scan_iter(match=f"*{queue}*"))
            if keys:
                client.delete(*keys)


def test_the_worker_delivers_a_signed_webhook_when_a_solution_is_proposed(receiver, webhook_worker):
    project = ProjectFactory()
    endpoint = WebhookEndpointFactory(organisation=project.organisation, url=receiver.url)
    receiver.secret = endpoint.secret
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(UserFactory())

    response = api.post(
        f"/api/v1/projects/{project.slug}/solutions/",
        {"title": "River sensors", "summary": "Twenty sensors.", "description": "Along it."},
    )
    assert response.status_code == 201, response.content

    wait_until(
        lambda: WebhookDelivery.objects.filter(status="succeeded").exists(),
        timeout=30,
        what="the worker delivered no webhook",
        process=webhook_worker,
    )
    [request] = receiver.requests
    assert request.verified
    assert request.json()["type"] == "solution.submitted"
    assert request.json()["data"]["solution"]["id"] == response.json()["id"]
