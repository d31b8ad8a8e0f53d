"""Every list and detail endpoint and page runs the same number of SQL queries whether the
province holds 10 projects or 1,000 (and the rest in proportion), for a visitor and for a
signed-in owner. The data is the benchmark's own seed, at two scales; nothing is timed."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from taggit.models import Tag, TaggedItem

from accounts.models import User
from helix.seeding import Scale, seed
from notifications.models import Event, Notification
from organisations.models import Membership, Organisation
from projects.models import Comment, Follow, Project, Solution, StatusChange, Vote

SMALL = Scale(
    organisations=5, people=50, projects=10, solutions=20, votes=100, comments=60, hot_followers=50
)
LARGE = Scale(
    organisations=50,
    people=500,
    projects=1000,
    solutions=2000,
    votes=10_000,
    comments=5_000,
    hot_followers=1000,
)
API = [
    "/api/v1/projects/?page_size=100",
    "/api/v1/projects/?page_size=100&q=flood&ordering=-support_count",
    "/api/v1/projects/project-1/",
    "/api/v1/projects/project-1/solutions/?page_size=100",
    "/api/v1/projects/project-1/comments/?page_size=100",
    "/api/v1/solutions/{solution}/",
    "/api/v1/solutions/{solution}/comments/?page_size=100",
    "/api/v1/solutions/{solution}/partners/",
    "/api/v1/comments/{comment}/",
    "/api/v1/organisations/?page_size=100",
    "/api/v1/organisations/organisation-1/",
]
SIGNED_IN_API = [
    "/api/v1/me/",
    "/api/v1/me/supports/?page_size=100",
    "/api/v1/me/follows/?page_size=100",
    "/api/v1/notifications/?page_size=100",
    "/api/v1/partnerships/",
]
PAGES = [
    "/",
    "/projects/",
    "/projects/?theme=flooding-water&sort=supported",
    "/projects/project-1/",
    "/projects/{of}/solutions/{solution}/",
    "/organisations/",
    "/organisations/organisation-1/",
]
SIGNED_IN_PAGES = ["/me/", "/notifications/", "/organisations/organisation-1/members/"]


def _empty_the_province() -> None:
    for model in (Notification, Event, Vote, Follow, Comment, StatusChange, Solution, Project,
                  Membership, Organisation):  # fmt: skip
        model.objects.all().delete()
    TaggedItem.objects.all().delete()
    Tag.objects.all().delete()
    User.objects.filter(email__endswith="@bench.helix.local").delete()


def _queries(client, url: str) -> int:
    # Project cards cached by an earlier page read no tags: count what a page costs at most.
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def _measure() -> dict[tuple[str, str], int]:
    # Someone else's, at both scales: what the viewer may do with it must not differ.
    solution = (
        Solution.objects.filter(lead_organisation__isnull=False, status="submitted")
        .exclude(lead_user_id=1)
        .exclude(lead_organisation_id=1)
        .select_related("project")
        .earliest("pk")
    )
    comment = Comment.objects.filter(project_id=1).exclude(author_id=1).earliest("pk")
    names = {"solution": solution.pk, "comment": comment.pk, "of": solution.project.slug}
    owner = User.objects.get(pk=1)  # person 1 owns organisation 1, which may own project 1
    counts = {}
    visitor, person = APIClient(), APIClient()
    person.force_login(owner)
    for who, client, urls in (
        ("visitor", visitor, API + PAGES),
        ("owner", person, API + PAGES + SIGNED_IN_API + SIGNED_IN_PAGES),
    ):
        client.get("/api/v1/projects/")  # session, language and caches settled first
        for url in urls:
            counts[who, url] = _queries(client, url.format(**names))
    return counts


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_every_list_and_detail_costs_the_same_at_10_and_1000_projects(settings):
    settings.HELIX_API_THROTTLE_RATES = dict.fromkeys(("anon", "user", "key"), "100000/min")
    seed(scale=SMALL)
    few = _measure()
    _empty_the_province()
    seed(scale=LARGE)
    many = _measure()

    assert Project.objects.count() == 1000
    assert {url: (few[url], n) for url, n in many.items() if few[url] != n} == {}
