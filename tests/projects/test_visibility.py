"""Who sees which project, solution and comment is decided once (the QuerySets' `visible_to`),
and the staff test once (`models.is_government_staff`): the rules, the site's querysets and the
API all agree with it."""

import pytest
from django.contrib.auth.models import AnonymousUser

from projects.models import Comment, Project, Solution, is_government_staff
from projects.permissions import is_staff_mover
from tests.factories import (
    CommentFactory,
    ProjectFactory,
    SolutionFactory,
    StaffFactory,
    UserFactory,
)


@pytest.fixture
def draft(organisation):
    return ProjectFactory(organisation=organisation, status="draft", published_at=None)


@pytest.fixture
def world(draft):
    """A draft and an open project, each with a solution, a comment on the project and one on
    the solution."""
    rows = {}
    for name, project in (("draft", draft), ("open", ProjectFactory())):
        solution = SolutionFactory(project=project)
        rows[name] = {
            "project": project,
            "solution": solution,
            "comments": {
                CommentFactory(project=project),
                CommentFactory(project=None, solution=solution),
            },
        }
    return rows


def _people(member):
    return {
        "visitor": AnonymousUser(),
        "outsider": UserFactory(),
        "member": member,
        "government staff": StaffFactory(),
        "staff without the group": UserFactory(is_staff=True),
    }


@pytest.mark.django_db
def test_visible_to_agrees_with_the_view_draft_rule_for_projects_solutions_and_comments(
    world, member
):
    for who, user in _people(member).items():
        seen = {
            name
            for name in world
            if user.has_perm("projects.view_draft", world[name]["project"]) or name == "open"
        }
        projects = set(Project.objects.visible_to(user))
        solutions = set(Solution.objects.visible_to(user))
        comments = set(Comment.objects.visible_to(user))
        assert projects == {world[name]["project"] for name in seen}, who
        assert solutions == {world[name]["solution"] for name in seen}, who
        assert comments == set().union(*(world[name]["comments"] for name in seen)), who


@pytest.mark.django_db
def test_staff_is_decided_once(member):
    for who, user in _people(member).items():
        assert is_staff_mover(user) == is_government_staff(user), who
    assert is_government_staff(StaffFactory())
    assert not is_government_staff(UserFactory(is_staff=True))


@pytest.mark.django_db
def test_api_rows_are_the_querysets_rows(world, member, client):
    for who, user in _people(member).items():
        if user.is_authenticated:
            client.force_login(user)
        else:
            client.logout()
        visible = Solution.objects.visible_to(user)
        for name in world:
            solution = world[name]["solution"]
            answer = client.get(f"/api/v1/solutions/{solution.pk}/")
            assert answer.status_code == (200 if solution in visible else 404), (who, name)
            for comment in world[name]["comments"]:
                answer = client.get(f"/api/v1/comments/{comment.pk}/")
                expected = 200 if Comment.objects.visible_to(user).filter(pk=comment.pk) else 404
                assert answer.status_code == expected, (who, name)
