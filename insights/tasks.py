"""The tallies kept through Celery: thin tasks that take ids.

- `refresh_project(project_id)`: queued once a change to a project, its solutions, partners or
  supports commits (receivers.py); eager in the embedded default. Safe to run twice: it adds
  only the difference from what the project has already added.
- `rebuild_all()` (beat, nightly): every tally recounted; it also catches a refresh lost while
  the broker was down.
"""

import logging

from celery import shared_task
from django.db import DatabaseError

from core.queueing import queue_or_skip

from . import tallies

logger = logging.getLogger(__name__)
RETRY = {"retry_backoff": True, "retry_backoff_max": 600, "max_retries": 5}


@shared_task(autoretry_for=(DatabaseError,), **RETRY)
def refresh_project(project_id: int) -> None:
    tallies.refresh_project(project_id)


@shared_task(autoretry_for=(DatabaseError,), **RETRY)
def refresh_projects(project_ids: list[int]) -> None:
    for project_id in project_ids:
        tallies.refresh_project(project_id)


@shared_task
def rebuild_all() -> int:
    return tallies.rebuild()


def queue(task, argument) -> None:
    """Hand a refresh to the broker; if it is down, the nightly rebuild catches up."""
    queue_or_skip(task, argument, catch_up="the nightly rebuild catches up")
