"""Queueing and the Celery tasks: deliveries are queued here, sent by `sending.py`.

- `queue_deliveries(ids)`: on `signals.deliveries_recorded` (after the recording commits) and
  from the sweep; if the broker is down the deliveries stay pending for the sweep.
- `webhook_deliver(delivery_id)`: one attempt; queues the next with its backoff.
- `webhook_sweep()` (beat, every minute): queues the due deliveries that are in no queue.
"""

import logging
from collections.abc import Iterable

from celery import shared_task
from django.utils import timezone

from core.queueing import broker_breaker

from . import sending
from .models import WebhookDelivery

SWEEP_BATCH = 500

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def webhook_deliver(delivery_id: int) -> None:
    """Make the next attempt of one delivery; queue the one after it, if any, with its backoff.

    Safe to run twice: the service claims the row, and a delivery that succeeded is never sent
    again. Each run makes one attempt, so an eager run (no broker) recurses at most
    HELIX_WEBHOOK_MAX_ATTEMPTS deep.
    """
    retry_in = sending.webhook_deliver(delivery_id=delivery_id)
    if retry_in is None:
        return
    try:
        webhook_deliver.apply_async((delivery_id,), countdown=retry_in)
    except Exception:  # the broker is down: the row is pending with its time, the sweep queues it
        logger.warning("Webhook delivery %s: next attempt not queued", delivery_id, exc_info=True)


@shared_task(ignore_result=True)
def webhook_sweep(*, now=None) -> int:
    """Every minute (beat): queue the pending deliveries that are due and held by no worker:
    those whose queuing failed (broker down) and those whose worker died. Returns how many."""
    now = now or timezone.now()
    ids = list(
        WebhookDelivery.objects.due(now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    queue_deliveries(ids, from_worker=True)
    return len(ids)


def queue_deliveries(ids: Iterable[int], *, from_worker: bool = False) -> None:
    """Hand deliveries to Celery. If the broker is down, they stay pending and the sweep
    queues them later; the shared breaker then skips the broker for a while, so an outage
    slows one request, not every one. The sweep runs in a worker, which the broker has just
    reached: it does not ask the breaker."""
    for pk in ids:
        if not from_worker and broker_breaker.is_open():
            logger.info("Broker recently unavailable: delivery %s waits for the sweep.", pk)
            continue
        try:
            webhook_deliver.apply_async((pk,), retry=False)
        except Exception:  # the broker's errors vary with the transport; never fail the request
            broker_breaker.trip()
            logger.warning("Webhook delivery %s not queued; the sweep will", pk, exc_info=True)


def on_deliveries_recorded(sender, *, ids: list[int], **kwargs) -> None:
    queue_deliveries(ids)
