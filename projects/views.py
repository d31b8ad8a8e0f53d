"""Project, solution and comment pages. Every write goes through `services`.

Supports, follows, comments and reports answer htmx requests with the fragment they change
(and the page's messages, out of band); without JavaScript the same forms post and redirect.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from organisations.models import Sector

from . import page_cache, selectors, services, threads
from .cards import card_key_rows, project_cards_by_keys
from .filters import NEWEST, ProjectFilter
from .forms import (
    CommentForm,
    PreviewForm,
    ProjectCreateForm,
    ProjectForm,
    ReportForm,
    SolutionForm,
    SolutionProposeForm,
    organisations_of,
)
from .markdown import render_markdown
from .models import Comment, ConsortiumPartner, Project, Solution, subject_project

PAGE_SIZE = 20
COUNTERS = ["support_count", *(f"support_{sector}" for sector in Sector.values), "comment_count"]


def _flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _project(user, slug: str) -> Project:
    """The project if the user may see it: drafts only for their organisation and staff."""
    return get_object_or_404(
        Project.objects.visible_to(user).select_related("organisation"), slug=slug
    )


def _solution(user, slug: str, pk: int) -> Solution:
    project = _project(user, slug)
    solution = get_object_or_404(Solution.objects.with_listing_data(), pk=pk, project=project)
    solution.project = project  # with its organisation, for the permission rules
    return solution


def _comment(user, pk: int) -> Comment:
    """The comment if the user may see its project (on another's draft it does not exist)."""
    try:
        return selectors.comment_with_subject(user, pk)
    except Comment.DoesNotExist:
        raise Http404 from None


def _closed_message(project: Project) -> str:
    if project.status == Project.Status.DRAFT:
        return _("This project is a draft: it takes supports and comments once published.")
    return _("This project is archived: it no longer takes supports or comments.")


def _subject_url(subject: Project | Solution, anchor: str = "") -> str:
    return subject.get_absolute_url() + (f"#{anchor}" if anchor else "")


def _reload_counters(subject: Project | Solution) -> None:
    """Read the counters the services changed with F(), keeping the loaded relations."""
    extra = ["follower_count"] if isinstance(subject, Project) else []
    subject.refresh_from_db(fields=[*COUNTERS, *extra])


def _timeline(changes, statuses) -> list[tuple[str, object]]:
    labels = dict(statuses.choices)
    return [(labels.get(change.to_status, change.to_status), change) for change in changes]


# --- Lists and pages -------------------------------------------------------------------------


def project_list(request: HttpRequest) -> HttpResponse:
    """Projects the visitor may see, searched, filtered and sorted, 20 a page."""
    projects = Project.objects.visible_to(request.user).with_listing_data().order_by(*NEWEST)
    filterset = ProjectFilter(request.GET, queryset=projects)
    # The page's rows are the cards' keys only; cards missing from the cache read the rest.
    paginator = Paginator(card_key_rows(filterset.qs), PAGE_SIZE)
    if not request.user.is_authenticated:
        # Invalid values filter nothing: what filters is what was cleaned. The order does not count.
        filters = {k: v for k, v in filterset.form.cleaned_data.items() if k != "sort"}
        paginator.count = selectors.public_project_count(filterset.qs, filters=filters)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/project_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "cards": project_cards_by_keys(page.object_list, queryset=projects),
            "query": query.urlencode(),
        },
    )


def _comments_context(request: HttpRequest, subject: Project | Solution, **extra) -> dict:
    project = subject_project(subject)
    user = request.user
    viewer = threads.viewer_of(user, project)
    if isinstance(subject, Project):
        comment_url = reverse("projects:comment", args=[subject.slug])
    else:
        comment_url = reverse("projects:solution_comment", args=[project.slug, subject.pk])
    # One CSRF field for all the controls' forms (a visitor has no controls).
    csrf_field = csrf_input(request) if user.is_authenticated else ""
    rows = selectors.comment_rows(subject)
    return {
        "subject": subject,
        "project": project,
        "thread": threads.thread_html(rows, viewer, comment_url=comment_url, csrf_input=csrf_field),
        "comment_url": comment_url,
        "can_comment": viewer.can_comment,
        "comment_form": CommentForm(),
        **extra,
    }


def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A visitor's page is the one every visitor sees: kept by `page_cache` (one query when
    kept: the project's row, for the page's head and for whether the visitor may see it)."""
    projects = Project.objects.visible_to(request.user)
    if page_cache.is_shared(request):
        project = get_object_or_404(projects, slug=slug)
        body = page_cache.visitor_body(
            project.pk, lambda: _project_body(request, _project_for_page(projects, slug))
        )
    else:
        project = _project_for_page(projects, slug)
        body = _project_body(request, project)
    return render(request, "projects/project_detail.html", {"project": project, "body": body})


def _project_for_page(projects, slug: str) -> Project:
    try:
        return selectors.project_for_page(projects, slug)
    except Project.DoesNotExist:
        raise Http404 from None


def _project_body(request: HttpRequest, project: Project) -> str:
    """The page below the site's header, as `request.user` sees it."""
    user = request.user
    solutions = list(selectors.solutions_for_page(project))
    for solution in solutions:
        solution.project = project
    supported_projects, supported_solutions = selectors.supported_ids(
        user, projects=[project], solutions=solutions
    )
    moves = [
        (to, Project.Status(to).label)
        for to in services.allowed_project_moves(project)
        if user.has_perm(services.project_move_permission(project, to), project)
    ]
    context = _comments_context(
        request,
        project,
        solutions=[(s, services.allowed_solution_decisions(s)) for s in solutions],
        supported_projects=supported_projects,
        supported_solutions=supported_solutions,
        following=selectors.is_following(user, project),
        # Read only when the kept parts are built.
        timeline=functools.partial(
            _timeline, project.status_changes.select_related("by"), Project.Status
        ),
        moves=moves,
        fragments=page_cache.fragment_version(project.pk),
        fragment_timeout=page_cache.TIMEOUT,
    )
    return render_to_string("projects/project_body.html", context, request=request)


def solution_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = request.user
    solution = _solution(user, slug, pk)
    if user.has_perm("projects.view_all_partners", solution):
        partners = solution.partners.select_related("organisation").order_by("created", "pk")
    else:
        partners = solution.accepted_partners
    _projects, supported = selectors.supported_ids(user, solutions=[solution])
    changes = solution.status_changes.select_related("by")
    context = _comments_context(
        request,
        solution,
        solution=solution,
        partners=partners,
        supported_solutions=supported,
        decisions=services.allowed_solution_decisions(solution),
        timeline=_timeline(changes, Solution.Status),
    )
    return render(request, "projects/solution_detail.html", context)


# --- Projects: create, edit, move ------------------------------------------------------------


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    """Any member of an organisation writes a draft; a verified organisation publishes it."""
    user = request.user
    if not organisations_of(user).exists():
        return render(request, "projects/project_form.html", {"form": None})
    form = ProjectCreateForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your draft is saved. Only your organisation sees it until it is published."),
            )
            return redirect(project)
    return render(request, "projects/project_form.html", {"form": form})


def _edit(request, obj, *, perm, form_class, save, saved, template, context) -> HttpResponse:
    """The edit page of a project or solution: the one rule, its form, its service, then back
    to the object (the service's refusals shown on the form)."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied
    form = form_class(request.POST or None, request.FILES or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, saved)
            return redirect(obj)
    return render(request, template, {"form": form, **context})


@login_required
def project_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request.user, slug)
    return _edit(
        request,
        project,
        perm="projects.edit_project",
        form_class=ProjectForm,
        save=lambda fields: services.project_update(project=project, by=request.user, **fields),
        saved=_("The project has been saved."),
        template="projects/project_form.html",
        context={"project": project},
    )


@login_required
@require_POST
def project_move(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request.user, slug)
    try:
        project = services.project_transition(
            project=project, to=request.POST.get("to", ""), by=request.user
        )
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(
            request,
            _("The project is now “%(status)s”.") % {"status": project.get_status_display()},
        )
    return redirect(project)


# --- Solutions -------------------------------------------------------------------------------


@login_required
def solution_propose(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    project = _project(user, slug)
    if not user.has_perm("projects.propose_solution", project):
        messages.error(request, _("This project no longer accepts solutions."))
        return redirect(project)
    # `?lead=<organisation id>` preselects one of the person's organisations as the lead, and
    # `?partner=<organisation id>` an organisation among the partners to invite (the ways in from
    # an accepted invitation or interest of matchmaking's). The form still judges both.
    initial = {"lead_organisation": request.GET.get("lead")}
    if request.GET.get("partner", "").isdigit():
        initial["partners"] = [int(request.GET["partner"])]
    form = SolutionProposeForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in SolutionForm.Meta.fields}
        try:
            solution = services.solution_propose(
                project=project,
                by=user,
                lead_organisation=form.cleaned_data["lead_organisation"],
                partners=form.partner_roles(),
                **fields,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your solution has been submitted."))
            return redirect(solution)
    return render(request, "projects/solution_form.html", {"form": form, "project": project})


@login_required
def solution_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    solution = _solution(request.user, slug, pk)
    return _edit(
        request,
        solution,
        perm="projects.edit_solution",
        form_class=SolutionForm,
        save=lambda fields: services.solution_update(solution=solution, by=request.user, **fields),
        saved=_("The solution has been saved."),
        template="projects/solution_form.html",
        context={"project": solution.project, "solution": solution},
    )


@login_required
@require_POST
def solution_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    solution = _solution(request.user, slug, pk)
    try:
        services.solution_withdraw(solution=solution, by=request.user)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("Your solution has been withdrawn."))
    return redirect(solution)


@login_required
@require_POST
def solution_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    solution = _solution(request.user, slug, pk)
    try:
        solution = services.solution_decide(
            solution=solution, to=request.POST.get("to", ""), by=request.user
        )
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(
            request,
            _("“%(title)s” is now “%(status)s”.")
            % {"title": solution.title, "status": solution.get_status_display()},
        )
    return redirect(solution.project if request.POST.get("next") == "project" else solution)


@login_required
def partnership_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """A consortium invitation, answered by a manager of the invited organisation."""
    partner = get_object_or_404(
        ConsortiumPartner.objects.select_related(
            "organisation",
            "invited_by",
            "solution__project",
            "solution__lead_organisation",
            "solution__lead_user",
        ),
        pk=pk,
    )
    if not request.user.has_perm("projects.answer_partnership", partner):
        raise Http404
    if request.method == "POST":
        accept = request.POST.get("answer") == "accept"
        try:
            services.consortium_answer(partner=partner, accept=accept, by=request.user)
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            if accept:
                messages.success(
                    request,
                    _("%(organisation)s is now a partner of “%(solution)s”.")
                    % {"organisation": partner.organisation, "solution": partner.solution},
                )
                return redirect(partner.solution)
            messages.info(request, _("You have declined the invitation."))
        return redirect("accounts:dashboard")
    return render(request, "projects/partnership.html", {"partner": partner})


# --- Supports and follows --------------------------------------------------------------------


@login_required
@require_POST
def support(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """Support or withdraw the support (`action`), for a project or one of its solutions."""
    user = request.user
    subject = _solution(user, slug, pk) if pk else _project(user, slug)
    project = subject_project(subject)
    done = ""
    if request.POST.get("action") == "withdraw":
        services.vote_withdraw(subject=subject, by=user)
        done = _("Your support has been withdrawn.")
    elif not user.has_perm("projects.support_project", project):
        messages.error(request, _closed_message(project))
    else:
        try:
            services.vote_cast(subject=subject, by=user)
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            done = _("Thank you for your support.")
    kind = "solution" if pk else "project"
    if not request.htmx:
        if done:
            messages.success(request, done)
        return redirect(_subject_url(subject, f"support-{kind}-{subject.pk}"))
    _reload_counters(subject)
    if done:
        # Said in the page's polite live region (#messages), with the new count: the button
        # keeps the focus (its id is stable), so a screen reader hears what changed.
        count = subject.support_count
        supports = ngettext("%(counter)s support", "%(counter)s supports", count) % {
            "counter": count
        }
        messages.success(request, f"{done} {supports}.")
    if pk:
        _projects, supported = selectors.supported_ids(user, solutions=[subject])
    else:
        supported, _solutions = selectors.supported_ids(user, projects=[subject])
    return render(
        request,
        "projects/support_response.html",
        {
            "subject": subject,
            "kind": kind,
            "project": project,
            "supported_ids": supported,
            "can_support": user.has_perm("projects.support_project", project),
        },
    )


@login_required
@require_POST
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    project = _project(user, slug)
    if request.POST.get("action") == "unfollow":
        services.unfollow(project=project, by=user)
        messages.success(request, _("You no longer follow this project."))
    elif not user.has_perm("projects.follow_project", project):
        messages.error(request, _closed_message(project))
    else:
        services.follow(project=project, by=user)
        # Also for htmx: the page's live region (#messages) announces it.
        messages.success(request, _("You follow this project: we will tell you what happens."))
    if not request.htmx:
        return redirect(_subject_url(project, "follow"))
    _reload_counters(project)
    return render(
        request,
        "projects/follow_response.html",
        {"project": project, "following": selectors.is_following(user, project)},
    )


# --- Comments and reports --------------------------------------------------------------------


def _comments_response(
    request: HttpRequest, subject: Project | Solution, anchor: str = "comments", **extra
) -> HttpResponse:
    if not request.htmx:
        return redirect(_subject_url(subject, anchor))
    _reload_counters(subject)
    return render(
        request, "projects/comments_response.html", _comments_context(request, subject, **extra)
    )


@login_required
@require_POST
def comment_create(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """A new comment, or a reply when `parent` is given, on a project or a solution."""
    user = request.user
    subject = _solution(user, slug, pk) if pk else _project(user, slug)
    project = subject_project(subject)
    if not user.has_perm("projects.comment_project", project):
        messages.error(request, _closed_message(project))
        return _comments_response(request, subject)
    form = CommentForm(request.POST)
    # A refused new comment (not a reply) comes back in its form, so nothing typed is lost.
    keep = {} if request.POST.get("parent") else {"comment_form": form}
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _comments_response(request, subject, **keep)
    parent = None
    if form.cleaned_data["parent"]:
        parent = get_object_or_404(Comment, pk=form.cleaned_data["parent"])
    try:
        comment = services.comment_create(
            subject=subject, by=user, body=form.cleaned_data["body"], parent=parent
        )
    except ValidationError as error:
        _flash_errors(request, error)
        return _comments_response(request, subject, **keep)
    # Also for htmx: the live region (#messages) announces it, the focus stays on the button.
    messages.success(request, _("Your comment is published."))
    return _comments_response(request, subject, anchor=f"comment-{comment.pk}")


@login_required
@require_POST
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(request.user, pk)
    if not request.user.has_perm("projects.edit_comment", comment):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_edit(comment=comment, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            if not request.htmx:
                messages.success(request, _("Your comment has been changed."))
    else:
        for error in form.errors.get("body", []):
            messages.error(request, error)
    return _comments_response(request, comment.subject, anchor=f"comment-{comment.pk}")


@login_required
@require_POST
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(request.user, pk)
    if not request.user.has_perm("projects.delete_own_comment", comment):
        raise PermissionDenied
    services.comment_delete(comment=comment, by=request.user)
    if not request.htmx:
        messages.success(request, _("Your comment has been deleted."))
    return _comments_response(request, comment.subject, anchor=f"comment-{comment.pk}")


def _report(request: HttpRequest, target: Comment | Solution) -> bool:
    form = ReportForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("reason", []):
            messages.error(request, error)
        return False
    try:
        services.report_create(subject=target, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        _flash_errors(request, error)
        return False
    messages.success(request, _("Thank you. A moderator will look at it."))
    return True


@login_required
@require_POST
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(request.user, pk)
    _report(request, comment)
    return _comments_response(request, comment.subject, anchor=f"comment-{comment.pk}")


@login_required
@require_POST
def solution_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    solution = _solution(request.user, slug, pk)
    reported = _report(request, solution)
    if request.htmx:
        return render(
            request, "projects/report_response.html", {"solution": solution, "reported": reported}
        )
    return redirect(solution)


# --- Markdown preview ------------------------------------------------------------------------


@login_required
@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The description as it will be shown: rendered and sanitised, for the htmx preview."""
    form = PreviewForm(request.POST)
    if not form.is_valid():
        return render(request, "projects/preview.html", {"error": form.errors["description"][0]})
    text = form.cleaned_data["description"]
    return render(request, "projects/preview.html", {"html": render_markdown(text) if text else ""})
