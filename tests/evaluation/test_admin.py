"""The staff desk: every evaluation visible, reviewers reassigned through the services."""

import pytest
from django.urls import reverse

from evaluation.models import Assignment, Reviewer
from tests.evaluation.conftest import score_and_submit

pytestmark = pytest.mark.django_db

PAGES = ["rubric", "criterion", "reviewer", "assignment", "declaration", "score", "rationale"]


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_staff_see_every_part_of_an_evaluation(staff_client, ev):
    score_and_submit(ev, 2, 0, [4, 8])
    for model in ("rubric", "reviewer", "declaration", "score"):
        response = staff_client.get(reverse(f"admin:evaluation_{model}_changelist"))
        assert response.status_code == 200, model
    page = staff_client.get(reverse("admin:evaluation_score_changelist")).content.decode()
    assert ev.solutions[0].title in page
    reviewer = Reviewer.objects.get(user=ev.reviewers[0])
    change = staff_client.get(reverse("admin:evaluation_reviewer_change", args=[reviewer.pk]))
    assert change.status_code == 200
    assert "Barred" in change.content.decode()


def test_staff_reassign_a_reviewer(staff_client, ev):
    reviewer = Reviewer.objects.get(user=ev.reviewers[2])
    url = reverse("admin:evaluation_reviewer_changelist")
    form = staff_client.post(url, {"action": "reassign", "_selected_action": [reviewer.pk]})
    assert form.status_code == 200
    assert ev.solutions[1].title in form.content.decode()
    staff_client.post(
        url,
        {
            "action": "reassign",
            "_selected_action": [reviewer.pk],
            "apply": "1",
            "solutions": [ev.solutions[1].pk],
        },
    )
    assert list(
        Assignment.objects.filter(reviewer=reviewer).values_list("solution", flat=True)
    ) == [ev.solutions[1].pk]


def test_staff_cannot_edit_or_delete_scores(staff_client, ev):
    score = score_and_submit(ev, 2, 0, [4, 8]).scores.first()
    url = reverse("admin:evaluation_score_change", args=[score.pk])
    staff_client.post(url, {"value": 1})
    score.refresh_from_db()
    assert score.value == 4
    assert (
        staff_client.get(reverse("admin:evaluation_score_delete", args=[score.pk])).status_code
        == 403
    )


def test_people_without_the_desk_see_nothing(client, ev):
    client.force_login(ev.manager)
    response = client.get(reverse("admin:evaluation_rubric_changelist"))
    assert response.status_code == 302
