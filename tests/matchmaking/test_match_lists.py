"""The full lists of matches, both sides: pages that are never counted (`core.pagination`), the
same queries whatever the number of matches, and the buttons for those who may act."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from matchmaking.models import Match
from matchmaking.views import PAGE_SIZE
from tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _projects_for(lab, count: int) -> list:
    """`count` open projects matched to the lab, best first."""
    projects = [ProjectFactory(title=f"Flood project {n:02d}") for n in range(count)]
    now = timezone.now()
    Match.objects.bulk_create(
        Match(project=p, organisation=lab, score=100 - n, reasons=[], computed_at=now)
        for n, p in enumerate(projects)
    )
    return projects


def _organisations_for(project, count: int) -> list:
    """`count` verified organisations matched to the project, best first."""
    organisations = [
        OrganisationFactory(verified=True, name=f"Helper {n:02d}", sector="academia")
        for n in range(count)
    ]
    now = timezone.now()
    Match.objects.bulk_create(
        Match(project=project, organisation=o, score=100 - n, reasons=[], computed_at=now)
        for n, o in enumerate(organisations)
    )
    return organisations


def _titles(html: str, prefix: str) -> list[str]:
    return re.findall(rf">({prefix} \d\d)<", html)


def test_the_organisation_s_list_goes_page_by_page_without_a_count(
    client, lab, django_assert_num_queries
):
    """Given 45 projects for the lab, the pages hold 20, 20 and 5 of them in order, each
    linking to its neighbours, and no query counts them."""
    _projects_for(lab, 45)
    url = reverse("matchmaking:projects", args=[lab.slug])
    seen = []
    for number, expected in ((1, 20), (2, 20), (3, 5)):
        with django_assert_num_queries(2) as queries:  # the organisation, the page
            html = client.get(url, {"page": number}).content.decode()
        assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
        titles = _titles(html, "Flood project")
        assert len(titles) == expected
        seen += titles
        assert f"Page {number}<" in html
        assert (f"page={number + 1}" in html) == (number < 3)
        assert (f"page={number - 1}" in html) == (number > 1)
    assert seen == [f"Flood project {n:02d}" for n in range(45)]


def test_a_number_that_is_no_page_shows_the_first(client, lab):
    _projects_for(lab, 25)
    url = reverse("matchmaking:projects", args=[lab.slug])
    first = _titles(client.get(url).content.decode(), "Flood project")
    for number in ("0", "-3", "two", ""):
        response = client.get(url, {"page": number})
        assert response.status_code == 200
        assert _titles(response.content.decode(), "Flood project") == first


def test_a_page_past_the_end_says_so_and_links_to_the_first(client, lab, flood_project):
    """The list shrank since the link was made: one query for the page, as any page."""
    _projects_for(lab, 5)
    html = client.get(reverse("matchmaking:projects", args=[lab.slug]), {"page": 2}).content
    html = html.decode()
    assert "past the end of the list" in html
    assert 'href="?page=1"' in html
    assert "No open project matches" not in html
    assert not _titles(html, "Flood project")
    url = reverse("matchmaking:organisations", args=[flood_project.slug])
    html = client.get(url, {"page": 4, "sector": "academia"}).content.decode()
    assert "past the end of the list" in html
    assert 'href="?sector=academia&amp;page=1"' in html
    for huge in ("9" * 20, "9" * 400):  # past any OFFSET the database takes: never a 500
        response = client.get(url, {"page": huge})
        assert response.status_code == 200
        assert "past the end of the list" in response.content.decode()


def test_a_list_that_fits_one_page_shows_no_navigation(client, lab):
    _projects_for(lab, PAGE_SIZE)
    html = client.get(reverse("matchmaking:projects", args=[lab.slug])).content.decode()
    assert len(_titles(html, "Flood project")) == PAGE_SIZE
    assert 'class="pagination"' not in html


def test_the_project_s_list_goes_page_by_page_without_a_count(
    client, flood_project, django_assert_num_queries
):
    _organisations_for(flood_project, 23)
    url = reverse("matchmaking:organisations", args=[flood_project.slug])
    with django_assert_num_queries(2) as queries:  # the project, the page
        first = client.get(url).content.decode()
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    second = client.get(url, {"page": 2, "sector": "academia"}).content.decode()
    assert _titles(first, "Helper") == [f"Helper {n:02d}" for n in range(20)]
    assert _titles(second, "Helper") == ["Helper 20", "Helper 21", "Helper 22"]
    assert 'href="?sector=academia&amp;page=1" rel="prev"' in second


def test_the_freshness_is_that_of_the_matches_shown(client, lab):
    _projects_for(lab, 3)
    html = client.get(reverse("matchmaking:projects", args=[lab.slug])).content.decode()
    assert "Last computed" in html
    Match.objects.all().delete()
    html = client.get(reverse("matchmaking:projects", args=[lab.slug])).content.decode()
    assert "Last computed" not in html


@pytest.mark.parametrize("viewer", ["visitor", "member"])
def test_the_organisation_s_list_costs_the_same_queries_with_5_and_50_matches(
    client, lab, viewer, django_assert_max_num_queries
):
    """A member of the verified lab gets a button to express interest on each project."""
    if viewer == "member":
        client.force_login(MembershipFactory(organisation=lab, role="member").user)
    url = reverse("matchmaking:projects", args=[lab.slug])

    def counted() -> tuple[int, str]:
        with django_assert_max_num_queries(12) as queries:
            html = client.get(url).content.decode()
        return len(queries), html

    _projects_for(lab, 5)
    few, html = counted()
    assert html.count("Express interest") == (5 if viewer == "member" else 0)
    Match.objects.all().delete()
    _projects_for(lab, 50)
    many, html = counted()
    assert html.count("Express interest") == (PAGE_SIZE if viewer == "member" else 0)
    assert many == few


@pytest.mark.parametrize("viewer", ["visitor", "manager"])
def test_the_project_s_list_costs_the_same_queries_with_5_and_50_matches(
    client, flood_project, viewer, django_assert_max_num_queries
):
    """A manager of the project's organisation gets a button to invite each organisation."""
    if viewer == "manager":
        manager = MembershipFactory(organisation=flood_project.organisation, role="manager")
        client.force_login(manager.user)
    url = reverse("matchmaking:organisations", args=[flood_project.slug])

    def counted() -> tuple[int, str]:
        with django_assert_max_num_queries(12) as queries:
            html = client.get(url).content.decode()
        return len(queries), html

    _organisations_for(flood_project, 5)
    few, html = counted()
    assert html.count("Invite to propose") == (5 if viewer == "manager" else 0)
    Match.objects.all().delete()
    _organisations_for(flood_project, 50)
    many, html = counted()
    assert html.count("Invite to propose") == (PAGE_SIZE if viewer == "manager" else 0)
    assert many == few
