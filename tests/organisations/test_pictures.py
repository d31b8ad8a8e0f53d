"""An organisation's logo: described for people who cannot see it, thumbnailed by a task,
shown on the directory's cards and the profile, in social previews and in the API."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from PIL import Image

from core.images import thumbnail_name
from organisations import services, tasks
from organisations.models import Organisation
from tests.factories import OrganisationFactory, UserFactory, picture

pytestmark = pytest.mark.django_db

FORM = {
    "name": "SongFlow Technologies",
    "sector": "enterprise",
    "district": "thu-dau-mot",
    "description": "Flood sensors for Binh Duong.",
    "website": "",
}
ALT = "Biểu trưng SongFlow: một con sóng xanh trên chữ SF."


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Please describe the logo for people who cannot see it."),
        ("vi", "Vui lòng mô tả biểu trưng cho người không nhìn thấy được."),
    ],
)
def test_the_form_asks_for_the_logos_alternative_in_both_languages(client, language, message):
    client.force_login(UserFactory(preferred_language=language))

    response = client.post(
        reverse("organisations:create"), {**FORM, "logo": picture("logo.png", image_format="PNG")}
    )

    assert f'<html lang="{language}">' in response.text
    assert "logo_alt" in response.context["form"].errors
    assert message in response.text
    assert 'id="id_logo_alt"' in response.text
    assert not Organisation.objects.exists()


def test_a_registered_logo_gets_its_thumbnail(settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        organisation = services.organisation_register(
            by=UserFactory(),
            logo=picture("logo.webp", image_format="WEBP", size=(600, 300), exif=True),
            logo_alt=ALT,
            **FORM,
        )

    organisation.refresh_from_db()
    assert organisation.logo.name.endswith(".webp")
    assert not Image.open(Path(settings.MEDIA_ROOT) / organisation.logo.name).getexif()
    assert organisation.logo_thumbnail.name == thumbnail_name(organisation.logo.name)
    thumbnail = Image.open(Path(settings.MEDIA_ROOT) / organisation.logo_thumbnail.name)
    # Fitted, not cropped; and upright: the photo's EXIF turned it a quarter (600 by 300 → 300
    # by 600) before the EXIF was dropped.
    assert thumbnail.size == (96, 192)
    assert tasks.organisation_logo_thumbnail(organisation.pk) == organisation.logo_thumbnail.name


def test_editing_without_a_new_logo_keeps_it_and_its_thumbnail(
    django_capture_on_commit_callbacks,
):
    owner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        organisation = services.organisation_register(
            by=owner, logo=picture(), logo_alt=ALT, **FORM
        )
    organisation.refresh_from_db()
    logo, thumbnail = organisation.logo.name, organisation.logo_thumbnail.name

    services.organisation_update(organisation=organisation, by=owner, description="New words.")

    organisation.refresh_from_db()
    assert (organisation.logo.name, organisation.logo_thumbnail.name) == (logo, thumbnail)


def test_directory_profile_preview_and_api_show_the_logo(
    client, settings, django_capture_on_commit_callbacks
):
    settings.HELIX_SITE_URL = "https://helix.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        organisation = services.organisation_register(
            by=UserFactory(), logo=picture(), logo_alt=ALT, **FORM
        )
    Organisation.objects.filter(pk=organisation.pk).update(verified_at=organisation.created)
    organisation.refresh_from_db()
    thumb = f"/media/{organisation.logo_thumbnail.name}"

    directory = client.get(reverse("organisations:list")).text
    profile = client.get(organisation.get_absolute_url()).text
    api = client.get(f"/api/v1/organisations/{organisation.slug}/").json()

    assert f'src="{thumb}" alt="{ALT}"' in directory
    assert f'src="{thumb}" alt="{ALT}"' in profile
    full = f"https://helix.example.org/media/{organisation.logo.name}"
    assert f'<meta property="og:image" content="{full}">' in profile
    assert '<meta property="og:url" content="https://helix.example.org/organisations/' in profile
    assert api["logo_thumbnail"] == f"http://testserver{thumb}"
    assert api["logo_alt"] == ALT


def test_the_directory_costs_the_same_with_logos_on_5_or_30_organisations(
    client, django_assert_max_num_queries
):
    def make(n):
        for organisation in OrganisationFactory.create_batch(n, verified=True):
            name = f"logos/2026/{organisation.pk}.png"
            Organisation.objects.filter(pk=organisation.pk).update(
                logo=name, logo_alt="A logo", logo_thumbnail=thumbnail_name(name)
            )

    def count():
        cache.clear()
        with django_assert_max_num_queries(100) as captured:
            response = client.get(reverse("organisations:list"))
        return len(captured.captured_queries), response.text.count('class="logo"')

    make(5)
    few, shown_few = count()
    make(25)
    many, shown_many = count()
    assert few == many
    assert shown_many > shown_few


def test_a_logo_changed_at_the_staff_desk_takes_the_same_path(
    client, settings, django_capture_on_commit_callbacks
):
    from tests.factories import StaffFactory

    organisation = OrganisationFactory(verified=True)
    staff = StaffFactory(is_superuser=True)
    client.force_login(staff)
    url = reverse("admin:organisations_organisation_change", args=[organisation.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and name not in ("logo", "expertise")
    }
    data |= {"expertise": "", "logo": picture(exif=True), "logo_alt": ALT}
    inline = {
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, **inline})

    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation.refresh_from_db()
    assert not Image.open(Path(settings.MEDIA_ROOT) / organisation.logo.name).getexif()
    assert organisation.logo_thumbnail.name == thumbnail_name(organisation.logo.name)
