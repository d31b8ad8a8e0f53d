"""A project in progress with one selected solution (lead: a company, partner: a university),
one not selected, and a follower."""

from dataclasses import dataclass

import pytest

from projects import services as project_services
from projects.models import ConsortiumPartner, Project, Solution
from tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory, SolutionFactory


@dataclass
class Delivery:
    project: Project
    selected: Solution
    other: Solution
    lead_user: object
    company_manager: object
    partner_manager: object
    losing_lead: object
    follower: object


@pytest.fixture
def delivery(db, organisation, owner) -> Delivery:
    project = ProjectFactory(organisation=organisation, status="in_progress", budget_vnd=1_000_000)
    company = OrganisationFactory(sector="enterprise", verified=True)
    university = OrganisationFactory(sector="academia", verified=True)
    selected = SolutionFactory(
        project=project, lead_organisation=company, status=Solution.Status.SELECTED
    )
    ConsortiumPartner.objects.create(
        solution=selected, organisation=university, role="research", status="accepted"
    )
    other = SolutionFactory(project=project, status=Solution.Status.NOT_SELECTED)
    follower = MembershipFactory(organisation=OrganisationFactory(), role="member").user
    project_services.follow(project=project, by=follower)
    return Delivery(
        project=project,
        selected=selected,
        other=other,
        lead_user=selected.lead_user,
        company_manager=MembershipFactory(organisation=company, role="manager").user,
        partner_manager=MembershipFactory(organisation=university, role="owner").user,
        losing_lead=other.lead_user,
        follower=follower,
    )
