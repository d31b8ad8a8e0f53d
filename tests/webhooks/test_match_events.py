"""Matchmaking's events: both sides' endpoints hear of an invitation or an interest, its answer,
and an accepted pledge; the payload is the API's body without contacts; delivered signed."""

import pytest

from matchmaking import services
from organisations.models import Role
from tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory
from webhooks.models import Event, WebhookDelivery

from .conftest import verify_signature
from .factories import WebhookEndpointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sides(db):
    project = ProjectFactory()
    manager = MembershipFactory(organisation=project.organisation, role=Role.MANAGER).user
    lab = OrganisationFactory(verified=True, sector="academia")
    member = MembershipFactory(organisation=lab, role=Role.MEMBER).user
    offer = services.resource_create(
        organisation=lab,
        by=MembershipFactory(organisation=lab, role=Role.OWNER).user,
        kind="testbed",
        title="Test-bed",
        description="A flume.",
    )
    return project, manager, lab, member, offer


def _received(endpoint) -> list[str]:
    return list(endpoint.deliveries.order_by("pk").values_list("event_type", flat=True))


def test_an_interest_with_a_pledge_accepted_reaches_both_sides(sides, monkeypatch):
    monkeypatch.setattr("webhooks.tasks.queue_deliveries", lambda ids: None)
    project, manager, lab, member, offer = sides
    theirs = WebhookEndpointFactory(organisation=project.organisation)
    ours = WebhookEndpointFactory(organisation=lab)
    stranger = WebhookEndpointFactory()
    interest = services.interest_express(
        organisation=lab, project=project, by=member, message="Hello", pledge=offer
    )
    services.approach_answer(approach=interest, accept=True, by=manager)
    expected = [Event.MATCH_INTEREST_EXPRESSED, Event.OFFER_PLEDGED, Event.MATCH_ANSWERED]
    assert _received(theirs) == expected
    assert _received(ours) == expected
    assert _received(stranger) == []
    payload = theirs.deliveries.get(event_type=Event.OFFER_PLEDGED).payload
    approach = payload["data"]["approach"]
    assert approach["status"] == "accepted"
    assert approach["pledge"] == {
        "id": offer.pk,
        "kind": "testbed",
        "title": "Test-bed",
        "value_vnd": None,
    }
    assert approach["organisation"]["slug"] == lab.slug
    assert approach["project"]["slug"] == project.slug
    assert approach["contacts"] is None  # never in a webhook


def test_an_invitation_declined_sends_invitation_sent_then_answered(sides, monkeypatch):
    monkeypatch.setattr("webhooks.tasks.queue_deliveries", lambda ids: None)
    project, manager, lab, _member, _offer = sides
    ours = WebhookEndpointFactory(organisation=lab, events=[Event.MATCH_INVITATION_SENT])
    invitation = services.invitation_send(project=project, organisation=lab, by=manager)
    owner = lab.memberships.get(role=Role.OWNER).user
    services.approach_answer(approach=invitation, accept=False, by=owner)
    assert _received(ours) == [Event.MATCH_INVITATION_SENT]  # it chose only that one
    data = ours.deliveries.get().payload["data"]["approach"]
    assert (data["kind"], data["status"]) == ("invitation", "pending")


def test_a_match_event_is_delivered_signed(sides, receiver, django_capture_on_commit_callbacks):
    project, _manager, lab, member, _offer = sides
    endpoint = WebhookEndpointFactory(organisation=project.organisation, url=receiver.url)
    receiver.secret = endpoint.secret
    with django_capture_on_commit_callbacks(execute=True):
        services.interest_express(organisation=lab, project=project, by=member)
    [request] = receiver.requests
    assert request.verified
    assert verify_signature(endpoint.secret, request.headers, request.body)
    assert request.json()["type"] == "match.interest_expressed"
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.SUCCEEDED
