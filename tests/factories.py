import time
from datetime import timedelta
from io import BytesIO

import factory
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import User
from core.choices import District
from organisations.models import (
    Invitation,
    Membership,
    MembershipRequest,
    Organisation,
    Role,
    Sector,
)
from projects.markdown import render_markdown

# A photo's EXIF: where (GPS) and with what it was taken, and that it is turned (orientation 6).
EXIF_GPS, EXIF_ORIENTATION, EXIF_MAKE = 0x8825, 0x0112, 0x010F


def picture(
    name: str = "photo.jpg",
    *,
    image_format: str = "JPEG",
    size: tuple[int, int] = (800, 450),
    exif: bool = False,
) -> SimpleUploadedFile:
    """An upload of a picture drawn in memory; `exif` adds a camera, a place and a turn."""
    image = Image.new("RGB", size, (11, 93, 122))
    image.paste((255, 209, 102), (0, 0, size[0] // 2, size[1] // 2))
    options = {}
    if exif:
        tags = Image.Exif()
        tags[EXIF_MAKE] = "HelixCam"
        tags[EXIF_ORIENTATION] = 6
        tags[EXIF_GPS] = {1: "N", 2: (10.0, 58.0, 48.0), 3: "E", 4: (106.0, 39.0, 0.0)}
        options["exif"] = tags
    out = BytesIO()
    image.save(out, format=image_format, **options)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}.get(
        image_format, "application/octet-stream"
    )
    return SimpleUploadedFile(name, out.getvalue(), content_type=content_type)


PASSWORD = "a-Strong-pass-123"
# Every staff account and superuser built here has this authenticator app set up (the admin
# opens only with one): totp_code() is what the app shows now. totp=False builds one without.
TOTP_SECRET = "JBSWY3DPEHPK3PXPHELIXTESTS2FA234"


def totp_code(secret: str = TOTP_SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name")
    preferred_language = "en"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(self, create: bool, extracted, **kwargs) -> None:
        """Accounts are confirmed unless built with verified_email=False."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def totp(self, create: bool, extracted, **kwargs) -> None:
        """Staff and superusers get an activated authenticator app and recovery codes."""
        wanted = extracted if extracted is not None else (self.is_staff or self.is_superuser)
        if create and wanted:
            TOTP.activate(self, TOTP_SECRET)
            RecoveryCodes.activate(self)


class StaffFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def government_staff(self, create: bool, extracted, **kwargs) -> None:
        if create:
            self.groups.add(Group.objects.get(name="Government staff"))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    sector = Sector.ENTERPRISE
    district = District.THU_DAU_MOT
    description = "We build flood sensors for Binh Duong."

    class Params:
        verified = factory.Trait(verified_at=factory.LazyFunction(timezone.now))


class MembershipFactory(factory.django.DjangoModelFactory):
    """Creates the row and keeps the organisation's member counter in step, as the services do."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MEMBER

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        membership = super()._create(model_class, *args, **kwargs)
        Organisation.objects.filter(pk=membership.organisation_id).update(
            member_count=Membership.objects.filter(
                organisation_id=membership.organisation_id
            ).count()
        )
        membership.organisation.refresh_from_db(fields=["member_count"])
        return membership


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Role.MEMBER
    token_hash = factory.Sequence(lambda n: f"{n:064x}")


class MembershipRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipRequest

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)


class ProjectFactory(factory.django.DjangoModelFactory):
    """An open project of a verified organisation, unless told otherwise."""

    class Meta:
        model = "projects.Project"
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory, verified=True)
    title = factory.Sequence(lambda n: f"Flood warnings for ward {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    summary = "Warn residents an hour before the water rises."
    description = "Sensors on the **Thị Tính** river."
    # Rendered from the description as the services do: a test that sets its own description
    # shows that one, not the default's.
    description_html = factory.LazyAttribute(lambda o: render_markdown(o.description))
    theme = "flooding-water"
    district = District.THU_DAU_MOT
    status = "open"
    seeks_academia = True
    seeks_enterprise = True
    published_at = factory.LazyFunction(timezone.now)


class SolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Solution"

    project = factory.SubFactory(ProjectFactory)
    lead_user = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Solution {n}")
    summary = "River sensors and an SMS alert."
    description = "Twenty sensors."
    description_html = factory.LazyAttribute(lambda o: render_markdown(o.description))


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Comment"

    project = factory.SubFactory(ProjectFactory)
    author = factory.SubFactory(UserFactory)
    body = "Ward 3 floods first."
    body_html = "<p>Ward 3 floods first.</p>"


class ApiKeyFactory(factory.django.DjangoModelFactory):
    """A read-only key of a verified organisation; its secret is not known (use the service
    `api_key_create` to get a key that authenticates)."""

    class Meta:
        model = "api.ApiKey"

    organisation = factory.SubFactory(OrganisationFactory, verified=True)
    name = factory.Sequence(lambda n: f"Partner system {n}")
    scope = "read"
    lookup = factory.Sequence(lambda n: f"{n:012x}")
    hashed_key = factory.Sequence(lambda n: f"{n:064x}")


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "evaluation.Rubric"

    project = factory.SubFactory(ProjectFactory, status="in_review")
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "evaluation.Criterion"

    rubric = factory.SubFactory(RubricFactory)
    title = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 1
    scale = 5


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "evaluation.Milestone"

    project = factory.SubFactory(ProjectFactory, status="in_progress")
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    progress = 20


class ProjectUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "evaluation.ProjectUpdate"

    project = factory.SubFactory(ProjectFactory, status="in_progress")
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Update {n}")
    body = "Sensors **installed**."
    body_html = "<p>Sensors <strong>installed</strong>.</p>"
