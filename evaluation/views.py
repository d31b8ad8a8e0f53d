"""The evaluation's pages: the team's board (rubric, reviewers, conflicts, ranking, decisions),
a reviewer's list and their page per solution. Every write goes through `services`, every page
asks the rules of `permissions.py`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.forms import apply_service
from projects import services as project_services
from projects.models import Project

from . import selectors, services
from .forms import (
    AssignmentsForm,
    CopyRubricForm,
    CriterionForm,
    DecisionForm,
    DeclarationForm,
    InviteForm,
    RubricForm,
    ScoreForm,
)
from .models import Assignment, Criterion, Declaration, Reviewer, Rubric


def _project(user, slug: str) -> Project:
    return get_object_or_404(
        Project.objects.visible_to(user).select_related("organisation"), slug=slug
    )


def _copy_sources(user, project: Project):
    """The other rubrics the person may copy: those of projects they manage too."""
    rubrics = Rubric.objects.exclude(project=project).select_related("project").order_by("-created")
    if user.is_government_staff():
        return rubrics
    return rubrics.filter(
        project__organisation__memberships__user=user,
        project__organisation__memberships__role__in=["owner", "manager"],
    )


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The team's board. POSTs name their `action`; a form with errors is shown again (400)."""
    user = request.user
    project = _project(user, slug)
    if not user.has_perm("evaluation.manage_rubric", project):
        raise PermissionDenied
    rubric = selectors.rubric_of(project)
    if rubric is not None:
        rubric.project = project
    data = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "")
    forms = {
        "settings": RubricForm(data if action == "settings" else None, instance=rubric),
        "copy": CopyRubricForm(
            data if action == "copy" else None, sources=_copy_sources(user, project)
        ),
        "criterion": CriterionForm(data if action == "criterion" else None),
        "invite": InviteForm(data if action == "invite" else None),
    }
    done = None
    if request.method == "POST":
        done = _act(request, project, rubric, action, forms)
        if done:
            messages.success(request, done)
            return redirect("evaluation:manage", slug=project.slug)
    context = {"project": project, "rubric": rubric, "forms": forms}
    if rubric is not None:
        board = selectors.board(rubric)
        for solution in board.solutions.values():
            solution.project = project
        context.update(
            board=board,
            decisions={
                pk: project_services.allowed_solution_decisions(s)
                for pk, s in board.solutions.items()
            },
            decision_form=DecisionForm(),
            # Checkboxes drawn from the board's rows (no query per reviewer).
            assigned=[
                (reviewer, {a.solution_id for a in reviewer.assignments.all()})
                for reviewer in board.reviewers
            ],
        )
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluation/manage.html", context, status=status)


def _act(request, project: Project, rubric: Rubric | None, action: str, forms) -> str | None:
    """Do what the POST asks; return the success message, or None (errors on the forms or in
    the messages)."""
    user, post = request.user, request.POST
    if action == "settings":
        ok = apply_service(
            forms["settings"],
            lambda d: services.rubric_save(project=project, by=user, **d),
        )
        return _("The rubric is saved.") if ok else None
    if action == "copy":
        ok = apply_service(
            forms["copy"],
            lambda d: services.rubric_copy(project=project, source=d["source"], by=user),
        )
        return _("The rubric was copied.") if ok else None
    if rubric is None:
        messages.error(request, _("Set the rubric's closing date first."))
        return None
    try:
        if action == "criterion":
            ok = apply_service(
                forms["criterion"],
                lambda d: services.criterion_add(rubric=rubric, by=user, **d),
            )
            return _("The criterion was added.") if ok else None
        if action == "remove_criterion":
            criterion = get_object_or_404(Criterion, pk=post.get("criterion"), rubric=rubric)
            services.criterion_delete(criterion=criterion, by=user)
            return _("The criterion was removed.")
        if action == "invite":
            ok = apply_service(
                forms["invite"],
                lambda d: services.reviewer_invite(rubric=rubric, email=d["email"], by=user),
            )
            return _("The reviewer was invited.") if ok else None
        if action == "assignments":
            reviewer = get_object_or_404(Reviewer, pk=post.get("reviewer"), rubric=rubric)
            form = AssignmentsForm(post, solutions=project.solutions.exclude(status="withdrawn"))
            if not form.is_valid():
                raise ValidationError(_("Choose solutions of this project."))
            services.assignments_set(
                reviewer=reviewer, solutions=form.cleaned_data["solutions"], by=user
            )
            return _("The assignments were saved.")
        if action == "remove_reviewer":
            reviewer = get_object_or_404(Reviewer, pk=post.get("reviewer"), rubric=rubric)
            services.reviewer_remove(reviewer=reviewer, by=user)
            return _("The reviewer was removed.")
        if action in ("allow", "refuse"):
            declaration = get_object_or_404(
                Declaration, pk=post.get("declaration"), assignment__reviewer__rubric=rubric
            )
            services.declaration_decide(declaration=declaration, allow=action == "allow", by=user)
            return _("The decision on the declared conflict is recorded.")
        if action == "decide":
            solution = get_object_or_404(project.solutions, pk=post.get("solution"))
            solution.project = project
            form = DecisionForm(post)
            if not form.is_valid():
                raise ValidationError(list(_field_messages(form)))
            services.decision_record(
                solution=solution,
                to=form.cleaned_data["to"],
                rationale=form.cleaned_data["rationale"],
                by=user,
            )
            return _("The decision and its rationale are recorded.")
        if action == "publish":
            services.results_publish(rubric=rubric, by=user)
            return _("The results are published on each solution's page.")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return None
    raise Http404


def _field_messages(form):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            yield f"{label}: {error}" if label else error


@login_required
def review(request: HttpRequest, slug: str) -> HttpResponse:
    """A reviewer's solutions for one project, in their own shuffled order."""
    project = _project(request.user, slug)
    assignments = selectors.assignments_of(request.user, project)
    if not assignments:
        raise Http404
    return render(
        request,
        "evaluation/review.html",
        {"project": project, "rubric": assignments[0].reviewer.rubric, "assignments": assignments},
    )


@login_required
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One solution for its reviewer: declare, then score, then submit; after that, the others'
    scores (anonymous). The team may look at it too."""
    user = request.user
    assignment = get_object_or_404(
        Assignment.objects.select_related(
            "reviewer__rubric__project__organisation",
            "reviewer__user",
            "solution__lead_organisation",
            "solution__lead_user",
        ),
        pk=pk,
    )
    if not user.has_perm("evaluation.see_assignment", assignment):
        raise Http404
    rubric = assignment.reviewer.rubric
    project = rubric.project
    assignment.solution.project = project
    criteria = list(rubric.criteria.all())
    scores = {s.criterion_id: s for s in assignment.scores.all()}
    declare_form = score_form = None
    status = 200
    if user.has_perm("evaluation.declare", assignment):
        declare_form = DeclarationForm(request.POST if request.method == "POST" else None)
        if request.method == "POST":
            if apply_service(
                declare_form,
                lambda d: services.declaration_make(assignment=assignment, by=user, **d),
            ):
                return redirect(assignment)
            status = 400
    elif user.has_perm("evaluation.score", assignment):
        score_form = ScoreForm(
            request.POST if request.method == "POST" else None, criteria=criteria, scores=scores
        )
        if request.method == "POST":
            submit = "submit" in request.POST

            def save(_data):
                services.scores_save(assignment=assignment, by=user, scores=score_form.scores())
                if submit:
                    services.assignment_submit(assignment=assignment, by=user)

            if apply_service(score_form, save):
                messages.success(
                    request,
                    _("Your scores are submitted: they are final.")
                    if submit
                    else _("Your scores are saved. You can change them until you submit."),
                )
                return redirect(assignment)
            status = 400
    elif request.method == "POST":
        raise PermissionDenied
    others = (
        selectors.others_on(assignment)
        if user.has_perm("evaluation.see_other_scores", assignment)
        else []
    )
    context = {
        "assignment": assignment,
        "rubric": rubric,
        "project": project,
        "solution": assignment.solution,
        "criteria": criteria,
        "scores": [(c, scores.get(c.pk)) for c in criteria],
        "declare_form": declare_form,
        "score_form": score_form,
        "others": _group_by_reviewer(others),
        "partners": [] if rubric.blind else selectors.accepted_partners(assignment.solution),
        "declarations": list(assignment.declarations.all()),
    }
    return render(request, "evaluation/assignment.html", context, status=status)


def _group_by_reviewer(scores) -> list[list]:
    groups: dict[int, list] = {}
    for score in scores:
        groups.setdefault(score.assignment_id, []).append(score)
    return list(groups.values())
