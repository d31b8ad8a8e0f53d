"""Sending a delivery: one signed POST an attempt, the attempt logged, the next one planned.

`webhook_deliver` is what the Celery task calls with an id: it claims the row with a conditional
UPDATE, so a delivery is never sent by two workers at once, and never again once it has
succeeded. Recording deliveries is `services.py`; queueing them is `tasks.py`.
"""

import hashlib
import hmac
import time
from datetime import timedelta

import urllib3
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import payloads, safety
from .models import WebhookAttempt, WebhookDelivery

Status = WebhookDelivery.Status
# An ETA task may wake up a moment before the time its row says (clocks of two machines).
CLAIM_TOLERANCE = timedelta(seconds=2)
MAX_BACKOFF = timedelta(hours=6)
ERROR_MAX = 1000


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """`v1=` and the hex HMAC-SHA256, keyed with the secret, of "{timestamp}.{body}"."""
    message = f"{timestamp}.".encode() + body
    return "v1=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_headers(delivery: WebhookDelivery, body: bytes, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": safety.USER_AGENT,
        "Helix-Webhook-Id": str(delivery.event_id),
        "Helix-Webhook-Timestamp": str(timestamp),
        "Helix-Webhook-Signature": sign(delivery.endpoint.secret, timestamp, body),
    }


def backoff(attempts: int) -> timedelta:
    """Wait after the n-th failed attempt: the base, twice it, four times … at most six hours."""
    seconds = settings.HELIX_WEBHOOK_BACKOFF_SECONDS * 2 ** (attempts - 1)
    return min(timedelta(seconds=seconds), MAX_BACKOFF)


def _claim(delivery_id: int) -> bool:
    """Hold the row for one attempt, if it is pending, due, held by nobody and not paused (its
    organisation is verified). A paused delivery is left as it is: no attempt is counted, and
    `services.webhook_resume` announces it when the organisation is verified again."""
    now = timezone.now()
    lease = timedelta(seconds=settings.HELIX_WEBHOOK_TIMEOUT * 2 + 60)
    return bool(
        WebhookDelivery.objects.filter(
            pk=delivery_id, status=Status.PENDING, next_attempt_at__lte=now + CLAIM_TOLERANCE
        )
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .sendable()
        .update(locked_until=now + lease)
    )


def _send(delivery: WebhookDelivery) -> tuple[int | None, str, bool]:
    """One POST: (response status or None, error text, whether to give up at once)."""
    if not delivery.endpoint.is_active:
        return None, _("Not sent: the endpoint is disabled."), True
    body = delivery.body()
    headers = signed_headers(delivery, body, int(time.time()))
    try:
        status = safety.post(
            delivery.endpoint.url,
            body=body,
            headers=headers,
            timeout=settings.HELIX_WEBHOOK_TIMEOUT,
        )
    except safety.UnsafeDestination as error:
        return None, _("Refused: %(reason)s") % {"reason": error}, True
    except (urllib3.exceptions.TimeoutError, TimeoutError):
        return (
            None,
            _("No answer within %(seconds)g seconds.")
            % {"seconds": settings.HELIX_WEBHOOK_TIMEOUT},
            False,
        )
    except (urllib3.exceptions.HTTPError, OSError) as error:
        return None, f"{type(error).__name__}: {error}", False
    if 200 <= status < 300:
        return status, "", False
    return status, _("The receiver answered %(status)d.") % {"status": status}, False


def webhook_deliver(*, delivery_id: int) -> float | None:
    """Make the next attempt of a delivery, log it, and decide what follows.

    Returns the seconds to wait before the next attempt if there is one; None when the delivery
    succeeded, failed for good, or was not ours to send (already sent, not due, or held by
    another worker).
    """
    if not _claim(delivery_id):
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None:  # its endpoint was deleted meanwhile
        return None
    payload = payloads.still_public(delivery.event_type, delivery.payload)
    if payload != delivery.payload:  # the log shows what was sent
        delivery.payload = payload
        delivery.save(update_fields=["payload", "modified"])
    number = delivery.attempt_count + 1
    started_at = timezone.now()
    started = time.monotonic()
    status, error, give_up = _send(delivery)
    duration_ms = round((time.monotonic() - started) * 1000)
    succeeded = not error
    retry_in = None
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=number,
            started_at=started_at,
            duration_ms=duration_ms,
            response_status=status,
            error=error[:ERROR_MAX],
            succeeded=succeeded,
        )
        delivery.attempt_count = number
        delivery.locked_until = None
        if succeeded:
            delivery.status, delivery.next_attempt_at = Status.SUCCEEDED, None
        elif give_up or number >= settings.HELIX_WEBHOOK_MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = Status.FAILED, None
        else:
            wait = backoff(number)
            delivery.next_attempt_at = timezone.now() + wait
            retry_in = wait.total_seconds()
        delivery.save(
            update_fields=["attempt_count", "locked_until", "status", "next_attempt_at", "modified"]
        )
    return retry_in
