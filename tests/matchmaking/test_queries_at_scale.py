"""Matches for a project and projects for an organisation cost the same number of SQL queries
with 10 projects and 10 organisations as with 1,000 of each: the pages, the short lists on the
project and organisation pages, My Helix and the API, for a visitor and for a member. The data
is the benchmark's own seed (profiles, offers, needs and scored matches); nothing is timed."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import User
from helix.seeding import Scale, seed
from matchmaking.models import Match
from organisations.models import Organisation
from projects.models import Project
from tests.test_query_counts_at_scale import _empty_the_province

SMALL = Scale(
    organisations=10, people=40, projects=10, solutions=10, votes=20, comments=20, hot_followers=10
)
LARGE = Scale(
    organisations=1000,
    people=1500,
    projects=1000,
    solutions=1000,
    votes=500,
    comments=500,
    hot_followers=100,
)


def _most_matched() -> tuple[Project, Organisation]:
    showable = Match.objects.showable()
    project_id = (
        showable.values("project").annotate(n=Count("id")).order_by("-n", "project")[0]["project"]
    )
    organisation_id = (
        showable.values("organisation")
        .annotate(n=Count("id"))
        .order_by("-n", "organisation")[0]["organisation"]
    )
    return Project.objects.get(pk=project_id), Organisation.objects.get(pk=organisation_id)


def _measure() -> tuple[dict[tuple[str, str], int], int, int]:
    project, organisation = _most_matched()
    urls = [
        f"/projects/{project.slug}/",
        f"/matchmaking/projects/{project.slug}/organisations/",
        f"/matchmaking/projects/{project.slug}/organisations/?sector=academia",
        f"/api/v1/projects/{project.slug}/matches/?page_size=100",
        f"/organisations/{organisation.slug}/",
        f"/matchmaking/organisations/{organisation.slug}/projects/",
        f"/matchmaking/organisations/{organisation.slug}/projects/?page=2",
        f"/api/v1/organisations/{organisation.slug}/matches/?page_size=100",
    ]
    owner = User.objects.get(pk=organisation.pk)  # person n owns organisation n
    visitor, member = APIClient(), APIClient()
    member.force_login(owner)
    counts = {}
    for who, client, pages in (
        ("visitor", visitor, urls),
        ("owner", member, [*urls, "/me/"]),
    ):
        client.get("/api/v1/projects/")  # session, language and caches settled first
        for url in pages:
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            counts[who, url.replace(project.slug, "P").replace(organisation.slug, "O")] = len(
                captured
            )
    matched = Match.objects.showable()
    return (
        counts,
        matched.filter(project=project).count(),
        matched.filter(organisation=organisation).count(),
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_matches_cost_the_same_at_10_and_1000_projects_and_organisations(settings):
    settings.HELIX_API_THROTTLE_RATES = dict.fromkeys(("anon", "user", "key"), "100000/min")
    seed(scale=SMALL)
    few, few_for_project, few_for_organisation = _measure()
    _empty_the_province()
    seed(scale=LARGE)
    many, many_for_project, many_for_organisation = _measure()

    assert Organisation.objects.count() == 1000
    assert Project.objects.count() == 1000
    # Real lists at both sizes, much longer at the large one (more than a page).
    assert 0 < few_for_project < many_for_project
    assert few_for_organisation > 0
    assert many_for_organisation > 25
    # Page 2 exists at the large size only (a page past the end reads no invitations): there it
    # costs what page 1 costs.
    second = "/matchmaking/organisations/O/projects/?page=2"
    for who in ("visitor", "owner"):
        assert many[who, second] == many[who, second.removesuffix("?page=2")]
    changed = {url: (few[url], n) for url, n in many.items() if few[url] != n}
    assert {url: counts for url, counts in changed.items() if url[1] != second} == {}
