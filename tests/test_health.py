"""/healthz/ is liveness (the process answers); /readyz/ is readiness: database, cache, broker."""

import pytest
from django.db import OperationalError

from helix import health
from helix.celery import app as celery_app
from tests.integration.conftest import free_port

from .test_cache import cache_at, cache_down  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    class Down:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Down())


@pytest.fixture
def broker_down():
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "broker_url")}
    celery_app.conf.update(task_always_eager=False, broker_url=f"redis://127.0.0.1:{free_port()}/0")
    yield
    celery_app.conf.update(saved)


def test_ready_when_every_service_answers(client):
    response = client.get("/readyz/")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": {"status": "ok"},
        "cache": {"status": "ok"},
        "broker": {"status": "ok"},
    }
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_database_outage_is_a_503_but_the_process_is_alive(client, database_down):
    response = client.get("/readyz/")

    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["database"] == {"status": "down"}
    assert client.get("/healthz/").status_code == 200


def test_a_cache_outage_is_degraded_not_down(client, cache_down):  # noqa: F811
    response = client.get("/readyz/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["cache"]["status"] == "down"
    assert body["cache"]["degraded_operations"] >= 1
    assert body["database"] == body["broker"] == {"status": "ok"}


def test_a_broker_outage_is_degraded_not_down(client, broker_down):
    response = client.get("/readyz/")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["broker"] == {"status": "down"}


def test_no_address_or_error_text_is_shown(client, cache_down, broker_down):  # noqa: F811
    body = client.get("/readyz/").content.decode()

    assert "127.0.0.1" not in body
    assert "refused" not in body.lower()


def test_both_checks_answer_over_plain_http_in_production(settings, client):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz/").status_code == 200
    assert client.get("/readyz/").status_code == 200
    assert client.get("/").status_code == 301
