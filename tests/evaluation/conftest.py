"""A challenge in review with two criteria, three solutions from three sectors, a manager and
three reviewers (one a member of the lead organisation of the first solution)."""

from dataclasses import dataclass

import pytest
from django.db import transaction

from evaluation import services
from evaluation.models import Assignment, Rubric
from projects.models import ConsortiumPartner, Project, Solution
from tests.factories import (
    CriterionFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    RubricFactory,
    SolutionFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _commit_at_once(monkeypatch):
    """Each service call here stands for a request that commits: what it queues on commit
    (notification fan-outs, emails; eager tasks) runs at once."""
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@dataclass
class Setup:
    project: Project
    rubric: Rubric
    manager: object
    solutions: list[Solution]
    reviewers: list  # users
    company: object
    university: object


@pytest.fixture
def ev(db, organisation, manager) -> Setup:
    project = ProjectFactory(organisation=organisation, status="in_review")
    rubric = RubricFactory(project=project)
    CriterionFactory(rubric=rubric, title="Impact", weight=3, scale=5)
    CriterionFactory(rubric=rubric, title="Cost", weight=1, scale=10)
    company = OrganisationFactory(sector="enterprise", verified=True)
    university = OrganisationFactory(sector="academia", verified=True)
    ngo = OrganisationFactory(sector="community", verified=True)
    solutions = [
        SolutionFactory(project=project, lead_organisation=company, title="Sensors"),
        SolutionFactory(project=project, title="Drains"),
        SolutionFactory(project=project, lead_organisation=ngo, title="Wardens"),
    ]
    ConsortiumPartner.objects.create(
        solution=solutions[0], organisation=university, role="research", status="accepted"
    )
    reviewers = [
        MembershipFactory(organisation=company).user,  # barred from "Sensors"
        MembershipFactory(organisation=OrganisationFactory(sector="government")).user,
        UserFactory(),
    ]
    for user in reviewers:
        services.reviewer_invite(rubric=rubric, email=user.email, by=manager)
    return Setup(project, rubric, manager, solutions, reviewers, company, university)


def assignment(ev: Setup, reviewer: int, solution: int) -> Assignment:
    return Assignment.objects.get(
        reviewer__user=ev.reviewers[reviewer], solution=ev.solutions[solution]
    )


def score_and_submit(ev: Setup, reviewer: int, solution: int, values: list[int]) -> Assignment:
    """Declare no conflict, score every criterion, submit."""
    a = assignment(ev, reviewer, solution)
    user = ev.reviewers[reviewer]
    if a.status == Assignment.Status.TO_DECLARE:
        services.declaration_make(assignment=a, by=user, relationship="none")
    criteria = list(ev.rubric.criteria.all())
    services.scores_save(
        assignment=a,
        by=user,
        scores={c.pk: (v, f"comment {v}") for c, v in zip(criteria, values, strict=True)},
    )
    return services.assignment_submit(assignment=a, by=user)


# The follow-through tests (test_followthrough*.py) share this fixture.
from tests.evaluation.followthrough_setup import delivery  # noqa: E402, F401
