from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a person is told of; each kind has its own email preference."""

    NEW_SOLUTION = "new_solution", _("New solutions on your projects and those you follow")
    REPLY = "reply", _("Replies to your comments")
    COMMENT = "comment", _("Comments on your projects and solutions")
    PROJECT_STATUS = "project_status", _("Status changes of projects you follow")
    SOLUTION_STATUS = "solution_status", _("Decisions on solutions you lead or partner in")
    CONSORTIUM = "consortium", _("Consortium invitations and their answers")
    MEMBERSHIP = "membership", _("Requests to join your organisations, approvals and new members")
    MILESTONE = "milestone", _("Support milestones of your projects and solutions")
    NEW_MATCH = "new_match", _("New projects that match your organisations strongly")
    EVALUATION = "evaluation", _("Evaluations: solutions to review, reminders, all reviews in")
    MATCHMAKING = "matchmaking", _("Invitations and interests from matchmaking, and their answers")
    # Emailed by the organisations app itself (a transactional email): in the app only here.
    ORGANISATION_VERIFIED = "organisation_verified", _("Your organisation verified")
    MEMBERSHIP_INVITATION = "membership_invitation", _("Invitations to join an organisation")


class Channel(models.TextChoices):
    """How a kind reaches a person by email. In the app, every notification is listed."""

    INSTANT = "instant", _("Instantly")
    DIGEST = "digest", _("In the daily digest")
    OFF = "off", _("Off")


# What a person gets until they choose: what needs an answer or is about them, at once;
# what merely happened in what they follow, once a day.
DEFAULT_CHANNELS = {
    Kind.NEW_SOLUTION: Channel.DIGEST,
    Kind.REPLY: Channel.INSTANT,
    Kind.COMMENT: Channel.DIGEST,
    Kind.PROJECT_STATUS: Channel.DIGEST,
    Kind.SOLUTION_STATUS: Channel.INSTANT,
    Kind.CONSORTIUM: Channel.INSTANT,
    Kind.MEMBERSHIP: Channel.INSTANT,
    Kind.MILESTONE: Channel.DIGEST,
    Kind.NEW_MATCH: Channel.DIGEST,
    Kind.EVALUATION: Channel.INSTANT,
    Kind.MATCHMAKING: Channel.INSTANT,
}
EMAIL_KINDS = tuple(DEFAULT_CHANNELS)  # the kinds with a preference and an unsubscribe link


class Event(models.Model):
    """The outbox: one row per domain event, written in the transaction of the change.

    `processed_at` stays empty until the fan-out has created its notifications; the sweep
    (beat, every minute) queues the fan-out again for rows left unprocessed, e.g. because the
    broker was down when the change committed.
    """

    class Type(models.TextChoices):
        SOLUTION_SUBMITTED = "solution_submitted", _("solution submitted")
        COMMENT_CREATED = "comment_created", _("comment created")
        PROJECT_STATUS_CHANGED = "project_status_changed", _("project status changed")
        SOLUTION_STATUS_CHANGED = "solution_status_changed", _("solution status changed")
        PARTNER_INVITED = "partner_invited", _("consortium partner invited")
        PARTNER_ANSWERED = "partner_answered", _("consortium invitation answered")
        ORGANISATION_VERIFIED = "organisation_verified", _("organisation verified")
        INVITATION_CREATED = "invitation_created", _("membership invitation created")
        INVITATION_ACCEPTED = "invitation_accepted", _("membership invitation accepted")
        MEMBERSHIP_REQUESTED = "membership_requested", _("membership requested")
        MEMBERSHIP_APPROVED = "membership_approved", _("membership request approved")
        SUPPORT_MILESTONE = "support_milestone", _("support milestone")
        NEW_MATCH = "new_match", _("new matching project")
        REVIEWER_ASSIGNED = "reviewer_assigned", _("reviewer assigned")
        REVIEWER_REMINDED = "reviewer_reminded", _("reviewer reminded")
        REVIEWS_COMPLETED = "reviews_completed", _("all reviews in")
        APPROACH_SENT = "approach_sent", _("invitation to propose or interest sent")
        APPROACH_ANSWERED = "approach_answered", _("invitation to propose or interest answered")
        PROJECT_UPDATE_POSTED = "project_update_posted", _("project update posted")

    type = models.CharField(_("type"), max_length=32, choices=Type.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    solution = models.ForeignKey(
        "projects.Solution", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        "projects.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # Small and JSON-safe: ids of the invitation, request or partner, statuses, a milestone.
    context = models.JSONField(default=dict, blank=True)
    # Events that must happen once per subject (a support milestone) carry a key.
    once_key = models.CharField(max_length=80, unique=True, null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(
                fields=["created"],
                condition=Q(processed_at__isnull=True),
                name="event_unprocessed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} #{self.pk}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_listing(self):
        """Everything the text and the link of a notification need, in one query."""
        return self.select_related(
            "event__actor",
            "event__project",
            "event__solution__project",
            "event__organisation",
        ).order_by("-created", "-pk")


class Notification(models.Model):
    """One event told to one person: at most once (unique), read or not, emailed or not."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    # The email channel chosen when the notification was created ("off": in the app only).
    email = models.CharField(_("email"), max_length=8, choices=Channel.choices)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    # What a person is told once whatever the event ("new_match:<project id>": one project
    # matching two of their organisations is one notification). NULL for most kinds: NULLs
    # never collide in the unique constraint, where empty strings would.
    once_key = models.CharField(  # noqa: DJ001
        max_length=80, null=True, blank=True, editable=False
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event"], name="one_notification_per_event"
            ),
            models.UniqueConstraint(
                fields=["recipient", "once_key"], name="one_notification_per_recipient_key"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created"], name="notification_list"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["email", "recipient"],
                condition=Q(emailed_at__isnull=True),
                name="notification_unsent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_id}"

    def get_absolute_url(self) -> str:
        """The page of what the notification is about (a path)."""
        event = self.event
        context = event.context
        match event.type:
            case Event.Type.COMMENT_CREATED:
                subject = event.solution or event.project
                return f"{subject.get_absolute_url()}#comment-{event.comment_id}"
            case Event.Type.PARTNER_INVITED:
                return reverse("projects:partnership", args=[context["partner_id"]])
            case Event.Type.INVITATION_CREATED:
                return reverse("organisations:invitation_by_id", args=[context["invitation_id"]])
            case Event.Type.APPROACH_SENT | Event.Type.APPROACH_ANSWERED:
                return reverse("matchmaking:approach", args=[context["approach_id"]])
            case Event.Type.INVITATION_ACCEPTED | Event.Type.MEMBERSHIP_REQUESTED:
                return reverse("organisations:members", args=[event.organisation.slug])
            case Event.Type.REVIEWER_ASSIGNED | Event.Type.REVIEWER_REMINDED:
                return reverse("evaluation:review", args=[event.project.slug])
            case Event.Type.REVIEWS_COMPLETED:
                return reverse("evaluation:manage", args=[event.project.slug])
            case Event.Type.PROJECT_UPDATE_POSTED:
                return f"{event.project.get_absolute_url()}#update-{context.get('update_id')}"
        if event.solution:
            return event.solution.get_absolute_url()
        if event.project:
            return event.project.get_absolute_url()
        if event.organisation:
            return event.organisation.get_absolute_url()
        return reverse("notifications:list")

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A person's email channel for one kind; without a row, the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    channel = models.CharField(_("email"), max_length=8, choices=Channel.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} = {self.channel}"
