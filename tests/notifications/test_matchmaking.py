"""Invitations, interests and their answers are told in the app and by email (kind
`matchmaking`, instant by default, with the usual preferences)."""

import pytest
from django.core import mail

from matchmaking import services
from notifications.models import Kind, Notification, NotificationPreference
from notifications.texts import describe
from organisations.models import Role
from tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory


@pytest.fixture
def sides(db):
    project = ProjectFactory(title="Flood alerts")
    manager = MembershipFactory(organisation=project.organisation, role=Role.MANAGER).user
    lab = OrganisationFactory(verified=True, name="Water Lab")
    lab_owner = MembershipFactory(organisation=lab, role=Role.OWNER).user
    member = MembershipFactory(organisation=lab, role=Role.MEMBER).user
    return project, manager, lab, lab_owner, member


def told(user) -> list[str]:
    return [
        describe(n)
        for n in Notification.objects.filter(recipient=user).for_listing().order_by("pk")
    ]


def test_an_interest_tells_the_project_team_and_the_answer_tells_the_sender(sides, act):
    project, manager, lab, lab_owner, member = sides
    interest = act(services.interest_express, organisation=lab, project=project, by=member)
    assert told(manager) == ["Water Lab is interested in “Flood alerts”."]
    assert told(member) == []
    note = Notification.objects.get(recipient=manager)
    assert note.kind == Kind.MATCHMAKING
    assert note.email == "instant"
    assert note.get_absolute_url() == interest.get_absolute_url()
    assert any("Water Lab is interested" in m.body for m in mail.outbox)

    act(services.approach_answer, approach=interest, accept=True, by=manager)
    assert told(member) == ["“Flood alerts” accepted the interest of Water Lab."]
    assert told(lab_owner) == ["“Flood alerts” accepted the interest of Water Lab."]
    assert len(told(manager)) == 1  # not told of their own answer


def test_an_invitation_tells_the_labs_managers_not_its_plain_members(sides, act):
    project, manager, lab, lab_owner, member = sides
    invitation = act(services.invitation_send, project=project, organisation=lab, by=manager)
    assert told(lab_owner)[0].endswith("invites Water Lab to propose a solution to “Flood alerts”.")
    assert told(member) == []
    act(services.approach_answer, approach=invitation, accept=False, by=lab_owner)
    assert told(manager) == ["Water Lab declined the invitation to propose to “Flood alerts”."]


def test_the_preference_turns_the_email_off(sides, act):
    project, manager, lab, _lab_owner, member = sides
    NotificationPreference.objects.create(user=manager, kind=Kind.MATCHMAKING, channel="off")
    act(services.interest_express, organisation=lab, project=project, by=member)
    assert Notification.objects.get(recipient=manager).email == "off"
    assert mail.outbox == []
