"""Thin tasks taking ids: a person's copy of their data, and the nightly purge of old copies."""

from celery import shared_task
from django.db import DatabaseError

from . import exports


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def build_data_export(export_id: str) -> None:
    exports.data_export_build(export_id=export_id)


@shared_task
def purge_data_exports() -> int:
    return exports.data_exports_purge()
