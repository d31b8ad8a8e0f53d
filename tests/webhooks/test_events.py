"""Which event reaches which endpoint, with what payload: the outbox written by the signals."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from organisations.models import Role
from projects import services
from projects.models import ConsortiumPartner
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
    UserFactory,
)
from webhooks.models import Event, WebhookDelivery

from .factories import WebhookEndpointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_sent(monkeypatch):
    """These tests look at the rows written; sending is tested in test_delivery."""
    monkeypatch.setattr("webhooks.tasks.queue_deliveries", lambda ids: None)


def received(endpoint) -> list[str]:
    return list(endpoint.deliveries.order_by("pk").values_list("event_type", flat=True))


def propose(project, by=None, **fields):
    return services.solution_propose(
        project=project,
        by=by or UserFactory(),
        title="River sensors",
        summary="Twenty sensors.",
        description="Along the river.",
        **fields,
    )


def test_publishing_a_project_sends_project_published_to_its_organisation(organisation, owner):
    endpoint = WebhookEndpointFactory(organisation=organisation)
    project = ProjectFactory(organisation=organisation, status="draft", published_at=None)

    services.project_publish(project=project, by=owner)

    delivery = endpoint.deliveries.get()
    assert delivery.event_type == Event.PROJECT_PUBLISHED
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.payload["type"] == "project.published"
    assert delivery.payload["id"] == str(delivery.event_id)
    assert delivery.payload["data"]["project"]["slug"] == project.slug
    assert delivery.payload["data"]["project"]["status"] == "open"


def test_creating_a_draft_sends_nothing(organisation, owner):
    endpoint = WebhookEndpointFactory(organisation=organisation)

    services.project_create(
        by=owner,
        organisation=organisation,
        title="Cooler bus stops",
        summary="Shade.",
        description="Start with the market.",
        theme="smart-mobility",
        district="thu-dau-mot",
    )

    assert received(endpoint) == []


def test_archiving_a_draft_that_was_never_published_sends_nothing(organisation, owner):
    endpoint = WebhookEndpointFactory(organisation=organisation)
    project = ProjectFactory(organisation=organisation, status="draft", published_at=None)

    services.project_transition(project=project, to="archived", by=owner)

    assert received(endpoint) == []


def test_a_published_project_moving_sends_status_changed_with_the_previous_status(
    organisation, owner
):
    endpoint = WebhookEndpointFactory(organisation=organisation)
    project = ProjectFactory(organisation=organisation)

    services.project_transition(project=project, to="in_review", by=owner)

    delivery = endpoint.deliveries.get()
    assert delivery.event_type == Event.PROJECT_STATUS_CHANGED
    assert delivery.payload["data"]["previous_status"] == "open"
    assert delivery.payload["data"]["project"]["status"] == "in_review"


def test_other_organisations_hear_nothing_about_a_project(organisation, owner):
    other = WebhookEndpointFactory(organisation=OrganisationFactory(verified=True))
    project = ProjectFactory(organisation=organisation)

    services.project_transition(project=project, to="in_review", by=owner)

    assert received(other) == []


def test_inactive_endpoints_get_nothing(organisation, owner):
    endpoint = WebhookEndpointFactory(organisation=organisation, is_active=False)

    services.project_transition(
        project=ProjectFactory(organisation=organisation), to="in_review", by=owner
    )

    assert received(endpoint) == []


def test_endpoints_get_only_the_events_they_chose(organisation, owner):
    comments_only = WebhookEndpointFactory(organisation=organisation, events=["comment.created"])
    project = ProjectFactory(organisation=organisation)

    services.project_transition(project=project, to="in_review", by=owner)
    services.comment_create(subject=project, by=owner, body="Reviewing now.")

    assert received(comments_only) == ["comment.created"]


def test_a_solution_reaches_the_project_the_lead_and_accepted_partners_only(organisation):
    project = ProjectFactory(organisation=organisation)
    lead = OrganisationFactory(verified=True)
    accepted, invited, bystander = (OrganisationFactory(verified=True) for _ in range(3))
    endpoints = {
        name: WebhookEndpointFactory(organisation=org)
        for name, org in {
            "project": organisation,
            "lead": lead,
            "accepted": accepted,
            "invited": invited,
            "bystander": bystander,
        }.items()
    }
    proposer = MembershipFactory(organisation=lead, role=Role.MANAGER).user
    solution = propose(project, by=proposer, lead_organisation=lead)
    ConsortiumPartner.objects.create(
        solution=solution,
        organisation=accepted,
        role="research",
        status=ConsortiumPartner.Status.ACCEPTED,
    )
    ConsortiumPartner.objects.create(solution=solution, organisation=invited, role="pilot")
    decider = MembershipFactory(organisation=organisation, role=Role.OWNER).user

    services.solution_decide(solution=solution, to="shortlisted", by=decider)

    assert received(endpoints["project"]) == ["solution.submitted", "solution.status_changed"]
    assert received(endpoints["lead"]) == ["solution.submitted", "solution.status_changed"]
    assert received(endpoints["accepted"]) == ["solution.status_changed"]
    assert received(endpoints["invited"]) == []
    assert received(endpoints["bystander"]) == []


def test_a_solution_payload_is_its_public_api_representation(organisation):
    WebhookEndpointFactory(organisation=organisation)
    solution = propose(ProjectFactory(organisation=organisation))

    delivery = WebhookDelivery.objects.get(event_type=Event.SOLUTION_SUBMITTED)
    body = APIClient().get(f"/api/v1/solutions/{solution.pk}/").json()
    sent = delivery.payload["data"]["solution"]
    assert sent["web_url"].endswith(solution.get_absolute_url())
    assert {**sent, "web_url": None} == {**body, "web_url": None}
    assert sent["supported_by_me"] is None


def test_a_comment_on_a_solution_reaches_its_lead_organisation(organisation):
    lead = OrganisationFactory(verified=True)
    lead_endpoint = WebhookEndpointFactory(organisation=lead, events=["comment.created"])
    solution = SolutionFactory(
        project=ProjectFactory(organisation=organisation), lead_organisation=lead
    )

    comment = services.comment_create(subject=solution, by=UserFactory(), body="Costed?")

    delivery = lead_endpoint.deliveries.get()
    assert delivery.payload["data"]["comment"]["id"] == comment.pk
    assert delivery.payload["data"]["comment"]["solution"] == solution.pk


def test_a_comment_on_a_project_does_not_reach_the_leads_of_its_solutions(organisation):
    lead = OrganisationFactory(verified=True)
    lead_endpoint = WebhookEndpointFactory(organisation=lead)
    project = ProjectFactory(organisation=organisation)
    SolutionFactory(project=project, lead_organisation=lead)

    services.comment_create(subject=project, by=UserFactory(), body="Thanks all.")

    assert received(lead_endpoint) == []


def test_one_event_shares_its_id_and_payload_across_endpoints(organisation, owner):
    first, second = (WebhookEndpointFactory(organisation=organisation) for _ in range(2))

    services.project_transition(
        project=ProjectFactory(organisation=organisation), to="in_review", by=owner
    )

    a, b = first.deliveries.get(), second.deliveries.get()
    assert a.event_id == b.event_id
    assert a.payload == b.payload


def test_deliveries_roll_back_with_the_change(organisation, owner):
    endpoint = WebhookEndpointFactory(organisation=organisation)
    project = ProjectFactory(organisation=organisation)

    def request_failing_after_the_service():
        with transaction.atomic():
            services.project_transition(project=project, to="in_review", by=owner)
            raise RuntimeError("the request failed after the service")

    with pytest.raises(RuntimeError):
        request_failing_after_the_service()

    assert received(endpoint) == []


def _queries_to_propose(endpoints: int) -> int:
    organisation = OrganisationFactory(verified=True)
    for _ in range(endpoints):
        WebhookEndpointFactory(organisation=organisation)
    project = ProjectFactory(organisation=organisation)
    with CaptureQueriesContext(connection) as captured:
        propose(project)
    assert WebhookDelivery.objects.filter(endpoint__organisation=organisation).count() == endpoints
    return len(captured.captured_queries)


def test_recording_an_event_costs_the_same_for_one_or_many_endpoints():
    assert _queries_to_propose(1) == _queries_to_propose(6)


def test_a_project_payload_is_its_public_api_representation(organisation, owner):
    endpoint = WebhookEndpointFactory(organisation=organisation)
    project = ProjectFactory(organisation=organisation, status="draft", published_at=None)
    project.tags.add("flood", "sensors")

    services.project_publish(project=project, by=owner)

    sent = endpoint.deliveries.get().payload["data"]["project"]
    body = APIClient().get(f"/api/v1/projects/{project.slug}/").json()
    assert {**sent, "web_url": None} == {**body, "web_url": None}
    assert sent["tags"] == ["flood", "sensors"]
    assert sent["following"] is None


def test_withdrawing_a_solution_tells_the_project_and_the_lead(organisation):
    lead = OrganisationFactory(verified=True)
    manager = MembershipFactory(organisation=lead, role=Role.MANAGER).user
    project_endpoint = WebhookEndpointFactory(organisation=organisation)
    lead_endpoint = WebhookEndpointFactory(organisation=lead)
    solution = propose(
        ProjectFactory(organisation=organisation), by=manager, lead_organisation=lead
    )

    services.solution_withdraw(solution=solution, by=manager)

    for endpoint in (project_endpoint, lead_endpoint):
        delivery = endpoint.deliveries.get(event_type=Event.SOLUTION_STATUS_CHANGED)
        assert delivery.payload["data"]["previous_status"] == "submitted"
        assert delivery.payload["data"]["solution"]["status"] == "withdrawn"
