"""The API of acting on a match: invitations and interests, their answers, with keys, scopes,
the error shape, cursor paging and Idempotency-Key."""

import pytest
from rest_framework.test import APIClient

from api import services as api_services
from api.models import ApiKey
from matchmaking import services
from matchmaking.models import Approach
from tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _key_client(organisation, owner, scope=ApiKey.Scope.WRITE) -> APIClient:
    key = api_services.api_key_create(
        organisation=organisation, name="System", scope=scope, by=owner
    ).key
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def project_owner(flood_project):
    return MembershipFactory(
        organisation=flood_project.organisation, role="owner", user__email="hoa@city.example"
    ).user


@pytest.fixture
def offer(lab, lab_owner):
    return services.resource_create(
        organisation=lab, by=lab_owner, kind="testbed", title="Test-bed", description="A flume."
    )


def test_the_labs_key_expresses_interest_and_the_projects_key_accepts(
    lab, lab_owner, offer, flood_project, project_owner
):
    lab_api = _key_client(lab, lab_owner)
    created = lab_api.post(
        "/api/v1/interests/",
        {
            "organisation": lab.slug,
            "project": flood_project.slug,
            "message": "We can help",
            "pledge": offer.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["kind"], body["status"], body["pledge"]["id"]) == ("interest", "pending", offer.pk)
    assert body["contacts"] is None

    project_api = _key_client(flood_project.organisation, project_owner)
    listed = project_api.get("/api/v1/interests/", {"status": "pending"}).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]
    answered = project_api.post(
        f"/api/v1/interests/{body['id']}/accept/", {"message": "Welcome"}, format="json"
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == "accepted"
    emails = {c["email"] for c in answered.json()["contacts"]}
    assert "hoa@city.example" in emails
    assert lab_owner.email in emails
    # Lists never carry contacts; the single one does, to both sides.
    assert lab_api.get("/api/v1/interests/").json()["results"][0]["contacts"] is None
    assert lab_api.get(f"/api/v1/interests/{body['id']}/").json()["contacts"]


def test_the_key_of_organisation_a_cannot_answer_for_organisation_b(
    lab, lab_owner, flood_project, project_owner
):
    interest = services.interest_express(organisation=lab, project=flood_project, by=lab_owner)
    # The lab's own key may see it but not answer it: the project's side answers.
    lab_api = _key_client(lab, lab_owner)
    assert lab_api.post(f"/api/v1/interests/{interest.pk}/accept/").status_code == 403
    # A third organisation's key does not even see it.
    other = OrganisationFactory(verified=True)
    other_api = _key_client(other, MembershipFactory(organisation=other, role="owner").user)
    assert other_api.get(f"/api/v1/interests/{interest.pk}/").status_code == 404
    assert other_api.post(f"/api/v1/interests/{interest.pk}/decline/").status_code == 404
    assert Approach.objects.get().status == "pending"


def test_a_read_only_key_cannot_write(lab, lab_owner, flood_project):
    api = _key_client(lab, lab_owner, scope=ApiKey.Scope.READ)
    response = api.post(
        "/api/v1/interests/",
        {"organisation": lab.slug, "project": flood_project.slug},
        format="json",
    )
    assert response.status_code == 403


def test_invitations_by_the_projects_key_and_bad_input(lab, flood_project, project_owner, settings):
    api = _key_client(flood_project.organisation, project_owner)
    for bad in (
        {"organisation": "nobody"},
        {"project": "nowhere"},
        {"message": "x" * 2001},
    ):
        response = api.post(
            "/api/v1/invitations/",
            {"organisation": lab.slug, "project": flood_project.slug, **bad},
            format="json",
        )
        assert response.status_code == 400, (bad, response.content)
        assert set(response.json()) == {"type", "detail", "errors"}
    assert api.get("/api/v1/invitations/", {"status": "maybe"}).status_code == 400
    assert api.get("/api/v1/invitations/", {"status": ""}).status_code == 400
    settings.HELIX_MATCH_ACTIONS_PER_DAY = 1
    ok = api.post(
        "/api/v1/invitations/",
        {"organisation": lab.slug, "project": flood_project.slug},
        format="json",
    )
    assert ok.status_code == 201
    again = api.post(
        "/api/v1/invitations/",
        {"organisation": lab.slug, "project": flood_project.slug},
        format="json",
    )
    assert again.status_code == 400
    assert "already waiting" in again.content.decode()
    assert api.post(f"/api/v1/invitations/{ok.json()['id']}/withdraw/").json()["status"] == (
        "withdrawn"
    )
    third = OrganisationFactory(verified=True)
    limited = api.post(
        "/api/v1/invitations/",
        {"organisation": third.slug, "project": flood_project.slug},
        format="json",
    )
    assert limited.status_code == 400
    assert "try again tomorrow" in limited.content.decode()


def test_a_draft_project_is_not_found(lab, lab_owner):
    draft = ProjectFactory(status="draft", published_at=None)
    api = _key_client(lab, lab_owner)
    response = api.post(
        "/api/v1/interests/", {"organisation": lab.slug, "project": draft.slug}, format="json"
    )
    assert response.status_code == 404


def test_a_retry_with_the_same_idempotency_key_expresses_interest_once(
    lab, lab_owner, flood_project
):
    api = _key_client(lab, lab_owner)
    payload = {"organisation": lab.slug, "project": flood_project.slug}
    first = api.post("/api/v1/interests/", payload, format="json", HTTP_IDEMPOTENCY_KEY="i-1")
    retry = api.post("/api/v1/interests/", payload, format="json", HTTP_IDEMPOTENCY_KEY="i-1")
    assert first.status_code == retry.status_code == 201
    assert retry["Idempotent-Replayed"] == "true"
    assert Approach.objects.count() == 1


def test_the_list_pages_with_a_cursor(lab, lab_owner, settings):
    settings.HELIX_MATCH_ACTIONS_PER_DAY = 100
    for _ in range(3):
        services.interest_express(organisation=lab, project=ProjectFactory(), by=lab_owner)
    api = _key_client(lab, lab_owner)
    first = api.get("/api/v1/interests/", {"page_size": 2}).json()
    assert len(first["results"]) == 2
    assert first["next"]
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1


def test_visitors_get_401(api):
    assert api.get("/api/v1/invitations/").status_code == 401
    assert api.post("/api/v1/interests/", {}, format="json").status_code == 401
