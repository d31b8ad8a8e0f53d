import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from api.models import ApiKey
from api.services import api_key_create
from core.recount import recount
from organisations.models import Membership, MembershipRequest, Role
from projects import services as projects
from projects.models import Comment, Follow, Solution
from tests.conftest import ROW_COUNTERS
from tests.factories import (
    PASSWORD,
    CommentFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    UserFactory,
)


@pytest.fixture
def person(db):
    return UserFactory(display_name="Phạm Thị Xoá")


def _delete(client, person, password=PASSWORD):
    client.force_login(person)
    return client.post(reverse("privacy:delete"), {"password": password})


def test_a_wrong_password_deletes_nothing(client, person):
    response = _delete(client, person, "not-my-password")
    assert response.status_code == 200
    assert "The password is wrong." in response.content.decode()
    person.refresh_from_db()
    assert person.is_active
    assert person.display_name == "Phạm Thị Xoá"


def test_the_last_owner_of_an_organisation_is_refused_with_a_clear_message(client, person):
    organisation = OrganisationFactory(name="Hội Cư Dân Phú Hoà")
    MembershipFactory(user=person, organisation=organisation, role=Role.OWNER)
    MembershipFactory(organisation=organisation, role=Role.MEMBER)
    page = client.get(reverse("privacy:delete")) if client.force_login(person) is None else None
    assert "Hội Cư Dân Phú Hoà" in page.content.decode()
    response = _delete(client, person)
    assert "You are the only owner of Hội Cư Dân Phú Hoà" in response.content.decode()
    assert Membership.objects.filter(user=person).exists()
    person.refresh_from_db()
    assert person.is_active


def test_an_owner_with_another_owner_may_go(client, person):
    organisation = OrganisationFactory()
    MembershipFactory(user=person, organisation=organisation, role=Role.OWNER)
    MembershipFactory(organisation=organisation, role=Role.OWNER)
    assert _delete(client, person).status_code == 302
    organisation.refresh_from_db()
    assert organisation.member_count == 1


def test_staff_accounts_are_refused(client, staff):
    response = _delete(client, staff)
    assert "Staff accounts are closed by an administrator" in response.content.decode()


def test_deleting_keeps_what_they_wrote_and_their_supports_but_not_who_they_were(client, person):
    organisation = OrganisationFactory(verified=True)
    MembershipFactory(user=person, organisation=organisation, role=Role.OWNER)
    MembershipFactory(organisation=organisation, role=Role.OWNER)
    project = ProjectFactory()
    solution = projects.solution_propose(
        project=project, by=person, title="Rain barrels", summary="Cheap.", description="Many."
    )
    projects.comment_create(subject=project, by=person, body="Ward 7 floods too.")
    projects.vote_cast(subject=project, by=person)
    projects.vote_cast(subject=solution, by=person)
    projects.follow(project=project, by=person)
    key = api_key_create(organisation=organisation, name="Dashboard", scope="read", by=person)
    other = OrganisationFactory()
    MembershipRequest.objects.create(organisation=other, user=person)
    other_browser = Client()
    other_browser.force_login(person)

    assert _delete(client, person).status_code == 302

    person.refresh_from_db()
    assert not person.is_active
    assert person.display_name == ""
    assert not person.has_usable_password()
    assert person.email.endswith("@deleted.invalid")
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not Membership.objects.filter(user=person).exists()
    assert not Follow.objects.filter(user=person).exists()
    assert MembershipRequest.objects.get(user=person).status == "withdrawn"
    assert ApiKey.objects.get(pk=key.api_key.pk).revoked_at is not None
    project.refresh_from_db()
    assert project.support_count == 1
    assert project.support_enterprise == 1
    assert project.follower_count == 0
    assert Solution.objects.get(pk=solution.pk).support_count == 1
    assert Comment.objects.get(author=person).body == "Ward 7 floods too."
    assert recount(fix=False, only=ROW_COUNTERS) == []
    # Signed out here and in every other browser.
    assert SESSION_KEY not in client.session
    assert other_browser.get(reverse("accounts:dashboard")).status_code == 302
    # Their words, shown by "A former participant", on the pages and in the API.
    for page in (project.get_absolute_url(), solution.get_absolute_url()):
        html = client.get(page).content.decode()
        assert "A former participant" in html
        assert "Phạm Thị Xoá" not in html
    comments = client.get(f"/api/v1/projects/{project.slug}/comments/").json()["results"]
    assert comments[0]["author"]["display_name"] == "A former participant"
    assert client.login(email=f"{person.email}", password=PASSWORD) is False


def test_in_vietnamese_they_are_a_former_participant_too(client, person):
    project = ProjectFactory()
    CommentFactory(project=project, author=person)
    _delete(client, person)
    html = client.get(
        project.get_absolute_url(), headers={"accept-language": "vi"}
    ).content.decode()
    assert "Một người từng tham gia" in html
