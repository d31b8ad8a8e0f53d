"""Every write of an evaluation. Views, the admin, the receivers and the tasks call these; each
checks its rule (`permissions.py`), validates, saves and announces (`signals.py`)."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.emails import queue_templated_email
from core.links import site_url
from core.permissions import require
from organisations.models import Membership
from projects import services as project_services
from projects.models import ConsortiumPartner, Project, Solution

from . import signals
from .models import Assignment, Criterion, Declaration, Rationale, Reviewer, Rubric, Score

Status = Assignment.Status
CRITERION_FIELDS = ("title", "description", "weight", "scale")
# The statuses in which an assignment still waits for its reviewer.
WAITING = (Status.TO_DECLARE, Status.DECLARED, Status.CLEARED)
DECISIONS_WITH_RATIONALE = (
    Solution.Status.SHORTLISTED,
    Solution.Status.SELECTED,
    Solution.Status.NOT_SELECTED,
)


def _check_not_started(rubric: Rubric) -> None:
    if Score.objects.filter(criterion__rubric=rubric).exists():
        raise ValidationError(_("Scoring has started: the criteria can no longer change."))


def _check_closing_date(closes_on, stored=None) -> None:
    if closes_on != stored and closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("The closing date cannot be in the past.")})


def reviewable_solutions(project: Project):
    """The solutions reviewers are assigned by default: every one not withdrawn."""
    return project.solutions.exclude(status=Solution.Status.WITHDRAWN).order_by("pk")


# --- The rubric ------------------------------------------------------------------------------


@transaction.atomic
def rubric_save(
    *, project: Project, by: User, closes_on, blind: bool = False, normalise: bool = False
) -> Rubric:
    """Create the project's rubric or change its settings."""
    require(by, "evaluation.manage_rubric", project)
    rubric = Rubric.objects.select_for_update().filter(project=project).first()
    _check_closing_date(closes_on, rubric.closes_on if rubric else None)
    if rubric is None:
        rubric = Rubric(project=project, created_by=by)
    rubric.closes_on, rubric.blind, rubric.normalise = closes_on, blind, normalise
    rubric.full_clean(exclude=["project"])
    rubric.save()
    return rubric


@transaction.atomic
def rubric_copy(*, project: Project, source: Rubric, by: User, closes_on=None) -> Rubric:
    """Copy another project's criteria and settings (the closing date too unless given) onto
    this project's rubric, replacing its criteria while no one has scored."""
    require(by, "evaluation.manage_rubric", project)
    if not by.has_perm("evaluation.manage_rubric", source.project):
        raise PermissionDenied
    if source.project_id == project.pk:
        raise ValidationError(_("Choose another project's rubric."))
    closes_on = closes_on or max(source.closes_on, timezone.localdate())
    rubric = rubric_save(
        project=project,
        by=by,
        closes_on=closes_on,
        blind=source.blind,
        normalise=source.normalise,
    )
    _check_not_started(rubric)
    rubric.criteria.all().delete()
    Criterion.objects.bulk_create(
        Criterion(rubric=rubric, position=n, **{f: getattr(c, f) for f in CRITERION_FIELDS})
        for n, c in enumerate(source.criteria.all())
    )
    return rubric


@transaction.atomic
def criterion_add(*, rubric: Rubric, by: User, **fields) -> Criterion:
    require(by, "evaluation.manage_rubric", rubric.project)
    _check_not_started(rubric)
    criterion = Criterion(rubric=rubric, position=rubric.criteria.count(), **fields)
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def criterion_update(*, criterion: Criterion, by: User, **fields) -> Criterion:
    require(by, "evaluation.manage_rubric", criterion.rubric.project)
    _check_not_started(criterion.rubric)
    for name in CRITERION_FIELDS:
        if name in fields:
            setattr(criterion, name, fields[name])
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion, by: User) -> None:
    require(by, "evaluation.manage_rubric", criterion.rubric.project)
    _check_not_started(criterion.rubric)
    criterion.delete()


# --- Reviewers and assignments ---------------------------------------------------------------


def _is_barred(user: User, solution: Solution) -> bool:
    """A reviewer who leads the solution or belongs to its lead or a partner organisation."""
    if solution.lead_user_id == user.pk:
        return True
    organisations = set(
        ConsortiumPartner.objects.filter(
            solution=solution, status=ConsortiumPartner.Status.ACCEPTED
        ).values_list("organisation_id", flat=True)
    )
    if solution.lead_organisation_id:
        organisations.add(solution.lead_organisation_id)
    return Membership.objects.filter(user=user, organisation_id__in=organisations).exists()


def _bar_if_member(assignment: Assignment) -> bool:
    """Bar the reviewer automatically from a solution of their own organisation (recorded as a
    declaration decided automatically). True if barred."""
    user = assignment.reviewer.user
    if user is None or assignment.status not in WAITING:
        return assignment.status == Status.BARRED
    if not _is_barred(user, assignment.solution):
        return False
    assignment.status = Status.BARRED
    assignment.save(update_fields=["status", "modified"])
    Declaration.objects.create(
        assignment=assignment,
        relationship=Declaration.Relationship.MEMBER,
        details=_("Found automatically: a member of the lead or a partner organisation."),
        decision=Declaration.Decision.AUTOMATIC,
        decided_at=timezone.now(),
    )
    return True


def _assign(reviewer: Reviewer, solutions: Iterable[Solution]) -> list[Assignment]:
    made = []
    for solution in solutions:
        assignment, created = Assignment.objects.get_or_create(reviewer=reviewer, solution=solution)
        if created:
            made.append(assignment)
            _bar_if_member(assignment)
    return made


def _announce(reviewer: Reviewer, made: list[Assignment], by: User | None) -> None:
    if reviewer.user_id and made:
        signals.reviewer_assigned.send(
            Reviewer, reviewer=reviewer, solutions=[a.solution for a in made], by=by
        )


@transaction.atomic
def reviewer_invite(
    *, rubric: Rubric, email: str, by: User, solutions: Iterable[Solution] | None = None
) -> Reviewer:
    """Invite a reviewer by email address and assign them (by default every solution). A person
    who already has the address confirmed is attached at once; anyone else signs up first."""
    project = rubric.project
    require(by, "evaluation.invite_reviewers", project)
    email = email.strip().lower()
    if not email:
        raise ValidationError({"email": _("Enter an email address.")})
    if rubric.reviewers.filter(email=email).exists():
        raise ValidationError({"email": _("This person is already a reviewer.")})
    user = User.objects.filter(
        emailaddress__email__iexact=email, emailaddress__verified=True, is_active=True
    ).first()
    if user is not None and rubric.reviewers.filter(user=user).exists():
        raise ValidationError({"email": _("This person is already a reviewer.")})
    try:
        with transaction.atomic():
            reviewer = Reviewer.objects.create(rubric=rubric, email=email, user=user, invited_by=by)
    except IntegrityError:
        raise ValidationError({"email": _("This person is already a reviewer.")}) from None
    chosen = reviewable_solutions(project) if solutions is None else solutions
    made = _assign(reviewer, chosen)
    queue_templated_email(
        template_prefix="evaluation/email/invitation",
        to=email,
        language=user.preferred_language if user else by.preferred_language,
        context={
            "project": project,
            "inviter": by,
            "rubric": rubric,
            "review_url": site_url(reverse("evaluation:review", args=[project.slug])),
        },
    )
    _announce(reviewer, made, by)
    return reviewer


@transaction.atomic
def reviewer_attach(*, user: User, email: str) -> list[Reviewer]:
    """Attach the invitations to `email` to the account that has just confirmed it."""
    attached = []
    for reviewer in Reviewer.objects.select_for_update().filter(
        email__iexact=email, user__isnull=True
    ):
        if Reviewer.objects.filter(rubric_id=reviewer.rubric_id, user=user).exists():
            continue
        reviewer.user = user
        reviewer.save(update_fields=["user", "modified"])
        made = list(reviewer.assignments.select_related("solution"))
        for assignment in made:
            assignment.reviewer = reviewer
            _bar_if_member(assignment)
        _announce(reviewer, made, None)  # told to the reviewer, who is no actor here
        attached.append(reviewer)
    return attached


@transaction.atomic
def solution_arrived(*, solution: Solution) -> list[Assignment]:
    """A solution proposed after reviewers were invited: every reviewer of the project's rubric
    is assigned it too (the default is all solutions)."""
    made = []
    for reviewer in Reviewer.objects.filter(rubric__project_id=solution.project_id).select_related(
        "user", "rubric__project"
    ):
        new = _assign(reviewer, [solution])
        _announce(reviewer, new, None)
        made += new
    return made


@transaction.atomic
def assignments_set(*, reviewer: Reviewer, solutions: Iterable[Solution], by: User) -> Reviewer:
    """Reassign a reviewer: assign the solutions listed, remove the others not yet scored.
    Submitted work and declared conflicts are kept."""
    require(by, "evaluation.invite_reviewers", reviewer.rubric.project)
    wanted = {s.pk: s for s in solutions}
    if any(s.project_id != reviewer.rubric.project_id for s in wanted.values()):
        raise ValidationError(_("A reviewer reviews only this project's solutions."))
    reviewer.assignments.exclude(solution_id__in=wanted).filter(
        status=Status.TO_DECLARE, scores__isnull=True
    ).delete()
    made = _assign(reviewer, wanted.values())
    _announce(reviewer, made, by)
    return reviewer


@transaction.atomic
def reviewer_remove(*, reviewer: Reviewer, by: User) -> None:
    """Remove a reviewer who has submitted nothing."""
    require(by, "evaluation.invite_reviewers", reviewer.rubric.project)
    if reviewer.assignments.filter(status=Status.SUBMITTED).exists():
        raise ValidationError(_("This reviewer has submitted scores and stays on record."))
    reviewer.delete()


# --- Declarations ----------------------------------------------------------------------------


@transaction.atomic
def declaration_make(
    *, assignment: Assignment, by: User, relationship: str, details: str = ""
) -> Declaration | None:
    """The reviewer declares their interests in one solution before scoring it. "No conflict"
    clears them; any other relationship waits for the team. None if barred automatically."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    require(by, "evaluation.declare", assignment)
    if _bar_if_member(assignment):
        return None
    if relationship not in Declaration.Relationship.values:
        raise ValidationError({"relationship": _("Choose one of the relationships listed.")})
    details = details.strip()
    none = relationship == Declaration.Relationship.NONE
    if not none and not details:
        raise ValidationError({"details": _("Say in a few words what the relationship is.")})
    declaration = Declaration(
        assignment=assignment,
        relationship=relationship,
        details=details,
        decision=Declaration.Decision.AUTOMATIC if none else Declaration.Decision.PENDING,
        decided_at=timezone.now() if none else None,
    )
    declaration.full_clean()
    declaration.save()
    assignment.status = Status.CLEARED if none else Status.DECLARED
    assignment.save(update_fields=["status", "modified"])
    return declaration


@transaction.atomic
def declaration_decide(*, declaration: Declaration, allow: bool, by: User) -> Declaration:
    """The team decides whether a reviewer who declared a conflict may score the solution."""
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    assignment = declaration.assignment
    require(by, "evaluation.decide_conflicts", assignment.solution.project)
    if declaration.decision != Declaration.Decision.PENDING:
        raise ValidationError(_("This declaration has already been decided."))
    declaration.decision = Declaration.Decision.ALLOWED if allow else Declaration.Decision.REFUSED
    declaration.decided_by, declaration.decided_at = by, timezone.now()
    declaration.save(update_fields=["decision", "decided_by", "decided_at"])
    assignment.status = Status.CLEARED if allow else Status.REFUSED
    assignment.save(update_fields=["status", "modified"])
    if not allow:
        _check_all_in(assignment.reviewer.rubric, by)
    return declaration


# --- Scores ----------------------------------------------------------------------------------


@transaction.atomic
def scores_save(
    *, assignment: Assignment, by: User, scores: dict[int, tuple[int | None, str]]
) -> list[Score]:
    """Save the reviewer's scores {criterion id: (value or None, comment)}; editable until
    submitted."""
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("reviewer__rubric")
        .get(pk=assignment.pk)
    )
    require(by, "evaluation.score", assignment)
    criteria = {c.pk: c for c in assignment.reviewer.rubric.criteria.all()}
    errors, saved = {}, []
    for criterion_id, (value, comment) in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationError(_("This criterion is not in the rubric."))
        if value is None:
            continue
        if not 1 <= value <= criterion.scale:
            errors[f"score_{criterion_id}"] = _("Give a score from 1 to %(max)d.") % {
                "max": criterion.scale
            }
            continue
        score, _created = Score.objects.update_or_create(
            assignment=assignment,
            criterion=criterion,
            defaults={"value": value, "comment": (comment or "").strip()},
        )
        saved.append(score)
    if errors:
        raise ValidationError(errors)
    return saved


@transaction.atomic
def assignment_submit(*, assignment: Assignment, by: User) -> Assignment:
    """Make the reviewer's scores of one solution final. Every criterion must be scored."""
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("reviewer__rubric")
        .get(pk=assignment.pk)
    )
    require(by, "evaluation.score", assignment)
    rubric = assignment.reviewer.rubric
    missing = rubric.criteria.exclude(scores__assignment=assignment)
    if not rubric.criteria.exists() or missing.exists():
        raise ValidationError(_("Score every criterion before submitting."))
    assignment.status = Status.SUBMITTED
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["status", "submitted_at", "modified"])
    _check_all_in(rubric, by)
    return assignment


def _check_all_in(rubric: Rubric, by: User) -> None:
    """Tell the team once when no assignment waits any more and at least one was submitted."""
    assignments = Assignment.objects.filter(reviewer__rubric=rubric).exclude(
        solution__status=Solution.Status.WITHDRAWN
    )
    if rubric.all_reviews_in_at or assignments.filter(status__in=WAITING).exists():
        return
    if not assignments.filter(status=Status.SUBMITTED).exists():
        return
    updated = Rubric.objects.filter(pk=rubric.pk, all_reviews_in_at=None).update(
        all_reviews_in_at=timezone.now()
    )
    if updated:
        signals.reviews_completed.send(Rubric, rubric=rubric, by=by)


# --- Decisions and results -------------------------------------------------------------------


@transaction.atomic
def decision_record(*, solution: Solution, to: str, rationale: str, by: User) -> Solution:
    """Shortlist, select or not select a solution through the projects' decision service, with
    the rationale the public reads once the results are published."""
    require(by, "evaluation.decide", solution)
    rationale = rationale.strip()
    if not rationale:
        raise ValidationError(
            {"rationale": _("Say why: the rationale is published with the results.")}
        )
    if len(rationale) > 3000:
        raise ValidationError(
            {"rationale": _("At most %(max)d characters, please.") % {"max": 3000}}
        )
    solution = project_services.solution_decide(solution=solution, to=to, by=by)
    Rationale.objects.update_or_create(
        solution=solution, defaults={"decision": to, "text": rationale, "by": by}
    )
    return solution


@transaction.atomic
def results_publish(*, rubric: Rubric, by: User) -> Rubric:
    """Publish the rationales and the aggregate scores on each solution's page."""
    require(by, "evaluation.manage_rubric", rubric.project)
    if rubric.is_published:
        return rubric
    if not Rationale.objects.filter(solution__project=rubric.project).exists():
        raise ValidationError(_("Decide on at least one solution, with its rationale, first."))
    rubric.results_published_at = timezone.now()
    rubric.save(update_fields=["results_published_at", "modified"])
    return rubric


@transaction.atomic
def reviewer_remind(*, reviewer_id: int) -> bool:
    """Remind a reviewer, once, that their rubric closes soon and work is waiting."""
    reviewer = Reviewer.objects.select_for_update().filter(pk=reviewer_id).first()
    if reviewer is None or reviewer.reminded_at or reviewer.user_id is None:
        return False
    waiting = reviewer.assignments.filter(status__in=WAITING).exclude(
        solution__status=Solution.Status.WITHDRAWN
    )
    if not waiting.exists():
        return False
    reviewer.reminded_at = timezone.now()
    reviewer.save(update_fields=["reminded_at", "modified"])
    signals.reviewer_reminded.send(Reviewer, reviewer=reviewer, by=None)
    return True
