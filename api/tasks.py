from celery import shared_task

from .idempotency import idempotency_purge


@shared_task
def purge_idempotent_requests() -> int:
    """Scheduled hourly by beat: forget stored answers past their keeping time."""
    return idempotency_purge()
