"""Thin tasks that take ids.

- `project_cover_thumbnail(project_id)`: queued once a new cover commits; writes the card's
  thumbnail and records it on the project (core.images). Safe to run twice.
"""

from celery import shared_task
from django.db import DatabaseError

from core.images import COVER_THUMBNAIL, thumbnail_refresh

from .models import Project


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=5)
def project_cover_thumbnail(project_id: int) -> str:
    return thumbnail_refresh(Project, project_id, field="cover", variant=COVER_THUMBNAIL)
