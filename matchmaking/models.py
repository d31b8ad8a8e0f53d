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
        indexes = [models.Index(fields=["direction", "is_open", "kind"])]

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
