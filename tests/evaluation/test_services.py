"""The evaluation's rules, through its services."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from evaluation import services, tasks
from evaluation.models import Assignment, Criterion, Declaration, Rationale, Reviewer
from notifications.models import Notification
from notifications.texts import describe
from tests.evaluation.conftest import assignment, score_and_submit
from tests.factories import RubricFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Assignment.Status


def test_invited_reviewers_get_every_solution_and_a_notification(ev):
    assert Assignment.objects.filter(reviewer__user=ev.reviewers[2]).count() == 3
    told = Notification.objects.filter(recipient=ev.reviewers[2], kind="evaluation")
    assert told.count() == 1
    assert "asks you to review 3 solutions" in describe(told.get())


def test_a_member_of_the_lead_or_a_partner_organisation_is_barred_automatically(ev):
    barred = assignment(ev, 0, 0)
    assert barred.status == Status.BARRED
    declaration = barred.declarations.get()
    assert declaration.decision == Declaration.Decision.AUTOMATIC
    assert declaration.relationship == Declaration.Relationship.MEMBER
    with pytest.raises(PermissionDenied):
        services.declaration_make(assignment=barred, by=ev.reviewers[0], relationship="none")
    assert assignment(ev, 0, 1).status == Status.TO_DECLARE


def test_a_declared_conflict_waits_for_the_team_then_all_declarations_are_kept(ev):
    a = assignment(ev, 1, 1)
    with pytest.raises(ValidationError):  # a relationship needs its details
        services.declaration_make(assignment=a, by=ev.reviewers[1], relationship="financial")
    declaration = services.declaration_make(
        assignment=a, by=ev.reviewers[1], relationship="collaboration", details="Co-author, 2024"
    )
    a.refresh_from_db()
    assert a.status == Status.DECLARED
    with pytest.raises(PermissionDenied):
        services.scores_save(assignment=a, by=ev.reviewers[1], scores={})
    with pytest.raises(PermissionDenied):  # a reviewer does not decide on their own conflict
        services.declaration_decide(declaration=declaration, allow=True, by=ev.reviewers[1])
    services.declaration_decide(declaration=declaration, allow=True, by=ev.manager)
    a.refresh_from_db()
    assert a.status == Status.CLEARED
    assert Declaration.objects.filter(assignment=a).count() == 1
    with pytest.raises(ValidationError):
        services.declaration_decide(declaration=declaration, allow=False, by=ev.manager)


def test_scores_change_until_submitted_then_are_final(ev):
    a = assignment(ev, 2, 0)
    user = ev.reviewers[2]
    services.declaration_make(assignment=a, by=user, relationship="none")
    impact, cost = ev.rubric.criteria.all()
    services.scores_save(assignment=a, by=user, scores={impact.pk: (2, "")})
    with pytest.raises(ValidationError):  # every criterion before submitting
        services.assignment_submit(assignment=a, by=user)
    with pytest.raises(ValidationError):  # 11 is off the 1-10 scale
        services.scores_save(assignment=a, by=user, scores={cost.pk: (11, "")})
    with pytest.raises(ValidationError):  # 6 is off the 1-5 scale
        services.scores_save(assignment=a, by=user, scores={impact.pk: (6, "")})
    services.scores_save(assignment=a, by=user, scores={impact.pk: (4, "ok"), cost.pk: (7, "")})
    services.assignment_submit(assignment=a, by=user)
    with pytest.raises(PermissionDenied):
        services.scores_save(assignment=a, by=user, scores={impact.pk: (1, "")})
    assert a.scores.get(criterion=impact).value == 4


def test_someone_else_cannot_score_an_assignment(ev):
    a = assignment(ev, 2, 0)
    services.declaration_make(assignment=a, by=ev.reviewers[2], relationship="none")
    with pytest.raises(PermissionDenied):
        services.scores_save(assignment=a, by=ev.reviewers[1], scores={})


def test_no_scoring_after_the_closing_date(ev):
    a = assignment(ev, 2, 0)
    services.declaration_make(assignment=a, by=ev.reviewers[2], relationship="none")
    ev.rubric.closes_on = timezone.localdate() - timedelta(days=1)
    ev.rubric.save()
    a.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.scores_save(assignment=a, by=ev.reviewers[2], scores={})


def test_the_team_is_told_once_when_every_review_is_in(ev):
    for reviewer, solution in [(0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (2, 0), (2, 1)]:
        score_and_submit(ev, reviewer, solution, [3, 5])
    told = Notification.objects.filter(recipient=ev.manager, event__type="reviews_completed")
    assert not told.exists()
    score_and_submit(ev, 2, 2, [4, 6])
    assert told.count() == 1
    ev.rubric.refresh_from_db()
    assert ev.rubric.all_reviews_in_at is not None


def test_criteria_are_fixed_once_scoring_starts(ev):
    score_and_submit(ev, 2, 0, [3, 3])
    with pytest.raises(ValidationError):
        services.criterion_add(rubric=ev.rubric, by=ev.manager, title="Late", weight=1, scale=5)
    with pytest.raises(ValidationError):
        services.criterion_delete(criterion=ev.rubric.criteria.first(), by=ev.manager)


def test_only_the_team_defines_the_rubric(ev, member, other_owner):
    for person in (member, other_owner, ev.reviewers[2]):
        with pytest.raises(PermissionDenied):
            services.criterion_add(rubric=ev.rubric, by=person, title="X", weight=1, scale=5)
        with pytest.raises(PermissionDenied):
            services.reviewer_invite(rubric=ev.rubric, email="x@example.org", by=person)


def test_a_rubric_is_copied_from_another_project_the_person_manages(ev, organisation, owner):
    from tests.factories import ProjectFactory

    other = ProjectFactory(organisation=organisation, status="open")
    copy = services.rubric_copy(project=other, source=ev.rubric, by=ev.manager)
    assert [(c.title, c.weight, c.scale) for c in copy.criteria.all()] == [
        ("Impact", 3, 5),
        ("Cost", 1, 10),
    ]
    foreign = RubricFactory()
    with pytest.raises(PermissionDenied):
        services.rubric_copy(project=other, source=foreign, by=ev.manager)


def test_an_outside_expert_is_attached_when_they_confirm_their_address(ev):
    services.reviewer_invite(rubric=ev.rubric, email="Expert@Example.org", by=ev.manager)
    assert any("expert@example.org" in m.to for m in mail.outbox)
    reviewer = Reviewer.objects.get(email="expert@example.org")
    assert reviewer.user is None
    expert = UserFactory(email="expert@example.org", verified_email=False)
    address = EmailAddress.objects.create(user=expert, email=expert.email, verified=True)
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    reviewer.refresh_from_db()
    assert reviewer.user == expert
    assert Notification.objects.filter(recipient=expert, kind="evaluation").exists()


def test_an_expert_of_the_lead_organisation_is_barred_when_attached(ev):
    services.reviewer_invite(rubric=ev.rubric, email="late@example.org", by=ev.manager)
    late = UserFactory(email="late@example.org", verified_email=False)
    from tests.factories import MembershipFactory

    MembershipFactory(user=late, organisation=ev.university)
    address = EmailAddress.objects.create(user=late, email=late.email, verified=True)
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    a = Assignment.objects.get(reviewer__user=late, solution=ev.solutions[0])
    assert a.status == Status.BARRED  # a partner organisation of "Sensors"


def test_a_decision_carries_its_rationale_through_the_projects_service(ev, member):
    solution = ev.solutions[2]
    with pytest.raises(ValidationError):
        services.decision_record(solution=solution, to="shortlisted", rationale=" ", by=ev.manager)
    with pytest.raises(PermissionDenied):
        services.decision_record(solution=solution, to="shortlisted", rationale="x", by=member)
    services.decision_record(
        solution=solution, to="shortlisted", rationale="Cheapest", by=ev.manager
    )
    services.decision_record(
        solution=solution, to="selected", rationale="Best impact", by=ev.manager
    )
    solution.refresh_from_db()
    assert solution.status == "selected"
    assert Rationale.objects.get(solution=solution).text == "Best impact"
    assert solution.status_changes.filter(to_status="selected").exists()
    with pytest.raises(ValidationError):  # the projects' lifecycle still rules
        services.decision_record(solution=solution, to="shortlisted", rationale="x", by=ev.manager)


def test_results_are_published_after_a_decision(ev):
    with pytest.raises(ValidationError):
        services.results_publish(rubric=ev.rubric, by=ev.manager)
    services.decision_record(
        solution=ev.solutions[1], to="not_selected", rationale="Too costly", by=ev.manager
    )
    services.results_publish(rubric=ev.rubric, by=ev.manager)
    ev.rubric.refresh_from_db()
    assert ev.rubric.is_published


def test_reassigning_keeps_submitted_work(ev):
    score_and_submit(ev, 2, 0, [3, 3])
    reviewer = Reviewer.objects.get(user=ev.reviewers[2])
    services.assignments_set(reviewer=reviewer, solutions=[ev.solutions[1]], by=ev.manager)
    assert set(reviewer.assignments.values_list("solution__title", flat=True)) == {
        "Sensors",  # submitted: kept
        "Drains",
    }


def test_reviewers_are_reminded_once_two_days_before_closing(ev):
    ev.rubric.closes_on = timezone.localdate() + timedelta(days=2)
    ev.rubric.save()
    assert tasks.remind_reviewers() == 3
    assert tasks.remind_reviewers() == 0
    reminded = Notification.objects.filter(event__type="reviewer_reminded")
    assert set(reminded.values_list("recipient", flat=True)) == {u.pk for u in ev.reviewers}


def test_criterion_weights_are_bounded(ev):
    with pytest.raises(ValidationError):
        services.criterion_add(rubric=ev.rubric, by=ev.manager, title="X", weight=0, scale=5)
    with pytest.raises(ValidationError):
        services.criterion_add(rubric=ev.rubric, by=ev.manager, title="X", weight=1, scale=7)
    assert Criterion.objects.filter(title="X").count() == 0


def test_a_solution_proposed_later_goes_to_every_reviewer(ev):
    from projects import services as project_services
    from tests.factories import UserFactory as Factory

    ev.project.status = "open"
    ev.project.save()
    late = project_services.solution_propose(
        project=ev.project, by=Factory(), title="Late", summary="s", description="d"
    )
    assert Assignment.objects.filter(solution=late).count() == 3


def test_a_withdrawn_solution_does_not_hold_the_reviews_back(ev):
    from projects import services as project_services
    from projects.models import Project

    Project.objects.filter(pk=ev.project.pk).update(solution_count=3)  # factories bypass it
    project_services.solution_withdraw(solution=ev.solutions[2], by=ev.solutions[2].lead_user)
    for reviewer, solution in [(0, 1), (1, 0), (1, 1), (2, 0), (2, 1)]:
        score_and_submit(ev, reviewer, solution, [3, 5])
    ev.rubric.refresh_from_db()
    assert ev.rubric.all_reviews_in_at is not None
