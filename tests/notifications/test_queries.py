"""Fan-out, the list page and the API cost the same queries whatever the number of rows."""

import math

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from notifications import services as notification_services
from notifications import tasks
from notifications.models import Channel, Event, Kind, Notification, NotificationPreference
from projects import services
from projects.models import Follow
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def add_followers(project, n: int, *, channel: str | None = None) -> None:
    start = User.objects.count()
    people = User.objects.bulk_create(
        User(email=f"follower{start + i}@example.org", display_name=f"Follower {i}")
        for i in range(n)
    )
    Follow.objects.bulk_create(Follow(project=project, user=person) for person in people)
    if channel:
        NotificationPreference.objects.bulk_create(
            NotificationPreference(user=person, kind=Kind.NEW_SOLUTION, channel=channel)
            for person in people
        )


def fan_out_queries(n: int, channel, django_assert_max_num_queries) -> int:
    project = ProjectFactory()
    add_followers(project, n, channel=channel)
    services.solution_propose(
        project=project,
        by=UserFactory(),
        title="Rain gauges",
        summary="On school roofs.",
        description="Forty gauges.",
    )  # its fan-out is queued on commit, which never comes inside this test's transaction
    event = Event.objects.get(project=project, type=Event.Type.SOLUTION_SUBMITTED)
    with django_assert_max_num_queries(20) as captured:
        tasks.notifications_fan_out(event.pk)
    assert Notification.objects.filter(event=event).count() == n
    return len(captured.captured_queries)


def statements_for(n: int) -> int:
    """INSERT statements the database needs for n notifications in one batch: one on
    PostgreSQL; SQLite allows 999 parameters a statement, so 7 columns split every 142 rows."""
    fields = [f for f in Notification._meta.concrete_fields if not f.primary_key]
    per_statement = connection.ops.bulk_batch_size(fields, [None] * n)
    return math.ceil(n / per_statement)


@pytest.mark.parametrize("channel", [None, Channel.INSTANT])
def test_fan_out_costs_the_same_for_10_and_200_followers(channel, django_assert_max_num_queries):
    small = fan_out_queries(10, channel, django_assert_max_num_queries)
    large = fan_out_queries(200, channel, django_assert_max_num_queries)

    assert large - small == statements_for(200) - statements_for(10)  # 0 on PostgreSQL


def test_fan_out_inserts_in_batches(monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(notification_services, "BATCH_SIZE", 50)
    small = fan_out_queries(50, None, django_assert_max_num_queries)
    large = fan_out_queries(200, None, django_assert_max_num_queries)
    # three more batches of 50, each one query for preferences and one insert
    assert large - small == 3 * 2
    assert statements_for(50) == 1


def add_notifications(user, n: int) -> None:
    project = ProjectFactory()
    actor = UserFactory()
    for i in range(n):
        event = Event.objects.create(
            type=Event.Type.PROJECT_STATUS_CHANGED,
            actor=actor,
            project=project,
            context={"status": "open"},
        )
        Notification.objects.create(
            recipient=user,
            event=event,
            kind=Kind.PROJECT_STATUS,
            email=Channel.DIGEST,
            read_at=None if i % 2 else event.created,
        )


def test_the_list_page_costs_the_same_for_3_and_30(client, django_assert_max_num_queries):
    user = UserFactory()
    client.force_login(user)
    counts = []
    for n in (3, 27):
        add_notifications(user, n)
        with django_assert_max_num_queries(30) as captured:
            assert client.get(reverse("notifications:list")).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_api_list_costs_the_same_for_3_and_30(django_assert_max_num_queries):
    user = UserFactory()
    api = APIClient()
    api.force_authenticate(user)
    counts = []
    for n in (3, 27):
        add_notifications(user, n)
        with django_assert_max_num_queries(30) as captured:
            response = api.get("/api/v1/notifications/?page_size=100")
            assert response.status_code == 200
        assert len(response.json()["results"]) == len(set(Notification.objects.values_list("pk")))
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
