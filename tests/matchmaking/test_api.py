"""The API: resources and needs (reads, writes, 400s), matches on both sides, in the schema."""

import pytest

from matchmaking import services
from matchmaking.models import CapabilityProfile, Match, Resource
from tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

OFFER = {
    "organisation": "hydrology-lab",
    "direction": "offer",
    "kind": "testbed",
    "title": "Bãi thử ngập lụt",
    "description": "Sensors and a flume.",
    "districts": ["thuan-an"],
}


def test_owner_creates_edits_and_deletes_an_offer(api, lab, lab_owner):
    api.force_authenticate(lab_owner)
    created = api.post("/api/v1/offers/", OFFER, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["districts"] == ["thuan-an"]
    assert body["organisation"]["slug"] == "hydrology-lab"
    edited = api.patch(f"/api/v1/offers/{body['id']}/", {"is_open": False}, format="json")
    assert edited.status_code == 200
    assert edited.json()["is_open"] is False
    assert api.delete(f"/api/v1/offers/{body['id']}/").status_code == 204
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "gold"},
        {"districts": ["atlantis"]},
        {"districts": "thuan-an"},
        {"value_vnd": -1},
        {"title": ""},
        {"organisation": "nobody"},
        {"direction": "both"},
    ],
)
def test_bad_input_is_a_400_in_the_error_shape(api, lab, lab_owner, bad):
    api.force_authenticate(lab_owner)
    response = api.post("/api/v1/offers/", {**OFFER, **bad}, format="json")
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"type", "detail", "errors"}
    assert not Resource.objects.exists()


def test_strangers_get_403_and_visitors_401(api, lab, user):
    assert api.post("/api/v1/offers/", OFFER, format="json").status_code == 401
    api.force_authenticate(user)
    assert api.post("/api/v1/offers/", OFFER, format="json").status_code == 403


def test_list_filters_accent_insensitive(api, lab, lab_owner):
    services.resource_create(
        organisation=lab, by=lab_owner, **{k: v for k, v in OFFER.items() if k != "organisation"}
    )
    for query, found in [
        ("?q=ngap+lut", 1),
        ("?q=NGẬP", 1),
        ("?kind=funding", 0),
        ("?district=thuan-an", 1),
        ("?district=di-an", 0),
        ("?sector=academia&direction=offer", 1),
        ("?sector=enterprise", 0),
    ]:
        response = api.get("/api/v1/offers/" + query)
        assert response.status_code == 200
        assert len(response.json()["results"]) == found, query
    assert api.get("/api/v1/offers/?kind=gold").status_code == 400


def test_needs_through_the_api(api, flood_project, lab_owner):
    need = {"project": flood_project.slug, "kind": "data", "title": "Rainfall"}
    api.force_authenticate(lab_owner)
    assert api.post("/api/v1/needs/", need, format="json").status_code == 403
    manager = MembershipFactory(organisation=flood_project.organisation, role="manager").user
    api.force_authenticate(manager)
    created = api.post("/api/v1/needs/", need, format="json")
    assert created.status_code == 201, created.content
    assert api.post("/api/v1/needs/", {**need, "kind": "x"}, format="json").status_code == 400
    listed = api.get(f"/api/v1/needs/?project={flood_project.slug}&q=rainfall").json()
    assert [n["title"] for n in listed["results"]] == ["Rainfall"]
    assert api.get("/api/v1/needs/?sector=academia").json()["results"]
    assert not api.get("/api/v1/needs/?sector=community").json()["results"]


def test_matches_on_both_sides_with_reasons_and_no_contact(api, lab, flood_project):
    MembershipFactory(organisation=lab, role="owner", user__email="boss@lab.example")
    company = OrganisationFactory(name="Sensor Co", verified=True, sector="enterprise")
    company.expertise.set(["hydrology"])
    services.matches_refresh_all()
    response = api.get(f"/api/v1/projects/{flood_project.slug}/matches/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert next(r["organisation"]["slug"] for r in results) == "hydrology-lab"
    first = results[0]
    assert first["reasons"][0]["code"] == "expertise"
    assert first["reasons"][0]["text"].startswith("2 of the expertise needed")
    assert "boss@lab.example" not in response.content.decode()
    only = api.get(f"/api/v1/projects/{flood_project.slug}/matches/?sector=enterprise").json()
    assert [r["organisation"]["name"] for r in only["results"]] == ["Sensor Co"]
    paged = api.get(f"/api/v1/projects/{flood_project.slug}/matches/?page_size=1").json()
    assert len(paged["results"]) == 1
    second = api.get(paged["next"]).json()
    assert [r["organisation"]["name"] for r in second["results"]] == ["Sensor Co"]
    theirs = api.get("/api/v1/organisations/hydrology-lab/matches/").json()["results"]
    assert [r["project"]["slug"] for r in theirs] == [flood_project.slug]
    assert api.get("/api/v1/projects/nope/matches/").status_code == 404


def test_reasons_in_vietnamese(lab, flood_project):
    from rest_framework.test import APIClient

    services.matches_refresh_all()
    api = APIClient(HTTP_ACCEPT_LANGUAGE="vi")
    results = api.get(f"/api/v1/projects/{flood_project.slug}/matches/").json()["results"]
    assert "chuyên môn cần có" in results[0]["reasons"][0]["text"]


def test_the_owner_sets_expertise_and_sectors_wanted_and_the_matches_follow(
    api, lab, lab_owner, committed
):
    """Issue 13, section 1: the capability profile through the API, not only on the site."""
    health = ProjectFactory(title="Clinic queues", seeks_academia=True, theme="health")
    health.tags.set(["epidemiology"])
    services.matches_refresh_all()
    url = f"/api/v1/organisations/{lab.slug}/capabilities/"
    assert api.get(url).json() == {
        "organisation": "hydrology-lab",
        "expertise": ["GIS", "flood sensors", "hydrology"],
        "sectors_wanted": [],
    }
    assert not Match.objects.filter(project=health, organisation=lab).exists()
    api.force_authenticate(lab_owner)
    with committed():
        response = api.patch(
            url,
            {"expertise": ["hydrology", "Epidemiology"], "sectors_wanted": ["government"]},
            format="json",
        )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "organisation": "hydrology-lab",
        "expertise": ["Epidemiology", "hydrology"],
        "sectors_wanted": ["government"],
    }
    assert Match.objects.filter(project=health, organisation=lab).exists()
    # One field alone leaves the other as it is.
    only = api.patch(url, {"sectors_wanted": ["community"]}, format="json").json()
    assert only["expertise"] == ["Epidemiology", "hydrology"]
    assert only["sectors_wanted"] == ["community"]


@pytest.mark.parametrize(
    "bad",
    [
        {"sectors_wanted": ["aliens"]},
        {"sectors_wanted": "government"},
        {"expertise": ["x" * 101]},
        {"expertise": [f"tag {n}" for n in range(31)]},
    ],
)
def test_bad_capabilities_are_a_400_and_change_nothing(api, lab, lab_owner, bad):
    api.force_authenticate(lab_owner)
    url = f"/api/v1/organisations/{lab.slug}/capabilities/"
    response = api.patch(url, bad, format="json")
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"type", "detail", "errors"}
    assert api.get(url).json()["expertise"] == ["GIS", "flood sensors", "hydrology"]
    assert not CapabilityProfile.objects.exists()


def test_capabilities_are_the_managers_to_edit(api, lab, user):
    url = f"/api/v1/organisations/{lab.slug}/capabilities/"
    body = {"expertise": ["catering"]}
    assert api.patch(url, body, format="json").status_code == 401
    api.force_authenticate(MembershipFactory(organisation=lab, role="member").user)
    assert api.patch(url, body, format="json").status_code == 403
    api.force_authenticate(user)
    assert api.patch(url, body, format="json").status_code == 403
    assert "catering" not in api.get(url).json()["expertise"]
    assert api.get("/api/v1/organisations/nobody/capabilities/").status_code == 404


def test_in_the_schema(api):
    schema = api.get("/api/schema/?format=json").json()
    for path in [
        "/api/v1/offers/",
        "/api/v1/offers/{id}/",
        "/api/v1/needs/",
        "/api/v1/projects/{project_slug}/matches/",
        "/api/v1/organisations/{organisation_slug}/matches/",
        "/api/v1/organisations/{organisation_slug}/capabilities/",
    ]:
        assert path in schema["paths"], path
