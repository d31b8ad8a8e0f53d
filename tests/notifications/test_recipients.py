"""Who is told of what: every event, its recipients and their kind; never the actor, never
twice (a person who qualifies by two rules gets the first)."""

import pytest

from notifications.models import Event, Kind, Notification
from notifications.receivers import is_milestone
from organisations import services as organisation_services
from organisations.models import Invitation, Role
from projects import services
from projects.models import Project, Solution
from tests.factories import (
    CommentFactory,
    MembershipFactory,
    MembershipRequestFactory,
    OrganisationFactory,
    StaffFactory,
)


def new_solution(w, act):
    act(
        services.solution_propose,
        project=w.project,
        by=w.stranger,
        title="Rain gauges",
        summary="Gauges on every school roof.",
        description="Forty gauges.",
    )


def reply(w, act):
    parent = CommentFactory(project=w.project, author=w.author)
    act(services.comment_create, subject=w.project, by=w.stranger, body="Agreed.", parent=parent)


def own_project_comment(w, act):
    act(services.comment_create, subject=w.project, by=w.project_owner, body="Thanks all.")


def solution_comment(w, act):
    act(services.comment_create, subject=w.solution, by=w.project_owner, body="How much?")


def project_status(w, act):
    act(services.project_transition, project=w.project, to="in_review", by=w.project_manager)


def solution_decision(w, act):
    act(services.solution_decide, solution=w.solution, to="shortlisted", by=w.project_owner)


def solution_withdrawal(w, act):
    Project.objects.filter(pk=w.project.pk).update(solution_count=1)  # as proposing does
    act(services.solution_withdraw, solution=w.solution, by=w.lead)


def consortium_invitation(w, act):
    university = OrganisationFactory(verified=True)
    w.university_owner = MembershipFactory(organisation=university, role=Role.OWNER).user
    w.university_manager = MembershipFactory(organisation=university, role=Role.MANAGER).user
    MembershipFactory(organisation=university, role=Role.MEMBER)
    act(
        services.consortium_invite,
        solution=w.solution,
        organisation=university,
        role="research",
        by=w.lead,
    )


def consortium_answer(w, act):
    act(services.consortium_answer, partner=w.invitation, accept=True, by=w.invited_manager)


def organisation_verified(w, act):
    newcomer = OrganisationFactory()
    w.new_owner = MembershipFactory(organisation=newcomer, role=Role.OWNER).user
    MembershipFactory(organisation=newcomer, role=Role.MANAGER)
    act(organisation_services.organisation_verify, organisation=newcomer, by=StaffFactory())


def membership_invitation(w, act):
    act(
        organisation_services.invitation_create,
        organisation=w.organisation,
        email=w.stranger.email.upper(),
        role=Role.MEMBER,
        by=w.project_owner,
    )


def membership_invitation_to_no_account(w, act):
    act(
        organisation_services.invitation_create,
        organisation=w.organisation,
        email="nobody.yet@example.org",
        role=Role.MEMBER,
        by=w.project_owner,
    )


def invitation_accepted(w, act):
    organisation_services.invitation_create(
        organisation=w.organisation, email=w.stranger.email, role=Role.MEMBER, by=w.project_owner
    )
    invitation = Invitation.objects.get(email=w.stranger.email)
    act(organisation_services.invitation_accept, invitation=invitation, user=w.stranger)


def membership_request(w, act):
    act(
        organisation_services.membership_request_create,
        organisation=w.organisation,
        user=w.stranger,
    )


def membership_approval(w, act):
    request = MembershipRequestFactory(organisation=w.organisation, user=w.stranger)
    act(
        organisation_services.membership_request_approve,
        membership_request=request,
        by=w.project_manager,
    )


def support_milestone(w, act):
    Project.objects.filter(pk=w.project.pk).update(support_count=9)
    act(services.vote_cast, subject=w.project, by=w.stranger)


CASES = [
    # The author follows and belongs to the project: told once.
    (new_solution, Kind.NEW_SOLUTION, ["author", "follower", "lead", "project_owner",
                                       "project_manager"]),
    # The author of the comment replied to is also of the project's team: a reply, once.
    (reply, None, {"author": Kind.REPLY, "project_owner": Kind.COMMENT,
                   "project_manager": Kind.COMMENT}),
    (own_project_comment, Kind.COMMENT, ["project_manager", "author"]),
    (solution_comment, Kind.COMMENT, ["lead", "lead_manager", "partner_manager"]),
    (project_status, Kind.PROJECT_STATUS, ["author", "follower", "lead"]),
    (solution_decision, Kind.SOLUTION_STATUS, ["lead", "lead_manager", "partner_manager"]),
    (solution_withdrawal, Kind.SOLUTION_STATUS, ["lead_manager", "partner_manager"]),
    (consortium_invitation, Kind.CONSORTIUM, ["university_owner", "university_manager"]),
    (consortium_answer, Kind.CONSORTIUM, ["lead", "lead_manager"]),
    (organisation_verified, Kind.ORGANISATION_VERIFIED, ["new_owner"]),
    (membership_invitation, Kind.MEMBERSHIP_INVITATION, ["stranger"]),
    (membership_invitation_to_no_account, None, {}),
    (invitation_accepted, Kind.MEMBERSHIP, ["project_owner"]),
    (membership_request, Kind.MEMBERSHIP, ["project_owner", "project_manager"]),
    (membership_approval, Kind.MEMBERSHIP, ["stranger"]),
    (support_milestone, Kind.MILESTONE, ["project_owner", "project_manager", "author"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("action", "kind", "expected"), CASES, ids=[case[0].__name__ for case in CASES]
)
def test_who_is_told(world, act, action, kind, expected):
    # Given the world of a project and a solution; When the action happens
    before = set(Notification.objects.values_list("pk", flat=True))
    action(world, act)

    # Then exactly the expected people are told, once each, with the expected kind
    rows = list(Notification.objects.exclude(pk__in=before).values_list("recipient_id", "kind"))
    names = {getattr(world, name).pk: name for name in vars(world) if _is_user(world, name)}
    told = {names.get(user_id, user_id): kind for user_id, kind in rows}
    if kind is not None:
        expected = dict.fromkeys(expected, kind)
    assert told == expected
    assert len(rows) == len(told), "someone was told twice"


def _is_user(world, name: str) -> bool:
    return type(getattr(world, name)).__name__ == "User"


@pytest.mark.parametrize(
    ("count", "milestone"),
    [(9, False), (10, True), (11, False), (50, True), (100, True), (150, False), (500, True),
     (1000, True), (5000, True), (10000, True), (20, False), (5, False), (1, False)],
)  # fmt: skip
def test_milestones(count, milestone):
    assert is_milestone(count) is milestone


def test_a_milestone_reached_again_after_a_withdrawal_tells_nobody_twice(world, act, mailoutbox):
    Project.objects.filter(pk=world.project.pk).update(support_count=9)
    act(services.vote_cast, subject=world.project, by=world.stranger)
    act(services.vote_withdraw, subject=world.project, by=world.stranger)
    act(services.vote_cast, subject=world.project, by=world.stranger)

    assert Event.objects.filter(type=Event.Type.SUPPORT_MILESTONE).count() == 1
    assert Notification.objects.filter(kind=Kind.MILESTONE).count() == 3  # the project's team


def test_a_milestone_on_a_solution_tells_its_team(world, act):
    Solution.objects.filter(pk=world.solution.pk).update(support_count=49)

    act(services.vote_cast, subject=world.solution, by=world.stranger)

    told = set(Notification.objects.filter(kind=Kind.MILESTONE).values_list("recipient_id"))
    assert told == {(world.lead.pk,), (world.lead_manager.pk,), (world.partner_manager.pk,)}
    (event,) = Event.objects.filter(type=Event.Type.SUPPORT_MILESTONE)
    assert event.context == {"milestone": 50}
    assert event.solution == world.solution
