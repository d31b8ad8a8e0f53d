"""Matchmaking's pages: the offers directory, the full lists of matches on both sides, and the
forms of an organisation's capabilities and a project's needs (each change through a service)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pagination import uncounted_page
from organisations.models import Organisation
from projects.models import Project

from . import selectors, services
from .forms import (
    AnswerForm,
    CapabilityProfileForm,
    InterestForm,
    InvitationForm,
    OfferFilterForm,
    ProjectNeedForm,
    ResourceForm,
    SectorFilterForm,
)
from .models import Approach, CapabilityProfile, ProjectNeed, Resource
from .reasons import with_reason_texts

PAGE_SIZE = 20


def offer_directory(request: HttpRequest) -> HttpResponse:
    """Every open offer of a verified organisation: searchable, by kind, sector and district."""
    form = OfferFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    resources = selectors.filter_resources(
        Resource.objects.public().select_related("organisation"),
        direction=Resource.Direction.OFFER,
        **filters,
    ).order_by("-created", "-id")
    page = Paginator(resources, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "matchmaking/offer_directory.html", {"form": form, "page": page})


def organisations_for_project(request: HttpRequest, slug: str) -> HttpResponse:
    """The full list of organisations that could help an open project, by sector."""
    project = get_object_or_404(
        Project.objects.visible_to(request.user).select_related("organisation"), slug=slug
    )
    form = SectorFilterForm(request.GET or None)
    sector = form.cleaned_data["sector"] if form.is_valid() else ""
    matches = selectors.matches_for_project(project, sector=sector).only(
        *selectors.ORGANISATION_CARD_FIELDS
    )
    can_invite = project.status == Project.Status.OPEN and request.user.has_perm(
        "matchmaking.invite", project
    )
    page = uncounted_page(matches, request.GET.get("page"), per_page=PAGE_SIZE)
    with_reason_texts(page.object_list)
    return render(
        request,
        "matchmaking/organisations_for_project.html",
        {
            "project": project,
            "form": form,
            "filters": urlencode({"sector": sector}) if sector else "",
            "page": page,
            "is_open": project.status == Project.Status.OPEN,
            "refreshed": selectors.freshest(page.object_list),
            "can_invite": can_invite,
            "states": selectors.approach_states(project_ids=[project.pk]) if can_invite else {},
        },
    )


def projects_for_organisation(request: HttpRequest, slug: str) -> HttpResponse:
    """The full list of open projects for an organisation (public, as its page is)."""
    organisation = get_object_or_404(Organisation, slug=slug)
    matches = selectors.matches_for_organisation(organisation).only(*selectors.PROJECT_CARD_FIELDS)
    page = uncounted_page(matches, request.GET.get("page"), per_page=PAGE_SIZE)
    with_reason_texts(page.object_list)
    can_express = request.user.has_perm("matchmaking.express_interest", organisation)
    return render(
        request,
        "matchmaking/projects_for_organisation.html",
        {
            "organisation": organisation,
            "can_express": can_express,
            # The page's pairs only, in one query: an organisation has hundreds of matches.
            "states": (
                selectors.approach_states(
                    project_ids=[match.project_id for match in page.object_list],
                    organisation_ids=[organisation.pk],
                )
                if can_express
                else {}
            ),
            "pledges": (
                list(
                    organisation.resources.filter(
                        direction=Resource.Direction.OFFER, is_open=True
                    ).order_by("title", "id")
                )
                if can_express
                else []
            ),
            "page": page,
            "refreshed": selectors.freshest(page.object_list),
        },
    )


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("matchmaking.edit_capabilities", organisation):
        raise PermissionDenied
    return organisation


@login_required
def capabilities_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The sectors an organisation wants to work with, its offers and what it seeks."""
    organisation = _organisation(request, slug)
    profile = CapabilityProfile.objects.filter(organisation=organisation).first()
    sectors_form = CapabilityProfileForm(
        request.POST if "sectors_form" in request.POST else None,
        initial={"sectors": profile.sectors_sought if profile else []},
    )
    resource_form = ResourceForm(request.POST if "resource_form" in request.POST else None)
    if sectors_form.is_bound and sectors_form.is_valid():
        services.capability_profile_update(
            organisation=organisation, by=request.user, **sectors_form.cleaned_data
        )
        messages.success(request, _("The sectors you want to work with are saved."))
        return redirect("matchmaking:capabilities", slug=organisation.slug)
    if resource_form.is_bound and resource_form.is_valid():
        try:
            services.resource_create(
                organisation=organisation, by=request.user, **resource_form.cleaned_data
            )
        except ValidationError as error:
            resource_form.add_error(None, error)
        else:
            messages.success(request, _("The resource is added."))
            return redirect("matchmaking:capabilities", slug=organisation.slug)
    return render(
        request,
        "matchmaking/capabilities_form.html",
        {
            "organisation": organisation,
            "sectors_form": sectors_form,
            "resource_form": resource_form,
            "resources": organisation.resources.order_by("direction", "-created", "-id"),
        },
    )


def _resource(request: HttpRequest, pk: int) -> Resource:
    resource = get_object_or_404(Resource.objects.select_related("organisation"), pk=pk)
    if not request.user.has_perm("matchmaking.edit_resource", resource):
        raise PermissionDenied
    return resource


@login_required
def resource_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _resource(request, pk)
    form = ResourceForm(request.POST or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_update(resource=resource, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The resource is saved."))
            return redirect("matchmaking:capabilities", slug=resource.organisation.slug)
    return render(request, "matchmaking/resource_form.html", {"form": form, "resource": resource})


@login_required
@require_POST
def resource_remove(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _resource(request, pk)
    services.resource_delete(resource=resource, by=request.user)
    messages.success(request, _("The resource is removed."))
    return redirect("matchmaking:capabilities", slug=resource.organisation.slug)


@login_required
def needs_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """A project's needs: what it lacks, and the form to add one."""
    project = get_object_or_404(
        Project.objects.visible_to(request.user).select_related("organisation"), slug=slug
    )
    if not request.user.has_perm("matchmaking.edit_needs", project):
        raise PermissionDenied
    form = ProjectNeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_create(project=project, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The need is added."))
            return redirect("matchmaking:needs", slug=project.slug)
    return render(
        request,
        "matchmaking/needs_form.html",
        {"project": project, "form": form, "needs": project.needs.all()},
    )


def _need(request: HttpRequest, pk: int) -> ProjectNeed:
    need = get_object_or_404(
        ProjectNeed.objects.select_related("project", "project__organisation"), pk=pk
    )
    if not request.user.has_perm("matchmaking.edit_need", need):
        raise PermissionDenied
    return need


@login_required
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need(request, pk)
    form = ProjectNeedForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_update(need=need, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The need is saved."))
            return redirect("matchmaking:needs", slug=need.project.slug)
    return render(request, "matchmaking/need_form.html", {"form": form, "need": need})


@login_required
@require_POST
def need_remove(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need(request, pk)
    services.need_delete(need=need, by=request.user)
    messages.success(request, _("The need is removed."))
    return redirect("matchmaking:needs", slug=need.project.slug)


# --- Acting on a match ------------------------------------------------------------------------


def _open_project(request: HttpRequest, slug: str) -> Project:
    return get_object_or_404(
        Project.objects.visible_to(request.user).select_related("organisation"), slug=slug
    )


def _approached(request: HttpRequest) -> Organisation:
    slug = request.POST.get("organisation") or request.GET.get("organisation") or ""
    return get_object_or_404(Organisation, slug=slug)


@login_required
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    """The project's team invites an organisation that could help to propose a solution."""
    project = _open_project(request, slug)
    if not request.user.has_perm("matchmaking.invite", project):
        raise PermissionDenied
    organisation = _approached(request)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            approach = services.invitation_send(
                project=project, organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(organisation)s is invited to propose.") % {"organisation": organisation},
            )
            return redirect(approach)
    return render(
        request,
        "matchmaking/approach_form.html",
        {"project": project, "organisation": organisation, "form": form, "kind": "invitation"},
    )


@login_required
def express_interest(request: HttpRequest, slug: str) -> HttpResponse:
    """A member of an organisation tells an open project it is interested (and may pledge)."""
    project = _open_project(request, slug)
    organisation = _approached(request)
    if not request.user.has_perm("matchmaking.express_interest", organisation):
        raise PermissionDenied
    form = InterestForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            approach = services.interest_express(
                organisation=organisation, project=project, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your interest is sent to the project's team."))
            return redirect(approach)
    return render(
        request,
        "matchmaking/approach_form.html",
        {"project": project, "organisation": organisation, "form": form, "kind": "interest"},
    )


def _approach(request: HttpRequest, pk: int) -> Approach:
    approach = get_object_or_404(Approach.objects.for_listing(), pk=pk)
    if not request.user.has_perm("matchmaking.see_approach", approach):
        raise Http404
    return approach


def _propose_url(approach: Approach, role: str) -> str:
    """The project's propose form with the organisation preselected as lead or as a partner."""
    query = urlencode({role: approach.organisation.pk})
    return f"{reverse('projects:propose', args=[approach.project.slug])}?{query}"


@login_required
def approach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One invitation or interest: its message, the answer, and (once accepted) both sides'
    contact persons and the way to the propose form."""
    approach = _approach(request, pk)
    user = request.user
    can_propose = (
        approach.status == Approach.Status.ACCEPTED
        and user.has_perm("organisations.view_members", approach.organisation)
        and user.has_perm("projects.propose_solution", approach.project)
    )
    see_contacts = user.has_perm("matchmaking.see_contacts", approach)
    return render(
        request,
        "matchmaking/approach_detail.html",
        {
            "approach": approach,
            "form": AnswerForm(),
            "can_answer": user.has_perm("matchmaking.answer_approach", approach),
            "can_withdraw": user.has_perm("matchmaking.withdraw_approach", approach),
            "contacts": selectors.approach_contacts(approach) if see_contacts else None,
            "propose_url": _propose_url(approach, "lead") if can_propose else "",
            "propose_as_partner_url": _propose_url(approach, "partner") if can_propose else "",
        },
    )


@login_required
@require_POST
def approach_answer(request: HttpRequest, pk: int) -> HttpResponse:
    approach = _approach(request, pk)
    form = AnswerForm(request.POST)
    answer = request.POST.get("answer")
    accept = answer == "accept"
    if answer not in ("accept", "decline"):
        messages.error(request, _("Choose to accept or to decline."))
    elif form.is_valid():
        try:
            services.approach_answer(
                approach=approach, accept=accept, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("Accepted.") if accept else _("Declined."))
    else:
        for text in form.errors.get("message", []):
            messages.error(request, text)
    return redirect(approach)


@login_required
@require_POST
def approach_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    approach = _approach(request, pk)
    try:
        services.approach_withdraw(approach=approach, by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.info(request, _("Withdrawn."))
    return redirect(approach)


@login_required
def approach_inbox(request: HttpRequest) -> HttpResponse:
    """Every invitation and interest of the person's organisations, those waiting first."""
    return render(request, "matchmaking/inbox.html", selectors.inbox(request.user))
