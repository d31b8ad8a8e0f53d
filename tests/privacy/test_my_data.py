import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from privacy.models import DataExport
from projects import services as projects
from tests.factories import CommentFactory, MembershipFactory, ProjectFactory, UserFactory


@pytest.fixture
def person(db):
    return UserFactory(display_name="Lê Văn Tám")


def _ask(client, person, django_capture_on_commit_callbacks):
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:request"))
    assert response.status_code == 302
    return DataExport.objects.get(user=person)


def test_my_data_holds_what_i_wrote_and_my_memberships_and_the_link_is_emailed(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    membership = MembershipFactory(user=person)
    project = ProjectFactory()
    CommentFactory(project=project, author=person, body="Nước ngập tới gối.")
    projects.vote_cast(subject=project, by=person)
    CommentFactory(project=project, body="Someone else's words.")
    export = _ask(client, person, django_capture_on_commit_callbacks)
    assert export.status == "ready"
    [email] = mailoutbox
    assert email.to == [person.email]
    url = re.search(r"https?://\S+/me/privacy/data/[0-9a-f-]+/", email.body).group(0)
    response = client.get(url.split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)
    assert data["account"]["email"] == person.email
    assert [c["body"] for c in data["comments"]] == ["Nước ngập tới gối."]
    assert data["memberships"][0]["organisation"] == membership.organisation.slug
    assert data["supports"] == [
        {
            "project": project.slug,
            "solution": None,
            "sector": "enterprise",
            "created": data["supports"][0]["created"],
        }
    ]


def test_the_link_works_only_for_its_person(client, person, django_capture_on_commit_callbacks):
    export = _ask(client, person, django_capture_on_commit_callbacks)
    url = export.get_absolute_url()
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_the_link_expires(client, person, django_capture_on_commit_callbacks):
    export = _ask(client, person, django_capture_on_commit_callbacks)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(export.get_absolute_url())
    assert response.status_code == 410
    assert b"expired" in response.content


def test_asking_twice_while_it_is_prepared_makes_one(client, person):
    client.force_login(person)
    client.post(reverse("privacy:request"))  # no commit callbacks run: still being prepared
    client.post(reverse("privacy:request"))
    assert DataExport.objects.filter(user=person).count() == 1
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "being prepared" in page


def test_expired_copies_are_purged(person):
    from privacy.tasks import purge_data_exports

    DataExport.objects.create(user=person, expires_at=timezone.now() - timedelta(days=1))
    kept = DataExport.objects.create(user=person)
    assert purge_data_exports.delay().get() == 1
    assert list(DataExport.objects.all()) == [kept]


def test_my_helix_offers_both_actions(client, person):
    client.force_login(person)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("privacy:request") in page
    assert reverse("privacy:delete") in page
