"""Every write to projects, solutions, comments, supports, follows and reports.

Views, the admin, commands and (later) the API call these; each checks the permission rule of
`permissions.py`, validates, saves, keeps the counters with F() in the same transaction, and
returns the object. A rule breach raises PermissionDenied; bad data or a move the lifecycle
does not allow raises ValidationError with a message for the person.
"""

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Model, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from core.images import image_assign, image_saved, image_stored
from core.permissions import require
from organisations.models import Organisation, Sector

from . import selectors, signals, sql, tasks
from .markdown import render_markdown
from .models import (
    Comment,
    CommentRevision,
    ConsortiumPartner,
    Follow,
    Project,
    Report,
    Solution,
    StatusChange,
    Vote,
    subject_project,
)

Status = Project.Status
SolutionStatus = Solution.Status

# The project lifecycle: draft → open → in review → in progress → completed, or archived.
PROJECT_TRANSITIONS = {
    Status.DRAFT: {Status.OPEN, Status.ARCHIVED},
    Status.OPEN: {Status.IN_REVIEW, Status.ARCHIVED},
    Status.IN_REVIEW: {Status.OPEN, Status.IN_PROGRESS, Status.ARCHIVED},
    Status.IN_PROGRESS: {Status.COMPLETED, Status.ARCHIVED},
    Status.COMPLETED: {Status.ARCHIVED},
    Status.ARCHIVED: set(),
}
# submitted → shortlisted → selected / not selected, or withdrawn (by its lead).
SOLUTION_DECISIONS = {
    SolutionStatus.SUBMITTED: {SolutionStatus.SHORTLISTED, SolutionStatus.NOT_SELECTED},
    SolutionStatus.SHORTLISTED: {SolutionStatus.SELECTED, SolutionStatus.NOT_SELECTED},
}
PROJECT_FIELDS = (
    "kind", "title", "summary", "description", "theme", "district", "budget_vnd", "deadline",
    "seeks_government", "seeks_enterprise", "seeks_academia", "seeks_community", "cover_alt",
)  # fmt: skip
SOLUTION_FIELDS = ("title", "summary", "description", "estimated_cost_vnd", "duration_months")
HIDDEN_REASON_MAX = Comment._meta.get_field("hidden_reason").max_length


def _bump(model: type[Model], pk: int, **deltas: int) -> None:
    """Add to counters on one row, in the database (F()), inside the caller's transaction."""
    model.objects.filter(pk=pk).update(**{name: F(name) + n for name, n in deltas.items()})


def _check_deadline(deadline, stored=None) -> None:
    """A new deadline is not in the past (an old one may stay as it is)."""
    if deadline and deadline != stored and deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})


def _unique_slug(title: str) -> str:
    base = slugify(re.sub("[đĐ]", "d", title))[:170] or "project"
    slug, n = base, 2
    while slug in {"new", "preview"} or Project.objects.filter(slug=slug).exists():  # own URLs
        slug, n = f"{base}-{n}", n + 1
    return slug


# --- Projects --------------------------------------------------------------------------------


def _cover_assign(project: Project, cover) -> bool:
    """A new cover is checked and stored without its metadata (core.images)."""
    return image_assign(
        project, field="cover", value=cover, max_bytes=settings.HELIX_COVER_MAX_BYTES
    )


@transaction.atomic
def project_create(
    *, by: User, organisation: Organisation, tags=(), cover=None, **fields
) -> Project:
    """A new project starts as a draft of an organisation the author belongs to."""
    if not by.has_perm("organisations.view_members", organisation):
        raise PermissionDenied
    project = Project(organisation=organisation, created_by=by)
    for name in PROJECT_FIELDS:
        if name in fields:
            setattr(project, name, fields[name])
    project.slug = _unique_slug(project.title)
    project.description_html = render_markdown(project.description)
    _check_deadline(project.deadline)
    covered = _cover_assign(project, cover)
    project.full_clean()
    project.save()
    if covered:
        image_saved(project, field="cover", stored=("", ""), task=tasks.project_cover_thumbnail)
    project.tags.set(list(tags))
    StatusChange.objects.create(project=project, to_status=project.status, by=by)
    _follow(project, by)
    signals.project_status_changed.send(Project, project=project, previous="", by=by)
    return project


@transaction.atomic
def project_update(*, project: Project, by: User, tags=None, cover=None, **fields) -> Project:
    require(by, "projects.edit_project", project)
    # What is stored, not what a bound form may already have set on the instance.
    stored_deadline = Project.objects.values_list("deadline", flat=True).get(pk=project.pk)
    stored_cover = image_stored(project, "cover")
    for name in PROJECT_FIELDS:
        if name in fields:
            setattr(project, name, fields[name])
    project.description_html = render_markdown(project.description)
    _check_deadline(project.deadline, stored_deadline)
    if cover is None and project.cover.name != stored_cover[0]:
        project.cover.name = stored_cover[0]  # a form's refused upload left on the instance
    covered = _cover_assign(project, cover)
    project.full_clean()
    # Only the edited fields: the counters may have moved (F()) since this row was read.
    cover_fields = ["cover", "cover_thumbnail"] if covered else []
    project.save(update_fields=[*PROJECT_FIELDS, *cover_fields, "description_html", "modified"])
    if covered:
        image_saved(project, field="cover", stored=stored_cover, task=tasks.project_cover_thumbnail)
    if tags is not None:
        project.tags.set(list(tags))
    signals.project_edited.send(Project, project=project, by=by)
    return project


def allowed_project_moves(project: Project) -> list[str]:
    return [s for s in Status.values if s in PROJECT_TRANSITIONS[project.status]]


def project_move_permission(project: Project, to: str) -> str:
    """Publishing a draft is for any member; every other move for managers and staff."""
    publishing = project.status == Status.DRAFT and to == Status.OPEN
    return "projects.publish_project" if publishing else "projects.move_project"


@transaction.atomic
def project_transition(*, project: Project, to: str, by: User) -> Project:
    """Move a project along its lifecycle, recording who and when.

    Any member publishes a draft of a verified organisation; later moves are for its owners
    and managers, and for government staff.
    """
    project = Project.objects.select_for_update().select_related("organisation").get(pk=project.pk)
    require(by, project_move_permission(project, to), project)
    if to not in PROJECT_TRANSITIONS[project.status]:
        raise ValidationError(
            _("A project that is “%(from)s” cannot become “%(to)s”.")
            % {
                "from": project.get_status_display(),
                "to": Status(to).label if to in Status.values else to,
            }
        )
    if to == Status.OPEN and not project.organisation.is_verified:
        raise ValidationError(
            _("Only a verified organisation can publish projects. Staff verify it first.")
        )
    previous = project.status
    project.status = to
    if to == Status.OPEN and project.published_at is None:
        project.published_at = timezone.now()
    project.save(update_fields=["status", "published_at", "modified"])
    StatusChange.objects.create(project=project, from_status=previous, to_status=to, by=by)
    signals.project_status_changed.send(Project, project=project, previous=previous, by=by)
    return project


def project_publish(*, project: Project, by: User) -> Project:
    return project_transition(project=project, to=Status.OPEN, by=by)


# --- Solutions -------------------------------------------------------------------------------


@transaction.atomic
def solution_propose(
    *,
    project: Project,
    by: User,
    lead_organisation: Organisation | None = None,
    partners: list[tuple[Organisation, str]] = (),
    **fields,
) -> Solution:
    """Propose a solution while the project is open and before its deadline.

    Partners are invited; each appears on the solution only once its managers accept.
    """
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not by.has_perm("projects.propose_solution", project):
        if by.is_authenticated:
            raise ValidationError(_("This project no longer accepts solutions."))
        raise PermissionDenied
    if lead_organisation is not None and not by.has_perm(
        "organisations.view_members", lead_organisation
    ):
        raise PermissionDenied
    if lead_organisation is not None and not lead_organisation.is_verified:
        # What is public under an organisation's name needs it verified, as for publishing a
        # project or joining a consortium (docs/decisions.md, "Proposing for an unverified
        # organisation"); its members propose as themselves meanwhile.
        raise ValidationError(
            {
                "lead_organisation": _(
                    "%(name)s is not verified yet: it can lead a solution once government "
                    "staff verify it. Meanwhile, propose as yourself."
                )
                % {"name": lead_organisation.name}
            }
        )
    solution = Solution(project=project, lead_user=by, lead_organisation=lead_organisation)
    for name in SOLUTION_FIELDS:
        if name in fields:
            setattr(solution, name, fields[name])
    solution.description_html = render_markdown(solution.description)
    solution.full_clean()
    solution.save()
    for organisation, role in partners:
        consortium_invite(solution=solution, organisation=organisation, role=role, by=by)
    StatusChange.objects.create(solution=solution, to_status=solution.status, by=by)
    _bump(Project, project.pk, solution_count=1)
    _follow(project, by)
    signals.solution_submitted.send(Solution, solution=solution, by=by)
    return solution


@transaction.atomic
def solution_update(*, solution: Solution, by: User, **fields) -> Solution:
    require(by, "projects.edit_solution", solution)
    for name in SOLUTION_FIELDS:
        if name in fields:
            setattr(solution, name, fields[name])
    solution.description_html = render_markdown(solution.description)
    solution.full_clean()
    # Only the edited fields: the counters may have moved (F()) since this row was read.
    solution.save(update_fields=[*SOLUTION_FIELDS, "description_html", "modified"])
    return solution


def _move_solution(solution: Solution, to: str, by: User) -> Solution:
    previous = solution.status
    solution.status = to
    solution.save(update_fields=["status", "modified"])
    StatusChange.objects.create(solution=solution, from_status=previous, to_status=to, by=by)
    if to == SolutionStatus.WITHDRAWN or previous == SolutionStatus.WITHDRAWN:
        _bump(
            Project, solution.project_id, solution_count=-1 if to == SolutionStatus.WITHDRAWN else 1
        )
    signals.solution_status_changed.send(Solution, solution=solution, previous=previous, by=by)
    return solution


@transaction.atomic
def solution_withdraw(*, solution: Solution, by: User) -> Solution:
    solution = Solution.objects.select_for_update().select_related("project").get(pk=solution.pk)
    require(by, "projects.withdraw_solution", solution)
    return _move_solution(solution, SolutionStatus.WITHDRAWN, by)


@transaction.atomic
def solution_decide(*, solution: Solution, to: str, by: User) -> Solution:
    """Shortlist, select or not select: the project's organisation or government staff."""
    solution = (
        Solution.objects.select_for_update()
        .select_related("project__organisation")
        .get(pk=solution.pk)
    )
    require(by, "projects.decide_solution", solution)
    if to not in SOLUTION_DECISIONS.get(solution.status, set()):
        raise ValidationError(
            _("A solution that is “%(from)s” cannot become “%(to)s”.")
            % {
                "from": solution.get_status_display(),
                "to": SolutionStatus(to).label if to in SolutionStatus.values else to,
            }
        )
    if not _decides_solutions(solution.project):
        raise ValidationError(
            _("Solutions are decided while the project is open, in review or in progress.")
        )
    return _move_solution(solution, to, by)


def _decides_solutions(project: Project) -> bool:
    return project.status not in (Status.DRAFT, Status.ARCHIVED, Status.COMPLETED)


def allowed_solution_decisions(solution: Solution) -> list[str]:
    """The decisions the solution's and its project's statuses allow (not who may take them)."""
    if not _decides_solutions(solution.project):
        return []
    allowed = SOLUTION_DECISIONS.get(solution.status, set())
    return [s for s in SolutionStatus.values if s in allowed]


# --- Consortium ------------------------------------------------------------------------------


def _check_may_join(organisation: Organisation) -> None:
    """Only a verified organisation joins a consortium: when invited, and again when it accepts
    (staff may have withdrawn its verification in between)."""
    if not organisation.is_verified:
        raise ValidationError(
            _("%(name)s is not verified yet and cannot join a consortium.") % {"name": organisation}
        )


@transaction.atomic
def consortium_invite(
    *, solution: Solution, organisation: Organisation, role: str, by: User
) -> ConsortiumPartner:
    require(by, "projects.edit_solution", solution)
    if organisation.pk == solution.lead_organisation_id:
        raise ValidationError(_("The lead organisation is already part of the solution."))
    _check_may_join(organisation)
    if solution.partners.filter(organisation=organisation).exists():
        raise ValidationError(_("%(name)s is already invited.") % {"name": organisation})
    try:
        with transaction.atomic():
            partner = ConsortiumPartner.objects.create(
                solution=solution, organisation=organisation, role=role.strip(), invited_by=by
            )
    except IntegrityError:  # invited a moment ago by a simultaneous request
        raise ValidationError(_("%(name)s is already invited.") % {"name": organisation}) from None
    signals.partner_invited.send(ConsortiumPartner, partner=partner, by=by)
    return partner


@transaction.atomic
def consortium_answer(*, partner: ConsortiumPartner, accept: bool, by: User) -> ConsortiumPartner:
    partner = (
        ConsortiumPartner.objects.select_for_update()
        .select_related("organisation")
        .get(pk=partner.pk)
    )
    require(by, "projects.answer_partnership", partner)
    if partner.status != ConsortiumPartner.Status.INVITED:
        raise ValidationError(_("This invitation has already been answered."))
    if accept:
        _check_may_join(partner.organisation)
    partner.status = (
        ConsortiumPartner.Status.ACCEPTED if accept else ConsortiumPartner.Status.DECLINED
    )
    partner.answered_by = by
    partner.answered_at = timezone.now()
    partner.save(update_fields=["status", "answered_by", "answered_at", "modified"])
    signals.partner_answered.send(ConsortiumPartner, partner=partner, by=by)
    return partner


# --- Comments --------------------------------------------------------------------------------


@transaction.atomic
def comment_create(
    *, subject: Project | Solution, by: User, body: str, parent: Comment | None = None
) -> Comment:
    project = subject_project(subject)
    require(by, "projects.comment_project", project)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Please write something.")})
    on_project = isinstance(subject, Project)
    if parent is not None and (
        parent.project_id != (subject.pk if on_project else None)
        or parent.solution_id != (None if on_project else subject.pk)
    ):
        raise ValidationError(_("A reply must stay in its conversation."))
    comment = Comment(
        project=subject if on_project else None,
        solution=None if on_project else subject,
        parent=parent,
        author=by,
        body=body,
        body_html=render_markdown(body),
    )
    comment.full_clean()
    comment.save()
    _bump(type(subject), subject.pk, comment_count=1)
    _follow(project, by)
    signals.comment_created.send(Comment, comment=comment, by=by)
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, by: User, body: str) -> Comment:
    require(by, "projects.edit_comment", comment)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Please write something.")})
    if body == comment.body:
        return comment
    CommentRevision.objects.create(comment=comment, body=comment.body)
    comment.body = body
    comment.body_html = render_markdown(body)
    comment.edited_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["body", "body_html", "edited_at", "modified"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, by: User) -> Comment:
    """The author deletes: the text goes, the place in the thread stays."""
    require(by, "projects.delete_own_comment", comment)
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["deleted_at", "modified"])
    return comment


@transaction.atomic
def comment_hide(*, comment: Comment, by: User, reason: str) -> Comment:
    require(by, "projects.hide_comment")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the comment is hidden: people will see it.")})
    if len(reason) > HIDDEN_REASON_MAX:
        raise ValidationError(
            {"reason": _("At most %(max)d characters, please.") % {"max": HIDDEN_REASON_MAX}}
        )
    comment.hidden_at = timezone.now()
    comment.hidden_by = by
    comment.hidden_reason = reason
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "modified"])
    Report.objects.filter(comment=comment, status=Report.Status.OPEN).update(
        status=Report.Status.HIDDEN, resolved_by=by, resolved_at=timezone.now()
    )
    return comment


@transaction.atomic
def comment_unhide(*, comment: Comment, by: User) -> Comment:
    require(by, "projects.hide_comment")
    comment.hidden_at = None
    comment.hidden_by = None
    comment.hidden_reason = ""
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "modified"])
    return comment


# --- Supports and follows --------------------------------------------------------------------


def _supporter_sectors(user: User) -> QuerySet:
    return user.memberships.order_by("created", "pk").values_list("organisation__sector", flat=True)


def supporter_sector(user: User) -> str:
    """The sector a person's support counts in: their first organisation's; citizens count
    as community."""
    return _supporter_sectors(user).first() or Sector.COMMUNITY


def _vote_filter(subject: Project | Solution) -> dict:
    return {"project": subject} if isinstance(subject, Project) else {"solution": subject}


@transaction.atomic
def vote_cast(*, subject: Project | Solution, by: User) -> Vote:
    """Support a project or a solution. Casting twice (even at the same moment) counts once.

    A new support leaves the subject with its counters as they now stand.
    """
    require(by, "projects.support_project", subject_project(subject))
    if isinstance(subject, Solution) and subject.status == SolutionStatus.WITHDRAWN:
        raise ValidationError(_("A withdrawn solution cannot be supported."))
    for _attempt in range(3):
        vote = Vote(user=by, **_vote_filter(subject))
        if sql.insert_vote(vote, sectors=_supporter_sectors(by)):
            sql.bump_supports(subject, vote.sector, 1)
            signals.support_cast.send(Vote, vote=vote, by=by)
            return vote
        # Cast before, or a moment ago by a simultaneous request of the same person ...
        existing = Vote.objects.filter(user=by, **_vote_filter(subject)).first()
        if existing is not None:
            return existing
        # ... and withdrawn by a third one meanwhile: cast it again.
    raise ValidationError(_("Your support could not be recorded just now. Please try again."))


@transaction.atomic
def vote_withdraw(*, subject: Project | Solution, by: User) -> None:
    """Withdraw the person's support, if any; the subject then has its counters as they stand."""
    require(by, "projects.withdraw_support")
    sector = sql.delete_vote(subject, by)
    if sector is not None:
        sql.bump_supports(subject, sector, -1)
        signals.support_withdrawn.send(Vote, subject=subject, sector=sector, by=by)


def _follow(project: Project, user: User) -> None:
    if user.is_api_account:  # its organisation hears through webhooks, not follows
        return
    try:
        with transaction.atomic():
            Follow.objects.create(project=project, user=user)
    except IntegrityError:
        return
    _bump(Project, project.pk, follower_count=1)


@transaction.atomic
def follow(*, project: Project, by: User) -> None:
    require(by, "projects.follow_project", project)
    _follow(project, by)


@transaction.atomic
def unfollow(*, project: Project, by: User) -> None:
    require(by, "projects.unfollow_project")
    deleted, _rows = Follow.objects.filter(project=project, user=by).delete()
    if deleted:
        _bump(Project, project.pk, follower_count=-1)


# --- Reports ---------------------------------------------------------------------------------


@transaction.atomic
def report_create(*, subject: Comment | Solution, by: User, reason: str) -> Report:
    if not by.is_authenticated:
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Please say what is wrong.")})
    existing = selectors.open_report(reporter=by, subject=subject)
    if existing:
        return existing
    target = {"comment": subject} if isinstance(subject, Comment) else {"solution": subject}
    report = Report(reporter=by, reason=reason, **target)
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # the same report, saved a moment ago by a simultaneous request
        return selectors.open_report(reporter=by, subject=subject)
    return report


@transaction.atomic
def report_dismiss(*, report: Report, by: User) -> Report:
    require(by, "projects.hide_comment")
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.OPEN:
        raise ValidationError(_("This report has already been resolved."))
    report.status = Report.Status.DISMISSED
    report.resolved_by = by
    report.resolved_at = timezone.now()
    report.save(update_fields=["status", "resolved_by", "resolved_at", "modified"])
    return report
