"""A project's evaluation: its rubric, reviewers, their assignments, declarations and scores,
and the rationale of each decision.

Every row is written by `services.py`; the aggregates are computed from the scores when shown
(`aggregates.py`, pure), never stored.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import TimeStampedModel
from core.storage import private_storage
from projects.models import Project


class Rubric(TimeStampedModel):
    """How a project's solutions are judged: weighted criteria, a closing date, blind or not."""

    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="rubric",
    )
    closes_on = models.DateField(
        _("closing date"), help_text=_("Reviewers score until the end of this day.")
    )
    blind = models.BooleanField(
        _("blind review"),
        default=False,
        help_text=_("Reviewers do not see who leads a solution or who its partners are."),
    )
    normalise = models.BooleanField(
        _("normalise per reviewer"),
        default=False,
        help_text=_(
            "Rank on scores adjusted for each reviewer's strictness or leniency "
            "(see how on the evaluation page)."
        ),
    )
    results_published_at = models.DateTimeField(
        _("results published at"), null=True, blank=True, editable=False
    )
    all_reviews_in_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")

    def __str__(self) -> str:
        return str(self.project)

    def get_absolute_url(self) -> str:
        return reverse("evaluation:manage", kwargs={"slug": self.project.slug})

    @property
    def is_open(self) -> bool:
        return timezone.localdate() <= self.closes_on

    @property
    def is_published(self) -> bool:
        return self.results_published_at is not None


class Criterion(models.Model):
    class Scale(models.IntegerChoices):
        FIVE = 5, _("1 to 5")
        TEN = 10, _("1 to 10")

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("criterion"), max_length=120)
    description = models.TextField(
        _("description"), max_length=1000, blank=True, validators=[MaxLengthValidator(1000)]
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("How much it counts against the other criteria (1 to 100)."),
    )
    scale = models.PositiveSmallIntegerField(_("scale"), choices=Scale.choices, default=Scale.FIVE)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100), name="criterion_weight_1_to_100"
            ),
            models.CheckConstraint(condition=Q(scale__in=[5, 10]), name="criterion_scale_5_or_10"),
        ]

    def __str__(self) -> str:
        return self.title


class Reviewer(TimeStampedModel):
    """A person invited to review a project's solutions, by email address. The account attaches
    when the address is confirmed (at once if it already is)."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="reviewers")
    email = models.EmailField(_("email address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reviews",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "email"], name="one_reviewer_per_email"),
            models.UniqueConstraint(
                fields=["rubric", "user"],
                condition=Q(user__isnull=False),
                name="one_reviewer_per_user",
            ),
        ]

    def __str__(self) -> str:
        return self.user.display_name if self.user_id else self.email


class AssignmentQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related(
            "reviewer__user", "solution__lead_organisation", "solution__lead_user"
        )


class Assignment(TimeStampedModel):
    """A reviewer and one solution: declare, then (if allowed) score, then submit."""

    class Status(models.TextChoices):
        TO_DECLARE = "to_declare", _("To declare conflicts")
        BARRED = "barred", _("Barred (member of the solution's consortium)")
        DECLARED = "declared", _("Conflict declared, awaiting the team's decision")
        REFUSED = "refused", _("Not allowed to score (conflict)")
        CLEARED = "cleared", _("Scoring")
        SUBMITTED = "submitted", _("Submitted")

    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="assignments")
    solution = models.ForeignKey(
        "projects.Solution", on_delete=models.CASCADE, related_name="review_assignments"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.TO_DECLARE
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "solution"], name="one_assignment_per_solution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.solution}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:assignment", kwargs={"pk": self.pk})


class Declaration(models.Model):
    """What a reviewer declared about one solution, and the team's decision. Never deleted."""

    class Relationship(models.TextChoices):
        NONE = "none", _("No conflict of interest")
        MEMBER = "member", _("I belong to the lead or a partner organisation")
        EMPLOYMENT = "employment", _("Past or prospective employment")
        FINANCIAL = "financial", _("Financial interest")
        COLLABORATION = "collaboration", _("Recent collaboration")
        PERSONAL = "personal", _("Family or personal relationship")
        OTHER = "other", _("Other")

    class Decision(models.TextChoices):
        AUTOMATIC = "automatic", _("Decided automatically")
        PENDING = "pending", _("Awaiting the team's decision")
        ALLOWED = "allowed", _("Allowed to score")
        REFUSED = "refused", _("Not allowed to score")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="declarations"
    )
    relationship = models.CharField(_("relationship"), max_length=16, choices=Relationship.choices)
    details = models.TextField(
        _("details"), max_length=1000, blank=True, validators=[MaxLengthValidator(1000)]
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("declaration of interests")
        verbose_name_plural = _("declarations of interests")
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return f"{self.assignment}: {self.get_relationship_display()}"


class Score(TimeStampedModel):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    comment = models.TextField(
        _("comment"), max_length=2000, blank=True, validators=[MaxLengthValidator(2000)]
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=10), name="score_1_to_10"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Rationale(TimeStampedModel):
    """Why a solution was shortlisted, selected or not selected (the latest decision's)."""

    solution = models.OneToOneField(
        "projects.Solution", on_delete=models.CASCADE, related_name="rationale"
    )
    decision = models.CharField(_("decision"), max_length=12)
    text = models.TextField(_("rationale"), max_length=3000, validators=[MaxLengthValidator(3000)])
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("rationale")
        verbose_name_plural = _("rationales")

    def __str__(self) -> str:
        return f"{self.solution}: {self.decision}"


# --- Documents and what is confidential (issue 15, §2) -------------------------------------------


class Visibility(models.TextChoices):
    """Who may see a document or a cost breakdown, besides government staff. Each level
    includes the one before: the consortium and the project team see everything."""

    PUBLIC = "public", _("Public")
    REVIEWERS = "reviewers", _("The consortium, the project team and the assigned reviewers")
    CONSORTIUM = "consortium", _("The consortium and the project team only")


def attachment_path(attachment: "Attachment", filename: str) -> str:
    """An unguessable name: nothing about the document or its uploader is in the path."""
    return f"attachments/{attachment.project_id}/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1]}"


class AttachmentQuerySet(models.QuerySet):
    def of(self, subject):
        """A project's own documents, or a solution's."""
        if isinstance(subject, Project):
            return self.filter(project=subject, solution__isnull=True)
        return self.filter(solution=subject)


class Attachment(TimeStampedModel):
    """A document attached to a project or to one of its solutions. Kept in the private storage
    whatever its visibility, and only ever sent by the permission-checked download view."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    solution = models.ForeignKey(
        "projects.Solution",
        verbose_name=_("solution"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(
        _("file"), upload_to=attachment_path, storage=private_storage, max_length=200
    )
    name = models.CharField(_("name"), max_length=120)
    content_type = models.CharField(_("type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size"), editable=False)
    visibility = models.CharField(
        _("who may see it"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["project", "solution"], name="attachment_subject")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("evaluation:attachment", kwargs={"pk": self.pk})

    @property
    def subject(self):
        return self.solution if self.solution_id else self.project


class CostBreakdown(TimeStampedModel):
    """How a solution's estimated cost is made up: one line per item and amount, as text, with
    its own visibility (often less public than the solution)."""

    solution = models.OneToOneField(
        "projects.Solution", on_delete=models.CASCADE, related_name="cost_breakdown"
    )
    text = models.TextField(
        _("cost breakdown"),
        max_length=5000,
        validators=[MaxLengthValidator(5000)],
        help_text=_("One line per item and its amount, e.g. “20 river sensors: 300,000,000 ₫”."),
    )
    visibility = models.CharField(
        _("who may see it"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.CONSORTIUM,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("cost breakdown")
        verbose_name_plural = _("cost breakdowns")

    def __str__(self) -> str:
        return str(self.solution)


# --- Follow-through (issue 15, §3): milestones, updates and results of a project -------------
# Written by `followthrough.py`; shown by `templatetags/followthrough_tags.py`.


class Milestone(TimeStampedModel):
    """A step of a project in progress. "Late" is not stored: a milestone not done past its due
    date shows as late (`is_late`)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", pgettext_lazy("milestone", "Done")

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(
        _("description"), max_length=2000, blank=True, validators=[MaxLengthValidator(2000)]
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="milestone_progress_0_to_100"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.project.get_absolute_url()}#milestone-{self.pk}"

    @property
    def is_late(self) -> bool:
        return self.status != self.Status.DONE and self.due_on < timezone.localdate()


# An update saved again later than this after it was posted shows "(edited)".
EDITED_AFTER = timedelta(minutes=1)


def update_image_path(instance, filename: str) -> str:
    # The name is Helix's own: the uploaded name is never kept (nor trusted).
    extension = filename.rsplit(".", 1)[-1]
    return f"updates/{timezone.now():%Y/%m}/{instance.project_id}-{uuid.uuid4().hex}.{extension}"


class ProjectUpdate(TimeStampedModel):
    """News of a project in progress, posted by its team: Markdown and one image."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=160)
    body = models.TextField(_("text"), max_length=5000, validators=[MaxLengthValidator(5000)])
    body_html = models.TextField(editable=False, default="")
    image = models.ImageField(_("image"), upload_to=update_image_path, blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=200,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )

    class Meta:
        verbose_name = _("project update")
        verbose_name_plural = _("project updates")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.project.get_absolute_url()}#update-{self.pk}"

    @property
    def edited(self) -> bool:
        """Changed after it was posted (`created` and `modified` differ by microseconds at
        posting): readers see "(edited)", as on comments."""
        return self.modified - self.created > EDITED_AFTER


class ProjectResults(TimeStampedModel):
    """What a completed project delivered, against what it announced."""

    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    delivered = models.TextField(
        _("what was delivered"), max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    delivered_html = models.TextField(editable=False, default="")
    lessons = models.TextField(
        _("lessons learned"), max_length=5000, blank=True, validators=[MaxLengthValidator(5000)]
    )
    lessons_html = models.TextField(editable=False, default="")
    budget_used_vnd = models.PositiveBigIntegerField(_("budget used (VND)"), null=True, blank=True)
    solutions = models.ManyToManyField(
        "projects.Solution",
        verbose_name=_("solutions carried out"),
        blank=True,
        related_name="+",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("project results")
        verbose_name_plural = _("project results")

    def __str__(self) -> str:
        return str(self.project)
