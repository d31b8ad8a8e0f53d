import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from insights import tallies
from insights.forms import InsightsFilterForm
from insights.models import ProjectInsight, Tally
from insights.views import FILTER_FIELDS_TEMPLATE
from matchmaking import services as matchmaking
from projects import services
from projects.models import Theme

from .conftest import four_sector_project, published_project

EN = {"Accept-Language": "en"}


def _page(client, **params):
    response = client.get(reverse("insights:dashboard"), params, headers=EN)
    assert response.status_code == 200
    return response


def test_the_dashboard_shows_the_projects_joining_all_four_sectors(client, helix, cast):
    _project, _solution = four_sector_project(helix, cast, title="Sensors on the Thị Tính")

    page = _page(client).content.decode()

    assert "Sensors on the Thị Tính" in page
    assert "1 project joins all four sectors" in page
    assert "<svg" in page
    assert "<table>" in page
    assert 'class="s-government"' in page or "s-government" in page


def test_the_filters_are_kept_in_the_url_and_narrow_the_figures(client, helix, cast):
    four_sector_project(helix, cast, title="In Dĩ An", district="di-an")
    four_sector_project(helix, cast, title="In Thuận An", district="thuan-an", theme="energy")

    page = _page(client, district="di-an").content.decode()

    assert "In Dĩ An" in page
    assert "In Thuận An" not in page
    assert '<option value="di-an" selected>' in page
    assert "1 project joins all four sectors" in page
    assert "2 projects join all four sectors" in _page(client).content.decode()


def test_the_sector_filter_keeps_what_involves_the_sector(client, helix, cast):
    published_project(
        helix, cast, "academia", title="A lab's own", theme="health", district="di-an"
    )
    four_sector_project(helix, cast)

    assert _page(client, sector="academia").context["figures"]["published"] == 2
    assert _page(client, sector="government").context["figures"]["published"] == 1


def test_each_district_shows_the_sectors_involved_in_its_projects(client, helix, cast):
    four_sector_project(helix, cast, district="di-an")
    published_project(
        helix, cast, "academia", title="A lab's own", theme="health", district="thuan-an"
    )

    response = _page(client)
    chart = response.context["charts"]["district_involved"]

    # One column per sector in their usual order, one row per district with projects.
    assert [key for key, _label in chart["series"]] == [
        "government",
        "enterprise",
        "academia",
        "community",
    ]
    assert dict(chart["table"]) == {
        "Dĩ An City": [1, 1, 1, 1],
        "Thuận An City": [0, 0, 1, 0],
    }
    page = response.content.decode()
    assert 'id="chart-district-involved"' in page
    assert "Sectors involved in the projects of each district" in page


def test_a_pledged_offer_brings_its_sector_and_is_listed_as_committed(client, helix, cast):
    people = helix["people"]
    project = published_project(helix, cast, "government", title="Clean canals", district="di-an")
    lead, engineer = people["enterprise"]
    solution = cast(
        services.solution_propose,
        project=project,
        by=engineer,
        lead_organisation=lead,
        partners=[(people["academia"][0], "research")],
        title="Filters",
        summary="s",
        description="d",
    )
    partner = solution.partners.get()
    cast(services.consortium_answer, partner=partner, accept=True, by=people["academia"][1])
    assert (
        ProjectInsight.objects.get(project=project).sectors
        == tallies.ALL_FOUR - tallies.BIT["community"]
    )

    project.refresh_from_db()
    residents, resident = people["community"]
    offer = cast(
        matchmaking.resource_create,
        organisation=residents,
        by=resident,
        kind="testbed",
        title="Our canal-side garden as a test site",
        description="A garden.",
    )
    interest = cast(
        matchmaking.interest_express,
        organisation=residents,
        project=project,
        by=resident,
        pledge=offer,
    )
    cast(matchmaking.approach_answer, approach=interest, accept=True, by=people["government"][1])

    # The pledging community joins the project's sectors: it now joins all four, and the
    # dashboard lists the offer among its committed resources.
    assert ProjectInsight.objects.get(project=project).sectors == tallies.ALL_FOUR
    page = _page(client).content.decode()
    assert "1 project joins all four sectors" in page
    assert "Committed resources" in page
    assert "Our canal-side garden as a test site" in page
    assert tallies.check(fix=False) == []


def test_bad_filters_are_form_errors_not_a_500(client, helix):
    response = _page(client, theme="nope", period="1999", sector="<script>")
    assert response.context["form"].errors
    assert "nope" not in response.context["form"].cleaned_data.get("theme", "")


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_dashboard_speaks_both_languages(client, helix, cast, language):
    four_sector_project(helix, cast)
    client.cookies["django_language"] = language
    page = client.get(reverse("insights:dashboard"), HTTP_ACCEPT_LANGUAGE=language)
    text = page.content.decode()
    expected = "How the sectors work together" if language == "en" else "Các khu vực cùng làm việc"
    assert expected in text


def test_the_dashboard_runs_the_same_queries_whatever_the_data(
    client, helix, cast, django_assert_max_num_queries
):
    def count() -> int:
        with django_assert_max_num_queries(12) as queries:
            _page(client, period="")
        return len(queries)

    four_sector_project(helix, cast)
    small = count()
    for index in range(6):
        four_sector_project(
            helix, cast, title=f"More {index}", theme=["energy", "health"][index % 2]
        )
    assert Tally.objects.count() > 10
    assert count() == small


def test_a_project_page_shows_its_sectors_involved(client, helix, cast):
    project, _solution = four_sector_project(helix, cast)
    page = client.get(project.get_absolute_url(), headers=EN).content.decode()
    assert "Sectors involved" in page
    assert "This project joins 4 sectors." in page


def test_the_figures_are_cached_until_the_tallies_change(
    client, helix, cast, django_assert_num_queries
):
    four_sector_project(helix, cast, title="First")
    assert "1 project joins all four sectors" in _page(client).content.decode()
    with django_assert_num_queries(0):
        _page(client)

    four_sector_project(helix, cast, title="Second")

    assert "2 projects join all four sectors" in _page(client).content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"utm_source": "mail"},
        {"theme": Theme.FLOODING_WATER},
        {"theme": "nope", "period": "1999", "sector": "<script>"},
        {"district": "thu-dau-mot", "period": "12m"},
    ],
)
@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_filter_fields_kept_are_those_the_form_renders(client, db, query, language):
    """The fields are rendered once per values and language: what is kept must be exactly what
    rendering the request's own form gives, selected values and errors included."""
    client.cookies["django_language"] = language
    response = client.get(reverse("insights:dashboard"), query, HTTP_ACCEPT_LANGUAGE=language)
    with translation.override(language):
        expected = render_to_string(
            FILTER_FIELDS_TEMPLATE, {"form": InsightsFilterForm(response.wsgi_request.GET or None)}
        )
    assert response.context["filter_fields"] == expected
    assert expected in response.content.decode()
