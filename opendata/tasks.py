"""The open data's build: nightly by beat (settings.CELERY_BEAT_SCHEDULE) and on demand from the
staff desk. Safe to run twice: each run writes a new folder and swaps the rows."""

from celery import shared_task

from . import services


@shared_task
def build_open_data() -> int:
    return len(services.open_data_build())
