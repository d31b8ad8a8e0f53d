"""The pages: forms for those allowed (errors for bad input), matches with reasons on both
sides, the offers directory, and constant query counts."""

import pytest
from django.urls import reverse

from matchmaking import services
from matchmaking.models import ProjectNeed, Resource
from tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_project_page_lists_the_lab_with_reasons_and_no_contact(client, lab, flood_project):
    MembershipFactory(organisation=lab, role="owner", user__email="boss@lab.example")
    services.matches_refresh_all()
    page = client.get(flood_project.get_absolute_url()).content.decode()
    assert "Organisations that could help" in page
    assert "Hydrology Lab" in page
    assert "2 of the expertise needed: hydrology, GIS" in page or "of the expertise" in page
    assert "academia, which the project seeks" in page
    assert "boss@lab.example" not in page


def test_reasons_in_vietnamese(client, lab, flood_project):
    services.matches_refresh_all()
    client.cookies["django_language"] = "vi"
    page = client.get(flood_project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Tổ chức có thể giúp" in page
    assert "chuyên môn cần" in page


def test_full_list_filters_by_sector(client, lab, flood_project):
    company = OrganisationFactory(name="Sensor Co", verified=True, sector="enterprise")
    company.expertise.set(["hydrology", "GIS"])
    services.matches_refresh_all()
    url = reverse("matchmaking:organisations", args=[flood_project.slug])
    both = client.get(url).content.decode()
    assert "Hydrology Lab" in both
    assert "Sensor Co" in both
    only = client.get(url, {"sector": "enterprise"}).content.decode()
    assert "Sensor Co" in only
    assert "Hydrology Lab" not in only
    assert client.get(url, {"sector": "gold"}).status_code == 200


def test_organisation_page_shows_projects_for_it_and_its_offers_needed(
    client, lab, lab_owner, flood_project
):
    manager = MembershipFactory(organisation=flood_project.organisation, role="manager").user
    services.need_create(project=flood_project, by=manager, kind="testbed", title="Pilot site")
    services.resource_create(
        organisation=lab,
        by=lab_owner,
        direction="offer",
        kind="testbed",
        title="Flood test-bed",
        description="Tanks and sensors",
        districts=["thu-dau-mot"],
    )
    services.matches_refresh_all()
    client.force_login(lab_owner)
    page = client.get(lab.get_absolute_url()).content.decode()
    assert "Projects for you" in page
    assert flood_project.title in page
    assert "Your offers it needs" in page
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert f"Projects for {lab.name}" in dashboard
    assert flood_project.title in dashboard


def test_project_page_shows_offers_that_fit_its_needs(client, lab, lab_owner, flood_project):
    manager = MembershipFactory(organisation=flood_project.organisation, role="manager").user
    services.need_create(project=flood_project, by=manager, kind="data", title="Rain data")
    services.resource_create(
        organisation=lab,
        by=lab_owner,
        direction="offer",
        kind="data",
        title="Ten years of rainfall",
        description="Hourly",
        districts=[],
    )
    page = client.get(flood_project.get_absolute_url()).content.decode()
    assert "Open offers that fit its needs" in page
    assert "Ten years of rainfall" in page


def test_capabilities_form_for_managers_only(client, lab, lab_owner, user):
    url = reverse("matchmaking:capabilities", args=[lab.slug])
    client.force_login(user)
    assert client.get(url).status_code == 403
    client.force_login(lab_owner)
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {
            "resource_form": "1",
            "direction": "offer",
            "kind": "gold",
            "title": " ",
            "description": "",
        },
    )
    assert bad.status_code == 200
    assert not Resource.objects.exists()
    good = client.post(
        url,
        {
            "resource_form": "1",
            "direction": "offer",
            "kind": "funding",
            "title": "Seed grant",
            "description": "Up to 100m VND",
            "districts": ["di-an"],
            "value_vnd": "100000000",
            "is_open": "on",
        },
    )
    assert good.status_code == 302
    resource = Resource.objects.get()
    assert resource.district_codes == ["di-an"]
    edit = reverse("matchmaking:resource_edit", args=[resource.pk])
    assert client.get(edit).status_code == 200
    client.post(reverse("matchmaking:resource_delete", args=[resource.pk]))
    assert not Resource.objects.exists()
    sectors = client.post(url, {"sectors_form": "1", "sectors": ["academia", "government"]})
    assert sectors.status_code == 302
    assert lab.capability_profile.sectors_sought == ["government", "academia"]


def test_needs_form_for_project_managers_only(client, flood_project, lab_owner):
    url = reverse("matchmaking:needs", args=[flood_project.slug])
    client.force_login(lab_owner)
    assert client.get(url).status_code == 403
    manager = MembershipFactory(organisation=flood_project.organisation, role="manager").user
    client.force_login(manager)
    assert client.post(url, {"kind": "nope", "title": "x"}).status_code == 200
    assert client.post(url, {"kind": "data", "title": "Rain", "is_open": "on"}).status_code == 302
    need = ProjectNeed.objects.get()
    assert client.get(reverse("matchmaking:need_edit", args=[need.pk])).status_code == 200
    client.post(reverse("matchmaking:need_delete", args=[need.pk]))
    assert not ProjectNeed.objects.exists()


def test_offer_directory_filters_without_accents(client, lab, lab_owner):
    services.resource_create(
        organisation=lab,
        by=lab_owner,
        direction="offer",
        kind="testbed",
        title="Bãi thử nghiệm ở Thuận An",
        description="Khu thử nghiệm ngập lụt",
        districts=["thuan-an"],
    )
    services.resource_create(
        organisation=lab,
        by=lab_owner,
        direction="seek",
        kind="funding",
        title="We seek funding",
        description="For sensors",
        districts=[],
    )
    url = reverse("matchmaking:offers")
    page = client.get(url, {"q": "thu nghiem thuan an"}).content.decode()
    assert "Bãi thử nghiệm" in page
    assert "We seek funding" not in page
    assert "Bãi thử nghiệm" not in client.get(url, {"kind": "funding"}).content.decode()
    assert client.get(url, {"district": "nowhere", "kind": "x"}).status_code == 200


def _many(count: int, lab_owner) -> None:
    for n in range(count):
        org = OrganisationFactory(verified=True, sector="academia")
        org.expertise.set(["hydrology", f"tag{n}"])
        project = ProjectFactory(title=f"Flood {n}")
        project.tags.set(["hydrology"])
        ProjectNeed.objects.create(project=project, kind="data", title="d")
        Resource.objects.create(
            organisation=org, kind="data", title=f"Data {n}", description="x", districts=",di-an,"
        )
    services.matches_refresh_all()


def _counts(client, lab, flood_project, django_assert_max_num_queries) -> dict[str, int]:
    urls = {
        "project": flood_project.get_absolute_url(),
        "organisation": lab.get_absolute_url(),
        "my helix": reverse("accounts:dashboard"),
        "offers": reverse("matchmaking:offers"),
        "organisations for the project": reverse(
            "matchmaking:organisations", args=[flood_project.slug]
        ),
        "projects for the lab": reverse("matchmaking:projects", args=[lab.slug]),
    }
    counts = {}
    for name, url in urls.items():
        with django_assert_max_num_queries(30) as queries:
            assert client.get(url).status_code == 200
        counts[name] = len(queries)
    return counts


def test_pages_cost_constant_queries(
    client, lab, lab_owner, flood_project, django_assert_max_num_queries
):
    """The same number of queries with 10 and with 40 matching projects and organisations."""
    ProjectNeed.objects.create(project=flood_project, kind="data", title="d")
    client.force_login(lab_owner)
    client.get(reverse("accounts:dashboard"))  # a first visit to My Helix notes it: one write
    _many(10, lab_owner)
    few = _counts(client, lab, flood_project, django_assert_max_num_queries)
    _many(30, lab_owner)
    assert _counts(client, lab, flood_project, django_assert_max_num_queries) == few


def test_my_helix_shows_the_best_five_of_each_organisation(client, lab, lab_owner):
    for n in range(7):
        ProjectFactory(title=f"Hydrology {n}").tags.set(["hydrology"])
    other = OrganisationFactory(verified=True, sector="academia", name="Second lab")
    other.expertise.set(["hydrology"])
    MembershipFactory(organisation=other, user=lab_owner, role="member")
    services.matches_refresh_all()
    client.force_login(lab_owner)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert page.count('class="card match"') == 10
