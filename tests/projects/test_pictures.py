"""A project's cover: checked, stored without metadata, thumbnailed by a task, described for
people who cannot see it, shown on cards and pages and in social previews."""

from io import BytesIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from core.images import thumbnail_name
from organisations.models import Role
from projects import services, tasks
from projects.models import Project
from tests.factories import EXIF_GPS, MembershipFactory, ProjectFactory, picture

pytestmark = pytest.mark.django_db

PROJECT = {
    "title": "Cảnh báo ngập cho phường Phú Hòa",
    "summary": "Warn residents before the water rises.",
    "description": "Sensors on the **Thị Tính** river.",
    "theme": "flooding-water",
    "district": "thu-dau-mot",
}
ALT = "Nước ngập đường Yersin sau cơn mưa chiều."


@pytest.fixture
def owner():
    return MembershipFactory(role=Role.OWNER, organisation__verified=True)


def create(owner, django_capture_on_commit_callbacks, **fields) -> Project:
    with django_capture_on_commit_callbacks(execute=True):
        return services.project_create(
            by=owner.user, organisation=owner.organisation, **(PROJECT | fields)
        )


def media(settings) -> Path:
    return Path(settings.MEDIA_ROOT)


def test_a_cover_without_its_text_alternative_is_refused(owner):
    with pytest.raises(ValidationError) as raised:
        services.project_create(
            by=owner.user, organisation=owner.organisation, cover=picture(), **PROJECT
        )
    assert "cover_alt" in raised.value.message_dict
    assert not Project.objects.exists()


def test_a_spoofed_cover_is_refused_on_its_field(owner):
    with pytest.raises(ValidationError) as raised:
        services.project_create(
            by=owner.user,
            organisation=owner.organisation,
            cover=picture("cover.jpg", image_format="GIF"),
            cover_alt=ALT,
            **PROJECT,
        )
    assert "cover" in raised.value.message_dict


def test_the_cover_is_stored_without_metadata_and_thumbnailed_after_commit(
    owner, settings, django_capture_on_commit_callbacks
):
    project = create(
        owner,
        django_capture_on_commit_callbacks,
        cover=picture(size=(900, 1600), exif=True),  # upright: 1600 by 900
        cover_alt=ALT,
    )

    project.refresh_from_db()
    assert project.cover.name.startswith("covers/")
    assert project.cover.name.endswith(".jpg")
    stored = Image.open(media(settings) / project.cover.name)
    assert EXIF_GPS not in stored.getexif()
    assert not stored.getexif()
    assert project.cover_thumbnail.name == thumbnail_name(project.cover.name)
    thumbnail = Image.open(media(settings) / project.cover_thumbnail.name)
    assert (thumbnail.format, thumbnail.size) == ("WEBP", (640, 360))


def test_the_thumbnail_task_is_idempotent(owner, settings, django_capture_on_commit_callbacks):
    project = create(owner, django_capture_on_commit_callbacks, cover=picture(), cover_alt=ALT)
    project.refresh_from_db()
    first, modified = project.cover_thumbnail.name, project.modified

    assert tasks.project_cover_thumbnail(project.pk) == first
    Project.objects.filter(pk=project.pk).update(cover_thumbnail="")  # as if lost
    assert tasks.project_cover_thumbnail(project.pk) == first

    folder = (media(settings) / first).parent
    assert [p.name for p in folder.iterdir()] == [Path(first).name], "one file, not two"
    project.refresh_from_db()
    assert project.cover_thumbnail.name == first
    assert project.modified >= modified


def test_a_stale_thumbnail_run_does_not_attach_to_a_new_cover(
    owner, django_capture_on_commit_callbacks
):
    project = create(owner, django_capture_on_commit_callbacks, cover=picture(), cover_alt=ALT)
    Project.objects.filter(pk=project.pk).update(cover="covers/elsewhere.jpg", cover_thumbnail="")

    with pytest.raises(FileNotFoundError):
        tasks.project_cover_thumbnail.run(project.pk)  # the new file is not there

    project.refresh_from_db()
    assert project.cover_thumbnail.name == ""


def test_replacing_the_cover_removes_the_old_files(
    owner, settings, django_capture_on_commit_callbacks
):
    project = create(owner, django_capture_on_commit_callbacks, cover=picture(), cover_alt=ALT)
    project.refresh_from_db()
    old = [project.cover.name, project.cover_thumbnail.name]

    with django_capture_on_commit_callbacks(execute=True):
        services.project_update(
            project=project, by=owner.user, cover=picture("new.png", image_format="PNG")
        )

    assert not any((media(settings) / name).exists() for name in old)
    project.refresh_from_db()
    assert project.cover.name.endswith(".png")
    assert (media(settings) / project.cover_thumbnail.name).exists()


def test_the_edit_form_asks_for_the_alternative_when_a_picture_is_given(
    client, owner, django_capture_on_commit_callbacks
):
    project = ProjectFactory(organisation=owner.organisation)
    client.force_login(owner.user)
    url = reverse("projects:edit", kwargs={"slug": project.slug})
    data = {**PROJECT, "kind": "challenge", "cover": picture()}

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Please describe the picture for people who cannot see it." in response.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "cover": picture(), "cover_alt": ALT})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.cover
    assert project.cover_alt == ALT
    assert project.cover_thumbnail


def test_the_form_refuses_a_spoofed_file(client, owner):
    project = ProjectFactory(organisation=owner.organisation)
    client.force_login(owner.user)
    spoofed = picture("cover.jpg")
    spoofed.file = BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    spoofed.size = 41

    response = client.post(
        reverse("projects:edit", kwargs={"slug": project.slug}),
        {**PROJECT, "kind": "challenge", "cover": spoofed, "cover_alt": ALT},
    )

    assert response.status_code == 200
    assert 'id="id_cover_error"' in response.text or "errorlist" in response.text
    project.refresh_from_db()
    assert not project.cover


def test_card_page_and_social_preview_show_the_cover(
    client, owner, settings, django_capture_on_commit_callbacks
):
    settings.HELIX_SITE_URL = "https://helix.example.org"
    project = create(owner, django_capture_on_commit_callbacks, cover=picture(), cover_alt=ALT)
    services.project_publish(project=project, by=owner.user)
    project.refresh_from_db()

    listing = client.get(reverse("projects:list")).text
    assert f'src="/media/{project.cover_thumbnail.name}" alt="{ALT}"' in listing

    page = client.get(project.get_absolute_url()).text
    full = f"https://helix.example.org/media/{project.cover.name}"
    assert f'<meta property="og:image" content="{full}">' in page
    assert f'<meta property="og:image:alt" content="{ALT}">' in page
    assert (
        f'<meta property="og:url" content="https://helix.example.org{project.get_absolute_url()}">'
        in page
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert f'src="/media/{project.cover.name}" alt="{ALT}"' in page
    thumbnail = f"/media/{project.cover_thumbnail.name}"
    assert f'<source media="(max-width: 700px)" srcset="{thumbnail}">' in page, "phones: light"


def test_without_a_cover_the_preview_shows_the_helix_icon(client):
    page = client.get(ProjectFactory().get_absolute_url()).text
    assert '<meta property="og:image" content="http' in page
    assert "img/icon-512" in page
    assert '<meta name="twitter:card" content="summary">' in page


def test_the_api_shows_the_cover_addresses(client, owner, django_capture_on_commit_callbacks):
    project = create(owner, django_capture_on_commit_callbacks, cover=picture(), cover_alt=ALT)
    services.project_publish(project=project, by=owner.user)
    project.refresh_from_db()
    bare = ProjectFactory()

    detail = client.get(f"/api/v1/projects/{project.slug}/").json()
    listed = {p["slug"]: p for p in client.get("/api/v1/projects/").json()["results"]}

    expected = {
        "url": f"http://testserver/media/{project.cover.name}",
        "thumbnail_url": f"http://testserver/media/{project.cover_thumbnail.name}",
        "alt": ALT,
    }
    assert detail["cover"] == expected
    assert listed[project.slug]["cover"] == expected
    assert listed[bare.slug]["cover"] is None


def test_the_list_costs_the_same_with_covers_on_5_or_30_projects(
    client, django_assert_max_num_queries
):
    def make(n):
        for project in ProjectFactory.create_batch(n):
            name = f"covers/2026/{project.pk}.jpg"
            Project.objects.filter(pk=project.pk).update(
                cover=name, cover_alt="A river", cover_thumbnail=thumbnail_name(name)
            )

    def count(url):
        cache.clear()  # cards and the home page's charts drawn afresh both times
        with django_assert_max_num_queries(100) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured.captured_queries), response.text.count('class="card__cover"')

    for url in (reverse("projects:list"), reverse("home"), "/api/v1/projects/"):
        make(5)
        few, shown_few = count(url)
        make(25)
        many, shown_many = count(url)
        assert few == many, url
        if not url.startswith("/api"):
            assert shown_many > shown_few
        Project.objects.all().delete()
