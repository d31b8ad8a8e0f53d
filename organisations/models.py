import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from core.choices import District, label_of
from core.models import TimeStampedModel
from core.uploads import ImageValidator


class Sector(models.TextChoices):
    """The four strands of the helix. Individual citizens count as community."""

    GOVERNMENT = "government", _("Government")
    ENTERPRISE = "enterprise", _("Enterprise")
    ACADEMIA = "academia", _("Academia")
    COMMUNITY = "community", _("Community")


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    MEMBER = "member", _("Member")


MANAGING_ROLES = (Role.OWNER, Role.MANAGER)


class OrganisationQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verified_at__isnull=False)

    def with_listing_data(self):
        return self.prefetch_related("expertise")


class Organisation(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    description = models.TextField(
        _("description"),
        max_length=5000,
        validators=[MaxLengthValidator(5000)],
        help_text=_("What you do and what you can offer."),
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="logos/%Y/",
        blank=True,
        validators=[ImageValidator("HELIX_LOGO_MAX_BYTES")],
        help_text=_("PNG, JPEG or WebP, at most 2 MB."),
    )
    logo_alt = models.CharField(
        _("text alternative of the logo"),
        max_length=250,
        blank=True,
        help_text=_("What the logo shows, for people who cannot see it (required with a logo)."),
    )
    # Made by a task (core.images) once the logo is stored; empty until then.
    logo_thumbnail = models.ImageField(upload_to="thumbnails/", blank=True, editable=False)
    district = models.CharField(_("district"), max_length=20, choices=District.choices)
    expertise = TaggableManager(
        _("expertise"),
        blank=True,
        help_text=_("Comma-separated, e.g. flood sensors, GIS, public transport."),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept by the membership services in the same transaction as the rows they count.
    member_count = models.PositiveIntegerField(_("members"), default=0, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        permissions = [("verify_organisation", _("Can verify organisations"))]
        indexes = [models.Index(fields=["sector", "verified_at"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    def get_sector_display(self) -> str:
        return label_of(Sector, self.sector)

    @property
    def logo_card_url(self) -> str:
        """The thumbnail, or the logo itself until the task has made it (no query)."""
        picture = self.logo_thumbnail or self.logo
        return picture.url if picture else ""

    def clean(self) -> None:
        super().clean()
        if self.logo and not self.logo_alt.strip():
            raise ValidationError(
                {"logo_alt": _("Please describe the logo for people who cannot see it.")},
                code="alt_required",
            )

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class Membership(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.organisation} ({self.get_role_display()})"

    @property
    def can_manage(self) -> bool:
        return self.role in MANAGING_ROLES


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        cutoff = timezone.now() - timedelta(days=settings.HELIX_INVITATION_DAYS)
        return self.filter(status=Invitation.Status.PENDING, created__gt=cutoff)


class Invitation(TimeStampedModel):
    """An invitation by email. Only a hash of the link's token is stored."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(status="pending"),
                name="one_pending_invitation_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        """Return (token for the link, hash to store)."""
        token = secrets.token_urlsafe(32)
        return token, hash_token(token)

    @property
    def is_expired(self) -> bool:
        return self.created < timezone.now() - timedelta(days=settings.HELIX_INVITATION_DAYS)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PENDING and not self.is_expired


class MembershipRequest(TimeStampedModel):
    """A person asks to join an organisation; an owner or manager decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="membership_requests",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="membership_requests",
    )
    message = models.TextField(
        _("message"), max_length=1000, blank=True, validators=[MaxLengthValidator(1000)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership request")
        verbose_name_plural = _("membership requests")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(status="pending"),
                name="one_pending_request_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}"
