"""The staff desk's first page: what waits for staff, each a link to its filtered list, and the
week's figures; the same queries whatever the data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from matchmaking.models import Approach
from projects.models import Report, Solution
from tests.factories import (
    CommentFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
    UserFactory,
)
from tests.webhooks.factories import WebhookDeliveryFactory
from webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _desk(client):
    response = client.get(reverse("admin:index"), headers={"Accept-Language": "en"})
    assert response.status_code == 200
    return response


def _world(n: int) -> None:
    for index in range(n):
        OrganisationFactory(created=timezone.now())
        project = ProjectFactory(status="in_review")
        old = SolutionFactory()
        Solution.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=20))
        SolutionFactory()
        Report.objects.create(
            reporter=UserFactory(), comment=CommentFactory(), reason=f"spam {index}"
        )
        for kind in Approach.Kind.values:
            helper = OrganisationFactory(verified=True)
            Approach.objects.create(
                kind=kind,
                project=project,
                organisation=helper,
                sender_organisation=helper if kind == "interest" else project.organisation,
            )
        # One endpoint failing for good (twice), one retrying; a failure of last month and a
        # delivery that went through do not count.
        failed = WebhookDeliveryFactory(status=WebhookDelivery.Status.FAILED, attempt_count=6)
        WebhookDeliveryFactory(
            endpoint=failed.endpoint, status=WebhookDelivery.Status.FAILED, attempt_count=6
        )
        WebhookDeliveryFactory(status=WebhookDelivery.Status.PENDING, attempt_count=2)
        old_failure = WebhookDeliveryFactory(status=WebhookDelivery.Status.FAILED)
        WebhookDelivery.objects.filter(pk=old_failure.pk).update(
            created=timezone.now() - timedelta(days=30)
        )
        WebhookDeliveryFactory(status=WebhookDelivery.Status.SUCCEEDED, attempt_count=1)


def test_the_desk_lists_what_waits_with_links_to_the_filtered_lists(staff_client):
    _world(2)

    response = _desk(staff_client)
    waiting = {item.label: item for item in response.context["waiting"]}

    assert waiting["Organisations waiting for verification"].count == 2
    assert waiting["Open reports"].count == 2
    assert waiting["Projects in review"].count == 2
    undecided = waiting["Solutions waiting for a decision for more than 14 days"]
    assert undecided.count == 2  # one of each pair: the other was proposed today
    page = response.content.decode()
    assert "What waits for you" in page
    for item in waiting.values():
        assert item.url.replace("&", "&amp;") in page
        assert staff_client.get(item.url).status_code == 200


def test_each_link_lists_exactly_the_rows_counted(staff_client):
    _world(2)

    waiting = _desk(staff_client).context["waiting"]

    assert len(waiting) == 7
    for item in waiting:
        assert item.count == (4 if item.label.startswith("Webhook") else 2), item.label
        listed = staff_client.get(item.url, headers={"Accept-Language": "en"})
        assert listed.status_code == 200
        assert listed.context["cl"].result_count == item.count, item.label


def test_the_desk_runs_the_same_queries_whatever_the_data(
    staff_client, django_assert_max_num_queries
):
    def count() -> int:
        with django_assert_max_num_queries(30) as queries:
            _desk(staff_client)
        return len(queries)

    _world(1)
    small = count()
    _world(5)
    assert count() == small


def test_the_week_shows_its_figures_as_a_chart_and_a_table(staff_client):
    _world(1)
    page = _desk(staff_client).content.decode()
    assert "This week" in page
    assert "<svg" in page
    assert "<table>" in page
