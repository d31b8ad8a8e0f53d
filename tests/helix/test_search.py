"""One search box: projects, solutions and organisations together, whatever the diacritics."""

import pytest
from django.urls import reverse

from organisations.models import Role
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("search")


def _found(response) -> dict[str, list[str]]:
    return {
        group["kind"]: [getattr(row, "title", None) or row.name for row in group["rows"]]
        for group in response.context["groups"]
    }


@pytest.fixture
def flooding(db):
    university = OrganisationFactory(
        name="Viện Ngập lụt Đô thị", sector="academia", verified=True, description="Nghiên cứu."
    )
    project = ProjectFactory(
        title="Cảnh báo ngập lụt Thủ Dầu Một", organisation=university, theme="flooding-water"
    )
    SolutionFactory(project=project, title="Cảm biến ngập lụt trên sông", lead_organisation=None)
    ProjectFactory(title="Đèn đường thông minh", summary="Tiết kiệm điện.", theme="energy")
    return project


def test_words_without_diacritics_find_all_three_kinds_grouped(client, flooding):
    response = client.get(URL, {"q": "ngap lut"}, HTTP_ACCEPT_LANGUAGE="en")

    assert _found(response) == {
        "projects": ["Cảnh báo ngập lụt Thủ Dầu Một"],
        "solutions": ["Cảm biến ngập lụt trên sông"],
        "organisations": ["Viện Ngập lụt Đô thị"],
    }
    assert response.context["total"] == 3
    text = response.text
    assert text.index('id="group-projects"') < text.index('id="group-solutions"')
    assert "Open for solutions" in text  # each row with its status


def test_drafts_and_withdrawn_solutions_are_not_found(client, flooding):
    draft = ProjectFactory(title="Ngập lụt: bản nháp", status="draft")
    SolutionFactory(project=flooding, title="Ngập lụt rút lại", status="withdrawn")
    SolutionFactory(project=draft, title="Ngập lụt trong bản nháp")

    found = _found(client.get(URL, {"q": "ngập lụt"}))

    assert found["projects"] == ["Cảnh báo ngập lụt Thủ Dầu Một"]
    assert found["solutions"] == ["Cảm biến ngập lụt trên sông"]


def test_members_find_their_own_organisations_drafts(client, user):
    membership = MembershipFactory(user=user, role=Role.MEMBER)
    ProjectFactory(title="Ngập lụt nháp", status="draft", organisation=membership.organisation)
    client.force_login(user)

    assert _found(client.get(URL, {"q": "ngap"}))["projects"] == ["Ngập lụt nháp"]


def test_filters_apply_to_the_groups_they_fit(client, flooding):
    by_theme = _found(client.get(URL, {"q": "ngap", "theme": "energy"}))
    assert by_theme == {"projects": [], "solutions": []}  # organisations have no theme

    by_sector = _found(client.get(URL, {"q": "ngap", "sector": "academia"}))
    assert by_sector == {
        "projects": ["Cảnh báo ngập lụt Thủ Dầu Một"],
        "solutions": [],  # proposed by a person: community
        "organisations": ["Viện Ngập lụt Đô thị"],
    }

    by_status = _found(client.get(URL, {"q": "ngap", "status": "completed"}))
    assert by_status == {"projects": []}


def test_bad_filter_values_are_form_errors_not_500(client, flooding):
    response = client.get(URL, {"q": "ngap", "theme": "nope"})

    assert response.status_code == 200
    assert response.context["form"].errors["theme"]
    assert response.context["groups"] == []


def test_a_group_shows_five_and_links_to_all_then_pages(client):
    organisation = OrganisationFactory(verified=True)
    for n in range(25):
        ProjectFactory(title=f"Ngập lụt {n}", organisation=organisation)

    everything = client.get(URL, {"q": "ngap"}, HTTP_ACCEPT_LANGUAGE="en")
    [projects] = [g for g in everything.context["groups"] if g["kind"] == "projects"]
    assert (len(projects["rows"]), projects["count"]) == (5, 25)
    assert "type=projects" in projects["all_url"]
    assert "See all 25 results in Projects" in everything.text

    second = client.get(URL, {"q": "ngap", "type": "projects", "page": 2})
    [group] = second.context["groups"]
    assert (len(group["rows"]), group["page_obj"].number) == (5, 2)


def test_nothing_asked_searches_nothing(client, flooding, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(URL)
    assert response.context["groups"] == []


def test_the_search_box_is_in_every_pages_header(client):
    response = client.get(reverse("home"))

    assert 'action="/search/"' in response.text
    assert 'role="search"' in response.text


@pytest.mark.parametrize("kind", ["", "projects", "solutions", "organisations"])
def test_search_costs_the_same_with_1_or_20_of_each(client, kind, django_assert_max_num_queries):
    def grow(n: int) -> None:
        for _ in range(n):
            organisation = OrganisationFactory(name="Ngập lụt Co.", verified=True)
            project = ProjectFactory(title="Ngập lụt", organisation=organisation)
            SolutionFactory(project=project, title="Ngập lụt", lead_organisation=organisation)

    def count() -> int:
        with django_assert_max_num_queries(20) as captured:
            assert client.get(URL, {"q": "ngap lut", "type": kind}).status_code == 200
        return len(captured.captured_queries)

    grow(1)
    one = count()
    grow(19)
    assert count() == one
