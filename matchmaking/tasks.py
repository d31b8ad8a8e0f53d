"""The matches kept fresh through Celery: thin tasks that take ids and call the services.

- `refresh_project(project_id)` / `refresh_organisation(organisation_id)`: queued once the change
  that moves their matches commits (receivers.py and services.py); eager in the embedded default.
- `refresh_all()` (beat, nightly): everything again, since a tag's rarity and a word's weight move
  with every profile; it also catches a refresh lost while the broker was down.
"""

import logging

from celery import shared_task
from django.db import DatabaseError

from core.queueing import queue_or_skip

from . import services

logger = logging.getLogger(__name__)
RETRY = {"retry_backoff": True, "retry_backoff_max": 600, "max_retries": 5}


@shared_task(autoretry_for=(DatabaseError,), **RETRY)
def refresh_project(project_id: int) -> int:
    return services.matches_refresh_project(project_id=project_id)


@shared_task(autoretry_for=(DatabaseError,), **RETRY)
def refresh_organisation(organisation_id: int) -> int:
    return services.matches_refresh_organisation(organisation_id=organisation_id)


@shared_task
def refresh_all() -> int:
    return services.matches_refresh_all()


def queue(task, object_id) -> None:
    """Hand a refresh to the broker; if it is down, the nightly refresh catches up."""
    queue_or_skip(task, object_id, catch_up="the nightly refresh catches up")
