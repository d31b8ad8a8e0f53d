"""What each side says about itself (an organisation's capability profile and resources, a
project's needs) and the matches computed from it (stored, refreshed by Celery)."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Exists, F, IntegerField, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.choices import District
from core.models import TimeStampedModel
from organisations.models import Organisation, Sector
from projects.models import ConsortiumPartner, Project, Solution


class ResourceKind(models.TextChoices):
    FUNDING = "funding", _("Funding")
    DATA = "data", _("Data sets")
    TESTBED = "testbed", _("Test-bed or pilot site")
    EQUIPMENT = "equipment", _("Equipment or facilities")
    MENTORING = "mentoring", _("Mentoring or expertise time")
    STAFF = "staff", _("Staff or students")
    MARKET = "market", _("Procurement or a market")


def districts_key(codes) -> str:
    """Several districts in one column, ",a,b,": `districts__contains=",a,"` finds a district
    on SQLite and PostgreSQL alike."""
    codes = [code for code in District.values if code in set(codes or ())]
    return f",{','.join(codes)}," if codes else ""


class CapabilityProfile(TimeStampedModel):
    """The sectors an organisation wants to work with (its expertise is its tags)."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="capability_profile",
    )
    seeks_government = models.BooleanField(_("wants to work with government"), default=False)
    seeks_enterprise = models.BooleanField(_("wants to work with enterprises"), default=False)
    seeks_academia = models.BooleanField(_("wants to work with academia"), default=False)
    seeks_community = models.BooleanField(_("wants to work with the community"), default=False)

    class Meta:
        verbose_name = _("capability profile")
        verbose_name_plural = _("capability profiles")

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def sectors_sought(self) -> list[str]:
        return [value for value, _label in Sector.choices if getattr(self, f"seeks_{value}")]


class ResourceQuerySet(models.QuerySet):
    def public(self):
        """Open resources of verified organisations: what the directory and the API show."""
        return self.filter(is_open=True, organisation__verified_at__isnull=False)

    def visible_to(self, user):
        """Open resources of verified organisations for everyone; all of their own
        organisations' for members."""
        public = Q(is_open=True, organisation__verified_at__isnull=False)
        if user.is_authenticated:
            theirs = user.memberships.values("organisation_id")
            return self.filter(public | Q(organisation_id__in=theirs))
        return self.filter(public)


class Resource(TimeStampedModel):
    """Something an organisation offers, or seeks, of a kind."""

    class Direction(models.TextChoices):
        OFFER = "offer", _("Offers")
        SEEK = "seek", _("Seeks")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="resources",
    )
    direction = models.CharField(
        _("offers or seeks"), max_length=5, choices=Direction.choices, default=Direction.OFFER
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ResourceKind.choices)
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(
        _("description"), max_length=3000, validators=[MaxLengthValidator(3000)]
    )
    conditions = models.TextField(
        _("conditions"), max_length=1000, blank=True, validators=[MaxLengthValidator(1000)]
    )
    value_vnd = models.PositiveBigIntegerField(_("value (VND)"), null=True, blank=True)
    districts = models.CharField(_("districts covered"), max_length=200, blank=True)
    is_open = models.BooleanField(_("open"), default=True)
    # Folded (no accents, lower case) title, description and conditions: accent-insensitive
    # search on SQLite and PostgreSQL alike. Written by the services.
    search_text = models.TextField(editable=False, default="")

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["direction", "is_open", "kind"]),
            # The newest open offers (a project's page: those of its needs' kinds): read in
            # this order and stopped at the few shown, not every offer of the province sorted.
            models.Index(
                F("created").desc(),
                F("id").desc(),
                name="resource_open_offer_newest",
                condition=Q(is_open=True, direction="offer"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("matchmaking:offers") + f"#resource-{self.pk}"

    @property
    def district_codes(self) -> list[str]:
        return [code for code in self.districts.split(",") if code]

    def get_districts_display(self) -> list[str]:
        labels = dict(District.choices)
        return [str(labels[code]) for code in self.district_codes if code in labels]


class ProjectNeedQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(project__in=Project.objects.visible_to(user).values("pk"))


class ProjectNeed(TimeStampedModel):
    """A resource a project lacks."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="needs"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ResourceKind.choices)
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(
        _("description"), max_length=3000, blank=True, validators=[MaxLengthValidator(3000)]
    )
    is_open = models.BooleanField(_("still needed"), default=True)
    search_text = models.TextField(editable=False, default="")

    objects = ProjectNeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("project need")
        verbose_name_plural = _("project needs")
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return self.title


def not_involved(project_field: str, organisation_field: str) -> list:
    """Filters: the organisation does not lead the project, lead one of its solutions or
    partner in one (accepted). Matches never propose it.

    Three separate conditions, not one OR: PostgreSQL turns each NOT EXISTS into an anti-join
    probed through the indexes for the few rows a page reads; an OR of EXISTS became a hashed
    subplan that read every solution of the province on each request."""
    project = OuterRef(project_field)
    organisation = OuterRef(organisation_field)
    return [
        ~Q(**{organisation_field: models.F(f"{project_field}__organisation_id")}),
        ~Exists(Solution.objects.filter(project=project, lead_organisation=organisation)),
        ~Exists(
            ConsortiumPartner.objects.filter(
                solution__project=project,
                organisation=organisation,
                status=ConsortiumPartner.Status.ACCEPTED,
            )
        ),
    ]


class MatchQuerySet(models.QuerySet):
    def showable(self):
        """What may be shown, whatever the last refresh saw: open projects, verified
        organisations, not already involved."""
        return self.filter(
            *not_involved("project_id", "organisation_id"),
            project__status=Project.Status.OPEN,
            organisation__verified_at__isnull=False,
        )

    def showable_for_project(self, project: Project):
        """`showable` for one project, whose status is known: one join fewer to plan."""
        if project.status != Project.Status.OPEN:
            return self.none()
        return self.filter(
            *not_involved("project_id", "organisation_id"),
            project=project,
            organisation__verified_at__isnull=False,
        )

    def showable_for_organisation(self, organisation: Organisation):
        """`showable` for one organisation, whose verification is known."""
        if organisation.verified_at is None:
            return self.none()
        return self.filter(
            *not_involved("project_id", "organisation_id"),
            organisation=organisation,
            project__status=Project.Status.OPEN,
        )


# The score in hundredths, an integer: the API's cursor key (ties broken by id).
SCORE_KEY = Cast(F("score") * 100, output_field=IntegerField())


class Match(models.Model):
    """A project and an organisation that could help it, with the score's reasons as data
    (rendered in the reader's language by `reasons.py`)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="matches")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="matches")
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    computed_at = models.DateTimeField(_("computed at"))

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="one_match_per_pair")
        ]
        indexes = [
            models.Index(fields=["project", "-score"]),
            models.Index(fields=["organisation", "-score"]),
            # The API's order (its cursor's key, `matchmaking.api.views.SCORE_KEY`): a page
            # reads 25 rows in index order instead of sorting an organisation's thousands.
            models.Index(F("project"), SCORE_KEY.desc(), F("id").desc(), name="match_project_api"),
            models.Index(
                F("organisation"), SCORE_KEY.desc(), F("id").desc(), name="match_organisation_api"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} ↔ {self.organisation} ({self.score:.0f})"


class MatchAnnouncement(models.Model):
    """A strong match told to the organisation's members (`services._announce`): once per
    project and organisation, ever. The unique constraint keeps it so when two refreshes race,
    and the row outlives the match, so a match that drops and comes back is not told again."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("match announcement")
        verbose_name_plural = _("match announcements")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="one_announcement_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} → {self.organisation_id}"


class ApproachQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related(
            "project",
            "project__organisation",
            "organisation",
            "pledge",
            "sent_by",
            "answered_by",
        )

    def involving(self, user):
        """Approaches either side of which the user is a member of."""
        if not user.is_authenticated:
            return self.none()
        theirs = user.memberships.values("organisation_id")
        return self.filter(Q(organisation_id__in=theirs) | Q(project__organisation_id__in=theirs))

    def committed(self):
        """Accepted expressions of interest that pledged an offer: resources committed."""
        return self.filter(
            kind=Approach.Kind.INTEREST,
            status=Approach.Status.ACCEPTED,
            pledge__isnull=False,
        )


class Approach(TimeStampedModel):
    """Acting on a match: a project's team invites an organisation to propose (an invitation),
    or an organisation's member expresses interest in a project, optionally pledging one of the
    organisation's open offers (an interest). The other side accepts or declines."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation to propose")
        INTEREST = "interest", _("Expression of interest")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="approaches"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="approaches",
    )
    # Whose daily allowance it uses: the project's organisation for an invitation, the
    # interested organisation for an interest (kept: the project may change hands).
    sender_organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", editable=False
    )
    message = models.TextField(
        _("message"), max_length=2000, blank=True, validators=[MaxLengthValidator(2000)]
    )
    pledge = models.ForeignKey(
        Resource,
        verbose_name=_("pledged offer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledges",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    sent_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answer_message = models.TextField(
        _("answer"), max_length=2000, blank=True, validators=[MaxLengthValidator(2000)]
    )
    answered_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = ApproachQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation or interest")
        verbose_name_plural = _("invitations and interests")
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"],
                condition=Q(status="pending"),
                name="one_pending_approach_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(pledge__isnull=True) | Q(kind="interest"),
                name="only_interests_pledge",
            ),
        ]
        indexes = [models.Index(fields=["sender_organisation", "kind", "created"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.organisation} → {self.project}"

    def get_absolute_url(self) -> str:
        return reverse("matchmaking:approach", args=[self.pk])

    @property
    def is_invitation(self) -> bool:
        return self.kind == self.Kind.INVITATION

    @property
    def answering_organisation(self) -> Organisation:
        """The other side: the invited organisation, or the project's for an interest."""
        return self.organisation if self.is_invitation else self.project.organisation


class ProjectCommitments(models.Model):
    """Kept counters of a project's resources committed (accepted pledges), by the pledging
    organisation's sector. Kept beside the project, in matchmaking's own table: the projects
    app knows nothing of pledges. `manage.py recount` checks them."""

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, primary_key=True, related_name="commitments"
    )
    committed_count = models.PositiveIntegerField(_("resources committed"), default=0)
    committed_government = models.PositiveIntegerField(default=0)
    committed_enterprise = models.PositiveIntegerField(default=0)
    committed_academia = models.PositiveIntegerField(default=0)
    committed_community = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("resources committed to a project")
        verbose_name_plural = _("resources committed to projects")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.committed_count}"

    def by_sector(self) -> list[tuple[str, str, int, int]]:
        """(sector, label, count, percent) for each sector with a commitment."""
        total = self.committed_count or 1
        return [
            (value, label, count, round(100 * count / total))
            for value, label in Sector.choices
            if (count := getattr(self, f"committed_{value}"))
        ]
