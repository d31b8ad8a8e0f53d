"""Project pages run a constant number of queries whatever the number of rows."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from organisations.models import Role
from projects import services
from projects.models import ConsortiumPartner, Project, Solution
from tests.factories import (
    CommentFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def count_queries(client, url, django_assert_max_num_queries) -> int:
    # Measured cold each time: the home page's charts are cached until the tallies change,
    # which factories do not tell.
    cache.clear()
    with django_assert_max_num_queries(100) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def visitor(request, client):
    """Sign the client in as `request.param`: anonymous, a member of an organisation, staff."""
    kind = request.param
    if kind == "member":
        client.force_login(MembershipFactory(role=Role.OWNER).user)
    elif kind == "staff":
        client.force_login(StaffFactory())
    return kind


VISITORS = pytest.mark.parametrize("visitor", ["anonymous", "member", "staff"], indirect=True)


# --- Lists -----------------------------------------------------------------------------------


def make_projects(n: int) -> None:
    for project in ProjectFactory.create_batch(n, seeks_community=True):
        project.tags.add("flood", f"tag {project.pk}")
        SolutionFactory(project=project)
    ProjectFactory(status="draft", published_at=None)


@VISITORS
@pytest.mark.parametrize(
    "url",
    [
        reverse("projects:list"),
        reverse("projects:list") + "?q=flood&theme=flooding-water&seeks=community&sort=deadline",
        reverse("home"),
    ],
)
def test_lists_cost_the_same_with_5_or_50_projects(
    client, visitor, url, django_assert_max_num_queries
):
    make_projects(5)
    few = count_queries(client, url, django_assert_max_num_queries)
    make_projects(45)
    many = count_queries(client, url, django_assert_max_num_queries)

    assert few == many


# --- The project page ------------------------------------------------------------------------


@pytest.fixture
def project(db):
    return ProjectFactory(budget_vnd=10**9)


def add_rows(project: Project, n: int, supporter) -> None:
    """n solutions (each led by another organisation, with a partner) and n comments: every
    third a reply, some hidden or deleted; the supporter supports half the solutions."""
    for i in range(n):
        solution = SolutionFactory(project=project, lead_organisation=OrganisationFactory())
        ConsortiumPartner.objects.create(
            solution=solution,
            organisation=OrganisationFactory(verified=True),
            role="research",
            status=ConsortiumPartner.Status.ACCEPTED,
        )
        if supporter is not None and i % 2:
            services.vote_cast(subject=solution, by=supporter)
        parent = project.comments.last() if i % 3 else None
        CommentFactory(
            project=project,
            parent=parent,
            hidden_at=timezone.now() if i % 5 == 1 else None,
            deleted_at=timezone.now() if i % 7 == 2 else None,
        )


@pytest.mark.parametrize("viewer", ["anonymous", "citizen", "owner", "moderator"])
def test_the_project_page_costs_the_same_with_5_or_50_solutions_and_comments(
    client, project, viewer, django_assert_max_num_queries
):
    supporter = None
    if viewer == "owner":
        supporter = MembershipFactory(organisation=project.organisation, role=Role.OWNER).user
    elif viewer == "citizen":
        supporter = UserFactory()
    elif viewer == "moderator":
        supporter = StaffFactory()
    if supporter is not None:
        client.force_login(supporter)
        CommentFactory(project=project, author=supporter)  # their own: edit and delete
    url = project.get_absolute_url()

    add_rows(project, 5, supporter)
    few = count_queries(client, url, django_assert_max_num_queries)
    add_rows(project, 45, supporter)
    many = count_queries(client, url, django_assert_max_num_queries)

    assert few == many
    assert Solution.objects.count() == 50


@pytest.mark.parametrize("viewer", ["anonymous", "lead"])
def test_the_solution_page_costs_the_same_with_5_or_50_comments_and_partners(
    client, project, viewer, django_assert_max_num_queries
):
    lead = UserFactory()
    solution = SolutionFactory(project=project, lead_user=lead)
    if viewer == "lead":
        client.force_login(lead)
    url = solution.get_absolute_url()

    def add(n):
        for _ in range(n):
            CommentFactory(solution=solution, project=None)
            ConsortiumPartner.objects.create(
                solution=solution, organisation=OrganisationFactory(verified=True), role="x"
            )

    add(5)
    few = count_queries(client, url, django_assert_max_num_queries)
    add(45)
    many = count_queries(client, url, django_assert_max_num_queries)

    assert few == many


def test_my_helix_costs_the_same_with_5_or_50_consortium_invitations(
    client, organisation, owner, django_assert_max_num_queries
):
    client.force_login(owner)
    url = reverse("accounts:dashboard")
    client.get(url)  # a first visit to My Helix notes it: one write

    def invite(n):
        for _ in range(n):
            ConsortiumPartner.objects.create(
                solution=SolutionFactory(), organisation=organisation, role="x"
            )

    invite(5)
    few = count_queries(client, url, django_assert_max_num_queries)
    invite(45)
    many = count_queries(client, url, django_assert_max_num_queries)

    assert few == many


def test_the_project_page_asks_a_members_role_once(client, project):
    """The rules through `user.has_perm` (the user) and through the template's tags
    (`request.user`, a lazy object around it) share one look-up of the role."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    owner = MembershipFactory(organisation=project.organisation, role=Role.OWNER).user
    client.force_login(owner)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(project.get_absolute_url())

    assert response.status_code == 200
    roles = [q["sql"] for q in captured.captured_queries if "organisations_membership" in q["sql"]]
    roles = [sql for sql in roles if sql.startswith('SELECT "organisations_membership"."role"')]
    assert len(roles) == 1
