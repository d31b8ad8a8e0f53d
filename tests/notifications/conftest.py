from types import SimpleNamespace

import pytest

from organisations.models import Role
from projects.models import ConsortiumPartner, Follow
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
    UserFactory,
)


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """Run a service as a request would: commit, then run what it queued (eager tasks)."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


@pytest.fixture
def world(db):
    """A project with its team and followers, and a solution with its consortium.

    - `project_owner`, `project_manager`, `project_member`: the project's organisation;
      `author` (a member) wrote the project; `follower` follows it (as does `author`).
    - `lead` proposed `solution` for `lead_org`, managed by `lead_manager`; `partner_manager`
      manages a partner who accepted, `invited_manager` one still invited.
    - `stranger`: nothing to do with any of it.
    """
    w = SimpleNamespace()
    org = OrganisationFactory(verified=True)
    w.organisation = org
    w.project_owner = MembershipFactory(organisation=org, role=Role.OWNER).user
    w.project_manager = MembershipFactory(organisation=org, role=Role.MANAGER).user
    w.project_member = MembershipFactory(organisation=org, role=Role.MEMBER).user
    w.author = MembershipFactory(organisation=org, role=Role.MEMBER).user
    w.project = ProjectFactory(organisation=org, created_by=w.author)
    w.follower = UserFactory()
    for person in (w.author, w.follower):
        Follow.objects.create(project=w.project, user=person)

    w.lead_org = OrganisationFactory(verified=True)
    w.lead = MembershipFactory(organisation=w.lead_org, role=Role.MEMBER).user
    w.lead_manager = MembershipFactory(organisation=w.lead_org, role=Role.MANAGER).user
    w.solution = SolutionFactory(project=w.project, lead_user=w.lead, lead_organisation=w.lead_org)
    Follow.objects.create(project=w.project, user=w.lead)

    accepted, invited = OrganisationFactory(verified=True), OrganisationFactory(verified=True)
    w.partner_manager = MembershipFactory(organisation=accepted, role=Role.OWNER).user
    w.invited_manager = MembershipFactory(organisation=invited, role=Role.OWNER).user
    ConsortiumPartner.objects.create(
        solution=w.solution,
        organisation=accepted,
        role="research",
        status=ConsortiumPartner.Status.ACCEPTED,
    )
    w.invitation = ConsortiumPartner.objects.create(
        solution=w.solution, organisation=invited, role="pilot site", invited_by=w.lead
    )
    w.stranger = UserFactory()
    return w
