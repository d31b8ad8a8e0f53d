"""Delivery through Celery: thin tasks that take ids and call the services.

- `queue_fan_out(event_id)`: on `signals.event_recorded` (once the change that recorded the
  event commits), hands `notifications_fan_out` to the broker, or leaves the event in the
  outbox for the sweep if the broker is down.
- `notifications_fan_out(event_id)`: creates the notifications and queues the instant emails.
- `notification_send_email(notification_id)` and `notification_send_digest(user_id)`: claim,
  render in the recipient's language, send; an SMTP or connection error releases the claim and
  retries with exponential backoff.
- `notifications_sweep()` (beat, every minute): queues the fan-out of events left in the outbox
  (the broker was down at commit) and the instant emails whose task was lost.
- `notifications_send_digests()` (beat, daily at 07:00 Asia/Ho_Chi_Minh): one task per person
  with something in their digest; nothing for the others.
"""

import logging
import smtplib
from datetime import timedelta

from celery import shared_task
from django.db import DatabaseError
from kombu.exceptions import OperationalError

from core.queueing import broker_breaker

from . import services
from .emails import digest_email, instant_email

TRANSIENT = (smtplib.SMTPException, ConnectionError, TimeoutError)
RETRY = {
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 6,
}

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(DatabaseError, *TRANSIENT), **RETRY)
def notifications_fan_out(event_id: int) -> int:
    """Tell everyone concerned by one event; returns the number of instant emails queued."""
    to_email = services.event_fan_out(event_id=event_id)
    for notification_id in to_email:
        notification_send_email.delay_on_commit(notification_id)
    return len(to_email)


@shared_task(autoretry_for=TRANSIENT, **RETRY)
def notification_send_email(notification_id: int) -> bool:
    notification = services.email_claim(notification_id=notification_id)
    if notification is None:
        return False  # sent already, by an earlier run of this task
    try:
        instant_email(notification).send()
    except TRANSIENT:
        services.email_release(notification_ids=[notification_id])
        raise
    return True


@shared_task(autoretry_for=TRANSIENT, **RETRY)
def notification_send_digest(user_id: int) -> int:
    notifications = services.digest_claim(user_id=user_id)
    if not notifications:
        return 0
    try:
        digest_email(notifications[0].recipient, notifications).send()
    except TRANSIENT:
        services.email_release(notification_ids=[n.pk for n in notifications])
        raise
    return len(notifications)


@shared_task
def notifications_send_digests() -> int:
    user_ids = services.digest_recipients()
    for user_id in user_ids:
        notification_send_digest.delay(user_id)
    return len(user_ids)


@shared_task
def notifications_sweep(older_than_seconds: float = 60) -> int:
    """Queue what the outbox and the instant emails still hold; returns how many tasks."""
    events = services.events_left_in_outbox(older_than=timedelta(seconds=older_than_seconds))
    for event_id in events:
        notifications_fan_out.delay(event_id)
    emails = services.instant_emails_left(older_than=timedelta(minutes=15))
    for notification_id in emails:
        notification_send_email.delay(notification_id)
    return len(events) + len(emails)


def queue_fan_out(event_id: int) -> None:
    """Hand the fan-out to the broker; if it is down, the event waits in the outbox."""
    if broker_breaker.is_open():
        logger.info("Broker recently unavailable: event %s waits for the sweep.", event_id)
        return
    try:
        notifications_fan_out.apply_async((event_id,), retry=False)
    except (OperationalError, OSError):
        broker_breaker.trip()
        logger.warning("Broker unavailable: event %s waits in the outbox for the sweep.", event_id)


def on_event_recorded(sender, *, event_id: int, **kwargs) -> None:
    queue_fan_out(event_id)
