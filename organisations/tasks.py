"""Thin tasks that take ids.

- `organisation_logo_thumbnail(organisation_id)`: queued once a new logo commits; writes the
  cards' thumbnail and records it on the organisation (core.images). Safe to run twice.
"""

from celery import shared_task
from django.db import DatabaseError

from core.images import LOGO_THUMBNAIL, thumbnail_refresh

from .models import Organisation


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=5)
def organisation_logo_thumbnail(organisation_id: int) -> str:
    return thumbnail_refresh(Organisation, organisation_id, field="logo", variant=LOGO_THUMBNAIL)
