"""The delivery team's page of a project in progress: milestones, updates and, once completed,
results. The public reads them on the project page (`followthrough_tags`)."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.forms import apply_service
from projects.models import Project

from . import followthrough
from .followthrough_forms import (
    MilestoneForm,
    MilestoneProgressForm,
    ResultsForm,
    UpdateEditForm,
    UpdateForm,
)
from .models import Milestone, ProjectResults, ProjectUpdate


def _posted_update(request: HttpRequest, project: Project) -> ProjectUpdate:
    pk = request.POST.get("update", "")
    if not pk.isdigit():
        raise Http404
    update = get_object_or_404(ProjectUpdate, project=project, pk=pk)
    update.project = project  # the rule's per-request memory is the page's project's
    return update


def _edit_update(request: HttpRequest, project: Project) -> UpdateEditForm | None:
    """Correct a posted update: None once saved, else the form with its errors (text kept)."""
    update = _posted_update(request, project)
    # The form works on its own copy: a refused edit leaves the listed update as it is.
    form = UpdateEditForm(request.POST, instance=copy.copy(update), prefix=f"u{update.pk}")
    done = apply_service(
        form,
        lambda d: followthrough.update_edit(
            update=update,
            by=request.user,
            title=d["title"],
            body=d["body"],
            image_alt=d.get("image_alt"),
        ),
    )
    return None if done else form


@login_required
def followthrough_manage(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(
        Project.objects.visible_to(request.user).select_related("organisation"), slug=slug
    )
    user = request.user
    may_keep = user.has_perm("evaluation.keep_milestones", project)
    may_post = user.has_perm("evaluation.post_update", project)
    may_record = user.has_perm("evaluation.record_results", project)
    if not (may_keep or may_post or may_record):
        raise PermissionDenied
    results = ProjectResults.objects.filter(project=project).first()
    solutions = followthrough.results_solution_choices(project)
    data = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if data else None
    forms = {
        "milestone": MilestoneForm(data if action == "milestone" else None, prefix="milestone"),
        "update": UpdateForm(
            data if action == "update" else None,
            request.FILES if action == "update" else None,
            prefix="update",
        ),
        "results": ResultsForm(
            data if action == "results" else None,
            instance=results,
            solutions=solutions,
            prefix="results",
        ),
    }
    done, refused_edit = False, None
    if action == "milestone" and may_keep:
        done = apply_service(
            forms["milestone"],
            lambda d: followthrough.milestone_create(project=project, by=user, **d),
        )
        message = _("Milestone added.")
    elif action == "progress" and may_keep:
        milestone = get_object_or_404(Milestone, project=project, pk=request.POST.get("milestone"))
        form = MilestoneProgressForm(
            data, instance=Milestone.objects.get(pk=milestone.pk), prefix=f"m{milestone.pk}"
        )
        done = apply_service(
            form,
            lambda d: followthrough.milestone_update(milestone=milestone, by=user, **d),
        )
        message = _("Milestone saved.")
        if not done:
            messages.error(request, _("Progress is a percentage, from 0 to 100."))
            return redirect("evaluation:followthrough", slug=project.slug)
    elif action == "update" and may_post:
        done = apply_service(
            forms["update"],
            lambda d: followthrough.update_post(
                project=project,
                by=user,
                title=d["title"],
                body=d["body"],
                image=d.get("image") or None,
                image_alt=d.get("image_alt", ""),
            ),
        )
        message = _("Update posted. Followers are told.")
    elif action == "update_edit" and may_post:
        refused_edit = _edit_update(request, project)
        done, message = refused_edit is None, _("Update saved.")
    elif action == "update_delete" and may_post:
        followthrough.update_delete(update=_posted_update(request, project), by=user)
        done, message = True, _("Update removed.")
    elif action == "results" and may_record:
        done = apply_service(
            forms["results"],
            lambda d: followthrough.results_record(project=project, by=user, **d),
        )
        message = _("Results saved.")
    elif action:
        raise Http404
    if done:
        messages.success(request, message)
        return redirect("evaluation:followthrough", slug=project.slug)
    milestones = list(Milestone.objects.filter(project=project))
    updates = list(ProjectUpdate.objects.filter(project=project)) if may_post else []
    return render(
        request,
        "evaluation/followthrough.html",
        {
            "project": project,
            "forms": forms,
            "milestones": [
                (m, MilestoneProgressForm(instance=m, prefix=f"m{m.pk}")) for m in milestones
            ],
            "updates": [
                (
                    u,
                    refused_edit
                    if refused_edit and refused_edit.instance.pk == u.pk
                    else UpdateEditForm(instance=u, prefix=f"u{u.pk}"),
                )
                for u in updates
            ],
            "may_keep": may_keep,
            "may_post": may_post,
            "may_record": may_record,
        },
        status=400 if action and not done else 200,
    )
