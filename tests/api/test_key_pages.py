"""Owners issue and revoke their organisation's keys on the site; staff do it in the admin."""

import pytest
from django.urls import reverse

from api import services
from api.models import ApiKey
from organisations.services import organisation_unverify
from tests.factories import ApiKeyFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def keys_url(organisation) -> str:
    return reverse("api_keys:list", args=[organisation.slug])


def test_an_owner_issues_a_key_and_sees_it_once(client, organisation, owner):
    client.force_login(owner)

    created = client.post(keys_url(organisation), {"name": "IOC dashboard", "scope": "write"})
    key = created.context["issued"].key
    again = client.get(keys_url(organisation))

    assert created.status_code == 201
    assert key in created.content.decode()
    assert key not in again.content.decode()
    assert "IOC dashboard" in again.content.decode()
    assert ApiKey.objects.get().scope == "write"


def test_the_keys_page_says_when_the_keys_cannot_write(client, organisation, owner, staff):
    services.api_key_create(organisation=organisation, name="IOC", scope="write", by=owner)
    organisation_unverify(organisation=organisation, by=staff)
    client.force_login(owner)

    page = client.get(keys_url(organisation), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f"{organisation.name} is not verified: its keys can read but not write" in page


def test_a_bad_form_says_why_and_issues_nothing(client, organisation, owner):
    client.force_login(owner)

    response = client.post(keys_url(organisation), {"name": "", "scope": "admin"})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "scope"}
    assert not ApiKey.objects.exists()


def test_an_unverified_organisation_is_told_it_must_be_verified(client, owner, organisation):
    organisation.verified_at = None
    organisation.save()
    client.force_login(owner)

    response = client.post(keys_url(organisation), {"name": "IOC", "scope": "read"})

    assert "verified" in response.content.decode()
    assert not ApiKey.objects.exists()


def test_an_owner_revokes_a_key(client, organisation, owner):
    api_key = ApiKeyFactory(organisation=organisation)
    client.force_login(owner)

    response = client.post(reverse("api_keys:revoke", args=[organisation.slug, api_key.pk]))

    assert response.status_code == 302
    api_key.refresh_from_db()
    assert api_key.revoked_by == owner
    assert not api_key.is_active


@pytest.mark.parametrize("role", ["manager", "member", "other_owner"])
def test_only_owners_manage_keys(client, organisation, role, request):
    api_key = ApiKeyFactory(organisation=organisation)
    client.force_login(request.getfixturevalue(role))

    listed = client.get(keys_url(organisation))
    issued = client.post(keys_url(organisation), {"name": "Mine", "scope": "write"})
    revoked = client.post(reverse("api_keys:revoke", args=[organisation.slug, api_key.pk]))

    assert (listed.status_code, issued.status_code, revoked.status_code) == (403, 403, 403)
    assert ApiKey.objects.get().is_active
    assert ApiKey.objects.count() == 1


def test_a_key_of_another_organisation_cannot_be_revoked_through_mine(client, owner, organisation):
    foreign = ApiKeyFactory(organisation=OrganisationFactory(verified=True))
    client.force_login(owner)

    response = client.post(reverse("api_keys:revoke", args=[organisation.slug, foreign.pk]))

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_active


def test_visitors_are_sent_to_sign_in(client, organisation):
    response = client.get(keys_url(organisation))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_organisation_page_links_owners_to_their_keys(client, organisation, owner, member):
    client.force_login(owner)
    assert keys_url(organisation) in client.get(organisation.get_absolute_url()).content.decode()
    client.force_login(member)
    assert (
        keys_url(organisation) not in client.get(organisation.get_absolute_url()).content.decode()
    )


def test_the_members_page_does_not_list_the_api_account(client, organisation, owner):
    services.api_key_create(organisation=organisation, name="IOC", scope="read", by=owner)
    client.force_login(owner)

    members = client.get(reverse("organisations:members", args=[organisation.slug]))

    assert [m.user for m in members.context["members"]] == [owner]


def test_the_keys_page_costs_the_same_with_2_or_20_keys(
    client, organisation, owner, django_assert_max_num_queries
):
    client.force_login(owner)

    def queries(n):
        ApiKeyFactory.create_batch(n, organisation=organisation, created_by=owner)
        with django_assert_max_num_queries(50) as captured:
            client.get(keys_url(organisation))
        return len(captured)

    assert queries(2) == queries(18)


# --- The admin ---------------------------------------------------------------------------------

ADD = reverse("admin:api_apikey_add")
CHANGELIST = reverse("admin:api_apikey_changelist")


def test_staff_issue_a_key_in_the_admin_and_see_it_once(client, staff, organisation):
    client.force_login(staff)

    response = client.post(
        ADD, {"organisation": organisation.pk, "name": "IOC", "scope": "read"}, follow=True
    )

    api_key = ApiKey.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    assert api_key.created_by == staff
    assert any(f"hx_{api_key.lookup}_" in message for message in shown)


def test_the_admin_refuses_a_key_for_an_unverified_organisation(client, staff):
    client.force_login(staff)

    response = client.post(
        ADD, {"organisation": OrganisationFactory().pk, "name": "IOC", "scope": "read"}
    )

    assert response.status_code == 200
    assert "organisation" in response.context["adminform"].form.errors
    assert not ApiKey.objects.exists()


def test_staff_revoke_keys_with_the_action(client, staff):
    keys = ApiKeyFactory.create_batch(2)
    client.force_login(staff)

    client.post(CHANGELIST, {"action": "revoke", "_selected_action": [k.pk for k in keys]})

    assert not ApiKey.objects.active().exists()
    assert set(ApiKey.objects.values_list("revoked_by", flat=True)) == {staff.pk}


def test_saving_an_issued_key_in_the_admin_changes_and_issues_nothing(client, staff):
    api_key = ApiKeyFactory(name="Before")
    client.force_login(staff)

    client.post(
        reverse("admin:api_apikey_change", args=[api_key.pk]),
        {"organisation": api_key.organisation.pk, "name": "After", "scope": "write"},
    )

    assert list(ApiKey.objects.values_list("name", "scope")) == [("Before", "read")]


def test_keys_are_never_deleted_in_the_admin(client, staff):
    api_key = ApiKeyFactory()
    client.force_login(staff)

    response = client.get(reverse("admin:api_apikey_delete", args=[api_key.pk]))

    assert response.status_code == 403
