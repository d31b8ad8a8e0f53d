"""An unverified organisation cannot lead a solution yet: the label, the rule and the API agree
(docs/decisions.md, "Proposing for an unverified organisation")."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from organisations.models import Role
from projects import services
from projects.models import Solution
from tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

SOLUTION = {"title": "Misting fans", "summary": "Cheap.", "description": "Fans."}


@pytest.fixture
def newcomer():
    """The owner of an organisation registered today, not verified yet."""
    return MembershipFactory(
        organisation=OrganisationFactory(name="Cầu Nối Số"), role=Role.OWNER
    ).user


def test_the_form_says_an_unverified_organisation_cannot_lead_yet(client, newcomer):
    project = ProjectFactory()
    client.force_login(newcomer)

    html = client.get(
        reverse("projects:propose", args=[project.slug]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert "Cầu Nối Số (not yet verified: cannot lead a solution yet)" in html
    assert "drafts only" not in html


def test_proposing_for_it_on_the_site_is_a_form_error_and_saves_nothing(client, newcomer):
    project = ProjectFactory()
    organisation = newcomer.memberships.get().organisation
    client.force_login(newcomer)

    response = client.post(
        reverse("projects:propose", args=[project.slug]),
        {**SOLUTION, "lead_organisation": organisation.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "is not verified yet" in response.content.decode()
    assert not Solution.objects.exists()


def test_the_service_refuses_it(newcomer):
    organisation = newcomer.memberships.get().organisation

    with pytest.raises(ValidationError) as refused:
        services.solution_propose(
            project=ProjectFactory(), by=newcomer, lead_organisation=organisation, **SOLUTION
        )

    assert "lead_organisation" in refused.value.message_dict


def test_the_api_refuses_it_naming_the_field(newcomer):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(newcomer)
    project = ProjectFactory()
    organisation = newcomer.memberships.get().organisation

    response = api.post(
        f"/api/v1/projects/{project.slug}/solutions/",
        {**SOLUTION, "lead_organisation": organisation.slug},
        format="json",
    )

    assert response.status_code == 400
    assert "is not verified yet" in response.json()["errors"]["lead_organisation"][0]
    assert not Solution.objects.exists()


def test_once_verified_it_leads(newcomer):
    organisation = newcomer.memberships.get().organisation
    organisation.verified_at = organisation.created
    organisation.save()

    solution = services.solution_propose(
        project=ProjectFactory(), by=newcomer, lead_organisation=organisation, **SOLUTION
    )

    assert solution.lead_organisation == organisation
