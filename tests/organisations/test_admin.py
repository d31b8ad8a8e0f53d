"""The staff desk: government staff verify organisations, with no superuser rights."""

import pytest
from django.urls import reverse

from organisations.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:organisations_organisation_changelist")


def test_staff_verify_organisations_with_the_action_and_owners_are_told(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    first, second = OrganisationFactory(), OrganisationFactory()
    owner = MembershipFactory(organisation=first, role="owner").user
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST, {"action": "verify", "_selected_action": [first.pk, second.pk]}, follow=True
        )

    assert response.status_code == 200
    assert Organisation.objects.verified().count() == 2
    assert Organisation.objects.get(pk=first.pk).verified_by == staff
    assert [m.to for m in mailoutbox] == [[owner.email]]


def test_withdrawing_verification_tells_staff_what_it_means(client, staff):
    organisation = OrganisationFactory(verified=True)
    client.force_login(staff)

    response = client.post(
        CHANGELIST,
        {"action": "unverify", "_selected_action": [organisation.pk]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert not Organisation.objects.verified().exists()
    assert "its API keys can read but not write, and its webhooks are paused" in (
        response.content.decode()
    )


def test_the_verification_filter(client, staff):
    verified, unverified = OrganisationFactory(verified=True), OrganisationFactory()
    client.force_login(staff)

    shown = client.get(CHANGELIST, {"verified": "no"}).context["cl"].result_list

    assert list(shown) == [unverified]
    assert verified not in shown


def test_a_staff_member_without_the_group_has_no_verify_action(client):
    clerk = UserFactory(is_staff=True)
    client.force_login(clerk)

    assert client.get(CHANGELIST).status_code == 403


def test_the_group_holds_what_staff_need_and_no_more(government_staff_group):
    codenames = set(government_staff_group.permissions.values_list("codename", flat=True))

    assert {"verify_organisation", "change_organisation", "view_user"} <= codenames
    assert (
        not {"change_user", "add_user", "delete_user", "change_group", "change_permission"}
        & codenames
    )


def test_staff_cannot_edit_people_so_cannot_make_themselves_superusers(client, staff):
    client.force_login(staff)
    url = reverse("admin:accounts_user_change", args=[staff.pk])

    client.post(url, {"email": staff.email, "is_superuser": "on", "is_staff": "on"})

    staff.refresh_from_db()
    assert not staff.is_superuser


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:organisations_organisation_changelist",
        "admin:organisations_membership_changelist",
        "admin:organisations_invitation_changelist",
        "admin:organisations_membershiprequest_changelist",
        "admin:accounts_user_changelist",
    ],
)
def test_every_list_opens_with_search_for_staff(client, staff, url_name, organisation, owner):
    client.force_login(staff)

    assert client.get(reverse(url_name), {"q": "a"}).status_code == 200


def test_an_organisation_page_opens_in_the_admin(admin_client, organisation, owner):
    url = reverse("admin:organisations_organisation_change", args=[organisation.pk])

    assert admin_client.get(url).status_code == 200
