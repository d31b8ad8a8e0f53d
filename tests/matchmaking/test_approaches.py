"""Acting on a match: invitations to propose and expressions of interest, through the services
(who may, the limits, the 30 days, the pledges counted and the contacts shown)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from core.recount import recount
from matchmaking import selectors, services
from matchmaking.models import Approach, ProjectCommitments, Resource
from tests.conftest import ROW_COUNTERS
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
    StaffFactory,
    UserFactory,
)


@pytest.fixture
def manager(flood_project):
    return MembershipFactory(
        organisation=flood_project.organisation, role="manager", user__display_name="Bà Hoa"
    ).user


@pytest.fixture
def lab_member(lab):
    return MembershipFactory(organisation=lab, role="member", user__display_name="Anh Minh").user


@pytest.fixture
def offer(lab, lab_owner):
    return services.resource_create(
        organisation=lab,
        by=lab_owner,
        direction="offer",
        kind="testbed",
        title="Flood test-bed",
        description="Sensors and a flume.",
    )


def _interest(lab, flood_project, by, **fields):
    return services.interest_express(organisation=lab, project=flood_project, by=by, **fields)


# --- Who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "manager"])
def test_the_projects_owners_and_managers_invite(lab, flood_project, role):
    user = MembershipFactory(organisation=flood_project.organisation, role=role).user
    invitation = services.invitation_send(
        project=flood_project, organisation=lab, by=user, message="  Join us  "
    )
    assert invitation.kind == "invitation"
    assert invitation.status == "pending"
    assert invitation.message == "Join us"
    assert invitation.sender_organisation == flood_project.organisation


def test_staff_with_the_permission_invite(lab, flood_project, django_user_model):
    staff = StaffFactory(is_superuser=True)
    assert services.invitation_send(project=flood_project, organisation=lab, by=staff)


@pytest.mark.parametrize("who", ["plain member", "other organisation", "stranger", "anonymous"])
def test_others_may_not_invite(lab, flood_project, other_owner, who):
    from django.contrib.auth.models import AnonymousUser

    user = {
        "plain member": lambda: MembershipFactory(organisation=flood_project.organisation).user,
        "other organisation": lambda: other_owner,
        "stranger": UserFactory,
        "anonymous": AnonymousUser,
    }[who]()
    with pytest.raises(PermissionDenied):
        services.invitation_send(project=flood_project, organisation=lab, by=user)


def test_any_member_of_a_verified_organisation_expresses_interest(lab, flood_project, lab_member):
    interest = _interest(lab, flood_project, lab_member)
    assert interest.kind == "interest"
    assert interest.sender_organisation == lab


def test_members_of_an_unverified_organisation_may_not(flood_project):
    shop = OrganisationFactory()
    member = MembershipFactory(organisation=shop, role="owner").user
    with pytest.raises(PermissionDenied):
        _interest(shop, flood_project, member)


@pytest.mark.parametrize("who", ["stranger", "other organisation"])
def test_outsiders_may_not_speak_for_an_organisation(lab, flood_project, other_owner, who):
    user = other_owner if who == "other organisation" else UserFactory()
    with pytest.raises(PermissionDenied):
        _interest(lab, flood_project, user)


def test_only_open_projects_and_verified_organisations(lab, lab_member, manager, flood_project):
    closed = ProjectFactory(status="closed", organisation=flood_project.organisation)
    with pytest.raises(ValidationError, match="open project"):
        _interest(lab, closed, lab_member)
    unverified = OrganisationFactory()
    with pytest.raises(ValidationError, match="not verified"):
        services.invitation_send(project=flood_project, organisation=unverified, by=manager)


def test_not_an_organisation_already_involved(lab, lab_member, manager, flood_project):
    SolutionFactory(project=flood_project, lead_organisation=lab)
    with pytest.raises(ValidationError, match="already takes part"):
        _interest(lab, flood_project, lab_member)
    with pytest.raises(ValidationError, match="already takes part"):
        services.invitation_send(
            project=flood_project, organisation=flood_project.organisation, by=manager
        )


def test_a_pledge_must_be_an_open_offer_of_the_organisation(lab, lab_member, flood_project):
    theirs = Resource.objects.create(
        organisation=OrganisationFactory(verified=True), kind="data", title="x", description="y"
    )
    with pytest.raises(ValidationError) as error:
        _interest(lab, flood_project, lab_member, pledge=theirs)
    assert "pledge" in error.value.message_dict


# --- Answers -----------------------------------------------------------------------------------


def test_the_project_team_answers_an_interest_not_the_lab(
    lab, lab_member, lab_owner, manager, flood_project
):
    interest = _interest(lab, flood_project, lab_member)
    with pytest.raises(PermissionDenied):
        services.approach_answer(approach=interest, accept=True, by=lab_owner)
    answered = services.approach_answer(
        approach=interest, accept=True, by=manager, message="Welcome"
    )
    assert answered.status == "accepted"
    assert answered.answered_by == manager
    with pytest.raises(ValidationError, match="already been answered"):
        services.approach_answer(approach=interest, accept=False, by=manager)


def test_the_invited_organisations_managers_answer_an_invitation(
    lab, lab_owner, lab_member, manager, flood_project
):
    invitation = services.invitation_send(project=flood_project, organisation=lab, by=manager)
    for user in (lab_member, manager, UserFactory()):
        with pytest.raises(PermissionDenied):
            services.approach_answer(approach=invitation, accept=True, by=user)
    assert services.approach_answer(approach=invitation, accept=False, by=lab_owner).status == (
        "declined"
    )


def test_the_sender_withdraws_while_pending(lab, lab_member, manager, flood_project):
    interest = _interest(lab, flood_project, lab_member)
    with pytest.raises(PermissionDenied):
        services.approach_withdraw(approach=interest, by=manager)
    assert services.approach_withdraw(approach=interest, by=lab_member).status == "withdrawn"
    with pytest.raises(ValidationError):
        services.approach_withdraw(approach=interest, by=lab_member)


# --- Anti-abuse --------------------------------------------------------------------------------


def test_no_second_pending_one_for_the_pair_whatever_its_kind(
    lab, lab_member, manager, flood_project
):
    _interest(lab, flood_project, lab_member)
    with pytest.raises(ValidationError, match="already waiting"):
        _interest(lab, flood_project, lab_member)
    with pytest.raises(ValidationError, match="already waiting"):
        services.invitation_send(project=flood_project, organisation=lab, by=manager)


def test_a_declined_one_waits_thirty_days(lab, lab_member, manager, flood_project):
    interest = _interest(lab, flood_project, lab_member)
    services.approach_answer(approach=interest, accept=False, by=manager)
    with pytest.raises(ValidationError, match="cannot be repeated before"):
        _interest(lab, flood_project, lab_member)
    # The other side may still reach out: the pause is for what was declined.
    services.invitation_send(project=flood_project, organisation=lab, by=manager)


def test_after_thirty_days_it_may_be_repeated(lab, lab_member, manager, flood_project):
    interest = _interest(lab, flood_project, lab_member)
    services.approach_answer(approach=interest, accept=False, by=manager)
    Approach.objects.filter(pk=interest.pk).update(
        answered_at=timezone.now() - dt.timedelta(days=30, minutes=1)
    )
    assert _interest(lab, flood_project, lab_member).status == "pending"


def test_a_daily_limit_per_organisation_and_kind(lab, lab_member, manager, flood_project, settings):
    settings.HELIX_MATCH_ACTIONS_PER_DAY = 2
    projects = [ProjectFactory() for _ in range(3)]
    _interest(lab, projects[0], lab_member)
    _interest(lab, projects[1], lab_member)
    with pytest.raises(ValidationError, match="most allowed") as error:
        _interest(lab, projects[2], lab_member)
    assert error.value.code == "limit"
    # Invitations are counted apart, and yesterday's no longer count.
    services.invitation_send(project=flood_project, organisation=lab, by=manager)
    Approach.objects.filter(sender_organisation=lab).update(
        created=timezone.now() - dt.timedelta(days=1, minutes=1)
    )
    assert _interest(lab, projects[2], lab_member)


# --- Pledges, counters, contacts ---------------------------------------------------------------


def test_an_accepted_pledge_is_a_resource_committed_by_sector(
    lab, lab_member, manager, offer, flood_project
):
    interest = _interest(lab, flood_project, lab_member, pledge=offer)
    assert not ProjectCommitments.objects.filter(project=flood_project).exists()
    services.approach_answer(approach=interest, accept=True, by=manager)
    commitments = ProjectCommitments.objects.get(project=flood_project)
    assert (commitments.committed_count, commitments.committed_academia) == (1, 1)
    assert commitments.by_sector() == [("academia", "Academia", 1, 100)]
    assert recount(fix=False, only=ROW_COUNTERS) == []
    with pytest.raises(ValidationError, match="committed"):
        services.resource_delete(resource=offer, by=lab.memberships.get(role="owner").user)


def test_recount_check_finds_and_fixes_drift(lab, lab_member, manager, offer, flood_project):
    services.approach_answer(
        approach=_interest(lab, flood_project, lab_member, pledge=offer), accept=True, by=manager
    )
    ProjectCommitments.objects.filter(project=flood_project).update(committed_count=5)
    with pytest.raises(SystemExit):
        call_command("recount", "--check")
    call_command("recount")
    assert ProjectCommitments.objects.get(project=flood_project).committed_count == 1


def test_a_declined_pledge_commits_nothing(lab, lab_member, manager, offer, flood_project):
    interest = _interest(lab, flood_project, lab_member, pledge=offer)
    services.approach_answer(approach=interest, accept=False, by=manager)
    assert not ProjectCommitments.objects.filter(project=flood_project).exists()


def test_contacts_only_to_both_sides_once_accepted(
    lab, lab_owner, lab_member, manager, flood_project, other_owner
):
    interest = _interest(lab, flood_project, lab_member)
    for user in (lab_member, manager, other_owner, UserFactory()):
        assert not user.has_perm("matchmaking.see_contacts", interest)
    services.approach_answer(approach=interest, accept=True, by=manager)
    interest = Approach.objects.for_listing().get(pk=interest.pk)
    assert lab_member.has_perm("matchmaking.see_contacts", interest)
    assert manager.has_perm("matchmaking.see_contacts", interest)
    assert not other_owner.has_perm("matchmaking.see_contacts", interest)
    assert not UserFactory().has_perm("matchmaking.see_contacts", interest)
    emails = {c["email"] for c in selectors.approach_contacts(interest)}
    assert {lab_member.email, manager.email, lab_owner.email} <= emails
    assert other_owner.email not in emails
