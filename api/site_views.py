"""The site's pages for partner access: an organisation's owners issue and revoke API keys."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations.models import Organisation

from . import services
from .forms import ApiKeyForm
from .models import ApiKey


def _organisation_for_keys(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("api.manage_api_keys", organisation):
        raise PermissionDenied
    return organisation


@login_required
def api_key_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's keys, and a form for a new one; its key is shown once, here."""
    organisation = _organisation_for_keys(request, slug)
    form = ApiKeyForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.api_key_create(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = ApiKeyForm()
    keys = organisation.api_keys.select_related("created_by", "revoked_by")
    return render(
        request,
        "api/api_keys.html",
        {"organisation": organisation, "form": form, "keys": keys, "issued": issued},
        status=201 if issued else 200,
    )


@login_required
@require_POST
def api_key_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation_for_keys(request, slug)
    api_key = get_object_or_404(ApiKey, organisation=organisation, pk=pk)
    services.api_key_revoke(api_key=api_key, by=request.user)
    messages.success(
        request, _("The key “%(name)s” is revoked. It no longer works.") % {"name": api_key.name}
    )
    return redirect("api_keys:list", slug=organisation.slug)
