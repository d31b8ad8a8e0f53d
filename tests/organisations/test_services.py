"""The organisation rules, as the services enforce them for every caller."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from organisations import services
from organisations.models import Invitation, Membership, MembershipRequest, Organisation, Role
from tests.factories import (
    MembershipFactory,
    MembershipRequestFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def register(by, **overrides):
    fields = {
        "name": "Đại học Thủ Dầu Một",
        "sector": "academia",
        "description": "Research on urban flooding.",
        "district": "thu-dau-mot",
        "expertise": ["GIS", "hydrology"],
    }
    return services.organisation_register(by=by, **(fields | overrides))


def invite(organisation, by, email="colleague@example.org", role=Role.MEMBER):
    return services.invitation_create(organisation=organisation, by=by, email=email, role=role)


def test_registering_makes_the_registrant_owner_of_an_unverified_organisation(user):
    organisation = register(user)

    assert organisation.slug == "dai-hoc-thu-dau-mot"
    assert not organisation.is_verified
    assert organisation.member_count == 1
    assert Membership.objects.get(organisation=organisation).role == Role.OWNER
    assert sorted(organisation.expertise.names()) == ["GIS", "hydrology"]


def test_slugs_stay_unique_and_avoid_the_directorys_own_urls(user):
    first, second = register(user, name="New"), register(user, name="New")

    assert (first.slug, second.slug) == ("new-2", "new-3")


def test_registering_with_bad_data_saves_nothing(user):
    with pytest.raises(ValidationError):
        register(user, sector="church")

    assert not Organisation.objects.exists()
    assert not Membership.objects.exists()


def test_verifying_records_who_and_when_and_tells_the_owners(
    organisation, owner, staff, mailoutbox, django_capture_on_commit_callbacks
):
    organisation.verified_at = None
    organisation.save()
    owner.preferred_language = "vi"
    owner.save()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.organisation_verify(organisation=organisation, by=staff)

    organisation.refresh_from_db()
    assert organisation.verified_by == staff
    assert organisation.verified_at
    assert [m.to for m in mailoutbox] == [[owner.email]]
    assert organisation.name in mailoutbox[0].subject
    assert "xác minh" in mailoutbox[0].body  # in the owner's language


def test_verifying_twice_tells_nobody_again(organisation, owner, staff, mailoutbox):
    assert not services.organisation_verify(organisation=organisation, by=staff)
    assert mailoutbox == []


def test_withdrawing_verification_tells_the_owners_what_it_means(
    organisation, owner, staff, mailoutbox, django_capture_on_commit_callbacks
):
    owner.preferred_language = "en"
    owner.save()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.organisation_unverify(organisation=organisation, by=staff)
        assert not services.organisation_unverify(organisation=organisation, by=staff)

    organisation.refresh_from_db()
    assert (organisation.verified_at, organisation.verified_by) == (None, None)
    [mail] = mailoutbox
    assert mail.to == [owner.email]
    assert mail.subject.endswith(f"{organisation.name} is no longer verified")
    assert "its API keys can read but not write, and its webhooks are paused" in mail.body


def test_only_staff_with_the_permission_verify(organisation, owner):
    with pytest.raises(PermissionDenied):
        services.organisation_verify(organisation=organisation, by=owner)


def test_an_invitation_mails_a_link_to_its_addressee(
    organisation, owner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(organisation, owner)

    assert invitation.status == Invitation.Status.PENDING
    assert mailoutbox[0].to == ["colleague@example.org"]
    token = re.search(r"/organisations/invitations/([\w-]+)/", mailoutbox[0].body).group(1)
    assert services.invitation_for_token(token) == invitation
    assert token not in invitation.token_hash  # only a hash is stored


def test_a_member_cannot_invite(organisation, member):
    with pytest.raises(PermissionDenied):
        invite(organisation, member)


def test_a_manager_cannot_invite_an_owner(organisation, manager):
    with pytest.raises(ValidationError):
        invite(organisation, manager, role=Role.OWNER)


def test_a_second_pending_invitation_to_the_same_address_is_refused(organisation, owner):
    invite(organisation, owner)

    with pytest.raises(ValidationError, match="already pending"):
        invite(organisation, owner, email="Colleague@Example.org")


def test_an_expired_invitation_makes_way_for_a_new_one(organisation, owner):
    old = invite(organisation, owner)
    Invitation.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=30))

    invite(organisation, owner)

    old.refresh_from_db()
    assert old.status == Invitation.Status.EXPIRED


def test_members_are_not_invited_again(organisation, owner, member):
    with pytest.raises(ValidationError, match="already a member"):
        invite(organisation, owner, email=member.email)


def test_accepting_an_invitation_makes_a_member_with_the_invited_role(organisation, owner):
    person = UserFactory(email="colleague@example.org")
    invitation = invite(organisation, owner, role=Role.MANAGER)

    membership = services.invitation_accept(invitation=invitation, user=person)

    assert membership.role == Role.MANAGER
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    organisation.refresh_from_db()
    assert organisation.member_count == organisation.memberships.count() == 2


def test_someone_else_cannot_accept_an_invitation(organisation, owner, user):
    invitation = invite(organisation, owner)

    with pytest.raises(PermissionDenied):
        services.invitation_accept(invitation=invitation, user=user)
    assert not organisation.memberships.filter(user=user).exists()


def test_an_unconfirmed_address_cannot_accept(organisation, owner):
    person = UserFactory(email="colleague@example.org", verified_email=False)
    invitation = invite(organisation, owner)

    with pytest.raises(PermissionDenied):
        services.invitation_accept(invitation=invitation, user=person)


@pytest.mark.parametrize("status", ["accepted", "declined", "revoked"])
def test_an_answered_or_revoked_invitation_cannot_be_accepted(organisation, owner, status):
    person = UserFactory(email="colleague@example.org")
    invitation = invite(organisation, owner)
    Invitation.objects.filter(pk=invitation.pk).update(status=status)

    with pytest.raises(ValidationError, match="no longer valid"):
        services.invitation_accept(invitation=invitation, user=person)


def test_declining_an_invitation(organisation, owner):
    person = UserFactory(email="colleague@example.org")
    invitation = invite(organisation, owner)

    services.invitation_decline(invitation=invitation, user=person)

    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED
    assert not organisation.memberships.filter(user=person).exists()


def test_a_request_to_join_then_approval_makes_a_member(organisation, owner, user):
    request = services.membership_request_create(
        organisation=organisation, user=user, message=" I live in Phú Hòa. "
    )
    membership = services.membership_request_approve(membership_request=request, by=owner)

    assert membership.role == Role.MEMBER
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.message) == (
        MembershipRequest.Status.APPROVED,
        owner,
        "I live in Phú Hòa.",
    )


def test_one_pending_request_at_a_time(organisation, user):
    services.membership_request_create(organisation=organisation, user=user)

    with pytest.raises(ValidationError, match="already waiting"):
        services.membership_request_create(organisation=organisation, user=user)


def test_members_do_not_ask_to_join(organisation, member):
    with pytest.raises(ValidationError, match="already a member"):
        services.membership_request_create(organisation=organisation, user=member)


def test_a_member_cannot_approve_requests(organisation, member):
    request = MembershipRequestFactory(organisation=organisation)

    with pytest.raises(PermissionDenied):
        services.membership_request_approve(membership_request=request, by=member)


def test_a_request_is_answered_once(organisation, owner):
    request = MembershipRequestFactory(organisation=organisation)
    services.membership_request_decline(membership_request=request, by=owner)

    with pytest.raises(ValidationError, match="already been answered"):
        services.membership_request_approve(membership_request=request, by=owner)
    assert not organisation.memberships.filter(user=request.user).exists()


def test_members_leave_and_the_count_follows(organisation, member):
    membership = Membership.objects.get(user=member)

    services.membership_leave(membership=membership)

    organisation.refresh_from_db()
    assert not organisation.memberships.filter(user=member).exists()
    assert organisation.member_count == organisation.memberships.count() == 1


def test_the_last_owner_cannot_leave(organisation, owner):
    with pytest.raises(ValidationError, match="last owner"):
        services.membership_leave(membership=Membership.objects.get(user=owner))
    assert organisation.memberships.filter(user=owner, role=Role.OWNER).exists()


def test_an_owner_can_leave_once_there_is_another(organisation, owner):
    MembershipFactory(organisation=organisation, role=Role.OWNER)

    services.membership_leave(membership=Membership.objects.get(user=owner))

    assert not organisation.memberships.filter(user=owner).exists()


def test_the_last_owner_cannot_be_demoted(organisation, owner):
    with pytest.raises(ValidationError, match="at least one owner"):
        services.membership_change_role(
            membership=Membership.objects.get(user=owner), role=Role.MEMBER, by=owner
        )


def test_only_owners_change_roles(organisation, manager, member):
    with pytest.raises(PermissionDenied):
        services.membership_change_role(
            membership=Membership.objects.get(user=member), role=Role.MANAGER, by=manager
        )


def test_owners_promote_members(organisation, owner, member):
    membership = services.membership_change_role(
        membership=Membership.objects.get(user=member), role=Role.MANAGER, by=owner
    )

    assert membership.role == Role.MANAGER
    assert member.has_perm("organisations.manage_members", organisation)


def test_a_manager_removes_members_but_not_other_managers(organisation, owner, manager, member):
    other_manager = MembershipFactory(organisation=organisation, role=Role.MANAGER)

    services.membership_remove(membership=Membership.objects.get(user=member), by=manager)
    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=other_manager, by=manager)


def test_rules_about_another_organisation_do_not_leak(organisation, owner, other_owner):
    with pytest.raises(PermissionDenied):
        invite(organisation, other_owner)
    with pytest.raises(PermissionDenied):
        services.organisation_update(organisation=organisation, by=other_owner, name="Mine")
    organisation.refresh_from_db()
    assert organisation.name != "Mine"


def test_counters_match_a_recount_after_many_changes(organisation, owner):
    people = [UserFactory() for _ in range(4)]
    for person in people:
        request = services.membership_request_create(organisation=organisation, user=person)
        services.membership_request_approve(membership_request=request, by=owner)
    services.membership_leave(membership=Membership.objects.get(user=people[0]))
    services.membership_remove(membership=Membership.objects.get(user=people[1]), by=owner)

    organisation.refresh_from_db()
    assert organisation.member_count == organisation.memberships.count() == 3


def test_the_same_organisation_object_as_another_organisation_is_unaffected():
    a, b = OrganisationFactory(), OrganisationFactory()
    MembershipFactory(organisation=a)

    b.refresh_from_db()
    assert b.member_count == 0


def test_editing_a_stale_copy_keeps_the_member_count(organisation, owner):
    stale = Organisation.objects.get(pk=organisation.pk)
    MembershipFactory(organisation=organisation)

    services.organisation_update(organisation=stale, by=owner, name="Renamed")

    organisation.refresh_from_db()
    assert (organisation.name, organisation.member_count) == ("Renamed", 2)
