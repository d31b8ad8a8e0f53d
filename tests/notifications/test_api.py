"""/api/v1/notifications/: the caller's own, cursor pages, `unread`, mark read, mark all."""

import pytest
from rest_framework.test import APIClient

from notifications.models import Notification
from projects import services


@pytest.fixture(autouse=True)
def _generous_throttling(settings):
    settings.HELIX_API_THROTTLE_RATES = {
        "anon": "100000/min",
        "user": "100000/min",
        "key": "100000/min",
    }


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def told(world, act):
    for to in ("in_review", "open", "in_review"):
        act(services.project_transition, project=world.project, to=to, by=world.project_owner)
    return list(Notification.objects.filter(recipient=world.follower).order_by("-created", "-pk"))


def test_the_list_is_the_callers_own_newest_first(world, told, api):
    api.force_authenticate(world.follower)

    body = api.get("/api/v1/notifications/").json()

    assert [row["id"] for row in body["results"]] == [n.pk for n in told]
    first = body["results"][0]
    assert first["kind"] == "project_status"
    assert first["text"] == f"The project “{world.project.title}” is now “In review”."
    assert first["web_url"] == f"http://testserver{world.project.get_absolute_url()}"
    assert first["actor"] == world.project_owner.display_name
    assert first["read"] is False
    assert first["read_at"] is None
    assert body["next"] is None


def test_pages_follow_the_cursor(world, told, api):
    api.force_authenticate(world.follower)

    first = api.get("/api/v1/notifications/?page_size=2").json()
    second = api.get(first["next"]).json()

    ids = [row["id"] for row in first["results"] + second["results"]]
    assert ids == [n.pk for n in told]
    assert second["next"] is None


def test_the_text_follows_accept_language(world, told, api):
    api.force_authenticate(world.follower)

    body = api.get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="vi").json()

    assert "Đang xem xét" in body["results"][0]["text"]


def test_unread_filter_and_mark_read(world, told, api):
    api.force_authenticate(world.follower)

    response = api.post(f"/api/v1/notifications/{told[0].pk}/read/")

    assert response.status_code == 200
    assert response.json()["read"] is True
    unread = api.get("/api/v1/notifications/?unread=true").json()["results"]
    assert [row["id"] for row in unread] == [n.pk for n in told[1:]]
    read = api.get("/api/v1/notifications/?unread=false").json()["results"]
    assert [row["id"] for row in read] == [told[0].pk]


def test_read_all(world, told, api):
    api.force_authenticate(world.follower)

    response = api.post("/api/v1/notifications/read-all/")

    assert response.json() == {"marked": 3}
    assert api.post("/api/v1/notifications/read-all/").json() == {"marked": 0}
    assert not Notification.objects.filter(recipient=world.follower).unread().exists()


def test_someone_elses_notification_is_a_404(world, told, api):
    api.force_authenticate(world.stranger)

    response = api.post(f"/api/v1/notifications/{told[0].pk}/read/")

    assert response.status_code == 404
    assert response.json()["type"] == "not_found"
    assert api.get("/api/v1/notifications/").json()["results"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/notifications/?unread=maybe",
        "/api/v1/notifications/?cursor=garbage",
        "/api/v1/notifications/?ordering=kind",
    ],
)
def test_bad_input_is_a_400(world, told, api, url):
    api.force_authenticate(world.follower)

    response = api.get(url)

    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"


def test_a_huge_id_is_a_404(world, api):
    api.force_authenticate(world.follower)

    assert api.post("/api/v1/notifications/99999999999999999999/read/").status_code == 404


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/notifications/"),
        ("post", "/api/v1/notifications/1/read/"),
        ("post", "/api/v1/notifications/read-all/"),
    ],
)
def test_anonymous_callers_are_refused(api, db, method, url):
    response = getattr(api, method)(url)

    assert response.status_code in (401, 403)
