"""Milestones and updates through /api/v1/: public reads, writes by the delivery team's keys
(another organisation's key refused), Idempotency-Key, the error shape."""

import pytest
from rest_framework.test import APIClient

from api import services as api_services
from evaluation.models import Milestone, ProjectUpdate
from tests.factories import (
    MembershipFactory,
    MilestoneFactory,
    OrganisationFactory,
    ProjectUpdateFactory,
)


@pytest.fixture(autouse=True)
def _generous_throttling(settings):
    settings.HELIX_API_THROTTLE_RATES = {
        "anon": "100000/min",
        "user": "100000/min",
        "key": "100000/min",
    }


def _key_client(organisation, scope="write") -> APIClient:
    owner = MembershipFactory(organisation=organisation, role="owner").user
    issued = api_services.api_key_create(
        organisation=organisation, name="Partner", scope=scope, by=owner
    )
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {issued.key}", HTTP_ACCEPT_LANGUAGE="en")


def _url(project, what="milestones") -> str:
    return f"/api/v1/projects/{project.slug}/{what}/"


MILESTONE = {"title": "Sensors installed", "due_on": "2030-01-15", "progress": 40}


def test_anyone_reads_milestones_and_updates_with_cursor_paging(delivery):
    for _ in range(3):
        MilestoneFactory(project=delivery.project)
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(_url(delivery.project), {"page_size": 2}).json()
    assert len(page["results"]) == 2
    assert page["next"]
    assert set(page["results"][0]) >= {"id", "title", "due_on", "status", "progress", "is_late"}
    assert client.get(_url(delivery.project, "updates")).status_code == 200


def test_a_write_key_of_the_project_organisation_adds_a_milestone(delivery, organisation):
    client = _key_client(organisation)
    response = client.post(_url(delivery.project), MILESTONE, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["project"] == delivery.project.slug
    milestone_id = response.json()["id"]
    changed = client.patch(
        f"{_url(delivery.project)}{milestone_id}/", {"status": "done"}, format="json"
    )
    assert changed.status_code == 200
    assert changed.json()["progress"] == 100


def test_the_selected_lead_organisations_key_posts_an_update(delivery):
    client = _key_client(delivery.selected.lead_organisation)
    response = client.post(
        _url(delivery.project, "updates"),
        {"title": "Week 1", "body": "**Started**"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="week-1",
    )
    assert response.status_code == 201, response.content
    assert "<strong>Started</strong>" in response.json()["body_html"]
    again = client.post(
        _url(delivery.project, "updates"),
        {"title": "Week 1", "body": "**Started**"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="week-1",
    )
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert ProjectUpdate.objects.count() == 1


@pytest.mark.parametrize("scope", ["write", "read"])
def test_another_organisations_key_and_a_read_key_are_refused(delivery, organisation, scope):
    client = _key_client(
        OrganisationFactory(verified=True) if scope == "write" else organisation, scope
    )
    response = client.post(_url(delivery.project), MILESTONE, format="json")
    assert response.status_code == 403
    assert "detail" in response.json() or "error" in response.json()
    assert not Milestone.objects.exists()


def test_anonymous_writes_are_refused(delivery):
    response = APIClient().post(_url(delivery.project), MILESTONE, format="json")
    assert response.status_code in (401, 403)


def test_bad_input_is_a_400_per_field(delivery, organisation):
    client = _key_client(organisation)
    response = client.post(
        _url(delivery.project), {**MILESTONE, "progress": 150, "due_on": "soon"}, format="json"
    )
    assert response.status_code == 400
    body = str(response.json())
    assert "progress" in body
    assert "due_on" in body


def test_the_team_corrects_and_removes_an_update(delivery, organisation):
    update = ProjectUpdateFactory(project=delivery.project, title="Week 1", body="Started.")
    client = _key_client(delivery.selected.lead_organisation)
    url = f"{_url(delivery.project, 'updates')}{update.pk}/"
    response = client.patch(url, {"body": "Started **early**."}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Week 1"
    assert "<strong>early</strong>" in response.json()["body_html"]
    assert set(response.json()) >= {"modified", "edited"}
    assert client.put(url, {"title": "T", "body": "B"}, format="json").status_code == 405
    assert client.delete(url).status_code == 204
    assert client.delete(url).status_code == 404
    assert not ProjectUpdate.objects.exists()


def test_a_bad_correction_is_a_400_per_field_and_changes_nothing(delivery, organisation):
    update = ProjectUpdateFactory(project=delivery.project, title="Week 1")
    url = f"{_url(delivery.project, 'updates')}{update.pk}/"
    response = _key_client(organisation).patch(
        url, {"title": "", "body": "x" * 5001}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"title", "body"}
    assert ProjectUpdate.objects.get().title == "Week 1"


def test_another_projects_update_is_a_404(delivery, organisation):
    elsewhere = ProjectUpdateFactory()
    url = f"{_url(delivery.project, 'updates')}{elsewhere.pk}/"
    assert _key_client(organisation).delete(url).status_code == 404
    assert ProjectUpdate.objects.filter(pk=elsewhere.pk).exists()


def test_a_project_not_visible_is_a_404(organisation):
    from tests.factories import ProjectFactory

    draft = ProjectFactory(organisation=organisation, status="draft")
    assert APIClient().get(_url(draft)).status_code == 404


def test_the_schema_lists_the_endpoints_with_examples(client):
    schema = client.get("/api/schema/", {"format": "json"}).content.decode()
    assert "/api/v1/projects/{project_slug}/milestones/" in schema
    assert "Correct an update" in schema
    assert "Remove an update" in schema
    assert "Sensors installed on the Th" in schema


# --- Every write by every role, as the API's own matrix (tests/api/test_matrix.py) -------------

WRITER = {"owner", "company_manager", "partner_manager", "lead_user", "staff"}
WRITING_KEYS = {"write_key", "lead_key", "partner_key"}
FOLLOW_THROUGH_WRITES = [
    ("post", "milestones/", MILESTONE, 201),
    ("patch", "milestones/{milestone}/", {"status": "done"}, 200),
    ("delete", "milestones/{milestone}/", None, 204),
    ("post", "updates/", {"title": "Week 1", "body": "Started."}, 201),
    ("patch", "updates/{update}/", {"title": "Week 1, corrected"}, 200),
    ("delete", "updates/{update}/", None, 204),
]
FOLLOW_THROUGH_ROLES = [
    "anonymous",
    "citizen",
    "member",
    "follower",
    "losing_lead",
    *sorted(WRITER),
    "read_key",
    "losing_key",
    "other_key",
    *sorted(WRITING_KEYS),
]


def _snapshot() -> dict:
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Milestone, ProjectUpdate)
    }


@pytest.mark.parametrize("role", FOLLOW_THROUGH_ROLES)
@pytest.mark.parametrize(
    ("method", "path", "body", "success"),
    FOLLOW_THROUGH_WRITES,
    ids=[f"{m.upper()} {p}" for m, p, _b, _s in FOLLOW_THROUGH_WRITES],
)
def test_every_follow_through_write_by_every_role(
    delivery, organisation, role, method, path, body, success
):
    from tests.evaluation.test_followthrough import _who

    milestone = MilestoneFactory(project=delivery.project)
    update = ProjectUpdateFactory(project=delivery.project)
    keys = {
        "read_key": (organisation, "read"),
        "write_key": (organisation, "write"),
        "lead_key": (delivery.selected.lead_organisation, "write"),
        "partner_key": (delivery.selected.partners.get().organisation, "write"),
        "losing_key": (_losing_organisation(delivery), "write"),
        "other_key": (OrganisationFactory(verified=True), "write"),
    }
    if role in keys:
        client = _key_client(*keys[role])
    else:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        user = _who(delivery, organisation, role)
        if user.is_authenticated:
            client.force_authenticate(user)
    before = _snapshot()

    url = f"/api/v1/projects/{delivery.project.slug}/" + path.format(
        milestone=milestone.pk, update=update.pk
    )
    response = getattr(client, method)(url, body, format="json")

    allowed = role in WRITER | WRITING_KEYS
    expected = success if allowed else 401 if role == "anonymous" else 403
    assert response.status_code == expected, (role, response.content)
    if allowed:
        assert _snapshot() != before, "an accepted write changed nothing"
    else:
        assert set(response.json()) == {"type", "detail", "errors"}
        assert _snapshot() == before, "a refused write changed the database"


def _losing_organisation(delivery):
    """The organisation of the solution not selected (its managers lost, they do not deliver)."""
    other = delivery.other
    if other.lead_organisation is None:
        other.lead_organisation = OrganisationFactory(verified=True)
        other.save(update_fields=["lead_organisation"])
    return other.lead_organisation
