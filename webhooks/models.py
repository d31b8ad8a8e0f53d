import json
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from organisations.models import Organisation

from .safety import validate_webhook_url

URL_MAX_LENGTH = 500


class Event(models.TextChoices):
    """What a partner system can subscribe to (see docs/api.md, "Webhooks")."""

    PROJECT_PUBLISHED = "project.published", _("A project is published")
    PROJECT_STATUS_CHANGED = "project.status_changed", _("A published project changes status")
    SOLUTION_SUBMITTED = "solution.submitted", _("A solution is submitted")
    SOLUTION_STATUS_CHANGED = "solution.status_changed", _("A solution changes status")
    COMMENT_CREATED = "comment.created", _("A comment is written")
    MATCH_INVITATION_SENT = "match.invitation_sent", _("An invitation to propose is sent")
    MATCH_INTEREST_EXPRESSED = (
        "match.interest_expressed",
        _("An interest in a project is expressed"),
    )
    MATCH_ANSWERED = "match.answered", _("An invitation or an interest is answered")
    OFFER_PLEDGED = "offer.pledged", _("A pledged offer is accepted by the project")
    UPDATE_POSTED = "project.update_posted", _("A project in progress posts an update")
    MILESTONE_CHANGED = "project.milestone_changed", _("A project's milestone is added or changes")
    EVALUATION_COMPLETED = "evaluation.completed", _("Every review of a project's solutions is in")


PING = "ping"
# What a delivery can carry: the events, and the test ping sent on request.
DELIVERY_TYPES = [*Event.choices, (PING, _("Test ping"))]


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def validate_events(value) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one event."), code="required")
    unknown = [event for event in value if event not in Event.values]
    if unknown:
        raise ValidationError(
            _("Unknown events: %(events)s.") % {"events": ", ".join(map(str, unknown))},
            code="invalid",
        )


# An endpoint is "failing" while a delivery made to it in these last days failed for good or is
# being retried: the staff desk counts them and the endpoints' list filters on the same rule.
FAILING_DAYS = 7


class WebhookEndpointQuerySet(models.QuerySet):
    def failing(self, now):
        """Endpoints with a delivery failed or retrying in the last FAILING_DAYS days."""
        troubled = WebhookDelivery.objects.filter(
            created__gte=now - timedelta(days=FAILING_DAYS)
        ).filter(
            Q(status=WebhookDelivery.Status.FAILED)
            | Q(status=WebhookDelivery.Status.PENDING, attempt_count__gt=0)
        )
        return self.filter(pk__in=troubled.values("endpoint"))


class WebhookEndpoint(TimeStampedModel):
    """A partner system's address that receives an organisation's events, signed with a secret
    that Helix generates."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
    )
    url = models.URLField(
        _("URL"),
        max_length=URL_MAX_LENGTH,
        validators=[validate_webhook_url],
        help_text=_(
            "An http or https address on the public internet, e.g. https://example.org/helix."
        ),
    )
    events = models.JSONField(
        _("events"),
        default=list,
        validators=[validate_events],
        help_text=_("The events sent to this address."),
    )
    secret = models.CharField(_("secret"), max_length=100, default=new_secret, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = WebhookEndpointQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["organisation", "created", "pk"]
        indexes = [models.Index(fields=["organisation", "is_active"])]

    def __str__(self) -> str:
        return self.url

    def get_absolute_url(self) -> str:
        return reverse("webhooks:detail", kwargs={"slug": self.organisation.slug, "pk": self.pk})

    @property
    def is_paused(self) -> bool:
        """Nothing is sent while the organisation is not verified: its deliveries wait."""
        return not self.organisation.is_verified

    def get_events_display(self) -> list[tuple[str, str]]:
        """[(event, its description)] in the order of Event."""
        return [(value, label) for value, label in Event.choices if value in self.events]


class WebhookDeliveryQuerySet(models.QuerySet):
    def sendable(self):
        """Deliveries to a verified organisation's endpoints: the others are paused (held,
        pending, no attempt made) until staff verify the organisation again.

        A subquery, not a join: `_claim`'s conditional UPDATE then stays an UPDATE of this
        table alone, whose conditions PostgreSQL checks again on the row it locked (with a
        join, Django updates `WHERE id IN (SELECT …)`, and two workers could both claim)."""
        return self.filter(
            endpoint__in=WebhookEndpoint.objects.filter(
                organisation__verified_at__isnull=False
            ).values("pk")
        )

    def due(self, now):
        """Pending deliveries whose next attempt is due, that no worker holds and that are not
        paused."""
        return (
            self.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)
            .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
            .sendable()
        )


class WebhookDelivery(TimeStampedModel):
    """One event for one endpoint: the outbox row, written in the transaction of the change.

    The payload is the snapshot taken when the event happened; every attempt (and redelivery)
    sends these same bytes, signed afresh.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("endpoint"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event_type = models.CharField(_("event"), max_length=40, choices=DELIVERY_TYPES)
    event_id = models.UUIDField(_("event id"), db_index=True)
    payload = models.JSONField(_("payload"), encoder=DjangoJSONEncoder)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempt_count = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # A worker that claims the row holds it until then (a crashed worker's claim expires).
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created", "-pk"]
        indexes = [
            # The sweep: pending rows by due time.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="webhook_delivery_due",
            ),
            # An endpoint's log, newest first.
            models.Index(fields=["endpoint", "-created"], name="webhook_delivery_log"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint_id} ({self.status})"

    def body(self) -> bytes:
        """The exact bytes sent and signed."""
        return json.dumps(
            self.payload, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
        ).encode()


class WebhookAttempt(models.Model):
    """One HTTP request of a delivery, successful or not."""

    delivery = models.ForeignKey(
        WebhookDelivery,
        verbose_name=_("delivery"),
        on_delete=models.CASCADE,
        related_name="attempts",
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started at"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    response_status = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)

    class Meta:
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="one_attempt_per_number")
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.response_status or self.error[:40]}"
