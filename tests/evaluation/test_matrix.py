"""Who reaches what, for every role, on the server (like the API's matrix).

The roles: anonymous, a member of another organisation, a reviewer not assigned the solution,
the reviewer barred from it, its reviewer before and after submitting, the project's team
(a manager) and government staff.
"""

import pytest
from django.urls import reverse

from evaluation import services
from evaluation.models import Reviewer
from tests.evaluation.conftest import assignment, score_and_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(ev, other_owner, staff):
    """The assignment under test: reviewer 2 on "Sensors" (solution 0). Reviewer 1 is taken off
    "Sensors" (not assigned); reviewer 0 is barred from it; reviewer 1 submitted "Drains"."""
    reviewer_1 = Reviewer.objects.get(user=ev.reviewers[1])
    services.assignments_set(
        reviewer=reviewer_1, solutions=[ev.solutions[1], ev.solutions[2]], by=ev.manager
    )
    score_and_submit(ev, 1, 1, [2, 2])
    return {
        "anonymous": None,
        "other organisation": other_owner,
        "reviewer not assigned": ev.reviewers[1],
        "barred reviewer": ev.reviewers[0],
        "reviewer": ev.reviewers[2],
        "team": ev.manager,
        "staff": staff,
    }


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


# expected status per role: the board, the reviewer's list, the assignment's page
EXPECTED = {
    "anonymous": (302, 302, 302),
    "other organisation": (403, 404, 404),
    "reviewer not assigned": (403, 200, 404),
    "barred reviewer": (403, 200, 404),
    "reviewer": (403, 200, 200),
    "team": (200, 404, 200),
    "staff": (200, 404, 200),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_pages(client, ev, roles, role):
    user = roles[role]
    target = assignment(ev, 2, 0)
    urls = (
        reverse("evaluation:manage", args=[ev.project.slug]),
        reverse("evaluation:review", args=[ev.project.slug]),
        target.get_absolute_url(),
    )
    assert tuple(_get(client, user, url).status_code for url in urls) == EXPECTED[role]


@pytest.mark.parametrize(
    "role", ["other organisation", "reviewer not assigned", "barred reviewer", "team"]
)
def test_only_the_reviewer_declares_and_scores(client, ev, roles, role):
    target = assignment(ev, 2, 0)
    client.force_login(roles[role])
    response = client.post(target.get_absolute_url(), {"relationship": "none"})
    assert response.status_code in (403, 404)
    target.refresh_from_db()
    assert target.status == "to_declare"


@pytest.mark.parametrize("role", ["anonymous", "other organisation", "reviewer", "barred reviewer"])
def test_only_the_team_acts_on_the_board(client, ev, roles, role):
    if roles[role]:
        client.force_login(roles[role])
    url = reverse("evaluation:manage", args=[ev.project.slug])
    response = client.post(url, {"action": "invite", "email": "sneaky@example.org"})
    assert response.status_code in (302, 403)
    assert not Reviewer.objects.filter(email="sneaky@example.org").exists()
    response = client.post(url, {"action": "publish"})
    ev.rubric.refresh_from_db()
    assert not ev.rubric.is_published


def test_a_reviewer_sees_the_others_scores_only_after_submitting(client, ev, roles):
    score_and_submit(ev, 2, 1, [5, 9])  # reviewer 2 on "Drains" (reviewer 1's comment: "comment 2")
    before = assignment(ev, 0, 1)  # reviewer 0 on "Drains", not submitted
    client.force_login(ev.reviewers[0])
    page = client.get(before.get_absolute_url()).content.decode()
    assert "comment 2" not in page
    assert "comment 5" not in page
    score_and_submit(ev, 0, 1, [1, 1])
    page = client.get(before.get_absolute_url()).content.decode()
    assert "comment 2" in page
    assert "comment 5" in page
    assert ev.reviewers[1].display_name not in page  # anonymous to each other


def _publish(ev):
    services.decision_record(
        solution=ev.solutions[1], to="shortlisted", rationale="Drains last longest", by=ev.manager
    )
    services.results_publish(rubric=ev.rubric, by=ev.manager)


def test_results_before_publishing_only_for_the_team(client, ev, roles):
    score_and_submit(ev, 2, 1, [4, 8])
    services.decision_record(
        solution=ev.solutions[1], to="shortlisted", rationale="Drains last longest", by=ev.manager
    )
    url = ev.solutions[1].get_absolute_url()
    assert "Drains last longest" not in client.get(url).content.decode()
    client.force_login(ev.solutions[1].lead_user)
    assert "Drains last longest" not in client.get(url).content.decode()
    client.force_login(ev.manager)
    page = client.get(url).content.decode()
    assert "Drains last longest" in page
    assert ev.reviewers[1].display_name in page


def test_published_results_public_anonymous_and_feedback_for_the_lead(client, ev, roles):
    score_and_submit(ev, 2, 1, [4, 8])
    _publish(ev)
    url = ev.solutions[1].get_absolute_url()
    public = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Drains last longest" in public
    assert "Scores per criterion" in public
    assert "Impact" in public
    assert "comment 4" not in public  # the detailed feedback is the lead's
    for reviewer in ev.reviewers:
        assert reviewer.display_name not in public
    client.force_login(ev.solutions[1].lead_user)
    lead = client.get(url).content.decode()
    assert "Detailed feedback" in lead
    assert "comment 4" in lead
    assert "Reviewer 1" in lead
    assert ev.reviewers[2].display_name not in lead
    client.force_login(roles["other organisation"])
    assert "comment 4" not in client.get(url).content.decode()
