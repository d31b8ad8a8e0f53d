from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person. Email is the login; the display name is what others see."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=80)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Pages and emails are shown in this language."),
    )
    # Set on the one account that an organisation's API keys act as (api/services.py makes it).
    # It signs in only with a key, is a manager of that organisation and of no other, and is
    # not a person: it neither supports nor follows, and is not counted among the members.
    api_organisation = models.OneToOneField(
        "organisations.Organisation",
        verbose_name=_("API account of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="api_account",
    )

    # My Helix's "what changed since your last visit" (accounts.services.user_record_home_visit):
    # when this visit to My Helix began, and when the one before it did. A visit begins after an
    # hour without one, so that a reload keeps the changes in view and the row is written at most
    # once an hour, never on other pages.
    home_visit_at = models.DateTimeField(null=True, blank=True, editable=False)
    home_previous_visit_at = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.public_name if self.is_former_participant else self.display_name or self.email

    @property
    def is_former_participant(self) -> bool:
        """An account its person deleted (privacy.services.account_delete): the row stays so that
        their comments, solutions and supports stay, but nothing on it says who they were."""
        return not self.is_active and not self.display_name

    @property
    def public_name(self) -> str:
        """The name others see: the display name, or "A former participant"."""
        if self.is_former_participant:
            return str(_("A former participant"))
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("accounts:dashboard")

    @cached_property
    def has_second_factor(self) -> bool:
        """An activated authenticator app (allauth.mfa). Staff powers need one: the admin's
        and the site's (is_government_staff)."""
        from allauth.mfa.models import Authenticator

        return Authenticator.objects.filter(user=self, type=Authenticator.Type.TOTP).exists()

    def is_government_staff(self) -> bool:
        """The staff desk's people, on the site and in the API as in the admin: staff allowed
        to change projects, signed in with a second factor (costs no query for others)."""
        return self.is_staff and self.has_perm("projects.change_project") and self.has_second_factor

    @property
    def is_api_account(self) -> bool:
        return self.api_organisation_id is not None

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name
