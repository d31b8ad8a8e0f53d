import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def webhook_deliver(delivery_id: int) -> None:
    """Make the next attempt of one delivery; queue the one after it, if any, with its backoff.

    Safe to run twice: the service claims the row, and a delivery that succeeded is never sent
    again. Each run makes one attempt, so an eager run (no broker) recurses at most
    HELIX_WEBHOOK_MAX_ATTEMPTS deep.
    """
    retry_in = services.webhook_deliver(delivery_id=delivery_id)
    if retry_in is None:
        return
    try:
        webhook_deliver.apply_async((delivery_id,), countdown=retry_in)
    except Exception:  # the broker is down: the row is pending with its time, the sweep queues it
        logger.warning("Webhook delivery %s: next attempt not queued", delivery_id, exc_info=True)


@shared_task(ignore_result=True)
def webhook_sweep() -> int:
    """Every minute (beat): queue pending deliveries that are due but in no queue."""
    return services.webhook_sweep()
