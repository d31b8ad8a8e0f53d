"""The checks of /readyz/: each service answers within a short timeout, or is reported down.

The answers say only "ok" or "down" (and, for the cache, how many operations this process
served without it): /readyz/ is public, so no address or error text is shown.
"""

import logging

from django.core.cache import caches
from django.db import DatabaseError, connection
from kombu import Connection

from core.cache import DegradingRedisCache

from .celery import app as celery_app

logger = logging.getLogger(__name__)

BROKER_TIMEOUT = 1.0  # seconds


def database_status() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.warning("Readiness: the database does not answer (%s).", error)
        return {"status": "down"}
    return {"status": "ok"}


def cache_status() -> dict:
    backend = caches["default"]
    if not isinstance(backend, DegradingRedisCache):
        return {"status": "ok"}  # in the process's memory: up while the process is
    return {
        "status": "ok" if backend.ping() else "down",
        "degraded_operations": backend.health()["degraded_operations"],
    }


def broker_status() -> dict:
    if celery_app.conf.task_always_eager:
        return {"status": "ok"}  # no broker: tasks run in the web process
    try:
        with Connection(
            celery_app.conf.broker_url,
            connect_timeout=BROKER_TIMEOUT,
            transport_options={
                **celery_app.conf.broker_transport_options,
                "socket_timeout": BROKER_TIMEOUT,
                "socket_connect_timeout": BROKER_TIMEOUT,
            },
        ) as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT)
    except Exception as error:
        logger.warning("Readiness: the broker does not answer (%s).", error)
        return {"status": "down"}
    return {"status": "ok"}
