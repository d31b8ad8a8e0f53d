"""The pages, as the team and the reviewers use them: forms, errors for bad input, shuffled
order, constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation import selectors, services
from evaluation.models import Assignment, Criterion, Reviewer, Rubric
from tests.evaluation.conftest import assignment, score_and_submit
from tests.factories import (
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_the_team_sets_up_a_rubric_through_the_board(client, organisation, manager):
    project = ProjectFactory(organisation=organisation, status="open")
    url = reverse("evaluation:manage", args=[project.slug])
    client.force_login(manager)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Set up the evaluation" in page
    bad = client.post(url, {"action": "settings", "closes_on": "2001-01-01"})
    assert bad.status_code == 400
    assert "cannot be in the past" in bad.content.decode()
    assert (
        client.post(
            url, {"action": "settings", "closes_on": "2099-01-01", "blind": "on"}
        ).status_code
        == 302
    )
    rubric = Rubric.objects.get(project=project)
    assert rubric.blind
    bad = client.post(url, {"action": "criterion", "title": "Impact", "weight": "0", "scale": "5"})
    assert bad.status_code == 400
    client.post(url, {"action": "criterion", "title": "Impact", "weight": "2", "scale": "5"})
    assert Criterion.objects.get(rubric=rubric).weight == 2
    bad = client.post(url, {"action": "invite", "email": "not-an-address"})
    assert bad.status_code == 400
    assert "valid email" in bad.content.decode()
    client.post(url, {"action": "invite", "email": "expert@example.org"})
    assert Reviewer.objects.filter(rubric=rubric, email="expert@example.org").exists()


def test_reviewer_declares_scores_saves_then_submits_through_the_page(client, ev):
    a = assignment(ev, 2, 2)
    client.force_login(ev.reviewers[2])
    assert client.post(a.get_absolute_url(), {"relationship": "other"}).status_code == 400
    client.post(a.get_absolute_url(), {"relationship": "none"})
    impact, cost = ev.rubric.criteria.all()
    data = {f"score_{impact.pk}": "4", f"comment_{impact.pk}": "Clear", f"score_{cost.pk}": ""}
    assert client.post(a.get_absolute_url(), {**data, "save": ""}).status_code == 302
    a.refresh_from_db()
    assert a.status == "cleared"
    assert client.post(a.get_absolute_url(), {**data, "submit": ""}).status_code == 400
    data[f"score_{cost.pk}"] = "11"
    assert client.post(a.get_absolute_url(), {**data, "submit": ""}).status_code == 400
    data[f"score_{cost.pk}"] = "7"
    client.post(a.get_absolute_url(), {**data, "submit": ""})
    a.refresh_from_db()
    assert a.status == "submitted"


def test_blind_review_hides_the_lead_and_partners(client, ev):
    a = assignment(ev, 2, 0)
    client.force_login(ev.reviewers[2])
    assert ev.company.name in client.get(a.get_absolute_url()).content.decode()
    ev.rubric.blind = True
    ev.rubric.save()
    page = client.get(a.get_absolute_url()).content.decode()
    assert ev.company.name not in page
    assert ev.university.name not in page


def test_each_reviewer_has_their_own_stable_order(ev):
    many = [SolutionFactory(project=ev.project) for _ in range(8)]
    for reviewer in Reviewer.objects.filter(rubric=ev.rubric):
        services.assignments_set(reviewer=reviewer, solutions=[*ev.solutions, *many], by=ev.manager)
    orders = [
        [a.solution_id for a in selectors.assignments_of(user, ev.project)] for user in ev.reviewers
    ]
    assert orders[0] != orders[1] or orders[1] != orders[2]
    assert orders[0] == [
        a.solution_id for a in selectors.assignments_of(ev.reviewers[0], ev.project)
    ]
    assert sorted(orders[0]) != orders[0] or sorted(orders[1]) != orders[1]


def test_the_board_ranks_flags_and_decides_with_a_rationale(client, ev):
    score_and_submit(ev, 1, 0, [5, 10])
    score_and_submit(ev, 2, 0, [1, 1])
    score_and_submit(ev, 1, 1, [3, 5])
    url = reverse("evaluation:manage", args=[ev.project.slug])
    client.force_login(ev.manager)
    page = client.get(url).content.decode()
    assert "Reviewers disagree" in page
    assert ev.reviewers[1].display_name in page  # named to the team
    bad = client.post(
        url, {"action": "decide", "solution": ev.solutions[1].pk, "to": "shortlisted"}
    )
    assert bad.status_code == 400
    client.post(
        url,
        {
            "action": "decide",
            "solution": ev.solutions[1].pk,
            "to": "shortlisted",
            "rationale": "Solid",
        },
    )
    ev.solutions[1].refresh_from_db()
    assert ev.solutions[1].status == "shortlisted"
    assert ev.solutions[1].rationale.text == "Solid"


def _grow(ev, n):
    """n more solutions from their own organisations, each reviewed by a new reviewer."""
    criteria = list(ev.rubric.criteria.all())
    for _ in range(n):
        solution = SolutionFactory(project=ev.project, lead_organisation=OrganisationFactory())
        user = UserFactory()
        services.reviewer_invite(rubric=ev.rubric, email=user.email, by=ev.manager)
        for a in Assignment.objects.filter(reviewer__user=user):
            services.declaration_make(
                assignment=a, by=user, relationship="collaboration", details="x"
            )
        a = Assignment.objects.get(reviewer__user=user, solution=solution)
        decl = a.declarations.get()
        services.declaration_decide(declaration=decl, allow=True, by=ev.manager)
        services.scores_save(assignment=a, by=user, scores={c.pk: (3, "ok") for c in criteria})
        services.assignment_submit(assignment=a, by=user)


@pytest.mark.parametrize("page", ["board", "solution", "review", "assignment"])
def test_pages_cost_the_same_queries_at_two_sizes(client, ev, django_assert_max_num_queries, page):
    score_and_submit(ev, 2, 1, [4, 8])
    services.decision_record(
        solution=ev.solutions[1], to="shortlisted", rationale="r", by=ev.manager
    )
    services.results_publish(rubric=ev.rubric, by=ev.manager)

    def load():
        if page == "board":
            client.force_login(ev.manager)
            return client.get(reverse("evaluation:manage", args=[ev.project.slug]))
        if page == "solution":
            client.force_login(ev.solutions[1].lead_user)
            return client.get(ev.solutions[1].get_absolute_url())
        client.force_login(ev.reviewers[2])
        if page == "review":
            return client.get(reverse("evaluation:review", args=[ev.project.slug]))
        return client.get(assignment(ev, 2, 1).get_absolute_url())

    load()
    with CaptureQueriesContext(connection) as small:
        assert load().status_code == 200
    _grow(ev, 6)
    with django_assert_max_num_queries(len(small)):
        assert load().status_code == 200


def test_my_helix_lists_the_reviews_waiting(client, ev):
    client.force_login(ev.reviewers[0])
    page = client.get("/me/").content.decode()
    assert ev.project.title in page
    assert "2 waiting" in page  # barred from one of three
