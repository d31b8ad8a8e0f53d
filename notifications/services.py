"""Every write of notifications: the outbox, the fan-out, reading, preferences, email claims.

Delivery is at most once per notification and channel: a task first *claims* what it sends
(sets `emailed_at` where it is still empty, in one UPDATE), so a retried or duplicated task
finds nothing left to send. A failed send releases its claim before retrying.
"""

from datetime import timedelta
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import home_tokens
from accounts.models import User

from . import selectors, signals
from .models import EMAIL_KINDS, Channel, Event, Notification, NotificationPreference
from .tokens import UNSUBSCRIBE_DIGEST

BATCH_SIZE = 1000
# The outbox sweep leaves younger events to the task queued on commit.
SWEEP_AFTER = timedelta(minutes=1)


# --- The outbox ------------------------------------------------------------------------------


def event_record(
    *,
    type: str,
    by: User | None,
    project=None,
    solution=None,
    comment=None,
    organisation=None,
    context: dict | None = None,
    once_key: str | None = None,
) -> Event | None:
    """Write the outbox row in the caller's transaction and announce it after commit
    (`signals.event_recorded`, on which the tasks module queues the fan-out).

    With `once_key`, a second event with the same key is not recorded (returns None).
    """
    fields = {
        "type": type,
        "actor": by if by is not None and by.is_authenticated else None,
        "project": project,
        "solution": solution,
        "comment": comment,
        "organisation": organisation,
        "context": context or {},
        "once_key": once_key,
    }
    if once_key is None:
        event = Event.objects.create(**fields)
    else:
        try:
            with transaction.atomic():
                event = Event.objects.create(**fields)
        except IntegrityError:
            return None
    transaction.on_commit(partial(signals.event_recorded.send, sender=Event, event_id=event.pk))
    return event


@transaction.atomic
def event_fan_out(*, event_id: int) -> list[int]:
    """Create the event's notifications, in batches; return the ids to email at once.

    Safe to run twice, even at the same time: the event row is locked, a processed event is
    skipped, and (recipient, event) is unique, so no one is told twice.
    """
    event = (
        Event.objects.select_for_update(of=("self",))
        .select_related("project", "solution")
        .filter(pk=event_id)
        .first()
    )
    if event is None or event.processed_at is not None:
        return []
    found = selectors.recipients(event)
    key = selectors.once_key(event)
    user_ids = list(found)
    for start in range(0, len(user_ids), BATCH_SIZE):
        batch = user_ids[start : start + BATCH_SIZE]
        chosen = selectors.channels(batch, {found[user_id] for user_id in batch})
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=user_id,
                    event=event,
                    kind=found[user_id],
                    email=selectors.channel_for(user_id, found[user_id], chosen),
                    once_key=key,
                )
                for user_id in batch
            ],
            batch_size=BATCH_SIZE,
            ignore_conflicts=True,
        )
        # A bulk write sends no signal: the recipients' My Helix lists its latest ones.
        home_tokens.forget_people(*batch)
    Event.objects.filter(pk=event.pk).update(processed_at=timezone.now())
    return list(
        Notification.objects.filter(
            event=event, email=Channel.INSTANT, emailed_at__isnull=True
        ).values_list("pk", flat=True)
    )


def events_record_once(*, type: str, events: list[dict]) -> list[int]:
    """Record many events of one type at once, each with its `once_key` (a key recorded
    before is skipped by the unique constraint), in three queries whatever their number;
    announce the new ones after commit. Returns their ids.

    Each dict holds the `Event` fields (`project_id`, `organisation_id`, `context`, `once_key`).
    """
    if not events:
        return []
    Event.objects.bulk_create(
        [Event(type=type, **fields) for fields in events],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )
    ids = list(
        Event.objects.filter(
            once_key__in=[fields["once_key"] for fields in events], processed_at__isnull=True
        ).values_list("pk", flat=True)
    )
    for event_id in ids:
        transaction.on_commit(partial(signals.event_recorded.send, sender=Event, event_id=event_id))
    return ids


def events_left_in_outbox(*, older_than: timedelta = SWEEP_AFTER, limit: int = 1000) -> list[int]:
    cutoff = timezone.now() - older_than
    return list(
        Event.objects.filter(processed_at__isnull=True, created__lte=cutoff)
        .order_by("created")
        .values_list("pk", flat=True)[:limit]
    )


def instant_emails_left(*, older_than: timedelta, limit: int = 1000) -> list[int]:
    """Instant emails never sent (their task lost, or failed for good), for two days."""
    now = timezone.now()
    return list(
        Notification.objects.filter(
            email=Channel.INSTANT,
            emailed_at__isnull=True,
            created__lte=now - older_than,
            created__gte=now - timedelta(days=2),
        ).values_list("pk", flat=True)[:limit]
    )


# --- Email claims ----------------------------------------------------------------------------


def email_claim(*, notification_id: int) -> Notification | None:
    """Take one instant email to send; None if it is sent already (or no longer wanted)."""
    claimed = Notification.objects.filter(
        pk=notification_id, email=Channel.INSTANT, emailed_at__isnull=True
    ).update(emailed_at=timezone.now())
    if not claimed:
        return None
    return Notification.objects.for_listing().select_related("recipient").get(pk=notification_id)


def email_release(*, notification_ids: list[int]) -> None:
    """A send failed: let the retry (or the sweep) claim these again."""
    Notification.objects.filter(pk__in=notification_ids).update(emailed_at=None)


@transaction.atomic
def digest_claim(*, user_id: int) -> list[Notification]:
    """Take every digest notification of one person not yet emailed, oldest first."""
    pending = Notification.objects.select_for_update(skip_locked=True, of=("self",)).filter(
        recipient_id=user_id, email=Channel.DIGEST, emailed_at__isnull=True
    )
    ids = list(pending.values_list("pk", flat=True))
    if not ids:
        return []
    Notification.objects.filter(pk__in=ids).update(emailed_at=timezone.now())
    return list(
        Notification.objects.for_listing()
        .select_related("recipient")
        .filter(pk__in=ids)
        .order_by("created", "pk")
    )


def digest_recipients() -> list[int]:
    return list(
        Notification.objects.filter(email=Channel.DIGEST, emailed_at__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )


# --- Reading ---------------------------------------------------------------------------------


def notification_mark_read(*, notification: Notification, by: User) -> Notification:
    if not by.has_perm("notifications.read_notification", notification):
        raise PermissionDenied
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
        home_tokens.forget_people(notification.recipient_id)
    return notification


def notification_mark_all_read(*, by: User) -> int:
    """Mark every unread notification of the person read; return how many."""
    if not by.is_authenticated:
        raise PermissionDenied
    read = Notification.objects.filter(recipient=by).unread().update(read_at=timezone.now())
    if read:
        home_tokens.forget_people(by.pk)
    return read


# --- Preferences and unsubscribing -----------------------------------------------------------


@transaction.atomic
def preference_set(*, user: User, kind: str, channel: str) -> NotificationPreference:
    """Choose how one kind is emailed. Turning it off also drops the emails still pending."""
    if kind not in EMAIL_KINDS:
        raise ValidationError(_("There is no such kind of notification."))
    if channel not in Channel.values:
        raise ValidationError(_("Choose instantly, in the daily digest, or off."))
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"channel": channel}
    )
    if channel == Channel.OFF:
        Notification.objects.filter(recipient=user, kind=kind, emailed_at__isnull=True).exclude(
            email=Channel.OFF
        ).update(email=Channel.OFF)
    return preference


@transaction.atomic
def preferences_save(*, user: User, channels: dict[str, str]) -> list[str]:
    """Save the kinds whose channel changed (one row each; defaults need none); return them."""
    current = selectors.preferences_of(user)
    changed = [kind for kind, channel in channels.items() if current.get(kind) != channel]
    for kind in changed:
        preference_set(user=user, kind=kind, channel=channels[kind])
    return changed


@transaction.atomic
def unsubscribe(*, user: User, kind: str) -> list[str]:
    """Turn one kind's emails off (the digest: every kind emailed in it); return the kinds."""
    if kind == UNSUBSCRIBE_DIGEST:
        kinds = [
            k for k, channel in selectors.preferences_of(user).items() if channel == Channel.DIGEST
        ]
    else:
        kinds = [kind]
    for each in kinds:
        preference_set(user=user, kind=each, channel=Channel.OFF)
    return kinds
