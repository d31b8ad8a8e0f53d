"""The project representation is built by hand for speed: it must stay exactly DRF's."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from rest_framework.test import APIRequestFactory

from projects import selectors, services
from projects.api.serializers import ProjectSerializer
from projects.api.views import visible_projects
from tests.factories import OrganisationFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(organisation, owner):
    plain = ProjectFactory(organisation=OrganisationFactory(), seeks_academia=False)
    full = ProjectFactory(
        organisation=organisation,
        budget_vnd=1_500_000_000,
        deadline=date(2031, 1, 31),
        seeks_government=True,
        seeks_community=True,
    )
    full.tags.add("ngập lụt", "sensors")
    draft = ProjectFactory(organisation=organisation, status="draft", published_at=None)
    return [plain, full, draft]


@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_hand_built_representation_is_drfs(projects, owner, signed_in, language):
    user = owner if signed_in else AnonymousUser()
    if signed_in:
        services.vote_cast(subject=projects[1], by=UserFactory())
        services.vote_cast(subject=projects[1], by=owner)
    request = APIRequestFactory().get("/api/v1/projects/")
    request.user = user
    rows = selectors.attach_tag_names(list(visible_projects(user).order_by("pk")))
    serializer = ProjectSerializer(context={"request": request})

    with translation.override(language):
        built = [serializer.to_representation(row) for row in rows]
        declared = [serializer.declared_representation(row) for row in rows]

    assert len(built) == (3 if signed_in else 2)
    assert built == [dict(row) for row in declared]
    assert [list(row) for row in built] == [list(row) for row in declared]  # same JSON order


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_listed_row_is_represented_as_the_project_itself(api, projects, owner, signed_in):
    """Lists build each row from `.values()`, details from the model instance."""
    if signed_in:
        services.vote_cast(subject=projects[1], by=owner)
        services.follow(project=projects[0], by=owner)
        api.force_authenticate(owner)

    listed = api.get("/api/v1/projects/", {"ordering": "title"}).json()["results"]
    details = [api.get(f"/api/v1/projects/{row['slug']}/").json() for row in listed]

    assert len(listed) == (3 if signed_in else 2)
    assert listed == details
    assert any(row["tags"] == ["ngập lụt", "sensors"] for row in listed)


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_solution_and_comment_representations_are_drfs(projects, owner, signed_in):
    """projects/representations.py writes solutions and comments for the API and the
    webhooks: exactly what DRF makes of the serializers' declarations (the schema)."""
    from projects.api.serializers import CommentSerializer, SolutionSerializer
    from projects.api.views import visible_solutions
    from projects.models import Comment, ConsortiumPartner
    from tests.factories import CommentFactory, SolutionFactory

    user = owner if signed_in else AnonymousUser()
    lead = OrganisationFactory(verified=True)
    alone = SolutionFactory(project=projects[1])
    led = SolutionFactory(project=projects[1], lead_organisation=lead, estimated_cost_vnd=9)
    ConsortiumPartner.objects.create(
        solution=led, organisation=OrganisationFactory(), role="pilot", status="accepted"
    )
    services.vote_cast(subject=led, by=owner)
    first = CommentFactory(project=projects[1])
    CommentFactory(project=projects[1], parent=first, hidden_at=first.created, hidden_reason="x")
    CommentFactory(project=None, solution=led, deleted_at=first.created)
    request = APIRequestFactory().get("/api/v1/solutions/")
    request.user = user
    solutions = SolutionSerializer(context={"request": request})
    rows = list(visible_solutions(user).filter(pk__in=[alone.pk, led.pk]).order_by("pk"))
    built = [solutions.to_representation(row) for row in rows]
    declared = [dict(solutions.declared_representation(row)) for row in rows]
    assert built == declared
    assert [list(row) for row in built] == [list(row) for row in declared]
    comments = Comment.objects.select_related("author", "project", "solution").order_by("pk")
    for can_moderate in (False, True):
        serializer = CommentSerializer(context={"request": request, "can_moderate": can_moderate})
        built = [serializer.to_representation(comment) for comment in comments]
        declared = [dict(serializer.declared_representation(comment)) for comment in comments]
        assert built == declared
        assert [list(row) for row in built] == [list(row) for row in declared]
