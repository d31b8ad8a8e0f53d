"""My Helix, Your data: ask for a copy, download it (its owner only, until it expires), and
delete the account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import services
from .forms import AccountDeleteForm
from .models import DataExport


@login_required
@require_POST
def data_export_request(request: HttpRequest) -> HttpResponse:
    services.data_export_request(user=request.user)
    messages.success(
        request,
        _("We are preparing a copy of your data. We will email you a link to it in a few minutes."),
    )
    return redirect("accounts:dashboard")


@login_required
@require_safe
def data_export_download(request: HttpRequest, pk) -> HttpResponse:
    """Only for its person: anyone else, even signed in, gets a 404, as for an unknown link."""
    export = DataExport.objects.filter(pk=pk, user=request.user).first()
    if export is None or export.status != DataExport.Status.READY:
        raise Http404
    if export.is_expired:
        return render(request, "privacy/expired.html", status=410)
    response = HttpResponse(export.content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="helix-my-data-{export.created:%Y-%m-%d}.json"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    blocking = services.organisations_blocking_deletion(request.user)
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                for message in error.messages:
                    form.add_error(None, message)
        else:
            logout(request)
            messages.success(
                request, _("Your account has been deleted. Thank you for taking part.")
            )
            return redirect("home")
    return render(request, "privacy/account_delete.html", {"form": form, "blocking": blocking})
