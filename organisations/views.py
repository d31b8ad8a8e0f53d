from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import require

from . import selectors, services
from .filters import OrganisationFilter
from .forms import InvitationForm, MembershipRequestForm, OrganisationForm, RoleForm
from .models import Invitation, Membership, MembershipRequest, Organisation, Role
from .permissions import grantable_roles, role_in

PAGE_SIZE = 24


def _flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def organisation_list(request: HttpRequest) -> HttpResponse:
    """The public directory, filtered by sector, district, verification and words."""
    filterset = OrganisationFilter(request.GET, queryset=Organisation.objects.with_listing_data())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organisations/organisation_list.html",
        {"filter": filterset, "page_obj": page, "query": query.urlencode()},
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.with_listing_data(), slug=slug)
    user = request.user
    role = role_in(user, organisation)
    context = {
        "organisation": organisation,
        "role": role,
        "role_label": Role(role).label if role else "",
        "is_last_owner": role == Role.OWNER
        and not organisation.memberships.filter(role=Role.OWNER).exclude(user=user).exists(),
        "request_form": MembershipRequestForm(),
        "pending_request": (
            user.is_authenticated
            and organisation.membership_requests.filter(
                user=user, status=MembershipRequest.Status.PENDING
            ).exists()
        ),
    }
    if user.has_perm("organisations.view_members", organisation):
        context["members"] = selectors.members_of(organisation)
    return render(request, "organisations/organisation_detail.html", context)


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_register(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "%(name)s is registered. Government staff will verify it before it can "
                    "publish projects."
                )
                % {"name": organisation.name},
            )
            return redirect(organisation)
    return render(request, "organisations/organisation_form.html", {"form": form})


@login_required
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    require(request.user, "organisations.edit_organisation", organisation)
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organisation's profile has been saved."))
            return redirect(organisation)
    return render(
        request,
        "organisations/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@login_required
def organisation_members(request: HttpRequest, slug: str) -> HttpResponse:
    """Members, and for owners and managers: invitations, requests and roles."""
    organisation = get_object_or_404(Organisation, slug=slug)
    user = request.user
    require(user, "organisations.view_members", organisation)
    can_manage = user.has_perm("organisations.manage_members", organisation)
    invite_form = InvitationForm(
        request.POST or None, grantable=grantable_roles(user, organisation)
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if invite_form.is_valid():
            try:
                invitation = services.invitation_create(
                    organisation=organisation, by=user, **invite_form.cleaned_data
                )
            except ValidationError as error:
                invite_form.add_error(None, error)
            else:
                messages.success(
                    request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
                )
                return redirect("organisations:members", slug=organisation.slug)
    context = {
        "organisation": organisation,
        "members": selectors.members_of(organisation),
        "role": role_in(user, organisation),
        "can_manage": can_manage,
        "can_change_roles": user.has_perm("organisations.change_roles", organisation),
        "role_choices": Role.choices,
    }
    if can_manage:
        context |= {
            "invite_form": invite_form,
            "requests": selectors.pending_requests_for(organisation),
            "invitations": selectors.pending_invitations_for(organisation),
        }
    return render(request, "organisations/members.html", context)


@login_required
@require_POST
def membership_request_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    require(request.user, "organisations.request_membership", organisation)
    form = MembershipRequestForm(request.POST)
    if form.is_valid():
        try:
            services.membership_request_create(
                organisation=organisation, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            messages.success(
                request, _("Your request has been sent to the organisation's managers.")
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(organisation)


@login_required
@require_POST
def membership_request_decide(
    request: HttpRequest, slug: str, pk: int, decision: str
) -> HttpResponse:
    membership_request = get_object_or_404(
        MembershipRequest.objects.select_related("organisation", "user"),
        pk=pk,
        organisation__slug=slug,
    )
    require(request.user, "organisations.manage_members", membership_request.organisation)
    try:
        if decision == "approve":
            services.membership_request_approve(
                membership_request=membership_request, by=request.user
            )
            messages.success(
                request, _("%(name)s is now a member.") % {"name": membership_request.user}
            )
        else:
            services.membership_request_decline(
                membership_request=membership_request, by=request.user
            )
            messages.success(request, _("The request has been declined."))
    except ValidationError as error:
        _flash_errors(request, error)
    return redirect("organisations:members", slug=slug)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    require(request.user, "organisations.manage_members", organisation)
    invitation = get_object_or_404(organisation.invitations, pk=pk)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("The invitation has been revoked."))
    return redirect("organisations:members", slug=slug)


@login_required
@require_POST
def membership_change_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("organisation", "user"), pk=pk, organisation__slug=slug
    )
    require(request.user, "organisations.change_roles", membership.organisation)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            membership = services.membership_change_role(
                membership=membership, role=form.cleaned_data["role"], by=request.user
            )
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s.")
                % {"name": membership.user, "role": membership.get_role_display()},
            )
    else:
        messages.error(request, _("Please choose one of the listed roles."))
    return redirect("organisations:members", slug=slug)


@login_required
@require_POST
def membership_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("organisation", "user"), pk=pk, organisation__slug=slug
    )
    require(request.user, "organisations.manage_members", membership.organisation)
    try:
        services.membership_remove(membership=membership, by=request.user)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("%(name)s is no longer a member.") % {"name": membership.user})
    return redirect("organisations:members", slug=slug)


@login_required
@require_POST
def membership_leave(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("organisation"),
        organisation__slug=slug,
        user=request.user,
    )
    try:
        services.membership_leave(membership=membership)
    except ValidationError as error:
        _flash_errors(request, error)
        return redirect(membership.organisation)
    messages.success(request, _("You have left %(name)s.") % {"name": membership.organisation.name})
    return redirect("accounts:dashboard")


def _answer_invitation(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    if invitation is None or not services.invitation_is_for(invitation, request.user):
        raise Http404
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "accept":
                services.invitation_accept(invitation=invitation, user=request.user)
                messages.success(
                    request,
                    _("Welcome to %(name)s!") % {"name": invitation.organisation.name},
                )
                return redirect(invitation.organisation)
            services.invitation_decline(invitation=invitation, user=request.user)
            messages.info(request, _("You have declined the invitation."))
        except ValidationError as error:
            _flash_errors(request, error)
        return redirect("accounts:dashboard")
    return render(request, "organisations/invitation.html", {"invitation": invitation})


@login_required
def invitation_by_token(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation email. Shown to its addressee only, to others a 404."""
    return _answer_invitation(request, services.invitation_for_token(token))


@login_required
def invitation_by_id(request: HttpRequest, pk: int) -> HttpResponse:
    """The same invitation, reached from “My Helix” (the addressee check is what protects it)."""
    invitation = Invitation.objects.select_related("organisation", "invited_by").filter(pk=pk)
    return _answer_invitation(request, invitation.first())
