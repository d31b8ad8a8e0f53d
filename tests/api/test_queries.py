"""API lists run a constant number of queries whatever the number of rows."""

import pytest
from django.utils import timezone

from organisations.models import Role
from projects import services
from projects.models import ConsortiumPartner
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


def count_queries(api, url, user, django_assert_max_num_queries) -> int:
    if user is not None:  # a fresh user per request, as a real request loads it: no perm cache
        api.force_authenticate(type(user).objects.get(pk=user.pk))
    with django_assert_max_num_queries(30) as captured:
        response = api.get(url)
        assert response.status_code == 200, response.content
    return len(captured.captured_queries)


@pytest.fixture
def project(db):
    return ProjectFactory()


def add_rows(project, n: int, supporter) -> None:
    """n of everything: projects with tags, organisations with expertise, solutions with a
    lead organisation and an accepted partner, comments (some hidden, some replies)."""
    for i in range(n):
        other = ProjectFactory(organisation=OrganisationFactory(verified=True))
        other.tags.add("flood", f"tag {other.pk}")
        other.organisation.expertise.add("GIS")
        solution = SolutionFactory(project=project, lead_organisation=OrganisationFactory())
        ConsortiumPartner.objects.create(
            solution=solution,
            organisation=OrganisationFactory(verified=True),
            role="research",
            status=ConsortiumPartner.Status.ACCEPTED,
        )
        CommentFactory(
            project=project,
            parent=project.comments.last() if i % 3 else None,
            hidden_at=timezone.now() if i % 5 == 1 else None,
        )
        CommentFactory(solution=solution, project=None)
        if supporter is not None and i % 2:
            services.vote_cast(subject=other, by=supporter)
            services.vote_cast(subject=solution, by=supporter)
    ProjectFactory(status="draft", published_at=None)


@pytest.mark.parametrize("viewer", ["anonymous", "citizen", "member", "staff"])
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/projects/",
        "/api/v1/projects/?q=flood&theme=flooding-water&seeks=academia&ordering=-support_count",
        "/api/v1/organisations/?q=organisation&verified=yes",
        "/api/v1/projects/{slug}/solutions/",
        "/api/v1/projects/{slug}/comments/",
        "/api/v1/solutions/{first_solution}/comments/",
    ],
)
def test_api_lists_cost_the_same_with_5_or_50_rows(
    api, project, viewer, path, django_assert_max_num_queries
):
    user = {
        "anonymous": lambda: None,
        "citizen": UserFactory,
        "member": lambda: (
            MembershipFactory(organisation=project.organisation, role=Role.OWNER).user
        ),
        "staff": StaffFactory,
    }[viewer]()

    add_rows(project, 5, user)
    url = path.format(slug=project.slug, first_solution=project.solutions.earliest("pk").pk)
    url += ("&" if "?" in url else "?") + "page_size=100"
    few = count_queries(api, url, user, django_assert_max_num_queries)
    add_rows(project, 45, user)
    many = count_queries(api, url, user, django_assert_max_num_queries)

    assert few == many


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/projects/",
        "/api/v1/projects/{slug}/solutions/",
        "/api/v1/projects/{slug}/comments/",
    ],
)
def test_api_lists_read_with_a_key_cost_the_same_with_5_or_50_rows(
    project, path, django_assert_max_num_queries
):
    from rest_framework.test import APIClient

    from api.services import api_key_create

    owner = MembershipFactory(organisation=project.organisation, role=Role.OWNER).user
    key = api_key_create(organisation=project.organisation, name="IOC", scope="read", by=owner)
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {key.key}")
    url = path.format(slug=project.slug) + "?page_size=100"

    client.get(url)  # records the key's first use; later uses within a minute write nothing
    add_rows(project, 5, None)
    few = count_queries(client, url, None, django_assert_max_num_queries)
    add_rows(project, 45, None)
    many = count_queries(client, url, None, django_assert_max_num_queries)

    assert few == many


# --- The lists of the writes' slice: 2 rows and 20 ------------------------------------------


@pytest.fixture
def lead(db):
    """Owns an organisation that leads a solution and is invited into others' consortia."""
    return MembershipFactory(organisation=OrganisationFactory(verified=True), role=Role.OWNER).user


def add_mine(project, lead, n: int) -> None:
    """n of each: supports of projects and of solutions, follows, invitations to the lead's
    organisation, partners of the lead's solution in every status."""
    organisation = lead.memberships.get().organisation
    led = project.solutions.get(lead_organisation=organisation)
    for i in range(n):
        other = ProjectFactory(organisation=OrganisationFactory(verified=True))
        solution = SolutionFactory(project=other, lead_organisation=OrganisationFactory())
        services.vote_cast(subject=other if i % 2 else solution, by=lead)
        services.follow(project=other, by=lead)
        ConsortiumPartner.objects.create(
            solution=solution, organisation=organisation, role="pilot", status="invited"
        )
        ConsortiumPartner.objects.create(
            solution=led,
            organisation=OrganisationFactory(verified=True),
            role="research",
            status=["invited", "accepted", "declined"][i % 3],
        )


@pytest.mark.parametrize(
    ("path", "viewer"),
    [
        ("/api/v1/me/supports/", "lead"),
        ("/api/v1/me/follows/", "lead"),
        ("/api/v1/partnerships/", "lead"),
        ("/api/v1/partnerships/?status=invited", "lead"),
        ("/api/v1/solutions/{led}/partners/", "lead"),
        ("/api/v1/solutions/{led}/partners/", "anonymous"),
    ],
)
def test_my_lists_and_partners_cost_the_same_with_2_or_20_rows(
    api, project, lead, path, viewer, django_assert_max_num_queries
):
    organisation = lead.memberships.get().organisation
    led = SolutionFactory(project=project, lead_user=lead, lead_organisation=organisation)
    user = lead if viewer == "lead" else None
    url = path.format(led=led.pk)
    url += ("&" if "?" in url else "?") + "page_size=100"

    add_mine(project, lead, 2)
    few = count_queries(api, url, user, django_assert_max_num_queries)
    rows_before = len(api.get(url).json()["results"])
    add_mine(project, lead, 18)
    many = count_queries(api, url, user, django_assert_max_num_queries)

    assert few == many
    assert len(api.get(url).json()["results"]) > rows_before > 0
