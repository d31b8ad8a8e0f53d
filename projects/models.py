from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from core.choices import District, label_of
from core.models import TimeStampedModel
from core.uploads import ImageValidator
from organisations.models import Membership, Organisation, Sector


def one_subject(first: str, second: str, *, name: str) -> models.CheckConstraint:
    """A row about exactly one of two things (a project or a solution, say), never both."""
    return models.CheckConstraint(
        condition=Q(**{f"{first}__isnull": False, f"{second}__isnull": True})
        | Q(**{f"{first}__isnull": True, f"{second}__isnull": False}),
        name=name,
    )


class Theme(models.TextChoices):
    SMART_MOBILITY = "smart-mobility", _("Smart mobility")
    FLOODING_WATER = "flooding-water", _("Flooding & water")
    ENERGY = "energy", _("Energy")
    ENVIRONMENT = "environment", _("Environment")
    DIGITAL_GOVERNMENT = "digital-government", _("Digital government")
    EDUCATION_SKILLS = "education-skills", _("Education & skills")
    HEALTH = "health", _("Health")
    INDUSTRY_INNOVATION = "industry-innovation", _("Industry 4.0 & innovation")
    URBAN_PLANNING = "urban-planning", _("Urban planning")
    PUBLIC_SAFETY = "public-safety", _("Public safety")


class SupportCounters(models.Model):
    """Supports kept on the row, in total and by the supporter's sector.

    Updated with F() by the vote services in the same transaction as the vote row;
    `manage.py recount` rebuilds them from the votes.
    """

    support_count = models.PositiveIntegerField(_("supports"), default=0, editable=False)
    support_government = models.PositiveIntegerField(default=0, editable=False)
    support_enterprise = models.PositiveIntegerField(default=0, editable=False)
    support_academia = models.PositiveIntegerField(default=0, editable=False)
    support_community = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)

    class Meta:
        abstract = True

    def support_by_sector(self) -> list[tuple[str, str, int, int]]:
        """[(sector, label, count, percent)] in the sectors' order."""
        total = self.support_count or 0
        return [
            (
                value,
                label,
                getattr(self, f"support_{value}"),
                round(100 * getattr(self, f"support_{value}") / total) if total else 0,
            )
            for value, label in Sector.choices
        ]


def is_government_staff(user) -> bool:
    """Government staff: the staff desk's people, who see every draft and may move any project
    or solution. The rule itself is `User.is_government_staff` (staff, allowed to change projects,
    with a second factor); this answers for visitors too. The rules of permissions.py use it as a
    predicate, `visible_to` below as a condition."""
    return user.is_authenticated and user.is_government_staff()


def _caller_supports(user, **subject) -> models.Exists:
    return models.Exists(Vote.objects.filter(user=user, **subject))


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published projects for everyone; drafts too for the members of their organisation
        and for government staff. Solutions and comments are visible with their project."""
        public = ~Q(status=Project.Status.DRAFT)
        if user.is_authenticated:
            if is_government_staff(user):
                return self
            # A subquery, not a join: no DISTINCT over whole rows, and no duplicates to remove.
            theirs = Membership.objects.filter(user=user).values("organisation_id")
            return self.filter(public | Q(organisation_id__in=theirs))
        return self.filter(public)

    def with_listing_data(self):
        """What a card or an API row shows. Tags are not prefetched here: a card reads them only
        when it is not cached (`selectors.attach_tag_names`), the API in its own query
        (`selectors.with_tag_names`)."""
        return self.select_related("organisation")

    def with_caller_marks(self, user):
        """Annotate whether the signed-in caller supports (`api_supported`) and follows
        (`api_following`) each project; nothing for a visitor (the API shows null)."""
        if not user.is_authenticated:
            return self
        return self.annotate(
            api_supported=_caller_supports(user, project=models.OuterRef("pk")),
            api_following=models.Exists(
                Follow.objects.filter(user=user, project=models.OuterRef("pk"))
            ),
        )


class Project(SupportCounters, TimeStampedModel):
    """A challenge or an initiative that an organisation puts to the helix."""

    class Kind(models.TextChoices):
        CHALLENGE = "challenge", _("Challenge")
        INITIATIVE = "initiative", _("Initiative")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for solutions")
        IN_REVIEW = "in_review", _("In review")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        ARCHIVED = "archived", _("Archived")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.CHALLENGE)
    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=180, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(
        _("description"),
        max_length=20_000,
        validators=[MaxLengthValidator(20_000)],
        help_text=_("Markdown: **bold**, lists, links."),
    )
    description_html = models.TextField(editable=False, default="")
    theme = models.CharField(_("theme"), max_length=24, choices=Theme.choices)
    district = models.CharField(_("district"), max_length=20, choices=District.choices)
    tags = TaggableManager(_("tags"), blank=True)
    seeks_government = models.BooleanField(_("seeks government partners"), default=False)
    seeks_enterprise = models.BooleanField(_("seeks enterprise partners"), default=False)
    seeks_academia = models.BooleanField(_("seeks academic partners"), default=False)
    seeks_community = models.BooleanField(_("seeks community partners"), default=False)
    budget_vnd = models.PositiveBigIntegerField(_("budget (VND)"), null=True, blank=True)
    deadline = models.DateField(_("deadline for solutions"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    cover = models.ImageField(
        _("cover image"),
        upload_to="covers/%Y/",
        blank=True,
        validators=[ImageValidator("HELIX_COVER_MAX_BYTES")],
        help_text=_(
            "A photo or drawing for the project's card and page: JPEG, PNG or WebP, at most 5 MB."
        ),
    )
    cover_alt = models.CharField(
        _("text alternative of the cover image"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the picture shows, for people who cannot see it (required with a picture)."
        ),
    )
    # Made by a task (core.images) once the cover is stored; empty until then.
    cover_thumbnail = models.ImageField(upload_to="thumbnails/", blank=True, editable=False)
    solution_count = models.PositiveIntegerField(_("solutions"), default=0, editable=False)
    follower_count = models.PositiveIntegerField(_("followers"), default=0, editable=False)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-published_at", "-created"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["theme", "district"]),
            # The API's default order (newest first, drafts by creation) and its keyset pages.
            models.Index(
                Coalesce("published_at", "created").desc(),
                F("id").desc(),
                name="project_newest_keyset",
            ),
            # The same for what visitors see: drafts, the newest rows by creation, are not read
            # (and skipped) before every public page.
            models.Index(
                Coalesce("published_at", "created").desc(),
                F("id").desc(),
                condition=~Q(status="draft"),
                name="project_public_keyset",
            ),
            models.Index(
                F("support_count").desc(), F("id").desc(), name="project_supported_keyset"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", kwargs={"slug": self.slug})

    def get_district_display(self) -> str:
        return label_of(District, self.district)

    @property
    def cover_card_url(self) -> str:
        """The thumbnail, or the picture itself until the task has made it (no query)."""
        picture = self.cover_thumbnail or self.cover
        return picture.url if picture else ""

    def clean(self) -> None:
        super().clean()
        if self.cover and not self.cover_alt.strip():
            raise ValidationError(
                {"cover_alt": _("Please describe the picture for people who cannot see it.")},
                code="alt_required",
            )

    @property
    def sectors_sought(self) -> list[str]:
        return [value for value, _label in Sector.choices if getattr(self, f"seeks_{value}")]


class StatusChange(models.Model):
    """One step of a project's or a solution's lifecycle: who moved it, when, from what to what."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="status_changes"
    )
    solution = models.ForeignKey(
        "Solution", on_delete=models.CASCADE, null=True, blank=True, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]
        constraints = [one_subject("project", "solution", name="status_change_has_one_subject")]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status} ({self.at:%Y-%m-%d %H:%M})"


class SolutionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The solutions of the projects the user may see (`ProjectQuerySet.visible_to`)."""
        return self.filter(project__in=Project.objects.visible_to(user).values("pk"))

    def with_caller_marks(self, user):
        """Annotate whether the signed-in caller supports each solution (`api_supported`)."""
        if not user.is_authenticated:
            return self
        return self.annotate(api_supported=_caller_supports(user, solution=models.OuterRef("pk")))

    def with_listing_data(self):
        return self.select_related("project", "lead_organisation", "lead_user").prefetch_related(
            models.Prefetch(
                "partners",
                queryset=ConsortiumPartner.objects.filter(
                    status=ConsortiumPartner.Status.ACCEPTED
                ).select_related("organisation"),
                to_attr="accepted_partners",
            )
        )


class Solution(SupportCounters, TimeStampedModel):
    """A proposal to a project, led by an organisation or by a person, with partners."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        SELECTED = "selected", _("Selected")
        NOT_SELECTED = "not_selected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="solutions"
    )
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="solutions",
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_solutions",
        help_text=_("Leave empty to propose as an individual."),
    )
    title = models.CharField(_("title"), max_length=160)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(
        _("description"), max_length=20_000, validators=[MaxLengthValidator(20_000)]
    )
    description_html = models.TextField(editable=False, default="")
    estimated_cost_vnd = models.PositiveBigIntegerField(
        _("estimated cost (VND)"), null=True, blank=True
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )

    objects = SolutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:solution", kwargs={"slug": self.project.slug, "pk": self.pk})


def subject_project(subject: "Project | Solution") -> Project:
    """The project a comment, a support or a report is about: the subject, or its solution's."""
    return subject if isinstance(subject, Project) else subject.project


class ConsortiumPartner(TimeStampedModel):
    """An organisation invited into a solution's consortium. Shown only once it accepts."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="consortium_invitations",
    )
    role = models.CharField(
        _("role in the consortium"), max_length=120, help_text=_("e.g. research partner")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consortium partner")
        verbose_name_plural = _("consortium partners")
        constraints = [
            models.UniqueConstraint(
                fields=["solution", "organisation"], name="one_partnership_per_solution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_status_display()})"


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The comments on the projects the user may see and on their solutions (hidden and
        deleted ones included: they keep their place in the thread, without their text)."""
        visible = Project.objects.visible_to(user).values("pk")
        return self.filter(
            Q(project__in=visible)
            | Q(solution__in=Solution.objects.filter(project__in=visible).values("pk"))
        )


class Comment(TimeStampedModel):
    """On a project or a solution; replies form a thread. Hidden or deleted, never removed."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    solution = models.ForeignKey(
        Solution, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    body = models.TextField(_("comment"), max_length=5000, validators=[MaxLengthValidator(5000)])
    body_html = models.TextField(editable=False, default="")
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created", "pk"]
        permissions = [("hide_comment", _("Can hide and unhide comments, and resolve reports"))]
        constraints = [one_subject("project", "solution", name="comment_on_one_subject")]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"

    @property
    def subject(self) -> "Project | Solution":
        """What it is said about: its project, or its solution."""
        return self.project if self.project_id else self.solution

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class CommentRevision(models.Model):
    """The text a comment had before an edit."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return f"{self.comment_id} @ {self.created:%Y-%m-%d %H:%M}"


class Vote(models.Model):
    """A support. One per person and project or solution, by database constraint.

    `sector` is the sector the support was counted in when cast, so withdrawing it takes it
    back from the same counter.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes"
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="votes"
    )
    solution = models.ForeignKey(
        Solution, on_delete=models.CASCADE, null=True, blank=True, related_name="votes"
    )
    sector = models.CharField(max_length=20, choices=Sector.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "project"],
                condition=Q(project__isnull=False),
                name="one_vote_per_project",
            ),
            models.UniqueConstraint(
                fields=["user", "solution"],
                condition=Q(solution__isnull=False),
                name="one_vote_per_solution",
            ),
            one_subject("project", "solution", name="vote_on_one_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.project or self.solution}"


class Follow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="follows")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "project"], name="one_follow_per_project")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.project}"


class Report(TimeStampedModel):
    """Someone flags a comment or a solution; staff resolve it in the admin."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        HIDDEN = "hidden", _("Content hidden")
        DISMISSED = "dismissed", _("Dismissed")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    solution = models.ForeignKey(
        Solution, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reason = models.CharField(_("reason"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created"]
        constraints = [
            one_subject("comment", "solution", name="report_on_one_subject"),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=Q(status="open", comment__isnull=False),
                name="one_open_report_per_comment",
            ),
            models.UniqueConstraint(
                fields=["reporter", "solution"],
                condition=Q(status="open", solution__isnull=False),
                name="one_open_report_per_solution",
            ),
        ]
