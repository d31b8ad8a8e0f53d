"""Webhook payloads and the API's answers are one representation (projects/representations.py):
the same bytes for the same objects, and the bytes they were before the representation moved
out of the API's serializers (the expected values below were captured from the code then)."""

import datetime as dt

import pytest

from projects.models import Comment, ConsortiumPartner, Project, Solution
from tests.factories import (
    CommentFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
    UserFactory,
)
from webhooks import payloads

AT = dt.datetime(2026, 3, 1, 2, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 3, 2, 11, 30, tzinfo=dt.UTC)


@pytest.fixture
def fixed(db, settings):
    settings.HELIX_SITE_URL = "http://testserver"
    ioc = OrganisationFactory(slug="binh-duong-ioc", name="Binh Duong IOC", sector="government")
    ioc.verified_at = AT
    ioc.save()
    lead = OrganisationFactory(slug="songflow", name="SongFlow", verified=True)
    university = OrganisationFactory(slug="tdmu", name="TDMU", sector="academia", verified=True)
    project = ProjectFactory(
        organisation=ioc,
        slug="flood-ward-3",
        title="Flood warnings for ward 3",
        budget_vnd=1_500_000_000,
        deadline=dt.date(2026, 9, 30),
        support_count=3,
        support_community=2,
        support_enterprise=1,
        comment_count=2,
    )
    project.tags.add("sensors", "flood")
    solution = SolutionFactory(
        project=project,
        lead_organisation=lead,
        lead_user=UserFactory(display_name="Trần Minh"),
        title="River sensors",
        estimated_cost_vnd=900_000_000,
        duration_months=6,
    )
    ConsortiumPartner.objects.create(
        solution=solution, organisation=university, role="research partner", status="accepted"
    )
    ConsortiumPartner.objects.create(solution=solution, organisation=ioc, role="pilot site")
    author = UserFactory(display_name="Nguyễn Văn An")
    comment = CommentFactory(project=project, author=author)
    reply = CommentFactory(project=project, author=author, parent=comment, edited_at=LATER)
    on_solution = CommentFactory(project=None, solution=solution, author=author)
    Project.objects.filter(pk=project.pk).update(created=AT, modified=LATER, published_at=AT)
    Solution.objects.filter(pk=solution.pk).update(created=AT, modified=LATER)
    Comment.objects.update(created=LATER)
    return {
        "project": project,
        "solution": solution,
        "comments": [comment, reply, on_solution],
    }


def expected_project(fixed):
    return {
        "slug": "flood-ward-3",
        "web_url": "http://testserver/projects/flood-ward-3/",
        "kind": "challenge",
        "title": "Flood warnings for ward 3",
        "summary": "Warn residents an hour before the water rises.",
        "description": "Sensors on the **Thị Tính** river.",
        "description_html": "<p>Sensors on the <strong>Thị Tính</strong> river.</p>",
        "theme": "flooding-water",
        "district": "thu-dau-mot",
        "tags": ["flood", "sensors"],
        "seeks": ["enterprise", "academia"],
        "budget_vnd": 1500000000,
        "deadline": "2026-09-30",
        "status": "open",
        "published_at": "2026-03-01T09:00:00+07:00",
        "cover": None,
        "organisation": {
            "slug": "binh-duong-ioc",
            "name": "Binh Duong IOC",
            "sector": "government",
            "verified": True,
        },
        "supports": {
            "total": 3,
            "by_sector": {"government": 0, "enterprise": 1, "academia": 0, "community": 2},
        },
        "comment_count": 2,
        "solution_count": 0,
        "follower_count": 0,
        "supported_by_me": None,
        "following": None,
        "created": "2026-03-01T09:00:00+07:00",
        "modified": "2026-03-02T18:30:00+07:00",
    }


def expected_solution(fixed):
    pk = fixed["solution"].pk
    return {
        "id": pk,
        "project": "flood-ward-3",
        "web_url": f"http://testserver/projects/flood-ward-3/solutions/{pk}/",
        "title": "River sensors",
        "summary": "River sensors and an SMS alert.",
        "description": "Twenty sensors.",
        "description_html": "<p>Twenty sensors.</p>",
        "estimated_cost_vnd": 900000000,
        "duration_months": 6,
        "status": "submitted",
        "lead_user": {"display_name": "Trần Minh"},
        "lead_organisation": {
            "slug": "songflow",
            "name": "SongFlow",
            "sector": "enterprise",
            "verified": True,
        },
        "consortium": [
            {
                "organisation": {
                    "slug": "tdmu",
                    "name": "TDMU",
                    "sector": "academia",
                    "verified": True,
                },
                "role": "research partner",
            }
        ],
        "supports": {
            "total": 0,
            "by_sector": {"government": 0, "enterprise": 0, "academia": 0, "community": 0},
        },
        "comment_count": 0,
        "supported_by_me": None,
        "created": "2026-03-01T09:00:00+07:00",
        "modified": "2026-03-02T18:30:00+07:00",
    }


def expected_comments(fixed):
    comment, reply, on_solution = fixed["comments"]
    common = {
        "author": {"display_name": "Nguyễn Văn An"},
        "body": "Ward 3 floods first.",
        "body_html": "<p>Ward 3 floods first.</p>",
        "hidden": False,
        "hidden_reason": "",
        "deleted": False,
        "edited": False,
        "created": "2026-03-02T18:30:00+07:00",
    }
    return [
        {"id": comment.pk, "project": "flood-ward-3", "solution": None, "parent": None} | common,
        {"id": reply.pk, "project": "flood-ward-3", "solution": None, "parent": comment.pk}
        | common
        | {"edited": True},
        {"id": on_solution.pk, "project": None, "solution": fixed["solution"].pk, "parent": None}
        | common,
    ]


def _in_order(data: dict, keys: list[str]) -> list[str]:
    assert list(data) == keys  # byte for byte: the keys' order too
    return keys


def test_payloads_are_what_they_were(fixed):
    project = payloads.project_data(fixed["project"].pk, previous="draft")
    assert project == {"project": expected_project(fixed), "previous_status": "draft"}
    _in_order(project["project"], list(expected_project(fixed)))
    solution = payloads.solution_data(fixed["solution"].pk)
    assert solution == {"solution": expected_solution(fixed)}
    _in_order(solution["solution"], list(expected_solution(fixed)))
    for comment, expected in zip(fixed["comments"], expected_comments(fixed), strict=True):
        assert payloads.comment_data(comment.pk) == {"comment": expected}
        _in_order(payloads.comment_data(comment.pk)["comment"], list(expected))


def test_the_api_answers_a_visitor_with_the_payloads_representation(fixed, client):
    project = client.get("/api/v1/projects/flood-ward-3/").json()
    assert project == payloads.project_data(fixed["project"].pk)["project"]
    assert list(project) == list(expected_project(fixed))
    listed = client.get("/api/v1/projects/").json()["results"]
    assert listed == [expected_project(fixed)]
    solution = client.get(f"/api/v1/solutions/{fixed['solution'].pk}/").json()
    assert solution == payloads.solution_data(fixed["solution"].pk)["solution"]
    assert list(solution) == list(expected_solution(fixed))
    for comment in fixed["comments"]:
        answer = client.get(f"/api/v1/comments/{comment.pk}/").json()
        assert answer == payloads.comment_data(comment.pk)["comment"]
        assert list(answer) == list(payloads.comment_data(comment.pk)["comment"])
    thread = client.get("/api/v1/projects/flood-ward-3/comments/").json()["results"]
    assert thread == expected_comments(fixed)[:2]
