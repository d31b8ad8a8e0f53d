"""The staff desk sees invitations and interests and answers or withdraws them through the
services (the rules and the counters hold); nothing is added or edited by hand."""

import pytest
from django.urls import reverse

from matchmaking import services
from matchmaking.models import Approach, ProjectCommitments
from tests.factories import MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:matchmaking_approach_changelist")


@pytest.fixture
def interest(lab, lab_owner, flood_project):
    offer = services.resource_create(
        organisation=lab, by=lab_owner, kind="testbed", title="Flume", description="A flume."
    )
    return services.interest_express(
        organisation=lab, project=flood_project, by=lab_owner, pledge=offer
    )


def test_staff_accept_on_the_projects_behalf_and_the_pledge_counts(client, staff, interest):
    client.force_login(staff)
    assert interest.project.title in client.get(CHANGELIST).content.decode()
    response = client.post(
        CHANGELIST, {"action": "accept", "_selected_action": [interest.pk]}, follow=True
    )
    assert response.status_code == 200
    interest.refresh_from_db()
    assert (interest.status, interest.answered_by) == ("accepted", staff)
    assert ProjectCommitments.objects.get(project=interest.project).committed_count == 1


def test_staff_withdraw_and_a_second_answer_is_refused_with_a_message(client, staff, interest):
    client.force_login(staff)
    client.post(CHANGELIST, {"action": "withdraw", "_selected_action": [interest.pk]})
    response = client.post(
        CHANGELIST,
        {"action": "decline", "_selected_action": [interest.pk]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "already been answered or withdrawn" in response.content.decode()
    assert Approach.objects.get().status == "withdrawn"


def test_no_add_no_edit_no_delete(client, staff, interest):
    client.force_login(staff)
    assert client.get(reverse("admin:matchmaking_approach_add")).status_code == 403
    change = reverse("admin:matchmaking_approach_change", args=[interest.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="message"' not in page.content.decode()


def test_an_organisation_manager_is_not_staff(client, interest):
    manager = MembershipFactory(
        organisation=ProjectFactory().organisation, role="owner", user__is_staff=False
    ).user
    client.force_login(manager)
    assert client.get(CHANGELIST).status_code == 302
